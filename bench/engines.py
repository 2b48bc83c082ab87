"""Both search engines side by side: import speed, then query latency, on one PostgreSQL.

    python -m bench.engines [--corpus PATH ...] [--source NAME] [--rounds N] [--imports N]

Each import round empties the archive and imports the corpus once per engine, alternating,
each by its fastest bulk path: whoosh imports the articles (queue rows only) and then runs
`rebuild_index` (one writer, add_document); postgres imports the articles and writes their
search documents in the same batched transactions. (`import_articles` with whoosh drains the
queue instead, which is far slower at this size: see docs/benchmarks.md.) The query
rounds then run every query on both engines interleaved, after a warm-up, so both see the
same machine load. The database is DATABASE_URL if it is PostgreSQL, else postgres://postgres@127.0.0.1:5432/newsarchive_bench
(created if missing): give each person or job measuring at once a DATABASE_URL and --index-dir
of their own, as a second run empties the archive of the first. `--imports 0` measures the
queries only, on what that database and index already hold. Prints markdown tables of
medians and 95th percentiles.
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsarchive_bench"
ENGINES = ("whoosh", "postgres")
QUERIES = [
    "government",
    "economy growth",
    '"prime minister"',
    "election OR vote",
    "film -award",
    "title:china",
    "technolog*",
    "goverment~1",
    "mobile phone music",
    "the",
]
TABLES = "articles_paragraph, articles_indexqueueentry, articles_article"


def main() -> int:
    args = _arguments()
    if not all(Path(path).exists() for path in args.corpus):
        print(f"No corpus at {', '.join(map(str, args.corpus))}: nothing to measure.")
        return 0
    if not _postgres_answers():
        print("No PostgreSQL on 127.0.0.1:5432 (or DATABASE_URL): nothing to measure.")
        return 0
    _setup_django(args.index_dir)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    imports = {engine: [] for engine in ENGINES}
    for _ in range(args.imports):
        for engine in ("postgres", "whoosh"):  # whoosh last: its index then holds everything
            settings.SEARCH_ENGINE = engine
            imports[engine].append(_timed_import(args.corpus, args.source, engine))
    articles = _article_count()
    if args.imports:
        settings.SEARCH_ENGINE = "postgres"
        call_command("rebuild_index", verbosity=0, stdout=StringIO())  # and now the vectors too
    latencies = _query_rounds(args.rounds)
    _print_report(articles, imports, latencies, args)
    return 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--source", default="BBC News")
    parser.add_argument("--rounds", type=int, default=15, help="query rounds (default 15)")
    parser.add_argument(
        "--imports",
        type=int,
        default=2,
        help="imports per engine (default 2); 0 queries what the database and index hold",
    )
    parser.add_argument("--index-dir", type=Path, default=ROOT / "var" / "bench" / "index")
    return parser.parse_args()


def _postgres_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=3).close()
    except OSError:
        return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    return True


def _setup_django(index_dir: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_URL
        _create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["NEWSARCHIVE_INDEX_DIR"] = str(index_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _empty_archive() -> None:
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLES} CASCADE")
    call_command("rebuild_index", verbosity=0, stdout=StringIO())  # an empty Whoosh index


def _timed_import(corpus: list[Path], source: str, engine: str) -> float:
    from articles import importers, search
    from articles.models import IndexQueueEntry

    _empty_archive()
    started = time.perf_counter()
    importers.import_paths(corpus, source)
    if engine == "whoosh":
        # The rebuild indexes every article; the queue rows it would re-apply are redundant.
        IndexQueueEntry.objects.all().delete()
        search.rebuild_index()
    return time.perf_counter() - started


def _article_count() -> int:
    from articles.models import Article

    return Article.objects.count()


def _query_rounds(rounds: int) -> dict[tuple[str, str], list[float]]:
    from django.conf import settings

    from articles import search

    latencies = {(engine, text): [] for engine in ENGINES for text in QUERIES}
    for round_number in range(rounds + 1):  # round 0 warms caches and is not counted
        for text in QUERIES:
            for engine in ENGINES:
                settings.SEARCH_ENGINE = engine
                started = time.perf_counter()
                search.search_articles(text, per_page=20)
                if round_number:
                    latencies[(engine, text)].append((time.perf_counter() - started) * 1000)
    return latencies


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _print_report(articles, imports, latencies, args) -> None:
    print(f"\nCorpus: {', '.join(map(str, args.corpus))} ({articles} articles)\n")
    if args.imports:
        _print_imports(articles, imports, args)
    _print_queries(latencies, args)


def _print_imports(articles, imports, args) -> None:
    print("| import (whole corpus) | whoosh | postgres | postgres / whoosh |")
    print("|---|---|---|---|")
    whoosh, postgres = (statistics.median(imports[engine]) for engine in ENGINES)
    print(
        f"| median seconds ({args.imports} each, alternating) | {whoosh:.1f} | {postgres:.1f} "
        f"| {postgres / whoosh:.2f} |"
    )
    print(f"| articles/s | {articles / whoosh:.0f} | {articles / postgres:.0f} | |")


def _print_queries(latencies, args) -> None:
    from articles import search

    print(
        f"\n| query ({args.rounds} rounds, interleaved; ms) | hits | whoosh p50 | whoosh p95 "
        "| postgres p50 | postgres p95 | postgres / whoosh (p50) |"
    )
    print("|---|---|---|---|---|---|---|")
    from django.conf import settings

    for text in QUERIES:
        counts = []
        for engine in ENGINES:
            settings.SEARCH_ENGINE = engine
            counts.append(search.search_articles(text).total)
        w, p = latencies[("whoosh", text)], latencies[("postgres", text)]
        hits = str(counts[0]) if counts[0] == counts[1] else f"{counts[0]} / {counts[1]}"
        print(
            f"| `{text}` | {hits} | {statistics.median(w):.1f} | {_p95(w):.1f} | "
            f"{statistics.median(p):.1f} | {_p95(p):.1f} | "
            f"{statistics.median(p) / statistics.median(w):.2f} |"
        )
    all_w = [v for (engine, _), values in latencies.items() if engine == "whoosh" for v in values]
    all_p = [v for (engine, _), values in latencies.items() if engine == "postgres" for v in values]
    print(
        f"| all queries | | {statistics.median(all_w):.1f} | {_p95(all_w):.1f} | "
        f"{statistics.median(all_p):.1f} | {_p95(all_p):.1f} | "
        f"{statistics.median(all_p) / statistics.median(all_w):.2f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
