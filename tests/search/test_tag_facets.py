"""Tag facets: the commonest tags of each kind, the same ones for the same search."""

import pytest

from articles import search
from articles.models import Tag
from articles.search.tags import TAG_FACET_VALUES, tag_facets


def test_a_kind_lists_its_commonest_tags_most_frequent_first_ties_by_name():
    counts = {("acme", "Acme"): 3, ("zeta", "Zeta"): 3, ("beta", "beta"): 5, ("", "No slug"): 9}

    facets = tag_facets({"organisation": counts})

    assert [(v.key, v.count) for v in facets["organisation"]] == [
        ("beta", 5),
        ("acme", 3),
        ("zeta", 3),
    ]


def test_a_common_words_thousands_of_names_are_cut_to_the_commonest_by_count_then_name():
    counts = {(f"name-{n:05}", f"Name {n:05}"): 1 for n in range(5000)}
    counts |= {("often", "Often"): 7, ("twice", "Twice"): 2}

    listed = tag_facets({"person": counts})["person"]

    assert len(listed) == TAG_FACET_VALUES
    assert [v.key for v in listed[:2]] == ["often", "twice"]
    # Of the 5,000 tied at one article, the first by name fill the rest, every time.
    assert [v.key for v in listed[2:]] == [f"name-{n:05}" for n in range(TAG_FACET_VALUES - 2)]


@pytest.fixture
def one_tag_listed(monkeypatch, settings, db):
    """List one tag of each kind; a tag in one article of the archive is rare."""
    settings.SEARCH_ENGINE = "whoosh"
    monkeypatch.setattr("articles.search.tags.TAG_FACET_VALUES", 1)
    monkeypatch.setattr("articles.search.whoosh.facets.TAG_FACET_VALUES", 1)
    monkeypatch.setattr("articles.search.whoosh.facets.RARE_TAG_ARTICLES", 1)


ZEBRAS_AND_AN_AARDVARK = [
    ("Zebra port", "Zebra"),
    ("Zebra dock", "Zebra"),
    ("Aardvark", "Aardvark"),
]


def _places(make_article, tags_by_title):
    for title, name in tags_by_title:
        make_article(title=title, paragraphs=["Harbour news."]).tags.add(Tag.named("place", name))
    search.apply_pending()


def test_a_rare_tag_tied_with_the_last_listed_is_counted_and_wins_by_name(
    one_tag_listed, make_article
):
    _places(make_article, ZEBRAS_AND_AN_AARDVARK)

    facet = search.search_articles("Aardvark OR dock").facets["place"]

    # One article each: the rare Aardvark ties with Zebra and comes first by name.
    assert [(v.label, v.count) for v in facet] == [("Aardvark", 1)]


def test_a_rare_tag_that_cannot_reach_the_list_leaves_it_as_counting_it_would(
    one_tag_listed, make_article
):
    _places(make_article, ZEBRAS_AND_AN_AARDVARK)

    facet = search.search_articles("harbour").facets["place"]

    assert [(v.label, v.count) for v in facet] == [("Zebra", 2)]
