import re
import shutil

import pytest
from django.urls import reverse

API_SEARCH = reverse("articles:api_search")


@pytest.fixture
def harvests(make_article):
    return [
        make_article(f"Harvest report {n}", paragraphs=[f"The harvest of field {n} & more."])
        for n in range(25)
    ]


def page_titles(client, params) -> list[str]:
    page = client.get(reverse("articles:search"), params).content.decode()
    return re.findall(r'class="article-summary">\s*<h3><a href="[^"]*">([^<]*)</a>', page)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "harvest"},
        {"q": "harvest", "page": "2"},
        {"q": "harvest", "sort": "oldest"},
        {"q": "harvest", "sort": "newest", "page": "10000000000"},
        {"q": "field 7"},
    ],
)
def test_the_api_returns_the_same_results_in_the_same_order_as_the_page(client, harvests, params):
    data = client.get(API_SEARCH, params).json()

    assert [hit["title"] for hit in data["results"]] == page_titles(client, params)


def test_the_api_gives_totals_pages_and_links(client, harvests):
    first = client.get(API_SEARCH, {"q": "harvest"}).json()
    second = client.get(first["next"].removeprefix("http://testserver")).json()

    assert (first["total"], first["page"], first["pages"], first["per_page"]) == (25, 1, 2, 20)
    assert first["previous"] is None
    assert second["page"] == 2
    assert len(second["results"]) == 5
    assert second["next"] is None


def test_each_hit_carries_its_highlighted_paragraphs_with_links(client, harvests):
    hit = client.get(API_SEARCH, {"q": "field"}).json()["results"][0]
    (highlight,) = hit["highlights"]

    assert highlight["paragraph"] == 1
    assert '<mark class="hit hit-term0">field</mark>' in highlight["html"]
    assert "&amp; more" in highlight["html"]
    assert highlight["text"].startswith(f"The harvest of field {hit['title'].split()[-1]} & more")
    assert highlight["url"].endswith("?q=field#p-1")
    assert hit["api_url"] == f"http://testserver/api/articles/{hit['slug']}"


def test_the_article_endpoint_gives_metadata_and_numbered_paragraphs(client, seed_article):
    data = client.get(reverse("articles:api_article", args=[seed_article.slug])).json()

    assert data["title"] == seed_article.title
    assert data["source"] == "Unknown source"
    assert data["published"] is None
    assert [p["number"] for p in data["paragraphs"]] == list(
        range(1, seed_article.paragraphs.count() + 1)
    )
    assert data["paragraphs"][11]["url"].endswith("#p-12")
    assert "Crimea" in data["paragraphs"][11]["text"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (API_SEARCH, 400),
        (f"{API_SEARCH}?q=", 400),
        (f"{API_SEARCH}?q=%20%00", 400),
        (reverse("articles:api_article", args=["no-such-article"]), 404),
    ],
)
def test_errors_are_json_with_a_message_and_a_4xx_status(client, db, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


@pytest.mark.parametrize("query", ["*a*", "(" * 1000, "AND OR NOT", "x~9", "a" * 7_000])
def test_hostile_queries_answer_json_not_errors(client, harvests, query):
    response = client.get(API_SEARCH, {"q": query})

    assert response.status_code == 200
    assert "results" in response.json()


def test_the_api_says_when_the_index_is_unavailable(client, harvests, index_dir):
    shutil.rmtree(index_dir)

    response = client.get(API_SEARCH, {"q": "harvest"})

    assert response.status_code == 503
    assert "unavailable" in response.json()["error"]


@pytest.fixture
def two_wires(make_article):
    from datetime import UTC, datetime

    for n in range(3):
        make_article(
            f"Rain report {n}",
            paragraphs=["Rain fell."],
            source="Weather Desk",
            section="Weather",
            published=datetime(2024, 1 + n, 5, tzinfo=UTC),
        )
    make_article(
        "Rain and wheat",
        paragraphs=["Rain helps wheat."],
        source="Farm Wire",
        section="Markets",
        published=datetime(2023, 6, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "params",
    [
        {"q": "rain", "source": "farm-wire"},
        {"q": "rain", "section": "weather", "sort": "newest"},
        {"q": "rain", "year": "2024", "month": "2"},
        {"q": "rain", "from": "2024-01-01", "to": "2024-02-28"},
    ],
)
def test_the_api_takes_the_same_filters_as_the_page(client, two_wires, params):
    data = client.get(API_SEARCH, params).json()

    assert [hit["title"] for hit in data["results"]] == page_titles(client, params)
    assert data["total"] == len(data["results"]) > 0


def test_the_api_gives_the_facet_counts_of_the_page(client, two_wires):
    data = client.get(API_SEARCH, {"q": "rain"}).json()
    page = client.get(reverse("articles:search"), {"q": "rain"}).content.decode()

    assert data["facets"]["source"] == [
        {"key": "weather-desk", "label": "Weather Desk", "count": 3},
        {"key": "farm-wire", "label": "Farm Wire", "count": 1},
    ]
    assert {v["key"]: v["count"] for v in data["facets"]["year"]} == {"2024": 3, "2023": 1}
    assert re.search(r'source=weather-desk">Weather Desk</a> <span class="facet-count">3<', page)


def test_an_impossible_date_range_is_a_json_400_with_the_reason(client, two_wires):
    response = client.get(API_SEARCH, {"q": "rain", "from": "2024-05-01", "to": "2024-01-01"})

    assert response.status_code == 400
    assert "impossible" in response.json()["error"]
