"""Parse JSON Lines files: one article an object, read line by line (never the whole file).

Keys: `title` (required), `paragraphs` (a list of strings) or `body` (text, paragraphs
separated by blank lines), and optionally `id`, `standfirst`, `published` (ISO 8601),
`source`, `section`, `byline`, `url`, and `tags`: a list of objects with a `kind` (topic,
place, person, organisation or exchange) and a `name`, e.g. `{"kind": "person", "name":
"Volodymyr Zelensky"}`. A tag that is not such an object is left out with a warning that
says why. Unknown keys are ignored.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ..cleaning import clean_text, lone_surrogate
from ..tag_kinds import MAX_TAG_CHARS, TAG_KINDS, tag_slug
from ..validators import is_web_url
from .parsed import BadArticleFile, EmptyDocument, Entry, ParsedArticle, utc
from .text import MAX_HEADLINE_CHARS, split_blank_line_paragraphs

OPTIONAL_TEXT_KEYS = ("standfirst", "source", "section", "byline", "url")
KEYS_READ = ("id", "title", "paragraphs", "body", "published", *OPTIONAL_TEXT_KEYS)
MAX_LINE_BYTES = 10 * 1024 * 1024  # a longer line is a broken file, not an article


def entries(file: Path, key_prefix: str) -> Iterator[Entry]:
    """Yield one Entry per non-blank line of a JSON Lines file."""
    try:
        with open(file, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield _entry(raw, number, str(file), key_prefix)
    except OSError as error:
        yield Entry(f"{key_prefix}:unreadable", str(file), error=error.strerror or str(error))


def _entry(raw: bytes, number: int, name: str, key_prefix: str) -> Entry:
    fallback_key = f"{key_prefix}:{number}"
    try:
        record = _record(raw)
        article, warnings = parse_record(record)
    except BadArticleFile as error:
        return Entry.refused(fallback_key, name, number, error)
    key = str(record.get("id") or "").strip() or fallback_key
    return Entry(key[:500], name, number, article=article, warnings=warnings)


def _record(raw: bytes) -> dict:
    if len(raw) > MAX_LINE_BYTES:
        raise BadArticleFile(f"line longer than {MAX_LINE_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a legacy line among UTF-8 ones
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadArticleFile(f"not JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise BadArticleFile("not JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise BadArticleFile(f"a JSON {type(record).__name__}, not an object")
    return record


def parse_record(record: dict) -> tuple[ParsedArticle, tuple[str, ...]]:
    """Return the article in one JSON object and any warnings, or raise BadArticleFile."""
    _refuse_lone_surrogates(record)
    title = " ".join(clean_text(_text(record, "title")).split())
    if not title and not _paragraphs(record):
        raise EmptyDocument("no title and no text")
    if not title:
        raise BadArticleFile("no title")
    if len(title) > MAX_HEADLINE_CHARS:
        raise BadArticleFile(f"title longer than {MAX_HEADLINE_CHARS} characters")
    paragraphs = _paragraphs(record)
    if not paragraphs:
        raise BadArticleFile("no article text (`paragraphs` or `body`)")
    fields = {name: clean_text(_text(record, name)).strip() for name in OPTIONAL_TEXT_KEYS}
    published, warnings = None, ()
    if record.get("published") not in (None, ""):
        try:
            published = parse_published(record["published"])
        except ValueError as error:
            warnings = (f"{error}; imported undated",)
    if fields["url"] and not is_web_url(fields["url"]):
        warnings += (f"url {fields['url'][:100]!r} is not an http(s) address; imported without it",)
        fields["url"] = ""
    tags, tag_warnings = _tags(record.get("tags"))
    article = ParsedArticle(
        title=title, paragraphs=paragraphs, published=published, tags=tags, **fields
    )
    return article, warnings + tag_warnings


def _tags(value) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    """Return the (kind, slug, name) of each good tag, once each, and a warning for each bad."""
    if value is None:
        return (), ()
    if not isinstance(value, list):
        return (), (f"`tags` is a {type(value).__name__}, not a list; imported without tags",)
    tags, warnings = {}, []
    for number, tag in enumerate(value, start=1):
        try:
            kind, name = _tag(tag)
        except ValueError as error:
            warnings.append(f"tag {number} {error}; left out")
        else:
            tags.setdefault((kind, tag_slug(name)), name)
    return tuple((kind, slug, name) for (kind, slug), name in tags.items()), tuple(warnings)


def _tag(tag) -> tuple[str, str]:
    """Return the kind and name of one tag object, or raise ValueError saying what is wrong."""
    if not isinstance(tag, dict):
        raise ValueError(f"is a {type(tag).__name__}, not an object with `kind` and `name`")
    kind, name = tag.get("kind"), tag.get("name")
    if kind not in TAG_KINDS:
        raise ValueError(f"has kind {kind!r}; kinds are {', '.join(TAG_KINDS)}")
    if not isinstance(name, str) or lone_surrogate(name):
        raise ValueError("has no `name` that is text")
    name = " ".join(clean_text(name).split())
    if not tag_slug(name):
        raise ValueError(f"has the name {name[:100]!r}, which has no letter or digit")
    if len(name) > MAX_TAG_CHARS:
        raise ValueError(f"has a name longer than {MAX_TAG_CHARS} characters")
    return kind, name


def _refuse_lone_surrogates(record: dict) -> None:
    """Raise BadArticleFile if a key we read holds a lone surrogate.

    JSON can spell one (`"\\ud800"`) and Python decodes it, but no UTF-8 can encode it:
    the article could be neither hashed nor stored.
    """
    for name in KEYS_READ:
        value = record.get(name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (surrogate := lone_surrogate(text)):
                raise BadArticleFile(
                    f"`{name}` holds a lone surrogate (\\u{ord(surrogate):04x}), "
                    "half of a UTF-16 pair, which is not text"
                )


def parse_published(value) -> datetime:
    """Return an ISO 8601 date or date-time in UTC (naive times are UTC), or raise ValueError."""
    if not isinstance(value, str):
        raise ValueError(f"bad date {value!r}: not a string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"bad date {value!r}: not ISO 8601") from None
    return utc(moment)


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadArticleFile(f"`{name}` is a {type(value).__name__}, not a string")
    return value


def _paragraphs(record: dict) -> tuple[str, ...]:
    value = record.get("paragraphs")
    if value is None:
        return tuple(split_blank_line_paragraphs(clean_text(_text(record, "body"))))
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise BadArticleFile("`paragraphs` is not a list of strings")
    return tuple(text for p in value if (text := clean_text(p).strip()))
