"""Run an import: stream entries from the files, save them in batches, record the run."""

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection
from django.utils import timezone

from ..models import ImportRun, Source
from ..names.beside import NamesBeside
from . import files, named_source
from .parsed import Entry
from .save import CREATED, DUPLICATE, FAILED, UNCHANGED, UPDATED, DryRun, Item, save_batch

SKIPPED = "skipped"  # a document with nothing in it (parsed.EmptyDocument)

DEFAULT_SOURCE = "Unknown source"
FORMAT_SOURCES = {"reuters": "Reuters"}  # the source of a format that names only one
BATCH_SIZE = 500
# Failures and warnings kept for the report and the ImportRun; the counts include them all.
MAX_KEPT = 1000
# The tables a search reads, whose statistics an import changes.
ANALYZED_TABLES = (
    "articles_article",
    "articles_articletag",
    "articles_quote",
    "articles_searchdocument",
)


@dataclass(frozen=True)
class Options:
    source: str | None = None
    section_from_folder: bool = False
    dry_run: bool = False
    batch_size: int = BATCH_SIZE


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file[:line], reason)
    skips: list[tuple[str, str]] = field(default_factory=list)  # empty documents, likewise
    warnings: list[tuple[str, str]] = field(default_factory=list)
    run: ImportRun | None = None

    def fail(self, where: str, reason: str) -> None:
        self.counts[FAILED] += 1
        if len(self.failures) < MAX_KEPT:
            self.failures.append((where, reason))

    def skip(self, where: str, reason: str) -> None:
        """Count a document with nothing in it: skipped, which is no failure."""
        self.counts[SKIPPED] += 1
        if len(self.skips) < MAX_KEPT:
            self.skips.append((where, reason))

    def warn(self, where: str, message: str) -> None:
        if len(self.warnings) < MAX_KEPT:
            self.warnings.append((where, message))

    @property
    def total(self) -> int:
        """Return how many articles (or failed files and records) were read."""
        return sum(self.counts.values())


@dataclass
class Progress:
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    articles: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        """Return articles per second so far."""
        return self.articles / max(time.monotonic() - self.started, 1e-6)

    @property
    def eta(self) -> float | None:
        """Return the seconds left, judged by the bytes read so far, or None at first."""
        if not self.bytes_done or not self.bytes_total:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done


def import_paths(
    paths: Iterable[str | Path],
    source_name: str | None = None,
    *,
    section_from_folder: bool = False,
    dry_run: bool = False,
    progress: Callable[[Progress], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import every article under `paths`; one bad file or record never stops the others.

    Each batch queues its articles for the index as it commits (save.py); the caller drains
    the queue, or indexes beside the import (articles/indexing/follower.py).
    """
    paths = [str(path) for path in paths]
    options = Options(source_name, section_from_folder, dry_run, batch_size)
    article_files = list(files.article_files(paths))  # names and sizes only, for progress
    state = Progress(files_total=len(article_files), bytes_total=sum(f.size for f in article_files))
    report = ImportReport()
    if not dry_run:
        report.run = ImportRun.objects.create(paths=paths, options=_recorded(options))
    _import(article_files, options, state, report, progress)
    if report.run:
        _record(report, finished=True)
        _refresh_planner_statistics()
    return report


def _refresh_planner_statistics() -> None:
    """Let PostgreSQL's planner see what the import added (autovacuum gets there later).

    Without it, the planner, still estimating the tables as they were before a bulk import,
    chose a sequential scan of every article for one search's 15,000 matches.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(ANALYZED_TABLES)}")  # constants only


def _import(article_files, options: Options, state: Progress, report, progress) -> None:
    sources = _Sources(create=not options.dry_run)
    dry_run = DryRun() if options.dry_run else None
    entries = _entries(article_files, options, state, progress)
    default = Source.objects.filter(name=DEFAULT_SOURCE).first() if options.source else None
    with NamesBeside() as names, _collector_skips_lasting_objects() as settled:
        for batch in _batches(entries, options.batch_size):
            _import_batch(batch, options, sources, default, dry_run, names, report)
            settled()
            state.articles += len(batch)
            if report.run:
                _record(report)
            if progress:
                progress(state)


@contextmanager
def _collector_skips_lasting_objects() -> Iterator[Callable[[], None]]:
    """Keep Python's cyclic garbage collector from walking, over and over, the objects that
    last the whole run: once the first batch has loaded them (the name finder's tables, the
    models, Django's), call the yielded function and they are frozen (gc.freeze) until the
    run ends. A full collection walked them all each time, and the finder's tables made
    them about twice as many (docs/benchmarks.md, import cost, round 4). What a batch
    makes is collected as before; frozen objects are still freed by reference counting."""
    frozen = False

    def settled() -> None:
        nonlocal frozen
        if not frozen:
            gc.freeze()
            frozen = True

    try:
        yield settled
    finally:
        if frozen:
            gc.unfreeze()


def _import_batch(batch, options: Options, sources, default, dry_run, names, report) -> None:
    items = _items(batch, options, sources, report)
    if default:
        _take_over(items, sources.get(options.source), default, options.dry_run, report)
    save_batch(items, dry_run=dry_run, names=names)
    for item in items:
        if item.outcome == FAILED:
            report.fail(item.entry.where, item.reason)
        else:
            report.counts[item.outcome] += 1


def _take_over(items, source: Source, default: Source, dry_run: bool, report) -> None:
    """Move the default source's copies of these articles to the named source (named_source.py)."""
    verb = "would move" if dry_run else "moved"
    for item in named_source.take_over(items, source, default, dry_run=dry_run):
        report.warn(item.entry.where, f'{verb} from "{default.name}" to "{source.name}"')


def _entries(article_files, options: Options, state: Progress, progress) -> Iterator[Entry]:
    for file in article_files:
        yield from files.entries(file, section_from_folder=options.section_from_folder)
        state.files_done += 1
        state.bytes_done += file.size
        if progress:
            progress(state)


def _batches(entries: Iterator[Entry], size: int) -> Iterator[list[Entry]]:
    """Yield lists of entries; a key seen twice starts a new batch, so the later copy wins."""
    batch, keys = [], set()
    for entry in entries:
        if len(batch) >= size or entry.key in keys:
            yield batch
            batch, keys = [], set()
        batch.append(entry)
        keys.add(entry.key)
    if batch:
        yield batch


class _Sources:
    """Source rows by name, created on first use (only looked up in a dry run)."""

    def __init__(self, create: bool):
        self.create, self.by_name = create, {}

    def get(self, name: str) -> Source:
        if name not in self.by_name:
            if self.create:
                self.by_name[name] = Source.named(name)
            else:
                self.by_name[name] = Source.objects.filter(name=name).first() or Source(name=name)
        return self.by_name[name]


def _items(batch: list[Entry], options: Options, sources: _Sources, report) -> list[Item]:
    items = []
    for entry in batch:
        for warning in entry.warnings:
            report.warn(entry.where, warning)
        if entry.article is None:
            (report.skip if entry.skipped else report.fail)(entry.where, entry.error)
            continue
        name = entry.article.source or options.source or _format_source(entry) or DEFAULT_SOURCE
        items.append(Item(entry, sources.get(name), entry.article.content_hash()))
    return items


def _format_source(entry: Entry) -> str:
    return FORMAT_SOURCES.get(files.PARSERS.get(Path(entry.file).suffix.lower(), ""), "")


def _recorded(options: Options) -> dict:
    return {name: value for name, value in asdict(options).items() if name != "dry_run"}


def _record(report: ImportReport, *, finished: bool = False) -> None:
    """Write the counts so far to the ImportRun (so an interrupted run shows its progress)."""
    run, counts = report.run, report.counts
    for outcome in (CREATED, UPDATED, UNCHANGED, DUPLICATE, SKIPPED, FAILED):
        setattr(run, outcome, counts[outcome])
    run.failures = [_where(where) | {"reason": reason} for where, reason in report.failures]
    run.skips = [_where(where) | {"reason": reason} for where, reason in report.skips]
    run.warnings = [_where(where) | {"warning": message} for where, message in report.warnings]
    if finished:
        run.finished_at = timezone.now()
        run.status = ImportRun.Status.FAILED if counts[FAILED] else ImportRun.Status.FINISHED
    run.save()


def _where(where: str) -> dict:
    file, _, line = where.rpartition(":")
    if file and line.isdigit():
        return {"file": file, "line": int(line)}
    return {"file": where, "line": None}
