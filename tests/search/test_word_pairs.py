"""Exact phrases in the body come from the word-pair field, with Whoosh's own answers."""

from whoosh import index
from whoosh.fields import Schema
from whoosh.query import Phrase

from articles import search
from articles.search import docsets, storage
from articles.search.analysis import PAIRS_FIELD, build_schema, pair_analyzer
from articles.search.searching import _searcher

TEXTS = [
    "Oil prices rose. Prices of oil fell.",
    "The oil oil field; oil prices and more oil prices.",
    "Prices oil. Oil. Prices.",
    "Crude oil prices rose sharply in March.",
]


def _articles(make_article):
    for n, text in enumerate(TEXTS * 2):
        # The last word of one paragraph and the first of the next are neighbours too,
        # as they are for Whoosh's positions ("... Oil" "prices rose").
        make_article(title=f"Market note {n}", paragraphs=[text, "Oil", "prices rose"])


def test_pairs_answer_phrases_exactly_as_positions_do(make_article):
    _articles(make_article)
    searcher = _searcher()
    for words in [("oil", "price"), ("oil", "oil"), ("price", "oil"), ("crude", "oil", "price")]:
        phrase = Phrase("body", list(words))

        by_pairs = docsets._paired_docs(phrase, searcher)

        assert by_pairs is not None  # the pair field answered
        assert docsets._phrase_docs(phrase, searcher) == set(phrase.matcher(searcher).all_ids())
        assert by_pairs >= docsets._phrase_docs(phrase, searcher)
        if len(words) == 2:
            assert by_pairs == set(phrase.matcher(searcher).all_ids()), words


def test_pair_analyzer_joins_neighbouring_words_and_accepts_empty_text():
    assert [t.text for t in pair_analyzer()("Oil prices ROSE")] == ["oil price", "price rose"]
    assert [t.text for t in pair_analyzer()("")] == []
    assert [t.text for t in pair_analyzer()("Oil")] == []


def test_an_article_without_paragraphs_is_indexed_and_found(make_article):
    make_article(title="Headline only", paragraphs=[])

    assert search.search_articles("headline").total == 1


def test_an_index_without_the_pair_field_still_indexes_and_finds_phrases(make_article):
    # As an index built before the field existed: writes skip it, phrases use positions.
    older = Schema(**{name: field for name, field in build_schema().items() if name != PAIRS_FIELD})
    folder, _ = storage.create_build()
    index.create_in(str(folder), older)
    storage.swap_in(folder)
    _articles(make_article)

    searcher = _searcher()
    phrase = Phrase("body", ["oil", "price"])

    assert PAIRS_FIELD not in searcher.schema
    assert docsets._paired_docs(phrase, searcher) is None
    assert docsets._phrase_docs(phrase, searcher) == set(phrase.matcher(searcher).all_ids())
    assert search.search_articles('"crude oil prices"').total == 2
