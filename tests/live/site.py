"""A whole archive in a temporary folder, driven as operators do: real processes.

Each Site has its own SQLite database, index, cache and logs, and runs `manage.py` and
gunicorn as child processes with an environment that points at them. Tests read the
database with sqlite3 (read-only) and talk to the server over HTTP on 127.0.0.1.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_articles(folder: Path, count: int, word: str = "archive", start: int = 0) -> Path:
    """Write `count` seed-format article files, each with its own number word, into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        paragraphs = "\n".join(
            f"Paragraph {p} of report {n} about the {word} and the harbour council budget."
            for p in range(1, 9)
        )
        (folder / f"{word}-{n:05d}.txt").write_text(
            f"Report {n} on the {word}\nA standfirst for report {n}.\n{paragraphs}\n"
        )
    return folder


def write_jsonl(path: Path, count: int, word: str = "bulk") -> Path:
    """Write `count` articles as one JSON Lines file (the importer's format), quick to make."""
    with path.open("w") as out:
        out.writelines(jsonl_lines(count, word))
    return path


def jsonl_lines(count: int, word: str = "bulk", start: int = 0) -> Iterator[str]:
    """Yield articles `start` to `start + count` as JSON Lines, each ending in a newline."""
    for n in range(start, start + count):
        record = {
            "id": f"{word}:{n}",
            "title": f"Bulk {word} report {n}",
            "standfirst": "",
            "paragraphs": [
                f"Paragraph {p} of {word} report {n} on the harbour budget." for p in range(1, 5)
            ],
            "published": None,
            "source": "Bulk Wire",
            "section": "",
        }
        yield json.dumps(record) + "\n"


class Site:
    """One archive installation under `folder`."""

    def __init__(self, folder: Path, code: Path = BASE_DIR, **env):
        # `code`: the checkout whose manage.py and settings run (a benchmark may run an older one).
        self.code = code
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.db_path = folder / "db.sqlite3"
        self.index_dir = folder / "index"
        self.logs = folder / "logs"
        self.logs.mkdir(exist_ok=True)
        # Nothing of this process's own configuration leaks into the site's processes.
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "NEWSARCHIVE_", "DATABASE_URL"))
        }
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "newsarchive.settings",
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "NEWSARCHIVE_INDEX_DIR": str(self.index_dir),
            "NEWSARCHIVE_CACHE_DIR": str(folder / "cache"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DJANGO_DEBUG": "false",
            # Production refuses to serve without one (newsarchive/secret_key.py).
            "DJANGO_SECRET_KEY": "live-test-" + "q8Vt3Nw6Zr1Lk5Hp9Bx2Mc7Fd4Js0Ag" * 2,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NEWSARCHIVE_RATE_LIMIT_ENABLED": "false",
            "PYTHONWARNINGS": "ignore",
            **env,
        }
        self.processes: list[subprocess.Popen] = []

    # --- Commands ----------------------------------------------------------------------

    def manage(
        self, *args, check=True, timeout=300, env=None, **popen
    ) -> subprocess.CompletedProcess:
        """Run a manage.py command to its end and return what it printed."""
        result = subprocess.run(
            [PYTHON, "manage.py", *map(str, args)],
            cwd=self.code,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **popen,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(map(str, args))} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def start(self, name: str, *command, **popen) -> subprocess.Popen:
        """Start a long-running child; its output goes to logs/<name>.log."""
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            list(map(str, command)),
            cwd=self.code,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **popen,
        )
        log.close()
        self.processes.append(process)
        return process

    def start_manage(self, name: str, *args, **popen) -> subprocess.Popen:
        return self.start(name, PYTHON, "manage.py", *args, **popen)

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def all_logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs.glob("*.log"))

    def python(self, code: str, *, check=True, timeout=120, **popen):
        """Run Python code with Django set up for this site, in a child process."""
        prelude = "import django; django.setup()\n"
        result = subprocess.run(
            [PYTHON, "-c", prelude + code],
            cwd=self.code,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **popen,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"child exited {result.returncode}:\n{result.stderr}")
        return result

    # --- Set-up ------------------------------------------------------------------------

    def install(self, template: Path | None = None) -> "Site":
        """Migrate (or copy a migrated template database) and build an empty index."""
        if template is not None:
            shutil.copy(template, self.db_path)
        else:
            self.manage("migrate", "--no-input")
        self.manage("rebuild_index")
        return self

    def create_editor(self, username="editor", password="a-long-editor-password-42") -> tuple:
        self.manage(
            "createsuperuser",
            "--no-input",
            "--username",
            username,
            "--email",
            f"{username}@example.org",
            env={"DJANGO_SUPERUSER_PASSWORD": password},
        )
        return username, password

    # --- Looking at the data -------------------------------------------------------------

    def query(self, sql: str, *params) -> list[tuple]:
        """Run a read-only query against the site's database."""
        with closing(sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)) as db:
            return db.execute(sql, params).fetchall()

    def scalar(self, sql: str, *params):
        return self.query(sql, *params)[0][0]

    def check_index(self) -> subprocess.CompletedProcess:
        return self.manage("check_index", check=False)

    # --- Serving -------------------------------------------------------------------------

    @contextmanager
    def serving(self, workers: int = 2, timeout: int = 60, wrapper=(), **popen):
        """Serve the site with gunicorn on a free port; yield its base URL.

        `wrapper` is a command line to run gunicorn under (e.g. setpriv).
        """
        port = free_port()
        server = self.start(
            "gunicorn",
            *wrapper,
            GUNICORN,
            "newsarchive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--timeout",
            timeout,
            "--access-logfile",
            self.logs / "access.log",
            # gunicorn 27's control socket has one default path per user: several servers
            # (tests, engineers) would fight over it.
            "--no-control-socket",
            **popen,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, server)
            self.server = server
            yield url
        finally:
            stop(server)

    def worker_pids(self) -> list[int]:
        """Return the pids of the gunicorn workers (children of the master)."""
        master = self.server.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                if f"\nPPid:\t{master}\n" in status:
                    pids.append(int(entry.name))
        return pids

    def stop_all(self) -> None:
        for process in self.processes:
            stop(process)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url + "/", timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen, seconds: float = 15) -> None:
    """Stop a child and its process group: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(seconds)
    except ProcessLookupError:
        return  # The group ended between poll() and killpg(): nothing is left to stop.
