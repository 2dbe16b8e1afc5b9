"""Web UI latency: p50/p95 of the main pages over loopback, on a generated store (or --db).

Builds a store of short generated articles (many distinct events, each covered by
several outlets; analysed with tone, techniques and frames off so that 10k articles
ingest in minutes), groups it into stories and computes their reports (as ``framelens
stories`` does), starts the app with uvicorn on a free loopback port and times a bounded
number of requests per route with one client:

    .venv/bin/python bench/web.py --articles 10000 --keep /tmp/web10k.duckdb
    .venv/bin/python bench/web.py --db /tmp/web10k.duckdb          # reuse a store

``/story/ID`` is timed after its first request (the stored report is rendered once and
cached); the first request of a bounded sample of stories (the 5 largest and a seeded
draw of the rest, 50 in all) is timed apart (p50/p95/max), and so is ``/`` while 60
uncached story requests run at once.  A ``--db`` store whose stories lack
reports gets them computed first (a write, timed).  Prints a table.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import httpx
import uvicorn

from framelens.config import load_settings
from framelens.corpus import build_story_reports, cluster_store, ingest_articles, load_corpus_params
from framelens.models import Article, article_id
from framelens.store import Store
from framelens.web import create_app

OUTLETS = tuple(f"{a} {b}" for a in ("North", "South", "East", "West") for b in ("Times", "Post", "Herald"))
_SYLLABLES = ("ka", "ren", "lo", "vi", "dar", "mo", "sel", "tin", "bra", "os", "ul", "mer", "na", "zo")
SEARCHES = ("flood", "strike", "election", "court ruling", "minister", "river", "union pay", "mayor said")


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def generate(n: int, per_event: int = 8, seed: int = 11) -> list[Article]:
    """``n`` short articles: n / per_event events with their own people, places, numbers and day."""
    rng = random.Random(seed)
    articles: list[Article] = []
    kinds = (
        "flood",
        "strike",
        "election",
        "court ruling",
        "fire",
        "protest",
        "earthquake",
        "bank collapse",
        "rail crash",
        "drought",
        "mine blast",
        "data breach",
    )
    for event in range(-(-n // per_event)):
        kind = rng.choice(kinds)
        person, rival = f"{_name(rng)} {_name(rng, 3)}", f"{_name(rng)} {_name(rng, 3)}"
        place = _name(rng, 3)
        number = rng.randint(2, 900) * 10
        day = event  # one event a day, over a few years
        date = f"{2030 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + (day % 365) % 28:02d}"
        sentences = [
            f"A {kind} hit {place} on Monday, officials in {place} said.",
            f"Mayor {person} said {number} people were affected by the {kind}.",
            f'"We will rebuild {place}," {person.split()[1]} told reporters.',
            f"Critics led by {rival} said the council of {place} had ignored warnings.",
            f"Minister {rival} called the response to the {kind} in {place} too slow.",
            f"The union in {place} said {number // 10} workers had stopped work.",
        ]
        for i in range(per_event):
            if len(articles) == n:
                break
            chosen = rng.sample(sentences, rng.randint(3, 5))
            text = " ".join(chosen[:2]) + "\n\n" + " ".join(chosen[2:]) + f" ({OUTLETS[i % len(OUTLETS)]})"
            articles.append(
                Article(
                    id=article_id(text),
                    source=f"e{event}-{i}",
                    text=text,
                    title=f"{kind.capitalize()} in {place}: {person} speaks",
                    outlet=OUTLETS[(event + i) % len(OUTLETS)],
                    published=date,
                )
            )
    return articles


def build(path: Path, n: int, jobs: int) -> None:
    settings = load_settings(tone=False, techniques=False, frames=False)
    params = load_corpus_params()
    start = time.perf_counter()
    with Store(path) as store:
        summary = ingest_articles(generate(n), store, settings, params, jobs=jobs)
        took = time.perf_counter() - start
        print(f"ingested {summary.stored} articles in {took:.0f} s ({summary.duplicates} near-duplicates)")
        start = time.perf_counter()
        stories = cluster_store(store, params.stories)
        print(f"grouped into {stories.stories} stories in {time.perf_counter() - start:.0f} s")
    reports(path)


def reports(path: Path) -> None:
    """Compute the reports of the stories that lack one (what `framelens stories` does after grouping)."""
    settings = load_settings()
    with Store(path) as store:
        todo = len(store.stories_without_report(settings.web.max_story_articles))
        if not todo:
            return
        start, cpu_start = time.perf_counter(), time.process_time()
        built = build_story_reports(store, settings, max_articles=settings.web.max_story_articles)
        took = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    print(
        f"computed {built.built} story reports in {took:.0f} s ({took / max(1, built.built):.2f} s each; "
        f"{cpu:.0f} s of CPU in this process)"
    )


def _concurrent(base: str, stories: list[int], n: int = 60) -> tuple[float, float]:
    """(seconds `/` took, seconds the slowest story took) while ``n`` uncached story requests run at once."""
    slowest = [0.0]
    ready = threading.Barrier(n + 1)

    def story(sid: int) -> None:
        with httpx.Client(base_url=base, timeout=300) as client:
            ready.wait()
            start = time.perf_counter()
            client.get(f"/story/{sid}").raise_for_status()
            slowest[0] = max(slowest[0], time.perf_counter() - start)

    threads = [threading.Thread(target=story, args=(stories[i % len(stories)],)) for i in range(n)]
    for thread in threads:
        thread.start()
    ready.wait()
    time.sleep(0.05)
    with httpx.Client(base_url=base, timeout=300) as client:
        start = time.perf_counter()
        client.get("/").raise_for_status()
        index = time.perf_counter() - start
    for thread in threads:
        thread.join()
    return index, slowest[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _all_stories(client: httpx.Client) -> list[int]:
    """Every story id, through the listing (100 a page)."""
    ids: list[int] = []
    for page in range(1, 10_001):
        got = client.get(f"/index.json?size=100&page={page}").json()["stories"]
        ids += [s["id"] for s in got]
        if len(got) < 100:
            return ids
    return ids


def measure(db: Path, requests: int, first_opens: int = 50) -> None:
    reports(db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(300):
            try:
                client.get("/index.json")
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        index = client.get("/index.json?size=5").json()
        stories = [s["id"] for s in index["stories"]]
        everything = _all_stories(client)
        rest = [sid for sid in everything if sid not in stories]
        sample = [*stories, *random.Random(7).sample(rest, min(first_opens - len(stories), len(rest)))]
        first = {}
        for sid in sample:  # the first open of each: the stored report rendered, timed apart
            start = time.perf_counter()
            client.get(f"/story/{sid}").raise_for_status()
            first[sid] = time.perf_counter() - start
        uncached = [sid for sid in rest if sid not in first][:60]
        busy_index, busy_story = _concurrent(base, uncached or stories)
        hit = client.get("/search.json?q=mayor&size=1").json()["results"][0]["id"]
        actors = [a["id"] for a in client.get(f"/article/{hit}.json").json()["actors"]][:3]
        routes = {
            "/": lambda i: f"/?page={1 + i % 5}",
            "/search?q=...": lambda i: f"/search?q={SEARCHES[i % len(SEARCHES)]}",
            "/story/ID (cached)": lambda i: f"/story/{stories[i % len(stories)]}",
            "/actor/ID": lambda i: f"/actor/{actors[i % len(actors)]}",
            "/article/ID": lambda i: f"/article/{hit}",
        }
        counts = index["corpus"]
        print(
            f"\nstore {db}: {counts['articles']} articles, {counts['stories']} stories, "
            f"{counts['outlets']} outlets; {requests} requests per route, one client, loopback\n"
        )
        print(f"{'route':<22}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for name, url in routes.items():
            times = []
            for i in range(requests):
                start = time.perf_counter()
                client.get(url(i)).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
            print(f"{name:<22}{statistics.median(times):>10.1f}{_pct(times, 0.95):>10.1f}{max(times):>10.1f}")
        times = list(first.values())
        largest = ", ".join(f"{first[sid]:.2f} s" for sid in stories)
        print(
            f"\nfirst open of /story/ID, {len(times)} stories ({len(stories)} largest, a seeded sample): "
            f"p50 {statistics.median(times):.2f} s, p95 {_pct(times, 0.95):.2f} s, max {max(times):.2f} s; "
            f"the largest ({', '.join(map(str, stories))}): {largest}"
        )
        print(
            f"/ while 60 uncached /story/ID requests ran at once: {busy_index:.2f} s "
            f"(slowest story request {busy_story:.2f} s)"
        )
    server.should_exit = True
    thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store to measure (else one is built)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles to generate and ingest")
    parser.add_argument("--keep", type=Path, help="where to build the store (kept); default a temp dir")
    parser.add_argument("--jobs", type=int, default=1, help="ingest worker processes")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per route (bounded)")
    parser.add_argument("--first-opens", type=int, default=50, help="stories whose first open is timed")
    args = parser.parse_args()
    requests = max(5, min(args.requests, 1000))
    if args.db is not None:
        measure(args.db, requests, args.first_opens)
        return
    with tempfile.TemporaryDirectory(prefix="framelens-web-bench-") as tmp:
        path = args.keep or Path(tmp) / "corpus.duckdb"
        if path.exists():
            sys.exit(f"{path} exists; pass it with --db to measure it, or remove it")
        build(path, args.articles, args.jobs)
        measure(path, requests, args.first_opens)


if __name__ == "__main__":
    main()
