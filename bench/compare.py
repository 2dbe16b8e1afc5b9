#!/usr/bin/env python
"""Time and peak memory of ``framelens compare`` on 10, 50 and 200 generated articles of one story.

The articles come from ``bench/analyze.py``'s generator: fictional coverage of one story
(the same people, organisations, places and kinds of figures and assessments, in
different combinations), about 450 words each.  Each size runs in a fresh process, after
a warm-up comparison of 2 articles that loads spaCy, the encoder and the tone model
(reported apart as "load").  Reported per size:

- ``analyse``: the per-article analysis (``analyze_many``, one process);
- ``compare``: everything ``compare`` does after the analyses (linking, word choice,
  tone matrix, claim selection + embedding + grouping, sources) -- the cross-article part
  whose growth must stay close to linear (claims are blocked and matched by nearest
  neighbours, never all pairs);
- ``report``: building the JSON report and rendering HTML from it;
- peak RSS of the process.

Targets (issue "Compare coverage across articles"): 50 articles under 60 s and 200 under
4 minutes in all, on a 2-core machine; growth from 50 to 200 close to linear (x4).

Usage: ``.venv/bin/python bench/compare.py [--sizes 10 50 200] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _fresh import measure_in_fresh_process, peak_rss_mb  # the sibling module bench/_fresh.py
from analyze import generate  # the sibling bench script's article generator

TARGETS = {50: 60.0, 200: 240.0}


def _measure(n: int) -> dict[str, Any]:
    from framelens.comparison import compare
    from framelens.config import load_settings
    from framelens.engine import analyze_many
    from framelens.readers import article_from_text
    from framelens.report.build import build_report

    settings = load_settings()
    texts = generate(n + 2, seed=11)
    articles = [article_from_text(t, source=f"outlet-{i}.txt") for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    compare(articles[:2], settings)  # loads every model once
    load = time.perf_counter() - t0
    start = time.perf_counter()
    analyses = list(analyze_many(articles[2:], settings=settings))
    analysed = time.perf_counter()
    comparison = compare(analyses, settings)
    compared = time.perf_counter()
    report = build_report(comparison)
    try:
        from framelens.report.html import render_html

        html_chars = len(render_html(report))
    except ImportError:  # an older build without the HTML renderer
        html_chars = 0
    done = time.perf_counter()
    return {
        "n": n,
        "load": load,
        "analyse": analysed - start,
        "compare": compared - analysed,
        "report": done - compared,
        "total": done - start,
        "claims": sum(len(g.members) for g in comparison.claims),
        "groups": len(comparison.claims),
        "json_kb": len(json.dumps(report)) / 1024,
        "html_kb": html_chars / 1024,
        "rss": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--quick", action="store_true", help="sizes 5 and 20, for a smoke run")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure)))
        return
    sizes = [5, 20] if args.quick else args.sizes
    rows = []
    for n in sizes:
        rows.append(measure_in_fresh_process(__file__, str(n)))
    print("framelens compare, generated articles of one story, one process, 2-core machine")
    print()
    head = (
        "articles",
        "load s",
        "analyse s",
        "compare s",
        "report s",
        "total s",
        "claims",
        "groups",
        "RSS MB",
    )
    print(" ".join(f"{h:>9}" for h in head))
    for r in rows:
        print(
            f"{r['n']:>9} {r['load']:>9.1f} {r['analyse']:>9.1f} {r['compare']:>9.1f} {r['report']:>9.1f} "
            f"{r['total']:>9.1f} {r['claims']:>9} {r['groups']:>9} {r['rss']:>9.0f}"
        )
    print()
    by_n = {r["n"]: r for r in rows}
    for n, limit in TARGETS.items():
        if n in by_n:
            verdict = "met" if by_n[n]["total"] <= limit else "NOT met"
            print(f"{n} articles: {by_n[n]['total']:.1f} s (target < {limit:.0f} s: {verdict})")
    if 50 in by_n and 200 in by_n:
        for part in ("compare", "total"):
            growth = by_n[200][part] / by_n[50][part]
            print(f"growth 50 -> 200 articles ({part}): {growth:.2f}x (linear would be 4.00x)")
    print("reproduce: .venv/bin/python bench/compare.py" + (" --quick" if args.quick else ""))


if __name__ == "__main__":
    main()
