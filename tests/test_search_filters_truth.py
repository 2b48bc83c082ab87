"""Two small untruths of issue 13 (point 7), on both engines: a range over text is refused
with a note, and a source filter takes a source's name or slug, or says no source has it."""

import json

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles import search

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def wires(make_article):
    """Return {name: article}: flood stories from two sources, one with a two-word name."""
    return {
        "wire": make_article(
            title="Flood warning", paragraphs=["Z is for zone."], source="Reuters"
        ),
        "desk": make_article(title="Flood relief", paragraphs=["A to Z guide."], source="BBC News"),
    }


RANGE_NOTE = "are not searched, so it was left out; to narrow by date, use the date filters."


@pytest.mark.parametrize("text", ["body:[a TO z]", "{a TO z}", "title:[flood TO zone]"])
def test_a_range_over_text_is_refused_with_a_note(wires, text):
    results = search.search_articles(text)

    assert results.total == 0
    assert any(RANGE_NOTE in note for note in results.notes)


def test_the_rest_of_a_query_with_a_range_is_searched(wires):
    results = search.search_articles("relief body:[a TO z]")

    assert [hit.article_id for hit in results.hits] == [wires["desk"].pk]
    assert any(RANGE_NOTE in note for note in results.notes)


@pytest.mark.parametrize("source", ["Reuters", "reuters", "REUTERS", " Reuters "])
def test_a_source_is_taken_by_name_or_slug_in_any_case(client, wires, source):
    response = client.get(reverse("articles:search"), {"q": "flood", "source": source})

    assertContains(response, "Flood warning")
    assert "Flood relief" not in response.text


@pytest.mark.parametrize("source", ["BBC News", "bbc news", "bbc-news"])
def test_a_source_name_with_a_space_is_taken_too(client, wires, source):
    data = client.get(reverse("articles:api_search"), {"q": "flood", "source": source}).json()

    assert [hit["title"] for hit in data["results"]] == ["Flood relief"]


@pytest.mark.parametrize(
    "name", ["articles:search", "articles:api_search", "articles:search_feed", "articles:export"]
)
def test_a_source_no_archive_has_is_said_plainly_everywhere(client, wires, name):
    args = {"fmt": "csv"} if name == "articles:export" else {}
    response = client.get(reverse(name, kwargs=args), {"q": "flood", "source": "nosuch"})

    assert response.status_code == 400
    assert "No source is called “nosuch”. Sources in the archive: BBC News, Reuters." in (
        json.loads(response.text)["error"] if name == "articles:api_search" else response.text
    )
