"""Grouping mention candidates into the actors of one article.

Candidates with the same folded surface form are one *form*; forms are then joined with a
union-find by a few rules, each a lookup in an index rather than a comparison of all pairs:

* country names and demonyms join their country from the table ("US", "U.S.", "America");
* a demonym not in the table joins a place whose name it extends ("Meridians" -> Meridia);
* an acronym joins the expansion written beside it in parentheses, or else a multi-word
  organisation whose initials it spells ("ISD" -> Institute for Strategic Dialogue);
* a one-word person form joins the full name whose surname it matches, fuzzily
  ("Solemani" -> Qasim Solemani), and full names join when surname and first name match
  fuzzily ("Qasem Soleimani" / "Qassem Soleimani");
* organisation forms that differ only by a plural ending join ("Quds Force(s)").

The type of an actor is the weighted majority of its candidates' NER votes, so a surname
tagged GPE once is still the person; a name in the country table is always a country.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from framelens.stages._actor_mentions import Candidate
from framelens.text.actor_lexicon import ActorLexicon
from framelens.text.names import fold, initials, similar_token, singular, well_formed
from framelens.text.unionfind import UnionFind

_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ns", "n", "is", "i", "ese", "ish")


@dataclass(slots=True)
class Cluster:
    """One resolved actor before ids and salience are given: its candidates and chosen name/type."""

    members: list[Candidate]
    name: str = ""
    type: str = ""
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None


def _votes(cands: list[Candidate]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for c in cands:
        votes[c.vote] += c.weight
    return votes


def _form_key(cand: Candidate) -> str:
    if cand.country is not None:
        return "country:" + cand.country
    return fold(cand.text)


def resolve(cands: list[Candidate], lex: ActorLexicon) -> list[Cluster]:
    """Group candidates into clusters, in order of first mention."""
    forms: dict[str, list[Candidate]] = {}
    for cand in cands:
        forms.setdefault(_form_key(cand), []).append(cand)
    keys = list(forms)
    index = {k: i for i, k in enumerate(keys)}
    uf = UnionFind(len(keys))
    votes = {k: _votes(forms[k]) for k in keys}

    _join_demonyms(forms, keys, index, uf, votes)
    _join_acronyms(cands, forms, keys, index, uf, lex)
    _join_persons(forms, keys, index, uf)
    _join_plurals(keys, index, uf)

    groups: dict[int, list[Candidate]] = defaultdict(list)
    for key in keys:
        groups[uf.find(index[key])].extend(forms[key])
    clusters = [Cluster(sorted(m, key=lambda c: c.start)) for m in groups.values()]
    clusters.sort(key=lambda cl: cl.members[0].start)
    for cl in clusters:
        _name_and_type(cl, lex)
    return clusters


def _join_demonyms(
    forms: dict[str, list[Candidate]],
    keys: list[str],
    index: dict[str, int],
    uf: UnionFind,
    votes: dict[str, Counter[str]],
) -> None:
    """A group form not in the table joins the place it derives from: "Meridians" -> "Meridia"."""
    places = {k: i for k, i in index.items() if not k.startswith("country:") and votes[k]["country"] > 0}
    for key in keys:
        cands = forms[key]
        if cands[0].country is not None or cands[0].vote != "group":
            continue
        for suffix in _DEMONYM_SUFFIXES:
            if not key.endswith(suffix):
                continue
            stem = key[: -len(suffix)]
            # "Meridian" -> "Meridia": the demonym may share the name's final "a"
            place = places.get(stem, places.get(stem + "a") if suffix.startswith("an") else None)
            if place is not None:
                uf.union(place, index[key])
                for c in cands:
                    # a demonym tells which country, not what type the actor is
                    c.demonym, c.weight = True, 0
                break


def _join_acronyms(
    cands: list[Candidate],
    forms: dict[str, list[Candidate]],
    keys: list[str],
    index: dict[str, int],
    uf: UnionFind,
    lex: ActorLexicon,
) -> None:
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        first = forms[key][0]
        if first.country is None and first.acronym is None and len(first.words) > 1:
            words = first.words
            for variant in {
                initials(words, lex.function_words),
                initials(words, lex.function_words, keep_function=True),
            }:
                by_initials[variant].append(key)
                # "US Defense Intelligence Agency" -> DIA: the acronym may leave out a prefix
                for cut in range(1, len(variant) - 2):  # at least three letters left
                    by_initials.setdefault(variant[cut:], []).append(key)
    for cand in cands:
        if cand.acronym is None or cand.country is not None:
            continue
        key = _form_key(cand)
        if cand.paired is not None:
            uf.union(index[_form_key(cands[cand.paired])], index[key])
            continue
        targets = {t for t in by_initials.get(cand.acronym, []) if t != key}
        if len(targets) == 1:
            uf.union(index[targets.pop()], index[key])


def _join_persons(
    forms: dict[str, list[Candidate]],
    keys: list[str],
    index: dict[str, int],
    uf: UnionFind,
) -> None:
    # full names indexed by the first letter of their surname: fuzzy comparison only within it
    full: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        first = forms[key][0]
        if (
            first.country is None
            and first.acronym is None
            and len(first.words) > 1
            and _personish(forms[key])
        ):
            full[fold(first.words[-1])[:1]].append(key)
    for group in full.values():
        for a_pos, a in enumerate(group):
            wa = forms[a][0].words
            for b in group[a_pos + 1 :]:
                wb = forms[b][0].words
                if similar_token(wa[-1], wb[-1]) and (
                    len(wa) != len(wb)
                    or all(similar_token(x, y) for x, y in zip(wa[:-1], wb[:-1], strict=True))
                ):
                    uf.union(index[a], index[b])
    for key in keys:
        first = forms[key][0]
        if first.country is not None or len(first.words) != 1 or first.acronym is not None:
            continue
        word = first.words[0]
        matches = [f for f in full.get(fold(word)[:1], []) if similar_token(forms[f][0].words[-1], word)]
        roots = {uf.find(index[m]) for m in matches}
        if not matches:
            # a first name alone ("They can take Elena") names the one person whose full name
            # starts with it; exact match only: first names are short and too alike to fuzz
            roots = {
                uf.find(index[f])
                for group in full.values()
                for f in group
                if fold(forms[f][0].words[0]) == fold(word)
            }
        if len(roots) == 1:
            uf.union(roots.pop(), index[key])


def _personish(cands: list[Candidate]) -> bool:
    votes = _votes(cands)
    return votes.most_common(1)[0][0] == "person"


def _join_plurals(keys: list[str], index: dict[str, int], uf: UnionFind) -> None:
    seen: dict[str, int] = {}
    for key in keys:
        if key.startswith("country:"):
            continue
        words = key.split()
        norm = " ".join([*words[:-1], singular(words[-1])]) if words else key
        if norm in seen:
            uf.union(seen[norm], index[key])
        else:
            seen[norm] = index[key]


def _name_and_type(cl: Cluster, lex: ActorLexicon) -> None:
    votes = _votes(cl.members)
    country = next((c.country for c in cl.members if c.country is not None), None)
    if country is not None:
        cl.type, cl.name = "country", country
    else:
        top = votes.most_common()
        kind = top[0][0]
        if kind == "country" and all(fold(c.text) not in lex.country_names for c in cl.members):
            # a GPE not in the table: a country when a demonym was derived from it, else a place
            kind = "country" if any(c.demonym for c in cl.members) else "place"
        cl.type = kind
        names = [c for c in cl.members if not c.demonym and c.acronym is None] or cl.members
        counts = Counter(c.text for c in names)
        cl.name = max(
            counts,
            key=lambda t: (well_formed(t), len(t.split()), len(t), counts[t]),
        )
    seen: list[str] = []
    for c in cl.members:
        if c.text != cl.name and c.text not in seen:
            seen.append(c.text)
    cl.aliases = seen
    cl.gender = next((c.gender for c in cl.members if c.gender), None)
