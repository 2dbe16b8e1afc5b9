"""The central data model: one set of immutable dataclasses flows through every stage.

Every finding points into ``Article.text`` by character offsets, so evidence can
always be shown verbatim.  ``to_dict``/``from_dict`` give the JSON contract that the
CLI, the store and the reports share; field names there are relied on elsewhere,
so extend them, never rename them.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

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
class Span:
    """A half-open range of character offsets into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input that is not in ``Article.text``, and why.

    Kept so that a user can audit the cleaner: nothing is dropped silently.
    ``reason`` is a short machine-readable tag (``navigation``, ``share-prompt``,
    ``disclaimer``, ``byline`` ...); ``detail`` says which rule fired.
    """

    text: str
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason, "detail": self.detail}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removed:
        return cls(str(data["text"]), str(data["reason"]), str(data.get("detail", "")))


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink of the input: its anchor text and target (targets are metadata, never text)."""

    text: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "url": self.url}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(str(data["text"]), str(data["url"]))


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article: the body text and what is known about where it came from."""

    id: str
    source: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    paragraphs: tuple[Span, ...] = ()
    removed: tuple[Removed, ...] = ()
    links: tuple[Link, ...] = field(default=())

    @property
    def paragraph_texts(self) -> list[str]:
        return [p.text_in(self.text) for p in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "removed": [r.to_dict() for r in self.removed],
            "links": [link.to_dict() for link in self.links],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=str(data["id"]),
            source=str(data["source"]),
            text=str(data["text"]),
            url=data.get("url"),
            outlet=data.get("outlet"),
            title=data.get("title"),
            authors=tuple(data.get("authors") or ()),
            published=data.get("published"),
            language=data.get("language"),
            paragraphs=tuple(Span.from_dict(p) for p in data.get("paragraphs") or ()),
            removed=tuple(Removed.from_dict(r) for r in data.get("removed") or ()),
            links=tuple(Link.from_dict(link) for link in data.get("links") or ()),
        )


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
# Each finding carries a Span into Article.text; ``to_dict`` adds the verbatim text so
# that JSON consumers never need to slice.


def _span_dict(span: Span, text: str) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text_in(text)}


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an actor.  ``kind``: name, alias, acronym, title, demonym, pronoun, nominal."""

    span: Span
    actor_id: str
    kind: str

    def to_dict(self, text: str) -> dict[str, Any]:
        return {**_span_dict(self.span, text), "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, country/place or group, resolved within one article (or a comparison).

    ``type``: person, organisation, country, place, group.  ``salience`` holds the
    mention count, the first position and presence in title/lead.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    salience: float = 0.0
    first_position: int = 0
    in_title: bool = False
    in_lead: bool = False

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict(text) for m in self.mentions],
            "mention_count": len(self.mentions),
            "salience": round(self.salience, 4),
            "first_position": self.first_position,
            "in_title": self.in_title,
            "in_lead": self.in_lead,
        }


@dataclass(frozen=True, slots=True)
class Label:
    """Word choice: a descriptor attached to an actor, or a term naming a central event.

    ``kind``: apposition, predicate, modifier, title, clause, nickname, event.
    For events, ``actor_id`` is the most salient participant and ``arguments`` maps
    roles (agent, patient) to actor ids when the parse has them.
    """

    span: Span
    actor_id: str | None
    head: str
    kind: str
    arguments: tuple[tuple[str, str], ...] = ()

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "actor": self.actor_id,
            **_span_dict(self.span, text),
            "head": self.head,
            "kind": self.kind,
            "arguments": dict(self.arguments),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """Speech in the article.  ``kind``: direct, indirect or scare (quoted phrase, no speaker)."""

    span: Span
    kind: str
    cue: Span | None = None
    speaker_id: str | None = None
    speaker_name: str | None = None
    speaker_span: Span | None = None
    role: str | None = None
    no_speaker_reason: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **_span_dict(self.span, text),
            "cue": self.cue.text_in(text) if self.cue else None,
            "cue_start": self.cue.start if self.cue else None,
            "cue_end": self.cue.end if self.cue else None,
            "speaker": self.speaker_id,
            "speaker_name": self.speaker_name,
            "speaker_start": self.speaker_span.start if self.speaker_span else None,
            "speaker_end": self.speaker_span.end if self.speaker_span else None,
            "role": self.role,
            "no_speaker_reason": self.no_speaker_reason,
        }


@dataclass(frozen=True, slots=True)
class Quantity:
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

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            **_span_dict(self.span, text),
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "approx": self.approx,
            "counted": self.counted,
            "predicate": self.predicate,
            "attribution": self.attribution,
            "kind": self.kind,
            "place": self.place,
            "time": self.time,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence (or span) that supports a finding, with its verbatim text and a score."""

    span: Span
    score: float = 0.0
    label: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {**_span_dict(self.span, text), "score": round(self.score, 4), "label": self.label}


@dataclass(frozen=True, slots=True)
class ActorTone:
    """Tone toward one actor in one article: aggregated from target-dependent tone per mention.

    ``score`` is signed, in [-1, 1]: the mean over the actor's mention sentences of
    P(positive) - P(negative), so outlets can be placed on one axis around a neutral 0.
    ``label`` is the most probable class of the mean distribution
    (``distribution`` = mean probabilities of negative, neutral, positive), and
    ``sentences`` the number of distinct sentences it was computed from.
    """

    actor_id: str
    label: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    distribution: tuple[float, float, float] = (0.0, 1.0, 0.0)
    sentences: int = 0

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "actor": self.actor_id,
            "label": self.label,
            "score": round(self.score, 4),
            "distribution": {
                name: round(p, 4)
                for name, p in zip(("negative", "neutral", "positive"), self.distribution, strict=True)
            },
            "sentences": self.sentences,
            "evidence": [e.to_dict(text) for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Technique:
    """A persuasion technique used in a span, with the cue that triggered it."""

    span: Span
    name: str
    score: float
    cue: str

    def to_dict(self, text: str) -> dict[str, Any]:
        return {**_span_dict(self.span, text), "technique": self.name, "score": self.score, "cue": self.cue}


@dataclass(frozen=True, slots=True)
class Frame:
    """A generic news frame's share of the article, with the sentences that carry it."""

    name: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    #: how the score was obtained, stated in the output (e.g. a lexicon method with no accuracy claim)
    method: str = ""

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": round(self.score, 4),
            "evidence": [e.to_dict(text) for e in self.evidence],
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article's result.  Stages return a new Analysis (``dataclasses.replace``)."""

    article: Article
    actors: tuple[Actor, ...] = ()
    labels: tuple[Label, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    tones: tuple[ActorTone, ...] = ()
    techniques: tuple[Technique, ...] = ()
    frames: tuple[Frame, ...] = ()
    sentences: tuple[Span, ...] = ()
    provenance: tuple[tuple[str, str], ...] = ()

    @property
    def mentions(self) -> list[Mention]:
        return sorted((m for a in self.actors for m in a.mentions), key=lambda m: m.span.start)

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
        text = self.article.text
        return {
            "schema_version": SCHEMA_VERSION,
            "article": self.article.to_dict(),
            "actors": [a.to_dict(text) for a in self.actors],
            "labels": [lab.to_dict(text) for lab in self.labels],
            "quotes": [q.to_dict(text) for q in self.quotes],
            "quantities": [q.to_dict(text) for q in self.quantities],
            "tones": [t.to_dict(text) for t in self.tones],
            "techniques": [t.to_dict(text) for t in self.techniques],
            "frames": [f.to_dict(text) for f in self.frames],
            "provenance": [{"stage": n, "version": v} for n, v in self.provenance],
        }
