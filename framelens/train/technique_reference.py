r"""Compute the packaged technique reference: the technique rates of the held-back PTC articles.

Usage (from the repository root; under a minute on 2 CPU cores)::

    python -m framelens.train.technique_reference \
        --data ../shared/data/ptc --out framelens/resources/techniques/

The packaged detector runs on the 56 held-back articles of the Propaganda Techniques Corpus
(``framelens.eval.splits``: a fixed fifth chosen by a hash of the article id), which were
never used to fit the packaged model, so their rates are those of text the model has not
seen.  Their rates per 1,000 words, all techniques together and each one, are written
sorted to ``reference.json`` with the fingerprint of the model that produced them.  Run it
again after every retrain of the technique model: this script is the only way the file is
made, and a report says when the file is out of date.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from framelens.eval.propaganda import read_ptc
from framelens.techniques.reference import Reference, compute_reference, write_reference

log = logging.getLogger("framelens.train.technique_reference")

NAME = "held-back articles of the Propaganda Techniques Corpus"
DESCRIPTION = "news and opinion from mainstream and partisan outlets"


def make_reference(data: Path, out: Path, command: str) -> Reference:
    """Run the packaged detector on the held-back articles in ``data`` and write ``out/reference.json``."""
    articles = read_ptc(data, split="heldback")
    started = time.perf_counter()
    reference = compute_reference([a.text for a in articles], NAME, DESCRIPTION, command)
    path = write_reference(reference, out)
    rates = reference.rates
    log.info(
        "%d articles in %.0fs; rates per 1,000 words: min %.1f, median %.1f, max %.1f; wrote %s",
        reference.articles,
        time.perf_counter() - started,
        rates[0],
        rates[len(rates) // 2],
        rates[-1],
        path,
    )
    return reference


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m framelens.train.technique_reference", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="PTC folder: articles/, labels-si/, labels-tc/"
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write reference.json")
    given = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(given)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    command = " ".join([parser.prog, *given])  # as typed, so the file says how to redo it
    make_reference(args.data, args.out, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
