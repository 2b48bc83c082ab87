from collections import Counter
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.conf import settings as project_settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import SITEMAP_BLOCK_IDS, Article, SitemapBlock, Tag

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


def today() -> str:
    return timezone.now().date().isoformat()


def every_entry(client) -> list[tuple[str, str | None]]:
    return [entry for page in index_locations(client) for entry in page_entries(client, page)]


def test_pages_hold_at_most_ten_thousand_addresses_in_whole_blocks_of_ids():
    assert 0 < project_settings.SITEMAP_PAGE_SIZE <= 10_000
    assert project_settings.SITEMAP_PAGE_SIZE % SITEMAP_BLOCK_IDS == 0


# Far past any id the test database's sequence hands out, and a whole number of pages.
FIRST_ID = 1_000_000


def article_pages(client) -> dict[int, str | None]:
    """Return {page number: day of its lastmod} of the index's pages of article addresses."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    pages = {}
    for entry in root:
        location = entry.find(f"{SITEMAP}loc").text
        if "sitemap-articles" in location:
            lastmod = entry.find(f"{SITEMAP}lastmod")
            number = int(location.partition("?p=")[2] or 1)
            pages[number] = lastmod.text[:10] if lastmod is not None else None
    return pages


def test_every_article_is_in_exactly_one_page_past_one_pages_size(client, settings, make_article):
    settings.SITEMAP_PAGE_SIZE = SITEMAP_BLOCK_IDS
    ids = [FIRST_ID + n for n in (1, 2, 101, 150, 201, 301)]
    articles = [make_article(f"Report {pk}", id=pk) for pk in ids]
    Article.objects.filter(pk__in=[FIRST_ID + 2, FIRST_ID + 301]).delete()
    kept = [article for article in articles if article.pk not in (FIRST_ID + 2, FIRST_ID + 301)]

    first_page = FIRST_ID // SITEMAP_BLOCK_IDS + 1
    pages = [page for page in index_locations(client) if "sitemap-articles" in page]
    entries = {page: page_entries(client, page) for page in pages}

    # The page whose only article was deleted is not listed; each other holds its own ids.
    assert sorted(article_pages(client)) == [first_page, first_page + 1, first_page + 2]
    assert [len(listed) for listed in entries.values()] == [1, 2, 1]
    counted = Counter(loc for listed in entries.values() for loc, _ in listed)
    assert counted == Counter(f"http://testserver{a.get_absolute_url()}" for a in kept)


def test_the_index_dates_each_page_by_its_last_change_deletions_included(
    client, settings, make_article
):
    settings.SITEMAP_PAGE_SIZE = SITEMAP_BLOCK_IDS
    first_page = FIRST_ID // SITEMAP_BLOCK_IDS + 1
    for pk, day in [(FIRST_ID + 1, 3), (FIRST_ID + 2, 5), (FIRST_ID + 101, 7), (FIRST_ID + 102, 8)]:
        make_article(f"Report {pk}", id=pk)
        # Later than their creation: a page's date never goes back.
        Article.objects.filter(pk=pk).update(updated_at=datetime(2030, 6, day, 12, tzinfo=UTC))

    assert article_pages(client) == {first_page: "2030-06-05", first_page + 1: "2030-06-08"}

    cache.clear()
    SitemapBlock.objects.update(last_changed=datetime(2020, 1, 1, tzinfo=UTC))
    Article.objects.filter(pk=FIRST_ID + 102).delete()  # the page changed: today
    assert article_pages(client) == {first_page: "2020-01-01", first_page + 1: today()}


def test_the_index_reads_kept_blocks_not_the_article_table(client, make_article):
    for n in range(3):
        make_article(f"Report {n}")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200

    grouped = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "articles_article"' in q["sql"] and "GROUP BY" in q["sql"].upper()
    ]
    assert grouped == []
    assert any("articles_sitemapblock" in q["sql"] for q in queries.captured_queries)


def blocks_from_articles() -> dict[int, int]:
    """The truth: how many articles each block of ids holds, counted from the table."""
    blocks = Counter(
        (pk - 1) // SITEMAP_BLOCK_IDS for pk in Article.objects.values_list("pk", flat=True)
    )
    return dict(blocks)


def kept_blocks() -> dict[int, int]:
    rows = SitemapBlock.objects.filter(articles__gt=0).values_list("block", "articles")
    return dict(rows)


def test_blocks_follow_every_kind_of_write(make_article):
    made = [make_article(f"Report {n}", id=FIRST_ID + n * 40 + 1) for n in range(4)]
    source = made[0].source
    Article.objects.bulk_create(
        Article(source=source, title=f"Bulk {n}", slug=f"bulk-{n}", external_key=f"b{n}")
        for n in range(3)
    )
    made[1].delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_article WHERE title = %s", ["Bulk 0"])
        cursor.execute(
            "UPDATE articles_article SET updated_at = %s WHERE id = %s",
            [datetime(2030, 1, 2, tzinfo=UTC), made[3].pk],
        )
    assert kept_blocks() == blocks_from_articles()
    latest = SitemapBlock.objects.get(block=made[3].pk // SITEMAP_BLOCK_IDS).last_changed
    assert latest == datetime(2030, 1, 2, tzinfo=UTC)

    Article.objects.all().delete()
    assert kept_blocks() == {}


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


def test_tags_are_paged_by_id_and_a_range_without_a_tagged_tag_is_not_listed(
    client, settings, make_article
):
    settings.SITEMAP_PAGE_SIZE = SITEMAP_BLOCK_IDS
    article = make_article("Tokyo markets", paragraphs=["Shares rose in Tokyo."])
    japan = Tag.objects.create(id=FIRST_ID + 1, kind="place", slug="japan", name="Japan")
    Tag.objects.create(id=FIRST_ID + 101, kind="person", slug="nobody", name="Nobody")
    acme = Tag.objects.create(id=FIRST_ID + 201, kind="organisation", slug="acme", name="Acme")
    article.tags.add(japan, acme)

    first_page = FIRST_ID // SITEMAP_BLOCK_IDS + 1
    pages = [page for page in index_locations(client) if "sitemap-tags" in page]
    listed = [loc for page in pages for loc, _ in page_entries(client, page)]

    assert pages == [
        f"http://testserver/sitemap-tags.xml?p={first_page}",
        f"http://testserver/sitemap-tags.xml?p={first_page + 2}",
    ]
    assert listed == [f"http://testserver{tag.get_absolute_url()}" for tag in (japan, acme)]


def test_the_index_counts_neither_articles_nor_tags(client, make_article):
    article = make_article("Tokyo markets", paragraphs=["Shares rose in Tokyo."])
    article.tags.add(Tag.named("place", "Japan"))

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200

    counting = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper()
        and ('FROM "articles_tag"' in q["sql"] or 'FROM "articles_article"' in q["sql"])
    ]
    assert counting == []


def test_a_page_is_a_fixed_number_of_queries_whatever_its_size(
    client, settings, make_article, django_assert_max_num_queries
):
    settings.SITEMAP_PAGE_SIZE = 100
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
