"""Write the benchmark corpora as JSON Lines under var/bench/ (see bench/README.md).

    corpus-24k.jsonl   every BBC News and Reuters-21578 article, as the importer reads them
    corpus-100k.jsonl  100,000 articles recombined from the real paragraphs (seeded)
    corpus-1m.jsonl    more on demand (`recombined_corpus(1_000_000)`, bench/scale.py): the
                       same seed, so a smaller file is the start of a larger one

Run `python -m bench.corpus [--force]` (or `make bench-corpus`). Without ../shared/corpora
it says so and exits 0, so `make bench` still runs elsewhere.
"""

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from bench._setup import BENCH_DIR, CORPORA, setup

REAL = BENCH_DIR / "corpus-24k.jsonl"
RECOMBINED = BENCH_DIR / "corpus-100k.jsonl"
RECOMBINED_COUNT = 100_000
SEED = 21578


def size_label(count: int) -> str:
    """Return a corpus size as its files name it: 100000 is "100k", 1000000 is "1m"."""
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


def recombined_corpus(count: int) -> Path:
    """Return var/bench/corpus-LABEL.jsonl with `count` recombined articles, written on first
    use (about a minute and 1.1 GB per million; never committed: var/ is gitignored)."""
    path = BENCH_DIR / f"corpus-{size_label(count)}.jsonl"
    if not path.exists():
        if not REAL.exists():
            write_jsonl(REAL, real_articles())
        write_jsonl(path, recombined_articles(REAL, count, SEED))
    return path


def real_articles() -> Iterator[dict]:
    """Yield every BBC and Reuters article as a JSON Lines record, parsed by the importer."""
    from articles.importers import files

    bbc = files.article_files([CORPORA / "bbc"])
    reuters = files.article_files(sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")))
    for file, source in [*((f, "BBC News") for f in bbc), *((f, "Reuters") for f in reuters)]:
        for entry in files.entries(file, section_from_folder=source == "BBC News"):
            if entry.article is not None:
                yield _record(entry.key, entry.article, source)


def _record(key: str, article, source: str) -> dict:
    return {
        "id": key,
        "title": article.title,
        "standfirst": article.standfirst,
        "paragraphs": list(article.paragraphs),
        "published": article.published.isoformat() if article.published else None,
        "source": source,
        "section": article.section,
    }


def recombined_articles(real_file: Path, count: int, seed: int) -> Iterator[dict]:
    """Yield `count` articles, each a real one's metadata with other real paragraphs.

    Each takes a random real article as its template (title, source, section, date,
    number of paragraphs) and fills it with paragraphs drawn from the whole corpus, so
    sizes and vocabulary follow the real distribution. The same seed gives the same file.
    """
    templates, pool = [], []
    with open(real_file, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            paragraphs = record.pop("paragraphs")
            templates.append((record, len(paragraphs)))
            pool.extend(paragraphs)
    rng = random.Random(seed)
    for number in range(1, count + 1):
        template, length = rng.choice(templates)
        paragraphs = [rng.choice(pool) for _ in range(length)]
        # Six digits up to 999,999 (the 100k file's ids); a million's last id has seven.
        yield {**template, "id": f"mix:{number:06d}", "paragraphs": paragraphs}


def write_jsonl(path: Path, records: Iterator[dict]) -> int:
    """Write records one a line (atomically: a partial file never keeps the name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial, count = path.with_suffix(".partial"), 0
    with open(partial, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    partial.replace(path)
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rewrite files that exist")
    args = parser.parse_args(argv)
    if not (CORPORA / "bbc").is_dir() or not (CORPORA / "reuters21578").is_dir():
        print(f"No corpora in {CORPORA}: benchmark corpora not written (skipped).")
        return 0
    setup()
    if args.force or not REAL.exists():
        print(f"{REAL}: {write_jsonl(REAL, real_articles()):,} articles")
    if args.force or not RECOMBINED.exists():
        records = recombined_articles(REAL, RECOMBINED_COUNT, SEED)
        print(f"{RECOMBINED}: {write_jsonl(RECOMBINED, records):,} articles")
    for path in (REAL, RECOMBINED):
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
