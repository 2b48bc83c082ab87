"""The article page reached from a search: every hit marked and linked; related articles."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains


def hit_paragraphs(html: str) -> list[str]:
    return re.findall(r'<p id="(p-\d+)" class="has-hit">', html)


def test_every_highlighted_paragraph_has_previous_and_next_hit_anchors(client, seed_article):
    response = client.get(seed_article.get_absolute_url(), {"q": "Crimea OR Witkoff"})
    html = response.content.decode()

    hits = hit_paragraphs(html)
    assert hits == ["p-2", "p-3", "p-4", "p-12"]
    for n, anchor in enumerate(hits):
        nav = re.search(
            rf'<p id="{anchor}".*?</p>\s*<nav class="hit-nav"[^>]*>(.*?)</nav>', html, re.S
        )
        assert nav, anchor
        previous = re.search(r'href="#(p-\d+)" rel="prev"', nav.group(1))
        following = re.search(r'href="#(p-\d+)" rel="next"', nav.group(1))
        assert (previous and previous.group(1)) == (hits[n - 1] if n else None)
        assert (following and following.group(1)) == (hits[n + 1] if n + 1 < len(hits) else None)
        assert f"Hit {n + 1} of 4" in nav.group(1)
    assertContains(
        response, 'in 4 paragraphs: <a href="#p-2" class="first-hit">go to the first hit</a>'
    )


def test_every_hit_link_points_at_a_paragraph_on_the_page(client, seed_article):
    html = client.get(seed_article.get_absolute_url(), {"q": "Zelensky"}).content.decode()

    targets = set(re.findall(r'href="#(p-\d+)" (?:rel|class)=', html))
    assert targets
    assert targets <= set(re.findall(r'<p id="(p-\d+)"', html))


def test_without_a_search_there_is_no_hit_navigation(client, seed_article):
    response = client.get(seed_article.get_absolute_url())

    assertNotContains(response, "hit-nav")
    assertNotContains(response, "first hit")


@pytest.mark.usefixtures("engine")  # on both engines
def test_related_articles_are_listed_without_the_article_or_its_copies(client, make_article):
    text = ["Steel tariffs shook markets as exporters warned of job losses in the mills."]
    article = make_article(title="Steel tariffs bite", paragraphs=text, content_hash="a" * 64)
    copy = make_article(title="Steel tariffs bite", paragraphs=text, content_hash="a" * 64)
    cousin = make_article(
        title="Tariff fears at the mills",
        paragraphs=["Exporters warned that steel tariffs would cost mills jobs."],
        content_hash="b" * 64,
    )

    response = client.get(article.get_absolute_url())
    related = response.content.decode().split('id="related-heading"')[1]

    assert cousin.get_absolute_url() in related
    assert copy.get_absolute_url() not in related
    assert f'href="{article.get_absolute_url()}"' not in related


def test_the_article_page_makes_a_bounded_number_of_queries_with_related_articles(
    client, make_article, django_assert_num_queries
):
    article = make_article(title="Steel", paragraphs=["Steel tariffs and mills."])
    for n in range(8):
        make_article(title=f"Steel mills {n}", paragraphs=["Steel tariffs hit mills."])

    # The article with its source, its tags, its paragraphs, the related articles.
    with django_assert_num_queries(4):
        client.get(article.get_absolute_url(), {"q": "steel"})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "ftp://x.org/a"])
def test_an_original_address_that_is_not_http_is_never_a_link(client, make_article, url):
    # Stored before importers and the admin refused such addresses.
    article = make_article("Old import", url=url)

    page = client.get(article.get_absolute_url()).content.decode()

    assert url not in page and "Original:" not in page


def test_an_http_original_address_is_linked(client, make_article):
    article = make_article("Wire story", url="https://example.org/story")

    page = client.get(article.get_absolute_url()).content.decode()

    assert 'Original: <a href="https://example.org/story" rel="nofollow noopener">' in page
