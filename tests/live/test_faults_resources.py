"""Fault 5: out of file descriptors, or out of disk, during an index commit. The database
stays correct, the work stays queued, the error is logged, and a later drain succeeds.

Both limits are real and unprivileged: a child process lowers its own RLIMIT_NOFILE, or its
RLIMIT_FSIZE (the largest file it may write: past it, write() fails with EFBIG, as a full
disk fails with ENOSPC; a tmpfs of fixed size would need root to mount).
"""

import json

from .site import PYTHON, write_articles

CHILD = """
import gc, json, logging, os, resource, signal, sys
import django; django.setup()
from django.db import transaction
from articles import search
from articles.indexing import drain, queue
from articles.models import Article, IndexQueueEntry

logged = []
class Keep(logging.Handler):
    def emit(self, record):
        logged.append(logging.Formatter().format(record))
logging.getLogger("articles").addHandler(Keep())

def snapshot():
    return list(Article.objects.order_by("pk").values_list("pk", "title", "updated_at"))

before = snapshot()
with transaction.atomic():
    queue.enqueue([pk for pk, _, _ in before], drain=False)
queued = IndexQueueEntry.objects.count()
limit = getattr(resource, sys.argv[1])
soft, hard = resource.getrlimit(limit)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), not death by signal.
failures = []
for budget in BUDGETS:
    gc.collect()  # close the files a failed attempt left to the collector: a steady baseline
    if limit == resource.RLIMIT_NOFILE:
        budget += len(os.listdir("/proc/self/fd"))
    seen = len(logged)
    resource.setrlimit(limit, (budget, hard))
    drain.drain_quietly()
    resource.setrlimit(limit, (soft, hard))
    left = IndexQueueEntry.objects.count()
    if left == 0:
        break
    failures.append({"left": left, "log": logged[seen:]})
drift = search.check_index()
print(json.dumps({
    "queued": queued, "failures": failures, "left": IndexQueueEntry.objects.count(),
    "unchanged": snapshot() == before, "in_sync": drift.in_sync, "documents": drift.documents,
}))
"""


def run_child(site, limit: str, budgets: str) -> dict:
    code = CHILD.replace("BUDGETS", budgets)
    result = site.start("child", PYTHON, "-c", code, limit)
    assert result.wait(300) == 0, site.log("child")
    return json.loads(site.log("child").strip().splitlines()[-1])


def test_running_out_of_disk_during_a_commit_keeps_the_work_queued_until_a_later_drain(
    site, articles_folder
):
    site.manage("import_articles", write_articles(articles_folder, 40))

    # 16 KiB per file first (the segment is larger), then no limit.
    outcome = run_child(site, "RLIMIT_FSIZE", "[16 * 1024, resource.RLIM_INFINITY]")

    assert outcome["queued"] == 40
    (failure,) = outcome["failures"]
    assert failure["left"] == 40, "the failed commit must leave every update queued"
    assert "Search index update failed" in failure["log"][0]
    assert "File too large" in failure["log"][0]
    assert "in commit" in failure["log"][0]
    assert outcome["unchanged"] is True
    assert outcome["left"] == 0
    assert outcome["in_sync"] is True
    assert outcome["documents"] == 40


def test_running_out_of_file_descriptors_at_every_step_of_a_drain_loses_nothing(
    site, articles_folder
):
    site.manage("import_articles", write_articles(articles_folder, 40))

    # Allow 0, 1, 2 ... more open files than the child has, until the drain succeeds.
    outcome = run_child(site, "RLIMIT_NOFILE", "range(0, 200)")

    failures = outcome["failures"]
    assert len(failures) >= 3, "the limit must bite at several steps of the drain"
    assert all(failure["left"] == 40 for failure in failures)
    assert all("Search index update failed" in failure["log"][0] for failure in failures)
    in_commit = [
        failure
        for failure in failures
        if "in commit" in failure["log"][0] and "Too many open files" in failure["log"][0]
    ]
    assert in_commit, "at least one failure must happen inside the index commit"
    assert outcome["unchanged"] is True
    assert outcome["left"] == 0
    assert outcome["in_sync"] is True
