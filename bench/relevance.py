"""Ranking quality on judged questions: the archive's search beside plain BM25 references.

    python -m bench.relevance [--engine whoosh postgres] [--sets cisi cran med npl bbc]
                              [--keep DIR]          (or `make bench-relevance`)

Five judged sets: CISI, Cranfield, MEDLINE and NPL from ../shared/relevance (public test
collections whose queries are questions in words; bench/relevance_sets.py reads them), and
the BBC News corpus with the 18 judged queries of bench/judgments.json. Each set is imported
with the archive's own importer (the four as JSON Lines) into a database and index of its
own, once per engine, each in a child process: SQLite and a Whoosh index in a temporary
folder, or a fresh PostgreSQL database on 127.0.0.1:5432 (skipped with a message when none
answers). The questions are searched as written with `search_articles` (its first page of
20). Beside it, in the same run on the same imported texts: plain Whoosh BM25F with the OR
parser over title and text, and SQLite FTS5's bm25 with OR.

Scores: nDCG@10 (gain 2^g - 1; Cranfield's grades 1..4 are gains 4..1), MAP over the first
page (20), P@10; means over the questions with judgments, then the mean of the five sets.
"""

import argparse
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import relevance_sets
from bench._setup import CORPORA, SHARED

RELEVANCE = SHARED / "relevance"
JUDGMENTS = Path(__file__).with_name("judgments.json")
BBC = CORPORA / "bbc"
SETS = ("cisi", "cran", "med", "npl", "bbc")
ENGINES = ("whoosh", "postgres")
DEPTH = 10
PER_PAGE = 20  # the results page's
MAP_DEPTH = PER_PAGE  # MAP over the first page, what a person sees
POSTGRES = ("127.0.0.1", 5432)
# Queries of at most this many words are "short" (BBC's must not get worse).
SHORT_WORDS = 3
_BBC_KEY = re.compile(r"(\w+)/(\d{3})\.txt$")


# --- scores -------------------------------------------------------------------------------


def dcg(gains: list[int]) -> float:
    """Return the discounted cumulative gain of gains in rank order (2^g - 1 over log2)."""
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg(ranked_keys: list[str], judged: dict[str, int], depth: int = DEPTH) -> float:
    """Return nDCG@depth of a ranking against graded judgments."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:depth])
    return dcg([judged.get(key, 0) for key in ranked_keys[:depth]]) / ideal if ideal else 0.0


def average_precision(ranked_keys: list[str], judged: dict[str, int]) -> float:
    """Return the average precision of the ranking (to MAP_DEPTH) over every relevant key."""
    found = total = 0.0
    for rank, key in enumerate(ranked_keys[:MAP_DEPTH], start=1):
        if judged.get(key, 0) > 0:
            found += 1
            total += found / rank
    relevant = sum(1 for gain in judged.values() if gain > 0)
    return total / relevant if relevant else 0.0


def precision(ranked_keys: list[str], judged: dict[str, int], depth: int = DEPTH) -> float:
    """Return the share of the first `depth` results that are relevant."""
    return sum(1 for key in ranked_keys[:depth] if judged.get(key, 0) > 0) / depth


METRICS = {"nDCG@10": ndcg, "MAP": average_precision, "P@10": precision}


# --- the parent: sets, children, tables -----------------------------------------------------


def main() -> int:
    args = _arguments()
    sets = _judged_sets(args.sets)
    if not sets:
        return 0
    engines = [engine for engine in args.engine if engine != "postgres" or _postgres_answers()]
    if "postgres" in args.engine and "postgres" not in engines:
        print(f"No PostgreSQL on {POSTGRES[0]}:{POSTGRES[1]}: the postgres engine is skipped.")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="relevance-"))
    runs: dict[str, dict[str, dict]] = {}
    try:
        for judged in sets:
            folder = work / judged.name
            folder.mkdir(parents=True, exist_ok=True)
            _write_set(judged, folder)
            for engine in engines:
                started = time.perf_counter()
                runs.setdefault(judged.name, {}).update(_child(engine, folder, bool(args.keep)))
                print(
                    f"{judged.name} on {engine}: {time.perf_counter() - started:.0f} s", flush=True
                )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    _print_tables(sets, runs)
    return 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the imported archives in DIR and reuse them"
    )
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def _judged_sets(names: list[str]) -> list[relevance_sets.JudgedSet]:
    sets = []
    wanted_collections = [name for name in names if name in relevance_sets.READERS]
    if wanted_collections and not RELEVANCE.is_dir():
        print(f"No test collections at {RELEVANCE}: CISI, Cranfield, MEDLINE and NPL skipped.")
    elif wanted_collections:
        sets += [relevance_sets.READERS[name](RELEVANCE) for name in wanted_collections]
    if "bbc" in names and not BBC.is_dir():
        print(f"No BBC corpus at {BBC}: the BBC set is skipped.")
    elif "bbc" in names:
        sets.append(relevance_sets.bbc(BBC, JUDGMENTS))
    if not sets:
        print("Nothing to measure.")
    return sets


def _write_set(judged: relevance_sets.JudgedSet, folder: Path) -> None:
    if judged.folder is None:
        judged.write_jsonl(folder / "documents.jsonl")
    questions = {
        "questions": judged.judged_questions(),
        "paths": [str(judged.folder or folder / "documents.jsonl")],
        "source": judged.source or judged.name.upper(),
    }
    (folder / "questions.json").write_text(json.dumps(questions))


def _postgres_answers() -> bool:
    try:
        socket.create_connection(POSTGRES, timeout=3).close()
    except OSError:
        return False
    return True


def _postgres_url(folder: Path) -> str:
    return f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/newsarchive_relevance_{folder.name}"


def _child(engine: str, folder: Path, keep: bool) -> dict:
    """Import and search one set on one engine in a process of its own; return its rankings."""
    index = folder / f"index-{engine}"
    env = dict(os.environ, NEWSARCHIVE_SEARCH_ENGINE=engine, NEWSARCHIVE_INDEX_DIR=str(index))
    env["DJANGO_LOG_LEVEL"] = "WARNING"
    if engine == "postgres":
        env["DATABASE_URL"] = _postgres_url(folder)
        _fresh_postgres(env["DATABASE_URL"], keep)
    else:
        env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    command = [sys.executable, "-W", "ignore", "-m", "bench.relevance"]
    subprocess.run([*command, "--child", engine, "--folder", str(folder)], env=env, check=True)
    try:
        return json.loads((folder / f"rankings-{engine}.json").read_text())
    finally:
        if engine == "postgres" and not keep:
            _drop_postgres(env["DATABASE_URL"])


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def _fresh_postgres(url: str, keep: bool) -> None:
    name = url.rsplit("/", 1)[1]
    with _admin_connection(url) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() and keep:
            return
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(url: str) -> None:
    with _admin_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"')


def _print_tables(sets: list[relevance_sets.JudgedSet], runs: dict) -> None:
    columns = [
        ("ours (whoosh)", "ours-whoosh"),
        ("ours (postgres)", "ours-postgres"),
        ("Whoosh BM25F OR", "whoosh-or"),
        ("FTS5 bm25 OR", "fts5-or"),
    ]
    columns = [(title, key) for title, key in columns if any(key in runs[s.name] for s in sets)]
    for metric, score in METRICS.items():
        print(f"\n| {metric} | " + " | ".join(title for title, _ in columns) + " |")
        print("|---|" + "---|" * len(columns))
        means = {key: [] for _, key in columns}
        for judged in sets:
            questions = judged.judged_questions()
            rows = [(f"{judged.name} ({len(questions)})", questions)]
            if judged.name == "bbc":
                short = [(q, t) for q, t in questions if len(t.split()) <= SHORT_WORDS]
                rows.append((f"bbc, {SHORT_WORDS} words or fewer ({len(short)})", short))
            for label, wanted in rows:
                cells = []
                for _, key in columns:
                    value = _mean_score(score, runs[judged.name].get(key), judged, wanted)
                    if value is not None and wanted is questions:
                        means[key].append(value)
                    cells.append("" if value is None else f"{value:.3f}")
                print(f"| {label} | " + " | ".join(cells) + " |")
        cells = [f"{sum(v) / len(v):.3f}" if len(v) == len(sets) else "" for v in means.values()]
        print(f"| mean of the {len(sets)} sets | " + " | ".join(cells) + " |")


def _mean_score(score, rankings: dict | None, judged, questions) -> float | None:
    if rankings is None or not questions:
        return None
    values = [score(rankings.get(qid, []), judged.judgments[qid]) for qid, _ in questions]
    return sum(values) / len(values)


# --- the child: one set, one engine ---------------------------------------------------------


def child(engine: str, folder: Path) -> None:
    """Import the set into this process's archive, search its questions, write rankings."""
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article

    spec = json.loads((folder / "questions.json").read_text())
    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        _import(spec["paths"], spec["source"], engine)
    keys = _keys_by_id()
    rankings = {f"ours-{engine}": _rank_ours(spec["questions"], keys)}
    if engine == "whoosh":
        texts = _texts(keys)
        rankings["whoosh-or"] = _rank_whoosh_or(spec["questions"], texts)
        rankings["fts5-or"] = _rank_fts5_or(spec["questions"], texts)
    (folder / f"rankings-{engine}.json").write_text(json.dumps(rankings))


def _import(paths: list[str], source: str, engine: str) -> None:
    from articles import importers, search
    from articles.models import IndexQueueEntry

    search.rebuild_index()  # an empty index to start from (whoosh), or nothing (postgres)
    report = importers.import_paths(paths, source)
    for where, reason in report.failures:
        print(f"FAILED {where}: {reason}", file=sys.stderr)
    if engine == "whoosh":
        # One rebuild indexes every article; the queue rows it would re-apply are redundant.
        IndexQueueEntry.objects.all().delete()
        search.rebuild_index()


def _keys_by_id() -> dict[int, str]:
    """Return {article id: judged key}: the JSON Lines id, or bbc:category/number."""
    from articles.models import Article

    keys = {}
    for pk, external_key in Article.objects.values_list("pk", "external_key"):
        match = _BBC_KEY.search(external_key)
        keys[pk] = f"bbc:{match.group(1)}/{match.group(2)}" if match else external_key
    return keys


def _rank_ours(questions: list, keys: dict[int, str]) -> dict[str, list[str]]:
    from articles import search

    ranked = {}
    for qid, text in questions:
        params = search.SearchParams(
            text, per_page=PER_PAGE, with_facets=False, with_snippets=False
        )
        ranked[qid] = [keys[hit.article_id] for hit in search.search_articles(params).hits]
    return ranked


def _texts(keys: dict[int, str]) -> list[tuple[str, str, str]]:
    """Return (key, title, text) of every article as imported: standfirst and paragraphs."""
    from articles.models import Article

    bodies: dict[int, list[str]] = {}
    for article in Article.objects.prefetch_related("paragraphs").order_by("pk"):
        paragraphs = [p.text for p in article.paragraphs.all()]
        bodies[article.pk] = (article.title, "\n\n".join([article.standfirst, *paragraphs]))
    return [(keys[pk], title, body) for pk, (title, body) in bodies.items()]


def _plain_words(text: str) -> list[str]:
    """Return the words of a question, lower case, without any query syntax."""
    return list(dict.fromkeys(re.findall(r"\w+", text.lower())))


def _rank_whoosh_or(questions: list, texts: list) -> dict[str, list[str]]:
    """Rank with plain Whoosh: BM25F over title and text, the OR parser, the same analyzer."""
    from whoosh import qparser
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    from articles.search.whoosh.analysis import text_analyzer

    schema = Schema(
        key=ID(stored=True),
        title=TEXT(analyzer=text_analyzer()),
        text=TEXT(analyzer=text_analyzer()),
    )
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for key, title, text in texts:
            writer.add_document(key=key, title=title, text=text)
    parser = qparser.MultifieldParser(["title", "text"], schema=schema, group=qparser.OrGroup)
    with index.searcher() as searcher:
        return {
            qid: [
                hit["key"]
                for hit in searcher.search(
                    parser.parse(" ".join(_plain_words(text))), limit=MAP_DEPTH
                )
            ]
            for qid, text in questions
        }


def _rank_fts5_or(questions: list, texts: list) -> dict[str, list[str]]:
    """Rank with SQLite FTS5's bm25 over title and text, words joined by OR (Porter stems)."""
    import sqlite3

    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, text, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?)", texts)
    ranked = {}
    for qid, text in questions:
        match = " OR ".join(f'"{word}"' for word in _plain_words(text))
        rows = connection.execute(
            "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
            [match, MAP_DEPTH],
        )
        ranked[qid] = [key for (key,) in rows] if match else []
    return ranked


if __name__ == "__main__":
    arguments = _arguments()
    if arguments.child:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
        child(arguments.child, arguments.folder)
        sys.exit(0)
    sys.exit(main())
