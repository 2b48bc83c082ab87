"""Benchmark the open-web features on the 24k corpus: the results page with its chart, the
JSON API, and a streamed export, each beside the plain search it is built on (same run,
interleaved), so the ratio says what each feature adds; then the sitemap index and pages.

Run `python -m bench.open_web` (part of `make bench`). It imports var/bench/corpus-24k.jsonl
into its own database and index under var/bench/openweb/ on first use. `--size 100k` uses
corpus-100k.jsonl and var/bench/openweb-100k/ instead; `--only sitemaps` times the sitemaps
alone.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc

from bench._setup import BENCH_DIR, setup

SIZES = {
    "24k": (BENCH_DIR / "openweb", BENCH_DIR / "corpus-24k.jsonl"),
    "100k": (BENCH_DIR / "openweb-100k", BENCH_DIR / "corpus-100k.jsonl"),
}
HERE, CORPUS = SIZES["24k"]
QUERIES = ["oil", "bank rates", "coffee", '"trade deficit"', "football", "yen dollar", "cocoa"]
ROUNDS = 7


def _environment() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{HERE / 'db.sqlite3'}"
    os.environ["NEWSARCHIVE_INDEX_DIR"] = str(HERE / "index")
    os.environ["NEWSARCHIVE_CACHE_DIR"] = str(HERE / "cache")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    setup()


def _load_once() -> None:
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        call_command("rebuild_index", verbosity=0)
        call_command("import_articles", str(CORPUS))


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _chart_of(query: str):
    """Return the chart of the search's days, as the results page draws it."""
    from articles import charts, search

    return charts.attention(search.search_articles(query, with_days=True).days)


def _summary(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def latencies() -> None:
    from django.test import Client

    from articles import search

    client = Client()
    measures = {"search (reference)": [], "chart data": [], "results page": [], "API": []}
    for _ in range(ROUNDS):
        for query in QUERIES:
            measures["search (reference)"].append(_timed(lambda q=query: search.search_articles(q)))
            measures["chart data"].append(_timed(lambda q=query: _chart_of(q)))
            measures["results page"].append(
                _timed(lambda q=query: client.get("/search/", {"q": q}))
            )
            measures["API"].append(_timed(lambda q=query: client.get("/api/search", {"q": q})))
    reference = _summary(measures["search (reference)"])
    print(f"\n{len(QUERIES)} queries x {ROUNDS} rounds, interleaved; times in ms\n")
    print("| measure | p50 | p95 | max | p50 / search |")
    print("|---|---|---|---|---|")
    for name, samples in measures.items():
        p50, p95, worst = _summary(samples)
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {p50 / reference[0]:.2f} |")


def chart_by_size() -> None:
    from articles import search

    print("\n| query | hits | search p50 | search + chart of every hit's day p50 | ratio |")
    print("|---|---|---|---|---|")
    for query in ["oil", "pct", "said"]:
        results = search.search_articles(query)
        searches, charts_ms = [], []
        for _ in range(3):
            searches.append(_timed(lambda q=query: search.search_articles(q)))
            charts_ms.append(_timed(lambda q=query: _chart_of(q)))
        search_ms, chart_ms = statistics.median(searches), statistics.median(charts_ms)
        print(
            f"| {query} | {results.total} | {search_ms:.0f} ms | {chart_ms:.0f} ms "
            f"| {chart_ms / search_ms:.2f} |"
        )


def _stream(client) -> tuple[float, float, int]:
    """Return (ms to the first chunk, ms to the last, bytes) of the CSV export of 'oil'."""
    started = time.perf_counter()
    chunks = iter(client.get("/search/export.csv", {"q": "oil"}).streaming_content)
    size = len(next(chunks))
    first_byte = (time.perf_counter() - started) * 1000
    size += sum(len(chunk) for chunk in chunks)
    return first_byte, (time.perf_counter() - started) * 1000, size


def export_stream() -> None:
    from django.test import Client

    from articles import search
    from articles.views.export import EXPORT_MAX_ROWS

    client = Client()
    total = search.search_articles("oil").total
    first_byte, elapsed, size = _stream(client)
    # Memory is measured in a second run: tracing every allocation slows Python down.
    tracemalloc.start()
    _stream(client)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nCSV export of 'oil' ({total} hits; at most {EXPORT_MAX_ROWS} rows):")
    print(f"first byte {first_byte:.0f} ms, whole file {elapsed:.0f} ms, {size / 1e6:.1f} MB,")
    print(f"peak Python memory while streaming {peak / 1e6:.1f} MB")


def sitemaps() -> None:
    """Time the sitemap index and its first and last article pages, uncached and cached."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from articles.models import Article

    client = Client()
    pages = client.get("/sitemap.xml").content.decode().count("<sitemap>")
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    last_page = (last - 1) // settings.SITEMAP_PAGE_SIZE + 1
    addresses = {
        "sitemap index": ("/sitemap.xml", {}),
        "articles page 1": ("/sitemap-articles.xml", {}),
        f"articles page {last_page} (last)": ("/sitemap-articles.xml", {"p": last_page}),
        "browse page": ("/sitemap-browse.xml", {}),
    }
    cold = {name: [] for name in addresses}
    warm = {name: [] for name in addresses}
    for _ in range(ROUNDS):
        for name, (path, query) in addresses.items():
            cache.clear()
            cold[name].append(_timed(lambda p=path, q=query: client.get(p, q)))
            warm[name].append(_timed(lambda p=path, q=query: client.get(p, q)))
    sizes = {name: len(client.get(p, q).content) for name, (p, q) in addresses.items()}
    count = Article.objects.count()
    print(f"\nSitemaps at {count:,} articles: an index of {pages} pages, ")
    print(f"{settings.SITEMAP_PAGE_SIZE:,} addresses a page at most; {ROUNDS} rounds, ms\n")
    print("| address | KB | uncached p50 | uncached max | cached p50 | cached max |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in addresses:
        uncached, cached = _summary(cold[name]), _summary(warm[name])
        print(
            f"| {name} | {sizes[name] / 1000:.0f} | {uncached[0]:.1f} | {uncached[2]:.1f} "
            f"| {cached[0]:.1f} | {cached[2]:.1f} |"
        )


def main() -> int:
    global HERE, CORPUS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="24k")
    parser.add_argument("--only", choices=["sitemaps"], default=None)
    options = parser.parse_args()
    HERE, CORPUS = SIZES[options.size]
    if not CORPUS.exists():
        print(f"No {CORPUS}: run `make bench-corpus` first (needs ../shared/corpora).")
        return 0
    _environment()
    _load_once()
    if options.only != "sitemaps":
        latencies()
        chart_by_size()
        export_stream()
    sitemaps()
    return 0


if __name__ == "__main__":
    sys.exit(main())
