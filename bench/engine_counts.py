"""Do both engines count the same articles? Queries drawn from the archive, compared.

    python -m bench.engine_counts [--queries 300] [--seed 7] [--index-dir DIR]

Runs on what `python -m bench.engines` left: its PostgreSQL database (DATABASE_URL, or
newsarchive_bench) holding the articles and their search documents, and its Whoosh index
(--index-dir, the same default). A fixed, seeded mix of queries is drawn from the archive's
own articles, in turn: a headline word, two headline words, a two-word phrase of the text,
five words of the text, a word of the text. Each is searched on both engines; every query
whose full matches differ (in number, or in which articles where both list them all) is
printed with its two counts and up to three article ids found by one engine only, then how
many differed. Exits 1 if any did, so that it can be run after a change to either engine's
analysis.
"""

import argparse
import random
import re
import sys
from pathlib import Path

from bench.engines import ENGINES, ROOT, _setup_django

KINDS = ("headline word", "two headline words", "phrase", "five words", "word")
SHOWN_IDS = 3


def main(argv=None) -> int:
    args = _arguments(argv)
    _setup_django(args.index_dir)
    differing = 0
    for query in query_mix(args.queries, random.Random(args.seed)):
        found = {engine: full_matches(engine, query) for engine in ENGINES}
        if _differ(found["whoosh"], found["postgres"]):
            differing += 1
            print(_difference(query, found["whoosh"], found["postgres"]))
    print(f"{differing} of {args.queries} queries count differently on the two engines.")
    return 1 if differing else 0


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index-dir", type=Path, default=ROOT / "var" / "bench" / "index")
    return parser.parse_args(argv)


def query_mix(count: int, rng: random.Random) -> list[str]:
    """Return `count` queries made of the words of articles drawn by `rng`, KINDS in turn."""
    from articles.models import Article, Paragraph

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    queries = []
    while ids and len(queries) < count:
        article_id = rng.choice(ids)
        title = Article.objects.values_list("title", flat=True).get(pk=article_id)
        paragraphs = Paragraph.objects.filter(article_id=article_id).values_list("text", flat=True)
        query = _query(KINDS[len(queries) % len(KINDS)], title, " ".join(paragraphs), rng)
        if query:
            queries.append(query)
    return queries


def _query(kind: str, title: str, text: str, rng: random.Random) -> str | None:
    headline = re.findall(r"\w{3,}", title)
    words = text.split()
    if kind == "headline word" and headline:
        return rng.choice(headline)
    if kind == "two headline words" and len(headline) >= 2:
        return " ".join(rng.sample(headline, 2))
    if kind == "phrase" and len(words) >= 2:
        start = rng.randrange(len(words) - 1)
        return '"' + " ".join(words[start : start + 2]).replace('"', "") + '"'
    if kind == "five words" and len(words) >= 5:
        start = rng.randrange(len(words) - 4)
        return " ".join(words[start : start + 5])
    if kind == "word" and words:
        return rng.choice(words)
    return None


def full_matches(engine: str, query: str) -> tuple[int, set[int]]:
    """Return the engine's count of full matches, and the ids of those it can list."""
    from django.conf import settings

    from articles import search

    settings.SEARCH_ENGINE = engine
    ids, page = set(), 1
    while True:
        params = search.SearchParams(
            query, page=page, per_page=100, with_facets=False, with_snippets=False
        )
        results = search.search_articles(params)
        ids.update(hit.article_id for hit in results.hits if not hit.partial)
        if page >= min(results.pages, results.reachable):
            return results.total, ids
        page += 1


def _differ(whoosh: tuple[int, set[int]], postgres: tuple[int, set[int]]) -> bool:
    """True if the counts differ, or both engines listed every match and not the same ones
    (past the last page a person can reach, each lists its own best, which may differ)."""
    if whoosh[0] != postgres[0]:
        return True
    return len(whoosh[1]) == whoosh[0] == len(postgres[1]) and whoosh[1] != postgres[1]


def _difference(query: str, whoosh: tuple[int, set[int]], postgres: tuple[int, set[int]]) -> str:
    only = {
        "Whoosh only": sorted(whoosh[1] - postgres[1])[:SHOWN_IDS],
        "PostgreSQL only": sorted(postgres[1] - whoosh[1])[:SHOWN_IDS],
    }
    listed = "; ".join(f"{side}: {ids}" for side, ids in only.items() if ids)
    return f"{query!r}: Whoosh {whoosh[0]}, PostgreSQL {postgres[0]}" + (
        f" ({listed})" if listed else ""
    )


if __name__ == "__main__":
    sys.exit(main())
