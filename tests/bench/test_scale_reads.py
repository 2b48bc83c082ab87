from datetime import UTC, datetime

from bench import _scale_reads


def test_every_page_the_scale_bench_times_answers(client, make_article):
    """bench/scale.py's measure stage times these pages on archives of a million articles;
    a page it names that no longer answers stops the run after hours of importing."""
    for day in (3, 4):
        make_article(
            f"Report {day}",
            source="Harbour Wire",
            section="Shipping",
            published=datetime(2024, 5, day, tzinfo=UTC),
        )
    make_article("Undated note", source="Harbour Wire")

    pages = _scale_reads.listing_pages()

    assert pages["browse month (2024-05)"] == "/browse/2024/5/"
    assert pages["browse section (shipping)"] == "/browse/sections/shipping/"
    assert pages["source feed (harbour-wire)"] == "/feeds/sources/harbour-wire.rss"
    for name, address in pages.items():
        assert client.get(address).status_code == 200, name
