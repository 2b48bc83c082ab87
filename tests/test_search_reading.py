"""A query is syntax only where it clearly is; otherwise it is a question, searched as words.

On both engines (issue 13, point 4): a `?`, brackets, hyphens or capitals never switch a
question into strict syntax, and when syntax is read, a note says how.
"""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles import search
from articles.search.reading import reads_as_syntax
from articles.views.syntax_examples import SYNTAX_EXAMPLES

pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


@pytest.fixture
def question_articles(make_article):
    """Return {name: article} for a few articles written for these tests."""
    texts = {
        "opec": ("OPEC may cut output", "The outlook for oil prices is weak; will OPEC act?"),
        "oil": ("Oil prices", "Oil prices rose again on Monday."),
        "verdict": ("Banker cleared", "A not guilty verdict for the banker came on Friday."),
        "guilty": ("Banker jailed", "The jury found the banker guilty; the verdict is final."),
        "kyiv_peace": ("Kyiv hopes", "Kyiv wants peace by spring."),
        "moscow_peace": ("Moscow talks", "Moscow speaks of peace."),
        "kyiv_war": ("Kyiv shelled", "War came to Kyiv again."),
    }
    return {
        name: make_article(title=title, paragraphs=[text]) for name, (title, text) in texts.items()
    }


def names(results, articles) -> list[str]:
    by_id = {article.pk: name for name, article in articles.items()}
    return [by_id[hit.article_id] for hit in results.hits]


def test_a_question_mark_inside_a_question_is_punctuation(question_articles):
    asked = search.search_articles("What is the outlook for oil prices? Will OPEC cut output?")
    written = search.search_articles("What is the outlook for oil prices, Will OPEC cut output")

    assert names(asked, question_articles) == names(written, question_articles)
    assert names(asked, question_articles)[0] == "opec"
    assert (asked.total, asked.partial_total) == (written.total, written.partial_total)
    assert asked.partial_total  # the articles with most of the words follow
    assert not [note for note in asked.notes if note.startswith("Read as")]


def test_a_query_in_capitals_is_words_not_operators(question_articles):
    shouted = search.search_articles("NOT GUILTY VERDICT FOR BANKER")
    spoken = search.search_articles("not guilty verdict for banker")

    assert names(shouted, question_articles) == names(spoken, question_articles)
    # NOT excluded nothing: the article that says "guilty" is found too
    assert {"verdict", "guilty"} <= set(names(shouted, question_articles))
    assert shouted.total == spoken.total
    assert not [note for note in shouted.notes if note.startswith("Read as")]


@pytest.mark.parametrize(
    "text",
    [
        "Why (if at all) did oil prices rise?",
        "oil prices [Monday]",
        "Oil prices: rose?",
        "Will oil-prices rise?",
    ],
)
def test_brackets_colons_and_hyphens_leave_a_question_in_words(question_articles, text):
    results = search.search_articles(text)

    assert "oil" in names(results, question_articles)
    assert not [note for note in results.notes if "syntax" in note or "Read as" in note]


def test_or_binds_closer_than_words_side_by_side_on_both_engines(question_articles):
    results = search.search_articles("Kyiv OR Moscow peace")

    assert set(names(results, question_articles)) == {"kyiv_peace", "moscow_peace"}
    assert results.notes[0] == "Read as: (Kyiv OR Moscow) AND peace."
    grouped = search.search_articles("(Kyiv OR Moscow) peace")
    assert set(names(grouped, question_articles)) == {"kyiv_peace", "moscow_peace"}


def test_a_minus_excludes_its_word_alone_as_the_note_says_on_both_engines(question_articles):
    results = search.search_articles("Kyiv -war OR peace")

    assert results.notes[0] == "Read as: Kyiv AND (NOT war OR peace)."
    assert set(names(results, question_articles)) == {"kyiv_peace"}


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Kyiv OR Moscow", "Read as: Kyiv OR Moscow."),
        ("Kyiv -war", "Read as: Kyiv AND NOT war."),
        ("Kyiv NOT war", "Read as: Kyiv AND NOT war."),
        ("title:Kyiv", "Read as: Kyiv in the headline."),
        ('"peace by spring"', "Read as: the phrase “peace by spring”."),
        ('"Kyiv peace"~3', "Read as: “Kyiv” and “peace” at most 3 words apart."),
        ("prices?", None),
        ("pric*", "Read as: words starting “pric”."),
        ("Moskow~1", "Read as: “Moskow” or words one letter away."),
        ("oil prices", None),
    ],
)
def test_syntax_read_is_said_in_a_note(question_articles, text, note):
    results = search.search_articles(text)

    readings = [note for note in results.notes if note.startswith("Read as")]
    assert readings == ([note] if note else [])
    assert results.total >= 1


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ('"oil prices"', True),
        ("title:oil", True),
        ("oil -gas", True),
        ("-gas oil", True),
        ("negotiat*", True),
        ("Zelenskiy~1", True),
        ("oil OR gas", True),
        ("(oil OR gas) AND prices", True),
        ("What is the outlook for oil prices? Will OPEC cut output?", False),
        ("NOT GUILTY VERDICT FOR BANKER", False),
        ("MATHEMATICAL ANALYSIS AND DESIGN DETAILS OF WAVEGUIDE FED MICROWAVE RADIATIONS", False),
        ("Why (if at all) did oil rise?", False),
        ("US-Ukraine talks", False),
        ("Note: oil prices", False),
        ('He said "no', False),
        ("oil - gas", False),
        ("AND OR NOT", True),  # operators alone: a note asks for words
    ],
)
def test_syntax_is_read_only_where_it_clearly_is(text, syntax):
    assert reads_as_syntax(text) is syntax


def test_the_results_page_says_how_syntax_was_read(client, question_articles):
    response = client.get(reverse("articles:search"), {"q": "Kyiv OR Moscow peace"})

    assertContains(response, "Read as: (Kyiv OR Moscow) AND peace.")
    question = client.get(reverse("articles:search"), {"q": "Will Kyiv see peace?"})
    assertNotContains(question, "Read as")


@pytest.mark.parametrize(("example", "meaning"), SYNTAX_EXAMPLES)
def test_every_help_example_finds_the_seed_on_both_engines(seed_article, example, meaning):
    results = search.search_articles(example)

    assert [hit.article_id for hit in results.hits] == [seed_article.pk]
