"""What the archive stores and serves: text without characters XML or UTF-8 cannot hold."""

import pytest

from articles.cleaning import clean_text, xml_safe

NOT_TEXT = [
    "\x00",
    "\x01",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\ud800",  # a lone surrogate: no UTF-8 can encode it
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
]


@pytest.mark.parametrize("character", NOT_TEXT, ids=lambda c: f"U+{ord(c):04X}")
def test_cleaning_removes_what_is_not_text(character):
    assert clean_text(f"Oil{character} prices") == "Oil prices"
    assert xml_safe(f"Oil{character} prices") == "Oil prices"


def test_cleaning_keeps_text_as_written_with_unified_line_ends():
    text = "Caf\u0065\u0301 \u201cquoted\u201d \U0001f600\r\nnext\tline"

    assert clean_text(text) == "Caf\u00e9 \u201cquoted\u201d \U0001f600\nnext line"
    assert xml_safe("a\tb\r\nc") == "a\tb\r\nc"
