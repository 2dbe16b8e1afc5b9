"""Propaganda Techniques Corpus (SemEval-2020 Task 11): the task's two metrics, exactly as scored.

Reads the corpus layout (``articles/article<ID>.txt``, ``labels-si/*.task1-SI.labels``,
``labels-tc/*.task2-TC.labels``) and scores:

- **SI**, span identification, with the official scorer's partial credit
  (``task-SI_scorer.py``, ``compute_score_pr``).  Spans are sets of character offsets.
  Overlapping spans of one article are merged first, in the gold and (as the scorer's
  ``-m`` option does) in the predictions.  Then, with S the predicted and T the gold
  spans over all articles::

      P = sum over (s, t) of |s ∩ t| / |s|, divided by |S|
      R = sum over (s, t) of |s ∩ t| / |t|, divided by |T|
      F1 = 2 P R / (P + R)      (1.0 when S and T are both empty, 0 when P or R is 0)

  Pairs are taken within one article only.
- **TC**, technique classification, micro-F1 over the gold spans (``task-TC_scorer.py``):
  every gold line is classified; lines of one span that carry k techniques get the k
  most probable techniques, and labels of a span are matched so that most agree (the
  scorer's ``align_annotations``), i.e. the count of correct lines of a span is the size
  of the multiset intersection of its gold and predicted labels.

The published winners (SI F1 0.516, Hitachi; TC micro-F1 0.621, ApplicaAI) are on the
official *test* set, which framelens does not hold: they are shown for scale, not as a
comparison on the same articles.  ``split`` picks articles by id: ``heldback`` (the fixed
fifth of the articles the packaged model never saw in training: the honest figure),
``training`` (the rest: not a measure) or ``all``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framelens.errors import InputError
from framelens.eval.scores import PRF
from framelens.eval.scores import prf as _prf
from framelens.eval.splits import in_split

log = logging.getLogger(__name__)

#: (task, system, figure): the winners of SemEval-2020 Task 11, on the official test set
PUBLISHED = (("SI", "Hitachi (test set)", 0.516), ("TC", "ApplicaAI (test set)", 0.621))
_ID = re.compile(r"article(\d+)")

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PTCArticle:
    """One article and its gold spans: SI spans and (technique, start, end) TC lines."""

    id: str
    text: str
    si: tuple[Interval, ...]
    tc: tuple[tuple[str, int, int], ...]


def _read_lines(path: Path, columns: int) -> list[list[str]]:
    rows = []
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = line.split("\t")
        if len(row) != columns:
            raise InputError(
                str(path), f"line {lineno} has {len(row)} tab-separated columns, expected {columns}"
            )
        rows.append(row)
    return rows


def read_ptc(directory: Path, split: str = "all", limit: int | None = None) -> list[PTCArticle]:
    """Read the articles of ``split`` with their gold labels, sorted by id."""
    articles_dir = directory / "articles"
    if not articles_dir.is_dir():
        raise InputError(
            str(directory),
            "holds no articles/ folder; give a PTC folder with articles/, labels-si/ and labels-tc/",
        )
    si_files = {m.group(1): p for p in (directory / "labels-si").glob("*.labels") if (m := _ID.match(p.name))}
    tc_files = {m.group(1): p for p in (directory / "labels-tc").glob("*.labels") if (m := _ID.match(p.name))}
    out = []
    for path in sorted(articles_dir.glob("article*.txt")):
        m = _ID.match(path.name)
        if m is None or not in_split(m.group(1), split):
            continue
        article_id = m.group(1)
        if article_id not in si_files or article_id not in tc_files:
            raise InputError(str(path), "has no labels-si or labels-tc file; the corpus folder is incomplete")
        text = path.read_text("utf-8")
        si = tuple((int(s), int(e)) for _, s, e in _read_lines(si_files[article_id], 3))
        tc = tuple((t, int(s), int(e)) for _, t, s, e in _read_lines(tc_files[article_id], 4))
        out.append(PTCArticle(article_id, text, si, tc))
        if limit is not None and len(out) >= limit:
            break
    if not out:
        raise InputError(str(directory), f"holds no article of the {split!r} split")
    return out


# --- the metrics ------------------------------------------------------------------------


def merge_spans(spans: Iterable[Interval]) -> list[Interval]:
    """Union spans that share at least one character (as the scorer does); touching spans stay apart."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def si_score(predicted: Mapping[str, Sequence[Interval]], gold: Mapping[str, Sequence[Interval]]) -> PRF:
    """SI precision/recall/F1 with partial credit by character overlap (see the module docstring)."""
    pred = {a: merge_spans(s) for a, s in predicted.items()}
    ref = {a: merge_spans(s) for a, s in gold.items()}
    p_num = r_num = 0.0
    for article_id, spans in pred.items():
        for s_start, s_end in spans:
            for t_start, t_end in ref.get(article_id, ()):
                overlap = min(s_end, t_end) - max(s_start, t_start)
                if overlap > 0:
                    p_num += overlap / (s_end - s_start)
                    r_num += overlap / (t_end - t_start)
    return _prf(p_num, sum(len(s) for s in pred.values()), r_num, sum(len(s) for s in ref.values()))


def tc_score(
    predicted: Mapping[str, Sequence[tuple[str, int, int]]],
    gold: Mapping[str, Sequence[tuple[str, int, int]]],
) -> PRF:
    """TC micro precision/recall/F1: lines of one span matched so that most labels agree."""
    correct = n_pred = n_gold = 0
    for article_id in set(gold) | set(predicted):
        by_span_gold: dict[Interval, Counter[str]] = defaultdict(Counter)
        by_span_pred: dict[Interval, Counter[str]] = defaultdict(Counter)
        for label, start, end in gold.get(article_id, ()):
            by_span_gold[(start, end)][label] += 1
        for label, start, end in predicted.get(article_id, ()):
            by_span_pred[(start, end)][label] += 1
        for span, labels in by_span_gold.items():
            correct += sum((labels & by_span_pred.get(span, Counter())).values())
        n_gold += sum(sum(c.values()) for c in by_span_gold.values())
        n_pred += sum(sum(c.values()) for c in by_span_pred.values())
    return _prf(float(correct), n_pred, float(correct), n_gold)


# --- systems ------------------------------------------------------------------------------


def loaded_sentence_baseline(text: str) -> list[Interval]:
    """The trivial SI baseline: every sentence that holds a word of the loaded-language list."""
    from framelens.techniques.features import sentence_bounds
    from framelens.techniques.lexicon import load_lexicon, trim

    loaded = set(load_lexicon().lists["loaded"])
    out = []
    for start, end in sentence_bounds(text):
        words = re.findall(r"[\w'’-]+", text[start:end].lower())
        if any(w in loaded for w in words):
            s, e = trim(text, start, end)
            if s < e:
                out.append((s, e))
    return out


def tc_lines(article: PTCArticle, ranked: Mapping[Interval, Sequence[str]]) -> list[tuple[str, int, int]]:
    """Predicted lines for the gold spans: a span with k gold lines gets the k first labels of its ranking."""
    lines: list[tuple[str, int, int]] = []
    counts = Counter((s, e) for _, s, e in article.tc)
    for (start, end), k in counts.items():
        labels = list(ranked[(start, end)])
        lines.extend((labels[i % len(labels)], start, end) for i in range(k))
    return lines


@dataclass(frozen=True, slots=True)
class PropagandaReport:
    """One run's scores; ``to_dict`` is the JSON twin of ``render``."""

    directory: str
    split: str
    articles: int
    si: dict[str, PRF]
    tc: dict[str, PRF]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "split": self.split,
            "articles": self.articles,
            "si": {name: s.to_dict() for name, s in self.si.items()},
            "tc": {name: s.to_dict() for name, s in self.tc.items()},
            "published": [{"task": t, "system": n, "f1": f} for t, n, f in PUBLISHED],
            "notes": list(self.notes),
        }

    def render(self) -> str:
        names = [*self.si, *self.tc, *(n for _, n, _ in PUBLISHED)]
        width = max(len(n) for n in names)
        first = next(iter(self.si.values()))
        tc_first = next(iter(self.tc.values()))
        lines = [
            f"PTC {self.directory}, split {self.split!r}: {self.articles} articles, "
            f"{first.gold} gold SI spans (merged), {tc_first.gold} gold TC lines",
            "",
            f"{'span identification (SI)':<{width}}  {'P':>5}  {'R':>5}  {'F1':>5}  {'spans':>6}",
        ]
        for name, s in self.si.items():
            lines.append(
                f"{name:<{width}}  {s.precision:5.3f}  {s.recall:5.3f}  {s.f1:5.3f}  {s.predicted:6d}"
            )
        for task, name, f1 in PUBLISHED:
            if task == "SI":
                lines.append(f"{name:<{width}}  {'-':>5}  {'-':>5}  {f1:5.3f}  {'-':>6}")
        lines += ["", f"{'technique classification (TC)':<{width}}  {'micro-F1':>8}"]
        for name, s in self.tc.items():
            lines.append(f"{name:<{width}}  {s.f1:8.3f}")
        for task, name, f1 in PUBLISHED:
            if task == "TC":
                lines.append(f"{name:<{width}}  {f1:8.3f}")
        lines += ["", *self.notes]
        return "\n".join(lines)


def _notes(split: str, points: bool = False) -> tuple[str, ...]:
    notes = [
        "SI: the task's partial-credit precision/recall (character overlap), overlapping spans merged.",
        *(
            [
                "SI 'framelens' is the operating point of the best held-back F1; 'shown to readers' is "
                "what analyses and reports carry (the most recall at held-back precision >= 0.5)."
            ]
            if points
            else []
        ),
        "TC: micro-F1 over the gold spans, each classified by framelens.",
        "Published figures are on the official SemEval-2020 test set, which is not this split.",
    ]
    if split != "heldback":
        notes.append(
            "The packaged model was trained on the articles outside the held-back split: figures on "
            "those articles measure memory, not quality; use --split heldback."
        )
    return tuple(notes)


def evaluate_propaganda(
    directory: Path, split: str = "heldback", limit: int | None = None
) -> PropagandaReport:
    """Score framelens's techniques (SI and TC) and the trivial baselines on a PTC folder."""
    from framelens.techniques import analyse_texts, load_technique_model

    articles = read_ptc(directory, split=split, limit=limit)
    model = load_technique_model()
    # with the tagger, both operating points: the best F1, and what the analysis shows readers
    points = ("f1", "readers") if model.tagger is not None else ("readers",)
    requests = [sorted({(s, e) for _, s, e in a.tc}) for a in articles]
    results = analyse_texts([a.text for a in articles], requests, model=model, points=points)
    si_pred: dict[str, dict[str, list[Interval]]] = {point: {} for point in points}
    baseline_si: dict[str, list[Interval]] = {}
    tc_pred: dict[str, list[tuple[str, int, int]]] = {}
    majority: dict[str, list[tuple[str, int, int]]] = {}
    majority_label = str(model.meta.get("majority_label", "Loaded_Language"))
    for article, (found, classified) in zip(articles, results, strict=True):
        for point in points:
            si_pred[point][article.id] = [(t.span.start, t.span.end) for t in found[point]]
        baseline_si[article.id] = loaded_sentence_baseline(article.text)
        ranked = {span: [label for label, _ in c.ranked] for span, c in classified.items()}
        tc_pred[article.id] = tc_lines(article, ranked)
        majority[article.id] = [(majority_label, s, e) for _, s, e in article.tc]
    gold_si = {a.id: list(a.si) for a in articles}
    gold_tc = {a.id: list(a.tc) for a in articles}
    si = {"framelens": si_score(si_pred[points[0]], gold_si)}
    if len(points) > 1:
        si["framelens, shown to readers"] = si_score(si_pred["readers"], gold_si)
    si["baseline: sentences with a loaded word"] = si_score(baseline_si, gold_si)
    return PropagandaReport(
        directory=directory.name,
        split=split,
        articles=len(articles),
        si=si,
        tc={
            "framelens": tc_score(tc_pred, gold_tc),
            f"baseline: majority class ({majority_label})": tc_score(majority, gold_tc),
        },
        notes=_notes(split, len(points) > 1),
    )
