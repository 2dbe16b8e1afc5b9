"""The word lists and country table about actors' names, read once from ``resources/actors/``.

Used by the actors and labels stages and by actor linking across articles.  Kept as data
(style habit 6): recognising another title or country is an edit to a TOML file.
Everything is turned into frozensets and dicts here, once per process, so the callers do
only constant-time lookups.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from framelens.text.names import fold


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
    #: words a name never ends with (prepositions, conjunctions): a tag cut through a headline
    never_last: frozenset[str]
    #: an organisation name's last word that is never a short form of it ("House", "Court")
    generic_org_heads: frozenset[str]
    surname_particles: frozenset[str]
    patronymic_particles: frozenset[str]
    locative_prepositions: frozenset[str]
    #: last words of place names ("Virginia Beach"): a given name before them is no person's
    place_heads: frozenset[str]
    #: folded alias or canonical name -> canonical country name ("u s" -> "United States")
    country_names: dict[str, str]
    #: demonym as written -> canonical country name ("Iranians" -> "Iran")
    demonyms: dict[str, str]
    #: abbreviated title -> the nouns of the same office ("gov." -> "governor")
    title_abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: courtesy titles ("Mr.", "Ms."): house style that tells nothing of the person but gender
    courtesy_titles: frozenset[str] = frozenset()
    #: folded party name, alias or nickname -> canonical party name ("gop" -> "Republicans")
    party_names: dict[str, str] = field(default_factory=dict)
    #: words right after a name that make it a disease's ("Ebola virus"), and phrases right
    #: before ("cases of Ebola"): ``[diseases]``
    disease_after: frozenset[str] = frozenset()
    disease_before: tuple[tuple[str, ...], ...] = ()
    #: ``title_heads`` and ``title_modifiers`` together, made once (the headline's names, a
    #: label's office and the comparison's name keys each ask of every word)
    title_words: frozenset[str] = frozenset()

    @property
    def pronouns(self) -> frozenset[str]:
        return self.masculine_pronouns | self.feminine_pronouns

    def pronoun_gender(self, word: str) -> str | None:
        """ "m" or "f" for a gendered pronoun (lower case), else None."""
        if word in self.masculine_pronouns:
            return "m"
        return "f" if word in self.feminine_pronouns else None


def _lower(items: list[Any]) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items)


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("framelens.resources").joinpath(f"actors/{name}").read_text("utf-8"))


@functools.cache
def actor_lexicon() -> ActorLexicon:
    """The packaged lexicon (cached: read once per process)."""
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
        title_words=_lower(titles["heads"]) | _lower(titles["modifiers"]),
        masculine_titles=_lower(titles["masculine"]),
        feminine_titles=_lower(titles["feminine"]),
        masculine_pronouns=_lower(pronouns["masculine"]),
        feminine_pronouns=_lower(pronouns["feminine"]),
        collective_heads=_lower(dem["collective_heads"]),
        compound_suffixes=_lower(dem["compound_suffixes"]),
        junk_texts=_lower(junk["texts"]),
        junk_single=_lower(junk["single"]) | _lower(junk.get("single_times", [])),
        function_words=_lower(names["function_words"]),
        never_last=_lower(names["never_last"]),
        generic_org_heads=_lower(names["generic_org_heads"]),
        surname_particles=_lower(names["surname_particles"]),
        patronymic_particles=_lower(names["patronymic_particles"]),
        locative_prepositions=_lower(data["places"]["locative_prepositions"]),
        place_heads=_lower(data["places"]["place_heads"]),
        country_names=countries,
        demonyms=demonyms,
        title_abbreviations={
            str(k).lower(): tuple(str(v).lower() for v in forms)
            for k, forms in titles.get("abbreviations", {}).items()
        },
        courtesy_titles=_lower(titles.get("courtesy", [])),
        party_names={
            fold(str(alias)): str(entry["name"])
            for entry in _read("parties.toml")["party"]
            for alias in [entry["name"], *entry.get("aliases", [])]
        },
        disease_after=_lower(data.get("diseases", {}).get("after", [])),
        disease_before=tuple(
            tuple(str(p).lower().split()) for p in data.get("diseases", {}).get("before", [])
        ),
    )
