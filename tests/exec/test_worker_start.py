"""A worker's start-up: spaCy imported without torch when nothing the worker runs needs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from framelens.config import load_settings
from framelens.exec.worker import _spacy_needs_torch

SCRIPT = """
import json, sys
from framelens.config import load_settings
from framelens.exec.worker import warm_up
from framelens.engine import analyze
warm_up(load_settings(), 1)
result = analyze("Governor Carla Menst praised the brave firefighters of Port Alder on Monday.")
import thinc.compat
print(json.dumps({
    "torch": "torch" in sys.modules,
    "thinc_torch": thinc.compat.has_torch,
    "actors": [a.name for a in result.actors],
    "tones": [t.label for t in result.tones],
}))
"""


def _start(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**os.environ, "HF_HUB_OFFLINE": "1", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_worker_on_the_packaged_pipeline_never_imports_torch() -> None:
    """The packaged spaCy pipeline is a CNN and the encoders run on ONNX Runtime: importing
    torch (spaCy's thinc does when it can) was a third of a worker's start-up."""
    assert not _spacy_needs_torch(load_settings().spacy_model)
    started = _start({})
    assert started["torch"] is False and started["thinc_torch"] is False
    assert "Carla Menst" in started["actors"]  # type: ignore[operator]
    assert started["tones"]  # the tone stage ran, on ONNX Runtime


def test_the_torch_runtime_or_an_unknown_pipeline_keeps_torch() -> None:
    assert _spacy_needs_torch("no_such_pipeline_package")
    assert _spacy_needs_torch("not a package name")
    started = _start({"FRAMELENS_ENCODER_RUNTIME": "torch"})
    assert started["torch"] is True and started["thinc_torch"] is True
    assert started["tones"]
