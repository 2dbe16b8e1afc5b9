"""Registers the ``slow`` marker for the tests that start a real Dask cluster."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: starts real worker processes (tens of seconds)")
