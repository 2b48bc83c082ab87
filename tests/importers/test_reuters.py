from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.importers import reuters

REUTERS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "reuters21578"

DOCUMENT = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" OLDID="5544" NEWID="{id}">
<DATE>{date}</DATE>
<TOPICS><D>cocoa</D><D>grain</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<UNKNOWN>
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;REVIEW></TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone.
    The dry period means the temporao will be late &amp; small.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


# Two documents of the real corpus are like this: a date, and no title or text.
EMPTY_DOCUMENT = (
    '<REUTERS NEWID="7">\n<DATE>1-MAR-1987 10:00:00.00</DATE>\n<TEXT>&#2;\n</TEXT>\n</REUTERS>\n'
)


def sgm(tmp_path, *documents, encoding="ascii"):
    text = '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "".join(documents)
    path = tmp_path / "reut2-000.sgm"
    path.write_bytes(text.encode(encoding))
    return path


def document(id=1, date="26-FEB-1987 15:01:01.79"):
    return DOCUMENT.format(id=id, date=date)


def test_a_document_becomes_an_article_with_its_date_topic_and_paragraphs(tmp_path):
    (entry,) = reuters.entries(sgm(tmp_path, document()))

    article = entry.article
    assert entry.key == "reuters:1" and entry.line == 2
    assert article.title == "BAHIA COCOA <REVIEW>"
    assert article.paragraphs == (
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone.",
        "The dry period means the temporao will be late & small.",
    )
    assert article.published == datetime(1987, 2, 26, 15, 1, 1, tzinfo=UTC)
    assert article.section == "cocoa"


@pytest.mark.parametrize(
    "date", [" 1-MAR-1987 09:15:05.40", "3-MAR-1987  09:15:05.40", "27-MAR-1987 00:02:59.13&#5;RM"]
)
def test_messy_but_real_dates_are_read(date):
    assert reuters.parse_date(date).date().month == 3


def test_a_bad_date_is_reported_and_the_article_kept_undated(tmp_path):
    path = sgm(tmp_path, document(1), document(2, "31-MAR-1987 605:12:19.12"))

    first, second = reuters.entries(path)

    assert first.article.published is not None and not first.warnings
    assert second.article.published is None
    assert second.warnings == ("bad date '31-MAR-1987 605:12:19.12'; imported undated",)
    assert second.line == 17  # the line of its <REUTERS> tag


def test_a_brief_keeps_its_headline_as_its_text(tmp_path):
    brief = document().split("<TEXT>")[0] + (
        '<TEXT TYPE="BRIEF">&#2;\n<TITLE>GM SETS BUYBACK</TITLE>\n&#3;\n</TEXT>\n</REUTERS>\n'
    )

    (entry,) = reuters.entries(sgm(tmp_path, brief))

    assert entry.article.title == "GM SETS BUYBACK"
    assert entry.article.paragraphs == ("GM SETS BUYBACK",)


def test_an_unprocessed_document_takes_its_first_sentence_as_headline(tmp_path):
    raw = document().split("<TEXT>")[0] + (
        '<TEXT TYPE="UNPROC">&#2;\nCOMMODITY PRICES FIRM. Prices rose\non the week.\n'
        "    Traders said so.\n&#3;\n</TEXT>\n</REUTERS>\n"
    )

    (entry,) = reuters.entries(sgm(tmp_path, raw))

    assert entry.article.title == "COMMODITY PRICES FIRM"
    assert entry.article.paragraphs == ("Prices rose on the week.", "Traders said so.")


def test_an_empty_document_is_skipped_and_the_next_one_still_read(tmp_path):
    bad, good = reuters.entries(sgm(tmp_path, EMPTY_DOCUMENT, document(8)))

    assert (bad.key, bad.line, bad.error) == ("reuters:7", 2, "no title and no text")
    assert bad.skipped and bad.article is None
    assert good.article.title == "BAHIA COCOA <REVIEW>"


def test_a_stray_latin1_byte_is_decoded(tmp_path):
    path = sgm(tmp_path, document().replace("Showers", "Schauer \xfcber"), encoding="latin-1")

    (entry,) = reuters.entries(path)

    assert "Schauer über" in entry.article.paragraphs[0]


def test_an_empty_file_has_no_articles(tmp_path):
    assert list(reuters.entries(sgm(tmp_path))) == []


@pytest.mark.skipif(not REUTERS.is_dir(), reason="needs ../shared/corpora/reuters21578")
def test_the_real_first_file_gives_1000_articles_all_dated():
    found = list(reuters.entries(REUTERS / "reut2-000.sgm"))

    assert len(found) == 1000
    assert all(e.article and e.article.published for e in found)
    assert found[0].article.title == "BAHIA COCOA REVIEW"
    assert found[0].article.section == "cocoa"
    assert not any(e.article.paragraphs[-1].endswith("Reuter") for e in found)
