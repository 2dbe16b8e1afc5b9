"""The worded statement of each claim group: what a reader sees first, a candidate to check.

Every statement names the articles by their labels and quotes the members' words, so that a
statement can be read without the report around it; each says "candidate" where it points
at a difference, because these are leads for a reader, never verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from framelens.comparison.records import ClaimMember, LinkedActor


def short(text: str, limit: int = 110) -> str:
    """``text`` on one line in quotation marks, cut with an ellipsis past ``limit`` characters."""
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def figures(member: ClaimMember) -> str:
    """The figures of a claim as written, quoted: “At least 40”."""
    base = member.span.start
    return ", ".join(
        short(member.text[q.span.start - base : q.span.end - base], 40) for q in member.quantities
    )


def quoted(member: ClaimMember) -> str:
    """The shared quote as the member gives it (the whole sentence when it has none)."""
    if member.quote is None:
        return short(member.text)
    base = member.span.start
    start, end = max(member.quote.start - base, 0), min(member.quote.end - base, len(member.text))
    return short(member.text[start:end] if end > start else member.text)


def statement(
    status: str,
    first: ClaimMember,
    second: ClaimMember,
    records: Sequence[ClaimMember],
    labels: Mapping[str, str],
    reason: str | None,
    subject: str | None = None,
) -> str:
    """The statement of a group of ``status`` whose deciding pair is ``first`` and ``second``
    (for ``disputed``: the claim and the sentence disputing it)."""
    name_a, name_b = labels.get(first.article_id, "?"), labels.get(second.article_id, "?")
    if status == "disputed":
        return (
            f"Candidate dispute: {name_a} says {short(first.text)}, while {name_b} disputes it: "
            f"{short(second.text)} ({reason})."
        )
    if status == "numeric_disagreement":
        return (
            f"Candidate numeric disagreement about {subject or 'the same count'}: {name_a} gives "
            f"{figures(first)}, {name_b} gives {figures(second)} ({reason})."
        )
    if status == "date_disagreement":
        return (
            f"Candidate date disagreement: {name_a} says {short(first.text)}, "
            f"while {name_b} says {short(second.text)} ({reason})."
        )
    if status == "opposite":
        return (
            f"Candidate opposite assessment: {name_a} says {short(first.text)}, "
            f"while {name_b} says {short(second.text)}."
        )
    if status == "quote_attribution":
        return (
            f"Candidate attribution difference: the same quote, {quoted(first)}, is attributed to "
            f"{first.speaker} by {name_a} and to {second.speaker} by {name_b}."
        )
    names = ", ".join(labels.get(a, "?") for a in dict.fromkeys(r.article_id for r in records))
    if status == "shared_quote":
        speakers = list(dict.fromkeys(r.speaker for r in records if r.speaker))
        who = f" attributed to {' / '.join(speakers)}" if speakers else " with no speaker named"
        return f"Shared quote in {names}{who}: {quoted(first)}"
    out = f"Candidate agreement between {names}: {short(first.text)}"
    return out + (f" ({reason})" if reason else "")


def only_in(
    member: ClaimMember,
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
) -> tuple[float, str]:
    """A claim no other article carries: its score, by how notable the omission is, and statement.

    Weight: a figure or an attributed statement counts more than an assessment.
    Coverage: the share of other articles that name one of the claim's actors; a claim
    about actors every outlet covers, made by one outlet only, is a coverage difference
    worth a look, while one about an actor nobody else mentions is less telling.
    """
    others = [a for a in articles if a != member.article_id]
    covered = {
        a for actor_id in member.actors if actor_id in actors for a in actors[actor_id].articles
    } & set(others)
    coverage = len(covered) / len(others) if others else 0.0
    weight = 1.0 if {"quantity", "attributed"} & set(member.reasons) else 0.7
    score = round(weight * (0.5 + 0.5 * coverage), 4)
    return score, f"Only in {labels.get(member.article_id, '?')}: {short(member.text)}"
