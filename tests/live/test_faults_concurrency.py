"""Fault 1: an import and admin edits at once, with several workers serving searches."""

import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .browserless import AdminEditor
from .site import jsonl_lines, write_articles

EDITS = 15
BULK = 3000
HELD_BACK = 500  # articles the pipe gives the import only once every edit is saved


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def search_until(url: str, done: threading.Event, statuses: list[int]) -> None:
    n = 0
    while not done.is_set():
        query = ("harbour", "report", "budget OR council", '"harbour council"')[n % 4]
        statuses.append(get(f"{url}/search/?q={urllib.parse.quote(query)}&page={n % 3 + 1}")[0])
        n += 1


def feed(pipe: Path, edits_done: threading.Event) -> None:
    """Feed the import through a pipe, holding its last articles back until the edits end.

    The import keeps writing batches while the editor saves, and cannot finish first
    however fast importing gets on the machine at hand.
    """
    with pipe.open("w") as out:
        out.writelines(jsonl_lines(BULK - HELD_BACK, "port"))
        edits_done.wait(600)
        out.writelines(jsonl_lines(HELD_BACK, "port", start=BULK - HELD_BACK))


def test_edits_during_an_import_are_all_searchable_when_it_ends_and_nothing_is_lost(
    site, articles_folder
):
    site.manage("import_articles", write_articles(articles_folder / "first", 40))
    editor_login = site.create_editor()
    ids = [row[0] for row in site.query("SELECT id FROM articles_article ORDER BY id")]
    pipe = articles_folder / "bulk.jsonl"
    os.mkfifo(pipe)
    edits_done = threading.Event()
    feeder = threading.Thread(target=feed, args=(pipe, edits_done), daemon=True)
    with site.serving(workers=3) as url:
        editor = AdminEditor(url)
        editor.sign_in(*editor_login)
        importer = site.start_manage("import", "import_articles", pipe)
        feeder.start()
        done, statuses = threading.Event(), []
        searchers = [
            threading.Thread(target=search_until, args=(url, done, statuses)) for _ in range(3)
        ]
        for thread in searchers:
            thread.start()
        saves, during_import = [], 0
        for n in range(EDITS):
            during_import += importer.poll() is None
            saves.append(editor.change_title(ids[n], f"Edited headline zqx{n}edit"))
        edits_done.set()
        feeder.join(600)
        assert importer.wait(600) == 0, site.log("import")
        done.set()
        for thread in searchers:
            thread.join()
        found = {n: get(f"{url}/search/?q=zqx{n}edit")[1] for n in range(EDITS)}

    assert saves == [200] * EDITS
    assert during_import == EDITS, "the import ended before the edits"
    assert len(statuses) > 20
    assert set(statuses) == {200}
    for n in range(EDITS):
        assert "1 article matches" in found[n], f"edit {n} is not searchable"
        assert f"Edited headline zqx{n}edit" in found[n]
    assert site.scalar("SELECT COUNT(*) FROM articles_article") == 40 + BULK
    assert "LockError" not in site.all_logs()
    assert " 500 " not in site.log("access")
    check = site.check_index()
    assert check.returncode == 0, check.stdout
