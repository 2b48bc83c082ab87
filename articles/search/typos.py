"""Which typed words may be typos, and how far a respelling may go, on either engine."""

# A word found in at most this many articles may be a typo worth correcting (archives
# have typos of their own), when a close word is in this many times more articles.
RARE_WORD_ARTICLES = 5
MORE_COMMON_BY = 10
# Typos rarely touch the first two letters; requiring them keeps the lookup fast.
SHARED_PREFIX = 2
# Shorter words give more noise than help; past a few words, the lookups cost too much.
MIN_WORD_CHARS = 4
MAX_WORDS_CHECKED = 5
# A typo is one slip in a short word, two in a long one: one edit for every four letters,
# at most two (`Zelenksy` -> Zelensky, but not `xyzzyq` -> XYZQ or `plugh` -> ploughed).
LETTERS_PER_EDIT = 4
MAX_TYPO_EDITS = 2


def typo_edits(word: str) -> int:
    """Return how many edits (Damerau-Levenshtein) a typo of `word` may be away from it."""
    return min(MAX_TYPO_EDITS, max(1, len(word) // LETTERS_PER_EDIT))
