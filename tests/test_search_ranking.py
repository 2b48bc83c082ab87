"""How a question in words ranks, on both engines: its stop words carry no weight."""

import pytest

from articles import search

from .conftest import found_ids

QUESTION = "How will the war with Russia end?"


@pytest.fixture(params=["whoosh", "postgres"], autouse=True)
def engine(request, settings, db):
    """Configure one engine for the test (the PostgreSQL one runs on PostgreSQL only)."""
    settings.SEARCH_ENGINE = request.param
    return request.param


@pytest.fixture
def squabbles(make_article):
    """Return articles full of a question's small words, and others without them."""
    written = [
        make_article(
            title="How political squabbles snowball",
            paragraphs=[
                "How will a war of words end? With a shrug, as it will with every quarrel."
            ],
        ),
        make_article(
            title="How to end a meeting on time",
            paragraphs=["Will the chair end it with a vote? How, and with whom, will it end?"],
        ),
        make_article(
            title="How markets will cope",
            paragraphs=["Traders will end the year with gains, and how they will spend them."],
        ),
    ]
    # Most of the archive is about Russia, and "how", "will" and "with" are rarer.
    for n in range(6):
        make_article(title=f"Weather report {n}", paragraphs=["Rain fell in Russia."])
    return written


def test_a_questions_small_words_do_not_decide_its_ranking(seed_article, squabbles):
    ids = found_ids(QUESTION)

    assert ids[0] == seed_article.pk
    assert set(ids) >= {article.pk for article in squabbles}  # they still match "end"


def test_a_questions_small_words_are_not_required_for_a_full_match(make_article, squabbles):
    # Neither "how" nor "will" nor "with" is in it, and every other word of the question is.
    answer = make_article(
        title="Ceasefire talks",
        paragraphs=["Diplomats say the war between Russia and Ukraine could end soon."],
    )

    results = search.search_articles(QUESTION)

    assert results.total == 1
    assert results.hits[0].article_id == answer.pk


def test_small_words_stay_searchable_in_phrases(seed_article, make_article):
    apart = make_article(title="Notes", paragraphs=["The war began. Trade with Russia fell."])

    assert found_ids('"war with Russia"') == [seed_article.pk]
    assert set(found_ids("war Russia")) == {seed_article.pk, apart.pk}


@pytest.mark.parametrize("text", ["how", "with", "will the", "How will it?"])
def test_a_question_of_small_words_alone_still_finds_them(squabbles, text):
    assert set(found_ids(text)) >= {squabbles[0].pk, squabbles[1].pk}


LONG_QUESTION = "Will the drought hurt the grain harvest, exports and the forecast?"


def test_a_long_question_ranks_most_of_its_words_above_one_word_everywhere(make_article):
    # "drought" is in one article's title, standfirst and body: one word, however often.
    echo = make_article(
        title="Drought", standfirst="Drought.", paragraphs=["Drought, drought everywhere."]
    )
    answer = make_article(
        title="Farm report",
        paragraphs=["Grain harvest forecast cut; exports fall."],
    )
    for n in range(8):
        make_article(title=f"Weather report {n}", paragraphs=["Rain fell in the valley."])
    make_article(title="Shipping", paragraphs=["Grain exports rose. The harvest forecast held."])

    ids = found_ids(LONG_QUESTION)

    assert ids.index(answer.pk) < ids.index(echo.pk)


def test_a_long_questions_pages_list_each_match_once_full_ones_first(monkeypatch, make_article):
    # The PostgreSQL engine ranks a long question's first articles again (RERANK_DEPTH of
    # them; five here): paging into and past them must neither repeat nor skip an article.
    monkeypatch.setattr("articles.search.postgres.searching.RERANK_DEPTH", 5)
    monkeypatch.setattr("articles.search.postgres.reranking.RERANK_DEPTH", 5)
    full = [
        make_article(
            title=f"Drought report {n}",
            paragraphs=["Grain harvest and exports hurt. " * (n + 1) + "The forecast is grim."],
        )
        for n in range(7)
    ]
    partial = [
        make_article(title=f"Grain note {n}", paragraphs=["Grain exports. " * (n + 1)])
        for n in range(6)
    ]

    listed = []
    for page in range(1, 6):
        asked = search.SearchParams(LONG_QUESTION, page=page, per_page=3, with_partial=True)
        results = search.search_articles(asked)
        listed += [(hit.article_id, hit.partial) for hit in results.hits]

    assert sorted(article_id for article_id, _ in listed) == sorted(
        article.pk for article in full + partial
    )
    assert [is_partial for _, is_partial in listed] == [False] * 7 + [True] * 6


def test_a_long_questions_title_word_weighs_by_its_rarity_among_titles(make_article):
    # "nations" is in many texts but one headline, "leagues" in many headlines: a headline
    # with "nations" says more, though "leagues" is the rarer word over whole articles.
    # (Both headlines and both texts are as long, in words and in bytes.)
    for n in range(10):
        make_article(title=f"Leagues weekly {n}", paragraphs=["Nations meet."])
    for n in range(2):
        make_article(title=f"Diary {n}", paragraphs=["Nations meet again."])
    leagues_headline = make_article(title="Leagues", paragraphs=["Six nations injuries."])
    nations_headline = make_article(title="Nations", paragraphs=["Six leagues injuries."])

    ids = found_ids("Six Nations leagues injuries")

    assert ids[:2] == [nations_headline.pk, leagues_headline.pk]


def test_a_joined_word_weighs_as_one_word_of_a_long_question(make_article):
    # "e-mail" is one word of the question: the article with it and "junk" (the commoner
    # word) has two of the four words, as the one with "spammers" and "convicted" has, and
    # ranks below it. Scored as two words, "e" and "mail" put it first.
    for n in range(4):
        make_article(title=f"Weather {n}", paragraphs=["Rain again today."])
    make_article(title="Junk food", paragraphs=["Junk food sales rose."])
    junk_mail = make_article(title="Junk e-mail", paragraphs=["Junk e-mail floods inboxes."])
    spammers = make_article(title="Spammers convicted", paragraphs=["Two spammers convicted."])

    ids = found_ids("spammers convicted for junk e-mail")

    assert ids[:2] == [spammers.pk, junk_mail.pk]
