"""How a query is read: as syntax only where it clearly is, otherwise as words (a question).

A question typed or pasted as it is written (with a `?`, brackets, hyphenated words, or in
capitals) must not turn into strict syntax. Syntax is read only where it is unmistakable:
a quoted phrase, `field:word` on a named field, `-word` at the start or after a space, a `*`
on a word, `word~1`, or AND, OR and NOT in a query not written all in capitals.

The syntax tree here (Leaf, and ("and" | "or" | "not", ...)) is what the PostgreSQL engine
compiles, and what the "Read as" note describes on both engines. Its precedence is Whoosh's:
words side by side are joined by AND loosest, then OR, then an explicit AND, then NOT, so
`Kyiv OR Moscow peace` is (Kyiv OR Moscow) AND peace on both engines. Imports no engine.
"""

import re
from dataclasses import dataclass, field

from .types import (
    MAX_FUZZY_EDITS,
    MAX_NESTING,
    MIN_PREFIX,
    TAG_FIELDS,
)

# Typographic apostrophes and quotes become their plain forms, one character for one,
# so `Poland's` and `Poland’s` give the same terms and highlight offsets stay right.
TYPOGRAPHIC_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
)
# Stemming shortens words by a few letters (negotiations -> negoti), so a prefix also
# matches indexed stems that it starts with, down to this many letters shorter.
STEM_SLACK = 3

TEXT_FIELDS = ("title", "standfirst", "body")
# `place:japan`, `person:"Volodymyr Zelensky"`: a tag of that kind, by its slug or its name
# (whose slug it is); never highlighted in the text.
TAG_QUERY_FIELDS = {field: kind for kind, field in TAG_FIELDS.items()}
# `quote:"lasting peace"`: words in a quoted passage; `speaker:Putin`: words of a speaker's
# name, in full or as written at the quote (models/quotes.py).
QUOTE_FIELDS = ("quote", "speaker")
# Fields a user can name in a query (`source:reuters`), besides the text fields.
NAMED_FIELDS = (*TEXT_FIELDS, "source", "section", "byline", *TAG_QUERY_FIELDS, *QUOTE_FIELDS)
BINARY_OPERATORS = {"AND", "OR", "ANDNOT", "ANDMAYBE"}
OPERATORS = BINARY_OPERATORS | {"NOT"}

_CLEAR_SYNTAX = re.compile(
    r'"[^"]*\w[^"]*"'  # a quoted phrase
    rf"|(?<![\w:])(?:{'|'.join(NAMED_FIELDS)}):(?=[^\s:])"  # field:word
    r"|(?:^|\s)-(?=\w)"  # -word at the start or after a space
    r"|\w\*|\*\w"  # prefix* (and the wildcards refused with a note)
    r"|\w~\d*(?=[\s)]|$)"  # fuzzy~1
)
_OPERATOR = re.compile(rf"(?<![^\s(])(?:{'|'.join(OPERATORS)})(?![^\s)])")

_TOKENS = re.compile(
    r'(?P<field>\w+:)?"(?P<phrase>[^"]*)"(?:~(?P<slop>\d*))?|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)'
)
# Punctuation inside a word (`US-Ukraine`, `AT&T`, `9/11`, `1,849`), but not a number's
# decimal point, which both engines keep inside one term (`1.13bn`).
# Initials, letters only (`U.S.`, `U.S.A`, `e.g`): the acronym on both engines.
INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]\.?")
_IN_WORD_PUNCTUATION = re.compile(r"(?<=\w)(?!(?<=\d)\.(?=\d))[^\w\s]+(?=\w)")


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A "?" ending a word is punctuation, not a one-letter wildcard ("Why did oil rise? Will
# OPEC cut?"); inside a word (`wom?n`) it is still a wildcard in a query in syntax.
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s)\"]|$)")


def clean_query_text(text: str) -> str:
    """Return the query without control characters, typographic quotes or extra spaces."""
    text = _CONTROL_CHARS.sub(" ", text).translate(TYPOGRAPHIC_QUOTES)
    return _QUESTION_MARK.sub("", " ".join(text.split()))


# `field:[a TO z]` or `{a TO z}`: Whoosh's range syntax, which the archive does not run.
_RANGE = re.compile(r"(?:\w+:)?[\[{][^\[\]{}]*\bTO\b[^\[\]{}]*[\]}]")


def without_ranges(text: str, notes: list[str]) -> str:
    """Return `text` without ranges, with a note: a range over text is slow and means little
    (`body:[a TO z]` is every word from a to z), and dates have their own filters."""
    ranges = _RANGE.findall(text)
    if not ranges:
        return text
    note(
        notes,
        f"Ranges such as “{ranges[0]}” are not searched, so it was left out; "
        "to narrow by date, use the date filters.",
    )
    return " ".join(_RANGE.sub(" ", text).split())


def reads_as_syntax(text: str) -> bool:
    """Return True if `text` clearly uses query syntax, False if it is words (a question)."""
    if _CLEAR_SYNTAX.search(text):
        return True
    words = text.split()
    if words and all(word in OPERATORS for word in words):
        return True  # operators alone ask nothing: a note asks for words
    # Headlines and shouting are written in capitals: there AND, OR and NOT are words.
    return bool(_OPERATOR.search(text)) and any(char.islower() for char in text)


class SyntaxProblem(Exception):
    """The text cannot be read as query syntax; search its words instead."""


@dataclass
class Leaf:
    text: str
    name: str | None = None  # the field named, e.g. title in title:word
    prefix: bool = False
    fuzzy: int = 0
    slop: int = 0
    phrase: bool = False  # written in quotes
    lexemes: str = ""  # the tsquery PostgreSQL made of `text`, e.g. 'secur' <-> 'guarante'
    # Other forms the leaf stands for, OR-ed with it: a fuzzy term's similar words, and a
    # joined word's spaced and run-together forms (`Coca-Cola`: "Coca Cola", "CocaCola").
    expansions: list[str] = field(default_factory=list)


def note(notes: list[str], text: str) -> None:
    """Add a note for the person searching, once."""
    if text not in notes:
        notes.append(text)


class Parser:
    """Recursive descent over the tokens, with Whoosh's precedence (see the module docstring)."""

    def __init__(self, text: str, notes: list[str]):
        self.tokens = list(_TOKENS.finditer(text))
        self.at = 0
        self.notes = notes
        self.depth = 0

    def parse(self):
        """Return the tree of the whole text; raise SyntaxProblem if it cannot be read."""
        tree = self._all()
        while self.at < len(self.tokens):  # a stray ')' ends a group early: read on
            self.at += 1
            more = self._all()
            tree = ("and", [tree, more]) if more is not None else tree
        return tree

    def _peek(self) -> str | None:
        if self.at >= len(self.tokens):
            return None
        token = self.tokens[self.at]
        return ")" if token["close"] else token.group(0)

    def _all(self):
        """Words side by side: all of them (the loosest join)."""
        children = []
        while self._peek() not in (None, ")"):
            if self._peek() in ("OR", "AND", "ANDMAYBE"):
                raise SyntaxProblem
            children.append(self._or())
        if not children:
            return None
        return children[0] if len(children) == 1 else ("and", children)

    def _or(self):
        children = [self._and()]
        while self._peek() == "OR":
            self.at += 1
            if self._peek() in (None, ")", *BINARY_OPERATORS):
                raise SyntaxProblem
            children.append(self._and())
        return children[0] if len(children) == 1 else ("or", children)

    def _and(self):
        children = [self._unary()]
        while (word := self._peek()) in ("AND", "ANDMAYBE"):
            self.at += 1
            if self._peek() in (None, ")", *BINARY_OPERATORS):
                raise SyntaxProblem
            optional = self._unary()
            if word == "AND":  # ANDMAYBE's word may match; it is not required
                children.append(optional)
        return children[0] if len(children) == 1 else ("and", children)

    def _unary(self):
        token = self._peek()
        if token in ("NOT", "ANDNOT"):
            self.at += 1
            if self._peek() in (None, ")", *BINARY_OPERATORS):
                raise SyntaxProblem
            return ("not", self._unary())
        match = self.tokens[self.at]
        self.at += 1
        if match["open"]:
            return self._group()
        if match["phrase"] is not None:
            return self._phrase(match)
        return self._word(match.group(0))

    def _group(self):
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.notes.append(
                f"Parentheses nest deeper than {MAX_NESTING} levels, so your words were "
                "searched without them."
            )
            raise SyntaxProblem
        inner = self._all()
        self.depth -= 1
        if self._peek() == ")":
            self.at += 1
        if inner is None:
            raise SyntaxProblem
        return inner

    def _phrase(self, match):
        name = (match["field"] or "").rstrip(":").lower()
        slop = int(match["slop"] or 1) if match["slop"] is not None else 0
        named = name if name in NAMED_FIELDS else None
        return Leaf(match["phrase"], named, slop=slop, phrase=True)

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
                note(
                    self.notes,
                    f"Fuzzy matching allows {MAX_FUZZY_EDITS} edit, so "
                    f"“{text}~{edits}” was searched as “{text}~{MAX_FUZZY_EDITS}”.",
                )
            leaf.fuzzy = min(edits, MAX_FUZZY_EDITS)
        if "*" in text or "?" in text:
            literal = re.split(r"[*?]", text, maxsplit=1)[0]
            if len(literal) < MIN_PREFIX:
                note(
                    self.notes,
                    f"Wildcards need at least {MIN_PREFIX} letters before * or ?, "
                    "so they were searched as plain words.",
                )
                raise SyntaxProblem
            if not re.fullmatch(r"[^*?]+\*", text):
                note(
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
    "Coca Cola" and the word "CocaCola"; [] for a word without punctuation inside, and for
    initials (`U.S.`), which are their acronym alone on both engines, never the letters
    apart ("U S West")."""
    if not _IN_WORD_PUNCTUATION.search(word) or INITIALS.fullmatch(word):
        return []
    return [_IN_WORD_PUNCTUATION.sub(" ", word), _IN_WORD_PUNCTUATION.sub("", word)]


def word_leaves(text: str) -> list[Leaf]:
    """Return a leaf for each distinct word of `text`, syntax ignored; a joined word is one."""
    words = dict.fromkeys(re.sub(r"^\W+|\W+$", "", word) for word in text.split())
    return [Leaf(word, expansions=joined_forms(word)) for word in words if word]


def read_as(text: str) -> str | None:
    """Return the note saying how a query in syntax was read, or None if it cannot be."""
    try:
        tree = Parser(text, []).parse()
    except SyntaxProblem:
        return None
    return f"Read as: {describe(tree)}." if tree is not None else None


_FIELD_NAMES = {
    "title": "the headline",
    "standfirst": "the standfirst",
    "body": "the text",
    "source": "the source",
    "section": "the section",
    "byline": "the byline",
    "topic": "the topics",
    "place": "the places",
    "person": "the people",
    "org": "the organisations",
    "exchange": "the exchanges",
    "quote": "the quotes",
    "speaker": "the speakers",
}


def describe(tree) -> str:
    """Return how a syntax tree was read, in words: `(Kyiv OR Moscow) AND peace`."""
    if isinstance(tree, Leaf):
        return _describe_leaf(tree)
    if tree[0] == "not":
        return "NOT " + _describe_part(tree[1])
    joiner = " AND " if tree[0] == "and" else " OR "
    return joiner.join(_describe_part(child) for child in tree[1])


def _describe_part(tree) -> str:
    text = describe(tree)
    return text if isinstance(tree, Leaf) or tree[0] == "not" else f"({text})"


def _describe_leaf(leaf: Leaf) -> str:
    if leaf.slop:
        words = "” and “".join(leaf.text.split())
        text = f"“{words}” at most {leaf.slop} words apart"
    elif leaf.phrase:
        text = f"the phrase “{leaf.text}”"
    elif leaf.prefix:
        text = f"words starting “{leaf.text}”"
    elif leaf.fuzzy:
        text = f"“{leaf.text}” or words one letter away"
    else:
        text = leaf.text
    return f"{text} in {_FIELD_NAMES[leaf.name]}" if leaf.name else text
