"""Tags: five kinds, many per article, edited in the admin; every change queues the article."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Article, ArticleTag, IndexQueueEntry, Tag

from .test_admin import paragraph_form, tag_forms


@pytest.fixture
def tagged(make_article):
    """An article about Japan, another about nothing, and an empty queue."""
    japan = Tag.named("place", "Japan")
    about_japan = make_article(title="Tokyo rates")
    about_japan.tags.add(japan)
    other = make_article(title="Harbour news")
    IndexQueueEntry.objects.all().delete()
    return about_japan, other, japan


def queued() -> set[int]:
    return set(IndexQueueEntry.objects.values_list("article_id", flat=True))


def test_a_tag_is_unique_per_kind_and_named_from_its_slug(db):
    assert Tag.named("place", "Japan") == Tag.named("place", "japan")
    assert Tag.named("person", "Volodymyr Zelensky").slug == "volodymyr-zelensky"
    Tag.named("topic", "Japan")  # the same slug in another kind is another tag
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(kind="place", slug="japan", name="Nippon")
    assert Tag.objects.count() == 3


def test_adding_removing_and_clearing_tags_queue_the_article(tagged):
    article, other, japan = tagged
    usa = Tag.named("place", "USA")

    other.tags.add(japan, usa)
    assert queued() == {other.pk}

    IndexQueueEntry.objects.all().delete()
    other.tags.remove(usa)
    assert queued() == {other.pk}

    IndexQueueEntry.objects.all().delete()
    other.tags.clear()
    assert queued() == {other.pk}
    assert list(japan.articles.all()) == [article]


def test_changes_from_the_tag_side_queue_its_articles(tagged):
    article, other, japan = tagged

    japan.articles.add(other)
    assert queued() == {other.pk}

    IndexQueueEntry.objects.all().delete()
    japan.articles.clear()
    assert queued() == {article.pk, other.pk}


def test_renaming_or_deleting_a_tag_queues_its_articles(tagged):
    article, _, japan = tagged

    japan.name = "Nippon"
    japan.save()
    assert queued() == {article.pk}

    IndexQueueEntry.objects.all().delete()
    Tag.objects.filter(pk=japan.pk).update(name="Japan")
    assert queued() == {article.pk}

    IndexQueueEntry.objects.all().delete()
    japan.delete()
    assert queued() == {article.pk}
    assert not article.tags.exists()


def test_bulk_deletes_of_tags_and_links_queue_their_articles(tagged, make_article):
    article, other, japan = tagged
    other.tags.add(japan)
    IndexQueueEntry.objects.all().delete()

    ArticleTag.objects.filter(article=other).delete()
    assert queued() == {other.pk}

    IndexQueueEntry.objects.all().delete()
    Tag.objects.filter(kind="place").delete()
    assert queued() == {article.pk}


def test_a_link_saved_or_moved_queues_both_articles(tagged):
    article, other, _ = tagged
    link = article.tag_links.get()

    link.article = other
    link.save()

    assert queued() == {article.pk, other.pk}


def test_the_admin_adds_a_tag_inline_and_queues_the_article(admin_client, tagged):
    article, _, japan = tagged
    usa = Tag.named("place", "USA")
    data = {**paragraph_form(article), **tag_forms(article, add=[usa])}

    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert set(Article.objects.get(pk=article.pk).tags.all()) == {japan, usa}
    assert article.pk in queued()


def test_the_admin_removes_a_tag_inline(admin_client, tagged):
    article, _, _ = tagged
    data = paragraph_form(article)
    data["tag_links-0-DELETE"] = "on"

    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert not article.tags.exists()
    assert article.pk in queued()


def test_the_tag_inline_finds_tags_as_you_type(admin_client, tagged):
    Tag.named("place", "Jamaica")
    Tag.named("person", "Volodymyr Zelensky")
    url = reverse("admin:autocomplete")
    params = {"app_label": "articles", "model_name": "articletag", "field_name": "tag"}

    found = admin_client.get(url, {**params, "term": "ja"}).json()["results"]

    assert sorted(result["text"] for result in found) == ["Jamaica (place)", "Japan (place)"]


def test_the_tag_admin_lists_and_edits_tags(admin_client, tagged):
    _, _, japan = tagged
    listing = admin_client.get(reverse("admin:articles_tag_changelist"), {"q": "jap"})
    assert "Japan" in listing.content.decode()

    response = admin_client.post(
        reverse("admin:articles_tag_change", args=[japan.pk]),
        {"kind": "place", "slug": "japan", "name": "Nippon"},
    )

    assert response.status_code == 302
    assert Tag.objects.get(pk=japan.pk).name == "Nippon"
