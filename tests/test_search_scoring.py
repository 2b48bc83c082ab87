"""Scoring a known set of documents gives Whoosh's own BM25F order."""

from articles.search.docsets import matching_docs
from articles.search.query import parse
from articles.search.scoring import ranked_ids
from articles.search.searching import _searcher


def test_scoring_known_documents_matches_whoosh_order(make_article):
    for n in range(8):
        make_article(
            title="Oil prices" if n % 3 == 0 else f"Market note {n}",
            paragraphs=["Oil " * (n + 1) + "refinery output rose.", "Prices in Texas."][
                : 1 + n % 2
            ],
        )
    searcher = _searcher()
    queries = ["oil", "oil refinery", "oil OR texas", "oil -texas"]
    # Phrases: "oil prices" is a phrase in some titles only, though bodies have both words.
    queries += ['"oil prices"', '"refinery output"', '"oil output"~3 texas', '"oil oil" OR prices']
    for text in queries:
        query = parse(text, searcher.reader()).query
        docs = matching_docs(query, searcher)

        whoosh_order = [int(hit["id"]) for hit in searcher.search(query, limit=None)]

        assert whoosh_order, text  # every query finds something to order
        assert ranked_ids(searcher, query, docs, limit=20) == whoosh_order, text
        assert len(docs) == len(whoosh_order), text
