"""Start Django for a benchmark script run as `python -m bench.NAME` from the project root."""

import os
import subprocess
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; NEWSARCHIVE_SHARED_DIR points elsewhere (a git worktree).
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED_DIR", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
BENCH_DIR = ROOT / "var" / "bench"

# Benchmarks time the archive's work; one client asking hundreds of times a minute is what
# the per-address rate limit refuses, so it is off unless a benchmark turns it on. Set on
# import, since every benchmark imports this module before it starts Django.
os.environ.setdefault("NEWSARCHIVE_RATE_LIMIT_ENABLED", "false")


def setup() -> None:
    """Configure Django with the project's settings (a benchmark may override the env first)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    django.setup()


def run_measured(command: list[str], env: dict) -> tuple[float, float]:
    """Run a command; return its wall seconds and the peak RSS of its largest process (MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports kB
