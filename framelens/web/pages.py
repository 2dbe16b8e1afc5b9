"""Each page's data as one JSON-ready dict: the JSON twin is this dict, the HTML renders it.

Keeping the assembly here, away from routing and templates, is what makes "every page
has a JSON twin" hold by construction: a template sees nothing the JSON lacks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

import duckdb

from framelens.models import Analysis, Span
from framelens.web import queries

#: outlets drawn in the actor chart (the rest are in the table); colours are told apart up to this many
CHART_OUTLETS = 8
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
#: labels listed on an actor page
ACTOR_LABELS = 50
NO_OUTLET = "(no outlet)"


def pager(path: str, params: dict[str, Any], page: int, size: int, total: int) -> dict[str, Any]:
    """Paging facts and the links to the neighbouring pages (relative, same format as ``path``)."""
    pages = max(1, -(-total // size))

    def link(number: int) -> str | None:
        if number < 1 or number > pages:
            return None
        return f"{path}?{urlencode({**params, 'page': number, 'size': size})}"

    return {
        "page": page,
        "size": size,
        "total": total,
        "pages": pages,
        "next": link(page + 1),
        "previous": link(page - 1) if page <= pages else link(pages),
    }


def index_page(cur: duckdb.DuckDBPyConnection, path: str, sort: str, page: int, size: int) -> dict[str, Any]:
    """The story listing: corpus counts and one page of stories."""
    found = queries.stories(cur, sort, size, (page - 1) * size)
    return {
        "corpus": queries.corpus_counts(cur),
        "sort": sort,
        "sorts": sorted(queries.STORY_ORDER),
        "stories": found.rows,
        "paging": pager(path, {"sort": sort}, page, size, found.total),
    }


def search_page(
    cur: duckdb.DuckDBPyConnection, path: str, query: str, page: int, size: int
) -> dict[str, Any]:
    """Search results; an empty query is the bare form, a store without an index says so."""
    out: dict[str, Any] = {"query": query, "results": [], "paging": pager(path, {}, 1, size, 0), "note": None}
    if not query:
        return out
    if not queries.fts_ready(cur):
        out["note"] = "this store has no full-text index yet; `framelens ingest` builds it"
        return out
    found = queries.search(cur, query, size, (page - 1) * size)
    out["results"] = found.rows
    out["paging"] = pager(path, {"q": query}, page, size, found.total)
    return out


def _segments(text: str, lo: int, hi: int, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The paragraph text[lo:hi] cut into plain and marked segments (marks are sorted, disjoint)."""
    out: list[dict[str, Any]] = []
    at = lo
    for mark in marks:
        if mark["end"] <= lo or mark["start"] >= hi:
            continue
        start, end = max(mark["start"], lo), min(mark["end"], hi)
        if start > at:
            out.append({"text": text[at:start]})
        out.append(
            {
                "text": text[start:end],
                "start": start,
                "end": end,
                "kind": mark["kind"],
                "actor": mark["actor"],
            }
        )
        at = end
    if at < hi:
        out.append({"text": text[at:hi]})
    return out


def _marks(analysis: Analysis) -> list[dict[str, Any]]:
    """Actor mentions and labels to highlight: the first of overlapping spans wins, labels first."""
    wanted = [(lab.span, "label", lab.actor_id) for lab in analysis.labels if not lab.field]
    wanted += [(m.span, "actor", m.actor_id) for m in analysis.mentions]
    taken: list[dict[str, Any]] = []
    for span, kind, actor in wanted:
        if any(span.start < t["end"] and t["start"] < span.end for t in taken):
            continue
        taken.append({"start": span.start, "end": span.end, "kind": kind, "actor": actor})
    return sorted(taken, key=lambda m: m["start"])


def _span(span: Span, text: str) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text_in(text)}


def article_page(analysis: Analysis, links: dict[str, Any]) -> dict[str, Any]:
    """One article with the summary of its analysis; every item keeps its offsets into the text."""
    article = analysis.article
    text = article.text
    tones = {t.actor_id: t for t in analysis.tones}
    actors = []
    for actor in sorted(analysis.actors, key=lambda a: -a.salience):
        tone = tones.get(actor.id)
        actors.append(
            {
                "id": actor.id,
                "name": actor.name,
                "type": actor.type,
                "salience": round(actor.salience, 3),
                "mentions": len(actor.mentions),
                "tone": tone.label if tone else None,
                "tone_score": round(tone.score, 3) if tone else None,
            }
        )
    marks = _marks(analysis)
    paragraphs = [(p.start, p.end) for p in article.paragraphs] or [(0, len(text))]
    return {
        "article": {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published,
            "authors": list(article.authors),
            "language": article.language,
            "source": article.source,
            "words": len(text.split()),
        },
        **links,
        "actors": actors,
        "labels": [
            {
                **_span(lab.span, article.field_text(lab.field)),
                **({"field": lab.field} if lab.field else {}),
                "actor": lab.actor_id,
                "head": lab.head,
                "kind": lab.kind,
            }
            for lab in analysis.labels
        ],
        "quotes": [
            {**_span(q.span, text), "kind": q.kind, "speaker": q.speaker_name, "speaker_id": q.speaker_id}
            for q in analysis.quotes
        ],
        "quantities": [
            {**_span(q.span, text), "value": q.value, "counted": q.counted, "kind": q.kind}
            for q in analysis.quantities
        ],
        "techniques": [
            {**_span(t.span, text), "name": t.name, "score": round(t.score, 3)} for t in analysis.techniques
        ],
        "frames": [{"name": f.name, "score": round(f.score, 3)} for f in analysis.frames],
        "stages": [{"stage": n, "version": v} for n, v in analysis.provenance],
        "text": text,
        "paragraphs": [_segments(text, lo, hi, marks) for lo, hi in paragraphs],
    }


def _label_table(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Label rows (key, label, kind, outlet, n) as one entry per label with its count per outlet.

    Labels differing only in case are one entry, shown as written ("Mr.", "Bethesda, Md.")
    in the form of its most used row.
    """
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row.get("key") or row["label"].lower(), row["kind"])
        entry = merged.setdefault(
            key, {"label": row["label"], "kind": row["kind"], "count": 0, "outlets": {}}
        )
        entry["count"] += int(row["n"])
        outlet = row["outlet"] or NO_OUTLET
        entry["outlets"][outlet] = entry["outlets"].get(outlet, 0) + int(row["n"])
    ranked = sorted(merged.values(), key=lambda e: (-e["count"], e["label"], e["kind"]))
    return ranked[:ACTOR_LABELS]


def chart(rows: list[dict[str, Any]], width: int = 720, height: int = 260) -> dict[str, Any]:
    """Geometry of the tone-over-time chart: one line per outlet (mean tone per period, -1..1).

    Only dated rows are drawn and only the CHART_OUTLETS outlets with the most scored
    articles; the table beside the chart lists everything.
    """
    dated = [r for r in rows if r["period"] is not None]
    pad_l, pad_r, pad_t, pad_b = 44, 12, 12, 28
    out: dict[str, Any] = {"width": width, "height": height, "series": [], "x_ticks": [], "y_ticks": []}
    if not dated:
        return out
    per: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in dated:
        per[row["outlet"] or NO_OUTLET].append(row)
    ranked = sorted(per, key=lambda o: (-sum(int(r["n"]) for r in per[o]), o))[:CHART_OUTLETS]
    first = min(r["period"] for r in dated)
    last = max(r["period"] for r in dated)
    span = max((last - first).total_seconds(), 1.0)
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b

    def x(when: dt.datetime) -> float:
        # a single period sits in the middle rather than on the axis
        share = 0.5 if last == first else (when - first).total_seconds() / span
        return round(pad_l + share * inner_w, 1)

    def y(score: float) -> float:
        return round(pad_t + (1 - (score + 1) / 2) * inner_h, 1)

    for i, outlet in enumerate(ranked):
        dots = [
            {
                "x": x(r["period"]),
                "y": y(float(r["mean"])),
                "period": r["period"].date().isoformat(),
                "mean": round(float(r["mean"]), 3),
                "n": int(r["n"]),
            }
            for r in sorted(per[outlet], key=lambda r: r["period"])
        ]
        points = " ".join(f"{d['x']},{d['y']}" for d in dots)
        out["series"].append({"outlet": outlet, "color": PALETTE[i], "points": points, "dots": dots})
    middle = first + (last - first) / 2
    ticks = [first, middle, last] if last != first else [first]
    out["x_ticks"] = [{"x": x(t), "label": t.date().isoformat()} for t in ticks]
    out["y_ticks"] = [{"y": y(v), "label": f"{v:+.1f}" if v else "0"} for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    out["plot"] = {"left": pad_l, "right": width - pad_r, "top": pad_t, "bottom": height - pad_b}
    return out


def actor_page(
    cur: duckdb.DuckDBPyConnection, path: str, actor_id: str, page: int, size: int
) -> dict[str, Any] | None:
    """One actor across the corpus: names, labels by outlet, tone by outlet over time, its articles."""
    names = queries.actor_names(cur, actor_id)
    if not names:
        return None
    reach = queries.actor_reach(cur, actor_id)
    period = queries.granularity(reach["first_at"], reach["last_at"])
    tone = queries.actor_tone(cur, actor_id, period)
    articles = queries.actor_articles(cur, actor_id, size, (page - 1) * size)
    return {
        "actor": {"id": actor_id, "name": names[0]["name"], "type": names[0]["type"], **reach},
        "names": names,
        "labels": _label_table(queries.actor_labels(cur, actor_id)),
        "period": period,
        "tone": [{**r, "outlet": r["outlet"] or NO_OUTLET, "mean": round(float(r["mean"]), 3)} for r in tone],
        "chart": chart(tone),
        "articles": articles.rows,
        "paging": pager(path, {}, page, size, articles.total),
    }
