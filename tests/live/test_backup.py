"""`backup` takes a consistent snapshot while the site serves and imports; `restore` of it
followed by `check_index` shows zero drift."""

import fcntl
import json
import shutil
import sqlite3
import urllib.request

from .site import write_articles, write_jsonl


def test_a_backup_taken_during_an_import_restores_with_zero_drift(
    make_site, articles_folder, tmp_path
):
    site = make_site("live")
    site.manage("import_articles", write_articles(articles_folder / "first", 50))
    with site.serving(workers=2) as url:
        articles_folder.mkdir(exist_ok=True)
        bulk = write_jsonl(articles_folder / "bulk.jsonl", 20000)
        importer = site.start_manage("import", "import_articles", bulk)
        while site.scalar("SELECT COUNT(*) FROM articles_article") < 120:
            assert importer.poll() is None, site.log("import")
        body = urllib.request.urlopen(f"{url}/search/?q=harbour").read().decode()

        out = site.manage("backup", "--lock-timeout", "1", tmp_path / "backup").stdout

        assert importer.wait(300) == 0, site.log("import")
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    # The database snapshot was taken mid-import: some of the 3,000 were in, not all.
    assert 120 <= manifest["articles"] < 20050
    assert manifest["has_index"] is True
    assert f"Backed up {manifest['articles']} article(s)" in out
    assert "articles match" in body

    restored = make_site("restored")
    result = restored.manage("restore", tmp_path / "backup")

    assert f"Restored {manifest['articles']} article(s)" in result.stdout
    assert restored.scalar("SELECT COUNT(*) FROM articles_article") == manifest["articles"]
    check = restored.check_index()
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"Documents in the index: {manifest['articles']}" in check.stdout
    assert "Queued updates: 0" in check.stdout


def test_restore_refuses_to_overwrite_articles_without_replace(
    make_site, articles_folder, tmp_path
):
    site = make_site("live")
    site.manage("import_articles", write_articles(articles_folder, 3))
    site.manage("backup", tmp_path / "backup")
    site.manage("import_articles", write_articles(articles_folder, 2, "later"))

    refused = site.manage("restore", tmp_path / "backup", check=False)
    replaced = site.manage("restore", "--replace", tmp_path / "backup")

    assert refused.returncode == 1
    assert "add --replace" in refused.stderr
    assert "Restored 3 article(s)" in replaced.stdout
    assert site.scalar("SELECT COUNT(*) FROM articles_article") == 3
    assert site.check_index().returncode == 0


def test_a_backup_without_a_readable_index_says_to_rebuild(make_site, articles_folder, tmp_path):
    site = make_site("live")
    site.manage("import_articles", write_articles(articles_folder, 3))
    shutil.rmtree(site.index_dir)

    out = site.manage("backup", tmp_path / "backup").stdout
    restored = make_site("restored")
    result = restored.manage("restore", tmp_path / "backup", check=False)

    assert "after restoring, run `rebuild_index`" in out
    assert result.returncode == 1
    assert "run `manage.py rebuild_index` now" in result.stderr
    restored.manage("rebuild_index")
    assert restored.check_index().returncode == 0


def test_backup_refuses_a_folder_that_is_not_empty_and_restore_a_folder_that_is_no_backup(
    site, tmp_path
):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")

    backup = site.manage("backup", tmp_path / "full", check=False)
    restore = site.manage("restore", tmp_path / "full", check=False)

    assert "is not empty; name a new folder" in backup.stderr
    assert "is not a backup made by `backup`" in restore.stderr


def test_a_backup_while_another_process_holds_the_index_copies_it_and_says_it_may_lag(
    make_site, articles_folder, tmp_path
):
    site = make_site("live")
    site.manage("import_articles", write_articles(articles_folder, 5))
    with open(site.index_dir / "write.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # As a bulk import's indexer holds it.
        out = site.manage("backup", "--lock-timeout", "0.5", tmp_path / "backup").stdout
        fcntl.flock(lock, fcntl.LOCK_UN)
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())

    assert "its copy may lag the database" in out
    assert manifest["has_index"] is True
    assert manifest["index_frozen"] is False
    restored = make_site("restored")
    restored.manage("restore", tmp_path / "backup")
    assert restored.check_index().returncode == 0


def test_restore_reindexes_articles_the_index_copy_lacks_even_without_queue_rows(
    make_site, articles_folder, tmp_path
):
    site = make_site("live")
    site.manage("import_articles", write_articles(articles_folder, 5))
    site.manage("backup", tmp_path / "backup")
    # A change the index copy never saw, whose queue row a drain already removed.
    with sqlite3.connect(tmp_path / "backup" / "db.sqlite3") as db:
        db.execute(
            "UPDATE articles_article SET title = 'Lagging zqlag', "
            "updated_at = '2030-01-01 00:00:00' WHERE id = (SELECT MIN(id) FROM articles_article)"
        )
        last = "(SELECT MAX(id) FROM articles_article)"
        db.execute(f"DELETE FROM articles_paragraph WHERE article_id = {last}")  # noqa: S608
        db.execute(f"DELETE FROM articles_article WHERE id = {last}")  # noqa: S608
        db.execute("DELETE FROM articles_indexqueueentry")
    restored = make_site("restored")

    out = restored.manage("restore", tmp_path / "backup").stdout

    assert "Index copy behind the database for 2 article(s)." in out
    check = restored.check_index()
    assert check.returncode == 0, check.stdout
    assert "Documents in the index: 4" in check.stdout
