"""Finding: filters and facets, field search, proximity, soft AND, spelling, related.

Part of the engines' contract: each test runs on both engines (the PostgreSQL run in the
suite's PostgreSQL pass).
"""

from datetime import UTC, date, datetime

import pytest

from articles import search
from articles.search import Filters, SearchParams

from .conftest import found_ids

pytestmark = pytest.mark.usefixtures("engine")


def at(year, month=1, day=1):
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def wire_and_paper(make_article):
    """Five flood stories over two sources, two sections and three years; one undated."""
    return {
        "wire_2004_mar": make_article(
            title="Flood in March", source="Wire", section="Weather", published=at(2004, 3)
        ),
        "wire_2004_may": make_article(
            title="Flood in May", source="Wire", section="Business", published=at(2004, 5)
        ),
        "paper_2004": make_article(
            title="Flood insurance", source="Paper", section="Business", published=at(2004, 3)
        ),
        "paper_2005": make_article(
            title="Flood again", source="Paper", section="Weather", published=at(2005, 7)
        ),
        "paper_undated": make_article(title="Flood undated", source="Paper", section="Weather"),
    }


def facet_counts(results, name):
    return {value.key: value.count for value in results.facets[name]}


def test_facet_counts_equal_the_numbers_of_matching_articles(wire_and_paper):
    results = search.search_articles("flood")

    assert facet_counts(results, "source") == {"paper": 3, "wire": 2}
    assert facet_counts(results, "section") == {"weather": 3, "business": 2}
    assert facet_counts(results, "year") == {"2005": 1, "2004": 3, "undated": 1}
    assert [value.label for value in results.facets["year"]] == ["2005", "2004", "Undated"]
    assert "month" not in results.facets  # months only within a chosen year
    assert [value.label for value in results.facets["source"]] == ["Paper", "Wire"]


def test_facets_and_filters_count_edits_made_after_a_search(wire_and_paper):
    search.search_articles(SearchParams("flood", with_days=True))  # all read, as when serving
    moved = wire_and_paper["paper_2004"]
    moved.section, moved.published = "Sport", at(2006, 1)
    moved.save()
    wire_and_paper["paper_undated"].delete()
    search.apply_pending()

    results = search.search_articles(SearchParams("flood", with_days=True))

    assert results.total == 4
    assert results.days == {
        date(2004, 3, 1): 1,
        date(2004, 5, 1): 1,
        date(2005, 7, 1): 1,
        date(2006, 1, 1): 1,
    }
    assert facet_counts(results, "section") == {"weather": 2, "business": 1, "sport": 1}
    assert facet_counts(results, "year") == {"2006": 1, "2005": 1, "2004": 2}
    assert found_ids("flood", filters=Filters(year=2006)) == [moved.pk]
    assert found_ids("flood", filters=Filters(section="sport")) == [moved.pk]


def test_facet_counts_follow_the_query(wire_and_paper):
    results = search.search_articles("insurance")

    assert facet_counts(results, "source") == {"paper": 1}
    assert facet_counts(results, "year") == {"2004": 1}


def test_a_filter_narrows_the_results_and_the_counts(wire_and_paper):
    results = search.search_articles("flood", filters=Filters(source="paper"))

    assert results.total == 3
    assert facet_counts(results, "section") == {"weather": 2, "business": 1}


def test_filters_combine(wire_and_paper):
    both = Filters(source="paper", section="business")
    in_2004 = Filters(source="wire", year=2004)

    assert found_ids("flood", filters=both) == [wire_and_paper["paper_2004"].pk]
    assert set(found_ids("flood", filters=in_2004)) == {
        wire_and_paper["wire_2004_mar"].pk,
        wire_and_paper["wire_2004_may"].pk,
    }


def test_months_are_counted_and_filtered_within_a_chosen_year(wire_and_paper):
    results = search.search_articles("flood", filters=Filters(year=2004))
    march = search.search_articles("flood", filters=Filters(year=2004, month=3))

    assert facet_counts(results, "month") == {"3": 2, "5": 1}
    assert [value.label for value in results.facets["month"]] == ["March", "May"]
    assert {hit.article_id for hit in march.hits} == {
        wire_and_paper["wire_2004_mar"].pk,
        wire_and_paper["paper_2004"].pk,
    }


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2004, 4, 1), None, {"wire_2004_may", "paper_2005"}),
        (None, date(2004, 3, 31), {"wire_2004_mar", "paper_2004"}),
        (date(2004, 5, 1), date(2004, 5, 1), {"wire_2004_may"}),
        (date(2006, 1, 1), None, set()),
    ],
)
def test_a_date_range_keeps_articles_published_within_it(wire_and_paper, start, end, expected):
    found = found_ids("flood", filters=Filters(date_from=start, date_to=end))

    assert set(found) == {wire_and_paper[name].pk for name in expected}


def test_search_params_carry_everything_a_search_depends_on(wire_and_paper):
    params = SearchParams(
        "flood", filters=Filters(source="paper"), sort="oldest", page=2, per_page=1
    )

    results = search.search_articles(params)

    assert (results.total, results.page, results.first, results.last) == (3, 2, 2, 2)
    assert [hit.article_id for hit in results.hits] == [wire_and_paper["paper_2005"].pk]


def test_days_count_every_match_on_its_day_in_the_current_time_zone(make_article, settings):
    settings.TIME_ZONE = "America/New_York"  # five hours behind UTC in winter
    late = datetime(2024, 1, 1, 3, 30, tzinfo=UTC)  # still 31 December in New York
    noon = datetime(2024, 1, 1, 12, tzinfo=UTC)
    for title, published in [("Gale late", late), ("Gale noon", noon), ("Gale too", noon)]:
        make_article(title=title, published=published)
    make_article(title="Gale undated")

    results = search.search_articles(SearchParams("gale", with_days=True))

    assert results.days == {date(2023, 12, 31): 1, date(2024, 1, 1): 2, None: 1}
    assert search.search_articles("gale").days == {}  # counted only when asked for


def test_undated_articles_sort_last_in_both_date_orders(wire_and_paper):
    newest = found_ids("flood", sort="newest")
    oldest = found_ids("flood", sort="oldest")

    assert newest[-1] == oldest[-1] == wire_and_paper["paper_undated"].pk
    assert newest[0] == wire_and_paper["paper_2005"].pk
    assert oldest[0] in {wire_and_paper["wire_2004_mar"].pk, wire_and_paper["paper_2004"].pk}


def test_the_undated_year_value_filters_to_the_articles_without_a_date(wire_and_paper):
    undated = search.search_articles("flood", filters=Filters(undated=True))
    with_source = Filters(source="wire", undated=True)

    assert [hit.article_id for hit in undated.hits] == [wire_and_paper["paper_undated"].pk]
    assert facet_counts(undated, "year") == {"undated": 1}
    assert facet_counts(undated, "source") == {"paper": 1}
    assert found_ids("flood", filters=with_source) == []


def test_byline_section_and_source_can_be_searched_by_field(make_article):
    signed = make_article(
        title="Budget vote", byline="Jane Doe", section="Politics", source="Daily Post"
    )
    make_article(title="Budget cuts", byline="John Roe", section="Business")

    assert found_ids("byline:doe") == [signed.pk]
    assert found_ids("budget byline:jane") == [signed.pk]
    assert found_ids("section:politics") == [signed.pk]
    assert found_ids('source:"daily post"') == [signed.pk]


def test_proximity_finds_words_near_each_other_only(make_article):
    near = make_article(paragraphs=["The peace deal was finally signed."])
    make_article(paragraphs=["Peace is far away, and no one has signed anything yet today."])

    assert found_ids('"peace signed"~4') == [near.pk]


def test_grouping_combines_or_with_and(make_article):
    kyiv = make_article(paragraphs=["Talks in Kyiv on peace."])
    make_article(paragraphs=["Talks in Kyiv on trade."])
    moscow = make_article(paragraphs=["Peace talks in Moscow."])

    assert set(found_ids("(Kyiv OR Moscow) AND peace")) == {kyiv.pk, moscow.pk}


def test_all_words_rank_first_then_the_rarer_words(make_article):
    for n in range(6):
        make_article(title=f"Market report {n}", paragraphs=["Shares rose in the market."])
        make_article(title=f"Cricket {n}", paragraphs=["A century at Lord's."])
    rare = make_article(title="Tariff ruling", paragraphs=["Steel tariffs were struck down."])
    every = make_article(title="Tariff market", paragraphs=["Steel tariffs shook the market."])

    results = search.search_articles("steel market crash")

    ids = [hit.article_id for hit in results.hits]
    assert results.total == 0  # nobody wrote "crash"
    assert ids[:2] == [every.pk, rare.pk]  # "steel" is rarer than "market"
    assert results.partial_total == 8
    assert all(hit.partial for hit in results.hits)
    assert results.summary == "No article has all your words; 8 have some."


def test_a_long_questions_full_matches_may_lack_one_of_its_words(make_article):
    for n in range(6):
        make_article(title=f"Market report {n}", paragraphs=["Shares rose in the market."])
        make_article(title=f"Cricket {n}", paragraphs=["A century at Lord's."])
    rare = make_article(title="Tariff ruling", paragraphs=["Steel tariffs were struck down."])
    every = make_article(title="Tariff market", paragraphs=["Steel tariffs shook the market."])

    # Four weighty words: a long question. Nobody wrote "crash"; "every" has the other three.
    results = search.search_articles("steel tariff market crash")

    assert [hit.article_id for hit in results.hits][:2] == [every.pk, rare.pk]
    assert [hit.partial for hit in results.hits][:2] == [False, True]
    assert (results.total, results.partial_total, results.may_lack) == (1, 7, 1)
    assert results.summary == "1 article has all your words, or all but one; 7 more have some."


def test_a_long_questions_full_matches_lack_the_same_by_date(make_article):
    make_article(title="Tariff ruling", paragraphs=["Steel tariffs were struck down."])
    every = make_article(title="Tariff market", paragraphs=["Steel tariffs shook the market."])

    for sort in ("relevance", "newest", "oldest"):
        params = search.SearchParams("steel tariff market crash", sort=sort)
        results = search.search_articles(params)
        assert (results.total, results.hits[0].article_id) == (1, every.pk)


def test_articles_with_every_word_come_before_partial_matches(make_article):
    partial = make_article(title="Drought deepens", paragraphs=["Rivers are low."])
    whole = make_article(title="Weather", paragraphs=["A drought, and rivers run low."])

    results = search.search_articles("drought rivers weather")

    assert [hit.article_id for hit in results.hits] == [whole.pk, partial.pk]
    assert [hit.partial for hit in results.hits] == [False, True]
    assert (results.total, results.partial_total) == (1, 1)
    assert results.summary == "1 article has all your words; 1 more has some."


def test_a_question_never_comes_back_empty(seed_article):
    results = search.search_articles("What did Zelensky say about the talks in Saudi Arabia?")

    assert [hit.article_id for hit in results.hits] == [seed_article.pk]


@pytest.mark.parametrize("text", ["the", "to be or not to be", "of the and"])
def test_stop_words_never_empty_a_query(seed_article, text):
    assert found_ids(text) == [seed_article.pk]


@pytest.mark.parametrize("text", ["US", "us", "X", "EU"])
def test_acronyms_alone_are_searched(make_article, text):
    article = make_article(paragraphs=["The US and the EU met; he posted on X."])

    assert found_ids(text) == [article.pk]


def test_a_typo_of_a_name_gets_a_suggestion_that_finds_it(seed_article):
    results = search.search_articles("Zelenksy")

    assert results.total == 0
    assert results.suggestion == "Zelensky"
    assert found_ids(results.suggestion) == [seed_article.pk]


def test_the_suggestion_keeps_the_rest_of_the_query(seed_article):
    results = search.search_articles('Witkof "security guarantees"')

    assert results.suggestion == 'Witkoff "security guarantees"'


def test_words_the_archive_has_get_no_suggestion(seed_article):
    assert search.search_articles("Zelensky").suggestion is None
    assert search.search_articles("Atlantis").suggestion is None  # nothing close


def test_related_articles_exclude_the_article_and_exact_duplicates(make_article):
    text = ["Steel tariffs shook markets as exporters warned of job losses in the mills."]
    article = make_article(title="Steel tariffs", paragraphs=text, content_hash="a" * 64)
    make_article(title="Steel tariffs", paragraphs=text, content_hash="a" * 64)
    cousin = make_article(
        title="Tariff fears",
        paragraphs=["Exporters warned that steel tariffs would cost mills jobs."],
        content_hash="b" * 64,
    )
    make_article(title="Cricket", paragraphs=["A century at Lord's."], content_hash="c" * 64)

    related = search.related_articles(article.pk, "Steel tariffs\n\n" + text[0])

    assert related == [cousin.pk]


def test_related_articles_list_one_copy_of_duplicated_text(make_article):
    text = ["Steel tariffs shook markets as exporters warned of job losses in the mills."]
    article = make_article(title="Steel", paragraphs=text, content_hash="a" * 64)
    copies = [
        make_article(
            title="Mills", paragraphs=["Mills warned of steel job losses."], content_hash="d" * 64
        )
        for _ in range(2)
    ]

    related = search.related_articles(article.pk, text[0])

    assert len(related) == 1 and related[0] in {copy.pk for copy in copies}


def test_an_article_sharing_no_words_with_others_has_no_related_articles(make_article):
    text = ["A century at Lord's delighted the crowd."]
    article = make_article(title="Cricket", paragraphs=text)
    make_article(title="Steel tariffs", paragraphs=["Exporters warned of job losses in mills."])

    assert search.related_articles(article.pk, "Cricket\n\n" + text[0]) == []


def test_counts_stay_exact_after_articles_are_edited_and_deleted(wire_and_paper):
    from articles.indexing import queue

    edited = wire_and_paper["wire_2004_mar"]
    edited.title = "Drought in March"
    edited.save()
    gone = wire_and_paper["paper_2005"].pk
    wire_and_paper["paper_2005"].delete()
    queue.enqueue([edited.pk, gone], drain=False)
    search.apply_pending()

    results = search.search_articles("flood")

    assert results.total == 3
    assert facet_counts(results, "source") == {"paper": 2, "wire": 1}
    assert facet_counts(results, "year") == {"2004": 2, "undated": 1}


def test_a_year_and_a_date_range_combine(wire_and_paper):
    filters = Filters(year=2004, date_from=date(2004, 4, 1))

    assert found_ids("flood", filters=filters) == [wire_and_paper["wire_2004_may"].pk]
    assert found_ids("flood", filters=Filters(year=2003)) == []
