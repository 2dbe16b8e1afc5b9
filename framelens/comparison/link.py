"""Cross-article actor linking: one id per person, organisation or country across all articles.

Each article resolved its own actors ("Qasim Solemani" in one piece, "Qasem Soleimani" in
another); here the per-article actors are joined with a union-find by the name matcher
the actors stage uses within an article (``framelens.text.matching``, with its
``ACROSS_ARTICLES`` rules), so that the two levels never disagree on what one name is:

* the same folded form (name or alias; a plural organisation ending folded away) joins,
  except a one-word alias of a full person name, which could be anyone's surname;
* full person names join when surname and first name are spellings of one name
  (transliteration variants, accents, doubled letters, "al-"/"el-"), a short form of the
  first name counting as it and middle initials ignored ("Bob Bauer" / "Robert F. Bauer");
* never two full names that share a surname but not their given names, whatever alias or
  chain of rules would join them ("Bill Clinton" / "Hillary Rodham Clinton");
* a one-word person name joins the single full-name actor whose surname it spells; a
  surname of several people joins the one whose mentions' sentences read most like its own
  (sentence-embedding similarity, a clear margin required), else none: the context is a
  tie-breaker among names that already match, never a reason to join on its own;
* an acronym joins the single multi-word organisation whose initials it spells;
* a one-word organisation name joins the single longer organisation name ending in it
  ("Times" / "The New York Times"), generic heads ("House", "Court") excepted.

Each rule is an index lookup; fuzzy comparisons happen only within a bucket of full names
sharing a surname initial, so linking stays near-linear in the number of actors.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from framelens.comparison.records import LinkedActor
from framelens.models import Actor, Analysis
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.matching import (
    ACROSS_ARTICLES,
    NameForm,
    Veto,
    join_acronyms,
    join_persons,
    join_same,
    join_short_forms,
)
from framelens.text.names import acronym_letters, form_key, slug, well_formed
from framelens.text.unionfind import UnionFind

_COLLECTIVE_TYPES = frozenset({"organisation", "group"})


@dataclass(slots=True)
class _Local:
    """One article's actor, with the name forms the linker compares."""

    article_id: str
    actor: Actor
    words: list[str]
    text: str

    def surfaces(self) -> Counter[str]:
        """How often each form of this actor is written verbatim in its article."""
        return Counter(m.span.text_in(self.text) for m in self.actor.mentions if not m.field)


def _strip_title(name: str) -> list[str]:
    """The words of a name without leading titles ("General Qasem Soleimani" -> Qasem Soleimani)."""
    lex = actor_lexicon()
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".") in lex.title_words:
        words = words[1:]
    return words


def _exact_keys(local: _Local) -> set[str]:
    """The folded forms a local actor may be joined on by exact equality."""
    actor = local.actor
    forms = [actor.name, *actor.aliases]
    if actor.type == "person" and len(local.words) > 1:
        # a bare surname alias ("Ali") may belong to anyone; surnames join by the fuzzy rule
        forms = [f for f in forms if len(_strip_title(f)) > 1]
    # "Quds Force" in one article, "Quds Forces" in another
    plural = actor.type in _COLLECTIVE_TYPES
    return {k for k in (form_key(" ".join(_strip_title(f)), plural) for f in forms) if k}


def _name_form(local: _Local) -> NameForm:
    """A local actor as the name matcher sees it: persons and countries spell no acronym."""
    actor = local.actor
    spelled = actor.type not in {"person", "country"}
    acronyms = (acronym_letters(form) for form in (actor.name, *actor.aliases)) if spelled else ()
    return NameForm(
        words=tuple(local.words),
        person=actor.type == "person",
        spelled=spelled,
        acronyms=tuple(letters for letters in acronyms if letters is not None),
        organisation=actor.type == "organisation",
    )


#: a surname of several people joins one by context only when its mentions' sentences are at
#: least this similar to that person's (cosine of mean MiniLM vectors) ...
CONTEXT_MIN = 0.35
#: ... and this much more similar than to any other candidate's
CONTEXT_MARGIN = 0.08
#: sentences read per actor for its context (the first ones: the name's introduction)
CONTEXT_SENTENCES = 6

#: sentence texts -> unit vectors (``framelens.embed.encode_sentences``)
Embedder = Callable[[Sequence[str]], np.ndarray]


def link_actors(
    analyses: Sequence[Analysis], embed: Embedder | None = None
) -> tuple[tuple[LinkedActor, ...], dict[tuple[str, str], str]]:
    """Link the actors of all analyses; returns the linked actors (most salient first) and a map
    from (article id, local actor id) to linked actor id.

    ``embed`` reads mention contexts, only for a surname that several linked people share
    (default: the shared encoder, loaded only then)."""
    locals_: list[_Local] = [
        _Local(an.article.id, actor, _strip_title(actor.name), an.article.text)
        for an in analyses
        for actor in an.actors
    ]
    names = [_name_form(local) for local in locals_]
    uf = UnionFind(len(locals_))
    veto = Veto(names, uf)
    join_same((_exact_keys(local) for local in locals_), uf, veto)
    ambiguous = join_persons(names, uf, ACROSS_ARTICLES, veto)
    if ambiguous:
        _join_by_context(ambiguous, locals_, analyses, uf, veto, embed)
    join_acronyms(names, uf, ACROSS_ARTICLES, actor_lexicon().function_words, veto)
    join_short_forms(names, uf, actor_lexicon().generic_org_heads, veto)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(locals_)):
        groups[uf.find(i)].append(i)
    order = [a.article.id for a in analyses]
    built = [_build([locals_[i] for i in members], order) for members in groups.values()]
    built.sort(key=lambda b: (-b.salience, b.name))
    actors: list[LinkedActor] = []
    links: dict[tuple[str, str], str] = {}
    taken: Counter[str] = Counter()
    for actor in built:
        base = slug(actor.name)
        taken[base] += 1
        actor_id = base if taken[base] == 1 else f"{base}-{taken[base]}"
        actors.append(_with_id(actor, actor_id))
        for member in actor.members:
            links[member] = actor_id
    return tuple(actors), links


def _context(local: _Local, analysis: Analysis) -> list[str]:
    """The sentences of an actor's first mentions in the body (its context)."""
    out: list[str] = []
    for mention in local.actor.mentions:
        if mention.field:
            continue
        sentence = analysis.sentence_of(mention.span)
        text = sentence.text_in(local.text) if sentence is not None else ""
        if text and text not in out:
            out.append(text)
        if len(out) >= CONTEXT_SENTENCES:
            break
    return out


def _join_by_context(
    ambiguous: dict[int, list[int]],
    locals_: list[_Local],
    analyses: Sequence[Analysis],
    uf: UnionFind,
    veto: Veto,
    embed: Embedder | None,
) -> None:
    """A surname alone that spells several linked people ("Marrowby" beside Bill and Hillary
    Marrowby in other articles) joins the one whose sentences read most like its own, when
    one clearly does; otherwise it stays apart, as before."""
    by_id = {a.article.id: a for a in analyses}
    roots: dict[int, set[int]] = {}
    for i, matches in ambiguous.items():
        roots[i] = {uf.find(j) for j in matches} - {uf.find(i)}
    wanted = {i for i, rs in roots.items() if len(rs) > 1}
    if not wanted:
        return
    members: dict[int, list[int]] = defaultdict(list)
    for k in range(len(locals_)):
        members[uf.find(k)].append(k)
    texts: dict[int, list[str]] = {}
    for i in wanted:
        texts[i] = _context(locals_[i], by_id[locals_[i].article_id])
        for root in roots[i]:
            if root not in texts:
                texts[root] = [
                    t for k in members[root] for t in _context(locals_[k], by_id[locals_[k].article_id])
                ][: 3 * CONTEXT_SENTENCES]
    if embed is None:
        from framelens.embed import encode_sentences

        embed = encode_sentences
    vectors = _mean_vectors(texts, embed)
    for i in sorted(wanted):
        if i not in vectors:
            continue
        scored = sorted(((float(vectors[i] @ vectors[r]), r) for r in roots[i] if r in vectors), reverse=True)
        if len(scored) < 2:
            continue
        (best, root), (second, _) = scored[0], scored[1]
        if best >= CONTEXT_MIN and best - second >= CONTEXT_MARGIN:
            veto.union(root, i)


def _mean_vectors(texts: dict[int, list[str]], embed: Embedder) -> dict[int, np.ndarray]:
    """Each item's unit-length mean sentence vector; one encoder call for all sentences."""
    flat = sorted({t for ts in texts.values() for t in ts})
    if not flat:
        return {}
    index = {t: n for n, t in enumerate(flat)}
    matrix = np.asarray(embed(flat), dtype=np.float32)
    out = {}
    for key, ts in texts.items():
        if ts:
            mean = matrix[[index[t] for t in ts]].mean(axis=0)
            out[key] = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return out


def _canonical(members: list[_Local]) -> str:
    """The most frequent well-formed full form among the members' names.

    Ranked by: well formed (not an acronym or possessive), full (several words for a
    person or organisation), how many articles use it as their name, how often it is
    written verbatim, then the plainest spelling (ASCII, shortest) so ties are stable.
    """
    names = Counter(m.actor.name for m in members)
    verbatim: Counter[str] = Counter()
    for m in members:
        verbatim.update(m.surfaces())
    multi = _majority_type(members) in {"person", *_COLLECTIVE_TYPES}

    def rank(name: str) -> tuple[bool, bool, int, int, bool, int]:
        full = len(_strip_title(name)) > 1 or not multi
        return (well_formed(name), full, names[name], verbatim[name], name.isascii(), -len(name))

    best = max(rank(n) for n in names)
    return min(n for n in names if rank(n) == best)


def _majority_type(members: list[_Local]) -> str:
    votes: Counter[str] = Counter()
    for m in members:
        votes[m.actor.type] += max(1, len(m.actor.mentions))
    return min(votes, key=lambda t: (-votes[t], t))


def _build(members: list[_Local], order: list[str]) -> LinkedActor:
    name = _canonical(members)
    aliases: list[str] = []
    for m in members:
        for form in (m.actor.name, *m.actor.aliases):
            if form != name and form not in aliases:
                aliases.append(form)
    present = {m.article_id for m in members}
    return LinkedActor(
        id="",
        name=name,
        type=_majority_type(members),
        aliases=tuple(aliases),
        articles=tuple(a for a in order if a in present),
        members=tuple((m.article_id, m.actor.id) for m in members),
        salience=sum(m.actor.salience for m in members),
        mentions=sum(len(m.actor.mentions) for m in members),
    )


def _with_id(actor: LinkedActor, actor_id: str) -> LinkedActor:
    return replace(actor, id=actor_id)
