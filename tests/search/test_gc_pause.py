"""The cyclic garbage collector is off during a search and back on after it, whatever happens."""

import gc
import threading

import pytest

from articles import search
from articles.search.gc_pause import gc_paused


def test_collector_is_off_inside_and_back_on_after_nested_blocks():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer search is still running
    assert gc.isenabled()


def test_collector_comes_back_after_an_error():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("a failing search")
    assert gc.isenabled()


def test_collector_stays_off_while_another_thread_still_searches():
    inside, finish = threading.Event(), threading.Event()

    def long_search():
        with gc_paused():
            inside.set()
            finish.wait(5)

    thread = threading.Thread(target=long_search)
    thread.start()
    inside.wait(5)
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's search has not ended
    finish.set()
    thread.join()
    assert gc.isenabled()


def test_a_search_leaves_the_collector_on(seed_article):
    results = search.search_articles("Zelensky")

    assert results.total == 1
    assert gc.isenabled()
