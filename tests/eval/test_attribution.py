"""The attribution evaluator: the brat reader, the metric worked out by hand, the CLI, a quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framelens.cli import app
from framelens.errors import InputError
from framelens.eval.attribution import (
    AttributionArticle,
    GoldAttribution,
    Predicted,
    evaluate_attribution,
    name_word,
    overlap,
    pair,
    parse_ann,
    predicted_attributions,
    read_polnear,
    score_articles,
)
from framelens.models import Quote, Span

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "attribution"

#: measured on the first 20 PolNeAR dev articles (sorted by name) when the rules were last
#: changed, pinned a little under: attribution F1 and precision at 0.3 content overlap
DEV20_F1_FLOOR = 0.66
DEV20_PRECISION_FLOOR = 0.80
#: the same for framelens with its learned cue gate (0.73 and 0.79 when they were set)
DEV20_LEARNED_F1_FLOOR = 0.70
DEV20_LEARNED_PRECISION_FLOOR = 0.77


def test_reader_takes_the_first_annotator_and_joins_fragments() -> None:
    articles = read_polnear(FIXTURE)
    assert [a.id for a in articles] == ["harbour-strike", "velka-bridge"]
    harbour, velka = articles
    assert velka.annotator == "a1"  # velka-bridge_b2.ann, a second annotator, is not read
    assert len(velka.attributions) == 3
    union, expected, workers = harbour.attributions
    # a discontinuous content (Content + Content2) is one content of two fragments
    parts = [harbour.text[a:b] for a, b in union.content]
    assert parts == ["“The port is closed,”", "“until the wages are paid.”"]
    assert expected.source == ()  # Attribution-no-source
    assert [harbour.text[a:b] for a, b in workers.cue] == ["criticized"]


def test_parse_ann_skips_notes_and_continued_text_and_checks_offsets() -> None:
    text = "Ana said it rained."
    ann = (
        "T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 18\tit rained\n"
        "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T1\tnote\nrest of a span text after a line break\n"
        "T5\tDiscuss 0 3\tAna\nE2\tDiscuss:T5\n"
    )
    (gold,) = parse_ann(ann, text)
    assert gold == GoldAttribution(source=((0, 3),), cue=((4, 8),), content=((9, 18),))
    with pytest.raises(InputError, match="outside"):
        parse_ann("T1\tCue 4 80\tsaid\n", text)
    with pytest.raises(InputError, match="does not define"):
        parse_ann("T2\tCue 4 8\tsaid\nE1\tAttribution:T2 Content:T9 Cue:T2\n", text)


def test_overlap_is_shared_words_over_the_longer_span() -> None:
    a, b = frozenset(range(10)), frozenset(range(7, 10))
    assert overlap(a, b) == pytest.approx(3 / 10)
    assert overlap(b, a) == pytest.approx(3 / 10)
    assert overlap(a, frozenset()) == 0.0


def test_pair_is_one_to_one_best_overlap_first() -> None:
    gold = [frozenset(range(0, 10)), frozenset(range(10, 12))]
    # p0 overlaps g0 by 0.5; p1 overlaps g0 by 1.0: g0 goes to p1, p0 is left unpaired
    predicted = [frozenset(range(5, 15)), frozenset(range(0, 10)), frozenset({10, 11})]
    assert sorted(pair(predicted, gold)) == [(1, 0), (2, 1)]
    assert pair([frozenset(range(3))], [frozenset(range(10))]) == [(0, 0)]  # 3/10 = 0.3: enough
    assert pair([frozenset(range(2))], [frozenset(range(10))]) == []  # 2/10: too little
    assert pair([frozenset(range(9))], [frozenset(range(10))], exact=True) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Lena Varga, a teacher at the school", "Varga"),
        ("Harbour Council spokesman Piet Dorn", "Dorn"),
        ("The Coastal Research Institute for Tides", "Institute"),
        ("Rep. Ada Lenk (D-Velka)", "Lenk"),
        ("Tomas Reyl's", "Reyl"),
        ("The Democratic nominee", None),
        ("he", None),
        ("a source", None),
        ("Officials", None),
        ("Some", None),
    ],
)
def test_name_word_of_a_gold_source(source: str, expected: str | None) -> None:
    assert name_word(source, generic={"official", "source"}) == expected


def test_a_sentence_opening_common_word_names_nobody() -> None:
    text = "Polls show a tie. The polls were wrong before."
    assert name_word("Polls", text, 0) is None
    assert name_word("Lenk", "Lenk said so.", 0) == "Lenk"


def test_quotes_sharing_a_cue_are_one_attribution() -> None:
    cue = Span(20, 24)
    quotes = (
        Quote(Span(1, 10), "direct", cue=cue, speaker_name="Ana", speaker_span=Span(12, 15)),
        Quote(Span(30, 40), "direct", cue=cue, speaker_name="Ana", speaker_span=Span(12, 15)),
        Quote(Span(50, 60), "indirect", cue=Span(45, 49), speaker_name="Bo", speaker_span=Span(41, 44)),
        Quote(Span(70, 75), "scare", no_speaker_reason="scare quote"),
    )
    first, second = predicted_attributions(quotes)
    assert first.content == ((1, 10), (30, 40)) and first.cue == ((20, 24),) and first.speaker == "Ana"
    assert second.content == ((50, 60),)


def test_score_by_hand() -> None:
    text = "Ana Lenk said the dam held . Bo Dorn warned it would break"
    gold = AttributionArticle(
        "a",
        text,
        "x",
        (
            GoldAttribution(((0, 8),), ((9, 13),), ((14, 26),)),  # Ana Lenk | said | the dam held
            GoldAttribution(((29, 36),), ((37, 43),), ((44, 58),)),  # Bo Dorn | warned | it would break
        ),
    )
    predicted = [
        # "dam held" against "the dam held": 2/3, matched; the speaker names "Lenk": correct
        Predicted(((4, 8),), ((9, 13),), ((18, 26),), "Ana Lenk"),
        # "it would" against "it would break": 2/3, matched; no speaker: wrong
        Predicted((), ((37, 43),), ((44, 52),), None),
        # ". Bo Dorn" is no one's content: unmatched
        Predicted((), (), ((27, 36),), None),
    ]
    scores = score_articles([gold], [predicted])
    a = scores.attribution
    assert (a.predicted, a.gold) == (3, 2)
    assert (a.precision, a.recall) == (pytest.approx(2 / 3), 1.0)
    assert scores.roles["content"].precision == pytest.approx(2 / 3)
    assert scores.exact["content"].precision == 0.0
    # cues: the two predicted ones are exact; sources: "Lenk" against "Ana Lenk" is 1/2, not exact
    assert (scores.exact["cue"].precision, scores.exact["cue"].recall) == (1.0, 1.0)
    assert (scores.roles["source"].precision, scores.roles["source"].recall) == (1.0, 0.5)
    assert scores.exact["source"].precision == 0.0
    assert (scores.speaker_correct, scores.speaker_named) == (1, 2)


def test_evaluate_on_the_fixture_finds_its_attributions() -> None:
    report = evaluate_attribution(FIXTURE, _settings())
    assert (report.articles, report.gold) == (2, 6)
    assert list(report.systems) == ["framelens", "framelens, rules only"]
    rules = report.systems["framelens, rules only"]
    assert rules.attribution.precision == 1.0
    assert rules.attribution.recall >= 5 / 6  # "is expected to" has no one who expects
    assert rules.speaker_accuracy == 1.0
    data = report.to_dict()
    assert data["threshold"] == 0.3 and data["published"][0]["f1"] == 0.837
    json.dumps(data)


def test_cli_prints_the_table_and_fails_cleanly_on_a_wrong_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "attribution", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "attributions (content >= 0.3)" in result.output
    assert "framelens, rules only" in result.output and "Gender Gap Tracker" in result.output
    result = runner.invoke(app, ["eval", "attribution", str(tmp_path)])
    assert result.exit_code == 1
    assert "text/ and attributions/" in result.output


def test_quality_gate_on_polnear_dev(shared: Path) -> None:
    dev = shared / "data" / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip(f"{dev} is absent")
    report = evaluate_attribution(dev, _settings(), limit=20)
    learned, rules = report.systems["framelens"], report.systems["framelens, rules only"]
    assert rules.attribution.f1 >= DEV20_F1_FLOOR
    assert rules.attribution.precision >= DEV20_PRECISION_FLOOR
    # the learned gate trades a little precision for recall (on all of dev: P 0.81, R 0.65)
    assert learned.attribution.f1 >= DEV20_LEARNED_F1_FLOOR
    assert learned.attribution.precision >= DEV20_LEARNED_PRECISION_FLOOR
    assert learned.attribution.recall > rules.attribution.recall


def _settings():  # type: ignore[no-untyped-def]
    from framelens.config import load_settings

    return load_settings(tone=False)
