"""Tag facets: the commonest tags of each kind, the same ones for the same search."""

import random
from collections import Counter, defaultdict

import pytest

from articles import search
from articles.models import Article, ArticleTag, Paragraph, Source, Tag
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
    """List one tag of each kind."""
    settings.SEARCH_ENGINE = "whoosh"
    monkeypatch.setattr("articles.search.tags.TAG_FACET_VALUES", 1)
    monkeypatch.setattr("articles.search.whoosh.tag_counts.TAG_FACET_VALUES", 1)


ZEBRAS_AND_AN_AARDVARK = [
    ("Zebra port", "Zebra"),
    ("Zebra dock", "Zebra"),
    ("Aardvark", "Aardvark"),
]


def _places(make_article, tags_by_title):
    for title, name in tags_by_title:
        make_article(title=title, paragraphs=["Harbour news."]).tags.add(Tag.named("place", name))
    search.apply_pending()


def test_a_tag_in_one_article_tied_with_the_last_listed_wins_by_name(one_tag_listed, make_article):
    _places(make_article, ZEBRAS_AND_AN_AARDVARK)

    facet = search.search_articles("Aardvark OR dock").facets["place"]

    # One article each: Aardvark ties with Zebra and comes first by name.
    assert [(v.label, v.count) for v in facet] == [("Aardvark", 1)]


def test_a_tag_that_cannot_reach_the_list_is_left_out(one_tag_listed, make_article):
    _places(make_article, ZEBRAS_AND_AN_AARDVARK)

    facet = search.search_articles("harbour").facets["place"]

    assert [(v.label, v.count) for v in facet] == [("Zebra", 2)]


# The archive of the exact-count test: 60 harbour stories (the matches) and 40 inland ones.
# People, so that their kind has far more than TAG_FACET_VALUES values among the matches:
# 30 named in 8 to 12 harbour stories (above the 100th place); 150 tied at the 100th place
# with 2 harbour stories each, 120 in no other story (in exactly as many articles as the
# last listed count, so they tie with it and may win by name) and 30 also in 1, 5 or 10
# inland stories; 40 in one harbour story and 20 inland ones (common in the archive, never
# listed); 60 in one harbour story only. Places: 12 values, fewer than are listed.
SYLLABLES = ["al", "Bo", "ca", "De", "el", "Fi", "go", "Ha", "iv", "Jo", "ka", "Lu"]


def _harbour_archive() -> list[int]:
    """Save the archive above, index it, and return the harbour stories' ids."""
    source = Source.named("Test Wire")
    harbour = [Article.objects.create(title=f"Harbour {n}", source=source) for n in range(60)]
    inland = [Article.objects.create(title=f"Inland {n}", source=source) for n in range(40)]
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=1, text=f"{article.title.split()[0]} news.")
        for article in harbour + inland
    )
    names = [f"{a}{b} {c}{d}" for a in SYLLABLES for b in "aeiou" for c in SYLLABLES for d in "xy"]
    people = iter(random.Random(19).sample(names, 280))
    links = {}

    def tag(kind, name, stories, count, start):
        for n in range(count):
            links[stories[(start + n) % len(stories)], kind, name] = None

    for n in range(30):
        tag("person", next(people), harbour, 8 + n % 5, start=n)
    for n in range(150):
        person = next(people)
        tag("person", person, harbour, 2, start=n)
        if n % 5 == 0:
            tag("person", person, inland, (1, 5, 10)[n % 3], start=n)
    for n in range(40):
        person = next(people)
        tag("person", person, harbour, 1, start=n)
        tag("person", person, inland, 20, start=n)
    for n in range(60):
        tag("person", next(people), harbour, 1, start=n)
    for n in range(12):
        tag("place", f"Port {n}", harbour, 1 + n, start=n)
    tags = {(kind, name): Tag.named(kind, name) for _, kind, name in links}
    ArticleTag.objects.bulk_create(
        ArticleTag(article=article, tag=tags[kind, name]) for article, kind, name in links
    )
    search.apply_pending()  # each story indexed once: no earlier version in the index
    return [article.pk for article in harbour]


def test_tag_facets_are_those_of_every_tag_counted(settings, db):
    settings.SEARCH_ENGINE = "whoosh"
    harbour = _harbour_archive()
    every_tag = defaultdict(Counter)
    for kind, slug, name in ArticleTag.objects.filter(article__in=harbour).values_list(
        "tag__kind", "tag__slug", "tag__name"
    ):
        every_tag[kind][slug, name] += 1

    expected = {
        kind: [(v.key, v.label, v.count) for v in values]
        for kind, values in tag_facets(every_tag).items()
    }
    found = search.search_articles("harbour").facets

    assert {kind: [(v.key, v.label, v.count) for v in found[kind]] for kind in expected} == expected
    assert not {"topic", "organisation", "exchange", "speaker"} & set(found)
    # Of 150 people tied at the 100th place, the first 70 by name, whatever their articles.
    assert len(expected["person"]) == TAG_FACET_VALUES
    listed = Counter(count for *_, count in expected["person"])
    assert listed == {2: 70} | dict.fromkeys(range(8, 13), 6)
    assert len(expected["place"]) == 12
