"""Grouping mention candidates into the actors of one article.

Candidates with the same folded surface form are one *form*; forms are then joined with a
union-find by a few rules, each a lookup in an index rather than a comparison of all pairs:

* country names and demonyms join their country from the table ("US", "U.S.", "America");
* a demonym not in the table joins a place whose name it extends ("Meridians" -> Meridia);
* an acronym joins the expansion written beside it in parentheses, or else a multi-word
  name whose initials it spells ("ISD" -> Institute for Strategic Dialogue);
* a one-word organisation name joins the one longer organisation name ending in it ("the
  Times" -> The New York Times), generic heads ("House", "Court") excepted;
* a one-word person form joins the full name whose surname it matches, fuzzily
  ("Solemani" -> Qasim Solemani), or else the one full name it is the first name of, and
  full names join when surname and given names match fuzzily ("Qasem Soleimani" /
  "Qassem Soleimani"), short forms and middle initials allowed ("Bob Goodlatte" /
  "Robert W. Goodlatte"); two full names sharing only a surname are never joined
  ("Bill Clinton" / "Hillary Rodham Clinton"), and a surname of both goes, mention by
  mention, to the one named most recently before it that its honorific allows;
* forms that differ only by a plural ending join ("Quds Force(s)").

The acronym and name rules are the name matcher's (``framelens.text.matching``, with its
``WITHIN_ARTICLE`` rules), the one actor linking uses across articles.

The type of an actor is the weighted majority of its candidates' NER votes, so a surname
tagged GPE once is still the person; a name in the country table is always a country.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from framelens.stages._actor_mentions import Candidate
from framelens.text.actor_lexicon import ActorLexicon
from framelens.text.matching import (
    WITHIN_ARTICLE,
    NameForm,
    Veto,
    join_acronyms,
    join_persons,
    join_same,
    join_short_forms,
    surname,
)
from framelens.text.names import fold, form_key, given_gender, listed_gender, well_formed
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
    #: what decided ``type`` (``_type_reason``)
    type_reason: str = ""


#: a role the sentence gives a name (an age, "who", a family) outweighs a name of several
#: tokens tagged by the tagger: it is read from the text, not guessed from the letters
ROLE_WEIGHT = 4
#: roles that only rule a place out: "who" is said of a person or a group, and a name that
#: says something is a person or a body
_NOT_PLACE = ("human", "speaker")


def _votes(cands: list[Candidate]) -> Counter[str]:
    """The type votes of an actor's candidates.  Where the actor is named in full as a person
    with a given name ("Douglas Campbell") or with a title or role word before the full name
    ("Hungarian leader Viktor Orban": Viktor is in no names table), its bare surname's other tags
    are the tagger mistaking the surname for a firm ("Campbell" tagged ORG 13 times, "Orban"
    12 times) and do not vote.  So with a person's title before the bare surname: "President
    Trump" once, where "Trump" alone was tagged ORG 19 times and PERSON 8."""
    named = any(
        c.vote == "person" and ((len(c.words) > 1 and listed_gender(c.words[0])) or c.titled) for c in cands
    )
    votes: Counter[str] = Counter()
    for c in cands:
        # a place tag alike: "Ohajacao-Ramos" tagged GPE thrice beside "Jose Manuel Ohajacao-Ramos"
        if not (named and len(c.words) == 1 and c.vote in ("organisation", "country", "place")):
            votes[c.vote] += c.weight
        if c.role is not None and c.role[0] not in _NOT_PLACE:
            votes[c.role[0]] += ROLE_WEIGHT
    return votes


def _party(cand: Candidate, lex: ActorLexicon) -> str | None:
    """The party table's name for a candidate ("GOP", "Republican Party" -> "Republicans")."""
    return lex.party_names.get(fold(cand.text))


def _form_key(cand: Candidate, lex: ActorLexicon) -> str:
    if cand.country is not None:
        return "country:" + cand.country
    party = _party(cand, lex)
    if party is not None:
        return "party:" + party  # "GOP", "Republican Party", "Republicans": one side
    return form_key(cand.text)


def resolve(cands: list[Candidate], lex: ActorLexicon) -> list[Cluster]:
    """Group candidates into clusters, in order of first mention."""
    forms: dict[str, list[Candidate]] = {}
    for cand in cands:
        forms.setdefault(_form_key(cand, lex), []).append(cand)
    keys = list(forms)
    index = {k: i for i, k in enumerate(keys)}
    uf = UnionFind(len(keys))
    votes = {k: _votes(forms[k]) for k in keys}

    _join_demonyms(forms, keys, index, uf, votes)
    # built after the demonyms: a demonym's candidates no longer vote for a type
    names = _families([_name_form(forms[key]) for key in keys])
    veto = Veto(names, uf)
    # an acronym written beside its expansion in parentheses joins it
    for cand in cands:
        if cand.acronym is not None and cand.country is None and cand.paired is not None:
            veto.union(index[_form_key(cands[cand.paired], lex)], index[_form_key(cand, lex)])
    join_acronyms(names, uf, WITHIN_ARTICLE, lex.function_words, veto)
    join_short_forms(names, uf, lex.generic_org_heads, veto)
    ambiguous = join_persons(names, uf, WITHIN_ARTICLE, veto)
    surnames = _surnames(names, uf, ambiguous)
    join_same(
        (
            [] if key.startswith(("country:", "party:")) or i in surnames else [form_key(key, plural=True)]
            for i, key in enumerate(keys)
        ),
        uf,
        veto,
    )

    groups: dict[int, list[Candidate]] = defaultdict(list)
    for key in keys:
        groups[uf.find(index[key])].extend(forms[key])
    _most_recent(ambiguous, keys, forms, uf, groups)
    members = [m for group in groups.values() for m in _split_by_gender(group)]
    clusters = [Cluster(sorted(m, key=lambda c: c.start)) for m in members if m]
    clusters.sort(key=lambda cl: cl.members[0].start)
    for cl in clusters:
        _name_and_type(cl, lex)
    return clusters


def _families(names: list[NameForm]) -> list[NameForm]:
    """``names`` with a family's plural ("the Hutchinsons", "the Joneses" beside "Seth
    Hutchinson", "Ann Jones") read as no person's name, so no person rule joins it to one of
    them: the family is a group of its own."""
    full = {fold(surname(n.words)) for n in names if n.person and len(n.words) > 1}
    if not full:
        return names

    def family(word: str) -> bool:
        folded = fold(word)
        return folded not in full and (folded[:-1] in full or (folded.endswith("es") and folded[:-2] in full))

    return [
        replace(n, person=False)
        if n.person and len(n.words) == 1 and n.words[0].endswith("s") and family(n.words[0])
        else n
        for n in names
    ]


def _surnames(names: list[NameForm], uf: UnionFind, ambiguous: dict[int, list[int]]) -> set[int]:
    """The one-word forms that name a person named in full (or one of several): such a
    surname is that person, and its plural is the family ("Mr. Hutchinson" is not "the
    Hutchinsons"), so the plural rule never joins them.  Read on a real report of a
    governor and his son, whose family's plural took every "Mr. Hutchinson"."""
    full = {uf.find(i) for i, name in enumerate(names) if name.person and len(name.words) > 1}
    return set(ambiguous) | {
        i for i, name in enumerate(names) if name.person and len(name.words) == 1 and uf.find(i) in full
    }


#: a person named this many times as often as every other of the same surname is the one an
#: earlier bare surname stands for
DOMINANT = 3


def _most_recent(
    ambiguous: dict[int, list[int]],
    keys: list[str],
    forms: dict[str, list[Candidate]],
    uf: UnionFind,
    groups: dict[int, list[Candidate]],
) -> None:
    """A surname of several people ("Clinton" beside "Bill Clinton" and "Hillary Clinton"):
    each mention goes to the one of them named most recently before it (any of that actor's
    mentions counts, earlier surnames given to it included) whose gender does not contradict
    the mention's honorific ("Mrs. Clinton" is not Bill; "Mr. Conway" is the Conway known to be
    a man before one whose gender is unknown); a mention before all of them goes
    to the one named ``DOMINANT`` times as often as each other, else it stays an actor of its
    own, as does one that no one fits.  Recency is how a reader resolves it: an
    article names the other person again when it switches.
    """
    for i, targets in ambiguous.items():
        own = uf.find(i)
        if groups.get(own) != forms[keys[i]]:
            continue  # the surname joined something else by another rule: leave that alone
        roots = {uf.find(j) for j in targets}
        starts = {root: sorted(c.start for c in groups[root]) for root in roots}
        gender = {root: _gender(groups[root]) for root in roots}
        # how often each of them is named, its surname mentions after it included
        named = {root: len(groups[root]) for root in roots}
        for cand in groups[own]:
            before = [
                (max(s for s in st if s < cand.start), r) for r, st in starts.items() if st[0] < cand.start
            ]
            if before:
                named[max(before)[1]] += 1
        kept: list[Candidate] = []
        for cand in sorted(groups[own], key=lambda c: c.start):
            # a person known to have the honorific's gender wins over one whose gender is
            # unknown: "Mr. Conway" after "George T. Conway III, ... the husband of Kellyanne
            # Conway" is George, though she was named last
            known = [
                r
                for r, st in starts.items()
                if cand.gender and gender[r] == cand.gender and st[0] < cand.start
            ]
            # an office goes the same way: "Former Vice President Cheney" is the Cheney the
            # article called "ex-Vice President Dick Cheney", though his daughter was named last
            office = _office(cand.title)
            held = [r for r in starts if office and any(_office(c.title) == office for c in groups[r])]
            known = held if len(held) == 1 else known
            fits = known or [r for r in starts if cand.gender is None or gender[r] in (None, cand.gender)]
            last = {root: max((s for s in starts[root] if s < cand.start), default=-1) for root in fits}
            root = max(last, key=lambda r: last[r], default=-1)
            if root >= 0 and last[root] < 0:
                # before all of them (a headline's "President Trump"): the one the article is
                # about, when it is named far more often than the others ("Donald Trump" 17
                # times, "Melania Trump" once)
                sizes = sorted(((named[r], r) for r in last), reverse=True)
                clear = len(sizes) == 1 or sizes[0][0] >= DOMINANT * sizes[1][0]
                root = sizes[0][1] if clear else -1
            if root < 0:
                kept.append(cand)
                continue
            groups[root].append(cand)
            starts[root].append(cand.start)
        groups[own] = kept


#: words before an office that do not change it ("Former Vice President", "ex-Vice President")
_OFFICE_TIMES = frozenset({"former", "ex", "then", "late", "the", "outgoing", "incoming"})


def _office(title: str | None) -> str:
    """A title's office, its times left out: "Former Vice President" -> "vice president"."""
    words = (title or "").lower().replace("-", " ").split()
    return " ".join(w for w in words if w not in _OFFICE_TIMES)


def _split_by_gender(group: list[Candidate]) -> list[list[Candidate]]:
    """``group``, less the surname mentions whose honorific contradicts the person named in
    full: "Mrs. Trump" beside "Donald Trump" and "Mr. Trump" is another person (his wife),
    and her description ("a former model from Slovenia") had been given to him.  The given
    name decides the person's gender, else the honorific most of the mentions carry."""
    given = [g for c in group if len(c.words) > 1 and (g := given_gender(c.words[0]))]
    told = Counter(c.gender for c in group if c.gender)
    gender = given[0] if given else (told.most_common(1)[0][0] if told else None)
    if gender is None:
        return [group]
    other = [c for c in group if c.gender not in (None, gender) and len(c.words) == 1]
    if not other or len(other) == len(group):
        return [group]
    return [[c for c in group if not any(c is o for o in other)], other]


def _gender(cands: list[Candidate], given: Callable[[str], str | None] | None = given_gender) -> str | None:
    """The gender an actor's honorifics tell ("Mr.", "Mrs."), else its given name ("Bill") as
    ``given`` reads it (None: the honorifics alone)."""
    told = next((c.gender for c in cands if c.gender), None)
    if told is not None or given is None:
        return told
    return next((g for c in cands if len(c.words) > 1 and (g := given(c.words[0]))), None)


def _name_form(cands: list[Candidate]) -> NameForm:
    """A form as the name matcher sees it: its words, and which of its rules may apply."""
    first = cands[0]
    plain = first.country is None and first.acronym is None
    return NameForm(
        words=tuple(first.words),
        person=plain and (len(first.words) == 1 or _personish(cands)),
        spelled=plain,
        organisation=plain and _votes(cands).most_common(1)[0][0] == "organisation",
        # an acronym written beside its expansion joins that, not the names it spells
        acronyms=tuple(
            dict.fromkeys(
                c.acronym for c in cands if c.acronym is not None and c.country is None and c.paired is None
            )
        ),
    )


def _personish(cands: list[Candidate]) -> bool:
    votes = _votes(cands)
    return votes.most_common(1)[0][0] == "person"


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


def _name_and_type(cl: Cluster, lex: ActorLexicon) -> None:
    votes = _votes(cl.members)
    country = next((c.country for c in cl.members if c.country is not None), None)
    spoke = False  # a role in the text ruled the tagger's place out
    party = next((p for c in cl.members if (p := _party(c, lex)) is not None), None)
    if country is not None:
        cl.type, cl.name = "country", country
    elif party is not None:
        cl.type, cl.name = "group", party
    else:
        top = votes.most_common()
        kind = top[0][0]
        if kind == "country" and all(fold(c.text) not in lex.country_names for c in cl.members):
            # a GPE not in the table: a country when a demonym was derived from it, else a place
            kind = "country" if any(c.demonym for c in cl.members) else "place"
        if kind == "place":
            kind, spoke = _not_a_place(cl.members, votes)
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
    # the gender pronouns must agree with: the honorifics', else a given name listed in full
    # ("Sarah Halimi" is no "he"); a short form ("Kim", "Mel") tells nothing here
    cl.gender = _gender(cl.members, listed_gender if cl.type == "person" else None)
    cl.type_reason = _type_reason(cl, spoke)


def _not_a_place(members: list[Candidate], votes: Counter[str]) -> tuple[str, bool]:
    """The type of a name the tagger read as a place when the text says otherwise: "who" after
    it (a person or a group), or it speaks ("Palin said": a person or a body).  A name tagged
    GPE that speaks is left a place: "Oklahoma argues" is the state."""
    roles = {c.role[0] for c in members if c.role is not None}
    if "human" in roles:
        return ("group" if votes["group"] > votes["person"] else "person"), True
    if "speaker" in roles and not any(c.why == "tagged GPE" for c in members):
        if votes["organisation"] == votes["person"]:
            # no other evidence: a long name is a body's ("... Drug Trafficking Area wrote")
            return ("organisation" if max(len(c.words) for c in members) > 2 else "person"), True
        return ("organisation" if votes["organisation"] > votes["person"] else "person"), True
    return "place", False


def _type_reason(cl: Cluster, spoke: bool) -> str:
    """What decided an actor's type, as a reader can check it: the evidence for that type
    with its count ("tagged PERSON ×3; an age after the name (“32”)")."""
    evidence: Counter[str] = Counter()
    for c in cl.members:
        if (c.vote == cl.type or (cl.type == "place" and c.vote == "country")) and c.weight:
            evidence[c.why] += 1
        if c.role is not None and (c.role[0] == cl.type or (spoke and c.role[0] in _NOT_PLACE)):
            evidence[c.role[1]] += 1
    if not evidence:
        return "the most frequent tag of its mentions"
    return "; ".join(f"{why} ×{n}" if n > 1 else why for why, n in evidence.most_common(4))
