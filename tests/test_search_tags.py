"""Tags in search, on both engines: query fields, filters, facets, and an index that follows.

Part of the engines' contract (the PostgreSQL run in the suite's PostgreSQL pass).
"""

import pytest

from articles import search
from articles.models import Tag
from articles.search import Filters

from .conftest import found_ids

pytestmark = pytest.mark.usefixtures("engine")


def tag(article, kind, name):
    article.tags.add(Tag.named(kind, name))


@pytest.fixture
def oil_stories(make_article):
    """Three oil stories: Japan and OPEC, Japan and the USA with a Reagan quote, and Kyiv."""
    tokyo = make_article(title="Oil imports rise", paragraphs=["Tankers reach Japan."])
    washington = make_article(title="Oil price talks", paragraphs=["Japan and Washington."])
    kyiv = make_article(title="Oil transit deal", paragraphs=["Pipelines."])
    for article, tags in [
        (tokyo, [("place", "Japan"), ("organisation", "OPEC"), ("topic", "crude oil")]),
        (washington, [("place", "Japan"), ("place", "USA"), ("person", "Ronald Reagan")]),
        (kyiv, [("place", "Kyiv"), ("person", "Volodymyr Zelensky"), ("exchange", "NYSE")]),
    ]:
        for kind, name in tags:
            tag(article, kind, name)
    search.apply_pending()
    return tokyo, washington, kyiv


def test_a_tag_field_finds_the_articles_with_that_tag(oil_stories):
    tokyo, washington, kyiv = oil_stories

    assert sorted(found_ids("place:japan")) == sorted([tokyo.pk, washington.pk])
    assert found_ids("org:opec") == [tokyo.pk]
    assert found_ids("topic:crude-oil") == [tokyo.pk]
    assert found_ids("exchange:nyse") == [kyiv.pk]
    assert found_ids("person:reagan") == []  # a tag is its whole slug, not a word of it


def test_a_tag_can_be_named_as_it_is_written(oil_stories):
    _, washington, kyiv = oil_stories

    assert found_ids('person:"Volodymyr Zelensky"') == [kyiv.pk]
    assert found_ids("person:volodymyr-zelensky") == [kyiv.pk]
    assert found_ids('person:"ronald reagan"') == [washington.pk]


def test_tag_fields_combine_with_words_and_operators(oil_stories):
    tokyo, washington, kyiv = oil_stories

    assert found_ids("place:japan tankers") == [tokyo.pk]
    assert found_ids("oil -place:japan") == [kyiv.pk]
    assert sorted(found_ids("place:kyiv OR org:opec")) == sorted([tokyo.pk, kyiv.pk])
    assert sorted(found_ids("place:jap*")) == sorted([tokyo.pk, washington.pk])


def test_a_tag_field_marks_no_word_in_the_text(oil_stories):
    results = search.search_articles("place:japan tankers")

    (hit,) = results.hits
    html = " ".join(snippet.html for snippet in hit.snippets)
    assert "<mark" in html and "Japan" in html
    assert "Tankers" in html.split("<mark")[1]  # the first mark is the word asked for
    assert html.count("<mark") == 1


def test_tag_filters_narrow_the_results_and_combine(oil_stories):
    tokyo, washington, _ = oil_stories

    assert sorted(found_ids("oil", filters=Filters(place="japan"))) == sorted(
        [tokyo.pk, washington.pk]
    )
    assert found_ids("oil", filters=Filters(place="japan", person="ronald-reagan")) == [
        washington.pk
    ]
    assert found_ids("oil", filters=Filters(place="japan", exchange="nyse")) == []


def test_each_kind_has_a_facet_named_and_counted(oil_stories):
    facets = search.search_articles("oil").facets

    assert [(v.key, v.label, v.count) for v in facets["place"]] == [
        ("japan", "Japan", 2),
        ("kyiv", "Kyiv", 1),
        ("usa", "USA", 1),
    ]
    assert [(v.key, v.label) for v in facets["organisation"]] == [("opec", "OPEC")]
    assert [v.label for v in facets["person"]] == ["Ronald Reagan", "Volodymyr Zelensky"]
    assert [v.key for v in facets["topic"]] == ["crude-oil"]
    assert [v.key for v in facets["exchange"]] == ["nyse"]


def test_tag_facets_count_the_filtered_matches_only(oil_stories):
    facets = search.search_articles("oil", filters=Filters(place="japan")).facets

    assert {v.key: v.count for v in facets["place"]} == {"japan": 2, "usa": 1}
    assert "exchange" not in facets


def test_the_index_follows_tag_changes(oil_stories):
    tokyo, washington, kyiv = oil_stories

    tag(kyiv, "place", "Japan")
    washington.tags.remove(Tag.objects.get(kind="place", slug="japan"))
    search.apply_pending()
    assert sorted(found_ids("place:japan")) == sorted([tokyo.pk, kyiv.pk])

    japan = Tag.objects.get(kind="place", slug="japan")
    japan.name = "Nippon"
    japan.save()
    search.apply_pending()
    assert ("japan", "Nippon") in {
        (v.key, v.label) for v in search.search_articles("oil").facets["place"]
    }

    Tag.objects.get(kind="organisation", slug="opec").delete()
    search.apply_pending()
    assert found_ids("org:opec") == []


def test_tag_facets_count_changes_made_after_a_search(oil_stories):
    _, washington, kyiv = oil_stories
    assert {v.key: v.count for v in search.search_articles("oil").facets["place"]} == {
        "japan": 2,
        "kyiv": 1,
        "usa": 1,
    }

    tag(kyiv, "place", "Japan")
    washington.tags.clear()
    search.apply_pending()
    after = search.search_articles("oil").facets

    assert {v.key: v.count for v in after["place"]} == {"japan": 2, "kyiv": 1}
    assert "person" in after and [v.key for v in after["person"]] == ["volodymyr-zelensky"]


def test_rebuild_index_indexes_the_tags(oil_stories):
    tokyo, washington, _ = oil_stories

    search.rebuild_index()

    assert sorted(found_ids("place:japan")) == sorted([tokyo.pk, washington.pk])
    assert {v.key for v in search.search_articles("oil").facets["place"]} == {
        "japan",
        "kyiv",
        "usa",
    }
    assert search.check_index().in_sync


def test_the_results_page_has_a_facet_for_each_kind_and_filters_by_tag(client, oil_stories):
    response = client.get("/search/", {"q": "oil"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="facet-place"' in page and 'id="facet-person"' in page
    assert "?q=oil&amp;place=japan" in page
    assert "Ronald Reagan" in page

    narrowed = client.get("/search/", {"q": "oil", "place": "Japan", "person": "ronald-reagan"})
    assert narrowed.context["results"].total == 1
    assert "place: Japan" in narrowed.content.decode()  # the chip that removes it


def test_the_results_page_takes_tag_fields_in_the_query(client, oil_stories):
    response = client.get("/search/", {"q": 'person:"Volodymyr Zelensky"'})

    assert response.context["results"].total == 1
    assert "the people" in response.content.decode()  # "Read as: ... in the people"


@pytest.mark.parametrize(
    "text", ['place:""', 'place:"!!!"', "place:~1", "person:*", "org:a*", "place:Jap*", "topic:-"]
)
def test_odd_tag_queries_never_fail(oil_stories, text):
    tokyo, washington, _ = oil_stories

    results = search.search_articles(text)

    assert results.total >= 0
    if text == "place:Jap*":
        assert {hit.article_id for hit in results.hits} == {tokyo.pk, washington.pk}


def test_the_results_page_lists_each_kinds_commonest_tags_and_the_api_all(client, make_article):
    common = make_article(title="Oil everywhere")
    rare = make_article(title="Oil somewhere")
    for n in range(25):
        tag(common, "place", f"Port {n:02}")
    tag(rare, "place", "Port 24")
    search.apply_pending()

    page = client.get("/search/", {"q": "oil"})
    api = client.get("/api/search", {"q": "oil"}).json()

    listed = page.context["facet_links"]["place"]
    assert len(listed) == 20 and listed[0][0].label == "Port 24"
    assert len(api["facets"]["place"]) == 25
    shown, folded = page.content.decode().split('<details class="facet-more">', 1)
    assert shown.count("Port ") == 10  # the top ten, then "more"
    assert '10 more <span class="visually-hidden">place values' in folded


def test_of_tags_tied_at_the_last_listed_place_the_first_by_name_is_listed(
    monkeypatch, make_article
):
    # Each engine cuts a kind to its commonest tags its own way (the PostgreSQL one in SQL,
    # keeping every tag tied at the last place); both must list the same ones.
    monkeypatch.setattr("articles.search.tags.TAG_FACET_VALUES", 2)
    monkeypatch.setattr("articles.search.whoosh.tag_counts.TAG_FACET_VALUES", 2)
    for title, places in [
        ("Harbour Zebra", ["Zebra", "Bison"]),
        ("Harbour Zebra two", ["Zebra"]),
        ("Harbour Mole", ["Mole"]),
        ("Harbour Aardvark", ["Aardvark"]),
    ]:
        article = make_article(title=title, paragraphs=["Ships came in."])
        for name in places:
            tag(article, "place", name)
    search.apply_pending()

    facets = search.search_articles("harbour").facets

    assert [(value.label, value.count) for value in facets["place"]] == [
        ("Zebra", 2),
        ("Aardvark", 1),
    ]
