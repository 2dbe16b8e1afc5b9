"""The official FNC-1 baseline's feature set (FakeNewsChallenge/fnc-1-baseline, feature_engineering.py).

Reimplemented from its description for the baseline row of ``framelens eval fnc1``, so
that the gain of framelens's features is measured against the organisers' features with
the same classifier on the same pairs.  44 features per pair:

- word overlap: Jaccard of the headline's and body's word sets (1);
- refuting: which of 15 refuting words the headline holds (15);
- polarity: parity of the count of refuting words in headline and in body (2);
- hand features: headline words found in the body and in its first 255 characters,
  with and without stop words (4), and headline n-gram hits in the body, its first 255
  and first 100 characters: character 2/8/4/16-grams (12) and word 2..6-grams (10).

Kept as published, quirks included, since the row stands for that feature set: the
character "n-grams" are the headline's characters joined by spaces ("a b"), so they
rarely match; the stop-word co-occurrence pair counts the same thing twice; and a
headline word "occurs" in the body when it is a substring of it.  One difference: the
original lemmatised words with NLTK's WordNet lemmatiser, which is not installed here,
so words are compared as they are (this touches only the overlap and refuting features).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from framelens.stance.features import stop_words

REFUTING = (
    "fake",
    "fraud",
    "hoax",
    "false",
    "deny",
    "denies",
    "not",
    "despite",
    "nope",
    "doubt",
    "doubts",
    "bogus",
    "debunk",
    "pranks",
    "retract",
)
CHARGRAM_SIZES = (2, 8, 4, 16)
WORDGRAM_SIZES = (2, 3, 4, 5, 6)
FEATURES: tuple[str, ...] = (
    "overlap",
    *(f"refuting_{w}" for w in REFUTING),
    "polarity_headline",
    "polarity_body",
    "cooccurrence",
    "cooccurrence_early",
    "cooccurrence_stops",
    "cooccurrence_stops_early",
    *(f"char{n}_{where}" for n in CHARGRAM_SIZES for where in ("hits", "early", "first")),
    *(f"word{n}_{where}" for n in WORDGRAM_SIZES for where in ("hits", "early")),
)

_WORD = re.compile(r"\w+")
_EARLY = 255
_FIRST = 100


def clean(text: str) -> str:
    """Lower-case words joined by single spaces (the baseline's ``clean``)."""
    return " ".join(_WORD.findall(text)).lower()


def _polarity(tokens: Sequence[str]) -> int:
    refuting = set(REFUTING)
    return sum(t in refuting for t in tokens) % 2


def _gram_hits(grams: Sequence[str], texts: Sequence[str]) -> list[float]:
    """How many of ``grams`` (repeats counted) occur in each of ``texts``, each a prefix of the one before."""
    hits = [0.0] * len(texts)
    for gram in grams:
        for i, text in enumerate(texts):
            if gram not in text:
                break  # a gram missing from a text is missing from its prefixes
            hits[i] += 1
    return hits


def _features(headline: str, body: str, body_tokens: set[str]) -> list[float]:
    stops = stop_words()
    h_tokens = headline.split(" ") if headline else []
    h_set = set(h_tokens)
    union = h_set | body_tokens
    out: list[float] = [len(h_set & body_tokens) / len(union) if union else 0.0]
    out += [float(w in h_set) for w in REFUTING]
    out += [float(_polarity(h_tokens)), float(_polarity(body.split(" ")))]
    early, first = body[:_EARLY], body[:_FIRST]
    out += [float(sum(t in body for t in h_tokens)), float(sum(t in early for t in h_tokens))]
    stopped = [t for t in h_tokens if t not in stops]
    hits = float(sum(t in body for t in stopped))
    out += [hits, hits]
    joined = " ".join(stopped)
    for n in CHARGRAM_SIZES:
        grams = [" ".join(joined[i : i + n]) for i in range(len(joined) - n + 1)]
        out += _gram_hits(grams, (body, early, first))
    for n in WORDGRAM_SIZES:
        grams = [" ".join(h_tokens[i : i + n]) for i in range(len(h_tokens) - n + 1)]
        out += _gram_hits(grams, (body, early))
    return out


def baseline_features(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """The baseline's 44 ``FEATURES`` for each (headline, body) pair; each distinct body is cleaned once."""
    cleaned: dict[str, tuple[str, set[str]]] = {}
    out = np.zeros((len(pairs), len(FEATURES)), dtype=np.float64)
    for k, (headline, body) in enumerate(pairs):
        if body not in cleaned:
            c = clean(body)
            cleaned[body] = (c, set(c.split(" ")) if c else set())
        body_clean, body_tokens = cleaned[body]
        out[k] = _features(clean(headline), body_clean, body_tokens)
    return out
