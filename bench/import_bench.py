"""Import benchmark: the archive's whole import against raw single-writer Whoosh.

    python -m bench.import_bench [--corpus 24k 100k] [--rounds N]   (make bench-import)
    python -m bench.import_bench --corpus 24k --names off on   (the name finder's cost)

For each corpus (bench/corpus.py writes them) and each round, in this order, each in its
own process on a fresh database and index under a temporary folder:
  1. reference: raw Whoosh, no Django: the same texts, the archive's schema, one writer,
     one commit (bench code may import Whoosh; the archive's code outside search/ may not);
  2. import: `manage.py import_articles FILE` (parse, database, index);
  3. re-import: the same command again on the unchanged file.
Wall time, articles/s, MB of text/s, peak RSS of the largest process (wait4), index size;
medians over rounds, and ratios of the medians measured in this same run.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench._setup import BENCH_DIR, ROOT, run_measured

CORPORA = {"24k": BENCH_DIR / "corpus-24k.jsonl", "100k": BENCH_DIR / "corpus-100k.jsonl"}


@dataclass
class Measure:
    seconds: float
    peak_rss_mb: float
    index_mb: float


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def text_stats(corpus: Path) -> tuple[int, float]:
    """Return the number of articles and the MB of their text (title, standfirst, paragraphs)."""
    count, size = 0, 0
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = [record["title"], record.get("standfirst") or "", *record["paragraphs"]]
            count, size = count + 1, size + sum(len(t.encode()) for t in text)
    return count, size / 1e6


def measure_reference(corpus: Path, work: Path) -> Measure:
    index = work / "reference-index"
    seconds, rss = run_measured(
        [sys.executable, "-m", "bench._raw_whoosh", str(corpus), str(index)], dict(os.environ)
    )
    return Measure(seconds, rss, folder_mb(index))


def measure_import(
    corpus: Path, work: Path, procs: int, names: str = "on"
) -> tuple[Measure, Measure]:
    work = work / f"procs-{procs}-names-{names}"
    work.mkdir()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        NEWSARCHIVE_INDEX_DIR=str(work / "index"),
        NEWSARCHIVE_INDEX_PROCS=str(procs),
        NEWSARCHIVE_FIND_NAMES_ON_IMPORT="true" if names == "on" else "false",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "rebuild_index"], env=env, cwd=ROOT, check=True, capture_output=True)
    first = run_measured([*manage, "import_articles", str(corpus)], env)
    again = run_measured([*manage, "import_articles", str(corpus)], env)
    index_mb = folder_mb(work / "index")
    return Measure(*first, index_mb), Measure(*again, index_mb)


def median(measures: list[Measure], name: str) -> float:
    return statistics.median(getattr(m, name) for m in measures)


def report(name: str, count: int, text_mb: float, results: dict[str, list[Measure]]) -> None:
    reference = median(results["reference"], "seconds")
    print(
        f"\n{name}: {count:,} articles, {text_mb:.1f} MB of text, rounds: "
        f"{len(results['reference'])} (medians)"
    )
    print("| run | wall s | articles/s | MB/s | peak RSS MB | index MB | wall vs reference |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, measures in results.items():
        seconds = median(measures, "seconds")
        print(
            f"| {label} | {seconds:.1f} | {count / seconds:,.0f} | {text_mb / seconds:.2f} | "
            f"{median(measures, 'peak_rss_mb'):.0f} | {median(measures, 'index_mb'):.1f} | "
            f"{seconds / reference:.2f}x |"
        )
    for label in results:
        if label.startswith("import"):
            first = median(results[label], "seconds")
            again = median(results["re-" + label], "seconds")
            print(f"{label}: re-import of the unchanged corpus {first / again:.1f}x faster")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", choices=CORPORA, default=list(CORPORA))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--procs",
        type=int,
        nargs="+",
        default=[2],
        help="NEWSARCHIVE_INDEX_PROCS values to measure (e.g. 1 2)",
    )
    parser.add_argument(
        "--names",
        nargs="+",
        choices=["on", "off"],
        default=["on"],
        help="import with the name finder on, off, or both side by side (on off)",
    )
    args = parser.parse_args(argv)
    runs = [(procs, names) for procs in args.procs for names in args.names]
    for name in args.corpus:
        corpus = CORPORA[name]
        if not corpus.exists():
            print(f"{corpus} is missing: run `make bench-corpus` first (skipped).")
            continue
        count, text_mb = text_stats(corpus)
        results = {"reference": []}
        for run in runs:
            results[_label(run, args.names)], results["re-" + _label(run, args.names)] = [], []
        for _ in range(args.rounds):  # interleaved, so all runs see the same machine load
            with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
                work = Path(folder)
                results["reference"].append(measure_reference(corpus, work))
                for procs, names in runs:
                    first, again = measure_import(corpus, work, procs, names)
                    results[_label((procs, names), args.names)].append(first)
                    results["re-" + _label((procs, names), args.names)].append(again)
                shutil.rmtree(work, ignore_errors=True)
        report(name, count, text_mb, results)
    return 0


def _label(run: tuple[int, str], names: list[str]) -> str:
    procs, finder = run
    return f"import, procs={procs}" + (f", names {finder}" if len(names) > 1 else "")


if __name__ == "__main__":
    sys.exit(main())
