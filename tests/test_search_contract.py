"""One contract, two engines: the same queries over the same articles give the same hits.

Every test runs once per engine. Ranking may differ between them, so hits are compared as
sets, except where the order is the contract (date sorting). The PostgreSQL engine's runs
need the suite on PostgreSQL (`make test-postgres`; `make test` runs both databases).
Every module marked `usefixtures("engine")` is part of the contract, on its own topic
(features, counts, snippets, spelling, words, reading, filters, undated, index following).
"""

import re
from datetime import UTC, datetime

import pytest

from articles import search

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def contract_articles(engine, make_article):
    """Return the four articles the contract searches, by name, written through the engine."""
    return {
        "talks": make_article(
            title="Peace talks resume in Geneva",
            standfirst="Diplomats meet again.",
            paragraphs=[
                "Security guarantees matter to both sides.",
                "The negotiations ran late into the night.",
                "Poland’s foreign minister joined the talks.",
            ],
            source="Reuters",
            published=datetime(2024, 3, 1, tzinfo=UTC),
        ),
        "trade": make_article(
            title="Trade deal signed",
            paragraphs=["Tariffs fall on steel.", "Exporters welcome the deal."],
            source="Test Wire",
            published=datetime(2023, 6, 1, tzinfo=UTC),
        ),
        "cafe": make_article(
            title="Café society returns",
            paragraphs=["Zürich BANKS report record profits.", "The US economy grows."],
            source="Test Wire",
        ),
        "drought": make_article(
            title="Weather report",
            paragraphs=["Rivers are low.", "Also mentions drought once."],
            source="Reuters",
            published=datetime(2022, 1, 1, tzinfo=UTC),
        ),
    }


def titles(text: str, articles, **options) -> set[str]:
    by_id = {article.pk: name for name, article in articles.items()}
    return {by_id[hit.article_id] for hit in search.search_articles(text, **options).hits}


CONTRACT = [
    ("talks", {"talks"}),
    ("negotiation", {"talks"}),  # stems: the text says "negotiations"
    ("Poland's minister", {"talks"}),  # straight apostrophe finds the typographic one
    ("cafe zurich", {"cafe"}),  # accents and case folded
    ("zurich banks", {"cafe"}),  # the text says "Zürich BANKS"
    ("US", {"cafe"}),  # no stop words
    ('"security guarantees"', {"talks"}),
    ('"guarantees security"', set()),
    ("tariffs OR guarantees", {"talks", "trade"}),
    ("signed NOT tariffs", set()),
    ("deal -peace", {"trade"}),
    ("(steel OR rivers) report", {"drought"}),
    ('"negotiations late"~4', {"talks"}),  # "negotiations ran late"
    ('"negotiations night"~4', set()),  # six words apart
    ("title:trade", {"trade"}),
    ("title:steel", set()),
    ("source:reuters", {"talks", "drought"}),
    ("source:wire", {"trade", "cafe"}),  # a word of the source's name, "Test Wire"
    ("guarant*", {"talks"}),
    ("negotiat*", {"talks"}),
    ("tarifs~1", {"trade"}),
    ("report", {"cafe", "drought"}),
    ("Atlantis", set()),
]


@pytest.mark.parametrize(("text", "expected"), CONTRACT)
def test_both_engines_find_the_same_articles(contract_articles, text, expected):
    assert titles(text, contract_articles) == expected


def test_both_engines_count_every_match_and_page_past_the_end_to_the_last_page(contract_articles):
    results = search.search_articles("the", page=99, per_page=2)

    assert (results.total, results.page, len(results.hits)) == (3, 2, 1)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["talks", "trade", "drought", "cafe"]),
        ("oldest", ["drought", "trade", "talks", "cafe"]),
    ],
)
def test_both_engines_sort_by_date_with_undated_articles_last(contract_articles, sort, expected):
    by_id = {article.pk: name for name, article in contract_articles.items()}
    hits = search.search_articles("the OR deal OR report", sort=sort).hits

    assert [by_id[hit.article_id] for hit in hits] == expected


def test_both_engines_rank_a_title_match_above_a_body_match(contract_articles, make_article):
    hits = search.search_articles("drought OR report").hits

    assert hits[0].article_id in {contract_articles["drought"].pk, contract_articles["cafe"].pk}
    first = search.search_articles("deal").hits[0]
    assert first.article_id == contract_articles["trade"].pk

    in_title = make_article(title="Drought deepens", paragraphs=["Rivers are low."])
    body_only = contract_articles["drought"]  # "Also mentions drought once."
    ids = [hit.article_id for hit in search.search_articles("drought").hits]
    assert ids == [in_title.pk, body_only.pk]


def marked_words(html: str) -> set[str]:
    return {word.lower() for word in re.findall(r"<mark[^>]*>([^<]*)</mark>", html)}


@pytest.mark.parametrize(
    ("text", "positions", "words"),
    [
        ("guarantees negotiations", [1, 2], {"guarantees", "negotiations"}),
        ("Poland talks", [3], {"poland", "talks"}),
        ("negotiat*", [2], {"negotiations"}),
    ],
)
def test_both_engines_highlight_the_same_paragraphs_and_words(
    contract_articles, text, positions, words
):
    (hit,) = search.search_articles(text).hits

    assert [snippet.position for snippet in hit.snippets] == positions
    assert set().union(*(marked_words(s.html) for s in hit.snippets)) == words


def test_both_engines_escape_markup_in_highlighted_text(engine, make_article):
    make_article(paragraphs=['A <script>alert("x")</script> payload & more.'])

    html = search.search_articles("payload").hits[0].snippets[0].html

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; more" in html
    assert marked_words(html) == {"payload"}
    if engine == "whoosh":  # Whoosh's marks also number the query word, for its colour
        assert '<mark class="hit hit-term0">payload</mark>' in html


def test_both_engines_mark_the_words_on_the_article_page(contract_articles):
    paragraphs = [(p.position, p.text) for p in contract_articles["talks"].paragraphs.all()]

    marked = search.highlight_paragraphs("negotiations Poland", paragraphs)

    assert [position for position, html in marked.items() if "<mark" in html] == [2, 3]
    assert "<mark" not in marked[1] and "Security guarantees" in marked[1]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ('"peace talks', "A quote mark had no partner, so it was ignored."),
        ("(peace OR trade", "A parenthesis had no partner, so it was ignored."),
        ("peace AND", "AND, OR and NOT need words on both sides; the stray ones were left out."),
        (
            "*ing",
            "Wildcards need at least 3 letters before * or ?, "
            "so they were searched as plain words.",
        ),
        (
            "peace AND OR NOT ANDNOT ANDMAYBE talks",
            "Your search could not be read as query syntax; searched as plain words.",
        ),
    ],
)
def test_both_engines_note_what_they_changed_in_a_query(contract_articles, text, note):
    results = search.search_articles(text)

    assert note in results.notes


def test_both_engines_complete_a_word_from_the_archive_commonest_first(make_article):
    for day in range(1, 4):
        make_article(title=f"Ukraine talks, day {day}", paragraphs=["Ukraine's envoys met."])
    make_article(title="A ukulele festival", paragraphs=["Ukuleles filled the square."])

    terms = search.frequent_terms("Uk")

    assert terms[0].startswith("ukrain")
    assert any(term.startswith("ukulel") for term in terms[1:])
    assert search.frequent_terms("zq") == []


def test_both_engines_complete_a_word_with_one_that_finds_every_form(make_article):
    article = make_article(title="Talks", paragraphs=["Negotiations resumed."])

    (term,) = search.frequent_terms("negot")

    assert [hit.article_id for hit in search.search_articles(term).hits] == [article.pk]


def test_both_engines_update_search_when_an_article_changes(contract_articles, make_article):
    from articles.indexing import queue

    article = contract_articles["trade"]
    article.title = "Commerce pact signed"
    article.save()
    queue.enqueue([article.pk], drain=False)
    search.apply_pending()

    assert titles("commerce", contract_articles) == {"trade"}
    queue.enqueue([article.pk], drain=False)
    article.delete()
    search.apply_pending()
    assert search.search_articles("commerce").total == 0


def test_both_engines_list_related_articles_on_the_article_page(client, make_article):
    text = ["Steel tariffs shook markets as exporters warned of job losses in the mills."]
    article = make_article(title="Steel tariffs", paragraphs=text, content_hash="a" * 64)
    cousin = make_article(title="Tariff fears", paragraphs=["Exporters warned of steel tariffs."])

    related = search.related_articles(article.pk, "Steel tariffs\n\n" + text[0])
    page = client.get(article.get_absolute_url())

    assert related == [cousin.pk]
    assert "Related articles" in page.text
    assert cousin.get_absolute_url() in page.text.split('id="related-heading"')[1]


def test_an_empty_archive_finds_nothing_instead_of_failing(client):
    """A new archive has no articles yet: its search says nothing matches, not 'unavailable'."""
    assert search.search_articles("harbour").total == 0
    page = client.get("/search/", {"q": "harbour"})
    assert page.status_code == 200
    api = client.get("/api/search", {"q": "harbour"})
    assert api.status_code == 200
    assert api.json()["total"] == 0
