"""Cut a paragraph into runs of capitalised words ("spans"), each with what stands around it.

A span is the raw material of a name: "Bank of America", "Prime Minister Tony Blair",
"Mr Greenspan". Lower-case joining words stay inside a span ("Department for Trade and
Industry", "Philip van Doren Stern"); punctuation ends it, and so does a possessive
("Rosneft's purchase" gives "Rosneft", possessive, followed by "purchase").
"""

import re
from dataclasses import dataclass

from .words import word_set

# A word; a plural possessive keeps its apostrophe inside a name ("Critics' Circle").
_TOKEN = re.compile(r"\w[\w'’\-&.]*\w(?:['’](?=\s+[A-Z]))?|\w|&")
# What a place or body is named before ("Moscow-based", "Scotland-born", "US-led").
_ATTRIBUTIVE = re.compile(r"-(?:based|born|bred|led|owned|listed|registered|backed|made|run)$")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+")
# Lower-case words that may sit inside a name, between two capitalised words.
JOINERS = word_set("of for and & de del della der den van von du da di la le al bin y the")
_CAPITAL_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-&.]*"
_JOINER = "|".join(map(re.escape, sorted(JOINERS)))
_RUN = re.compile(rf"{_CAPITAL_WORD}(?:\s+(?:(?:{_JOINER})\s+(?:the\s+)?)?{_CAPITAL_WORD})*")
# What comes before a word that starts a sentence (or a quotation, or a heading).
_SENTENCE_BREAK = set(".!?\"“”‘'(:;—–-")


# Not frozen, though never changed (dataclasses.replace makes another): a frozen dataclass
# sets each field through object.__setattr__, and the finder makes a span of most
# capitalised words (issue 19: a frozen one took four times as long to make).
@dataclass(slots=True)
class Span:
    words: tuple[str, ...]  # as written, possessive and final full stop taken off
    sentence_start: bool  # the first word starts a sentence: it is capitalised anyway
    possessive: bool  # the last word was "X's"
    before: str  # up to 60 characters of the paragraph before the span
    after: str  # up to 60 characters after it (after the possessive, if any)
    part: bool = False  # cut from a longer span at a joining word ("Chambers of Commerce")

    @property
    def text(self) -> str:
        return " ".join(self.words)


def spans(paragraph: str, starters: frozenset[str] = frozenset()) -> list[Span]:
    """Return the spans of capitalised words in `paragraph`, in order, less a sentence's
    first word alone when it is one of `starters` (lower case: "the", "but"): most spans
    are those, and skipping them here saves the finder a fifth of its time."""
    found = []
    # Only the runs of capitalised words are cut into tokens: most words are lower case,
    # and reading each of them cost most of the finder's time.
    for run in _RUN.finditer(paragraph):
        word = run.group()
        if word.isalnum():
            # One word of letters and digits alone (most runs): its own token and span, as
            # it is (what _span makes of it, without the tokens).
            start = run.start()
            if word.lower() in starters and _starts_sentence(paragraph, start):
                continue
            found.append(_plain_span(paragraph, (word,), start, run.end()))
            continue
        words = word.split(" ")
        if "the" not in words and all(map(str.isalnum, words)):
            # Plain words between single spaces ("Tony Blair", "Bank of England"): _RUN
            # joins capitalised words by one joining word at most, so only "the" after a
            # joining word other than "of" and "for" can cut such a run (_span_end).
            found.append(_plain_span(paragraph, tuple(words), run.start(), run.end()))
            continue
        tokens = _plain_tokens(word, run.start())
        if tokens is None:
            tokens = [_clean(m) for m in _TOKEN.finditer(paragraph, run.start(), run.end())]
        if (
            len(tokens) == 1
            and tokens[0][0].lower() in starters
            and _starts_sentence(paragraph, tokens[0][1])
        ):
            continue
        if len(tokens) == 1:
            # Most runs are one word, a capital first (_RUN): one span of it.
            found.append(_span(paragraph, tokens, 0, 1))
            continue
        found.extend(_spans_of_run(paragraph, tokens))
    return found


def _plain_span(paragraph: str, words: tuple[str, ...], start: int, end: int) -> Span:
    """Return the span of `words`, plain words written from `start` to `end` (what _span
    makes of their tokens)."""
    before = paragraph[max(0, start - 60) : start]
    stripped = before.rstrip()
    return Span(
        words,
        not stripped or stripped[-1] in _SENTENCE_BREAK,
        False,
        before,
        paragraph[end : end + 60],
    )


def _plain_tokens(run: str, start: int) -> list[tuple] | None:
    """Return the tokens of a run of plain words between single spaces ("Tony Blair", "Bank
    of England"), as _TOKEN and _clean make them, without a search; None for any other run
    (a stop, an apostrophe, a hyphen, "&", another space)."""
    tokens = []
    for word in run.split(" "):
        if not word.isalnum():
            return None
        tokens.append((word, start, start + len(word), False, False))
        start += len(word) + 1
    return tokens


def _starts_sentence(paragraph: str, start: int) -> bool:
    """True if the word at `start` starts the paragraph or a sentence (or a quotation...),
    read from the ten characters before it."""
    before = paragraph[max(0, start - 10) : start].rstrip()
    return (not before and start <= 10) or bool(before and before[-1] in _SENTENCE_BREAK)


def _spans_of_run(paragraph: str, tokens: list) -> list[Span]:
    found, i = [], 0
    while i < len(tokens):
        if not _capitalised(tokens[i][0]):
            i += 1
            continue
        end = _span_end(paragraph, tokens, i)
        found.append(_span(paragraph, tokens, i, end))
        i = end
    return found


def _clean(match: re.Match) -> tuple[str, int, int, bool, bool]:
    """Return (word, start, end, possessive, closes) of a token: the word without its final
    full stop, possessive or "-based"; the end after them, so what follows is the next
    word; closes if the word ends its span ("Rosneft's purchase", "Moscow-based US")."""
    word, start, end = match.group(), match.start(), match.end()
    if word.isalnum():
        return word, start, end, False, False  # most words: no stop, "-based" or "'s"
    if word.endswith(".") and not _ABBREVIATION.fullmatch(word):
        word, end = word.rstrip("."), end - (len(word) - len(word.rstrip(".")))
    # The same as searching _ATTRIBUTIVE and r"['’]s$", without a search for most words.
    attributive = "-" in word and _ATTRIBUTIVE.search(word)
    if attributive:
        word = word[: attributive.start()]
    possessive = word.endswith(("'s", "’s")) and len(word) > 2
    if possessive:
        word = word[:-2]
    return word, start, end, possessive, possessive or bool(attributive)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _joined(paragraph: str, left: tuple, right: tuple) -> bool:
    """True if only spaces stand between two tokens (no comma, dash or bracket)."""
    return not left[4] and paragraph[left[2] : right[1]].strip() == ""


def _span_end(paragraph: str, tokens: list, start: int) -> int:
    end = start + 1
    while end < len(tokens) and _joined(paragraph, tokens[end - 1], tokens[end]):
        word = tokens[end][0]
        if _capitalised(word):
            end += 1
        elif (
            word in JOINERS
            and end + 1 < len(tokens)
            and _capitalised(tokens[end + 1][0])
            and _joined(paragraph, tokens[end], tokens[end + 1])
        ):
            end += 2
        elif (
            word in ("of", "for")  # "International Federation of the Phonographic Industry"
            and end + 2 < len(tokens)
            and tokens[end + 1][0] == "the"
            and _capitalised(tokens[end + 2][0])
            and _joined(paragraph, tokens[end], tokens[end + 1])
            and _joined(paragraph, tokens[end + 1], tokens[end + 2])
        ):
            end += 3
        else:
            break
    return end


def _span(paragraph: str, tokens: list, start: int, end: int) -> Span:
    first, last = tokens[start], tokens[end - 1]
    before = paragraph[max(0, first[1] - 60) : first[1]]
    stripped = before.rstrip()
    return Span(
        words=(first[0],) if end - start == 1 else tuple(t[0] for t in tokens[start:end]),
        sentence_start=not stripped or stripped[-1] in _SENTENCE_BREAK,
        possessive=last[3],
        before=before,
        after=paragraph[last[2] : last[2] + 60],
    )
