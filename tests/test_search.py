import shutil

import pytest

from articles import search
from articles.search.whoosh import storage

from .conftest import found_ids


def test_it_finds_the_seed_by_its_words(seed_article):
    assert found_ids("Zelensky Witkoff") == [seed_article.pk]
    assert found_ids("Atlantis") == []
    assert found_ids('"Zelensky Atlantis"') == []


def test_it_finds_stemmed_forms(seed_article):
    assert found_ids("negotiation") == [seed_article.pk]  # the text says "negotiations"
    assert found_ids("talk") == [seed_article.pk]  # and "talks"


@pytest.mark.parametrize(
    "text", ["Poland's military", "Poland\u2019s military", '"Poland\'s military"']
)
def test_straight_and_curly_apostrophes_find_each_other(seed_article, text):
    # The seed writes "Poland’s" with a typographic apostrophe.
    assert found_ids(text) == [seed_article.pk]


def test_each_hit_carries_its_best_paragraphs_highlighted(seed_article):
    results = search.search_articles("Crimea annexed")

    snippets = results.hits[0].snippets
    assert snippets[0].position == 12
    assert '<mark class="hit hit-term' in snippets[0].html
    assert ">annexed</mark> <mark" in snippets[0].html
    assert len(snippets) <= 3


HOSTILE_QUERIES = [
    '"unbalanced quote',
    "(unbalanced (parens",
    "closing) only)",
    "AND",
    "OR NOT",
    "AND OR NOT ANDNOT ANDMAYBE",
    "(" * 1000 + "x" + ")" * 1000,
    "*",
    "*a*",
    "???",
    "*ing",
    "body:[a TO z]",
    "x~9",
    " ".join(f"w{n}*" for n in range(30)),
    "word " * 5000,
    "nul\x00byte",
    "\u202eright-to-left \u05e9\u05dc\u05d5\u05dd 🦄",
    "title:",
    ":::",
    "^^^ ~~~ ***",
]


@pytest.mark.usefixtures("engine")  # on both engines
@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_hostile_queries_return_results_never_errors(seed_article, text):
    results = search.search_articles(text)

    assert results.total >= 0
    assert results.page >= 1


def test_queries_the_parser_cannot_take_are_searched_as_plain_words_with_a_note(seed_article):
    results = search.search_articles("Zelensky AND OR NOT ANDNOT ANDMAYBE Crimea")

    assert results.notes == [
        "Your search could not be read as query syntax; searched as plain words."
    ]
    assert [hit.article_id for hit in results.hits] == [seed_article.pk]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ('"Zelensky talks', "A quote mark had no partner, so it was ignored."),
        ("(Zelensky OR Putin", "A parenthesis had no partner, so it was ignored."),
        ("Zelensky) OR talks", "A parenthesis had no partner, so it was ignored."),
        ("Zelensky AND", "AND, OR and NOT need words on both sides; the stray ones were left out."),
        (
            "OR Zelensky NOT",
            "AND, OR and NOT need words on both sides; the stray ones were left out.",
        ),
    ],
)
def test_unbalanced_syntax_and_lone_operators_are_searched_anyway_with_a_note(
    seed_article, text, note
):
    results = search.search_articles(text)

    assert note in results.notes
    assert [hit.article_id for hit in results.hits] == [seed_article.pk]


def test_operators_in_a_query_all_in_capitals_are_words(seed_article):
    results = search.search_articles("US AND UKRAINE TALKS OR NOT")

    assert [hit.article_id for hit in results.hits] == [seed_article.pk]
    assert not [note for note in results.notes if note.startswith(("Read as", "AND, OR"))]


def test_a_search_of_operators_alone_asks_for_words(seed_article):
    # Not a question: searching "and or not" as words would read most of the archive.
    results = search.search_articles("AND OR NOT")

    assert results.total == 0
    assert results.notes[0].startswith("AND, OR and NOT need words")


def test_leading_wildcards_are_refused_with_a_note(seed_article):
    results = search.search_articles("*ing")

    assert "Wildcards need at least 3 letters" in results.notes[0]


def test_very_long_queries_are_shortened_with_a_note(seed_article):
    results = search.search_articles("Zelensky " * 200)

    assert results.total == 1
    assert "shortened" in results.notes[0]


def test_a_missing_index_makes_search_unavailable_and_is_not_recreated(seed_article, index_dir):
    shutil.rmtree(index_dir)

    with pytest.raises(search.IndexUnavailable):
        search.search_articles("Zelensky")
    assert storage.live_dir() is None or not storage.live_dir().exists()


def test_a_corrupted_index_makes_search_unavailable(seed_article):
    for segment_file in storage.live_dir().iterdir():
        segment_file.write_bytes(segment_file.read_bytes()[:10])

    with pytest.raises(search.IndexUnavailable):
        search.search_articles("Zelensky")


def test_rebuild_restores_a_deleted_index(seed_article, index_dir):
    shutil.rmtree(index_dir)

    assert search.rebuild_index() == 1
    assert found_ids("Zelensky") == [seed_article.pk]


def test_rebuild_restores_a_corrupted_index(seed_article):
    for segment_file in storage.live_dir().iterdir():
        segment_file.write_bytes(b"\x00garbage")

    assert search.rebuild_index() == 1
    assert found_ids("Zelensky") == [seed_article.pk]


def test_rebuild_if_missing_leaves_a_readable_index_alone(seed_article):
    live = storage.live_dir()

    assert search.rebuild_index(if_missing=True) is None
    assert storage.live_dir() == live


def test_highlight_paragraphs_marks_every_matching_paragraph(seed_article):
    paragraphs = [(p.position, p.text) for p in seed_article.paragraphs.all()]

    marked = search.highlight_paragraphs("Crimea", paragraphs)

    assert [position for position, html in marked.items() if "<mark" in html] == [12]
    assert marked[1] == paragraphs[0][1].replace('"', "&quot;").replace("'", "&#x27;")
