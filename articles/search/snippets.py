"""How a snippet is cut from a paragraph, on either engine: how many, and where it ends.

The Snippet itself is in types.py; this module imports no engine.
"""

MAX_SNIPPETS = 3
ELLIPSIS = "…"
# A snippet grows by at most this many characters to show the words at its edges whole.
MAX_WIDENING = 30


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Return (start, end) widened to the spaces around the words they cut into.

    The analyzer splits "O'Brien" and "don't" at the apostrophe, so a fragment may begin
    at "Brien" or "t"; a word is shown whole, with the punctuation that sticks to it.
    """
    floor, ceiling = max(0, start - MAX_WIDENING), min(len(text), end + MAX_WIDENING)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    return start, end


def cut_marks(html: str, *, cut_before: bool, cut_after: bool) -> str:
    """Return the snippet with "…" where it starts or ends inside the paragraph."""
    return f"{ELLIPSIS} " * cut_before + html.strip() + f" {ELLIPSIS}" * cut_after
