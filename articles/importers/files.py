"""Find the article files under the paths an operator names, and read each with its parser."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import jsonl, reuters, text
from .parsed import Entry

# File name endings each parser reads; anything else in a folder is left alone.
PARSERS = {".txt": "text", ".jsonl": "jsonl", ".sgm": "reuters"}
# A corpus's own documentation (README.TXT in the BBC and Reuters folders) is not an article.
SKIPPED_IN_FOLDERS = re.compile(r"readme(\.\w+)?", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    key: str  # the path from the named folder's parent: `seeds/000.txt`
    size: int

    @property
    def format(self) -> str:
        """Return the name of the parser for this file (text for unknown endings)."""
        return PARSERS.get(self.path.suffix.lower(), "text")


def article_files(paths: Iterable[str | Path]) -> Iterator[ArticleFile]:
    """Yield each named file and each article file under each named folder, sorted.

    The key is the path from the named folder's parent (`seeds/000.txt`), so importing a
    folder or one file in it gives the same key, and re-imports find the same article.
    """
    for path in map(Path, paths):
        path = path.absolute()
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.suffix.lower() in PARSERS and file.is_file() and not _hidden(file, path):
                    yield ArticleFile(file, file.relative_to(path.parent).as_posix(), _size(file))
        else:
            yield ArticleFile(path, f"{path.parent.name}/{path.name}", _size(path))


def _hidden(file: Path, top: Path) -> bool:
    parts = file.relative_to(top).parts
    return any(part.startswith(".") for part in parts) or bool(
        SKIPPED_IN_FOLDERS.fullmatch(file.name)
    )


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def entries(file: ArticleFile, *, section_from_folder: bool = False) -> Iterator[Entry]:
    """Yield the articles (or failures) of one file, streaming: one article at a time."""
    if file.format == "jsonl":
        yield from jsonl.entries(file.path, file.key)
    elif file.format == "reuters":
        yield from reuters.entries(file.path)
    else:
        section = file.path.parent.name if section_from_folder else ""
        yield from text.entries(file.path, file.key, section)
