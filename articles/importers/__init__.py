"""Article files -> Articles with Paragraphs: pure parse steps and a batched save step.

files.py    which files to read, and which parser reads each
text.py     one-article text files (seed and blank-line formats)
jsonl.py    JSON Lines, one article an object
reuters.py  Reuters-21578 SGML, many articles a file
save.py     upsert in batches, keyed by (source, external key)
named_source.py  a source named by --source takes over "Unknown source"'s articles
run.py      import_paths(): stream, batch, save, count
"""

from .files import article_files
from .parsed import BadArticleFile, EmptyDocument, Entry, ParsedArticle
from .run import DEFAULT_SOURCE, SKIPPED, ImportReport, Progress, import_paths
from .save import CREATED, DUPLICATE, FAILED, UNCHANGED, UPDATED
from .text import TRAILING_BOILERPLATE, decode, parse_text

__all__ = [
    "CREATED",
    "DEFAULT_SOURCE",
    "DUPLICATE",
    "FAILED",
    "SKIPPED",
    "TRAILING_BOILERPLATE",
    "UNCHANGED",
    "UPDATED",
    "BadArticleFile",
    "EmptyDocument",
    "Entry",
    "ImportReport",
    "ParsedArticle",
    "Progress",
    "article_files",
    "decode",
    "import_paths",
    "parse_text",
]
