"""What the bench scripts share: each measurement runs in a fresh Python process.

A fresh process per measurement keeps one measurement's imports, caches and peak RSS
(``ru_maxrss`` only ever grows) out of the next one's.  A script runs itself with
``--measure ARGS...`` and prints its result as JSON on its last line of output.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from typing import Any


def measure_in_fresh_process(script: str, *args: str) -> dict[str, Any]:
    """Run ``script --measure ARGS...`` in a new interpreter and return the JSON it printed last."""
    out = subprocess.run(
        [sys.executable, script, "--measure", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MB of this process (or the largest child, ``RUSAGE_CHILDREN``)."""
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux
