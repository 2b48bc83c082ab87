"""Load benchmark: results pages side by side, before and after; or the whole site under load.

    python -m bench.load [--clients 30] [--seconds 60] [--rounds 2] [--before REF]
    python -m bench.load --mixed [--clients 50] [--seconds 60] [--requests 20000] [--workers 4]

Default (`make bench-load`): readers only search, as issue 15 measured: 30 client threads (a
second process, bench/load_clients.py) fetch results pages of the query mix for 60 s from
gunicorn with 5 sync workers (`make serve`'s default on 2 cores) over a copy of the 24k corpus
(var/bench/corpus-24k.jsonl, from `make bench-corpus`). It runs the code at --before (a git
ref, unpacked with `git archive` into var/bench/code-REF) and this checkout's code in turn,
--rounds times, alternating which goes first, so both see the same machine; it prints every
run and the medians. Rate limiting is off: every client comes from 127.0.0.1.

--mixed: 50 readers searching and opening a result, an editor saving articles through the
admin, and `import_articles` loading 3,000 more articles at once; prints requests/s, latency
percentiles, errors, lost edits, and the server's file descriptors and memory over the run.
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
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


def _fingerprint(code: Path) -> str:
    """Return a digest of the schema (migrations and index fields): a change means a new base."""
    files = [
        *sorted(code.glob("articles/migrations/*.py")),
        code / "articles/search/whoosh/analysis.py",
    ]
    return hashlib.sha256(b"".join(file.read_bytes() for file in files)).hexdigest()


def base_site(code: Path = ROOT) -> Site:
    """Return a site holding the 24k corpus, imported and indexed once by `code`, kept for reuse.

    Each checkout gets its own: an index written by another version may not read back.
    """
    folder = BASE if code == ROOT else BENCH_DIR / f"load-base-{code.name}"
    site, ready = Site(folder, code=code), folder / "ready"
    if ready.exists() and ready.read_text().strip() == _fingerprint(code):
        return site
    shutil.rmtree(folder, ignore_errors=True)
    site = Site(folder, code=code)
    print(f"Importing {CORPUS.name} once into {folder} (kept for later runs)…", flush=True)
    site.manage("migrate", "--no-input")
    site.manage("rebuild_index")  # An empty index first, so the import indexes as it goes.
    imported = site.manage("import_articles", CORPUS, timeout=3600, check=False)
    print(imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else imported.stderr)
    ready.write_text(_fingerprint(code) + "\n")
    return site


def fresh_copy(base: Site, code: Path = ROOT) -> Site:
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    shutil.copy(base.db_path, RUN / "db.sqlite3")
    shutil.copytree(base.index_dir, RUN / "index", symlinks=True)
    return Site(RUN, code=code)


def code_at(ref: str) -> Path:
    """Return a folder holding the project's files at git `ref`, unpacked once."""
    git = shutil.which("git") or "/usr/bin/git"
    commit = subprocess.run(
        [git, "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = BENCH_DIR / f"code-{commit}"
    if not (folder / "manage.py").exists():
        shutil.rmtree(folder, ignore_errors=True)
        archive = subprocess.run(
            [git, "archive", commit], cwd=ROOT, capture_output=True, check=True
        )
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
    return folder


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


def _run_clients(url: str, args, *options: str) -> subprocess.CompletedProcess:
    """Run bench.load_clients against url for the run's clients, requests and seconds."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load_clients",
            url,
            f"--clients={args.clients}",
            f"--requests={args.requests}",
            f"--seconds={args.seconds}",
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def _measure(site: Site, args) -> dict:
    login = site.create_editor()
    edit_ids = [row[0] for row in site.query("SELECT id FROM articles_article LIMIT ?", EDITS)]
    extra = extra_articles(RUN)
    with site.serving(workers=args.workers, timeout=120) as url:
        sampler = Sampler(site)
        sampler.start()
        # As deployed (docs/operating.md, Deployment): the long-lived indexer runs beside gunicorn.
        site.start_manage("indexer", "update_index", "--watch")
        importer = site.start_manage("import", "import_articles", extra)
        clients = _run_clients(url, args, "--login", *login, "--edit-ids", *map(str, edit_ids))
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


# main as of 29 Nov 2026, before issue 15's load work: the "before" of `make bench-load`.
BEFORE_REF = "8dcb205"


def side_by_side(args) -> dict[str, list[dict]]:
    """Serve the results-page load from the code at args.before and from this checkout, in turn."""
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: run `make bench-corpus` first.")
        sys.exit(0)
    configurations = [
        (f"before ({args.before})", code_at(args.before)),
        ("after (this code)", ROOT),
    ]
    bases = {code: base_site(code) for _, code in configurations}
    runs = {name: [] for name, _ in configurations}
    for round_number in range(args.rounds):
        ordered = configurations if round_number % 2 == 0 else configurations[::-1]
        for name, code in ordered:
            site = fresh_copy(bases[code], code)
            try:
                runs[name].append(_search_load(site, args))
            finally:
                site.stop_all()
            print(f"round {round_number + 1}, {name}: {_summary(runs[name][-1])}", flush=True)
    return runs


def _search_load(site: Site, args) -> dict:
    load_before = os.getloadavg()[0]
    with site.serving(workers=args.workers, timeout=120) as url:
        clients = _run_clients(url, args, "--searches-only")
    load = json.loads(clients.stdout)
    seconds = [t[2] * 1000 for t in load["timings"]]
    return {
        "count": len(seconds),
        "rate": len(seconds) / load["elapsed"],
        "p50": statistics.median(seconds) if seconds else 0.0,
        "p95": percentile(seconds, 95),
        "p99": percentile(seconds, 99),
        "errors": sum(1 for t in load["timings"] if t[1] != 200),
        "load": (load_before, os.getloadavg()[0]),
    }


def _summary(run: dict) -> str:
    return (
        f"{run['rate']:.1f} pages/s, p50 {run['p50']:.0f} ms, p95 {run['p95']:.0f} ms, "
        f"{run['errors']} errors, load average {run['load'][0]:.1f} -> {run['load'][1]:.1f}"
    )


def report_side_by_side(runs: dict[str, list[dict]], args) -> None:
    print(
        f"\nResults pages: {args.clients} clients searching for {args.seconds:.0f} s, gunicorn "
        f"{args.workers} sync workers, 24k corpus, {args.rounds} run(s) each, alternating\n"
    )
    print("| code | run | pages | pages/s | p50 ms | p95 ms | p99 ms | errors | load avg |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, measured in runs.items():
        for number, run in enumerate(measured, start=1):
            print(
                f"| {name} | {number} | {run['count']:,} | {run['rate']:.1f} | {run['p50']:.0f} | "
                f"{run['p95']:.0f} | {run['p99']:.0f} | {run['errors']} | "
                f"{run['load'][0]:.1f} → {run['load'][1]:.1f} |"
            )
    for name, measured in runs.items():

        def median(key, measured=measured):
            return statistics.median(run[key] for run in measured)

        print(
            f"| {name} | median | | {median('rate'):.1f} | {median('p50'):.0f} | "
            f"{median('p95'):.0f} | {median('p99'):.0f} | | |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mixed", action="store_true", help="the whole site under load")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before", default=BEFORE_REF, help="git ref of the code to compare")
    args = parser.parse_args()
    if args.mixed:
        args.clients, args.workers = args.clients or 50, args.workers or 4
        report(run(args), args)
    else:
        args.clients, args.workers = args.clients or 30, args.workers or 5
        report_side_by_side(side_by_side(args), args)


if __name__ == "__main__":
    main()
