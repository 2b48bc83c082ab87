"""/compare/: each query's matching articles per month, as counts and as a share of all the
archive's articles that month, with the results page's filters, in a table and as CSV."""

import csv
import html
import io
import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles import search
from articles.models import Article

pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def archive(make_article):
    """Rebels in Jan (2, one Reuters) and Mar 2024; insurgents in Jan and Feb; other news."""
    for title, month, source in [
        ("Rebels advance", 1, "Reuters"),
        ("Rebels retreat", 1, "Test Wire"),
        ("Rebels talk", 3, "Test Wire"),
        ("Insurgents strike", 1, "Reuters"),
        ("Insurgents hide", 2, "Test Wire"),
        ("Harvest report", 1, "Test Wire"),
        ("Harvest again", 2, "Test Wire"),
        ("Market news", 3, "Test Wire"),
        ("Market more", 3, "Test Wire"),
    ]:
        published = datetime(2024, month, 10, 12, tzinfo=UTC)
        make_article(title, paragraphs=[f"{title}."], source=source, published=published)
    make_article("Rebels undated", paragraphs=["Rebels somewhere."])


def page(client, **params):
    response = client.get(reverse("articles:compare"), params)
    return response, html.unescape(response.content.decode())


def table(text: str) -> dict[str, list[str]]:
    """Return {month label: [the cells after it]} from the comparison's table."""
    body = re.search(r"<tbody>(.*?)</tbody>", text, re.DOTALL).group(1)
    rows = re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', body, re.DOTALL)
    return {
        label: [
            re.sub(r"<[^>]+>", " ", cell).split()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells)
        ]
        for label, cells in rows
    }


def search_months(query: str, **filters) -> Counter:
    days = search.search_articles(query, filters=search.Filters(**filters), with_days=True).days
    return Counter({f"{day:%b %Y}": n for day, n in days.items() if day})


def test_each_query_counts_per_month_what_its_search_counts(client, archive):
    response, text = page(client, q=["rebels", "insurgents"])
    rows = table(text)

    assert response.status_code == 200
    assert list(rows) == ["Jan 2024", "Feb 2024", "Mar 2024"]
    for column, query in [(1, "rebels"), (2, "insurgents")]:
        expected = search_months(query)
        assert {month: int(cells[column][0]) for month, cells in rows.items()} == {
            month: expected.get(month, 0) for month in rows
        }
    assert "1 undated, not charted" in text


def test_the_share_is_the_count_over_all_the_articles_of_that_month(client, archive):
    rows = table(page(client, q=["rebels", "insurgents"])[1])
    all_articles = Counter(f"{a.published:%b %Y}" for a in Article.objects.dated())

    for month, cells in rows.items():
        assert int(cells[0][0]) == all_articles[month]
    # January: 2 rebels and 1 insurgents of 4 articles; February: 0 and 1 of 2.
    assert rows["Jan 2024"][1:] == [["2", "(50.00%)"], ["1", "(25.00%)"]]
    assert rows["Feb 2024"][1:] == [["0", "(0.00%)"], ["1", "(50.00%)"]]


def test_the_data_downloads_as_csv(client, archive):
    response = client.get(reverse("articles:compare_csv"), {"q": ["rebels", "insurgents"]})
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == [
        "month_start",
        "month_end",
        "query",
        "articles",
        "all_articles",
        "share_percent",
    ]
    assert rows[1:3] == [
        ["2024-01-01", "2024-01-31", "rebels", "2", "4", "50.0000"],
        ["2024-01-01", "2024-01-31", "insurgents", "1", "4", "25.0000"],
    ]
    assert len(rows) == 1 + 3 * 2 + 1
    assert rows[-1] == ["undated", "", "rebels", "1", "", ""]


def test_filters_apply_to_every_query_and_each_line_links_to_its_search(client, archive):
    text = page(client, q=["rebels", "insurgents"], source="reuters", to="2024-02-29")[1]
    rows = table(text)

    assert list(rows) == ["Jan 2024"]
    assert [cells[0] for cells in rows["Jan 2024"][1:]] == ["1", "1"]
    assert '<a href="/search/?q=rebels&source=reuters&to=2024-02-29">rebels</a>' in text
    assert '<a href="/search/?q=insurgents&source=reuters&to=2024-02-29">insurgents</a>' in text
    assert '<input type="hidden" name="source" value="reuters">' in text


def test_more_than_five_queries_are_refused_with_a_message(client, archive):
    queries = ["one", "two", "three", "four", "five", "six"]
    response, text = page(client, q=queries)
    csv_response = client.get(reverse("articles:compare_csv"), {"q": queries})

    assert response.status_code == 400
    assert "Compare at most 5 queries at once; this asks for 6." in text
    assert csv_response.status_code == 400
    assert page(client, q=[*queries[:5], "five", " "])[0].status_code == 200


def test_the_results_page_offers_to_compare_its_search(client, archive):
    text = html.unescape(client.get(reverse("articles:search"), {"q": "rebels"}).content.decode())
    empty = page(client, q="rebels")[1]

    assert '<a href="/compare/?q=rebels">Compare with…</a>' in text
    assert '<label for="compare-q">Compare with another query</label>' in empty
    assert '<input type="hidden" name="q" value="rebels">' in empty


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 5000},
        {"q": ["rebels\x00", "\x00"]},
        {"q": ["rebels", '"unclosed', "a* OR ((("]},
        {"q": "rebels", "from": "2024-13-45"},
        {"q": "rebels", "source": "nobody"},
        {"q": "rebels", "year": "undated", "month": "3"},
        {"q": "rebels", "page": str(10**9), "partial": "\x00"},
    ],
)
def test_hostile_input_never_fails(client, archive, params):
    response = client.get(reverse("articles:compare"), params)
    csv_response = client.get(reverse("articles:compare_csv"), params)

    assert response.status_code in (200, 400)
    assert csv_response.status_code in (200, 400)


def test_an_empty_comparison_asks_for_a_query(client, db):
    response, text = page(client)

    assert response.status_code == 200
    assert '<label for="compare-q">A query to compare</label>' in text
