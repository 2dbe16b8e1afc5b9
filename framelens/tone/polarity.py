"""The polarity of a label in its context, computed once, in the analysis.

"a war criminal" and "an effective strategist" are both descriptors; a reader sees their
polarity at once.  The default reading averages two signed scores in [-1, 1]: the tone
model with the descriptor as its target in its sentence (P(positive) - P(negative)), and
VADER's valence of the descriptor's own words.  The model alone reads how the sentence
treats the target and rates plain praise ("a respected commander") as mostly neutral; the
words alone miss context.  Where the words are clearly evaluative (|valence| >= 0.3: "a
brave reformist") they weigh 0.8, since the model gives a descriptor its sentence's mood
("The regime abducted X, a brave reformist" read negative).  Some labels are misread by
both, so a few rules come first, each named in the label's ``polarity_reason`` so a reader
can see which one decided:

- a title before a name ("President", "General") is a rank, not a stance: its words only,
  since the model would give it the mood of whatever sentence it stands in;
- a label that ties the actor to a group or deed nearly every outlet treats as a charge
  (``resources/tone/label_polarity.toml``: "the man who took Bin Laden's children to
  prayers") is negative however flat its words, and one that sets it against them ("the
  anti-ISIS general") positive;
- an office, rank or affiliation with no evaluative word ("the commander of the Quds Force",
  "a Democrat") is neutral:
  the model, trained on sentences, gives it the sentence's mood;
- a nickname is the word of whoever coined it ("nicknamed 'Supermani'"): its own words only;
  a label in scare quotes is read in its sentence without its words' valence, since the
  quotation marks distance the outlet from them;
- a bare noun with a relative clause ("the man who ...") is read by what the clause says
  the actor did, not by the noun;
- a feeling with its complement ("rightly scared of what his death may mean", "angry about
  the vote") says how the actor feels about something else: neutral toward the actor;
- a plain description, with no evaluative word in any lexicon framelens holds ("a two-term
  lawmaker who leads the Renewal Party", "the CEO of World Wrestling Entertainment", "a
  Democrat now running for the Senate"), is neutral: the model gives it its sentence's mood.
  On BASIL dev, of the 257 descriptors read polar in their sentence before this rule, 216
  overlapped no phrase the annotators marked as biased, and plain job descriptions were
  most of them.  Evaluative means: VADER's valence of the words, a word of the technique
  lexicon's loaded or insult lists ("agitator", "puppet", "regime", which VADER does not
  hold), or an adjective the pattern lexicon rates subjective and polar ("popular").

The labels stage gives every descriptor the reading without the model (so an analysis run
without the tone model still has one); the tone stage, which has the encoder loaded and
every sentence of the batch encoded, replaces it with the reading in context.  Comparison
and the web UI only read what the analysis stored: they never load a model for it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources

import numpy as np

from framelens.headline import sentence_start
from framelens.models import Analysis, Label, Span
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.names import name_tables
from framelens.text.windows import sentence_window
from framelens.tone.features import adjective_lexicon, sentence_vader, vader_lexicon

#: |signed polarity| below this is neutral
POLARITY_BAND = 0.2
#: |VADER valence| below this: the words say nothing evaluative
FLAT = 0.05
#: |VADER valence| from which a descriptor's own words are clearly evaluative, and their weight then
EVALUATIVE = 0.3
WORDS_WEIGHT = 0.8
#: the pull of a charged tie (or of opposition to it) on a label's score
ASSOCIATION = 0.8
#: the least |score| of a label a charged tie decides
ASSOCIATION_FLOOR = 0.3
_CLAUSE = re.compile(r",|\s(?:who|whom|whose|which|that)\b")
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that)\b")
_OPEN_QUOTES, _CLOSE_QUOTES = "\"“‘'", "\"”’'"
_WORD = re.compile(r"[a-z]+")
_COMPOUND = re.compile(r"[a-z]+(?:-[a-z]+)*")
#: label kinds read from their own words only, never by the model
_WORDS_ONLY = frozenset({"title", "nickname"})

# The reasons a label's polarity was decided by (``Label.polarity_reason``).
TITLE = "title: its own words"
OFFICE = "office, rank or affiliation"
NICKNAME = "nickname: its own words"
SCARE_QUOTES = "in quotation marks: its sentence"
CLAUSE = "what its clause says the actor did"
CONTEXT = "its words in its sentence"
WORDS = "its words"
WORDS_OVER_MOOD = "its words (its sentence's mood read the other way)"
PLAIN = "plain description: no evaluative word"
FEELING = "a feeling about something else"
HARMED = "what was done to the actor"
TIED = "ties the actor to"
AGAINST = "sets the actor against"


@dataclass(frozen=True, slots=True)
class Reading:
    """A label's signed polarity and the rule that decided it."""

    signed: float
    reason: str

    @property
    def side(self) -> str:
        return side(self.signed)


@dataclass(frozen=True, slots=True)
class _Associations:
    charged: re.Pattern[str]
    against: frozenset[str]
    #: words that make a charged name the subject of someone's work ("who studies ISIS")
    topic: frozenset[str]
    #: the verbs among them: what follows is the work's subject, left out of a label's valence
    topic_verbs: re.Pattern[str]
    affiliations: frozenset[str]
    #: the ``[terms] fixed`` expressions ("special operations"), left out of a label's valence
    fixed: re.Pattern[str]
    #: a feeling with its complement ("scared of", "angry about": ``[feelings]``)
    feeling: re.Pattern[str]
    #: judging words VADER lacks ("warlord", "so-called": ``[evaluative]``)
    evaluative: frozenset[str]
    #: the feeling adjectives alone (``[feelings] words``)
    feeling_words: frozenset[str]
    #: a harm naming the field of the role or body after it (``[fields]``: "sex abuse investigator")
    fields: re.Pattern[str]
    #: nouns for the one harmed (``[harmed]``: "a victim of abuse")
    harmed: frozenset[str]
    #: a relative clause telling what befell the actor ("who was shot") or the actor's own
    #: ("whose daughter was among those killed"): ``[harmed] befell``
    befell: re.Pattern[str]
    #: words that always judge against whoever they name, VADER lacks (``[pejorative]``)
    pejorative: frozenset[str]
    #: the valence such a word gives a label's own words
    pejorative_valence: float


def _phrases(words: Iterable[object]) -> re.Pattern[str]:
    """Any of ``words`` (phrases, longest first) on word boundaries, case-insensitive."""
    names = sorted({str(n).lower() for n in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


def _befell_clause(forms: Iterable[object]) -> re.Pattern[str]:
    """A relative clause telling what befell the actor ("who was shot") or the actor's own
    ("whose daughter was among those killed"), the harm one of ``forms``."""
    harm = _phrases(forms).pattern
    passive = r"(?:was|were|is|are|had been|has been|have been|got)"
    return re.compile(
        rf"^(?:(?:who|that)\s+{passive}\s+(?:\S+\s+){{0,2}}?{harm}"
        rf"|whose\s+(?:\S+\s+){{1,3}}?(?:{passive}\s+(?:\S+\s+){{0,4}}?{harm}|{harm}))",
        re.IGNORECASE,
    )


@functools.cache
def _associations() -> _Associations:
    raw = resources.files("framelens.resources").joinpath("tone/label_polarity.toml").read_text("utf-8")
    whole = tomllib.loads(raw)
    data = whole["association"]
    return _Associations(
        _phrases(data["charged"]),
        frozenset(str(w).lower() for w in data["against"]),
        frozenset(str(w).lower() for w in (*data.get("topic_verbs", ()), *data.get("topic_nouns", ()))),
        _phrases(data.get("topic_verbs", ())),
        frozenset(str(w).lower() for w in whole["office"]["affiliations"]),
        _phrases(whole["terms"]["fixed"]),
        re.compile(
            _phrases(whole["feelings"]["words"]).pattern
            + r"\s+"
            + _phrases(whole["feelings"]["complements"]).pattern,
            re.IGNORECASE,
        ),
        frozenset(str(w).lower() for w in whole.get("evaluative", {}).get("words", ())),
        frozenset(str(w).lower() for w in whole["feelings"]["words"]),
        re.compile(
            r"(?<!\w)(?:"
            + _phrases(whole["fields"]["harms"]).pattern
            + r"[\s-]+)+(?="
            + _phrases(whole["fields"]["roles"]).pattern
            + ")",
            re.IGNORECASE,
        ),
        frozenset(str(w).lower() for w in whole["harmed"]["heads"]),
        _befell_clause(whole["harmed"].get("befell", ())),
        frozenset(str(w).lower() for w in whole["pejorative"]["words"]),
        float(whole["pejorative"]["valence"]),
    )


# The reasons of a loaded word's polarity (``framelens.stages._loaded_words``), here because
# the portrayal reads them too (a sign no lexicon gave is never a reason for a portrayal).
#: ``Label.polarity_reason`` of a loaded word: the sign of its lexicons, its score the model's
#: probability that the word is loaded
LOADED_REASON = "loaded word: the sign of its lexicons (VADER, pattern)"
#: ... of a loaded word no lexicon signs ("pounced", "scuttled", "impotence").  Measured on
#: BASIL dev: of the 227 words inside annotated lexical-bias phrases that neither lexicon
#: signs, 89% lie in phrases annotated negative toward their target; a sign induced from
#: the words' meaning (a logistic regression on MiniLM embeddings of VADER's words, 88%
#: right on held-out VADER words) agreed with those phrases only 53-83% of the time
UNSIGNED_REASON = "loaded word no lexicon signs: negative, as most such words in news are"
#: ... of "hold X responsible" and its kin
ACCOUNT_REASON = "loaded word: holding someone to account is a charge"
#: ... of a word of gladness on a harm ("eagerly taken credit for the killing")
GLEE_REASON = "loaded word: gladness at a killing or an attack disparages whoever is glad"
#: ... of praise in what should or could have been ("could have been better prepared")
MISSED_REASON = "loaded word: what should or could have been is a reproach"


def is_feeling(word: str) -> bool:
    """Whether a word is one of the feeling adjectives of ``label_polarity.toml`` ("upset")."""
    return word.lower() in _associations().feeling_words


def side(signed: float) -> str:
    """negative, neutral or positive for a signed polarity score."""
    return "neutral" if abs(signed) < POLARITY_BAND else ("positive" if signed > 0 else "negative")


def core(text: str, span: Span) -> Span:
    """The descriptor without a trailing relative clause or comma phrase: "a respected commander"
    of "a respected commander who led the KLF" (the clause is a label of its own)."""
    cut = _CLAUSE.search(text, span.start, span.end)
    return Span(span.start, cut.start()) if cut and cut.start() > span.start else span


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


@functools.cache
def _title_words() -> re.Pattern[str]:
    """A title's modifier right before its head ("Vice President", "Supreme Leader")."""
    lex = actor_lexicon()
    mods = "|".join(re.escape(m) for m in sorted(lex.title_modifiers, key=len, reverse=True))
    heads = "|".join(re.escape(h) for h in sorted(lex.title_heads, key=len, reverse=True))
    return re.compile(rf"\b(?:{mods})[\s-]+(?=(?:{heads})\b)", re.IGNORECASE)


def _valence(text: str, span: Span) -> float:
    """VADER's valence of a span (``_words_valence``)."""
    return _words_valence(span.text_in(text))


def _own_words(words: str) -> str:
    """Some words with a title's modifiers and proper names left out, for their valence: VADER
    reads the "vice" of "Vice President" as a vice and the "Dick" of "Dick Cheney" as an
    insult, which made "daughter of former Vice President Dick Cheney" negative; and the names
    of institutions, places and wars are no judgement of whoever they describe ("the CEO of
    World Wrestling *Entertainment*", "the ambassador to the *United* Nations", "a veteran of
    the Vietnam *War*").  A capitalised word is a name's unless it opens the words (a
    sentence's or a headline's first word: "Prominent") or is a given name there.  What one
    studies or covers is left out too ("who studies the fight against ISIS"), and fame
    before what it is for (``_FAME``: "who gained wide notice for")."""
    lex = _associations()
    if (work := lex.topic_verbs.search(words)) is not None:
        words = words[: work.end()]  # "who studies the fight against ISIS": the subject studied
    words = _FAME.sub("", lex.fixed.sub("", _title_words().sub("", _SALUTATION.sub("", words))))
    words = _SUCCESSION.sub("", words)
    words = lex.fields.sub("", words)  # "a senior sex abuse investigator": a job, not a harm
    given = name_tables().given_groups
    first = _CAPITALISED.search(words)
    opening = first.start() if first is not None and not words[: first.start()].strip(" \"“‘'(") else -1
    words = _CAPITALISED.sub(
        lambda m: "" if m.start() != opening or m.group().lower() in given else m.group(), words
    )
    return words


#: "succeed" taking someone's place ("who is running to succeed retiring Sen. Tom Harkin",
#: "who succeeded him as chairman"): an office changing hands, no success; VADER's "succeed"
#: had read a BASIL candidate's plain description as praise.  Succeeding *in* something stays.
_SUCCESSION = re.compile(
    r"\bsucceed(?:s|ed|ing)?(?=\s+(?:(?:the\s+)?(?:retiring|outgoing|departing|late|former|longtime|"
    r"long-time|incumbent|ousted)\s+)?(?:[A-Z]|him\b|her\b|them\b))"
)


#: "Dear" addressing someone by title or name ("dear Bishop", "Dear Cardinal"): a form of
#: address, no fondness (a letter's "dear Bishop" had read as praise)
#: "dear" in any case before a capitalised word ("dear Bishop Velk"); the name's capital is
#: case-sensitive, or "a dear friend" would lose its warmth
_SALUTATION = re.compile(r"\b(?i:dear)(?=\s+[A-Z])")


#: fame and its object ("who gained wide notice for", "best known for", "famous as"): fame is no
#: judgement, what it is for is ("forcing inmates to wear pink underwear" is not praised by
#: "gained"); a construction, not a word list, so written here
_FAME = re.compile(
    r"\b(?:(?:gain|gained|gaining|won|win|winning|earned|earning|drew|drawing|attracted|attracting|"
    r"received|receiving)\s+(?:(?:wide|widespread|national|international|worldwide|broad|early|much|"
    r"some)\s+)?(?:notice|attention|fame|recognition|headlines|prominence)|(?:(?:perhaps\s+)?(?:best|"
    r"most|well|widely)[\s-]+)?(?:known|famous|noted|remembered|recognized|recognised))\s+(?:for|as)\b"
    # "so well known it was covered": how known a thing is judges nobody
    r"|\b(?:well|widely|best)[\s-]+known\b",
    re.IGNORECASE,
)


#: a degree or manner adverb joined to a participle ("well-liked", "much-disputed")
_GRADED = re.compile(
    r"\b(?:well|much|highly|widely|deeply|greatly|hugely|universally|badly|poorly|bitterly|fiercely)"
    r"-([A-Za-z]+)\b",
    re.IGNORECASE,
)


#: a word joined to a suffix that keeps its sense ("totalitarian-minded", "fascist-style"): VADER
#: knows the word, not the compound, and read "a totalitarian-minded individual, who has been
#: supported by ..." from the clause's "supported": praise
_SUFFIXED = re.compile(
    r"\b([A-Za-z]+)-(?:minded|leaning|style|styled|inspired|like|type|esque)\b", re.IGNORECASE
)


def _compound_heads(words: str) -> str:
    """``words`` with each graded participle VADER does not know ("well-liked") read as the
    participle, and each word before a sense-keeping suffix (``_SUFFIXED``) as that word:
    VADER reads "well-liked" as nothing (a BASIL triplet's "a well-liked member of leadership"
    was then read negative from the sentence around it).  Only after a degree or
    manner adverb: splitting every compound would give "well-known" the praise of "well",
    "hard-working" the harshness of "hard" and "his long-promised wall" a promise's warmth."""
    lexicon = vader_lexicon()

    def unknown_to_head(m: re.Match[str]) -> str:
        return m.group() if m.group().lower() in lexicon else m.group(1)

    return _GRADED.sub(unknown_to_head, _SUFFIXED.sub(unknown_to_head, words))


def _words_valence(words: str) -> float:
    """VADER's valence of some words' own words (``_own_words``), compounds read by their heads;
    with a pejorative word (``[pejorative]``), at most that word's valence."""
    own = _compound_heads(_own_words(words))
    valence = float(sentence_vader(own)["compound"])
    if _pejorative(own):
        # the judging word decides against whatever praise VADER hears beside it ("Assange's
        # great tormentors", a PTC article, had read +0.62 from "great")
        return min(valence, _associations().pejorative_valence)
    return valence


def _judging(words: str) -> bool:
    """Whether some words hold a word that only ever judges (``_judging_own`` of their own words)."""
    return _judging_own(_own_words(words))


#: words after which a lexicon adjective is a noun when nothing follows it ("at the firm")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "my"})
#: ... or when a preposition follows it ("the firm of Velk and Reyl")
_PREPOSITIONS = frozenset({"of", "in", "at", "on", "for", "to", "from", "with", "by"})


def _judging_own(own: str) -> bool:
    """Whether some own words (``_own_words``) hold a word that only ever judges:
    ``[pejorative]``, or a subjective, polar adjective of the pattern lexicon, not used as a
    noun (a determiner before it and no noun after: "a lawyer at the *firm*", a PTC article,
    had read as praise from the sentence's mood)."""
    if _pejorative(own):
        return True
    found = _COMPOUND.findall(own.lower())
    for k, compound in enumerate(found):
        if k > 0 and found[k - 1] in _DETERMINERS and (k + 1 == len(found) or found[k + 1] in _PREPOSITIONS):
            continue
        if any(_polar_adjective(word) is not None for word in compound.split("-")):
            return True
    return False


def _pejorative(words: str) -> bool:
    """Whether some words hold one of ``[pejorative]``: words that only ever judge."""
    return any(w in _associations().pejorative for w in _WORD.findall(words.lower()))


def _polar_adjective(word: str) -> float | None:
    """A word's polarity in the pattern adjective lexicon when it is subjective and polar there
    (subjectivity and |polarity| at least ``_SUBJECTIVE`` and ``_POLAR``), else None."""
    entry = adjective_lexicon().get(word)
    return entry[0] if entry is not None and abs(entry[0]) >= _POLAR and entry[1] >= _SUBJECTIVE else None


def _lone_adjective(text: str, label: Label, focus: Span, words: float) -> float | None:
    """The valence of a predicate that is one word ("X is reasonable"): VADER's, else its
    polarity in the pattern adjective lexicon when it is subjective and polar there (VADER
    lacks "reasonable"); None for any other label.  Only there: among other words, or as a
    modifier, that lexicon's senses mislead ("the *full* Senate", "Iran's *top* military
    commander", read on PTC articles)."""
    found = _WORD.findall(focus.text_in(text).lower())
    if label.kind != "predicate" or len(found) != 1:
        return None
    if abs(words) >= FLAT:
        return words
    polar = _polar_adjective(found[0])
    return words if polar is None else polar


def _focused(text: str, span: Span) -> tuple[Span, Span, float]:
    """(core, focus, VADER valence of the focus) of a descriptor: see ``focus``."""
    head = core(text, span)
    valence = _valence(text, head)
    # the core judges by a word VADER lacks that only ever judges ("a noxious far-right
    # personality who formerly worked for Project Veritas"): the core, not the clause, is what
    # the label says; a word with a plain use too ("a radical who has spent years trying to
    # destabilise the country") leaves it to the clause
    if head != span and abs(valence) < FLAT and not _judging(head.text_in(text)):
        relative = _RELATIVE.search(text, head.end, span.end)
        if relative and not (_names_before(text, head) and "," in text[head.end : relative.start()]):
            clause = Span(relative.start(), span.end)
            return head, clause, _valence(text, clause)
    return head, head, valence


def _names_before(text: str, head: Span) -> bool:
    """Whether the core ends in a name that is not its first word ("the Tea Party alternative
    to McCarthy, who is the whip and is favored by ..."): a clause set off by a comma after it
    is that name's, not the described actor's (a BASIL triplet's Labrador had been read
    positive from McCarthy's clause); without the comma ("a former aide to Obama who leaked
    the memo") a proper name rarely takes the clause, which stays the aide's."""
    words = head.text_in(text).split()
    return len(words) > 1 and words[-1][:1].isupper() and not words[-1].isupper()


def focus(text: str, span: Span) -> Span:
    """The part of a descriptor its polarity is read from: its core, or, when the core says
    nothing evaluative ("the man" of "the man who took ..."), its relative clause."""
    return _focused(text, span)[1]


def scored(label: Label) -> bool:
    """Whether this module reads a label's polarity: descriptors; not event terms (they have
    none) nor loaded words (``stages._loaded_words`` gives theirs, toward their target)."""
    return label.kind not in {"event", "loaded"}


def association(text: str, label: Label) -> tuple[int, str] | None:
    """(-1, name) when the descriptor ties its actor to a charged group or deed, (+1, name) when
    it sets the actor against one ("anti-ISIS", "who fought al-Qaeda"), else None; None too
    when the name is the subject of the actor's work ("an analyst who studies the fight
    against ISIS") or part of a trade's name ("a counter terrorism practitioner").  A name
    that is the label's own head ("the so-called Islamic State" of ISIS) names the actor and
    ties it to nothing."""
    lex, span = _associations(), label.span
    # "a counter terrorism practitioner" names a trade, not a stand against terrorism
    trades = [m.span() for m in lex.fixed.finditer(text, span.start, span.end)]
    for found in lex.charged.finditer(text, span.start, span.end):
        if label.head.lower() in _WORD.findall(found.group(0).lower()):
            continue
        if any(s <= found.start() and found.end() <= e for s, e in trades):
            continue
        before = set(_WORD.findall(text[span.start : found.start()].lower()))
        if before & lex.topic:
            continue
        return (1 if before & lex.against else -1), found.group(0)
    return None


def _quoted(text: str, span: Span, head: Span) -> bool:
    """Whether the descriptor ``span``, or its core ``head``, stands in quotation marks (scare
    quotes, a coined name)."""
    words = head.text_in(text).strip()
    inside = len(words) > 2 and words[0] in _OPEN_QUOTES and words[-1] in _CLOSE_QUOTES
    around = span.start > 0 and span.end < len(text)
    return inside or (around and text[span.start - 1] in _OPEN_QUOTES and text[span.end] in _CLOSE_QUOTES)


#: a US politician's party and state as news writes them after the name: "(D-Nev.)", "R-Ky."
PARTY_STATE = re.compile(r"\(?[DRI]-[A-Z][A-Za-z.]{1,5}\)?")
#: the technique lexicon's lists whose words judge whoever they name
_EMOTIVE_LISTS = ("loaded", "insult")
#: an adjective the pattern lexicon rates at least this subjective and this polar evaluates
_SUBJECTIVE, _POLAR = 0.4, 0.2


@functools.cache
def _emotive_words() -> frozenset[str]:
    """The technique lexicon's loaded and insulting words, and the judging nouns of
    ``label_polarity.toml``'s ``[evaluative]`` section ("warlord", "so-called")."""
    from framelens.techniques.lexicon import load_lexicon

    lists = load_lexicon().lists
    words = [w for name in _EMOTIVE_LISTS for w in lists.get(name, ())]
    return frozenset(w for w in words if " " not in w) | _associations().evaluative


def _evaluative(words: str) -> bool:
    """Whether some words judge: VADER's valence of their own words (``_own_words``), a word of
    ``[pejorative]``, a loaded or insulting word of the technique lexicon, or a subjective,
    polar adjective of the pattern lexicon."""
    own = _own_words(words)
    if abs(float(sentence_vader(_compound_heads(own))["compound"])) >= FLAT:
        return True
    if _judging_own(own):
        return True  # "a perjurer": VADER lacks it, and it only ever judges
    emotive = _emotive_words()
    # "so-called" as a whole, or one of its parts
    return any(
        compound in emotive or any(word in emotive for word in compound.split("-"))
        for compound in _COMPOUND.findall(own.lower())
    )


def _office(label: Label, words: float, text: str = "") -> bool:
    """An office, rank or affiliation ("the commander of the Quds Force", "a Democrat") whose
    words (``words``: their valence) say nothing evaluative.  A tie's own word is left out of
    its valence: VADER reads "lover" as praise, but "his lover" says who she is to him."""
    head = label.head.lower()
    if text and PARTY_STATE.fullmatch(label.span.text_in(text).strip()):
        return True
    if head in actor_lexicon().title_heads:
        if text:
            # the capitalised words of an office name its department, not a judgement
            # ("Treasury Secretary", "Homeland Security Secretary": VADER reads praise there)
            said = label.span.text_in(text).split()
            lower = [w for w in said if not w[:1].isupper()]
            if (
                said
                and said[0][:1].isupper()
                and sentence_start(text, label.span.start, actor_lexicon().title_words)
            ):
                # a sentence's first word is capitalised for its place: "Controversial Maine
                # Gov. Paul LePage" (a BASIL article) had read as a bare office
                first = said[0].lower()
                if adjective_lexicon().get(first, (0.0, 0.0))[1] >= _OPINION:
                    lower.insert(0, first)
            return abs(_words_valence(" ".join(lower))) < FLAT
        return abs(words) < FLAT
    if head not in _associations().affiliations:
        return False
    if text and abs(words) >= FLAT:
        rest = re.sub(rf"\b{re.escape(label.head)}\b", "", label.span.text_in(text), flags=re.IGNORECASE)
        return abs(_words_valence(rest)) < FLAT
    return abs(words) < FLAT


#: the adjective lexicon's subjectivity of a word that is an opinion, not a department's name
#: ("controversial" 0.95, "popular" 0.9; "general", "high" and "top" 0.5)
_OPINION = 0.8


#: heads that pick some of a group ("one of the alleged victims")
_PARTITIVE = frozenset({"one", "some", "many", "several", "most", "each", "all", "two", "three"})


def _one_of_the_harmed(text: str, label: Label, head: Span) -> bool:
    """Whether a descriptor picks the actor out of the harmed ("one of the alleged victims",
    a PTC article, had read negative): a partitive head with "of" and a ``[harmed]`` noun last."""
    words = _WORD.findall(head.text_in(text).lower())
    return label.head.lower() in _PARTITIVE and "of" in words and words[-1] in _associations().harmed


def _befell(text: str, label: Label) -> bool:
    """Whether a clause label tells only what befell the actor or the actor's own."""
    return (
        label.kind == "clause" and _associations().befell.search(label.span.text_in(text).strip()) is not None
    )


def _feeling(text: str, label: Label, head: Span) -> bool:
    """Whether a descriptor's core is a feeling about something else ("rightly scared of what
    his death may mean"): ``[feelings]`` of ``label_polarity.toml``."""
    return _associations().feeling.search(text, head.start, label.span.end) is not None


def read(text: str, label: Label, model: float | None) -> Reading:
    """The polarity of ``label`` given the tone model's signed reading of its focus in its
    sentence (``model``; None: read without the model)."""
    head, reading_from, words = _focused(text, label.span)
    lone = _lone_adjective(text, label, reading_from, words)
    words = words if lone is None else lone
    if label.kind == "title":
        return Reading(words, TITLE)
    if label.kind == "nickname":
        return Reading(words, NICKNAME)
    if model is None:
        base = Reading(words, WORDS)
    elif abs(words) >= EVALUATIVE:
        # "a brave reformist" is praise however grim the sentence it stands in ("The regime
        # abducted X, a brave reformist"): the model, trained on whole sentences, would give
        # it the sentence's mood, so clearly evaluative words weigh most
        base = Reading(WORDS_WEIGHT * words + (1 - WORDS_WEIGHT) * model, CONTEXT)
    elif lone and (0.5 * model + 0.5 * lone) * lone < 0:
        # a lone predicate word that judges by its own sign is never turned round by the
        # sentence's mood, which is what the model reads ("Iran is reasonable even in the face
        # of Washington's unreasonable provocations" had read negative)
        base = Reading(lone, WORDS_OVER_MOOD)
    else:
        base = Reading(0.5 * model + 0.5 * words, CONTEXT)
    if _feeling(text, label, head):
        # before the ties: "afraid of ISIS" ties nobody to ISIS
        return Reading(0.0, FEELING)
    if (
        label.head.lower() in _associations().harmed
        or _one_of_the_harmed(text, label, head)
        or _befell(text, label)
    ):
        # before the ties too: "a victim of ISIS" is no tie to ISIS
        return Reading(0.0, HARMED)
    if (tie := association(text, label)) is not None:
        sign, name = tie
        # the tie decides the side; the words and the sentence only how strongly
        pull = sign * (0.5 * base.signed + 0.5 * ASSOCIATION * sign)
        signed = sign * min(1.0, max(ASSOCIATION_FLOOR, pull))
        return Reading(signed, f"{TIED if sign < 0 else AGAINST} “{name}”")
    if reading_from == head and _office(label, words, text):
        return Reading(0.0, OFFICE)
    if _quoted(text, label.span, head):
        return Reading(0.0 if model is None else model, SCARE_QUOTES)
    if not _evaluative(label.span.text_in(text)):
        return Reading(0.0, PLAIN)
    if reading_from != head:
        return Reading(base.signed, CLAUSE)
    return base


def with_polarity(label: Label, reading: Reading | None) -> Label:
    """``label`` carrying ``reading`` as its polarity (None: no polarity)."""
    if reading is None:
        return replace(label, polarity=None, polarity_score=None, polarity_reason=None)
    return replace(
        label, polarity=reading.side, polarity_score=reading.signed, polarity_reason=reading.reason
    )


def words_only(text: str, labels: Sequence[Label]) -> tuple[Label, ...]:
    """Every descriptor with its reading without the model."""
    return tuple(with_polarity(lab, read(text, lab, None)) if scored(lab) else lab for lab in labels)


def target_spans(analysis: Analysis, label: Label) -> tuple[Span, Span] | None:
    """What the tone model reads for a descriptor: (its sentence or window, its focus within
    that window) in article offsets; None for a title or nickname (words only) or a focus
    outside its window."""
    if label.kind in _WORDS_ONLY:
        return None
    descriptor = focus(analysis.article.text, label.span)
    window = sentence_window(analysis.sentence_of(descriptor) or descriptor, descriptor)
    if not window.start <= descriptor.start < min(descriptor.end, window.end):
        return None
    return window, Span(descriptor.start, min(descriptor.end, window.end))


def target_query(analysis: Analysis, label: Label) -> tuple[str, int, int] | None:
    """``target_spans`` as the tone model's input: (window text, start, end) of the focus."""
    spans = target_spans(analysis, label)
    if spans is None:
        return None
    window, target = spans
    return window.text_in(analysis.article.text), target.start - window.start, target.end - window.start


def in_context(
    analysis: Analysis, label: Label, probs: np.ndarray | None, labels: Sequence[str]
) -> Reading | None:
    """The polarity of ``label`` given the model's distribution toward its focus (``probs``,
    columns named by ``labels``); None when the model should have read the label and could
    not (a focus outside its sentence window)."""
    text = analysis.article.text
    if label.kind in _WORDS_ONLY:
        return read(text, label, None)
    if probs is None:
        return None
    negative, positive = float(probs[labels.index("negative")]), float(probs[labels.index("positive")])
    return read(text, label, positive - negative)


def label_polarities(items: Sequence[tuple[Analysis, Label]]) -> list[tuple[str, float, str] | None]:
    """The polarity of each label in context, (negative|neutral|positive, signed score, reason),
    in input order, with the packaged model loaded here: for analyses stored before labels
    carried their polarity.  Every target goes to the model in one call, each sentence
    encoded once."""
    from framelens.tone import load_tone_model, target_distributions

    queries = [target_query(analysis, label) for analysis, label in items]
    asked = [q for q in queries if q is not None]
    probs = target_distributions(asked) if asked else np.zeros((0, 3), dtype=np.float32)
    names = load_tone_model().labels
    out: list[tuple[str, float, str] | None] = []
    row = 0
    for (analysis, label), query in zip(items, queries, strict=True):
        reading = in_context(analysis, label, probs[row] if query is not None else None, names)
        row += query is not None
        out.append(None if reading is None else (reading.side, reading.signed, reading.reason))
    return out
