"""An import killed with SIGKILL at some moment, then run again: whole articles, no copies."""

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARTICLES = 3000
PARAGRAPHS = 4

pytestmark = pytest.mark.live  # real import processes, killed: not in `make check`


def corpus(path: Path) -> Path:
    with open(path, "w") as handle:
        for n in range(ARTICLES):
            paragraphs = [f"Paragraph {p} of story {n}, about topic{n}." for p in range(PARAGRAPHS)]
            handle.write(
                json.dumps({"id": f"s{n}", "title": f"Story {n}", "paragraphs": paragraphs})
            )
            handle.write("\n")
    return path


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def kill_when(database: Path, process: subprocess.Popen, at_least: int) -> int:
    """SIGKILL the import once `at_least` articles are committed; return how many were."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if count(database, "SELECT COUNT(*) FROM articles_article") >= at_least:
                break
        except sqlite3.OperationalError:
            pass  # busy: look again
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return count(database, "SELECT COUNT(*) FROM articles_article")


@pytest.mark.parametrize("at_least", [1, ARTICLES // 2])
def test_a_killed_import_leaves_whole_articles_and_a_rerun_finishes_the_job(
    subprocess_archive, tmp_path, at_least
):
    manage, database = subprocess_archive
    path = corpus(tmp_path / "stories.jsonl")
    command = [sys.executable, "manage.py", "import_articles", str(path)]
    process = subprocess.Popen(command, cwd=manage.root, env=manage.env, stdout=subprocess.DEVNULL)

    committed = kill_when(database, process, at_least)

    assert 0 < committed < ARTICLES
    broken = count(
        database,
        "SELECT COUNT(*) FROM articles_article a WHERE (SELECT COUNT(*) FROM articles_paragraph p"
        " WHERE p.article_id = a.id) != 4",  # PARAGRAPHS
    )
    assert broken == 0
    rerun = manage("import_articles", path)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{ARTICLES - committed} created, 0 updated, {committed} unchanged" in rerun.stdout
    assert count(database, "SELECT COUNT(*) FROM articles_article") == ARTICLES
    assert count(database, "SELECT COUNT(DISTINCT external_key) FROM articles_article") == ARTICLES
    checked = manage("check_index")
    assert checked.returncode == 0, checked.stdout
    assert f"Documents in the index: {ARTICLES}" in checked.stdout
    found = manage(
        "shell",
        "-c",
        "from articles import search; print(search.search_articles('topic1234').total)",
    )
    assert found.stdout.split()[-1] == "1"  # after the shell's own notes
