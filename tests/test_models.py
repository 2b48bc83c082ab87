from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Paragraph, Source


@pytest.fixture
def source(db):
    return Source.named("Test Wire")


def test_slugs_come_from_titles_and_stay_unique(source):
    first = Article.objects.create(title="Budget day!", source=source)
    second = Article.objects.create(title="Budget day?", source=source)

    assert (first.slug, second.slug) == ("budget-day", "budget-day-2")
    assert first.get_absolute_url() == "/articles/budget-day/"


def test_a_changed_title_keeps_the_slug_so_links_keep_working(source):
    article = Article.objects.create(title="First title", source=source)
    article.title = "Second title"
    article.save()

    assert article.slug == "first-title"


def test_articles_without_a_key_get_a_unique_one(source):
    a = Article.objects.create(title="A", source=source)
    b = Article.objects.create(title="B", source=source)

    assert a.external_key != b.external_key


def test_an_external_key_is_unique_per_source(source):
    Article.objects.create(title="A", source=source, external_key="k")
    Article.objects.create(title="A", source=Source.named("Other"), external_key="k")

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="A", source=source, external_key="k")


def test_a_position_is_unique_per_article_and_starts_at_1(source):
    article = Article.objects.create(title="A", source=source)
    Paragraph.objects.create(article=article, position=1, text="x")

    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(article=article, position=1, text="y")
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(article=article, position=0, text="z")


def test_newest_first_puts_undated_articles_last(source):
    undated = Article.objects.create(title="Undated", source=source)
    old = Article.objects.create(
        title="Old", source=source, published=datetime(1999, 1, 1, tzinfo=UTC)
    )
    new = Article.objects.create(
        title="New", source=source, published=datetime(2024, 1, 1, tzinfo=UTC)
    )

    assert list(Article.objects.newest_first()) == [new, old, undated]
    assert list(Article.objects.all()) == [new, old, undated]


def test_renumber_paragraphs_orders_by_wanted_position_ties_in_list_order(source):
    article = Article.objects.create(title="A", source=source)
    a, b, c = (
        Paragraph.objects.create(article=article, position=n, text=t)
        for n, t in ((1, "a"), (2, "b"), (3, "c"))
    )

    article.renumber_paragraphs([(c, 1), (a, 1), (b, 2)])

    assert [p.text for p in article.paragraphs.all()] == ["c", "a", "b"]
    assert list(article.paragraphs.values_list("position", flat=True)) == [1, 2, 3]


def test_strings_and_anchors(source):
    article = Article.objects.create(title="Headline", source=source)
    paragraph = Paragraph.objects.create(article=article, position=4, text="x")

    assert str(article) == "Headline"
    assert str(source) == "Test Wire"
    assert str(paragraph) == "¶4 of Headline"
    assert paragraph.get_absolute_url() == "/articles/headline/#p-4"


def test_an_import_run_totals_its_counts_and_names_its_paths(db):
    from articles.models import ImportRun

    run = ImportRun.objects.create(
        paths=["bbc", "wire.jsonl"], created=3, updated=1, unchanged=5, duplicate=2, failed=1
    )

    assert run.total == 12
    assert str(run).startswith("Import of bbc, wire.jsonl at ")
    assert run.status == ImportRun.Status.RUNNING


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/a", "vbscript:x"])
def test_an_article_validates_its_original_address_as_http_only(source, url):
    article = Article(title="Headline", source=source, url=url, external_key="k")

    with pytest.raises(ValidationError) as refused:
        article.full_clean()

    assert list(refused.value.message_dict) == ["url"]


def test_an_article_keeps_an_http_address_and_cleans_its_text(source):
    article = Article(
        title="Head\x0bline",
        standfirst="Gist\ufffe.",
        source=source,
        url="https://x.org/a",
        external_key="k",
    )

    article.full_clean()

    assert (article.title, article.standfirst, article.url) == (
        "Headline",
        "Gist.",
        "https://x.org/a",
    )
