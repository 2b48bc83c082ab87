"""Scale benchmark: import, rebuild and read the archive at 100,000 and 1,000,000 articles.

    python -m bench.scale [--sizes 100k 1m] [--engines whoosh postgres]
                          [--stages import rebuild measure] [--queries 100] [--rounds 1]
    (make bench-scale; BENCH_ARGS="--sizes 100k 300k" for a quicker look)

For each size (a recombined corpus, bench/corpus.py, written on first use) and engine, in
its own archive under var/bench/scale/SIZE-ENGINE/ (PostgreSQL: the database
newsarchive_scalebench_SIZE, dropped and created by the import stage):

  import    a fresh archive, then `manage.py import_articles FILE` as an operator runs it:
            wall time, articles/s, peak RSS of its largest process (wait4: the command and
            the indexing processes it waits for; PostgreSQL's server is not one of them)
  rebuild   `manage.py rebuild_index`: wall time and peak RSS
  measure   database and index size; then, in a child process (bench/_scale_reads.py):
            search_articles and the results page over the query mix of bench/search.py
            (drawn once per size from the Whoosh archive, seed 4, and reused for
            PostgreSQL), and each page that lists or counts, the cache cleared before
            every request: p50/p95/max

Each stage's figures are kept in var/bench/scale/results.json, so a stage can be run again
alone (say `--stages measure` after a change to the pages) on the archives the import
left, and the tables print whatever has been measured, smallest size first, with each
figure's ratio to the smallest size's (growth of the archive against growth of the cost).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench._setup import BENCH_DIR, CORPORA, ROOT, run_measured

WORK = BENCH_DIR / "scale"
RESULTS = WORK / "results.json"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE_PREFIX = "newsarchive_scalebench_"
ENGINES = ("whoosh", "postgres")
STAGES = ("import", "rebuild", "measure")
# The targets at a million articles, ms (p95) and MB.
TARGETS = {"page whoosh": 150, "page postgres": 225, "listing": 200, "rss_mb": 1000}


def parse_size(text: str) -> int:
    """Return the number of articles of "100k", "1m" or "250000"."""
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def archive_env(label: str, engine: str) -> dict:
    folder = WORK / f"{label}-{engine}"
    url = (
        f"{POSTGRES}/{DATABASE_PREFIX}{label}"
        if engine == "postgres"
        else f"sqlite:///{folder / 'db.sqlite3'}"
    )
    return dict(
        os.environ,
        DATABASE_URL=url,
        NEWSARCHIVE_SEARCH_ENGINE=engine,
        NEWSARCHIVE_INDEX_DIR=str(folder / "index"),
        NEWSARCHIVE_CACHE_DIR=str(folder / "cache"),
        NEWSARCHIVE_CACHE_URL="",
        DJANGO_LOG_LEVEL="WARNING",
    )


def measured(command: list[str], env: dict) -> dict:
    """Run a command; return its wall seconds and peak RSS (MB), rounded for the report."""
    seconds, peak_rss_mb = run_measured(command, env)
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_rss_mb)}


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True)


def fresh_archive(label: str, engine: str, env: dict) -> None:
    """Empty the archive's folder (and database), migrate, and write an empty index."""
    folder = WORK / f"{label}-{engine}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if engine == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_PREFIX}{label}"')
            connection.execute(f'CREATE DATABASE "{DATABASE_PREFIX}{label}"')
    manage(env, "migrate", "-v0")
    manage(env, "rebuild_index", "-v0")


def stage_import(label: str, engine: str, corpus: Path, env: dict) -> dict:
    fresh_archive(label, engine, env)
    return measured([sys.executable, "manage.py", "import_articles", str(corpus)], env)


def stage_rebuild(label: str, engine: str, env: dict) -> dict:
    return measured([sys.executable, "manage.py", "rebuild_index"], env)


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def stage_measure(label: str, engine: str, env: dict, args) -> dict:
    manage(env, "migrate", "-v0")  # an archive imported before a later migration
    command = [sys.executable, "-W", "ignore", "-m", "bench._scale_reads"]
    command += ["--mix", str(WORK / f"{label}-queries.json"), "--queries", str(args.queries)]
    command += ["--rounds", str(args.rounds), "--page-rounds", str(args.page_rounds)]
    output = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    reads = json.loads(output.stdout.strip().splitlines()[-1])
    folder = WORK / f"{label}-{engine}"
    if engine == "whoosh":
        reads["database_mb"] = round(
            sum(folder_mb(p) if p.is_dir() else p.stat().st_size / 1e6 for p in folder.glob("db*")),
            1,
        )
        reads["index_mb"] = round(folder_mb(folder / "index"), 1)
    return reads


def load_results() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def save_result(label: str, engine: str, stage: str, figures: dict) -> None:
    results = load_results()
    figures = {**figures, "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    figures["load"] = round(os.getloadavg()[0], 1)
    results.setdefault(f"{label}-{engine}", {})[stage] = figures
    RESULTS.write_text(json.dumps(results, indent=1))


def log(text: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


def main(argv=None) -> int:
    args = arguments(argv)
    if not (CORPORA / "bbc").is_dir() or not (CORPORA / "reuters21578").is_dir():
        print(f"No corpora in {CORPORA}: nothing to measure (skipped).")
        return 0
    if "postgres" in args.engines and not postgres_answers():
        print("No PostgreSQL on 127.0.0.1:5432: the postgres engine is skipped.")
        args.engines = [e for e in args.engines if e != "postgres"]
    if args.report:
        print_report(args.sizes, args.engines)
        return 0
    from bench._setup import setup
    from bench.corpus import recombined_corpus, size_label

    setup()
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for size in args.sizes:
        label = size_label(size)
        log(f"{label}: corpus")
        corpus = recombined_corpus(size)
        for engine in args.engines:
            env = archive_env(label, engine)
            for stage in args.stages:
                log(f"{label} {engine}: {stage} (load {os.getloadavg()[0]:.1f})")
                if stage == "import":
                    figures = stage_import(label, engine, corpus, env)
                elif stage == "rebuild":
                    figures = stage_rebuild(label, engine, env)
                else:
                    figures = stage_measure(label, engine, env, args)
                save_result(label, engine, stage, figures)
                log(f"{label} {engine}: {stage} done: {summary(figures)}")
    log(f"bench took {(time.perf_counter() - started) / 60:.1f} min")
    print_report(args.sizes, args.engines)
    return 0


def summary(figures: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in figures.items() if not isinstance(v, dict | list))


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=parse_size, default=[100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument("--queries", type=int, default=100, help="queries in the mix (100)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the query mix (1)")
    parser.add_argument("--page-rounds", type=int, default=15, help="requests per listing page")
    parser.add_argument("--report", action="store_true", help="print the tables measured so far")
    return parser.parse_args(argv)


def postgres_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=3).close()
    except OSError:
        return False
    return True


def print_report(sizes: list[int], engines: list[str]) -> None:
    from bench.corpus import size_label

    results, smallest = load_results(), size_label(min(sizes))
    for engine in engines:
        rows = [
            (size_label(s), results.get(f"{size_label(s)}-{engine}", {})) for s in sorted(sizes)
        ]
        rows = [(label, figures) for label, figures in rows if figures]
        if not rows:
            continue
        print(f"\n### {engine}\n")
        print("| measure | " + " | ".join(label for label, _ in rows) + " | growth |")
        print("|---|" + "---:|" * (len(rows) + 1))
        for name, get in report_lines(engine, rows[0][1]):
            values = [get(figures) for _, figures in rows]
            shown = [format_value(v) for v in values]
            growth = ratio(values[0], values[-1]) if len(rows) > 1 else ""
            print(f"| {name} | " + " | ".join(shown) + f" | {growth} |")
        if len(rows) > 1:
            times = parse_size(rows[-1][0]) / parse_size(rows[0][0])
            print(f"\ngrowth: {rows[-1][0]} against {smallest} ({times:g}x the articles)")


def report_lines(engine: str, first: dict):
    def at(stage, key):
        return lambda figures: figures.get(stage, {}).get(key)

    def rate(figures):
        imported = figures.get("import", {})
        count = figures.get("measure", {}).get("articles")
        return round(count / imported["seconds"]) if imported and count else None

    lines = [
        ("articles", at("measure", "articles")),
        ("import, s", at("import", "seconds")),
        ("import, articles/s", rate),
        ("import, peak RSS MB", at("import", "peak_rss_mb")),
        ("rebuild_index, s", at("rebuild", "seconds")),
        ("rebuild_index, peak RSS MB", at("rebuild", "peak_rss_mb")),
        ("database MB", at("measure", "database_mb")),
        ("index MB" if engine == "whoosh" else "search tables MB", at("measure", "index_mb")),
    ]
    timed = first.get("measure", {}).get("timings", {})
    for name in timed:
        for quantile in ("p50", "p95"):
            lines.append((f"{name} {quantile} ms", lambda f, n=name, q=quantile: timing(f, n, q)))
    return lines


def timing(figures: dict, name: str, quantile: str):
    return figures.get("measure", {}).get("timings", {}).get(name, {}).get(quantile)


def format_value(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def ratio(first, last) -> str:
    if not first or not last:
        return ""
    return f"{last / first:.1f}x"


if __name__ == "__main__":
    sys.exit(main())
