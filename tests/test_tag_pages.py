"""A page and feeds per tag, and the tags on the article page, in the API, exports, JSON-LD."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles import search
from articles.models import Tag

from .test_citation import json_ld
from .test_export import csv_rows, download


@pytest.fixture
def japan_stories(make_article):
    """21 articles tagged Japan over 1987 (one undated), and one about OPEC and oil."""
    japan = Tag.named("place", "Japan")
    stories = []
    for n in range(21):
        published = datetime(1987, 1 + n % 6, 1 + n, 12, tzinfo=UTC) if n else None
        article = make_article(title=f"Tokyo trade story {n}", published=published)
        article.tags.add(japan)
        stories.append(article)
    opec = make_article(title="Oil output cut", published=datetime(1987, 3, 2, tzinfo=UTC))
    opec.tags.add(Tag.named("organisation", "OPEC"), Tag.named("topic", "Crude Oil"), japan)
    search.apply_pending()
    return japan, stories, opec


def test_a_tag_page_lists_its_articles_newest_first_a_page_at_a_time(client, japan_stories):
    _, stories, _ = japan_stories

    response = client.get("/tags/place/japan/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Japan" in page
    assert "22 articles" in page
    listed = list(response.context["page_obj"].object_list)
    assert len(listed) == 20 and listed[0].published >= listed[-1].published
    second = client.get("/tags/place/japan/", {"page": 2}).context["page_obj"]
    assert list(second.object_list)[-1] == stories[0]  # the undated one, last


def test_a_tag_page_charts_attention_over_time_with_bars_that_search(client, japan_stories):
    chart = client.get("/tags/place/japan/").context["chart"]

    assert chart.dated == 21 and chart.undated == 1
    assert all("q=place%3Ajapan" in bar.url for bar in chart.bars if bar.count)
    assert "q=place%3Ajapan" in chart.undated_url and "year=undated" in chart.undated_url


def test_a_tag_page_links_its_search_and_feeds(client, japan_stories):
    page = client.get("/tags/place/japan/").content.decode()

    assert 'href="/search/?q=place%3Ajapan"' in page
    assert 'href="/feeds/tags/place/japan.atom"' in page
    assert 'href="/feeds/tags/place/japan.rss"' in page


def test_an_unknown_tag_or_kind_answers_404(client, japan_stories):
    assert client.get("/tags/place/atlantis/").status_code == 404
    assert client.get("/tags/planet/japan/").status_code == 404
    assert client.get("/feeds/tags/place/atlantis.atom").status_code == 404


def test_a_tag_in_another_script_has_its_page(client, make_article):
    article = make_article(title="Talks in Kyiv")
    article.tags.add(Tag.named("place", "Київ"))

    response = client.get(Tag.objects.get().get_absolute_url())

    assert response.status_code == 200
    assert "Talks in Kyiv" in response.content.decode()


def test_a_tag_feed_lists_its_newest_articles(client, japan_stories):
    feed = client.get("/feeds/tags/organisation/opec.atom").content.decode()

    assert "<title>News archive: OPEC</title>" in feed
    assert "Oil output cut" in feed and "Tokyo trade" not in feed
    assert "Oil output cut" in client.get("/feeds/tags/organisation/opec.rss").content.decode()


def test_the_article_page_shows_its_tags_linked_to_their_pages(client, japan_stories):
    _, _, opec = japan_stories

    page = client.get(opec.get_absolute_url()).content.decode()

    assert '<a href="/tags/topic/crude-oil/" rel="tag">Crude Oil</a>' in page
    assert '<a href="/tags/organisation/opec/" rel="tag">OPEC</a>' in page
    assert page.index("Crude Oil") < page.index("Japan") < page.index("OPEC")  # by kind


def test_json_ld_says_what_the_article_is_about_and_mentions(client, japan_stories):
    _, _, opec = japan_stories

    data = json_ld(client.get(opec.get_absolute_url()).content.decode())

    assert data["about"] == [{"@type": "Thing", "name": "Crude Oil"}]
    assert data["mentions"] == [
        {"@type": "Place", "name": "Japan"},
        {"@type": "Organization", "name": "OPEC"},
    ]


def test_the_api_gives_each_article_its_tags(client, japan_stories):
    _, _, opec = japan_stories

    article = client.get(reverse("articles:api_article", args=[opec.slug])).json()
    results = client.get(reverse("articles:api_search"), {"q": "oil", "place": "japan"}).json()

    assert [(t["kind"], t["slug"], t["name"]) for t in article["tags"]] == [
        ("topic", "crude-oil", "Crude Oil"),
        ("place", "japan", "Japan"),
        ("organisation", "opec", "OPEC"),
    ]
    assert article["tags"][1]["url"] == "http://testserver/tags/place/japan/"
    assert results["filters"]["place"] == "japan"
    assert results["results"][0]["tags"] == article["tags"]
    assert {v["key"] for v in results["facets"]["organisation"]} == {"opec"}


def test_exports_carry_the_tags(client, japan_stories):
    _, csv_text = download(client, "csv", {"q": "oil"})
    _, jsonl_text = download(client, "jsonl", {"q": "oil"})

    (row,) = csv_rows(csv_text)
    assert row["tags"] == "topic: Crude Oil; place: Japan; organisation: OPEC"
    (line,) = jsonl_text.splitlines()
    assert '"tags": [{"kind": "topic", "slug": "crude-oil", "name": "Crude Oil"}' in line
