"""What a comparison of several articles holds: linked actors, matrices, claim groups, findings.

These dataclasses live here rather than in ``framelens.models`` because they only exist
across articles: a single-article Analysis never carries them.  Every value that points
at text does so by (article id, Span), so the report can quote the exact words and an
HTML rendering can link each table cell to its highlighted span.

The report JSON (``framelens.report.build``, ``schemas/comparison.schema.json``) names
fields as ``framelens.flatten``'s rule does; where it departs, the field declares it
(``flat(...)``), and a test checks the schema against these fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from framelens.flatten import flat
from framelens.models import Analysis, Article, Evidence, Failure, Quantity, Span

#: version of the comparison report's JSON contract (framelens/schemas/comparison.schema.json)
COMPARISON_SCHEMA_VERSION = "1.0"

#: claim group statuses, from most to least notable
CLAIM_STATUSES = (
    "disputed",
    "numeric_disagreement",
    "date_disagreement",
    "opposite",
    "quote_attribution",
    "shared_quote",
    "agree",
    "only_in",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing seen across articles, worded as a candidate, with the spans that show it.

    ``kind`` names the detector (``disputed``, ``numeric_disagreement``, ``date_disagreement``,
    ``opposite``, ``quote_attribution``, ``only_in``, ``label_contrast``, ``unique_label``,
    ``unique_event_term``, ``tone_difference``, ``unique_source``);
    ``subject`` is the linked actor id or claim group id it is about, when there is one.
    """

    kind: str
    statement: str
    evidence: tuple[tuple[str, Span], ...]
    score: float
    subject: str | None = None
    #: the field of each ``evidence`` span, in order ("title": the headline's offsets); empty
    #: when every span is in the body text.  The report says it in each evidence item instead.
    evidence_fields: tuple[str | None, ...] = field(default=(), metadata=flat(json=None))

    def fields(self) -> tuple[str | None, ...]:
        """``evidence_fields`` as long as ``evidence`` (None: the body)."""
        return self.evidence_fields or (None,) * len(self.evidence)


@dataclass(frozen=True, slots=True)
class LinkedActor:
    """One person, organisation or country across the whole comparison.

    ``members`` are the per-article actors it was linked from, as (article id, local
    actor id); one article may contribute two local actors that the comparison joined.
    ``salience`` is summed over articles: an actor central to many pieces ranks first.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]
    members: tuple[tuple[str, str], ...] = field(metadata=flat(parts=("article", "local_id")))
    salience: float = field(metadata=flat(digits=4))
    mentions: int


@dataclass(frozen=True, slots=True)
class LabelUse:
    """One descriptor an article attaches to an actor, with its tone in context.

    ``polarity`` (negative, neutral, positive) and the signed ``polarity_score`` in [-1, 1]
    come from the tone model toward the descriptor in its sentence and the valence of the
    descriptor's words (stored by the analysis: ``framelens.tone.polarity``);
    ``only_here`` says no other article covering the actor uses the same head word.
    """

    #: the report lists label uses in their actor x article cell
    article_id: str = field(metadata=flat(json=None))
    span: Span
    text: str
    head: str
    kind: str
    polarity: str | None = None
    polarity_score: float | None = None
    #: the rule that decided ``polarity`` (``Label.polarity_reason``)
    polarity_reason: str | None = None
    only_here: bool = False
    #: "title" for a label of the headline (offsets into ``Article.title``), else None
    field: str | None = None
    #: who says it when the label lies inside a direct quote ("a quote" when nobody is
    #: named): the speaker's word, which the outlet reports, not the outlet's own
    quoted_by: str | None = None
    #: who is reported to say it when a predicate label lies inside an indirect quote ("He says
    #: that ... he is privy to information ..."): the outlet's paraphrase of the speaker's
    #: claim, not the outlet's own description ("an unnamed source" when nobody is named)
    reported_by: str | None = None


@dataclass(frozen=True, slots=True)
class WordChoiceCell:
    """One actor x article cell of the word-choice matrix (``mentions`` 0: the article is silent)."""

    actor_id: str = field(metadata=flat(json="actor"))
    article_id: str = field(metadata=flat(json="article"))
    mentions: int
    labels: tuple[LabelUse, ...] = ()


@dataclass(frozen=True, slots=True)
class EventTerm:
    """A word one article uses for an event (killed, assassinated, strike ...).

    ``family`` folds inflection and nominalisation (assassination -> assassinate) so that
    "only this article says it" is not triggered by a change of part of speech.
    ``arguments`` maps roles to linked actor ids.
    """

    #: the report lists event terms per article
    article_id: str = field(metadata=flat(json=None))
    span: Span
    text: str
    lemma: str
    family: str
    actor_id: str | None = field(metadata=flat(json="actor"))
    arguments: tuple[tuple[str, str], ...] = ()
    central: bool = False
    only_here: bool = False
    #: "title" for a term of the headline (offsets into ``Article.title``), else None
    field: str | None = None


@dataclass(frozen=True, slots=True)
class ToneCell:
    """Tone toward one linked actor in one article (signed score in [-1, 1], evidence sentences)."""

    actor_id: str = field(metadata=flat(json="actor"))
    article_id: str = field(metadata=flat(json="article"))
    label: str
    score: float
    #: the report's tone evidence names the article and leaves out the sentence label
    evidence: tuple[Evidence, ...] = field(default=(), metadata=flat(json_without=("label",)))
    #: the signal families that decided the portrayal (``ActorTone.decided_by``)
    decided_by: tuple[str, ...] = ()
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class ClaimMember:
    """One claim sentence of one article and what made it a claim.

    ``reasons``: quantity, attributed, assessment, date (it dates what happened: "the vote
    on Tuesday").  ``stance`` is the effective direction
    of its first evaluative cue (+1 strengthens, -1 weakens, after negation; 0 none);
    ``cue`` names that cue's class.  ``quantities`` are the counts it states.  ``negated``:
    the sentence negates in the outlet's own words (a negation inside a quote or a reported
    clause, "X denied it was involved", is the speaker's).  In a ``shared_quote`` or
    ``quote_attribution`` group, ``quote`` is the shared quote's span and ``speaker`` whom
    this article attributes it to (None: nobody named).
    """

    article_id: str = field(metadata=flat(json="article"))
    span: Span
    text: str
    reasons: tuple[str, ...]
    actors: tuple[str, ...] = ()
    #: the report gives each figure, with what it counts, not who says it or where and when
    quantities: tuple[Quantity, ...] = field(
        default=(), metadata=flat(json_without=("attribution", "kind", "place", "time"))
    )
    negated: bool = False
    stance: int = 0
    cue: str | None = None
    quote: Span | None = field(default=None, metadata=flat(verbatim="quote"))
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimPair:
    """Why two members of a group (indexes into ``ClaimGroup.members``) were put together.

    ``reason`` says how their figures or dates relate, when they do: "“603” lies within
    “hundreds of” (200–999)", "“Saturday” vs “Sunday” (publish)"; for ``disputed``, the
    words that dispute and the stance model's disagree probability (then ``first`` is the
    claim and ``second`` the sentence disputing it, and ``score`` that probability).
    """

    first: int
    second: int
    relation: str
    score: float
    similarity: float
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Statements of several articles about the same thing, and their candidate status.

    ``reason`` is the deciding pair's reason (figures, dates, the words that dispute, the
    speakers of a shared quote), also worded in ``statement``.
    """

    id: str
    status: str
    score: float
    statement: str
    members: tuple[ClaimMember, ...]
    pairs: tuple[ClaimPair, ...] = ()
    reason: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.members))


@dataclass(frozen=True, slots=True)
class SourceUse:
    """Who an article quotes, how (direct or indirect) and how often."""

    article_id: str = field(metadata=flat(json="article"))
    speaker: str
    speaker_id: str | None
    speaker_type: str
    role: str | None
    affiliation: str | None
    kind: str
    count: int
    spans: tuple[Span, ...] = field(default=(), metadata=flat(json="quotes"))


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """Per-article source mix: counts, distinct speakers, cited organisations and diversity.

    ``diversity`` is the normalised Shannon entropy of quotes over speakers (0: one voice
    or none, 1: every quote from a different speaker); ``media``: the cited organisations
    that are news media ("the BBC reported"), a part of ``organisations``.
    """

    article_id: str = field(metadata=flat(json="article"))
    direct: int
    indirect: int
    unattributed: int
    speakers: int
    organisations: tuple[str, ...]
    cited: tuple[tuple[str, Span], ...]
    diversity: float
    media: tuple[str, ...] = ()
    #: attributed quotes whose speaker is unnamed ("officials said", "analysts say"): the
    #: anonymous-source share media critics count is ``unnamed / (direct + indirect)``
    unnamed: int = 0


@dataclass(frozen=True, slots=True)
class ArticleOverview:
    """One row of the overview table."""

    article_id: str = field(metadata=flat(json="article"))
    label: str
    chars: int
    words: int
    actors: int
    quotes: int
    quantities: int
    tone_label: str | None
    tone_score: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything compared across the given articles; the report JSON is built from this alone.

    ``links`` maps (article id, local actor id) to the linked actor id.  ``message`` is
    set when there is nothing to compare (one article) or something the user should
    know; ``failures`` are inputs that gave no article.
    """

    #: the report's articles carry their text with highlights, not what was removed or the links
    articles: tuple[Article, ...] = field(metadata=flat(json_without=("removed", "links")))
    #: the report's highlights, techniques and frames are built from the analyses
    analyses: tuple[Analysis, ...] = field(metadata=flat(json=None))
    actors: tuple[LinkedActor, ...]
    findings: tuple[Finding, ...] = ()
    word_choice: tuple[WordChoiceCell, ...] = ()
    event_terms: tuple[EventTerm, ...] = field(default=(), metadata=flat(grouped_under="terms"))
    tones: tuple[ToneCell, ...] = ()
    claims: tuple[ClaimGroup, ...] = ()
    sources: tuple[SourceUse, ...] = ()
    source_summaries: tuple[SourceSummary, ...] = ()
    overview: tuple[ArticleOverview, ...] = ()
    #: the report names each highlight's linked actor instead
    links: Mapping[tuple[str, str], str] = field(default_factory=dict, metadata=flat(json=None))
    message: str | None = None
    failures: tuple[Failure, ...] = ()
    notes: tuple[str, ...] = ()

    def actor(self, actor_id: str) -> LinkedActor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def findings_of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]
