"""The counts behind the pages that list or count (articles/counts.py) are the archive's
own: kept by the database through every kind of write, and read without counting the
article table at each request."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles import counts
from articles.models import Article, Source


def when(year, month=1, day=1, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def counted_from_articles() -> dict:
    """The truth: what counting the article table itself says."""
    by_key = Article.objects.values_list("source_id", "section").annotate(n=Count("pk"))
    return {
        "totals": (Article.objects.count(), Article.objects.undated().count()),
        "by_source_section": {(source, section): n for source, section, n in by_key},
    }


def counted_from_counts() -> dict:
    from articles.models import SourceSectionCount

    rows = SourceSectionCount.objects.values_list("source_id", "section", "articles")
    totals = counts.totals()
    return {
        "totals": (totals["articles"], totals["undated"]),
        "by_source_section": {(source, section): n for source, section, n in rows},
    }


@pytest.fixture
def archive(make_article):
    return [
        make_article("One", source="Wire", section="Farming", published=when(2023, 9, 4)),
        make_article("Two", source="Wire", section="Weather", published=when(2024, 3, 9)),
        make_article("Three", source="Desk", section="Weather", published=when(2024, 3, 21)),
        make_article("Four", source="Desk"),
    ]


def test_counts_follow_saves_updates_and_deletes_of_every_kind(archive, make_article):
    one, two, three, four = archive
    assert counted_from_counts() == counted_from_articles()

    two.section, two.published = "Politics", None  # a save that moves it
    two.save()
    Article.objects.filter(pk=three.pk).update(source=Source.named("Wire"), published=when(2020))
    four.delete()
    Article.objects.filter(pk=one.pk).delete()
    make_article("Five", source="Desk", section="Weather", published=when(2024, 3, 9))

    assert counted_from_counts() == counted_from_articles()
    assert counts.years() == [(2020, 1), (2024, 1)]


def test_counts_follow_bulk_inserts_and_sql_that_bypasses_the_models(archive):
    source = Source.named("Bulk Wire")
    Article.objects.bulk_create(
        Article(source=source, title=f"Bulk {n}", slug=f"bulk-{n}", external_key=f"b{n}")
        for n in range(3)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET section = %s, published = %s WHERE source_id = %s",
            ["Markets", when(2024, 3, 1, 23, 59), source.pk],
        )
        cursor.execute("DELETE FROM articles_article WHERE title = %s", ["Bulk 0"])

    assert counted_from_counts() == counted_from_articles()
    assert counts.days(2024, 3) == [(1, 2), (9, 1), (21, 1)]


def test_the_listing_pages_show_the_kept_counts(client, archive):
    response = client.get(reverse("articles:browse"))
    assertContains(
        response,
        '<a href="/browse/2024/">2024</a> <span class="count">2 articles</span>',
        html=True,
    )
    assertContains(response, "4 articles from 2 sources")
    response = client.get(reverse("articles:browse_month", args=[2024, 3]))
    assertContains(response, "21 March")
    assertContains(client.get(reverse("articles:home")), "4 articles from 2 sources")


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/browse/",
        "/browse/2024/",
        "/browse/2024/3/",
        "/browse/2024/3/9/",
        "/browse/sources/",
        "/browse/sources/wire/",
        "/browse/sections/",
        "/browse/sections/weather/",
        "/browse/undated/",
        "/feeds/sections/weather.rss",
    ],
)
def test_no_listing_page_counts_the_article_table(client, archive, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200

    counting = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "articles_article"' in q["sql"]
    ]
    assert counting == []


def test_dates_are_counted_in_the_archive_time_zone(settings, make_article):
    settings.TIME_ZONE = "Asia/Kolkata"  # UTC+5:30: 20:00 UTC on 31 March is 1:30 on 1 April
    make_article("Late", published=when(2024, 3, 31, 20, 0))
    make_article("Early", published=when(2024, 3, 31, 18, 15))  # 23:45 on 31 March there

    assert counts.months(2024) == [(3, 1), (4, 1)]
    assert counts.days(2024, 4) == [(1, 1)]


def test_a_year_past_the_calendar_is_an_empty_page_not_an_error(client, archive):
    assert client.get("/browse/9999/").status_code == 200
    assert client.get("/browse/9999/12/").status_code == 200


@pytest.mark.parametrize("address", ["/browse/2024/", "/browse/2024/3/", "/browse/2024/3/9/"])
def test_date_pages_read_their_articles_by_a_range_of_the_date(client, archive, address):
    """A lookup by month or day ran a date function on every article of the year, or of
    the whole table; a range of the indexed date reads only the page's own."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)

    assertContains(response, "Two")
    listing = [q["sql"] for q in queries.captured_queries if 'FROM "articles_article"' in q["sql"]]
    assert listing
    for sql in listing:
        assert "django_datetime" not in sql and "EXTRACT(" not in sql.upper()
        assert "::date" not in sql


def test_date_pages_list_by_the_archive_time_zone(client, settings, make_article):
    settings.TIME_ZONE = "Asia/Kolkata"  # UTC+5:30: 20:00 UTC on 31 March is 1:30 on 1 April
    make_article("Late", published=when(2024, 3, 31, 20, 0))
    make_article("Early", published=when(2024, 3, 31, 18, 15))  # 23:45 on 31 March there

    march, april = client.get("/browse/2024/3/"), client.get("/browse/2024/4/")
    assertContains(march, "Early")
    assertNotContains(march, "Late")
    assertContains(april, "Late")
    assertNotContains(april, "Early")
    assertContains(client.get("/browse/2024/4/1/"), "Late")
    assertNotContains(client.get("/browse/2024/3/31/"), "Late")
