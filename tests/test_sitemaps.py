from collections import Counter
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.conf import settings as project_settings

from articles.models import Article, Tag

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def index_locations(client) -> list[str]:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [entry.find(f"{SITEMAP}loc").text for entry in root]


def page_entries(client, location: str) -> list[tuple[str, str | None]]:
    """Return {address: lastmod text} of one sitemap page, fetched by its absolute address."""
    response = client.get(location.removeprefix("http://testserver"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    entries = [(url.find(f"{SITEMAP}loc").text, url.find(f"{SITEMAP}lastmod")) for url in root]
    return [(loc, lastmod.text if lastmod is not None else None) for loc, lastmod in entries]


def every_entry(client) -> list[tuple[str, str | None]]:
    return [entry for page in index_locations(client) for entry in page_entries(client, page)]


def test_pages_hold_at_most_ten_thousand_addresses():
    assert 0 < project_settings.SITEMAP_PAGE_SIZE <= 10_000


def test_every_article_is_in_exactly_one_page_past_one_pages_size(client, settings, make_article):
    settings.SITEMAP_PAGE_SIZE = 2
    articles = [make_article(f"Report {n}") for n in range(5)]
    Article.objects.filter(pk=articles[2].pk).delete()
    kept = [article for article in articles if article.pk != articles[2].pk]

    pages = [page for page in index_locations(client) if "sitemap-articles" in page]
    entries = [entry for page in pages for entry in page_entries(client, page)]

    assert len(pages) >= 2
    assert all(len(page_entries(client, page)) <= 2 for page in pages)
    counted = Counter(loc for loc, _ in entries)
    assert counted == Counter(f"http://testserver{a.get_absolute_url()}" for a in kept)


def test_each_article_address_carries_its_last_change(client, make_article):
    article = make_article("Storm report")
    Article.objects.filter(pk=article.pk).update(updated_at=datetime(2025, 6, 3, 12, tzinfo=UTC))

    entries = dict(every_entry(client))

    assert entries[f"http://testserver{article.get_absolute_url()}"] == "2025-06-03"


def test_the_index_lists_the_browse_pages_sources_and_sections(client, make_article):
    dated = make_article(
        "Storm report",
        source="Weather Desk",
        section="Weather",
        published=datetime(2024, 3, 9, tzinfo=UTC),
    )
    make_article("An old undated story")

    addresses = {loc for loc, _ in every_entry(client)}

    for path in ["/", "/browse/", "/browse/sources/", "/browse/undated/", "/browse/2024/"]:
        assert f"http://testserver{path}" in addresses
    assert "http://testserver/browse/2024/3/" in addresses
    assert f"http://testserver{dated.source.get_absolute_url()}" in addresses
    assert "http://testserver/browse/sections/weather/" in addresses


def test_the_index_lists_each_tag_page_that_has_articles(client, make_article):
    article = make_article("Tokyo markets", paragraphs=["Shares rose in Tokyo."])
    article.tags.add(Tag.named("place", "Japan"))
    Tag.named("person", "Nobody Tagged")

    addresses = {loc for loc, _ in every_entry(client)}

    assert "http://testserver/tags/place/japan/" in addresses
    assert not any("nobody-tagged" in address for address in addresses)


def test_a_page_is_a_fixed_number_of_queries_whatever_its_size(
    client, settings, make_article, django_assert_max_num_queries
):
    settings.SITEMAP_PAGE_SIZE = 50
    for n in range(30):
        make_article(f"Report {n}")
    pages = [page for page in index_locations(client) if "sitemap-articles" in page]

    listed = 0
    for page in pages:
        with django_assert_max_num_queries(2):
            response = client.get(page.removeprefix("http://testserver"))
        listed += response.content.count(b"<url>")

    assert listed == 30


@pytest.mark.parametrize("page", ["0", "9", "two"])
def test_a_page_that_does_not_exist_is_not_found(client, make_article, page):
    make_article("Report")

    assert client.get("/sitemap-articles.xml", {"p": page}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_pages_are_cached(client, make_article):
    make_article("First report")
    first = client.get("/sitemap-articles.xml").content
    make_article("Second report")

    assert client.get("/sitemap-articles.xml").content == first


def test_robots_txt_names_the_sitemap_index_and_keeps_crawlers_off_search(client, db):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    assert "Disallow: /search/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert index_locations(client)
