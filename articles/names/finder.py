"""Find the people, organisations and places an article names, by rules and gazetteers.

Each span of capitalised words (spans.py) is judged in this order, the first rule that
holds deciding:

1. a title or job before a name makes the rest a person ("Prime Minister Tony Blair",
   "Mr Greenspan", "economy minister Heizo Takenaka");
2. a name the gazetteers know is what they say (countries, cities, "US", "Tories");
3. a last word such as Group, Bank, Party, University, Times makes an organisation, and
   so does a first word such as University or Department before "of" or "for";
4. a known first name followed by one to three more names makes a person ("Jamie
   Firestone");
5. capitals alone (IMF, TUC) or capitals inside a word (TimeWarner) make an organisation;
6. what stands around the span: "firm X", "X's shares", "X said it", "an analyst at X",
   "X chief executive Jane Doe", "Jane Doe, of X Y" make an organisation; "X, who",
   "said X Y", "X Y, India's finance minister" a person; a name its acronym follows
   ("Federated Record Sellers (FRS)") is an organisation when the acronym speaks as a body
   does elsewhere ("the FRS said").

In a football article (two football words such as "striker", "goal"), a club comes first:
"Man Utd", "Leicester City", or a town or short name where a club stands ("Liverpool fans",
"win over Olympiakos", "Liverpool were", "Chelsea 2-0"); a town read so once is the club
throughout the article, and so is the side it beat ("Chelsea beat Liverpool"). A country
stays a place (its national side is judged one), and "Champions League" is no organisation.

A football article's line-ups ("Cech, Ferreira (Johnson 81), Terry.", "Subs Not Used: A,
B.", "Ref: S Bennett (Kent)") are people, read before the rest; a club is also one before
its player ("Chelsea's Damien Duff") or listed beside a club ("losses to Newcastle and
Barcelona"). In a music article (two words such as "album", "gig"), a band stands after
"band" or "group", before an album or a record's title ("Keane's debut album"), as "the"
and a plural ("the Killers"), or in a list of acts ("featuring X", "are among the acts")
with no first name; a band is a band throughout the article.

Titles of nobility ("Duke of Edinburgh") are people and their places no places ("princess
of Wales"); an office ("Governor of the Reserve Bank") is no name; "Princes William and
Harry" are two people, and a royal's given name stays when another person shares it.
"&" between capitalised words makes an organisation ("Marsh & McLennan"), unless both are
first names; a span whose words before "and" already name a body is two names.

Then a surname on its own ("Mr Eddington", "said Claxton") is the person named in full
elsewhere in the article, an acronym is the organisation it abbreviates ("BA", "NAO",
"Securities and Exchange Commission (SEC)"), and one name written two ways (TimeWarner,
Time Warner) is kept once. A span no rule claims is left out: precision first.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import groupby, pairwise
from operator import itemgetter
from typing import NamedTuple

from .gazetteer import (
    CLUB_BEFORE,
    CLUB_LAST_WORDS,
    CLUB_NOUNS,
    CLUB_NOUNS_OF_TOWNS,
    CLUB_SHORT_FORMS,
    CLUB_VERBS_AFTER,
    NOT_NAMES,
    ORG_CUE_WORDS,
    ORG_FIRST_WORDS,
    ORG_LAST_WORDS,
    ORG_POSSESSED_WORDS,
    ROLE_WORDS,
    SPORT_WORDS,
    TITLES,
    Known,
    first_names,
    fold,
    known_names,
)
from .spans import JOINERS, Span, spans
from .words import word_set

PERSON, ORGANISATION, PLACE = "person", "organisation", "place"


class _EndsWith:
    """A pattern that must end with one of `last` and white space (`...\\s+$`), searched in
    a span's `before` only where that ends so (case aside): most spans' do not, and a search
    scans the whole text. `search` returns what pattern.search returns.

    `reach`, if given, is the most characters a match can hold before its final white
    space (a pattern of words of fixed length: "according to" is 12): the search then
    starts that far from the text's end, not at its start, where it tried every character.
    (A search from a position still reads the character before it for `\\b`.)"""

    def __init__(self, pattern: re.Pattern, *last: str, reach: int = 0):
        self.pattern, self.last, self.reach = pattern, last, reach

    def search(self, text: str) -> re.Match | None:
        # _read_tail(text), its cache read here: a span's `before` is asked by a dozen of these
        last = _last_tail[0]
        if text is not last[0]:
            last = _read_tail(text)
        end = last[1]
        if end is None:
            return None  # no space at the end: `\\s+$` cannot match
        if end and not end.endswith(self.last):
            return None  # (a letter outside ASCII may match an ASCII one without case)
        if self.reach:
            return self.pattern.search(text, max(0, last[2] - self.reach))
        return self.pattern.search(text)


# (text, its tail, the length of the text less its final white space) of the text whose
# tail was last read: a span's `before` is asked by one rule after another, so each reads
# it once. One tuple, replaced whole: no thread reads one text's tail as another's.
_last_tail: list = [(None, None, 0)]


def _tail(text: str) -> str | None:
    """Return the last 16 characters of `text` less its final white space, in lower case
    ("" where they are not all ASCII: a letter outside ASCII may match an ASCII one without
    case); None if `text` does not end with white space, or is nothing else."""
    last = _last_tail[0]
    return last[1] if text is last[0] else _read_tail(text)[1]


def _read_tail(text: str) -> tuple:
    tail = text.rstrip()
    if len(tail) == len(text) or not tail:
        end = None  # (white space alone ends with none of `last`)
    else:
        end = tail[-16:]  # longer than any of `last`
        end = end.lower() if end.isascii() else ""
    last = _last_tail[0] = (text, end, len(tail))
    return last


def _ends_with(pattern: str, *last: str, flags: int = 0, reach: int = 0) -> _EndsWith:
    return _EndsWith(re.compile(pattern, flags), *last, reach=reach)


def _alternation(words) -> str:
    """Return a pattern of `words` (plain letters) grouped by their first letter: "a(?:ctor|
    nalyst)|b(?:oss)". A search tries a pattern at each character, and each alternative of
    a group of plain words in turn: ROLE_WORDS' 101 cost 3.4 times their 21 first letters."""
    groups = []
    for first, group in groupby(sorted(words), key=itemgetter(0)):
        groups.append(first + "(?:" + "|".join(word[1:] for word in group) + ")")
    return "|".join(groups)


MAX_NAME_WORDS = 4  # a person's name: "Michael Symmons Roberts", "Nick Van den Brul"

# Words that start sentences and are no part of a name ("But Rosneft ...", "Shares in").
_STARTERS = word_set("""
    a an the and but or so yet if in on at for of to from by with as after before since
    while when where what who why how this that these those there here it its he she they
    we i you his her their our my your all some many most more both each other such one
    two three four five also however meanwhile now then still only even just last next
    earlier later according despite although though because unless until not no nor
    former outgoing
    shares analysts officials experts reports critics figures data sales profits
    """)
# Capitals that are no organisation.
_NOT_ACRONYMS = word_set("""
    A I OK TV PC PCS CD CDS DVD DVDS CEO CFO GMT BST GDP UV AI MP MPS AM PM HIV AIDS SMS
    IT ID DNA FM VAT IPO CPI RPI KM MPH GPS USB MP3 HD HDTV RAM CPU PIN ATM OS XP IP ISP
    ISPS ADSL DSL LCD VCR SUV FAQ URL WWW HTML RSS PDA PDAS II III IV VI VII VIII IX XI
    Q1 Q2 Q3 Q4 MR MRS MS DR ST NO UK US USA EU UN OF THE AND IN ON AT BY FTSE DAX CAC
    HRH
    """)
_EVENT_LAST_WORDS = word_set("""
    award awards prize prizes cup trophy championship championships games olympics
    festival marathon run open grand prix tour series show act bill inquiry report
    conference summit election day week year
    """)
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Gov)\.\s*$")
_ROLE_BEFORE = re.compile(r"\b([a-z]+)[,]?\s+$")  # read by _role_word, without a search
_LOWER_END = re.compile(r"[a-z]+\Z")
_ORG_AFTER = re.compile(
    r"^\s+(?:has |had |have )?(?:said|says|announced|reported|posted)\s+(?:it|its|that it)\b"
)
_ORG_AT = re.compile(
    r"\b(?:"
    + _alternation(ROLE_WORDS)
    + r")s?\s+(?:[\w'’-]+\s+){0,4}?(?:at|of|from)\s+(?:the\s+)?$"
)
_ORG_NOUN_AFTER = re.compile(
    r"^\s+(?:news agency|newspaper|magazine|company|group|firm|agency|bank|airline|studios?|"
    r"network)\b"
)
# A name a person goes by, printed after the words that say so: "goes by the online name
# Morquendi", "calls himself Heretic".
_ALIAS_BEFORE = _ends_with(
    r"\b(?:(?:online|stage|screen|pen|user|nick)\s*name|calls\s+(?:him|her)self|"
    r"known\s+(?:to\s+fans\s+)?as\s+(?:the\s+)?(?:rapper|singer))\s+$",
    *("name", "self", "rapper", "singer"),
)
# A model's code: letters and a number, a G8 aside ("DB9", "PS2").
_PRODUCT_CODE = re.compile(r"^[A-FH-Z][A-Z]?\d+$")
_PRODUCT_BEFORE = re.compile(r"(?:['’]s|\bthe)\s+$")  # "Aston's DB9", "the PS2"
# Words for a faith or a people, capitalised but no body's name however often repeated.
_CREEDS = word_set("""
    muslim muslims jewish hindu sikh catholic catholics protestant islamic buddhist arab
    """)
# What a national side does or is, after a country's name in a football article: "the
# Iceland international", "Iceland beat"; and before it: "against Iceland".
_NATIONAL_SIDE_AFTER = re.compile(
    r"^\s+(?:international|internationals|side|team|squad|coach|manager|boss|captain|"
    r"striker|midfielder|defender|goalkeeper|keeper|winger|forward|beat|drew|lost|won|"
    r"fans|under-21s?|u21)\b"
)
_NATIONAL_SIDE_BEFORE = _ends_with(
    r"\b(?:against|beat|v|vs|versus|for)\s+$",
    *("against", "beat", "v", "vs", "versus", "for"),
    reach=len("against"),
)
# What may follow a side's name after "against": not a noun of its own ("against Lancashire
# rivals" names a county).
_SIDE_END = re.compile(
    r"^(?:\s*[,.;:!?'\"’”)]|\s*$|\s+(?:in|on|at|and|last|this|next|with|when|after|before|to|"
    r"was|were|is|are|but|or|on|the|a|at)\b|\s+[A-Z\d])"
)
_PLACE_BEFORE = _ends_with(
    r"\b(?:in|at|near|outside|around|across)\s+$",
    *("in", "at", "near", "outside", "around", "across"),
    reach=len("outside"),
)
# A town's member or council: "the Salford MP", "Wigan council".
_SEAT_AFTER = re.compile(
    r"^\s+(?:MP|MPs|MSP|AM|MEP|council|councillors?|constituency)\b(?!\s+[A-Z])"
)  # not "Green MSP Mark Ballard": a party's member
# A town the gazetteer lacks, placed by a known one: "in Gaydon, near Warwick", "of
# Normanton in West Yorkshire".
_UNKNOWN_PLACE_BEFORE = _ends_with(r"\b(?:in|near|of)\s+$", "in", "near", "of", reach=4)
_NEAR_KNOWN_AFTER = re.compile(r"^,?\s+(?:near|in|outside)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
# A town this size is a place wherever it stands, unless it starts a sentence.
_TOWN = 100_000
# A word used this often in one article, capitalised and on its own, is a body's name
# ("Microsoft", "Yukos") when no other rule claims it.
_REPEATED = 3
_DEMONYM = re.compile(r"(?:ese|ian|ean|ish|ic|ch)$")
# Words a headline in title case may leave in lower case.
_SMALL = word_set("with from into over than that upon onto down about after")
_THE_BEFORE = _ends_with(r"\bthe\s+$", "the", flags=re.IGNORECASE, reach=3)
_NOT_STARTS = word_set("act bill treaty war battle")
_HONOURS = word_set("MP MEP MSP QC Jr Sr OBE MBE CBE KBE")
# An acronym's organisation also named by what follows it ("BBC News", "BBC Radio").
_MEDIA_TAIL = word_set("News Radio Online Sport Website Television TV")
_ORG_PHRASE_BEFORE = _ends_with(
    r"\b(?:shares in|shares of|stake in|investors in|bid for|takeover of|merger with|"
    r"acquisition of|owners of|owner of|rival|unit of|buy|bought|acquire|acquired)\s+$",
    *("in", "of", "for", "with", "rival", "buy", "bought", "acquire", "acquired"),
    flags=re.IGNORECASE,
    reach=len("acquisition of"),
)
_PERSON_AFTER = re.compile(r"^,?\s+(?:who|said|says|told|added|explained|insisted|admitted)\b")
_PERSON_BEFORE = _ends_with(
    r"\b(?:said|says|told|according to)\s+$", "said", "says", "told", "to", reach=12
)
_PERSON_APPOSITION = re.compile(
    r"^,\s+(?:[\w'’]+\s+){0,5}?(?:" + _alternation(ROLE_WORDS) + r")\b", re.IGNORECASE
)
_CAMEL = re.compile(r"^(?!Mc|Mac|O'|O’|De|Di|La|Le)[A-Z][a-z]+[A-Z]")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,5}$|^G\d{1,2}$")
_LOWER_WORD = re.compile(r"(?<!\w)[a-z]+(?!\w)")  # \b[a-z]+\b, searched faster
_DEFINED_ACRONYM = re.compile(r"^\s*\(([A-Z][A-Z&]{1,7})\)")
# Distinct football words that make an article a football one (gazetteer.SPORT_WORDS), a
# competition's name counting as one: 200 of the BBC corpus's 511 sport articles and 10
# of its 1,714 others.
_SPORT_MIN = 2
_COMPETITION = re.compile(
    r"\b(?:Premiership|Premier League|Champions League|FA Cup|League Cup|Uefa|UEFA|Fifa|FIFA)\b"
)
_CLUB_BEFORE = _ends_with(
    r"\b(?:" + "|".join(CLUB_BEFORE) + r")\s+(?:the\s+)?$",
    *{phrase.split()[-1].lower() for phrase in CLUB_BEFORE},
    "the",
    flags=re.IGNORECASE,
)
# What a body does or has, after its acronym ("the FRS said", "an FRS spokesman").
_BODY_VERBS = (
    "said|says|has said|spokesman|spokeswoman|spokesperson|chief|chairman|chairwoman|"
    "president|director|reported|announced|welcomed|warned|urged|added|told|claimed|"
    "estimated|found|fully supports|supports|wants|believes|members"
)
_LIST_BEFORE = re.compile(r"(?:\band|,)\s*$")
_NOT_CLUB_LAST_WORDS = word_set("""
    league premiership park road stadium ground lane arena hemisphere
    """)
_CLUB_VERB_AFTER = re.compile(r"^\s+(?:" + "|".join(CLUB_VERBS_AFTER) + r")\b")
_SCORE_AFTER = re.compile(r"^\s+\d{1,2}\s*-\s*\d{1,2}\b")
_SCORE_BEFORE = _ends_with(r"\b\d{1,2}\s*-\s*\d{1,2}\s+$", *"0123456789")
# "Chelsea beat Arsenal": the name after a club's verb, to make a club of too.
_CLUB_OPPONENT = re.compile(
    r"^\s+(?:beat|drew with|lost to|thrashed|edged|held|overcame|defeated)\s+"
    r"((?:[A-Z][\w'’-]+\s?){1,3})"
)
# Words for a body's people after its name: "Marsh chief executive Michael Cherkasky",
# "Chelsea boss Jose Mourinho".
_ORG_ROLE_AFTER = re.compile(
    r"^\s+(?:[a-z]+\s+)?(?:chief executive|chairman|chairwoman|spokesman|spokeswoman|"
    r"spokesperson|boss|president|(?:managing|finance|executive|sales|marketing) director)"
    r"\s+(?:Sir\s+|Dr\s+)?[A-Z][a-z]"
)
# Words for a party's or a nation's people, or a minister's brief, that stand before a job
# as a body does ("Republican senator", "Lib Dem home affairs spokesman").
_NOT_BODIES = word_set("""
    democrat democrats dem dems republican republicans conservative conservatives liberal
    liberals socialist socialists communist nationalist unionist independent labour tory
    tories shadow affairs policy defence health education transport environment trade
    culture sport justice finance
    """)
_NATIONALITY = re.compile(r"(?:an|ans|ese|ish|ic|ch|i)$")
# A match report's line-up: players' names between commas, a substitute in brackets with
# the minute he came on, a scorer with his minutes ("Given, Carr (Jenas 77), Bowyer 35").
_PLAYER = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}"
_LINEUP_ITEM = re.compile(
    rf"^(?P<name>{_PLAYER})(?: \((?P<sub>{_PLAYER}) \d{{1,3}}\))?(?: \d{{1,3}}(?: og| pen)?)*$"
)
_LINEUP_PIECE = re.compile(r"[^.:;!?\"“”]+")
# "Ref: S Dunn (Gloucestershire)", or the referee's line alone: "M Riley (W Yorkshire)."
_REFEREE = re.compile(
    r"(?:\bRef(?:eree)?:\s*|^\s*)(?P<name>[A-Z]\.? [A-Z][\w'’-]+) \((?P<place>[A-Z][\w ]+)\)\.?\s*$"
)
_COMPASS = {"N": "North", "S": "South", "E": "East", "W": "West"}
# A title of nobility before "of" and a place: the holder ("Duke of Edinburgh") is a person
# and the place is no place of the article's; a royal's or a bishop's see ("Prince of Wales",
# "Archbishop of Canterbury") is no place either, but the holder is most often named too.
_NOBLE_TITLES = word_set("duke duchess earl countess marquess marchioness viscount viscountess")
_SEE_TITLES = word_set("prince princess archbishop bishop")
# Titles before a royal's given name, kept even when another person shares it ("Prince
# Charles" and "Charles Kennedy" are two).
_ROYAL_TITLES = word_set("prince princess princes princesses king queen")
# "Attorney General Eliot Spitzer": General is a title only after another one.
_SECOND_TITLES = word_set("general")
# Lower-case words of music reporting: an article with two of them is about music, where a
# name may be a band's ("pop band Busted", "Keane's debut album").
_MUSIC_WORDS = word_set("""
    album albums band bands gig gigs concert concerts singer singers frontman guitarist
    drummer bassist rapper songwriter chart charts single singles songs lyrics
    """)
_MUSIC_MIN = 2
_BAND_BEFORE = _ends_with(
    r"\b(?:band|bands|group|duo|trio|quartet|outfit|rockers|act)\s*,?\s+(?:the\s+)?$",
    *("band", "bands", "group", "duo", "trio", "quartet", "outfit", "rockers", "act", ",", "the"),
)
_BAND_POSSESSED = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:album|albums|single|singles|debut|hit|hits|song|songs|tour|"
    r"frontman|frontwoman|singer|guitarist|drummer|bassist|members|gig|concert|line-up)\b"
)
# Words before or after a list of performers: "a concert featuring X, Y and Z", "X and Y
# are among the acts".
_ACTS_BEFORE = _ends_with(
    r"\b(?:featuring|starring|headlined by|supported by)\s+$",
    *("featuring", "starring", "by"),
    reach=len("headlined by"),
)
_ACTS_AFTER = re.compile(
    r"^\s+(?:are|were|will be)\s+(?:among\s+)?(?:the\s+)?(?:other\s+)?"
    r"(?:acts|bands|artists|performers)\b"
)
# Plurals after "the" that are events, not bands ("the Brits").
_PLURAL_EVENTS = word_set("brits grammys oscars emmys baftas olympics proms mobos")
# A name listed beside another: "Keane, Travis and Texas", to read as a band too.
_LISTED_AFTER = re.compile(r"^\s*(?:,|,?\s+and)\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\b")
# A club's player after its possessive: "Chelsea's Damien Duff".
_CLUB_PLAYER_AFTER = re.compile(r"^\s+([A-Z][a-z]+)\s+[A-Z][\w'’-]+")
_SEE_BEFORE = _ends_with(
    r"\b(?:duke|duchess|earl|countess|marquess|viscount|prince|princess|archbishop|bishop)"
    r"\s+of\s+$",
    "of",
    flags=re.IGNORECASE,
)
# "John Smith, of Acme": a person's body after a comma.
_OF_AFTER_NAME = _ends_with(r"[A-Z][\w'’-]+,\s+of\s+(?:the\s+)?$", "of", "the")


class FoundName(NamedTuple):
    """A name found, of a kind (PERSON, ORGANISATION, PLACE). A named tuple: a frozen
    dataclass took a microsecond to make, and an article has nine of them on average."""

    kind: str
    name: str


@dataclass
class _Findings:
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> name
    surnames: list[str] = field(default_factory=list)  # single words, to resolve at the end
    acronyms: list[str] = field(default_factory=list)
    defined: dict[str, str] = field(default_factory=dict)  # "SEC" -> its full name
    titled: set[str] = field(default_factory=set)  # single names after a title: "Mr Thoday"
    royals: set[str] = field(default_factory=set)  # given names after "Prince": "Charles"
    listed: list[tuple[str, str]] = field(default_factory=list)  # ("Newcastle", "Barcelona")
    lower_words: set[str] = field(default_factory=set)  # every lower-case word of the article
    pending: list[Span] = field(default_factory=list)  # spans no rule claimed on first reading
    texts: list[str] = field(default_factory=list)  # the article's paragraphs, as read
    sport: bool = False  # a football article: a town's name may be its club's
    clubs: set[str] = field(default_factory=set)  # names read as clubs, folded
    opponents: list[tuple[str, str]] = field(default_factory=list)  # ("Chelsea", "Arsenal")
    music: bool = False  # a music article: a name may be a band's
    bands: set[str] = field(default_factory=set)  # names read as bands, folded
    acts: set[str] = field(default_factory=set)  # performers of a list ("featuring X, Y")
    players: set[str] = field(default_factory=set)  # single names read in a line-up

    def add(self, kind: str, name: str) -> None:
        key = name_key(name)
        if key and (kind, key) not in self.names:
            self.names[kind, key] = name


@lru_cache(maxsize=100_000)  # the same names come back article after article
def name_key(name: str) -> str:
    """Return the key two spellings of one name share: lower case, letters and digits only,
    no accents, no leading "the", St for Saint ("TimeWarner" and "Time Warner")."""
    text = fold(name).lower()
    text = _LEADING_THE.sub("", text)
    text = _SAINT.sub("saint ", text)
    return _NOT_KEY.sub("", text)


_LEADING_THE, _SAINT, _NOT_KEY = (
    re.compile(pattern) for pattern in (r"^the\s+", r"\bst\.?\s", r"[^a-z0-9]")
)


def find_names(title: str, paragraphs) -> list[FoundName]:
    """Return the people, organisations and places named in an article, each once."""
    findings = _Findings()
    # A text in capitals (Reuters' headlines, its tables) or a headline in title case
    # ("Zelensky Hopes for 'Meaningful' Talks") has no capitals to go by.
    texts = [text for text in paragraphs if not text.isupper()]
    if not _title_case(title):
        texts.insert(0, title)
    # One search of the texts joined: a line break is no part of a word.
    findings.lower_words = set(_LOWER_WORD.findall("\n".join(texts)))
    findings.texts = texts
    # A competition's name counts as one football word: searched only where it decides.
    sport_words = len(findings.lower_words & SPORT_WORDS)
    findings.sport = sport_words >= _SPORT_MIN or (
        sport_words == _SPORT_MIN - 1 and bool(_COMPETITION.search("\n".join(texts)))
    )
    findings.music = len(findings.lower_words & _MUSIC_WORDS) >= _MUSIC_MIN
    for paragraph in texts:
        if findings.sport:
            paragraph = _read_lineups(paragraph, findings)
        for span in spans(paragraph, _STARTERS):
            _judge(span, findings)
            _note_listed(span, findings)
    _judge_pending(findings)
    _resolve_clubs(findings)
    _resolve_bands(findings)
    _resolve_acronyms(findings)
    _drop_players_places(findings)
    _resolve_surnames(findings)
    _drop_short_forms(findings)
    return [FoundName(kind, name) for (kind, _), name in findings.names.items()]


def _read_lineups(paragraph: str, findings: _Findings) -> str:
    """In a football article, the players of a line-up ("Cech, Ferreira (Johnson 81),
    Terry.", "Subs Not Used: Pidgeley, Tiago.", "Goals: Rooney 68") and the referee ("Ref:
    S Bennett (Kent)") are people; return the paragraph with the line-ups blanked out, so no
    other rule reads them."""
    if "," not in paragraph and "(" not in paragraph:
        return paragraph
    referee = _REFEREE.search(paragraph)
    if referee:
        findings.add(PERSON, referee.group("name").replace(".", ""))
        place = referee.group("place")
        head, _, rest = place.partition(" ")
        if head in _COMPASS and rest:
            place = f"{_COMPASS[head]} {rest}"
        known = known_names().get(fold(place))
        if known and known.kind == PLACE:
            findings.add(PLACE, known.name)
        start, end = referee.span("name")[0], referee.end()
        paragraph = paragraph[:start] + " " * (end - start) + paragraph[end:]
    for piece in _LINEUP_PIECE.finditer(paragraph):
        items = [item.strip() for item in piece.group().split(",")]
        if len(items) < 2:
            continue
        matches = [m for item in items if (m := _LINEUP_ITEM.match(item))]
        if len(matches) < len(items):
            continue
        labelled = paragraph[: piece.start()].rstrip().endswith(":")
        if len(items) < 3 and not labelled and not any(c.isdigit() for c in piece.group()):
            continue
        names = [m.group(g) for m in matches for g in ("name", "sub") if m.group(g)]
        if 2 * sum(fold(name) in known_names() for name in names) > len(names):
            continue  # "France, Italy, Spain": places, no line-up
        for name in names:
            findings.add(PERSON, name)
            if " " not in name:
                findings.players.add(name)
        start, end = piece.span()
        paragraph = paragraph[:start] + " " * (end - start) + paragraph[end:]
    return paragraph


def _note_listed(span: Span, findings: _Findings) -> None:
    """Note the names listed beside each other ("Texas, Mogwai and Teenage Fanclub"), for
    a club's or a band's to make clubs or bands of the others."""
    words = span.words
    first = None
    if "and" in words:
        names = " ".join(words).split(" and ")
        findings.listed.extend(pairwise(names))
        first = names[-1]
    # _LISTED_AFTER's first test, without a search: a comma or "and" next.
    head = span.after.lstrip()[:3]
    listed = (
        _LISTED_AFTER.match(span.after)
        if not span.possessive and (head[:1] == "," or head == "and")
        else None
    )
    if listed:
        findings.listed.append((span.text if first is None else first, listed.group(1)))


def _title_case(title: str) -> bool:
    """True if every longer word of a headline starts with a capital (or it is in capitals)."""
    words = [w for w in title.split() if len(w) > 3 and w[0].isalpha() and w not in _SMALL]
    return title.isupper() or (len(words) >= 3 and not any(w[0].islower() for w in words))


def _judge(span: Span, findings: _Findings) -> None:
    if len(span.words) == 1 and not findings.sport and not findings.music:
        _judge_word(span, findings)  # most spans
        return
    raw = span
    span = _trimmed(span)
    if not span.words:
        return
    words = span.words
    # Each rule below is asked only where it can hold (what its own first test asks): most
    # spans are one word, which most rules need not read.
    if "(" in span.after:
        _note_defined_acronym(span, findings)
    if findings.sport and _club(span, findings, raw):
        return
    if findings.music and _band(raw, span, findings):
        return
    if (
        (len(words) >= 3 and _office_of(span, findings))
        or ("of" in words and _noble_title(span, findings))
        or (len(words) == 1 and "-" in words[0] and _split_places(span, findings))
        or _titled_person(span, findings)
    ):
        return
    if findings.sport and not span.possessive and _national_side(span, findings):
        return
    kind_name = (
        _by_gazetteer(span, findings) or _by_form(span, findings) or _by_context(span, findings)
    )
    if kind_name:
        findings.add(*kind_name)
        return
    if not JOINERS.isdisjoint(words[:-1]) or any(w.endswith(("'", "’")) for w in words[:-1]):
        parts = _parts(span)
        if len(parts) > 1 or (parts and parts[0].words != span.words):
            for part in parts:
                _judge(part, findings)
            return
    head = _leading_words(span)
    if head:
        _judge(replace(span, words=span.words[:head], after=" ", part=True), findings)
        _judge(replace(span, words=span.words[head:], before=" ", part=True), findings)
        return
    findings.pending.append(span)


class _Word(NamedTuple):
    """What the rules ask of a word whatever stands around it, read once a word (_word)."""

    trimmed: bool  # _trimmed takes it off wherever it stands ("The", "Of", "MP")
    leads: bool  # _trimmed takes it off a span's start: "The", "of", "Of"
    ends: bool  # _trimmed takes it off a span's end: "of", "MP"
    starter: bool  # _trimmed takes it off at a sentence's start ("But", "Shares")
    known: Known | None  # the gazetteers' entry
    no_form: bool  # _by_form's first test: an event's last word or no name's first
    acronym: bool  # _is_acronym
    product: bool  # _PRODUCT_CODE: "DB9"
    known_title: Known | None  # an acronym's entry in title case ("LONDON")
    camel: bool  # _CAMEL: "TimeWarner"
    context: bool  # _by_context's tests of the word: a capital, and no NOT_NAMES or event
    name_like: bool  # _name_like


@lru_cache(maxsize=100_000)  # the same words come back article after article
def _word(word: str) -> _Word:
    lower = word.lower()
    acronym = _is_acronym(word)
    return _Word(
        trimmed=word == "The" or lower in JOINERS or word in JOINERS or word in _HONOURS,
        leads=word == "The" or lower in JOINERS,
        ends=word in JOINERS or word in _HONOURS,
        starter=lower in _STARTERS,
        known=known_names().get(fold(word)),
        no_form=lower in _EVENT_LAST_WORDS or lower in _NOT_STARTS,
        acronym=acronym,
        product=bool(_PRODUCT_CODE.match(word)),
        known_title=known_names().get(fold(word.title())) if acronym else None,
        camel=bool(_CAMEL.match(word)),
        context=(word[:1].isupper() or word in JOINERS)
        and not (lower in NOT_NAMES or lower in _EVENT_LAST_WORDS),
        name_like=_name_like(word),
    )


def _judge_word(span: Span, findings: _Findings) -> None:
    """_judge of a span of one word outside football and music articles (most spans): the
    same rules in the same order, less the tests a word alone cannot meet (of two words or
    more, a title before the name, "of" inside it), with the word's own tests read once."""
    word = span.words[0]
    info = _word(word)
    if info.trimmed or (span.sentence_start and info.starter):
        return  # _trimmed leaves nothing
    before, after = span.before, span.after
    if "(" in after:
        _note_defined_acronym(span, findings)
    if "-" in word and _split_places(span, findings):
        return
    # _titled_person: "Mr Greenspan", "calls himself Heretic"
    if (
        (_title_before(before) or _ALIAS_BEFORE.search(before))
        and info.name_like
        and info.known is None
    ):
        findings.add(PERSON, word)
        findings.titled.add(word)
        return
    if info.known is not None:
        kind_name = _by_gazetteer_known(span, findings, info.known)
        if kind_name:
            findings.add(*kind_name)
            return
    # _by_form
    if not info.no_form:
        if info.acronym:
            if info.product and _PRODUCT_BEFORE.search(before):
                pass  # "Aston's DB9", "the PS2": a product
            elif info.known_title:
                findings.add(info.known_title.kind, info.known_title.name)
                return
            elif not after.startswith(":"):
                findings.add(ORGANISATION, word)
                return
        elif info.camel:
            findings.add(ORGANISATION, word)
            return
    # _by_context
    if span.sentence_start:
        if _ORG_AFTER.match(after) and not _first_name(word, findings):
            findings.add(ORGANISATION, word)
            return
    elif not span.part and info.context:
        if _organisation_by_context(span):
            findings.add(ORGANISATION, word)
            return
        if _unknown_town(span, findings):
            findings.add(PLACE, word)
            return
    findings.pending.append(span)


def _office_of(span: Span, findings: _Findings) -> bool:
    """ "Governor of the Reserve Bank": an office, no name; what follows it is judged."""
    words = span.words
    if len(words) < 3 or words[1] not in ("of", "for") or not _is_title(words[0]):
        return False
    if words[0].lower() in ORG_FIRST_WORDS or words[0].lower() in _NOBLE_TITLES | _SEE_TITLES:
        return False
    rest = words[2:]
    while rest and rest[0] in JOINERS:
        rest = rest[1:]
    if rest:
        _judge(replace(span, words=rest, before=" of ", sentence_start=False, part=True), findings)
    return True


def _noble_title(span: Span, findings: _Findings) -> bool:
    """ "the Duke of Edinburgh said": a person, and no place; "Prince of Wales" neither a
    place nor (the holder most often named too) a person. What stands before and after the
    title is judged apart ("Prince Charles and the Duchess of Cornwall")."""
    words = span.words
    for i, word in enumerate(words[:-2]):
        lower = word.lower()
        if words[i + 1] != "of" or not (lower in _NOBLE_TITLES or lower in _SEE_TITLES):
            continue
        end = i + 3
        while end < len(words) and words[end][:1].isupper():
            end += 1
        if lower in _NOBLE_TITLES:
            findings.add(PERSON, " ".join(words[i:end]))
        head = words[:i]
        while head and head[-1] in JOINERS:
            head = head[:-1]
        tail = words[end:]
        while tail and tail[0] in JOINERS:
            tail = tail[1:]
        if head:
            _judge(replace(span, words=head, after=" ", possessive=False, part=True), findings)
        if tail:
            _judge(replace(span, words=tail, before=" ", sentence_start=False, part=True), findings)
        return True
    return False


def _band(raw: Span, span: Span, findings: _Findings) -> bool:
    """In a music article, a band: "pop band Busted", "rock band U2's", "his other band,
    Fightstar"; a name whose possessive an album or a tour follows ("Keane's debut album"),
    unless a first name makes it a person's; "The" and a plural ("The Killers")."""
    words = span.words
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() or w.isdigit() for w in words):
        return False
    if any(w.lower() in NOT_NAMES for w in words):
        return False
    known = known_names().get(fold(span.text))
    if known and known.kind == ORGANISATION:
        return False
    if len(words) == 1 and words[0].lower() in _STARTERS and raw.words[0] != "The":
        return False  # "Who's David?", a record's title: "Who" is no band without "The"
    person = _first_name(words[0], findings) and len(words) >= 2
    if _ACTS_BEFORE.search(span.before) or _ACTS_AFTER.match(span.after):
        findings.acts.add(fold(span.text))
    # "the band Franz Ferdinand": a band word makes a band even of a person-like name
    band = bool(_BAND_BEFORE.search(span.before)) or (
        not person
        and (
            (span.possessive and bool(_BAND_POSSESSED.match(span.after)))
            # "Green Day's Boulevard of Broken Dreams": a record's title after the possessive
            or (span.possessive and bool(re.match(r"\s+[A-Z]", span.after)) and not known)
            or (
                len(words) == 1
                and (
                    (raw.words[0] == "The" and len(raw.words) == 2)
                    or _THE_BEFORE.search(span.before)
                )
                and words[0].endswith("s")
                and not known
                and words[0].lower() not in findings.lower_words
                and words[0].lower() not in _PLURAL_EVENTS
            )
        )
    )
    if not band:
        if findings.acts and fold(span.text) in findings.acts and not person and not known:
            return _add_band(span.text, findings)
        return False
    return _add_band(span.text, findings)


def _add_band(name: str, findings: _Findings) -> bool:
    findings.add(ORGANISATION, name)
    findings.bands.add(fold(name))
    findings.acts.add(fold(name))
    return True


def _resolve_bands(findings: _Findings) -> None:
    """A name read once as a band is the band throughout a music article, and so is a name
    listed beside it ("Keane, Travis and Texas") that no rule made a person."""
    if not findings.acts:
        return
    people = {fold(name) for (kind, _), name in findings.names.items() if kind == PERSON}
    grown = True
    while grown:
        grown = False
        for left, right in findings.listed:
            for one, other in ((left, right), (right, left)):
                if fold(one) not in findings.acts or fold(other) in findings.bands:
                    continue
                words = other.split()
                if fold(other) in people or _first_name(words[0], findings):
                    continue  # "Eric Clapton", or "Kylie" alone: a performer, no band
                known = known_names().get(fold(other))
                if known and (known.kind == ORGANISATION or (known.people == 0 and len(words) > 1)):
                    continue
                grown = _add_band(other, findings)
    for (kind, key), name in list(findings.names.items()):
        if kind != ORGANISATION and fold(name) in findings.bands:
            findings.names.pop((kind, key))


def _leading_words(span: Span) -> int:
    """How many words before a first name to judge apart: 1 in "Russian Irina Shevchenko",
    2 in "Liberal Democrat Sarah Teather"; 0 if none."""
    words = span.words
    if len(words) < 3 or _first_name(words[0]) or words[-1].lower() in ORG_LAST_WORDS:
        return 0
    for i in (1, 2):
        rest = words[i:]
        if len(rest) >= 2 and _first_name(rest[0]) and all(map(_name_like, rest)):
            return i
    return 0


def _trimmed(span: Span) -> Span:
    """Take off a sentence's first word when it is no name ("But", "Shares"), and "The"."""
    words, start = span.words, 0
    if not words:
        return span
    first, last = _word(words[0]), _word(words[-1])
    if not (first.leads or (span.sentence_start and first.starter) or last.ends):
        return span  # most spans: nothing to take off (the loops below, read from the cache)
    while start < len(words) and (
        (span.sentence_start and start == 0 and words[0].lower() in _STARTERS)
        or words[start] == "The"
        or words[start].lower() in JOINERS
    ):
        start += 1
    end = len(words)
    while end > start and (words[end - 1] in JOINERS or words[end - 1] in _HONOURS):
        end -= 1
    if (start, end) == (0, len(words)):
        return span
    after = span.after
    if end < len(words) and words[end - 1] not in JOINERS:
        after = " " + " ".join(words[end:]) + after  # "the Salford MP": "MP" follows Salford
    return replace(
        span,
        words=words[start:end],
        sentence_start=span.sentence_start and not start,
        after=after,
    )


def _split_places(span: Span, findings: _Findings) -> bool:
    """ "US-Ukraine talks": two places."""
    if len(span.words) != 1 or "-" not in span.words[0]:
        return False
    parts = [known_names().get(fold(part)) for part in span.words[0].split("-")]
    places = [p for p in parts if p and p.kind == PLACE and p.major]
    if len(parts) < 2 or len(places) < len(parts):
        return False
    for place in places:
        findings.add(PLACE, place.name)
    return True


def _titled_person(span: Span, findings: _Findings) -> bool:
    """ "Prime Minister Tony Blair", "Mr Greenspan", "economist Paul Sheard": a person."""
    words = span.words
    cut = -1  # the last title before the name; none in a span of one word (most spans)
    for i in range(len(words) - 2, -1, -1):
        w = words[i]
        if _is_title(w) or (i and w.lower() in _SECOND_TITLES and _is_title(words[i - 1])):
            cut = i
            break
    if cut >= 0 and not JOINERS.isdisjoint(words[:cut]):
        return False  # "Harvey Keitel and Sir Roger Moore": two people, judged apart
    if cut >= 0:
        name = words[cut + 1 :]
        if "and" in name and cut == 0 and words[0].lower() in _ROYAL_TITLES:
            # "Princes William and Harry": two people
            names = " ".join(name).split(" and ")
            if all(n and all(map(_name_like, n.split())) for n in names):
                for one in names:
                    findings.add(PERSON, one)
                    findings.royals.add(one)
                return True
    elif _title_before(span.before) or _role_before(span) or _ALIAS_BEFORE.search(span.before):
        name = words
    else:
        return False
    if not name or not all(map(_name_like, name)) or len(name) > MAX_NAME_WORDS:
        return False
    if not JOINERS.isdisjoint(name) and not _first_name(name[0]):
        return False
    if cut < 0 and known_names().get(fold(" ".join(name))):
        return False  # "economist Paul Sheard" yes, "official Xinhua" no
    findings.add(PERSON, " ".join(name))
    if len(name) == 1:
        findings.titled.add(name[0])
        if cut >= 0 and words[cut].lower() in _ROYAL_TITLES:
            findings.royals.add(name[0])
    return True


@lru_cache(maxsize=100_000)  # pure functions of a word, asked of each span's words
def _is_title(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return lower in TITLES or (lower in ROLE_WORDS and word[:1].isupper())


def _title_before(before: str) -> bool:
    """_TITLE_BEFORE.search(before), searched only where it can match: after a full stop."""
    return before.rstrip().endswith(".") and bool(_TITLE_BEFORE.search(before))


# The last words _ORG_AT can end with; checking them first spares most spans its search.
_ORG_AT_LAST = frozenset(("at", "of", "from", "the"))


def _org_at(before: str) -> bool:
    """_ORG_AT.search(before), searched only where it can match: after "at", "of", "from"
    or "the" and a space."""
    end = _tail(before)  # in lower case: `at`, `of` in capitals fail the search below
    if end is None or (end and end.rsplit(None, 1)[-1] not in _ORG_AT_LAST):
        return False
    return bool(_ORG_AT.search(before))


def _role_before(span: Span) -> bool:
    if len(span.words) < 2:
        return False  # most spans: no need to search
    return _role_word(span.before) in ROLE_WORDS


# (text, its role word) of the text whose role word was last read: as _last_tail, a span's
# `before` is asked for it by two rules or more.
_last_role: list = [(None, "")]


def _role_word(before: str) -> str:
    """Return what _ROLE_BEFORE.search(before) finds, its group (the lower-case word before
    a span, perhaps with a comma: "economist ", "firm, "), or "": read from the end of
    `before`, where the search tried every character of it."""
    last = _last_role[0]
    if before is not last[0]:
        last = _last_role[0] = (before, _read_role_word(before))
    return last[1]


def _read_role_word(before: str) -> str:
    tail = before.rstrip()
    if len(tail) == len(before) or not tail:
        return ""  # `\s+$`: white space must end it
    if tail[-1] == ",":
        tail = tail[:-1]
    if not ("a" <= tail[-1:] <= "z"):
        return ""
    token = tail.rsplit(None, 1)[-1]
    match = _LOWER_END.search(token)
    if match is None:  # (never: the tail ends with a lower-case letter)
        return ""
    start = match.start()
    if start and (token[start - 1].isalnum() or token[start - 1] == "_"):
        return ""  # `\b`: a word's letter or digit before it ("Xabc ", "3pm ")
    return match.group()


@lru_cache(maxsize=100_000)
def _name_like(word: str) -> bool:
    lower = word.lower()
    return (
        word[:1].isupper()
        or lower in ("van", "von", "de", "den", "der", "da", "di", "du", "la", "le", "al", "bin")
    ) and not (
        lower in ORG_LAST_WORDS
        or lower in _EVENT_LAST_WORDS
        or lower in ("christmas", "easter", "internet", "web", "god")
        or _ACRONYM.match(word)
    )


def _seat(span: Span) -> bool:
    """ "the Salford MP": a town's member of parliament or council after it."""
    return bool(_SEAT_AFTER.match(span.after)) and not span.part


def _national_side(span: Span, findings: _Findings) -> bool:
    """In a football article, a country before what a side is or does ("the Iceland
    international", "Iceland beat") or after "against": its national side, judged no name."""
    if not findings.sport or span.possessive:
        return False
    known = known_names().get(fold(span.text))
    return (
        known is not None
        and known.kind == PLACE
        and known.people == 0
        and bool(
            _NATIONAL_SIDE_AFTER.match(span.after)
            or (_NATIONAL_SIDE_BEFORE.search(span.before) and _SIDE_END.match(span.after))
        )
    )


def _by_gazetteer(span: Span, findings: _Findings) -> tuple[str, str] | None:
    known = known_names().get(fold(span.text))
    if known is None:
        return None
    return _by_gazetteer_known(span, findings, known)


def _by_gazetteer_known(span: Span, findings: _Findings, known) -> tuple[str, str] | None:
    if known.kind == PLACE and _SEE_BEFORE.search(span.before):
        return None  # "Diana, princess of Wales": a title, no place
    if known.kind == PLACE and not known.major and span.possessive:
        after = span.after.lstrip().split(" ", 1)[0].lower().strip(",.")
        if after in ORG_POSSESSED_WORDS or after == "chief":
            return None  # "Aston's chief executive": a body named by its first word
    if known.kind == PLACE and not known.major:
        # "Reading", "Delta", "Paramount": a town only where a place is expected.
        lower = span.text.lower()
        if span.sentence_start or lower in findings.lower_words:
            return None
        if known.people < _TOWN and not (
            _PLACE_BEFORE.search(span.before) or span.possessive or _seat(span)
        ):
            return None
        if _THE_BEFORE.search(span.before) and not _seat(span):
            return None  # "the Commonwealth": towns take no article
    if known.kind == PLACE and span.sentence_start and len(span.words) == 1 and not known.major:
        return None
    return known.kind, known.name


def _by_form(span: Span, findings: _Findings) -> tuple[str, str] | None:
    words = span.words
    lower_last, lower_first = words[-1].lower(), words[0].lower()
    if lower_last in _EVENT_LAST_WORDS or lower_first in _NOT_STARTS:
        return None
    if len(words) >= 2 and _is_acronym(words[0]) and all(w in _MEDIA_TAIL for w in words[1:]):
        return ORGANISATION, words[0]  # "BBC News", "BBC Radio": the BBC
    if len(words) >= 2 and words[-1] == "Magazine" and words[-2] not in JOINERS:
        return ORGANISATION, " ".join(words[:-1])  # "Q Magazine" is Q, as "Q magazine"
    if findings.sport and lower_last in ("league", "premiership"):
        return None  # "Champions League": in a football article, a competition
    if _defines_acronym(span, findings):
        return ORGANISATION, _without_leading_place(words)
    if (
        "&" in words[1:-1]
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
        and not (_first_name(words[0], findings) and _first_name(words[-1], findings))
    ):
        return ORGANISATION, " ".join(words)  # "Marsh & McLennan", "Procter & Gamble"
    if (
        len(words) >= 2
        and not _two_bodies(words)
        and (
            lower_last in ORG_LAST_WORDS
            or (lower_first in ORG_FIRST_WORDS and words[1] in ("of", "for"))
            or _head_is_organisation(words)
        )
    ):
        return ORGANISATION, _without_leading_place(words)
    person = _person_by_first_name(words, findings)
    if person:
        return PERSON, person
    if len(words) == 1 and _is_acronym(words[0]):
        if _PRODUCT_CODE.match(words[0]) and _PRODUCT_BEFORE.search(span.before):
            return None  # "Aston's DB9", "the PS2": a product
        known = known_names().get(fold(words[0].title()))
        if known:  # "LONDON, March 3": a Reuters dateline names a place in capitals
            return known.kind, known.name
        if span.after.startswith(":"):
            return None  # "NOTE:", a label
        return ORGANISATION, words[0]
    if len(words) <= 3 and _CAMEL.match(words[0]):
        return ORGANISATION, span.text
    return None


def _two_bodies(words) -> bool:
    """ "Foreign Office and Lawrence Livermore National Laboratories": the words before
    "and" name a body on their own, so the span is two names, judged apart; "Department for
    Trade and Industry" is one. So is a person's name before "of" and a body's."""
    if (
        "of" in words[2:4]
        and _first_name(words[0])
        and all(map(_name_like, words[: words.index("of")]))
    ):
        return True  # "Jane Hale of the Refugee Council": a person and a body
    if "and" not in words:
        return False
    head = words[: words.index("and")]
    return len(head) >= 2 and (
        head[-1].lower() in ORG_LAST_WORDS
        or getattr(known_names().get(fold(" ".join(head))), "kind", None) == ORGANISATION
    )


def _defines_acronym(span: Span, findings: _Findings) -> bool:
    """ "Federated Record Sellers (FRS)": a name of two words or more that its capitals'
    acronym follows, three letters or more, names a body when the acronym elsewhere speaks or
    has officers as a body does ("the FRS said", "an FRS spokesman"); else it is as often a
    technology's or a scheme's ("Digital Rights Management (DRM)")."""
    match = _DEFINED_ACRONYM.match(span.after)
    if not match or len(span.words) < 2:
        return False
    acronym = match.group(1).replace("&", "")
    if len(acronym) < 3 or acronym in _NOT_ACRONYMS or _initials(span.text) != acronym:
        return False
    speaks = _speaks(match.group(1))
    return any(speaks.search(text) for text in findings.texts)


@lru_cache(maxsize=10_000)  # compiled once an acronym: more than the `re` module's cache holds
def _speaks(acronym: str) -> re.Pattern:
    """The pattern of `acronym` speaking or having officers as a body does ("the FRS said")."""
    return re.compile(
        rf"\b{re.escape(acronym)}(?:['’]s)?\s+(?:{_BODY_VERBS})\b"
        rf"|\baccording to (?:the )?{re.escape(acronym)}\b"
    )


@lru_cache(maxsize=100_000)
def _is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word)) and word not in _NOT_ACRONYMS


def _head_is_organisation(words) -> bool:
    """ "Reserve Bank of Australia", "British Chambers of Commerce": the part before "of"
    ends as an organisation does."""
    if "of" not in words:
        return False
    head = words[: words.index("of")]
    return len(head) >= 1 and head[-1].lower() in ORG_LAST_WORDS


_NOT_IN_NAMES = word_set("of for and the")  # joining words no person's name holds


def _person_by_first_name(words, findings: _Findings) -> str | None:
    """ "Jamie Firestone", "Nick Van den Brul"; "Russian Irina Shevchenko" less "Russian"."""
    if len(words) >= 3 and not _first_name(words[0], findings) and _first_name(words[1], findings):
        words = words[1:]
    if not 2 <= len(words) <= MAX_NAME_WORDS or not _first_name(words[0], findings):
        return None
    if not all(map(_name_like, words)) or not _NOT_IN_NAMES.isdisjoint(words):
        return None
    last = known_names().get(fold(words[-1]))
    if last and last.kind == PLACE and last.major:
        return None  # "Christian Germany"? "Paris Hilton" stays: Hilton is no major place
    text = " ".join(words)
    for ending in ("n", "an", "ian", "ese", "i"):
        stem = known_names().get(fold(text[: -len(ending)])) if text.endswith(ending) else None
        if stem and stem.kind == PLACE:
            return None  # "a Sri Lankan woman": a people's adjective, no person
    return " ".join(words)


def _first_name(word: str, findings: _Findings | None = None) -> bool:
    head = word.split("-")[0]
    if findings is not None and head.lower() in findings.lower_words:
        return False  # "Time", "Man", "Go": words in this article
    return _known_first_name(head)


@lru_cache(maxsize=100_000)
def _known_first_name(head: str) -> bool:
    return fold(head) in first_names() and head.lower() not in _STARTERS


def _without_leading_place(words) -> str:
    """ "US Securities Exchange Commission" is the Securities Exchange Commission."""
    known = known_names().get(fold(words[0]))
    if (
        known
        and known.kind == PLACE
        and words[0].isupper()
        and len(words) >= 3
        and words[1].lower() not in JOINERS  # "USA For Africa" stays whole
    ):
        return " ".join(words[1:])
    return " ".join(words)


def _by_context(span: Span, findings: _Findings) -> tuple[str, str] | None:
    words = span.words
    if span.sentence_start and len(words) == 1:
        # "Pernod said it was seeking": a sentence's first word, but a body by what follows.
        if _ORG_AFTER.match(span.after) and not _first_name(words[0], findings):
            return ORGANISATION, words[0]
        return None
    if span.part and len(words) == 1:
        return None  # "Commerce" of "Chambers of Commerce" alone says nothing
    if not all(_word(w).context for w in words):
        return None  # a word in lower case, or no name's (NOT_NAMES, an event's)
    if _organisation_by_context(span) and JOINERS.isdisjoint(words):
        return ORGANISATION, _without_leading_place(words)
    if _unknown_town(span, findings):
        return PLACE, words[0]
    if 2 <= len(words) <= 3 and all(map(_name_like, words)):
        by_said = _PERSON_AFTER.match(span.after) and _first_name(words[0])
        if by_said or _PERSON_BEFORE.search(span.before) or _PERSON_APPOSITION.match(span.after):
            return PERSON, span.text
    return None


def _unknown_town(span: Span, findings: _Findings) -> bool:
    """ "in Gaydon, near Warwick", "of Normanton in West Yorkshire": a town the gazetteer
    lacks, placed near a known town or in a known region."""
    words = span.words
    if (
        len(words) != 1
        or span.possessive
        or not _UNKNOWN_PLACE_BEFORE.search(span.before)
        or _first_name(words[0], findings)
        or words[0].lower() in findings.lower_words
        or _ACRONYM.match(words[0])
    ):
        return False
    near = _NEAR_KNOWN_AFTER.match(span.after)
    known = known_names().get(fold(near.group(1))) if near else None
    if not near or not known or known.kind != PLACE:
        return False
    return "near" in near.group(0) or known.people == 0


def _next_word(after: str) -> str:
    """The word after a span, in lower case, without a comma or a full stop."""
    return after.lstrip().split(" ", 1)[0].lower().strip(",.")


def _organisation_by_context(span: Span) -> bool:
    return (
        _role_word(span.before) in ORG_CUE_WORDS
        or (span.possessive and _next_word(span.after) in ORG_POSSESSED_WORDS)
        or bool(_ORG_AFTER.match(span.after))
        or (bool(_ORG_NOUN_AFTER.match(span.after)) and not _DEMONYM.search(span.words[-1]))
        or (_org_at(span.before) and not _person_from(span))
        or bool(_ORG_PHRASE_BEFORE.search(span.before))
        or (
            len(span.words) >= 2
            and not span.sentence_start
            and bool(_OF_AFTER_NAME.search(span.before))
        )
        or (
            bool(_ORG_ROLE_AFTER.match(span.after))
            and not span.possessive
            and not any(w.lower() in _NOT_BODIES for w in span.words)
            and not span.before.rstrip().lower().endswith("shadow")
            and not _NATIONALITY.search(span.words[-1])
        )
    )


def _person_from(span: Span) -> bool:
    """ "saved well from Kiki Musampa": after "from", a first name and a surname are a
    person's, not a body's."""
    return (
        span.before.rstrip().endswith(" from")
        and len(span.words) == 2
        and _first_name(span.words[0])
        and all(map(_name_like, span.words))
    )


def _note_defined_acronym(span: Span, findings: _Findings) -> None:
    """ "Internet Explorer (IE)": IE is what precedes it, a body or not."""
    match = _DEFINED_ACRONYM.match(span.after)
    if match:
        findings.defined[match.group(1)] = span.text


# The last words of no body's name that starts with one's ("Champions League").
_NOT_BODY_LAST_WORDS = (_EVENT_LAST_WORDS - {"games"}) | _NOT_CLUB_LAST_WORDS


def _judge_pending(findings: _Findings) -> None:
    """Spans no rule claimed, judged again with the whole article read: "Pernod Ricard"
    once "Pernod said it" made Pernod a body; a single word repeated, capitalised, as
    bodies' names are ("Microsoft" five times); else a surname, resolved later."""
    counts: dict[str, int] = {}
    people = {key for kind, key in findings.names if kind == PERSON}
    singles = {name_key(word) for word in findings.titled | findings.players}
    for span in findings.pending if singles else ():
        words = span.words
        if (
            2 <= len(words) <= 3
            and name_key(words[-1]) in singles
            and all(_name_like(w) and w not in JOINERS for w in words)
            and words[0].lower() not in findings.lower_words  # "End Bush"
            and not _is_title(words[0])
            and not _TITLE_BEFORE.search(words[0] + ".")  # "Gen Musharraf"
            and not _demonym(words[0])  # "Italian Ranieri"
        ):
            # "Kieron Dyer" beside "Dyer" in the line-up, "Ramdhan Yadav Kotamaraja" beside
            # "Mr Kotamaraja": the person named in full
            findings.add(PERSON, span.text)
            people.add(name_key(span.text))
    seen_parts: set[tuple[str, str]] = set()
    befores: dict[str, list[str]] = {}  # what stands before each word counted
    for span in findings.pending:
        if len(span.words) != 1:
            continue
        word = span.words[0]
        if span.part:
            # "A Grand Don't Come for Free" three times: one title repeated, the word once
            context = (word, " ".join(span.before.split()[-3:]))
            if context in seen_parts:
                continue
            seen_parts.add(context)
        counts[word] = counts.get(word, 0) + 1
        befores.setdefault(word, []).append(span.before)

    bares: dict[str, int] = {}  # each word's count, asked again at each of its spans

    def bare(word: str) -> int:
        """How often `word` is said without "the": "Yukos" is a body's name, "the Dome" and
        "the Cabinet" not (read only of the words said often enough to ask)."""
        if word not in bares:
            bares[word] = sum(1 for before in befores[word] if not _THE_BEFORE.search(before))
        return bares[word]

    for span in findings.pending:
        words = span.words
        if len(words) == 1 and not span.sentence_start:
            word = words[0]
            if (
                not findings.sport  # a player's surname, repeated in a match report
                and counts.get(word, 0) >= _REPEATED
                and name_key(word) not in people  # "Morquendi", an online name
                and word.lower() not in _CREEDS
                and bare(word) * 2 > counts[word]
                and len(word) > 2
                and word[1:].islower()
                and not _first_name(word, findings)
                and word.lower() not in NOT_NAMES
                and word.lower() not in findings.lower_words
                and not _DEMONYM.search(word)
            ):
                findings.add(ORGANISATION, word)
            findings.surnames.append(word)
    orgs = {fold(name) for (kind, _), name in findings.names.items() if kind == ORGANISATION}
    for span in findings.pending:
        words = span.words
        if (
            len(words) >= 2
            and fold(words[0]) in orgs
            and all(w[:1].isupper() for w in words)
            and words[-1].lower() not in _NOT_BODY_LAST_WORDS
        ):
            findings.add(ORGANISATION, span.text)  # not "Champions League" by "Champions"


def _parts(span: Span) -> list[Span]:
    """Cut a span at its joining words: "Nick Van den Brul of BNP Paribas" is two."""
    parts: list[Span] = []
    current: list[str] = []
    before = span.before
    for word in (*span.words, None):
        if word is not None and word.endswith(("'", "’")):
            current.append(word.rstrip("'’"))
            word = "'"
        if word is None or word in ("of", "for", "and", "&", "the", "'"):
            if current:
                parts.append(
                    replace(
                        span,
                        words=tuple(current),
                        before=before,
                        after=f" {word} " if word else span.after,
                        possessive=span.possessive and word is None,
                        sentence_start=span.sentence_start and not parts,
                        part=True,
                    )
                )
                before = f"{before}{' '.join(current)} {word} "
            current = []
        else:
            current.append(word)
    return parts


def _resolve_acronyms(findings: _Findings) -> None:
    """ "SEC" after "Securities Exchange Commission (SEC)", "BA" for British Airways."""
    orgs = [name for (kind, _), name in findings.names.items() if kind == ORGANISATION]
    by_initials = {_initials(name): name for name in orgs if " " in name}
    for name in orgs:
        if _ACRONYM.match(name) and (name in findings.defined or name in by_initials):
            findings.names.pop((ORGANISATION, name_key(name)), None)  # "(IE)": no body


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _demonym(word: str) -> bool:
    """True if `word` names a country's people: "Italian", "Kenyan", "Brazilian" (not
    "Brian", a first name)."""
    if _first_name(word):
        return False
    if word.endswith(("ese", "ish", "ch")):
        return True  # "Chinese", "British", "Dutch"
    if word.endswith("i"):
        stems: tuple[str, ...] = (word[:-1],)  # "Iraqi", not "Djimi"
    elif word.endswith("an"):
        stems = (word[:-1], word[:-2], word[:-3], word[:-3] + "y", word[:-2] + "a")
    else:
        return False
    return any(
        getattr(known_names().get(fold(stem)), "kind", None) == PLACE for stem in stems if stem
    )


def _drop_players_places(findings: _Findings) -> None:
    """A player's surname in a line-up ("Holland", "Dyer") is no place where the report
    names him alone ("laid it off to Holland"): the place it would be goes. So is a small
    town whose name starts an organisation's found in the article ("Aston's DB9" beside
    "Aston Martin"): the body named by its first word."""
    for name in findings.players:
        known = known_names().get(fold(name))
        if known and known.kind == PLACE:
            findings.names.pop((PLACE, name_key(known.name)), None)
    heads = {
        name.split()[0]
        for (kind, _), name in findings.names.items()
        if kind == ORGANISATION
        and len(name.split()) == 2
        and name.split()[1].lower() not in ORG_LAST_WORDS | CLUB_LAST_WORDS
    }  # "Aston Martin", not "Hereford Council" or "Hereford United"
    for (kind, key), name in list(findings.names.items()):
        if kind == PLACE and name in heads:
            known = known_names().get(fold(name))
            if known and 0 < known.people < _TOWN:
                findings.names.pop((kind, key))


def _resolve_surnames(findings: _Findings) -> None:
    """A single word, or a shorter name ("Christian Andersen"), is the person named in full
    elsewhere in the article whose name it ends or starts ("Mr Eddington", "Sir Digby");
    with no such person, a single word stays a person only after a title."""
    people = [name for (kind, _), name in findings.names.items() if kind == PERSON]
    longer = [name.split() for name in people if " " in name]
    for name in people:
        words = name.split()
        if name in findings.royals and not any(
            len(full) > len(words) and full[-len(words) :] == words for full in longer
        ):
            continue  # "Prince Charles" is no "Charles Kennedy"
        if any(
            len(full) > len(words) and (full[-len(words) :] == words or full[:1] == words)
            for full in longer
        ):
            findings.names.pop((PERSON, name_key(name)), None)
    surnames = {fold(full[-1]) for full in longer}
    for (kind, key), name in list(findings.names.items()):
        if kind != PERSON and " " not in name and fold(name) in surnames:
            findings.names.pop((kind, key))  # "Lewis-Francis" is no organisation


def _part_of(words: list[str], full: list[str]) -> bool:
    """True if `words` end the longer name `full`, or are its first name alone."""
    return len(full) > len(words) and (full[-len(words) :] == words or full[:1] == words)


def _drop_short_forms(findings: _Findings) -> None:
    """An organisation named in part ("Pernod", "Reserve Bank") and in full ("Pernod
    Ricard", "Reserve Bank of Australia") is one: keep the full name. Acronyms stay
    ("AOL" and "AOL Europe" are two)."""
    orgs = [(key, name) for (kind, key), name in findings.names.items() if kind == ORGANISATION]
    longer = [f" {fold(name)} " for _, name in orgs]
    for key, name in orgs:
        inside = f" {fold(name)} "
        if not _ACRONYM.match(name) and any(
            inside in other and inside != other for other in longer
        ):
            findings.names.pop((ORGANISATION, key), None)


def _club(span: Span, findings: _Findings, raw: Span | None = None) -> bool:
    """In a football article, a club: "Man Utd"; "Manchester City" (a town and a club's last
    word); a town, or a name of up to three words, where a club stands: before "fans" or
    "manager", after "win over" or "home to", before a plural verb ("Liverpool were")."""
    words = span.words
    if span.sentence_start and words[0].lower() in findings.lower_words:
        # "Injured Chelsea striker", "Rival fans": a sentence's first word, no name
        if len(words) == 1:
            return False
        span = replace(span, words=words[1:], sentence_start=False)
        words = span.words
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    if any(w.lower() in NOT_NAMES or w.lower() in _EVENT_LAST_WORDS for w in words):
        return False
    if words[-1].lower() in _NOT_CLUB_LAST_WORDS:
        return False  # "Champions League", "Goodison Park"
    full = [CLUB_SHORT_FORMS.get(w, w) for w in words] if len(words) == 2 else list(words)
    known = known_names().get(fold(" ".join(full)))
    if known and known.kind != PLACE:
        return False
    if known and known.people == 0:
        return False  # a country or a state: a national side is judged a place
    town = known is not None or _town(full[0])
    if (
        len(words) == 1
        and not town
        and (_THE_BEFORE.search(span.before) or _the_inside(raw, words[0]))
    ):
        return False  # "the Addicks", "the Boro bench", "the Greek striker": no club's name
    if len(full) == 2 and full[-1].lower() in CLUB_LAST_WORDS and _town(full[0]) and not known:
        return _add_club(" ".join(full), span, findings)
    if len(words) >= 2 and _first_name(words[0], findings):
        return False  # "Steven Gerrard"
    if not town and _NATIONALITY.search(words[-1]):
        return False  # "the Dutch midfielder", "Zambians"
    if opponent := _CLUB_OPPONENT.match(span.after):
        findings.opponents.append((span.text, opponent.group(1).strip()))
    after = span.after.lstrip()
    next_word = after.split(" ", 1)[0].lower().strip(",.")
    nouns = CLUB_NOUNS | CLUB_NOUNS_OF_TOWNS if town and not span.possessive else CLUB_NOUNS
    if town and span.possessive:
        nouns = CLUB_NOUNS | CLUB_NOUNS_OF_TOWNS
    clubbish = next_word in nouns or bool(_CLUB_BEFORE.search(span.before))
    if span.possessive and not clubbish and len(words) == 1:
        # "Chelsea's Damien Duff", "Chelsea's £24m striker"
        player = _CLUB_PLAYER_AFTER.match(span.after)
        later = after.split(" ", 2)[1:2]
        clubbish = bool(player and _first_name(player.group(1), findings)) or bool(
            later and later[0].lower().strip(",.") in CLUB_NOUNS
        )
    if town:
        clubbish = clubbish or (
            not span.possessive
            and (
                # "Liverpool were", not "Exeter and Cardiff are"
                (bool(_CLUB_VERB_AFTER.match(span.after)) and not _LIST_BEFORE.search(span.before))
                or bool(_SCORE_AFTER.match(span.after))
                or bool(_SCORE_BEFORE.search(span.before))
            )
        )
    if not clubbish:
        return False
    return _add_club(known.name if known else span.text, span, findings)


def _the_inside(raw: Span | None, word: str) -> bool:
    """True if "the" stood before `word` inside the untrimmed span ("But the Addicks")."""
    if raw is None or word not in raw.words:
        return False
    at = raw.words.index(word)
    return at > 0 and raw.words[at - 1].lower() == "the"


def _town(word: str) -> bool:
    known = known_names().get(fold(word))
    return known is not None and known.kind == PLACE and known.people > 0


def _add_club(name: str, span: Span, findings: _Findings) -> bool:
    findings.add(ORGANISATION, name)
    findings.clubs.add(fold(name))
    return True


def _resolve_clubs(findings: _Findings) -> None:
    """A town read once as a club is the club throughout the article (its place goes),
    and so is the side it beat or drew with ("Chelsea beat Arsenal")."""
    for name, other in findings.listed:
        # "losses to Newcastle and Barcelona": a town listed beside a club is a club
        if fold(name) in findings.clubs and " " not in other and _town(other):
            findings.add(ORGANISATION, other)
            findings.clubs.add(fold(other))
    for name, opponent in findings.opponents:
        if fold(opponent) in findings.clubs or fold(name) in findings.clubs:
            for club in (name, opponent):
                known = known_names().get(fold(club))
                if known and (known.kind != PLACE or known.people == 0):
                    continue  # a country's side is judged a place
                if not _first_name(club.split()[0], findings) or " " not in club:
                    findings.add(ORGANISATION, club)
                    findings.clubs.add(fold(club))
    for (kind, key), name in list(findings.names.items()):
        if kind == PLACE and fold(name) in findings.clubs:
            findings.names.pop((kind, key))
            findings.add(ORGANISATION, name)
