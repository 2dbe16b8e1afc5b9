"""The comparison report as terminal-friendly Markdown: a rendering of the JSON report alone.

It reads nothing but the report dict (style habit 5), so what the terminal shows is
always what the JSON holds.  Matrices become tables with one column per article;
disagreements come first because they are what a reader opens the report for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from framelens.report.analysis_md import _cell, _table
from framelens.report.display import md, percentile_text, unnamed_text

#: how many findings, claim groups and only-in claims the summary lists
TOP_FINDINGS = 10
TOP_ONLY_IN = 5
#: claim statuses whose groups are listed with their members, most notable first
_DISAGREEMENTS = ("disputed", "numeric_disagreement", "date_disagreement", "opposite", "quote_attribution")
#: how many frames per article the summary names
TOP_FRAMES = 3

_SIGN = {"negative": "−", "positive": "+", "neutral": ""}
#: a label is shown by this many of its first words
LABEL_WORDS = 6


def _labels_cell(labels: list[dict[str, Any]]) -> str:
    """Each label in its own words (its first words and an ellipsis when long), with counts;
    polarity as a sign, ``*`` when no other article uses the word; a loaded word is shown as
    written, in ‹ › (``framelens.stages._loaded_words``); a label inside a direct quote says
    whom it quotes, one inside an indirect quote whom the outlet reports."""
    counts: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}
    for lab in labels:
        words = lab["text"].split()
        text = " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")
        if lab.get("kind") == "loaded":
            text = f"‹{lab['text']}›"  # a loaded word as written ("blasted", not "blast"), marked apart
        if lab.get("quoted_by"):
            text = f"{text} (quoting {lab['quoted_by']})"  # the speaker's word, not the outlet's
        elif lab.get("reported_by"):
            text = f"{text} (reporting {lab['reported_by']})"  # a claim the outlet reports
        counts[text.lower()] += 1
        sign = _SIGN.get(lab.get("polarity") or "neutral", "") + ("*" if lab.get("only_here") else "")
        shown[text.lower()] = (shown.get(text.lower(), (text, ""))[0], sign)
    return ", ".join(
        f"{text}{sign}" + (f" ×{counts[key]}" if counts[key] > 1 else "")
        for key, (text, sign) in shown.items()
    )


def _techniques(report: dict[str, Any], order: list[str], names: dict[str, str]) -> list[str]:
    """Technique × article rates per 1,000 words, count in brackets: rates, since lengths differ."""
    entries = {t["article"]: t for t in report.get("techniques", [])}
    if not entries:
        return []
    counts = {(c["technique"], article): c for article, entry in entries.items() for c in entry["counts"]}
    totals: Counter[str] = Counter()
    for (name, _), c in counts.items():
        totals[name] += c["count"]
    shown = [name for name, n in sorted(totals.items(), key=lambda item: -item[1]) if n]
    out = ["## Persuasion techniques (per 1,000 words; count in brackets; candidates, not verdicts)", ""]
    if not shown:
        return [*out, "_none found_", ""]

    def cell(name: str, article: str) -> str | None:
        c = counts.get((name, article))
        return f"{c['per_1000_words']:.1f} ({c['count']})" if c and c["count"] else None

    def total(entry: dict[str, Any]) -> str:
        pct = percentile_text(entry.get("percentile"))  # reports written before percentiles have none
        return f"{entry['per_1000_words']:.1f} ({entry['total']})" + (f" · {pct}" if pct else "")

    rows: list[list[Any]] = [[name, *(cell(name, a) for a in order)] for name in shown]
    rows.append(["all techniques", *(total(entries[a]) if a in entries else None for a in order)])
    missing = [names[a] for a in order if a not in entries]
    note = [f"_techniques not analysed for: {', '.join(missing)}_", ""] if missing else []
    reference = report.get("technique_reference")
    if reference and any(e.get("percentile") is not None for e in entries.values()):
        note += [f"_pct: {md(reference['note'])}; candidates, not verdicts_", ""]
    return out + _table(["technique", *[names[a] for a in order]], rows) + note


def _frames(report: dict[str, Any], order: list[str], names: dict[str, str]) -> list[str]:
    """Each article's strongest frames, with the method note: the scores come from word lists."""
    entries = {f["article"]: f for f in report.get("frames", []) if f.get("frames")}
    if not entries:
        return []
    out = ["## News frames (top frames per article; share of framed sentences)", ""]
    for article in order:
        top = [f for f in entries.get(article, {}).get("frames", []) if f["score"] > 0][:TOP_FRAMES]
        listed = ", ".join(f"{f['name']} {f['score']:.2f}" for f in top) or (
            "no framed sentence" if article in entries else "not analysed"
        )
        out.append(f"- {md(names[article])}: {md(listed)}")
    methods = dict.fromkeys(e["method"] for e in entries.values() if e.get("method"))
    out += [""] + [f"_method: {md(m)}_" for m in methods] + ([""] if methods else [])
    return out


def render_markdown(report: dict[str, Any]) -> str:
    """The summary a terminal shows after ``framelens compare --md``."""
    articles = report["articles"]
    names = {a["id"]: a["label"] for a in articles}
    actor_names = {a["id"]: a["name"] for a in report["actors"]}
    order = [a["id"] for a in articles]
    out = [f"# Coverage compared across {len(articles)} article{'s' if len(articles) != 1 else ''}", ""]
    if report.get("message"):
        out += [f"> {md(report['message'])}", ""]
    for note in report.get("notes", []):
        out += [f"- note: {md(note)}"]
    for failure in report.get("failures", []):
        out += [f"- not read: {md(failure['source'])}: {md(failure['problem'])}"]
    if report.get("notes") or report.get("failures"):
        out.append("")

    by_article = {a["id"]: a for a in articles}
    out += ["## Articles", ""]
    out += _table(
        ["article", "authors", "published", "words", "actors", "quotes", "figures", "tone"],
        [
            [
                o["label"],
                ", ".join(by_article[o["article"]]["authors"]),
                by_article[o["article"]]["published"],
                o["words"],
                o["actors"],
                o["quotes"],
                o["quantities"],
                f"{o['tone_label']} ({o['tone_score']:+.2f})" if o["tone_label"] else None,
            ]
            for o in report.get("overview", [])
        ],
    )

    out += ["## Top differences (candidates to check, not verdicts)", ""]
    top = [f for f in report["findings"] if f["kind"] != "only_in"][:TOP_FINDINGS]
    out += [f"{n}. **{f['kind']}** ({f['score']:.2f}): {md(f['statement'])}" for n, f in enumerate(top, 1)]
    out += ["" if top else "_none found_", ""]

    out += [
        "## Word choice (labels per actor, ‹loaded words›; − negative, + positive in context, "
        "* only this article)",
        "",
    ]
    cells = {(c["actor"], c["article"]): c for c in report["word_choice"]}
    shown = list(dict.fromkeys(c["actor"] for c in report["word_choice"]))
    out += _table(
        ["actor", *[names[a] for a in order]],
        [
            [actor_names.get(actor, actor)]
            + [
                _labels_cell(cells[(actor, a)]["labels"])
                if (actor, a) in cells and cells[(actor, a)]["mentions"]
                else None
                for a in order
            ]
            for actor in shown
        ],
    )

    out += ["## Event terms (* only this article)", ""]
    families: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    only: set[tuple[str, str]] = set()
    for entry in report["event_terms"]:
        for term in entry["terms"]:
            if term.get("central", True):
                families[term.get("family", term["lemma"])][entry["article"]][term["text"].lower()] += 1
                if term.get("only_here"):
                    only.add((term.get("family", term["lemma"]), entry["article"]))
    out += _table(
        ["event word", *[names[a] for a in order]],
        [
            [family]
            + [
                ", ".join(f"{t}" + (f" ×{n}" if n > 1 else "") for t, n in families[family][a].items())
                + ("*" if (family, a) in only else "")
                for a in order
            ]
            for family in sorted(families, key=lambda f: (-len(families[f]), f))
        ],
    )

    out += ["## Tone toward actors", ""]
    tones = {(t["actor"], t["article"]): t for t in report["tones"]}
    tone_actors = list(dict.fromkeys(t["actor"] for t in report["tones"]))
    out += _table(
        ["actor", *[names[a] for a in order]],
        [
            [actor_names.get(actor, actor)]
            + [_tone_cell(tones[(actor, a)]) if (actor, a) in tones else None for a in order]
            for actor in tone_actors
        ],
    )

    out += _techniques(report, order, names)
    out += _frames(report, order, names)

    out += ["## Claims across articles", ""]
    statuses = Counter(g["status"] for g in report["claims"])
    out += [", ".join(f"{status}: {n}" for status, n in statuses.items()) or "_no claims_", ""]
    # disagreements, shared quotes, then agreements that figures or dates decided (they carry
    # their reason)
    shown = [g for g in report["claims"] if g["status"] in _DISAGREEMENTS]
    shown += [g for g in report["claims"] if g["status"] == "shared_quote"]
    shown += [g for g in report["claims"] if g["status"] == "agree" and g.get("reason")]
    for group in shown:
        out += [f"- **{group['status']}** ({group['score']:.2f}) {md(group['statement'])}"]
        for m in group["members"]:
            who = f" (quoting {m.get('speaker') or 'nobody named'})" if m.get("quote") else ""
            out += [f"  - {md(names[m['article']] + who)}: {_cell(m['text'])}"]
    only_in = [g for g in report["claims"] if g["status"] == "only_in"][:TOP_ONLY_IN]
    if only_in:
        out += ["", "Claims only one article carries (most notable first):", ""]
        out += [f"- ({g['score']:.2f}) {md(g['statement'])}" for g in only_in]
    out.append("")

    out += ["## Sources", ""]
    out += _table(
        ["article", "speaker", "type", "role", "kind", "quotes"],
        [
            [names[s["article"]], s["speaker"], s["speaker_type"], s["role"], s["kind"], s["count"]]
            for s in report["sources"]
        ],
    )
    out += _table(
        ["article", "direct", "indirect", "unnamed", "speakers", "organisations cited", "diversity"],
        [
            [
                names[s["article"]],
                s["direct"],
                s["indirect"],
                unnamed_text(s),
                s["speakers"],
                ", ".join(s.get("organisations", [])),
                f"{s['diversity']:.2f}",
            ]
            for s in report.get("source_summaries", [])
        ],
    )
    return "\n".join(out).rstrip() + "\n"


def _tone_cell(tone: dict[str, Any]) -> str:
    """ "negative -0.64 (labels, role)": the portrayal with the signals that decided it."""
    by = tone.get("decided_by") or []
    return f"{tone['label']} {tone['score']:+.2f}" + (f" ({', '.join(by)})" if by else "")


#: how many top differences the short summary lists
SUMMARY_FINDINGS = 5


def render_summary(report: dict[str, Any], full_report: str | None = None) -> str:
    """The short summary ``framelens compare`` prints when no output option is given.

    The articles and the first top differences only: the full Markdown (``--md``) runs to
    hundreds of lines, too much for a terminal that has just written the HTML report.
    """
    articles = report["articles"]
    out = [f"# Coverage compared across {len(articles)} article{'s' if len(articles) != 1 else ''}", ""]
    if report.get("message"):
        out += [f"> {md(report['message'])}", ""]
    out += _table(
        ["article", "published", "words", "actors", "quotes", "tone"],
        [
            [
                o["label"],
                next((a["published"] for a in articles if a["id"] == o["article"]), None),
                o["words"],
                o["actors"],
                o["quotes"],
                f"{o['tone_label']} ({o['tone_score']:+.2f})" if o["tone_label"] else None,
            ]
            for o in report.get("overview", [])
        ],
    )
    findings = [f for f in report["findings"] if f["kind"] != "only_in"]
    out += ["## Top differences (candidates to check, not verdicts)", ""]
    out += [
        f"{n}. **{f['kind']}** ({f['score']:.2f}): {md(f['statement'])}"
        for n, f in enumerate(findings[:SUMMARY_FINDINGS], 1)
    ] or ["_none found_"]
    out.append("")
    rest = len(findings) - SUMMARY_FINDINGS
    more = f"{rest} more difference{'s' if rest != 1 else ''}, " if rest > 0 else ""
    where = f" in {md(full_report)}" if full_report else ""
    out.append(f"_{more}word choice, tone, claims and sources{where}; --md prints them all here._")
    return "\n".join(out).rstrip() + "\n"
