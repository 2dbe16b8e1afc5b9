"""`framelens analyze` through its entry point, and the library job behind it.

The JSON output is validated against the published schema; every span's text is checked
against the article text, so an offset bug cannot hide behind a valid shape.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner, Result

from framelens.cli import app
from framelens.config import load_settings
from framelens.engine import analyze_many
from framelens.readers import article_from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def schema() -> dict[str, Any]:
    text = resources.files("framelens.schemas").joinpath("analysis.schema.json").read_text("utf-8")
    return json.loads(text)


def _spans(node: Any) -> list[dict[str, Any]]:
    """Every dict in the document that has start, end and text."""
    found = []
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            found.append(node)
        for value in node.values():
            found += _spans(value)
    elif isinstance(node, list):
        for value in node:
            found += _spans(value)
    return found


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    result = run("analyze", str(FIXTURES), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_output_validates_against_the_schema(documents: list[dict[str, Any]]) -> None:
    assert len(documents) == len(list(FIXTURES.glob("*.txt")))
    validator = jsonschema.Draft202012Validator(schema())
    for doc in documents:
        validator.validate(doc)
        assert doc["schema_version"]
        for key in ("actors", "labels", "quotes", "quantities", "tones"):
            assert doc[key], f"{doc['article']['source']}: no {key}"


def test_every_span_is_the_verbatim_text_of_the_article(documents: list[dict[str, Any]]) -> None:
    for doc in documents:
        text = doc["article"]["text"]
        spans = _spans({k: v for k, v in doc.items() if k != "article"})
        assert spans
        for span in spans:
            # "field" title: the span is in the headline, read with the body
            source = doc["article"]["title"] if span.get("field") == "title" else text
            assert source[span["start"] : span["end"]] == span["text"]


def test_minimum_contract_fields(documents: list[dict[str, Any]]) -> None:
    doc = documents[0]
    assert {"id", "name", "type", "aliases", "mentions"} <= doc["actors"][0].keys()
    assert {"start", "end", "text", "kind"} <= doc["actors"][0]["mentions"][0].keys()
    assert {"actor", "text", "head", "kind", "start", "end"} <= doc["labels"][0].keys()
    assert {"kind", "text", "start", "end", "cue", "speaker", "speaker_name"} <= doc["quotes"][0].keys()
    quantity_keys = {"text", "value", "low", "high", "approx", "counted", "predicate", "attribution"}
    assert quantity_keys | {"start", "end"} <= doc["quantities"][0].keys()
    assert {"actor", "label", "score", "evidence"} <= doc["tones"][0].keys()
    actor_ids = {a["id"] for a in doc["actors"]}
    assert {t["actor"] for t in doc["tones"]} <= actor_ids


def test_jsonl_and_markdown(tmp_path: Path) -> None:
    path = FIXTURES / "meridia_arrest.txt"
    out = tmp_path / "a.jsonl"
    result = run("analyze", str(path), "--format", "jsonl", "-o", str(out), "--no-tone")
    assert result.exit_code == 0, result.stderr
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["tones"] == []
    assert "wrote 1 article to" in result.stderr
    md = run("analyze", str(path), "--format", "md", "--no-tone")
    assert md.exit_code == 0
    assert "### Actors" in md.stdout and "Elena Vostrikova" in md.stdout
    # every actor's type says what decided it
    assert "| actor | type | decided by |" in md.stdout and "tagged PERSON" in md.stdout
    assert all(a["type_reason"] for a in doc["actors"])


def test_bad_input_is_one_line_and_the_rest_is_analysed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    good = tmp_path / "good.txt"
    good.write_text((FIXTURES / "coast_strike.txt").read_text("utf-8"))
    result = run("analyze", str(tmp_path / "empty.txt"), str(good), str(tmp_path / "blob.bin"), "-f", "jsonl")
    assert result.exit_code == 1
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in line for line in errors) and any("blob.bin" in line for line in errors)
    assert "2 inputs failed, 1 article analysed" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_model_is_a_usage_error_with_the_fix() -> None:
    result = run("analyze", str(FIXTURES / "coast_strike.txt"), "--model", "no_such_pipeline")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "no_such_pipeline" in lines[0] and "install" in lines[0]


def test_model_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMELENS_SPACY_MODEL", "another_missing_pipeline")
    result = run("analyze", str(FIXTURES / "coast_strike.txt"))
    assert result.exit_code == 2
    assert "another_missing_pipeline" in result.stderr


def test_help_has_an_example() -> None:
    result = run("analyze", "--help")
    assert result.exit_code == 0
    assert "Example: framelens analyze" in result.stdout


def test_two_worker_processes_give_the_same_results_in_order() -> None:
    texts = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.txt"))] * 2
    articles = [article_from_text(t, source=f"doc{i}") for i, t in enumerate(texts)]
    # chunks of 2 articles: both workers get several chunks, and results come back out of order
    settings = load_settings(batch_size=2)
    one = [a.to_dict() for a in analyze_many(articles, jobs=1, settings=settings)]
    two = [a.to_dict() for a in analyze_many(articles, jobs=2, settings=settings)]
    assert [d["article"]["source"] for d in two] == [f"doc{i}" for i in range(len(texts))]
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)


def test_verbose_flags_add_info_then_debug_lines(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Council Passes Budget\n\nThe council of Ostrelia passed the budget on Monday.\n")
    quiet = ("--no-tone", "--no-techniques", "--no-frames", "--format", "jsonl", "-o", str(tmp_path / "o"))
    plain = run("analyze", str(article), *quiet)
    info = run("analyze", str(article), *quiet, "-v")
    debug = run("analyze", str(article), *quiet, "-vv")
    assert plain.exit_code == info.exit_code == debug.exit_code == 0
    assert "info:" not in plain.stderr and "stage" not in plain.stderr
    assert f"info: read {article} as txt: 1 document(s)" in info.stderr
    assert "info: analysed 1 article(s) in " in info.stderr and "stage labels" not in info.stderr
    assert "stage labels:" in debug.stderr and "DEBUG" in debug.stderr
