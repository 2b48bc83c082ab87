"""The reads of bench/scale.py, in the archive's own process (its environment names the
database, index and engine): the query mix through search_articles and the results page,
then each page that lists or counts. Prints one JSON line of figures last.

    python -m bench._scale_reads --mix FILE [--queries 100] [--rounds 1] [--page-rounds 15]

The query mix is drawn once per size from the Whoosh archive (bench/search.py's query_mix,
seed 4) and kept in FILE, so that PostgreSQL is timed on the very same queries.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from bench._setup import setup

PER_PAGE = 20


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--page-rounds", type=int, default=15)
    args = parser.parse_args(argv)
    setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article

    setup_test_environment()
    settings.PAGE_CACHE_SECONDS = 0  # every results page is searched and rendered
    client = Client()
    figures = {"articles": Article.objects.count(), "timings": {}}
    mix = query_mix(args.mix, args.queries)
    if settings.SEARCH_ENGINE == "postgres":
        figures["index_mb"] = postgres_sizes(figures)
    figures["timings"].update(time_queries(client, mix, args.rounds))
    figures["timings"].update(time_listings(client, args.page_rounds))
    figures["queries"] = len(mix)
    print(json.dumps(figures))
    return 0


def query_mix(path: Path, count: int) -> list[str]:
    """Return the size's query mix, drawing it (from the Whoosh index) on first use."""
    if path.exists():
        return json.loads(path.read_text())[:count]
    from django.conf import settings

    if settings.SEARCH_ENGINE != "whoosh":
        raise SystemExit(f"No query mix at {path}: measure the whoosh archive first.")
    from articles.search.whoosh import storage
    from bench.search import query_mix as draw

    with storage.open_live().searcher() as searcher:
        mix = [text for _, text in draw(count, searcher.reader())]
    path.write_text(json.dumps(mix, ensure_ascii=False))
    return mix


def postgres_sizes(figures: dict) -> float:
    """Set the database's size; return the search tables' (documents, words, indexes) MB."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        figures["database_mb"] = round(cursor.fetchone()[0] / 1e6, 1)
        cursor.execute(
            "SELECT pg_total_relation_size('articles_searchdocument')"
            " + pg_total_relation_size('articles_searchword')"
        )
        return round(cursor.fetchone()[0] / 1e6, 1)


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


def _timed_ms(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def time_queries(client, mix: list[str], rounds: int) -> dict:
    from articles import search

    def function(text: str):
        search.search_articles(search.SearchParams(text, per_page=PER_PAGE))

    def page(text: str):
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, (text, response.status_code)

    for text in mix[:10]:  # warm: caches, stemmer, first-use imports
        function(text), page(text)
    timings = {"search_articles": [], "results page": []}
    for _ in range(rounds):
        for text in mix:  # interleaved, so machine noise hits both alike
            timings["search_articles"].append(_timed_ms(function, text))
            timings["results page"].append(_timed_ms(page, text))
    return {name: _summary(times) for name, times in timings.items()}


def listing_pages() -> dict[str, str]:
    """Return {what: address} of the pages that list or count, at their largest."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth, ExtractYear

    from articles import counts
    from articles.models import Article, Source

    dated = Article.objects.dated().order_by()
    year = dated.annotate(y=ExtractYear("published")).values("y").annotate(n=Count("pk"))
    year = max(year, key=lambda row: row["n"])["y"]
    months = dated.filter(published__year=year).annotate(m=ExtractMonth("published"))
    month = max(months.values("m").annotate(n=Count("pk")), key=lambda row: row["n"])["m"]
    source = Source.objects.annotate(n=Count("articles")).order_by("-n").first()
    section = counts.largest_sections(1)[0][1]
    return {
        "home": "/",
        "browse": "/browse/",
        f"browse year ({year})": f"/browse/{year}/",
        f"browse month ({year}-{month:02d})": f"/browse/{year}/{month}/",
        "browse sources": "/browse/sources/",
        f"browse source ({source.slug})": f"/browse/sources/{source.slug}/",
        "browse sections": "/browse/sections/",
        f"browse section ({section})": f"/browse/sections/{section}/",
        "browse undated": "/browse/undated/",
        "sitemap index": "/sitemap.xml",
        f"source feed ({source.slug})": f"/feeds/sources/{source.slug}.rss",
    }


def time_listings(client, rounds: int) -> dict:
    """Time each listing page uncached: the cache is cleared before every request."""
    from django.core.cache import caches

    pages = listing_pages()
    timings = {name: [] for name in pages}
    for address in pages.values():
        assert client.get(address).status_code == 200, address  # warm
    for _ in range(rounds):
        for name, address in pages.items():
            caches["default"].clear()
            started = time.perf_counter()
            response = client.get(address)
            timings[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (address, response.status_code)
    return {name: _summary(times) for name, times in timings.items()}


if __name__ == "__main__":
    sys.exit(main())
