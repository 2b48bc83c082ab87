"""Quotes stored per paragraph: the seed's attributions, and quotes that follow every edit
(import, admin, bulk updates and deletes, renumbering)."""

import pytest

from articles import importers
from articles.models import Paragraph, Quote

from .test_admin import save


def stored(article) -> list[tuple[int, str, str]]:
    """Return (paragraph position, first four words, speaker) of the article's quotes."""
    return [
        (quote.paragraph.position, " ".join(quote.text.split()[:4]), quote.speaker)
        for quote in article.quotes.select_related("paragraph").order_by("paragraph__position")
    ]


def speaker_of(article, opening: str) -> str:
    quotes = [q for q in article.quotes.all() if q.text.startswith(opening)]
    assert len(quotes) == 1, [q.text for q in article.quotes.all()]
    return quotes[0].speaker


def test_the_seed_s_quotes_are_attributed_to_who_said_them(seed_article):
    assert speaker_of(seed_article, "We don’t need anything that belongs to others") == (
        "Vladimir Putin"
    )
    assert speaker_of(seed_article, "Hopefully, we can get things back on track") == (
        "Steve Witkoff"
    )
    assert speaker_of(seed_article, "fair, lasting, and binding peace agreement") == "Wang Yi"
    assert speaker_of(seed_article, "Ukrainian and American teams have resumed work") == (
        "Volodymyr Zelensky"
    )


def test_a_quote_keeps_its_speaker_as_written_and_the_slug_of_the_full_name(seed_article):
    quote = seed_article.quotes.get(text__startswith="Hopefully")
    assert (quote.speaker_as_written, quote.speaker_slug) == ("Witkoff", "steve-witkoff")
    assert seed_article.quotes.get(text__startswith="We don’t").speaker_as_written == "he"


@pytest.fixture
def harbour(make_article):
    return make_article(
        title="Harbour wall",
        paragraphs=[
            "Mayor Anna Berg opened the wall.",
            '"It will hold back the storms," Ms Berg said.',
        ],
    )


def test_the_admin_edit_of_a_paragraph_finds_its_quotes_again(
    admin_client, harbour, django_capture_on_commit_callbacks
):
    assert stored(harbour) == [(2, "It will hold back", "Anna Berg")]
    changes = {2: (2, '"The ferries will run again in May," Tomas Weber said.')}
    save(admin_client, harbour, django_capture_on_commit_callbacks, changes=changes)
    assert stored(harbour) == [(2, "The ferries will run", "Tomas Weber")]


def test_an_admin_reorder_moves_the_quotes_with_their_paragraphs(
    admin_client, harbour, django_capture_on_commit_callbacks
):
    changes = {
        1: (2, "Mayor Anna Berg opened the wall."),
        2: (1, '"It will hold back the storms," Ms Berg said.'),
    }
    save(admin_client, harbour, django_capture_on_commit_callbacks, changes=changes)
    assert stored(harbour) == [(1, "It will hold back", "Anna Berg")]


def test_bulk_updates_and_deletes_of_paragraphs_find_the_quotes_again(harbour):
    Paragraph.objects.filter(article=harbour, position=2).update(
        text='"Nobody asked the fishermen about it," said Karl Oswald.'
    )
    assert stored(harbour) == [(2, "Nobody asked the fishermen", "Karl Oswald")]
    Paragraph.objects.filter(article=harbour, position=2).delete()
    assert stored(harbour) == []


def test_a_saved_paragraph_finds_its_quotes(harbour):
    Paragraph.objects.create(
        article=harbour, position=3, text='"We will watch the wall closely," she said.'
    )
    assert stored(harbour)[-1] == (3, "We will watch the", "Anna Berg")


def test_a_reimported_file_replaces_its_quotes(db, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text('Harbour\nWall\n"The wall will hold all winter," Anna Berg said.\n')
    importers.import_paths([tmp_path])
    story.write_text('Harbour\nWall\n"The wall may not hold after all," Karl Oswald said.\n')
    importers.import_paths([tmp_path])
    assert list(Quote.objects.values_list("text", "speaker")) == [
        ("The wall may not hold after all,", "Karl Oswald")
    ]


def test_a_failure_of_the_finder_costs_the_article_its_quotes_not_its_import(
    db, tmp_path, monkeypatch
):
    def broken(paragraphs):
        raise IndexError("a bug in the finder")

    monkeypatch.setattr("articles.models.quotes.find_quotes", broken)
    (tmp_path / "story.txt").write_text('Harbour\nWall\n"The wall will hold," Anna Berg said.\n')

    importers.import_paths([tmp_path])

    assert Paragraph.objects.count() == 1
    assert not Quote.objects.exists()


def test_find_quotes_brings_the_stored_quotes_up_to_the_finder_and_a_rerun_changes_nothing(
    harbour, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    # As an older finder stored it: another speaker, and a quote it no longer finds.
    Quote.objects.filter(article=harbour).update(speaker="Berg Harbour", speaker_slug="x")
    Quote.objects.create(
        article=harbour, paragraph=harbour.paragraphs.get(position=1), text="opened the wall"
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("find_quotes", stdout=out)
    assert "1 of 1 articles changed" in out.getvalue()
    assert stored(harbour) == [(2, "It will hold back", "Anna Berg")]
    assert Quote.objects.get().speaker_slug == "anna-berg"

    out = StringIO()
    call_command("find_quotes", stdout=out)
    assert "0 of 1 articles changed" in out.getvalue()
