import mmap
import os

import pytest
from whoosh.filedb import compound
from whoosh.multiproc import SubWriterTask

from articles import search
from articles.indexing import queue
from articles.models import Article, IndexQueueEntry, Source
from articles.search.whoosh import import_writer

from ..conftest import found_ids


def queued_article(title: str) -> Article:
    article = Article.objects.create(title=title, source=Source.named("Wire"))
    article.paragraphs.create(position=1, text=f"About {title}.")
    queue.enqueue([article.pk], drain=False)
    return article


def test_follow_indexes_what_is_queued_while_it_runs_until_told_to_stop(db):
    first = queued_article("Aardvark")
    added = []

    def should_stop():
        if not added:  # an importer commits another batch while the follower runs
            added.append(queued_article("Bandicoot"))
            return False
        return True

    applied = search.apply_until(should_stop)

    assert applied == 2
    assert found_ids("aardvark") == [first.pk]
    assert found_ids("bandicoot") == [added[0].pk]
    assert not IndexQueueEntry.objects.exists()


def test_follow_reports_each_drain_to_its_caller(db):
    queued_article("Capybara")
    counted = []

    search.apply_until(lambda: True, on_applied=counted.append)

    assert sum(counted) == 1


def test_index_status_counts_documents_and_queued_updates(make_article):
    make_article(title="Indexed")
    queued_article("Waiting")

    status = search.index_status()

    assert (status.documents, status.pending, status.problem) == (1, 1, "")
    assert status.last_update is not None


def test_index_status_says_why_when_there_is_no_index(db, index_dir):
    import shutil

    shutil.rmtree(index_dir)

    status = search.index_status()

    assert status.documents is None and "No search index" in status.problem


def test_an_article_queued_twice_while_following_has_one_document_as_last_saved(db):
    article = queued_article("Aardvark")
    saved_again = []

    def should_stop():
        if not saved_again:  # an editor corrects the title while the import is indexed
            Article.objects.filter(pk=article.pk).update(title="Wombat")
            queue.enqueue([article.pk], drain=False)
            saved_again.append(True)
        return True

    search.apply_until(should_stop)

    assert found_ids("wombat") == [article.pk]  # once: no stale second document
    assert found_ids("aardvark") == [article.pk]  # the body still says "About Aardvark."
    drift = search.check_index()
    assert (drift.documents, drift.in_sync) == (1, True)
    assert not IndexQueueEntry.objects.exists()


@pytest.mark.parametrize("procs", [1, 2])
def test_follow_commits_every_so_many_articles_and_at_the_end(db, settings, monkeypatch, procs):
    settings.SEARCH_INDEX_PROCS = procs  # 2: Whoosh's multi-process writer
    monkeypatch.setattr(import_writer, "COMMIT_EVERY", 2)
    articles = [queued_article(name) for name in ("Aardvark", "Bandicoot", "Capybara")]
    commits = []

    applied = search.apply_until(lambda: True, on_applied=commits.append)

    assert (applied, commits) == (3, [2, 1])
    for article in articles:
        assert found_ids(article.title) == [article.pk]
    assert search.check_index().in_sync
    assert not IndexQueueEntry.objects.exists()


def test_a_helper_process_that_dies_leaves_its_articles_queued(db, settings, monkeypatch):
    settings.SEARCH_INDEX_PROCS = 2
    queued_article("Aardvark")

    def die(self, filename, doc_count):  # runs in the forked helper: it dies mid-batch
        os._exit(9)

    monkeypatch.setattr(SubWriterTask, "_process_file", die)

    with pytest.raises(import_writer.IndexingIncomplete):
        search.apply_until(lambda: True)

    assert IndexQueueEntry.objects.count() == 1  # still queued for the next drain
    monkeypatch.undo()
    search.apply_pending()
    assert search.check_index().in_sync


def test_a_rebuild_never_maps_the_index_it_writes_into_memory(make_article, monkeypatch):
    """A mapped segment's pages count in the process's resident memory, the whole index at
    once: rebuild_index at 100,000 articles peaked at 755 MB, half of it mapped index."""
    make_article("Harbour report", paragraphs=["Ships came in."])
    mapped = []

    class RecordedMap(mmap.mmap):
        def __new__(cls, fileno, length, *args, **kwargs):
            mapped.append(os.readlink(f"/proc/self/fd/{fileno}"))
            return super().__new__(cls, fileno, length, *args, **kwargs)

    monkeypatch.setattr(compound.mmap, "mmap", RecordedMap)

    assert search.rebuild_index() == 1
    assert found_ids("harbour")
    assert mapped == []
