"""Quotes and speakers in search, on both engines (contract): `quote:`, `speaker:`, the
"Who said it" facet and the speaker filter."""

import pytest

from articles import search
from articles.models import Paragraph
from articles.search import Filters

from ..conftest import found_ids

pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def quoted_stories(make_article):
    """Three stories: Putin quoted on peace, Witkoff quoted on talks, and peace unquoted."""
    moscow = make_article(
        title="Moscow's terms",
        paragraphs=[
            "Russian President Vladimir Putin spoke in Moscow on Friday.",
            '"We want a lasting peace for our people," Putin said.',
        ],
    )
    riyadh = make_article(
        title="Talks in Riyadh",
        paragraphs=['"Hopefully we can get things back on track," Steve Witkoff said.'],
    )
    essay = make_article(
        title="What peace means",
        paragraphs=["A lasting peace needs more than a signature, historians write."],
    )
    return moscow, riyadh, essay


def test_quote_finds_the_words_in_a_quoted_passage_only(quoted_stories):
    moscow, riyadh, essay = quoted_stories

    assert sorted(found_ids("lasting peace")) == sorted([moscow.pk, essay.pk])
    assert found_ids('quote:"lasting peace"') == [moscow.pk]
    assert found_ids("quote:track") == [riyadh.pk]
    assert found_ids('quote:"peace lasting"') == []
    assert found_ids("quote:historians") == []


def test_speaker_finds_the_articles_quoting_a_name_in_full_or_in_part(quoted_stories):
    moscow, riyadh, _ = quoted_stories

    assert found_ids("speaker:Putin") == [moscow.pk]
    assert found_ids('speaker:"Vladimir Putin"') == [moscow.pk]
    assert found_ids("speaker:witkoff OR speaker:putin", sort="newest") != []
    assert sorted(found_ids("speaker:witkoff OR speaker:putin")) == sorted([moscow.pk, riyadh.pk])
    assert found_ids("speaker:moscow") == []
    assert found_ids("peace -speaker:putin") == [quoted_stories[2].pk]


def test_the_who_said_it_facet_counts_the_speakers_of_the_results(quoted_stories):
    facets = search.search_articles("peace OR track").facets

    assert [(v.key, v.label, v.count) for v in facets[search.SPEAKER]] == [
        ("steve-witkoff", "Steve Witkoff", 1),
        ("vladimir-putin", "Vladimir Putin", 1),
    ]
    assert search.SPEAKER not in search.search_articles("historians").facets


def test_the_speaker_filter_narrows_the_results(quoted_stories):
    moscow, _, _ = quoted_stories

    assert found_ids("peace", filters=Filters(speaker="vladimir-putin")) == [moscow.pk]
    assert found_ids("peace", filters=Filters(speaker="steve-witkoff")) == []


def test_the_index_follows_a_quote_edited_in_a_paragraph(quoted_stories):
    moscow, _, _ = quoted_stories

    Paragraph.objects.filter(article=moscow, position=2).update(
        text='"We want the talks to fail," Sergei Lavrov said.'
    )
    search.apply_pending()

    assert found_ids('quote:"lasting peace"') == []
    assert found_ids("speaker:lavrov") == [moscow.pk]
    assert found_ids("speaker:putin") == []


@pytest.mark.parametrize(
    "query", ["quote:", 'quote:""', "speaker:*", "speaker:~", "quote:(", "speaker:'"]
)
def test_odd_quote_queries_never_fail(quoted_stories, query):
    search.search_articles(query)
