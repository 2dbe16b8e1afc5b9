"""`ingest` and `stories` write to a store while `serve` serves it, and the server keeps answering.

A real server process (uvicorn, a free port) serves a copy of the web tests' store; a
poller asks it for pages the whole time; `ingest` of a new article and then `stories`
run as the CLI against the same file.  Every answer must be 2xx, the new article must be
found by search within 60 s of the ingest's end, its story must show a stored report, and
the server process must never have loaded spaCy or the encoder.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

WORD = "Quillberry"
ARTICLE = f"""Floodgates at {WORD} harbour opened on Tuesday

The harbour authority of {WORD} opened all six floodgates on Tuesday after the Teller river
rose by two metres overnight, port director Amalia Strand said.

"We had no choice but to open them before the tide turned," Strand told reporters at the
harbour office.  About 300 residents of the lower quay were moved to the town hall.
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": root, "HF_HUB_OFFLINE": "1"}


@pytest.fixture()
def server(store_path: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    db = tmp_path / "served.duckdb"
    db.write_bytes(store_path.read_bytes())
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "framelens", "serve", "--db", str(db), "--port", str(port)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/index.json", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"serve did not start: {(tmp_path / 'serve.log').read_text()[-2000:]}")
        time.sleep(0.2)
    try:
        yield base, db, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


class Poller(threading.Thread):
    """Asks the server for pages until stopped; keeps every status that was not 2xx."""

    def __init__(self, base: str, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.base, self.paths = base, paths
        self.bad: list[tuple[str, int | str]] = []
        self.answers = 0
        self.slowest = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self.stop.is_set():
                for path in self.paths:
                    started = time.monotonic()
                    try:
                        status: int | str = client.get(path).status_code
                    except httpx.HTTPError as exc:
                        status = type(exc).__name__
                    self.slowest = max(self.slowest, time.monotonic() - started)
                    self.answers += 1
                    if not (isinstance(status, int) and 200 <= status < 300):
                        self.bad.append((path, status))
                time.sleep(0.05)


def _loaded_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text("utf-8", "replace")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "framelens", *args], env=_env(), capture_output=True, text=True, timeout=600
    )


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/PID/maps (Linux)")
def test_ingest_and_stories_run_while_serve_serves_the_store(
    server: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, db, proc = server
    story = httpx.get(f"{base}/index.json").json()["stories"][0]["id"]
    poller = Poller(
        base, ["/index.json", f"/search.json?q={WORD}", f"/story/{story}.json", f"/story/{story}"]
    )
    poller.start()
    new = tmp_path / "quillberry.txt"
    new.write_text(ARTICLE, "utf-8")
    try:
        ingested = _cli("ingest", str(new), "--db", str(db), "--no-tone")
        assert ingested.returncode == 0, ingested.stderr[-2000:]
        deadline = time.monotonic() + 60
        hits: list[dict[str, object]] = []
        while not hits and time.monotonic() < deadline:
            hits = httpx.get(f"{base}/search.json", params={"q": WORD}, timeout=60).json()["results"]
            time.sleep(0.2)
        assert hits, "the new article did not show up in search within 60 s"
        grouped = _cli("stories", "--db", str(db))
        assert grouped.returncode == 0, grouped.stderr[-2000:]
        assert re.search(r"; [1-9]\d* story reports? computed", grouped.stderr), grouped.stderr
    finally:
        poller.stop.set()
        poller.join(timeout=120)
    served = (tmp_path / "serve.log").read_text("utf-8", "replace")
    assert poller.answers > 10 and poller.bad == [], f"{poller.bad[:10]}\n{served[-3000:]}"
    hit = httpx.get(f"{base}/search.json", params={"q": WORD}).json()["results"][0]
    assert hit["story_id"] is not None
    page = httpx.get(f"{base}/story/{hit['story_id']}.json").json()
    assert page["report"] is not None and page["notice"] is None
    maps = _loaded_libraries(proc.pid)
    for library in ("/spacy/", "/torch/", "/thinc/", "/sentence_transformers/"):
        assert library not in maps, f"the server process loaded {library.strip('/')}"
