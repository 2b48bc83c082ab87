"""Snippets: the best paragraphs of an article, with the searched words marked."""

from articles.search.whoosh.highlight import best_snippets, highlight_whole

FAR_APART = " ".join(["filler"] * 40)


def test_snippets_choose_paragraphs_with_most_distinct_words_first():
    paragraphs = [
        (1, "Nothing relevant here."),
        (2, "Oil output rose."),
        (3, "Oil and gas output: oil prices fell as gas piled up."),
    ]

    snippets = best_snippets(paragraphs, frozenset({"oil", "gas"}))

    assert [snippet.position for snippet in snippets] == [3, 2]
    assert snippets[0].html.count('<mark class="hit') == 4
    assert snippets[0].anchor == "p-3"


def test_equal_fragments_give_the_same_snippet_every_time():
    # Three hits too far apart for one fragment: the first two are shown, in text order,
    # where Whoosh's own tie-break (memory addresses) could pick any two of them.
    text = f"Alpha first. {FAR_APART} Alpha second. {FAR_APART} Alpha third."

    shown = {str(best_snippets([(1, text)], frozenset({"alpha"}))[0].html) for _ in range(20)}

    assert len(shown) == 1
    (html,) = shown
    assert "first" in html and "second" in html and "third" not in html


def test_whole_paragraph_is_escaped_and_marked():
    html = highlight_whole("Oil <b>& gas</b> rose", frozenset({"oil"}))

    assert html == '<mark class="hit hit-term0">Oil</mark> &lt;b&gt;&amp; gas&lt;/b&gt; rose'
