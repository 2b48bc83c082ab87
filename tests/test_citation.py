import json
import re
from datetime import UTC, datetime
from html import unescape

import pytest
from pytest_django.asserts import assertContains

from articles.citation import describe

from .bibtex_reading import latex_to_text, read_entry


@pytest.fixture
def dated(make_article):
    return make_article(
        "Talks & tariffs: <the> 100% deal",
        paragraphs=["First paragraph.", "Second."],
        source="Trade Wire",
        section="Business",
        byline="Jo Smith",
        standfirst="A deal on tariffs.",
        published=datetime(2024, 3, 9, 8, tzinfo=UTC),
    )


def json_ld(page: str) -> dict:
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def test_the_article_page_carries_news_article_json_ld(client, dated):
    data = json_ld(client.get(dated.get_absolute_url()).content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == dated.title
    assert data["datePublished"] == "2024-03-09T08:00:00+00:00"
    assert data["author"] == {"@type": "Person", "name": "Jo Smith"}
    assert data["publisher"]["name"] == "Trade Wire"
    assert data["url"] == f"http://testserver{dated.get_absolute_url()}"


def test_json_ld_cannot_close_its_script_element(client, make_article):
    article = make_article("</script><script>alert(1)</script>")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in page
    assert json_ld(page)["headline"] == article.title


def test_the_article_page_has_canonical_open_graph_and_twitter_metadata(client, dated):
    url = f"http://testserver{dated.get_absolute_url()}"
    response = client.get(dated.get_absolute_url(), {"q": "tariffs"})

    assertContains(response, f'<link rel="canonical" href="{url}">')
    assertContains(response, f'<meta property="og:url" content="{url}">')
    assertContains(response, '<meta property="og:type" content="article">')
    assertContains(response, '<meta property="og:description" content="A deal on tariffs.">')
    assertContains(response, '<meta name="twitter:card" content="summary">')
    assertContains(
        response,
        '<meta name="twitter:title" content="Talks &amp; tariffs: &lt;the&gt; 100% deal">',
    )


def test_search_pages_are_noindex_and_article_pages_are_not(client, dated):
    assertContains(client.get("/search/", {"q": "deal"}), '<meta name="robots" content="noindex">')
    assert b'name="robots"' not in client.get(dated.get_absolute_url()).content


def test_cite_this_gives_the_permanent_url_plain_text_and_bibtex(client, dated):
    page = unescape(client.get(dated.get_absolute_url()).content.decode())
    url = f"http://testserver{dated.get_absolute_url()}"

    assert "Cite this" in page
    assert f"Jo Smith. “{dated.title}”. Trade Wire, 9 March 2024. {url}" in page
    assert f"@article{{tradewire2024-{dated.pk}," in page


def test_bibtex_escapes_its_special_characters_but_not_the_url(dated):
    bibtex = describe(dated, "http://example.org/a_b%20c/").bibtex

    assert "  title = {Talks \\& tariffs: <the> 100\\% deal}," in bibtex
    assert "  url = {http://example.org/a_b%20c/}," in bibtex
    assert "  year = {2024}," in bibtex
    assert bibtex.endswith("\n}")


def test_an_undated_article_without_byline_is_still_citable(make_article):
    article = make_article("No date", source="Letters")

    meta = describe(article, "http://x/")

    assert meta.citation_text == "“No date”. Letters, undated. http://x/"
    assert "author = {Letters}" in meta.bibtex
    assert "datePublished" not in meta.json_ld


HOSTILE = [
    "Mallory}, year=1066, note=apr",
    "Unbalanced } brace",
    "Unbalanced { brace",
    "Escaped \\} brace and \\{ another",
    "{Balanced} {{nested}} braces",
    "\\textbraceright{} written out",
    "Back\\slash, 100% & $5 # _ ^ ~ @article{x,",
    "}}}}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_bibtex_reads_back_exactly_whatever_the_title_byline_and_source(make_article, text):
    article = make_article(
        text, source=f"Wire {text}", byline=text, published=datetime(2024, 3, 9, 8, tzinfo=UTC)
    )
    url = "http://example.org/a_b%20c/"

    kind, key, fields = read_entry(describe(article, url).bibtex)

    assert kind == "article" and re.fullmatch(rf"wire[a-z0-9_]*2024-{article.pk}", key)
    values = {name: latex_to_text(value) for name, value in fields.items() if name != "url"}
    assert values == {
        "title": text,
        "author": text,
        "journal": f"Wire {text}",
        "year": "2024",
        "month": "March",
        "note": f"News archive, article {article.slug}",
    }
    assert fields["url"] == url


def test_a_bibtex_url_keeps_its_characters_but_never_a_brace_or_backslash(dated):
    _, _, fields = read_entry(describe(dated, "http://x.org/{a}\\b c?q=1%2B1#_").bibtex)

    assert fields["url"] == "http://x.org/%7Ba%7D%5Cb%20c?q=1%2B1#_"
