"""Turn what a person typed into a PostgreSQL tsquery, with the Whoosh engine's syntax and notes.

`websearch_to_tsquery` reads words, "phrases", OR and -word, but not the rest of the archive's
syntax (NOT, parentheses, field:term, prefix*, fuzzy~1), so this module parses the same syntax
in the same websearch style and writes the tsquery itself. Words are normalised by PostgreSQL
(`phraseto_tsquery` with the `newsarchive` configuration, one round trip for all of them), so
the query's lexemes are exactly the document's. Bounds and notes are the Whoosh engine's.
"""

import re
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Func

from ...models import SearchWord
from ..analysis import NAMED_FIELDS
from ..query import (
    MAX_EXPANSIONS,
    MAX_FUZZY_EDITS,
    MAX_NESTING,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    MIN_PREFIX,
    STEM_SLACK,
    clean_query_text,
)

CONFIG = "newsarchive"
WORDS_CONFIG = "newsarchive_words"
# Title A, standfirst B, body C; source, section and byline share D (a tsvector has four
# weights), so `source:x` also finds an article whose section or byline says x.
FIELD_WEIGHTS = {"title": "A", "standfirst": "B", "body": "C"} | dict.fromkeys(
    ("source", "section", "byline"), "D"
)
UNFIELDED_WEIGHTS = "ABC"  # like Whoosh, a bare word searches title, standfirst and body
MAX_SLOP = 20  # "a b"~N: one phrase per distance, so N is bounded

_TOKENS = re.compile(
    r'(?P<field>\w+:)?"(?P<phrase>[^"]*)"(?:~(?P<slop>\d*))?|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)'
)
_LEXEME = re.compile(r"'((?:[^']|'')*)'")
# As analysis.word_form does for Whoosh: a possessive is its word (`Poland's` is `Poland`, no
# "s" lexeme), and initials are the acronym (`U.S.` is `US`; PostgreSQL's parser would read
# `U.S` as a file name). Documents and query words both pass through it, so lexemes agree.
WORD_FORMS_SQL = (
    r"regexp_replace(regexp_replace({text}, '(\w)[''’ʼ][sS]\M', '\1', 'g'), "
    r"'(?<=\m[[:alpha:]])\.(?=[[:alpha:]](\.|\M))', '', 'g')"
)
# Punctuation inside a word (`US-Ukraine`, `AT&T`, `9/11`), but not a number's point or comma.
_IN_WORD_PUNCTUATION = re.compile(r"(?<=\w)(?!(?<=\d)[.,](?=\d))[^\w\s]+(?=\w)")
_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}
_OPERATORS = _BINARY | {"NOT"}


# One round trip for all the query's texts, in order (the SQL is made of constants only).
_NORMALISE = (
    "SELECT phraseto_tsquery(%s::regconfig, "  # noqa: S608
    + WORD_FORMS_SQL.format(text="t")
    + ")::text FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i"
)


class WordForms(Func):
    """The text with possessives and initials folded into their words (WORD_FORMS_SQL)."""

    template = WORD_FORMS_SQL.format(text="%(expressions)s")


class SyntaxProblem(Exception):
    """The text cannot be read as query syntax; search its words instead."""


@dataclass
class Leaf:
    text: str
    name: str | None = None  # the field named, e.g. title in title:word
    prefix: bool = False
    fuzzy: int = 0
    slop: int = 0
    lexemes: str = ""  # the tsquery PostgreSQL made of `text`, e.g. 'secur' <-> 'guarante'
    # Other forms the leaf stands for, OR-ed with it: a fuzzy term's similar words, and a
    # joined word's spaced and run-together forms (`Coca-Cola`: "Coca Cola", "CocaCola").
    expansions: list[str] = field(default_factory=list)


@dataclass
class ParsedQuery:
    tsquery: str | None
    notes: list[str] = field(default_factory=list)
    # tsquery of the positive words alone, joined by OR: what highlighting marks.
    highlight: str | None = None
    highlight_terms: frozenset[tuple[str, bool]] = frozenset()  # (lexeme, is_prefix)
    words: list[str] = field(default_factory=list)  # the positive words as typed, for spelling


def reading_connection():
    """Return the connection searches read from: a replica if the router has one."""
    return connections[router.db_for_read(SearchWord)]


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def parse(text: str) -> ParsedQuery:
    """Return the tsquery for `text`, with notes on whatever was changed to make it one."""
    notes: list[str] = []
    text = _bounded(clean_query_text(text), notes)
    try:
        tree = _Parser(text, notes).parse()
        leaves = list(_leaves(tree))
        if len({leaf.text.lower() for leaf in leaves}) > MAX_TERMS:
            _note(notes, f"Searches use at most {MAX_TERMS} terms; the rest were left out.")
            raise SyntaxProblem
    except SyntaxProblem:
        tree = _plain_words(text, notes)
    normalise(list(_leaves(tree)), notes)
    compiled = _compile(tree)
    positive = [leaf for leaf in _leaves(tree, positive_only=True) if leaf.lexemes]
    terms = _highlight_terms(positive)
    highlight = " | ".join(_quote(lexeme) + (":*" if prefix else "") for lexeme, prefix in terms)
    words = [word for leaf in positive if not leaf.prefix for word in re.findall(r"\w+", leaf.text)]
    return ParsedQuery(compiled, notes, highlight or None, terms, words)


def _bounded(text: str, notes: list[str]) -> str:
    if len(text) > MAX_QUERY_CHARS:
        text = text[: MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0][:MAX_QUERY_CHARS]
        notes.append(f"Your search was shortened to its first {MAX_QUERY_CHARS} characters.")
    words = text.split()
    while words and words[0] in _BINARY:
        words.pop(0)
    while words and words[-1] in _OPERATORS:
        words.pop()
    if len(words) < len(text.split()):
        _note(notes, "AND, OR and NOT need words on both sides; the stray ones were left out.")
    text = " ".join(words)
    if text.count('"') % 2:
        _note(notes, "A quote mark had no partner, so it was ignored.")
        at = text.rfind('"')
        text = text[:at] + " " + text[at + 1 :]
    if text.count("(") != text.count(")"):
        _note(notes, "A parenthesis had no partner, so it was ignored.")
    return text


class _Parser:
    """Recursive descent over the tokens: OR binds loosest, then AND (implicit), then NOT."""

    def __init__(self, text: str, notes: list[str]):
        self.tokens = list(_TOKENS.finditer(text))
        self.at = 0
        self.notes = notes
        self.depth = 0

    def parse(self):
        tree = self._or()
        while self.at < len(self.tokens):  # a stray ')' ends a group early: read on
            self.at += 1
            more = self._or()
            tree = ("and", [tree, more]) if more is not None else tree
        return tree

    def _peek(self) -> str | None:
        if self.at >= len(self.tokens):
            return None
        token = self.tokens[self.at]
        return ")" if token["close"] else token.group(0)

    def _or(self):
        children = [self._and()]
        while self._peek() == "OR":
            self.at += 1
            children.append(self._and())
        if any(child is None for child in children):
            raise SyntaxProblem
        return children[0] if len(children) == 1 else ("or", children)

    def _and(self):
        children = []
        while (word := self._peek()) not in (None, ")", "OR"):
            if word in ("AND", "ANDMAYBE"):
                self.at += 1
                if self._peek() in (None, ")", *_BINARY):
                    raise SyntaxProblem
                if word == "ANDMAYBE":  # an optional word: it may match, it is not required
                    self._unary()
                continue
            children.append(self._unary())
        if not children:
            return None
        return children[0] if len(children) == 1 else ("and", children)

    def _unary(self):
        token = self._peek()
        if token in ("NOT", "ANDNOT"):
            self.at += 1
            if self._peek() in (None, ")", *_BINARY):
                raise SyntaxProblem
            return ("not", self._unary())
        match = self.tokens[self.at]
        if match["open"]:
            self.at += 1
            self.depth += 1
            if self.depth > MAX_NESTING:
                self.notes.append(
                    f"Parentheses nest deeper than {MAX_NESTING} levels, so your words were "
                    "searched without them."
                )
                raise SyntaxProblem
            inner = self._or()
            self.depth -= 1
            if self._peek() == ")":
                self.at += 1
            return inner
        self.at += 1
        if match["phrase"] is not None:
            return self._phrase(match)
        return self._word(match.group(0))

    def _phrase(self, match):
        name = (match["field"] or "").rstrip(":").lower()
        slop = int(match["slop"] or 1) if match["slop"] is not None else 0
        return Leaf(match["phrase"], name if name in NAMED_FIELDS else None, slop=slop)

    def _word(self, word: str):
        if word.startswith("-") and len(word) > 1:
            return ("not", self._word(word[1:]))
        word = word.lstrip("+")
        name, _, rest = word.partition(":")
        named = rest and name.lower() in NAMED_FIELDS
        text = rest if named else word
        leaf = Leaf(text, name.lower() if named else None)
        text = re.sub(r"\^[\d.]*$", "", text)  # a boost (word^2): ranking is the engine's own
        if fuzzy := re.fullmatch(r"(.+?)~(\d*)", text):
            text, edits = fuzzy[1], int(fuzzy[2] or 1)
            if edits > MAX_FUZZY_EDITS:
                _note(
                    self.notes,
                    f"Fuzzy matching allows {MAX_FUZZY_EDITS} edit, so "
                    f"“{text}~{edits}” was searched as “{text}~{MAX_FUZZY_EDITS}”.",
                )
            leaf.fuzzy = min(edits, MAX_FUZZY_EDITS)
        if "*" in text or "?" in text:
            literal = re.split(r"[*?]", text, maxsplit=1)[0]
            if len(literal) < MIN_PREFIX:
                _note(
                    self.notes,
                    f"Wildcards need at least {MIN_PREFIX} letters before * or ?, "
                    "so they were searched as plain words.",
                )
                raise SyntaxProblem
            if not re.fullmatch(r"[^*?]+\*", text):
                _note(
                    self.notes,
                    f"“{text}” was searched as “{literal}*”: PostgreSQL search has no "
                    "wildcards inside words.",
                )
            text, leaf.prefix = literal, True
        leaf.text = text
        if not leaf.prefix and not leaf.fuzzy:
            leaf.expansions = joined_forms(text)
        return leaf


def joined_forms(word: str) -> list[str]:
    """Return the other forms of a word joined by punctuation: `Coca-Cola` is also the phrase
    "Coca Cola" and the word "CocaCola"; [] for a word without punctuation inside."""
    if not _IN_WORD_PUNCTUATION.search(word):
        return []
    return [_IN_WORD_PUNCTUATION.sub(" ", word), _IN_WORD_PUNCTUATION.sub("", word)]


def word_leaves(text: str) -> list[Leaf]:
    """Return a leaf for each distinct word of `text`, syntax ignored; a joined word is one."""
    words = dict.fromkeys(re.sub(r"^\W+|\W+$", "", word) for word in text.split())
    return [Leaf(word, expansions=joined_forms(word)) for word in words if word][:MAX_TERMS]


def _plain_words(text: str, notes: list[str]):
    """Return a tree requiring every word of `text`, syntax ignored."""
    if not any(note.endswith("plain words.") or "at most" in note for note in notes):
        notes.append("Your search could not be read as query syntax; searched as plain words.")
    leaves = word_leaves(" ".join(word for word in text.split() if word not in _OPERATORS))
    return ("and", leaves) if leaves else None


def _leaves(tree, positive_only: bool = False):
    if tree is None:
        return
    if isinstance(tree, Leaf):
        yield tree
    elif tree[0] == "not":
        if not positive_only:
            yield from _leaves(tree[1])
    else:
        for child in tree[1]:
            yield from _leaves(child, positive_only)


def normalise(leaves: list[Leaf], notes: list[str]) -> None:
    """Fill in each leaf's lexemes (and a fuzzy leaf's expansions), in two round trips."""
    for leaf in leaves:
        if leaf.fuzzy:
            leaf.expansions = _similar_words(leaf.text, leaf.fuzzy, notes)
    texts = [leaf.text for leaf in leaves] + [word for leaf in leaves for word in leaf.expansions]
    if not texts:
        return
    with reading_connection().cursor() as cursor:
        cursor.execute(_NORMALISE, [CONFIG, texts])
        normalised = iter(row[0] for row in cursor.fetchall())
    for leaf in leaves:
        leaf.lexemes = next(normalised)
    for leaf in leaves:
        leaf.expansions = [lexemes for _ in leaf.expansions if (lexemes := next(normalised))]


def _similar_words(text: str, edits: int, notes: list[str]) -> list[str]:
    """Return the archive's words at most `edits` edits from `text` (trigram candidates)."""
    with reading_connection().cursor() as cursor:
        cursor.execute(
            "SELECT w.word FROM articles_searchword w, "
            "(SELECT lower(unaccent(%s)) AS t) q "
            "WHERE w.word %% q.t ORDER BY similarity(w.word, q.t) DESC, w.word LIMIT 500",
            [text],
        )
        candidates = [row[0] for row in cursor.fetchall()]
    folded = text.lower()
    words = [word for word in candidates if edit_distance(word, folded) <= edits]
    if len(words) > MAX_EXPANSIONS:
        _note(notes, f"“{text}~” matches many words; the first {MAX_EXPANSIONS} were used.")
    return words[:MAX_EXPANSIONS]


def edit_distance(a: str, b: str) -> int:
    """Return the Levenshtein distance of two short words."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _leaf_tsquery(leaf: Leaf) -> str | None:
    weights = FIELD_WEIGHTS[leaf.name] if leaf.name else UNFIELDED_WEIGHTS
    if leaf.expansions:
        forms = [weighted(lexemes, weights) for lexemes in [leaf.lexemes, *leaf.expansions]]
        forms = list(dict.fromkeys(form for form in forms if form))
        return "(" + " | ".join(forms) + ")" if forms else None
    if not leaf.lexemes:
        return None
    if leaf.slop:
        return _near(leaf, weights)
    return weighted(leaf.lexemes, weights, prefix=leaf.prefix)


def _near(leaf: Leaf, weights: str) -> str:
    """Return "a b"~N: tsquery phrases take exact distances, so two words become each
    distance from 1 to N in order, as Whoosh's slop; longer phrases become all words."""
    words = [m.group(0) for m in _LEXEME.finditer(leaf.lexemes)]
    if len(words) != 2:
        return weighted(" & ".join(words), weights)
    first, second = (f"{word}:{weights}" for word in words)
    slop = min(leaf.slop, MAX_SLOP)
    return "(" + " | ".join(f"{first} <{d}> {second}" for d in range(1, slop + 1)) + ")"


def weighted(lexemes: str, weights: str, prefix: bool = False) -> str:
    """Return the tsquery text with each lexeme limited to `weights`; the last one a prefix."""
    found = list(_LEXEME.finditer(lexemes))
    if not found:
        return ""
    last = found[-1].end()

    def label(match) -> str:
        if prefix and match.end() == last:
            return _prefix_forms(match.group(1).replace("''", "'"), weights)
        return f"{match.group(0)}:{weights}"

    return "(" + _LEXEME.sub(label, lexemes) + ")"


def _prefix_forms(lexeme: str, weights: str) -> str:
    """Return `lexeme:*` or its stems: `negotiat*` also finds `negoti`, the stem of its words.

    As the Whoosh engine does (query.STEM_SLACK): the stemmer shortens words by a few letters,
    so a lexeme up to that many letters shorter than the prefix, that it starts with, matches.
    """
    shortest = max(MIN_PREFIX, len(lexeme) - STEM_SLACK)
    stems = [_quote(lexeme[:end]) + f":{weights}" for end in range(shortest, len(lexeme))]
    return "(" + " | ".join([_quote(lexeme) + f":*{weights}", *stems]) + ")"


def _compile(tree) -> str | None:
    if tree is None:
        return None
    if isinstance(tree, Leaf):
        return _leaf_tsquery(tree)
    if tree[0] == "not":
        inner = _compile(tree[1])
        return f"!{inner}" if inner else None
    parts = [part for part in map(_compile, tree[1]) if part]
    if not parts:
        return None
    joiner = " & " if tree[0] == "and" else " | "
    return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"


def _highlight_terms(leaves: list[Leaf]) -> frozenset[tuple[str, bool]]:
    terms = set()
    for leaf in leaves:
        for lexemes in [leaf.lexemes, *leaf.expansions]:
            found = [m.group(1).replace("''", "'") for m in _LEXEME.finditer(lexemes)]
            for i, lexeme in enumerate(found):
                if leaf.prefix and i == len(found) - 1:
                    shortest = max(MIN_PREFIX, len(lexeme) - STEM_SLACK)
                    terms.update((lexeme[:end], False) for end in range(shortest, len(lexeme)))
                    terms.add((lexeme, True))
                else:
                    terms.add((lexeme, False))
    # A lone letter (the s of "Poland's") is marked only when it is all that was asked.
    longer = {term for term in terms if len(term[0]) > 1}
    return frozenset(longer or terms)


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"
