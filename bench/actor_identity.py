#!/usr/bin/env python
"""Actor identity on real articles (issue #19): wrong merges and splits of persons, and linking time.

Reads text files in place (e.g. ``../shared/data/polnear/*/text/*.txt``; nothing is copied)
and prints, for the actors stage and cross-article linking as the checkout on PYTHONPATH
has them:

* within each article: surname-only person actors beside a full-name person of that
  surname (a split left behind), and full-name person actors holding an alias that is a
  full name with the same last word but another first word (a likely wrong merge;
  "Ken Starr" in "Kenneth Starr" is counted too, so read the lines);
* across articles: the linked persons and their sizes, to diff two checkouts;
* the time of one ``link_actors`` call.

Usage: ``PYTHONPATH=$PWD .venv/bin/python bench/actor_identity.py [--every 4] [--limit 150] FILE...``
(run once with ``PYTHONPATH=/path/to/main`` to compare).
"""

from __future__ import annotations

import argparse
import time

import framelens
from framelens.comparison.link import link_actors
from framelens.context import Context
from framelens.models import Analysis, Article
from framelens.pipeline import Pipeline
from framelens.stages.actors import actors
from framelens.stages.sentences import sentences


def _within(results: list[Analysis]) -> tuple[int, list[str]]:
    split, merged = 0, []
    for result in results:
        persons = [a for a in result.actors if a.type == "person"]
        surnames = {a.name.split()[-1] for a in persons if len(a.name.split()) > 1}
        split += sum(1 for a in persons if len(a.name.split()) == 1 and a.name in surnames)
        for a in persons:
            words = a.name.split()
            others = [x.split() for x in a.aliases if len(x.split()) > 1]
            if len(words) > 1 and any(x[-1] == words[-1] and x[0] != words[0] for x in others):
                merged.append(f"{a.name} | {', '.join(a.aliases)}")
    return split, merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--every", type=int, default=1, help="take every n-th file (sorted)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    args = parser.parse_args()
    files = sorted(args.files)[args.every - 1 :: args.every]
    files = files[: args.limit] if args.limit else files
    articles = [a for a in framelens.read(files) if isinstance(a, Article)]
    results = list(Pipeline([sentences, actors]).run(articles, Context()))
    split, merged = _within(results)
    started = time.perf_counter()
    linked, _ = link_actors(results)
    took = time.perf_counter() - started
    persons = [a for a in linked if a.type == "person"]
    print(f"{len(results)} articles, {sum(len(r.actors) for r in results)} local actors")
    print(f"within articles: {split} surname-only persons beside their full name, {len(merged)} merges")
    for line in merged:
        print("   merged:", line)
    print(f"across articles: {len(persons)} linked persons; link_actors {took * 1000:.0f} ms")
    for person in sorted(persons, key=lambda p: (-len(p.articles), p.name))[:25]:
        print(f"   {len(person.articles):4d}  {person.name}  ({', '.join(person.aliases)[:90]})")


if __name__ == "__main__":
    main()
