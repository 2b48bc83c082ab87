"""`backup` takes a consistent snapshot while the site serves and imports; `restore` of it
followed by `check_index` shows zero drift."""

import json
import shutil
import urllib.request

from .site import write_articles


def test_a_backup_taken_during_an_import_restores_with_zero_drift(
    make_site, articles_folder, tmp_path
):
    site = make_site("live")
    site.manage("import_articles", write_articles(articles_folder / "first", 50))
    with site.serving(workers=2) as url:
        importer = site.start_manage(
            "import", "import_articles", write_articles(articles_folder / "second", 3000, "port")
        )
        while site.scalar("SELECT COUNT(*) FROM articles_article") < 120:
            assert importer.poll() is None, site.log("import")
        body = urllib.request.urlopen(f"{url}/search/?q=harbour").read().decode()

        out = site.manage("backup", tmp_path / "backup").stdout

        assert importer.poll() is None, "the backup must be taken while the import runs"
        assert importer.wait(300) == 0, site.log("import")
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert 50 < manifest["articles"] < 3050
    assert manifest["has_index"] is True
    assert f"Backed up {manifest['articles']} article(s)" in out
    assert "articles for" in body

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
