"""Bound the exports running at once, so that long downloads cannot hold every web worker.

An export streams up to 5,000 articles and can take half a minute on a busy machine; five
at once held all five workers of `make serve` and an article page waited 32 s. So each
client address may run one export at a time, and the whole site EXPORTS_AT_ONCE (below the
number of workers); past either the answer is 429 with Retry-After.

A slot is a key in the shared cache, taken with add() and deleted when the response is
closed (the server closes it at the end of the download, or when the client goes away). The
key also expires after SLOT_SECONDS, so a worker killed mid-download cannot keep its slot.
add() is atomic in both caches (newsarchive/cache.py): two requests never get one slot. With
Redis (NEWSARCHIVE_CACHE_URL) the slots are shared by every web node.
"""

from django.conf import settings
from django.core.cache import cache

SLOT_SECONDS = 300
RETRY_AFTER = 30


class Busy(Exception):
    """No slot: the message says whose exports are running."""


class Slot:
    def __init__(self, keys: list[str]):
        self.keys = keys

    def release(self) -> None:
        for key in self.keys:
            cache.delete(key)


def take(address: str) -> Slot:
    """Return a slot for one export from `address`, or raise Busy."""
    own = f"export-running:{address}"
    if not cache.add(own, 1, timeout=SLOT_SECONDS):
        raise Busy(
            "An export from your address is still running: one at a time. "
            f"Try again in {RETRY_AFTER} seconds, or when it has finished."
        )
    for number in range(settings.EXPORTS_AT_ONCE):
        shared = f"export-slot:{number}"
        if cache.add(shared, 1, timeout=SLOT_SECONDS):
            return Slot([own, shared])
    cache.delete(own)
    raise Busy(
        f"The archive is already running {settings.EXPORTS_AT_ONCE} exports, its most at once. "
        f"Try again in {RETRY_AFTER} seconds."
    )


class Releasing:
    """The streamed lines of a response, giving the slot back when the server closes them."""

    def __init__(self, lines, slot: Slot):
        self.lines, self.slot = lines, slot

    def __iter__(self):
        return iter(self.lines)

    def close(self) -> None:
        self.slot.release()
