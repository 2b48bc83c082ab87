"""Tag facets: the commonest tags of each kind, the same ones for the same search."""

from articles.search.tags import TAG_FACET_VALUES, tag_facets


def test_a_kind_lists_its_commonest_tags_most_frequent_first_ties_by_name():
    counts = {("acme", "Acme"): 3, ("zeta", "Zeta"): 3, ("beta", "beta"): 5, ("", "No slug"): 9}

    facets = tag_facets({"organisation": counts})

    assert [(v.key, v.count) for v in facets["organisation"]] == [
        ("beta", 5),
        ("acme", 3),
        ("zeta", 3),
    ]


def test_a_common_words_thousands_of_names_are_cut_to_the_commonest_by_count_then_name():
    counts = {(f"name-{n:05}", f"Name {n:05}"): 1 for n in range(5000)}
    counts |= {("often", "Often"): 7, ("twice", "Twice"): 2}

    listed = tag_facets({"person": counts})["person"]

    assert len(listed) == TAG_FACET_VALUES
    assert [v.key for v in listed[:2]] == ["often", "twice"]
    # Of the 5,000 tied at one article, the first by name fill the rest, every time.
    assert [v.key for v in listed[2:]] == [f"name-{n:05}" for n in range(TAG_FACET_VALUES - 2)]
