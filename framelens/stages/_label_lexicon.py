"""The labels stage's word lists, read once from ``resources/labels/lexicon.toml``.

Kept as data (style habit 6): a new event verb or copula is an edit to a TOML file.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class LabelLexicon:
    """Event seeds and descriptor verbs, as frozensets for constant-time lookups."""

    event_verbs: frozenset[str]
    particle_verbs: frozenset[tuple[str, str]]
    event_nouns: frozenset[str]
    compound_modifiers: frozenset[str]
    possessor_is_patient: frozenset[str]
    intransitive_patient: frozenset[str]
    copulas: frozenset[str]
    as_verbs: frozenset[str]
    nickname_verbs: frozenset[str]
    unnamed_person_nouns: frozenset[str]
    #: words that count or pick out members, never describe them ("other Republicans")
    quantifiers: frozenset[str] = frozenset()
    #: a headline's verbs that are no event term ("is", "says")
    headline_skip: frozenset[str] = frozenset()


def _lower(items: list[Any]) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items)


@functools.cache
def label_lexicon() -> LabelLexicon:
    """The packaged lexicon (cached: read once per process)."""
    text = resources.files("framelens.resources").joinpath("labels/lexicon.toml").read_text("utf-8")
    data = tomllib.loads(text)
    events, desc = data["events"], data["descriptors"]
    particles = [p.lower().split(maxsplit=1) for p in events["particle_verbs"]]
    return LabelLexicon(
        event_verbs=_lower(events["verbs"]),
        particle_verbs=frozenset((p[0], p[1]) for p in particles if len(p) == 2),
        event_nouns=_lower(events["nouns"]),
        compound_modifiers=_lower(events["compound_modifiers"]),
        possessor_is_patient=_lower(events["possessor_is_patient"]),
        intransitive_patient=_lower(events["intransitive_patient"]),
        copulas=_lower(desc["copulas"]),
        as_verbs=_lower(desc["as_verbs"]),
        nickname_verbs=_lower(desc["nickname_verbs"]),
        unnamed_person_nouns=_lower(desc["unnamed_person_nouns"]),
        quantifiers=_lower(desc.get("quantifiers", [])),
        headline_skip=_lower(events.get("headline_skip", [])),
    )
