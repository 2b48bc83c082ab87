"""How text becomes index terms: the analyzers and the schema of the search index."""

from functools import cache, lru_cache
from itertools import pairwise

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# Typographic apostrophes and quotes become their plain forms, one character for one,
# so `Poland's` and `Poland’s` give the same terms and highlight offsets stay right.
TYPOGRAPHIC_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
)

TEXT_FIELDS = ("title", "standfirst", "body")
# Each two neighbouring words of the body as one term ("billion dlrs"): an exact two-word
# phrase is then one short postings list, where matching it by positions reads the long
# lists of both words with their positions (hundreds of ms for common words at 100,000
# articles). Elasticsearch's index_phrases does the same. Not searchable by name.
PAIRED_FIELD = "body"
PAIRS_FIELD = "body_pairs"
PAIR_SEPARATOR = " "
# Fields a user can name in a query (`source:reuters`), besides the text fields.
NAMED_FIELDS = (*TEXT_FIELDS, "source", "section", "byline")


class QuoteFoldingTokenizer(RegexTokenizer):
    """A word tokenizer that reads typographic quotes as plain ones."""

    def __call__(self, value, **kwargs):
        return super().__call__(value.translate(TYPOGRAPHIC_QUOTES), **kwargs)


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


@cache
def text_analyzer():
    """Return the analyzer of article text: words, case and accents folded, English stems.

    No stop words are dropped: `US`, `X` and phrases such as "the war" stay searchable.
    """
    return (
        QuoteFoldingTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | CachedStemFilter(lang="en", cachesize=50000)
    )


class WordPairFilter(Filter):
    """Join each word to the next one: "oil", "price", "rose" -> "oil price", "price rose".

    Whoosh's BiWordFilter does this too, but fails on a text with no words at all.
    """

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            word = token.text
            if previous is not None:
                token.text = f"{previous}{PAIR_SEPARATOR}{word}"
                yield token
            previous = word


@cache
def pair_analyzer():
    """Return the analyzer of the word-pair field: the text analyzer's words, in pairs."""
    return text_analyzer() | WordPairFilter()


def word_pairs(words: list[str]) -> list[str]:
    """Return the pair terms of analyzed words, as pair_analyzer makes them."""
    return [f"{first}{PAIR_SEPARATOR}{second}" for first, second in pairwise(words)]


@cache
def name_analyzer():
    """Return the analyzer of names (source, section, byline): folded, not stemmed."""
    return QuoteFoldingTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


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
        # No positions and no lengths: it tells which articles have a pair, not how well.
        body_pairs=KEYWORD(analyzer=pair_analyzer()),
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
    )
