"""NewsMTSC: target-dependent tone in news, scored with the paper's metric (Hamborg & Donnay, EACL 2021).

Reads a split in its published jsonl format (one sentence per line, ``sentence_normalized``
and ``targets`` with ``from``/``to`` character offsets and ``polarity`` 2.0/4.0/6.0) and
scores framelens's per-mention tone next to a sentence-level VADER baseline in the same
run, so that the gain of reading the tone *toward the target* is visible on the same
targets.  Lines that cannot be read are skipped and counted rather than fatal: one bad
line should not hide the score of the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framelens.errors import InputError

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
#: VADER's customary thresholds on the compound score
VADER_THRESHOLD = 0.05
#: (system, split, F1m): figures published in the NewsMTSC paper, on its *test* sets
PUBLISHED = (("GRU-TSC (paper, rw test)", "rw", 83.1), ("GRU-TSC (paper, mt test)", "mt", 82.5))
_MAX_REASONS = 5


@dataclass(frozen=True, slots=True)
class Target:
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    targets: tuple[Target, ...]


@dataclass(frozen=True, slots=True)
class Dataset:
    """The readable part of a NewsMTSC file and what was skipped, with reasons."""

    sentences: tuple[Sentence, ...]
    skipped_lines: int = 0
    skipped_targets: int = 0
    reasons: tuple[str, ...] = ()

    @property
    def targets(self) -> int:
        return sum(len(s.targets) for s in self.sentences)


def _target(raw: Any, text: str) -> Target | str:
    """A target, or the reason it cannot be used."""
    if not isinstance(raw, dict):
        return "a target is not an object"
    try:
        start, end, polarity = int(raw["from"]), int(raw["to"]), float(raw["polarity"])
    except (KeyError, TypeError, ValueError):
        return "a target lacks a numeric from/to/polarity"
    if not 0 <= start < end <= len(text):
        return f"target offsets [{start}, {end}) fall outside the sentence"
    if polarity not in POLARITY:
        return f"unknown polarity {polarity} (expected 2.0, 4.0 or 6.0)"
    mention = raw.get("mention")
    if isinstance(mention, str) and text[start:end] != mention:
        return f"target offsets [{start}, {end}) give {text[start:end]!r}, not the mention {mention!r}"
    return Target(start, end, POLARITY[polarity])


def read_newsmtsc(file: Path, limit: int | None = None) -> Dataset:
    """Read a NewsMTSC jsonl split; ``limit`` keeps the first N readable sentences."""
    try:
        handle = file.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(file), "no such file; give a NewsMTSC split such as dev_rw.jsonl") from None
    except OSError as exc:
        raise InputError(str(file), f"cannot be read: {exc.strerror or exc}") from None
    sentences: list[Sentence] = []
    skipped_lines = skipped_targets = 0
    reasons: list[str] = []

    def skip(lineno: int, reason: str) -> None:
        if len(reasons) < _MAX_REASONS:
            reasons.append(f"line {lineno}: {reason}")
        log.debug("%s line %d skipped: %s", file, lineno, reason)

    with handle:
        try:
            for lineno, line in enumerate(handle, 1):
                if limit is not None and len(sentences) >= limit:
                    break
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    skipped_lines += 1
                    skip(lineno, f"not JSON ({exc.msg})")
                    continue
                text = record.get("sentence_normalized") if isinstance(record, dict) else None
                raw_targets = record.get("targets") if isinstance(record, dict) else None
                if not isinstance(text, str) or not isinstance(raw_targets, list) or not raw_targets:
                    skipped_lines += 1
                    skip(lineno, "no sentence_normalized string with a non-empty targets list")
                    continue
                targets = []
                for raw in raw_targets:
                    target = _target(raw, text)
                    if isinstance(target, str):
                        skipped_targets += 1
                        skip(lineno, target)
                    else:
                        targets.append(target)
                if targets:
                    sentences.append(Sentence(text, tuple(targets)))
                else:
                    skipped_lines += 1
        except UnicodeDecodeError:
            raise InputError(str(file), "is not UTF-8 text; NewsMTSC files are UTF-8 jsonl") from None
    if not sentences:
        detail = f" ({'; '.join(reasons)})" if reasons else ""
        raise InputError(
            str(file),
            f"holds no readable NewsMTSC sentence{detail}; expected jsonl lines with "
            "sentence_normalized and targets (from, to, polarity)",
        )
    return Dataset(tuple(sentences), skipped_lines, skipped_targets, tuple(reasons))


@dataclass(frozen=True, slots=True)
class Scores:
    """Macro-F1 over the three labels (the paper's F1m), accuracy and per-label F1, in 0..1."""

    f1_macro: float
    accuracy: float
    f1: dict[str, float]
    n: int


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> Scores:
    """F1m as in the paper: the unweighted mean of the per-label F1 over all three labels.

    A label that is neither in ``gold`` nor predicted has F1 0 (as scikit-learn counts it
    when the label set is fixed), so a tiny sample cannot inflate the mean.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    f1: dict[str, float] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        f1[label] = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return Scores(
        f1_macro=sum(f1.values()) / len(labels),
        accuracy=correct / len(gold) if gold else 0.0,
        f1=f1,
        n=len(gold),
    )


def vader_label(compound: float, threshold: float = VADER_THRESHOLD) -> str:
    """VADER's customary reading of the compound score."""
    if compound >= threshold:
        return "positive"
    if compound <= -threshold:
        return "negative"
    return "neutral"


def vader_baseline(sentences: Sequence[Sentence]) -> list[str]:
    """Sentence-level VADER: every target of a sentence gets the sentence's label."""
    from framelens.tone.features import sentence_vader

    out: list[str] = []
    for sentence in sentences:
        label = vader_label(sentence_vader(sentence.text)["compound"])
        out.extend(label for _ in sentence.targets)
    return out


def framelens_predictions(sentences: Sequence[Sentence]) -> list[str]:
    """framelens's tone toward every target, all sentences batched in one call."""
    from framelens.tone import target_tones

    items = [(s.text, t.start, t.end) for s in sentences for t in s.targets]
    return [tone.label for tone in target_tones(items)]


@dataclass(frozen=True, slots=True)
class NewsMTSCReport:
    """One run's scores; ``to_dict`` is the JSON twin of ``render``."""

    file: str
    sentences: int
    targets: int
    skipped_lines: int
    skipped_targets: int
    systems: dict[str, Scores]
    reasons: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sentences": self.sentences,
            "targets": self.targets,
            "skipped_lines": self.skipped_lines,
            "skipped_targets": self.skipped_targets,
            "systems": {
                name: {"f1_macro": s.f1_macro, "accuracy": s.accuracy, "f1": s.f1, "n": s.n}
                for name, s in self.systems.items()
            },
            "published": [{"system": n, "split": sp, "f1_macro": f} for n, sp, f in PUBLISHED],
        }

    def render(self) -> str:
        lines = [
            f"NewsMTSC {self.file}: {self.targets} targets scored in {self.sentences} sentences",
        ]
        if self.skipped_lines or self.skipped_targets:
            lines.append(
                f"skipped {self.skipped_lines} unreadable line(s) and {self.skipped_targets} target(s):"
            )
            lines.extend(f"  {reason}" for reason in self.reasons)
        width = max(len(n) for n in [*self.systems, *(p[0] for p in PUBLISHED)])
        header = f"{'system':<{width}}  {'F1m':>5}  {'acc':>5}  {'F1 neg':>6}  {'F1 neu':>6}  {'F1 pos':>6}"
        lines += ["", header, "-" * len(header)]
        for name, s in self.systems.items():
            per = "  ".join(f"{100 * s.f1[label]:6.1f}" for label in LABELS)
            lines.append(f"{name:<{width}}  {100 * s.f1_macro:5.1f}  {100 * s.accuracy:5.1f}  {per}")
        for name, _, f1m in PUBLISHED:
            lines.append(f"{name:<{width}}  {f1m:5.1f}  {'-':>5}  {'-':>6}  {'-':>6}  {'-':>6}")
        lines += [
            "",
            "F1m: macro-F1 over negative/neutral/positive (the paper's metric); acc: accuracy.",
            "The published figures are on the NewsMTSC test sets, which framelens does not hold;",
            "framelens and VADER above are on this file.",
        ]
        return "\n".join(lines)


def evaluate_newsmtsc(file: Path, limit: int | None = None) -> NewsMTSCReport:
    """Score framelens's target-dependent tone and sentence-level VADER on a NewsMTSC split."""
    data = read_newsmtsc(file, limit=limit)
    gold = [t.label for s in data.sentences for t in s.targets]
    systems = {
        "framelens target tone": score(gold, framelens_predictions(data.sentences)),
        "VADER sentence baseline": score(gold, vader_baseline(data.sentences)),
    }
    return NewsMTSCReport(
        file=file.name,
        sentences=len(data.sentences),
        targets=data.targets,
        skipped_lines=data.skipped_lines,
        skipped_targets=data.skipped_targets,
        systems=systems,
        reasons=data.reasons,
    )
