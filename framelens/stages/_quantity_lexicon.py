"""The quantities stage's vocabulary, loaded from ``resources/quantities/lexicon.toml``.

Heuristics are data: the word lists live in the TOML file and this module only
turns them into lookup tables, once per process.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Phrase = tuple[str, ...]


def _phrases(items: list[str]) -> frozenset[Phrase]:
    return frozenset(tuple(item.split()) for item in items)


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    """The stage's vocabulary as lookup tables (built once per process by ``lexicon()``)."""

    units: dict[str, int]
    scales: dict[str, int]
    suffixes: dict[str, int]
    fractions: dict[str, int]
    pronoun_like: frozenset[str]
    vague_bases: dict[str, int]
    vague_need_of: frozenset[str]
    #: vague plural -> its highest value when sooner than 10 x base - 1 ("dozens": 99)
    vague_highs: dict[str, int]
    multipliers: dict[Phrase, tuple[int, int]]
    tolerance: float
    approximators: dict[Phrase, str]
    not_for_duration: frozenset[str]
    after: dict[Phrase, str]
    range_openers: frozenset[str]
    range_joiners: frozenset[str]
    change_openers: frozenset[str]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    percent: frozenset[Phrase]
    time_units: frozenset[str]
    lookback: frozenset[str]
    relative: frozenset[Phrase]
    months: frozenset[str]
    ambiguous_months: frozenset[str]
    weekdays: frozenset[str]
    date_preps: frozenset[str]
    year_low: int
    year_high: int
    counted_hints: frozenset[str]
    number_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    source_preps: frozenset[Phrase]
    max_phrase: int
    triggers: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> QuantityLexicon:
    """Load ``resources/quantities/lexicon.toml`` once per process."""
    path = resources.files("framelens.resources").joinpath("quantities", "lexicon.toml")
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    num, vague, appr, time = data["numbers"], data["vague"], data["approximators"], data["time"]
    approximators: dict[Phrase, str] = {}
    for direction in ("above", "above_near", "below", "below_near", "around", "exact"):
        for phrase in appr[direction]:
            approximators[tuple(phrase.split())] = direction
    after = {tuple(k.split()): v for k, v in appr["after"].items()}
    multipliers = {tuple(k.split()): (int(v[0]), int(v[1])) for k, v in vague["multipliers"].items()}
    percent = _phrases(data["percent"]["words"])
    phrase_lengths = [len(p) for p in (*approximators, *after, *multipliers, *percent)]
    relative = _phrases(time["relative"])
    # Words a figure can start with: any other token (not starting with a digit) is skipped at once.
    triggers = frozenset(
        {"a", "an", "half"}
        | set(num["units"])
        | set(num["tens"])
        | set(vague["bases"])
        | {p[0] for p in multipliers}
        | {p[0] for p in relative}
        | set(time["lookback"])
        | set(time["months"])
        | set(time["weekdays"])
        | set(data["money"]["symbols"])
    )
    return QuantityLexicon(
        units={**num["units"], **num["tens"]},
        scales=dict(num["scales"]),
        suffixes=dict(num["suffixes"]),
        fractions=dict(num["fractions"]),
        pronoun_like=frozenset(num["pronoun_like"]),
        vague_bases=dict(vague["bases"]),
        vague_need_of=frozenset(vague["need_of"]),
        vague_highs=dict(vague.get("highs", {})),
        multipliers=multipliers,
        tolerance=float(appr["tolerance"]),
        approximators=approximators,
        not_for_duration=frozenset(appr["not_for_duration"]),
        after=after,
        range_openers=frozenset(appr["range_openers"]),
        range_joiners=frozenset(appr["range_joiners"]),
        change_openers=frozenset(appr["change_openers"]),
        currency_symbols=dict(data["money"]["symbols"]),
        currency_words=dict(data["money"]["words"]),
        percent=percent,
        time_units=frozenset(time["units"]),
        lookback=frozenset(time["lookback"]),
        relative=relative,
        months=frozenset(time["months"]),
        ambiguous_months=frozenset(time["ambiguous_months"]),
        weekdays=frozenset(time["weekdays"]),
        date_preps=frozenset(time["date_preps"]),
        year_low=int(time["year_range"][0]),
        year_high=int(time["year_range"][1]),
        counted_hints=frozenset(data["counted"]["hints"]),
        number_nouns=frozenset(w.lower() for w in data["counted"]["number_nouns"]),
        speech_verbs=frozenset(data["attribution"]["speech_verbs"]),
        source_preps=_phrases(data["attribution"]["source_preps"]),
        max_phrase=max(phrase_lengths),
        triggers=triggers,
    )
