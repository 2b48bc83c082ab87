"""Related articles ("more like this") from the index's key terms of one article."""

import logging

from .searching import _searcher

log = logging.getLogger(__name__)

KEY_TERMS = 12


def related_articles(article_id: int, text: str, *, limit: int = 5) -> list[int]:
    """Return ids of articles most like this one, never itself nor a copy of its text.

    `text` is the article's own text (the index does not store it). An unreadable index
    gives no related articles rather than a broken article page.
    """
    try:
        searcher = _searcher()
        docnum = searcher.document_number(id=str(article_id))
        if docnum is None or not text.strip():
            return []
        own_hash = searcher.stored_fields(docnum).get("content_hash")
        found = searcher.more_like(
            docnum, "body", text=text, top=limit * 3, numterms=KEY_TERMS, normalize=True
        )
        seen_hashes = {own_hash} if own_hash else set()
        related = []
        for hit in found:
            content_hash = hit.get("content_hash")
            if int(hit["id"]) == article_id or (content_hash and content_hash in seen_hashes):
                continue  # itself, an exact copy of it, or a copy of one already listed
            if content_hash:
                seen_hashes.add(content_hash)
            related.append(int(hit["id"]))
            if len(related) == limit:
                break
        return related
    except Exception:  # Related articles are a courtesy: the page must still render.
        log.warning("Could not read the index for related articles", exc_info=True)
        return []
