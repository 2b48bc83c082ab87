"""A Whoosh index built before tags or quotes keeps working until rebuild_index gives it
their fields."""

from whoosh import index

from articles import search
from articles.models import Tag
from articles.search.reading import TAG_QUERY_FIELDS
from articles.search.whoosh import storage
from articles.search.whoosh.analysis import build_schema, quote_fields

from ..conftest import found_ids


def swap_in_an_index_without(fields):
    """Make the live index an empty one whose schema lacks `fields`, as an older release's."""
    schema = build_schema()
    for field in fields:
        schema.remove(field)
    folder, _ = storage.create_build()
    for file in folder.iterdir():
        file.unlink()
    index.create_in(str(folder), schema)
    storage.swap_in(folder)


def test_an_index_without_tag_fields_is_updated_and_searched_until_rebuilt(make_article):
    swap_in_an_index_without(TAG_QUERY_FIELDS)
    article = make_article(title="Oil imports rise")
    article.tags.add(Tag.named("place", "Japan"))
    search.apply_pending()  # the update leaves the tags out instead of failing

    assert found_ids("oil") == [article.pk]
    assert found_ids("place:japan") == []
    assert "place" not in search.search_articles("oil").facets

    search.rebuild_index()

    assert found_ids("place:japan") == [article.pk]
    assert [v.key for v in search.search_articles("oil").facets["place"]] == ["japan"]


def test_an_index_without_quote_fields_is_updated_and_searched_until_rebuilt(make_article):
    swap_in_an_index_without(quote_fields())
    article = make_article(
        title="Harbour wall", paragraphs=['"The wall will hold all winter," Anna Berg said.']
    )

    assert found_ids("wall") == [article.pk]
    assert found_ids("speaker:berg") == []
    assert search.SPEAKER not in search.search_articles("wall").facets

    search.rebuild_index()

    assert found_ids("speaker:berg") == [article.pk]
    assert found_ids('quote:"hold all winter"') == [article.pk]
    assert [v.key for v in search.search_articles("wall").facets[search.SPEAKER]] == ["anna-berg"]
