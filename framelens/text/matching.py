"""One name matcher for actors, within one article and across articles.

The actors stage joins the name forms of one article ("Qasim Solemani", "Solemani",
"ISD"); actor linking joins the actors each article resolved.  Both use these rules, so
the two levels never disagree on what one name is; each rule is an index lookup, and fuzzy
comparisons happen only within a bucket of full names sharing a surname initial:

* names with the same key join (``join_same``: the caller says which keys a name has);
* full person names join when their surnames are spellings of one name and their given
  names agree (how, ``MatchRules.first_name`` says);
* a one-word person name joins the single full name whose surname it spells, and, where
  ``MatchRules.first_name_alone``, else the single full name whose first name it is;
* an acronym joins the single multi-word name whose initials it spells, a leading word
  possibly left out ("DIA" for "US Defense Intelligence Agency").

The caller builds one ``NameForm`` per item (a form of one article, or an actor of one
article) and says with its flags which rules may apply to it; the items' positions are
their indices in the caller's ``UnionFind``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from framelens.text.names import fold, initials, similar_token
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


@dataclass(frozen=True, slots=True)
class MatchRules:
    """What differs between matching within one article and across articles."""

    #: full names agree when their first names do (across articles: a shared surname is not
    #: enough, two members of one family may both be in the news); otherwise when every given
    #: name does, or when one name has more words than the other (within one article)
    first_name: bool
    #: a first name alone ("They can take Elena") joins the one full name starting with it
    #: when no surname matches; exact match only, as first names are short and too alike to fuzz
    first_name_alone: bool
    #: an acronym joins when the names it spells are one group so far (across articles, where
    #: one organisation is named in several articles); otherwise only when it spells one name
    acronym_groups: bool


#: within one article: the forms of its mentions
WITHIN_ARTICLE = MatchRules(first_name=False, first_name_alone=True, acronym_groups=False)
#: across articles: the actors each article resolved
ACROSS_ARTICLES = MatchRules(first_name=True, first_name_alone=False, acronym_groups=True)


def join_same(keys: Iterable[Iterable[str]], uf: UnionFind) -> None:
    """Join the items that share a key; ``keys`` gives each item's keys, in item order."""
    seen: dict[str, int] = {}
    for i, item_keys in enumerate(keys):
        for key in item_keys:
            if key in seen:
                uf.union(seen[key], i)
            else:
                seen[key] = i


def join_persons(forms: Sequence[NameForm], uf: UnionFind, rules: MatchRules) -> None:
    """Join full person names that spell one name, then one-word names to the one full name they name."""
    # distinct full names, bucketed by their surname's first letter: fuzzy comparison only there
    full: dict[str, dict[str, int]] = defaultdict(dict)
    for i, form in enumerate(forms):
        if form.person and len(form.words) > 1:
            full[fold(form.words[-1])[:1]].setdefault(fold(" ".join(form.words)), i)
    for bucket in full.values():
        items = list(bucket.values())
        for pos, a in enumerate(items):
            for b in items[pos + 1 :]:
                if _same_person(forms[a].words, forms[b].words, rules):
                    uf.union(a, b)
    for i, form in enumerate(forms):
        if not form.person or len(form.words) != 1:
            continue
        word = form.words[0]
        bucket = full.get(fold(word)[:1], {})
        matches = [j for j in bucket.values() if similar_token(forms[j].words[-1], word)]
        roots = {uf.find(j) for j in matches}
        if not matches and rules.first_name_alone:
            roots = {
                uf.find(j)
                for names in full.values()
                for j in names.values()
                if fold(forms[j].words[0]) == fold(word)
            }
        if len(roots) == 1:
            uf.union(roots.pop(), i)


def _same_person(wa: Sequence[str], wb: Sequence[str], rules: MatchRules) -> bool:
    if not similar_token(wa[-1], wb[-1]):
        return False
    if rules.first_name:
        return similar_token(wa[0], wb[0])
    return len(wa) != len(wb) or all(similar_token(x, y) for x, y in zip(wa[:-1], wb[:-1], strict=True))


def join_acronyms(
    forms: Sequence[NameForm], uf: UnionFind, rules: MatchRules, function_words: frozenset[str]
) -> None:
    """Join each acronym to the multi-word name whose initials it spells, when that name is unique."""
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
            if rules.acronym_groups:
                targets = {uf.find(j) for j in targets}
            if len(targets) == 1:
                uf.union(targets.pop(), i)
