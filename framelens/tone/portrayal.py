"""How an article portrays each actor: one label, score and confidence from all it does to the actor.

A reader judges an outlet's stance toward an actor from more than the mood of the
sentences that name it: the labels the outlet attaches ("a war criminal"), the role it
gives the actor in what happened (blamed for, killed by, credited with), whether the hard
words are the outlet's own or a quoted opponent's ("Neutral reporting of a hostile quote
is not the outlet's hostility"), whether the actor is given a voice, and the headline.
Each of these is a *signal* here, computed from the analysis and the parse; a linear model
trained on article-level human judgements (BASIL's author feeling toward main entities and
PerSenT's author sentiment, see ``framelens.train.portrayal``) weighs them.  The
signals that pushed the decision most are named with their evidence, so a reader sees why.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from framelens.model_files import ModelFiles, read_model_files, write_model_files
from framelens.models import Actor, Analysis, Evidence, Span
from framelens.text.entity_types import PLACE_ENTITIES
from framelens.text.windows import sentence_window
from framelens.tone.features import sentence_vader
from framelens.tone.polarity import POLARITY_BAND, UNSIGNED_REASON

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LABELS = ("negative", "neutral", "positive")
RETRAIN = (
    "python -m framelens.train.portrayal --basil ../shared/data/basil-dev "
    "--persent ../shared/data/persent/dev.csv"
)

#: the signals, in the order of the feature vector; the part before ":" is the signal's family
FEATURES = (
    "mentions:narrator_mean",
    "mentions:narrator_negative",
    "mentions:narrator_positive",
    "mentions:narrator_min",
    "mentions:narrator_max",
    "mentions:narrator_count",
    "mentions:narrator_lean",
    "quoted:mean",
    "quoted:share",
    "labels:negative",
    "labels:positive",
    "loaded:negative",
    "loaded:positive",
    "role:judged",
    "role:harmed",
    "role:harms",
    "role:credited",
    "role:praised",
    "voice:quotes",
    "prominence:mentions",
    "prominence:in_title",
    "prominence:in_lead",
    "headline:vader",
    "sentences:vader",
)
#: label kinds that are not the ``labels`` signal: event terms, ranks, and loaded words (a
#: signal of their own, ``loaded``: a word aimed at the actor is weaker evidence than a label
#: the outlet attaches, and the model weighs it apart)
_NOT_LABELS = frozenset({"event", "title", "loaded"})
_SUBJECT = frozenset({"nsubj", "csubj"})
_PATIENT = frozenset({"dobj", "nsubjpass", "obj", "dative"})
_SPEECH = frozenset({"say", "tell", "add", "state", "claim", "write", "ask", "note", "argue", "report"})


@functools.cache
def role_lexicon() -> dict[str, frozenset[str]]:
    """Verb classes (judge, harm, credit, praise) from resources/portrayal/roles.toml."""
    raw = tomllib.loads(
        (resources.files("framelens.resources") / "portrayal" / "roles.toml").read_text("utf-8")
    )
    return {name: frozenset(words) for name, words in raw.items()}


@dataclass(frozen=True, slots=True)
class Signals:
    """One actor's signal values in one article, with the spans behind each family."""

    values: np.ndarray
    evidence: Mapping[str, tuple[Evidence, ...]]


def _quote_spans(analysis: Analysis, actor_ids: frozenset[str]) -> tuple[list[Span], int]:
    """Spans of speech by others than the actor, and how many quotes the actor is given."""
    others, own = [], 0
    for quote in analysis.quotes:
        if quote.speaker_id is not None and quote.speaker_id in actor_ids:
            own += 1
        elif quote.kind != "scare":
            others.append(quote.span)
    return others, own


def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def mention_root(doc: Doc, span: Span) -> Token | None:
    """The head token of the words a mention spans (None: no token there)."""
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    return piece.root if piece is not None and len(piece) else None


def _role(token: Token) -> tuple[str, Token] | None:
    """("agent" | "patient", verb or act noun) for a mention's head token, or None:
    the subject or "by" agent of a verb, its object or passive subject, the possessor of an
    act noun ("X's attack") or what follows "of" ("the assassination of X")."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in _TARGETING:
        if head.head.pos_ == "NOUN":
            # "the assassination of X"; "the smear against X", "lies about X"
            return "patient", head.head
        if head.head.pos_ == "VERB" and head.lower_ != "of":
            # "printing lies about X": the parser hangs the target on the verb of the act noun
            objects = (c for c in head.head.children if c.dep_ in {"dobj", "obj"} and c.pos_ == "NOUN")
            if (act := next(objects, None)) is not None:
                return "patient", act
    if token.dep_ == "poss" and head.pos_ == "NOUN":
        return "agent", head
    if token.dep_ in _SUBJECT and head.pos_ in {"VERB", "AUX"}:
        return "agent", head
    if token.dep_ in _PATIENT and head.pos_ == "VERB":
        return "patient", head
    if token.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent" and head.head.pos_ == "VERB":
        return "agent", head.head
    return None


#: prepositions that name what an act noun is done to
_TARGETING = frozenset({"of", "against", "on", "about"})

#: objects that deny the act: "won nothing", "won no concessions"
_NONE = frozenset({"nothing", "none", "nobody", "no one"})


def _negated(verb: Token) -> bool:
    """Whether the act is denied: "not", or nothing for its object ("he won nothing concrete")."""
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in {"dobj", "obj"} and (
            child.lower_ in _NONE or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
        ):
            return True
    return False


#: auxiliaries that make an act a guess, a hope or a duty instead of something that happened
_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "'d", "’d"})


def _presented(verb: Token) -> bool:
    """Whether the article asserts the act: not a bare participle ("commentators blaming X",
    "wary of critics accusing X"), which names someone else's act, often to dispute it; nor
    an act under a modal ("by describing the listing as a priority he could help to sway
    the Saudis", "Republicans were so sure that Mr. Cantor would win"), which did not happen."""
    if any(child.dep_ == "aux" and child.lower_ in _MODALS for child in verb.children):
        return False
    return not (verb.tag_ == "VBG" and not any(child.dep_ in {"aux", "auxpass"} for child in verb.children))


_PERSONAL = frozenset({"PERSON", "ORG", "NORP"})
#: actor types that can be defended as one takes a side
_SOMEONE = frozenset({"person", "organisation", "group"})


def _speaks_for_someone(verb: Token, stands: frozenset[str], actors: Sequence[Actor]) -> bool:
    """Whether a credit verb is a stand taken for someone (``stands``, ``roles.toml``: "Rep.
    Davis defended Nation of Islam leader Louis Farrakhan", "Schiff defended himself"): what
    the article reports of the defender is whose side they took, which the outlet may praise
    or damn, not a deed ("defended the city", "will defend his title").  ``actors``: the
    article's, whose persons, organisations and groups count as someone."""
    if verb.lemma_.lower() not in stands:
        return False
    for child in verb.children:
        if child.dep_ in {"dobj", "obj"}:
            # the one defended, or the name beside its noun ("the cleric Ivo Reyl"); a place
            # defended is a deed ("troops defended Baghdad")
            named = [child, *(c for c in child.children if c.dep_ in {"appos", "compound"})]
            people = {m.span.start for a in actors if a.type in _SOMEONE for m in a.mentions if not m.field}
            return child.pos_ == "PRON" or any(
                any(w.idx in people for w in t.subtree)  # a person the article names
                or t.ent_type_ in _PERSONAL
                or (t.pos_ == "PROPN" and t.ent_type_ not in PLACE_ENTITIES)
                for t in named
            )
    return False


def signals(analysis: Analysis, doc: Doc | None, actor_ids: Iterable[str]) -> Signals:
    """The signal values of FEATURES for the actor(s) ``actor_ids`` (one real-world actor the
    article may have split) in ``analysis``; ``doc`` is its parse (roles need it; None: no roles)."""
    ids = frozenset(actor_ids)
    actors = [a for a in analysis.actors if a.id in ids]
    mentions = [m for a in actors for m in a.mentions]
    reported, own_quotes = _quote_spans(analysis, ids)
    value = dict.fromkeys(FEATURES, 0.0)
    evidence: dict[str, list[Evidence]] = {}

    narrator: dict[int, list[float]] = {}
    quoted: dict[int, list[float]] = {}
    shown: dict[int, Span] = {}  # the evidence span of a sentence: the window the model read
    for m in mentions:
        if m.tone_score is None:
            continue
        bucket = quoted if _inside(m.span, reported) else narrator
        index = analysis.sentence_index(m.span.start)
        bucket.setdefault(index, []).append(m.tone_score)
        if index not in shown and 0 <= index < len(analysis.sentences):
            shown[index] = sentence_window(analysis.sentences[index], m.span)
    narr = [float(np.mean(v)) for v in narrator.values()]
    quot = [float(np.mean(v)) for v in quoted.values()]
    if narr:
        value["mentions:narrator_mean"] = float(np.mean(narr))
        value["mentions:narrator_negative"] = sum(s < -POLARITY_BAND for s in narr) / len(narr)
        value["mentions:narrator_positive"] = sum(s > POLARITY_BAND for s in narr) / len(narr)
        value["mentions:narrator_min"] = min(narr)
        value["mentions:narrator_max"] = max(narr)
        value["mentions:narrator_count"] = math.log1p(len(narr))
        # the mean lean grown with the evidence for it: many sentences leaning one way say
        # more than one or two, and no count pushes an actor either way on its own
        value["mentions:narrator_lean"] = value["mentions:narrator_mean"] * math.log1p(len(narr))
    if quot:
        value["quoted:mean"] = float(np.mean(quot))
        value["quoted:share"] = len(quot) / (len(quot) + len(narr))
    sentence_ev = [
        Evidence(shown[i], round(float(np.mean(scores)), 4), "mentions")
        for i, scores in narrator.items()
        if i in shown
    ]
    evidence["mentions"] = sorted(sentence_ev, key=lambda e: -abs(e.score))[:3]
    quoted_ev = [
        Evidence(shown[i], round(float(np.mean(s)), 4), "quoted") for i, s in quoted.items() if i in shown
    ]
    evidence["quoted"] = sorted(quoted_ev, key=lambda e: -abs(e.score))[:2]

    sides = {"labels": [0.0, 0.0], "loaded": [0.0, 0.0]}
    found_ev: dict[str, list[Evidence]] = {"labels": [], "loaded": []}
    for label in analysis.labels:
        if label.actor_id not in ids or label.polarity_score is None:
            continue
        family = "loaded" if label.kind == "loaded" else None if label.kind in _NOT_LABELS else "labels"
        if family is None or _inside(label.span, reported):
            continue  # an opponent's epithet in a quote is not the outlet's label
        if family == "loaded" and (label.polarity_reason or "").startswith(UNSIGNED_REASON):
            # a sign no lexicon gave is a default, right for most loaded words but wrong for
            # words of strength and success ("the much larger and more formidable Iran" had made
            # Global Research read negative toward Iran): shown to the reader, never a reason
            continue
        score = label.polarity_score
        if score <= -POLARITY_BAND:
            sides[family][0] += -score
        elif score >= POLARITY_BAND:
            sides[family][1] += score
        else:
            continue
        found_ev[family].append(Evidence(label.span, round(score, 4), family))
    for family, (neg, pos) in sides.items():
        value[f"{family}:negative"] = math.log1p(neg)
        value[f"{family}:positive"] = math.log1p(pos)
        evidence[family] = sorted(found_ev[family], key=lambda e: -abs(e.score))[:3]

    if doc is not None:
        cues = frozenset(q.cue.start for q in analysis.quotes if q.cue is not None)
        role_ev = _roles(doc, mentions, reported, cues, value, analysis.actors)
        evidence["role"] = role_ev[:3]

    value["voice:quotes"] = math.log1p(own_quotes)
    value["prominence:mentions"] = math.log1p(len(mentions))
    value["prominence:in_title"] = float(any(a.in_title for a in actors))
    value["prominence:in_lead"] = float(any(a.in_lead for a in actors))
    title = analysis.article.title or ""
    if title and value["prominence:in_title"]:
        value["headline:vader"] = sentence_vader(title)["compound"]
    own_sentences = sorted(set(narrator))
    if own_sentences:
        value["sentences:vader"] = float(
            np.mean(
                [_sentence_vader(analysis, i) for i in own_sentences if 0 <= i < len(analysis.sentences)]
                or [0.0]
            )
        )
    return Signals(
        np.array([value[name] for name in FEATURES], dtype=np.float64),
        {family: tuple(ev) for family, ev in evidence.items() if ev},
    )


def _sentence_vader(analysis: Analysis, index: int) -> float:
    span = analysis.sentences[index]
    return _cached_vader(analysis.article.text[span.start : span.end])


@functools.lru_cache(maxsize=8192)
def _cached_vader(sentence: str) -> float:
    return float(sentence_vader(sentence)["compound"])


def _roles(
    doc: Doc,
    mentions: Sequence[Any],
    reported: Sequence[Span],
    cues: frozenset[int],
    value: dict[str, float],
    actors: Sequence[Actor] = (),
) -> list[Evidence]:
    """Count the roles the narrator gives the actor; the verbs are the evidence.  ``actors``:
    the article's (whom a stand was taken for, ``_speaks_for_someone``)."""
    lex = role_lexicon()
    out: list[Evidence] = []
    seen: set[int] = set()
    for m in mentions:
        token = mention_root(doc, m.span)
        if token is None or (found := _role(token)) is None:
            continue
        role, verb = found
        # inside someone's reported words the role is theirs, not the outlet's, unless the
        # verb is itself the reporting cue ("critics blamed X for ..." reports the blame)
        if _inside(m.span, reported) and verb.idx not in cues:
            continue
        if verb.i in seen or _negated(verb) or not _presented(verb) or verb.lemma_.lower() in _SPEECH:
            continue
        seen.add(verb.i)
        lemma = verb.lemma_.lower()
        span = Span(verb.idx, verb.idx + len(verb.text))
        if verb.pos_ == "NOUN":
            noun = lemma
            if noun in lex["judge_nouns"] and role == "patient":
                key, score = "role:judged", -1.0
            elif noun in lex["wrong_nouns"]:
                key, score = ("role:harmed", 1.0) if role == "patient" else ("role:harms", -1.0)
            else:
                continue
        elif role == "patient" and lemma in lex["judge"]:
            key, score = "role:judged", -1.0
        elif lemma in lex["wrong"]:
            key, score = ("role:harmed", 1.0) if role == "patient" else ("role:harms", -1.0)
        elif (
            role == "agent"
            and lemma in lex["credit"]
            and not _speaks_for_someone(verb, lex.get("stands", frozenset()), actors)
        ):
            key, score = "role:credited", 1.0
        elif role == "patient" and lemma in lex["praise"]:
            key, score = "role:praised", 1.0
        else:
            continue
        value[key] += 1.0
        out.append(Evidence(span, score, key))
    for key in FEATURES:
        if key.startswith("role:"):
            value[key] = math.log1p(value[key])
    return out


#: the direction each signal may push the portrayal (+1 toward positive, -1 toward negative,
#: 0 either way): the model learns how much, never the direction, so that an attached
#: "war criminal" can never make a portrayal more favourable however noisy the training data
DIRECTIONS = {
    "mentions:narrator_mean": 1,
    "mentions:narrator_negative": -1,
    "mentions:narrator_positive": 1,
    "mentions:narrator_min": 1,
    "mentions:narrator_max": 1,
    "mentions:narrator_lean": 1,
    "quoted:mean": 1,
    "labels:negative": -1,
    "labels:positive": 1,
    "loaded:negative": -1,
    "loaded:positive": 1,
    "role:judged": -1,
    "role:harmed": 1,
    "role:harms": -1,
    "role:credited": 1,
    "role:praised": 1,
    "headline:vader": 1,
    "sentences:vader": 1,
}


#: signals that say how much an article is about an actor, not how it treats the actor.  On
#: the one portrayal axis they can only move every prominent actor toward one side, and the
#: fit had learnt "mentioned often, so positive" from the training data: Global Research, which
#: calls the strike on Soleimani a "US War of Terror", read positive (+0.21) toward the United
#: States because the US is named 24 times.  They stay in the signals (and the JSON) with
#: their weight held at zero; ``mentions:narrator_lean`` carries the amount of evidence instead.
UNWEIGHTED = frozenset(
    {
        "mentions:narrator_count",
        "quoted:share",
        "voice:quotes",
        "prominence:mentions",
        "prominence:in_title",
        "prominence:in_lead",
    }
)


#: the least weight (in standardised units) of the explicit signals: a label the outlet
#: attaches or a role it gives is evidence a reader can check, but the training data seldom
#: shows it on the annotated entity (roles on under 1 in 10), so the fit alone would leave it
#: near zero and a "war criminal" would weigh nothing.  A prior, set by hand, not learned:
#: ``framelens eval portrayal`` measures what it costs on the datasets.
FLOORS = {
    "labels:negative": 0.4,
    "labels:positive": 0.4,
    "role:judged": 0.3,
    "role:harmed": 0.3,
    "role:harms": 0.3,
    "role:credited": 0.3,
    "role:praised": 0.3,
    # a loaded word aimed at the actor: weaker evidence than a label or a role (about one in
    # nine shown lies inside a phrase BASIL's annotators marked), and the fit leaves it at zero
    "loaded:negative": 0.2,
    "loaded:positive": 0.2,
}


def label_index(probs: np.ndarray, margin: float) -> int:
    """The class of one (negative, neutral, positive) distribution: with a ``margin``, the side
    of its score P(positive) - P(negative) when the score clears the margin, else neutral;
    without, the most probable."""
    if margin <= 0.0:
        return int(probs.argmax())
    score = float(probs[2] - probs[0])
    return 1 if abs(score) < margin else (2 if score > 0 else 0)


@dataclass(frozen=True, slots=True)
class PortrayalModel:
    """An ordinal logistic model: one portrayal axis ``s = w . standardised(signals)`` and two
    cut points, P(negative) = sigmoid(t1 - s), P(positive) = 1 - sigmoid(t2 - s).

    One axis, not three independent classes, so label, score and evidence cannot disagree:
    a signal that pushes ``s`` up pushes toward positive and away from negative.  Weights
    from ``framelens.train.portrayal``, each signed as ``DIRECTIONS`` says.
    """

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    cuts: np.ndarray  # (t1, t2), t1 < t2
    features: tuple[str, ...] = FEATURES
    #: a portrayal whose score P(positive) - P(negative) is nearer 0 than this is neutral,
    #: whichever class is the most probable (0: the most probable class); chosen with the
    #: weights by cross-validation (``framelens.train.portrayal``)
    margin: float = 0.0

    def label_index(self, probs: np.ndarray) -> int:
        """The class of one (negative, neutral, positive) distribution (``label_index``)."""
        return label_index(probs, self.margin)

    def axis(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.weights

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(negative, neutral, positive) probabilities for one signal vector or a matrix of them."""
        s = self.axis(x)
        low = 1.0 / (1.0 + np.exp(-(self.cuts[0] - s)))
        high = 1.0 / (1.0 + np.exp(-(self.cuts[1] - s)))
        return np.stack([low, np.clip(high - low, 0.0, 1.0), 1.0 - high], axis=-1)

    def contributions(self, x: np.ndarray) -> dict[str, float]:
        """Each signal family's push along the axis (positive: toward a favourable portrayal)."""
        per_feature = (x - self.mean) / self.scale * self.weights
        out: dict[str, float] = {}
        for name, c in zip(self.features, per_feature, strict=True):
            family = name.split(":")[0]
            out[family] = out.get(family, 0.0) + float(c)
        return out

    def save(self, directory: Path, meta: Mapping[str, Any]) -> None:
        arrays = {"mean": self.mean, "scale": self.scale, "weights": self.weights, "cuts": self.cuts}
        write_model_files(
            directory,
            arrays,
            {**meta, "labels": list(LABELS), "features": list(self.features), "margin": self.margin},
        )

    @classmethod
    def load(cls, directory: Path | None = None) -> PortrayalModel:
        return read_model_files("portrayal model", "portrayal", directory, RETRAIN, cls._parse)

    @classmethod
    def _parse(cls, files: ModelFiles) -> PortrayalModel:
        features = tuple(files.meta["features"])
        if features != FEATURES:
            raise ValueError(f"its features {list(features)} are not this version's; retrain it")
        a = files.arrays
        return cls(
            a["mean"],
            a["scale"],
            floored(a["weights"]),
            a["cuts"],
            features,
            float(files.meta.get("margin", 0.0)),
        )


def floored(weights: np.ndarray) -> np.ndarray:
    """``weights`` (in ``FEATURES`` order) with each held at least at its ``FLOORS`` magnitude in
    its ``DIRECTIONS`` sign: the priors hold for a model fit before a floor was set too (the
    packaged model was fit in stop 37; its loaded-word weights were 0, and a refit with the
    floor, measured in stop 41, read the test splits worse than the packaged fit with it)."""
    out = np.array(weights, dtype=np.float64, copy=True)
    for i, name in enumerate(FEATURES):
        floor, direction = FLOORS.get(name, 0.0), DIRECTIONS.get(name, 0)
        if floor and direction and out[i] * direction < floor:
            out[i] = direction * floor
    return out


def load_portrayal_model() -> PortrayalModel:
    """The packaged portrayal model, read once per process."""
    from framelens.context import ModelKind, shared_model

    return shared_model(ModelKind.portrayal, "packaged", PortrayalModel.load)


def _deciding(pushes: Mapping[str, float], found: Signals, sign: int, least: float | None) -> tuple[str, ...]:
    """The (at most 3) signal families that pushed toward ``sign`` (0: either way) by more than
    ``least`` (None: any push), strongest first.  Only families with spans to show count:
    "prominent" or "often quoted" shift the estimate but are not a reason a reader can check
    in the text."""

    def push(family: str) -> float:
        return pushes[family] * sign if sign else abs(pushes[family])

    ranked = sorted(pushes, key=lambda f: -push(f))
    return tuple(f for f in ranked if f in found.evidence and (least is None or push(f) > least))[:3]


def portray(
    model: PortrayalModel, found: Signals, mention_evidence: Sequence[Evidence] = ()
) -> tuple[str, float, float, tuple[str, ...], tuple[Evidence, ...]]:
    """(label, score, confidence, deciding signal families, evidence) for one actor.

    ``score`` = P(positive) - P(negative).  The deciding families are those that pushed the
    portrayal toward its label (for a neutral one: the strongest either way), strongest
    first; the evidence is theirs, and only evidence whose own sign agrees with the label,
    so a positive portrayal never shows a hostile sentence as its reason.  A side with no
    such evidence at all is not shown: the portrayal is then neutral.
    """
    probs = model.probabilities(found.values)
    k = model.label_index(probs)
    label = LABELS[k]
    score = float(probs[2] - probs[0])
    sign = {"negative": -1, "positive": 1}.get(label, 0)
    pushes = model.contributions(found.values)
    decided = _deciding(pushes, found, sign, least=0.05)
    evidence = [
        ev
        for family in decided
        for ev in found.evidence.get(family, ())
        if (ev.score * sign > 0 if sign else abs(ev.score) < POLARITY_BAND)
    ]
    if not evidence:
        evidence = [ev for ev in mention_evidence if (ev.score * sign > 0 if sign else True)]
    if not evidence and sign:
        # A side no sentence of the text supports is the model's calibration speaking (say,
        # mention tone a little less negative than the usual article's), not something a
        # reader can check: the portrayal stays neutral, with the strongest signals as reasons.
        label, k = "neutral", 1
        decided = _deciding(pushes, found, 0, least=None)
        evidence = [*(ev for f in decided for ev in found.evidence.get(f, ())), *mention_evidence]
    kept: list[Evidence] = []
    for ev in sorted(evidence, key=lambda e: -abs(e.score)):  # overlapping spans: the stronger one
        if len(kept) < 5 and not any(ev.span.overlaps(o.span) for o in kept):
            kept.append(ev)
    return label, score, float(probs[k]), decided, tuple(sorted(kept, key=lambda e: e.span.start))
