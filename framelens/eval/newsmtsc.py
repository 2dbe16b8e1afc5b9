"""NewsMTSC target-dependent sentiment evaluation (PLACEHOLDER, to be written)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from framelens.errors import FramelensError


class Report(Protocol):
    def render(self) -> str: ...


def evaluate_newsmtsc(file: Path, limit: int | None = None) -> Report:
    raise FramelensError("the NewsMTSC evaluator is not written yet")
