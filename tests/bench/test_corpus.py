import json

import pytest

from bench import corpus

pytestmark = pytest.mark.django_db


def write_real(path):
    records = [
        {"id": "a", "title": "Alpha", "source": "S", "section": "x", "paragraphs": ["a1", "a2"]},
        {"id": "b", "title": "Beta", "source": "T", "section": "y", "paragraphs": ["b1"]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return records


def test_recombined_articles_reuse_real_metadata_and_real_paragraphs(tmp_path):
    real = write_real(tmp_path / "real.jsonl")

    made = list(corpus.recombined_articles(tmp_path / "real.jsonl", 50, seed=1))

    assert [m["id"] for m in made[:2]] == ["mix:000001", "mix:000002"]
    by_title = {r["title"]: r for r in real}
    for article in made:
        template = by_title[article["title"]]
        assert (article["source"], article["section"]) == (template["source"], template["section"])
        assert len(article["paragraphs"]) == len(template["paragraphs"])
        assert set(article["paragraphs"]) <= {"a1", "a2", "b1"}


def test_the_same_seed_writes_the_same_file_and_another_seed_another(tmp_path):
    write_real(tmp_path / "real.jsonl")

    def written(name, seed):
        records = corpus.recombined_articles(tmp_path / "real.jsonl", 200, seed)
        corpus.write_jsonl(tmp_path / name, records)
        return (tmp_path / name).read_bytes()

    assert written("one.jsonl", 7) == written("two.jsonl", 7) != written("three.jsonl", 8)
    assert not list(tmp_path.glob("*.partial"))


def test_without_the_corpora_it_says_so_and_exits_cleanly(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(corpus, "CORPORA", tmp_path / "absent")
    monkeypatch.setattr(corpus, "REAL", tmp_path / "out.jsonl")

    assert corpus.main([]) == 0

    assert "No corpora in" in capsys.readouterr().out
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.skipif(not (corpus.CORPORA / "bbc").is_dir(), reason="needs ../shared/corpora")
def test_the_real_corpus_has_every_bbc_and_reuters_article_with_metadata():
    records = list(corpus.real_articles())

    assert len(records) == 23801  # 2,225 BBC + 21,578 Reuters, less 2 empty Reuters documents
    bbc = [r for r in records if r["source"] == "BBC News"]
    assert len(bbc) == 2225
    assert {r["section"] for r in bbc} == {"business", "entertainment", "politics", "sport", "tech"}
    assert bbc[0]["id"] == "bbc/business/001.txt"
    reuters = [r for r in records if r["source"] == "Reuters"]
    assert reuters[0]["id"] == "reuters:1" and reuters[0]["published"].startswith("1987-02-26")


def test_a_smaller_recombined_corpus_is_the_start_of_a_larger_one(tmp_path):
    write_real(tmp_path / "real.jsonl")

    small = list(corpus.recombined_articles(tmp_path / "real.jsonl", 20, corpus.SEED))
    large = list(corpus.recombined_articles(tmp_path / "real.jsonl", 60, corpus.SEED))

    assert large[:20] == small


def test_sizes_are_named_as_the_scale_benchmark_reads_them():
    from bench.scale import parse_size

    assert [corpus.size_label(n) for n in (2000, 100_000, 300_000, 1_000_000)] == [
        "2k",
        "100k",
        "300k",
        "1m",
    ]
    assert [parse_size(text) for text in ("2k", "100k", "1M", "250000")] == [
        2000,
        100_000,
        1_000_000,
        250_000,
    ]
