"""How text becomes index terms: the analyzers and the schema of the search index."""

import re
from functools import cache, lru_cache

from whoosh.analysis import CharsetFilter, Filter, RegexTokenizer, StemFilter, Token, Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from ...tag_kinds import tag_slug
from ..reading import INITIALS, NAMED_FIELDS, TAG_QUERY_FIELDS, TEXT_FIELDS, TYPOGRAPHIC_QUOTES  # noqa: F401 -- named here too

# A word, with dotted parts (`U.S`, `1.13bn`) and a possessive `'s` kept in the token, so
# that LowercaseWordFilter can fold them into the word instead of leaving a one-letter "s".
WORD = r"\w+(?:\.\w+)*(?:'[sS](?!\w))?"


class QuoteFoldingTokenizer(RegexTokenizer):
    """A word tokenizer that reads typographic quotes as plain ones."""

    def __init__(self, expression=WORD, **kwargs):
        super().__init__(expression, **kwargs)

    def __call__(self, value, **kwargs):
        return super().__call__(value.translate(TYPOGRAPHIC_QUOTES), **kwargs)


class LowercaseWordFilter(Filter):
    """Lowercase each token and fold possessives and initials into their word.

    A possessive is the word itself (`Poland's` is `poland`: no "s" term in 10,000
    articles), and initials are the acronym (`U.S` is `us`, so `U.S.` and `US` find each
    other). One filter for both, in place of Whoosh's LowercaseFilter: a filter is a Python
    generator step per token, and this keeps the analyzer as fast as it was.
    """

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if text[-2:] in ("'s", "'S"):
                text = text[:-2]
                if token.chars:
                    token.endchar -= 2  # highlight "Poland" in "Poland’s", as PostgreSQL does
            if "." in text and INITIALS.fullmatch(text):
                text = text.replace(".", "")
            token.text = text.lower()
            yield token


class CachedStemFilter(StemFilter):
    """Whoosh's stemmer behind the standard library's LRU cache.

    Whoosh wraps its stemmer in a cache written in Python, whose bookkeeping costs as
    much as the rest of the analysis; functools.lru_cache does the same in C, which
    halves the time to analyze text (indexing, snippets, queries).
    """

    def clear(self):
        # Also what unpickling calls (StemFilter.__setstate__): the cache is never pickled.
        from whoosh.lang import stemmer_for_language

        self._stem = lru_cache(maxsize=self.cachesize)(stemmer_for_language(self.lang))


class TagTokenizer(Tokenizer):
    """One token per line of the value, the slug of that line: a document's tags are a
    line each, `slug<TAB>name` (the name is for the facets' column, not a term), and a
    query's `person:"Volodymyr Zelensky"` is the one slug `volodymyr-zelensky`
    (articles/tag_kinds.py makes both)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, **kwargs):
        token = Token(positions, chars, **kwargs)
        start = 0
        for position, line in enumerate(value.split("\n")):
            if slug := _line_slug(line.split("\t", 1)[0]):
                token.text = token.original = slug
                token.boost, token.stopped = 1.0, False
                if positions:
                    token.pos = position
                if chars:
                    token.startchar, token.endchar = start, start + len(line)
                yield token
            start += len(line) + 1


# The slug of a tag line's key, as tag_slug makes it: the same few thousand tags come
# back document after document, and slugify costs more than the rest of a tag's indexing.
_line_slug = lru_cache(maxsize=100_000)(tag_slug)


def tag_fields() -> dict:
    """Return the tag fields: one a kind, named as in queries (`org`), its values the slugs
    a line each, with a column for the facets (the whole value, split when counted)."""
    return {
        field: KEYWORD(analyzer=TagTokenizer(), sortable=True, scorable=False)
        for field in TAG_QUERY_FIELDS
    }


def quote_fields() -> dict:
    """Return the quote fields: the quoted passages' words (`quote:"lasting peace"`), the
    speakers' names (`speaker:Putin`), and the speakers' slugs a line each with their
    names, as the tag fields keep them, for the "Who said it" facet and filter."""
    return {
        "quote": TEXT(analyzer=text_analyzer(), phrase=True, multitoken_query="phrase"),
        "speaker": TEXT(analyzer=name_analyzer(), phrase=True, multitoken_query="phrase"),
        SPEAKER_KEY: KEYWORD(analyzer=TagTokenizer(), sortable=True, scorable=False),
    }


# The column of the speakers' `slug<TAB>name` lines (facets.py counts it as a tag kind).
SPEAKER_KEY = "speaker_key"


@cache
def text_analyzer():
    """Return the analyzer of article text: words, case and accents folded, English stems.

    No stop words are dropped: `US`, `X` and phrases such as "the war" stay searchable.
    """
    return (
        QuoteFoldingTokenizer()
        | LowercaseWordFilter()
        | CharsetFilter(accent_map)
        | CachedStemFilter(lang="en", cachesize=50000)
    )


_WORD = re.compile(WORD)


def word_places(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, term) of each word of `text`, as text_analyzer() reads it with
    chars=True, in one loop: the highlighter reads every word of a results page's
    paragraphs, and the analyzer's chain of generators cost it a third of a search."""
    stem = text_analyzer().items[-1]._stem  # CachedStemFilter's cached stemmer
    places = []
    for match in _WORD.finditer(text.translate(TYPOGRAPHIC_QUOTES)):
        word, end = match.group(), match.end()
        if word[-2:] in ("'s", "'S"):
            word, end = word[:-2], end - 2
        if "." in word and INITIALS.fullmatch(word):
            word = word.replace(".", "")
        places.append((match.start(), end, stem(word.lower().translate(accent_map))))
    return places


@cache
def name_analyzer():
    """Return the analyzer of names (source, section, byline): folded, not stemmed."""
    return QuoteFoldingTokenizer() | LowercaseWordFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    """Return the schema of one search document, which is one article."""
    text = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # The article's updated_at when indexed, so check_index can find stale documents.
        version=STORED(),
        title=TEXT(analyzer=text, phrase=True, multitoken_query="phrase"),
        standfirst=TEXT(analyzer=text, phrase=True, multitoken_query="phrase"),
        body=TEXT(analyzer=text, phrase=True, multitoken_query="phrase"),
        source=TEXT(analyzer=names, multitoken_query="phrase"),
        section=TEXT(analyzer=names, multitoken_query="phrase"),
        byline=TEXT(analyzer=names, multitoken_query="phrase"),
        # Exact keys with column storage, for facet counts and filters without a scan.
        source_slug=ID(sortable=True),
        section_key=ID(sortable=True),
        year=NUMERIC(sortable=True),
        month=NUMERIC(sortable=True),  # yyyymm, e.g. 202503
        # The import's content hash, to tell exact duplicates apart (related articles).
        content_hash=ID(stored=True),
        published=DATETIME(sortable=True),
        # 1 for undated articles, sorted first so they come last in both date orders.
        undated=NUMERIC(sortable=True),
        **tag_fields(),
        **quote_fields(),
    )
