"""Sets of words written as one string, the way the finder's lists are easiest to read."""


def word_set(text: str) -> frozenset[str]:
    """Return the words of `text`, split on white space."""
    return frozenset(text.split())
