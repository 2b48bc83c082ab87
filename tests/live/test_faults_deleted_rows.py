"""Fault 6: a search hit whose database row was deleted meanwhile is skipped, never a 500."""

import urllib.request

from .site import write_articles

# Delete rows behind the index's back, as a crashed process or a manual SQL fix would:
# no queue entry, so the index still has their documents.
DELETE_WITHOUT_QUEUE = """
from articles.indexing import queue
from articles.models import Article
gone = ["Report 1 on the archive", "Report 3 on the archive"]
with queue.recorded_by_caller():  # and then queues nothing
    Article.objects.filter(title__in=gone).delete()
"""


def test_hits_whose_articles_were_deleted_meanwhile_are_skipped_by_every_worker(
    site, articles_folder
):
    site.manage("import_articles", write_articles(articles_folder, 5))
    with site.serving(workers=2) as url:
        site.python(DELETE_WITHOUT_QUEUE)
        pages = [urllib.request.urlopen(f"{url}/search/?q=harbour", timeout=30) for _ in range(6)]
        bodies = [page.read().decode() for page in pages]

    assert {page.status for page in pages} == {200}
    for body in bodies:
        assert "Report 0 on the archive" in body
        assert "Report 2 on the archive" in body
        assert "Report 1 on the archive" not in body
        assert "Report 3 on the archive" not in body
    assert site.check_index().returncode == 1, "the index still has the orphans"
    assert "Orphaned in the index (no such article): 2" in site.check_index().stdout
