"""The actors stage's word lists and country table, read once from ``resources/actors/``.

Kept as data (style habit 6): recognising another title or country is an edit to a TOML
file.  Everything is turned into frozensets and dicts here, once per process, so the stage
itself does only constant-time lookups.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """Every list the actors and labels stages consult about names and titles."""

    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    masculine_titles: frozenset[str]
    feminine_titles: frozenset[str]
    masculine_pronouns: frozenset[str]
    feminine_pronouns: frozenset[str]
    collective_heads: frozenset[str]
    compound_suffixes: frozenset[str]
    junk_texts: frozenset[str]
    junk_single: frozenset[str]
    function_words: frozenset[str]
    surname_particles: frozenset[str]
    locative_prepositions: frozenset[str]
    #: folded alias or canonical name -> canonical country name ("u s" -> "United States")
    country_names: dict[str, str]
    #: demonym as written -> canonical country name ("Iranians" -> "Iran")
    demonyms: dict[str, str]

    @property
    def pronouns(self) -> frozenset[str]:
        return self.masculine_pronouns | self.feminine_pronouns


def _lower(items: list[Any]) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items)


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("framelens.resources").joinpath(f"actors/{name}").read_text("utf-8"))


@functools.cache
def actor_lexicon() -> ActorLexicon:
    """The packaged lexicon (cached: read once per process)."""
    from framelens.text.names import fold

    data = _read("lexicon.toml")
    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for entry in _read("countries.toml")["country"]:
        name = str(entry["name"])
        for alias in [name, *entry.get("aliases", [])]:
            countries[fold(str(alias))] = name
        for demonym in entry.get("demonyms", []):
            demonyms[str(demonym)] = name
    titles, pronouns, dem, junk, names = (
        data["titles"],
        data["pronouns"],
        data["demonyms"],
        data["junk"],
        data["names"],
    )
    return ActorLexicon(
        title_heads=_lower(titles["heads"]),
        title_modifiers=_lower(titles["modifiers"]),
        masculine_titles=_lower(titles["masculine"]),
        feminine_titles=_lower(titles["feminine"]),
        masculine_pronouns=_lower(pronouns["masculine"]),
        feminine_pronouns=_lower(pronouns["feminine"]),
        collective_heads=_lower(dem["collective_heads"]),
        compound_suffixes=_lower(dem["compound_suffixes"]),
        junk_texts=_lower(junk["texts"]),
        junk_single=_lower(junk["single"]),
        function_words=_lower(names["function_words"]),
        surname_particles=_lower(names["surname_particles"]),
        locative_prepositions=_lower(data["places"]["locative_prepositions"]),
        country_names=countries,
        demonyms=demonyms,
    )


def title_start(doc: Doc, start: int, lex: ActorLexicon, limit: int = 0) -> int:
    """The first token of a title right before token ``start`` ("Interior Minister" Reyl), or ``start``.

    A title is a title head ("Minister", "General", "analyst") optionally preceded by title
    modifiers ("Interior", "Prime", "opposition").  Capitalised heads count anywhere; lower-case
    role words ("analyst", "commander") count too, since "analyst Sam Heller" is a role, not
    part of the name.  ``limit`` is the first token the title may use.
    """
    i = start - 1
    if i < limit or doc[i].lower_ not in lex.title_heads:
        return start
    first = i
    i -= 1
    while i >= limit:
        low = doc[i].lower_
        if low in lex.title_heads or low in lex.title_modifiers:
            first = i
            i -= 1
            continue
        break
    return first
