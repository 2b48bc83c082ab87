"""`update_index --watch` is a long-lived indexer: it drains the queue as work arrives."""

import signal
import time

from .site import write_articles

QUEUE_WITHOUT_DRAIN = """
from django.db import transaction
from articles.indexing import queue
from articles.models import Article
with transaction.atomic():
    with queue.recorded_by_caller():  # queued below without a drain: the watcher's job
        Article.objects.update(title="Watched harbour renamed")
    queue.enqueue(Article.objects.values_list("pk", flat=True), drain=False)
"""


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_watcher_applies_queued_updates_as_they_arrive_and_stops_on_sigterm(
    site, articles_folder
):
    site.manage("import_articles", write_articles(articles_folder, 5))
    watcher = site.start_manage("watch", "update_index", "--watch", "--interval", "0.2")

    site.python(QUEUE_WITHOUT_DRAIN)

    assert wait_for(lambda: site.scalar("SELECT COUNT(*) FROM articles_indexqueueentry") == 0)
    assert site.check_index().returncode == 0
    assert "Search index: 5 article(s) brought up to date." in site.log("watch")
    watcher.send_signal(signal.SIGTERM)
    assert watcher.wait(10) == 0
    assert "Stopped watching the index queue." in site.log("watch")


def test_the_watcher_survives_a_missing_index_and_drains_once_it_is_rebuilt(site, articles_folder):
    site.manage("import_articles", write_articles(articles_folder, 3))
    for path in sorted(site.index_dir.glob("index-*")):
        for file in path.iterdir():
            file.unlink()
    watcher = site.start_manage("watch", "update_index", "--watch", "--interval", "0.2")
    site.python(QUEUE_WITHOUT_DRAIN)

    assert wait_for(lambda: "Updates stay queued until it is restored." in site.log("watch"))
    assert site.scalar("SELECT COUNT(*) FROM articles_indexqueueentry") == 3
    site.manage("rebuild_index")

    assert wait_for(lambda: site.scalar("SELECT COUNT(*) FROM articles_indexqueueentry") == 0)
    assert watcher.poll() is None
    assert site.check_index().returncode == 0
