"""A learned gate for speech cues beyond the word lists: "backed", "wants", "preferred".

PolNeAR's annotators mark far more verbs as attribution cues than any list of speech
verbs holds: stances ("supports", "backed", "opposes"), wishes and plans ("wants",
"hopes", "plans to"), perceptions ("sees", "found").  The rule layer (``_quote_cues``)
keeps its lists, which are precise; this model decides only for a verb the lists do not
hold, from the verb's lemma and the shape of its clause (which complements it takes, who
its subject is, tense and modality).  It is a logistic regression trained on PolNeAR's
train split by ``framelens.train.attribution`` and packaged as
``resources/quotes/cue_model.json``; its threshold was chosen for precision on the train
split's held-back part.

A cue the model decided is marked on the quote (``Quote.cue_source == "model"``) so a
reader can tell which layer decided each attribution.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.tokens import Token

#: complements through which a verb can carry attributed content
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "obj", "oprd", "dative", "attr")
_MODALS = frozenset({"would", "will", "can", "could", "may", "might", "should", "must"})


def cue_features(tok: Token) -> dict[str, float] | None:
    """The features of ``tok`` as a possible cue, or None when it cannot be one: a verb
    with a complement that can hold content, and a subject that could be a speaker."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
        return None
    deps = {c.dep_ for c in tok.children}
    comps = sorted(d for d in deps if d in _COMPLEMENTS)
    preps = sorted(c.lower_ for c in tok.children if c.dep_ == "prep" and c.i > tok.i)
    if not comps and not preps:
        return None
    lemma = tok.lemma_.lower()
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
    feats: dict[str, float] = {
        f"lemma={lemma}": 1.0,
        f"tag={tok.tag_}": 1.0,
        f"dep={tok.dep_}": 1.0,
        "passive": float("nsubjpass" in deps or "auxpass" in deps),
        "neg": float("neg" in deps),
        "modal": float(any(c.lower_ in _MODALS for c in tok.children if c.dep_ == "aux")),
        "that": float(any(m.lower_ == "that" and m.dep_ == "mark" for c in tok.children for m in c.children)),
    }
    for comp in comps:
        feats[f"comp={comp}"] = 1.0
        feats[f"lemma={lemma}|comp={comp}"] = 1.0
    for prep in preps[:2]:
        feats[f"prep={prep}"] = 1.0
        feats[f"lemma={lemma}|prep={prep}"] = 1.0
    if subj is None:
        feats["subj=none"] = 1.0
    else:
        feats[f"subj={subj.pos_}"] = 1.0
        if subj.ent_type_:
            feats[f"subj_ent={subj.ent_type_}"] = 1.0
        if subj.pos_ in ("NOUN", "PRON"):
            # who acts: "officials", "the study", "he" can hold a stance; "the trains" cannot
            feats[f"subj_word={subj.lemma_.lower()}"] = 1.0
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj") and c.i > tok.i), None)
    if obj is not None:
        # what the verb takes: a statement ("an email", "criticism", "the proposal") or a thing
        # or a deed ("the sides of the garden", "a meeting")
        feats[f"obj_word={obj.lemma_.lower() if obj.pos_ == 'NOUN' else obj.pos_}"] = 1.0
    return feats


@dataclass(frozen=True, slots=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-z))


def read_cue_model(data: dict[str, Any]) -> CueModel:
    weights = {str(k): float(v) for k, v in dict(data.get("weights", {})).items()}
    return CueModel(weights, float(data.get("bias", 0.0)), float(data.get("threshold", 1.1)))


@functools.cache
def cue_model() -> CueModel | None:
    """The packaged model (read once per process), or None when none is packaged."""
    path = resources.files("framelens.resources").joinpath("quotes/cue_model.json")
    if not path.is_file():
        return None
    return read_cue_model(json.loads(path.read_text("utf-8")))
