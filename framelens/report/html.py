"""The comparison report as one self-contained HTML page: a rendering of the JSON report.

The page reads nothing but the report dict (style habit 5), so every finding it shows is
also in the JSON.  It is one file with its CSS and JS inlined and no external reference of
any kind, because a report is mailed, archived and opened offline.  Python prepares a
view (ids, links, the marked-up article texts, the chart coordinates) and Jinja2, with
autoescaping on, only lays it out: article texts are hostile input.

Every table entry links to its span in the article texts (``#a<n>-<ref>``) and the
spans that tables point at link back to the first entry pointing at them.  Spans may
nest or cross, so the texts are cut at every span boundary and each span is closed and
reopened where it crosses another; its first fragment carries the id, all carry
``data-ref``.  Persuasion techniques are long clauses that cross everything else, so a
technique span is named after its last fragment by its key (``LL``), and the marks
inside it name it in their tooltips too: a browser shows only the innermost title.

The shared building blocks (links, matrices, the page's link registry) are in
``html_parts``; the techniques and frames views are in ``html_techniques``.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from framelens.report import display, html_techniques
from framelens.report.html_parts import (
    Grid,
    Head,
    Mark,
    Page,
    grouped,
    matrix,
    occurrences,
    signed,
)

#: up to this many articles sit side by side; beyond, a selector shows one at a time
SIDE_BY_SIDE_MAX = 4
#: up to this many articles each gets its own lane and a numbered label in the tone chart
CHART_LANES_MAX = 8
#: claim lists longer than this start folded
OPEN_LIST_MAX = 12

_POLARITY = {
    "negative": ("−", "negative in context"),
    "neutral": ("○", "neutral in context"),
    "positive": ("+", "positive in context"),
}
_TONE_SHAPE = {"negative": "▼", "neutral": "●", "positive": "▲"}
_STATUS = {
    "disputed": ("⊥", "Candidate disputes: a claim another article's own words dispute"),
    "numeric_disagreement": ("≠", "Candidate numeric disagreements"),
    "date_disagreement": ("≢", "Candidate date disagreements"),
    "opposite": ("⇄", "Candidate opposite assessments"),
    "quote_attribution": ("❝≠", "Candidate attribution differences: one quote, different speakers"),
    "shared_quote": ("❝", "Quotes several articles share"),
    "agree": ("≈", "Candidate agreements"),
    "only_in": ("◇", "Claims only one article carries"),
}
#: on equal spans the outer element comes first: sentences hold quotes, quotes hold
#: technique clauses, those hold labels...
_NESTING = {"evidence": 0, "quote": 1, "technique": 2, "label": 3, "event": 4, "actor": 5, "quantity": 6}
#: the layers a reader switches on and off above the article texts: (kind, name, on at first);
#: a calm start, since every kind drawn at once is hard to read
LAYERS = (
    ("label", "labels", True),
    ("quote", "quotes", True),
    ("quantity", "figures", True),
    ("event", "event terms", False),
    ("actor", "actors", False),
    ("technique", "techniques", False),
)
#: kinds whose spans get a visible link back to the table entry that points at them
_BACKREF_KINDS = {"label", "event", "quote", "technique"}


def _word_choice(page: Page, order: list[str]) -> dict[str, Any]:
    """Actor × article labels grouped by polarity, plus each actor's − / + labels side by side."""
    report = page.report
    cells = {(c["actor"], c["article"]): c for c in report["word_choice"]}
    shown = list(dict.fromkeys(c["actor"] for c in report["word_choice"]))
    first_mention: dict[tuple[str, str], dict[str, Any]] = {}
    for art in report["articles"]:
        for h in art["highlights"]:
            if h["kind"] == "actor" and h.get("actor"):
                first_mention.setdefault((h["actor"], art["id"]), h)
    types = {a["id"]: a["type"] for a in report["actors"]}

    def cell(actor: str, article: str) -> dict[str, Any] | None:
        entry = cells.get((actor, article))
        if not entry or not entry.get("mentions", 1):
            return None
        where = f"word choice: {page.actors.get(actor, actor)} in {page.names[article]}"
        groups = []
        for polarity, (symbol, meaning) in _POLARITY.items():
            labels = [lab for lab in entry["labels"] if (lab.get("polarity") or "neutral") == polarity]
            if labels:
                words = grouped(labels, lambda lab: lab["text"].lower())
                uses = [occurrences(page, article, same, where) for same in words]
                groups.append({"polarity": polarity, "symbol": symbol, "meaning": meaning, "labels": uses})
        mention = first_mention.get((actor, article))
        mentions = entry.get("mentions", 0)
        text = f"{mentions} mention{'s' if mentions != 1 else ''}"
        return {"groups": groups, "mentions": page.link(article, mention, text) if mention else text}

    rows = [(a, Head(page.actors.get(a, a), types.get(a, ""))) for a in shown]
    polar = []
    for actor in shown:
        sides: dict[str, list[tuple[str, str]]] = {"negative": [], "positive": []}
        for article in order:
            for lab in cells.get((actor, article), {}).get("labels", []):
                if lab.get("polarity") in sides:
                    sides[lab["polarity"]].append((lab["text"], page.names[article]))
        if sides["negative"] or sides["positive"]:
            polar.append({"actor": page.actors.get(actor, actor), **sides})
    return {"grid": matrix("actor", rows, order, page, cell), "polar": polar}


def _event_terms(page: Page, order: list[str]) -> Grid:
    """Event family × article; central events first, background ones after and muted."""
    terms: dict[str, dict[str, list[dict[str, Any]]]] = {}
    central: dict[str, bool] = {}
    for entry in page.report["event_terms"]:
        for term in entry["terms"]:
            family = term.get("family") or term["lemma"]
            terms.setdefault(family, {}).setdefault(entry["article"], []).append(term)
            central[family] = central.get(family, False) or term.get("central", True)

    def cell(family: str, article: str) -> list[dict[str, Any]]:
        used = terms[family].get(article, [])
        back = f"event terms: {family} in {page.names[article]}"
        return [occurrences(page, article, same, back) for same in grouped(used, lambda t: t["text"].lower())]

    families = sorted(terms, key=lambda f: (not central[f], -len(terms[f]), f))
    rows = [(f, Head(f, "" if central[f] else "background", muted=not central[f])) for f in families]
    return matrix("event", rows, order, page, cell)


def _tone(page: Page, order: list[str]) -> dict[str, Any]:
    """The tone table (label, score, evidence links) and the dot plot of the same values."""
    tones = {(t["actor"], t["article"]): t for t in page.report["tones"]}
    shown = list(dict.fromkeys(t["actor"] for t in page.report["tones"]))

    def cell(actor: str, article: str) -> dict[str, Any] | None:
        tone = tones.get((actor, article))
        if tone is None:
            return None
        where = f"tone evidence for {page.actors.get(actor, actor)} in {page.names[article]}"
        evidence = [
            page.link(
                article,
                ev,
                str(i),
                title=f"{ev.get('signal') or 'tone'} {signed(ev.get('score'))}: {ev['text']}",
            )
            for i, ev in enumerate(tone.get("evidence", []), 1)
        ]
        return {
            "label": tone["label"],
            "shape": _TONE_SHAPE[tone["label"]],
            "score": signed(tone["score"]),
            "evidence": evidence,
            "where": where,
            "decided_by": ", ".join(tone.get("decided_by") or []),
        }

    rows = [(a, Head(page.actors.get(a, a))) for a in shown]
    return {"grid": matrix("actor", rows, order, page, cell), "chart": _chart(page, order, shown, tones)}


def _triangle(label: str, x: float, y: float, size: float = 5.5) -> str:
    """SVG points of ▼ (negative) or ▲ (positive) at (x, y); neutral is a circle, so ""."""
    if label not in {"negative", "positive"}:
        return ""
    tip = size if label == "negative" else -size
    return f"{x - size:.1f},{y - tip * 0.8:.1f} {x + size:.1f},{y - tip * 0.8:.1f} {x:.1f},{y + tip:.1f}"


def _chart(
    page: Page, order: list[str], shown: list[str], tones: dict[tuple[str, str], Any]
) -> dict[str, Any]:
    """Coordinates of the tone dot plot: one band per actor, a lane per article when few."""
    left, right, top, lane = 200.0, 700.0, 28.0, 16.0
    lanes = len(order) if len(order) <= CHART_LANES_MAX else 1
    band = max(lanes * lane + 8, 26.0)
    rows, y = [], top
    for actor in shown:
        name = page.actors.get(actor, actor)
        dots = []
        for i, article in enumerate(order):
            tone = tones.get((actor, article))
            if tone is None:
                continue
            x = left + (max(-1.0, min(1.0, tone["score"])) + 1) / 2 * (right - left)
            cy = y + 4 + i * lane + lane / 2 if lanes > 1 else y + band / 2
            title = f"{name} in {page.names[article]}: {tone['label']} ({signed(tone['score'])})"
            dots.append(
                {
                    "x": round(x, 1),
                    "y": round(cy, 1),
                    "label": tone["label"],
                    "points": _triangle(tone["label"], x, cy),
                    "key": page.keys[article] if lanes > 1 else "",
                    "title": title,
                }
            )
        short = name if len(name) <= 26 else name[:25] + "…"
        rows.append({"name": name, "short": short, "y": y, "height": band, "mid": y + band / 2, "dots": dots})
        y += band
    ticks = [
        {"x": left + (v + 1) / 2 * (right - left), "text": t}
        for v, t in [(-1, "−1 negative"), (-0.5, "−0.5"), (0, "0 neutral"), (0.5, "+0.5"), (1, "+1 positive")]
    ]
    return {
        "rows": rows,
        "ticks": ticks,
        "zero": (left + right) / 2,
        "top": top,
        "bottom": y,
        "height": y + 30,
        "width": right + 50,
        "left": left,
        "lanes": lanes > 1,
    }


def _claims(page: Page) -> list[dict[str, Any]]:
    """Claim groups by status, disagreements first: they are what a reader opens the report for."""
    sections = []
    for status, (symbol, heading) in _STATUS.items():
        groups = []
        for g in (g for g in page.report["claims"] if g["status"] == status):
            members = []
            for m in g["members"]:
                article = m["article"]
                quantities = [page.link(article, q, q["text"]) for q in m.get("quantities", [])]
                members.append(
                    {
                        "article": page.article_head(article),
                        "text": page.link(article, m, m["text"]),
                        "quantities": quantities,
                        "speaker": (m.get("speaker") or "nobody named") if m.get("quote") else None,
                    }
                )
            groups.append(
                {"id": g["id"], "score": f"{g['score']:.2f}", "statement": g["statement"], "members": members}
            )
        if groups:
            sections.append(
                {
                    "status": status,
                    "symbol": symbol,
                    "heading": heading,
                    "groups": groups,
                    "open": len(groups) <= OPEN_LIST_MAX or status != "only_in",
                }
            )
    return sections


def _snippet(text: str, limit: int = 60) -> str:
    """The start of a quote, enough to recognise it in a table cell."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sources(page: Page) -> dict[str, Any]:
    """Speakers with links to their quotes, and the per-article counts and diversity."""
    rows = []
    for s in page.report["sources"]:
        back = f"sources: {s['speaker']} in {page.names[s['article']]}"
        quotes = [
            page.link(s["article"], q, _snippet(q["text"]), back=back, title=q["text"]) for q in s["quotes"]
        ]
        rows.append({**s, "head": page.article_head(s["article"]), "links": quotes})
    summaries = []
    for s in page.report.get("source_summaries", []):
        cited = [page.link(s["article"], c, c["name"]) for c in s.get("cited", [])]
        named = {c["name"] for c in s.get("cited", [])}
        plain = [o for o in s.get("organisations", []) if o not in named]
        summaries.append(
            {
                **s,
                "head": page.article_head(s["article"]),
                "cited_links": cited,
                "plain": plain,
                "diversity_text": f"{s['diversity']:.2f}",
                "unnamed_text": display.unnamed_text(s),
            }
        )
    return {"rows": rows, "summaries": summaries}


def _findings(page: Page) -> list[dict[str, Any]]:
    """Findings other than "only in" (those are listed with the claims, and are many)."""
    return [
        {
            "kind": f["kind"].replace("_", " "),
            "score": f"{f['score']:.2f}",
            "statement": f["statement"],
            "evidence": [
                page.link(e["article"], e, page.names[e["article"]], title=e["text"]) for e in f["evidence"]
            ],
        }
        for f in page.report["findings"]
        if f["kind"] != "only_in"
    ]


def _overview(page: Page) -> list[dict[str, Any]]:
    """One row per article, in report order (the order that gives articles their key numbers)."""
    rows = {o["article"]: o for o in page.report.get("overview", [])}
    out = []
    for art in page.report["articles"]:
        o = rows.get(art["id"])
        label = o.get("tone_label") if o else None
        tone = f"{_TONE_SHAPE.get(label, '')} {label} {signed(o.get('tone_score'))}" if o and label else "–"
        out.append(
            {"head": page.article_head(art["id"]), "article": art, "o": o, "tone": tone, "tone_class": label}
        )
    return out


def _marks(page: Page, art: dict[str, Any], field: str | None = None) -> list[Mark]:
    """Highlights plus anchors for evidence sentences that tables link to; run after the tables.
    ``field`` "title": the headline's highlights instead of the body's."""
    aid = art["id"]
    marks = []
    for h in art["highlights"]:
        if h.get("field") != field:
            continue
        hid = page.hid(aid, h["ref"])
        actor = page.actors.get(h.get("actor") or "", "")
        detail = {
            "actor": f"actor: {actor or h['text']}",
            "label": f"label ({h.get('label_kind', 'label')})" + (f" for {actor}" if actor else ""),
            "event": "event term" + (f" about {actor}" if actor else ""),
            "quote": f"{h.get('quote_kind', '')} quote".strip()
            + (f", speaker: {h['speaker']}" if h.get("speaker") else ""),
            "quantity": f"quantity ({h.get('quantity_kind', 'figure')})",
        }.get(h["kind"], h["kind"])
        tag = None
        if h["kind"] == "technique":
            name = html_techniques.technique_name(h.get("technique", ""))
            tag = (html_techniques.technique_key(h.get("technique", "")), name)
            score = h.get("score")
            detail = f"technique: {name}" + (f" (confidence {score:.2f})" if score is not None else "")
            detail += f"; cue: {h['cue']}" if h.get("cue") else ""
        back = page.back.get(hid) if h["kind"] in _BACKREF_KINDS else None
        marks.append(Mark(h["start"], h["end"], h["kind"], hid, detail, back, tag))
    for (where, start, end), anchor in page.evidence[aid].items():
        if where == field:
            marks.append(Mark(start, end, "evidence", anchor, "evidence sentence"))
    return marks


def _open(mark: Mark, first: bool, within: list[str]) -> str:
    """Opening tag; only the first fragment gets the id (ids are unique), focusable for the JS.

    ``within`` names the techniques whose spans enclose this one: a browser shows only
    the innermost title on hover, so an actor inside a loaded clause still names it.
    """
    tag = "span" if mark.kind == "evidence" else "mark"
    ident = f' id="{mark.id}" tabindex="-1"' if first else ""
    frag = "" if first else " hl-cont"
    title = mark.title + "".join(f" · within technique: {name}" for name in within)
    return f'<{tag} class="hl hl-{mark.kind}{frag}"{ident} data-ref="{mark.id}" title="{escape(title)}">'


def _close(mark: Mark, final: bool) -> str:
    """Closing tag; after a span's last fragment its key (techniques: named in the text, not
    only on hover) and the ↩ link back to its table entry."""
    tag = "span" if mark.kind == "evidence" else "mark"
    out = f"</{tag}>"
    if final and mark.tag:
        key, name = (escape(part) for part in mark.tag)
        out += (
            f'<sup class="tech-key"><abbr title="{name}">{key}</abbr><span class="vh"> ({name})</span></sup>'
        )
    if final and mark.back:
        link_id, label = mark.back
        text = escape(f"Back to {label}")
        out += (
            f'<a class="backref" data-kind="{mark.kind}" href="#{link_id}" aria-label="{text}" '
            f'title="{text}">↩</a>'
        )
    return out


def markup(text: str, marks: list[Mark], lo: int, hi: int, emitted: set[str]) -> Markup:
    """``text[lo:hi]`` escaped, with every mark as an element, cut at all span boundaries.

    A stack holds the open elements.  Where a span ends, the elements opened after it
    close too and reopen right after (a crossing span becomes fragments), so the output
    is always well nested whatever the spans do.  ``emitted`` remembers which marks have
    had their first fragment (the one with the id), across paragraphs.
    """
    inside = [m for m in marks if m.start < hi and m.end > lo and m.start < m.end]
    starts: dict[int, list[Mark]] = {}
    for m in inside:
        starts.setdefault(max(m.start, lo), []).append(m)
    points = sorted({lo, hi, *starts, *(min(m.end, hi) for m in inside)})
    out: list[str] = []
    stack: list[Mark] = []
    for i, p in enumerate(points):
        ending = [k for k, m in enumerate(stack) if min(m.end, hi) <= p]
        reopen: list[Mark] = []
        if ending:
            cut = min(ending)
            for m in reversed(stack[cut:]):
                out.append(_close(m, final=m.end <= p))
                if min(m.end, hi) > p:
                    reopen.append(m)
            del stack[cut:]
        if p >= hi:
            break
        for m in sorted(reopen + starts.get(p, []), key=lambda m: (-m.end, _NESTING.get(m.kind, 9))):
            within = [s.tag[1] for s in stack if s.tag and s.kind == "technique"]
            out.append(_open(m, first=m.id not in emitted, within=within))
            emitted.add(m.id)
            stack.append(m)
        out.append(str(escape(text[p : points[i + 1]])))
    return Markup("".join(out))


def _article(page: Page, art: dict[str, Any]) -> dict[str, Any]:
    """An article's paragraphs as marked-up HTML."""
    text = art["text"]
    paragraphs = [(p["start"], p["end"]) for p in art.get("paragraphs") or []] or [(0, len(text))]
    marks = _marks(page, art)
    # a span outside every paragraph (in a title line, say) still needs its element
    for m in marks:
        if not any(lo < m.end and m.start < hi for lo, hi in paragraphs):
            paragraphs.append((m.start, m.end))
    paragraphs.sort()
    emitted: set[str] = set()
    title = art.get("title") or ""
    return {
        "n": page.keys[art["id"]],
        "art": art,
        # the headline is analysed too: its highlights are marked in the heading
        "title": markup(title, _marks(page, art, "title"), 0, len(title), emitted) if title else None,
        "paragraphs": [markup(text, marks, lo, hi, emitted) for lo, hi in paragraphs],
    }


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The Jinja2 environment, built once: autoescape always on (article texts are input)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("framelens", "resources/report"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=display.finalize,
    )


def _asset(name: str) -> Markup:
    """An inline asset; they are ours, never input, and must not close their element early."""
    body = resources.files("framelens").joinpath(f"resources/report/{name}").read_text("utf-8")
    if "</" in body:
        raise ValueError(f"framelens/resources/report/{name} must not contain '</'")
    return Markup(body)


@lru_cache(maxsize=1)
def inline_script() -> str:
    """The exact text of the page's one ``<script>`` element, which its CSP names by hash."""
    return f"\n{_asset('report.js')}\n"


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The page's CSP (a meta tag, so it travels with the file): its own script and styles only.

    Styles stay ``'unsafe-inline'``: the page sets a few ``style`` attributes (column
    counts), which hashes cannot cover; scripts, the part that can act, are pinned by hash.
    """
    digest = base64.b64encode(hashlib.sha256(inline_script().encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "form-action 'self'; base-uri 'none'"
    )


def render_html(report_or_comparison: Any) -> str:
    """The self-contained HTML page of a comparison (report dict or ``Comparison``).

    A Comparison goes through ``build_report`` first, so the page never shows anything
    the JSON report lacks.
    """
    if isinstance(report_or_comparison, dict):
        report = report_or_comparison
    else:
        from framelens.report.build import build_report

        report = build_report(report_or_comparison)
    page = Page(report)
    order = [a["id"] for a in report["articles"]]
    # tables first: they register the links, and the texts need them for their back links
    context = {
        "report": report,
        "count": len(order),
        "overview": _overview(page),
        "findings": _findings(page),
        "word_choice": _word_choice(page, order),
        "events": _event_terms(page, order),
        "tone": _tone(page, order),
        "claims": _claims(page),
        "sources": _sources(page),
        "techniques": html_techniques.techniques(page, order),
        "frames": html_techniques.frames(page, order),
        "polarity": _POLARITY,
        "side_by_side": len(order) <= SIDE_BY_SIDE_MAX,
        "layers": LAYERS,
    }
    context["articles"] = [_article(page, art) for art in report["articles"]]
    template = _environment().get_template("report.html.j2")
    return template.render(
        **context, css=_asset("report.css"), script=Markup(inline_script()), csp=content_security_policy()
    )
