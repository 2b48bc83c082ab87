"""The archive's data, one module a concern; every model is importable from here.

- content.py: sources, articles, paragraphs (and the queue writes that follow each edit)
- tags.py: tags and their links to articles, tags editors took off, what the name finder read
- quotes.py: the quoted passages of each paragraph, and their speakers
- search_state.py: the index queue and the PostgreSQL engine's tables
- imports.py: the record of each import run
- counts.py: article counts per source and section, per quarter hour of publication, and
  per block of ids (the sitemap index's)
- workspace.py: saved searches, alerts, collections, frozen result sets
- rows.py: many plain rows into a model's table at once (the importer's, the name finder's)
"""

from .content import (
    EDITABLE_FIELDS,
    SLUG_MAX_LENGTH,
    SOURCE_FIELDS_INDEXED,
    Article,
    ArticleQuerySet,
    ArticleRowsQuerySet,
    Paragraph,
    Source,
    SourceQuerySet,
)
from .counts import SITEMAP_BLOCK_IDS, PublishedCount, SitemapBlock, SourceSectionCount
from .imports import ImportRun
from .quotes import Quote, QuoteQuerySet
from .search_state import IndexQueueEntry, SearchDocument, SearchWord
from .tags import ArticleTag, DismissedTag, NamesFound, Tag, TagQuerySet
from .workspace import (
    AlertMail,
    Collection,
    CollectionItem,
    FrozenItem,
    FrozenSet,
    SavedSearch,
)

__all__ = [
    "EDITABLE_FIELDS",
    "SITEMAP_BLOCK_IDS",
    "SLUG_MAX_LENGTH",
    "SOURCE_FIELDS_INDEXED",
    "AlertMail",
    "Article",
    "ArticleQuerySet",
    "ArticleRowsQuerySet",
    "ArticleTag",
    "Collection",
    "CollectionItem",
    "DismissedTag",
    "FrozenItem",
    "FrozenSet",
    "ImportRun",
    "IndexQueueEntry",
    "NamesFound",
    "Paragraph",
    "PublishedCount",
    "Quote",
    "QuoteQuerySet",
    "SavedSearch",
    "SearchDocument",
    "SearchWord",
    "SitemapBlock",
    "Source",
    "SourceQuerySet",
    "SourceSectionCount",
    "Tag",
    "TagQuerySet",
]
