"""Pick the paragraphs that best match a query and mark the matched words in them.

Whoosh's HtmlFormatter escapes the text it copies (`<`, `&`), so its output is escaped
article text plus our <mark> tags only; that is why it may be marked safe here, once.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter, highlight
from whoosh.support.charset import accent_map

from .analysis import TYPOGRAPHIC_QUOTES, text_analyzer

MAX_SNIPPETS = 3
SNIPPET_CHARS = 320


@dataclass(frozen=True)
class Snippet:
    position: int
    html: SafeString

    @property
    def anchor(self) -> str:
        return f"p-{self.position}"


def _formatter() -> HtmlFormatter:
    return HtmlFormatter(tagname="mark", classname="hit", termclass="hit-term", between=" … ")


def best_snippets(paragraphs: list[tuple[int, str]], terms: frozenset[str]) -> list[Snippet]:
    """Return up to three of (position, text) paragraphs, best match first, highlighted."""
    scored = []
    for position, text in _likely_paragraphs(paragraphs, terms):
        matched = [t.text for t in text_analyzer()(text, mode="query") if t.text in terms]
        if matched:
            scored.append((len(set(matched)), len(matched), -position, position, text))
    scored.sort(reverse=True)
    fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    return [
        Snippet(position, _mark(text, terms, fragmenter, top=2))
        for *_, position, text in scored[:MAX_SNIPPETS]
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
    marked = _mark(text, terms, WholeFragmenter(), top=1) if terms else ""
    return marked or escape(text)


def _mark(text: str, terms: frozenset[str], fragmenter, top: int) -> SafeString:
    html = highlight(text, terms, text_analyzer(), fragmenter, _formatter(), top=top)
    return mark_safe(html)  # noqa: S308 -- escaped by HtmlFormatter, see the module docstring.
