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
    for text in ["oil", "oil refinery", "oil OR texas", "oil -texas"]:
        query = parse(text, searcher.reader()).query
        docs = matching_docs(query, searcher)

        whoosh_order = [int(hit["id"]) for hit in searcher.search(query, limit=None)]

        assert ranked_ids(searcher, query, docs, limit=20) == whoosh_order, text
        assert len(docs) == len(whoosh_order), text
