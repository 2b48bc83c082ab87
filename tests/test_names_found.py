"""Names found in the text, kept as tags: on import, by `find_names`, and as editors correct
them (a tag taken off stays off; a tag added by hand is the editor's)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import importers
from articles.models import Article, ArticleTag, DismissedTag, IndexQueueEntry, NamesFound, Tag
from articles.names.store import text_digest

from .test_admin import paragraph_form, tag_forms

TEXT = ArticleTag.Origin.TEXT
SOURCE = ArticleTag.Origin.SOURCE
EDITOR = ArticleTag.Origin.EDITOR


def tags_of(article, origin=None) -> set[tuple[str, str]]:
    links = ArticleTag.objects.filter(article=article)
    if origin:
        links = links.filter(origin=origin)
    return {(link.tag.kind, link.tag.name) for link in links.select_related("tag")}


def write_jsonl(path, paragraphs, tags=(), title="Talks in Moscow"):
    record = {"id": "a1", "title": title, "paragraphs": paragraphs, "tags": list(tags)}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def imported_seed(db, seed_file):
    importers.import_paths([seed_file], "Seed articles")
    return Article.objects.get()


def test_importing_the_seed_tags_the_people_and_places_it_names(imported_seed):
    found = tags_of(imported_seed, TEXT)

    assert {
        ("person", "Vladimir Putin"),
        ("person", "Steve Witkoff"),
        ("person", "Volodymyr Zelensky"),
        ("person", "Wang Yi"),
        ("place", "Ukraine"),
        ("place", "Saudi Arabia"),
    } <= found
    assert not tags_of(imported_seed, SOURCE)  # the seed's file gives no tags


def test_a_name_the_source_gives_stays_from_the_source(db, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        ["Russian President Vladimir Putin met officials in Moscow."],
        tags=[{"kind": "person", "name": "Vladimir Putin"}],
    )

    importers.import_paths([path])

    article = Article.objects.get()
    assert ("person", "Vladimir Putin") in tags_of(article, SOURCE)
    assert ("person", "Vladimir Putin") not in tags_of(article, TEXT)
    assert ("place", "Moscow") in tags_of(article, TEXT)


def test_a_found_tag_an_editor_removed_stays_removed(admin_client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", ["Vladimir Putin spoke in Moscow on Friday."])
    importers.import_paths([path])
    article = Article.objects.get()
    moscow = Tag.objects.get(kind="place", slug="moscow")
    data = paragraph_form(article)
    row = next(k for k, v in data.items() if k.endswith("-tag") and v == moscow.pk)
    data[row.replace("-tag", "-DELETE")] = "on"

    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert ("place", "Moscow") not in tags_of(article)
    # Neither the command, nor a re-import of the changed text, nor a new finder brings it back.
    call_command("find_names", stdout=StringIO())
    write_jsonl(path, ["Vladimir Putin spoke in Moscow on Friday, and again on Monday."])
    importers.import_paths([path])
    assert ("place", "Moscow") not in tags_of(article)
    assert ("person", "Vladimir Putin") in tags_of(article, TEXT)
    assert DismissedTag.objects.filter(article=article, tag=moscow).exists()


def test_a_tag_an_editor_adds_is_theirs_and_survives_a_changed_text(admin_client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", ["Vladimir Putin spoke in Moscow on Friday."])
    importers.import_paths([path])
    article = Article.objects.get()
    kremlin = Tag.named("organisation", "Kremlin staff")
    data = {**paragraph_form(article), **tag_forms(article, add=[kremlin])}

    admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    write_jsonl(path, ["A different text altogether."], title="A quiet day")
    importers.import_paths([path])

    assert tags_of(article, EDITOR) == {("organisation", "Kremlin staff")}
    assert not tags_of(article, TEXT)  # the new text names no one


def test_a_changed_text_replaces_the_digest_read_and_is_not_read_again(db, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", ["Vladimir Putin spoke in Moscow on Friday."])
    importers.import_paths([path])
    article = Article.objects.get()
    first = NamesFound.objects.get(article=article)
    write_jsonl(path, ["Angela Merkel spoke in Berlin on Friday."])

    importers.import_paths([path])

    found = NamesFound.objects.get(article=article)  # still one row: the old one replaced
    assert found.digest == text_digest(
        "Talks in Moscow", ["Angela Merkel spoke in Berlin on Friday."]
    )
    assert found.digest != first.digest and found.found_at >= first.found_at
    assert tags_of(article, TEXT) == {
        ("person", "Angela Merkel"),
        ("place", "Berlin"),
        ("place", "Moscow"),  # the title's
    }
    out = StringIO()
    call_command("find_names", stdout=out)
    assert "0 of 1 articles read (1 unchanged, skipped)" in out.getvalue()


def test_an_editor_can_change_a_found_tag_to_another_kind(admin_client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", ["Talks were held in Jordan on Friday."])
    importers.import_paths([path])
    article = Article.objects.get()
    place = Tag.objects.get(kind="place", slug="jordan")
    person = Tag.named("person", "Jordan")
    data = paragraph_form(article)
    row = next(k for k, v in data.items() if k.endswith("-tag") and v == place.pk)
    data[row] = person.pk

    admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    call_command("find_names", stdout=StringIO())

    assert ("person", "Jordan") in tags_of(article, EDITOR)
    assert ("place", "Jordan") not in tags_of(article)


def test_the_admin_shows_where_each_tag_came_from(admin_client, imported_seed):
    page = admin_client.get(reverse("admin:articles_article_change", args=[imported_seed.pk]))

    assert "found in the text" in page.content.decode()


def test_find_names_tags_existing_articles_once_and_says_what_it_did(db, make_article):
    article = make_article(
        title="Summit", paragraphs=["Prime Minister Tony Blair arrived in Brussels."]
    )
    IndexQueueEntry.objects.all().delete()
    out = StringIO()

    call_command("find_names", stdout=out)

    assert tags_of(article, TEXT) == {("person", "Tony Blair"), ("place", "Brussels")}
    assert "1 of 1 articles read" in out.getvalue()
    assert "1 people, 0 organisations, 1 places, on 1 articles" in out.getvalue()
    assert article.pk in set(IndexQueueEntry.objects.values_list("article_id", flat=True))
    again = StringIO()
    call_command("find_names", stdout=again)
    assert "0 of 1 articles read (1 unchanged, skipped)" in again.getvalue()
    assert tags_of(article, TEXT) == {("person", "Tony Blair"), ("place", "Brussels")}


def test_the_import_can_leave_names_to_the_command(db, settings, seed_file):
    settings.FIND_NAMES_ON_IMPORT = False

    importers.import_paths([seed_file], "Seed articles")

    assert not ArticleTag.objects.exists()


NEWS = [
    (
        "Blair meets Greenspan",
        [
            "Prime Minister Tony Blair met Mr Greenspan in Washington on Monday.",
            "Mr Blair said the talks had gone well, according to Downing Street.",
        ],
    ),
    (
        "Acme wins a contract",
        [
            "Shares in Acme Holdings rose after the firm said it had won a contract from "
            "the Bank of England.",
            "Acme chief executive Jane Doe said the deal was worth £3m.",
        ],
    ),
    (
        "Record sellers back the plan",
        [
            "The Federated Record Sellers (FRS) backed the plan. The FRS said shops in "
            "Leeds and Glasgow would take part.",
            "Jamie Firestone, who runs a shop in Leeds, said he was pleased.",
        ],
    ),
]


def write_news(path, copies=2, extra=""):
    with path.open("w", encoding="utf-8") as handle:
        for n in range(copies):
            for i, (title, paragraphs) in enumerate(NEWS):
                record = {
                    "id": f"n{n}-{i}",
                    "title": f"{title} ({n})",
                    "paragraphs": [*paragraphs, f"Story {n}.{extra}"],
                }
                handle.write(json.dumps(record) + "\n")
    return path


def found_by_key(source) -> dict[str, set[tuple[str, str]]]:
    return {
        article.external_key: tags_of(article, TEXT)
        for article in Article.objects.filter(source__name=source)
    }


def test_names_found_in_the_worker_are_those_found_in_process(db, tmp_path, monkeypatch):
    from articles.names import beside

    monkeypatch.setattr(beside, "worker_pays", lambda: True)
    path = write_news(tmp_path / "news.jsonl")
    monkeypatch.setattr(beside, "MIN_ARTICLES", 10_000)
    importers.import_paths([path], "In process")
    monkeypatch.setattr(beside, "MIN_ARTICLES", 1)
    importers.import_paths([path], "Beside")

    in_process, in_worker = found_by_key("In process"), found_by_key("Beside")
    assert in_worker == in_process
    assert ("person", "Tony Blair") in in_worker["n0-0"]
    assert ("organisation", "Acme Holdings") in in_worker["n1-1"]


def test_the_worker_reads_only_changed_texts_and_keeps_dismissals(db, tmp_path, monkeypatch):
    from articles.names import beside

    monkeypatch.setattr(beside, "worker_pays", lambda: True)
    monkeypatch.setattr(beside, "MIN_ARTICLES", 1)
    path = write_news(tmp_path / "news.jsonl")
    importers.import_paths([path], "Beside")
    article = Article.objects.get(source__name="Beside", external_key="n0-0")
    blair = Tag.objects.get(kind="person", name="Tony Blair")
    ArticleTag.objects.filter(article=article, tag=blair).delete()
    DismissedTag.objects.create(article=article, tag=blair)
    before = found_by_key("Beside")

    submitted = []
    submit = beside.NamesBeside.submit
    monkeypatch.setattr(
        beside.NamesBeside,
        "submit",
        lambda self, keys, texts: submitted.append(len(texts)) or submit(self, keys, texts),
    )
    importers.import_paths([path], "Beside")  # unchanged: nothing to read
    assert found_by_key("Beside") == before
    importers.import_paths([write_news(path, extra=" Tony Blair spoke.")], "Beside")

    after = found_by_key("Beside")
    assert submitted == [6]  # the second import wrote nothing; the third, all six texts
    assert ("person", "Tony Blair") not in after["n0-0"]  # dismissed: stays off
    assert ("person", "Tony Blair") in after["n1-2"]  # found in the changed text


def test_a_failed_worker_leaves_the_finding_to_the_importer(monkeypatch):
    from concurrent.futures import Future

    from articles.names import beside

    monkeypatch.setattr(beside, "worker_pays", lambda: True)
    future = Future()
    future.set_exception(RuntimeError("worker killed"))
    names = beside.NamesBeside()
    assert beside.Pending(names, ["a"], future).result() == {}
    assert names.submit(["a"] * 500, [("Title", ["Text."])] * 500) is None  # no worker again


def test_no_worker_where_no_core_is_left_for_it(monkeypatch, settings):
    from articles.names import beside

    monkeypatch.setattr(beside.os, "cpu_count", lambda: 2)
    settings.SEARCH_INDEX_PROCS = 2
    assert not beside.worker_pays()
    assert beside.NamesBeside().submit(["a"] * 500, [("Title", ["Text."])] * 500) is None
    monkeypatch.setattr(beside.os, "cpu_count", lambda: 8)
    assert beside.worker_pays()


def test_one_batch_of_new_and_changed_articles_keeps_each_ones_rules(db, tmp_path):
    # The new articles of a batch are not asked for old found tags or dismissals (none can
    # exist); the changed ones in the same batch still are.
    path = write_news(tmp_path / "news.jsonl", copies=1)
    importers.import_paths([path], "Wire")
    article = Article.objects.get(source__name="Wire", external_key="n0-0")
    blair = Tag.objects.get(kind="person", name="Tony Blair")
    ArticleTag.objects.filter(article=article, tag=blair).delete()
    DismissedTag.objects.create(article=article, tag=blair)
    assert ("place", "Washington") in tags_of(article, TEXT)

    # n0-* change (Washington leaves n0-0's text), n1-* are new: one batch.
    with path.open("w", encoding="utf-8") as handle:
        for n in range(2):
            for i, (title, paragraphs) in enumerate(NEWS):
                text = [p.replace(" in Washington", "") for p in paragraphs]
                record = {"id": f"n{n}-{i}", "title": f"{title} ({n})", "paragraphs": text}
                handle.write(json.dumps(record) + "\n")
    report = importers.import_paths([path], "Wire")

    assert (report.counts["created"], report.counts["updated"]) == (3, 3)
    found = found_by_key("Wire")
    assert ("place", "Washington") not in found["n0-0"]  # the changed text's old tag went
    assert ("person", "Tony Blair") not in found["n0-0"]  # dismissed: stays off
    assert ("person", "Tony Blair") in found["n1-0"]  # the new copy is tagged
    assert found["n1-1"] == found["n0-1"] and ("organisation", "Acme Holdings") in found["n1-1"]
