from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.forms import PER_PAGE


def when(year, month=1, day=1):
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def spread(make_article):
    """Articles over two years, two sources and two sections, and one undated."""
    return {
        "old": make_article(
            "Harvest of 2023", source="Farm Wire", section="Farming", published=when(2023, 9, 4)
        ),
        "march": make_article(
            "March floods", source="Weather Desk", section="Weather", published=when(2024, 3, 9)
        ),
        "march_later": make_article(
            "More March rain", source="Weather Desk", section="Weather", published=when(2024, 3, 21)
        ),
        "may": make_article(
            "May sunshine", source="Weather Desk", section="Weather", published=when(2024, 5, 2)
        ),
        "undated": make_article("A letter without a date", source="Farm Wire"),
    }


def test_the_browse_page_lists_years_sources_and_sections_with_counts(client, spread):
    response = client.get(reverse("articles:browse"))

    assertContains(
        response, '<a href="/browse/2023/">2023</a> <span class="count">1 article</span>', html=True
    )
    assertContains(
        response,
        '<a href="/browse/2024/">2024</a> <span class="count">3 articles</span>',
        html=True,
    )
    assertContains(response, 'Weather Desk</a> <span class="count">3 articles</span>')
    assertContains(response, 'Farming</a> <span class="count">1 article</span>')
    assertContains(response, 'Undated articles</a> <span class="count">1 article</span>')


def test_a_year_lists_its_months_with_counts_and_its_articles(client, spread):
    response = client.get(reverse("articles:browse_year", args=[2024]))

    assertContains(
        response,
        '<a href="/browse/2024/3/">March</a> <span class="count">2 articles</span>',
        html=True,
    )
    assertContains(
        response,
        '<a href="/browse/2024/5/">May</a> <span class="count">1 article</span>',
        html=True,
    )
    assertContains(response, "March floods")
    assertContains(response, "May sunshine")
    assertNotContains(response, "Harvest of 2023")


def test_a_month_lists_its_days_and_a_day_lists_its_articles(client, spread):
    month = client.get(reverse("articles:browse_month", args=[2024, 3]))
    day = client.get(reverse("articles:browse_day", args=[2024, 3, 21]))

    assertContains(month, '<a href="/browse/2024/3/9/">9 March</a>')
    assertContains(month, '<a href="/browse/2024/3/21/">21 March</a>')
    assertNotContains(month, "May sunshine")
    assertContains(day, "More March rain")
    assertNotContains(day, "March floods")


def test_source_section_and_undated_lists_hold_only_their_articles(client, spread):
    source = client.get(spread["old"].source.get_absolute_url())
    section = client.get(reverse("articles:browse_section", args=["weather"]))
    undated = client.get(reverse("articles:browse_undated"))

    assertContains(source, "Harvest of 2023")
    assertContains(source, "A letter without a date")
    assertNotContains(source, "March floods")
    assertContains(section, "<h1>Weather</h1>")
    assertContains(section, "3 articles")
    assertContains(undated, "A letter without a date")
    assertNotContains(undated, "Harvest of 2023")


@pytest.mark.parametrize(
    "url",
    [
        "/browse/9999/99/",
        "/browse/2024/2/30/",
        "/browse/0/",
        "/browse/sections/nowhere/",
        "/browse/sources/nobody/",
        "/browse/99999999999999999999/",
    ],
)
def test_impossible_dates_and_unknown_names_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def a_page_and_a_bit(make_article):
    """PER_PAGE + 1 articles on one day, in one source and section, plus as many undated."""
    for n in range(PER_PAGE + 1):
        make_article(f"Dated {n:02}", source="Big Wire", section="News", published=when(2024, 6, 1))
        make_article(f"Undated {n:02}", source="Big Wire", section="News")


@pytest.mark.parametrize(
    ("url", "total"),
    [
        ("/browse/2024/", PER_PAGE + 1),
        ("/browse/2024/6/", PER_PAGE + 1),
        ("/browse/2024/6/1/", PER_PAGE + 1),
        ("/browse/undated/", PER_PAGE + 1),
        ("/browse/sources/big-wire/", 2 * PER_PAGE + 2),
        ("/browse/sections/news/", 2 * PER_PAGE + 2),
    ],
)
def test_every_browse_level_paginates(client, a_page_and_a_bit, url, total):
    last = -(-total // PER_PAGE)
    first_page = client.get(url)
    last_page = client.get(url, {"page": last})
    beyond = client.get(url, {"page": 10**9})

    assertContains(first_page, f"Page 1 of {last}")
    assert first_page.content.decode().count('class="article-summary"') == PER_PAGE
    assert last_page.content.decode().count('class="article-summary"') == total - PER_PAGE * (
        last - 1
    )
    assertContains(beyond, f"Page {last} of {last}")
    assertContains(client.get(url, {"page": "junk"}), f"Page 1 of {last}")


def test_the_sources_list_paginates(client, make_article, monkeypatch):
    from articles.views import browse

    for n in range(3):
        make_article(source=f"Wire {n}")
    monkeypatch.setattr(browse, "SOURCES_PER_PAGE", 2)

    first = client.get(reverse("articles:browse_sources"))
    second = client.get(reverse("articles:browse_sources"), {"page": 2})

    assertContains(first, "Page 1 of 2")
    assertContains(first, "Wire 1")
    assertNotContains(first, "Wire 2")
    assertContains(second, "Wire 2")


def test_the_home_page_counts_the_undated_articles_beside_the_span_and_links_them(client, spread):
    response = client.get(reverse("articles:home"))

    assertContains(response, "5 articles from 2 sources: 4 published from")
    assertContains(response, '<a href="/browse/undated/">1 undated</a>', html=True)


def test_an_archive_of_undated_articles_says_so_on_the_home_page(client, make_article):
    make_article("A letter without a date")

    assertContains(
        client.get(reverse("articles:home")),
        '1 article from 1 source, <a href="/browse/undated/">all undated</a>.',
    )
