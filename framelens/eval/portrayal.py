"""Article-level portrayal of an actor, scored against human judgements of the author's stance.

Two public formats are read, each in its published layout:

* BASIL (Fan et al., EMNLP 2019; 2nd release): ``articles/<year>/<uuid>.json`` with
  ``body-paragraphs`` and ``annotations/<year>/<uuid>_ann.json`` whose
  ``author_feeling_<Entity>`` (neg / neu / pos) is the annotator's reading of the author's
  feeling toward each main entity.  A triplet (one event in three outlets) is the group.
* PerSenT (Bastan et al., COLING 2020): a CSV with TITLE, TARGET_ENTITY, DOCUMENT and
  TRUE_SENTIMENT (Negative / Neutral / Positive) per document.

Each article is analysed by the default pipeline; the target entity is looked up among the
article's actors (``actors_named``); the actor's portrayal (``ActorTone``) is the
prediction, scored next to the mean mention tone alone (what framelens reported before
the portrayal model) and always-neutral, on the same entities. A target the analysis did
not find as an actor is predicted neutral and counted, since a reader of the report would
see no tone toward it either. The metric is the one both datasets are used with: macro-F1
over the three classes, with accuracy and per-class F1, and the always-neutral baseline in
the same run.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from framelens.config import Settings
from framelens.errors import InputError
from framelens.models import Actor, ActorTone, Analysis, Article, Span
from framelens.text.names import fold, singular

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")
_BASIL = {"neg": "negative", "neu": "neutral", "pos": "positive"}
_PERSENT = {"negative": "negative", "neutral": "neutral", "positive": "positive"}
_FEELING = "author_feeling_"
#: words of an entity name that do not identify it
_GENERIC = frozenset({"the", "of", "and", "s", "'s"})
#: head nouns of a group named by its party, place or leader ("Republican lawmakers",
#: "Colorado officials", "Obama administration"): the group is looked up by its modifier
_GROUP_HEADS = frozenset(
    {
        "lawmaker",
        "member",
        "leader",
        "official",
        "candidate",
        "administration",
        "campaign",
        "company",
        "committee",
    }
)
#: one party under its other names ("GOP lawmakers" are the Republicans' lawmakers)
_PARTY = {"gop": "republican", "republican": "republican", "democratic": "democrat", "democrat": "democrat"}


@dataclass(frozen=True, slots=True)
class Target:
    """One annotated entity of one article: its name as the dataset writes it and the gold label."""

    name: str
    gold: str


@dataclass(frozen=True, slots=True)
class Item:
    """One article with its annotated targets; ``group`` keeps a triplet (BASIL) together."""

    article: Article
    targets: tuple[Target, ...]
    group: str


@dataclass(slots=True)
class Dataset:
    items: list[Item] = field(default_factory=list)
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        if len(self.reasons) < 5:
            self.reasons.append(reason)


def _article(source: str, title: str | None, paragraphs: Sequence[str], outlet: str | None = None) -> Article:
    """An Article whose text is the paragraphs joined by blank lines, with paragraph spans."""
    spans: list[Span] = []
    parts: list[str] = []
    at = 0
    for para in (p.strip() for p in paragraphs):
        if not para:
            continue
        if parts:
            at += 2
        parts.append(para)
        spans.append(Span(at, at + len(para)))
        at += len(para)
    text = "\n\n".join(parts)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Article(
        id=digest, source=source, text=text, title=(title or None), outlet=outlet, paragraphs=tuple(spans)
    )


def read_basil(root: Path) -> Dataset:
    """BASIL's ``articles/`` and ``annotations/`` folders under ``root``."""
    data = Dataset()
    articles = sorted((root / "articles").glob("*/*.json"))
    if not articles:
        raise InputError(str(root), "no BASIL articles (articles/<year>/*.json) found")
    for path in articles:
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        try:
            raw = json.loads(path.read_text("utf-8"))
            ann = json.loads(ann_path.read_text("utf-8"))["article-level-annotations"]
            paragraphs = [" ".join(sentences) for sentences in raw["body-paragraphs"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            data.skip(f"{path.name}: {exc}")
            continue
        targets = tuple(
            Target(key[len(_FEELING) :].replace("_", " "), _BASIL[value])
            for key, value in sorted(ann.items())
            if key.startswith(_FEELING) and key != f"{_FEELING}main_event" and value in _BASIL
        )
        if not targets:
            data.skip(f"{path.name}: no author_feeling annotation")
            continue
        article = _article(
            str(path), raw.get("title"), paragraphs, str(raw.get("source", "")).lower() or None
        )
        data.items.append(Item(article, targets, str(raw.get("triplet-uuid", path.stem))))
    return data


def read_persent(path: Path) -> Dataset:
    """A PerSenT split (dev.csv, random_test.csv, fixed_test.csv)."""
    data = Dataset()
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"cannot be read as a PerSenT CSV ({exc})") from None
    for row in rows:
        gold = _PERSENT.get(str(row.get("TRUE_SENTIMENT", "")).strip().lower())
        name, document = (row.get("TARGET_ENTITY") or "").strip(), row.get("DOCUMENT") or ""
        if gold is None or not name or not document.strip():
            data.skip(f"row {row.get('DOCUMENT_INDEX', '?')}: no label, target or document")
            continue
        article = _article(f"{path.name}#{row.get('DOCUMENT_INDEX')}", row.get("TITLE"), document.split("\n"))
        data.items.append(Item(article, (Target(name, gold),), str(row.get("DOCUMENT_INDEX"))))
    return data


def read_portrayal(path: Path) -> Dataset:
    """BASIL (a folder with articles/ and annotations/) or a PerSenT CSV file."""
    if path.is_dir() and (path / "articles").is_dir() and (path / "annotations").is_dir():
        return read_basil(path)
    if path.is_file() and path.suffix.lower() == ".csv":
        return read_persent(path)
    raise InputError(str(path), "is neither a BASIL folder (articles/, annotations/) nor a PerSenT CSV file")


def _words(name: str) -> list[str]:
    return [w for w in fold(name.replace("'s", " ").replace("’s", " ")).split() if w and w not in _GENERIC]


def actors_named(analysis: Analysis, name: str) -> list[Actor]:
    """The article's actors that the dataset's entity name designates.

    A name designates an actor when they share the same words, when a person's surname is
    the entity's last word ("Trump" for "Donald Trump"; "Donald Trump Jr." is not
    "Donald Trump", so the full names must not differ), or when the actor is the head of a
    group name ("Democrats" for "House Democrats", "Obama" for "Obama administration" is
    not joined: an administration is not its president).
    """
    target = [singular(w) for w in _words(name)]
    if not target:
        return []
    if len(target) > 1 and target[-1] in _GROUP_HEADS:
        # "Republican lawmakers": the party (or place, or leader) the group belongs to
        modifiers = [_PARTY.get(w, w) for w in target[:-1] if w not in _GROUP_HEADS]
        return [
            actor
            for actor in analysis.actors
            if any(
                [_PARTY.get(singular(w), singular(w)) for w in _words(form)][-1:] == modifiers[-1:]
                for form in (actor.name, *actor.aliases)
                if _words(form)
            )
        ]
    out = []
    for actor in analysis.actors:
        for form in (actor.name, *actor.aliases):
            words = [singular(w) for w in _words(form)]
            if not words:
                continue
            same = words == target
            person = actor.type == "person" and (
                (len(words) == 1 and words[0] == target[-1])
                or (len(words) > 1 and len(target) > 1 and words[-1] == target[-1] and words[0] == target[0])
            )
            group = actor.type in {"group", "organisation"} and len(words) == 1 and words[0] == target[-1]
            if same or person or group:
                out.append(actor)
                break
    return out


@dataclass(frozen=True, slots=True)
class Prediction:
    """One annotated target: the gold label and each system's reading of it."""

    item: int
    target: str
    gold: str
    found: bool
    #: system name -> predicted label
    predicted: dict[str, str]
    #: the portrayal's score (0 when the target is no actor)
    score: float = 0.0


#: the systems scored on the same targets: the portrayal the report shows, and the mean
#: target tone of the mentions alone (what framelens reported before the portrayal model)
SYSTEMS = ("framelens portrayal", "mention tone only", "always neutral")


def _mention_only(tones: Sequence[ActorTone]) -> str:
    """The most probable class of the sentence-weighted mean mention distribution."""
    weights = np.array([max(1, t.sentences) for t in tones], dtype=float)
    mean = (np.array([t.distribution for t in tones]) * weights[:, None]).sum(axis=0) / weights.sum()
    return LABELS[int(mean.argmax())]


def predict(items: Sequence[Item], analyses: Sequence[Analysis]) -> list[Prediction]:
    """Each system's reading of each annotated target (neutral where it is not an actor)."""
    from framelens.comparison.tones import representative

    out = []
    for index, (item, analysis) in enumerate(zip(items, analyses, strict=True)):
        tones = {t.actor_id: t for t in analysis.tones}
        for target in item.targets:
            matched = [tones[a.id] for a in actors_named(analysis, target.name) if a.id in tones]
            readings = dict.fromkeys(SYSTEMS, "neutral")
            score = 0.0
            if matched:
                shown = representative(matched)
                readings["framelens portrayal"], score = shown.label, shown.score
                readings["mention tone only"] = _mention_only(matched)
            out.append(Prediction(index, target.name, target.gold, bool(matched), readings, score))
    return out


def tone_differences(items: Sequence[Item], predictions: Sequence[Prediction]) -> dict[str, int]:
    """How the comparison's tone differences fare on same-event groups (BASIL triplets): for
    each annotated entity the group's articles portray, the lowest and highest portrayal make
    a candidate finding by the comparison's own rule (``framelens.comparison.tones.difference``);
    it is right when the annotators' labels of those two articles differ the same way, and
    the wrong way when they differ the other way."""
    from framelens.comparison.tones import difference

    rank = {label: k for k, label in enumerate(LABELS)}
    cells: dict[tuple[str, str], list[Prediction]] = {}
    for p in predictions:
        if p.found:
            cells.setdefault((items[p.item].group, fold(p.target)), []).append(p)
    out = {"candidates": 0, "right": 0, "wrong_way": 0}
    portrayal = SYSTEMS[0]  # the portrayal the report shows
    for row in cells.values():
        if len(row) < 2:
            continue
        low, high = min(row, key=lambda p: p.score), max(row, key=lambda p: p.score)
        if difference((low.predicted[portrayal], low.score), (high.predicted[portrayal], high.score)) is None:
            continue
        out["candidates"] += 1
        out["right"] += rank[low.gold] < rank[high.gold]
        out["wrong_way"] += rank[low.gold] > rank[high.gold]
    return out


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 over the three classes, accuracy and per-class F1 (``newsmtsc.score``'s counting)."""
    from framelens.eval.newsmtsc import score

    result = score(gold, pred, LABELS)
    return {
        "macro_f1": round(result.f1_macro, 4),
        "accuracy": round(result.accuracy, 4),
        "per_class_f1": {label: round(result.f1[label], 4) for label in LABELS},
    }


@dataclass(frozen=True, slots=True)
class PortrayalReport:
    """One run's scores; ``to_dict`` is the JSON twin of ``render``."""

    dataset: str
    kind: str
    articles: int
    targets: int
    found: int
    gold: dict[str, int]
    systems: dict[str, dict[str, Any]]
    skipped: int = 0
    reasons: tuple[str, ...] = ()
    #: the comparison's tone differences judged against the annotators (``tone_differences``)
    differences: dict[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **({"tone_differences": self.differences} if self.differences is not None else {}),
            "dataset": self.dataset,
            "format": self.kind,
            "articles": self.articles,
            "targets": self.targets,
            "found_as_actor": self.found,
            "gold": self.gold,
            "skipped": self.skipped,
            "skip_reasons": list(self.reasons),
            "systems": self.systems,
        }

    def render(self) -> str:
        lines = [
            f"Portrayal ({self.kind}) {self.dataset}: {self.targets} annotated entities in "
            f"{self.articles} articles; {self.found} found as actors "
            f"({100 * self.found / max(1, self.targets):.0f}%), the rest read as neutral",
            "gold: " + ", ".join(f"{label} {self.gold[label]}" for label in LABELS),
        ]
        if self.skipped:
            lines.append(f"skipped {self.skipped} article(s):")
            lines.extend(f"  {reason}" for reason in self.reasons)
        width = max(len(n) for n in self.systems)
        header = f"{'system':<{width}}  {'F1m':>5}  {'acc':>5}  {'F1 neg':>6}  {'F1 neu':>6}  {'F1 pos':>6}"
        lines += ["", header, "-" * len(header)]
        for name, s in self.systems.items():
            per = "  ".join(f"{100 * s['per_class_f1'][label]:6.1f}" for label in LABELS)
            lines.append(f"{name:<{width}}  {100 * s['macro_f1']:5.1f}  {100 * s['accuracy']:5.1f}  {per}")
        if self.differences is not None:
            d = self.differences
            precision = f"{d['right'] / d['candidates']:.2f}" if d["candidates"] else "-"
            lines += [
                "",
                f"tone differences (the comparison's rule, per event and annotated entity): "
                f"{d['candidates']} candidate(s), {d['right']} right, {d['wrong_way']} the wrong way "
                f"(precision {precision}); right: the annotators' labels differ the same way",
            ]
        lines += [
            "",
            "F1m: macro-F1 over negative/neutral/positive; acc: accuracy; all systems on the same entities.",
            "The packaged portrayal model was fit on BASIL dev and PerSenT dev: on those files these are",
            "training figures; its cross-validated figures are in framelens/resources/portrayal/model.json.",
        ]
        return "\n".join(lines)


def report(data: Dataset, predictions: Sequence[Prediction], name: str, kind: str) -> PortrayalReport:
    """The evaluation's figures for every system on the same targets."""
    gold = [p.gold for p in predictions]
    same_event = len({item.group for item in data.items}) < len(data.items)
    return PortrayalReport(
        dataset=name,
        kind=kind,
        articles=len(data.items),
        targets=len(predictions),
        found=sum(p.found for p in predictions),
        gold={label: gold.count(label) for label in LABELS},
        systems={system: scores(gold, [p.predicted[system] for p in predictions]) for system in SYSTEMS},
        skipped=data.skipped,
        reasons=tuple(data.reasons),
        differences=tone_differences(data.items, predictions) if same_event else None,
    )


def analyse(items: Iterable[Item], jobs: int = 1, settings: Settings | None = None) -> Iterator[Analysis]:
    """The default pipeline over the items' articles, in order."""
    from framelens.engine import analyze_many

    return analyze_many((item.article for item in items), jobs=jobs, settings=settings)


def evaluate_portrayal(
    path: Path, jobs: int = 1, limit: int | None = None, settings: Settings | None = None
) -> PortrayalReport:
    """Read ``path`` (BASIL folder or PerSenT CSV), analyse it and score the portrayals."""
    data = read_portrayal(path)
    if limit is not None:
        data.items = data.items[:limit]
    analyses = list(analyse(data.items, jobs, settings))
    kind = "BASIL author feeling" if path.is_dir() else "PerSenT author sentiment"
    return report(data, predict(data.items, analyses), path.name, kind)
