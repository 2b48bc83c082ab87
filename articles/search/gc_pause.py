"""Pause Python's cyclic garbage collector while a search runs.

A search over 100,000 articles makes hundreds of thousands of short-lived objects (the
postings blocks, document sets, positions), all freed by reference counting when it ends.
While they live, the collector keeps being triggered by their number and walks them, and
every object of the process, again and again: about a third of a slow search's time
(measured with bench/search.py). They form no reference cycles, so nothing piles up: the
collector runs again as usual once no search is running, and finds any cycle then.
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"searches": 0, "was_enabled": False}


@contextmanager
def gc_paused():
    """Keep the cyclic collector off until the block ends (and every other such block)."""
    with _lock:
        if _state["searches"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["searches"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["searches"] -= 1
            if _state["searches"] == 0 and _state["was_enabled"]:
                gc.enable()
