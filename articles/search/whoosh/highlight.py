"""Pick the paragraphs that best match a query and mark the matched words in them.

Whoosh's HtmlFormatter escapes the text it copies (`<`, `&`), so its output is escaped
article text plus our <mark> tags only; that is why it may be marked safe here, once.
"""

import heapq

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh.analysis import Token
from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    ContextFragmenter,
    HtmlFormatter,
    WholeFragmenter,
)
from whoosh.support.charset import accent_map

from ..reading import TYPOGRAPHIC_QUOTES
from ..snippets import ELLIPSIS, MAX_SNIPPETS, cut_marks, whole_words
from ..types import Snippet
from .analysis import word_places

SNIPPET_CHARS = 320


def _formatter() -> HtmlFormatter:
    return HtmlFormatter(
        tagname="mark", classname="hit", termclass="hit-term", between=f" {ELLIPSIS} "
    )


def best_snippets(paragraphs: list[tuple[int, str]], terms: frozenset[str]) -> list[Snippet]:
    """Return up to three of (position, text) paragraphs, best match first, highlighted."""
    scored = []
    for position, text in _likely_paragraphs(paragraphs, terms):
        words = _words(text)  # analyzed once, for the choice and for the marking
        matched = [word for _, _, word in words if word in terms]
        if matched:
            scored.append(((len(set(matched)), len(matched), -position), position, text, words))
    scored.sort(key=lambda candidate: candidate[0], reverse=True)
    fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    return [
        Snippet(position, _mark(text, words, terms, fragmenter, top=2))
        for _, position, text, words in scored[:MAX_SNIPPETS]
    ]


def _likely_paragraphs(paragraphs: list[tuple[int, str]], terms: frozenset[str]):
    """Return the paragraphs most likely to match, by a cheap test, for exact analysis.

    A stem keeps the start of its word (negotiations -> negoti, happy -> happi), so a
    paragraph without the first letters of a stem cannot contain it. Stemming every word
    of every paragraph costs more than the search; this keeps it to a few paragraphs.
    """
    probes = [term[: max(1, min(4, len(term) - 1))] for term in terms]
    likely = []
    for position, text in paragraphs:
        folded = text.lower().translate(accent_map).translate(TYPOGRAPHIC_QUOTES)
        found = [probe for probe in probes if probe in folded]
        if found:
            likely.append((-len(found), -sum(map(folded.count, found)), position, text))
    likely.sort()
    return [(position, text) for *_, position, text in likely[: MAX_SNIPPETS * 2]]


def highlight_whole(text: str, terms: frozenset[str]) -> SafeString:
    """Return the whole text escaped, with the matched words marked."""
    marked = _mark(text, _words(text), terms, WholeFragmenter(), top=1) if terms else ""
    return marked or escape(text)


def _words(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, analyzed word) for each word of `text`."""
    return word_places(text)


def _mark(text: str, words: list[tuple], terms: frozenset[str], fragmenter, top: int) -> SafeString:
    """Return the `top` best fragments of `text` with `terms` marked.

    As Whoosh's highlight() does it, but from words analyzed already: analyzing is most
    of the cost, and best_snippets has done it to choose the paragraphs.
    """
    fragments = _best_fragments(fragmenter.fragment_tokens(text, _tokens(words, terms)), top)
    if not fragments:
        return mark_safe("")
    for fragment in fragments:
        fragment.startchar, fragment.endchar = whole_words(
            text, fragment.startchar, fragment.endchar
        )
    html = _formatter()(text, fragments)
    html = cut_marks(
        html, cut_before=fragments[0].startchar > 0, cut_after=fragments[-1].endchar < len(text)
    )
    return mark_safe(html)  # noqa: S308 -- escaped by HtmlFormatter, see the module docstring.


def _best_fragments(fragments, top: int) -> list:
    """Return the `top` fragments Whoosh's scorer likes best, in text order.

    Whoosh's top_fragments breaks ties between equal scores by memory address; here the
    earlier fragment wins, so the same article always shows the same snippet.
    """
    score = BasicFragmentScorer()
    scored = [(score(fragment), -fragment.startchar, fragment) for fragment in fragments]
    best = heapq.nlargest(top, scored, key=lambda scored: scored[:2])
    return sorted((fragment for points, _, fragment in best if points >= 1), key=FIRST)


def _tokens(words: list[tuple], terms: frozenset[str]):
    # One reused token, as an analyzer yields them: the fragmenter copies those it keeps.
    token = Token(chars=True)
    for token.startchar, token.endchar, token.text in words:
        token.matched = token.text in terms
        yield token
