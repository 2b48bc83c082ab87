"""Article files -> Articles with Paragraphs: a pure parse step and a save step.

Formats (one article a file):
- seed format: line 1 headline, line 2 standfirst, then one paragraph a line;
- blank-line format: headline, an empty line, then paragraphs separated by empty lines
  (a paragraph may run over several lines).
"""

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from . import index_queue
from .models import Article, Paragraph, Source

DEFAULT_SOURCE = "Unknown source"
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
# Everything but tab and newline in C0, DEL and the C1 block.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"


class BadArticleFile(ValueError):
    """A file that cannot become an article; the message says why."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    standfirst: str
    paragraphs: tuple[str, ...]

    def content_hash(self) -> str:
        """Return a digest of everything imported, to skip files that did not change."""
        encoded = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, name: str, reason: str) -> None:
        self.counts[FAILED] += 1
        self.failures.append((name, reason))


# --- Parse ---------------------------------------------------------------------------


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

    A few stray NULs or escapes in a text file are cleaned away instead (see clean()).
    """
    sample = raw[:8192]
    controls = sum(1 for byte in sample if (byte < 32 and byte not in b"\t\n\r\f") or byte == 127)
    return controls >= 16 and controls / len(sample) > 0.08


def clean(text: str) -> str:
    """Return text with unified line ends and no NUL or control characters.

    Quotes and apostrophes are kept as written; search folds them, storage does not.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL_CHARS.sub("", text.replace("\t", " "))


def parse_text(raw: bytes) -> ParsedArticle:
    """Return the article in a file's bytes, or raise BadArticleFile saying why not."""
    lines = [line.strip() for line in clean(decode(raw)).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise BadArticleFile("empty file")
    title, rest = lines[0], lines[1:]
    if len(title) > MAX_HEADLINE_CHARS:
        raise BadArticleFile(
            f"no headline: the first line has {len(title)} characters "
            f"(a headline has at most {MAX_HEADLINE_CHARS})"
        )
    if rest and not rest[0]:
        standfirst, paragraphs = "", _blank_line_paragraphs(rest)
    else:
        standfirst, paragraphs = (rest[0] if rest else ""), [line for line in rest[1:] if line]
    if not paragraphs and standfirst:
        standfirst, paragraphs = "", [standfirst]  # A lone second line is the text itself.
    paragraphs = _without_trailing_boilerplate(paragraphs)
    if not paragraphs:
        raise BadArticleFile("no article text after the headline")
    return ParsedArticle(title, standfirst, tuple(paragraphs))


def _blank_line_paragraphs(lines: list[str]) -> list[str]:
    blocks = _PARAGRAPH_BREAK.split("\n".join(lines).strip())
    return [block.strip() for block in blocks if block.strip()]


def _without_trailing_boilerplate(paragraphs: list[str]) -> list[str]:
    paragraphs = list(paragraphs)
    while paragraphs and _is_boilerplate(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


def _is_boilerplate(line: str) -> bool:
    return " ".join(line.lower().split()).rstrip(".:!…") in TRAILING_BOILERPLATE


# --- Find files ----------------------------------------------------------------------


def article_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Yield (file, key) for each named file and each .txt file under each named folder.

    The key is the path from the named folder's parent (`seeds/000.txt`), so importing a
    folder or one file in it gives the same key, and re-imports find the same article.
    """
    for path in map(Path, paths):
        path = path.absolute()
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() == ".txt" and not _hidden(file, path):
                    yield file, file.relative_to(path.parent).as_posix()
        else:
            yield path, f"{path.parent.name}/{path.name}"


def _hidden(file: Path, top: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(top).parts)


# --- Save ----------------------------------------------------------------------------


@transaction.atomic
def save_article(parsed: ParsedArticle, source: Source, key: str) -> str:
    """Create or update the article keyed (source, key); return what happened."""
    digest = parsed.content_hash()
    article = Article.objects.filter(source=source, external_key=key).first()
    if article is not None and article.content_hash == digest:
        return UNCHANGED
    outcome = CREATED if article is None else UPDATED
    article = article or Article(source=source, external_key=key)
    article.title, article.standfirst = parsed.title, parsed.standfirst
    article.content_hash = digest
    article.save()
    if outcome == UPDATED:
        article.paragraphs.all().delete()
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=position, text=text)
        for position, text in enumerate(parsed.paragraphs, start=1)
    )
    # bulk_create sends no signals; the index learns of the change from this queue row.
    index_queue.enqueue([article.pk], drain=False)
    return outcome


def import_file(file: Path, key: str, source: Source, report: ImportReport) -> None:
    """Parse and save one file, recording its outcome or its failure in `report`."""
    try:
        outcome = save_article(parse_text(file.read_bytes()), source, key)
    except BadArticleFile as error:
        report.fail(str(file), str(error))
    except OSError as error:
        report.fail(str(file), error.strerror or str(error))
    except DatabaseError as error:
        report.fail(str(file), f"database error: {error}")
    else:
        report.counts[outcome] += 1


def import_paths(
    paths: Iterable[str | Path],
    source_name: str = DEFAULT_SOURCE,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every article file under `paths`; one bad file never stops the others."""
    source = Source.named(source_name)
    files = list(article_files(paths))
    report = ImportReport()
    for done, (file, key) in enumerate(files, start=1):
        import_file(file, key, source, report)
        if progress:
            progress(done, len(files))
    return report
