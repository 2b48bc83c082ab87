from datetime import timedelta

import pytest

from articles import importers
from articles.importers import BadArticleFile, parse_text
from articles.models import Article, IndexQueueEntry


def test_the_seed_file_becomes_one_article_with_its_standfirst_and_13_paragraphs(seed_file):
    parsed = parse_text(seed_file.read_bytes())

    assert parsed.title == "Zelensky Hopes for 'Meaningful' US-Ukraine Talks Next Week"
    assert parsed.standfirst.startswith("US-Ukraine negotiations are set to take place")
    assert len(parsed.paragraphs) == 13
    assert parsed.paragraphs[0].startswith("Ukrainian President Volodymyr Zelensky has announced")
    assert parsed.paragraphs[-1].endswith("remains unclear.")
    assert not any("Leave A Comment" in p for p in parsed.paragraphs)


def test_curly_apostrophes_are_kept_as_written(seed_file):
    parsed = parse_text(seed_file.read_bytes())

    assert "Poland\u2019s military" in parsed.paragraphs[5]


def test_blank_line_format_joins_lines_of_a_paragraph():
    raw = b"Headline here\n\nFirst paragraph.\n\n\nSecond one\nruns on.\n  \nThird.\n"

    parsed = parse_text(raw)

    assert parsed.title == "Headline here"
    assert parsed.standfirst == ""
    assert parsed.paragraphs == ("First paragraph.", "Second one\nruns on.", "Third.")


def test_legacy_8bit_file_is_decoded_with_the_fallback():
    parsed = parse_text("Prices\n\nIt cost \xa3600m.\n".encode("latin-1"))

    assert parsed.paragraphs == ("It cost £600m.",)


def test_utf8_bom_and_windows_line_ends_are_handled():
    parsed = parse_text("\ufeffTitle\r\nStandfirst\r\nBody text\r\n".encode())

    assert (parsed.title, parsed.standfirst, parsed.paragraphs) == (
        "Title",
        "Standfirst",
        ("Body text",),
    )


def test_nul_and_control_characters_are_removed():
    parsed = parse_text(b"Ti\x00tle\nStand\x07first\nBo\x1bdy\x00 text\n")

    assert (parsed.title, parsed.standfirst, parsed.paragraphs) == (
        "Title",
        "Standfirst",
        ("Body text",),
    )


def test_a_two_line_file_keeps_its_second_line_as_text():
    parsed = parse_text(b"Title\nThe only line of text.\n")

    assert parsed.standfirst == ""
    assert parsed.paragraphs == ("The only line of text.",)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"\n  \n\n", "empty file"),
        (bytes(range(256)) * 8, "binary data"),
        (b"x" * 400 + b"\nbody\n", "no headline"),
        (b"Just a headline\n", "no article text"),
        (b"Headline\nLeave A Comment\n", "no article text"),
    ],
)
def test_bad_files_are_refused_with_a_reason(raw, reason):
    with pytest.raises(BadArticleFile, match=reason):
        parse_text(raw)


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

    assert report.counts == {"created": 2, "failed": 2}
    assert sorted((name.rsplit("/", 1)[-1], reason) for name, reason in report.failures) == [
        ("empty.txt", "empty file"),
        ("image.txt", "binary data, not text"),
    ]
    assert set(Article.objects.values_list("title", flat=True)) == {
        "A good headline",
        "Another headline",
    }


def test_a_missing_path_is_reported(db, tmp_path):
    report = importers.import_paths([tmp_path / "nowhere.txt"])

    assert report.counts == {"failed": 1}
    assert report.failures[0][1] == "No such file or directory"
