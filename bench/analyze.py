#!/usr/bin/env python
"""Throughput and peak memory of ``framelens analyze`` next to the bare libraries underneath.

Generates N fictional news articles (about 450 words each: named people with titles,
organisations and countries, direct and reported quotes, figures) and measures, each in
a fresh process so that peak RSS (``ru_maxrss``) belongs to that measurement alone,
after a warm-up that loads the models (model loading is reported apart):

- ``bare spaCy``: ``nlp.pipe`` of the same model over the same texts (the floor for the
  rule-based stages, which all read the parse);
- ``rule stages``: ``analyze_many`` with the tone stage off (parse + actors, labels,
  quotes, quantities);
- ``bare encode``: ``SentenceTransformer.encode`` of exactly the sentence windows the tone
  stage encodes, same batch size;
- ``tone stage``: the tone stage alone on the already-parsed analyses (encoder forward
  pass with token vectors + the tone head + aggregation); it and ``bare encode`` run in one
  process, interleaved, best of 2 each;
- ``no techniques/frames``: the whole analysis less the technique and frame stages (their
  overhead is the ratio to ``analyze, 1 process``);
- ``analyze, 1 process`` and ``analyze, 2 processes``: the whole ``analyze_many`` with
  ``jobs`` 1 and 2 (peak RSS of the largest worker for 2);
- ``analyze, 1 process, 1 core``: ``jobs`` 1 with torch and BLAS on one thread, the share of
  the machine each of the 2 workers gets: 2 processes against it shows how the worker pool
  scales when each process has its own core (context for the target, not the target).

Targets (issue "Per-article analysis"): rule stages >= 0.7x bare spaCy throughput; tone
stage >= 0.9x bare encode; <= 1.5 GB RSS per process; 2 processes >= 1.7x one; the
technique and frame stages add at most 35% to analyze (issue #17, "Persuasion techniques a
reader can trust": the span tagger reads every sentence with its own encoder; the earlier
sparse-only stage had a 25% budget).

Real articles (issue #18, "Speed on real articles"): ``--corpus DIR`` measures the same
table on the ``.txt`` articles of DIR (default: ``../shared/data/ptc/articles`` when present,
its first 80 in name order; ``--generated`` for the generated ones) and adds the seconds of
each rule stage over them.  ``--lengths`` prints the cost curve instead: one article of about
300, 1,000, 3,000 and 10,000 words (the corpus's articles joined), each rule stage's seconds
and its work per 1,000 tokens, counted (Python calls, spaCy ``Token`` objects made:
``framelens.stages._cost``), so it does not move with the machine's load.  Linear stages
give a flat curve.

Usage: ``.venv/bin/python bench/analyze.py [--n N] [--quick] [--corpus DIR | --generated]
[--lengths [300,1000,3000,10000]]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from _fresh import measure_in_fresh_process, peak_rss_mb  # the sibling module bench/_fresh.py

os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: the most the technique and frame stages may add to ``analyze`` (issue #17)
TECH_LIMIT = 0.35
KINDS = ("spacy", "rules", "stages", "tone", "notech", "analyze1", "analyze1t", "analyze2")
#: where the real articles are when the shared data is checked out beside the repository
PTC_ARTICLES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ptc" / "articles"
CORPUS_N = 80
LENGTHS = (300, 1000, 3000, 10000)
TONE_REPEATS = 2
RULE_RATIO = 0.7
TONE_RATIO = 0.9
RSS_LIMIT_MB = 1500
SCALE_TARGET = 1.7

_PEOPLE = [
    ("Minister", "Tomas Reyl"),
    ("General", "Ana Petrell"),
    ("President", "Ilse Varn"),
    ("Senator", "Marc Odell"),
    ("analyst", "Sam Keller"),
    ("Governor", "Rolf Anker"),
    ("spokeswoman", "Dana Holm"),
    ("Colonel", "Pavel Drun"),
]
_ORGS = [
    "the Halden Institute",
    "Civic Watch",
    "the Renewal Party",
    "the National Assembly",
    "Red Harbour Aid",
]
_PLACES = ["Meridia", "Valdoria", "Port Alder", "Dunmere", "the United States", "Iran", "Iraq"]
_THINGS = ["protesters", "soldiers", "civilians", "troops", "people", "families", "workers"]
_VERBS = ["killed", "detained", "displaced", "deployed", "injured", "arrested", "evacuated"]
_ASSESS = [
    "will do little to weaken the movement",
    "has strengthened the government's hand",
    "could spark a wider conflict",
    "was a serious blow to the right of assembly",
    "would not change the balance of power",
]
_QUANT = ["more than {n}", "nearly {n}", "about {n}", "fewer than {n}", "{n}", "hundreds of", "at least {n}"]


def _sentence(rng: random.Random) -> str:
    title, name = rng.choice(_PEOPLE)
    surname = name.split()[-1]
    org, place = rng.choice(_ORGS), rng.choice(_PLACES)
    n = f"{rng.randint(2, 9)},{rng.randint(100, 999)}" if rng.random() < 0.5 else str(rng.randint(11, 950))
    quant = rng.choice(_QUANT).format(n=n)
    thing, verb = rng.choice(_THINGS), rng.choice(_VERBS)
    forms = [
        f"{title} {name} said that {quant} {thing} were {verb} in {place} last week.",
        f'"The operation {rng.choice(_ASSESS)}," {surname} told reporters in {place}.',
        f"According to {org}, {quant} {thing} have been {verb} since the start of the crisis.",
        f"{name}, a veteran of the {place} talks, argued that the decision {rng.choice(_ASSESS)}.",
        f"Critics accused {surname} of ignoring the warnings, and {org} condemned the strike.",
        f"{org.capitalize()} has reported that {quant} {thing} were {verb} near the border.",
        f"In {place}, officials praised {surname} as a brave and effective leader.",
        f"The {rng.choice(['attack', 'strike', 'raid', 'arrest'])} came after months of tension "
        f"between {place} and {rng.choice(_PLACES)}.",
    ]
    return rng.choice(forms)


def _article(rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(6, 9)):
        paras.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))))
    return "\n\n".join(paras)


def generate(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [_article(rng) for _ in range(n)]


def _measure(kind: str, path: Path) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    from framelens.config import load_settings
    from framelens.context import Context, load_spacy
    from framelens.engine import analyze_many
    from framelens.exec.local import AnalysisPool
    from framelens.readers import article_from_text

    texts = json.loads(path.read_text("utf-8"))
    settings = load_settings()
    warm = texts[:4]
    t0 = time.perf_counter()
    if kind == "spacy":
        nlp = load_spacy(settings.spacy_model)
        list(nlp.pipe(warm))
        load = time.perf_counter() - t0
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=settings.batch_size))
        return {"seconds": time.perf_counter() - start, "tokens": tokens, "load": load, "rss": peak_rss_mb()}
    articles = [article_from_text(t, source=f"bench-{i}") for i, t in enumerate(texts)]
    if kind == "stages":
        return _stage_seconds(articles, settings, t0)
    if kind == "analyze1t":
        import torch
        from threadpoolctl import threadpool_limits

        torch.set_num_threads(1)
        threadpool_limits(1)
    if kind in {"rules", "analyze1", "analyze1t", "notech"}:
        run_settings = {
            "rules": settings.replace(tone=False, techniques=False, frames=False),
            "notech": settings.replace(techniques=False, frames=False),
            "analyze1": settings,
            "analyze1t": settings,
        }[kind]
        list(analyze_many(articles[:4], jobs=1, settings=run_settings))  # loads the models
        load = time.perf_counter() - t0
        start = time.perf_counter()
        out = list(analyze_many(articles, jobs=1, settings=run_settings))
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "articles": len(out), "load": load, "rss": peak_rss_mb()}
    if kind == "analyze2":
        with AnalysisPool(2, settings) as pool:
            pool.start()  # both workers load their models before the clock starts
            load = time.perf_counter() - t0
            start = time.perf_counter()
            out = list(pool.analyze(articles))
            seconds = time.perf_counter() - start
        # the largest worker (ru_maxrss of children is the maximum over them)
        return {
            "seconds": seconds,
            "articles": len(out),
            "load": load,
            "rss": peak_rss_mb(resource.RUSAGE_CHILDREN),
        }
    # tone stage vs bare encode, on the same sentence windows, models warm
    from framelens.embed import load_encoder
    from framelens.stages import tone as tone_stage
    from framelens.tone import load_tone_model

    analyses = list(analyze_many(articles, jobs=1, settings=settings.replace(tone=False, techniques=False)))
    ctx = Context(settings)
    # exactly what the stage encodes: the distinct sentence windows of each batch of articles
    # (generated articles repeat sentences across batches; the stage encodes those once per batch)
    windows: list[str] = []
    for i in range(0, len(analyses), settings.batch_size):
        batch = analyses[i : i + settings.batch_size]
        windows += list(
            dict.fromkeys(a.article.text[w.start : w.end] for a in batch for _, w, _ in tone_stage._items(a))
        )
    # the pipeline parses each article once for every stage; the tone stage reads that parse
    # (the portrayal's roles), so it is made here, outside the timed runs, as in the pipeline
    ctx.parse([a.article for a in analyses])
    encoder = load_encoder()
    load_tone_model()
    tone_stage.tone_batch(analyses[:2], ctx)
    encoder.encode(windows[:8])
    load = time.perf_counter() - t0
    # Both in this one process, interleaved, best of TONE_REPEATS: run to run, separate
    # processes differed by more than the gap being measured.
    encode_times, tone_times = [], []
    for _ in range(TONE_REPEATS):
        start = time.perf_counter()
        encoder.encode(windows, batch_size=settings.encode_batch_size, show_progress_bar=False)
        encode_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for i in range(0, len(analyses), settings.batch_size):
            tone_stage.tone_batch(analyses[i : i + settings.batch_size], ctx)
        tone_times.append(time.perf_counter() - start)
    return {
        "encode": min(encode_times),
        "tone": min(tone_times),
        "sentences": len(windows),
        "articles": len(analyses),
        "load": load,
    }


def _stage_seconds(articles: list[Any], settings: Any, t0: float) -> dict[str, Any]:
    """Seconds of each rule stage over all the articles, parsed first (as the pipeline does)."""
    from framelens.context import Context
    from framelens.engine import analyze_many
    from framelens.headline import with_headline
    from framelens.models import Analysis
    from framelens.stages import declared_stages
    from framelens.stages._cost import RULE_STAGES

    settings = settings.replace(tone=False, techniques=False, frames=False)
    list(analyze_many(articles[:4], jobs=1, settings=settings))  # loads the models
    load = time.perf_counter() - t0
    ctx = Context(settings)
    heads = [with_headline(a) if settings.headlines else None for a in articles]
    work = [h.work if h else a for a, h in zip(articles, heads, strict=True)]
    start = time.perf_counter()
    ctx.parse(work, {id(h.work): h for h in heads if h})
    seconds = {"parse": time.perf_counter() - start}
    analyses = [Analysis(article=a) for a in work]
    for st in (s for s in declared_stages() if s.name in RULE_STAGES):
        start = time.perf_counter()
        analyses = st.run_batch(analyses, ctx)
        seconds[st.name] = time.perf_counter() - start
    return {"stages": seconds, "load": load}


def read_corpus(folder: Path, n: int | None) -> list[str]:
    """The first ``n`` (all: None) ``.txt`` articles of ``folder``, in name order."""
    paths = sorted(folder.glob("*.txt"))[:n] if n else sorted(folder.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt articles in {folder}; pass --corpus DIR with some, or --generated")
    return [p.read_text("utf-8") for p in paths]


def cost_curve(texts: list[str], lengths: list[int], source: str) -> None:
    """Print each rule stage's seconds and counted work per 1,000 tokens at each article length."""
    from framelens.stages._cost import rule_stage_costs, text_of_length

    # loads the model and the lexicons the stages read lazily, outside the counts: 100 words
    # left the adjective lexicon to the first counted article that had a label needing it,
    # which then showed 2.6x the calls per token of the others (one-time, not per token)
    rule_stage_costs(text_of_length(texts, 2000))
    results = [rule_stage_costs(text_of_length(texts, words)) for words in lengths]
    print(f"rule stages' cost per 1,000 tokens by article length ({source})")
    print("calls: Python function calls; Tokens: spaCy Token objects made (counted: load-independent)")
    print()
    print(
        f"{'stage':<11} {'words':>7} {'tokens':>7} {'seconds':>8} {'s/1k tok':>9} "
        f"{'calls/1k tok':>13} {'Tokens/1k tok':>14}"
    )
    for i, name in enumerate(c.stage for c in results[0].stages):
        per_k_calls = []
        for r in results:
            c = r.stages[i]
            k = r.tokens / 1000
            per_k_calls.append(c.calls / k)
            made = f"{c.tokens_made / k:>14.0f}" if c.tokens_made is not None else f"{'-':>14}"
            print(
                f"{name:<11} {r.words:>7} {r.tokens:>7} {c.seconds:>8.3f} {c.seconds / k:>9.4f} "
                f"{c.calls / k:>13.0f} {made}"
            )
    for r in results:
        per_k = r.parse / r.tokens * 1000
        print(f"{'spaCy parse':<11} {r.words:>7} {r.tokens:>7} {r.parse:>8.3f} {per_k:>9.4f}")
    print()
    for i, name in enumerate(c.stage for c in results[0].stages):
        first, last = results[0].stages[i], results[-1].stages[i]
        calls = (last.calls / results[-1].tokens) / (first.calls / results[0].tokens)
        made = (
            f"{(last.tokens_made / results[-1].tokens) / (first.tokens_made / results[0].tokens):.2f}x"
            if first.tokens_made and last.tokens_made
            else "-"
        )
        print(f"{name}: per token, longest article / shortest: calls {calls:.2f}x, Tokens {made}")
    print("reproduce: .venv/bin/python bench/analyze.py --lengths " + ",".join(map(str, lengths)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, help="articles (default: 300 generated, or 80 of the corpus)")
    parser.add_argument("--quick", action="store_true", help="40 articles, for a smoke run")
    parser.add_argument(
        "--corpus",
        type=Path,
        help=f"a folder of .txt articles (default: {PTC_ARTICLES} when present, else generated articles)",
    )
    parser.add_argument(
        "--generated", action="store_true", help="generated articles even when a corpus is here"
    )
    parser.add_argument(
        "--lengths",
        nargs="?",
        const=",".join(map(str, LENGTHS)),
        help="print the cost curve at these article lengths in words (default 300,1000,3000,10000)",
    )
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return
    corpus = None if args.generated else args.corpus or (PTC_ARTICLES if PTC_ARTICLES.is_dir() else None)
    if args.lengths:
        lengths = [int(w) for w in args.lengths.split(",")]
        texts = read_corpus(corpus, None) if corpus else generate(60)
        cost_curve(texts, lengths, f"articles of {corpus} joined" if corpus else "generated articles joined")
        return
    n = 40 if args.quick else args.n or (CORPUS_N if corpus else 300)
    texts = read_corpus(corpus, n) if corpus else generate(n)
    n = len(texts)
    what = f"articles of {corpus}" if corpus else "generated articles"
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="framelens-bench-") as tmp:
        path = Path(tmp) / "texts.json"
        path.write_text(json.dumps(texts), "utf-8")
        r = {kind: measure_in_fresh_process(__file__, kind, str(path)) for kind in KINDS}
    tokens = r["spacy"]["tokens"]
    print(f"framelens analyze, {n} {what} ({words} words, {tokens} spaCy tokens), 2-core machine")
    print()
    print(
        f"{'measurement':<22} {'seconds':>8} {'art/s':>8} {'tokens/s':>9} {'load s':>7} {'peak RSS MB':>12}"
    )
    rows = [
        ("bare spaCy nlp.pipe", "spacy"),
        ("rule stages", "rules"),
        ("no techniques/frames", "notech"),
        ("analyze, 1 process", "analyze1"),
        ("analyze, 1 proc, 1 core", "analyze1t"),
        ("analyze, 2 processes", "analyze2"),
    ]
    for label, kind in rows:
        m = r[kind]
        rss = f"{m['rss']:.0f}" if "rss" in m else "-"
        print(
            f"{label:<22} {m['seconds']:>8.2f} {n / m['seconds']:>8.1f} {tokens / m['seconds']:>9.0f} "
            f"{m['load']:>7.1f} {rss:>12}"
        )
    print()
    print(f"{'rule stage':<22} {'seconds':>8} {'tokens/s':>9}")
    for name, seconds in r["stages"]["stages"].items():
        print(f"{name:<22} {seconds:>8.2f} {tokens / seconds if seconds else 0:>9.0f}")
    sentences = r["tone"]["sentences"]
    print()
    print(f"{'tone (same sentences)':<22} {'seconds':>8} {'sent/s':>8}")
    for label, kind in (("bare encode", "encode"), ("tone stage", "tone")):
        seconds = r["tone"][kind]
        print(f"{label:<22} {seconds:>8.2f} {sentences / seconds:>8.1f}")
    print()

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    rule = r["spacy"]["seconds"] / r["rules"]["seconds"]
    tone = r["tone"]["encode"] / r["tone"]["tone"]
    scale = r["analyze1"]["seconds"] / r["analyze2"]["seconds"]
    rss = max(r[k]["rss"] for k in ("spacy", "rules", "notech", "analyze1", "analyze1t", "analyze2"))
    tech = r["analyze1"]["seconds"] / r["notech"]["seconds"] - 1
    met_rule, met_tone = verdict(rule >= RULE_RATIO), verdict(tone >= TONE_RATIO)
    print(f"rule stages / bare spaCy throughput: {rule:.2f}x (target >= {RULE_RATIO}x: {met_rule})")
    print(f"tone stage / bare encode throughput: {tone:.2f}x (target >= {TONE_RATIO}x: {met_tone})")
    met_tech = verdict(tech <= TECH_LIMIT)
    print(f"techniques + frames stages add {tech:+.0%} to analyze (target <= +{TECH_LIMIT:.0%}: {met_tech})")
    print(
        f"2 processes / 1 process: {scale:.2f}x (target >= {SCALE_TARGET}x: {verdict(scale >= SCALE_TARGET)})"
    )
    per_core = r["analyze1t"]["seconds"] / r["analyze2"]["seconds"]
    print(
        f"2 processes / 1 process on 1 core (each worker's share): {per_core:.2f}x (context, not the target)"
    )
    limit = verdict(rss <= RSS_LIMIT_MB)
    print(f"largest peak RSS per process: {rss:.0f} MB (target <= {RSS_LIMIT_MB}: {limit})")
    source = " --generated" if not corpus else f" --corpus {args.corpus}" if args.corpus else ""
    size = " --quick" if args.quick else f" --n {n}"
    print("reproduce: .venv/bin/python bench/analyze.py" + source + size)


if __name__ == "__main__":
    main()
