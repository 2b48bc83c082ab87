"""The admin edits articles; every save, add and delete reaches search right after it."""

import re
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles import search
from articles.models import Article, ArticleTag, ImportRun, IndexQueueEntry, Source, Tag
from articles.search.whoosh import storage

from .conftest import found_ids
from .live.browserless import FormFields


def tag_forms(article, add=()) -> dict:
    """Return the POST data of the article's tag inline: its tags as they are, `add` added."""
    links = list(article.tag_links.all())
    data = {
        "tag_links-TOTAL_FORMS": len(links) + len(add),
        "tag_links-INITIAL_FORMS": len(links),
        "tag_links-MIN_NUM_FORMS": 0,
        "tag_links-MAX_NUM_FORMS": 1000,
    }
    for n, link in enumerate(links):
        data.update(
            {
                f"tag_links-{n}-id": link.pk,
                f"tag_links-{n}-article": article.pk,
                f"tag_links-{n}-tag": link.tag_id,
                f"tag_links-{n}-origin": link.origin,
            }
        )
    for n, tag in enumerate(add, start=len(links)):
        data.update(
            {
                f"tag_links-{n}-article": article.pk,
                f"tag_links-{n}-tag": tag.pk,
                f"tag_links-{n}-origin": "source",
            }
        )
    return data


def paragraph_form(article, changes=None, new=(), delete=()):
    """Return the POST data of the article's change form, with paragraph edits applied."""
    changes = changes or {}
    paragraphs = list(article.paragraphs.all())
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "source": article.source_id,
        "section": article.section,
        "byline": article.byline,
        "url": article.url,
        "published_0": "",
        "published_1": "",
        "paragraphs-TOTAL_FORMS": len(paragraphs) + len(new),
        "paragraphs-INITIAL_FORMS": len(paragraphs),
        "paragraphs-MIN_NUM_FORMS": 0,
        "paragraphs-MAX_NUM_FORMS": 1000,
        "opened_version": article.edit_version(),
        **tag_forms(article),
    }
    for n, paragraph in enumerate(paragraphs):
        position, text = changes.get(paragraph.position, (paragraph.position, paragraph.text))
        data.update(
            {
                f"paragraphs-{n}-id": paragraph.pk,
                f"paragraphs-{n}-article": article.pk,
                f"paragraphs-{n}-position": position or "",
                f"paragraphs-{n}-text": text,
            }
        )
        if paragraph.position in delete:
            data[f"paragraphs-{n}-DELETE"] = "on"
    for n, (position, text) in enumerate(new, start=len(paragraphs)):
        data.update(
            {
                f"paragraphs-{n}-article": article.pk,
                f"paragraphs-{n}-position": position or "",
                f"paragraphs-{n}-text": text,
            }
        )
    return data


def texts(article):
    return [p.text for p in article.paragraphs.order_by("position")]


@pytest.fixture
def article(make_article):
    return make_article(title="Harbour plans", paragraphs=["First about ferries.", "Second."])


def save(admin_client, article, capture, **edits):
    url = reverse("admin:articles_article_change", args=[article.pk])
    with capture(execute=True):
        response = admin_client.post(url, paragraph_form(article, **edits))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    return response


def test_editing_a_paragraph_is_searchable_right_after_the_save(
    admin_client, article, django_capture_on_commit_callbacks
):
    save(admin_client, article, django_capture_on_commit_callbacks, changes={1: (1, "Trams now.")})

    assert found_ids("ferries") == []
    assert found_ids("trams") == [article.pk]
    assert not IndexQueueEntry.objects.exists()


def test_adding_an_article_with_paragraphs_makes_it_searchable(
    admin_client, db, django_capture_on_commit_callbacks
):
    source = Source.named("Desk")
    data = {
        "title": "Lighthouse restored",
        "slug": "",
        "standfirst": "",
        "source": source.pk,
        "section": "Local",
        "byline": "",
        "url": "",
        "published_0": "2025-03-01",
        "published_1": "09:00:00",
        "paragraphs-TOTAL_FORMS": 2,
        "paragraphs-INITIAL_FORMS": 0,
        "paragraphs-MIN_NUM_FORMS": 0,
        "paragraphs-MAX_NUM_FORMS": 1000,
        "paragraphs-0-position": "",
        "paragraphs-0-text": "Keepers celebrate.",
        "paragraphs-1-position": "1",
        "paragraphs-1-text": "The lamp shines again.",
        "tag_links-TOTAL_FORMS": 0,
        "tag_links-INITIAL_FORMS": 0,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(title="Lighthouse restored")
    assert article.slug == "lighthouse-restored"
    assert texts(article) == ["The lamp shines again.", "Keepers celebrate."]
    assert found_ids("lamp keepers") == [article.pk]


def test_deleting_an_article_removes_it_from_search(
    admin_client, article, django_capture_on_commit_callbacks
):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"post": "yes"})

    assert not Article.objects.exists()
    assert found_ids("ferries") == []


def test_deleting_several_at_once_removes_them_all_from_search(
    admin_client, make_article, django_capture_on_commit_callbacks
):
    doomed = [make_article(title=f"Ferry timetable {n}") for n in range(3)]
    kept = make_article(title="Ferry museum")
    data = {"action": "delete_selected", "post": "yes", "_selected_action": [a.pk for a in doomed]}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_article_changelist"), data)

    assert found_ids("ferry") == [kept.pk]


def test_deleting_a_paragraph_removes_its_words_from_search(
    admin_client, article, django_capture_on_commit_callbacks
):
    save(admin_client, article, django_capture_on_commit_callbacks, delete={1})

    assert texts(article) == ["Second."]
    assert list(article.paragraphs.values_list("position", flat=True)) == [1]
    assert found_ids("ferries") == []


def test_paragraphs_can_be_reordered_by_swapping_positions(
    admin_client, article, django_capture_on_commit_callbacks
):
    swap = {1: (2, "First about ferries."), 2: (1, "Second.")}
    save(admin_client, article, django_capture_on_commit_callbacks, changes=swap)

    assert texts(article) == ["Second.", "First about ferries."]
    assert list(article.paragraphs.values_list("position", flat=True)) == [1, 2]


def test_a_new_paragraph_at_a_taken_position_is_inserted_there(
    admin_client, article, django_capture_on_commit_callbacks
):
    save(admin_client, article, django_capture_on_commit_callbacks, new=[(1, "A new lead.")])

    assert texts(article) == ["A new lead.", "First about ferries.", "Second."]
    assert found_ids("lead") == [article.pk]


def test_a_save_while_the_index_is_locked_is_queued_and_lands_later(
    admin_client, article, django_capture_on_commit_callbacks, settings
):
    settings.SEARCH_LOCK_TIMEOUT = 0.1
    with storage.write_lock(timeout=1):  # as a running import would hold it
        save(admin_client, article, django_capture_on_commit_callbacks, changes={2: (2, "Gulls.")})
        assert found_ids("gulls") == []
        assert IndexQueueEntry.objects.filter(article_id=article.pk).count() == 1

    assert search.apply_pending() == 1
    assert found_ids("gulls") == [article.pk]


def test_an_index_error_never_blocks_saving_the_article(
    admin_client, article, django_capture_on_commit_callbacks, index_dir
):
    (index_dir / storage.CURRENT_LINK).unlink()  # no readable index at all

    save(admin_client, article, django_capture_on_commit_callbacks, changes={2: (2, "Gulls.")})

    assert texts(article) == ["First about ferries.", "Gulls."]
    assert IndexQueueEntry.objects.filter(article_id=article.pk).exists()


def test_renaming_a_source_reindexes_its_articles(
    admin_client, article, django_capture_on_commit_callbacks
):
    url = reverse("admin:articles_source_change", args=[article.source_id])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"name": "Harbour Gazette", "slug": "harbour-gazette"})

    assert found_ids("source:gazette") == [article.pk]


def test_the_article_list_has_search_and_filters(admin_client, article, make_article):
    make_article(title="Other", source="Other Wire", section="Sport", published=timezone.now())

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "Harbour"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    html = response.content.decode()
    for name in ("source", "section", "published"):
        assert f'data-filter-title="{name}"' in html


def import_run(**fields):
    return ImportRun.objects.create(paths=["/data/wire.jsonl"], **fields)


def test_import_runs_are_listed_newest_first_with_the_index_status(admin_client, seed_article):
    older = import_run(created=5, failed=1)
    newer = import_run(unchanged=7)
    IndexQueueEntry.objects.create(article_id=seed_article.pk)

    response = admin_client.get(reverse("admin:articles_importrun_changelist"))

    assert response.status_code == 200
    listed = [run.pk for run in response.context["cl"].result_list]
    assert listed[:2] == [newer.pk, older.pk]  # then the seed article's own import
    assert len(listed) == 3
    status = response.context["index_status"]
    assert (status.documents, status.pending) == (1, 1)
    assert status.last_update is not None
    assert b"1 document in the index" in response.content
    assert b"1 update queued" in response.content


def test_the_import_list_shows_counts_with_thousands_separators(admin_client, db):
    import_run(created=23704, unchanged=1500, failed=3)

    response = admin_client.get(reverse("admin:articles_importrun_changelist"))

    assertContains(response, '<td class="field-created_count">23,704</td>', html=True)
    assertContains(response, '<td class="field-unchanged_count">1,500</td>', html=True)
    assertContains(response, '<td class="field-failed_count">3</td>', html=True)
    assertContains(response, "Created")  # the column keeps its name


def test_the_import_list_says_when_the_index_cannot_be_read(admin_client, db, index_dir):
    shutil.rmtree(index_dir)

    response = admin_client.get(reverse("admin:articles_importrun_changelist"))

    assert response.status_code == 200
    assert b"The index cannot be read" in response.content


def test_an_import_run_lists_its_skipped_documents_apart_from_its_failures(admin_client, db):
    run = import_run(
        skipped=2,
        skips=[
            {"file": "/data/reut2-017.sgm", "line": 12, "reason": "no title and no text"},
            {"file": "/data/empty.txt", "line": None, "reason": "empty file"},
        ],
    )

    page = admin_client.get(reverse("admin:articles_importrun_change", args=[run.pk]))
    listing = admin_client.get(reverse("admin:articles_importrun_changelist"))

    assert "/data/reut2-017.sgm:12: no title and no text<br>/data/empty.txt: empty file" in (
        page.content.decode()
    )
    assert "Skipped (nothing in them)" in page.content.decode()
    assert '<td class="field-skipped_count">2</td>' in listing.content.decode()


def test_an_import_run_shows_its_failures_read_only_and_cannot_be_changed(admin_client, db):
    run = import_run(
        failed=1,
        failures=[{"file": "/data/wire.jsonl", "line": 3, "reason": "not JSON <b>"}],
    )
    url = reverse("admin:articles_importrun_change", args=[run.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "/data/wire.jsonl:3: not JSON &lt;b&gt;" in response.content.decode()
    assert b'name="_save"' not in response.content
    assert admin_client.post(url, {"status": "finished"}).status_code == 403
    assert admin_client.get(reverse("admin:articles_importrun_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:articles_importrun_delete", args=[run.pk])).status_code
        == 403
    )


def post_change(admin_client, article, capture, changes: dict):
    """POST the article's change form with some fields changed; return the response."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    with capture(execute=True):
        return admin_client.post(url, {**paragraph_form(article), **changes})


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1b", "\ufffe", "\uffff"])
def test_an_editor_cannot_save_characters_a_feed_cannot_hold(
    admin_client, article, django_capture_on_commit_callbacks, character
):
    text = f"Storm{character} warning"
    fields = dict.fromkeys(("title", "standfirst", "byline", "section"), text)
    changes = {**fields, "paragraphs-0-text": text}
    response = post_change(admin_client, article, django_capture_on_commit_callbacks, changes)

    assert response.status_code == 302
    article.refresh_from_db()
    assert {getattr(article, name) for name in fields} == {"Storm warning"}
    assert texts(article)[0] == "Storm warning"
    feed = admin_client.get(reverse("articles:latest_feed"))
    assert feed.status_code == 200 and b"Storm warning" in feed.content


def test_a_title_of_nothing_but_control_characters_is_refused_as_blank(
    admin_client, article, django_capture_on_commit_callbacks
):
    response = post_change(
        admin_client, article, django_capture_on_commit_callbacks, {"title": "\x01\x1b"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"] == ["This field cannot be blank."]
    article.refresh_from_db()
    assert article.title == "Harbour plans"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi"]
)
def test_the_admin_refuses_an_original_address_that_is_not_http(
    admin_client, article, django_capture_on_commit_callbacks, url
):
    response = post_change(admin_client, article, django_capture_on_commit_callbacks, {"url": url})

    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.url == ""


def opened_form(client, article) -> dict:
    """Return what the article's change form, opened now, posts back as a browser would."""
    parser = FormFields()
    parser.feed(client.get(reverse("admin:articles_article_change", args=[article.pk])).text)
    return {name: value for name, value in parser.fields if name != "csrfmiddlewaretoken"}


def post_form(client, article, form: dict):
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), form)


def test_a_save_from_a_form_opened_before_another_save_is_refused_and_says_what_changed(
    admin_client, article
):
    form_of_a = opened_form(admin_client, article)
    form_of_b = opened_form(admin_client, article)
    assert (
        post_form(admin_client, article, {**form_of_b, "standfirst": "B's gist."}).status_code
        == 302
    )

    refused = post_form(admin_client, article, {**form_of_a, "title": "A's headline"})

    assert refused.status_code == 200
    article.refresh_from_db()
    assert (article.title, article.standfirst) == ("Harbour plans", "B's gist.")
    form = refused.context["adminform"].form
    assert form.non_field_errors() == [
        "Someone saved this article after you opened this form, changing: standfirst. "
        "Nothing was saved. Open the article again to see their changes, then make yours."
    ]
    assert form.errors["standfirst"] == ["Changed since you opened the form; it is now: B's gist."]
    assertContains(refused, "changing: standfirst")


def test_a_form_opened_again_after_the_other_save_keeps_both_changes(admin_client, article):
    form_of_b = opened_form(admin_client, article)
    post_form(admin_client, article, {**form_of_b, "standfirst": "B's gist."})

    form_of_a = opened_form(admin_client, article)
    saved = post_form(admin_client, article, {**form_of_a, "title": "A's headline"})

    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.standfirst) == ("A's headline", "B's gist.")


def test_a_paragraph_changed_since_the_form_was_opened_refuses_the_save(admin_client, article):
    form_of_a = opened_form(admin_client, article)
    form_of_b = opened_form(admin_client, article)
    post_form(admin_client, article, {**form_of_b, "paragraphs-1-text": "B's second."})

    refused = post_form(admin_client, article, {**form_of_a, "title": "A's headline"})

    assert refused.status_code == 200
    assert "changing: paragraphs." in refused.context["adminform"].form.non_field_errors()[0]
    assert texts(article) == ["First about ferries.", "B's second."]
    assert Article.objects.get().title == "Harbour plans"


def test_a_save_that_does_not_say_when_its_form_was_opened_is_refused(admin_client, article):
    form = {**opened_form(admin_client, article), "title": "A's headline"}
    del form["opened_version"]

    assert post_form(admin_client, article, form).status_code == 200
    assert Article.objects.get().title == "Harbour plans"


def test_a_source_name_is_saved_without_control_characters(admin_client, article):
    url = reverse("admin:articles_source_change", args=[article.source_id])

    admin_client.post(url, {"name": "Harbour\x0b Gazette\ufffe", "slug": "harbour-gazette"})

    assert Source.objects.get(pk=article.source_id).name == "Harbour Gazette"


def test_a_run_of_many_files_is_listed_in_one_short_line(admin_client, db):
    ImportRun.objects.create(paths=[f"/corpora/reuters/reut2-{n:03}.sgm" for n in range(22)])

    listing = admin_client.get(reverse("admin:articles_importrun_changelist")).content.decode()

    assert "22 paths in /corpora/reuters: reut2-000.sgm … reut2-021.sgm" in listing
    assert "reut2-011.sgm" not in listing


def test_each_paragraph_box_is_as_tall_as_its_text(admin_client, make_article):
    article = make_article(title="Long and short", paragraphs=["Short.", "A long sentence. " * 60])

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    rows = re.findall(r'<textarea name="paragraphs-\d+-text" cols="90" rows="(\d+)"', page.text)
    assert rows[:2] == ["3", "13"]  # 1,020 characters in lines of 90, and one to spare


def test_the_source_and_tag_lists_count_articles_with_thousands_separators(admin_client, db):
    source = Source.objects.create(name="Wire", slug="wire")
    tag = Tag.objects.create(kind="place", slug="japan", name="Japan")
    articles = Article.objects.bulk_create(
        Article(source=source, title=f"Story {n}", slug=f"story-{n}", external_key=str(n))
        for n in range(1234)
    )
    ArticleTag.objects.bulk_create(ArticleTag(article=article, tag=tag) for article in articles)

    sources = admin_client.get(reverse("admin:articles_source_changelist"))
    tags = admin_client.get(reverse("admin:articles_tag_changelist"))

    assertContains(sources, '<td class="field-article_count">1,234</td>', html=True)
    assertContains(tags, '<td class="field-article_count">1,234</td>', html=True)
