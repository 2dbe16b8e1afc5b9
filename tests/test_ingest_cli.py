"""`framelens ingest / stories / export / compare --db --story` through the real command.

The crash test starts an ingest, kills it with SIGKILL once batches have been committed,
checks that what was committed is whole, then runs the same command to completion.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from corpusgen import generate, syndicated_copy, write_jsonl

from framelens.models import article_id
from framelens.store import open_store

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "FRAMELENS_BATCH_SIZE": "4"}


def _framelens() -> list[str]:
    exe = Path(sys.executable).with_name("framelens")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "framelens"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_framelens(), *args], capture_output=True, text=True, env=ENV, timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = generate(per_event=4, events=5)
    rows.append(syndicated_copy(rows[0], "Metro Daily"))
    return write_jsonl(rows, tmp_path_factory.mktemp("corpus") / "news.jsonl")


def _unique_texts(corpus: Path) -> set[str]:
    return {article_id(json.loads(line)["text"]) for line in corpus.read_text().splitlines()}


def test_sigkill_mid_ingest_keeps_committed_batches_and_rerun_completes(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    cmd = [*_framelens(), "ingest", str(corpus), "--db", str(db), "--no-tone", "--commit-every", "3", "-v"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=ENV)
    assert proc.stderr is not None
    commits = 0
    deadline = time.monotonic() + 240
    while commits < 2 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        commits += "committed" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert commits == 2, "the ingest never committed two batches"
    assert proc.returncode == -signal.SIGKILL

    expected = _unique_texts(corpus)
    with open_store(db) as store:
        assert store.check() == []  # no half-stored article
        stored = set(store.article_ids())
        assert 6 <= len(stored) < len(expected)
        assert len(store.analyses(sorted(stored))) == len(stored)

    rerun = _run("ingest", str(corpus), "--db", str(db), "--no-tone")
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {len(stored)} already stored" in rerun.stderr
    with open_store(db, read_only=True) as store:
        assert set(store.article_ids()) == expected
        assert store.check() == []
        assert store.count("duplicates") == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) = count(DISTINCT id) FROM articles").fetchone() == (True,)
    con.close()


def test_ingest_stories_compare_export(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "c.duckdb"
    first = _run("ingest", str(corpus), "--db", str(db), "--no-tone")
    assert first.returncode == 0, first.stderr
    again = _run("ingest", str(corpus), "--db", str(db), "--no-tone")
    assert again.returncode == 0
    assert again.stderr.strip() == (
        f"stored 0 new articles in {db} (0 near-duplicates linked), "
        f"skipped {len(_unique_texts(corpus))} already stored"
    )

    stories = _run("stories", "--db", str(db), "--top", "3")
    assert stories.returncode == 0, stories.stderr
    assert "started one" in stories.stderr and " 5 stories in " in stories.stderr
    header, *rows = stories.stdout.splitlines()
    assert header.split() == ["story", "size", "dates", "title"] and len(rows) == 3
    assert "showing 3 of 5 stories, largest first (--top N lists more)" in stories.stderr
    story_id = rows[0].split()[0]

    report = tmp_path / "report.json"
    compared = _run("compare", "--db", str(db), "--story", story_id, "--json", str(report))
    assert compared.returncode == 0, compared.stderr
    data = json.loads(report.read_text())
    with open_store(db, read_only=True) as store:
        members = store.story_members(int(story_id))
    originals = [m["article_id"] for m in members if m["duplicate_of"] is None]
    assert len(json.dumps(data)) > 1000 and len(originals) >= 2
    assert all(aid in report.read_text() for aid in originals)

    out = tmp_path / "export"
    exported = _run("export", "--db", str(db), "--format", "parquet", str(out))
    assert exported.returncode == 0, exported.stderr
    count = duckdb.sql(f"SELECT count(*) FROM '{out / 'story_members.parquet'}'").fetchone()
    assert count == (len(_unique_texts(corpus)),)


def test_bad_inputs_are_one_line_errors_and_the_rest_is_stored(tmp_path: Path, corpus: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": \n')
    db = tmp_path / "c.duckdb"
    result = _run(
        "ingest", str(bad), str(tmp_path / "missing.txt"), str(corpus), "--db", str(db), "--no-tone"
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        lines[0].startswith(f"error: {bad}:1: ")
        and lines[1] == f"error: {tmp_path / 'missing.txt'}: no such file or directory"
    )
    assert lines[-1] == "2 inputs failed"
    with open_store(db, read_only=True) as store:
        assert store.count("articles") == len(_unique_texts(corpus))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stories", "--db", "{notdb}"], "is not a framelens store (not a DuckDB database)"),
        (["export", "--db", "{absent}", "{tmp}/out"], "no store at"),
        (["compare", "--db", "{foreign}", "--story", "1"], "is a DuckDB database but not a framelens store"),
        (["compare", "--story", "1"], "--db and --story go together"),
        (["compare"], "Missing argument"),
        (["export", "--db", "{absent}", "--format", "xml", "{tmp}/out"], "--format must be parquet or jsonl"),
    ],
)
def test_bad_store_arguments(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "notes.duckdb").write_text("not a database\n" * 50)
    con = duckdb.connect(str(tmp_path / "foreign.duckdb"))
    con.execute("CREATE TABLE sales (id INTEGER)")
    con.close()
    paths = {
        "notdb": tmp_path / "notes.duckdb",
        "absent": tmp_path / "absent.duckdb",
        "foreign": tmp_path / "foreign.duckdb",
        "tmp": tmp_path,
    }
    result = _run(*(a.format(**paths) for a in args))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
