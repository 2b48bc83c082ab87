"""How well the name finder finds people, organisations and places: precision and recall
per kind against names judged by hand in BBC articles (bench/entities_judged.json).

Run `python -m bench.entities` (or `make bench-entities`). It reads the judged articles
from ../shared/corpora/bbc with the importer's own parser and prints a table for the
tuning set (the 40 articles the rules were written against), the held-out set (10 more,
never tuned on, whose errors were read on 29 November 2026) and the second held-out set (10
more, judged on 30 November 2026 before the finder was run on them; its errors were read
the same day) and the third held-out set (10 more, BBC files 105 and 106 of each section,
judged on 30 November 2026 before the finder was run on them; its errors were read the same
day) and the fourth held-out set (10 more, BBC files 107 and 108 of each section, judged in
round 3 before the finder was run on them). `--set NAME` runs one set only. Without
../shared/corpora it says so and exits 0.

Matching rule: a found name matches a judged one of the same kind when their keys are
equal (articles.names.finder.name_key: lower case, accents and punctuation dropped, a
leading "the" dropped, "St" read as "Saint"), each judged name matched at most once.
"""

import json
import sys
import time
from pathlib import Path

from bench._setup import CORPORA, setup

JUDGED = Path(__file__).parent / "entities_judged.json"
KINDS = ("person", "organisation", "place")
TARGET_PRECISION, TARGET_RECALL = 0.85, 0.6
SETS = ("tuning", "held_out", "held_out_2", "held_out_3", "held_out_4")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not (CORPORA / "bbc").is_dir():
        print(f"SKIPPED the entities benchmark: no BBC corpus at {CORPORA / 'bbc'}.")
        return 0
    setup()
    from articles.importers.text import parse_text
    from articles.names.finder import find_names

    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    find_names("Warm up", ["The gazetteers load once, before the clock starts."])
    verbose = "--verbose" in argv
    sets = SETS
    if "--set" in argv:
        sets = (argv[argv.index("--set") + 1],)
    for set_name in sets:
        articles = judged[set_name]
        counts = {kind: [0, 0, 0] for kind in KINDS}  # matched, found, judged
        elapsed = 0.0
        for key, names in articles.items():
            parsed = parse_text((CORPORA / key).read_bytes())
            started = time.perf_counter()
            found = find_names(parsed.title, parsed.paragraphs)
            elapsed += time.perf_counter() - started
            for kind in KINDS:
                _score(
                    key,
                    kind,
                    names[kind],
                    [f.name for f in found if f.kind == kind],
                    counts,
                    verbose,
                )
        _print_table(f"{set_name} ({len(articles)} articles)", counts)
        print(f"{1000 * elapsed / len(articles):.1f} ms/article")
    return 0


def _score(key, kind, judged_names, found_names, counts, verbose) -> None:
    from articles.names.finder import name_key

    wanted = {name_key(name): name for name in judged_names}
    got = {name_key(name): name for name in found_names}
    matched = wanted.keys() & got.keys()
    counts[kind][0] += len(matched)
    counts[kind][1] += len(got)
    counts[kind][2] += len(wanted)
    if verbose:
        wrong = sorted(got[k] for k in got.keys() - matched)
        missed = sorted(wanted[k] for k in wanted.keys() - matched)
        if wrong or missed:
            print(f"{key} {kind}: wrong {wrong} missed {missed}")


def _print_table(title: str, counts) -> None:
    print(f"\n{title}")
    print("| kind | judged | found | right | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, (right, found, judged) in counts.items():
        precision = right / found if found else 0.0
        recall = right / judged if judged else 0.0
        flag = (
            "" if precision >= TARGET_PRECISION and recall >= TARGET_RECALL else " (below target)"
        )
        print(f"| {kind} | {judged} | {found} | {right} | {precision:.2f} | {recall:.2f}{flag} |")


if __name__ == "__main__":
    sys.exit(main())
