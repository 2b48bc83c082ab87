"""The Whoosh search engine (NEWSARCHIVE_SEARCH_ENGINE=whoosh, the default), as one module.

Changes are queued in the writer's transaction and applied to the index after commit
(index_queue.py), so `record_changes` is None: the caller queues.
"""

from .following import follow
from .indexing import apply_pending, check_index, index_status, pending_count, rebuild_index
from .related import related_articles
from .searching import generation, highlight_paragraphs, search_articles

record_changes = None

__all__ = [
    "apply_pending",
    "check_index",
    "follow",
    "generation",
    "highlight_paragraphs",
    "index_status",
    "pending_count",
    "rebuild_index",
    "record_changes",
    "related_articles",
    "search_articles",
]
