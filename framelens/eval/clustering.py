"""Score story clustering with BCubed precision, recall and F1, next to a TF-IDF baseline.

The input is JSON Lines, one article per line: ``id``, ``text``, ``title``, ``date``,
``lang`` and the gold ``cluster``, or the published JSON array of Miranda et al. (2018)
(see ``clustering_data``).  framelens's side runs the real path: each article is
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
import logging
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framelens.config import Settings
from framelens.corpus.params import CorpusParams
from framelens.eval.clustering_data import read_records
from framelens.models import Article, Failure

log = logging.getLogger(__name__)

#: the baseline's fixed cosine threshold between a TF-IDF vector and a cluster centroid
BASELINE_THRESHOLD = 0.3


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
class Scores:
    """Precision, recall and F1 of one clustering against the gold one (each metric's own sense)."""

    precision: float
    recall: float
    f1: float


#: BCubed scores (per item)
BCubed = Scores
#: pair-counting ("standard") scores: the metric Miranda et al. report
PairCounts = Scores


def _check_same_items(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> None:
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold clusterings must cover the same items")


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """BCubed precision, recall and F1 of ``predicted`` against ``gold`` (item -> cluster).

    Both must cover the same items.  O(n) with counts: an item's correct neighbours are
    the items with the same (predicted, gold) pair, itself included.
    """
    _check_same_items(predicted, gold)
    if not gold:
        return BCubed(0.0, 0.0, 0.0)
    pair = Counter((predicted[i], gold[i]) for i in gold)
    pred_size = Counter(predicted[i] for i in gold)
    gold_size = Counter(gold[i] for i in gold)
    p = sum(pair[predicted[i], gold[i]] / pred_size[predicted[i]] for i in gold) / len(gold)
    r = sum(pair[predicted[i], gold[i]] / gold_size[gold[i]] for i in gold) / len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f)


def pairwise(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> PairCounts:
    """Precision and recall over pairs of items: a pair is predicted together, gold together, or both.

    The anchor's released evaluation (Priberam/news-clustering, ``eval_lib.py``) counts
    true/false positive pairs this way, so printing it next to BCubed makes our figures
    comparable to theirs.  An empty pair set scores 1 (nothing claimed, nothing missed).
    """
    _check_same_items(predicted, gold)

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter((predicted[i], gold[i]) for i in gold))
    claimed = pairs(Counter(predicted[i] for i in gold))
    true = pairs(Counter(gold[i] for i in gold))
    p = both / claimed if claimed else 1.0
    r = both / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PairCounts(p, r, f)


def read_dataset(
    path: Path, limit: int | None = None, languages: Iterable[str] | None = None
) -> list[ClusterDoc]:
    """The dataset's articles, from our JSONL or the published JSON array (``clustering_data``).

    ``languages`` keeps only articles in those languages (the published dataset mixes
    English, German and Spanish; framelens analyses English).  A malformed article is
    an InputError naming its line or index.
    """
    docs: list[ClusterDoc] = []
    for record in read_records(path, languages):
        docs.append(ClusterDoc(**record))
        if limit is not None and len(docs) >= limit:
            break
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
    from framelens.readers import article_from_text

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
    #: the same systems scored by pair counting, for comparison with published figures
    pairs: dict[str, PairCounts] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "articles": self.articles,
            "gold_clusters": self.gold_clusters,
            "systems": {
                name: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "clusters": n,
                    **({"pairwise": dataclasses.asdict(self.pairs[name])} if name in self.pairs else {}),
                }
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
        if self.pairs:
            header += f"  {'pair P':>6}  {'pair R':>6}  {'pair F1':>7}"
        lines += ["", header, "-" * len(header)]
        for name, (s, n) in self.systems.items():
            scores = f"{100 * s.precision:5.1f}  {100 * s.recall:5.1f}  {100 * s.f1:5.1f}"
            row = f"{name:<{width}}  {scores}  {n:8d}"
            pair = self.pairs.get(name)
            if pair is not None:
                row += f"  {100 * pair.precision:6.1f}  {100 * pair.recall:6.1f}  {100 * pair.f1:7.1f}"
            lines.append(row)
        if self.pairs:
            lines.append("B3 = BCubed; pair = pair-counting P/R/F1, the metric of Miranda et al. (2018)")
        return "\n".join(lines)


def evaluate_clustering(
    path: Path,
    settings: Settings,
    params: CorpusParams,
    *,
    limit: int | None = None,
    baseline_threshold: float = BASELINE_THRESHOLD,
    jobs: int = 1,
    languages: Iterable[str] | None = None,
) -> ClusteringReport:
    """BCubed scores of framelens's stories and of the TF-IDF baseline on one dataset."""
    docs = read_dataset(path, limit, languages)
    gold = {d.id: d.cluster for d in docs}
    ours, failures = framelens_clusters(docs, settings, params, str(path), jobs=jobs)
    base = tfidf_baseline(docs, baseline_threshold)
    predictions = {"framelens stories": ours, f"TF-IDF, cosine >= {baseline_threshold:g}": base}
    return ClusteringReport(
        file=str(path),
        articles=len(docs),
        gold_clusters=len(set(gold.values())),
        systems={name: (bcubed(p, gold), len(set(p.values()))) for name, p in predictions.items()},
        failures=tuple(f.message() for f in failures),
        pairs={name: pairwise(p, gold) for name, p in predictions.items()},
    )
