"""Turn what a person typed into a bounded Whoosh query, with notes on what was changed.

Syntax: words (all must match), "phrases", "words near"~5, OR, NOT or -word, (grouping),
field:term on named fields, prefix* (three letters at least), fuzzy~1. Whatever the parser
cannot take, or would make expensive, is searched as plain words with a note; nothing a
person types raises. DESIGN.md lists the hazards these bounds answer.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from whoosh import qparser
from whoosh import query as q

from ..reading import (
    BINARY_OPERATORS,
    NAMED_FIELDS,
    OPERATORS,
    STEM_SLACK,
    TAG_QUERY_FIELDS,
    TEXT_FIELDS,
    clean_query_text,
    read_as,
    reads_as_syntax,
    without_ranges,
)
from ..types import (
    MAX_EXPANSIONS,
    MAX_FUZZY_EDITS,
    MAX_NESTING,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    MIN_PREFIX,
)
from .analysis import text_analyzer

# No field outweighs another: BM25F already scores a match in a short field (a title) above
# one in a long body, and boosting titles more lost on every judged set of
# `make bench-relevance` (docs/benchmarks.md).
FIELD_BOOSTS = {"title": 1.0, "standfirst": 1.0, "body": 1.0}


@dataclass
class ParsedQuery:
    query: q.Query | None
    notes: list[str] = field(default_factory=list)
    # Analyzed words to mark in snippets (negated words excluded).
    highlight_terms: frozenset[str] = frozenset()
    # The text searched: cleaned and shortened, before any syntax was dropped.
    text: str = ""


def parse(text: str, reader) -> ParsedQuery:
    """Return the bounded query for `text`, expanded against `reader`'s vocabulary."""
    # Cleaning is linear, but a megabyte of it is still wasted: keep a generous prefix.
    text = clean_query_text(text[: MAX_QUERY_CHARS * 8])
    notes = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[: MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0][:MAX_QUERY_CHARS]  # whole words
        notes.append(f"Your search was shortened to its first {MAX_QUERY_CHARS} characters.")
    bounded = text
    text = without_ranges(text, notes)
    if reads_as_syntax(text):
        parsed = _syntax(text, reader, notes)
    else:  # a question: its words, AND, OR and NOT included
        if text.count('"') % 2:
            _note(notes, "A quote mark had no partner, so it was ignored.")
        parsed = _plain_words(text, notes, OPERATORS_ARE_WORDS)
    return ParsedQuery(parsed, notes, _highlight_terms(parsed), bounded)


def _syntax(text: str, reader, notes: list[str]) -> q.Query | None:
    """Return the query of a text in syntax, with a note saying how it was read."""
    text = _without_stray_syntax(text, notes)
    parsed = _parse_syntax(text, reader.schema, notes)
    if parsed is not None:
        parsed = _bound(parsed, reader, notes)
    if parsed is None:
        return _plain_words(text, notes)
    if reading := read_as(text):
        notes.insert(0, reading)
    return parsed


OPERATORS_ARE_WORDS = frozenset()


def _without_stray_syntax(text: str, notes: list[str]) -> str:
    """Drop operators with nothing to join, and note unmatched quotes and parentheses."""
    words = text.split()
    while words and words[0] in BINARY_OPERATORS:
        words.pop(0)
    while words and words[-1] in OPERATORS:
        words.pop()
    if len(words) < len(text.split()):
        _note(notes, "AND, OR and NOT need words on both sides; the stray ones were left out.")
    if text.count('"') % 2:
        _note(notes, "A quote mark had no partner, so it was ignored.")
    if text.count("(") != text.count(")"):
        _note(notes, "A parenthesis had no partner, so it was ignored.")
    return " ".join(words)


# `-word` excludes, and `+word` requires, only at the start or after a space or a "(": a
# hyphen inside a word joins it (`US-Ukraine`, `Coca-Cola`), it never excludes.
_PLUS = r"(?<![^\s(])\+(?=[^\s+])"
# A quoted phrase, or a `-` that excludes (at the start, or after a space or a "(").
_PHRASE_OR_MINUS = re.compile(r'"[^"]*"|(?<![^\s(])-(?=[^\s"-])')


def _minus_as_not(text: str) -> str:
    """Return `text` with each excluding `-word` written `NOT word`, phrases untouched.

    Whoosh's own minus takes its words out of their group (`kyiv -war OR peace` became
    (kyiv OR peace) ANDNOT war); as NOT it binds to its word alone, as in reading.Parser,
    so both engines, and the "Read as" note, agree.
    """
    return _PHRASE_OR_MINUS.sub(lambda m: m[0] if m[0].startswith('"') else "NOT ", text)


class _WordJoiningParser(qparser.QueryParser):
    """Whoosh's parser, reading a word with punctuation inside as one word (in_field)."""

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        parsed = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if not isinstance(parsed, q.Phrase) or fieldname not in TEXT_FIELDS:
            return parsed
        return in_field(fieldname, " ".join(parsed.words), boost)


def word_units(text: str) -> list[str]:
    """Return the distinct analyzed words of `text`, syntax ignored.

    A word joined by punctuation (`Coca-Cola`, `AT&T`) is one unit, its parts separated
    by a space ("coca cola").
    """
    analyzer = text_analyzer()
    units = (" ".join(t.text for t in analyzer(word, mode="query")) for word in text.split())
    return list(dict.fromkeys(unit for unit in units if unit))


def _within_terms(units: list[str], notes: list[str]) -> list[str]:
    """Return the first units holding MAX_TERMS words in all; a longer joined word is cut."""
    kept, budget = [], MAX_TERMS
    for unit in units:
        words = unit.split(" ")
        if len(words) > budget:
            _note(notes, f"Searches use at most {MAX_TERMS} terms; the rest were left out.")
            if budget:
                kept.append(" ".join(words[:budget]))
            break
        kept.append(unit)
        budget -= len(words)
    return kept


def in_field(name: str, unit: str, boost: float = 1.0) -> q.Query:
    """Return the query for a word unit in one field.

    A joined unit is the phrase or the run-together word: `Coca-Cola` finds "Coca-Cola",
    "Coca Cola" and "CocaCola".
    """
    words = unit.split(" ")
    if len(words) == 1:
        return q.Term(name, unit, boost=boost)
    return q.Or([q.Phrase(name, words, boost=boost), q.Term(name, "".join(words), boost=boost)])


def in_any_field(unit: str) -> q.Query:
    """Return the query for a word unit in any text field, each weighted by FIELD_BOOSTS."""
    return q.Or([in_field(name, unit, FIELD_BOOSTS[name]) for name in TEXT_FIELDS])


def _parser(schema):
    # As qparser.MultifieldParser builds it, from our parser class.
    parser = _WordJoiningParser(None, schema=schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=FIELD_BOOSTS))
    # Ranges on text and `*:*` are expensive or meaningless here; single quotes are
    # apostrophes in news text, not phrase marks.
    for plugin in (qparser.RangePlugin, qparser.EveryPlugin, qparser.SingleQuotePlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # `-word` is NOT by now (_minus_as_not); a minus no text can hold keeps Whoosh's off.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=_PLUS, minusexpr="(?!)"))
    return parser


def _nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(depth - 1, 0)
    return deepest


def _parse_syntax(text: str, schema, notes: list[str]) -> q.Query | None:
    if _nesting(text) > MAX_NESTING:
        notes.append(
            f"Parentheses nest deeper than {MAX_NESTING} levels, so your words were "
            "searched without them."
        )
        return None
    try:
        parsed = _parser(schema).parse(_minus_as_not(text))
    except Exception:  # Whoosh's parser raises IndexError, RecursionError and others.
        notes.append("Your search could not be read as query syntax; searched as plain words.")
        return None
    if _has_error_node(parsed):
        notes.append(
            "Part of your search could not be read as query syntax; searched as plain words."
        )
        return None
    return parsed


def _has_error_node(parsed: q.Query) -> bool:
    return any(getattr(node, "error", None) for node in _walk(parsed))


def _walk(node: q.Query):
    yield node
    for child in node.children():
        yield from _walk(child)


def _bound(parsed: q.Query, reader, notes: list[str]) -> q.Query | None:
    """Refuse or shrink the expensive parts of a parsed query; None means use plain words."""
    leaves = [node for node in _walk(parsed) if node.is_leaf()]
    if _word_count(leaves) > MAX_TERMS:
        _note(notes, f"Searches use at most {MAX_TERMS} terms; the rest were left out.")
        return None
    for node in leaves:
        if isinstance(node, q.Every) or (
            isinstance(node, (q.Prefix, q.Wildcard))
            and len(_literal_prefix(node.text)) < MIN_PREFIX
        ):
            _note(
                notes,
                f"Wildcards need at least {MIN_PREFIX} letters before * or ?, "
                "so they were searched as plain words.",
            )
            return None
        if isinstance(node, q.FuzzyTerm) and node.maxdist > MAX_FUZZY_EDITS:
            _note(
                notes,
                f"Fuzzy matching allows {MAX_FUZZY_EDITS} edit, so "
                f"“{node.text}~{node.maxdist}” was searched as “{node.text}~{MAX_FUZZY_EDITS}”.",
            )
    return parsed.accept(lambda node: _expand(node, reader, notes)).normalize()


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _word_count(leaves: list[q.Query]) -> int:
    """Return how many words the query's leaves search for.

    A word searched in three fields counts once; a word a phrase repeats counts each time,
    since each is a position to check (`the-the-the...` took seconds at 2,000 articles).
    """
    counts = Counter()
    for node in leaves:
        words = getattr(node, "words", None) or [getattr(node, "text", "")]
        counts |= Counter(words)  # the most times any one leaf has the word
    return counts.total()


def _literal_prefix(pattern: str) -> str:
    return re.split(r"[*?]", pattern, maxsplit=1)[0]


def _expand(node: q.Query, reader, notes: list[str]) -> q.Query:
    """Replace a prefix, wildcard or fuzzy term by at most MAX_EXPANSIONS real words."""
    if not isinstance(node, (q.Prefix, q.Wildcard, q.FuzzyTerm)):
        return node
    if isinstance(node, q.FuzzyTerm):
        node = q.FuzzyTerm(
            node.fieldname, node.text, node.boost, maxdist=min(node.maxdist, MAX_FUZZY_EDITS)
        )
    candidates = (
        _stemmed_prefix_words(node.fieldname, node.text, reader)
        if isinstance(node, q.Prefix) and node.fieldname in TEXT_FIELDS
        else node._btexts(reader)
    )
    words = list(islice(candidates, MAX_EXPANSIONS + 1))
    if len(words) > MAX_EXPANSIONS:
        words = words[:MAX_EXPANSIONS]
        _note(notes, f"“{node.text}*” matches many words; the first {MAX_EXPANSIONS} were used.")
    if not words:
        return q.NullQuery
    texts = [word.decode("utf-8") if isinstance(word, bytes) else word for word in words]
    return q.Or([q.Term(node.fieldname, text, boost=node.boost) for text in texts])


def _stemmed_prefix_words(fieldname: str, prefix: str, reader):
    """Yield indexed words for `prefix*`, stems included: `negotiat*` finds `negoti`."""
    wanted = prefix.encode("utf-8")
    shortest = wanted[: max(MIN_PREFIX, len(wanted) - STEM_SLACK)]
    for word in reader.expand_prefix(fieldname, shortest):
        if word.startswith(wanted) or wanted.startswith(word):
            yield word


def _plain_words(text: str, notes: list[str], operators=OPERATORS) -> q.Query | None:
    """Return a query requiring every word of `text` in any text field, syntax ignored;
    the `operators` given are left out."""
    units = word_units(" ".join(word for word in text.split() if word not in operators))
    units = _within_terms(units, notes)
    if not units:
        return None
    return q.And([in_any_field(unit) for unit in units])


def _highlight_terms(parsed: q.Query | None) -> frozenset[str]:
    if parsed is None:
        return frozenset()
    wanted = parsed.accept(_without_negations)
    terms = {
        text.decode("utf-8") if isinstance(text, bytes) else text
        for name, text in wanted.all_terms(phrases=True)
        if name in NAMED_FIELDS and name not in TAG_QUERY_FIELDS  # tags are not words
    }
    # A lone letter (the s of "Poland's") is marked only when it is all that was asked.
    longer = {term for term in terms if len(term) > 1}
    return frozenset(longer or terms)


def _without_negations(node: q.Query) -> q.Query:
    if isinstance(node, q.Not):
        return q.NullQuery
    if isinstance(node, q.AndNot):
        return node.a
    return node
