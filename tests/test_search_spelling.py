"""Did you mean: offered only for words close enough to be typos, and only when the
respelled query finds more than the query typed. On both engines."""

import pytest

from articles import search

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def near_words(make_article):
    """Words a few letters away from `xyzzyq plugh`, none of them a typo of it."""
    for n in range(3):
        make_article(
            title=f"XYZQ ploughed fields {n}",
            paragraphs=["The XYZQ tractor ploughed the fields; farmers ploughed on."],
        )


def test_no_suggestion_is_offered_for_words_too_far_to_be_typos(near_words):
    assert search.search_articles("xyzzyq plugh").suggestion is None
    assert search.search_articles("xyzzyq").suggestion is None


def test_a_suggestion_is_offered_only_when_it_finds_more(make_article):
    make_article(title="Ploughed fields", paragraphs=["The tractor ploughed the fields."])

    alone = search.search_articles("plouhged")
    with_a_word_nobody_wrote = search.search_articles("plouhged atlantis")

    assert alone.suggestion == "ploughed"
    assert with_a_word_nobody_wrote.total == 0
    assert with_a_word_nobody_wrote.suggestion is None  # "ploughed atlantis" finds none either


# Whoosh only: the PostgreSQL engine compares whole words of its vocabulary (no stems), so
# it offers only forms the articles write, and "received" is two edits from "recieve".
@pytest.mark.parametrize("engine", ["whoosh"], indirect=True)
def test_a_typo_is_respelled_in_the_form_typed_when_articles_write_another(make_article):
    make_article(title="Letters", paragraphs=["The ministry received the letters."])

    assert search.search_articles("recieve letters").suggestion == "receive letters"
