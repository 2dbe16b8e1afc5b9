"""Word choice across articles: the labels each article attaches to an actor, and its event terms.

Three things are derived from the per-article labels:

* the word-choice matrix (linked actor x article), each label with its span;
* the polarity of each label in context ("a war criminal" vs "an effective strategist"),
  as the analysis stored it (``framelens.tone.polarity``), so labels can be grouped by polarity;
* "only here" flags: a label head or an event term family no other article uses.

Event terms are folded to a family (assassination -> assassinate, killing -> kill) so
that a change of part of speech is not mistaken for a different word choice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from framelens.comparison.lexicon import compare_lexicon
from framelens.comparison.records import EventTerm, Finding, LabelUse, LinkedActor, WordChoiceCell
from framelens.models import Analysis, Label
from framelens.text.names import fold
from framelens.tone.polarity import label_polarities

_PARTICLES = frozenset({"out", "up", "down", "off", "away", "over", "in"})
_KEEP_DOUBLE = frozenset({"ll", "ss", "ff", "zz"})
_SUFFIXES = (("ation", "ate"), ("ition", "ite"), ("ings", ""), ("ing", ""), ("ed", ""), ("s", ""))
_WS = re.compile(r"\s+")


def term_family(lemma: str) -> str:
    """The family of an event term: its head word without inflection or -ation/-ing.

    "drone strike" -> strike (the head noun), "take out" -> take out (a particle verb
    is one word), "assassination" -> assassinate, "killing" -> kill, and the lexicon's
    irregular nouns ("detention" -> detain).
    """
    words = fold(lemma).split()
    if not words:
        return lemma.lower()
    if len(words) > 1 and words[-1] in _PARTICLES:
        return " ".join(words)
    word = words[-1]
    irregular = compare_lexicon().event_families.get(word)
    if irregular is not None:
        return irregular
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + replacement
            if replacement == "" and len(stem) > 3 and stem[-1] == stem[-2] and stem[-2:] not in _KEEP_DOUBLE:
                stem = stem[:-1]  # "stopping" -> "stop"
            return stem
    return word


def _stored_polarities(items: Sequence[tuple[Analysis, Label]]) -> list[tuple[str, float] | None]:
    """Each label's polarity as its analysis stored it.  Analyses stored by a framelens whose
    labels carried no polarity yet (labels stage version 1) are read with the tone model here,
    the one case in which a comparison loads it."""
    old = [i for i, (analysis, _) in enumerate(items) if ("labels", "1") in analysis.provenance]
    out: list[tuple[str, float] | None] = [
        (label.polarity, label.polarity_score)
        if label.polarity is not None and label.polarity_score is not None
        else None
        for _, label in items
    ]
    if old:
        for i, polarity in zip(old, label_polarities([items[i] for i in old]), strict=True):
            out[i] = polarity
    return out


def matrix_actors(actors: Sequence[LinkedActor], n_articles: int, limit: int) -> list[LinkedActor]:
    """The actors the matrices show: the most salient of those more than one article names."""
    shared = [a for a in actors if len(a.articles) >= min(2, n_articles)]
    return sorted(shared, key=lambda a: (-a.salience, a.name))[:limit]


def word_choice(
    analyses: Sequence[Analysis],
    actors: Sequence[LinkedActor],
    links: Mapping[tuple[str, str], str],
) -> list[WordChoiceCell]:
    """The word-choice matrix for ``actors`` x every article (empty cells included)."""
    wanted = {a.id for a in actors}
    found: list[tuple[Analysis, Label, str]] = []
    mentions: dict[tuple[str, str], int] = defaultdict(int)
    for analysis in analyses:
        aid = analysis.article.id
        for local in analysis.actors:
            linked = links.get((aid, local.id))
            if linked in wanted:
                mentions[(linked, aid)] += len(local.mentions)
        for label in analysis.labels:
            linked = links.get((aid, label.actor_id)) if label.actor_id else None
            if label.kind != "event" and linked in wanted:
                found.append((analysis, label, linked))
    polarities = _stored_polarities([(an, lab) for an, lab, _ in found])
    heads: dict[tuple[str, str], set[str]] = defaultdict(set)
    for analysis, label, linked in found:
        heads[(linked, fold(label.head))].add(analysis.article.id)
    presence = {a.id: len(a.articles) for a in actors}
    uses: dict[tuple[str, str], list[LabelUse]] = defaultdict(list)
    for (analysis, label, linked), polarity in zip(found, polarities, strict=True):
        text = analysis.article.text
        uses[(linked, analysis.article.id)].append(
            LabelUse(
                article_id=analysis.article.id,
                span=label.span,
                text=label.span.text_in(text),
                head=label.head,
                kind=label.kind,
                polarity=polarity[0] if polarity else None,
                polarity_score=round(polarity[1], 4) if polarity else None,
                only_here=presence[linked] > 1 and len(heads[(linked, fold(label.head))]) == 1,
            )
        )
    return [
        WordChoiceCell(
            actor.id,
            an.article.id,
            mentions[(actor.id, an.article.id)],
            tuple(uses[(actor.id, an.article.id)]),
        )
        for actor in actors
        for an in analyses
    ]


def event_terms(
    analyses: Sequence[Analysis],
    links: Mapping[tuple[str, str], str],
    central: set[str],
) -> list[EventTerm]:
    """Every event term of every article; ``central`` terms involve one of the ``central`` actors."""
    terms: list[EventTerm] = []
    for analysis in analyses:
        aid = analysis.article.id
        for label in analysis.labels:
            if label.kind != "event":
                continue
            linked = links.get((aid, label.actor_id)) if label.actor_id else None
            arguments = tuple((role, links.get((aid, local), local)) for role, local in label.arguments)
            participants = {linked, *(a for _, a in arguments)}
            terms.append(
                EventTerm(
                    article_id=aid,
                    span=label.span,
                    text=_WS.sub(" ", label.span.text_in(analysis.article.text)),
                    lemma=label.head,
                    family=term_family(label.head),
                    actor_id=linked,
                    arguments=arguments,
                    central=bool(participants & central),
                )
            )
    users: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        users[term.family].add(term.article_id)
    several = len(analyses) > 1
    return [replace(t, only_here=several and len(users[t.family]) == 1) for t in terms]


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def _nested(use: LabelUse, uses: Sequence[LabelUse]) -> bool:
    """Whether a label lies inside a longer label of the same article ("who led the KLF" inside
    "a respected commander who led the KLF"): reporting both would say one thing twice."""
    return any(
        o is not use
        and o.article_id == use.article_id
        and o.span.start <= use.span.start
        and use.span.end <= o.span.end
        and (o.span.end - o.span.start) > (use.span.end - use.span.start)
        for o in uses
    )


def _side(uses: list[LabelUse], labels: Mapping[str, str]) -> str:
    return "; ".join(f"{labels[u.article_id]} {_quote(u.text)}" for u in uses)


def wording_findings(
    cells: Sequence[WordChoiceCell],
    terms: Sequence[EventTerm],
    actors: Sequence[LinkedActor],
    labels: Mapping[str, str],
) -> list[Finding]:
    """Label contrasts (negative vs positive labels for one actor), unique labels, unique event terms."""
    names = {a.id: a.name for a in actors}
    findings: list[Finding] = []
    by_actor: dict[str, list[LabelUse]] = defaultdict(list)
    for cell in cells:
        by_actor[cell.actor_id].extend(cell.labels)
    for actor in actors:
        uses = by_actor.get(actor.id, [])
        negative = [u for u in uses if u.polarity == "negative"]
        positive = [u for u in uses if u.polarity == "positive"]
        if negative and positive and {u.article_id for u in negative} != {u.article_id for u in positive}:
            strongest = [max(abs(u.polarity_score or 0.0) for u in side) for side in (negative, positive)]
            score = sum(strongest) / 2
            findings.append(
                Finding(
                    "label_contrast",
                    f"Candidate contrast in how {actor.name} is described — negative in context: "
                    f"{_side(negative, labels)}; positive in context: {_side(positive, labels)}.",
                    tuple((u.article_id, u.span) for u in [*negative, *positive]),
                    round(score, 4),
                    actor.id,
                )
            )
        for use in uses:
            if use.only_here and not _nested(use, uses):
                strength = abs(use.polarity_score or 0.0) if use.polarity in {"negative", "positive"} else 0.3
                findings.append(
                    Finding(
                        "unique_label",
                        f"Only {labels[use.article_id]} describes {actor.name} as {_quote(use.text)}.",
                        ((use.article_id, use.span),),
                        round(strength or 0.3, 4),
                        actor.id,
                    )
                )
    seen: set[tuple[str, str]] = set()
    for term in terms:
        if not (term.only_here and term.central) or (term.article_id, term.family) in seen:
            continue
        seen.add((term.article_id, term.family))
        same = [t for t in terms if t.article_id == term.article_id and t.family == term.family]
        about = names.get(term.actor_id or "", "the event")
        findings.append(
            Finding(
                "unique_event_term",
                f"Only {labels[term.article_id]} uses {_quote(term.text)} ({term.family}) for the events "
                f"involving {about}.",
                tuple((t.article_id, t.span) for t in same),
                0.5,
                term.actor_id,
            )
        )
    return findings
