"""Snippets start and end on whole words, and say where they were cut. On both engines."""

import re
from html import unescape

import pytest

from articles import search

# Words with apostrophes inside, where a cut used to fall: "O'Brien" shown as "Brien".
APOSTROPHES = "O'Brien's aides don't say they can't, and Alberta's rivals won't"


pytestmark = pytest.mark.usefixtures("engine")  # each test on both engines


def long_paragraph(shift: int) -> str:
    """About 150 words with apostrophes throughout and "pipeline" once in the middle."""
    before = " ".join([APOSTROPHES] * 6).split()[shift:]
    return " ".join([*before, "the", "pipeline", "reopened;", APOSTROPHES, APOSTROPHES, "."])


def shown_text(html) -> str:
    return unescape(re.sub(r"<[^>]+>", "", str(html)))


def test_snippets_are_cut_between_words_and_say_so(make_article):
    paragraphs = {}
    for shift in range(8):
        paragraph = long_paragraph(shift)
        article = make_article(title=f"Report {shift}", paragraphs=[paragraph])
        paragraphs[article.pk] = paragraph

    hits = search.search_articles("pipeline", per_page=20).hits

    assert len(hits) == 8
    for hit in hits:
        text, shown = paragraphs[hit.article_id], shown_text(hit.snippets[0].html)
        excerpt = shown.removeprefix("… ").removesuffix(" …")
        start = text.find(excerpt)
        end = start + len(excerpt)
        assert start >= 0, shown
        assert start == 0 or text[start - 1] == " ", f"cut inside a word: {shown!r}"
        assert end == len(text) or text[end] == " ", f"cut inside a word: {shown!r}"
        assert shown.startswith("… ") == (start > 0), shown
        assert shown.endswith(" …") == (end < len(text)), shown


def test_a_whole_short_paragraph_has_no_ellipsis(make_article):
    make_article(paragraphs=["O'Brien's pipeline reopened."])

    (snippet,) = search.search_articles("pipeline").hits[0].snippets

    assert shown_text(snippet.html) == "O'Brien's pipeline reopened."
