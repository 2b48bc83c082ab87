"""What every page shows a reader (issue 18): the results page's heading, compact hits,
facets and chips, one number format, Reuters topics by name, the help link by every search
box, the site icon, and the home and browse pages' sections."""

import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles import sections
from articles.models import Article

SEARCH = reverse("articles:search")


def when(month, day=3):
    return datetime(1987, month, day, 12, tzinfo=UTC)


@pytest.fixture
def oil_prices(make_article):
    """Oil price stories in ten Reuters topics, more of them in `crude`, one BBC story."""
    topics = ["crude"] * 4 + ["nat-gas", "wpi", "bop", "l-cattle", "ship", "trade", "gas", "acq"]
    stories = [
        make_article(
            f"Oil prices story {n}",
            paragraphs=[
                "A first paragraph about oil prices.",
                "Nothing here.",
                "Oil prices again, later on.",
            ],
            source="Reuters",
            section=topic,
            published=when(3 + n % 4),
        )
        for n, topic in enumerate(topics)
    ]
    stories.append(
        make_article(
            "Oil prices and the economy",
            paragraphs=["Oil prices rose."],
            source="BBC News",
            section="business",
        )
    )
    return stories


def test_the_heading_says_what_was_searched_and_how_many_matched(client, oil_prices):
    response = client.get(SEARCH, {"q": "oil prices"})

    assertContains(response, "<h1>13 articles match <q>oil prices</q></h1>", html=True)
    assertContains(response, "(0.")  # how long it took
    assertContains(client.get(SEARCH, {"q": "oil prices", "sort": "oldest"}), "Oldest first.")


def test_the_heading_of_an_empty_search_is_search(client, db):
    assertContains(client.get(SEARCH), "<h1>Search</h1>", html=True)


def test_a_hit_shows_one_line_of_facts_its_best_passage_and_more_behind_a_toggle(
    client, oil_prices
):
    page = client.get(SEARCH, {"q": "oil prices", "source": "reuters"}).content.decode()
    start = page.index('<li class="result">')
    hit = page[start : page.index("</li>", start)]

    assert re.search(r'<p class="meta">Reuters · [^<]+ · <time datetime="1987-', hit)
    assert hit.count('<p class="snippet">') == 2  # the best, and one behind "More"
    best, more = hit.split('<details class="more">')
    assert best.count('<p class="snippet">') == 1 and "<mark" in best
    assert "More from this article" in more


def test_reuters_topics_are_named_in_facets_hits_and_chips(client, oil_prices):
    response = client.get(SEARCH, {"q": "oil prices", "section": "wpi"})

    assertContains(response, ">Wholesale Price Index</a>")  # the facet
    assertContains(response, "Reuters · Wholesale Price Index ·")  # the hit
    assertContains(response, 'aria-label="Remove filter section: Wholesale Price Index"')
    assertNotContains(response, ">wpi<")


def test_a_long_facet_shows_its_top_ten_then_the_rest_behind_more(client, oil_prices, make_article):
    for section in ("grain", "cocoa"):
        make_article("Oil prices and more", paragraphs=["Oil prices."], section=section)

    page = client.get(SEARCH, {"q": "oil prices"}).content.decode()
    section_facet = page[page.index('id="facet-section"') : page.index('id="facet-year"')]
    shown, more = section_facet.split('<details class="facet-more">')

    assert shown.count("<li>") == 10
    assert '>Crude Oil</a> <span class="facet-count">4</span>' in shown
    assert re.search(r"<summary>2 more\b", more)  # twelve sections in all
    assert more.count("<li>") == 2


def test_filters_in_use_are_chips_above_the_results_and_counted_on_the_filters_control(
    client, oil_prices
):
    page = client.get(
        SEARCH, {"q": "oil prices", "source": "reuters", "from": "1987-03-01"}
    ).content.decode()

    chips = page[page.index('<ul class="chips"') : page.index('<details class="filters"')]
    assert 'aria-label="Remove filter source: Reuters"' in chips
    assert 'aria-label="Remove filter from 1987-03-01"' in chips
    assert '<summary>Filters and sort <span class="filters-count">(2 in use)</span>' in page
    assert page.index('<details class="filters"') < page.index('<ol class="results"')


def test_the_sort_applies_on_change_by_a_script_and_keeps_its_button_without_it(client, oil_prices):
    page = client.get(SEARCH, {"q": "oil prices"}).content.decode()

    assert '<form class="sort" method="get" action="/search/" data-apply-on-change>' in page
    assert '<button type="submit">Sort</button>' in page
    assert re.search(r'<script src="/static/js/search\.js" defer></script>', page)


def test_counts_have_thousands_separators_everywhere(client, make_article, settings):
    from articles.models import Article, Source

    source = Source.named("Bulk")
    Article.objects.bulk_create(
        Article(
            title=f"Note {n}", slug=f"note-{n}", external_key=f"n{n}", source=source, section="earn"
        )
        for n in range(1234)
    )

    home = client.get(reverse("articles:home"))
    browse = client.get(reverse("articles:browse"))
    section = client.get(reverse("articles:browse_section", args=["earn"]))

    assertContains(home, "1,234 articles from 1 source")
    assertContains(home, '<span class="count">1,234</span>')
    assertContains(browse, "1,234 articles from 1 source")
    assertContains(browse, "1,234 articles</span>")
    assertContains(section, "1,234 articles")
    assertNotContains(home, "1234")


@pytest.mark.parametrize(
    "url", ["/", "/search/", "/search/?q=oil", "/browse/", "/browse/sections/", "/help/api/"]
)
def test_every_search_box_links_the_search_help(client, db, url):
    assertContains(client.get(url), '<a class="search-help-link" href="/search/help/">')


def test_the_site_has_an_icon_at_favicon_ico(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assertContains(client.get("/"), '<link rel="icon" type="image/svg+xml"')


def test_the_home_page_shows_the_largest_sections_with_counts_and_a_way_to_all(
    client, make_article
):
    for n in range(14):
        for _ in range(n + 1):
            make_article(f"Story {n}", section=f"Section {n:02}")

    page = client.get(reverse("articles:home")).content.decode()
    largest = re.findall(r'/browse/sections/(section-\d+)/">[^<]+</a> <span class="count">', page)

    assert largest == [f"section-{n:02}" for n in range(13, 1, -1)]  # twelve, largest first
    assert '<a href="/browse/sections/">All sections</a>' in page


def test_every_section_is_listed_on_its_own_page(client, oil_prices):
    response = client.get(reverse("articles:browse_sections"))

    assert response.status_code == 200
    assertContains(response, '<a href="/browse/sections/crude/">Crude Oil</a>')
    assertContains(response, '<span class="count">4 articles</span>')
    assertContains(response, '<a href="/browse/sections/business/">Business</a>')
    assertContains(
        client.get(reverse("articles:browse_section", args=["wpi"])),
        "<h1>Wholesale Price Index</h1>",
    )


def test_every_reuters_topic_has_a_name():
    names = sections._names()

    assert len(names) == 135
    assert sections.section_name("l-cattle") == "Live Cattle"
    assert sections.section_name("bop") == "Balance of Payments"
    assert sections.section_name("business") == "Business"  # not a topic: itself
    assert sections.section_name("Weather") == "Weather"


def test_the_chart_names_the_chosen_period_and_offers_all_dates(client, oil_prices):
    by_month = client.get(SEARCH, {"q": "oil prices", "year": "1987", "month": "3"})
    by_range = client.get(SEARCH, {"q": "oil prices", "from": "1987-03-01", "to": "1987-04-30"})

    assertContains(by_month, '<strong class="period">in March 1987</strong>')
    assertContains(by_month, '(<a href="?q=oil+prices">all dates</a>)')
    assertContains(by_range, '<strong class="period">from 1987-03-01 to 1987-04-30</strong>')


def test_the_seed_imported_as_make_run_does_names_its_source(client, db, seed_file):
    call_command(
        "import_articles", str(seed_file.parent), "--source", "Seed articles", stdout=StringIO()
    )
    article = Article.objects.get()

    for page in (client.get("/"), client.get(article.get_absolute_url())):
        assertContains(page, f'<a href="{article.source.get_absolute_url()}">Seed articles</a>')
        assertNotContains(page, "Unknown source")
