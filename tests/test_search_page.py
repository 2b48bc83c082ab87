"""The results page: facets and chips, date range messages, suggestion, counts, help page."""

import re
from html import unescape
from urllib.parse import unquote_plus

import pytest
from django.template import RequestContext, Template
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from articles import search
from articles.indexing import queue
from articles.models import Article, Paragraph, Source
from articles.views.links import facet_links
from articles.views.syntax_examples import SYNTAX_EXAMPLES

from .test_search_features import at

SEARCH = reverse("articles:search")


@pytest.fixture
def floods(make_article):
    return [
        make_article(
            title="Flood in March", source="Wire", section="Weather", published=at(2004, 3)
        ),
        make_article(
            title="Flood insurance", source="Paper", section="Business", published=at(2004, 3)
        ),
        make_article(title="Flood again", source="Paper", section="Weather", published=at(2005, 7)),
    ]


def test_facets_show_counts_that_link_to_narrower_results(client, floods):
    response = client.get(SEARCH, {"q": "flood"})

    assertContains(
        response, '<a href="?q=flood&amp;source=paper">Paper</a> <span class="facet-count">2</span>'
    )
    assertContains(
        response,
        '<a href="?q=flood&amp;section=weather">Weather</a> <span class="facet-count">2</span>',
    )
    assertContains(
        response, '<a href="?q=flood&amp;year=2004">2004</a> <span class="facet-count">2</span>'
    )


@pytest.mark.parametrize(
    "query_string",
    ["q=flood", "q=flood&sort=newest&page=3", "q=a+b&year=2004&month=3&to=&section=x&page=2"],
)
def test_facet_links_are_those_django_querystring_would_make(rf, query_string):
    request = rf.get(f"{SEARCH}?{query_string}")
    facets = {
        name: [search.FacetValue(key, key, 1) for key in keys]
        for name, keys in {
            "source": ["paper", "bbc-news"],
            "section": ["weather", "crude oil & gas"],
            "year": ["2004"],
            "month": ["7"],
        }.items()
    }
    tags = {
        "source": "{% querystring source=key page=None %}",
        "section": "{% querystring section=key page=None %}",
        "year": "{% querystring year=key month=None page=None %}",
        "month": "{% querystring month=key page=None %}",
    }

    links = facet_links(request.GET, facets)

    for name, pairs in links.items():
        for value, link in pairs:
            tag = Template(tags[name]).render(RequestContext(request, {"key": value.key}))
            assert link == unescape(tag), (name, value.key)


def test_a_chosen_facet_narrows_results_and_shows_a_removable_chip(client, floods):
    response = client.get(SEARCH, {"q": "flood", "source": "paper", "section": "weather"})

    assertContains(response, "1 article matches <q>flood</q>")
    assertContains(response, escape("Flood again"))
    assertNotContains(response, "Flood insurance")
    assertContains(
        response, '<a href="?q=flood&amp;section=weather" aria-label="Remove filter source: Paper">'
    )
    assertContains(
        response, '<a href="?q=flood&amp;source=paper" aria-label="Remove filter section: Weather">'
    )


def test_a_year_shows_its_months_and_removing_the_year_removes_the_month(client, floods):
    response = client.get(SEARCH, {"q": "flood", "year": "2004", "month": "3"})

    assertContains(response, "2 articles match <q>flood</q>")
    assertContains(response, '<a href="?q=flood&amp;year=2004&amp;month=3">March</a>')
    assertContains(response, '<a href="?q=flood" aria-label="Remove filter year: 2004">')
    assertContains(
        response, '<a href="?q=flood&amp;year=2004" aria-label="Remove filter month: March">'
    )


def test_a_date_range_filters_and_shows_as_chips(client, floods):
    response = client.get(SEARCH, {"q": "flood", "from": "2005-01-01", "to": ""})

    assertContains(response, "1 article matches <q>flood</q>")
    assertContains(response, "Remove filter from 2005-01-01")


def test_an_impossible_date_range_gets_a_clear_400(client, floods):
    response = client.get(SEARCH, {"q": "flood", "from": "2005-02-01", "to": "2004-01-31"})

    assertContains(
        response,
        "The date range is impossible: it starts on 1 February 2005, after it ends on "
        "31 January 2004.",
        status_code=400,
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2024-13-45"}, "From: Enter a valid date."),
        ({"to": "yesterday"}, "To: Enter a valid date."),
        ({"year": "abc"}, "Year: Enter a year from 1 to 9999, or undated"),
        ({"year": "10**9"}, "Year: Enter a year from 1 to 9999, or undated"),
        ({"year": "2004", "month": "13"}, "Month: Ensure this value is less than or equal to 12."),
        ({"month": "3"}, "Month: Choose a year before a month."),
        ({"source": "<script>"}, "Source: No source is called “<script>”."),
    ],
)
def test_unreadable_filters_get_a_clear_400(client, floods, params, message):
    response = client.get(SEARCH, {"q": "flood", **params})

    assertContains(response, escape(message), status_code=400)
    assertNotContains(response, "<script>", status_code=400)


def test_did_you_mean_appears_for_a_typo_and_leads_to_results(client, seed_article):
    response = client.get(SEARCH, {"q": "Zelenksy peace"})

    assertContains(
        response, 'Did you mean <a href="?q=Zelensky+peace" rel="nofollow">Zelensky peace</a>?'
    )
    followed = client.get(SEARCH, {"q": "Zelensky peace"})
    assertContains(followed, "1 article matches <q>Zelensky peace</q>")
    assertNotContains(followed, "Did you mean")


def test_the_count_shows_the_range_the_total_and_the_time_taken(client, db):
    source = Source.named("Bulk")
    articles = Article.objects.bulk_create(
        Article(title=f"Harvest {n}", slug=f"harvest-{n}", external_key=f"k{n}", source=source)
        for n in range(1234)
    )
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=1, text="Wheat harvest.") for article in articles
    )
    queue.enqueue([article.pk for article in articles], drain=False)
    search.apply_pending()

    response = client.get(SEARCH, {"q": "harvest", "page": "2"})

    assertContains(response, "1,234 articles match <q>harvest</q>")
    assertContains(response, "Showing 21–40 of 1,234")
    assert re.search(r'<span class="took">\(\d+\.\d{3} seconds\)</span>', response.content.decode())


def test_a_natural_language_question_gets_results_and_says_why(client, seed_article):
    response = client.get(SEARCH, {"q": "Why did Zelensky write to Trump?"})

    assertContains(response, "No article has all your words; 1 has some.")
    assertContains(response, "Partial match")


def test_the_help_page_explains_every_example(client, db):
    response = client.get(reverse("articles:search_help"))

    for example, _ in SYNTAX_EXAMPLES:
        assertContains(response, f"<code>{escape(example)}</code>")


@pytest.mark.parametrize(("example", "meaning"), SYNTAX_EXAMPLES)
def test_every_help_example_finds_the_seed_article(client, seed_article, example, meaning):
    response = client.get(SEARCH, {"q": example})

    assert response.context["results"].listed == 1  # a question may match it in part
    assertContains(response, seed_article.get_absolute_url())


MORE_HOSTILE_INPUTS = [
    {"q": "x" * 7_000},  # the longest address is 8,000 characters
    {"q": "Zelensky " * 800},
    {"q": "Zelensky", "page": str(10**9)},
    {"q": "Zelensky", "page": "-1e309"},
    {"q": "Zelensky", "sort": "?"},
    {"q": "Zelensky", "year": "\u0663\u0660\u0660\u0664"},  # Arabic-Indic digits
    {"q": "Zelensky", "section": "\x00" * 50},
    {"q": "Zelensky", "source": "-"},
    {"q": "\u05e9\u05dc\u05d5\u05dd \U0001f984 Zelensky", "from": "2004-01-01"},
]


@pytest.mark.parametrize("params", MORE_HOSTILE_INPUTS, ids=lambda p: repr(p)[:40])
def test_hostile_inputs_answer_a_page_or_a_clear_400(client, seed_article, params):
    response = client.get(SEARCH, params)

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assertContains(response, "This search cannot be run as asked", status_code=400)


def test_a_long_query_is_shortened_once_not_repeated_in_full_in_every_link(client, floods):
    typed = " ".join(["flood"] + [f"word{n}" for n in range(800)])  # About 6 KB.

    response = client.get("/search/", {"q": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Your search was shortened to its first {search.MAX_QUERY_CHARS} characters." in page
    linked = [
        re.search(r"[?&]q=([^&\"]*)", unescape(href))
        for href in re.findall(r'href="([^"]*)"', page)
    ]
    queries = [match.group(1) for match in linked if match]
    assert len(queries) >= 4  # Feeds, exports, the API, facets...
    assert all(len(unquote_plus(q)) <= search.MAX_QUERY_CHARS for q in queries)
    assert len(page) < 40_000
