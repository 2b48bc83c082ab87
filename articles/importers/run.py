"""Run an import: stream entries from the files, save them in batches, count what happened."""

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Source
from . import files
from .parsed import Entry
from .save import FAILED, Item, save_batch

DEFAULT_SOURCE = "Unknown source"
FORMAT_SOURCES = {"reuters": "Reuters"}  # the source of a format that names only one
BATCH_SIZE = 500


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file[:line], reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, where: str, reason: str) -> None:
        self.counts[FAILED] += 1
        self.failures.append((where, reason))


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


@dataclass(frozen=True)
class Options:
    source: str | None = None
    section_from_folder: bool = False
    dry_run: bool = False
    batch_size: int = BATCH_SIZE


def import_paths(
    paths: Iterable[str | Path],
    source_name: str | None = None,
    *,
    section_from_folder: bool = False,
    dry_run: bool = False,
    progress: Callable[[Progress], None] | None = None,
    on_batch: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import every article under `paths`; one bad file or record never stops the others."""
    options = Options(source_name, section_from_folder, dry_run, batch_size)
    article_files = list(files.article_files(paths))  # names and sizes only, for progress
    state = Progress(files_total=len(article_files), bytes_total=sum(f.size for f in article_files))
    report = ImportReport()
    sources = _Sources(create=not dry_run)
    for batch in _batches(_entries(article_files, options, state, progress), batch_size):
        items = _items(batch, options, sources, report)
        save_batch(items, dry_run=dry_run)
        for item in items:
            if item.reason:
                report.fail(item.entry.where, item.reason)
            else:
                report.counts[item.outcome] += 1
        state.articles += len(batch)
        if on_batch:
            on_batch()
        if progress:
            progress(state)
    return report


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
    """Source rows by name, created on first use (looked up only, in a dry run)."""

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
            report.warnings.append((entry.where, warning))
        if entry.article is None:
            report.fail(entry.where, entry.error)
            continue
        name = entry.article.source or options.source or _format_source(entry) or DEFAULT_SOURCE
        source = sources.get(name)
        items.append(Item(entry, source, entry.article.content_hash()))
    return items


def _format_source(entry: Entry) -> str:
    return FORMAT_SOURCES.get(files.PARSERS.get(Path(entry.file).suffix.lower(), ""), "")
