"""Shared fixtures: paths to hand-written fixtures and to the shared data (skipped when absent).

The shared corpus and benchmark data are found at ``../shared`` beside this checkout, or at
the folder named by ``FRAMELENS_SHARED``; a skip says which place was looked at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from framelens.comparison import Comparison

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_ENV = "FRAMELENS_SHARED"
SHARED = Path(os.environ[SHARED_ENV]) if os.environ.get(SHARED_ENV) else ROOT.parent / "shared"
SHARED_FROM = (
    f"named by {SHARED_ENV}"
    if os.environ.get(SHARED_ENV)
    else f"beside this checkout, the default; set {SHARED_ENV} to use another folder"
)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus and benchmark data not found at {SHARED} ({SHARED_FROM})")
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
