"""Reading postings blocks directly gives exactly what Whoosh's own matcher reads."""

from itertools import accumulate

import pytest
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.index import create_in

from articles.search.whoosh.analysis import build_schema
from articles.search.whoosh.fastpath.postings import (
    _decoded,
    _gaps_together,
    positions_decoder,
    positions_in,
    read_blocks,
)

# Enough documents for several blocks of 128 postings, and words whose blocks differ:
# "common" in every document with varying counts (a weight per posting), "once" once in
# every document (weights all 1.0, stored as None), "pair" and "trio" in two and three
# (tuples of up to three pickle without the MARK that longer ones open with).
DOCUMENTS = 300


def _body(n: int) -> str:
    words = ["common"] * (1 + n % 4) + ["once"] + ["filler"] * (n % 7)
    if n in (5, 250):
        words.append("pair")
    if n in (1, 2, 3):
        words.append("trio")
    return " ".join(words[n % 3 :] + words[: n % 3])


@pytest.fixture
def segment(tmp_path):
    index = create_in(tmp_path, build_schema())
    with index.writer() as writer:
        for n in range(DOCUMENTS):
            writer.add_document(id=str(n), body=_body(n))
    with index.writer() as writer:  # a deletion stays in the segment's postings
        writer.delete_by_term("id", "7")
    with index.searcher() as searcher:
        yield searcher.reader()


def _whoosh_blocks(reader, word: bytes) -> list[tuple]:
    matcher = reader._terms.matcher("body", word, reader.schema["body"].format)
    assert isinstance(matcher, W3LeafMatcher)
    blocks = []
    while not matcher._atend:
        matcher._read_ids(), matcher._read_weights(), matcher._read_values()
        blocks.append((list(matcher._ids), list(matcher._weights), list(matcher._values)))
        matcher._next_block()
    return blocks


@pytest.mark.parametrize("word", [b"common", b"onc", b"filler", b"pair", b"trio"])
def test_blocks_equal_whoosh_matcher_with_and_without_positions(segment, word):
    expected = _whoosh_blocks(segment, word)

    with_positions = read_blocks(segment, "body", word, positions=True)
    without = read_blocks(segment, "body", word, positions=False)

    assert [(list(i), list(w), list(v)) for i, w, v in with_positions] == expected
    assert [(list(i), list(w)) for i, w, _ in without] == [(i, w) for i, w, _ in expected]
    assert all(values is None for _, _, values in without)


def test_common_word_spans_blocks_and_keeps_deleted_documents(segment):
    blocks = read_blocks(segment, "body", b"common", positions=False)

    ids = [docnum for block_ids, _, _ in blocks for docnum in block_ids]
    assert len(blocks) == 3  # 300 postings: 128 + 128 + 44
    assert ids == list(range(DOCUMENTS))  # document 7 is deleted, but still in the postings
    assert {w for _, weights, _ in blocks for w in weights} == {1.0, 2.0, 3.0, 4.0}


def test_positions_decode_as_whoosh_decodes_them(segment):
    format_ = segment.schema["body"].format
    decode = positions_decoder(format_)
    whoosh_decode = format_.decoder("positions")

    for _, _, values in read_blocks(segment, "body", b"common", positions=True):
        for value in values:
            assert decode(value) == whoosh_decode(value)
            assert decode(value.rstrip(b".")) == whoosh_decode(value)


def test_positions_of_chosen_documents_come_from_their_blocks_only(segment):
    decode = positions_decoder(segment.schema["body"].format)
    everything = {
        docnum: decode(value)
        for ids, _, values in read_blocks(segment, "body", b"common", positions=True)
        for docnum, value in zip(ids, values, strict=True)
    }
    chosen = {0, 127, 128, 299, 150}  # first and last of a block, the next block, the end

    found = positions_in(segment, "body", b"common", chosen, decode)

    assert found == {docnum: everything[docnum] for docnum in chosen}
    pair_position = _body(5).split().index("pair")
    assert positions_in(segment, "body", b"pair", {0, 5, 299}, decode) == {5: [pair_position]}


def test_positions_read_together_equal_whoosh_for_long_and_far_apart_positions(tmp_path):
    # Over 1,000 positions pickle in several batches; gaps over 255 and 65,535 in wider
    # integers: the values decoded in one pickle must still split exactly per document.
    bodies = {
        "many": " ".join(["echo"] * 1200),
        "far": " ".join(["echo"] + ["gap"] * 300 + ["echo"] + ["gap"] * 70_000 + ["echo"]),
        "once": "echo",
    }
    index = create_in(tmp_path, build_schema())
    with index.writer() as writer:
        for key, body in bodies.items():
            writer.add_document(id=key, body=body)
    with index.searcher() as searcher:
        reader = searcher.reader()
        format_ = reader.schema["body"].format
        whoosh_decode = format_.decoder("positions")
        (ids, _, values), *_ = read_blocks(reader, "body", b"echo", positions=True)

        found = positions_in(reader, "body", b"echo", set(ids), positions_decoder(format_))

    assert found == {docnum: whoosh_decode(v) for docnum, v in zip(ids, values, strict=True)}
    assert [len(found[docnum]) for docnum in sorted(found)] == [1200, 3, 1]
    # ...and they were read in one pickle, not one by one after a failed join.
    together = _gaps_together([value.decode("latin-1") for value in values])
    assert [list(accumulate(gaps)) for gaps in together] == [found[d] for d in ids]
    assert found[1][-1] == 1 + 300 + 1 + 70_000


def test_values_without_their_stop_are_decoded_one_by_one(segment):
    format_ = segment.schema["body"].format
    decode = positions_decoder(format_)
    (_, _, values), *_ = read_blocks(segment, "body", b"common", positions=True)
    texts = [value.decode("latin-1") for value in values[:5]]

    whole = _decoded(texts, decode)
    stopless = _decoded([text.rstrip(".") for text in texts], decode)

    assert whole == stopless == [format_.decoder("positions")(value) for value in values[:5]]
