"""The highlighter's word reader gives exactly what the index's analyzer gives."""

import pytest

from articles.search.whoosh.analysis import text_analyzer, word_places

TEXTS = [
    "Poland's military and Poland’s allies: the U.S. and U.K. met in Kyiv.",
    "AT&T paid £1.13bn; 9/11 ‘changed’ O'Brien's view — don't ask.",
    "Café Müller, naïve rôles, Zürich; ÉCOLE and İstanbul.",
    "e.g. a.b.c 3.5% x'S Y's 'quoted' “double” CocaCola Coca-Cola",
    "",
    "   ",
    "Émigrés' says negotiations happily happier",
]


def _analyzed(text):
    tokens = text_analyzer()(text, chars=True, mode="query")
    return [(token.startchar, token.endchar, token.text) for token in tokens]


@pytest.mark.parametrize("text", TEXTS)
def test_each_word_and_its_place_are_the_analyzers(text):
    assert word_places(text) == _analyzed(text)


def test_the_seed_articles_words_are_the_analyzers(seed_file):
    text = seed_file.read_text(encoding="utf-8")

    assert word_places(text) == _analyzed(text)
    assert len(word_places(text)) > 500
