"""Features of one target mention in its sentence, computed from one encoding of the sentence.

Why these features: the tone of a sentence and the tone toward an actor in it often
differ (NewsMTSC), so the sentence vector alone cannot tell them apart.  The encoder's
token vectors are contextual, so pooling them over the mention, and over the tokens
around it weighted by distance, says what the sentence says *about that mention*.  A
lexicon block (VADER valences of words near the mention, with negation, and whether the
mention sits inside a quote) adds cheap, explicit evidence that the frozen encoder was
never trained to surface.  Everything here works on one ``TokenEncoding`` and one
``SentenceInfo`` per sentence, however many targets it has.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from framelens.embed import DIMENSION, TokenEncoding

#: the pooled blocks a linear head may use, in the order they are concatenated
BLOCKS = ("sentence", "target", "left", "right", "near", "lexicon")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_QUOTES = '"“”'
_PRONOUNS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs"}
    | {"it", "its", "i", "me", "my", "we", "us", "our", "you", "your"}
)
#: VADER's own factor for a negated valence (vaderSentiment's N_SCALAR)
_NEGATION_SCALAR = -0.74
_NEGATION_REACH = 3


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """What to compute; stored with the weights so that inference replays what training did."""

    #: pooled blocks of the linear head (the attention head pools for itself)
    blocks: tuple[str, ...] = BLOCKS
    #: tokens either side of the mention pooled into "left"/"right"
    window: int = 6
    #: decay length (tokens, words) of distance-weighted sums
    decay: float = 4.0
    #: words either side of the mention summed in the lexicon block
    lexicon_window: int = 5
    #: distance buckets per side for the attention head (farther tokens share the last one)
    buckets: int = 8

    def __post_init__(self) -> None:
        unknown = set(self.blocks) - set(BLOCKS)
        if unknown:
            raise ValueError(f"unknown feature blocks {sorted(unknown)}; known: {list(BLOCKS)}")

    @property
    def size(self) -> int:
        return sum(LEXICON_SIZE if b == "lexicon" else DIMENSION for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["blocks"] = list(self.blocks)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureSpec:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "blocks" in values:
            values["blocks"] = tuple(values["blocks"])
        return cls(**values)


@functools.cache
def _vader() -> tuple[dict[str, float], frozenset[str], Any]:
    # Built on first use: the analyzer reads its lexicon file when constructed.
    from vaderSentiment.vaderSentiment import NEGATE, SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return dict(analyzer.lexicon), frozenset(NEGATE), analyzer


def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (lower-case words as its lexicon writes them)."""
    return _vader()[0]


def sentence_vader(sentence: str) -> dict[str, float]:
    """VADER's scores of the whole sentence: neg, neu, pos and compound."""
    return dict(_sentence_vader(sentence))


@functools.lru_cache(maxsize=8192)
def _sentence_vader(sentence: str) -> tuple[tuple[str, float], ...]:
    # remembered: the tone head's lexicon block and the portrayal's sentence signal read the
    # same sentences (a third of VADER's calls on PTC articles were repeats)
    return tuple(_vader()[2].polarity_scores(sentence).items())


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    """What the lexicon block needs of a sentence, computed once for all its targets.

    ``words`` are (start, end, lowercased word); ``valences`` the VADER valence of each,
    already flipped and damped when a negation precedes it.
    """

    text: str
    words: tuple[tuple[int, int, str], ...]
    valences: tuple[float, ...]
    vader: Mapping[str, float]


def sentence_info(sentence: str) -> SentenceInfo:
    """Split the sentence into words and look each up in VADER's lexicon."""
    lexicon, negate, _ = _vader()
    words = tuple((m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _WORD.finditer(sentence))
    valences = []
    for i, (_, _, word) in enumerate(words):
        valence = lexicon.get(word, 0.0)
        if valence and any(words[j][2] in negate for j in range(max(0, i - _NEGATION_REACH), i)):
            valence *= _NEGATION_SCALAR
        valences.append(valence)
    return SentenceInfo(sentence, words, tuple(valences), sentence_vader(sentence))


LEXICON_NAMES = (
    "left_pos",
    "left_neg",
    "right_pos",
    "right_neg",
    "inside_pos",
    "inside_neg",
    "near_pos",
    "near_neg",
    "all_pos",
    "all_neg",
    "negation_near",
    "vader_compound",
    "vader_pos",
    "vader_neg",
    "in_quotes",
    "quote_sentence",
    "relative_position",
    "pronoun",
    "mention_words",
    "sentence_words",
)
LEXICON_SIZE = len(LEXICON_NAMES)


def lexicon_features(info: SentenceInfo, start: int, end: int, spec: FeatureSpec) -> np.ndarray:
    """The lexicon block of the mention ``info.text[start:end]``, shape (LEXICON_SIZE,)."""
    _, negate, _ = _vader()
    words, sentence = info.words, info.text
    inside = [i for i, (s, e, _) in enumerate(words) if s < end and e > start]
    first = inside[0] if inside else sum(1 for s, _, _ in words if s < start)
    last = inside[-1] if inside else first - 1
    f = dict.fromkeys(LEXICON_NAMES, 0.0)
    for i, valence in enumerate(info.valences):
        if not valence:
            continue
        # valences are on VADER's -4..4 scale
        pos, neg = max(valence, 0.0) / 4.0, max(-valence, 0.0) / 4.0
        if first <= i <= last:
            where, distance = "inside", 0
        elif i < first:
            where, distance = "left", first - i
        else:
            where, distance = "right", i - last
        if distance <= spec.lexicon_window:
            f[f"{where}_pos"] += pos
            f[f"{where}_neg"] += neg
        weight = math.exp(-distance / spec.decay)
        f["near_pos"] += weight * pos
        f["near_neg"] += weight * neg
        f["all_pos"] += pos
        f["all_neg"] += neg
    lo, hi = max(0, first - spec.lexicon_window), min(len(words), last + spec.lexicon_window + 1)
    f["negation_near"] = float(sum(1 for _, _, w in words[lo:hi] if w in negate))
    f["vader_compound"] = info.vader["compound"]
    f["vader_pos"] = info.vader["pos"]
    f["vader_neg"] = info.vader["neg"]
    f["in_quotes"] = float(sum(sentence[:start].count(q) for q in _QUOTES) % 2 == 1)
    f["quote_sentence"] = float(sentence.lstrip()[:1] in _QUOTES)
    f["relative_position"] = start / max(len(sentence), 1)
    f["pronoun"] = float(sentence[start:end].strip().lower() in _PRONOUNS)
    f["mention_words"] = math.log1p(max(len(inside), 1))
    f["sentence_words"] = math.log1p(len(words))
    return np.fromiter((f[name] for name in LEXICON_NAMES), dtype=np.float32, count=LEXICON_SIZE)


def target_range(offsets: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """The tokens [a, b) that cover the mention's characters.

    A mention past the encoder's window (or between tokens) gets the nearest token, so
    every feature stays defined; such mentions are rare (sentences over ~200 words).
    """
    n = len(offsets)
    if n == 0:
        return 0, 0
    hit = np.flatnonzero((offsets[:, 0] < end) & (offsets[:, 1] > start))
    if len(hit):
        return int(hit[0]), int(hit[-1]) + 1
    a = min(int(np.searchsorted(offsets[:, 0], start)), n - 1)
    return a, a + 1


def signed_distance(n: int, a: int | np.ndarray, b: int | np.ndarray) -> np.ndarray:
    """Each token's distance to the mention [a, b): negative left, 0 inside, positive right.

    ``a`` and ``b`` may be arrays of many mentions: then one row of ``n`` per mention.
    """
    idx = np.arange(n)
    a, b = np.asarray(a)[..., None], np.asarray(b)[..., None]
    return np.where(idx < a, idx - a, np.where(idx >= b, idx - b + 1, 0))


def distance_buckets(n: int, a: int | np.ndarray, b: int | np.ndarray, buckets: int) -> np.ndarray:
    """Bucket ids for the attention head: 0 inside, 1..B left, B+1..2B right (per mention, as
    ``signed_distance``)."""
    distance = signed_distance(n, a, b)
    clipped = np.minimum(np.abs(distance), buckets)
    return np.where(distance == 0, 0, np.where(distance < 0, clipped, buckets + clipped)).astype(np.int64)


def _mean(rows: np.ndarray) -> np.ndarray:
    if len(rows) == 0:
        return np.zeros(DIMENSION, dtype=np.float32)
    return np.asarray(rows.mean(axis=0), dtype=np.float32)


def pooled_features(
    encoding: TokenEncoding, info: SentenceInfo, start: int, end: int, spec: FeatureSpec
) -> np.ndarray:
    """The linear head's input for one mention: ``spec.blocks`` concatenated, shape (spec.size,)."""
    tokens = encoding.tokens
    a, b = target_range(encoding.offsets, start, end)
    parts: list[np.ndarray] = []
    for block in spec.blocks:
        if block == "sentence":
            parts.append(np.asarray(encoding.sentence, dtype=np.float32))
        elif block == "target":
            parts.append(_mean(tokens[a:b]))
        elif block == "left":
            parts.append(_mean(tokens[max(0, a - spec.window) : a]))
        elif block == "right":
            parts.append(_mean(tokens[b : b + spec.window]))
        elif block == "near":
            distance = np.abs(signed_distance(len(tokens), a, b))
            weights = np.where(distance > 0, np.exp(-distance / spec.decay), 0.0)
            total = weights.sum()
            parts.append(
                np.asarray(weights @ tokens / total, dtype=np.float32)
                if total > 0
                else np.zeros(DIMENSION, dtype=np.float32)
            )
        elif block == "lexicon":
            parts.append(lexicon_features(info, start, end, spec))
    return np.concatenate(parts)


def word_valence(word: str) -> float:
    """VADER's valence of one (lowercased) word, 0.0 when the lexicon does not hold it."""
    return float(_vader()[0].get(word.lower(), 0.0))


@functools.cache
def adjective_lexicon() -> dict[str, tuple[float, float]]:
    """TextBlob's en-sentiment.xml (pattern's adjective lexicon, MIT/PDDL): word -> (polarity,
    subjectivity), the mean over its senses; read without importing TextBlob (which would
    import NLTK), once per process.  Empty when TextBlob is not installed."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "en" / "en-sentiment.xml"
    if not path.is_file():
        return {}
    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for word in ET.parse(path).getroot().iter("word"):
        form = (word.get("form") or "").lower()
        if form and " " not in form:
            senses[form].append((float(word.get("polarity", 0)), float(word.get("subjectivity", 0))))
    return {w: (sum(p for p, _ in s) / len(s), sum(q for _, q in s) / len(s)) for w, s in senses.items()}
