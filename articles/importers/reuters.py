"""Parse Reuters-21578 SGML files (`reut2-NNN.sgm`): many articles a file, read leniently.

The files are not valid XML (no root element, numeric references to control characters),
so each `<REUTERS ...>...</REUTERS>` block is cut out with regular expressions.
See ../shared/corpora/reuters21578/FORMAT.md for what the fields hold.

Mapping: NEWID -> key `reuters:NEWID`; DATE -> published (UTC); the first TOPICS entry ->
section; every TOPICS, PLACES, PEOPLE, ORGS and EXCHANGES entry -> a tag, its code the slug
and its name from ../data (`wpi` is "Wholesale Price Index"); TITLE -> headline; DATELINE
starts the first paragraph; BODY paragraphs are the indented lines. A brief (a headline and
no body) keeps its headline as its one paragraph; an unprocessed document (raw text, no
markup) takes its first line as headline.
"""

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from ..cleaning import clean_text
from ..sections import topic_names
from ..tag_kinds import tag_slug
from .parsed import BadArticleFile, EmptyDocument, Entry, ParsedArticle
from .text import MAX_HEADLINE_CHARS, decode

_DOCUMENT = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL | re.IGNORECASE)
_NEWID = re.compile(r'NEWID="(\d+)"', re.IGNORECASE)
_D = re.compile(r"<D>(.*?)</D>", re.DOTALL | re.IGNORECASE)
# Paragraphs start on a new line indented by at least two spaces (most have four).
_PARAGRAPH_START = re.compile(r"\n[ \t]{2,}(?=\S)")
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$", re.IGNORECASE)
# Each list of codes, and the kind of tag its entries are.
TAG_LISTS = {
    "TOPICS": "topic",
    "PLACES": "place",
    "PEOPLE": "person",
    "ORGS": "organisation",
    "EXCHANGES": "exchange",
}
TAG_NAMES_FILE = Path(__file__).parent.parent / "data" / "reuters_tags.tsv"


@cache
def tag_names() -> dict[tuple[str, str], str]:
    """Return {(kind, code): name} for every code the corpus names."""
    names = {("topic", code): name for code, name in topic_names().items()}
    for line in TAG_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, code, name = line.split("\t")
            names[kind, code] = name
    return names


def _element(name: str, block: str) -> str | None:
    match = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", block, re.DOTALL | re.IGNORECASE)
    return match.group(1) if match else None


def entries(file: Path) -> Iterator[Entry]:
    """Yield one Entry per document of a Reuters-21578 .sgm file."""
    try:
        text = decode(file.read_bytes())
    except (OSError, BadArticleFile) as error:
        yield Entry(f"reuters-file:{file.name}", str(file), error=_reason(error))
        return
    line, offset = 1, 0
    for match in _DOCUMENT.finditer(text):
        line += text.count("\n", offset, match.start())
        offset = match.start()
        newid = _NEWID.search(match.group(1))
        key = f"reuters:{newid.group(1)}" if newid else f"reuters-file:{file.name}:{line}"
        try:
            article, warnings = parse_document(match.group(2))
        except BadArticleFile as error:
            yield Entry.refused(key, str(file), line, error)
        else:
            yield Entry(key, str(file), line, article=article, warnings=warnings)


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def parse_document(block: str) -> tuple[ParsedArticle, tuple[str, ...]]:
    """Return the article in one <REUTERS> block and any warnings, or raise BadArticleFile."""
    text_block = _element("TEXT", block) or ""
    title = _plain(_element("TITLE", text_block) or "")
    body = _element("BODY", text_block)
    if body is None and _element("TITLE", text_block) is None:
        body = text_block  # TYPE="UNPROC": raw text straight inside TEXT
    paragraphs = _paragraphs(body or "")
    if not title and paragraphs:
        title, paragraphs = _first_line_as_title(paragraphs)
    if not title:
        raise EmptyDocument("no title and no text")
    if len(title) > MAX_HEADLINE_CHARS:
        title = title[:MAX_HEADLINE_CHARS].rsplit(" ", 1)[0]
    dateline = _plain(_element("DATELINE", text_block) or "")
    if dateline and paragraphs:
        paragraphs[0] = f"{dateline} {paragraphs[0]}"
    published, warnings = _published(_element("DATE", block))
    topics = [_plain(topic) for topic in _D.findall(_element("TOPICS", block) or "")]
    article = ParsedArticle(
        title=title,
        standfirst="",
        paragraphs=tuple(paragraphs or [title]),  # a brief is its headline
        published=published,
        section=topics[0] if topics else "",
        tags=_tags(block),
    )
    return article, warnings


def _tags(block: str) -> tuple[tuple[str, str, str], ...]:
    """Return (kind, code, name) for each entry of the five lists, in order, once each."""
    tags = {}
    for element, kind in TAG_LISTS.items():
        for entry in _D.findall(_element(element, block) or ""):
            code = tag_slug(_plain(entry))
            if code:
                tags[kind, code] = tag_names().get((kind, code), code)
    return tuple((kind, code, name) for (kind, code), name in tags.items())


def _plain(markup: str) -> str:
    return " ".join(clean_text(html.unescape(markup)).split())


def _paragraphs(body: str) -> list[str]:
    text = _SIGN_OFF.sub("", clean_text(html.unescape(body)))
    chunks = _PARAGRAPH_START.split("\n" + text)
    return [joined for chunk in chunks if (joined := " ".join(chunk.split()))]


def _first_line_as_title(paragraphs: list[str]) -> tuple[str, list[str]]:
    first, rest = paragraphs[0], paragraphs[1:]
    title, _, remainder = first.partition(". ")
    if remainder:
        rest = [remainder, *rest]
    return title.strip(), rest


def parse_date(value: str) -> datetime:
    """Return a Reuters DATE (`26-FEB-1987 15:01:01.79`, in GMT) in UTC, or raise ValueError."""
    stamp = clean_text(html.unescape(value)).strip().split(".", 1)[0]
    try:
        return datetime.strptime(stamp, "%d-%b-%Y %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"bad date {value.strip()!r}") from None


def _published(value: str | None) -> tuple[datetime | None, tuple[str, ...]]:
    if not value or not value.strip():
        return None, ()
    try:
        return parse_date(value), ()
    except ValueError as error:
        return None, (f"{error}; imported undated",)
