"""Tags found in the text, on both engines: found by query fields, counted in the facets,
listed on their tag pages like tags from the source, and kept by `rebuild_index`.

Part of the engines' contract (the PostgreSQL run in the suite's PostgreSQL pass).
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import importers, search
from articles.models import Article, ArticleTag

from ..conftest import found_ids

pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def seed(seed_file):
    importers.import_paths([seed_file], "Seed articles")
    search.apply_pending()
    return Article.objects.get()


def test_a_found_tag_answers_its_query_field(seed):
    assert found_ids('person:"Vladimir Putin"') == [seed.pk]
    assert found_ids("place:saudi-arabia") == [seed.pk]
    assert found_ids("person:putin") == []  # a tag is its whole slug


def test_found_tags_are_counted_in_the_facets(seed):
    facets = search.search_articles("peace").facets

    assert "Wang Yi" in [value.label for value in facets["person"]]
    assert "Ukraine" in [value.label for value in facets["place"]]


def test_a_found_tag_has_its_page(client, seed):
    page = client.get(reverse("articles:tag_detail", args=["person", "steve-witkoff"]))

    assert page.status_code == 200
    assert seed.get_absolute_url() in page.content.decode()


def test_a_found_tag_taken_off_leaves_the_index(seed):
    ArticleTag.objects.get(article=seed, tag__slug="wang-yi").delete()
    search.apply_pending()

    assert found_ids('person:"Wang Yi"') == []


def test_rebuild_index_keeps_the_found_tags(seed):
    call_command("rebuild_index", verbosity=0)

    assert found_ids('person:"Steve Witkoff"') == [seed.pk]
