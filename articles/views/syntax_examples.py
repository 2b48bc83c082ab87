"""The search syntax, by example: each query here finds the seed article (a test checks)."""

SYNTAX_EXAMPLES = [
    (
        "peace talks",
        "Both words, in any form: talks, talk, talking. Articles with every word "
        "come first; if few have them all, articles with most of them (the rarer words count "
        "more) follow.",
    ),
    (
        "How will the war with Russia end?",
        "A whole question or sentence works: common words "
        "like how, will and the count for little, and nothing is required word for word.",
    ),
    ('"security guarantees"', "The exact phrase."),
    ('"Zelensky talks"~10', "Both words at most 10 words apart, in any order."),
    ("Kyiv OR Moscow", "Either word."),
    ("Zelensky -Atlantis", "Zelensky, but not Atlantis; the same as Zelensky NOT Atlantis."),
    ("(Kyiv OR Moscow) AND peace", "Grouping with parentheses."),
    (
        "title:Zelensky",
        "A word in the headline. Other fields: standfirst, body, source, section, byline; "
        "the tags: person, place, org, topic, exchange (place:japan, org:opec); and who said "
        "what: quote, speaker (speaker:putin).",
    ),
    (
        "negotiat*",
        "Words starting with these letters (three at least): negotiation, negotiations, negotiate.",
    ),
    ("Zelenskiy~1", "Words one letter away, for uncertain spellings: finds Zelensky."),
    ("US", "Short words and acronyms are words too: US, EU, X."),
    (
        "US-Ukraine",
        "A hyphen inside a word joins it: this finds US-Ukraine, US Ukraine and USUkraine, as "
        "one phrase, in any field (title:US-Ukraine too). Only -word at the start or after a "
        "space leaves a word out. AT&T, 9/11, U.S. and O'Brien work the same way.",
    ),
    (
        "Poland's military",
        "A possessive is its word: Poland's, Poland’s and Poland find the same articles.",
    ),
    (
        "WHAT NEXT FOR KYIV AND MOSCOW?",
        "Capitals, brackets and question marks leave a question in words: AND, OR and NOT "
        "are operators only in a search not written all in capitals.",
    ),
]
