"""A Whoosh index built before tags keeps working until rebuild_index gives it tag fields."""

from whoosh import index

from articles import search
from articles.models import Tag
from articles.search.reading import TAG_QUERY_FIELDS
from articles.search.whoosh import storage
from articles.search.whoosh.analysis import build_schema

from ..conftest import found_ids


def swap_in_an_index_without_tags():
    schema = build_schema()
    for field in TAG_QUERY_FIELDS:
        schema.remove(field)
    folder, _ = storage.create_build()
    for file in folder.iterdir():
        file.unlink()
    index.create_in(str(folder), schema)
    storage.swap_in(folder)


def test_an_index_without_tag_fields_is_updated_and_searched_until_rebuilt(make_article):
    swap_in_an_index_without_tags()
    article = make_article(title="Oil imports rise")
    article.tags.add(Tag.named("place", "Japan"))
    search.apply_pending()  # the update leaves the tags out instead of failing

    assert found_ids("oil") == [article.pk]
    assert found_ids("place:japan") == []
    assert "place" not in search.search_articles("oil").facets

    search.rebuild_index()

    assert found_ids("place:japan") == [article.pk]
    assert [v.key for v in search.search_articles("oil").facets["place"]] == ["japan"]
