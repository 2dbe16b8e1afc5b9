"""``framelens eval portrayal``: BASIL and PerSenT read in their published layouts and scored."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.errors import InputError
from framelens.eval.portrayal import (
    SYSTEMS,
    Item,
    Prediction,
    Target,
    actors_named,
    evaluate_portrayal,
    read_basil,
    read_persent,
    read_portrayal,
    scores,
    tone_differences,
)
from framelens.models import Actor, Analysis, Article

FIXTURES = Path(__file__).parent.parent / "fixtures" / "portrayal"


def test_basil_articles_and_author_feelings_are_read() -> None:
    data = read_basil(FIXTURES / "basil")
    assert len(data.items) == 3 and data.skipped == 0
    first = data.items[0]
    assert first.group == "t1"
    assert first.article.title == "Velk's reckless gamble backfires"
    # paragraphs joined by blank lines, with spans that give each paragraph back
    assert [p.text_in(first.article.text) for p in first.article.paragraphs][1].startswith("Critics said")
    # main_event is not an entity; underscores become spaces
    assert {(t.name, t.gold) for t in first.targets} == {
        ("Dara Velk", "negative"),
        ("Orlan Council members", "neutral"),
    }


def test_persent_rows_are_read_and_a_broken_row_is_skipped_with_a_reason() -> None:
    data = read_persent(FIXTURES / "persent.csv")
    assert [(i.targets[0].name, i.targets[0].gold) for i in data.items] == [
        ("Mira Tolan", "positive"),
        ("Ivo Brask", "negative"),
    ]
    assert data.skipped == 1 and "row 3" in data.reasons[0]


def test_an_unknown_input_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="neither a BASIL folder"):
        read_portrayal(tmp_path)


def _analysis(*actors: tuple[str, str]) -> Analysis:
    article = Article(id="x", source="x", text="x")
    return Analysis(
        article, actors=tuple(Actor(f"a{i}", name, kind) for i, (name, kind) in enumerate(actors))
    )


@pytest.mark.parametrize(
    ("target", "actors", "expected"),
    [
        ("Donald Trump", [("Trump", "person")], ["Trump"]),
        ("Donald Trump", [("Donald Trump Jr.", "person")], []),
        ("Democrats", [("Democrat", "group")], ["Democrat"]),
        ("Republican Lawmakers", [("Republicans", "group"), ("Senate", "organisation")], ["Republicans"]),
        ("GOP committee members", [("Republicans", "group")], ["Republicans"]),
        ("Colorado officials", [("Colorado", "place"), ("Nebraska", "place")], ["Colorado"]),
        ("birthright citizenship", [("Supreme Court", "organisation")], []),
    ],
)
def test_entity_names_find_the_actors_they_designate(target: str, actors: list, expected: list) -> None:
    assert [a.name for a in actors_named(_analysis(*actors), target)] == expected


def test_scores_give_macro_f1_accuracy_and_per_class() -> None:
    result = scores(
        ["negative", "neutral", "positive", "neutral"], ["negative", "neutral", "neutral", "neutral"]
    )
    assert result["per_class_f1"] == {"negative": 1.0, "neutral": 0.8, "positive": 0.0}
    assert result["macro_f1"] == pytest.approx(0.6)
    assert result["accuracy"] == 0.75


def test_evaluation_scores_every_system_on_the_same_entities() -> None:
    report = evaluate_portrayal(FIXTURES / "basil")
    assert report.targets == 4 and report.articles == 3
    assert report.found == 3  # "Orlan Council members" names no actor: read as neutral
    assert list(report.systems) == list(SYSTEMS)
    assert report.systems["always neutral"]["accuracy"] == 0.5
    text = report.render()
    assert "framelens portrayal" in text and "always neutral" in text and "training figures" in text
    assert report.to_dict()["gold"] == {"negative": 1, "neutral": 2, "positive": 1}
    # a BASIL folder holds same-event groups: the tone differences are judged too
    assert set(report.to_dict()["tone_differences"]) == {"candidates", "right", "wrong_way"}
    assert "tone differences" in text


def test_tone_differences_are_judged_against_the_annotators() -> None:
    """The comparison's rule on each event's annotated entity: lowest against highest portrayal."""
    items = [
        Item(Article(id=f"{g}{k}", source=f"{g}{k}", text="x"), (Target("Dara Velk", "neutral"),), g)
        for g in ("t1", "t2", "t3")
        for k in range(2)
    ]

    def pred(item: int, label: str, score: float, gold: str) -> Prediction:
        return Prediction(item, "Dara Velk", gold, True, dict.fromkeys(SYSTEMS, label), score)

    predictions = [
        # t1: negative against positive, and the annotators agree: right
        pred(0, "negative", -0.6, "negative"),
        pred(1, "positive", 0.5, "neutral"),
        # t2: negative against positive, the annotators the other way round
        pred(2, "negative", -0.5, "positive"),
        pred(3, "positive", 0.4, "neutral"),
        # t3: neutral against positive only 0.3 apart: no finding by the comparison's rule
        pred(4, "neutral", 0.1, "negative"),
        pred(5, "positive", 0.4, "positive"),
    ]
    assert tone_differences(items, predictions) == {"candidates": 2, "right": 1, "wrong_way": 1}


def test_cli_prints_the_table_and_fails_in_one_line_on_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", "portrayal", str(FIXTURES / "persent.csv")])
    assert ok.exit_code == 0, ok.output
    assert "PerSenT" in ok.output and "F1m" in ok.output
    bad = runner.invoke(app, ["eval", "portrayal", str(tmp_path)])
    assert bad.exit_code == 1
    assert "neither a BASIL folder" in bad.output and "Traceback" not in bad.output
