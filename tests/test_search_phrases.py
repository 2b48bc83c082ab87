"""Phrases of common or repeated words find exactly the articles that have them, on both
engines, and each word's positions are read once however often the phrase repeats it."""

import pytest

from articles import search
from articles.search.whoosh.fastpath import postings

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines

FIVE_BUFFALO = " ".join(["buffalo"] * 5)


@pytest.fixture
def buffalo_articles(engine, make_article):
    return {
        "five": make_article(
            title="Grammar corner",
            paragraphs=[f"The sentence {FIVE_BUFFALO} is grammatical, they say."],
        ),
        "four": make_article(
            title="Herd counts",
            paragraphs=["Buffalo buffalo buffalo buffalo, then a pause and one buffalo more."],
        ),
        "scattered": make_article(
            title="Buffalo notes",
            paragraphs=["Buffalo here.", "Buffalo there, buffalo everywhere, buffalo, buffalo."],
        ),
    }


def found(text: str) -> set[int]:
    results = search.search_articles(text, per_page=50)
    return {hit.article_id for hit in results.hits if not hit.partial}


def test_a_phrase_repeating_one_word_finds_only_the_article_with_the_whole_run(
    buffalo_articles,
):
    assert found(f'"{FIVE_BUFFALO}"') == {buffalo_articles["five"].id}
    assert found('"buffalo buffalo buffalo buffalo"') == {
        buffalo_articles["five"].id,
        buffalo_articles["four"].id,
    }


def test_a_hyphen_chain_of_one_word_is_the_same_phrase(buffalo_articles):
    assert found("-".join(["buffalo"] * 5)) == {buffalo_articles["five"].id}


def test_a_phrase_of_common_words_needs_them_in_order(engine, make_article):
    has_it = make_article(title="Lines", paragraphs=["One of the best of the year."])
    reversed_words = make_article(title="Lines", paragraphs=["The year, the best of it."])
    apart = make_article(title="Lines", paragraphs=["Of course the year was good."])

    assert found('"of the"') == {has_it.id}
    assert found('"the of"') == set()
    assert {reversed_words.id, apart.id}.isdisjoint(found('"of the"'))


def test_thirty_times_the_word_is_found_where_it_truly_runs(engine, make_article):
    thirty = " ".join(["the"] * 30)
    has_it = make_article(title="Stutter", paragraphs=[f"He typed {thirty} by mistake."])
    make_article(title="Stutter", paragraphs=[" ".join(["the"] * 29) + " end, the"])

    assert found(f'"{thirty}"') == {has_it.id}
    assert found("-".join(["the"] * 30)) == {has_it.id}


# Positions are read from Whoosh's own postings: the PostgreSQL engine has none to count.
@pytest.mark.parametrize("engine", ["whoosh"], indirect=True)
def test_each_word_of_a_phrase_has_its_positions_read_once(buffalo_articles, monkeypatch):
    reads = []
    read_positions = postings.positions_in

    def counted(reader, fieldname, word, docs, decode):
        reads.append((id(reader), fieldname, word))
        return read_positions(reader, fieldname, word, docs, decode)

    monkeypatch.setattr("articles.search.whoosh.fastpath.docsets.positions_in", counted)

    assert found(f'"{FIVE_BUFFALO}"') == {buffalo_articles["five"].id}
    assert reads and len(reads) == len(set(reads))


def test_a_chain_of_common_words_finding_nothing_asks_no_count_of_each_word(
    engine, make_article, django_assert_max_num_queries
):
    # No article has the chain, so "did you mean" looks for typos among its words: only
    # words long enough to be typos, each counted no further than rare (PostgreSQL counted
    # every word to 10,000 in each of three fields: 2 s at 2,000 articles).
    words = "the of and to in it that said from have this they"
    for n in range(8):
        make_article(title=f"{words} {n}", standfirst=words, paragraphs=[f"{words}."])
    chain = "-".join(reversed(words.split() * 2))

    with django_assert_max_num_queries(30):
        results = search.search_articles(chain)

    assert results.total == 0 and results.suggestion is None


def test_a_phrase_with_a_far_commoner_word_finds_and_ranks_its_articles(
    engine, make_article, settings
):
    # "said" is in 260 articles (three blocks of postings), "administration" in five: only
    # the blocks of "said" holding those five are read, and the phrase must still be exact.
    for n in range(260):
        make_article(title=f"Briefing {n}", paragraphs=[f"Officials said item {n} was done."])
    phrase = [
        make_article(
            title=f"Policy {n}",
            paragraphs=["The administration said so. " * (n + 1) + "Talks go on " * n],
        )
        for n in range(3)
    ]
    make_article(title="Apart", paragraphs=["The administration met; later they said nothing."])
    make_article(title="Alone", paragraphs=["The administration was silent."])

    results = search.search_articles('"administration said"', per_page=50)
    ranked = [hit.article_id for hit in results.hits]

    assert set(ranked) == {article.id for article in phrase} and results.total == 3
    if engine == "whoosh":  # the same order as Whoosh's own matchers give
        settings.SEARCH_FAST_PATH = False
        unhurried = search.search_articles('"administration said"', per_page=50)
        assert ranked == [hit.article_id for hit in unhurried.hits]


@pytest.mark.parametrize("text", ['"January the"', '"January, the"', '"January the"~2'])
def test_a_phrase_is_found_within_one_field_never_across_two(make_article, text):
    within = make_article(title="Winter", paragraphs=["In January the canals froze."])
    make_article(  # the headline's last word, then the standfirst's first
        title="Trade surplus rises in January", standfirst="The Hague says so.", paragraphs=["x"]
    )
    make_article(title="Prices fell in January", paragraphs=["The Hague reports."])

    assert found(text) == {within.id}
