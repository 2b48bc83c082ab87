"""The first search after an edit: what an editor's save costs the next reader.

    python -m bench.after_edit [--size 100k] [--edits 10]   (make bench-after-edit)

Every save in the admin commits the article's document to the index, and each serving
process then opens a new reader at its next search. Whatever a process keeps per reader
(facet columns, tag tables) is paid again by that first search. This copies the archive of
`bench.search` (var/bench/search-SIZE/, imported on first use) to a temporary folder, so
the benchmark's own archive is left as it was, then times a new worker's warm_up (as
gunicorn.conf.py runs it before the worker serves) and its first results page, and for
each edit: retitles one article,
writes its document as the index follower does, and times the first results page and the
one after it (a common word: every facet and the chart). It prints the medians and the ratio.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench._setup import BENCH_DIR

QUERIES = ("oil", "market prices", "government")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=("24k", "100k"))
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args(argv)
    archive = BENCH_DIR / f"search-{args.size}"
    if not (archive / "db.sqlite3").exists():
        from bench.search import _use_archive  # imports the corpus and builds the index

        _use_archive(args.size)
        print("Archive ready; run again to measure (Django is set up for it now).")
        return 0
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as copy:
        _copy_archive(archive, Path(copy))
        run(Path(copy), args.edits)
    return 0


def _copy_archive(archive: Path, copy: Path) -> None:
    shutil.copytree(archive / "index", copy / "index", symlinks=True)  # "current" is a link
    for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
        if (archive / name).exists():
            shutil.copy2(archive / name, copy / name)


def run(folder: Path, edits: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["NEWSARCHIVE_INDEX_DIR"] = str(folder / "index")
    os.environ["NEWSARCHIVE_PAGE_CACHE_SECONDS"] = "0"
    from bench._setup import setup

    setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles import search
    from articles.models import Article

    setup_test_environment()
    client = Client()

    def timed(text: str) -> float:
        started = time.perf_counter()
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, (text, response.status_code)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    search.warm_up()  # as gunicorn.conf.py's post_worker_init does before a worker serves
    warming = (time.perf_counter() - started) * 1000
    opened = timed(QUERIES[0])
    for text in QUERIES:  # warm: every column and table read once, as a serving process has
        timed(text)
    steady = [timed(text) for text in QUERIES for _ in range(3)]
    step = max(1, Article.objects.count() // edits)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[::step][:edits])
    first, second = [], []
    for n, pk in enumerate(ids):
        article = Article.objects.get(pk=pk)
        article.title = f"{article.title} (corrected)"
        article.save()
        search.write_documents([pk])
        search.apply_pending()
        text = QUERIES[n % len(QUERIES)]
        first.append(timed(text))
        second.append(timed(text))
    count = Article.objects.count()
    print(f"\n## After an edit: {count:,} articles, {len(ids)} edits, load {_load()}")
    print("| measured (ms) | median | max |")
    print("|---|---:|---:|")
    print(f"| a new worker's warm_up, before it serves | {warming:.0f} | |")
    print(f"| its first results page | {opened:.0f} | |")
    print(f"| a results page, no edit since the last | {_row(steady)} |")
    print(f"| the first results page after an edit | {_row(first)} |")
    print(f"| the results page after that | {_row(second)} |")
    ratio = statistics.median(first) / statistics.median(steady)
    print(f"\nfirst after an edit / no edit: {ratio:.2f}x (medians)")


def _row(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} | {max(times):.1f}"


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
