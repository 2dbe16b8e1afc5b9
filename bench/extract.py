#!/usr/bin/env python
"""Throughput and peak memory of framelens's read path on generated pages, next to bare trafilatura.

Generates N fictional HTML pages and N plain-text articles (5-10 KB each, varied
layouts and chrome) in a temporary folder, then measures each reader in its own
process pinned to one CPU, so that peak RSS (``ru_maxrss``) belongs to that
measurement alone:

- ``framelens html``: ``framelens.readers.read`` over the .html files (decode, prune,
  trafilatura, metadata, assemble, language detection: the whole path);
- ``trafilatura html``: ``trafilatura.extract`` with default settings on the same files;
- ``framelens text``: ``framelens.readers.read`` over the .txt files (decode and the
  plain-text chrome cleaner).

Each measurement runs ``--repeat`` times (default 3), the three readers taking turns,
and the fastest run of each is reported: on a shared machine other processes only
ever slow a run down, so the fastest is the one least disturbed.

Targets: framelens HTML at least 0.8x bare trafilatura's articles/s; text at least
500 articles/s on one core.
Usage: ``.venv/bin/python bench/extract.py [--n N] [--repeat R] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

from _fresh import measure_in_fresh_process, peak_rss_mb  # the sibling module bench/_fresh.py

HTML_TARGET_RATIO = 0.8
TEXT_TARGET_RATE = 500.0

_WORDS = [
    "harbour",
    "council",
    "engineers",
    "barrier",
    "river",
    "storm",
    "ferry",
    "market",
    "residents",
    "quayside",
    "street",
    "school",
    "budget",
    "report",
    "minister",
    "committee",
    "vote",
    "plan",
    "board",
    "station",
    "museum",
    "bridge",
    "railway",
    "hospital",
    "farmers",
    "orchard",
    "festival",
    "library",
    "tower",
    "canal",
    "workers",
    "union",
    "contract",
    "tender",
    "survey",
    "weather",
    "surge",
    "district",
    "mayor",
    "office",
    "fund",
    "grant",
    "island",
    "coast",
    "village",
    "county",
    "court",
    "judge",
    "witness",
]
_VERBS = [
    "said",
    "announced",
    "warned",
    "confirmed",
    "reported",
    "agreed",
    "argued",
    "noted",
    "promised",
    "explained",
]
_NAMES = ["Ines Barrow", "Tomas Verrin", "Mara Ellison", "Odile Quist", "Piet Lanner", "Sadie Moor"]
_TOWNS = ["Kelport", "Ashmere", "Lowden", "Brackwater", "Fennick", "Saltry"]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 18))
    who = rng.choice(_NAMES)
    body = " ".join(words)
    if rng.random() < 0.3:
        return f"“The {body},” {who} {rng.choice(_VERBS)}."
    return f"{who} of {rng.choice(_TOWNS)} {rng.choice(_VERBS)} that the {body}."


def _paragraphs(rng: random.Random, size: int) -> list[str]:
    out: list[str] = []
    while sum(len(p) for p in out) < size:
        out.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))))
    return out


_LAYOUTS = [
    # (article wrapper, paragraph wrapper); varied so that extraction does real work
    (
        '<main><article class="story">{head}<div class="story-body">{body}</div>{after}</article></main>',
        "<p>{}</p>",
    ),
    ('<div id="content"><div class="post-entry">{head}{body}{after}</div></div>', "<p>{}</p>"),
    ('<section class="article-text">{head}{body}</section>{after}', '<p class="para">{}</p>'),
]


def _html_page(i: int, rng: random.Random) -> str:
    town = rng.choice(_TOWNS)
    title = f"{town} {rng.choice(_WORDS)} {rng.choice(_VERBS)} over {rng.choice(_WORDS)} plan"
    wrapper, para = _LAYOUTS[i % len(_LAYOUTS)]
    paragraphs = _paragraphs(rng, rng.randint(2500, 5000))
    body = "\n".join(para.format(p) for p in paragraphs)
    if rng.random() < 0.5:
        body += (
            '\n<div class="newsletter-box"><h3>Morning briefing</h3><p>Sign up for our newsletter.</p></div>'
        )
    head = f'<h1>{title}</h1><p class="byline">By {rng.choice(_NAMES)}</p>'
    related = "".join(
        f'<li><a href="/s/{i}-{k}">{" ".join(rng.choices(_WORDS, k=6))}</a></li>' for k in range(6)
    )
    after = f'<section class="related"><h2>Related</h2><ul>{related}</ul></section>'
    if rng.random() < 0.5:
        comments = "".join(f'<div class="comment"><p>{_sentence(rng)}</p></div>' for _ in range(4))
        after += f'<section id="comments"><h2>Comments</h2>{comments}</section>'
    nav = "".join(f'<li><a href="/{w}">{w.title()}</a></li>' for w in _WORDS[:12])
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {town} Courier</title>'
        f'<meta property="og:site_name" content="{town} Courier">'
        f'<link rel="canonical" href="https://{town.lower()}.example.org/news/{i}">'
        f'<meta name="author" content="{rng.choice(_NAMES)}">'
        f'<meta property="article:published_time" content="2024-0{1 + i % 9}-1{i % 10}T08:00:00Z">'
        f'<script>var tracking = {{"page": {i}}};</script><style>body {{ font: 16px serif; }}</style></head>'
        f"<body><header><nav><ul>{nav}</ul></nav></header>{wrapper.format(head=head, body=body, after=after)}"
        f"<footer><p>© 2024 {town} Courier</p>"
        "<p><a href='/privacy'>Privacy</a> | <a href='/terms'>Terms</a></p></footer></body></html>"
    )


def _text_file(i: int, rng: random.Random) -> str:
    town = rng.choice(_TOWNS)
    lines = [
        f"{town} Courier",
        "Home | News | Sport | Weather",
        f"{town} {rng.choice(_WORDS)} {rng.choice(_VERBS)} over {rng.choice(_WORDS)} plan",
        f"By {rng.choice(_NAMES)}",
        "",
        "\n\n".join(_paragraphs(rng, rng.randint(4500, 9000))),
        "",
        "Share this article",
        "Sign up for our morning newsletter",
        f"© 2024 {town} Courier. All rights reserved.",
    ]
    return "\n".join(lines)


def generate(folder: Path, n: int) -> tuple[Path, Path]:
    rng = random.Random(20240314)
    html_dir, text_dir = folder / "html", folder / "text"
    html_dir.mkdir()
    text_dir.mkdir()
    for i in range(n):
        (html_dir / f"page{i:05d}.html").write_text(_html_page(i, rng), "utf-8")
        (text_dir / f"story{i:05d}.txt").write_text(_text_file(i, rng), "utf-8")
    return html_dir, text_dir


# --- one measurement, in its own process ------------------------------------------------


def _measure(kind: str, folder: Path) -> dict[str, float]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    files = sorted(p for p in folder.iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in files)
    if kind == "trafilatura":
        import trafilatura

        trafilatura.extract("<html><body><p>warm up</p></body></html>")
        started = time.perf_counter()
        articles = sum(1 for p in files if trafilatura.extract(p.read_bytes().decode("utf-8")))
    else:
        from framelens.config import load_settings
        from framelens.models import Article
        from framelens.readers import article_from_text, read
        from framelens.readers.html import draft_from_html

        settings = load_settings()
        # warm up, as trafilatura is warmed up above: imports and first-call set-up (the
        # cleaner, the language model, and for HTML trafilatura and the rules) are not throughput
        article_from_text(
            "A warm-up sentence that loads the cleaner and the language model once.", "-", settings
        )
        if any(p.suffix == ".html" for p in files):
            draft_from_html(
                "<html><body><p>A warm-up page that loads trafilatura once.</p></body></html>", "-"
            )
        started = time.perf_counter()
        articles = sum(1 for a in read([str(folder)], settings) if isinstance(a, Article))
    seconds = time.perf_counter() - started
    return {
        "files": len(files),
        "articles": articles,
        "seconds": seconds,
        "bytes": size,
        "rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="pages and text files to generate (each)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest counts")
    parser.add_argument("--quick", action="store_true", help="200 of each, for a smoke run")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return
    n = 200 if args.quick else args.n
    repeat = max(1, args.repeat)
    with tempfile.TemporaryDirectory(prefix="framelens-bench-") as tmp:
        html_dir, text_dir = generate(Path(tmp), n)
        plan = {
            "framelens html": ("framelens", html_dir),
            "trafilatura html": ("trafilatura", html_dir),
            "framelens text": ("framelens", text_dir),
        }
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in plan}
        for _ in range(repeat):
            for name, (kind, folder) in plan.items():
                runs[name].append(measure_in_fresh_process(__file__, kind, str(folder)))
        results = {name: min(rs, key=lambda r: r["seconds"]) for name, rs in runs.items()}
    print(
        f"framelens read path, {n} generated HTML pages and {n} text files, one CPU per measurement, "
        f"fastest of {repeat} run(s)"
    )
    print()
    header = ("files", "articles", "seconds", "art/s", "MB/s", "peak RSS MB")
    print(
        f"{'reader':<18} " + " ".join(f"{h:>{w}}" for h, w in zip(header, (6, 8, 8, 8, 7, 12), strict=True))
    )
    for name, r in results.items():
        rate = r["articles"] / r["seconds"]
        mbps = r["bytes"] / 1e6 / r["seconds"]
        print(
            f"{name:<18} {int(r['files']):>6} {int(r['articles']):>8} {r['seconds']:>8.2f} "
            f"{rate:>8.1f} {mbps:>7.2f} {r['rss_mb']:>12.0f}"
        )
    ours = results["framelens html"]["files"] / results["framelens html"]["seconds"]
    theirs = results["trafilatura html"]["files"] / results["trafilatura html"]["seconds"]
    text_rate = results["framelens text"]["files"] / results["framelens text"]["seconds"]
    ratio = ours / theirs
    print()
    print(
        f"HTML throughput, framelens / bare trafilatura (pages/s): {ratio:.2f}x "
        f"(target >= {HTML_TARGET_RATIO}x: {'met' if ratio >= HTML_TARGET_RATIO else 'NOT met'})"
    )
    print(
        f"text throughput: {text_rate:.0f} files/s "
        f"(target >= {TEXT_TARGET_RATE:.0f}/s: {'met' if text_rate >= TEXT_TARGET_RATE else 'NOT met'})"
    )
    spread = ", ".join(
        f"{name} {min(r['seconds'] for r in rs):.2f}-{max(r['seconds'] for r in rs):.2f} s"
        for name, rs in runs.items()
    )
    print(f"run times (fastest-slowest): {spread}")
    command = ".venv/bin/python bench/extract.py" + (" --quick" if args.quick else f" --n {n}")
    command += f" --repeat {repeat}" if repeat != 3 else ""
    print(f"reproduce: {command}")


if __name__ == "__main__":
    main()
