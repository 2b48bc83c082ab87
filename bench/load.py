"""Load benchmark: the archive as deployed, under readers, an editor and an import at once.

    python -m bench.load [--clients 50] [--seconds 60] [--requests 20000] [--workers 4]

gunicorn with 4 workers serves a copy of the 24k corpus (var/bench/corpus-24k.jsonl, from
`make bench-corpus`). A second process (bench/load_clients.py) runs 50 reader threads, each
searching with the query mix and opening a result, and one editor saving articles through
the admin, while `import_articles` loads 3,000 more articles. Rate limiting is off: every
client comes from 127.0.0.1. Prints requests/s, latency percentiles, errors, lost edits,
and the server's file descriptors and memory over the run.
"""

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from itertools import islice
from pathlib import Path

from bench._setup import BENCH_DIR, ROOT
from tests.live.site import Site

CORPUS = BENCH_DIR / "corpus-24k.jsonl"
EXTRA = BENCH_DIR / "corpus-100k.jsonl"
BASE = BENCH_DIR / "load-base"
RUN = BENCH_DIR / "load-run"
IMPORTED_DURING_LOAD = 3000
EDITS = 200


def _fingerprint() -> str:
    """Return a digest of the schema (migrations and index fields): a change means a new base."""
    files = [*sorted(ROOT.glob("articles/migrations/*.py")), ROOT / "articles/search/analysis.py"]
    return hashlib.sha256(b"".join(file.read_bytes() for file in files)).hexdigest()


def base_site() -> Site:
    """Return a site holding the 24k corpus, imported and indexed once and kept for reuse."""
    site = Site(BASE)
    ready = BASE / "ready"
    if ready.exists() and ready.read_text().strip() == _fingerprint():
        return site
    shutil.rmtree(BASE, ignore_errors=True)
    site = Site(BASE)
    print(f"Importing {CORPUS.name} once into {BASE} (kept for later runs)…", flush=True)
    site.manage("migrate", "--no-input")
    site.manage("rebuild_index")  # An empty index first, so the import indexes as it goes.
    imported = site.manage("import_articles", CORPUS, timeout=3600, check=False)
    print(imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else imported.stderr)
    ready.write_text(_fingerprint() + "\n")
    return site


def fresh_copy(base: Site) -> Site:
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    shutil.copy(base.db_path, RUN / "db.sqlite3")
    shutil.copytree(base.index_dir, RUN / "index", symlinks=True)
    return Site(RUN)


def extra_articles(folder: Path) -> Path:
    """Write the first articles of the 100k corpus (new ids) for the import during load."""
    path = folder / "during-load.jsonl"
    with EXTRA.open() as source, path.open("w") as target:
        target.writelines(islice(source, IMPORTED_DURING_LOAD))
    return path


class Sampler(threading.Thread):
    """Sample open file descriptors and RSS of gunicorn's master and workers every second."""

    def __init__(self, site: Site):
        super().__init__(daemon=True)
        self.site, self.samples, self.stop = site, [], threading.Event()

    def run(self):
        while not self.stop.wait(1.0):
            pids = [self.site.server.pid, *self.site.worker_pids()]
            fds = rss = 0
            for pid in pids:
                try:
                    fds += len(list(Path(f"/proc/{pid}/fd").iterdir()))
                    status = Path(f"/proc/{pid}/status").read_text()
                    rss += int(status.split("VmRSS:")[1].split()[0])
                except (OSError, IndexError):
                    continue
            self.samples.append((len(pids), fds, rss // 1024))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


def run(args) -> dict:
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: run `make bench-corpus` first.")
        sys.exit(0)
    site = fresh_copy(base_site())
    try:
        return _measure(site, args)
    finally:
        site.stop_all()  # The indexer and the import, whatever happened.


def _measure(site: Site, args) -> dict:
    login = site.create_editor()
    edit_ids = [row[0] for row in site.query("SELECT id FROM articles_article LIMIT ?", EDITS)]
    extra = extra_articles(RUN)
    with site.serving(workers=args.workers, timeout=120) as url:
        sampler = Sampler(site)
        sampler.start()
        # As deployed (README, Deployment): the long-lived indexer runs beside gunicorn.
        site.start_manage("indexer", "update_index", "--watch")
        importer = site.start_manage("import", "import_articles", extra)
        clients = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.load_clients",
                url,
                f"--clients={args.clients}",
                f"--requests={args.requests}",
                f"--seconds={args.seconds}",
                "--login",
                *login,
                "--edit-ids",
                *map(str, edit_ids),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        import_running_at_end = importer.poll() is None
        import_status = importer.wait(1800)
        sampler.stop.set()
        sampler.join()
        load = json.loads(clients.stdout)
        lost = [
            edit
            for edit in load["edits"]
            if edit["title"]
            not in urllib.request.urlopen(
                f"{url}/search/?q={urllib.parse.quote(edit['token'])}", timeout=60
            )
            .read()
            .decode()
        ]
    return {
        "load": load,
        "lost": lost,
        "samples": sampler.samples,
        "import_status": import_status,
        "import_running_at_end": import_running_at_end,
        "imported": site.scalar("SELECT COUNT(*) FROM articles_article"),
        "server_errors": site.log("gunicorn").count("Traceback"),
        "drift": site.check_index().returncode,
    }


def report(result: dict, args) -> None:
    load = result["load"]
    timings, elapsed = load["timings"], load["elapsed"]
    print(
        f"\nLoad: gunicorn {args.workers} workers, {args.clients} readers + 1 editor + an import "
        f"of {IMPORTED_DURING_LOAD:,} articles, {elapsed:.1f} s\n"
    )
    print("| requests | count | req/s | p50 ms | p95 ms | p99 ms | max ms | errors (5xx / other) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for kind in ("search", "article", "edit", "all"):
        rows = [t for t in timings if kind in (t[0], "all")]
        seconds = [t[2] * 1000 for t in rows]
        fivexx = sum(1 for t in rows if t[1] >= 500)
        other = sum(1 for t in rows if t[1] != 200 and t[1] < 500)
        print(
            f"| {kind} | {len(rows):,} | {len(rows) / elapsed:.1f} | "
            f"{statistics.median(seconds) if seconds else 0:.0f} | {percentile(seconds, 95):.0f} | "
            f"{percentile(seconds, 99):.0f} | {max(seconds, default=0):.0f} | {fivexx} / {other} |"
        )
    samples = result["samples"]
    # First sample, then at each quarter of the run: growth that keeps going is a leak.
    at = [samples[min(len(samples) - 1, len(samples) * q // 4)] for q in range(5)]
    at[0] = samples[0]
    print("\n| server (master + workers), every second | start | 25% | 50% | 75% | end | max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for column, label in ((1, "open file descriptors"), (2, "RSS, MB")):
        values = " | ".join(str(sample[column]) for sample in at)
        print(f"| {label} | {values} | {max(s[column] for s in samples)} |")
    print(
        f"\nEdits saved: {len(load['edits'])}, lost (not searchable after the run): "
        f"{len(result['lost'])}. Import exit status: {result['import_status']} "
        f"(still running when the load ended: {result['import_running_at_end']}); "
        f"articles after: {result['imported']:,}. Tracebacks in the server log: "
        f"{result['server_errors']}. check_index after: "
        f"{'in sync' if result['drift'] == 0 else 'DRIFT'}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    report(run(args), args)


if __name__ == "__main__":
    main()
