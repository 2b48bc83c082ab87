from xml.etree import ElementTree

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_sitemap_lists_every_article_with_its_last_change(client, make_article):
    articles = [make_article(f"Report {n}") for n in range(3)]

    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entries = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in root}

    for article in articles:
        assert entries[f"http://testserver{article.get_absolute_url()}"] is not None
    assert "http://testserver/" in entries
    assert "http://testserver/browse/" in entries
    assert f"http://testserver{articles[0].source.get_absolute_url()}" in entries


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_search(client, db):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    assert "Disallow: /search/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
