"""Faults 2 and 3: a process killed with SIGKILL while it writes the index or right after
it commits an edit. The index stays readable and no update is lost."""

import fcntl
import os
import random
import signal
import threading
import time
import urllib.request

from articles.search.whoosh import storage

from .browserless import AdminEditor
from .site import PYTHON, write_articles

KILLS = 20
ARTICLES = 60

# Re-index every article again and again: each drain deletes and re-adds all documents
# in one commit, so a kill lands before, inside or after a commit.
REWRITE_FOREVER = """
import django; django.setup()
from django.db import transaction
from articles import search
from articles.indexing import queue
from articles.models import Article
ids = list(Article.objects.values_list("pk", flat=True))
print("ready", flush=True)
while True:
    with transaction.atomic():
        queue.enqueue(ids, drain=False)
    search.apply_pending()
    print("committed", flush=True)
"""


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def indexed_ids(site, settings) -> list[int]:
    """Read every stored document of the live index, as a fresh reader would."""
    settings.SEARCH_INDEX_DIR = site.index_dir
    with storage.open_live().searcher() as searcher:
        return sorted(int(fields["id"]) for fields in searcher.all_stored_fields())


def test_a_writer_killed_20_times_mid_commit_leaves_a_readable_index_and_update_index_finishes(
    site, articles_folder, settings
):
    site.manage("import_articles", write_articles(articles_folder, ARTICLES))
    ids = [row[0] for row in site.query("SELECT id FROM articles_article")]
    rng = random.Random(6)
    commits_seen = 0

    for kill in range(KILLS):
        log = f"writer-{kill}"
        writer = site.start(log, PYTHON, "-c", REWRITE_FOREVER)
        assert wait_for(lambda log=log: "ready" in site.log(log)), site.log(log)
        time.sleep(rng.uniform(0.0, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        commits_seen += site.log(log).count("committed")

        # Old state or new state: every article is there exactly once, and readable.
        assert indexed_ids(site, settings) == sorted(ids), f"after kill {kill}"

    assert commits_seen > 0, "the writer never got as far as a commit"
    assert site.scalar("SELECT COUNT(*) FROM articles_indexqueueentry") > 0
    site.manage("update_index")
    assert site.scalar("SELECT COUNT(*) FROM articles_indexqueueentry") == 0
    check = site.check_index()
    assert check.returncode == 0, check.stdout


def test_a_web_worker_killed_right_after_committing_an_edit_still_gets_it_indexed(
    make_site, articles_folder
):
    # The worker waits up to 60 s for the index lock after its commit: long enough to kill it.
    site = make_site(NEWSARCHIVE_INDEX_LOCK_TIMEOUT="60")
    site.manage("import_articles", write_articles(articles_folder, 3))
    article_id = site.scalar("SELECT MIN(id) FROM articles_article")
    login = site.create_editor()
    with site.serving(workers=1, timeout=120) as url:
        editor = AdminEditor(url)
        editor.sign_in(*login)
        with open(site.index_dir / storage.LOCK_FILE, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # Hold the index, as a long import would.
            save = threading.Thread(
                target=_save_ignoring_the_kill, args=(editor, article_id), daemon=True
            )
            save.start()
            assert wait_for(
                lambda: (
                    "qqkilled"
                    in site.scalar("SELECT title FROM articles_article WHERE id = ?", article_id)
                )
            ), "the edit was never committed"
            (worker,) = site.worker_pids()
            time.sleep(0.3)  # Well inside the drain's wait for the lock.
            os.kill(worker, signal.SIGKILL)
            save.join(30)
            fcntl.flock(lock, fcntl.LOCK_UN)
        assert "WORKER TIMEOUT" not in site.log("gunicorn")
        queued = site.scalar(
            "SELECT COUNT(*) FROM articles_indexqueueentry WHERE article_id = ?", article_id
        )
        site.manage("update_index")
        assert wait_for(lambda: len(site.worker_pids()) == 1)
        body = _get(f"{url}/search/?q=qqkilled")

    assert queued == 1, "the committed edit must have left its queue row"
    assert "1 article matches" in body
    assert "Title qqkilled" in body
    assert site.check_index().returncode == 0


def _save_ignoring_the_kill(editor: AdminEditor, article_id: int) -> None:
    try:
        editor.change_title(article_id, "Title qqkilled")
    except Exception:  # The connection dies with the worker; that is the point.
        return


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()
