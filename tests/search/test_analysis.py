"""The analyzer's cached stemmer gives Whoosh's stems, and survives the index's pickled schema."""

import pickle

from whoosh.analysis import CharsetFilter, LowercaseFilter, StemFilter
from whoosh.support.charset import accent_map

from articles.search.whoosh.analysis import (
    CachedStemFilter,
    QuoteFoldingTokenizer,
    build_schema,
    text_analyzer,
)

WORDS = "Negotiations happening happily ponies Poland’s capitals running ran X US EU"


def test_cached_stemmer_gives_whoosh_stems():
    whoosh = QuoteFoldingTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
    whoosh |= StemFilter(lang="en")

    ours = [token.text for token in text_analyzer()(WORDS)]

    assert ours == [token.text for token in whoosh(WORDS)]
    assert ours[:4] == ["negoti", "happen", "happili", "poni"]


def test_schema_stored_in_the_index_unpickles_with_a_working_cache():
    # As Whoosh stores the schema in the index and reads it back (our own object).
    schema = pickle.loads(pickle.dumps(build_schema()))  # noqa: S301

    analyzer = schema["body"].analyzer
    assert isinstance(analyzer.items[-1], CachedStemFilter)
    assert [token.text for token in analyzer("Negotiations")] == ["negoti"]
