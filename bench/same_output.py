"""Does a change keep framelens's output the same?  Captures every figure and report a refactor
must not move, and compares two captures.

    python bench/same_output.py capture OUT_DIR [--quick]
    python bench/same_output.py diff BEFORE_DIR AFTER_DIR [--added KEY,KEY] [--versions]

``capture`` runs, with the current checkout's ``framelens`` command: the four evaluators
(extraction, newsmtsc dev_rw and dev_mt, propaganda held-back, clustering on the fictional
fixture) and ``compare --json`` and ``analyze --format json`` on the seeds and the bundled
examples.  Nothing it writes is committed: the seeds are real articles (run it on a capture
folder outside the repository).  ``--quick`` leaves out the slow evaluators.

``diff`` prints a table (output, same or not) and exits 1 when anything differs; keys a change
adds on purpose (``--added``) and stage versions (``--versions``) can be let through.  Tone
scores are compared to the last printed digit: a change of 1 in that digit is allowed (a
float summed in another order), any other change is a difference.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRAMELENS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def _jobs() -> list[tuple[str, list[str], bool]]:
    """(name, framelens arguments, slow?); a name ending in .json is compared as JSON."""
    jobs = [
        ("compare-examples.json", ["compare", "examples/", "--json", "{out}"], False),
        ("analyze-examples.json", ["analyze", "examples/", "--format", "json", "-o", "{out}"], False),
        ("eval-clustering.txt", ["eval", "clustering", "tests/fixtures/clustering/fictional.jsonl"], False),
    ]
    seeds = SHARED / "corpus" / "seeds"
    if seeds.is_dir():
        jobs += [
            ("compare-seeds.json", ["compare", str(seeds), "--json", "{out}"], False),
            ("analyze-seeds.json", ["analyze", str(seeds), "--format", "json", "-o", "{out}"], False),
        ]
    if DATA.is_dir():
        jobs += [
            ("eval-newsmtsc-rw.txt", ["eval", "newsmtsc", str(DATA / "newsmtsc" / "dev_rw.jsonl")], True),
            ("eval-newsmtsc-mt.txt", ["eval", "newsmtsc", str(DATA / "newsmtsc" / "dev_mt.jsonl")], True),
            ("eval-propaganda.txt", ["eval", "propaganda", str(DATA / "ptc"), "--split", "heldback"], True),
            ("eval-extraction.txt", ["eval", "extraction", str(DATA / "extraction-dev")], True),
        ]
    return jobs


def capture(out_dir: Path, quick: bool) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    exe = shutil.which("framelens", path=str(Path(sys.executable).parent)) or "framelens"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    for name, args, slow in _jobs():
        if quick and slow:
            continue
        target = out_dir / name
        argv = [exe, *(a.replace("{out}", str(target)) for a in args)]
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if "{out}" not in " ".join(args):
            target.write_text(done.stdout, encoding="utf-8")
        print(f"{name:28} exit {done.returncode}", flush=True)


def _close(a: float, b: float) -> bool:
    """Equal, or one unit apart in the last printed digit of the more precise of the two."""
    if a == b:
        return True
    digits = max(len(repr(x).split(".")[1]) if "." in repr(x) else 0 for x in (a, b))
    return math.isclose(a, b, rel_tol=0, abs_tol=1.000001 * 10**-digits)


#: keys a change may add (``--added``) and whether stage versions may change (``--versions``)
ADDED: set[str] = set()
VERSIONS = [False]


def _same(a: Any, b: Any, path: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a and key in ADDED:
                continue
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'after' if key in b else 'before'}")
            elif not (VERSIONS[0] and key == "version" and ".provenance[" in path):
                _same(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _same(x, y, f"{path}[{i}]", out)
    elif isinstance(a, float) and isinstance(b, float):
        if not _close(a, b):
            out.append(f"{path}: {a} -> {b}")
    elif a != b:
        out.append(f"{path}: {str(a)[:80]!r} -> {str(b)[:80]!r}")


def _untimed(text: str) -> list[str]:
    """The lines of an evaluator's output less its timing column (a table whose header ends
    with "seconds"): a run's speed is not its output."""
    lines, timed = [], False
    for line in text.splitlines():
        if line.rstrip().endswith("seconds"):
            timed = True
        elif not line.strip():
            timed = False
        elif timed:
            line = line.rstrip().rsplit(None, 1)[0]
        lines.append(line)
    return lines


def _text_same(a: str, b: str, out: list[str]) -> None:
    before, after = _untimed(a), _untimed(b)
    for i, (x, y) in enumerate(zip(before, after, strict=False)):
        if x != y:
            out.append(f"line {i + 1}: {x.strip()!r} -> {y.strip()!r}")
    if len(before) != len(after):
        out.append("a different number of lines")


def diff(before: Path, after: Path) -> int:
    bad = 0
    print(f"{'output':28} {'result':10} first differences")
    for path in sorted(before.iterdir()):
        other = after / path.name
        problems: list[str] = []
        if not other.exists():
            print(f"{path.name:28} {'-':10} not captured after (--quick?)")
            continue
        if path.suffix == ".json":
            _same(json.loads(path.read_text("utf-8")), json.loads(other.read_text("utf-8")), "$", problems)
        else:
            _text_same(path.read_text("utf-8"), other.read_text("utf-8"), problems)
        bad += bool(problems)
        print(f"{path.name:28} {'same' if not problems else 'DIFFERENT':10} {'; '.join(problems[:3])}")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("out", type=Path)
    cap.add_argument("--quick", action="store_true", help="leave out the slow evaluators")
    dif = sub.add_parser("diff")
    dif.add_argument("before", type=Path)
    dif.add_argument("after", type=Path)
    dif.add_argument("--added", default="", help="comma-separated JSON keys the change adds on purpose")
    dif.add_argument("--versions", action="store_true", help="stage versions in provenance may change")
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.out, args.quick)
        return 0
    ADDED.update(k for k in args.added.split(",") if k)
    VERSIONS[0] = args.versions
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
