"""Rank a known, small set of documents by BM25F without matching the whole query again.

Whoosh finds a query's top documents by stepping every matcher through every posting; for
an AND of common words ("who", "the", "in") that costs far more than the few documents it
finds. When the matching documents are already known (docsets.py) and few, each scoring
term's postings are skipped straight to them instead. The scores are Whoosh's own: an AND
or OR of terms scores the sum of its matching terms, which is what is added up here.
"""

from whoosh import query as q

from .docsets import matching_docs

# Up to this many documents, scoring them one by one beats Whoosh's full match.
SMALL_SET = 1000


def _scoring_terms(query: q.Query, searcher) -> list[tuple[q.Term, set[int] | None]] | None:
    """Return (term, docs it scores in or None for all) pairs that add up to `query`'s score.

    None if `query` has parts other than terms, phrases, AND, OR and NOT. A phrase scores
    as the sum of its words (Whoosh's SpanNear scores its intersection), but only in the
    documents where the phrase itself is found in that field.
    """
    if isinstance(query, q.Term):
        return [(query, None)]
    if isinstance(query, q.Phrase):
        where = matching_docs(query, searcher)
        return [(q.Term(query.fieldname, word, boost=query.boost), where) for word in query.words]
    if isinstance(query, q.Not):
        return []
    if isinstance(query, (q.And, q.Or)):
        terms = []
        for child in query.subqueries:
            child_terms = _scoring_terms(child, searcher)
            if child_terms is None:
                return None
            terms += child_terms
        return terms
    return None


def ranked_ids(searcher, query: q.Query, docs: set[int], limit: int, sortedby=None) -> list[int]:
    """Return the article ids of the best `limit` of `docs` (all matching `query`)."""
    if not docs:
        return []
    terms = _scoring_terms(query, searcher) if sortedby is None and len(docs) <= SMALL_SET else None
    if terms is None:
        found = searcher.search(query, limit=limit, filter=docs, sortedby=sortedby)
        return [int(hit["id"]) for hit in found]
    scores = _scores(searcher, terms, docs)
    best = sorted(scores, key=lambda docnum: (-scores[docnum], docnum))[:limit]
    return [int(searcher.stored_fields(docnum)["id"]) for docnum in best]


def _scores(searcher, terms, docs: set[int]) -> dict[int, float]:
    scores = dict.fromkeys(docs, 0.0)
    for leaf, offset in searcher.leaf_searchers():
        end = offset + leaf.reader().doc_count_all()
        for term, where in terms:
            wanted = docs if where is None else docs & where
            local = sorted(docnum - offset for docnum in wanted if offset <= docnum < end)
            matcher = term.matcher(leaf, leaf.context()) if local else None
            for docnum in local:
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    scores[docnum + offset] += matcher.score()
    return scores
