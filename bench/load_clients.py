"""The load generator: a separate process of reader threads and, with --login, one editor.

Run by bench/load.py as `python -m bench.load_clients URL ...`; talks to 127.0.0.1 only,
stops after --requests requests or --seconds seconds, whichever comes first, and prints
one JSON document of raw timings on stdout.
"""

import argparse
import json
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.live.browserless import AdminEditor

# The query mix: common and rare words, phrases, operators, fields, prefixes, fuzzy terms,
# later pages and date sorting, as readers and researchers type them.
QUERY_MIX = [
    "oil",
    "trade",
    "bank rates",
    "shares profit",
    "government minister",
    '"interest rates"',
    '"stock exchange"',
    "coffee OR cocoa",
    "gold -silver",
    "title:election",
    "section:sport",
    "compan*",
    "negotiat*",
    "economy~1",
    "film award",
    "football manager",
    "telephone network",
    "opec production quota",
    "the",
    "wheat exports soviet",
]
ARTICLE_LINK = re.compile(r'<h3><a href="(/articles/[^"?]+/)')


class Budget:
    """A shared count of requests and a deadline: the load stops at whichever comes first."""

    def __init__(self, requests: int, seconds: float):
        self.left, self.deadline = requests, time.monotonic() + seconds
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def fetch(url: str) -> tuple[int, float, str]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body, status = response.read().decode(), response.status
    except urllib.error.HTTPError as error:
        body, status = "", error.code
    except OSError:
        body, status = "", 0  # Refused, reset or timed out: counted as an error.
    return status, time.perf_counter() - started, body


def reader(base: str, budget: Budget, seed: int, out: list, open_articles: bool = True) -> None:
    rng = random.Random(seed)
    while budget.take():
        query = rng.choice(QUERY_MIX)
        page = rng.choice([1, 1, 1, 2, 3])
        sort = rng.choice(["", "", "", "&sort=newest"])
        url = f"{base}/search/?q={urllib.parse.quote(query)}&page={page}{sort}"
        status, seconds, body = fetch(url)
        out.append(("search", status, seconds))
        links = ARTICLE_LINK.findall(body) if open_articles else []
        if links and budget.take():
            status, seconds, _ = fetch(base + rng.choice(links))
            out.append(("article", status, seconds))


def editor(base, login, article_ids, budget: Budget, out: list, edits: list) -> None:
    session = AdminEditor(base)
    session.sign_in(*login)
    for n, article_id in enumerate(article_ids):
        if not budget.take():
            return
        title = f"Load test edit zqload{n}x"
        started = time.perf_counter()
        try:
            status = session.change_title(article_id, title)
        except (OSError, AssertionError):
            status = 0
        out.append(("edit", status, time.perf_counter() - started))
        if status == 200:
            edits.append({"id": article_id, "title": title, "token": f"zqload{n}x"})
        time.sleep(0.5)  # An editor, not a robot: about one save a second.


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--login", nargs=2, help="an editor's name and password: one editor")
    parser.add_argument("--edit-ids", type=int, nargs="+", default=[])
    parser.add_argument(
        "--searches-only", action="store_true", help="readers search and open no article"
    )
    args = parser.parse_args()
    if not args.url.startswith("http://127.0.0.1:"):
        parser.error("the load generator only talks to 127.0.0.1")
    budget, timings, edits = Budget(args.requests, args.seconds), [], []
    threads = [
        threading.Thread(
            target=reader, args=(args.url, budget, seed, timings, not args.searches_only)
        )
        for seed in range(args.clients)
    ]
    if args.login:
        threads.append(
            threading.Thread(
                target=editor, args=(args.url, args.login, args.edit_ids, budget, timings, edits)
            )
        )
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(json.dumps({"elapsed": elapsed, "timings": timings, "edits": edits}))


if __name__ == "__main__":
    main()
