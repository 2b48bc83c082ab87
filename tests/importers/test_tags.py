"""Tags from the sources: every Reuters list entry, a JSON Lines `tags` list, saved and linked."""

import json

from articles import importers
from articles.importers import jsonl, reuters
from articles.models import Article, ArticleTag, Tag

# Reuters-format text written for these tests (not corpus text).
DOCUMENT = """<REUTERS TOPICS="YES" NEWID="{id}">
<DATE>2-MAR-1987 10:00:00.00</DATE>
<TOPICS>{topics}</TOPICS>
<PLACES><D>japan</D><D>usa</D></PLACES>
<PEOPLE><D>reagan</D></PEOPLE>
<ORGS><D>opec</D></ORGS>
<EXCHANGES><D>nyse</D><D>no-such-exchange</D></EXCHANGES>
<TEXT>&#2;
<TITLE>PRICES RISE IN TEST</TITLE>
<BODY>A paragraph written for this test.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


def sgm(tmp_path, topics="<D>wpi</D><D>l-cattle</D>", id=1):
    path = tmp_path / "reut2-000.sgm"
    path.write_text(DOCUMENT.format(id=id, topics=topics))
    return path


def jsonl_file(tmp_path, *records):
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def article_record(tags, **fields):
    return {"id": "w1", "title": "Talks", "paragraphs": ["Text."], "tags": tags, **fields}


def test_every_reuters_list_entry_is_a_tag_named_as_the_corpus_names_it(tmp_path):
    (entry,) = reuters.entries(sgm(tmp_path))

    assert entry.article.section == "wpi"  # the first topic, as before
    assert entry.article.tags == (
        ("topic", "wpi", "Wholesale Price Index"),
        ("topic", "l-cattle", "Live Cattle"),
        ("place", "japan", "Japan"),
        ("place", "usa", "United States"),
        ("person", "reagan", "Ronald Reagan"),
        ("organisation", "opec", "Organisation of Petroleum Exporting Countries"),
        ("exchange", "nyse", "New York Stock Exchange"),
        ("exchange", "no-such-exchange", "no-such-exchange"),  # a code it does not name
    )


def test_a_json_lines_record_may_list_its_tags(tmp_path):
    tags = [
        {"kind": "person", "name": "Volodymyr Zelensky"},
        {"kind": "place", "name": "Kyiv"},
        {"kind": "person", "name": "volodymyr  zelensky"},  # the same tag again
    ]
    (entry,) = jsonl.entries(jsonl_file(tmp_path, article_record(tags)), "wire.jsonl")

    assert not entry.warnings
    assert entry.article.tags == (
        ("person", "volodymyr-zelensky", "Volodymyr Zelensky"),
        ("place", "kyiv", "Kyiv"),
    )


def test_bad_tags_are_left_out_with_a_warning_saying_why(tmp_path):
    tags = [
        {"kind": "city", "name": "Kyiv"},
        "Kyiv",
        {"kind": "place"},
        {"kind": "place", "name": "!!!"},
        {"kind": "place", "name": "x" * 201},
        {"kind": "place", "name": "Київ"},
    ]
    (entry,) = jsonl.entries(jsonl_file(tmp_path, article_record(tags)), "wire.jsonl")

    assert entry.article.tags == (("place", "київ", "Київ"),)
    assert entry.warnings == (
        "tag 1 has kind 'city'; kinds are topic, place, person, organisation, exchange; left out",
        "tag 2 is a str, not an object with `kind` and `name`; left out",
        "tag 3 has no `name` that is text; left out",
        "tag 4 has the name '!!!', which has no letter or digit; left out",
        "tag 5 has a name longer than 200 characters; left out",
    )


def test_tags_that_are_not_a_list_leave_the_article_untagged_with_a_warning(tmp_path):
    record = article_record({"kind": "place", "name": "Kyiv"})
    (entry,) = jsonl.entries(jsonl_file(tmp_path, record), "wire.jsonl")

    assert entry.article.tags == ()
    assert entry.warnings == ("`tags` is a dict, not a list; imported without tags",)


def test_an_import_saves_the_tags_and_links_them_from_the_source(db, tmp_path):
    importers.import_paths([sgm(tmp_path)])

    article = Article.objects.get()
    assert sorted(article.tags.values_list("kind", "slug")) == [
        ("exchange", "no-such-exchange"),
        ("exchange", "nyse"),
        ("organisation", "opec"),
        ("person", "reagan"),
        ("place", "japan"),
        ("place", "usa"),
        ("topic", "l-cattle"),
        ("topic", "wpi"),
    ]
    assert Tag.objects.get(kind="topic", slug="wpi").name == "Wholesale Price Index"
    assert set(article.tag_links.values_list("origin", flat=True)) == {"source"}


def test_a_changed_reimport_replaces_the_source_tags_and_keeps_those_found_in_the_text(
    db, tmp_path
):
    importers.import_paths([sgm(tmp_path)])
    article = Article.objects.get()
    found = Tag.named("place", "Tokyo")
    ArticleTag.objects.create(article=article, tag=found, origin=ArticleTag.Origin.TEXT)
    Tag.objects.filter(kind="place", slug="japan").update(name="Nippon")  # an editor's name

    importers.import_paths([sgm(tmp_path, topics="<D>cpi</D>")])

    topics = article.tags.filter(kind="topic").values_list("slug", flat=True)
    assert list(topics) == ["cpi"]
    assert article.tags.filter(kind="place", slug="tokyo").exists()
    assert Tag.objects.get(kind="place", slug="japan").name == "Nippon"
    assert Article.objects.get().section == "cpi"


def test_an_unchanged_reimport_changes_nothing_and_untagged_hashes_stay(db, tmp_path, seed_file):
    importers.import_paths([sgm(tmp_path), seed_file])
    hashes = dict(Article.objects.values_list("pk", "content_hash"))
    links = set(ArticleTag.objects.values_list("article_id", "tag_id", "origin"))

    importers.import_paths([sgm(tmp_path), seed_file])

    assert dict(Article.objects.values_list("pk", "content_hash")) == hashes
    assert ArticleTag.objects.filter(origin=ArticleTag.Origin.SOURCE).count() == 8
    assert set(ArticleTag.objects.values_list("article_id", "tag_id", "origin")) == links


def test_two_articles_share_one_tag(db, tmp_path):
    records = [article_record([{"kind": "place", "name": "Kyiv"}], id=f"w{n}") for n in (1, 2)]
    records[1]["title"] = "Other talks"

    importers.import_paths([jsonl_file(tmp_path, *records)])

    assert Tag.objects.get(slug="kyiv").articles.count() == 2


def test_a_name_found_in_the_text_is_the_sources_tag_of_that_name_in_either_order(db, tmp_path):
    story = {"id": "b1", "title": "Trade talks", "paragraphs": []}
    story["paragraphs"] = ["Officials from the United States met ministers in Tokyo on Monday."]
    importers.import_paths([jsonl_file(tmp_path, story)])  # found first: no Reuters tag yet
    importers.import_paths([sgm(tmp_path)])

    united_states = Tag.objects.filter(kind="place", name="United States")
    assert list(united_states.values_list("slug", flat=True)) == ["usa"]
    assert sorted(united_states.get().article_links.values_list("origin", flat=True)) == [
        "source",
        "text",
    ]
