import re
import shutil
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper

from articles.importers import Progress
from articles.indexing import queue
from articles.management.commands._progress import ProgressBar
from articles.models import Article, ImportRun, IndexQueueEntry
from articles.search.whoosh import storage

from .conftest import found_ids
from .importers.test_reuters import EMPTY_DOCUMENT, document, sgm


def summary(created=0, updated=0, unchanged=0, duplicate=0, skipped=0, failed=0) -> str:
    """Return the import's summary line for these counts."""
    return (
        f"{created} created, {updated} updated, {unchanged} unchanged, {duplicate} duplicate, "
        f"{skipped} skipped (nothing in them), {failed} failed."
    )


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_articles_imports_the_seeds_prints_counts_and_indexes(db, seed_file):
    out, _ = run("import_articles", str(seed_file.parent))

    assert summary(created=1) in out
    assert "Search index: 1 article(s) brought up to date." in out
    assert found_ids("Zelensky") == [Article.objects.get().pk]


def test_a_second_import_reports_the_article_unchanged(db, seed_file):
    run("import_articles", str(seed_file.parent))

    out, _ = run("import_articles", str(seed_file.parent))

    assert summary(unchanged=1) in out
    assert Article.objects.count() == 1


def test_seeds_imported_again_under_a_named_source_move_there_not_copied(db, seed_file):
    run("import_articles", str(seed_file.parent))  # before make run named the source
    first = Article.objects.get()

    out, err = run("import_articles", str(seed_file.parent), "--source", "Seed articles")

    article = Article.objects.get()
    assert (article.pk, article.slug, article.source.name) == (
        first.pk,
        first.slug,
        "Seed articles",
    )
    assert summary(unchanged=1) in out
    assert 'moved from "Unknown source" to "Seed articles"' in err
    assert found_ids('source:"Seed articles"') == [article.pk]
    assert found_ids('source:"Unknown source"') == []


def test_bad_files_are_named_with_their_reason_and_the_command_fails(db, tmp_path, seed_file):
    shutil.copy(seed_file, tmp_path / "good.txt")
    (tmp_path / "headline-only.txt").write_text("A headline and nothing under it\n")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 article"):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)

    reason = "no article text after the headline"
    assert f"FAILED {tmp_path / 'headline-only.txt'}: {reason}" in err.getvalue()
    assert summary(created=1, failed=1) in out.getvalue()
    assert found_ids("Zelensky") == [Article.objects.get().pk]


def test_import_with_no_index_leaves_the_updates_queued_and_says_so(db, seed_file, index_dir):
    shutil.rmtree(index_dir)

    out, _ = run("import_articles", str(seed_file))

    assert "1 update(s) stay queued" in out
    assert IndexQueueEntry.objects.count() == 1


def test_import_names_the_source(db, seed_file):
    run("import_articles", "--source", "Seed Wire", str(seed_file))

    assert Article.objects.get().source.name == "Seed Wire"
    assert found_ids("source:seed") == [Article.objects.get().pk]


def test_update_index_drains_what_a_locked_index_left_queued(seed_article, settings):
    Article.objects.filter(pk=seed_article.pk).update(title="Renamed headline")
    queue.enqueue([seed_article.pk], drain=False)

    with storage.write_lock(timeout=1), pytest.raises(CommandError):
        run("update_index", "--lock-timeout", "0.1")
    assert found_ids("renamed") == []

    out, _ = run("update_index")

    assert "1 article(s) brought up to date" in out
    assert found_ids("renamed") == [seed_article.pk]
    assert not IndexQueueEntry.objects.exists()


def test_check_index_passes_when_index_and_database_agree(seed_article):
    out, _ = run("check_index")

    assert "Documents in the index: 1" in out
    assert "The index matches the database." in out


def test_check_index_reports_missing_and_orphaned_articles(seed_article, make_article):
    other = make_article(title="Other")
    with queue.recorded_by_caller():  # a caller that then forgets to queue them
        extra = Article.objects.create(title="Never indexed", source=other.source)
        Article.objects.filter(pk=other.pk).delete()

    with pytest.raises(CommandError, match="differs from the database"):
        call_command("check_index", stdout=(out := StringIO()))

    report = out.getvalue()
    assert f"Missing from the index: 1 (article ids {extra.pk})" in report
    assert "Orphaned in the index (no such article): 1" in report


def test_check_index_reports_a_stale_document(seed_article):
    seed_article.title = "Edited without a queue entry"
    with queue.recorded_by_caller():
        seed_article.save()

    with pytest.raises(CommandError):
        call_command("check_index", stdout=(out := StringIO()))

    assert f"Stale in the index: 1 (article ids {seed_article.pk})" in out.getvalue()


def test_rebuild_index_restores_a_deleted_index(seed_article, index_dir):
    shutil.rmtree(index_dir)

    out, _ = run("rebuild_index")

    assert "Search index rebuilt: 1 article(s)." in out
    assert found_ids("Zelensky") == [seed_article.pk]
    assert "The index matches the database." in run("check_index")[0]


def test_rebuild_index_restores_a_corrupted_index(seed_article):
    for segment_file in storage.live_dir().iterdir():
        segment_file.write_bytes(segment_file.read_bytes()[: len(segment_file.read_bytes()) // 2])

    run("rebuild_index")

    assert found_ids("Zelensky") == [seed_article.pk]


def test_rebuild_index_if_missing_keeps_a_readable_index(seed_article):
    out, _ = run("rebuild_index", "--if-missing")

    assert "left as it is" in out


def test_rebuild_index_replaces_the_old_folder(seed_article, index_dir):
    old = storage.live_dir()

    run("rebuild_index")

    assert storage.live_dir() != old
    assert not old.exists()
    assert [p.name for p in index_dir.glob("index-*")] == [storage.live_dir().name]


def test_a_dry_run_prints_what_would_happen_and_writes_nothing(db, seed_file):
    out, _ = run("import_articles", "--dry-run", str(seed_file))

    assert "Dry run, nothing written: would be 1 created, 0 updated" in out
    assert not Article.objects.exists()
    assert not ImportRun.objects.exists()


def test_failures_and_warnings_are_printed_at_the_end_with_file_and_line(db, tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        '{"title": "Good", "paragraphs": ["Text."], "published": "2025-13-01"}\n'
        '{"title": "No text"}\n'
    )
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 article"):
        call_command("import_articles", str(path), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == [
        f"WARNING {path}:1: bad date '2025-13-01': not ISO 8601; imported undated",
        f"FAILED {path}:2: no article text (`paragraphs` or `body`)",
    ]
    assert summary(created=1, failed=1) in out.getvalue()
    assert Article.objects.get().published is None


def test_a_line_with_a_lone_surrogate_fails_alone_and_the_run_is_recorded(db, tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        '{"title": "Before", "paragraphs": ["Text."]}\n'
        '{"title": "Zqsur lone \\ud800 surrogate", "paragraphs": ["Text."]}\n'
        '{"title": "After", "paragraphs": ["Text."]}\n'
    )
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 article"):
        call_command("import_articles", str(path), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == [
        f"FAILED {path}:2: `title` holds a lone surrogate (\\ud800), half of a UTF-16 pair, "
        "which is not text"
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["After", "Before"]
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.failed) == (ImportRun.Status.FAILED, 2, 1)
    assert run.failures[0]["line"] == 2


def test_the_command_exits_0_when_all_imported_and_1_when_anything_failed(
    subprocess_archive, tmp_path
):
    manage, _ = subprocess_archive
    good = tmp_path / "good.jsonl"
    good.write_text('{"title": "Good", "paragraphs": ["Text."]}\n')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n")

    imported = manage("import_articles", good)
    failed = manage("import_articles", good, bad)

    assert imported.returncode == 0, imported.stderr
    assert failed.returncode == 1
    assert f"FAILED {bad}:1: not JSON" in failed.stderr
    assert summary(unchanged=1, failed=1) in failed.stdout


def test_empty_documents_are_skipped_named_and_the_import_exits_0(subprocess_archive, tmp_path):
    manage, _ = subprocess_archive
    path = sgm(tmp_path, EMPTY_DOCUMENT, document(8))

    result = manage("import_articles", path)

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"SKIPPED {path}:2: no title and no text"]
    assert summary(created=1, skipped=1) in result.stdout


def test_an_import_says_in_one_line_what_it_brought_up_to_date_in_the_index(
    subprocess_archive, seed_file
):
    manage, _ = subprocess_archive

    first, again = manage("import_articles", seed_file.parent), manage("import_articles", seed_file)

    # A file database: the index follower indexed the article while the import ran.
    assert first.stdout.splitlines() == [
        summary(created=1),
        "Search index: 1 article(s) brought up to date.",
    ]
    assert again.stdout.splitlines()[1:] == ["Search index: 0 article(s) brought up to date."]


def test_the_progress_bar_shows_files_articles_rate_and_eta():
    terminal = StringIO()
    bar = ProgressBar(OutputWrapper(terminal))
    progress = Progress(files_done=3, files_total=22, bytes_done=25, bytes_total=100)
    # Long enough ago that a busy machine's delay before update() leaves the rate at 1,23x/s.
    progress.articles, progress.started = 1_234_000, time.monotonic() - 1000

    bar.update(progress)
    bar.close()

    line = terminal.getvalue().split("\r")[-1]
    assert line.startswith("[######------------------] 3/22 files  1,234,000 articles  ")
    assert re.search(r"  1,23\d/s  ETA 50:0\d\n$", line)


def truncate_segments(index_root) -> None:
    for segment in (index_root / storage.CURRENT_LINK).glob("*.seg"):
        segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])


def test_check_and_update_index_say_a_truncated_segment_needs_a_rebuild(
    subprocess_archive, tmp_path
):
    manage, _ = subprocess_archive
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Harbour council\nA standfirst.\nThe harbour budget.\n")
    second.write_text("Harbour repairs\nA standfirst.\nThe harbour wall.\n")
    manage("import_articles", first, check=True)
    truncate_segments(tmp_path / "index")
    imported = manage("import_articles", second)

    checked = manage("check_index")
    updated = manage("update_index")

    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    assert "is damaged (EOFError: Ran out of input)" in checked.stderr
    assert "run `manage.py rebuild_index`" in checked.stderr
    assert updated.returncode == 1
    assert "Traceback" not in updated.stderr
    assert "is damaged (EOFError: Ran out of input)" in updated.stdout
    assert "1 update(s) stay queued" in updated.stdout
    assert imported.returncode == 0, "the article is saved and its index update queued"
    assert "is damaged" in imported.stdout
