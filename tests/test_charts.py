import csv
import io
import re
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from articles.charts import CHART_HEIGHT, as_csv, attention


def test_bars_count_articles_per_month_and_fill_empty_months():
    chart = attention([date(2024, 1, 5), date(2024, 1, 30), date(2024, 4, 2), None])

    assert chart.unit == "month"
    assert [(bar.label, bar.count) for bar in chart.bars] == [
        ("Jan 2024", 2),
        ("Feb 2024", 0),
        ("Mar 2024", 0),
        ("Apr 2024", 1),
    ]
    assert chart.bars[0].end == date(2024, 1, 31)
    assert chart.undated == 1
    assert chart.dated + chart.undated == 4


def test_a_short_span_is_drawn_per_day_and_a_long_one_per_year():
    days = attention([date(2024, 2, 27), date(2024, 3, 1)])
    years = attention([date(1987, 5, 1), date(2024, 3, 1)])

    assert days.unit == "day"
    assert [bar.label for bar in days.bars] == [
        "27 Feb 2024",
        "28 Feb 2024",
        "29 Feb 2024",
        "1 Mar 2024",
    ]
    assert years.unit == "year"
    assert len(years.bars) == 2024 - 1987 + 1
    assert years.bars[-1].end == date(2024, 12, 31)


def test_the_tallest_bar_fills_the_chart_and_the_others_scale():
    chart = attention([date(2024, 1, 1)] * 4 + [date(2024, 6, 1)] * 2)

    heights = {bar.label: bar.height for bar in chart.bars}
    assert heights["Jan 2024"] == CHART_HEIGHT
    assert heights["Jun 2024"] == CHART_HEIGHT / 2
    assert heights["Mar 2024"] == 0


def test_no_dated_articles_means_no_chart():
    assert attention([None, None]) is None
    assert attention([]) is None


def test_the_csv_has_one_row_per_period_and_the_undated_count():
    rows = list(csv.reader(io.StringIO(as_csv(attention([date(2024, 1, 1), None])))))

    assert rows == [
        ["period_start", "period_end", "unit", "articles"],
        ["2024-01-01", "2024-01-01", "day", "1"],
        ["", "", "undated", "1"],
    ]


@pytest.fixture
def storms(make_article):
    for month, count in [(1, 3), (2, 1), (5, 2)]:
        for n in range(count):
            make_article(
                f"Storm {month}-{n}",
                paragraphs=["A storm."],
                published=datetime(2024, month, 10 + n, tzinfo=UTC),
            )
    make_article("Undated storm", paragraphs=["A storm."])
    make_article("Calm", paragraphs=["Nothing."], published=datetime(2024, 3, 1, tzinfo=UTC))


def test_the_results_page_chart_bars_sum_to_the_hit_count(client, storms):
    page = client.get(reverse("articles:search"), {"q": "storm"}).content.decode()

    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", page)]
    assert "7 articles match <q>storm</q>" in page
    assert sum(counts) == 7
    assert '<a href="/search/?q=storm&amp;year=undated">1 undated article</a> not shown' in page


def test_each_bar_links_to_the_search_narrowed_to_its_period(client, storms):
    page = client.get(reverse("articles:search"), {"q": "storm", "page": "1"}).content.decode()

    assert '<a href="/search/?q=storm&amp;from=2024-01-01&amp;to=2024-01-31" class="bar-link"' in (
        page
    )
    assert 'aria-label="Jan 2024: 3 articles"' in page


def test_the_chart_is_labelled_for_screen_readers(client, storms):
    page = client.get(reverse("articles:search"), {"q": "storm"}).content.decode()

    assert 'aria-labelledby="chart-title chart-desc"' in page
    assert '<title id="chart-title">Matching articles per month</title>' in page
    assert "<caption>Matching articles per month</caption>" in page


def test_the_chart_data_downloads_as_csv(client, storms):
    response = client.get(reverse("articles:search_chart_csv"), {"q": "storm"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert sum(int(row["articles"]) for row in rows) == 7
    assert rows[0] == {
        "period_start": "2024-01-01",
        "period_end": "2024-01-31",
        "unit": "month",
        "articles": "3",
    }


def test_following_a_bar_finds_as_many_articles_as_the_bar_counts(client, storms):
    page = client.get(reverse("articles:search"), {"q": "storm"}).content.decode()
    bars = re.findall(r'<a href="([^"]+)" class="bar-link" aria-label="[^:]+: (\d+) article', page)

    assert len(bars) == 3
    for url, count in bars:
        narrowed = client.get(url.replace("&amp;", "&")).content.decode()
        matches = "1 article matches" if count == "1" else f"{count} articles match"
        assert f"{matches} <q>storm</q>" in narrowed


def test_day_counts_make_the_same_chart_as_one_day_per_article():
    days = [date(2024, 1, 5), date(2024, 1, 5), date(2024, 4, 2), None]

    assert attention(Counter(days)) == attention(days)


def test_a_large_search_is_charted_from_every_matching_article(client, make_article):
    for n in range(30):
        published = datetime(2020 + n % 3, 1 + n % 12, 1 + n % 28, tzinfo=UTC)
        make_article(f"Harbour report {n}", paragraphs=["The harbour."], published=published)

    page = client.get(reverse("articles:search"), {"q": "harbour"}).content.decode()

    assert "30 articles match <q>harbour</q>" in page
    assert sum(int(n) for n in re.findall(r"<td>(\d+)</td>", page)) == 30
