"""One article's analysis as terminal-friendly Markdown (a rendering of its JSON form)."""

from __future__ import annotations

from typing import Any

from framelens.models import Analysis
from framelens.report.display import md


def _cell(value: Any) -> str:
    """A table cell: one line, at most 90 characters, input markup escaped (``display.md``)."""
    if value is None or value == "":
        return "–"
    text = str(value).replace("\n", " ")
    return md(text if len(text) <= 90 else text[:87] + "…")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    if not rows:
        return ["_none found_", ""]
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def render_analysis_md(analysis: Analysis) -> str:
    """Actors, labels, quotes, quantities, tone, techniques and frames as Markdown tables."""
    data = analysis.to_dict()
    art = data["article"]
    names = {a["id"]: a["name"] for a in data["actors"]}
    out = [f"## {md(art['title'] or art['source'])}", ""]
    meta = [art["outlet"], ", ".join(art["authors"]) or None, art["published"], art["source"]]
    out += [md(" · ".join(m for m in meta if m)), ""]
    out += ["### Actors", ""]
    out += _table(
        ["actor", "type", "decided by", "mentions", "aliases"],
        [
            [a["name"], a["type"], a.get("type_reason") or "", len(a["mentions"]), ", ".join(a["aliases"])]
            for a in data["actors"]
        ],
    )
    out += ["### Labels and event terms", ""]
    out += _table(
        ["actor", "kind", "text", "at"],
        [
            [names.get(lab["actor"], lab["actor"]), lab["kind"], lab["text"], lab["start"]]
            for lab in data["labels"]
        ],
    )
    out += ["### Quotes", ""]
    out += _table(
        ["kind", "speaker", "cue", "text"],
        [[q["kind"], q["speaker_name"], q["cue"], q["text"]] for q in data["quotes"]],
    )
    out += ["### Quantities", ""]
    out += _table(
        ["text", "value", "range", "counted", "predicate", "attribution"],
        [
            [q["text"], q["value"], f"{q['low']}–{q['high']}", q["counted"], q["predicate"], q["attribution"]]
            for q in data["quantities"]
            if q.get("kind") not in {"date", "duration"}
        ],
    )
    out += ["### Tone toward actors", ""]
    out += _table(
        ["actor", "tone", "score", "decided by", "evidence"],
        [
            [
                names.get(t["actor"], t["actor"]),
                t["label"],
                t["score"],
                ", ".join(t.get("decided_by") or []) or None,
                t["evidence"][0]["text"] if t["evidence"] else None,
            ]
            for t in data["tones"]
        ],
    )
    out += ["### Persuasion techniques", ""]
    out += _table(
        ["technique", "text", "score", "cue"],
        [[t["technique"], t["text"], round(t["score"], 2), t["cue"]] for t in data["techniques"]],
    )
    frames = [f for f in data["frames"] if f["score"] > 0]
    if frames:
        out += ["### News frames", ""]
        out += _table(
            ["frame", "share", "evidence"],
            [
                [f["name"], f"{f['score']:.0%}", f["evidence"][0]["text"] if f["evidence"] else None]
                for f in frames
            ],
        )
        method = next((f.get("method") for f in frames if f.get("method")), None)
        if method:
            out += [f"_{md(method)}_", ""]
    return "\n".join(out)
