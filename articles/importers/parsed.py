"""What the parse step produces: plain data about one article, with no database in sight."""

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime


class BadArticleFile(ValueError):
    """A file or record that cannot become an article; the message says why."""


class EmptyDocument(BadArticleFile):
    """A document with nothing in it, no title and no text: skipped and counted, not failed.

    Corpora have a few (two Reuters documents are only a date): nothing was lost, so an
    import of them is a good import and exits 0.
    """


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    standfirst: str
    paragraphs: tuple[str, ...]
    published: datetime | None = None  # always aware, in UTC
    section: str = ""
    byline: str = ""
    url: str = ""
    source: str = ""  # a record's own source; empty means "the source the operator named"
    # (kind, slug, name) of each tag the source gives, e.g. ("topic", "wpi", "Wholesale
    # Price Index"); kinds as Tag.Kind.
    tags: tuple[tuple[str, str, str], ...] = ()

    def content_hash(self) -> str:
        """Return a digest of everything imported, to skip articles that did not change."""
        content = {
            "title": self.title,
            "standfirst": self.standfirst,
            "paragraphs": self.paragraphs,
            "published": self.published.isoformat() if self.published else None,
            "section": self.section,
            "byline": self.byline,
            "url": self.url,
        }
        if self.tags:  # only then, so untagged articles keep the hashes they had
            content["tags"] = sorted(self.tags)
        encoded = json.dumps(content, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def with_defaults(self, **defaults) -> "ParsedArticle":
        """Return a copy with empty metadata fields filled from `defaults`."""
        missing = {name: value for name, value in defaults.items() if not getattr(self, name)}
        return replace(self, **missing) if missing else self


@dataclass(frozen=True)
class Entry:
    """One article read from a file (or the reason it could not be), and where it was."""

    key: str  # stable within the source: a path, a record id, a Reuters NEWID
    file: str
    line: int | None = None
    article: ParsedArticle | None = None
    error: str = ""
    warnings: tuple[str, ...] = field(default=())
    skipped: bool = False  # error says why: the document had nothing in it

    @classmethod
    def refused(cls, key: str, file: str, line: int | None, error: BadArticleFile) -> "Entry":
        """Return the entry of a document that is no article: skipped if empty, else failed."""
        return cls(key, file, line, error=str(error), skipped=isinstance(error, EmptyDocument))

    @property
    def where(self) -> str:
        """Return `file:line`, or the file alone for one-article files."""
        return f"{self.file}:{self.line}" if self.line else self.file


def utc(moment: datetime) -> datetime:
    """Return an aware datetime in UTC; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
