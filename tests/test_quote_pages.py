"""What readers see of quotes: a person's tag page lists their quotes, each linked to its
paragraph (#p-N), and the results page has a "Who said it" facet."""

import re
from datetime import UTC, datetime

import pytest

from articles import search
from articles.models import Tag
from articles.views import tags


@pytest.fixture
def putin_quoted(make_article):
    """Vladimir Putin quoted in two articles, with a person tag of his name; Witkoff in one."""
    older = make_article(
        title="Peace terms",
        published=datetime(2025, 3, 1, tzinfo=UTC),
        paragraphs=[
            "Russian President Vladimir Putin spoke on Friday.",
            "He met envoys.",
            '"We want a lasting peace for our people," Putin said.',
        ],
    )
    newer = make_article(
        title="Ceasefire answer",
        published=datetime(2025, 3, 14, tzinfo=UTC),
        paragraphs=['"We need answers to many questions first," Vladimir Putin said.'],
    )
    make_article(
        title="Envoy hopeful",
        paragraphs=['"Hopefully we can get things back on track," Steve Witkoff said.'],
    )
    Tag.named("person", "Vladimir Putin")  # a tag of his name, even on no article
    search.apply_pending()
    return older, newer


def test_a_person_s_page_lists_their_quotes_newest_first_linked_to_the_paragraph(
    client, putin_quoted
):
    older, newer = putin_quoted

    page = client.get("/tags/person/vladimir-putin/").content.decode()

    quoted = page.split('id="quotes-title"')[1]
    assert quoted.index("We need answers") < quoted.index("We want a lasting peace")
    assert f'href="{newer.get_absolute_url()}#p-1"' in quoted
    assert f'href="{older.get_absolute_url()}#p-3"' in quoted
    assert "Hopefully" not in quoted


def test_a_person_tagged_by_a_source_s_code_lists_the_quotes_of_their_name(client, putin_quoted):
    Tag.objects.create(kind="person", slug="putin", name="Vladimir Putin")  # Reuters-style code

    page = client.get("/tags/person/putin/").content.decode()

    quoted = page.split('id="quotes-title"')[1]
    assert "We need answers" in quoted and "Hopefully" not in quoted


def test_the_paragraph_a_quote_links_to_has_that_anchor(client, putin_quoted):
    older, _ = putin_quoted

    page = client.get(older.get_absolute_url()).content.decode()

    assert re.search(r'<p id="p-3"[^>]*>.*We want a lasting peace', page)


def test_a_page_of_another_kind_or_a_person_never_quoted_lists_no_quotes(client, putin_quoted):
    Tag.named("place", "Moscow")
    Tag.named("person", "Sergei Lavrov")

    for url in ("/tags/place/moscow/", "/tags/person/sergei-lavrov/"):
        response = client.get(url)
        assert response.status_code == 200
        assert 'id="quotes-title"' not in response.content.decode()


def test_the_results_page_has_a_who_said_it_facet_that_narrows_to_a_speaker(client, putin_quoted):
    older, newer = putin_quoted

    page = client.get("/search/", {"q": "we"}).content.decode()
    facet = page.split('id="facet-speaker"')[1].split("</section>")[0]
    assert "Who said it" in facet
    assert re.search(r"Vladimir Putin</a> <span class=\"facet-count\">2</span>", facet)
    link = re.search(r'href="(\?[^"]*speaker=vladimir-putin[^"]*)"', facet).group(1)

    narrowed = client.get("/search/" + link.replace("&amp;", "&"))
    assert {article.pk for article, _ in narrowed.context["hits"]} == {older.pk, newer.pk}
    assert "speaker: Vladimir Putin" in narrowed.content.decode()


def test_an_odd_speaker_filter_finds_nothing_and_never_fails(client, putin_quoted):
    for value in ("", "nobody-at-all", "'", "x" * 300, "<b>"):
        assert client.get("/search/", {"q": "we", "speaker": value}).status_code in (200, 400)


def test_a_person_quoted_more_than_a_page_holds_links_to_all_their_quotes(
    client, putin_quoted, monkeypatch
):
    monkeypatch.setattr(tags, "PAGE_QUOTES", 1)

    page = client.get("/tags/person/vladimir-putin/").content.decode()

    link = re.search(r'<a href="([^"]*)">All 2 quotes', page).group(1).replace("&amp;", "&")
    assert len(client.get(link).context["hits"]) == 2
