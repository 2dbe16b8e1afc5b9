"""Stance prediction speed: ``framelens.stance.predict`` on 100 pairs after loading, in a fresh process.

    .venv/bin/python bench/stance.py                 # generated fictional pairs
    .venv/bin/python bench/stance.py --fnc1 ../shared/data/fnc1   # 100 held-back FNC-1 pairs too

Two shapes of 100 pairs: 10 claims x 10 texts (claims and texts recur, as when one
article's claims meet other outlets' articles) and 100 distinct claims with 100 distinct
texts (the worst case: nothing is shared).  Each row is the best of 3 runs after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _fresh import measure_in_fresh_process, peak_rss_mb  # the sibling module bench/_fresh.py

CLAIM = "Mayor {i} of Halden resigns over the harbour bridge scandal"
TEXT = (
    "Mayor {i} of Halden resigned on Tuesday over the harbour bridge scandal, her office confirmed. "
    "She announced it at a press conference at city hall. Deputy mayor Tomas Reh will lead the council "
    "until an election in the spring. Auditors found last month that contracts worth {i} million had gone "
    "to firms owned by council members. Critics said the resignation came too late. Others called it a "
    "hoax spread on social media, which her office denied. The council meets again on Friday."
)


def _pairs(shape: str, fnc1: str | None) -> list[tuple[str, str]]:
    if shape == "10x10":
        return [(CLAIM.format(i=i), TEXT.format(i=j)) for i in range(10) for j in range(10)]
    if shape == "100 distinct":
        return [(CLAIM.format(i=i), TEXT.format(i=i + 1000)) for i in range(100)]
    from framelens.eval.fnc1 import read_fnc1

    data = read_fnc1(Path(str(fnc1)), split="heldback", layout="train")
    return data.texts()[:: len(data.pairs) // 100][:100]


def measure(shape: str, fnc1: str | None) -> dict[str, float]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from framelens.stance import predict

    pairs = _pairs(shape, fnc1)
    started = time.perf_counter()
    predict(pairs[:1])  # loading: encoder, model, word lists
    load = time.perf_counter() - started
    predict(pairs)  # warm-up
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        predict(pairs)
        runs.append(time.perf_counter() - started)
    return {"pairs": len(pairs), "load_s": load, "seconds": min(runs), "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fnc1", help="FNC-1 folder: also time 100 held-back pairs")
    args = parser.parse_args()
    shapes = ["10x10", "100 distinct"] + (["fnc1 held-back"] if args.fnc1 else [])
    print("| pairs | shape | load s | seconds | pairs/s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for shape in shapes:
        extra = (args.fnc1,) if args.fnc1 else ()
        r = measure_in_fresh_process(__file__, shape, *extra)
        print(
            f"| {r['pairs']} | {shape} | {r['load_s']:.1f} | {r['seconds']:.2f} | "
            f"{r['pairs'] / r['seconds']:.0f} | {r['peak_rss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
