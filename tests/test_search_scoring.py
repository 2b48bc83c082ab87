"""Scoring a known set of documents gives Whoosh's own BM25F order."""

import math

import pytest
from whoosh.query import Phrase

from articles import search
from articles.search.whoosh.fastpath import combined, docsets, scoring
from articles.search.whoosh.fastpath.docsets import matching_docs
from articles.search.whoosh.fastpath.scoring import ranked_ids
from articles.search.whoosh.query import in_any_field, parse
from articles.search.whoosh.searching import _searcher


def test_scoring_known_documents_matches_whoosh_order(make_article):
    for n in range(8):
        make_article(
            title="Oil prices" if n % 3 == 0 else f"Market note {n}",
            paragraphs=["Oil " * (n + 1) + "refinery output rose.", "Prices in Texas."][
                : 1 + n % 2
            ],
        )
    searcher = _searcher()
    queries = ["oil", "oil refinery", "oil OR texas", "oil -texas"]
    # Phrases: "oil prices" is a phrase in some titles only, though bodies have both words.
    queries += ['"oil prices"', '"refinery output"', '"oil output"~3 texas', '"oil oil" OR prices']
    for text in queries:
        query = parse(text, searcher.reader()).query
        docs = matching_docs(query, searcher)

        whoosh_order = [int(hit["id"]) for hit in searcher.search(query, limit=None)]

        assert whoosh_order, text  # every query finds something to order
        terms = scoring.scoring_terms(query, searcher)
        by_blocks = scoring._block_scores(searcher, terms, docs)
        assert by_blocks == pytest.approx(scoring._scores(searcher, terms, docs)), text
        assert ranked_ids(searcher, query, docs, limit=20) == whoosh_order, text
        assert len(docs) == len(whoosh_order), text


def test_phrases_find_exactly_the_documents_whoosh_finds(make_article):
    texts = [
        "Oil prices rose. Prices of oil fell.",
        "The oil oil field; oil prices and more oil prices.",
        "Prices oil. Oil. Prices.",
        "Crude oil prices rose sharply in March.",
        "Oil oil oil prices, oil prices oil.",
    ]
    for n, text in enumerate(texts * 3):
        make_article(title=f"Market note {n}", paragraphs=[text, "Oil", "prices rose"])
    make_article(title="Withdrawn", paragraphs=["Oil prices rose."]).delete()
    search.apply_pending()  # a deleted document stays in the postings of its segment
    searcher = _searcher()
    phrases = [("oil", "price"), ("oil", "oil"), ("price", "rose"), ("crude", "oil", "price")]
    # Repeated words are read once and checked at each of their places (_phrase_starts).
    phrases += [("oil", "oil", "oil"), ("oil", "price", "oil"), ("price", "oil", "price")]
    phrases += [("oil", "price", "rose"), ("crude", "oil", "price", "rose")]
    for words in phrases:
        phrase = Phrase("body", list(words))

        found = docsets._phrase_docs(phrase, searcher)

        assert found == set(phrase.matcher(searcher).all_ids()), words
        assert found, words  # each phrase is in some article


def test_best_few_are_found_without_scoring_every_match_and_match_whoosh(make_article):
    # "harbour" twice in three titles and once in their bodies, and once in the bodies of
    # thirty other articles: the title matches outscore anything a body mention alone
    # could reach, so only they are scored.
    for n in range(3):
        make_article(title=f"Harbour news {n}: harbour reopens", paragraphs=["The harbour."])
    for n in range(30):
        make_article(title=f"Market note {n}", paragraphs=[f"Ships left the harbour. Note {n}."])

    searcher, docs, terms, pruned = _pruned_best_three("harbour")

    assert pruned is not None and len(pruned) == 3 < len(docs) == 33
    assert scoring._pruned_scores(searcher, terms, docs, limit=33) is None  # nothing to skip


def test_documents_with_only_low_scoring_words_are_never_scored(make_article):
    # "harbour tug": six titles have both words twice, thirty bodies have both once. The
    # best three of the first word's titles leave room for the second word's titles to
    # reach them, so those are scored too; body mentions alone can reach neither.
    for n in range(3):
        make_article(title=f"Harbour and tug {n}: harbour tug", paragraphs=["A tug, a harbour."])
        make_article(title=f"Tug and harbour {n}: tug harbour", paragraphs=["A harbour tug."])
    for n in range(30):
        make_article(title=f"Market note {n}", paragraphs=[f"A tug left the harbour. Note {n}."])

    _, docs, _, pruned = _pruned_best_three("harbour tug")

    assert len(docs) == 36 and pruned is not None and len(pruned) == 6


def _pruned_best_three(text: str) -> tuple:
    """Return (searcher, docs, terms, pruned scores) for the best 3 of `text`, having
    checked that the pruned scores equal full scoring and the ranking equals Whoosh's."""
    searcher = _searcher()
    query = parse(text, searcher.reader()).query
    docs = matching_docs(query, searcher)
    terms = scoring.scoring_terms(query, searcher)

    pruned = scoring._pruned_scores(searcher, terms, docs, limit=3)
    everything = scoring._block_scores(searcher, terms, docs)

    assert all(pruned[docnum] == everything[docnum] for docnum in pruned or {})
    whoosh_order = [int(hit["id"]) for hit in searcher.search(query, limit=3)]
    assert ranked_ids(searcher, query, docs, limit=3) == whoosh_order
    return searcher, docs, terms, pruned


@pytest.mark.parametrize("fast_path", [True, False])
def test_a_long_questions_words_are_scored_once_over_the_fields_together(
    make_article, settings, fast_path
):
    settings.SEARCH_FAST_PATH = fast_path  # off: Whoosh's own postings, the same scores
    for n in range(8):
        make_article(
            title="Oil prices" if n % 3 == 0 else f"Market note {n}",
            standfirst="Refinery output" if n % 2 else "",
            paragraphs=["Oil " * (n + 1) + "refinery output rose.", "Prices in Texas."][
                : 1 + n % 2
            ],
        )
    searcher = _searcher()
    words = ["oil", "refineri", "output", "price", "texa"]
    docs = matching_docs(parse(" OR ".join(words), searcher.reader()).query, searcher)

    best = combined.top_combined(searcher, words, in_any_field, docs, 20, title_extra=0.5)

    expected = {docnum: _combined_by_hand(searcher, words, docnum) for docnum in docs}
    assert best == sorted(docs, key=lambda docnum: (-expected[docnum], docnum))
    assert len(set(expected.values())) > 3  # the order is not decided by ties


def _combined_by_hand(searcher, words: list[str], docnum: int) -> float:
    """Return the document's score as combined.py's docstring defines it, from Whoosh's
    own postings and field lengths."""
    total = 0.0
    for word in words:
        together = title = 0.0
        for field in ("title", "standfirst", "body"):
            if (field, word) not in searcher.reader():
                continue
            postings = searcher.postings(field, word)
            postings.skip_to(docnum)
            if not postings.is_active() or postings.id() != docnum:
                continue
            average = searcher.avg_field_length(field)
            length = searcher.doc_field_length(docnum, field)
            share = postings.weight() / ((1 - combined.B) + combined.B * length / average)
            together += share
            title += share if field == "title" else 0.0
        # The title's share is weighed by the word's rarity among titles (Robertson's idf).
        articles, in_titles = searcher.doc_count_all(), searcher.doc_frequency("title", word)
        title_idf = math.log(1 + (articles - in_titles + 0.5) / (in_titles + 0.5))
        for frequency, idf, weight in (
            (together, searcher.idf("body", word), 1.0),
            (title, title_idf, 0.5),
        ):
            total += weight * idf * (combined.K1 + 1) * frequency / (frequency + combined.K1)
    return total


def test_a_phrase_repeating_a_word_reads_positions_only_where_the_word_is_often_enough(
    make_article, monkeypatch
):
    # "the the the" needs "the" three times: the two articles with it once or twice are
    # never read for their positions (a posting's weight is the word's count).
    run = make_article(title="Run", paragraphs=["Say the the the word."])
    make_article(title="Once", paragraphs=["Say the word."])
    make_article(title="Twice", paragraphs=["Say the word, then the end."])
    make_article(title="Thrice", paragraphs=["The cat, the dog and the end."])
    asked = []
    read_positions = docsets.positions_in

    def recorded(reader, fieldname, word, docs, decode):
        asked.append((fieldname, frozenset(docs)))
        return read_positions(reader, fieldname, word, docs, decode)

    monkeypatch.setattr(docsets, "positions_in", recorded)
    searcher = _searcher()

    found = matching_docs(Phrase("body", ["the", "the", "the"]), searcher)

    assert [int(searcher.stored_fields(docnum)["id"]) for docnum in found] == [run.pk]
    # Each segment's documents are numbered from 0: two read in all, Run's and Thrice's.
    assert sum(len(docs) for _, docs in asked) == 2
