"""Who said it: precision and recall of the quotes' speakers on BBC articles judged by hand.

    python -m bench.quotes          (part of `make bench-entities`)

bench/quotes_judged.json holds keys, paragraph numbers, a quote's first words and its speaker
(no corpus text; its "about" says how the articles were chosen and judged, and how a quote
is scored). Each judged article is read from ../shared/corpora/bbc with the importer's own
parser and its quotes found by articles/quotes.py, as an import finds them. Also timed: the
finder over every BBC article (ms an article). Skips with a message when the corpus is absent.
"""

import json
import sys
import time
from pathlib import Path

from bench._setup import CORPORA, setup

JUDGED = Path(__file__).with_name("quotes_judged.json")
SETS = ("tuning", "held_out", "held_out_2", "held_out_3")


def main() -> int:
    if not (CORPORA / "bbc").is_dir():
        print(f"No BBC corpus at {CORPORA / 'bbc'}: nothing to measure.")
        return 0
    setup()
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    print(
        "| set | articles | judged quotes | with a speaker | given a speaker | correct "
        "| precision | recall |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in SETS:
        print(_row(name, _score(judged[name])))
    print(f"\nThe finder: {_ms_an_article():.2f} ms an article (every BBC article, median of 3).")
    return 0


def _paragraphs(key: str) -> list[str]:
    from articles.importers.text import parse_text

    return list(parse_text((CORPORA / key).read_bytes()).paragraphs)


def _score(articles: dict) -> dict:
    from articles.quotes import find_quotes

    totals = {"articles": len(articles), "judged": 0, "speaking": 0, "given": 0, "correct": 0}
    for key, quotes in articles.items():
        found = find_quotes(_paragraphs(key))
        matched = set()
        for paragraph, opening, speaker in quotes:
            totals["judged"] += 1
            totals["speaking"] += speaker is not None
            index = _match(found, paragraph, opening, matched)
            if index is not None:
                matched.add(index)
                if speaker and _same_person(found[index].speaker, speaker):
                    totals["correct"] += 1
        totals["given"] += sum(1 for quote in found if quote.speaker)
    return totals


def _match(found, paragraph: int, opening: str, taken: set[int]) -> int | None:
    """Return the index of the found quote of this paragraph that starts with `opening`."""
    wanted = _words(opening)
    for index, quote in enumerate(found):
        same_paragraph = index not in taken and quote.paragraph == paragraph
        if same_paragraph and _words(quote.text)[: len(wanted)] == wanted:
            return index
    return None


def _words(text: str) -> list[str]:
    return text.lower().replace("’", "'").split()


def _same_person(found: str, judged: str) -> bool:
    """The same name, or one is the other's last words ("Frederik", "Prince Frederik")."""
    a, b = _words(found), _words(judged)
    if not a:
        return False
    shorter, longer = sorted((a, b), key=len)
    return longer[-len(shorter) :] == shorter


def _row(name: str, t: dict) -> str:
    precision = t["correct"] / t["given"] if t["given"] else 0.0
    recall = t["correct"] / t["speaking"] if t["speaking"] else 0.0
    return (
        f"| {name} | {t['articles']} | {t['judged']} | {t['speaking']} | {t['given']} "
        f"| {t['correct']} | {precision:.2f} | {recall:.2f} |"
    )


def _ms_an_article() -> float:
    from articles.quotes import find_quotes

    articles = [
        _paragraphs(str(path.relative_to(CORPORA)))
        for path in sorted((CORPORA / "bbc").glob("*/*.txt"))
    ]
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        for paragraphs in articles:
            find_quotes(paragraphs)
        rounds.append((time.perf_counter() - start) * 1000 / len(articles))
    return sorted(rounds)[1]


if __name__ == "__main__":
    sys.exit(main())
