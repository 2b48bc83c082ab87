from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles import search
from articles.views.feeds import FEED_ITEMS

from .feed_validation import atom_entries, rss_items


def when(day):
    return datetime(2024, 3, day, 9, tzinfo=UTC)


@pytest.fixture
def wires(make_article):
    return [
        make_article(
            "Storm reaches the coast",
            source="Weather Desk",
            section="Weather",
            published=when(3),
            paragraphs=["The storm arrived at dawn."],
        ),
        make_article(
            "Wheat prices fall",
            source="Farm Wire",
            section="Markets",
            published=when(5),
            paragraphs=["Wheat fell on news of rain."],
        ),
        make_article(
            "Second storm expected",
            source="Weather Desk",
            section="Weather",
            published=when(7),
            byline="Ana Ruiz",
            paragraphs=["Another storm is on its way."],
        ),
    ]


def titles(entries):
    return [entry["title"] for entry in entries]


def test_the_latest_feeds_are_valid_atom_and_rss_newest_first(client, wires):
    atom = client.get(reverse("articles:latest_feed_atom"))
    rss = client.get(reverse("articles:latest_feed"))

    assert atom["Content-Type"].startswith("application/atom+xml")
    assert rss["Content-Type"].startswith("application/rss+xml")
    expected = ["Second storm expected", "Wheat prices fall", "Storm reaches the coast"]
    assert titles(atom_entries(atom.content)) == expected
    assert titles(rss_items(rss.content)) == expected


def test_entries_link_to_the_article_pages(client, wires):
    entries = atom_entries(client.get(reverse("articles:latest_feed_atom")).content)

    assert entries[0]["link"] == f"http://testserver{wires[2].get_absolute_url()}"


def test_a_source_feed_lists_only_that_source(client, wires):
    slug = wires[0].source.slug

    atom = atom_entries(client.get(reverse("articles:source_feed_atom", args=[slug])).content)
    rss = rss_items(client.get(reverse("articles:source_feed", args=[slug])).content)

    assert titles(atom) == titles(rss) == ["Second storm expected", "Storm reaches the coast"]


def test_a_section_feed_lists_only_that_section(client, wires):
    atom = atom_entries(client.get(reverse("articles:section_feed_atom", args=["markets"])).content)

    assert titles(atom) == ["Wheat prices fall"]


def test_a_search_feed_lists_the_newest_matches(client, wires):
    response = client.get(reverse("articles:search_feed_atom"), {"q": "storm"})
    rss = client.get(reverse("articles:search_feed"), {"q": "storm"})

    assert titles(atom_entries(response.content)) == [
        "Second storm expected",
        "Storm reaches the coast",
    ]
    assert titles(rss_items(rss.content)) == ["Second storm expected", "Storm reaches the coast"]


def test_the_search_page_links_its_own_feed(client, wires):
    page = client.get(reverse("articles:search"), {"q": "storm"}).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" title="Search: storm" '
        'href="/feeds/search.atom?q=storm">' in page
    )
    assert 'href="/feeds/search.rss?q=storm"' in page


def test_a_feed_holds_at_most_its_item_limit(client, make_article):
    for n in range(FEED_ITEMS + 2):
        make_article(f"Bulletin {n}", published=when(1))

    assert len(atom_entries(client.get(reverse("articles:latest_feed_atom")).content)) == FEED_ITEMS


@pytest.mark.parametrize("query", ["", "*a*", "\x00", "(" * 1000, "AND OR NOT"])
def test_hostile_or_empty_searches_give_a_valid_feed(client, wires, query):
    response = client.get(reverse("articles:search_feed_atom"), {"q": query})

    assert response.status_code == 200
    atom_entries(response.content)


def test_unknown_sources_and_sections_have_no_feed(client, wires):
    assert client.get(reverse("articles:source_feed_atom", args=["nobody"])).status_code == 404
    assert client.get(reverse("articles:section_feed", args=["nothing"])).status_code == 404


def test_a_search_feed_without_an_index_is_unavailable_not_an_error(client, wires, index_dir):
    import shutil

    shutil.rmtree(index_dir)

    assert client.get(reverse("articles:search_feed_atom"), {"q": "storm"}).status_code == 503


def test_a_search_feed_keeps_the_filters_of_the_search(client, wires):
    response = client.get(
        reverse("articles:search_feed_atom"), {"q": "storm OR wheat", "source": "farm-wire"}
    )

    assert titles(atom_entries(response.content)) == ["Wheat prices fall"]


@pytest.fixture
def undated_and_old(make_article):
    """An article of 1987 and an undated one imported today, from the same source."""
    return [
        make_article(
            "Cocoa talks stall", source="Wire", published=datetime(1987, 2, 26, tzinfo=UTC)
        ),
        make_article("Cocoa story of unknown date", source="Wire"),
    ]


@pytest.mark.parametrize("name", ["latest_feed", "source_feed", "search_feed"])
def test_an_undated_article_has_no_published_date_and_comes_after_dated_ones(
    client, undated_and_old, name
):
    args = [undated_and_old[0].source.slug] if name == "source_feed" else []
    query = {"q": "cocoa"} if name == "search_feed" else {}

    atom = atom_entries(client.get(reverse(f"articles:{name}_atom", args=args), query).content)
    rss = rss_items(client.get(reverse(f"articles:{name}", args=args), query).content)

    assert titles(atom) == titles(rss) == ["Cocoa talks stall", "Cocoa story of unknown date"]
    assert atom[0]["published"] == rss[0]["published"] == datetime(1987, 2, 26, tzinfo=UTC)
    assert atom[1]["published"] is None
    assert rss[1]["published"] is None
    # Atom requires `updated`: when the archive last changed the entry, never a publication.
    undated = undated_and_old[1]
    undated.refresh_from_db()
    assert atom[1]["updated"] == undated.updated_at


# C0 controls cannot be written in XML 1.0 at all; U+FFFE and U+FFFF are not XML characters
# either, and every parser refuses them.
NOT_XML = ["\x01", "\x0b", "\x1b", "\ufffe", "\uffff"]
EVERY_FEED = [
    ("latest_feed", None, rss_items),
    ("latest_feed_atom", None, atom_entries),
    ("source_feed", "desk", rss_items),
    ("source_feed_atom", "desk", atom_entries),
    ("section_feed", "weather", rss_items),
    ("section_feed_atom", "weather", atom_entries),
    ("search_feed", None, rss_items),
    ("search_feed_atom", None, atom_entries),
]


@pytest.mark.parametrize("character", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("name, slug, parse", EVERY_FEED, ids=[f[0] for f in EVERY_FEED])
def test_every_feed_leaves_out_what_xml_cannot_hold(
    client, make_article, name, slug, parse, character
):
    # Stored as an older import or a direct database write could have left it.
    make_article(
        f"Storm{character} zqxfeed warning",
        standfirst=f"Gusts{character} of 90 km/h.",
        byline=f"Ana{character} Ruiz",
        section=f"Weather{character}",
        source=f"Desk{character}",
        published=when(9),
    )
    query = {"q": f"zqxfeed{character}"} if name.startswith("search") else {}

    response = client.get(reverse(f"articles:{name}", args=[slug] if slug else []), query)

    assert response.status_code == 200
    assert titles(parse(response.content)) == ["Storm zqxfeed warning"]


@pytest.mark.parametrize("name", ["search_feed", "search_feed_atom"])
@pytest.mark.parametrize(
    "refused, reason",
    [({"from": "2025-13-45"}, "From: Enter a valid date."), ({"year": "0"}, "Year: ")],
)
def test_a_search_feed_refuses_a_bad_filter_with_the_reason(client, wires, name, refused, reason):
    response = client.get(reverse(f"articles:{name}"), {"q": "storm", **refused})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert reason in response.content.decode()


def test_imported_titles_with_noncharacters_give_feeds_every_reader_can_parse(client, db, tmp_path):
    from articles import importers

    (tmp_path / "seed.txt").write_text("Tanker\ufffe aground\nThe gist.\nOil on the beach.\n")
    (tmp_path / "wire.jsonl").write_text(
        '{"title": "Port\\uffff closed", "paragraphs": ["Ships."], "published": "2025-03-01"}\n'
    )
    importers.import_paths([tmp_path])
    search.apply_pending()

    for name, parse in [("latest_feed", rss_items), ("latest_feed_atom", atom_entries)]:
        entries = parse(client.get(reverse(f"articles:{name}")).content)
        assert titles(entries) == ["Port closed", "Tanker aground"]
