"""Read a term's postings from a whoosh==2.7.4 segment, a block of up to 128 at a time.

Whoosh's matcher reads a block with two seeks and reads per block, unpickles its ids,
weights and positions together, and undoes the delta coding of the ids in a Python loop.
A search mostly needs the ids and weights alone (the count, the facets, BM25F); only an
exact phrase needs the positions. So here a term's whole postings are read with one read,
the ids are summed in C (itertools.accumulate), and, unless positions are asked for, each
block is unpickled only up to its positions: those are a third of its bytes but four
fifths of its unpickling time (each is a small pickle of its own, stored as bytes).
When a phrase does need them, they are unpickled as text, not bytes, and the values of
the wanted documents decoded together with one pickle.loads (see _ids_and_sliced_values).

The format is Whoosh 2.7.4's W3 codec (whoosh/codec/whoosh3.py, W3PostingsWriter):

    postings  = b"inf1" block...            (the term info gives offset and length)
    block     = int32 length (negative on the last block), pickled info, data
    info      = (postings in block, last id, max weight, compression, min, max length)
    data      = zlib(pickle((delta-coded ids, weights, values), protocol 2))

Anything else (another codec, inlined postings, the fast path off) raises Unsupported, and
callers step Whoosh's own matcher instead. The pickles are the index's own files, which
Whoosh itself unpickles the same way (hence the S301 exemptions): never data from a request.
"""

import io
import pickle
import struct
import zlib
from bisect import bisect_right
from itertools import accumulate, compress, repeat
from operator import attrgetter, itemgetter

from whoosh.codec import whoosh3
from whoosh.formats import Positions
from whoosh.reading import SegmentReader

from . import Unsupported, require

_BLOCK_LENGTH = struct.Struct("!i")
_COUNT_BYTES = 4  # a Positions value starts with the number of positions, then the pickle
# Pickle protocol 2 writes each bytes value on Python 3 as a call of this global; the
# first one starts the values, after the ids and the weights.
_BYTES_VALUE = b"c_codecs\nencode\n"
_MARK = ord("(")
_TUPLE2_STOP = b"\x86."
# The same global made slice(text, "latin1"), which keeps the text (_ids_and_sliced_values).
_SLICE_VALUE = b"cbuiltins\nslice\n"
_PROTOCOL_2 = b"\x80\x02"
_PROTOCOL_2_TEXT = _PROTOCOL_2.decode("latin-1")
_SLICE_START = attrgetter("start")
_pickle_body = itemgetter(slice(_COUNT_BYTES + len(_PROTOCOL_2_TEXT), -1))
# Enough inflated bytes for a block's ids and weights (about 11 bytes a posting).
_HEAD_BYTES = 2048


def read_blocks(reader, fieldname: str, word: bytes, positions: bool) -> list[tuple]:
    """Return the term's postings in a segment as blocks of (ids, weights, values).

    `values` is None unless `positions`. Deleted documents are still in the postings.
    Raises Unsupported if the segment is not whoosh==2.7.4's W3 codec.
    """
    blocks = []
    for count, _, compression, data in _raw_blocks(_region(reader, fieldname, word)):
        ids, weights, values = _block_data(data, compression, count, positions)
        blocks.append((list(accumulate(ids)), _expanded(weights, count), values))
    return blocks


def blocks_holding(reader, fieldname: str, word: bytes, docs: set[int]) -> list[tuple]:
    """Return the term's blocks of (ids, weights, None) whose range of ids holds one of
    `docs` (of this segment): to score a phrase's few documents, a few blocks of a common
    word's hundreds. Deleted documents are still in them.
    Raises Unsupported if the segment is not whoosh==2.7.4's W3 codec.
    """
    wanted, blocks, previous_last = sorted(docs), [], -1
    for count, last, compression, data in _raw_blocks(_region(reader, fieldname, word)):
        first_wanted = bisect_right(wanted, previous_last)
        if first_wanted < len(wanted) and wanted[first_wanted] <= last:
            ids, weights, _ = _block_data(data, compression, count, False)
            blocks.append((list(accumulate(ids)), _expanded(weights, count), None))
        previous_last = last
    return blocks


def positions_in(reader, fieldname: str, word: bytes, docs: set[int], decode) -> dict[int, list]:
    """Return {document: positions of the word} for the `docs` (of this segment) having it.

    Only the blocks whose range of ids holds one of `docs` are unpickled: for a phrase
    with a rare word, a few blocks of the common word's hundreds.
    Raises Unsupported if the segment is not whoosh==2.7.4's W3 codec.
    """
    wanted, found, previous_last = sorted(docs), {}, -1
    for _, last, compression, data in _raw_blocks(_region(reader, fieldname, word)):
        first_wanted = bisect_right(wanted, previous_last)
        if first_wanted < len(wanted) and wanted[first_wanted] <= last:
            ids, values = _ids_and_sliced_values(zlib.decompress(data) if compression else data)
            keep = list(map(docs.__contains__, ids))
            chosen = _decoded(_texts(compress(values, keep)), decode)
            found.update(zip(compress(ids, keep), chosen, strict=True))
        previous_last = last
    return found


def _ids_and_sliced_values(raw: bytes) -> tuple[list[int], tuple]:
    """Return a block's ids, and its values as slice(text, "latin1") (see _texts).

    Protocol 2 pickles each bytes value as a call of _codecs.encode(text, "latin1"). Loaded
    with slice in its place, a value keeps the text the pickle holds, a third cheaper than
    encoding each, and only the values a phrase needs are then turned back into bytes.
    """
    sliced = raw.replace(_BYTES_VALUE, _SLICE_VALUE, 1)
    ids, _, values = pickle.loads(sliced)  # noqa: S301 -- the index's own file, see above
    if not isinstance(values, tuple) or len(values) != len(ids):
        raise Unsupported("not a block of values")
    return list(accumulate(ids)), values


def _texts(values) -> list[str]:
    """Return the texts of sliced values; Unsupported if one was not a bytes value."""
    values = list(values)
    if not all(map(isinstance, values, repeat(slice))):
        raise Unsupported("values are not bytes pickled with protocol 2")
    texts = list(map(_SLICE_START, values))
    if not all(map(isinstance, texts, repeat(str))):
        raise Unsupported("values are not bytes pickled with protocol 2")
    return texts


def _decoded(texts: list[str], decode) -> list:
    """Return the decoded values (given as latin-1 text).

    Whoosh's Positions values (a count, then the pickled gaps between positions) are
    unpickled all at once: their pickles, stripped of their PROTO header and STOP, follow
    on inside one list. Any other value is decoded one by one, as Whoosh does.
    """
    if decode is _decode_positions and texts:
        gaps = _gaps_together(texts)
        if gaps is not None:
            return list(map(list, map(accumulate, gaps)))
    return list(map(decode, (text.encode("latin-1") for text in texts)))


def _gaps_together(texts: list[str]) -> list | None:
    """Return each value's list of gaps, from one pickle of them all, or None if a value
    is not a whole protocol 2 pickle (Whoosh's decoder also accepts one without STOP)."""
    whole = map(str.startswith, texts, repeat(_PROTOCOL_2_TEXT), repeat(_COUNT_BYTES))
    if not (all(whole) and all(map(str.endswith, texts, repeat(".")))):
        return None
    body = "".join(map(_pickle_body, texts)).encode("latin-1")
    try:
        gaps = pickle.loads(_PROTOCOL_2 + b"(" + body + b"l.")  # noqa: S301 -- see above
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError, IndexError):
        return None
    return gaps if len(gaps) == len(texts) else None


def segment_files(reader) -> tuple:
    """Return a segment reader's terms reader and per-document reader (Whoosh's W3 codec).

    Raises Unsupported if the fast path is off, or the reader is not a whoosh==2.7.4
    segment in the W3 codec.
    """
    require()
    if not isinstance(reader, SegmentReader):
        raise Unsupported(f"not a segment reader: {type(reader).__name__}")
    terms, perdoc = reader._terms, reader._perdoc
    if not isinstance(terms, whoosh3.W3TermsReader):
        raise Unsupported(f"not the W3 codec's terms: {type(terms).__name__}")
    if not isinstance(perdoc, whoosh3.W3PerDocReader):
        raise Unsupported(f"not the W3 codec's columns: {type(perdoc).__name__}")
    return terms, perdoc


def deleted_docs(reader) -> frozenset[int]:
    """Return a segment's deleted documents (still in its postings); Unsupported as above."""
    _, perdoc = segment_files(reader)
    return frozenset(perdoc.deleted_docs() if reader.has_deletions() else ())


def _region(reader, fieldname: str, word: bytes) -> bytes:
    terms, _ = segment_files(reader)
    info = terms.term_info(fieldname, word)
    if not isinstance(info, whoosh3.W3TermInfo):
        raise Unsupported(f"not the W3 codec's term info: {type(info).__name__}")
    if info.is_inlined():
        raise Unsupported("inlined postings")
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's 1-tuple
        (length,) = length
    region = terms._postfile.get(offset, length)
    if not region.startswith(whoosh3.WHOOSH3_HEADER_MAGIC):
        raise Unsupported("not a W3 postings list")
    return region


def _raw_blocks(region: bytes):
    """Yield (postings, last id, compression, data) for each block of a postings region."""
    stream = io.BytesIO(region)
    start = len(whoosh3.WHOOSH3_HEADER_MAGIC)
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(region, start)
        start += _BLOCK_LENGTH.size
        end = start + abs(length)
        stream.seek(start)
        count, last, _, compression, _, _ = pickle.load(stream)  # noqa: S301
        yield count, last, compression, region[stream.tell() : end]
        if length < 0:  # the last block
            return
        start = end


def _block_data(data: bytes, compression: int, count: int, positions: bool) -> tuple:
    if not positions:
        head = _ids_and_weights(data, compression, count)
        if head is not None:
            return (*head, None)
    ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)  # noqa: S301
    return ids, weights, values if positions else None


def _ids_and_weights(data: bytes, compression: int, count: int) -> tuple | None:
    """Unpickle a block's ids and weights only, or return None if it cannot be cut there.

    The pickle holds the tuple (ids, weights, values); cut just before the values and
    closed with TUPLE2 and STOP, it loads as (ids, weights). A cut that does not give
    `count` ids is refused, and the caller then unpickles the whole block.
    """
    if compression:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, _HEAD_BYTES)
        cut = raw.find(_BYTES_VALUE)
        if cut < 0:
            raw += inflater.decompress(inflater.unconsumed_tail)
            cut = raw.find(_BYTES_VALUE)
    else:
        raw, cut = data, data.find(_BYTES_VALUE)
    if count > 3:  # longer tuples open with a MARK; up to three use TUPLE1..3 instead
        cut -= 1
    if cut <= 0 or (count > 3 and raw[cut] != _MARK):
        return None
    try:
        ids, weights = pickle.loads(raw[:cut] + _TUPLE2_STOP)  # noqa: S301
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
        return None
    if len(ids) != count or not (weights is None or isinstance(weights, float | tuple)):
        return None
    return ids, weights


def _expanded(weights, count: int):
    # As W3LeafMatcher._read_weights: None means every weight is 1.0; a float, all the same.
    if weights is None:
        return (1.0,) * count
    if isinstance(weights, float):
        return (weights,) * count
    return weights


def positions_decoder(format_):
    """Return a function from a posting's value to the word's positions in the document.

    For Whoosh's Positions format (a count, then the pickled gaps between positions) the
    gaps are summed in C; any other format decodes as Whoosh does.
    """
    if type(format_) is not Positions:
        return format_.decoder("positions")
    return _decode_positions


def _decode_positions(value: bytes) -> list[int]:
    if not value.endswith(b"."):  # as Whoosh's decoder: accept a pickle without its STOP
        value += b"."
    return list(accumulate(pickle.loads(value[_COUNT_BYTES:])))  # noqa: S301 -- see above
