"""The HTML report's views of persuasion techniques and news frames, from the report dict alone.

Techniques become a technique × article matrix whose counts link to the spans (the
first one, then each by number), and every technique has a short key (``LL``) that the
article texts print beside its spans, so the technique is named in the text itself and
not only in a tooltip or a colour.  Frames become one small bar chart per article, all
with the same rows in the same order and the same scale, so the eye compares across
panels; a table gives the same numbers with links to the sentences that carry them, and
the method note is shown because the scores come from word lists, with no accuracy
claim.
"""

from __future__ import annotations

import math
import re
from typing import Any

from framelens.report.display import percentile_text
from framelens.report.html_parts import Grid, Head, Page, matrix, turned

#: display name and key of each Propaganda Techniques Corpus class (keys are unique)
TECHNIQUE_NAMES: dict[str, tuple[str, str]] = {
    "Appeal_to_Authority": ("Appeal to authority", "AA"),
    "Appeal_to_fear-prejudice": ("Appeal to fear or prejudice", "AF"),
    "Bandwagon,Reductio_ad_hitlerum": ("Bandwagon, reductio ad Hitlerum", "BR"),
    "Black-and-White_Fallacy": ("Black-and-white fallacy", "BW"),
    "Causal_Oversimplification": ("Causal oversimplification", "CO"),
    "Doubt": ("Doubt", "DO"),
    "Exaggeration,Minimisation": ("Exaggeration, minimisation", "EM"),
    "Flag-Waving": ("Flag-waving", "FW"),
    "Loaded_Language": ("Loaded language", "LL"),
    "Name_Calling,Labeling": ("Name calling, labeling", "NC"),
    "Repetition": ("Repetition", "RE"),
    "Slogans": ("Slogans", "SL"),
    "Thought-terminating_Cliches": ("Thought-terminating clichés", "TC"),
    "Whataboutism,Straw_Men,Red_Herring": ("Whataboutism, straw men, red herring", "WS"),
}
#: frame chart geometry (SVG user units): label column, bar column, row height
_LABEL_W, _BAR_W, _ROW, _TOP = 150.0, 140.0, 19.0, 6.0
#: frame names longer than this are cut in the chart (the <title> and the table keep them whole)
_LABEL_MAX = 22


def technique_name(name: str) -> str:
    """A technique's display name; an unknown class (a retrained model) is made readable as given."""
    known = TECHNIQUE_NAMES.get(name)
    return known[0] if known else name.replace("_", " ").replace(",", ", ")


def technique_key(name: str) -> str:
    """A technique's short key, printed beside its spans: two letters, uppercase."""
    known = TECHNIQUE_NAMES.get(name)
    if known:
        return known[1]
    words = [w for w in name.replace(",", "_").replace("-", "_").split("_") if w]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def techniques(page: Page, order: list[str]) -> dict[str, Any]:
    """The technique × article matrix (count, rate per 1,000 words, links to each span) and its key.

    Rows are the techniques found in at least one article, most frequent first; a last
    row gives each article's total, with its percentile among the reference articles and
    ``reference`` saying which articles those are (None without percentiles).  Techniques
    found nowhere are named below the table, so a reader sees they were looked for.
    """
    entries = {t["article"]: t for t in page.report.get("techniques", [])}
    spans: dict[tuple[str, str], list[dict[str, Any]]] = {}
    totals: dict[str, int] = {}
    for entry in entries.values():
        for span in entry["spans"]:
            spans.setdefault((span["technique"], entry["article"]), []).append(span)
        for count in entry["counts"]:
            totals[count["technique"]] = totals.get(count["technique"], 0) + count["count"]
    rank = {name: i for i, name in enumerate(totals)}
    shown = sorted((n for n, c in totals.items() if c), key=lambda n: (-totals[n], rank[n]))
    absent = [technique_name(n) for n in totals if not totals[n]]

    def cell(name: str, article: str) -> dict[str, Any] | None:
        entry = entries.get(article)
        if entry is None:
            return None
        if not name:  # the totals row, with the percentile of the total rate (reports before it: none)
            return {
                "count": entry["total"],
                "rate": _rate(entry["per_1000_words"]),
                "words": entry["words"],
                "pct": percentile_text(entry.get("percentile")),
            }
        rate = next((c["per_1000_words"] for c in entry["counts"] if c["technique"] == name), 0.0)
        found = spans.get((name, article), [])
        if not found:
            return {"count": 0, "rate": _rate(rate)}
        label = technique_name(name)
        back = f"techniques: {label} in {page.names[article]}"
        many = len(found)
        first = page.link(
            article,
            found[0],
            str(many),
            back=back,
            title=f"{label}, first of {many} in {page.names[article]}: {found[0]['text']}",
        )
        each = [
            page.link(article, s, str(i), back=back, title=f"{label} {i} of {many}: {s['text']}")
            for i, s in enumerate(found, 1)
        ]
        return {"count": many, "rate": _rate(rate), "first": first, "each": each if many > 1 else []}

    rows = [(n, Head(technique_name(n), technique_key(n))) for n in shown]
    if entries:
        rows.append(("", Head("All techniques", "total")))
    reference: dict[str, Any] = page.report.get("technique_reference") or {}
    ranked = any(e.get("percentile") is not None for e in entries.values())
    return {
        "reference": reference.get("note") if ranked else None,
        "grid": matrix("technique", rows, order, page, cell) if shown else Grid("technique", [], []),
        "found": bool(shown),
        "analysed": bool(entries),
        "absent": absent,
        "legend": [(technique_key(n), technique_name(n)) for n in shown],
    }


def _rate(value: float) -> str:
    """A rate per 1,000 words as printed: one decimal is enough to compare articles."""
    return f"{value:.1f}"


def frames(page: Page, order: list[str]) -> dict[str, Any]:
    """One bar chart per article (same rows, same order, same scale) and the table behind them."""
    entries = {f["article"]: f for f in page.report.get("frames", []) if f.get("frames")}
    scores: dict[str, list[float]] = {}
    for article in order:
        for frame in entries.get(article, {}).get("frames", []):
            scores.setdefault(frame["name"], []).append(frame["score"])
    first = {name: i for i, name in enumerate(scores)}
    # the frames that weigh most across all articles on top, so every panel reads the same way
    names = sorted(scores, key=lambda n: (-sum(scores[n]) / len(order), first[n]))
    top = max((s for values in scores.values() for s in values), default=0.0)
    scale = max(0.1, math.ceil(top * 10 - 1e-9) / 10)
    panels = [
        _panel(page, article, entries[article], names, scale) for article in order if article in entries
    ]
    methods = list(
        dict.fromkeys(entries[a]["method"] for a in order if a in entries and entries[a]["method"])
    )

    def cell(name: str, article: str) -> dict[str, Any] | None:
        frame = next((f for f in entries.get(article, {}).get("frames", []) if f["name"] == name), None)
        if frame is None:
            return None
        evidence = [
            page.link(article, ev, str(i), title=f"terms: {ev.get('terms') or '–'}. {ev['text']}")
            for i, ev in enumerate(frame["evidence"], 1)
        ]
        return {"score": f"{frame['score']:.2f}", "evidence": evidence}

    # the table shows the frames some article has; with articles as rows, the frames are 14
    # columns, named short (the whole name on hover) so that they fit a laptop's window
    found = [n for n in names if any(scores[n])]
    short = turned(order)
    rows = [(n, Head(_column(n), full=n) if short and _column(n) != n else Head(n)) for n in found]
    return {
        "panels": panels,
        "grid": matrix("frame", rows, order, page, cell),
        "absent": [n for n in names if n not in found],
        "methods": methods,
        "scale": f"{scale:.1f}",
    }


def _column(name: str) -> str:
    """A frame name as a column head: up to its first "," or " and " ("Legality"; the head is
    an abbreviation whose title is the whole name)."""
    return re.split(r",| and ", name, maxsplit=1)[0].strip()


def _short(name: str) -> str:
    """A frame name that fits the chart's label column: up to its first "," or " and " when
    that is enough ("Legality…"), else cut; small panels keep four articles side by side."""
    if len(name) <= _LABEL_MAX:
        return name
    head = re.split(r",| and ", name, maxsplit=1)[0].strip()
    return (head if len(head) < _LABEL_MAX else head[: _LABEL_MAX - 1].rstrip()) + "…"


def _panel(page: Page, article: str, entry: dict[str, Any], names: list[str], scale: float) -> dict[str, Any]:
    """SVG coordinates of one article's frame bars, in the shared row order."""
    own = {f["name"]: f["score"] for f in entry["frames"]}
    bars = []
    y = _TOP
    for name in (n for n in names if n in own):
        score = own[name]
        width = round(min(score, scale) / scale * _BAR_W, 1)
        short = _short(name)
        bars.append(
            {
                "name": name,
                "short": short,
                "score": f"{score:.2f}",
                "y": y,
                "mid": y + _ROW / 2 + 4,
                "width": width,
                "zero": score <= 0,
                "title": f"{name}: {score:.2f} in {page.names[article]}",
            }
        )
        y += _ROW
    ticks = [
        {"x": round(_LABEL_W + f * _BAR_W, 1), "text": f"{scale * f:.2f}".rstrip("0").rstrip(".")}
        for f in (0.0, 0.5, 1.0)
    ]
    n = page.keys[article]
    return {
        "n": n,
        "id": f"frames-{n}",
        "head": page.article_head(article),
        "bars": bars,
        "ticks": ticks,
        "x0": _LABEL_W,
        "bar_h": _ROW - 7,
        "bottom": y + 2,
        "height": y + 22,
        "width": _LABEL_W + _BAR_W + 44,
        "top": max(entry["frames"], key=lambda f: f["score"])["name"] if any(own.values()) else None,
    }
