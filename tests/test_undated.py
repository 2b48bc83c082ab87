"""Undated articles are counted and one filter away wherever results are summarised:
the results page's year facet, its chips, the API, the exports and the search feeds.
Each test runs once per engine (the PostgreSQL one on PostgreSQL only)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from .feed_validation import atom_entries
from .test_export import csv_rows, download

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def harvests(engine, make_article):
    """Two dated harvest stories and one undated, in one source."""
    return {
        "dated": [
            make_article("Harvest of 1987", published=datetime(1987, 9, 1, tzinfo=UTC)),
            make_article("Harvest of 2004", published=datetime(2004, 9, 1, tzinfo=UTC)),
        ],
        "undated": make_article("Harvest of an unknown year"),
    }


def test_the_year_facet_counts_the_undated_articles_and_links_to_them(client, harvests):
    response = client.get(reverse("articles:search"), {"q": "harvest"})

    assertContains(
        response,
        '<li><a href="?q=harvest&amp;year=undated">Undated</a> '
        '<span class="facet-count">1</span></li>',
        html=True,
    )


def test_the_undated_filter_shows_only_undated_articles_with_a_chip(client, harvests):
    response = client.get(reverse("articles:search"), {"q": "harvest", "year": "undated"})

    assertContains(response, "Harvest of an unknown year")
    assert "Harvest of 1987" not in response.content.decode()
    assertContains(response, "year: Undated")


def test_the_api_filters_to_undated_articles_and_counts_them(client, harvests):
    everything = client.get(reverse("articles:api_search"), {"q": "harvest"}).json()
    undated = client.get(reverse("articles:api_search"), {"q": "harvest", "year": "undated"}).json()

    assert everything["facets"]["year"][-1] == {"key": "undated", "label": "Undated", "count": 1}
    assert sum(value["count"] for value in everything["facets"]["year"]) == everything["total"]
    assert [hit["title"] for hit in undated["results"]] == ["Harvest of an unknown year"]
    assert undated["filters"]["year"] == "undated"


def test_exports_and_feeds_take_the_undated_filter(client, harvests):
    _, text = download(client, "csv", {"q": "harvest", "year": "undated"})
    feed = client.get(reverse("articles:search_feed_atom"), {"q": "harvest", "year": "undated"})

    assert [row["title"] for row in csv_rows(text)] == ["Harvest of an unknown year"]
    assert [entry["title"] for entry in atom_entries(feed.content)] == [
        "Harvest of an unknown year"
    ]


def test_the_chart_data_counts_the_undated_articles_alone_too(client, harvests):
    url = reverse("articles:search_chart_csv")
    everything = client.get(url, {"q": "harvest"}).content.decode().splitlines()
    undated = client.get(url, {"q": "harvest", "year": "undated"}).content.decode().splitlines()

    assert everything[-1] == undated[-1] == ",,undated,1"
    assert len(undated) == 2  # the header, then the undated row: no period has any


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "undated", "month": "3"}, "Undated articles have no month"),
        ({"year": "undated", "from": "2004-01-01"}, "none is in a date range"),
        ({"year": "soon"}, "Enter a year from 1 to 9999, or undated"),
    ],
)
def test_an_undated_filter_that_cannot_hold_is_refused_with_a_message(
    client, harvests, params, message
):
    page = client.get(reverse("articles:search"), {"q": "harvest", **params})
    api = client.get(reverse("articles:api_search"), {"q": "harvest", **params})

    assertContains(page, message, status_code=400)
    assert api.status_code == 400
    assert message in api.json()["error"]
