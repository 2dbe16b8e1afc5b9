"""Shared fixtures: paths to hand-written fixtures and to ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from framelens.comparison import Comparison

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared corpus and benchmark data are not beside this checkout")
    return SHARED


@pytest.fixture
def seeds(shared: Path) -> Path:
    path = shared / "corpus" / "seeds"
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the reference seed articles are not available")
    return path


@pytest.fixture(scope="session")
def fictional_comparison() -> Comparison:
    """The comparison of tests/fixtures/compare/ (fictional coverage), computed once per session.

    Shared by tests/compare and tests/report: analysing and comparing costs seconds, and
    the models load once per process anyway.
    """
    from framelens.comparison import compare

    return compare([str(FIXTURES / "compare")])


@pytest.fixture(scope="session")
def disputes_comparison() -> Comparison:
    """The comparison of tests/fixtures/disputes/ (a disputed claim, a reported denial, shared
    quotes with the same and with different speakers), computed once per session."""
    from framelens.comparison import compare

    return compare([str(FIXTURES / "disputes")])
