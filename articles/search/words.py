"""How much a question's words weigh, on either engine: the stop words, and when a word is common.

The English function words carry no weight when a question is ranked: they are neither
required nor scored, unless the question has nothing else.

The list is Snowball's English stop list, as PostgreSQL ships it (tsearch_data/english.stop),
so both engines weigh the same words, less "own": stemmed, it is also "owned" and "owns".
The index keeps every word: these stay searchable in phrases ("the war") and on their own
(a query of stop words alone is searched with all of them). Each engine compares them
in its own analyzed form (stemmed, as its query words are).
"""

_SNOWBALL_ENGLISH = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only same so than too very s t can will just don should
    now
"""
STOP_WORDS = frozenset(_SNOWBALL_ENGLISH.split())
# A word in more than this share of the archive ("said") scores, but does not list an
# article that has only it among the partial matches.
COMMON_SHARE = 0.5
# From this many weighty words a question is long: each word's score saturates once over
# all its fields (whoosh/fastpath/combined.py; PostgreSQL's ts_rank normalisation 32).
# Measured on the five judged sets of `make bench-relevance` (docs/benchmarks.md): better
# on the mean for long questions, worse for the short BBC query ("Jose Mourinho Chelsea").
LONG_QUESTION = 4
# A long question's full matches may lack one of its weighty words: a question in many words
# rarely matches an article's wording word for word ("identity cards" for "ID cards",
# "Conservatives" for "Tory"), and an article that mentions every word in passing was listed
# before those on the subject. Short queries (names, topics) still need every word.
# Measured on the five judged sets of `make bench-relevance` (docs/benchmarks.md).
LONG_QUESTION_MAY_LACK = 1


def words_needed(weighty: int) -> int:
    """Return how many of a question's `weighty` words a full match must have."""
    return weighty - LONG_QUESTION_MAY_LACK if weighty >= LONG_QUESTION else weighty
