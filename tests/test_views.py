import re
import shutil

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from articles import search

from .test_search import HOSTILE_QUERIES

SEARCH = reverse("articles:search")


def test_home_lists_the_latest_articles_and_the_search_box(client, seed_article):
    response = client.get("/")

    assertContains(response, escape(seed_article.title))
    assertContains(response, seed_article.get_absolute_url())
    assertContains(response, '<input id="search-q" type="search" name="q"')


def test_search_shows_each_hit_with_title_source_date_and_highlighted_paragraphs(
    client, seed_article
):
    response = client.get(SEARCH, {"q": "Crimea"})

    assertContains(response, "1 article matches <q>Crimea</q>")
    assertContains(response, escape(seed_article.title))
    assertContains(response, "Unknown source")
    assertContains(response, "Unknown source · undated")
    assertContains(response, '<mark class="hit hit-term0">Crimea</mark>')
    assertContains(response, f'href="{seed_article.get_absolute_url()}?q=Crimea#p-12"')


def test_every_snippet_link_lands_on_an_existing_paragraph(client, seed_article):
    results = client.get(SEARCH, {"q": "Zelensky Russia"}).content.decode()
    anchors = re.findall(r'\?q=Zelensky%20Russia#(p-\d+)"', results)
    article_page = client.get(seed_article.get_absolute_url(), {"q": "Zelensky Russia"})

    assert anchors
    for anchor in anchors:
        assertContains(article_page, f'<p id="{anchor}"')


def test_an_empty_search_explains_how_to_search(client, db):
    response = client.get(SEARCH, {"q": "  "})

    assertContains(response, "Type a word")
    assertContains(response, "How to search")


def test_no_results_has_a_clear_empty_state(client, seed_article):
    response = client.get(SEARCH, {"q": "Atlantis"})

    assertContains(response, "No articles match <q>Atlantis</q>")
    assertContains(response, "Try fewer or different words")


@pytest.fixture
def many_articles(make_article):
    return [make_article(title=f"Harvest report {n}") for n in range(45)]


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("1", 1),
        ("2", 2),
        ("3", 3),
        ("4", 3),
        ("0", 1),
        ("-5", 1),
        ("abc", 1),
        (str(10**9), 3),
        ("", 1),
    ],
)
def test_pagination_edge_cases_give_a_sensible_page(client, many_articles, page, shown):
    response = client.get(SEARCH, {"q": "harvest", "page": page})

    assert response.status_code == 200
    assertContains(response, f"Page {shown} of 3")


def test_the_last_page_shows_the_remaining_hits_and_no_next_link(client, many_articles):
    response = client.get(SEARCH, {"q": "harvest", "page": 3})

    assertContains(response, "Showing 41–45 of 45")
    assertContains(response, 'rel="prev"')
    assertNotContains(response, 'rel="next"')
    assert response.content.decode().count('<li class="result">') == 5


def test_pagination_links_keep_the_query_and_sort(client, many_articles):
    response = client.get(SEARCH, {"q": "harvest", "sort": "newest"})

    assertContains(response, 'href="?q=harvest&amp;sort=newest&amp;page=2"')


@pytest.mark.parametrize("sort", ["?", "relevance", "newest", "oldest", "'; DROP TABLE"])
def test_any_sort_value_answers_a_page(client, seed_article, sort):
    response = client.get(SEARCH, {"q": "Zelensky", "sort": sort})

    assertContains(response, escape(seed_article.title))


# The form reads no more of a query than this; a longer address answers 414 (test_url_length).
@pytest.mark.usefixtures("engine")  # on both engines
@pytest.mark.parametrize("text", [text[: search.MAX_QUERY_CHARS * 4] for text in HOSTILE_QUERIES])
def test_hostile_queries_answer_200(client, seed_article, text):
    response = client.get(SEARCH, {"q": text})

    assert response.status_code == 200


def test_a_query_the_parser_cannot_take_gets_a_note(client, seed_article):
    response = client.get(SEARCH, {"q": "Zelensky AND OR NOT ANDNOT ANDMAYBE Crimea"})

    assertContains(response, "searched as plain words")
    assertContains(response, "1 article matches")


def test_search_answers_503_with_a_clear_page_when_the_index_is_missing(
    client, seed_article, index_dir
):
    shutil.rmtree(index_dir)

    response = client.get(SEARCH, {"q": "Zelensky"})

    assertContains(response, "Search is unavailable", status_code=503)


def test_article_pages_still_work_when_the_index_is_missing(client, seed_article, index_dir):
    shutil.rmtree(index_dir)

    response = client.get(seed_article.get_absolute_url(), {"q": "Zelensky"})

    assertContains(response, escape(seed_article.title))


def test_article_page_shows_everything_in_order_with_anchors(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    html = response.content.decode()

    assertContains(response, f"<h1>{seed_article.title}</h1>", html=True)
    assertContains(response, "US-Ukraine negotiations are set to take place")
    assertContains(response, '<span class="undated">undated</span>')
    assert re.findall(r'<p id="(p-\d+)"', html) == [f"p-{n}" for n in range(1, 14)]
    assertContains(response, "Poland\u2019s military")
    assertNotContains(response, "<mark")
    assertNotContains(response, "Leave A Comment")


def test_article_page_from_a_search_marks_the_matched_words(client, seed_article):
    response = client.get(seed_article.get_absolute_url(), {"q": "Crimea"})

    assertContains(response, '<mark class="hit hit-term0">Crimea</mark>', count=1)
    assertContains(response, "Words of your search <q>Crimea</q> are")


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/no-such-article/").status_code == 404


def test_search_page_makes_a_bounded_number_of_queries(
    client, many_articles, django_assert_num_queries
):
    # the page's paragraphs, the names of the sources in the facets, then the articles; the
    # chart's dates come from the index
    with django_assert_num_queries(3):
        client.get(SEARCH, {"q": "harvest"})


def test_article_page_makes_a_bounded_number_of_queries(
    client, seed_article, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the article with its source, its tags, its paragraphs
        client.get(seed_article.get_absolute_url(), {"q": "Zelensky"})


def test_home_page_makes_a_bounded_number_of_queries(
    client, many_articles, django_assert_num_queries
):
    # Totals (articles, dated ones and their span in one query, then sources), the latest
    # articles with their sources, then the sources and sections to browse.
    with django_assert_num_queries(5):
        client.get("/")
