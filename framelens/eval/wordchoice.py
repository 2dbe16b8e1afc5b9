"""Loaded wording toward an actor, scored against BASIL's lexical-bias annotations.

BASIL (Fan et al., EMNLP 2019) marks phrases of "lexical bias": wording aimed at a target
entity ("a power grab by a disappointed president", "ping-ponged"), with the polarity it
carries toward that target.  An annotation's offsets count from the start of one sentence
of ``body-paragraphs``; it is placed in the article text ``read_basil`` builds by finding
that sentence.

Two systems are scored on the same phrases, each phrase's target matched to the article's
actors as ``eval portrayal`` matches entities (``actors_named``):

* framelens: the phrase is surfaced when a label (descriptor or loaded word; event terms
  carry no polarity) of the target actor overlaps it; its polarity is that label's;
* VADER baseline: every word of VADER's lexicon in a sentence that names the target counts
  as surfaced toward it, with the sign of its valence.

Recall is over all annotated phrases (a target not found as an actor counts as missed);
polarity agreement is over the phrases each system surfaced; how many words each system
emits per article is given too, so recall is not bought with noise.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framelens.config import Settings
from framelens.errors import InputError
from framelens.eval.portrayal import Dataset, Item, actors_named, analyse, read_basil
from framelens.models import Analysis, Span

if TYPE_CHECKING:
    from rich.table import Table

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One lexical-bias annotation placed in its article's text."""

    span: Span
    text: str
    target: str
    polarity: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class PhraseItem:
    """An article of the data with its lexical-bias phrases."""

    item: Item
    phrases: tuple[Phrase, ...]


def _place(text: str, sentences: list[str], start: int, end: int, phrase: str) -> Span | None:
    """Where ``phrase`` (``start``:``end`` of one of ``sentences``) lies in ``text``."""
    for sentence in sentences:
        if sentence[start:end] != phrase:
            continue
        at = text.find(sentence.strip())
        if at >= 0:
            at += start - (len(sentence) - len(sentence.lstrip()))
            if text[at : at + len(phrase)] == phrase:
                return Span(at, at + len(phrase))
    return None


def read_phrases(root: Path, bias: str = "lex") -> tuple[Dataset, list[PhraseItem], int]:
    """BASIL's articles under ``root`` with their phrase-level annotations of kind ``bias``;
    also the number of annotations that could not be placed in the text."""
    data = read_basil(root)
    out: list[PhraseItem] = []
    lost = 0
    for item in data.items:
        path = Path(item.article.source)
        raw = json.loads(path.read_text("utf-8"))
        ann_path = root / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        anns = json.loads(ann_path.read_text("utf-8")).get("phrase-level-annotations", [])
        sentences = [s for para in raw["body-paragraphs"] for s in para]
        phrases = []
        for ann in anns:
            if ann.get("bias") != bias:
                continue
            span = _place(item.article.text, sentences, int(ann["start"]), int(ann["end"]), ann["txt"])
            if span is None:
                lost += 1
                continue
            phrases.append(
                Phrase(
                    span,
                    ann["txt"],
                    str(ann.get("target", "")).replace("_", " "),
                    {"pos": "positive", "neg": "negative"}.get(ann.get("polarity"), "neutral"),
                    ann.get("quote") == "yes",
                )
            )
        out.append(PhraseItem(item, tuple(phrases)))
    return data, out, lost


#: the systems scored on the same phrases
SYSTEMS = ("framelens", "VADER baseline")


@dataclass(frozen=True, slots=True)
class Surfaced:
    """One system's reading of one phrase: surfaced toward its target, and with which polarity."""

    surfaced: bool
    polarity: str | None


@dataclass(frozen=True, slots=True)
class Scored:
    """One annotated phrase and each system's reading of it."""

    phrase: Phrase
    found: bool
    readings: dict[str, Surfaced]


def framelens_reading(analysis: Analysis, phrase: Phrase, targets: set[str]) -> Surfaced:
    """A descriptor or loaded word of a target actor overlapping the phrase (a loaded word
    first: its polarity is the one toward the target)."""
    hits = [
        label
        for label in analysis.labels
        if label.kind != "event"
        and not label.field  # the phrases point into the body (a headline label is no hit there)
        and label.actor_id in targets
        and label.span.overlaps(phrase.span)
    ]
    if not hits:
        return Surfaced(False, None)
    best = min(hits, key=lambda label: (label.kind != "loaded", label.span.end - label.span.start))
    return Surfaced(True, best.polarity)


def baseline_words(analysis: Analysis, targets: set[str]) -> list[tuple[Span, float]]:
    """Every VADER-polar word in the sentences that name a target: (span, valence)."""
    from framelens.tone.features import word_valence

    text = analysis.article.text
    named = {
        analysis.sentence_index(m.span.start)
        for actor in analysis.actors
        if actor.id in targets
        for m in actor.mentions
        if not m.field
    }
    out = []
    for index in sorted(i for i in named if i >= 0):
        sentence = analysis.sentences[index]
        for match in _WORD.finditer(text, sentence.start, sentence.end):
            valence = word_valence(match.group().lower())
            if valence:
                out.append((Span(match.start(), match.end()), valence))
    return out


def baseline_reading(words: Sequence[tuple[Span, float]], phrase: Phrase) -> Surfaced:
    hits = [valence for span, valence in words if span.overlaps(phrase.span)]
    if not hits:
        return Surfaced(False, None)
    strongest = max(hits, key=abs)
    return Surfaced(True, "positive" if strongest > 0 else "negative")


def score_items(items: Sequence[PhraseItem], analyses: Sequence[Analysis]) -> list[Scored]:
    """Each system's reading of every annotated phrase."""
    out = []
    for item, analysis in zip(items, analyses, strict=True):
        for phrase in item.phrases:
            targets = {a.id for a in actors_named(analysis, phrase.target)}
            readings = {
                "framelens": framelens_reading(analysis, phrase, targets),
                "VADER baseline": baseline_reading(baseline_words(analysis, targets), phrase),
            }
            out.append(Scored(phrase, bool(targets), readings))
    return out


@dataclass(frozen=True, slots=True)
class WordChoiceReport:
    """One run's figures; ``to_dict`` is the JSON twin of ``render``."""

    dataset: str
    articles: int
    phrases: int
    found: int
    unplaced: int
    #: system -> figures (recall, recall_unquoted, polarity_agreement, surfaced, per_article)
    systems: dict[str, dict[str, float]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "articles": self.articles,
            "phrases": self.phrases,
            "target_found_as_actor": self.found,
            "not_placed": self.unplaced,
            "systems": self.systems,
        }

    def table(self) -> Table:
        """The figures as a rich table, one row per system."""
        from rich.table import Table

        table = Table(title=f"Word choice: {self.phrases} lexical-bias phrases in {self.articles} articles")
        for name in (
            "system",
            "recall",
            "recall (unquoted)",
            "polarity agreement",
            "surfaced",
            "emitted / article",
        ):
            table.add_column(name, justify="left" if name == "system" else "right")
        for name, s in self.systems.items():
            table.add_row(
                name,
                f"{s['recall']:.3f}",
                f"{s['recall_unquoted']:.3f}",
                f"{s['polarity_agreement']:.3f}",
                str(int(s["surfaced"])),
                f"{s['per_article']:.1f}",
            )
        return table

    def render(self) -> str:
        from rich.console import Console

        console = Console(width=110, record=True, file=io.StringIO())
        console.print(self.table())
        notes = [
            f"Targets found among the article's actors: {self.found} of {self.phrases} phrases "
            f"({self.unplaced} annotation(s) could not be placed in the text).",
            "recall: phrases overlapped by a label or loaded word of the annotated target (framelens)",
            "or by a VADER-polar word in a sentence naming the target (baseline);",
            "polarity agreement: on the phrases each system surfaced;",
            "emitted / article: framelens's loaded words (all labels per article are in the JSON),",
            "the baseline's polar words in the sentences of the annotated targets.",
        ]
        console.print("\n".join(notes))
        return console.export_text()


def report(
    name: str, items: Sequence[PhraseItem], analyses: Sequence[Analysis], unplaced: int
) -> WordChoiceReport:
    """The figures of both systems on the same phrases."""
    scored = score_items(items, analyses)
    n = max(1, len(items))
    emitted = {
        "framelens": sum(1 for a in analyses for label in a.labels if label.kind == "loaded") / n,
        "VADER baseline": sum(
            len(baseline_words(a, {t.id for p in item.phrases for t in actors_named(a, p.target)}))
            for item, a in zip(items, analyses, strict=True)
        )
        / n,
    }
    systems = {}
    for system in SYSTEMS:
        surfaced = [s for s in scored if s.readings[system].surfaced]
        unquoted = [s for s in scored if not s.phrase.quoted]
        agree = sum(1 for s in surfaced if s.readings[system].polarity == s.phrase.polarity)
        systems[system] = {
            "recall": round(len(surfaced) / max(1, len(scored)), 4),
            "recall_unquoted": round(
                sum(1 for s in unquoted if s.readings[system].surfaced) / max(1, len(unquoted)), 4
            ),
            "polarity_agreement": round(agree / max(1, len(surfaced)), 4),
            "surfaced": len(surfaced),
            "per_article": round(emitted[system], 2),
        }
    if analyses:
        systems["framelens"]["labels_per_article"] = round(
            sum(1 for a in analyses for label in a.labels if label.kind != "event") / n, 2
        )
    return WordChoiceReport(name, len(items), len(scored), sum(s.found for s in scored), unplaced, systems)


def evaluate_wordchoice(
    path: Path, jobs: int = 1, limit: int | None = None, settings: Settings | None = None
) -> WordChoiceReport:
    """Read BASIL-format data under ``path``, analyse it and score both systems."""
    if not (path / "articles").is_dir() or not (path / "annotations").is_dir():
        raise InputError(str(path), "is not a BASIL folder (articles/, annotations/)")
    _, items, unplaced = read_phrases(path)
    if limit is not None:
        items = items[:limit]
    analyses = list(analyse([p.item for p in items], jobs, settings))
    return report(path.name, items, analyses, unplaced)
