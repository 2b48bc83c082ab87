"""Suggest a better spelling of a query from the archive's own vocabulary ("Did you mean")."""

import threading
from collections import Counter

from whoosh import query as q
from whoosh.support.charset import accent_map
from whoosh.support.levenshtein import damerau_levenshtein

from ..models import Article, Paragraph
from .analysis import TEXT_FIELDS, text_analyzer

# A word found in at most this many articles may be a typo worth correcting (archives
# have typos of their own), when a close word is in this many times more articles.
RARE_WORD_ARTICLES = 5
MORE_COMMON_BY = 10
# Typos rarely touch the first two letters; requiring them keeps the lookup fast.
SHARED_PREFIX = 2
# Shorter words give more noise than help; past a few words, the lookups cost too much.
MIN_WORD_CHARS = 4
MAX_WORDS_CHECKED = 5
# A typo is one slip in a short word, two in a long one: one edit for every four letters,
# at most two (`Zelenksy` -> Zelensky, but not `xyzzyq` -> XYZQ or `plugh` -> ploughed).
LETTERS_PER_EDIT = 4
MAX_TYPO_EDITS = 2


def typo_edits(word: str) -> int:
    """Return how many edits (Damerau-Levenshtein) a typo of `word` may be away from it."""
    return min(MAX_TYPO_EDITS, max(1, len(word) // LETTERS_PER_EDIT))


def could_be_typo(typed: str, word: str) -> bool:
    """Return True if `typed` is close enough to `word`, as written, to be a typo of it."""
    typed, word = _folded(typed), _folded(word)
    return typed != word and damerau_levenshtein(typed, word) <= typo_edits(typed)


def _folded(word: str) -> str:
    return word.lower().translate(accent_map)


def suggest(text: str, query: q.Query, searcher) -> str | None:
    """Return `text` with its rare words replaced by close, more common archive words."""
    reader = searcher.reader()
    replacements = {}
    rare = [
        word
        for word in sorted(_query_words(query))
        if len(word) >= MIN_WORD_CHARS and _frequency(reader, word) <= RARE_WORD_ARTICLES
    ]
    for word in rare[:MAX_WORDS_CHECKED]:
        better = _closest_common_word(reader, word)
        if better is not None:
            replacements[word] = better
    if not replacements:
        return None
    return _rewrite(
        text, {word: _surface_forms(stem, searcher) for word, stem in replacements.items()}
    )


def _query_words(query: q.Query) -> set[str]:
    words = set()
    for name, text in query.all_terms(phrases=True):
        if name in TEXT_FIELDS:
            words.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return words


def _frequency(reader, word: str) -> int:
    return max(reader.doc_frequency(name, word) for name in TEXT_FIELDS)


def _closest_common_word(reader, word: str) -> str | None:
    """Return the most frequent indexed word close enough to be what a typo meant."""
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
    for _, negative_frequency, candidate in ranked:
        if -negative_frequency > own * MORE_COMMON_BY:
            return candidate
    return None


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


def _rewrite(text: str, forms: dict[str, list[str]]) -> str | None:
    """Return `text` with each word whose stem is in `forms` replaced by the first of its
    new forms close enough to be what was meant, or None if no word is replaced."""
    pieces, last = [], 0
    for token in text_analyzer()(text, chars=True, mode="query"):
        typed = text[token.startchar : token.endchar]
        form = next((f for f in forms.get(token.text, ()) if could_be_typo(typed, f)), None)
        if form is not None:
            pieces += [text[last : token.startchar], form]
            last = token.endchar
    if not pieces:
        return None
    return "".join([*pieces, text[last:]])
