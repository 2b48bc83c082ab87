"""Query benchmark: latency of search_articles and of the results page, beside plain Whoosh.

    python -m bench.search [--size 100k] [--queries 200] [--rounds 2]   (make bench-search)

Each corpus (var/bench/corpus-SIZE.jsonl, written by bench/corpus.py) is imported once with
the real importer into its own database under var/bench/search-SIZE/, and indexed once with
rebuild_index (a bulk build; draining 100,000 queued updates one batch at a time is slower).
A fixed, seeded query mix is drawn from that archive: single words, two words from one
headline (AND), two-word phrases from a paragraph, and rare words (in at most 5 articles).
For every query, in the same loop, it times:

    whoosh top-10        plain Whoosh 2.7.4: MultifieldParser (BM25F), one open searcher
    whoosh page          the same with facet counts (sortable columns) and the 20 shown
                         hits highlighted from their paragraphs, as the page needs
    ours                 articles.search.search_articles: facets, soft AND, suggestion, snippets
    page                 GET /search/?q=... through Django's test client (render included)

and then the hostile queries of the issue, each against a time bound.

    python -m bench.search --size 24k --tag-facets on off [--runs 3]

instead times only the results page, with the tag and speaker facets counted as the site
does ("on") and not counted at all ("off": no tag facets on the page), the arms in turn for
each query of the mix, which goes first alternating; it prints each run's p50/p95 per arm
with the load average, then the medians of the runs (docs/benchmarks.md, issue 19).
`--clock cpu` times each page by its thread's CPU time instead of the wall clock.
"""

import argparse
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench._setup import BENCH_DIR

SEED = 4
PER_PAGE = 20
# The issue's targets at 100,000 articles, set where plain Whoosh's top-10 p95 was 62 ms.
# Each run also shows them scaled by its own reference, so that a slower or busier machine
# is judged by the same yardstick.
ISSUE_TOP10_P95_MS = 62.0
TARGET_P95_MS = {"ours": 50.0, "page": 100.0}
HOSTILE_BOUND_SECONDS = 0.5
# A clear refusal is a right answer: 400 for a bad parameter, 414 for an address past the
# archive's 8,000 characters (the 1 MB query).
ANSWERS_OK = (200, 400, 414)
HOSTILE = {
    "*": "*",
    "*a*": "*a*",
    "???": "???",
    "*ing": "*ing",
    "body:[a TO z]": "body:[a TO z]",
    "x~9": "x~9",
    "30 wildcards": " ".join(f"w{n}*" for n in range(30)),
    "1,000 nested ( )": "(" * 1000 + "x" + ")" * 1000,
    "AND OR NOT": "AND OR NOT",
    "1 MB query": "x" * 1_000_000,
    "NUL bytes": "nul\x00byte\x00",
    "RTL and emoji": "\u202eright-to-left \u05e9\u05dc\u05d5\u05dd \U0001f984",
    # Phrases of the commonest word: its positions in nearly every article, once a word.
    '"the" x10 quoted': '"' + " ".join(["the"] * 10) + '"',
    '"the" x30 quoted': '"' + " ".join(["the"] * 30) + '"',
    "30-word chain": "-".join(["the"] * 30),
}

# Questions as people type them (issue 13): long ones are ranked with borrowed words
# (articles/search/feedback.py), a second pass the query mix above never takes.
QUESTIONS = {
    "war question": "How will the war with Russia end?",
    "oil question": "What is the outlook for oil prices? Will OPEC cut output?",
    "capitals": "NOT GUILTY VERDICT FOR BANKER",
    "rugby question": "Six Nations rugby injuries ruled out",
    "id cards question": "Conservatives back Labour plans for identity cards",
    "broadband question": "how fast is broadband growing in the UK",
}


def _use_archive(size: str) -> Path:
    """Point Django at this corpus's own database and index, importing it on first use."""
    folder = BENCH_DIR / f"search-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["NEWSARCHIVE_INDEX_DIR"] = str(folder / "index")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles import importers, search
    from articles.models import Article, IndexQueueEntry

    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        corpus = BENCH_DIR / f"corpus-{size}.jsonl"
        print(f"Importing {corpus} and indexing it (once; minutes at 100k)...", flush=True)
        report = importers.import_paths([corpus])
        print(report.counts, flush=True)
        # One bulk build instead of draining 100,000 queued updates batch by batch: the
        # rebuild reads every article from the database, so the queue adds nothing to it.
        IndexQueueEntry.objects.all().delete()
        search.rebuild_index()
    call_command("rebuild_index", if_missing=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return folder


def query_mix(count: int, reader) -> list[tuple[str, str]]:
    """Return (kind, query) pairs drawn with a fixed seed from the archive's own text."""
    from articles.models import Article, Paragraph
    from articles.search.whoosh.analysis import text_analyzer

    rng = random.Random(SEED)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    analyzer = text_analyzer()

    def words(text: str) -> list[str]:
        return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if len(w) > 3]

    def article_words() -> tuple[list[str], list[str]]:
        article_id = rng.choice(ids)
        title = Article.objects.values_list("title", flat=True).get(pk=article_id)
        body = " ".join(
            Paragraph.objects.filter(article_id=article_id).values_list("text", flat=True)
        )
        return words(title), words(body)

    def frequency(word: str) -> int:
        stems = [token.text for token in analyzer(word, mode="query")]
        return reader.doc_frequency("body", stems[0]) if stems else 0

    mix, kinds = [], ["single", "two words", "phrase", "rare"]
    while len(mix) < count:
        kind = kinds[len(mix) % len(kinds)]
        title, body = article_words()
        if kind == "single" and title:
            mix.append((kind, rng.choice(title)))
        elif kind == "two words" and len(title) >= 2:
            mix.append((kind, " ".join(rng.sample(title, 2))))
        elif kind == "phrase" and len(body) >= 2:
            start = rng.randrange(len(body) - 1)
            mix.append((kind, f'"{body[start]} {body[start + 1]}"'))
        elif kind == "rare":
            rare = [w for w in body if 0 < frequency(w) <= 5]
            if rare:
                mix.append((kind, rng.choice(rare)))
    return mix


class PlainWhoosh:
    """The reference: Whoosh as its documentation shows it, on the same index."""

    def __init__(self):
        from whoosh import qparser
        from whoosh.sorting import FieldFacet

        from articles.search.whoosh import storage
        from articles.search.whoosh.query import FIELD_BOOSTS

        self.searcher = storage.open_live().searcher()
        self.parser = qparser.MultifieldParser(
            list(FIELD_BOOSTS), schema=self.searcher.schema, fieldboosts=FIELD_BOOSTS
        )
        self.facets = {
            name: FieldFacet(column)
            for name, column in [
                ("source", "source_slug"),
                ("section", "section_key"),
                ("year", "year"),
            ]
        }

    def top10(self, text: str) -> list[int]:
        return [int(hit["id"]) for hit in self.searcher.search(self.parser.parse(text), limit=10)]

    def page(self, text: str) -> list[str]:
        from whoosh import highlight
        from whoosh.sorting import Count

        from articles.models import Paragraph
        from articles.search.whoosh.analysis import text_analyzer

        query = self.parser.parse(text)
        found = self.searcher.search(query, limit=PER_PAGE, groupedby=self.facets, maptype=Count)
        for name in self.facets:
            found.groups(name)
        ids = [int(found[i]["id"]) for i in range(min(PER_PAGE, found.scored_length()))]
        texts = {}
        for article_id, text_ in Paragraph.objects.filter(article_id__in=ids).values_list(
            "article_id", "text"
        ):
            texts.setdefault(article_id, []).append(text_)
        terms = frozenset(t.decode() if isinstance(t, bytes) else t for _, t in query.all_terms())
        return [
            highlight.highlight(
                "\n".join(texts.get(i, [])),
                terms,
                text_analyzer(),
                highlight.ContextFragmenter(),
                highlight.HtmlFormatter(),
                top=3,
            )
            for i in ids
        ]


def _timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def run(size: str, count: int, rounds: int) -> None:
    # Each results page searched and rendered: kept pages (120 s by default) served the
    # second round from memory, and the page's p95 then measured half the pages' work.
    os.environ["NEWSARCHIVE_PAGE_CACHE_SECONDS"] = "0"
    _use_archive(size)  # it configures Django for this archive
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles import search
    from articles.models import Article
    from articles.search.whoosh.searching import _searcher

    setup_test_environment()
    client = Client()
    reference = PlainWhoosh()
    mix = query_mix(count, reference.searcher.reader())

    def ours(text: str):
        return search.search_articles(search.SearchParams(text, per_page=PER_PAGE))

    def page(text: str):
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, (text, response.status_code)

    _searcher()  # open our cached searcher once, as a running server would have
    for _, text in mix[:20]:  # warm both: caches, stemmer, first-use imports
        reference.page(text), ours(text), page(text)
    timings = {name: [] for name in ("whoosh top-10", "whoosh page", "ours", "page")}
    for _ in range(rounds):
        for _, text in mix:  # interleaved, so machine noise hits all four alike
            timings["whoosh top-10"].append(_timed(reference.top10, text))
            timings["whoosh page"].append(_timed(reference.page, text))
            timings["ours"].append(_timed(ours, text))
            timings["page"].append(_timed(page, text))
    _report(size, Article.objects.count(), mix, rounds, timings)
    _report_hostile(ours, client)


@contextmanager
def _tag_facets(arm: str):
    """Count the tag and speaker facets as the site does ("on"), or not at all ("off")."""
    from articles.search.whoosh import searching

    counted = searching.count_tags
    if arm == "off":
        searching.count_tags = lambda searcher, docs: {}
    try:
        yield
    finally:
        searching.count_tags = counted


def run_tag_facets(
    size: str, count: int, rounds: int, arms: list[str], runs: int, clock: str = "wall"
) -> None:
    """Time the results page with each arm of `arms`, alternating, `runs` times each: by
    the wall clock, or by the CPU time of this thread ("cpu": the time other work on the
    machine keeps it waiting for a core is left out)."""
    os.environ["NEWSARCHIVE_PAGE_CACHE_SECONDS"] = "0"  # each page computed, not kept
    _use_archive(size)
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article
    from articles.search.whoosh import storage
    from articles.search.whoosh.searching import _searcher

    setup_test_environment()
    client = Client()
    with storage.open_live().searcher() as searcher:
        mix = query_mix(count, searcher.reader())

    def page(text: str):
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, (text, response.status_code)

    now = time.thread_time if clock == "cpu" else time.perf_counter

    def timed(text: str) -> float:
        started = now()
        page(text)
        return (now() - started) * 1000

    _searcher()
    for arm in arms:  # warm each: caches (the tags' table), first-use imports
        with _tag_facets(arm):
            for _, text in mix[:20]:
                page(text)
    results = {arm: [] for arm in arms}
    print(
        f"\n## {size}: {Article.objects.count():,} articles; results page, {len(mix)} queries "
        f"x {rounds} round(s) a run; tag facets {' / '.join(arms)}; {clock} clock"
    )
    print("| run | arm | p50 ms | p95 ms | max ms | load average (1 min) before / after |")
    print("|---|---|---:|---:|---:|---|")
    for number in range(runs):
        load = os.getloadavg()[0]
        times = {arm: [] for arm in arms}
        for step, text in enumerate(text for _ in range(rounds) for _, text in mix):
            # Query by query, the arms in turn, which goes first alternating: the machine's
            # other work then weighs on both arms alike.
            for arm in arms if (number + step) % 2 == 0 else arms[::-1]:
                with _tag_facets(arm):
                    times[arm].append(timed(text))
        for arm in arms:
            p50, p95, worst = _summary(times[arm])
            results[arm].append((p50, p95))
            print(
                f"| {number + 1} | {arm} | {p50:.1f} | {p95:.1f} | {worst:.1f} | "
                f"{load:.2f} / {os.getloadavg()[0]:.2f} |",
                flush=True,
            )
    for arm, figures in results.items():
        p50 = statistics.median(p50 for p50, _ in figures)
        p95 = statistics.median(p95 for _, p95 in figures)
        print(f"| median | {arm} | {p50:.1f} | {p95:.1f} | | |")
    if {"on", "off"} <= set(results):
        on, off = (statistics.median(p95 for _, p95 in results[arm]) for arm in ("on", "off"))
        print(f"\nTag facets cost the page's p95 {100 * (on / off - 1):+.1f}% (budget +10%).")


def _report(size, articles, mix, rounds, timings) -> None:
    kinds = {}
    for kind, _ in mix:
        kinds[kind] = kinds.get(kind, 0) + 1
    described = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    print(
        f"\n## {size}: {articles:,} articles; {len(mix)} queries ({described}); seed {SEED}; "
        f"{rounds} round(s), {len(mix) * rounds} timings each"
    )
    print(f"| {'measured (ms)':<58} | {'p50':>7} | {'p95':>7} | {'max':>7} |")
    print(f"|{'-' * 60}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    labels = {
        "whoosh top-10": "plain Whoosh, top 10 (reference)",
        "whoosh page": "plain Whoosh, 20 hits + facets + highlights (reference)",
        "ours": "search_articles, 20 hits + facets + snippets",
        "page": "results page through the Django test client",
    }
    summaries = {name: _summary(times) for name, times in timings.items()}
    for name, label in labels.items():
        p50, p95, worst = summaries[name]
        print(f"| {label:<58} | {p50:>7.1f} | {p95:>7.1f} | {worst:>7.1f} |")
    ours, ref = summaries["ours"], summaries["whoosh page"]
    print(
        f"| {'ratio: search_articles / plain Whoosh with facets':<58} | "
        f"{ours[0] / ref[0]:>7.2f} | {ours[1] / ref[1]:>7.2f} | {ours[2] / ref[2]:>7.2f} |"
    )
    if size == "100k":  # the targets are the issue's at 100,000 articles
        _report_targets(summaries)


def _report_targets(summaries) -> None:
    scale = summaries["whoosh top-10"][1] / ISSUE_TOP10_P95_MS
    print(
        f"\nIssue targets (p95 at 100k), as set and scaled by this run's plain top-10 p95 "
        f"({summaries['whoosh top-10'][1]:.1f} ms, {scale:.2f}x the issue's 62 ms):"
    )
    for name, label in {"ours": "search_articles", "page": "results page"}.items():
        target, p95 = TARGET_P95_MS[name], summaries[name][1]
        verdict = "met" if p95 < target * scale else "missed"
        print(
            f"  {label:<16} p95 {p95:6.1f} ms: target {target:.0f} ms "
            f"({'met' if p95 < target else 'missed'}), scaled {target * scale:.0f} ms ({verdict})"
        )


def _report_hostile(ours, client) -> None:
    print(
        f"\nHostile queries and long questions (bound {HOSTILE_BOUND_SECONDS * 1000:.0f} ms each):"
    )
    print(f"| {'query':<18} | {'search ms':>9} | {'page ms':>8} | {'status':>6} | {'ok':<3} |")
    print(f"|{'-' * 20}|{'-' * 11}|{'-' * 10}|{'-' * 8}|{'-' * 5}|")
    for label, text in (HOSTILE | QUESTIONS).items():
        function_ms = _timed(ours, text)
        started = time.perf_counter()
        status = client.get("/search/", {"q": text}).status_code
        page_ms = (time.perf_counter() - started) * 1000
        ok = max(function_ms, page_ms) <= HOSTILE_BOUND_SECONDS * 1000 and status in ANSWERS_OK
        print(
            f"| {label:<18} | {function_ms:>9.1f} | {page_ms:>8.1f} | {status:>6} | "
            f"{'yes' if ok else 'NO':<3} |"
        )
    for label, params in {"page=10**9": {"page": str(10**9)}, "sort=?": {"sort": "?"}}.items():
        started = time.perf_counter()
        status = client.get("/search/", {"q": "oil", **params}).status_code
        page_ms = (time.perf_counter() - started) * 1000
        ok = page_ms <= HOSTILE_BOUND_SECONDS * 1000 and status in ANSWERS_OK
        verdict = "yes" if ok else "NO"
        print(f"| {label:<18} | {'':>9} | {page_ms:>8.1f} | {status:>6} | {verdict:<3} |")


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--size", choices=["24k", "100k"], default="100k")
    arguments.add_argument("--queries", type=int, default=200)
    arguments.add_argument("--rounds", type=int, default=2)
    arguments.add_argument(
        "--tag-facets",
        nargs="+",
        choices=["on", "off"],
        help="time only the results page, with the tag facets counted (on) or not (off)",
    )
    arguments.add_argument("--runs", type=int, default=3, help="runs of each --tag-facets arm")
    arguments.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="--tag-facets: time by the wall clock, or by this thread's CPU time",
    )
    options = arguments.parse_args()
    corpus = BENCH_DIR / f"corpus-{options.size}.jsonl"
    if not corpus.exists() and not (BENCH_DIR / f"search-{options.size}" / "db.sqlite3").exists():
        print(f"No {corpus}; run `make bench-corpus` first (needs ../shared/corpora).")
        return 0
    if options.tag_facets:
        run_tag_facets(
            options.size,
            options.queries,
            options.rounds,
            options.tag_facets,
            options.runs,
            options.clock,
        )
    else:
        run(options.size, options.queries, options.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
