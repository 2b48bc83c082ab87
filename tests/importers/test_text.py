import pytest

from articles.importers import BadArticleFile, parse_text


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
