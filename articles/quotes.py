"""Quoted passages of an article's paragraphs and who said them, from the text alone.

Pure functions, no database: the models store what find_quotes() returns, the importer calls
it on parsed text. A speaker is found the ways news writing gives one:

- after the quote, the name that ends the words around a speech verb: `"…," Witkoff said`,
  `"…," BA chairman Martin Broughton said`, `"…," said race director Matthew Turnbull`,
  `"…," according to Mr Smith`, `"…," he said` (never after a full stop: the next sentence);
- before it, in its sentence, the subject of the last speech verb: `Putin, meanwhile,
  stated that Moscow seeks "…"`, `David Frost, director general of …, warned that … "…"`,
  `Ms Hewitt said: "…"`, `According to Mr Smith, "…"`;
- `he` or `she` is whom the sentences before are about: going back sentence by sentence, a
  quote's speaker, the subject of a speech verb, a person a sentence starts with (or whose
  thing it starts with: "Mr Campbell's e-mail"), a person named (sentences starting "He" go
  on further back); a person known to be of the other gender (by a title, Mr or Ms, or a
  first name given as one gender only) is passed over; a name inside a quote, or after a
  preposition, "the" or "as", is never the one meant;
- never a name in a relative clause before the verb (`The actor, whose films include … Star
  Wars: The Phantom Menace, said`), never the subject of `was told` or `was asked` (the
  words were said to them), never a party's label (`Liberal Democrat Sarah Teather`); a
  person before an apposition speaks, not the organisation it ends with (`Cory Doctorow,
  … coordinator for … Electronic Frontier Foundation, said`), and `said Zara Hyde Peters of
  UK Athletics` is the person;
- a quote with none of these is that of the sentence just before if it reports speech
  ("She added that …. “…”", "…," Digital prints cost less, said Ms Deans. “…”); else it
  goes on from the last one: the next sentence in its paragraph, the start of the next
  paragraph, a quote carried over paragraphs or running into the next quote.

A passage is a span between quotation marks (curly or straight; a paragraph's unclosed quote
runs to its end, or to the next opening mark) of at least MIN_QUOTE_WORDS words: one or two
quoted words ("framework") are a term, not a statement. A speaker must be a name: "a
spokesman said" gives none, and an indefinite one ("a spokesman", "one resident") is never
the last speaker going on. Each speaker is named in full as the article names them
(`Witkoff` is "Steve Witkoff" where the article says so), and as written at the quote.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

MIN_QUOTE_WORDS = 3
# How many paragraphs back (this one included) "he said" looks for the person it means.
PRONOUN_REACH = 3
MAX_SPEAKER_CHARS = 200


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'

# Words that attribute speech (a verb after a speaker or before one).
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|warned|warns|argued|argues|insisted|"
    "insists|claimed|claims|explained|explains|wrote|writes|posted|tweeted|declared|declares|"
    "announced|announces|asked|asks|replied|replies|urged|urges|noted|notes|suggested|suggests|"
    "admitted|admits|acknowledged|conceded|stressed|stresses|predicted|predicts|commented|"
    "continued|concluded|described|describes|called for|calls for|called|promised|promises|"
    "pledged|vowed|confirmed|revealed|responded|joked|agreed|maintained|recalled|remarked|"
    "emphasised|emphasized|observed|boasted|complained|believes|believed|thinks|thought|"
    "feels|felt|accused|wants|wanted|hopes|hoped|predicted|countered|cautioned|reckoned|"
    "reckons|estimated|estimates|expects|expected|recalls|underlined|underlines|"
    "explains|concedes|insist|warn|argue|admit"
)
# Between a speaker and the verb: "has said", "also told", "later wrote".
_AUXILIARY = r"(?:(?:has|had|have|also|later|then|previously|earlier|once|was|is|would|will)\s+)*"
# Titles and roles that come before a name and are no part of it ("President Vladimir Putin").
TITLES = _words(
    "mr mrs ms miss dr sir lord lady dame prof professor president minister secretary "
    "chancellor premier governor senator congressman congresswoman judge general colonel "
    "captain chairman chairwoman chair director chief executive officer spokesman "
    "spokeswoman spokesperson envoy ambassador king queen prince princess pope rev reverend "
    "mayor leader deputy shadow foreign prime home defence defense finance trade commissioner "
    "coach manager boss striker midfielder defender goalkeeper singer actor actress star "
    "analyst economist head founder st saint vice former new mp mep bishop archbishop "
    "exchequer representative treasurer attorney undersecretary assistant "
    "cardinal rabbi imam"
)
# A party's label before a person's name ("Liberal Democrat Sarah Teather"), no part of it;
# dropped only where two words of the name are left ("Labour Party" stays itself).
PARTY_LABELS = _words(
    "liberal democrat democrats democratic labour tory conservative republican green lib dem "
    "dems snp ukip plaid socialist unionist nationalist independent"
)
# Titles that make the name after them a person's, never an organisation's or a place's.
PERSONAL_TITLES = _words(
    "mr mrs ms miss dr sir lord lady dame prof professor president minister secretary "
    "chancellor premier senator judge king queen prince princess pope mayor coach manager "
    "spokesman spokeswoman envoy ambassador chairman chief"
)
# Capitalised words that start sentences or clauses, not names.
NOT_NAMES = _words(
    "the a an and but or so yet if in on at of for from to by with as after before while "
    "when where since although though however meanwhile he she it they we i you his her "
    "their its our this that these those there here then now mr. what who why how "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "july september october november december"
)
# Last words of names that are organisations' or places' ("European Union", "Saudi Arabia"):
# a name of two to four words is a person's unless it ends (or starts) with one of these.
NOT_PERSON_WORDS = _words(
    "union party council bank ministry office department street house court committee "
    "commission association league club united city group inc ltd plc corporation corp "
    "company news times post journal agency authority board fund service services "
    "institute university college school hospital airport station parliament assembly "
    "government senate congress nations states kingdom republic arabia america africa "
    "asia europe east west north south korea zealand island islands road square centre "
    "center federation organisation organization foundation trust network records "
    "studios pictures airlines airways motors industries partners council's cup league "
    "championship open games olympics premiership world england scotland wales ireland "
    "britain british english french german european american chinese russian ukrainian "
    "new san los las st fc rfc ag sa gmbh co labour conservative conservatives tory tories "
    "democrats republicans liberal lib dems downing whitehall westminster commons lords "
    "microsoft google apple sony nintendo yahoo ebay"
)
_CONNECTORS = r"(?:de|van|von|der|den|bin|al|da|di|du|le|la|del|dos|ben|ter)"
# A capitalised word, not a possessive ("China's" starts nothing).
_NAME_WORD = (
    r"(?:[A-Z]\.|[A-Z\u00c0-\u00de][\w\-]*(?:['’][A-Za-z]{2,}[\w-]*)?(?![\w\-])(?!['’]s\b))"
)
NAME = rf"(?:{_NAME_WORD}(?:\s+(?:{_CONNECTORS}\s+)?{_NAME_WORD}){{0,5}})"
_PRONOUN = r"(?:he|she|He|She)"
# "Mr Smith, the firm's chief executive, said": a description between commas, in lower case.
_APPOSITION = r"(?:\s*,\s*(?:[a-z]|[A-Z](?=[^,“”\"]*\s[a-z]))[^,“”\"]{0,100},)?"
# What may come between a closing mark and its attribution: a comma or a dash, never a full
# stop (after one, the next sentence begins).
_LEAD = r"^\s*[,;:—–-]?\s*"
# The words before or after a speech verb, up to a punctuation mark: the speaker's name ends
# them ("BA chairman Martin Broughton", "race director Matthew Turnbull").
_CLAUSE = r"[^.,;:!?“”\"]"

AFTER_PRONOUN_VERB = re.compile(
    rf"{_LEAD}(?P<speaker>{_PRONOUN})\s+{_AUXILIARY}(?:{SPEECH_VERBS})\b"
)
AFTER_SUBJECT_VERB = re.compile(
    rf"{_LEAD}(?P<subject>{_CLAUSE}{{1,80}}?){_APPOSITION}\s+{_AUXILIARY}(?:{SPEECH_VERBS})\b"
)
AFTER_VERB_SUBJECT = re.compile(rf"{_LEAD}(?:{SPEECH_VERBS})\s+(?P<subject>{_CLAUSE}{{1,80}})")
# "…," the play's organiser, Sarah Mukasa, told; "…," said the club's captain, Jo Hart.
AFTER_DESCRIPTION_NAME = re.compile(
    rf"{_LEAD}(?:the|a|an|his|her|its|their)\s+{_CLAUSE}{{1,80}}?,\s*(?P<name>{NAME})\s*,\s+"
    rf"{_AUXILIARY}(?:{SPEECH_VERBS})\b"
)
AFTER_VERB_DESCRIPTION_NAME = re.compile(
    rf"{_LEAD}(?:{SPEECH_VERBS})\s+(?:the|a|an|his|her|its|their)\s+{_CLAUSE}{{1,80}}?,\s*"
    rf"(?P<name>{NAME})\s*(?:[.,;!?]|$)"
)
AFTER_ACCORDING = re.compile(rf"{_LEAD}according\s+to\s+(?P<subject>{_CLAUSE}{{1,80}})")
# Before the quote, within its sentence: a verb, and the speaker right before it (after a
# comma: "Theresa May, said"), or before an apposition ("David Frost, director general, warned").
VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
BEFORE_VERB = (
    re.compile(rf"(?:^|(?<=[\s(]))(?P<speaker>{NAME}){_APPOSITION}\s+{_AUXILIARY}$"),
    # "Nick Van den Brul of BNP Paribas described": the person, not where they work.
    re.compile(
        rf"(?:^|(?<=[\s(]))(?P<speaker>{NAME})\s+(?:of|at|from)\s+(?:the\s+)?{NAME}\s*,?\s+"
        rf"{_AUXILIARY}$"
    ),
    re.compile(rf"(?:^|(?<=[\s(]))(?P<speaker>{_PRONOUN}|{NAME})\s*,?\s+{_AUXILIARY}$"),
)
MAX_SUBJECT_CHARS = 160
# A relative clause between a subject and its verb: the names in it are not who speaks.
# Between commas or dashes, or running up to the verb ("Ms Robinson, who presents The
# Weakest Link tells").
RELATIVE_AT_END = re.compile(
    rf"(?:,|\s[-–—])\s*(?:who|whose|which)\s[^“”\"]{{0,150}}?(?:,|\s[-–—])?\s+{_AUXILIARY}$"
)
# "she was told", "they were asked": the words were said to the subject.
PASSIVE_AT_END = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got|gets)\s+$")
HEARD_VERBS = frozenset(("told", "asked", "urged", "accused"))
# "…, said Ms Deans." ending a sentence.
VERB_SUBJECT_AT_END = re.compile(
    rf"\b(?:{SPEECH_VERBS})\s+(?P<subject>{_CLAUSE}{{1,80}})[.!?]?\s*$"
)
BEFORE_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<subject>{_CLAUSE}{{1,80}})")
_NAME_RUN = re.compile(NAME)
_NAME_BEFORE_OF = re.compile(rf"(?:^|(?<=\s))(?P<name>{NAME})\s+(?:of|at|from)\s+(?:the\s+)?$")
_NAME_AT_END = re.compile(rf"(?:^|(?<=\s))(?P<name>{NAME})\s*$")
_COMMA_NAME_AT_END = re.compile(rf"(?:^|(?<=\s))(?P<name>{NAME})\s*,\s*$")
_MARK = re.compile(f"[{OPENING}{CLOSING}{STRAIGHT}]")
_SENTENCE_END = re.compile(r"[.!?][”\"']?\s+(?=[“\"A-Z])")
# A name after one of these is where or whom something is ("an analyst at Lehman Brothers",
# "a spokesman for Sony"), not who speaks.
PREPOSITIONS = _words("of at for from in with to by on about into over under")
# A sentence's subject is a name among its first words ("But Edward Leigh, who…, warned").
SUBJECT_WITHIN_WORDS = 6


@dataclass(frozen=True)
class Quote:
    """One quoted passage in one paragraph (1 is the first), and its speaker if the text
    says who: `speaker` as the article names them in full, `speaker_as_written` at the quote
    ("Witkoff", "he"); both "" when nobody is named."""

    paragraph: int
    text: str
    speaker: str = ""
    speaker_as_written: str = ""


@dataclass
class _Span:
    paragraph: int
    start: int
    end: int  # the end of the passage (the closing mark's offset, or the paragraph's end)
    closed: bool  # ends with a closing mark (else it runs on)
    continues: bool = False  # carries on the previous paragraph's open quote
    starts_sentence: bool = False  # nothing of its sentence comes before the opening mark
    speaker: str = ""
    written: str = ""


def find_quotes(paragraphs: list[str]) -> list[Quote]:
    """Return the quoted passages of these paragraphs, in order, with their speakers."""
    spans = _spans(paragraphs)
    if not any(_long_enough(paragraphs, span) for span in spans):
        return []  # most articles quote nobody (or a word or two): no names to read
    article = _Article(paragraphs, spans)
    previous: _Span | None = None
    for span in spans:
        _attribute(article, span, previous)
        previous = span
    _run_on_speakers(spans)
    return [
        Quote(span.paragraph, text, span.speaker, span.written)
        for span in spans
        if len((text := _passage(paragraphs, span)).split()) >= MIN_QUOTE_WORDS
    ]


def _long_enough(paragraphs: list[str], span: _Span) -> bool:
    return len(_passage(paragraphs, span).split()) >= MIN_QUOTE_WORDS


def _passage(paragraphs: list[str], span: _Span) -> str:
    text = paragraphs[span.paragraph - 1][span.start : span.end]
    return text.strip().strip(STRAIGHT + OPENING + CLOSING).strip()


def _spans(paragraphs: list[str]) -> list[_Span]:
    """Return every quoted span; a paragraph that ends inside a quote and a next one that
    opens with a mark make one passage, stored per paragraph."""
    spans: list[_Span] = []
    open_at_end = False
    for number, text in enumerate(paragraphs, start=1):
        found = _paragraph_spans(number, text)
        if found and open_at_end and found[0].start == 1 and _opens_at(text, 0):
            found[0].continues = True
        spans += found
        open_at_end = bool(found) and not found[-1].closed and found[-1].end == len(text)
    return spans


def _paragraph_spans(number: int, text: str) -> list[_Span]:
    spans: list[_Span] = []
    start = None
    for mark in _MARK.finditer(text):
        offset = mark.start()
        if _opens_at(text, offset):
            if start is not None:  # a new quote before the last one closed: that one ends
                spans.append(_Span(number, start, offset, closed=False))
            start = offset + 1
        elif start is not None:
            spans.append(_Span(number, start, offset, closed=True))
            start = None
    if start is not None:
        spans.append(_Span(number, start, len(text), closed=False))
    return spans


def _opens_at(text: str, offset: int) -> bool:
    """Return True if the mark at `offset` opens a quote: “, or " after a space or bracket."""
    char = text[offset]
    if char == OPENING:
        return True
    if char == CLOSING:
        return False
    before = text[offset - 1] if offset else " "
    after = text[offset + 1] if offset + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-") and not after.isspace()


class _Article:
    """The names an article uses: each name's full form, who is a person, and the subject of
    each sentence (whom a later "he said" means)."""

    def __init__(self, paragraphs: list[str], spans: list["_Span"]):
        self.paragraphs = paragraphs
        quoted = [[] for _ in paragraphs]
        for span in spans:
            quoted[span.paragraph - 1].append((span.start, span.end))
        # Names outside the quotes: a name a speaker says is not who speaks.
        self.runs = [
            [
                (m.start(), m.end(), m.group())
                for m in _NAME_RUN.finditer(text)
                if not quoted[number] or not any(a <= m.start() < b for a, b in quoted[number])
            ]
            for number, text in enumerate(paragraphs)
        ]
        self.full_names: dict[str, str] = {}  # surname -> longest name ending with it
        self.first_names: dict[str, str] = {}  # first name -> the name it starts ("Sir Digby")
        self.singles: set[str] = set()  # names written as one word somewhere
        self.titled: set[str] = set()  # surnames written after a personal title
        self.genders: dict[str, str] = {}  # surname -> "male" or "female", by a title (Mr, Ms)
        for run in dict.fromkeys(run for runs in self.runs for _, _, run in runs):
            self._learn(run)
        # (paragraph, offset, full name) of each quote attributed so far.
        self.spoken: list[tuple[int, int, str]] = []
        self.speakers: set[str] = set()

    def _learn(self, run: str) -> None:
        name_words, titled = _name_parts(run)
        if not name_words:
            return
        surname = name_words[-1]
        if titled:
            self.titled.add(surname)
            for word in run.split()[: -len(name_words)]:
                if gender := TITLE_GENDER.get(word.lower().strip(".")):
                    self.genders.setdefault(surname, gender)
        if len(name_words) == 1:
            self.singles.add(surname)
        elif len(name_words) <= 4:
            known = self.full_names.get(surname, "")
            if len(name_words) > len(known.split()):
                self.full_names[surname] = " ".join(name_words)
            self.first_names.setdefault(name_words[0], " ".join(name_words))

    def full_name(self, written: str) -> str:
        """Return the name as the article gives it in full ("Witkoff" -> "Steve Witkoff",
        "Sir Digby" -> "Digby Jones")."""
        words = _without_titles(written.split())
        if not words:
            return ""
        longest = self.full_names.get(words[-1], "")
        if len(words) == 1 and not longest:
            longest = self.first_names.get(words[0], "")
        return longest if len(longest.split()) > len(words) else " ".join(words)

    def is_person(self, name_words: list[str], titled: bool, strong: bool = False) -> bool:
        """Return True if the name is a person's: after a title, written later by the
        surname alone, or quoted; unless `strong`, also any two to four words that are no
        organisation's or place's."""
        if not name_words or name_words[0].lower() in NOT_NAMES:
            return False
        surname = name_words[-1]
        full = self.full_name(" ".join(name_words))
        known = (
            titled
            or surname in self.titled
            or full in self.speakers
            or (surname in self.singles and surname in self.full_names)
        )
        return known or (not strong and _looks_like_a_persons_name(full.split()))

    def gender(self, full: str) -> str:
        """Return "male", "female" or "" (not known) for a person named in full: by the title
        the article gives them (Mr, Ms), else by their first name's usual gender."""
        words = full.split()
        if not words:
            return ""
        if known := self.genders.get(words[-1]):
            return known
        return _first_name_gender(words[0]) if len(words) > 1 else ""

    def fits(self, full: str, pronoun: str) -> bool:
        """Return True unless the person is known to be of the other gender than he or she."""
        wanted = PRONOUN_GENDER.get(pronoun.lower(), "")
        known = self.gender(full) if wanted else ""
        return not known or known == wanted

    def person_before(self, paragraph: int, offset: int, pronoun: str = "") -> str:
        """Return whom "he" or "she" means at this point: going back sentence by sentence
        (this paragraph and PRONOUN_REACH - 1 before it), the speaker of a quote, the
        person a sentence starts with (one starting "He" goes on further back), or a person
        named; else the person named last, or ""."""
        for number in range(paragraph, max(0, paragraph - PRONOUN_REACH), -1):
            text = self.paragraphs[number - 1]
            end = offset if number == paragraph else len(text)
            for start, stop in reversed(_sentences(text, end)):
                found = self._who_in(number, start, stop, pronoun)
                if found is not None:
                    return found
        return self._named_last(paragraph, offset, pronoun)

    def _who_in(self, number: int, start: int, stop: int, pronoun: str = "") -> str | None:
        """Return the person a sentence is about, "" to look no further, None to go on; a
        person known to be of the other gender than the pronoun is passed over."""
        spoken = [
            name
            for p, at, name in self.spoken
            if p == number and start <= at < stop and self.fits(name, pronoun)
        ]
        if spoken:
            return spoken[-1]
        text = self.paragraphs[number - 1]
        reported = _speech_subject(text[start:stop])
        if reported and not reported[1] and self.fits(full := self.full_name(reported[0]), pronoun):
            return full
        opening = text[start:stop].split()[:SUBJECT_WITHIN_WORDS]
        if opening and opening[0] in ("He", "She"):
            return None
        runs = [r for r in self.runs[number - 1] if start <= r[0] and r[1] <= stop]
        people = [
            (r, titled)
            for r in runs
            if (titled := self._person_run(text, r)) is not None
            and self.fits(self.full_name(r[2]), pronoun)
        ]
        for (run_start, _, run), _titled in people:
            if len(text[start:run_start].split()) < SUBJECT_WITHIN_WORDS:
                return self.full_name(run)
        # "Mr Campbell's e-mail … suggested": whose it is, at the start of the sentence.
        owner = _POSSESSOR.search(text, start, stop)
        if owner and len(text[start : owner.start()].split()) < SUBJECT_WITHIN_WORDS:
            name_words, titled = _name_parts(owner.group("name"))
            full = self.full_name(owner.group("name"))
            if self.is_person(list(name_words), titled, strong=True) and self.fits(full, pronoun):
                return full
        strong = [
            run
            for (_, _, run), titled in people
            if self.is_person(_without_titles(run.split()), titled, strong=True)
        ]
        return self.full_name(strong[-1]) if strong else None

    def _person_run(self, text: str, run: tuple[int, int, str]) -> bool | None:
        """Return whether a name run after no preposition is a person's, titled or not
        (None: not a person's)."""
        start, _, name = run
        before = text[:start].split()[-1:]
        if before and before[0].lower() in (PREPOSITIONS | _ARTICLES | _AS):
            return None  # "at Lehman Brothers", "the Northern Echo", "cast as Fagin"
        words = name.split()
        name_words = _without_titles(words)
        titled = len(name_words) < len(words) and any(
            w.lower().strip(".") in PERSONAL_TITLES for w in words
        )
        return titled if self.is_person(name_words, titled) else None

    def _named_last(self, paragraph: int, offset: int, pronoun: str = "") -> str:
        for number in range(paragraph, max(0, paragraph - PRONOUN_REACH), -1):
            text = self.paragraphs[number - 1]
            limit = offset if number == paragraph else len(text)
            for run in reversed([r for r in self.runs[number - 1] if r[1] <= limit]):
                full = self.full_name(run[2])
                if self._person_run(text, run) is not None and self.fits(full, pronoun):
                    return full
        return ""


_ARTICLES = _words("the a an")
_AS = _words("as")
PRONOUN_GENDER = {"he": "male", "she": "female"}
# Titles that say a person's gender.
TITLE_GENDER = {
    **dict.fromkeys(("mr", "sir", "lord", "king", "prince"), "male"),
    **dict.fromkeys(("mrs", "ms", "miss", "lady", "dame", "queen", "princess"), "female"),
}
# A name owning what starts a sentence ("Mr Campbell's e-mail").
_POSSESSOR = re.compile(rf"(?:^|(?<=\s))(?P<name>(?:{_NAME_WORD}\s+){{0,3}}[A-Z][\w\-]*)['’]s\b")


@lru_cache(maxsize=20_000)
def _first_name_gender(first: str) -> str:
    """Return "male" or "female" if gender-guesser's list gives a first name as that one
    only; "" for a name mostly one ("Kim", "Chris"), both, or unknown."""
    guessed = _gender_detector().get_gender(first)
    return guessed if guessed in ("male", "female") else ""


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector()


INDEFINITE = _words("a an one another some")


def _sentences(text: str, end: int) -> list[tuple[int, int]]:
    """Return the (start, stop) of each sentence of text[:end]."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text, 0, end)]
    return [(a, b) for a, b in zip(starts, [*starts[1:], end], strict=True) if a < b]


def _looks_like_a_persons_name(words: list[str]) -> bool:
    """Two to four capitalised words, none an organisation's or a place's ("Maria Lopez")."""
    return 2 <= len(words) <= 4 and not any(
        word.lower().strip(".") in NOT_PERSON_WORDS for word in words
    )


@lru_cache(maxsize=50_000)
def _name_parts(run: str) -> tuple[tuple[str, ...], bool]:
    """Return a name run's words after its titles, and whether a personal title was one of
    them; cached: the same runs ("The", "But", "Mr Blair") come back article after article."""
    words = run.split()
    name_words = _without_titles(words)
    titles = words[: len(words) - len(name_words)]
    return tuple(name_words), any(w.lower().strip(".") in PERSONAL_TITLES for w in titles)


def _without_titles(words: list[str]) -> list[str]:
    """Return the words of a name after its leading titles, roles and sentence words."""
    last_title = -1
    for index, word in enumerate(words):
        lowered = word.lower().strip(".")
        if lowered in TITLES or lowered in NOT_NAMES or word.endswith(("'s", "’s")):
            last_title = index
    name = words[last_title + 1 :]
    while len(name) > 2 and name[0].lower() in PARTY_LABELS:
        name = name[1:]
    return name


def _attribute(article: _Article, span: _Span, previous: _Span | None) -> None:
    text = article.paragraphs[span.paragraph - 1]
    opening = span.start - 1
    span.starts_sentence = not text[_sentence_start(text, opening) : opening].strip()
    found = _after(text, span) or _before(text, span)
    if found:
        written, is_pronoun = found
        if is_pronoun:
            speaker = article.person_before(
                span.paragraph, _sentence_start(text, opening), pronoun=written
            )
        else:
            speaker = article.full_name(written)
        if speaker:
            _give(article, span, speaker, written)
            return
    if _someone_else(text, span):
        return  # "…," a spokesman said: somebody new and unnamed, not the last speaker
    reported = span.starts_sentence and not span.continues and _reported_just_before(text, opening)
    if not reported and previous is not None and previous.speaker and _carries_on(span, previous):
        _give(article, span, previous.speaker, previous.written)
    elif reported:
        written, is_pronoun = reported
        start = _sentence_start(text, opening)
        speaker = (
            article.person_before(
                span.paragraph, _sentence_start(text, max(0, start - 2)), pronoun=written
            )
            if is_pronoun
            else article.full_name(written)
        )
        if speaker:
            _give(article, span, speaker, written)


def _reported_just_before(text: str, opening: int) -> tuple[str, bool] | None:
    """Return the speaker of the sentence before a quote that opens a sentence, if that
    sentence reports speech ("She added that…. “…”"), and ends right there."""
    start = _sentence_start(text, opening)
    if start == 0:
        return None
    previous = text[_sentence_start(text, start - 2) : start]
    marks = list(_MARK.finditer(previous))
    if not marks:
        return _speech_subject(previous)
    # After a quote in that sentence: only a speaker named there ("…," Digital prints cost
    # less, said Ms Deans. “…”), never a pronoun (the quote before has that one's speaker).
    tail = previous[marks[-1].end() :]
    found = _speech_subject(tail)
    if found is None and (verb_first := VERB_SUBJECT_AT_END.search(tail)):
        found = _named_at_end(verb_first.group("subject"))
    return found if found and not found[1] else None


def _speech_subject(sentence: str) -> tuple[str, bool] | None:
    """Return (speaker as written, is a pronoun) of the last speech verb in a sentence; None
    when its subject is told or asked ("she was told: …"), words said to them."""
    for verb in reversed(list(VERB.finditer(sentence))):
        subject = sentence[max(0, verb.start() - MAX_SUBJECT_CHARS) : verb.start()]
        if PASSIVE_AT_END.search(subject) and verb.group() in HEARD_VERBS:
            return None
        if relative := RELATIVE_AT_END.search(subject):
            # "The actor, whose films include … Star Wars, said": the clause names no speaker.
            subject = subject[: relative.start()] + " "
        for pattern in BEFORE_VERB:
            match = pattern.search(subject)
            if not match or _after_a_preposition(subject[: match.start()]):
                continue
            if found := _speaker_of(match.group("speaker")):
                return _person_before_organisation(subject[: match.start()], found)
    return None


def _after_a_preposition(before: str) -> bool:
    """Return True if the text before a name ends with a preposition ("the Bishop of")."""
    last = before.split()[-1:]
    return bool(last) and last[0].lower() in PREPOSITIONS


def _give(article: _Article, span: _Span, speaker: str, written: str) -> None:
    span.speaker, span.written = speaker[:MAX_SPEAKER_CHARS], written[:MAX_SPEAKER_CHARS]
    article.spoken.append((span.paragraph, span.start, span.speaker))
    article.speakers.add(span.speaker)


def _carries_on(span: _Span, previous: _Span) -> bool:
    """An unattributed quote is its predecessor's speaker's if it carries that quote on
    over a paragraph, opens a sentence after it in the same paragraph ("…," she said.
    "…"), or opens the next paragraph."""
    if span.continues or not span.starts_sentence:
        return span.continues
    return previous.paragraph == span.paragraph or (
        span.start == 1 and previous.paragraph == span.paragraph - 1
    )


def _run_on_speakers(spans: list[_Span]) -> None:
    """Give a quote that runs on into the next one (no closing mark before it opens) the
    next one's speaker: one speech, attributed at its end."""
    following: _Span | None = None
    for span in reversed(spans):
        if (
            not span.speaker
            and not span.closed
            and following is not None
            and following.paragraph == span.paragraph
            and following.speaker
        ):
            span.speaker, span.written = following.speaker, following.written
        following = span


def _after(text: str, span: _Span) -> tuple[str, bool] | None:
    """Return (speaker as written, is a pronoun) named right after the quote."""
    if not span.closed or text[: span.end].rstrip().endswith("."):
        return None  # a full stop ends the sentence: what follows is the next one's
    rest = text[span.end + 1 : span.end + 200]
    if match := AFTER_PRONOUN_VERB.match(rest):
        return match.group("speaker"), True
    for pattern in (AFTER_DESCRIPTION_NAME, AFTER_VERB_DESCRIPTION_NAME):
        if (match := pattern.match(rest)) and (found := _person_named(match.group("name"))):
            return found
    for pattern in (AFTER_ACCORDING, AFTER_VERB_SUBJECT, AFTER_SUBJECT_VERB):
        if match := pattern.match(rest):
            return _named_at_end(match.group("subject"))
    return None


def _person_named(written: str) -> tuple[str, bool] | None:
    """Return a name if it is a person's: after a personal title, or two to four words no
    organisation's or place's ("Sarah Mukasa", "Mr Hart"; not "UK Athletics")."""
    name_words, titled = _name_parts(written)
    if titled or _looks_like_a_persons_name(list(name_words)):
        return _speaker_of(written)
    return None


def _someone_else(text: str, span: _Span) -> bool:
    """Return True if the quote is attributed to someone indefinite ("…," a spokesman
    said; said one resident): somebody new, where "the champion" may be the last named."""
    if not span.closed or text[: span.end].rstrip().endswith("."):
        return False
    rest = text[span.end + 1 : span.end + 200]
    for pattern in (AFTER_VERB_SUBJECT, AFTER_SUBJECT_VERB):
        if match := pattern.match(rest):
            words = match.group("subject").split()
            return bool(words) and words[0].lower() in INDEFINITE
    return False


def _named_at_end(clause: str) -> tuple[str, bool] | None:
    """Return the name that ends a clause ("BA chairman Martin Broughton"), unless it
    follows a preposition ("a spokesman for Sony") or nothing names anyone."""
    match = _NAME_AT_END.search(clause)
    words = clause.split()
    if not match or (words and words[0].lower() in INDEFINITE):
        return None  # "said one U.S. official": somebody unnamed
    before = clause[: match.start()].split()[-1:]
    if before and before[0].lower() in PREPOSITIONS:
        return _person_of(clause[: match.start()])
    return _speaker_of(match.group("name"))


def _person_of(clause: str) -> tuple[str, bool] | None:
    """Return the person a clause ends with before "of", "at" or "from" and where they
    work ("Zara Hyde Peters of UK Athletics", "Jo Hart of the University of Leeds"), or None
    ("a spokesman for Sony", "the Bank of England")."""
    for _ in range(3):
        match = _NAME_BEFORE_OF.search(clause)
        if not match:
            return None
        before = clause[: match.start()].split()[-1:]
        if before and before[0].lower() in PREPOSITIONS | _ARTICLES:
            clause = clause[: match.start()]
            continue  # "of the University" of Leeds: go on back
        return _person_named(match.group("name"))
    return None


def _before(text: str, span: _Span) -> tuple[str, bool] | None:
    """Return (speaker as written, is a pronoun) of a verb before the quote, in its
    sentence (or introducing it with a colon)."""
    opening = span.start - 1
    prefix = text[_sentence_start(text, opening) : opening]
    according = BEFORE_ACCORDING.search(prefix)
    if according and (found := _named_at_end(according.group("subject"))):
        return found
    return _speech_subject(prefix)


def _person_before_organisation(before: str, found: tuple[str, bool]) -> tuple[str, bool]:
    """In "Colin Asplin, Blackpool Hotel Association said", the person speaks."""
    written, is_pronoun = found
    if is_pronoun or _looks_like_a_persons_name(written.split()) or len(written.split()) < 2:
        return found
    person = _COMMA_NAME_AT_END.search(before)
    if person and _looks_like_a_persons_name(_without_titles(person.group("name").split())):
        return _speaker_of(person.group("name")) or found
    return found


def _speaker_of(written: str) -> tuple[str, bool] | None:
    written = written.strip()
    if re.fullmatch(_PRONOUN, written):
        return written, True
    if written.startswith("the "):
        written = written[4:]
    words = _without_titles(written.split())
    if not words or words[0].lower() in NOT_NAMES:
        return None
    if len(words) == 1 and len(words[0].strip(".")) <= 2:
        return None  # an initial ("U" of "U.S.") or an abbreviation is nobody's name
    return written, False


def _sentence_start(text: str, offset: int) -> int:
    """Return where the sentence holding `offset` starts (after the last full stop)."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, offset + 1):
        start = match.end()
    return start
