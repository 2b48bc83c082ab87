"""The Whoosh 2.7.4 fast path, behind a wall.

postings.py reads a term's postings straight from a segment's files, docsets.py makes them
sets of documents (the count, the filters, the phrases) and scoring.py adds up BM25F from
them: about ten times faster than stepping Whoosh's matchers, and tested against Whoosh's own
results. They read Whoosh 2.7.4's on-disk format (its W3 codec's postings blocks, rewriting
pickle protocol 2 opcodes in them) through names Whoosh keeps private:

    whoosh.reading.SegmentReader        _terms, _perdoc
    whoosh.codec.whoosh3.W3TermsReader  _postfile
    whoosh.codec.whoosh3.W3PerDocReader _cached_reader
    whoosh.codec.whoosh3                _lenfield()
    whoosh.codec.whoosh3.W3LeafMatcher  _atend, _read_ids, _read_weights, _read_values,
                                        _next_block, _ids, _weights, _values
    whoosh.matching.wrappers.FilterMatcher  _ids
    whoosh.columns.NumericColumn.Reader _dbfile, _basepos, _count
    whoosh.scoring.BM25F                _field_B

Another Whoosh may change any of them, so the wall:
- the installed Whoosh must be exactly 2.7.4, checked when this package is imported; any
  other turns the fast path off, with one warning in the log;
- settings.SEARCH_FAST_PATH (NEWSARCHIVE_SEARCH_FAST_PATH) turns it off too;
- off, or wherever a reader, matcher or block is not of the kind it knows, the fast path
  raises Unsupported, and its callers then use Whoosh's public matchers (the slow path):
  the same results, only slower. Any other error, an AttributeError too, is a bug, and
  surfaces as one instead of falling back.
"""

import logging

import whoosh
from django.conf import settings

SUPPORTED_WHOOSH = "2.7.4"

log = logging.getLogger(__name__)

_whoosh = {"supported": False}


class Unsupported(Exception):
    """The fast path is off, or cannot read this reader, matcher or block: use Whoosh's own."""


def check_whoosh_version() -> bool:
    """Return True if the installed Whoosh is the one the fast path reads; warn once if not."""
    installed = whoosh.versionstring()
    _whoosh["supported"] = installed == SUPPORTED_WHOOSH
    if not _whoosh["supported"]:
        log.warning(
            "Whoosh %s is installed; the search fast path reads only Whoosh %s's files, so "
            "searches use Whoosh's own matchers (the same results, slower).",
            installed,
            SUPPORTED_WHOOSH,
        )
    return _whoosh["supported"]


def enabled() -> bool:
    """Return True if searches may take the fast path: Whoosh 2.7.4, and the setting on."""
    return _whoosh["supported"] and settings.SEARCH_FAST_PATH


def require() -> None:
    """Raise Unsupported unless the fast path is enabled."""
    if not enabled():
        raise Unsupported("the fast path is off")


check_whoosh_version()
