#!/usr/bin/env python
"""Claim groups per status on BASIL's same-event triplets, with a sample to read by hand.

Each BASIL triplet is one event as three US outlets reported it (Fox News, NYT,
HuffPost); ``compare`` runs over each triplet and the claim groups are counted per
status.  Nothing here judges a group: precision comes from reading the dumped sample
(``--dump``: one JSON object per group, with each member's outlet and sentence), which
is why the dump belongs outside the repository (BASIL's text is not ours to commit).

The analyses are kept in a framelens store (``--db``), so a second run, after a change to
the comparison alone, skips the analysis (minutes) and only compares (seconds).

Usage::

    .venv/bin/python bench/claims_basil.py ../shared/data/basil-dev --db /tmp/basil.duckdb \\
        --dump /tmp/basil-claims.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _analyses(root: Path, db: str | None, jobs: int) -> tuple[dict[str, list[Any]], int]:
    """The analyses of each triplet (by triplet id), analysed or read from the store; and how
    many articles BASIL's reader skipped."""
    from framelens.engine import analyze_many
    from framelens.eval.portrayal import read_basil
    from framelens.store import MEMORY, Store, StoredArticle

    data = read_basil(root)
    store = Store(db or MEMORY)
    try:
        ids = [item.article.id for item in data.items]
        todo = [item.article for item in data.items if item.article.id not in store.known_ids(ids)]
        if todo:
            print(f"analysing {len(todo)} articles (stored in {db or 'memory'})", file=sys.stderr)
            store.put([StoredArticle(a) for a in analyze_many(todo, jobs=jobs)])
        stored = {a.article.id: a for a in store.analyses(ids)}
    finally:
        store.close()
    triplets: dict[str, list[Any]] = defaultdict(list)
    for item in data.items:
        # the store keeps the article as analysed; the outlet names the member in the dump
        triplets[item.group].append(stored[item.article.id])
    return dict(triplets), data.skipped


def _member(m: Any, outlets: dict[str, str], texts: dict[str, str]) -> dict[str, Any]:
    out = {"outlet": outlets.get(m.article_id, "?"), "text": m.text, "reasons": list(m.reasons)}
    if m.quote is not None:
        out |= {"quote": m.quote.text_in(texts[m.article_id]), "speaker": m.speaker}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="BASIL folder (articles/<year>/*.json, annotations/)")
    parser.add_argument("--db", help="framelens store keeping the analyses between runs")
    parser.add_argument("--dump", type=Path, help="JSONL file of the sampled groups (outside the repository)")
    parser.add_argument("--sample", type=int, default=60, help="groups dumped per status (default 60)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from framelens.comparison import CLAIM_STATUSES, compare

    triplets, skipped = _analyses(args.data, args.db, args.jobs)
    counts: Counter[str] = Counter()
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    started = time.perf_counter()
    for triplet, analyses in sorted(triplets.items()):
        comparison = compare(analyses)
        outlets = {a.article.id: a.article.outlet or a.article.source for a in analyses}
        texts = {a.article.id: a.article.text for a in analyses}
        for group in comparison.claims:
            counts[group.status] += 1
            groups[group.status].append(
                {
                    "triplet": triplet,
                    "status": group.status,
                    "score": group.score,
                    "statement": group.statement,
                    "reason": group.reason,
                    "members": [_member(m, outlets, texts) for m in group.members],
                }
            )
    elapsed = time.perf_counter() - started
    print(f"BASIL triplets: {len(triplets)} ({skipped} articles skipped by the reader)")
    print(f"compare: {elapsed:.1f} s in all")
    print()
    print(f"{'status':<22} {'groups':>7} {'per triplet':>12}")
    for status in CLAIM_STATUSES:
        print(f"{status:<22} {counts[status]:>7} {counts[status] / max(len(triplets), 1):>12.2f}")
    if args.dump:
        rng = random.Random(args.seed)
        with args.dump.open("w", encoding="utf-8") as out:
            for status in CLAIM_STATUSES:
                chosen = groups[status]
                if len(chosen) > args.sample:
                    chosen = rng.sample(chosen, args.sample)
                for entry in chosen:
                    out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        print(f"\nsample of up to {args.sample} groups per status in {args.dump}")


if __name__ == "__main__":
    main()
