"""Analysis <-> table rows, exactly: what is stored reads back as an equal Analysis.

``Analysis.to_dict`` is the JSON contract for people (it rounds scores and adds the
verbatim text); the store needs every value as it was, so it has its own mapping:
one row per actor, mention, label, quote, quantity, tone, technique and frame, keyed
by article id and position (``ord``), with the verbatim ``text`` of each span added
for SQL users.  Nested, rarely queried parts (evidence lists, label arguments, removed
segments, links) are JSON text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from framelens.models import (
    SCHEMA_VERSION,
    Actor,
    ActorTone,
    Analysis,
    Article,
    Evidence,
    Frame,
    Label,
    Link,
    Mention,
    Quantity,
    Quote,
    Removed,
    Span,
    Technique,
)
from framelens.store.schema import RESULT_TABLES

Row = dict[str, Any]


def published_time(published: str | None) -> dt.datetime | None:
    """The publication time as a naive UTC datetime, from the ISO 8601 forms readers write.

    A partial date ("2024-03", "2024") stands for its first instant; None when absent or
    not ISO, so clustering treats the article as undated rather than guessing.
    """
    if not published:
        return None
    text = published.strip()
    for form in (text, f"{text}-01", f"{text}-01-01"):
        try:
            value = dt.datetime.fromisoformat(form)
        except ValueError:
            continue
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    return None


def _evidence_json(evidence: Iterable[Evidence]) -> str:
    return json.dumps(
        [{"start": e.span.start, "end": e.span.end, "score": e.score, "label": e.label} for e in evidence]
    )


def _evidence(text: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(Span(e["start"], e["end"]), e["score"], e["label"]) for e in json.loads(text))


def _starts_ends(spans: Iterable[Span]) -> tuple[list[int], list[int]]:
    spans = list(spans)
    return [s.start for s in spans], [s.end for s in spans]


def _spans(starts: list[int] | None, ends: list[int] | None) -> tuple[Span, ...]:
    return tuple(Span(s, e) for s, e in zip(starts or (), ends or (), strict=True))


def article_row(article: Article) -> Row:
    """The ``articles`` row of ``article``, less ``seq`` and ``ingested_at`` (the writer's)."""
    p_starts, p_ends = _starts_ends(article.paragraphs)
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "published_at": published_time(article.published),
        "language": article.language,
        "text": article.text,
        "paragraph_starts": p_starts,
        "paragraph_ends": p_ends,
        "removed": json.dumps([r.to_dict() for r in article.removed]),
        "links": json.dumps([link.to_dict() for link in article.links]),
    }


def article_from_row(row: Mapping[str, Any]) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        authors=tuple(row["authors"] or ()),
        published=row["published"],
        language=row["language"],
        paragraphs=_spans(row["paragraph_starts"], row["paragraph_ends"]),
        removed=tuple(Removed.from_dict(r) for r in json.loads(row["removed"] or "[]")),
        links=tuple(Link.from_dict(link) for link in json.loads(row["links"] or "[]")),
    )


def result_rows(analysis: Analysis) -> dict[str, list[Row]]:
    """Rows of every result table for one analysis (the ``analyses`` row included)."""
    aid, text = analysis.article.id, analysis.article.text
    out: dict[str, list[Row]] = {t: [] for t in RESULT_TABLES}

    def span(s: Span) -> Row:
        return {"start": s.start, "end": s.end, "text": s.text_in(text)}

    for i, actor in enumerate(analysis.actors):
        out["actors"].append(
            {
                "article_id": aid,
                "ord": i,
                "actor_id": actor.id,
                "name": actor.name,
                "type": actor.type,
                "aliases": list(actor.aliases),
                "salience": actor.salience,
                "first_position": actor.first_position,
                "in_title": actor.in_title,
                "in_lead": actor.in_lead,
            }
        )
        for j, m in enumerate(actor.mentions):
            out["mentions"].append(
                {"article_id": aid, "actor_id": m.actor_id, "ord": j, **span(m.span), "kind": m.kind}
            )
    for i, lab in enumerate(analysis.labels):
        out["labels"].append(
            {
                "article_id": aid,
                "ord": i,
                **span(lab.span),
                "actor_id": lab.actor_id,
                "head": lab.head,
                "kind": lab.kind,
                "arguments": json.dumps([list(pair) for pair in lab.arguments]),
            }
        )
    for i, q in enumerate(analysis.quotes):
        out["quotes"].append(
            {
                "article_id": aid,
                "ord": i,
                **span(q.span),
                "kind": q.kind,
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
                "speaker_id": q.speaker_id,
                "speaker_name": q.speaker_name,
                "speaker_start": q.speaker_span.start if q.speaker_span else None,
                "speaker_end": q.speaker_span.end if q.speaker_span else None,
                "role": q.role,
                "no_speaker_reason": q.no_speaker_reason,
            }
        )
    for i, n in enumerate(analysis.quantities):
        out["quantities"].append(
            {
                "article_id": aid,
                "ord": i,
                **span(n.span),
                "value": n.value,
                "low": n.low,
                "high": n.high,
                "approx": n.approx,
                "counted": n.counted,
                "predicate": n.predicate,
                "attribution": n.attribution,
                "kind": n.kind,
                "place": n.place,
                "time": n.time,
            }
        )
    for i, t in enumerate(analysis.tones):
        neg, neu, pos = t.distribution
        out["tones"].append(
            {
                "article_id": aid,
                "ord": i,
                "actor_id": t.actor_id,
                "label": t.label,
                "score": t.score,
                "p_negative": neg,
                "p_neutral": neu,
                "p_positive": pos,
                "sentences": t.sentences,
                "evidence": _evidence_json(t.evidence),
            }
        )
    for i, tech in enumerate(analysis.techniques):
        out["techniques"].append(
            {
                "article_id": aid,
                "ord": i,
                **span(tech.span),
                "name": tech.name,
                "score": tech.score,
                "cue": tech.cue,
            }
        )
    for i, f in enumerate(analysis.frames):
        out["frames"].append(
            {
                "article_id": aid,
                "ord": i,
                "name": f.name,
                "score": f.score,
                "method": f.method,
                "evidence": _evidence_json(f.evidence),
            }
        )
    s_starts, s_ends = _starts_ends(analysis.sentences)
    out["analyses"] = [
        {
            "article_id": aid,
            "schema_version": SCHEMA_VERSION,
            "provenance": json.dumps([list(p) for p in analysis.provenance]),
            "sentence_starts": s_starts,
            "sentence_ends": s_ends,
            "counts": json.dumps({t: len(out[t]) for t in RESULT_TABLES}),
        }
    ]
    return out


def _opt_span(start: int | None, end: int | None) -> Span | None:
    return Span(start, end) if start is not None and end is not None else None


def analysis_from_rows(article: Article, meta: Mapping[str, Any], rows: Mapping[str, list[Row]]) -> Analysis:
    """The Analysis that ``result_rows`` stored: ``rows`` maps table -> that article's rows."""
    mentions: dict[str, list[Row]] = defaultdict(list)
    for m in rows.get("mentions", []):
        mentions[m["actor_id"]].append(m)

    def ordered(table: str) -> list[Row]:
        return sorted(rows.get(table, []), key=lambda r: r["ord"])

    actors = tuple(
        Actor(
            id=r["actor_id"],
            name=r["name"],
            type=r["type"],
            aliases=tuple(r["aliases"] or ()),
            mentions=tuple(
                Mention(Span(m["start"], m["end"]), m["actor_id"], m["kind"])
                for m in sorted(mentions[r["actor_id"]], key=lambda m: m["ord"])
            ),
            salience=r["salience"],
            first_position=r["first_position"],
            in_title=r["in_title"],
            in_lead=r["in_lead"],
        )
        for r in ordered("actors")
    )
    labels = tuple(
        Label(
            Span(r["start"], r["end"]),
            r["actor_id"],
            r["head"],
            r["kind"],
            tuple((str(a), str(b)) for a, b in json.loads(r["arguments"])),
        )
        for r in ordered("labels")
    )
    quotes = tuple(
        Quote(
            span=Span(r["start"], r["end"]),
            kind=r["kind"],
            cue=_opt_span(r["cue_start"], r["cue_end"]),
            speaker_id=r["speaker_id"],
            speaker_name=r["speaker_name"],
            speaker_span=_opt_span(r["speaker_start"], r["speaker_end"]),
            role=r["role"],
            no_speaker_reason=r["no_speaker_reason"],
        )
        for r in ordered("quotes")
    )
    quantities = tuple(
        Quantity(
            span=Span(r["start"], r["end"]),
            value=r["value"],
            low=r["low"],
            high=r["high"],
            approx=r["approx"],
            counted=r["counted"],
            predicate=r["predicate"],
            attribution=r["attribution"],
            kind=r["kind"],
            place=r["place"],
            time=r["time"],
        )
        for r in ordered("quantities")
    )
    tones = tuple(
        ActorTone(
            actor_id=r["actor_id"],
            label=r["label"],
            score=r["score"],
            evidence=_evidence(r["evidence"]),
            distribution=(r["p_negative"], r["p_neutral"], r["p_positive"]),
            sentences=r["sentences"],
        )
        for r in ordered("tones")
    )
    techniques = tuple(
        Technique(Span(r["start"], r["end"]), r["name"], r["score"], r["cue"]) for r in ordered("techniques")
    )
    frames = tuple(
        Frame(r["name"], r["score"], _evidence(r["evidence"]), r["method"]) for r in ordered("frames")
    )
    return Analysis(
        article=article,
        actors=actors,
        labels=labels,
        quotes=quotes,
        quantities=quantities,
        tones=tones,
        techniques=techniques,
        frames=frames,
        sentences=_spans(meta["sentence_starts"], meta["sentence_ends"]),
        provenance=tuple((str(n), str(v)) for n, v in json.loads(meta["provenance"])),
    )
