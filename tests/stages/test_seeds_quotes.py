"""Regression on the reference seed articles (skipped when ../shared is absent).

Runs the sentences stage, the actors stage when it exists (else a stand-in that
adds no actors) and the quotes stage through the Pipeline.  Assertions name
speakers by surname so that they hold with or without actor links.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import framelens
from framelens.context import Context
from framelens.models import Analysis, Article, Quote
from framelens.pipeline import Pipeline, Stage, stage
from framelens.stages.quotes import quotes
from framelens.stages.sentences import sentences
from framelens.text.quote_lexicon import REASON_GROUP


@stage("no-actors", "0", requires=["article"], produces=["actors"])
def _no_actors(analysis: Analysis, _ctx: Context) -> Analysis:
    return analysis


def _actors_stage() -> Stage:
    """The colleague's actors stage when it is there and imports; else the stand-in."""
    try:
        module = importlib.import_module("framelens.stages.actors")
    except ImportError:
        return _no_actors
    found = getattr(module, "actors", None)
    if isinstance(found, Stage) and "actors" in found.produces and found.requires <= {"article", "sentences"}:
        return found
    return _no_actors


def _analyse(path: Path) -> Analysis:
    (article,) = [a for a in framelens.read([str(path)]) if isinstance(a, Article)]
    (result,) = Pipeline([sentences, _actors_stage(), quotes]).run([article], Context())
    return result


def _seed(seeds: Path, prefix: str) -> Path:
    paths = sorted(seeds.glob(f"{prefix}_*"))
    if not paths:
        pytest.skip(f"no seed {prefix}_* in {seeds}")
    return paths[0]


def _by(result: Analysis, surname: str, kind: str = "direct") -> list[Quote]:
    return [q for q in result.quotes if q.kind == kind and q.speaker_name and surname in q.speaker_name]


def test_forum_report_direct_quotes_and_speakers(seeds: Path) -> None:
    result = _analyse(_seed(seeds, "002"))
    text = result.article.text

    heller = _by(result, "Heller")
    assert len(heller) == 4
    assert heller[0].role is not None
    assert heller[0].role.startswith("an analyst at the International Crisis Group")
    assert heller[2].role == "of the International Crisis Group"
    assert all(q.cue and q.cue.text_in(text) == "said" for q in heller)

    stroul = _by(result, "Stroul")
    assert len(stroul) == 2
    assert stroul[0].role is not None and stroul[0].role.startswith("a former senior Pentagon official")
    assert stroul[1].cue is not None and stroul[1].cue.text_in(text) == "wrote in a text message"

    goldenberg = _by(result, "Goldenberg")
    assert len(goldenberg) == 1
    assert goldenberg[0].speaker_span is not None
    assert goldenberg[0].speaker_span.text_in(text) == "he"
    assert goldenberg[0].span.text_in(text).startswith("That is a perfect situation")
    # the sentence before it reports Goldenberg's words without marks
    assert len(_by(result, "Goldenberg", kind="indirect")) == 1

    generic = [q for q in result.quotes if q.no_speaker_reason == "generic speaker"]
    assert {q.speaker_name for q in generic} >= {"analysts", "Former defense and intelligence officials"}
    assert all(q.kind == "indirect" and q.speaker_id is None for q in generic)
    # no direct quote is left without a speaker in this report
    assert all(q.speaker_name for q in result.quotes if q.kind == "direct")


def test_op_ed_reported_speech_and_scare_quote(seeds: Path) -> None:
    result = _analyse(_seed(seeds, "000"))
    text = result.article.text

    (hrw,) = [q for q in result.quotes if q.speaker_name == "Human Rights Watch"]
    assert hrw.kind == "indirect"
    assert hrw.span.text_in(text).startswith("more than 500 people have been killed")
    assert hrw.cue is not None and hrw.cue.text_in(text) == "reported"

    (scare,) = [q for q in result.quotes if q.span.text_in(text) == "Supermani"]
    assert scare.kind == "scare"
    assert scare.speaker_name is None and scare.speaker_id is None
    assert not [q for q in result.quotes if q.kind == "direct"]


def test_every_seed_gives_valid_spans(seeds: Path) -> None:
    for path in sorted(seeds.glob("*.txt")):
        result = _analyse(path)
        n = len(result.article.text)
        for q in result.quotes:
            assert q.kind in {"direct", "indirect", "scare"}
            assert 0 <= q.span.start < q.span.end <= n
            assert (q.speaker_id is None) == (q.no_speaker_reason is not None) or q.kind == "scare"


def test_op_ed_a_people_speaks_and_determiners_name_nobody(seeds: Path) -> None:
    result = _analyse(_seed(seeds, "000"))
    people = [q for q in result.quotes if q.speaker_name and q.speaker_name.startswith("Syrians")]
    assert people
    assert all(q.speaker_id is None and q.no_speaker_reason == REASON_GROUP for q in people)
    words = {"some", "many", "this", "that", "these", "those", "they", "he", "she", "it", "we"}
    assert not [q for q in result.quotes if (q.speaker_name or "").lower() in words]
    (some,) = [
        q for q in result.quotes if q.speaker_span and q.speaker_span.text_in(result.article.text) == "Some"
    ]
    assert some.speaker_name is None and some.no_speaker_reason == "generic speaker"


def test_commentary_block_quote_is_the_bbc_speaking(seeds: Path) -> None:
    result = _analyse(_seed(seeds, "001"))
    text = result.article.text
    (bbc,) = [q for q in result.quotes if q.speaker_name and "BBC" in q.speaker_name]
    assert bbc.kind == "direct"
    assert bbc.cue is not None and bbc.cue.text_in(text) == "claim"
    # the paragraph set off after the colon, which holds Trump's own quoted words
    inner = [q for q in result.quotes if q.kind == "direct" and q.speaker_name == "Donald Trump"]
    assert inner and all(bbc.span.start <= q.span.start < q.span.end <= bbc.span.end for q in inner)
