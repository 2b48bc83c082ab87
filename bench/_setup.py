"""Start Django for a benchmark script run as `python -m bench.NAME` from the project root."""

import os
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
BENCH_DIR = ROOT / "var" / "bench"


def setup() -> None:
    """Configure Django with the project's settings (a benchmark may override the env first)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    django.setup()
