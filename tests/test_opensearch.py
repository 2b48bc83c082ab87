import json
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from articles import search

OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_the_description_follows_opensearch_1_1(client, db):
    response = client.get(reverse("articles:opensearch"))
    root = ElementTree.fromstring(response.content)

    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert 0 < len(root.find(f"{OPENSEARCH}ShortName").text) <= 16
    assert 0 < len(root.find(f"{OPENSEARCH}Description").text) <= 1024
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH}Url")}
    assert urls["text/html"].startswith("http://testserver/search/?q={searchTerms}")
    assert urls["application/x-suggestions+json"] == "http://testserver/suggest/?q={searchTerms}"
    assert urls["application/opensearchdescription+xml"] == "http://testserver/opensearch.xml"


def test_the_described_search_and_suggestion_urls_answer(client, seed_article):
    root = ElementTree.fromstring(client.get(reverse("articles:opensearch")).content)
    for url in root.findall(f"{OPENSEARCH}Url"):
        address = url.get("template").replace("{searchTerms}", "Crimea")
        address = address.replace("{startPage?}", "1").removeprefix("http://testserver")

        assert client.get(address).status_code == 200, address


def test_every_page_links_the_description_from_its_head(client, seed_article):
    link = (
        '<link rel="search" type="application/opensearchdescription+xml" '
        'title="News archive" href="/opensearch.xml">'
    )
    for url in ["/", "/search/?q=Crimea", seed_article.get_absolute_url(), "/browse/"]:
        head = client.get(url).content.decode().split("</head>")[0]
        assert link in head, url


def suggest(client, prefix):
    response = client.get(reverse("articles:suggestions"), {"q": prefix})
    assert response["Content-Type"] == "application/x-suggestions+json"
    return json.loads(response.content)


def test_suggestions_are_the_four_part_array_of_the_spec(client, seed_article):
    query, completions, descriptions, urls = suggest(client, "Zel")

    assert query == "Zel"
    assert len(completions) == len(descriptions) == len(urls) > 0


def test_suggestions_offer_titles_that_start_with_the_prefix(client, seed_article):
    _, completions, descriptions, urls = suggest(client, "zelensky h")

    assert completions[0] == seed_article.title
    assert descriptions[0] == "Article · Unknown source"
    assert urls[0] == f"http://testserver{seed_article.get_absolute_url()}"


def test_suggestions_complete_the_last_word_by_how_many_articles_use_it(client, make_article):
    make_article("One", paragraphs=["Ukraine and the ukulele."])
    make_article("Two", paragraphs=["Ukraine again."])

    _, completions, _, urls = suggest(client, "peace uk")

    assert completions == ["peace ukrain", "peace ukulel"]
    assert urls[0] == "http://testserver/search/?q=peace+ukrain"


def test_suggested_words_are_spelled_as_the_titles_write_them(client, make_article):
    make_article("Zelensky's hopes for Ukraine", paragraphs=["Ukraine and Zelensky."])
    make_article("Ukraine talks", paragraphs=["Ukrainian officials and Ukraine."])

    _, ukraine, _, _ = suggest(client, "peace ukr")
    _, zelensky, _, _ = suggest(client, "zel")

    assert ukraine == ["peace ukraine", "peace ukrainian"]
    assert zelensky == ["Zelensky's hopes for Ukraine", "zelensky"]


def test_a_stemmed_suggestion_finds_every_form_of_the_word(make_article):
    make_article("Talks", paragraphs=["Negotiations resumed."])

    (term,) = search.frequent_terms("negot")

    assert [hit.article_id for hit in search.search_articles(term).hits]


@pytest.mark.parametrize("prefix", ["", "u", "\x00", "*", "a" * 5000, "two words "])
def test_short_or_odd_prefixes_give_an_empty_valid_answer(client, seed_article, prefix):
    query, completions, descriptions, urls = suggest(client, prefix)

    assert isinstance(query, str)
    assert len(completions) == len(descriptions) == len(urls)
