"""The published clustering dataset's JSON array, read and converted to our JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.errors import InputError
from framelens.eval.clustering import read_dataset
from framelens.eval.clustering_data import convert, is_json_array, iso_language, read_records

#: fictional articles in the published layout: a JSON array, ISO 639-2 codes, "Y-m-d H:M:S"
#: dates, numeric ids and extra fields we ignore
PUBLISHED = [
    {
        "id": 101,
        "cluster": "c7",
        "lang": "eng",
        "date": "2031-03-02 09:15:00",
        "title": "Floods swamp Velka",
        "text": "The Marn river burst its banks in Velka on Sunday.",
        "source": "Velka Courier",
        "duplicate": False,
    },
    {
        "id": 102,
        "cluster": "c7",
        "lang": "eng",
        "date": "2031-03-02 18:40:00",
        "title": "Thousands flee Velka",
        "text": "Thousands of people left Velka overnight as water rose.",
    },
    {
        "id": 201,
        "cluster": "c9",
        "lang": "deu",
        "date": "2031-03-03 08:00:00",
        "title": "Hochwasser in Velka",
        "text": "Der Fluss Marn ist in Velka über die Ufer getreten.",
    },
]


def published(tmp_path: Path, items: list[object] | None = None) -> Path:
    path = tmp_path / "dataset.test.json"
    path.write_text(json.dumps(PUBLISHED if items is None else items, indent=1), encoding="utf-8")
    return path


def test_language_codes() -> None:
    assert [iso_language(c) for c in ("eng", "DEU", "spa", "en", "", None)] == [
        "en",
        "de",
        "es",
        "en",
        None,
        None,
    ]


def test_reads_the_published_array_as_our_records(tmp_path: Path) -> None:
    path = published(tmp_path)
    assert is_json_array(path.read_text(encoding="utf-8"))
    records = list(read_records(path))
    assert [r["id"] for r in records] == ["101", "102", "201"]
    assert records[0] == {
        "id": "101",
        "text": "The Marn river burst its banks in Velka on Sunday.",
        "title": "Floods swamp Velka",
        "date": "2031-03-02T09:15:00",
        "lang": "en",
        "cluster": "c7",
    }
    # either code selects the language
    assert [r["id"] for r in read_records(path, ["eng"])] == ["101", "102"]
    assert [r["id"] for r in read_records(path, ["de"])] == ["201"]


def test_eval_reader_takes_either_format_and_filters_language(tmp_path: Path) -> None:
    array = published(tmp_path)
    jsonl = tmp_path / "same.jsonl"
    convert(array, jsonl)
    assert not is_json_array(jsonl.read_text(encoding="utf-8"))
    assert read_dataset(array) == read_dataset(jsonl)
    assert [d.id for d in read_dataset(array, languages=["en"])] == ["101", "102"]
    with pytest.raises(InputError, match=r"holds no articles in fr"):
        read_dataset(array, languages=["fr"])


def test_convert_writes_jsonl_and_counts_per_language(tmp_path: Path) -> None:
    target = tmp_path / "en.jsonl"
    summary = convert(published(tmp_path), target, ["eng"])
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["lang"], r["cluster"]) for r in lines] == [("101", "en", "c7"), ("102", "en", "c7")]
    assert "2 articles" in summary.render(
        Path("a"), target
    ) and "en: 2 articles in 1 cluster" in summary.render(Path("a"), target)


def test_bad_article_names_its_index_and_leaves_the_target_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("kept\n")
    bad = published(tmp_path, [PUBLISHED[0], {"id": 5, "text": "no gold cluster"}])
    with pytest.raises(InputError, match=r"dataset.test.json\[1\]: lacks cluster"):
        convert(bad, target)
    assert target.read_text() == "kept\n"
    repeated = published(tmp_path, [PUBLISHED[0], PUBLISHED[0]])
    with pytest.raises(InputError, match=r"\[1\]: repeats id '101'"):
        convert(repeated, target)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": 1,')
    with pytest.raises(InputError, match=r"broken.json: is not a JSON array of articles"):
        list(read_records(broken))


def test_cli_converts_and_reports_one_line_errors(tmp_path: Path) -> None:
    target = tmp_path / "en.jsonl"
    result = CliRunner().invoke(
        app, ["eval", "convert-clustering", str(published(tmp_path)), str(target), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 2 articles" in result.stdout and len(target.read_text().splitlines()) == 2
    missing = CliRunner().invoke(
        app, ["eval", "convert-clustering", str(tmp_path / "nope.json"), str(target)]
    )
    assert missing.exit_code == 1
    assert (
        missing.stderr.count("\n") == 1
        and "nope.json" in missing.stderr
        and "Traceback" not in missing.output
    )
