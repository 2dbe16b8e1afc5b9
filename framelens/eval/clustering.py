"""Score story clustering with BCubed precision, recall and F1, next to a TF-IDF baseline.

The input is JSON Lines, one article per line: ``id``, ``text``, ``title``, ``date``,
``lang`` and the gold ``cluster``.  framelens's side runs the real path: each article is
analysed and stored in an in-memory store (near-duplicates linked as at ingest), then
``cluster_store`` places them, exactly as ``framelens ingest`` + ``framelens stories``
would.  The baseline clusters the same articles in the same (time) order with TF-IDF
vectors and one fixed cosine threshold against cluster centroids, with no time window
and no actors, so the table shows what those add.

BCubed (Bagga and Baldwin 1998; Amigó et al. 2009) scores each item: precision is the
share of the items in its predicted cluster that share its gold cluster, recall the
share of the items in its gold cluster that share its predicted cluster; both are
averaged over items, and F1 is their harmonic mean.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framelens.config import Settings
from framelens.corpus.params import CorpusParams
from framelens.errors import InputError
from framelens.ingest.tabular import normalise_date
from framelens.models import Article, Failure

log = logging.getLogger(__name__)

#: the baseline's fixed cosine threshold between a TF-IDF vector and a cluster centroid
BASELINE_THRESHOLD = 0.3
REQUIRED = ("id", "text", "cluster")


@dataclass(frozen=True, slots=True)
class ClusterDoc:
    """One line of the dataset."""

    id: str
    text: str
    title: str | None
    date: str | None
    lang: str | None
    cluster: str


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """BCubed precision, recall and F1 of ``predicted`` against ``gold`` (item -> cluster).

    Both must cover the same items.  O(n) with counts: an item's correct neighbours are
    the items with the same (predicted, gold) pair, itself included.
    """
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold clusterings must cover the same items")
    if not gold:
        return BCubed(0.0, 0.0, 0.0)
    pair = Counter((predicted[i], gold[i]) for i in gold)
    pred_size = Counter(predicted[i] for i in gold)
    gold_size = Counter(gold[i] for i in gold)
    p = sum(pair[predicted[i], gold[i]] / pred_size[predicted[i]] for i in gold) / len(gold)
    r = sum(pair[predicted[i], gold[i]] / gold_size[gold[i]] for i in gold) / len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f)


def read_dataset(path: Path, limit: int | None = None) -> list[ClusterDoc]:
    """The dataset's articles; a line that is not an object with the required fields is an InputError."""
    docs: list[ClusterDoc] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}", f"is not JSON ({exc.msg})") from None
        missing = [k for k in REQUIRED if not isinstance(data, dict) or data.get(k) in (None, "")]
        if missing:
            need = ", ".join(REQUIRED)
            raise InputError(f"{path}:{number}", f"lacks {', '.join(missing)}; each line needs {need}")
        doc_id = str(data["id"])
        if doc_id in seen:
            raise InputError(f"{path}:{number}", f"repeats id {doc_id!r}; ids must be unique")
        seen.add(doc_id)
        docs.append(
            ClusterDoc(
                id=doc_id,
                text=str(data["text"]),
                title=data.get("title") or None,
                date=normalise_date(data.get("date")),
                lang=data.get("lang") or None,
                cluster=str(data["cluster"]),
            )
        )
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise InputError(str(path), "holds no articles")
    return docs


def _time_order(docs: Sequence[ClusterDoc]) -> list[ClusterDoc]:
    from framelens.store.codec import published_time

    def key(pair: tuple[int, ClusterDoc]) -> tuple[bool, str, int]:
        when = published_time(pair[1].date)
        return (when is None, when.isoformat() if when else "", pair[0])

    return [doc for _, doc in sorted(enumerate(docs), key=key)]


def tfidf_baseline(docs: Sequence[ClusterDoc], threshold: float = BASELINE_THRESHOLD) -> dict[str, int]:
    """Single pass in time order: join the nearest TF-IDF cluster centroid at or above ``threshold``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = _time_order(docs)
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([f"{d.title or ''}\n{d.text}" for d in ordered])
    sums: list[np.ndarray] = []
    out: dict[str, int] = {}
    for row, doc in enumerate(ordered):
        vector = matrix[row].toarray().ravel()
        best, best_sim = -1, -1.0
        for cluster, total in enumerate(sums):
            norm = float(np.linalg.norm(total))
            sim = float(vector @ total / norm) if norm else 0.0
            if sim > best_sim:
                best, best_sim = cluster, sim
        if best >= 0 and best_sim >= threshold:
            sums[best] = sums[best] + vector
            out[doc.id] = best
        else:
            sums.append(vector.copy())
            out[doc.id] = len(sums) - 1
    return out


def _article(doc: ClusterDoc, source: str, settings: Settings) -> Article | Failure:
    from framelens.errors import InputError as ReadError
    from framelens.ingest import article_from_text

    try:
        article = article_from_text(doc.text, source=source, settings=settings)
    except ReadError as exc:
        return Failure(source, exc.problem)
    return dataclasses.replace(
        article,
        title=doc.title or article.title,
        published=doc.date or article.published,
        language=doc.lang or article.language,
    )


def framelens_clusters(
    docs: Sequence[ClusterDoc],
    settings: Settings,
    params: CorpusParams,
    path: str = "<dataset>",
    jobs: int = 1,
) -> tuple[dict[str, int], list[Failure]]:
    """framelens's stories for ``docs``: ingest into an in-memory store, then ``cluster_store``.

    Two lines with the same text are one article (one id) and so land in one story.  A
    line that gives no article becomes a singleton, so every item is scored.
    """
    from framelens.corpus.ingest import ingest_articles
    from framelens.corpus.stories import cluster_store
    from framelens.store import Store

    items = {doc.id: _article(doc, f"{path}#{doc.id}", settings) for doc in docs}
    with Store(":memory:") as store:
        summary = ingest_articles(
            (a for a in items.values()), store, settings, params, jobs=jobs, index_text=False
        )
        cluster_store(store, params.stories, batch_size=settings.encode_batch_size)
        out: dict[str, int] = {}
        lone = -1
        for doc_id, item in items.items():
            story = store.story_of(item.id) if isinstance(item, Article) else None
            if story is None:
                story, lone = lone, lone - 1
            out[doc_id] = story
    return out, summary.failures


@dataclass(frozen=True, slots=True)
class ClusteringReport:
    """One run: the dataset's size and each system's BCubed scores; ``to_dict`` is the JSON twin."""

    file: str
    articles: int
    gold_clusters: int
    systems: dict[str, tuple[BCubed, int]]
    failures: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "articles": self.articles,
            "gold_clusters": self.gold_clusters,
            "systems": {
                name: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "clusters": n}
                for name, (s, n) in self.systems.items()
            },
            "failures": list(self.failures),
        }

    def render(self) -> str:
        lines = [f"clustering {self.file}: {self.articles} articles in {self.gold_clusters} gold clusters"]
        if self.failures:
            lines.append(f"{len(self.failures)} article(s) gave no text and count as singletons:")
            lines.extend(f"  {f}" for f in self.failures)
        width = max(len(n) for n in self.systems)
        header = f"{'system':<{width}}  {'B3 P':>5}  {'B3 R':>5}  {'B3 F1':>5}  {'clusters':>8}"
        lines += ["", header, "-" * len(header)]
        for name, (s, n) in self.systems.items():
            scores = f"{100 * s.precision:5.1f}  {100 * s.recall:5.1f}  {100 * s.f1:5.1f}"
            lines.append(f"{name:<{width}}  {scores}  {n:8d}")
        return "\n".join(lines)


def evaluate_clustering(
    path: Path,
    settings: Settings,
    params: CorpusParams,
    *,
    limit: int | None = None,
    baseline_threshold: float = BASELINE_THRESHOLD,
    jobs: int = 1,
) -> ClusteringReport:
    """BCubed scores of framelens's stories and of the TF-IDF baseline on one dataset."""
    docs = read_dataset(path, limit)
    gold = {d.id: d.cluster for d in docs}
    ours, failures = framelens_clusters(docs, settings, params, str(path), jobs=jobs)
    base = tfidf_baseline(docs, baseline_threshold)
    return ClusteringReport(
        file=str(path),
        articles=len(docs),
        gold_clusters=len(set(gold.values())),
        systems={
            "framelens stories": (bcubed(ours, gold), len(set(ours.values()))),
            f"TF-IDF, cosine >= {baseline_threshold:g}": (bcubed(base, gold), len(set(base.values()))),
        },
        failures=tuple(f.message() for f in failures),
    )
