"""Text the archive may store and serve: no control characters, noncharacters or surrogates.

Every way in (the importers, the admin's forms and model validation) cleans with clean_text();
the feeds clean again on the way out with xml_safe(), for text stored before this rule or
written around it. XML 1.0 cannot hold C0 controls, lone surrogates, U+FFFE or U+FFFF at all,
and feed readers refuse a document that holds one.
"""

import re
import unicodedata

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
# Everything but tab, newline and carriage return in C0, DEL, the C1 block, surrogates (only
# ever lone in a Python string) and the noncharacters.
_NOT_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return text as the archive stores it: NFC, `\\n` line ends, tabs as spaces, and none
    of the characters above. Quotes and apostrophes are kept as written."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _NOT_TEXT.sub("", text.replace("\t", " "))


def xml_safe(text: str) -> str:
    """Return text without the characters above, ready for an XML document."""
    return _NOT_TEXT.sub("", text)


def lone_surrogate(text: str) -> str | None:
    """Return the first lone surrogate in text (which no UTF-8 can encode), if any."""
    match = _LONE_SURROGATE.search(text)
    return match.group() if match else None
