"""`make run` and `make serve` work with every line of .env.example exported as it stands.

The file names `var/...` paths in the project, so each run uses a copy of the project: its
own var/, the same virtual environment. Only PORT is changed (to a free one) and, for
`make serve`, a secret key is set: the web server refuses to serve without one.
"""

import os
import shlex
import shutil
import subprocess
import urllib.request

import pytest

from ..test_env_example import BASH, CLEAN_ENV
from .site import BASE_DIR, free_port, stop, wait_until_up
from .test_production import PRODUCTION_SECRET

LEFT_OUT = shutil.ignore_patterns(
    ".git", ".venv", "var", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"
)


@pytest.fixture
def project(tmp_path):
    """Return a copy of the project (modification times kept) sharing this virtualenv."""
    copy = tmp_path / "archive"
    shutil.copytree(BASE_DIR, copy, ignore=LEFT_OUT, symlinks=True)
    (copy / ".venv").symlink_to((BASE_DIR / ".venv").resolve())
    return copy


def start_make(project, target: str, port: int, **then_set) -> subprocess.Popen:
    """Start `make TARGET` after exporting .env.example (then `then_set`, as an operator
    would); the shared virtualenv is taken as installed, never reinstalled."""
    settings = "".join(f"{name}={shlex.quote(value)}; " for name, value in then_set.items())
    script = (
        f"set -a; . ./.env.example; {settings}set +a; "
        f"exec make -o .venv/bin/.runtime-installed {target} PORT={port}"
    )
    with open(project / f"{target}.log", "w") as log:  # the child keeps its own copy
        return subprocess.Popen(
            [BASH, "-c", script],
            cwd=project,
            env=CLEAN_ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.mark.parametrize(
    ("target", "extra"),
    [("run", {}), ("serve", {"DJANGO_SECRET_KEY": PRODUCTION_SECRET})],
)
def test_make_serves_the_archive_with_env_example_exported(project, target, extra):
    port = free_port()
    process = start_make(project, target, port, **extra)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, seconds=180)
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
        log = (project / f"{target}.log").read_text()
    finally:
        stop(process)

    assert home.status == 200
    assert "Search index: 1 article(s) brought up to date." in log
    assert (project / "var" / "db.sqlite3").is_file()
    if target == "serve":
        workers = 2 * os.cpu_count() + 1
        assert f"Serving the archive with {workers} gunicorn workers" in log
