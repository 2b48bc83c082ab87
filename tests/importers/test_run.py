import json
from datetime import UTC, datetime, timedelta

import pytest

from articles import importers
from articles.importers import run
from articles.models import Article, ImportRun, IndexQueueEntry, Paragraph, Source

from .test_reuters import EMPTY_DOCUMENT, document, sgm


def test_import_saves_articles_paragraphs_and_queues_them_for_the_index(db, seed_file):
    report = importers.import_paths([seed_file.parent])

    article = Article.objects.get()
    assert report.counts == {"created": 1}
    assert article.paragraphs.count() == 13
    assert list(article.paragraphs.values_list("position", flat=True)) == list(range(1, 14))
    assert article.external_key == f"seeds/{seed_file.name}"
    assert IndexQueueEntry.objects.filter(article_id=article.pk).exists()


def test_importing_the_same_file_twice_changes_nothing(db, seed_file):
    importers.import_paths([seed_file.parent])
    before = Article.objects.get()

    report = importers.import_paths([seed_file])  # the file itself this time: same key

    after = Article.objects.get()
    assert report.counts == {"unchanged": 1}
    assert (after.pk, after.slug, after.updated_at) == (before.pk, before.slug, before.updated_at)
    assert after.paragraphs.count() == 13


def test_a_changed_file_updates_the_same_article(db, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text("Old headline\nOld standfirst\nOld paragraph.\n")
    importers.import_paths([folder])
    original = Article.objects.get()
    Article.objects.filter(pk=original.pk).update(updated_at=original.updated_at - timedelta(1))

    story.write_text("New headline\nNew standfirst\nFirst new.\nSecond new.\n")
    report = importers.import_paths([folder])

    article = Article.objects.get()
    assert report.counts == {"updated": 1}
    assert article.pk == original.pk and article.slug == original.slug
    assert article.title == "New headline"
    assert [p.text for p in article.paragraphs.all()] == ["First new.", "Second new."]
    assert article.updated_at > original.updated_at - timedelta(1)


def test_one_bad_file_is_reported_and_the_others_still_import(db, tmp_path):
    (tmp_path / "good.txt").write_text("A good headline\nStandfirst\nBody.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "also-good.txt").write_text("Another headline\n\nBody.\n")
    (tmp_path / "notes.md").write_text("not an article file")

    report = importers.import_paths([tmp_path])

    assert report.counts == {"created": 2, "skipped": 1, "failed": 1}
    assert [(name.rsplit("/", 1)[-1], reason) for name, reason in report.failures] == [
        ("image.txt", "binary data, not text"),
    ]
    assert [(name.rsplit("/", 1)[-1], reason) for name, reason in report.skips] == [
        ("empty.txt", "empty file"),
    ]
    assert set(Article.objects.values_list("title", flat=True)) == {
        "A good headline",
        "Another headline",
    }


def test_a_missing_path_is_reported(db, tmp_path):
    report = importers.import_paths([tmp_path / "nowhere.txt"])

    assert report.counts == {"failed": 1}
    assert report.failures[0][1] == "No such file or directory"


def jsonl_file(path, *records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def story(id, title="A headline", text="Some text.", **fields):
    return {"id": id, "title": title, "paragraphs": [text], **fields}


def test_a_jsonl_import_maps_every_field_and_names_its_sources(db, tmp_path):
    path = jsonl_file(
        tmp_path / "wire.jsonl",
        story("1", byline="Ann", url="https://example.org/1", published="2025-03-01T10:00:00Z"),
        story("2", title="Other", source="Own Source", section="World"),
    )

    report = importers.import_paths([path], "Named Wire")

    assert report.counts == {"created": 2}
    first, second = Article.objects.get(external_key="1"), Article.objects.get(external_key="2")
    assert (first.source.name, first.byline, first.url) == (
        "Named Wire",
        "Ann",
        "https://example.org/1",
    )
    assert first.published == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert (second.source.name, second.section, second.published) == ("Own Source", "World", None)


def test_section_from_folder_names_each_text_file_section_after_its_folder(db, tmp_path):
    for section in ("business", "sport"):
        (tmp_path / "bbc" / section).mkdir(parents=True)
        (tmp_path / "bbc" / section / "001.txt").write_text(f"A {section} story\n\nText.\n")
    (tmp_path / "bbc" / "README.TXT").write_text("About this corpus\n\nNot an article.\n")

    importers.import_paths([tmp_path / "bbc"], "BBC News", section_from_folder=True)

    assert sorted(Article.objects.values_list("external_key", "section", "source__name")) == [
        ("bbc/business/001.txt", "business", "BBC News"),
        ("bbc/sport/001.txt", "sport", "BBC News"),
    ]


def test_exact_duplicates_are_imported_once_and_counted(db, tmp_path):
    (tmp_path / "a.txt").write_text("Same story\n\nSame text.\n")
    (tmp_path / "b.txt").write_text("Same story\n\nSame text.\n")
    (tmp_path / "c.txt").write_text("Same story\n\nDifferent text.\n")

    first = importers.import_paths([tmp_path])
    again = importers.import_paths([tmp_path])

    assert first.counts == {"created": 2, "duplicate": 1}
    assert again.counts == {"unchanged": 2, "duplicate": 1}
    assert Article.objects.count() == 2
    assert Article.objects.filter(title="Same story").values("slug").distinct().count() == 2


def test_the_same_text_from_another_source_is_not_a_duplicate(db, tmp_path):
    path = jsonl_file(tmp_path / "a.jsonl", story("1", source="A"), story("2", source="B"))

    assert importers.import_paths([path]).counts == {"created": 2}


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(db, tmp_path, seed_file):
    importers.import_paths([seed_file])
    path = jsonl_file(tmp_path / "a.jsonl", story("1"), story("2"), story("3", text="Other."))
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    before = (Article.objects.count(), Paragraph.objects.count(), IndexQueueEntry.objects.count())
    runs = ImportRun.objects.count()

    report = importers.import_paths([path, tmp_path / "bad.jsonl", seed_file], dry_run=True)

    assert report.counts == {"created": 2, "duplicate": 1, "unchanged": 1, "failed": 1}
    after = (Article.objects.count(), Paragraph.objects.count(), IndexQueueEntry.objects.count())
    assert after == before
    assert ImportRun.objects.count() == runs
    assert (
        not Source.objects.filter(name=importers.DEFAULT_SOURCE)
        .exclude(articles__isnull=False)
        .exists()
    )


def test_a_named_source_takes_over_only_the_default_sources_articles_with_its_keys(db, tmp_path):
    path = jsonl_file(tmp_path / "a.jsonl", story("1"), story("2", source="Wire"))
    importers.import_paths([path])
    jsonl_file(path, story("1"), story("2", source="Wire"), story("3", text="Other."))

    report = importers.import_paths([path], "Seed articles")

    by_key = dict(Article.objects.values_list("external_key", "source__name"))
    assert by_key == {"1": "Seed articles", "2": "Wire", "3": "Seed articles"}
    assert report.counts == {"unchanged": 2, "created": 1}


def test_a_key_the_named_source_already_holds_leaves_both_copies_where_they_are(
    db, tmp_path, make_article
):
    make_article("A headline", ["Other text."], source="Seed articles", external_key="1")
    path = jsonl_file(tmp_path / "a.jsonl", story("1"))
    importers.import_paths([path])

    report = importers.import_paths([path], "Seed articles")

    sources = sorted(Article.objects.values_list("source__name", flat=True))
    assert sources == ["Seed articles", importers.DEFAULT_SOURCE]
    assert report.counts == {"updated": 1}
    assert report.warnings == []


def test_a_dry_run_counts_an_article_to_be_moved_as_the_import_would(db, seed_file):
    importers.import_paths([seed_file])

    report = importers.import_paths([seed_file], "Seed articles", dry_run=True)

    assert report.counts == {"unchanged": 1}
    assert report.warnings == [
        (str(seed_file), 'would move from "Unknown source" to "Seed articles"')
    ]
    assert Article.objects.get().source.name == importers.DEFAULT_SOURCE


def test_a_changed_record_updates_its_article_and_queues_it_again(db, tmp_path):
    path = jsonl_file(tmp_path / "a.jsonl", story("1", text="Old."), story("2"))
    importers.import_paths([path])
    IndexQueueEntry.objects.all().delete()
    jsonl_file(path, story("1", text="New.", section="Changed"), story("2"))

    report = importers.import_paths([path])

    assert report.counts == {"updated": 1, "unchanged": 1}
    article = Article.objects.get(external_key="1")
    assert ([p.text for p in article.paragraphs.all()], article.section) == (["New."], "Changed")
    assert list(IndexQueueEntry.objects.values_list("article_id", flat=True)) == [article.pk]


def test_a_key_repeated_in_one_file_keeps_its_last_version(db, tmp_path):
    path = jsonl_file(tmp_path / "a.jsonl", story("1", text="First."), story("1", text="Last."))

    report = importers.import_paths([path])

    assert report.counts == {"created": 1, "updated": 1}
    assert [p.text for p in Article.objects.get().paragraphs.all()] == ["Last."]


def test_many_articles_with_one_title_get_distinct_slugs_across_batches(db, tmp_path):
    path = jsonl_file(tmp_path / "a.jsonl", *(story(str(n), text=f"Text {n}.") for n in range(7)))

    importers.import_paths([path], batch_size=3)

    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert slugs == ["a-headline", *(f"a-headline-{n}" for n in range(2, 8))]


def test_every_run_is_recorded_with_counts_failures_and_warnings(db, tmp_path):
    path = jsonl_file(tmp_path / "a.jsonl", story("1", published="soon"), story("2", text="Other."))
    with open(path, "a") as handle:
        handle.write("not json\n")

    report = importers.import_paths([path], "Wire", section_from_folder=True)

    run = ImportRun.objects.get()
    assert report.run == run
    assert run.paths == [str(path)]
    assert run.options == {"source": "Wire", "section_from_folder": True, "batch_size": 500}
    assert (run.created, run.updated, run.unchanged, run.duplicate, run.failed) == (2, 0, 0, 0, 1)
    assert run.status == ImportRun.Status.FAILED and run.finished_at is not None
    assert run.failures == [
        {"file": str(path), "line": 3, "reason": "not JSON: Expecting value at column 1"}
    ]
    assert run.warnings == [
        {"file": str(path), "line": 1, "warning": "bad date 'soon': not ISO 8601; imported undated"}
    ]


def test_documents_with_nothing_in_them_are_skipped_and_recorded_with_file_and_line(db, tmp_path):
    reuters = sgm(tmp_path, EMPTY_DOCUMENT, document(8))
    records = jsonl_file(tmp_path / "a.jsonl", {}, {"id": "x", "title": " ", "paragraphs": []})

    report = importers.import_paths([reuters, records])

    run = ImportRun.objects.get()
    assert report.counts == {"created": 1, "skipped": 3}
    assert (run.created, run.skipped, run.failed, run.status) == (1, 3, 0, "finished")
    assert run.skips == [
        {"file": str(reuters), "line": 2, "reason": "no title and no text"},
        {"file": str(records), "line": 1, "reason": "no title and no text"},
        {"file": str(records), "line": 2, "reason": "no title and no text"},
    ]
    assert Article.objects.get().title == "BAHIA COCOA <REVIEW>"


def test_a_clean_run_is_recorded_as_finished(db, seed_file):
    importers.import_paths([seed_file])

    assert ImportRun.objects.get().status == ImportRun.Status.FINISHED


@pytest.mark.parametrize("content", [b"", b"\n\n"])
def test_empty_jsonl_and_reuters_files_import_nothing_and_fail_nothing(db, tmp_path, content):
    (tmp_path / "a.jsonl").write_bytes(content)
    (tmp_path / "reut2-000.sgm").write_bytes(content)

    assert importers.import_paths([tmp_path]).counts == {}


def test_a_dry_run_counts_like_the_real_import_across_batches(db, tmp_path):
    path = jsonl_file(
        tmp_path / "a.jsonl",
        story("1"),
        story("2"),  # a copy of 1 under another key
        story("3", text="Other."),
        story("3", text="Other."),  # the same key again, unchanged
        story("1", text="Changed."),  # the same key again, changed
    )

    planned = importers.import_paths([path], dry_run=True, batch_size=1)
    done = importers.import_paths([path], batch_size=1)

    assert (
        planned.counts
        == done.counts
        == {
            "created": 2,
            "duplicate": 1,
            "unchanged": 1,
            "updated": 1,
        }
    )


def test_an_import_leaves_the_garbage_collector_as_it_found_it(db, tmp_path, monkeypatch):
    # The run freezes what lasts it (run.py) and must unfreeze it, even when it fails.
    import gc

    path = tmp_path / "a.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": f"k{n}", "title": f"T {n}", "paragraphs": ["x"]}) + "\n"
            for n in range(3)
        ),
        encoding="utf-8",
    )
    frozen = []
    save_batch = run.save_batch

    def noting(*args, **kwargs):
        frozen.append(gc.get_freeze_count())
        return save_batch(*args, **kwargs)

    monkeypatch.setattr(run, "save_batch", noting)
    importers.import_paths([path], batch_size=1)
    assert frozen[0] == 0 and min(frozen[1:]) > 0  # frozen after the first batch
    assert gc.get_freeze_count() == 0

    def failing(*args, **kwargs):
        if gc.get_freeze_count():
            raise RuntimeError("the database went away")
        return save_batch(*args, **kwargs)

    monkeypatch.setattr(run, "save_batch", failing)
    with pytest.raises(RuntimeError):
        importers.import_paths([path], "Other", batch_size=1)
    assert gc.get_freeze_count() == 0
