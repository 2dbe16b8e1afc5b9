"""The compare step's word lists (``resources/compare/lexicon.toml`` and ``counted.toml``) with its
thresholds (settings).

Kept as data (style habit 6): what counts as a claim cue is an edit of the TOML file; how
readily statements are grouped is the ``[comparison]`` section of the settings
(``framelens.config.ComparisonParams``).  Patterns are compiled here, once per process.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from framelens.config import ComparisonParams
from framelens.text.names import fold


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareLexicon(ComparisonParams):
    """Every list and threshold the compare modules consult: the word lists on top of the
    thresholds they were built with (``ComparisonParams``'s fields, e.g. ``lex.threshold``)."""

    quantity_kinds: frozenset[str]
    modals: re.Pattern[str]
    attributions: re.Pattern[str]
    negation: re.Pattern[str]
    #: phrases that open with a negator but affirm ("not the only", "not just")
    negation_idioms: re.Pattern[str]
    #: a determiner right after a negator: it negates a noun phrase, not the predicate
    determiners: frozenset[str] = frozenset()
    #: negators of a noun ("no", "without"), which never dispute a claim
    nominal_negators: frozenset[str] = frozenset()
    #: compiled pattern per evaluative class name, and the class's direction (+1 / -1)
    evaluative: tuple[tuple[str, int, re.Pattern[str]], ...]
    organisation_words: frozenset[str]
    document_words: frozenset[str]
    #: names of news media and the last words that mark one ("the Valley Gazette")
    media_names: frozenset[str] = frozenset()
    media_words: frozenset[str] = frozenset()
    #: counted noun (singular, folded) -> its class; predicate lemma -> its class
    counted_classes: dict[str, str]
    predicate_classes: dict[str, str]
    #: predicates that size a figure ("put the crowd at") and match any predicate class
    generic_predicates: frozenset[str]
    #: predicates that only report or hold a figure ("be", "say"): they match any class too,
    #: but their figures only ever agree
    plain_predicates: frozenset[str] = frozenset()
    #: counted class -> the classes it is a part of, transitively ("troops" -> forces, people)
    broader: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    #: counted noun that names what happened -> its predicate class ("arrest" -> "detain")
    counted_events: dict[str, str] = dataclasses.field(default_factory=dict)
    #: approximators that exclude the figure ("more than 500" is above 500, not 500)
    exclusive: frozenset[str] = frozenset()
    #: the quantities stage's tolerance of "about", "nearly" (a share of the figure)
    tolerance: float = 0.1
    #: weekday names; month name or abbreviation -> month number
    weekdays: frozenset[str] = frozenset()
    months: dict[str, int] = dataclasses.field(default_factory=dict)
    #: predicates whose date says only when something was said ("said on Monday")
    date_ignored: frozenset[str] = frozenset()
    #: event nouns whose verb no suffix rule recovers: "detention" -> "detain"
    event_families: dict[str, str] = dataclasses.field(default_factory=dict)
    #: a clause holding one of these reports a speaker ("said", "denied", "according to"):
    #: the pattern, and the same as a set of single words and a pattern of phrases (fast path)
    speech: re.Pattern[str] = re.compile(r"(?!)")
    speech_words: frozenset[str] = frozenset()
    speech_phrases: re.Pattern[str] = re.compile(r"(?!)")
    #: a speaker's denial ("denied", "rejected")
    denials: re.Pattern[str] = re.compile(r"(?!)")
    #: words that end a clause inside a sentence ("but", "while")
    clause_breaks: re.Pattern[str] = re.compile(r"(?!)")
    #: refuting words ("falsely", "no evidence"): the outlet says a claim is false
    refuting: re.Pattern[str] = re.compile(r"(?!)")


def inflections(word: str) -> set[str]:
    """Regular inflected forms of an English verb or noun: weaken -> weakens, weakened, weakening.

    Over-generation is harmless (a non-word never matches) and cheaper than a lemmatiser,
    which the compare step does not have: the spaCy Doc never leaves the analysis workers.
    """
    if " " in word:
        head, rest = word.split(" ", 1)
        return {f"{form} {rest}" for form in inflections(head)}
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # cut -> cutting, drop -> dropped
    return forms


def _phrases(words: list[str], inflect: bool = False) -> re.Pattern[str]:
    forms: set[str] = set()
    for word in words:
        forms |= inflections(word.lower()) if inflect else {word.lower()}
    parts = []
    for form in sorted(forms, key=len, reverse=True):  # longest first: "no longer" before "no"
        body = re.escape(form).replace(r"\ ", r"\s+").replace("'", "['’]")
        # a clitic ("n't") is glued to its verb, so only whole words need a boundary before them
        parts.append(body if form.startswith("n'") else r"(?<![\w'’])" + body)
    return re.compile("(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


@functools.cache
def compare_lexicon(params: ComparisonParams | None = None) -> CompareLexicon:
    """The packaged word lists with the thresholds ``params`` (the settings' ``comparison``; None:
    the defaults), read once per process and set of thresholds."""
    data = _read("compare/lexicon.toml")
    counted = _read("compare/counted.toml")
    # the weekday and month names and the tolerance of "about" are the quantities stage's
    quantities = _read("quantities/lexicon.toml")
    claims, sources, voice, disputes = data["claims"], data["sources"], data["voice"], data["disputes"]
    predicates = dict(counted["predicates"])
    generic = predicates.pop("generic")
    directions = {"diminish": -1, "strengthen": 1}
    evaluative = tuple(
        (name, directions.get(name, 0), _phrases(words, inflect=True))
        for name, words in claims["evaluative"].items()
    )
    thresholds = params or ComparisonParams()
    return CompareLexicon(
        **{f.name: getattr(thresholds, f.name) for f in dataclasses.fields(ComparisonParams)},
        quantity_kinds=frozenset(claims["quantity_kinds"]),
        modals=_phrases(claims["modals"]),
        attributions=_phrases(claims["attributions"]),
        negation=_phrases(claims["negation"]["words"]),
        negation_idioms=_phrases(claims["negation"]["idioms"]),
        determiners=frozenset(claims["negation"]["determiners"]),
        nominal_negators=frozenset(disputes["nominal_negators"]),
        evaluative=evaluative,
        organisation_words=frozenset(w.lower() for w in sources["organisation_words"]),
        document_words=frozenset(w.lower() for w in sources["document_words"]),
        media_names=frozenset(w.lower() for w in sources.get("media_names", [])),
        media_words=frozenset(w.lower() for w in sources.get("media_words", [])),
        counted_classes=_classes(counted["classes"]),
        predicate_classes=_classes(predicates),
        generic_predicates=frozenset(generic["sizing"]),
        plain_predicates=frozenset(generic["plain"]),
        broader=_closure(counted["broader"]),
        counted_events=_classes(counted["events"]),
        exclusive=frozenset(counted["approximators"]["exclusive"]),
        tolerance=float(quantities["approximators"]["tolerance"]),
        weekdays=frozenset(quantities["time"]["weekdays"]),
        months=_months(quantities["time"]["months"]),
        date_ignored=frozenset(counted["dates"]["ignore_predicates"]),
        event_families={
            k.lower(): v.lower() for k, v in data.get("event_terms", {}).get("families", {}).items()
        },
        speech=_phrases(voice["speech"], inflect=True),
        speech_words=frozenset(f for w in voice["speech"] if " " not in w for f in inflections(w.lower())),
        speech_phrases=_phrases([w for w in voice["speech"] if " " in w], inflect=True),
        denials=_phrases(voice["denials"]),
        clause_breaks=_phrases(voice["clause_breaks"]),
        refuting=_phrases(disputes["refuting"]),
    )


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("framelens.resources").joinpath(name).read_text("utf-8"))


def _classes(table: dict[str, list[str]]) -> dict[str, str]:
    """word -> class name, words folded as counted nouns are ("non-combatant" -> "non combatant")."""
    return {fold(word): name for name, words in table.items() for word in words}


def _closure(parents: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Each class with every class above it, following the listed parents upwards."""
    out: dict[str, frozenset[str]] = {}
    for name in parents:
        seen: set[str] = set()
        todo = list(parents[name])
        while todo:
            parent = todo.pop()
            if parent not in seen and parent != name:
                seen.add(parent)
                todo.extend(parents.get(parent, []))
        out[name] = frozenset(seen)
    return out


def _months(names: list[str]) -> dict[str, int]:
    """Month names and abbreviations -> 1..12 ("sept" -> 9): an abbreviation starts its month's name."""
    full = names[:12]
    return {name: next(n for n, m in enumerate(full, 1) if m.startswith(name[:3])) for name in names}
