"""Article body extraction benchmark (scrapinghub article-extraction-benchmark), in its published format.

Layout: ``DIR/html/<id>.html.gz`` pages and ``DIR/ground-truth.json`` mapping each id to
``{"articleBody": ..., "url": ...}``.

The metric is the benchmark's ``evaluate.py``, reimplemented here so that figures are
comparable with its README:

- tokens are ``\\w+`` runs (case kept: the published regex has IGNORECASE, which does
  not fold case for ``findall``); a page's units are its 4-token shingles, counted as a
  bag; a text of fewer than 4 tokens is one shorter shingle;
- per page, TP/FP/FN are normalised to sum to 1 so that long pages weigh no more;
- precision is averaged over pages that predicted something (``tp + fp > 0``), recall
  over pages whose gold body has text (``tp + fn > 0``); an empty prediction therefore
  costs recall, not precision;
- F1 is computed from the averaged precision and recall, not averaged per page.

framelens is scored through its whole read path (``framelens.readers.read_refs``), next
to bare trafilatura run exactly as the benchmark runs it, on the same pages.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import statistics
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from framelens.config import Settings
from framelens.errors import FramelensError, InputError
from framelens.models import Article

log = logging.getLogger(__name__)

__all__ = [
    "ExtractionReport",
    "PageCounts",
    "Scores",
    "evaluate_extraction",
    "page_counts",
    "scores",
    "shingles",
]

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
#: per-page F1 differences smaller than this count as a tie
TIE = 0.005


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The bag of ``size``-token shingles of a text, as the benchmark counts them."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < size:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageCounts:
    """One page's true positives, false positives and false negatives, normalised to sum to 1."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """This page's own F1 (used only to say which extractor did better on it)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def page_counts(true: str, pred: str) -> PageCounts:
    """Score one prediction against its gold body."""
    gold, got = shingles(true), shingles(pred)
    tp = float(sum((gold & got).values()))
    fp = float(sum((got - gold).values()))
    fn = float(sum((gold - got).values()))
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageCounts(tp, fp, fn)


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision and recall averaged over pages; F1 of the two averages."""

    precision: float
    recall: float
    f1: float


def scores(pages: Iterable[PageCounts]) -> Scores:
    """Aggregate per-page counts the way the benchmark does."""
    pages = list(pages)
    predicted = [p.precision for p in pages if p.tp + p.fp > 0]
    expected = [p.recall for p in pages if p.tp + p.fn > 0]
    precision = statistics.mean(predicted) if predicted else 0.0
    recall = statistics.mean(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class ExtractionReport:
    """framelens and bare trafilatura on the same pages, with per-page wins and losses."""

    directory: str
    pages: int
    framelens: Scores
    trafilatura: Scores
    better: int
    worse: int
    failures: int
    seconds: dict[str, float]
    trafilatura_version: str

    def render(self) -> str:
        rows = [
            ("framelens", self.framelens, self.seconds.get("framelens", 0.0)),
            (
                f"trafilatura {self.trafilatura_version} (bare)",
                self.trafilatura,
                self.seconds.get("trafilatura", 0.0),
            ),
        ]
        width = max(len(name) for name, _, _ in rows)
        lines = [
            f"Article body extraction: {self.directory} "
            f"({self.pages} pages; 4-word shingles, averaged per page)",
            "",
            f"{'extractor':<{width}}  precision  recall     F1   seconds",
        ]
        for name, s, secs in rows:
            lines.append(f"{name:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {secs:8.1f}")
        delta = self.framelens.f1 - self.trafilatura.f1
        lines += [
            "",
            f"F1 difference: {delta:+.3f}; per page (F1 differing by more than {TIE}): "
            f"framelens better on {self.better}, worse on {self.worse}, "
            f"same on {self.pages - self.better - self.worse}",
            f"pages where framelens found no article: {self.failures}",
        ]
        return "\n".join(lines)


# --- the benchmark layout --------------------------------------------------------------


def _ground_truth(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        raise InputError(
            str(directory), "is not a folder; give the benchmark folder (with html/ and ground-truth.json)"
        )
    path = directory / "ground-truth.json"
    if not path.is_file():
        raise InputError(
            str(directory), "has no ground-truth.json; this is not the extraction benchmark layout"
        )
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as JSON ({exc})") from None
    if not isinstance(data, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("articleBody", ""), str) for v in data.values()
    ):
        raise InputError(str(path), 'must map each page id to {"articleBody": "...", "url": "..."}')
    return {str(key): value.get("articleBody", "") or "" for key, value in data.items()}


def _pages(directory: Path, ids: Sequence[str]) -> list[Path]:
    html_dir = directory / "html"
    if not html_dir.is_dir():
        raise InputError(str(directory), "has no html/ folder; this is not the extraction benchmark layout")
    paths = [html_dir / f"{page_id}.html.gz" for page_id in ids]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
        raise InputError(
            str(html_dir), f"lacks {len(missing)} page(s) named in ground-truth.json ({shown}); restore them"
        )
    return paths


def _framelens_bodies(paths: Sequence[Path], settings: Settings) -> tuple[list[str], int]:
    from framelens.readers import read_refs
    from framelens.readers.inputs import InputRef

    # the language does not change the body; skipping its detection keeps the run short
    settings = settings.replace(detect_language=False)
    refs = [InputRef(str(p), "html", p, gzipped=True) for p in paths]
    bodies: list[str] = []
    failures = 0
    # the benchmark is multilingual on purpose: the per-page "not English" warning is noise here
    assemble_log = logging.getLogger("framelens.readers.assemble")
    level = assemble_log.level
    assemble_log.setLevel(logging.ERROR)
    try:
        for result in read_refs(refs, settings):
            if isinstance(result, Article):
                bodies.append(result.text)
            else:
                log.info("framelens: %s", result.message())
                bodies.append("")
                failures += 1
    finally:
        assemble_log.setLevel(level)
    if len(bodies) != len(paths):  # pragma: no cover - read_refs yields one result per page
        raise FramelensError(f"framelens gave {len(bodies)} results for {len(paths)} pages")
    return bodies, failures


def _trafilatura_bodies(paths: Sequence[Path]) -> list[str]:
    """Bare trafilatura as the benchmark's extractors/run_trafilatura.py runs it."""
    import trafilatura

    bodies = []
    for path in paths:
        try:
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                html = fh.read()
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(str(path), f"is not a readable gzip file ({exc})") from None
        bodies.append(trafilatura.extract(html, include_comments=False) or "")
    return bodies


def _version() -> str:
    from importlib.metadata import version

    return version("trafilatura")


def compare(
    gold: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> tuple[Scores, Scores, int, int, list[PageCounts], list[PageCounts]]:
    """Score two extractors on the same pages; count pages where the first does better or worse."""
    mine = [page_counts(t, p) for t, p in zip(gold, ours, strict=True)]
    base = [page_counts(t, p) for t, p in zip(gold, theirs, strict=True)]
    better = sum(1 for a, b in zip(mine, base, strict=True) if a.f1 - b.f1 > TIE)
    worse = sum(1 for a, b in zip(mine, base, strict=True) if b.f1 - a.f1 > TIE)
    return scores(mine), scores(base), better, worse, mine, base


def evaluate_extraction(directory: Path, settings: Settings, limit: int | None = None) -> ExtractionReport:
    """Score framelens's HTML body extraction on the benchmark folder, next to bare trafilatura.

    Pages are taken in id order; ``limit`` scores only the first N.  Raises InputError
    when the folder does not have the benchmark's layout.
    """
    directory = Path(directory)
    truth = _ground_truth(directory)
    ids = sorted(truth)
    if limit is not None:
        if limit < 1:
            raise FramelensError(f"--limit must be at least 1 (got {limit})")
        ids = ids[:limit]
    if not ids:
        raise InputError(str(directory / "ground-truth.json"), "names no pages")
    paths = _pages(directory, ids)
    gold = [truth[i] for i in ids]
    # imports and first-call set-up are not extraction time: run each extractor once first
    _framelens_bodies(paths[:1], settings)
    _trafilatura_bodies(paths[:1])
    started = time.perf_counter()
    ours, failures = _framelens_bodies(paths, settings)
    middle = time.perf_counter()
    theirs = _trafilatura_bodies(paths)
    ended = time.perf_counter()
    mine, base, better, worse, _, _ = compare(gold, ours, theirs)
    return ExtractionReport(
        directory=str(directory),
        pages=len(ids),
        framelens=mine,
        trafilatura=base,
        better=better,
        worse=worse,
        failures=failures,
        seconds={"framelens": middle - started, "trafilatura": ended - middle},
        trafilatura_version=_version(),
    )
