"""Parse one-article text files.

Formats:
- seed format: line 1 headline, line 2 standfirst, then one paragraph a line;
- blank-line format: headline, an empty line, then paragraphs separated by empty lines
  (a paragraph may run over several lines).
"""

import re
from collections.abc import Iterator
from pathlib import Path

from ..cleaning import clean_text
from .parsed import BadArticleFile, EmptyDocument, Entry, ParsedArticle

MAX_HEADLINE_CHARS = 300
# Site furniture that ends some scraped articles; compared after normalising case,
# spacing and trailing punctuation. The one place this list lives.
TRAILING_BOILERPLATE = frozenset(
    {
        "leave a comment",
        "leave a reply",
        "add a comment",
        "comments",
        "share this article",
        "share this",
        "share",
        "advertisement",
        "related articles",
        "read more",
    }
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def decode(raw: bytes) -> str:
    """Return the text of a file: UTF-8 (or UTF-16 with a BOM), else a legacy 8-bit code."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if _looks_binary(raw):
        raise BadArticleFile("binary data, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # Maps every byte; the last resort for 8-bit files.


def _looks_binary(raw: bytes) -> bool:
    """Return True if the start of the file has many control bytes, as binary files do.

    A few stray NULs or escapes in a text file are cleaned away instead (see clean_text()).
    """
    sample = raw[:8192]
    controls = sum(1 for byte in sample if (byte < 32 and byte not in b"\t\n\r\f") or byte == 127)
    return controls >= 16 and controls / len(sample) > 0.08


def parse_text(raw: bytes) -> ParsedArticle:
    """Return the article in a file's bytes, or raise BadArticleFile saying why not."""
    lines = [line.strip() for line in clean_text(decode(raw)).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise EmptyDocument("empty file")
    title, rest = lines[0], lines[1:]
    if len(title) > MAX_HEADLINE_CHARS:
        raise BadArticleFile(
            f"no headline: the first line has {len(title)} characters "
            f"(a headline has at most {MAX_HEADLINE_CHARS})"
        )
    if rest and not rest[0]:
        standfirst, paragraphs = "", split_blank_line_paragraphs("\n".join(rest))
    else:
        standfirst, paragraphs = (rest[0] if rest else ""), [line for line in rest[1:] if line]
    if not paragraphs and standfirst:
        standfirst, paragraphs = "", [standfirst]  # A lone second line is the text itself.
    paragraphs = _without_trailing_boilerplate(paragraphs)
    if not paragraphs:
        raise BadArticleFile("no article text after the headline")
    return ParsedArticle(title, standfirst, tuple(paragraphs))


def split_blank_line_paragraphs(text: str) -> list[str]:
    """Return the paragraphs of a text in which blank lines separate paragraphs."""
    blocks = _PARAGRAPH_BREAK.split(text.strip())
    return [block.strip() for block in blocks if block.strip()]


def _without_trailing_boilerplate(paragraphs: list[str]) -> list[str]:
    paragraphs = list(paragraphs)
    while paragraphs and _is_boilerplate(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def _is_boilerplate(line: str) -> bool:
    return " ".join(line.lower().split()).rstrip(".:!…") in TRAILING_BOILERPLATE


def entries(file: Path, key: str, section: str = "") -> Iterator[Entry]:
    """Yield the one Entry of a text file (its article, or why there is none)."""
    try:
        article = parse_text(file.read_bytes())
    except BadArticleFile as error:
        yield Entry.refused(key, str(file), None, error)
    except OSError as error:
        yield Entry(key, str(file), error=error.strerror or str(error))
    else:
        yield Entry(key, str(file), article=article.with_defaults(section=section))
