"""Read one BibTeX entry back strictly, counting braces as BibTeX does: every `{` and `}`
counts, a backslash before one included (BibTeX has no brace escape; `\\}` still closes)."""

import re

_ENTRY_START = re.compile(r"\s*@(\w+)\s*\{([^,\s{}]+),")
_FIELD_START = re.compile(r"\s*(\w+)\s*=\s*\{")
# The LaTeX the citation writes for characters BibTeX or LaTeX would read as syntax.
_LATEX = re.compile(
    r"\\(textbackslash|textbraceleft|textbraceright|textasciicircum|"
    r"textasciitilde)\{\}|\\([%&$#_])"
)
_LATEX_CHARACTERS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciicircum": "^",
    "textasciitilde": "~",
}


def read_entry(text: str) -> tuple[str, str, dict[str, str]]:
    """Return (type, key, {field: raw value}) of the one entry in text; fail on anything else."""
    start = _ENTRY_START.match(text)
    assert start, f"no entry start in {text!r}"
    kind, key, position, fields = start.group(1), start.group(2), start.end(), {}
    while True:
        field = _FIELD_START.match(text, position)
        if not field:
            break
        name, position = field.group(1).lower(), field.end()
        assert name not in fields, f"field {name} given twice"
        fields[name], position = _braced_value(text, position)
        comma = re.compile(r"\s*,").match(text, position)
        position = comma.end() if comma else position
    end = re.compile(r"\s*\}\s*").match(text, position)
    assert end and end.end() == len(text), f"junk after the fields: {text[position:]!r}"
    return kind, key, fields


def _braced_value(text: str, position: int) -> tuple[str, int]:
    depth = 1
    for index in range(position, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[position:index], index + 1
    raise AssertionError("a field value never closes")


def latex_to_text(value: str) -> str:
    """Return the text a value written by the citation stands for; fail on other LaTeX."""
    text = _LATEX.sub(lambda m: _LATEX_CHARACTERS.get(m.group(1)) or m.group(2), value)
    leftover = _LATEX.sub("", value)
    assert not re.search(r"[\\{}]", leftover), f"unexpected LaTeX in {value!r}"
    return text
