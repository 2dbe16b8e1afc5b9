"""Tone toward each actor: target-dependent tone per mention, aggregated per actor per article.

Why per mention and not per sentence: in news the tone of a sentence and the tone toward
a named actor in it often differ ("X condemned Y's crackdown" is negative toward Y, not
X), see NewsMTSC (Hamborg & Donnay, EACL 2021).  Each mention is scored in its sentence
by the packaged tone head (``framelens.tone``); an actor's tone is the mean of its
sentences' distributions (a sentence naming an actor three times counts once, so
repetition within one sentence does not outweigh the rest of the article).

The packaged head reads the technique tagger's encoder (``framelens.tone.encoder``).  When
the techniques stage runs too, the tagger reads every sentence of the article anyway, so the
head reads each mention's sentence off that reading (``Context.tagger_reading``: one
encoder pass per sentence serves both stages; the tagger's sentences are the regular-expression
ones, the same as spaCy's for 78% of mentions on PTC articles, and a mention no tagger window
holds whole, 0.7%, is encoded in its own sentence).  Otherwise the stage runs on a whole batch
of articles at once, so that every distinct sentence of the batch that names an actor is
encoded exactly once, in ``encode``-sized batches (see ``bench/analyze.py``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from framelens.context import Context, ModelKind
from framelens.models import ActorTone, Analysis, Evidence, Span
from framelens.pipeline import Stage
from framelens.text.entity_types import PLACE_ENTITIES
from framelens.text.names import fold
from framelens.text.windows import sentence_window
from framelens.tone import target_distributions
from framelens.tone.encoder import reads_tagger
from framelens.tone.polarity import in_context, scored, target_spans, with_polarity
from framelens.tone.portrayal import (
    PortrayalModel,
    mention_root,
    portray,
    role_lexicon,
    signals,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from framelens.embed import TokenEncoding
    from framelens.techniques.tagger import Reading

#: evidence sentences kept per actor: the ones with the clearest tone toward it
MAX_EVIDENCE = 3
#: prepositions that make a place the setting of what is told ("order was restored *in* Port
#: Alder", "US bases *in* Iraq"); the sentence's mood there is the event's, not the outlet's
#: view of the place
_SETTING_PREPOSITIONS = frozenset(
    {"in", "at", "across", "throughout", "inside", "within", "near", "around", "through", "via"}
)

#: actor types that are places
_PLACE_ACTORS = frozenset({"place", "country"})


def _setting(doc: Doc | None, span: Span, place: bool = False) -> bool:
    """Whether a mention names a place only as where something happens: the object of a
    locative preposition, of an actor that is a place (``place``) or tagged a place there.
    Such a mention gets no tone: the demo's "Order was restored in Port Alder" read as praise
    of the town, the seeds' Iraq negative from the violence told of there."""
    if doc is None:
        return False
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    if piece is None or not len(piece):
        return False
    root = piece.root
    # "failures in Iraq, Syria and Libya": every conjunct is a setting; so is the place that
    # names a setting ("the strike at Iraq's Baghdad airport", "in the Gaza Strip")
    while root.dep_ in ("conj", "poss", "compound") and root.head.i != root.i:
        root = root.head
    return (
        root.dep_ == "pobj"
        and root.head.lower_ in _SETTING_PREPOSITIONS
        and (place or root.ent_type_ in PLACE_ENTITIES or any(t.ent_type_ in PLACE_ENTITIES for t in piece))
    )


def _befallen(doc: Doc | None, span: Span) -> bool:
    """Whether a mention names the one a killing or an injury befell: the object or passive
    subject of such a verb ("the officer who killed X", "X was shot"), or whose death it is
    ("X's death", "the killing of X"; ``befell`` and ``befell_nouns`` in
    ``resources/portrayal/roles.toml``).  Such a mention gets no tone and stays out of the
    actor's mention tone: its sentence has the event's mood, which the tone model reads as
    tone toward the dead ("the shooting death of Kate Steinle" had made an outlet negative
    toward her).  The actor keeps its portrayal from everything else (labels, roles, quotes)."""
    root = mention_root(doc, span) if doc is not None else None
    if root is None:
        return False
    return _befell(root, role_lexicon(), owner=True)


def _befell(root: Token, lex: dict[str, frozenset[str]], owner: bool) -> bool:
    """``_befallen`` for the token ``root``; with ``owner``, also when it names whose the one
    befallen was ("the US killed Iran's top commander", "the assassination of the commander
    of the Quds Force"): the killing's mood is no more tone toward Iran than toward the dead."""
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    head = root.head
    if root.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        # a wrong done to someone is told in the same mood ("people harassing Haig at his
        # home" read -0.89 toward the harassed man); only the verbs: "X's lie" is X's own act
        return head.lemma_.lower() in lex["befell"] or head.lemma_.lower() in lex["wrong"]
    if root.dep_ == "poss" and head.pos_ == "NOUN":
        return _befell_noun(head, lex) or (owner and _befell(head, lex, owner=False))
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _befell_noun(head.head, lex) or (owner and _befell(head.head, lex, owner=False))
    return False


def _befallen_mentions(
    analysis: Analysis, items: list[tuple[str, Span, Span]], doc: Doc | None
) -> frozenset[Span]:
    """The scored mentions that are ``_befallen``, unless their sentence also judges the actor
    by a descriptor ("General X, a brutal and corrupt commander, was killed": the words are
    the outlet's, and the mention keeps its tone).  The actor's other mentions in that sentence
    read the same mood and count as befallen too ("people harassing Haig at his home:
    theorists seized on Haig's background" read -0.81 through the second "Haig's")."""
    judged = {
        (label.actor_id, label.span.start)
        for label in analysis.labels
        if label.polarity in ("negative", "positive") and label.kind not in ("event", "loaded")
    }
    sentences = set()
    for actor_id, window, mention in items:
        if not _befallen(doc, mention):
            continue
        if any(a == actor_id and window.start <= start < window.end for a, start in judged):
            continue
        sentences.add((actor_id, analysis.sentence_index(mention.start)))
    return frozenset(
        mention
        for actor_id, _, mention in items
        if (actor_id, analysis.sentence_index(mention.start)) in sentences
    )


def _befell_noun(noun: Token, lex: dict[str, frozenset[str]]) -> bool:
    """A noun of harm, read through its compound ("shooting death": death)."""
    return noun.lemma_.lower() in lex["befell_nouns"] or noun.lower_ in lex["befell_nouns"]


def _items(analysis: Analysis, doc: Doc | None = None) -> list[tuple[str, Span, Span]]:
    """(actor id, scored window, mention) for every mention that lies inside one sentence and
    does not name a place as a setting (``_setting``; read from ``doc``, the article's parse);
    a sentence too long to encode is cut around the mention (``sentence_window``)."""
    out = []
    for actor in analysis.actors:
        for mention in actor.mentions:
            sentence = analysis.sentence_of(mention.span)
            if sentence is not None and not _setting(doc, mention.span, actor.type in _PLACE_ACTORS):
                out.append((actor.id, sentence_window(sentence, mention.span), mention.span))
    return out


def _aggregate(
    analysis: Analysis,
    items: list[tuple[str, Span, Span]],
    probs: np.ndarray,
    labels: tuple[str, ...],
    befallen: frozenset[Span] = frozenset(),
) -> Analysis:
    neg, pos = labels.index("negative"), labels.index("positive")
    # actor -> sentence window -> mention distributions (a sentence counts once per actor)
    per_actor: dict[str, dict[Span, list[np.ndarray]]] = {}
    for (actor_id, window, mention), row in zip(items, probs, strict=True):
        scored = per_actor.setdefault(actor_id, {})
        if mention not in befallen:
            scored.setdefault(window, []).append(row)
    tones = []
    for actor in analysis.actors:
        if (windows := per_actor.get(actor.id)) is None:
            continue
        if not windows:  # every mention ``_befallen``: no mention tone, the portrayal decides
            tones.append(ActorTone(actor_id=actor.id, label="neutral", score=0.0))
            continue
        sent_probs = {w: np.mean(rows, axis=0) for w, rows in windows.items()}
        mean = np.mean(list(sent_probs.values()), axis=0)
        signed = {w: float(p[pos] - p[neg]) for w, p in sent_probs.items()}
        best = sorted(signed, key=lambda w: (-abs(signed[w]), w.start))[:MAX_EVIDENCE]
        evidence = tuple(
            Evidence(w, score=signed[w], label=labels[int(sent_probs[w].argmax())])
            for w in sorted(best, key=lambda w: w.start)
        )
        dist = {name: float(mean[i]) for i, name in enumerate(labels)}
        tones.append(
            ActorTone(
                actor_id=actor.id,
                label=labels[int(mean.argmax())],
                score=float(mean[pos] - mean[neg]),
                evidence=evidence,
                distribution=(dist["negative"], dist["neutral"], dist["positive"]),
                sentences=len(sent_probs),
            )
        )
    return dataclasses.replace(analysis, tones=tuple(tones))


def _label_queries(analysis: Analysis) -> list[tuple[int, tuple[Span, Span]]]:
    """(label index, (window, focus)) for every descriptor the model reads (``polarity.target_spans``)."""
    out = []
    for index, label in enumerate(analysis.labels):
        if scored(label) and (query := target_spans(analysis, label)) is not None:
            out.append((index, query))
    return out


def _shares_reading(ctx: Context) -> bool:
    """Whether the tone stage reads its sentences off the technique tagger's reading: when
    the tone head reads the tagger's encoder and the techniques stage runs in this pipeline
    (so the tagger reads every sentence anyway; without that stage, encoding only the
    sentences that name an actor costs less)."""
    return ModelKind.techniques in ctx.pipeline_models and reads_tagger(ctx.tone_model)


def _query(
    text: str, window: Span, target: Span, reading: Reading | None, given: dict[str, TokenEncoding]
) -> tuple[str, int, int]:
    """(sentence, start, end) the head reads for ``target``: the tagger's window that holds it,
    its encoding put in ``given`` (no second pass of the encoder), else its own ``window``."""
    held = reading.window_holding(target.start, target.end) if reading is not None else None
    if held is not None:
        sentence = text[held.start : held.end]
        if sentence not in given:
            given[sentence] = held.encoding()
        return sentence, target.start - held.start, target.end - held.start
    return window.text_in(text), target.start - window.start, target.end - window.start


def _mention_tones(
    analysis: Analysis,
    items: list[tuple[str, Span, Span]],
    probs: np.ndarray,
    labels: tuple[str, ...],
    befallen: frozenset[Span] = frozenset(),
) -> Analysis:
    """Each mention with the tone of its own reading (mentions outside one sentence, and those
    ``_befallen``, keep None)."""
    neg, pos = labels.index("negative"), labels.index("positive")
    row_of = {
        mention: row for (_, _, mention), row in zip(items, probs, strict=True) if mention not in befallen
    }
    actors = []
    for actor in analysis.actors:
        mentions = tuple(
            dataclasses.replace(m, tone=labels[int(row.argmax())], tone_score=float(row[pos] - row[neg]))
            if (row := row_of.get(m.span)) is not None
            else m
            for m in actor.mentions
        )
        actors.append(dataclasses.replace(actor, mentions=mentions))
    return dataclasses.replace(analysis, actors=tuple(actors))


def _label_polarities(
    analysis: Analysis,
    queries: list[tuple[int, tuple[Span, Span]]],
    probs: np.ndarray,
    labels: tuple[str, ...],
) -> Analysis:
    """Every descriptor's polarity in context: the model's reading of it with its words' valence."""
    row_of = {index: row for (index, _), row in zip(queries, probs, strict=True)}
    return dataclasses.replace(
        analysis,
        labels=tuple(
            with_polarity(label, in_context(analysis, label, row_of.get(index), labels))
            if scored(label)
            else label
            for index, label in enumerate(analysis.labels)
        ),
    )


def tone_batch(analyses: list[Analysis], ctx: Context) -> list[Analysis]:
    """Score every mention and every descriptor of every article of the batch in one encoder
    pass (each distinct sentence encoded once), then aggregate per actor."""
    per_article = [_items(a, ctx.doc(a.article)) for a in analyses]
    per_labels = [_label_queries(a) for a in analyses]
    shared = _shares_reading(ctx)
    flat: list[tuple[str, int, int]] = []
    given: dict[str, TokenEncoding] = {}
    for analysis, items, queries in zip(analyses, per_article, per_labels, strict=True):
        text = analysis.article.text
        reading = ctx.tagger_reading(analysis.article) if shared else None
        flat.extend(_query(text, w, m, reading, given) for _, w, m in items)
        flat.extend(_query(text, w, focus, reading, given) for _, (w, focus) in queries)
    model = ctx.tone_model
    probs = (
        target_distributions(flat, ctx.settings.encode_batch_size, model, ctx.tone_encoder, given)
        if flat
        else np.zeros((0, 3), dtype=np.float32)
    )
    out, offset = [], 0
    for analysis, items, queries in zip(analyses, per_article, per_labels, strict=True):
        rows = probs[offset : offset + len(items)]
        label_rows = probs[offset + len(items) : offset + len(items) + len(queries)]
        offset += len(items) + len(queries)
        analysis = _label_polarities(analysis, queries, label_rows, model.labels)
        befallen = _befallen_mentions(analysis, items, ctx.doc(analysis.article))
        analysis = _mention_tones(analysis, items, rows, model.labels, befallen)
        analysis = _aggregate(analysis, items, rows, model.labels, befallen)
        out.append(_portrayed(analysis, ctx.doc(analysis.article), ctx.portrayal_model))
    return out


def _portrayed(analysis: Analysis, doc: Doc | None, model: PortrayalModel) -> Analysis:
    """Each actor's tone replaced by the article's portrayal of it (``framelens.tone.portrayal``):
    the mention tone is one of its signals, with labels, roles, quotes, voice and the headline."""
    tones = []
    authors = _authors(analysis)
    for tone in analysis.tones:
        if tone.actor_id in authors:
            # the article's own author: a byline or an author's note ("X is a counter terrorism
            # practitioner. He is a Senior Fellow at ...") describes the writer, it portrays
            # nobody; the tone model read such a note as praise (+0.35 on the seeds' op-ed)
            tones.append(
                dataclasses.replace(
                    tone, label="neutral", score=0.0, confidence=None, decided_by=(AUTHOR,), evidence=()
                )
            )
            continue
        label, score, confidence, decided, evidence = portray(
            model, signals(analysis, doc, [tone.actor_id]), tone.evidence
        )
        tones.append(
            dataclasses.replace(
                tone, label=label, score=score, confidence=confidence, decided_by=decided, evidence=evidence
            )
        )
    return dataclasses.replace(analysis, tones=tuple(tones))


#: what ``decided_by`` says of the article's own author
AUTHOR = "the article's author"


def _authors(analysis: Analysis) -> set[str]:
    """The ids of the actors who are the article's authors (``Article.authors``): every
    word of an author's name is a word of the actor's name or of one of its aliases, both
    in the form names are compared in (``fold``)."""
    wanted = [set(fold(a).split()) for a in analysis.article.authors]
    out = set()
    for actor in analysis.actors:
        words = {w for name in (actor.name, *actor.aliases) for w in fold(name).split()}
        if any(len(author) >= 2 and author <= words for author in wanted):
            out.add(actor.id)
    return out


def _tone_one(analysis: Analysis, ctx: Context) -> Analysis:
    return tone_batch([analysis], ctx)[0]


tone = Stage(
    name="tone",
    version="6",
    requires=frozenset({"actors", "sentences", "labels", "quotes"}),
    produces=frozenset({"tones"}),
    func=_tone_one,
    batch=tone_batch,
    models=frozenset({ModelKind.spacy, ModelKind.encoder, ModelKind.tone, ModelKind.portrayal}),
)
