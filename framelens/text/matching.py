"""One name matcher for actors, within one article and across articles.

The actors stage joins the name forms of one article ("Qasim Solemani", "Solemani",
"ISD"); actor linking joins the actors each article resolved.  Both use these rules, so
the two levels never disagree on what one name is; each rule is an index lookup, and fuzzy
comparisons happen only within a bucket of full names whose surnames share a sound-key head:

* names with the same key join (``join_same``: the caller says which keys a name has);
* full person names join when their surnames are spellings of one name (transliterations,
  "al-"/"el-" dropped) and their given names agree: the first given name after short forms
  ("Bob" / "Robert"), middle names only when both names have them, initials matching the
  names they begin ("Robert W. Goodlatte" / "Bob Goodlatte");
* the veto (``Veto``): two full names that share a surname but not their given names are
  never joined, by any rule or chain of rules ("Bill Clinton" / "Hillary Rodham Clinton");
* a one-word person name joins the single person whose surname it spells (when it spells
  several, ``join_persons`` returns it for the caller to decide), and, where
  ``MatchRules.first_name_alone``, else the single full name whose first name it is;
* an acronym joins the single multi-word name whose initials it spells, a leading word
  possibly left out ("DIA" for "US Defense Intelligence Agency");
* a one-word organisation name joins the single longer organisation name that ends in it
  ("the Times" / "The New York Times", "Chargers" / "San Diego Chargers"), unless the word
  is a generic head that names another body on its own ("House" of "White House").

The caller builds one ``NameForm`` per item (a form of one article, or an actor of one
article) and says with its flags which rules may apply to it; the items' positions are
their indices in the caller's ``UnionFind``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from framelens.text.names import (
    bucket,
    fold,
    initials,
    is_initial,
    name_tables,
    same_given,
    similar_surname,
    without_suffix,
)
from framelens.text.unionfind import UnionFind


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name as the matcher compares it."""

    #: the name's words, titles left out ("Qasim Solemani" -> ["Qasim", "Solemani"])
    words: Sequence[str]
    #: it may be a person's name: a full name when several words, else a surname or first name
    person: bool = False
    #: an acronym may spell it (when it has several words)
    spelled: bool = False
    #: the letters of the acronyms it is written as ("NSB"): each joins the name it spells
    acronyms: tuple[str, ...] = ()
    #: an organisation's name: one word of it may be a short form of a longer one ("the Times")
    organisation: bool = False


@dataclass(frozen=True, slots=True)
class MatchRules:
    """What differs between matching within one article and across articles."""

    #: a first name alone ("They can take Elena") joins the one full name starting with it
    #: when no surname matches; exact match only, as first names are short and too alike to fuzz
    first_name_alone: bool
    #: an acronym joins when the names it spells are one group so far (across articles, where
    #: one organisation is named in several articles); otherwise only when it spells one name
    acronym_groups: bool


#: within one article: the forms of its mentions
WITHIN_ARTICLE = MatchRules(first_name_alone=True, acronym_groups=False)
#: across articles: the actors each article resolved
ACROSS_ARTICLES = MatchRules(first_name_alone=False, acronym_groups=True)


def join_same(keys: Iterable[Iterable[str]], uf: UnionFind, veto: Veto | None = None) -> None:
    """Join the items that share a key; ``keys`` gives each item's keys, in item order."""
    seen: dict[str, int] = {}
    for i, item_keys in enumerate(keys):
        for key in item_keys:
            if key in seen:
                if veto is None:
                    uf.union(seen[key], i)
                else:
                    veto.union(seen[key], i)
            else:
                seen[key] = i


def _parts(words: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """(surname, given names, middle names) of a full name; surname particles written apart
    ("Muammar el Qaddafi") and initials are split off, a run of initials letter by letter."""
    particles = _particles()
    words = without_suffix(words)
    given = list(words[:-1])
    while given and fold(given[-1]) in particles:
        given.pop()
    names: list[str] = []
    for word in given:
        if is_initial(word):
            names.extend(ch for ch in word if ch.isalpha())
        else:
            names.append(word)
    return words[-1], names[:1], names[1:]


@functools.cache
def _particles() -> frozenset[str]:
    # imported here: the lexicon module imports ``names``, which this module imports too
    from framelens.text.actor_lexicon import actor_lexicon

    return actor_lexicon().surname_particles


def _same_name(a: str, b: str) -> bool:
    """Given or middle names agree: an initial with a name it begins (or one of its short
    forms begins: "B." / "Robert" via "Bob"), names by ``same_given``."""
    ia, ib = is_initial(a), is_initial(b)
    if ia and ib:
        return fold(a)[:1] == fold(b)[:1]
    if ia or ib:
        initial, name = (a, b) if ia else (b, a)
        letter, folded = fold(initial)[:1], fold(name)
        groups = name_tables().given_groups
        held = groups.get(folded, frozenset())
        return folded[:1] == letter or any(g[:1] == letter for g, h in groups.items() if h & held)
    return same_given(a, b)


def compatible(wa: Sequence[str], wb: Sequence[str]) -> bool:
    """Whether the given names of two full names sharing a surname allow one person.

    The first given names must agree (short forms count: "Bob" / "Robert"; a first initial
    only meets the same initial); middle names are ignored when one name has none ("Robert W.
    Goodlatte" / "Bob Goodlatte"), an initial meeting a name it begins, and otherwise must
    agree in order ("George H. W." is not "George W."); a suffix ("Jr.") must be the same on
    both names or on neither, as father and son share the rest.
    """
    if _suffix(wa) != _suffix(wb):
        return False  # "Donald Trump Jr." is not his father: a suffix must be written on both or neither
    _, ga, ma = _parts(wa)
    _, gb, mb = _parts(wb)
    if not ga or not gb:
        return True  # "el Qaddafi" has no given name left: nothing to disagree on
    if is_initial(ga[0]) != is_initial(gb[0]):
        return False  # "J.J. Goldberg" is not Jonah Goldberg: a first initial only meets its letter
    if not _same_name(ga[0], gb[0]):
        return False
    return all(_same_name(x, y) for x, y in zip(ma, mb, strict=False))


def _suffix(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold(w) for w in words[len(without_suffix(words)) :])


def same_person(wa: Sequence[str], wb: Sequence[str]) -> bool:
    """Whether two full names name one person: surnames spell one name and given names agree."""
    if patronymic(wa) != patronymic(wb):
        return False  # "Karim bin Nasser" is not "Fahad Nasser", Nasser's son is
    return similar_surname(surname(wa), surname(wb)) and compatible(wa, wb)


def conflict(wa: Sequence[str], wb: Sequence[str]) -> bool:
    """The veto: two full names sharing a surname but not their given names are two people
    ("Bill Clinton" / "Hillary Rodham Clinton"), whatever else joins their forms."""
    if len(without_suffix(wa)) < 2 or len(without_suffix(wb)) < 2:
        return False
    return similar_surname(surname(wa), surname(wb)) and (
        patronymic(wa) != patronymic(wb) or not compatible(wa, wb)
    )


def patronymic(words: Sequence[str]) -> bool:
    """Whether a name's last word is its father's name ("Mohammed bin Salman"): that word
    alone names the father ("Saudi King Salman"), so it is no short form of the son's name."""
    words = without_suffix(words)
    if len(words) < 2 or fold(words[-2]) not in _patronymics():
        return False
    # "bin Salman" is the son's short form; "Ben Carson" a given name
    return len(words) > 2 or words[-2].islower() or fold(words[-2]) != "ben"


@functools.cache
def _patronymics() -> frozenset[str]:
    from framelens.text.actor_lexicon import actor_lexicon  # see _particles

    return actor_lexicon().patronymic_particles


def surname(words: Sequence[str]) -> str:
    """The surname of a name: its last word before any suffix ("Biden" of "Joseph R. Biden Jr.")."""
    return without_suffix(words)[-1]


class Veto:
    """Unions that never put two conflicting full person names in one group (``conflict``).

    The join rules each look at two items; a chain of them (an alias shared by two names, a
    surname joining one name and then another) could still join two people who share only a
    surname, so every union goes through here.  Groups hold a handful of full names, so the
    check is cheap.
    """

    def __init__(self, forms: Sequence[NameForm], uf: UnionFind) -> None:
        self.uf = uf
        #: root -> its distinct full person names (folded -> words): one actor of many
        #: articles is mostly one name written alike, so a group holds few
        self.names: dict[int, dict[str, Sequence[str]]] = defaultdict(dict)
        for i, form in enumerate(forms):
            if form.person and len(form.words) > 1:
                self.names[uf.find(i)].setdefault(fold(" ".join(form.words)), form.words)

    def union(self, a: int, b: int) -> bool:
        """Join ``a`` and ``b`` unless their groups hold conflicting full names; True when joined."""
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return True
        na, nb = self.names.get(ra, {}), self.names.get(rb, {})
        if any(conflict(x, y) for x in na.values() for y in nb.values()):
            return False
        self.uf.union(ra, rb)
        merged = {**na, **nb}
        self.names.pop(ra, None)
        self.names.pop(rb, None)
        if merged:
            self.names[self.uf.find(ra)] = merged
        return True


def join_persons(
    forms: Sequence[NameForm], uf: UnionFind, rules: MatchRules, veto: Veto | None = None
) -> dict[int, list[int]]:
    """Join full person names that spell one name, then one-word names to the one full name they name.

    Returns the one-word person names that spell the surname of several people ("Clinton"
    beside "Bill Clinton" and "Hillary Clinton"), each with the full names it could be: the
    caller decides (within an article, each mention goes to the one named most recently).
    """
    veto = veto or Veto(forms, uf)
    # distinct full names, bucketed by their surname's sound-key head: fuzzy comparison only there
    full: dict[str, dict[str, int]] = defaultdict(dict)
    for i, form in enumerate(forms):
        if form.person and len(form.words) > 1:
            full[bucket(surname(form.words))].setdefault(fold(" ".join(form.words)), i)
    for names in full.values():
        items = list(names.values())
        for pos, a in enumerate(items):
            for b in items[pos + 1 :]:
                if same_person(forms[a].words, forms[b].words):
                    veto.union(a, b)
    ambiguous: dict[int, list[int]] = {}
    for i, form in enumerate(forms):
        if not form.person or len(form.words) != 1:
            continue
        word = form.words[0]
        names = full.get(bucket(word), {})
        matches = [
            j
            for j in names.values()
            if similar_surname(surname(forms[j].words), word) and not patronymic(forms[j].words)
        ]
        roots = {uf.find(j) for j in matches}
        if not matches and rules.first_name_alone:
            roots = {
                uf.find(j)
                for group in full.values()
                for j in group.values()
                if fold(forms[j].words[0]) == fold(word)
            }
        if len(roots) == 1:
            veto.union(roots.pop(), i)
        elif len(roots) > 1 and matches:
            ambiguous[i] = matches
    return ambiguous


#: the fewest letters of a person's initials written as a name ("JFK", "AOC")
PERSON_INITIALS = 3


def join_acronyms(
    forms: Sequence[NameForm],
    uf: UnionFind,
    rules: MatchRules,
    function_words: frozenset[str],
    veto: Veto | None = None,
) -> None:
    """Join each acronym to the multi-word name whose initials it spells, when that name is unique."""
    veto = veto or Veto(forms, uf)
    by_initials: dict[str, set[int]] = defaultdict(set)
    for i, form in enumerate(forms):
        if not form.spelled or len(form.words) < 2:
            continue
        for variant in {
            initials(form.words, function_words),
            initials(form.words, function_words, keep_function=True),
        }:
            by_initials[variant].add(i)
            # "US Defense Intelligence Agency" -> DIA: an acronym may leave out a prefix
            for cut in range(1, len(variant) - 2):  # at least three letters left
                by_initials[variant[cut:]].add(i)
    for i, form in enumerate(forms):
        for letters in form.acronyms:
            targets = by_initials.get(letters, set()) - {i}
            if len(letters) < PERSON_INITIALS:
                # "Washington, DC" is not Dick Cheney: a person goes by initials of three
                # letters or more ("JFK", "MBS"), two letters spell a place or a firm
                targets = {j for j in targets if not forms[j].person}
            if rules.acronym_groups:
                targets = {uf.find(j) for j in targets}
            if len(targets) == 1:
                veto.union(targets.pop(), i)


def join_short_forms(
    forms: Sequence[NameForm], uf: UnionFind, generic: frozenset[str], veto: Veto | None = None
) -> None:
    """Join a one-word organisation name to the single longer organisation name ending in it.

    "the Times" in a story that also names "The New York Times" is that paper; beside "The
    Los Angeles Times" as well it could be either, and joins neither.  ``generic`` holds the
    heads that name a body of their own when alone ("House", "Court", "Party").
    """
    veto = veto or Veto(forms, uf)
    by_last: dict[str, set[int]] = defaultdict(set)
    for i, form in enumerate(forms):
        if form.organisation and len(form.words) > 1:
            by_last[fold(form.words[-1])].add(i)
    if not by_last:
        return
    for i, form in enumerate(forms):
        if not form.organisation or len(form.words) != 1:
            continue
        word = fold(form.words[0])
        if word in generic or len(word) < 4:
            continue
        roots = {uf.find(j) for j in by_last.get(word, ())} - {uf.find(i)}
        if len(roots) == 1:
            veto.union(roots.pop(), i)
