"""Fixtures of the web tests: one analysed store per session and a TestClient over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webstore import BASE, build_store

from framelens.web import WebOptions, create_app

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "corpus.duckdb")


@pytest.fixture(scope="session")
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(store_path, options=WebOptions(story_cache=4))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as test_client:
        yield test_client
