"""The reference: index a JSON Lines corpus with raw Whoosh, one writer, no Django.

    python -m bench._raw_whoosh CORPUS INDEX_DIR

Same texts, same schema and analyzers as the archive (articles/search/whoosh/analysis.py, which
imports only Whoosh), documents added with add_document and committed once.
"""

import json
import sys
from pathlib import Path

from whoosh import index

from bench._setup import setup


def main(corpus: str, folder: str) -> None:
    setup()  # only so that articles.search imports; no Django code runs while indexing
    from articles.search.whoosh.analysis import build_schema

    Path(folder).mkdir(parents=True)
    ix = index.create_in(folder, build_schema())
    with ix.writer() as writer, open(corpus, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            writer.add_document(
                id=str(number),
                title=record["title"],
                standfirst=record.get("standfirst") or "",
                body="\n\n".join(record["paragraphs"]),
                source=record.get("source") or "",
                section=record.get("section") or "",
            )


if __name__ == "__main__":
    main(*sys.argv[1:3])
