"""Counts a researcher can publish: the total, facets, chart, feed and export describe the
articles with all the query's words; partial matches are listed after them, marked, counted
apart, and brought into the counts only by the `partial=1` switch. On both engines."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles import search
from articles.indexing import queue
from articles.models import Article, Paragraph, Source

SEARCH = reverse("articles:search")
QUERY = "bafta film awards"


pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def awards(make_article):
    """Two articles with every word of QUERY (2005, Arts) and three with "film" only (1987),
    in an archive where no word of QUERY is in half of the articles."""
    for n in range(6):
        make_article(title=f"Harvest report {n}", paragraphs=["Wheat prices rose."])
    full = [
        make_article(
            title=f"Bafta film awards night {n}",
            paragraphs=["The film won three awards at the Bafta ceremony."],
            source="BBC News",
            section="Arts",
            published=datetime(2005, 2, 12 + n, tzinfo=UTC),
        )
        for n in range(2)
    ]
    partial = [
        make_article(
            title=f"Grain film {n}",
            paragraphs=["A plastic film covers the grain stores."],
            source="Reuters",
            section="Grain",
            published=datetime(1987, 3, 2 + n, tzinfo=UTC),
        )
        for n in range(3)
    ]
    return full, partial


def counts(results, name):
    return {value.label: value.count for value in results.facets[name]}


def test_the_total_and_facets_count_only_the_articles_with_every_word(awards):
    full, partial = awards

    results = search.search_articles(QUERY)

    assert (results.total, results.partial_total, results.listed) == (2, 3, 5)
    assert {hit.article_id for hit in results.hits[:2]} == {a.pk for a in full}
    assert {hit.article_id for hit in results.hits[2:]} == {a.pk for a in partial}
    assert [hit.partial for hit in results.hits] == [False, False, True, True, True]
    assert counts(results, "source") == {"BBC News": 2}
    assert counts(results, "section") == {"arts": 2}
    assert counts(results, "year") == {"2005": 2}
    assert results.summary == "2 articles have all your words; 3 more have some."


def test_the_switch_brings_the_partial_matches_into_the_counts(awards):
    results = search.search_articles(QUERY, with_partial=True, with_days=True)

    assert (results.total, results.partial_total, results.counted) == (2, 3, 5)
    assert counts(results, "source") == {"BBC News": 2, "Reuters": 3}
    assert counts(results, "year") == {"2005": 2, "1987": 3}
    assert sum(results.days.values()) == 5


def test_days_count_only_the_full_matches_by_default(awards):
    results = search.search_articles(QUERY, with_days=True)

    assert sorted(results.days.values()) == [1, 1]
    assert {day.year for day in results.days} == {2005}


def test_partial_matches_are_looked_for_past_a_page_of_full_ones_only_when_asked(awards):
    _, partial = awards

    plain = search.search_articles(QUERY, per_page=2)
    asked = [search.search_articles(QUERY, per_page=2, page=n, with_partial=True) for n in (1, 2)]

    assert (plain.total, plain.partial_total, plain.listed) == (2, None, 2)
    assert [hit.partial for hit in plain.hits] == [False, False]
    assert (asked[0].total, asked[0].partial_total) == (2, 3)
    assert [hit.partial for hit in asked[0].hits] == [False, False]
    assert [hit.partial for hit in asked[1].hits] == [True, True]
    assert {hit.article_id for hit in asked[1].hits} < {a.pk for a in partial}


def test_a_query_in_syntax_has_no_partial_matches(awards):
    results = search.search_articles('"bafta film" OR grain')

    assert (results.total, results.partial_total) == (5, None)
    assert not any(hit.partial for hit in results.hits)


def test_the_page_states_both_numbers_and_marks_the_partial_matches(client, awards):
    response = client.get(SEARCH, {"q": QUERY})

    assertContains(response, "2 articles have all your words; 3 more have some.")
    assertContains(response, "Partial match", count=3)
    assertContains(response, "Count the partial matches too")
    assertContains(response, "partial=1")
    assertNotContains(response, "Reuters</a> <span")  # the source facet counts BBC News only


def test_the_page_with_the_switch_counts_the_partial_matches_in_its_facets(client, awards):
    response = client.get(SEARCH, {"q": QUERY, "partial": "1"})

    assertContains(response, "Count only the articles with all your words")
    assertContains(response, '<span class="facet-count">3</span>')  # Reuters
    assertContains(response, "5 dated articles")  # the chart's description


def test_the_page_says_a_long_questions_full_matches_may_lack_one_word(client, awards):
    # Four weighty words: the two Bafta articles lack "winners" only, so they are full
    # matches, and the page says what a full match is for this question.
    response = client.get(SEARCH, {"q": "bafta film awards winners", "partial": "1"})

    assertContains(response, "2 articles have all your words, or all but one; 3 more have some.")
    assertContains(response, "Count only the articles with all your words, or all but one")
    data = client.get(reverse("articles:api_search"), {"q": "bafta film awards winners"}).json()
    assert (data["total"], data["may_lack"]) == (2, 1)


def test_an_unreadable_switch_means_no(client, awards):
    response = client.get(SEARCH, {"q": QUERY, "partial": "0"})

    assertContains(response, "Count the partial matches too")


def test_the_api_carries_both_numbers_and_each_hits_match(client, awards):
    data = client.get(reverse("articles:api_search"), {"q": QUERY}).json()

    assert (data["total"], data["partial_total"], data["listed"]) == (2, 3, 5)
    assert data["counts_partial"] is False
    assert [hit["match"] for hit in data["results"]] == ["full"] * 2 + ["partial"] * 3
    assert {value["label"]: value["count"] for value in data["facets"]["source"]} == {"BBC News": 2}


def test_the_csv_export_has_the_full_matches_and_says_so(client, awards):
    response = client.get(reverse("articles:export", args=["csv"]), {"q": QUERY})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert [row["match"] for row in rows] == ["full", "full"]
    assert (response["X-Full-Matches"], response["X-Partial-Matches"]) == ("2", "3")


def test_the_export_with_the_switch_adds_the_partial_matches_after_the_full(client, awards):
    response = client.get(reverse("articles:export", args=["jsonl"]), {"q": QUERY, "partial": "1"})

    rows = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert [row["match"] for row in rows] == ["full"] * 2 + ["partial"] * 3


def test_the_chart_data_counts_the_full_matches(client, awards):
    response = client.get(reverse("articles:search_chart_csv"), {"q": QUERY})

    assert "1987" not in response.content.decode()
    assert "2005-02" in response.content.decode()


def test_the_search_feed_lists_only_the_full_matches(client, awards):
    full, _ = awards

    response = client.get(reverse("articles:search_feed"), {"q": QUERY})

    assert response.content.count(b"<item>") == 2
    for article in full:
        assertContains(response, article.get_absolute_url())


@pytest.fixture
def harvests(db):
    """1,021 articles with the word "harvest": 52 pages of 20, two past the page cap."""
    source = Source.named("Bulk")
    articles = Article.objects.bulk_create(
        Article(title=f"Harvest {n}", slug=f"harvest-{n}", external_key=f"k{n}", source=source)
        for n in range(search.MAX_PAGE * 20 + 21)
    )
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=1, text="Wheat harvest.") for article in articles
    )
    queue.enqueue([article.pk for article in articles], drain=False)
    search.apply_pending()


def test_only_the_pages_that_can_be_reached_are_offered(client, harvests):
    response = client.get(SEARCH, {"q": "harvest", "page": "50"})

    assertContains(response, "Page 50 of 50")
    assertNotContains(response, 'rel="next"')
    assertContains(response, "Only the first 1,000 of the 1,021 articles can be paged through")
    assertContains(response, "export it")


def test_the_api_counts_the_pages_that_can_be_reached(client, harvests):
    last = client.get(reverse("articles:api_search"), {"q": "harvest", "page": "50"}).json()
    first = client.get(reverse("articles:api_search"), {"q": "harvest"}).json()

    assert (last["total"], last["pages"], last["reachable"], last["next"]) == (1021, 50, 1000, None)
    assert first["pages"] == 50 and first["next"].endswith("page=2")
