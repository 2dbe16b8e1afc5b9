"""Article body extraction benchmark (PLACEHOLDER, to be written)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from framelens.config import Settings
from framelens.errors import FramelensError


class Report(Protocol):
    def render(self) -> str: ...


def evaluate_extraction(directory: Path, settings: Settings, limit: int | None = None) -> Report:
    raise FramelensError("the extraction evaluator is not written yet")
