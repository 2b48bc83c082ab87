"""A long question borrows words from its best articles to order the rest (feedback.py)."""

import pytest
from django.db import connection

from articles import search
from articles.search.feedback import FEEDBACK_WEIGHT, borrowed_words
from articles.search.postgres.feedback import forget_statistics

QUESTION = "How fast is broadband growth in Britain?"  # four weighty words: a long question


@pytest.fixture(params=["whoosh", "postgres"])
def engine(request, settings, db):
    """Configure one engine for the test (the PostgreSQL one runs on PostgreSQL only)."""
    settings.SEARCH_ENGINE = request.param
    return request.param


def analysed(engine: str) -> None:
    """Let PostgreSQL gather its statistics on the words, which tell it how rare each is."""
    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_searchdocument")
        forget_statistics()


@pytest.fixture
def broadband(engine, make_article):
    """Return (the full matches, a partial match on the subject, one off it)."""
    full = [
        make_article(
            title=f"Fast broadband growth in Britain, part {n}",
            paragraphs=["Ofcom counted more fibre subscribers and faster connections."],
        )
        for n in range(3)
    ]
    on_subject = make_article(
        title="Regulator's report",
        paragraphs=["Ofcom says fibre subscribers rose across Britain."],
    )
    # "Britain" twice: the plain score puts this one first among the partial matches.
    off_subject = make_article(
        title="Tourism report",
        paragraphs=["Visitors to Britain spent more; Britain gained."],
    )
    for n in range(40):
        make_article(title=f"Weather report {n}", paragraphs=["Rain fell in the valley."])
    analysed(engine)
    return full, on_subject, off_subject


def test_a_partial_match_on_the_subject_of_the_best_articles_ranks_first(broadband):
    full, on_subject, off_subject = broadband

    results = search.search_articles(QUESTION)
    ids = [hit.article_id for hit in results.hits]

    assert set(ids[:3]) == {article.pk for article in full}
    assert ids[3:] == [on_subject.pk, off_subject.pk]


def test_borrowed_words_change_no_count(broadband):
    results = search.search_articles(QUESTION)

    assert (results.total, results.partial_total) == (3, 2)
    assert [hit.partial for hit in results.hits] == [False] * 3 + [True] * 2


def test_a_short_question_borrows_nothing(broadband):
    _, on_subject, off_subject = broadband

    ids = [hit.article_id for hit in search.search_articles("broadband Britain").hits]

    assert ids[3:] == [off_subject.pk, on_subject.pk]  # the plain score's order


def test_borrowed_words_are_those_several_best_articles_share_and_the_archive_rarely_has():
    articles = [
        ["ofcom", "fibre", "broadband", "the", "unique"],
        ["ofcom", "fibre", "broadband", "the"],
        ["ofcom", "the", "other"],
    ]
    in_archive = {"ofcom": 3, "fibre": 5, "broadband": 4, "the": 100, "unique": 1, "other": 2}

    borrowed = borrowed_words(articles, ["broadband"], in_archive.get, archive_size=100)

    # Not the question's own word, not a word of one article alone, not one in most articles.
    assert set(borrowed) == {"ofcom", "fibre"}
    # The most telling word weighs a fifth of a question's word; the others less.
    assert borrowed["ofcom"] == pytest.approx(FEEDBACK_WEIGHT)
    assert 0 < borrowed["fibre"] < FEEDBACK_WEIGHT


def test_only_words_that_could_be_borrowed_are_looked_up_in_the_archive():
    # Ten articles share sixty words, the first the most: each looked up costs an index
    # read, and past the twentieth best weight the later, smaller shares cannot reach it.
    words = [f"word{n:02}" for n in range(60)]
    articles = [[word for n, word in enumerate(words) for _ in range(60 - n)] for _ in range(10)]
    in_archive = dict.fromkeys(words, 5)
    asked = []

    def frequency(word: str) -> int:
        asked.append(word)
        return in_archive[word]

    borrowed = borrowed_words(articles, [], frequency, archive_size=1000)

    assert list(borrowed) == words[:20]  # the twenty largest shares, largest first
    assert len(asked) < len(words)
