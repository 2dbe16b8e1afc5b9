"""Story pages show the report `framelens stories` stored; the server never compares or loads a model."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webstore import BASE

from framelens.store import Store
from framelens.web import WebOptions, create_app

MODELS = ("spacy", "thinc", "torch", "sentence_transformers", "transformers")

SHOW_EVERY_STORY = f"""
import json, sys
from fastapi.testclient import TestClient
from framelens.web import create_app

with TestClient(create_app(sys.argv[1]), base_url="{BASE}") as client:
    stories = client.get("/index.json").json()["stories"]
    for story in stories:
        assert client.get(f"/story/{{story['id']}}").status_code == 200
        assert client.get(f"/story/{{story['id']}}.json").json()["report"] is not None
print(json.dumps([len(stories), sorted(m for m in {MODELS!r} if m in sys.modules)]))
"""


def test_story_pages_load_no_model_in_the_server_process(store_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHOW_EVERY_STORY, str(store_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shown, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown >= 2 and loaded == []


def test_a_story_without_a_stored_report_says_how_to_make_it(store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "unreported.duckdb"
    path.write_bytes(store_path.read_bytes())
    with Store(path) as store:
        story_id = store.story_list(limit=1)[0]["id"]
        store._con.execute("DELETE FROM story_reports WHERE story_id = ?", [story_id])
    with TestClient(create_app(path), base_url=BASE) as client:
        data = client.get(f"/story/{story_id}.json").json()
        assert data["report"] is None and "framelens stories --db" in data["notice"]
        page = client.get(f"/story/{story_id}")
        assert page.status_code == 200 and "framelens stories --db" in page.text


def test_a_report_of_other_members_is_not_shown(store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "changed.duckdb"
    path.write_bytes(store_path.read_bytes())
    with Store(path) as store:
        story_id = store.story_list(limit=1)[0]["id"]
        store._con.execute("UPDATE story_reports SET members = 'older' WHERE story_id = ?", [story_id])
    with TestClient(create_app(path), base_url=BASE) as client:
        assert client.get(f"/story/{story_id}.json").json()["report"] is None


def test_first_open_of_every_story_is_fast_and_concurrent_requests_do_not_block_the_index(
    store_path: Path,
) -> None:
    app = create_app(store_path, options=WebOptions(story_cache=1))
    with TestClient(app, base_url=BASE) as client:
        ids = [s["id"] for s in client.get("/index.json").json()["stories"]]
        for story_id in ids:
            start = time.perf_counter()
            assert client.get(f"/story/{story_id}").status_code == 200
            assert time.perf_counter() - start < 1.5
        # many uncached story requests at once (the cache holds one report) and the index beside them
        statuses: list[int] = []

        def ask(path: str) -> None:
            statuses.append(client.get(path).status_code)

        threads = [threading.Thread(target=ask, args=(f"/story/{ids[i % len(ids)]}",)) for i in range(30)]
        for thread in threads:
            thread.start()
        start = time.perf_counter()
        assert client.get("/").status_code == 200
        index_s = time.perf_counter() - start
        for thread in threads:
            thread.join(timeout=60)
    assert statuses == [200] * len(threads)
    assert index_s < 2.0


@pytest.mark.parametrize("hold", [0.05])
def test_the_reader_lets_go_of_the_file_between_requests(
    store_path: Path, tmp_path: Path, hold: float
) -> None:
    from framelens.store.reader import SharedReader

    path = tmp_path / "r.duckdb"
    path.write_bytes(store_path.read_bytes())
    reader = SharedReader(path, hold_s=hold, idle_s=0.05)
    try:
        with reader.cursor() as cur:
            assert cur.execute("SELECT count(*) FROM articles").fetchall()[0][0] > 0
            assert reader.is_open
        deadline = time.monotonic() + 5
        while reader.is_open and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not reader.is_open  # idle: closed, so a writer in another process can take the file
    finally:
        reader.close()


def test_an_internal_duckdb_error_is_answered_from_a_fresh_connection(store_path: Path) -> None:
    import duckdb

    app = create_app(store_path)
    state = app.state.web
    calls: list[int] = []

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        calls.append(state.reader.opens)
        if len(calls) == 1:
            raise duckdb.InternalException("Attempted to access index 0 within vector of size 0")
        return int(cur.execute("SELECT count(*) FROM articles").fetchall()[0][0])

    try:
        assert state.read(work) == 13
        assert len(calls) == 2 and calls[1] == calls[0] + 1  # the second try had a new connection
    finally:
        state.close()


def test_a_store_locked_past_the_wait_is_a_503_page(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.duckdb"
    path.write_bytes(store_path.read_bytes())
    app = create_app(path)
    state = app.state.web
    state.reader.lock_wait = 0.2
    state.reader.discard()  # closed now: the next request must take the file again
    hold = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            hold,
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with TestClient(app, base_url=BASE) as client:
            response = client.get("/index.json")
        assert response.status_code == 503
        assert "is in use by another framelens process" in response.json()["error"]["message"]
    finally:
        holder.communicate("", timeout=20)
