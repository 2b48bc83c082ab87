"""The PostgreSQL search engine (NEWSARCHIVE_SEARCH_ENGINE=postgres): engine.SearchEngine.

Documents are weighted tsvectors in `articles_searchdocument` (GIN index), written in the same
transaction as the article (writes_in_transaction), so the queue writes them at once and
nothing waits for a drain. Imports nothing from the Whoosh engine, nor whoosh itself.
"""

from .documents import apply_pending as apply_pending
from .documents import apply_until as apply_until
from .documents import check_index as check_index
from .documents import index_status as index_status
from .documents import rebuild_index as rebuild_index
from .documents import write_documents as write_documents
from .related import related_articles as related_articles
from .searching import highlight_paragraphs as highlight_paragraphs
from .searching import search_articles as search_articles
from .suggest import frequent_terms as frequent_terms

writes_in_transaction = True


def warm_up() -> None:
    """Do nothing: this engine keeps nothing per process; PostgreSQL keeps its own caches."""


def generation() -> None:
    """Return None: documents change inside the articles' own transactions, with no counter."""
    return None
