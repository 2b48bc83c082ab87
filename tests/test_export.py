import csv
import io
import json

import pytest
from django.urls import reverse

from articles.views import export
from articles.views.export import spreadsheet_safe


def download(client, fmt, params):
    response = client.get(reverse("articles:export", args=[fmt]), params)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def risky(make_article):
    """Articles whose fields start like spreadsheet formulas."""
    return [
        make_article('=HYPERLINK("http://evil")', paragraphs=["Crop yields rose.", "+1 crop"]),
        make_article(
            "+44 crop figures",
            paragraphs=["-5% crop losses", "@SUM(A1) crop"],
            byline="@reporter",
            section="-Markets",
        ),
        make_article("Crop report", paragraphs=["An ordinary crop paragraph."]),
        make_article("Unrelated", paragraphs=["Nothing to see."]),
    ]


def test_csv_has_a_header_and_one_row_per_matching_article_in_rank_order(client, risky):
    response, text = download(client, "csv", {"q": "crop"})
    rows = csv_rows(text)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="search-')
    assert list(rows[0]) == export.CSV_COLUMNS
    assert len(rows) == 3
    assert [row["rank"] for row in rows] == ["1", "2", "3"]
    api_titles = [
        hit["title"] for hit in client.get("/api/search", {"q": "crop"}).json()["results"]
    ]
    assert [row["title"].removeprefix("'") for row in rows] == api_titles


def test_csv_escapes_cells_that_look_like_formulas(client, risky):
    _, text = download(client, "csv", {"q": "crop"})
    rows = {row["url"]: row for row in csv_rows(text)}
    first = rows[f"http://testserver{risky[0].get_absolute_url()}"]
    second = rows[f"http://testserver{risky[1].get_absolute_url()}"]

    assert first["title"] == '\'=HYPERLINK("http://evil")'
    assert second["title"] == "'+44 crop figures"
    assert second["byline"] == "'@reporter"
    assert second["section"] == "'-Markets"
    assert second["paragraphs"].startswith("'")
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_csv_lists_the_matching_paragraphs_with_their_numbers(client, risky):
    _, text = download(client, "csv", {"q": "crop"})
    row = next(r for r in csv_rows(text) if r["title"] == "Crop report")

    assert row["paragraph_numbers"] == "1"
    assert row["paragraphs"] == "An ordinary crop paragraph."


def test_json_lines_keep_values_as_they_are_one_article_a_line(client, risky):
    response, text = download(client, "jsonl", {"q": "crop"})
    rows = [json.loads(line) for line in text.splitlines()]

    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert len(rows) == 3
    first = next(row for row in rows if row["title"].startswith("+44"))
    assert first["byline"] == "@reporter"
    assert {p["number"] for p in first["paragraphs"]} == {1, 2}
    assert {p["text"] for p in first["paragraphs"]} == {"-5% crop losses", "@SUM(A1) crop"}
    assert first["paragraphs"][0]["url"].startswith(first["url"] + "#p-")


def test_exports_stop_at_the_row_limit(client, make_article, monkeypatch):
    for n in range(7):
        make_article(f"Crop {n}", paragraphs=["crop"])
    monkeypatch.setattr(export, "EXPORT_MAX_ROWS", 5)

    _, text = download(client, "jsonl", {"q": "crop"})

    assert len(text.splitlines()) == 5


def test_exports_take_every_hit_across_result_pages(client, make_article):
    for n in range(45):
        make_article(f"Crop {n}", paragraphs=["crop"])

    _, text = download(client, "csv", {"q": "crop", "page": "3"})

    assert len(csv_rows(text)) == 45


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_spreadsheet_safe_prefixes_only_formula_starts(value, safe):
    assert spreadsheet_safe(value) == safe


def test_an_export_without_a_query_or_of_an_unknown_format_is_refused(client, db):
    assert client.get(reverse("articles:export", args=["csv"])).status_code == 400
    assert client.get(reverse("articles:export", args=["xlsx"]), {"q": "x"}).status_code == 404


def test_an_export_keeps_the_filters_of_the_search(client, make_article):
    make_article("Crop in the north", paragraphs=["crop"], source="North Wire")
    make_article("Crop in the south", paragraphs=["crop"], source="South Wire")

    _, text = download(client, "csv", {"q": "crop", "source": "south-wire"})

    assert [row["title"] for row in csv_rows(text)] == ["Crop in the south"]
    bad = client.get(reverse("articles:export", args=["csv"]), {"q": "crop", "from": "junk"})
    assert bad.status_code == 400


def test_an_export_has_the_partial_matches_the_page_lists_only_with_the_switch(
    client, make_article
):
    # Fewer than a page have both words, so the page adds articles with one of them.
    make_article("Crop rotation", paragraphs=["crop rotation"])
    for n in range(30):
        make_article(f"Crop {n}", paragraphs=["crop"])
    for n in range(40):  # so that "crop" is not a word of most articles
        make_article(f"Other {n}", paragraphs=["other news"])

    api = client.get("/api/search", {"q": "crop rotation"}).json()
    _, counted = download(client, "csv", {"q": "crop rotation"})
    _, every = download(client, "csv", {"q": "crop rotation", "partial": "1"})

    assert (api["total"], api["partial_total"]) == (1, 30)
    assert [row["title"] for row in csv_rows(counted)] == ["Crop rotation"]
    rows = csv_rows(every)
    assert len(rows) == api["listed"] == 31
    assert rows[0]["title"] == "Crop rotation"
    assert [row["match"] for row in rows] == ["full"] + ["partial"] * 30


def test_an_export_does_not_add_partial_matches_the_page_leaves_out(client, make_article):
    # A page's worth of articles has both words, so the page shows only those.
    for n in range(25):
        make_article(f"Crop rotation {n}", paragraphs=["crop rotation"])
    for n in range(30):
        make_article(f"Crop {n}", paragraphs=["crop"])
    for n in range(60):
        make_article(f"Other {n}", paragraphs=["other news"])

    api = client.get("/api/search", {"q": "crop rotation"}).json()
    _, text = download(client, "jsonl", {"q": "crop rotation"})

    assert api["total"] == 25
    assert len(text.splitlines()) == 25
