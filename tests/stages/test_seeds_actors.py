"""Regression on the reference seed articles (skipped when ../shared is absent).

Checks what the actors and labels stages must get right on real coverage of one event:
spelling variants of one name, acronyms, country aliases, the op-ed's descriptors of its
central figure and each piece's words for the event.  The texts are read from ../shared,
never copied here.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

import framelens
from framelens.context import Context
from framelens.models import Actor, Analysis, Article
from framelens.pipeline import Pipeline
from framelens.stages.actors import actors
from framelens.stages.labels import labels
from framelens.stages.sentences import sentences

SOLEIMANI = re.compile(r"^(Qa[a-z]+ )?S[ou]lei?mani$")
US_FORMS = {"US", "U.S.", "United States", "America"}


@functools.cache
def _analyse(path: Path) -> Analysis:
    (article,) = [a for a in framelens.read([str(path)]) if isinstance(a, Article)]
    (result,) = Pipeline([sentences, actors, labels]).run([article], Context())
    return result


def _seed(seeds: Path, prefix: str) -> Analysis:
    paths = sorted(seeds.glob(f"{prefix}_*"))
    if not paths:
        pytest.skip(f"no seed {prefix}_* in {seeds}")
    return _analyse(paths[0])


def _holders(result: Analysis, pattern: re.Pattern[str] | set[str]) -> set[str]:
    text = result.article.text
    out = set()
    for m in result.mentions:
        surface = m.span.text_in(text)
        if (surface in pattern) if isinstance(pattern, set) else pattern.match(surface):
            out.add(m.actor_id)
    return out


def _soleimani(result: Analysis) -> Actor:
    (actor_id,) = _holders(result, SOLEIMANI)
    found = result.actor(actor_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("prefix", "name", "at_least"),
    [("000", "Qasim Solemani", 15), ("001", "Qasem Soleimani", 10), ("002", "Qassem Soleimani", 6)],
)
def test_one_soleimani_actor_per_article(seeds: Path, prefix: str, name: str, at_least: int) -> None:
    result = _seed(seeds, prefix)
    found = _soleimani(result)
    assert (found.name, found.type) == (name, "person")
    assert len(found.mentions) >= at_least
    assert found.salience >= 0.4


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_us_forms_are_one_actor(seeds: Path, prefix: str) -> None:
    result = _seed(seeds, prefix)
    assert _holders(result, US_FORMS) == {"united-states"}
    us = result.actor("united-states")
    assert us is not None and us.type == "country" and len(us.mentions) >= 10


def test_isd_and_its_expansion_are_one_actor(seeds: Path) -> None:
    result = _seed(seeds, "000")
    (actor_id,) = _holders(result, {"ISD", "Institute for Strategic Dialogue"})
    found = result.actor(actor_id)
    assert found is not None and found.type == "organisation"
    assert {found.name, *found.aliases} == {"Institute for Strategic Dialogue", "ISD"}
    (irgc,) = _holders(result, {"IRGC", "Islamic Revolutionary Guard Corps"})
    assert irgc == "islamic-revolutionary-guard-corps"


def test_surnames_tagged_as_places_stay_with_the_person(seeds: Path) -> None:
    result = _seed(seeds, "002")
    (heller,) = _holders(result, {"Sam Heller", "Heller"})
    (stroul,) = _holders(result, {"Dana Stroul", "Stroul"})
    assert (heller, stroul) == ("sam-heller", "dana-stroul")


def _labels(result: Analysis, actor_id: str, kind: str) -> list[str]:
    text = result.article.text
    return [lab.span.text_in(text) for lab in result.labels if lab.actor_id == actor_id and lab.kind == kind]


def test_op_ed_descriptors_of_solemani(seeds: Path) -> None:
    result = _seed(seeds, "000")
    solemani = _soleimani(result).id
    appositions = _labels(result, solemani, "apposition")
    assert any(a.startswith("the commander of the Quds Force") for a in appositions)
    predicates = _labels(result, solemani, "predicate")
    assert "a military leader" in predicates
    assert {"a terrorist", "a war criminal"} <= set(predicates)
    assert any(c.startswith("who took Bin Laden") for c in _labels(result, solemani, "clause"))
    # "The man who ... was nicknamed “Supermani” ... is dead"
    assert "Supermani" in _labels(result, solemani, "nickname")


def _event_words(result: Analysis) -> set[str]:
    text = result.article.text
    return {lab.span.text_in(text).lower() for lab in result.labels if lab.kind == "event"}


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("000", {"killed", "killing", "death"}),
        ("001", {"assassination", "killing", "killed"}),
        ("002", {"killed", "assassinated"}),
    ],
)
def test_event_terms(seeds: Path, prefix: str, words: set[str]) -> None:
    assert words <= _event_words(_seed(seeds, prefix))


def test_event_terms_name_soleimani_as_patient(seeds: Path) -> None:
    for prefix in ("000", "001", "002"):
        result = _seed(seeds, prefix)
        solemani = _soleimani(result).id
        patients = [dict(lab.arguments).get("patient") for lab in result.labels if lab.kind == "event"]
        assert patients.count(solemani) >= 2, prefix
