"""The frames stage: a lexicon distribution over the 14 generic frames, with evidence sentences."""

from __future__ import annotations

import pytest

from framelens.models import Span
from framelens.stages.frames import FRAMES, METHOD, score_frames


def _sentences(text: str) -> tuple[Span, ...]:
    out, start = [], 0
    for part in text.split(". "):
        out.append(Span(start, start + len(part)))
        start += len(part) + 2
    return tuple(out)


def test_distribution_and_evidence_by_hand() -> None:
    # s1: "tax" and "budget" (Economic) -> Economic 1.0
    # s2: "troops" (Security and defense), "court" (Legality) -> 0.5 each
    # s3: no frame term, not counted
    # scores: Economic 1/2, Security 0.5/2, Legality 0.5/2
    text = "The tax rise will hit the budget. Troops waited as the court sat. Nothing else happened"
    frames = score_frames(text, _sentences(text))
    scores = {f.name: f.score for f in frames}
    assert scores["Economic"] == pytest.approx(0.5)
    assert scores["Security and defense"] == pytest.approx(0.25)
    assert scores["Legality, constitutionality and jurisprudence"] == pytest.approx(0.25)
    assert sum(scores.values()) == pytest.approx(1.0)
    assert [f.name for f in frames][:3] == [
        "Economic",
        "Legality, constitutionality and jurisprudence",
        "Security and defense",
    ]
    economic = frames[0]
    assert [e.span.text_in(text) for e in economic.evidence] == ["The tax rise will hit the budget"]
    assert economic.evidence[0].label == "budget, tax"
    assert all(f.method == METHOD and "no accuracy claim" in f.method for f in frames)


def test_all_fourteen_frames_always_present() -> None:
    frames = score_frames("Nothing here", (Span(0, 12),))
    assert sorted(f.name for f in frames) == sorted(FRAMES)
    assert all(f.score == 0 and not f.evidence for f in frames)


def test_prefix_terms_match_word_starts_only() -> None:
    text = "Economists warned about the economy"
    frames = {f.name: f for f in score_frames(text, (Span(0, len(text)),))}
    assert frames["Economic"].evidence[0].label == "economists, economy"


def test_frames_in_analysis_json() -> None:
    from framelens.engine import analyze

    analysis = analyze(
        "The army moved troops to the border. Voters protested in a rally against the war budget."
    )
    names = [f["name"] for f in analysis.to_dict()["frames"]]
    assert len(names) == 14
    assert "frames" in dict(analysis.provenance)
    assert "techniques" in dict(analysis.provenance)
