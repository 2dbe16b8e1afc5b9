"""Comparison -> the report's JSON form: the one place every finding exists.

HTML and Markdown are renderings of this dict (style habit 5), so it carries everything
they show: each article's full text with every highlight span (actors, labels, event
terms, quotes, quantities), and every table entry names the highlight it points at
(``ref``), so a renderer can link a cell to its span and back without looking anything
up.  Every finding's evidence is (article id, start, end, text).  Persuasion techniques
and news frames come from each article's analysis as they are: the report counts and
normalises them (per 1,000 words, so long and short articles compare) but never
re-scores them, and it repeats the frames' ``method`` note because their scores carry
no accuracy claim.  Each article's technique rate also gets its percentile among the
articles of a packaged reference (``framelens.techniques.reference``), said once at the top
(``technique_reference``), since a bare rate reads against nothing.  The contract is pinned
by ``framelens/schemas/comparison.schema.json``; extend it, never rename a field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from framelens.comparison.records import (
    COMPARISON_SCHEMA_VERSION,
    ClaimGroup,
    ClaimMember,
    Comparison,
    EventTerm,
    LabelUse,
)
from framelens.flatten import FieldTexts
from framelens.models import Actor, Analysis, Span, Technique
from framelens.techniques.lexicon import TECHNIQUES
from framelens.techniques.reference import Reference, load_reference

#: the denominator of technique rates: counts per this many words of the article
PER_WORDS = 1000


def ref(kind: str, span: Span, field: str | None = None) -> str:
    """The id of a highlight within its article: kind, field (the headline's say "title") and
    offsets, so it is stable and unique."""
    return f"{kind}-{field}-{span.start}-{span.end}" if field else f"{kind}-{span.start}-{span.end}"


def technique_ref(name: str, span: Span) -> str:
    """A technique highlight's ref: the technique is part of it, since two techniques may share a span."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return ref(f"technique-{slug}", span)


def words_of(text: str) -> int:
    """Whitespace-separated words: the same count the overview shows, so rates match it."""
    return len(text.split())


def per_words(count: int, words: int) -> float:
    """``count`` per ``PER_WORDS`` words, to two decimals (0 for an empty text, never a division error)."""
    return round(count * PER_WORDS / words, 2) if words else 0.0


def _span(span: Span, text: str, field: str | None = None) -> dict[str, Any]:
    """A span with its words; ``field`` "title" points into the headline (``text`` is then the
    article's ``texts()``) and is said in the JSON only then."""
    if field and isinstance(text, FieldTexts):
        return {"field": field, "start": span.start, "end": span.end, "text": span.text_in(text.of(field))}
    return {"start": span.start, "end": span.end, "text": span.text_in(text)}


def _evidence(article_id: str, span: Span, text: str, field: str | None = None) -> dict[str, Any]:
    return {"article": article_id, **_span(span, text, field)}


def _member_mentions(actor: Actor | None, text: str) -> list[dict[str, Any]]:
    """One article's mentions of a linked actor, each with its words (and ``field`` "title" in
    the headline), so a reader of the JSON can check every identity decision span by span."""
    return [{**_span(m.span, text, m.field), "kind": m.kind} for m in actor.mentions] if actor else []


def _highlights(analysis: Analysis, links: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    """Every span the report can point at in one article, in text order."""
    aid = analysis.article.id
    text = analysis.article.texts()
    out: list[dict[str, Any]] = []

    def add(kind: str, span: Span, field: str | None = None, **detail: Any) -> None:
        evidence = _evidence(aid, span, text, field)
        out.append({"ref": ref(kind, span, field), "kind": kind, **evidence, **detail})

    headline = sorted((m for a in analysis.actors for m in a.mentions if m.field), key=lambda m: m.span.start)
    for mention in [*headline, *analysis.mentions]:
        actor_id = links.get((aid, mention.actor_id))
        add("actor", mention.span, mention.field, actor=actor_id, mention_kind=mention.kind)
    for label in analysis.labels:
        actor = links.get((aid, label.actor_id)) if label.actor_id else None
        kind = "event" if label.kind == "event" else "label"
        add(kind, label.span, label.field, actor=actor, label_kind=label.kind)
    for quote in analysis.quotes:
        speaker = links.get((aid, quote.speaker_id)) if quote.speaker_id else None
        add("quote", quote.span, actor=speaker, quote_kind=quote.kind, speaker=quote.speaker_name)
    for quantity in analysis.quantities:
        add("quantity", quantity.span, actor=None, quantity_kind=quantity.kind)
    for technique in unique_techniques(analysis.techniques):
        # its ref names the technique: another technique may mark the very same words
        out.append({"kind": "technique", "actor": None, **_technique_span(aid, technique, text)})
    seen: set[str] = set()
    unique = []
    for item in sorted(out, key=lambda h: (h["start"], -h["end"], h["kind"])):
        if item["ref"] not in seen:
            seen.add(item["ref"])
            unique.append(item)
    return unique


def _technique_span(aid: str, technique: Technique, text: str) -> dict[str, Any]:
    return {
        **_evidence(aid, technique.span, text),
        "technique": technique.name,
        "score": round(technique.score, 4),
        "cue": technique.cue,
        "ref": technique_ref(technique.name, technique.span),
    }


def _ran(analysis: Analysis, stage: str, found: bool) -> bool:
    """Whether a stage looked at the article: an article it never looked at (the stage was
    switched off) gets no entry, so zero counts always mean "looked, found none"."""
    return found or stage in {name for name, _ in analysis.provenance}


def unique_techniques(techniques: Iterable[Technique]) -> list[Technique]:
    """Techniques in text order; the same technique on the same span is one finding (and one
    highlight) however often the analysis gives it, so counts and highlights always agree.
    The technique reference counts its articles with this too, so its rates compare."""
    unique = {(t.name, t.span.start, t.span.end): t for t in techniques}
    return sorted(unique.values(), key=lambda t: (t.span.start, -t.span.end, t.name))


def _techniques(analysis: Analysis, words: int, reference: Reference | None) -> dict[str, Any]:
    """One article's technique counts (all 14 classes, zeros too, so a reader sees what was
    looked for) and rates per 1,000 words, with every span in text order as evidence, and the
    percentile of its total rate among the reference articles (None without a reference)."""
    aid = analysis.article.id
    text = analysis.article.text
    found = unique_techniques(analysis.techniques)
    names = list(TECHNIQUES) + sorted({t.name for t in found} - set(TECHNIQUES))
    counts = {name: 0 for name in names}
    for technique in found:
        counts[technique.name] += 1
    rate = per_words(len(found), words)
    share = reference.percentile(rate) if reference else None
    return {
        "article": aid,
        "words": words,
        "total": len(found),
        "per_1000_words": rate,
        "percentile": round(share, 1) if share is not None else None,
        "counts": [
            {"technique": name, "count": n, "per_1000_words": per_words(n, words)}
            for name, n in counts.items()
        ],
        "spans": [_technique_span(aid, t, text) for t in found],
    }


def _frames(analysis: Analysis) -> dict[str, Any]:
    """One article's frame distribution as the analysis gives it, highest first, with the
    sentences that carry each frame and the method note (lexicon-based: no accuracy claim)."""
    aid = analysis.article.id
    text = analysis.article.texts()
    methods = list(dict.fromkeys(f.method for f in analysis.frames if f.method))
    return {
        "article": aid,
        "method": "; ".join(methods),
        "frames": [
            {
                "name": frame.name,
                "score": round(frame.score, 4),
                "evidence": [
                    {**_evidence(aid, e.span, text, e.field), "score": round(e.score, 4), "terms": e.label}
                    for e in frame.evidence
                ],
            }
            for frame in analysis.frames
        ],
    }


def _label(use: LabelUse) -> dict[str, Any]:
    return {
        "text": use.text,
        "kind": use.kind,
        "head": use.head,
        "start": use.span.start,
        "end": use.span.end,
        "polarity": use.polarity,
        "polarity_score": use.polarity_score,
        "polarity_reason": use.polarity_reason,
        "only_here": use.only_here,
        **({"quoted_by": use.quoted_by} if use.quoted_by else {}),
        **({"reported_by": use.reported_by} if use.reported_by else {}),
        "ref": ref("label", use.span, use.field),
        **({"field": use.field} if use.field else {}),
    }


def _term(term: EventTerm) -> dict[str, Any]:
    return {
        "text": term.text,
        "lemma": term.lemma,
        "family": term.family,
        "start": term.span.start,
        "end": term.span.end,
        "actor": term.actor_id,
        "arguments": dict(term.arguments),
        "central": term.central,
        "only_here": term.only_here,
        "ref": ref("event", term.span, term.field),
        **({"field": term.field} if term.field else {}),
    }


def _member(member: ClaimMember, text: str) -> dict[str, Any]:
    base = member.span.start
    return {
        "article": member.article_id,
        "start": member.span.start,
        "end": member.span.end,
        "text": member.text,
        "reasons": list(member.reasons),
        "actors": list(member.actors),
        "negated": member.negated,
        "stance": member.stance,
        "cue": member.cue,
        "quote": member.quote.text_in(text) if member.quote else None,
        "quote_start": member.quote.start if member.quote else None,
        "quote_end": member.quote.end if member.quote else None,
        "speaker": member.speaker,
        "quantities": [
            {
                "text": member.text[q.span.start - base : q.span.end - base],
                "start": q.span.start,
                "end": q.span.end,
                "value": q.value,
                "low": q.low,
                "high": q.high,
                "approx": q.approx,
                "counted": q.counted,
                "predicate": q.predicate,
                "ref": ref("quantity", q.span),
            }
            for q in member.quantities
        ],
    }


def _claim(group: ClaimGroup, texts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": group.id,
        "status": group.status,
        "score": group.score,
        "statement": group.statement,
        "reason": group.reason,
        "articles": list(group.articles),
        "members": [_member(m, texts[m.article_id]) for m in group.members],
        "pairs": [
            {
                "first": p.first,
                "second": p.second,
                "relation": p.relation,
                "score": p.score,
                "similarity": p.similarity,
                "reason": p.reason,
            }
            for p in group.pairs
        ],
    }


def _reference(reference: Reference | None) -> dict[str, Any] | None:
    """What the technique percentiles are read against, said once for the whole report."""
    if reference is None:
        return None
    return {
        "name": reference.name,
        "description": reference.description,
        "articles": reference.articles,
        "model": reference.model,
        "same_model": reference.same_model,
        "computed_with": reference.computed_with,
        "note": reference.note(),
    }


def build_report(
    comparison: Comparison, reference: Reference | Literal["packaged"] | None = "packaged"
) -> dict[str, Any]:
    """The JSON report of a comparison (plain dicts and lists, ready for ``json.dumps``).

    ``reference`` is what each article's technique rate is given a percentile against: by
    default the packaged one (``framelens.techniques.reference``); None for no percentiles.
    """
    if isinstance(reference, str):  # "packaged"
        reference = load_reference()
    texts = {a.id: a.texts() for a in comparison.articles}
    locals_ = {(an.article.id, actor.id): actor for an in comparison.analyses for actor in an.actors}
    links = dict(comparison.links)
    overview = {o.article_id: o for o in comparison.overview}
    articles = []
    for analysis in comparison.analyses:
        article = analysis.article
        row = overview.get(article.id)
        articles.append(
            {
                "id": article.id,
                "source": article.source,
                "url": article.url,
                "outlet": article.outlet,
                "title": article.title,
                "authors": list(article.authors),
                "published": article.published,
                "language": article.language,
                "label": row.label if row else article.source,
                "text": article.text,
                "paragraphs": [p.to_dict() for p in article.paragraphs],
                "highlights": _highlights(analysis, links),
            }
        )
    word_choice = [
        {
            "actor": cell.actor_id,
            "article": cell.article_id,
            "mentions": cell.mentions,
            "labels": [_label(u) for u in cell.labels],
        }
        for cell in comparison.word_choice
    ]
    words = {o.article_id: o.words for o in comparison.overview}
    techniques = [
        _techniques(a, words.get(a.article.id, words_of(a.article.text)), reference)
        for a in comparison.analyses
        if _ran(a, "techniques", bool(a.techniques))
    ]
    event_terms = [
        {"article": a.id, "terms": [_term(t) for t in comparison.event_terms if t.article_id == a.id]}
        for a in comparison.articles
    ]
    return {
        "schema_version": COMPARISON_SCHEMA_VERSION,
        "message": comparison.message,
        "notes": list(comparison.notes),
        "failures": [{"source": f.source, "problem": f.problem} for f in comparison.failures],
        "articles": articles,
        "overview": [
            {
                "article": o.article_id,
                "label": o.label,
                "chars": o.chars,
                "words": o.words,
                "actors": o.actors,
                "quotes": o.quotes,
                "quantities": o.quantities,
                "tone_label": o.tone_label,
                "tone_score": o.tone_score,
            }
            for o in comparison.overview
        ],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "aliases": list(a.aliases),
                "articles": list(a.articles),
                "mentions": a.mentions,
                "salience": round(a.salience, 4),
                "members": [
                    {
                        "article": aid,
                        "local_id": local,
                        "mentions": _member_mentions(locals_.get((aid, local)), texts[aid]),
                    }
                    for aid, local in a.members
                ],
            }
            for a in comparison.actors
        ],
        "word_choice": word_choice,
        "event_terms": event_terms,
        "tones": [
            {
                "actor": t.actor_id,
                "article": t.article_id,
                "label": t.label,
                "score": t.score,
                "confidence": t.confidence,
                "decided_by": list(t.decided_by),
                "evidence": [
                    {
                        **_evidence(t.article_id, e.span, texts[t.article_id], e.field),
                        "score": round(e.score, 4),
                        "signal": e.label,
                    }
                    for e in t.evidence
                ],
            }
            for t in comparison.tones
        ],
        "techniques": techniques,
        "technique_reference": _reference(reference) if techniques else None,
        "frames": [_frames(a) for a in comparison.analyses if _ran(a, "frames", bool(a.frames))],
        "claims": [_claim(g, texts) for g in comparison.claims],
        "sources": [
            {
                "article": s.article_id,
                "speaker": s.speaker,
                "speaker_id": s.speaker_id,
                "speaker_type": s.speaker_type,
                "role": s.role,
                "affiliation": s.affiliation,
                "kind": s.kind,
                "count": s.count,
                "quotes": [
                    {**_evidence(s.article_id, span, texts[s.article_id]), "ref": ref("quote", span)}
                    for span in s.spans
                ],
            }
            for s in comparison.sources
        ],
        "source_summaries": [
            {
                "article": s.article_id,
                "direct": s.direct,
                "indirect": s.indirect,
                "unattributed": s.unattributed,
                "speakers": s.speakers,
                "organisations": list(s.organisations),
                "cited": [
                    {"name": name, **_evidence(s.article_id, span, texts[s.article_id])}
                    for name, span in s.cited
                ],
                "diversity": s.diversity,
                "media": list(s.media),
                "unnamed": s.unnamed,
                "unnamed_share": round(s.unnamed / max(1, s.direct + s.indirect), 4),
            }
            for s in comparison.source_summaries
        ],
        "findings": [
            {
                "kind": f.kind,
                "statement": f.statement,
                "score": f.score,
                "subject": f.subject,
                "evidence": [
                    _evidence(aid, span, texts[aid], field)
                    for (aid, span), field in zip(f.evidence, f.fields(), strict=True)
                ],
            }
            for f in comparison.findings
        ],
    }
