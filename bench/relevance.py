"""Ranking quality: nDCG@10 on a judged query set over the BBC News corpus.

    python -m bench.relevance        (or `make bench-relevance`, part of `make bench`)

The queries and their judged articles are in bench/judgments.json (keys such as
business/001, never corpus text). The corpus is imported once with the real
`import_articles` into a database and index of their own under var/bench/relevance/.
Beside the archive's search it scores plain Whoosh 2.7.4 on the same index: its default
parser (every word required) and the same parser with OR, as references.
"""

import json
import math
import os
import re
import sys
from pathlib import Path

from bench._setup import BENCH_DIR, CORPORA

CORPUS = CORPORA / "bbc"
WORK = BENCH_DIR / "relevance"
JUDGMENTS = Path(__file__).with_name("judgments.json")
DEPTH = 10
_KEY = re.compile(r"(\w+)/(\d{3})\.txt$")


def dcg(gains: list[int]) -> float:
    """Return the discounted cumulative gain of gains in rank order (2^g - 1 over log2)."""
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg(ranked_keys: list[str], judged: dict[str, int], depth: int = DEPTH) -> float:
    """Return nDCG@depth of a ranking against graded judgments."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:depth])
    return dcg([judged.get(key, 0) for key in ranked_keys[:depth]]) / ideal if ideal else 0.0


def _set_up_archive() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'db.sqlite3'}"
    os.environ["NEWSARCHIVE_INDEX_DIR"] = str(WORK / "index")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("rebuild_index", if_missing=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not Article.objects.exists():
        print(f"Importing {CORPUS} into {WORK} (once)...", flush=True)
        call_command("import_articles", str(CORPUS), source="BBC News", stdout=sys.stdout)


def _keys_by_id() -> dict[int, str]:
    from articles.models import Article

    keys = {}
    for pk, external_key in Article.objects.values_list("pk", "external_key"):
        match = _KEY.search(external_key)
        if match:
            keys[pk] = f"{match.group(1)}/{match.group(2)}"
    return keys


def _ours(text: str) -> list[int]:
    from articles import search

    params = search.SearchParams(text, per_page=DEPTH, with_facets=False, with_snippets=False)
    return [hit.article_id for hit in search.search_articles(params).hits]


def _plain_whoosh(group):
    """Return a ranker using Whoosh's own MultifieldParser over the same live index."""
    from whoosh import qparser

    from articles.search import storage
    from articles.search.query import FIELD_BOOSTS

    searcher = storage.open_live().searcher()
    parser = qparser.MultifieldParser(
        list(FIELD_BOOSTS), schema=searcher.schema, fieldboosts=FIELD_BOOSTS, group=group
    )

    def rank(text: str) -> list[int]:
        found = searcher.search(parser.parse(text), limit=DEPTH)
        return [int(hit["id"]) for hit in found]

    return rank


def main() -> int:
    if not CORPUS.is_dir():
        print(f"No BBC corpus at {CORPUS}; nothing to measure.")
        return 0
    _set_up_archive()
    from whoosh import qparser

    keys = _keys_by_id()
    queries = json.loads(JUDGMENTS.read_text())["queries"]
    rankers = {
        "ours": _ours,
        "whoosh AND": _plain_whoosh(qparser.AndGroup),
        "whoosh OR": _plain_whoosh(qparser.OrGroup),
    }
    totals = dict.fromkeys(rankers, 0.0)
    print(f"nDCG@{DEPTH} on {len(queries)} judged queries, {len(keys)} BBC articles\n")
    print(f"{'query':<62} " + " ".join(f"{name:>10}" for name in rankers))
    for entry in queries:
        scores = {}
        for name, rank in rankers.items():
            ranked = [keys.get(article_id, "") for article_id in rank(entry["query"])]
            scores[name] = ndcg(ranked, entry["relevant"])
            totals[name] += scores[name]
        print(f"{entry['query'][:62]:<62} " + " ".join(f"{s:>10.3f}" for s in scores.values()))
    means = {name: total / len(queries) for name, total in totals.items()}
    print(f"{'mean':<62} " + " ".join(f"{m:>10.3f}" for m in means.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
