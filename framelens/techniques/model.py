"""The trained technique model: two sparse linear models replayed in numpy, with readable cues.

``si`` (span identification) scores each token: is it inside a span that uses a
persuasion technique?  Runs of tokens above a threshold, with short gaps bridged, are
the model's spans.  ``tc`` (technique classification) is a multinomial logistic
regression over the features of a span; it names the technique of the model's spans
and of any span a caller asks about.

Why not a pickle: pickles break across library versions and can run code when loaded.
``weights.npz`` holds plain arrays (the feature names as a unicode array, the weights as
floats) and ``model.json`` the label order, the decoding settings chosen on held-back
articles, each pattern's measured precision and the scores measured when trained.
Because every weight belongs to a named feature, a span's cue lists the features that
pushed it hardest ("w=hysteria +1.9, lex:loaded +1.2").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from framelens.errors import FramelensError
from framelens.model_files import ModelFiles, read_model_files, write_model_files
from framelens.techniques.features import TextView, Tok, indices, span_features, token_features
from framelens.techniques.lexicon import trim
from framelens.techniques.tagger import Reading, SpanTagger

ARRAYS = ("si_names", "si_w", "tc_names", "tc_w", "tc_b")
RETRAIN = (
    "python -m framelens.train.techniques --data ../shared/data/ptc --out framelens/resources/techniques/"
)
TAGGER_RETRAIN = (
    "python -m framelens.train.techniques_tagger --data ../shared/data/ptc "
    "--out framelens/resources/techniques/tagger/"
)
#: the operating points of the tagger's decoding: the best held-back F1, and what readers see
#: (the most recall at held-back precision >= 0.5)
POINTS = ("f1", "readers")
#: features named in a cue
CUE_FEATURES = 3


@dataclass(frozen=True, slots=True)
class ModelSpan:
    """A span found by the span model: offsets, mean token probability and the features behind it."""

    start: int
    end: int
    score: float
    top: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class TokenScores:
    """Per-token probabilities and the feature columns each token read (for cues)."""

    probs: np.ndarray
    rows: list[list[int]]


@dataclass(frozen=True, slots=True)
class Classified:
    """A technique for a span: its label, probability, the runner-up labels and the features behind it."""

    label: str
    score: float
    ranked: tuple[tuple[str, float], ...] = ()
    top: tuple[tuple[str, float], ...] = ()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True), dtype=np.float64)


def format_top(top: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"{name} {weight:+.2f}" for name, weight in top)


@dataclass(frozen=True)
class TechniqueModel:
    """A loaded model; see the module docstring."""

    labels: tuple[str, ...]
    si_names: np.ndarray
    si_w: np.ndarray
    si_b: float
    tc_names: np.ndarray
    tc_w: np.ndarray
    tc_b: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    si_vocab: dict[str, int] = field(default_factory=dict)
    tc_vocab: dict[str, int] = field(default_factory=dict)
    #: the fine-tuned encoder (``tagger/`` beside the sparse model's files); None: sparse model alone
    tagger: SpanTagger | None = None

    def __post_init__(self) -> None:
        if not self.si_vocab:
            self.si_vocab.update({str(n): i for i, n in enumerate(self.si_names)})
        if not self.tc_vocab:
            self.tc_vocab.update({str(n): i for i, n in enumerate(self.tc_names)})

    # --- persistence ------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path | None = None, tagger: bool = True) -> TechniqueModel:
        """Read ``model.json`` and ``weights.npz`` from ``directory`` (default: the packaged ones),
        with the span tagger from its ``tagger/`` folder when there is one and ``tagger`` is on."""
        import dataclasses
        from importlib import resources

        model = read_model_files("technique model", "techniques", directory, RETRAIN, cls._parse)
        base: Any = (
            directory if directory is not None else resources.files("framelens.resources") / "techniques"
        )
        if not tagger or not (base / "tagger" / "model.json").is_file():
            return model
        folder = Path(str(base / "tagger"))
        return dataclasses.replace(
            model,
            tagger=read_model_files(
                "technique tagger", "techniques/tagger", folder, TAGGER_RETRAIN, SpanTagger.parse
            ),
        )

    @classmethod
    def _parse(cls, files: ModelFiles) -> TechniqueModel:
        meta, arrays = files.meta, files.arrays
        missing = [name for name in ARRAYS if name not in arrays]
        if missing:
            raise FramelensError(
                f"{files.weights_path}: arrays {missing} are missing; retrain it ({RETRAIN})"
            )
        return cls(
            labels=tuple(meta["labels"]),
            si_names=arrays["si_names"],
            si_w=np.asarray(arrays["si_w"], dtype=np.float32),
            si_b=float(meta["si_bias"]),
            tc_names=arrays["tc_names"],
            tc_w=np.asarray(arrays["tc_w"], dtype=np.float32),
            tc_b=np.asarray(arrays["tc_b"], dtype=np.float32),
            meta=meta,
        )

    def save(self, directory: Path) -> None:
        """Write the arrays (float16 weights: half the size, no measurable change in scores) and the JSON."""
        arrays = {
            "si_names": np.asarray(self.si_names, dtype=str),
            "si_w": self.si_w.astype(np.float16),
            "tc_names": np.asarray(self.tc_names, dtype=str),
            "tc_w": self.tc_w.astype(np.float16),
            "tc_b": self.tc_b.astype(np.float32),
        }
        write_model_files(directory, arrays, {**self.meta, "labels": list(self.labels), "si_bias": self.si_b})

    # --- decoding settings --------------------------------------------------------------

    @property
    def threshold(self) -> float:
        return float(self.meta.get("decode", {}).get("threshold", 0.5))

    @property
    def gap(self) -> int:
        return int(self.meta.get("decode", {}).get("gap", 1))

    @property
    def pattern_min_precision(self) -> float:
        return float(self.meta.get("decode", {}).get("pattern_min_precision", 0.5))

    def pattern_precision(self, name: str) -> float:
        """The share of the pattern's matches that overlap a gold span of its technique (training articles).

        Laplace-smoothed, (hits + 1) / (matches + 2): a pattern that never matched a
        training article gets 0.5, the estimate with no evidence either way.
        """
        entry = self.meta.get("patterns", {}).get(name)
        return float(entry["precision"]) if entry else 0.5

    def decoding(self, point: str) -> dict[str, Any]:
        """The tagger's decoding settings at operating point ``point`` (one of ``POINTS``)."""
        if point not in POINTS:
            raise ValueError(f"unknown operating point {point!r}; choose one of {', '.join(POINTS)}")
        assert self.tagger is not None
        return dict(self.tagger.meta["decode"][point])

    def pattern_floor(self, point: str) -> float:
        """The least measured precision of a pattern shown at ``point``: readers see no pattern
        below the precision their spans are held to."""
        if self.tagger is not None and point == "readers":
            return max(self.pattern_min_precision, READERS_PRECISION)
        return self.pattern_min_precision

    # --- span identification ------------------------------------------------------------

    def tagged_spans(self, v: TextView, reading: Reading, point: str = "readers") -> list[ModelSpan]:
        """The spans of the tagger's and the sparse model's token probabilities mixed, decoded at
        ``point``."""
        d = self.decoding(point)
        weight = float(d["weight"])
        probs = weight * reading.token_probs(v.tokens)
        if weight < 1.0:
            probs = probs + (1.0 - weight) * self.score_tokens(v).probs
        return decode_spans(v, probs, float(d["high"]), float(d["low"]), int(d["gap"]))

    def score_tokens(self, v: TextView) -> TokenScores:
        """P(inside a technique span) for every token of the view, with the feature columns read."""
        if not v.tokens:
            return TokenScores(np.zeros(0), [])
        categories = self._categories()
        rows = [indices(token_features(v, i, categories), self.si_vocab) for i in range(len(v.tokens))]
        flat = np.fromiter((j for row in rows for j in row), dtype=np.int64)
        lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
        sums = np.zeros(len(rows))
        if len(flat):
            np.add.at(sums, np.repeat(np.arange(len(rows)), lengths), self.si_w[flat])
        return TokenScores(_sigmoid(sums + self.si_b), rows)

    def spans(
        self,
        v: TextView,
        scores: TokenScores | None = None,
        threshold: float | None = None,
        gap: int | None = None,
    ) -> list[ModelSpan]:
        """Runs of tokens at or above the threshold within one sentence, gaps of ``gap`` tokens bridged."""
        scores = self.score_tokens(v) if scores is None else scores
        probs, rows = scores.probs, scores.rows
        threshold = self.threshold if threshold is None else threshold
        gap = self.gap if gap is None else gap
        out: list[ModelSpan] = []
        n = len(v.tokens)
        i = 0
        while i < n:
            if probs[i] < threshold:
                i += 1
                continue
            last = j = i
            while j + 1 < n and v.sentence_of[j + 1] == v.sentence_of[i]:
                j += 1
                if probs[j] >= threshold:
                    last = j
                elif j - last > gap:
                    break
            start, end = trim(v.text, v.tokens[i].start, v.tokens[last].end)
            if start < end and _says_something(v.tokens[i : last + 1]):
                top = self._top([f for t in range(i, last + 1) for f in rows[t]], self.si_w, self.si_names)
                out.append(ModelSpan(start, end, float(probs[i : last + 1].mean()), top))
            i = last + 1
        return out

    # --- technique classification -------------------------------------------------------

    def classify(
        self,
        v: TextView,
        spans: list[tuple[int, int]],
        reading: Reading | None = None,
        weight: float | None = None,
    ) -> list[Classified]:
        """The technique of each span [start, end) of the view's text: the sparse classifier's
        probabilities, mixed with the tagger's technique head when ``reading`` is given (the
        tagger's share ``weight``: by default the one chosen when it was trained)."""
        if not spans:
            return []
        sparse = self._classify_sparse(v, spans)
        if reading is None or self.tagger is None:
            return sparse
        if weight is None:
            weight = float(self.tagger.meta["decode"].get("tc_weight", 0.5))
        out = []
        for c, t in zip(sparse, self.tagger.classify(reading, spans), strict=True):
            if t is None:
                out.append(c)
                continue
            mine = dict(c.ranked)
            probs = {
                label: weight * float(t[i]) + (1.0 - weight) * mine.get(label, 0.0)
                for i, label in enumerate(self.tagger.labels)
            }
            ranked = tuple(sorted(probs.items(), key=lambda kv: -kv[1]))
            label, score = ranked[0]
            top = (("tagger", round(float(t[self.tagger.labels.index(label)]), 2)),)
            # the sparse classifier's features are its cue only when it chose the same label
            out.append(Classified(label, score, ranked, top + (c.top if c.label == label else ())))
        return out

    def _classify_sparse(self, v: TextView, spans: list[tuple[int, int]]) -> list[Classified]:
        categories = self._categories()
        out = []
        for start, end in spans:
            cols = indices(span_features(v, start, end, categories), self.tc_vocab)
            logits = self.tc_w[:, cols].sum(axis=1) + self.tc_b
            probs = _softmax(logits)
            order = np.argsort(-probs, kind="stable")
            best = int(order[0])
            ranked = tuple((self.labels[int(k)], float(probs[k])) for k in order)
            top = self._top(cols, self.tc_w[best], self.tc_names)
            out.append(Classified(self.labels[best], float(probs[best]), ranked, top))
        return out

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    def _categories() -> dict[str, tuple[str, ...]]:
        from framelens.techniques.lexicon import load_lexicon

        return load_lexicon().word_categories

    @staticmethod
    def _top(cols: list[int], weights: np.ndarray, names: np.ndarray) -> tuple[tuple[str, float], ...]:
        """The features that added most to a score (summed over repeats), strongest first."""
        if not cols:
            return ()
        totals: dict[int, float] = {}
        for c in cols:
            totals[c] = totals.get(c, 0.0) + float(weights[c])
        best = sorted((c for c in totals if totals[c] > 0), key=lambda c: -totals[c])[:CUE_FEATURES]
        return tuple((str(names[c]), round(totals[c], 2)) for c in best)


#: parts of speech that carry meaning; a short span of none of them ("their", "is no", "-")
#: is no persuasion a reader could see
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM", "INTJ"})
#: spans of this many words or more stand as phrases even of function words alone
#: ("it is what it is")
_PHRASE_WORDS = 3


#: parts of speech a tagger span does not start or end on
_EDGE_POS = frozenset({"ADP", "CCONJ", "SCONJ"})
#: the readers' operating point holds spans to this held-back precision
READERS_PRECISION = 0.5
#: words named in a tagger span's cue
CUE_WORDS = 3


def decode_spans(v: TextView, probs: np.ndarray, high: float, low: float, gap: int) -> list[ModelSpan]:
    """Spans by hysteresis within a sentence: a word at or above ``high`` starts one, which takes
    in the neighbours at or above ``low`` (gaps of up to ``gap`` words below it bridged).

    Why two thresholds: a technique span is a phrase ("the so-called experts"); its key word
    stands out and its other words lean its way, so one threshold either cuts the phrase
    short or lets weak single words through.  Measured on PTC's held-back articles with the
    tagger: F1 0.395 with one threshold, 0.411 with two.
    """
    out: list[ModelSpan] = []
    n, i = len(v.tokens), 0
    same = v.sentence_of
    while i < n:
        if probs[i] < high:
            i += 1
            continue
        first = i
        while first > 0 and same[first - 1] == same[i] and probs[first - 1] >= low:
            first -= 1
        last = j = i
        while j + 1 < n and same[j + 1] == same[i]:
            j += 1
            if probs[j] >= low:
                last = j
            elif j - last > gap:
                break
        i = last + 1
        # a span neither starts nor ends on a preposition or conjunction ("advantage in" is
        # "advantage"): neutral on held-back F1 (0.411 both), and what a reader expects to see
        while first < last and v.tokens[first].pos in _EDGE_POS:
            first += 1
        while last > first and v.tokens[last].pos in _EDGE_POS | {"DET"}:
            last -= 1
        start, end = _balanced(
            v.text, *_whole_words(v.text, *trim(v.text, v.tokens[first].start, v.tokens[last].end))
        )
        words = v.tokens[first : last + 1]
        if start < end and _says_something(words):
            strongest = sorted(_cue_words(words, first), key=lambda k: -probs[k])[:CUE_WORDS]
            top = tuple(
                (v.text[v.tokens[k].start : v.tokens[k].end], round(float(probs[k]), 2))
                for k in sorted(strongest)
            )
            out.append(ModelSpan(start, end, float(probs[first : last + 1].mean()), top))
    return out


_IN_WORD = re.compile(r"[\w'’-]")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words: spaCy splits "so-called" into three tokens and a
    span may start on the hyphen ("-called"), which no reader would mark."""
    if start >= end:
        return start, end
    while start > 0 and _IN_WORD.match(text[start - 1]) and _IN_WORD.match(text[start]):
        start -= 1
    while end < len(text) and _IN_WORD.match(text[end]) and _IN_WORD.match(text[end - 1]):
        end += 1
    return start, end


#: how far (in characters) a span that opens a quote may run on to close it
_QUOTE_REACH = 40
#: opening and closing quotation marks
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"'))


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) with its quotation marks paired: a span that opens a quote runs on to its
    closing mark when that follows within a few words on the line ('“clowns and losers!' is
    '“clowns and losers!”', 'illegitimate “witch' is 'illegitimate “witch hunt”') or else
    leaves the opening mark out; a closing mark with no opening one is left out."""
    for opening, closing in _QUOTE_PAIRS:
        span = text[start:end]
        opened = span.count(opening) % 2 if opening == closing else span.count(opening) - span.count(closing)
        if opened > 0:
            close = text.find(closing, end, end + _QUOTE_REACH)
            if close >= 0 and "\n" not in text[end:close]:
                end = close + 1
            elif span.startswith(opening):
                start += 1
        elif opened < 0 and span.endswith(closing):
            end -= 1
    return start, end


def _cue_words(words: Sequence[Tok], first: int) -> list[int]:
    """The indices of a span's words a cue may name: its words of meaning ("genocidal", not "a"),
    or all of them in a phrase of function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    meaning = [
        first + k
        for k, t in enumerate(words)
        if t.lower not in STOP_WORDS and any(c.isalpha() for c in t.lower)
    ]
    return meaning or list(range(first, first + len(words)))


def _says_something(tokens: Sequence[Tok]) -> bool:
    """Whether a span can stand for a technique: a phrase of several words, or a span with a
    content word (a content part of speech, not a stop word).  Measured on PTC's held-back
    articles: SI precision 0.247 -> 0.264 at the same recall (0.394 -> 0.391)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [t for t in tokens if any(ch.isalpha() for ch in t.lower)]
    if len(words) >= _PHRASE_WORDS:
        return True
    return any(t.pos in _CONTENT_POS and t.lower not in STOP_WORDS for t in words)
