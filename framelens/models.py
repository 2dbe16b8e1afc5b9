"""The central data model: one set of immutable dataclasses flows through every stage.

Every finding points into ``Article.text`` by character offsets, so evidence can
always be shown verbatim.  ``to_dict``/``from_dict`` give the JSON contract that the
CLI, the store and the reports share; field names there are relied on elsewhere,
so extend them, never rename them.  The JSON form, the store's columns and rows and the
check of ``schemas/analysis.schema.json`` all follow from the fields by the one rule of
``framelens.flatten``; where a record departs from it, the field says so (``flat(...)``).
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from framelens.flatten import ExactRecord, FieldTexts, Record, flat, to_json

SCHEMA_VERSION = "1.0"


def normalise_for_id(text: str) -> str:
    """The form of a text that its id is computed from.

    Case and whitespace are folded so that the same article read from a page and
    from a text dump gets the same id.
    """
    # str.split() splits on the characters str.isspace accepts, the same set as the regex
    # \s+ that this used to be (same ids), and is several times faster on long texts
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of SHA-256 of its normalised text."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span(ExactRecord):
    """A half-open range of character offsets into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """Whether the two ranges share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Removed(ExactRecord):
    """A piece of the input that is not in ``Article.text``, and why.

    Kept so that a user can audit the cleaner: nothing is dropped silently.
    ``reason`` is a short machine-readable tag (``navigation``, ``share-prompt``,
    ``disclaimer``, ``byline`` ...); ``detail`` says which rule fired.
    """

    text: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Link(ExactRecord):
    """A hyperlink of the input: its anchor text and target (targets are metadata, never text)."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Article(ExactRecord):
    """One clean article: the body text and what is known about where it came from."""

    id: str
    source: str
    #: the JSON and the store give the text after the metadata
    text: str = field(metadata=flat(place="after language"))
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    paragraphs: tuple[Span, ...] = ()
    #: stores of schema version 1 allow NULL here (read as none)
    removed: tuple[Removed, ...] = field(default=(), metadata=flat(nullable=True))
    links: tuple[Link, ...] = field(default=(), metadata=flat(nullable=True))

    @property
    def paragraph_texts(self) -> list[str]:
        return [p.text_in(self.text) for p in self.paragraphs]

    def field_text(self, name: str | None) -> str:
        """The text a record's ``field`` points into: the headline for "title", else the body."""
        return (self.title or "") if name == "title" else self.text

    def texts(self) -> FieldTexts:
        """The body text carrying the headline too, for the JSON and store writers."""
        return FieldTexts(self.text, title=self.title or "")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that gave no article, with a one-line reason a user can act on.

    Readers return these instead of raising, so one bad file never stops a batch.
    """

    source: str
    problem: str

    def message(self) -> str:
        return f"{self.source}: {self.problem}"


# --- per-article analysis ------------------------------------------------------------
# Each finding carries a Span into Article.text; ``to_dict(text)`` adds the verbatim text
# so that JSON consumers never need to slice.


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """One mention of an actor.  ``kind``: name, alias, acronym, title, demonym, pronoun, nominal.

    ``tone`` (negative, neutral, positive) and the signed ``tone_score`` in [-1, 1]
    (P(positive) - P(negative)) are how the mention's sentence speaks about it, from the
    tone stage; None when the tone stage did not run or the mention crosses a sentence end.
    """

    span: Span
    #: the JSON lists mentions under their actor; the store keys them by it
    actor_id: str = field(metadata=flat(json=None, key=True))
    kind: str
    tone: str | None = None
    tone_score: float | None = field(default=None, metadata=flat(digits=4))
    #: where the span points: None for ``Article.text`` (the body), "title" for ``Article.title``
    #: (the headline is analysed with the body, ``framelens.headline``).  Declared last: the
    #: name hides ``dataclasses.field`` for the rest of the class body.
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Actor(Record):
    """A person, organisation, country/place or group, resolved within one article (or a comparison).

    ``type``: person, organisation, country, place, group, decided by a vote over all
    mentions (tags, titles, the country table and the roles the text gives the name; see
    ``type_reason``).  ``salience`` holds the mention count, the first position and
    presence in title/lead.
    """

    id: str = field(metadata=flat(column="actor_id"))
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), metadata=flat(table="mentions", count="mention_count"))
    salience: float = field(default=0.0, metadata=flat(digits=4))
    first_position: int = 0
    in_title: bool = False
    in_lead: bool = False
    #: what decided ``type``: the evidence for it ("tagged PERSON ×3; an age after the name
    #: (“32”)"), so a reader can check a type as any other finding
    type_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Label(Record):
    """Word choice: a descriptor attached to an actor, or a term naming a central event.

    ``kind``: apposition, predicate, modifier, title, clause, nickname, event, loaded (an
    evaluative word aimed at the actor, ``framelens.stages._loaded_words``).
    For events, ``actor_id`` is the most salient participant and ``arguments`` maps
    roles (agent, patient) to actor ids when the parse has them.  A descriptor's
    ``polarity`` (negative, neutral, positive) and signed ``polarity_score`` in [-1, 1] are
    its tone in context (``framelens.tone.polarity``), ``polarity_reason`` the rule that
    decided it; event terms have none; a loaded word's is its polarity toward the actor,
    signed by the model's probability that it is loaded.
    """

    span: Span
    actor_id: str | None = field(metadata=flat(json="actor", json_place="first"))
    head: str
    kind: str
    arguments: tuple[tuple[str, str], ...] = ()
    polarity: str | None = None
    polarity_score: float | None = field(default=None, metadata=flat(digits=4))
    #: the rule that decided ``polarity`` (``framelens.tone.polarity``: "office or rank",
    #: "ties the actor to “al-Qaeda”", "its words in its sentence", ...)
    polarity_reason: str | None = None
    #: where the span points: None for ``Article.text`` (the body), "title" for ``Article.title``
    #: (the headline is analysed with the body, ``framelens.headline``).  Declared last: the
    #: name hides ``dataclasses.field`` for the rest of the class body.
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """Speech in the article.  ``kind``: direct, indirect or scare (quoted phrase, no speaker)."""

    span: Span
    kind: str = field(metadata=flat(json_place="first"))
    #: the JSON gives the cue's words too, as ``cue``
    cue: Span | None = field(default=None, metadata=flat(verbatim="cue"))
    speaker_id: str | None = field(default=None, metadata=flat(json="speaker"))
    speaker_name: str | None = None
    speaker_span: Span | None = None
    role: str | None = None
    no_speaker_reason: str | None = None
    #: which layer decided the cue: "rules" (the quotes stage's word lists and patterns) or
    #: "model" (its learned cue gate, ``framelens.stages._quote_model``); None without a cue
    cue_source: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity(Record):
    """A number the article asserts, normalised, with what it counts and who says so.

    ``kind``: count, percent, money, date, duration, other.  ``approx`` is the
    approximator as written ("more than", "nearly") or None.
    """

    span: Span
    value: float | None
    low: float | None
    high: float | None
    approx: str | None = None
    counted: str | None = None
    predicate: str | None = None
    attribution: str | None = None
    kind: str = "count"
    place: str | None = None
    time: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence(Record):
    """A sentence (or span) that supports a finding, with its verbatim text and a score."""

    span: Span
    score: float = field(default=0.0, metadata=flat(digits=4))
    label: str | None = None
    #: where the span points: None for ``Article.text`` (the body), "title" for ``Article.title``
    #: (the headline is analysed with the body, ``framelens.headline``).  Declared last: the
    #: name hides ``dataclasses.field`` for the rest of the class body.
    field: str | None = None


@dataclass(frozen=True, slots=True)
class ActorTone(Record):
    """How one article portrays one actor (``framelens.tone.portrayal``).

    ``label`` and the signed ``score`` in [-1, 1] (P(positive) - P(negative) of the portrayal
    model, so outlets can be placed on one axis around a neutral 0) weigh every signal of
    the article: the tone of the sentences naming the actor, the labels attached to it, its
    role in the events, quoted speech about it, its voice and the headline.  ``decided_by``
    names the signal families that decided the label and ``evidence`` holds their spans
    (each evidence's ``label`` is its family).  ``distribution`` is the mean target-tone
    distribution (negative, neutral, positive) over the actor's mention sentences, and
    ``sentences`` their number.
    """

    actor_id: str = field(metadata=flat(json="actor"))
    label: str
    score: float = field(metadata=flat(digits=4))
    evidence: tuple[Evidence, ...] = field(default=(), metadata=flat(place="last"))
    distribution: tuple[float, float, float] = field(
        default=(0.0, 1.0, 0.0),
        metadata=flat(parts=("negative", "neutral", "positive"), digits=4, column="p"),
    )
    sentences: int = 0
    #: the probability of ``label`` under the portrayal model (None: stored before it existed)
    confidence: float | None = field(default=None, metadata=flat(digits=4))
    #: the signal families that decided the label, strongest first (``framelens.tone.portrayal``)
    decided_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Technique(Record):
    """A persuasion technique used in a span, with the cue that triggered it."""

    span: Span
    name: str = field(metadata=flat(json="technique"))
    score: float
    cue: str


@dataclass(frozen=True, slots=True)
class Frame(Record):
    """A generic news frame's share of the article, with the sentences that carry it."""

    name: str
    score: float = field(metadata=flat(digits=4))
    evidence: tuple[Evidence, ...] = field(default=(), metadata=flat(column_place="last"))
    #: how the score was obtained, stated in the output (e.g. a lexicon method with no accuracy claim)
    method: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article's result.  Stages return a new Analysis (``dataclasses.replace``)."""

    #: the store keeps the article in its own table, the results in one table per kind
    article: Article = field(metadata=flat(column=None))
    actors: tuple[Actor, ...] = field(default=(), metadata=flat(table="actors"))
    labels: tuple[Label, ...] = field(default=(), metadata=flat(table="labels"))
    quotes: tuple[Quote, ...] = field(default=(), metadata=flat(table="quotes"))
    quantities: tuple[Quantity, ...] = field(default=(), metadata=flat(table="quantities"))
    tones: tuple[ActorTone, ...] = field(default=(), metadata=flat(table="tones"))
    techniques: tuple[Technique, ...] = field(default=(), metadata=flat(table="techniques"))
    frames: tuple[Frame, ...] = field(default=(), metadata=flat(table="frames"))
    #: sentence bounds are kept for the store (compare reads them), not given in the JSON
    sentences: tuple[Span, ...] = field(default=(), metadata=flat(json=None))
    provenance: tuple[tuple[str, str], ...] = field(
        default=(), metadata=flat(parts=("stage", "version"), column_place="first")
    )

    @property
    def mentions(self) -> list[Mention]:
        """The body's mentions in text order (offsets into ``article.text``); the headline's,
        ``field`` "title", are in each actor's ``mentions`` only."""
        return sorted((m for a in self.actors for m in a.mentions if not m.field), key=lambda m: m.span.start)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def sentence_index(self, offset: int) -> int:
        """The index in ``sentences`` of the last sentence starting at or before character
        ``offset``, or -1 when none does (found by bisection: sentences are in text order)."""
        return bisect.bisect_right(self.sentences, offset, key=lambda s: s.start) - 1

    def sentence_of(self, span: Span) -> Span | None:
        """The sentence holding ``span`` whole, as spaCy's ``Span.sent``; None when the span
        crosses the end of its sentence or starts before the first one."""
        i = self.sentence_index(span.start)
        if i >= 0 and span.end <= self.sentences[i].end:
            return self.sentences[i]
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of one analysis (``analysis.schema.json``), ``schema_version`` first."""
        return {"schema_version": SCHEMA_VERSION, **to_json(self, self.article.texts())}
