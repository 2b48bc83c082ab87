"""Turn what a person typed into a PostgreSQL tsquery, with the Whoosh engine's syntax and notes.

`websearch_to_tsquery` reads words, "phrases", OR and -word, but not the rest of the archive's
syntax (NOT, parentheses, field:term, prefix*, fuzzy~1), so this module parses the same syntax
in the same websearch style and writes the tsquery itself. Words are normalised by PostgreSQL
(`phraseto_tsquery` with the `newsarchive` configuration, one round trip for all of them), so
the query's lexemes are exactly the document's. Bounds and notes are the Whoosh engine's.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connections, router, transaction
from django.db.models import Func

from ...models import SearchWord
from ...tag_kinds import tag_slug
from ..reading import (
    BINARY_OPERATORS,
    OPERATORS,
    QUOTE_FIELDS,
    STEM_SLACK,
    TAG_QUERY_FIELDS,
    Leaf,
    Parser,
    SyntaxProblem,
    clean_query_text,
    joined_forms,
    note,
    read_as,
    reads_as_syntax,
    without_ranges,
    word_leaves,
)
from ..types import MAX_EXPANSIONS, MAX_QUERY_CHARS, MAX_TERMS, MIN_PREFIX

CONFIG = "newsarchive"
WORDS_CONFIG = "newsarchive_words"
# Title A, standfirst B, body C; source, section and byline share D (a tsvector has four
# weights), so `source:x` also finds an article whose section or byline says x.
FIELD_WEIGHTS = {"title": "A", "standfirst": "B", "body": "C"} | dict.fromkeys(
    ("source", "section", "byline"), "D"
)
UNFIELDED_WEIGHTS = "ABC"  # like Whoosh, a bare word searches title, standfirst and body
MAX_SLOP = 20  # "a b"~N: one phrase per distance, so N is bounded

_LEXEME = re.compile(r"'((?:[^']|'')*)'")
# As analysis.LowercaseWordFilter does for Whoosh: a possessive is its word (`Poland's` is
# `Poland`, no "s" lexeme), and initials are the acronym (`U.S.` is `US`; PostgreSQL's parser
# would read `U.S` as a file name). Documents and query words both pass through it, so
# lexemes agree. (No lookbehind: one made it 7 times slower, a third of to_tsvector's time.)
# First, the characters that make PostgreSQL's parser read words as one token the Whoosh
# engine splits, or drop them, become spaces: `<BANK OF CHINA>` (Reuters' company names and
# tickers) is an XML tag to it, indexed as nothing; `government/industry` and `9/11` a file
# name, `desk@example.com` an address, `&amp;` an entity; and `minister-designate` a compound
# that takes a place of its own before its parts, so `"prime minister"` missed "Prime
# Minister-designate". Both engines then find the same words in the same places.
WORD_FORMS_SQL = (
    r"regexp_replace(regexp_replace(translate({text}, '<>/@&-', '      '), "
    r"'(\w)[''’ʼ][sS]\M', '\1', 'g'), "
    r"'\m([[:alpha:]])\.(?=[[:alpha:]](\.|\M))', '\1', 'g')"
)


# One round trip for all the query's texts, in order (the SQL is made of constants only).
_NORMALISE = (
    "SELECT phraseto_tsquery(%s::regconfig, "  # noqa: S608
    + WORD_FORMS_SQL.format(text="t")
    + ")::text FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i"
)


class WordForms(Func):
    """The text with possessives and initials folded into their words (WORD_FORMS_SQL)."""

    template = WORD_FORMS_SQL.format(text="%(expressions)s")


class TsQuery(SearchQuery):
    """A tsquery written out lexeme by lexeme (this module): cast, never normalised again."""

    template = "(%(expressions)s)::tsquery"


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


def parse(text: str) -> ParsedQuery:
    """Return the tsquery for `text`, with notes on whatever was changed to make it one."""
    notes: list[str] = []
    text = without_ranges(_shortened(clean_query_text(text), notes), notes)
    tree = _syntax_tree(text, notes) if reads_as_syntax(text) else _words_tree(text, notes)
    normalise(list(_leaves(tree)), notes)
    compiled = _compile(tree)
    positive = [
        leaf
        for leaf in _leaves(tree, positive_only=True)
        if leaf.lexemes and leaf.name not in TAG_QUERY_FIELDS  # tags are not words
    ]
    terms = _highlight_terms(positive)
    highlight = " | ".join(_quote(lexeme) + (":*" if prefix else "") for lexeme, prefix in terms)
    words = [word for leaf in positive if not leaf.prefix for word in re.findall(r"\w+", leaf.text)]
    return ParsedQuery(compiled, notes, highlight or None, terms, words)


def _shortened(text: str, notes: list[str]) -> str:
    if len(text) > MAX_QUERY_CHARS:
        text = text[: MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0][:MAX_QUERY_CHARS]
        notes.append(f"Your search was shortened to its first {MAX_QUERY_CHARS} characters.")
    return text


def _syntax_tree(text: str, notes: list[str]):
    """Return the tree of a query in syntax, with a note saying how it was read."""
    text = _without_stray_syntax(text, notes)
    try:
        tree = Parser(text, notes).parse()
        if _word_count(_leaves(tree)) > MAX_TERMS:
            note(notes, f"Searches use at most {MAX_TERMS} terms; the rest were left out.")
            raise SyntaxProblem
    except SyntaxProblem:
        return _plain_words(text, notes)
    if reading := read_as(text):
        notes.insert(0, reading)
    return tree


def _words_tree(text: str, notes: list[str]):
    """Return a tree requiring every word of a question; AND, OR and NOT are words here."""
    if text.count('"') % 2:
        note(notes, "A quote mark had no partner, so it was ignored.")
    leaves = _within_terms(word_leaves(text), notes)
    return ("and", leaves) if leaves else None


def _word_count(leaves) -> int:
    """Return how many words the leaves search for: a leaf written twice counts once, a word
    a phrase repeats counts each time (each is a position to check)."""
    texts = {leaf.text.lower() for leaf in leaves}
    return sum(len(re.findall(r"\w+", text)) for text in texts)


def _within_terms(leaves: list[Leaf], notes: list[str]) -> list[Leaf]:
    """Return the first leaves holding MAX_TERMS words in all; a longer joined word is cut,
    as the Whoosh engine does."""
    kept, budget = [], MAX_TERMS
    for leaf in leaves:
        words = re.findall(r"\w+", leaf.text)
        if len(words) > budget:
            note(notes, f"Searches use at most {MAX_TERMS} terms; the rest were left out.")
            if budget:
                cut = "-".join(words[:budget])
                kept.append(Leaf(cut, expansions=joined_forms(cut)))
            break
        kept.append(leaf)
        budget -= len(words)
    return kept


def _without_stray_syntax(text: str, notes: list[str]) -> str:
    words = text.split()
    while words and words[0] in BINARY_OPERATORS:
        words.pop(0)
    while words and words[-1] in OPERATORS:
        words.pop()
    if len(words) < len(text.split()):
        note(notes, "AND, OR and NOT need words on both sides; the stray ones were left out.")
    text = " ".join(words)
    if text.count('"') % 2:
        note(notes, "A quote mark had no partner, so it was ignored.")
        at = text.rfind('"')
        text = text[:at] + " " + text[at + 1 :]
    if text.count("(") != text.count(")"):
        note(notes, "A parenthesis had no partner, so it was ignored.")
    return text


def _plain_words(text: str, notes: list[str]):
    """Return a tree requiring every word of `text`, syntax ignored."""
    if not any(note.endswith("plain words.") or "at most" in note for note in notes):
        notes.append("Your search could not be read as query syntax; searched as plain words.")
    leaves = word_leaves(" ".join(word for word in text.split() if word not in OPERATORS))
    leaves = _within_terms(leaves, notes)
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
    connection = reading_connection()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # The planner costs similarity() as a cheap comparison and so scans every word (60,000
        # at 100,000 articles: 0.5 s on a busy machine, nine times the trigram index's time).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "SELECT w.word FROM articles_searchword w, "
            "(SELECT lower(unaccent(%s)) AS t) q "
            "WHERE w.word %% q.t ORDER BY similarity(w.word, q.t) DESC, w.word LIMIT 500",
            [text],
        )
        candidates = [row[0] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")  # an outer transaction goes on
    folded = text.lower()
    words = [word for word in candidates if edit_distance(word, folded) <= edits]
    if len(words) > MAX_EXPANSIONS:
        note(notes, f"“{text}~” matches many words; the first {MAX_EXPANSIONS} were used.")
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


def tag_lexeme(leaf: Leaf) -> str | None:
    """Return the tsquery of `place:japan`: the lexeme `place:japan` (documents.TagLexemes),
    a prefix for `place:jap*`; a name is its slug (`person:"Volodymyr Zelensky"`)."""
    slug = tag_slug(leaf.text)
    if not slug:
        return None
    return _quote(f"{TAG_QUERY_FIELDS[leaf.name]}:{slug}") + (":*" if leaf.prefix else "")


def quote_lexemes(leaf: Leaf) -> str | None:
    """Return the tsquery of `quote:peace` or `speaker:"Vladimir Putin"`: each lexeme named
    `field:lexeme` (documents.QuoteLexemes), phrases and a last prefix kept."""
    found = list(_LEXEME.finditer(leaf.lexemes))
    if not found:
        return None
    last = found[-1].end()

    def renamed(match) -> str:
        word = match.group(1).replace("''", "'")
        lexeme = _quote(f"{leaf.name}:{word}")
        return lexeme + (":*" if leaf.prefix and match.end() == last else "")

    return "(" + _LEXEME.sub(renamed, leaf.lexemes) + ")"


def _leaf_tsquery(leaf: Leaf) -> str | None:
    if leaf.name in TAG_QUERY_FIELDS:
        return tag_lexeme(leaf)
    if leaf.name in QUOTE_FIELDS:
        return quote_lexemes(leaf)
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
    slop = min(leaf.slop, MAX_SLOP)
    near = [
        f"{words[0]}:{weight} <{distance}> {words[1]}:{weight}"
        for weight in weights  # within one field, as a phrase (weighted)
        for distance in range(1, slop + 1)
    ]
    return "(" + " | ".join(near) + ")"


def weighted(lexemes: str, weights: str, prefix: bool = False) -> str:
    """Return the tsquery text with each lexeme limited to `weights`; the last one a prefix.

    A phrase is found within one field, as on Whoosh: the document's fields follow on in one
    vector, so 'januari':ABC <-> 'the':ABC also matched a headline ending "January" before a
    text starting "The". Each weight (field) gets its own phrase.
    """
    found = list(_LEXEME.finditer(lexemes))
    if not found:
        return ""
    if len(weights) > 1 and "<" in _LEXEME.sub("", lexemes):
        return "(" + " | ".join(weighted(lexemes, weight, prefix) for weight in weights) + ")"
    last = found[-1].end()

    def label(match) -> str:
        if prefix and match.end() == last:
            return _prefix_forms(match.group(1).replace("''", "'"), weights)
        return f"{match.group(0)}:{weights}"

    return "(" + _LEXEME.sub(label, lexemes) + ")"


def _prefix_forms(lexeme: str, weights: str) -> str:
    """Return `lexeme:*` or its stems: `negotiat*` also finds `negoti`, the stem of its words.

    As the Whoosh engine does (reading.STEM_SLACK): the stemmer shortens words by a few letters,
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
            found = lexemes_of(lexemes)
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


def lexemes_of(tsquery: str) -> list[str]:
    """Return the lexemes a tsquery names, in order ("'coca' <-> 'cola'": coca, cola)."""
    return [m.group(1).replace("''", "'") for m in _LEXEME.finditer(tsquery)]


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''") + "'"
