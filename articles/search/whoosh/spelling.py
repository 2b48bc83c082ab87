"""Suggest a better spelling of a query from the archive's own vocabulary ("Did you mean")."""

import threading
from collections import Counter

from whoosh import query as q
from whoosh.support.charset import accent_map
from whoosh.support.levenshtein import damerau_levenshtein

from ...models import Article, Paragraph
from ..typos import (
    MAX_WORDS_CHECKED,
    MIN_WORD_CHARS,
    MORE_COMMON_BY,
    RARE_WORD_ARTICLES,
    SHARED_PREFIX,
    typo_edits,
)
from .analysis import TEXT_FIELDS, text_analyzer

# Close words tried for one typed word, until one has a form close to what was typed.
MAX_CANDIDATES = 3


def could_be_typo(typed: str, word: str) -> bool:
    """Return True if `typed` is close enough to `word`, as written, to be a typo of it."""
    typed, word = _folded(typed), _folded(word)
    return typed != word and damerau_levenshtein(typed, word) <= typo_edits(typed)


def _folded(word: str) -> str:
    return word.lower().translate(accent_map)


def suggest(text: str, query: q.Query, searcher) -> str | None:
    """Return `text` with its rare words replaced by close, more common archive words."""
    reader = searcher.reader()
    rare = [
        word
        for word in sorted(_query_words(query))
        if len(word) >= MIN_WORD_CHARS and _frequency(reader, word) <= RARE_WORD_ARTICLES
    ]
    candidates = {word: _close_common_words(reader, word) for word in rare[:MAX_WORDS_CHECKED]}
    if not any(candidates.values()):
        return None
    return _rewrite(text, candidates, searcher)


def _query_words(query: q.Query) -> set[str]:
    words = set()
    for name, text in query.all_terms(phrases=True):
        if name in TEXT_FIELDS:
            words.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return words


def _frequency(reader, word: str) -> int:
    return max(reader.doc_frequency(name, word) for name in TEXT_FIELDS)


def _close_common_words(reader, word: str) -> list[str]:
    """Return the indexed words close enough to be what a typo meant, and in many more
    articles, the closest and most frequent first (MAX_CANDIDATES at most)."""
    max_edits = typo_edits(word)
    own = _frequency(reader, word)
    by_length = _words_starting(reader, word[:SHARED_PREFIX])
    nearby = (
        candidate
        for length in range(len(word) - max_edits, len(word) + max_edits + 1)
        for candidate in by_length.get(length, ())
        if candidate != word
    )
    ranked = sorted(
        (edits, -_frequency(reader, candidate), candidate)
        for candidate in nearby
        if (edits := damerau_levenshtein(word, candidate)) <= max_edits
    )
    common = [c for _, negative, c in ranked if -negative > own * MORE_COMMON_BY]
    return common[:MAX_CANDIDATES]


_words_lock = threading.Lock()
_words: dict = {"reader": None, "by_prefix": {}}


def _words_starting(reader, prefix: str) -> dict[int, list[str]]:
    """Return {length: words} of the title and body words starting with `prefix`, cached.

    Comparing a word with the few hundred that share its first letters and about its
    length is several times faster than Whoosh's Levenshtein automaton over the lexicon.
    """
    with _words_lock:
        if _words["reader"] is not reader:
            _words.update(reader=reader, by_prefix={})
        if prefix not in _words["by_prefix"]:
            words = {
                term.decode("utf-8") if isinstance(term, bytes) else term
                for name in ("title", "body")
                for term in reader.expand_prefix(name, prefix)
            }
            by_length = {}
            for word in words:
                by_length.setdefault(len(word), []).append(word)
            _words["by_prefix"][prefix] = by_length
        return _words["by_prefix"][prefix]


def _surface_forms(stem: str, searcher) -> list[str]:
    """Return the forms of the word as an article writes it (the index keeps stems:
    zelenski), from the first article that has it, most used first."""
    docnum = _first_document_with(stem, searcher)
    if docnum is None:
        return []
    article_id = int(searcher.stored_fields(docnum)["id"])
    title = Article.objects.filter(pk=article_id).values_list("title", flat=True).first() or ""
    paragraphs = Paragraph.objects.filter(article_id=article_id).order_by("position")
    forms = Counter(
        text[token.startchar : token.endchar]
        for text in [*paragraphs.values_list("text", flat=True), title]
        for token in text_analyzer()(text, chars=True, mode="index")
        if token.text == stem
    )
    return [form for form, _ in forms.most_common()]


def _first_document_with(stem: str, searcher) -> int | None:
    """Return a document with the word, body first: it writes words as sentences do, where
    titles may be in capitals. Reads one block of postings, not the word's every article."""
    reader = searcher.reader()
    for name in reversed(TEXT_FIELDS):  # body, standfirst, title
        if (name, stem) in reader:
            postings = reader.postings(name, stem)
            if postings.is_active():
                return postings.id()
    return None


def _rewrite(text: str, candidates: dict[str, list[str]], searcher) -> str | None:
    """Return `text` with each word whose stem has `candidates` respelled, or None.

    The new word is the first candidate with a form close enough to the word as typed to
    be what was meant: a form an article writes, else the typed word with its stem swapped
    (`recieve` -> receive, where the articles say "received"). With none, the word stays.
    """
    pieces, last = [], 0
    for token in text_analyzer()(text, chars=True, mode="query"):
        typed = text[token.startchar : token.endchar]
        form = _respelled(typed, token.text, candidates.get(token.text, ()), searcher)
        if form is not None:
            pieces += [text[last : token.startchar], form]
            last = token.endchar
    if not pieces:
        return None
    return "".join([*pieces, text[last:]])


def _respelled(typed: str, typed_stem: str, stems: list[str], searcher) -> str | None:
    for stem in stems:
        forms = [*_surface_forms(stem, searcher), _restemmed(typed, typed_stem, stem)]
        form = next((f for f in forms if f and could_be_typo(typed, f)), None)
        if form is not None:
            return form
    return None


def _restemmed(typed: str, typed_stem: str, stem: str) -> str | None:
    """Return `typed` with its stem replaced by `stem`, if that still analyzes to `stem`.

    Only for a word longer than its stem: a bare stem is often no word ("fli", "happi").
    """
    if not _folded(typed).startswith(typed_stem) or len(typed) == len(typed_stem):
        return None
    respelled = stem + _folded(typed)[len(typed_stem) :]
    analyzed = [token.text for token in text_analyzer()(respelled, mode="query")]
    return respelled if analyzed == [stem] else None
