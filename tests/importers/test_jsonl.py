import json
from datetime import UTC, datetime

import pytest

from articles.importers import jsonl
from articles.importers.files import ArticleFile, entries


def write_lines(path, *lines):
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def record(**fields) -> bytes:
    return json.dumps({"title": "A headline", "paragraphs": ["Some text."], **fields}).encode()


def test_a_full_record_keeps_every_field_and_its_date_in_utc(tmp_path):
    line = record(
        id="wire-1",
        standfirst="The gist.",
        paragraphs=["First.", "Second."],
        published="2025-03-01T09:30:00+02:00",
        source="Wire",
        section="World",
        byline="A. Reporter",
        url="https://example.org/1",
        unknown_key={"ignored": True},
    )
    (entry,) = jsonl.entries(write_lines(tmp_path / "a.jsonl", line), "x/a.jsonl")

    article = entry.article
    assert entry.key == "wire-1" and entry.line == 1 and not entry.warnings
    assert (article.title, article.standfirst, article.paragraphs) == (
        "A headline",
        "The gist.",
        ("First.", "Second."),
    )
    assert article.published == datetime(2025, 3, 1, 7, 30, tzinfo=UTC)
    assert (article.source, article.section, article.byline, article.url) == (
        "Wire",
        "World",
        "A. Reporter",
        "https://example.org/1",
    )


def test_a_body_is_split_into_paragraphs_at_blank_lines(tmp_path):
    line = json.dumps({"title": "T", "body": "One\nline.\n\n  \nTwo."}).encode()

    (entry,) = jsonl.entries(write_lines(tmp_path / "a.jsonl", line), "x/a.jsonl")

    assert entry.article.paragraphs == ("One\nline.", "Two.")


def test_missing_optional_keys_are_fine_and_the_key_falls_back_to_file_and_line(tmp_path):
    path = write_lines(tmp_path / "a.jsonl", b"", record())

    (entry,) = jsonl.entries(path, "x/a.jsonl")

    assert entry.key == "x/a.jsonl:2"
    assert entry.article.published is None and entry.article.source == ""


def test_a_naive_date_is_taken_as_utc_and_a_bare_date_as_midnight():
    assert jsonl.parse_published("2025-03-01T09:30:00") == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert jsonl.parse_published("2025-03-01") == datetime(2025, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", ["yesterday", "2025-02-30", "01/03/2025", 20250301])
def test_a_bad_date_is_reported_and_the_article_kept_undated(tmp_path, value):
    path = write_lines(tmp_path / "a.jsonl", record(published=value))

    (entry,) = jsonl.entries(path, "x/a.jsonl")

    assert entry.article is not None and entry.article.published is None
    assert entry.warnings == (f"bad date {value!r}: " + entry.warnings[0].split(": ", 1)[1],)
    assert "imported undated" in entry.warnings[0]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "a JSON list, not an object"),
        (b'{"paragraphs": ["text"]}', "no title"),
        (b'{"title": "T"}', "no article text"),
        (b'{"title": "T", "paragraphs": "text"}', "not a list of strings"),
        (b'{"title": 7, "paragraphs": ["text"]}', "`title` is a int"),
        (b"[" * 100_000, "not JSON"),
        (
            b'{"title": "Zqsur lone \\ud800 surrogate", "paragraphs": ["t"]}',
            "`title` holds a lone surrogate (\\ud800)",
        ),
        (b'{"title": "T", "paragraphs": ["ok", "\\udfff"]}', "`paragraphs` holds a lone"),
        (b'{"id": "\\udc00", "title": "T", "paragraphs": ["t"]}', "`id` holds a lone"),
    ],
)
def test_bad_lines_are_refused_with_their_line_number_and_reason(tmp_path, line, reason):
    path = write_lines(tmp_path / "a.jsonl", record(id="good"), line, record(id="also-good"))

    found = list(jsonl.entries(path, "x/a.jsonl"))

    assert [e.key for e in found if e.article] == ["good", "also-good"]
    (bad,) = [e for e in found if not e.article]
    assert bad.line == 2 and reason in bad.error
    assert bad.where == f"{path}:2"
    assert not bad.skipped, "only a record with nothing in it is skipped; this one failed"


def test_a_legacy_8bit_line_among_utf8_lines_is_decoded(tmp_path):
    utf8 = json.dumps({"title": "Prices", "paragraphs": ["It cost £5."]}, ensure_ascii=False)
    latin = utf8.replace("5", "6").encode("latin-1")
    path = write_lines(tmp_path / "a.jsonl", utf8.encode(), latin)

    found = [e.article.paragraphs for e in jsonl.entries(path, "x/a.jsonl")]

    assert found == [("It cost £5.",), ("It cost £6.",)]


def test_an_empty_file_has_no_articles(tmp_path):
    path = write_lines(tmp_path / "a.jsonl")

    assert list(entries(ArticleFile(path, "x/a.jsonl", 0))) == []


def test_a_missing_file_is_one_failure_with_the_reason(tmp_path):
    (entry,) = jsonl.entries(tmp_path / "absent.jsonl", "x/absent.jsonl")

    assert entry.article is None and entry.error == "No such file or directory"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/a", "not a url"]
)
def test_an_address_that_is_not_http_is_dropped_with_a_warning(tmp_path, url):
    path = write_lines(tmp_path / "a.jsonl", record(url=url))

    (entry,) = jsonl.entries(path, "x/a.jsonl")

    assert entry.article.url == ""
    assert entry.warnings == (f"url {url!r} is not an http(s) address; imported without it",)


@pytest.mark.parametrize("character", ["\x0b", "\x1b", "\ufffe", "\uffff", "\ufdd0"])
def test_characters_no_feed_can_hold_are_removed_from_every_field(tmp_path, character):
    text = f"Oil{character} prices"
    fields = ("title", "standfirst", "byline", "section", "source")
    line = record(**dict.fromkeys(fields, text), paragraphs=[text])

    (entry,) = jsonl.entries(write_lines(tmp_path / "a.jsonl", line), "x/a.jsonl")

    article = entry.article
    assert {getattr(article, name) for name in fields} == {"Oil prices"}
    assert article.paragraphs == ("Oil prices",)
