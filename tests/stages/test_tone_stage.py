"""The tone stage: tone toward each actor per article, from per-mention tone in its sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from framelens.config import load_settings
from framelens.engine import analyze
from framelens.models import Analysis
from framelens.readers import article_from_text
from framelens.stages import default_stages


@pytest.fixture(scope="module")
def two_sides() -> Analysis:
    text = (Path(__file__).parent.parent / "fixtures" / "tone" / "two_sides.txt").read_text("utf-8")
    return analyze(article_from_text(text))


def _tone(analysis: Analysis, name: str):
    actor = next(a for a in analysis.actors if a.name == name)
    return next(t for t in analysis.tones if t.actor_id == actor.id)


def test_praised_and_condemned_actors_get_opposite_tones(two_sides: Analysis) -> None:
    menst, anker = _tone(two_sides, "Carla Menst"), _tone(two_sides, "Rolf Anker")
    assert menst.label == "positive" and menst.score > 0.3
    assert anker.label == "negative" and anker.score < -0.3


def test_aggregate_counts_each_sentence_once_and_keeps_evidence(two_sides: Analysis) -> None:
    text = two_sides.article.text
    menst = _tone(two_sides, "Carla Menst")
    # five mentions of Menst (name, her, Menst, she, Menst) in two sentences: two sentences
    assert menst.sentences == 2
    assert sum(menst.distribution) == pytest.approx(1.0, abs=1e-4)
    # the portrayal: label, score and evidence agree in sign, and say what decided it
    assert menst.label == "positive" and menst.score > 0
    assert 0.34 <= menst.confidence <= 1.0
    assert "mentions" in menst.decided_by
    assert 1 <= len(menst.evidence) <= 5
    actor = next(a for a in two_sides.actors if a.name == "Carla Menst")
    for ev in menst.evidence:
        assert ev.score > 0
        assert ev.label.split(":")[0] in {"mentions", "labels", "loaded", "role", "quoted", "headline"}
        if ev.label == "mentions":
            assert ev.span in two_sides.sentences
            assert any(ev.span.start <= m.span.start < ev.span.end for m in actor.mentions)
    assert [e.span.start for e in menst.evidence] == sorted(e.span.start for e in menst.evidence)
    data = two_sides.to_dict()["tones"][0]
    assert set(data["distribution"]) == {"negative", "neutral", "positive"}
    assert data["decided_by"] and isinstance(data["confidence"], float)
    assert data["evidence"][0]["text"] == text[data["evidence"][0]["start"] : data["evidence"][0]["end"]]


def test_every_actor_with_a_mention_in_a_sentence_gets_a_tone(two_sides: Analysis) -> None:
    assert {t.actor_id for t in two_sides.tones} == {a.id for a in two_sides.actors}
    assert all(-1.0 <= t.score <= 1.0 for t in two_sides.tones)


def test_tone_can_be_switched_off() -> None:
    settings = load_settings(tone=False)
    assert "tone" not in [s.name for s in default_stages(settings)]
    result = analyze("Governor Carla Menst opened shelters for the flood victims in the town.", settings)
    assert result.tones == ()
    assert "tone" not in dict(result.provenance)
    assert result.actors


def test_very_long_sentence_is_scored_around_the_mention() -> None:
    filler = ", ".join(f"item number {i} of the long list" for i in range(60))
    text = f"The report listed {filler}, and then Inspector Dana Holm praised the brave rescue crews."
    result = analyze(text)
    holm = next(a for a in result.actors if a.name == "Dana Holm")
    tone = next(t for t in result.tones if t.actor_id == holm.id)
    ev = tone.evidence[0]
    assert ev.span.end - ev.span.start <= 600
    assert "Dana Holm" in ev.span.text_in(result.article.text)


def test_a_place_named_as_a_setting_gets_no_tone() -> None:
    """ "Order was restored in Lyon" is no praise of Lyon, and "riots in Lyon, Nantes and Lille"
    no blame of them: a place after a locative preposition (and its conjuncts) is where the
    event happened, and the sentence's mood is the event's.  A place that takes part keeps
    its tone ("France expelled the envoy")."""
    text = (
        "Order was restored in Lyon on Saturday after police arrested the protest leader.\n\n"
        "During the week riots had broken out in Lyon, Nantes and Lille, leaving shops burned.\n\n"
        "A bomb later wrecked the station at Lyon's airport.\n\n"
        "France expelled the envoy, a move its neighbours condemned as reckless."
    )
    analysis = analyze(article_from_text(text))
    names = {a.id: a.name for a in analysis.actors}
    toned = {names[t.actor_id] for t in analysis.tones}
    assert {"Lyon", "Nantes", "Lille"} <= set(names.values())
    assert not toned & {"Lyon", "Nantes", "Lille"}
    assert "France" in toned
    lyon = next(a for a in analysis.actors if a.name == "Lyon")
    assert all(m.tone is None for m in lyon.mentions)


def test_a_place_a_path_runs_through_is_a_setting_too() -> None:
    """ "He was removed to Mexico after he illegally entered the United States through Laredo,
    Texas" made Laredo negative: a place a route passes through is where it happened."""
    text = (
        "Border agents arrested a man on Monday.\n\n"
        "He had illegally entered the country through Nantes, and smugglers moved him via Lille."
    )
    analysis = analyze(article_from_text(text))
    names = {a.id: a.name for a in analysis.actors}
    toned = {names[t.actor_id] for t in analysis.tones}
    assert {"Nantes", "Lille"} <= set(names.values()), names
    assert not toned & {"Nantes", "Lille"}, toned


def test_the_tone_stage_reads_the_taggers_windows_and_the_tagger_reads_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the techniques stage on, the tone head reads the sentences off the technique
    tagger's reading (the same encoder): one pass per article serves both stages, and the
    tones are those of reading each sentence afresh."""
    import framelens.stages.tone as tone_stage
    from framelens.techniques.tagger import SpanTagger

    text = (Path(__file__).parent.parent / "fixtures" / "tone" / "two_sides.txt").read_text("utf-8")
    reads = []
    original = SpanTagger.read

    def counted(self: SpanTagger, article_text: str):  # type: ignore[no-untyped-def]
        reads.append(article_text)
        return original(self, article_text)

    monkeypatch.setattr(SpanTagger, "read", counted)
    shared = analyze(article_from_text(text))
    assert len(reads) == 1
    monkeypatch.setattr(tone_stage, "_shares_reading", lambda ctx: False)
    alone = analyze(article_from_text(text))
    assert len(reads) == 2  # the techniques stage alone read it this time
    pairs = [
        (m.tone_score, n.tone_score)
        for a, b in zip(shared.actors, alone.actors, strict=True)
        for m, n in zip(a.mentions, b.mentions, strict=True)
        if m.tone_score is not None
    ]
    assert len(pairs) >= 5
    for with_reading, afresh in pairs:
        assert with_reading == pytest.approx(afresh, abs=1e-3)


def test_without_the_techniques_stage_tone_encodes_only_sentences_with_actors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from framelens.techniques.tagger import SpanTagger

    def refused(self: SpanTagger, article_text: str) -> None:
        raise AssertionError("the tagger read a whole article that no techniques stage asked for")

    monkeypatch.setattr(SpanTagger, "read", refused)
    settings = load_settings(techniques=False)
    result = analyze("Governor Carla Menst opened shelters for the flood victims in the town.", settings)
    assert result.tones and result.techniques == ()


def test_the_one_a_killing_befell_gets_no_tone_from_its_mood() -> None:
    """A sentence that tells of a killing has the event's mood, which the tone model read as
    tone toward the dead ("the shooting death of Kate Steinle" made an outlet negative toward
    her).  The dead's mentions there get no tone; the killer's keep theirs."""
    text = (
        "The shooting death of Mara Lind shocked the harbour town of Velby on Friday. "
        "Police said Oskar Brand shot Lind outside a bakery after a quarrel. "
        "Brand was arrested at the scene and charged with murder."
    )
    result = analyze(article_from_text(text))
    lind = next(a for a in result.actors if a.name == "Mara Lind")
    brand = next(a for a in result.actors if a.name == "Oskar Brand")
    assert [m.tone for m in lind.mentions] == [None] * len(lind.mentions)
    assert any(m.tone is not None for m in brand.mentions)
    assert all(t.label != "negative" for t in result.tones if t.actor_id == lind.id)


def test_whose_the_dead_was_gets_no_tone_from_the_killing_either() -> None:
    """'the US killed Iran's top military commander' (a seed) read -0.76 toward Iran: the
    killing's mood, not the outlet's view of the country whose commander died."""
    text = (
        "Officials in Darovia said the strike killed Velmark's top military commander on Friday. "
        "A second strike wounded the deputy chief of the Ostran Guard near the border. "
        "Velmark called for calm and asked its neighbours to open talks within a week."
    )
    result = analyze(article_from_text(text))
    velmark = next(a for a in result.actors if a.name == "Velmark")
    guard = next(a for a in result.actors if "Ostran Guard" in a.name)
    first, *rest = sorted(velmark.mentions, key=lambda m: m.span.start)
    assert first.tone is None and all(m.tone is not None for m in rest)
    assert [m.tone for m in guard.mentions] == [None] * len(guard.mentions)


def test_the_one_a_wrong_is_done_to_gets_no_tone_from_its_mood() -> None:
    """'It's not just people harassing Haig at his home' (a PTC article that defends the man)
    read -0.89 toward the harassed; the harassers keep their tone."""
    text = (
        "Strangers have been harassing Dara Velk at her home, and trolls have seized on Velk's old "
        "columns to spread wild claims about the trial. "
        "Velk was persecuted by the old regime for her reporting on the mines. "
        "Velk said she would keep writing about the miners and their families."
    )
    result = analyze(article_from_text(text))
    velk = next(a for a in result.actors if a.name == "Dara Velk")
    tones = [m.tone for m in sorted(velk.mentions, key=lambda m: m.span.start) if m.kind != "pronoun"]
    # the whole sentence that tells of the harassment is the wrong's mood, "Velk's" too
    assert tones[:3] == [None, None, None] and tones[3] is not None
