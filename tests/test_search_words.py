"""What a word is, on both engines: a hyphen or other punctuation inside a word joins it, and a
possessive is its word (issue 13, points 1 and 2)."""

import re

import pytest
from django.db import connection

from articles import search
from articles.models import Article
from articles.search.whoosh import storage
from articles.search.whoosh.analysis import TEXT_FIELDS

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def joined(make_article):
    """Return {name: article} for articles whose words are joined by punctuation, or not."""
    texts = {
        "hyphen": ("Coca-Cola sales rise", "The drinks maker Coca-Cola reported growth."),
        "spaced": ("Drinks market", "Coca Cola and its rivals cut prices."),
        "run_together": ("Brand survey", "CocaCola tops the list again."),
        "crops": ("Bolivian farmers", "Coca crops grow in the valleys; cola nuts elsewhere."),
        "kilroy": ("Kilroy-Silk quits the party", "Robert Kilroy-Silk left on Monday."),
        "silk": ("Silk road revival", "Kilroy was here, said the graffiti on the silk mill."),
        "rapper": ("Jay-Z tours Europe", "The rapper Jay-Z plays Paris."),
        "rosen": ("Press critic", "Jay Rosen writes about the press; Z is a letter."),
        "pepsi": ("Cola wars", "Coca-Cola and Pepsi fight for shelf space."),
        "initials": ("Trade talks", "U.S. officials met AT&T executives after the 9/11 "),
        "letters": ("Phone company", "U S West Inc and two U. S. makers expand."),
        "sums": ("Deal done", "The bid of £1.13bn was backed by O'Brien, who said: I don’t mind."),
    }
    return {
        name: make_article(title=title, paragraphs=[text]) for name, (title, text) in texts.items()
    }


def found(text: str, articles: dict) -> set[str]:
    by_id = {article.pk: name for name, article in articles.items()}
    return {by_id[hit.article_id] for hit in search.search_articles(text).hits}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coca-Cola", {"hyphen", "spaced", "run_together", "pepsi"}),
        ("Coca-Cola -Pepsi", {"hyphen", "spaced", "run_together"}),
        ("-Pepsi Coca-Cola", {"hyphen", "spaced", "run_together"}),
        ("Kilroy-Silk", {"kilroy"}),
        ("title:Kilroy-Silk", {"kilroy"}),
        ('"Kilroy-Silk"', {"kilroy"}),
        ("Jay-Z", {"rapper"}),
        ("U.S.", {"initials"}),
        ("AT&T", {"initials"}),
        ("9/11", {"initials"}),
        ("£1.13bn", {"sums"}),
        ("O'Brien", {"sums"}),
        ("O’Brien backed", {"sums"}),
        ("don't", {"sums"}),
    ],
)
def test_punctuation_inside_a_word_joins_it_and_never_excludes(joined, text, expected):
    assert found(text, joined) == expected


@pytest.fixture
def marked(make_article):
    """Return {name: article} for texts whose words sit in marks PostgreSQL's parser reads
    as something else: a tag, a file name, an e-mail address, an entity, a compound."""
    texts = {
        "ticker": (
            "<FRANKLIN U.S. GOVERNMENT SECURITIES FUND> PAYOUT",
            "Texas Instruments Inc <TXN> joins <BANK OF CHINA> in the card network.",
        ),
        "slash": ("Sulphur study", "A government/industry panel works 24/7 on the plan."),
        "address": ("Letters", "Write to desk@example.com or read www.example.com/news today."),
        "entity": ("Retail", "Marks &amp; Spencer opened a store."),
        "compound": ("Talks", "Prime Minister-designate Noboru Takeshita called."),
    }
    return {
        name: make_article(title=title, paragraphs=[text]) for name, (title, text) in texts.items()
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("txn", {"ticker"}),
        ("franklin", {"ticker"}),
        ("title:franklin", {"ticker"}),
        ('"bank of china"', {"ticker"}),
        ("government", {"ticker", "slash"}),
        ("industry", {"slash"}),
        ("24/7", {"slash"}),
        ("desk", {"address"}),
        ("news", {"address"}),
        ("spencer", {"entity"}),
        ('"prime minister"', {"compound"}),
        ("Minister-designate", {"compound"}),
    ],
)
def test_words_inside_marks_are_words_on_both_engines(marked, text, expected):
    assert found(text, marked) == expected


def test_a_thousands_comma_is_also_the_number_written_without_it(make_article):
    articles = {
        "figure": make_article(title="Exports", paragraphs=["Exports reached 1,849 tonnes."]),
        "plain": make_article(title="Mill", paragraphs=["The mill made 1849 tonnes."]),
        "apart": make_article(title="Other", paragraphs=["Some 849 tonnes came, and 1 more."]),
    }

    assert found("1,849", articles) == {"figure", "plain"}


def test_a_hyphenated_word_is_one_phrase_ranked_above_its_parts_alone(joined):
    results = search.search_articles("Kilroy-Silk")

    assert results.total == 1
    assert results.hits[0].article_id == joined["kilroy"].pk


def test_the_seed_is_found_by_the_hyphenated_words_of_its_own_headline(seed_article):
    for text in ("US-Ukraine", "US-Ukraine talks", "title:US-Ukraine", '"US-Ukraine talks"'):
        results = search.search_articles(text)
        assert [hit.article_id for hit in results.hits] == [seed_article.pk], text
        assert results.total == 1, text


@pytest.fixture
def poland(make_article, seed_article):
    """Return {name: article}: the seed ("Poland’s military") and articles naming Poland."""
    return {
        "seed": seed_article,
        "plain": make_article(title="Poland votes", paragraphs=["Poland elects a president."]),
        "straight": make_article(title="Budget", paragraphs=["Poland's budget grows."]),
        "other": make_article(title="Its own", paragraphs=["The country's army's drill."]),
    }


@pytest.mark.parametrize("text", ["Poland's", "Poland’s", "Poland", "POLAND'S", "poland"])
def test_a_possessive_finds_the_same_articles_as_its_word(poland, text):
    assert found(text, poland) == {"seed", "plain", "straight"}


@pytest.mark.parametrize("text", ['"Poland\'s military"', '"Poland’s military"'])
def test_the_exact_phrase_with_a_possessive_still_finds_the_seed(poland, text):
    assert found(text, poland) == {"seed"}


def test_a_possessive_is_highlighted_as_its_word(poland):
    (hit,) = [
        h for h in search.search_articles("Poland's").hits if h.article_id == poland["seed"].pk
    ]

    assert re.search(r"<mark[^>]*>Poland</mark>’s military", hit.snippets[0].html)


def test_no_one_letter_s_term_is_indexed(engine, poland):
    assert "s" not in indexed_terms(engine)
    assert {"poland", "countri", "armi"} <= indexed_terms(engine)


def indexed_terms(engine: str) -> set[str]:
    """Return every term (Whoosh) or lexeme (PostgreSQL) of the search documents' text."""
    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT lexeme FROM articles_searchdocument, unnest(vector) AS v"
            )
            return {row[0] for row in cursor.fetchall()}
    with storage.open_live().reader() as reader:
        return {term.decode() for name in TEXT_FIELDS for term in reader.lexicon(name)}


def test_rebuilding_the_index_drops_the_possessive_terms(engine, poland):
    search.rebuild_index()

    assert "s" not in indexed_terms(engine)
    assert found("Poland's", poland) == {"seed", "plain", "straight"}
    assert Article.objects.count() == 4


@pytest.mark.parametrize(
    "text", ["-".join(["the"] * 200), '"' + " ".join(["the"] * 40) + '"', "oil " * 5 + "a-b-" * 20]
)
def test_a_long_joined_word_or_phrase_is_bounded_by_the_word_limit(seed_article, text):
    # Each word of a phrase is a position to check: 166 of "the" took seconds at 2,000 articles.
    results = search.search_articles(text)

    assert "Searches use at most 30 terms; the rest were left out." in results.notes
