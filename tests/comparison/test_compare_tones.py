"""Tone differences across outlets: a difference must be one, with evidence for each side."""

from __future__ import annotations

from framelens.comparison.records import LinkedActor, ToneCell
from framelens.comparison.tones import tone_findings
from framelens.models import Evidence, Span

ACTOR = LinkedActor("velk", "Dara Velk", "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 2.0, 4)
NAMES = {"a": "The Ledger", "b": "The Courier"}


def _cell(article: str, label: str, score: float, *evidence: float) -> ToneCell:
    return ToneCell(
        "velk",
        article,
        label,
        score,
        tuple(Evidence(Span(i, i + 3), s, "labels") for i, s in enumerate(evidence)),
        ("labels",),
        0.7,
    )


def test_same_label_is_never_a_difference_however_far_the_scores() -> None:
    cells = [_cell("a", "negative", -0.95, -0.9), _cell("b", "negative", -0.25, -0.3)]
    assert tone_findings(cells, [ACTOR], NAMES) == []


def test_opposite_portrayals_name_both_outlets_and_what_decided_them() -> None:
    cells = [_cell("a", "negative", -0.6, -0.8, 0.2), _cell("b", "positive", 0.5, 0.7)]
    (finding,) = tone_findings(cells, [ACTOR], NAMES)
    assert finding.statement.startswith("Candidate opposite portrayals of Dara Velk: negative in The Ledger")
    assert "by labels" in finding.statement
    # each side's evidence is the span that agrees with its label
    assert finding.evidence == (("a", Span(0, 3)), ("b", Span(0, 3)))


def test_polar_and_neutral_differ_only_when_the_scores_lie_far_apart() -> None:
    near = [_cell("a", "neutral", -0.1), _cell("b", "positive", 0.3, 0.5)]
    assert tone_findings(near, [ACTOR], NAMES) == []
    far = [_cell("a", "neutral", -0.3), _cell("b", "positive", 0.45, 0.5)]
    (finding,) = tone_findings(far, [ACTOR], NAMES)
    assert "different portrayals" in finding.statement
