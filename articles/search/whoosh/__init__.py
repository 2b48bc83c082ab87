"""The Whoosh search engine (NEWSARCHIVE_SEARCH_ENGINE=whoosh, the default): engine.SearchEngine.

An index folder on this machine (storage.py). Changes are queued in the writer's transaction
and applied to the index after commit (articles/indexing/), so writes_in_transaction is
False. This subpackage is the only code that imports whoosh; it is loaded only when chosen.
"""

from .import_writer import apply_until as apply_until
from .indexing import apply_pending as apply_pending
from .indexing import check_index as check_index
from .indexing import index_status as index_status
from .indexing import rebuild_index as rebuild_index
from .indexing import write_documents as write_documents
from .related import related_articles as related_articles
from .searching import generation as generation
from .searching import highlight_paragraphs as highlight_paragraphs
from .searching import search_articles as search_articles
from .searching import warm_up as warm_up
from .suggest import frequent_terms as frequent_terms

writes_in_transaction = False
