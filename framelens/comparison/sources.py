"""Sources: who each article quotes, how, and how varied its voices are.

Speakers are named by their linked actor when the quotes stage resolved one, so "Sam
Heller" and "Heller of the International Crisis Group" count as one voice, and the same
person quoted by two outlets has one id.  Organisations cited without a quote ("Human
Rights Watch has reported") are found by a speech cue right after an organisation's
mention.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from framelens.comparison.lexicon import CompareLexicon, compare_lexicon, inflections
from framelens.comparison.records import Finding, LinkedActor, SourceSummary, SourceUse
from framelens.models import Analysis, Quote, Span
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.names import fold
from framelens.text.quote_lexicon import REASON_GROUP, REASON_WRITER, quote_lexicon

_ORG_TYPES = frozenset({"organisation", "group"})
#: speaker types counted among the organisations an article cites
_CITED_TYPES = frozenset({"organisation", "media"})
_LEADING_THE = re.compile(r"^the\s+")
#: where a role's own description ends: a relative clause ("... who studies ISIS") or a second apposition
_ROLE_CLAUSE = re.compile(r"\s(?:who|which|that|whose|where|whom)\s|,|;|\s[—–]\s", re.IGNORECASE)
#: an organisation named after a preposition in a role: "an analyst at the International Crisis Group"
_ROLE_ORG = re.compile(
    r"\b(?:at|of|with|from|for)\s+(?:the\s+)?((?:[A-Z][\w.&'’-]*)(?:\s+(?:(?:of|for|and|on|the|de)\s+)*[A-Z][\w.&'’-]*)*)"
)


def _cue_pattern() -> re.Pattern[str]:
    forms: set[str] = set()
    for verb in quote_lexicon().cue_verbs:
        forms |= inflections(verb)
    forms |= {"said", "told", "wrote", "says"}
    body = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    # "X has reported", "X said", "X, in a statement, said": a few words may come between
    return re.compile(r"^\W*(?:\w+\W+){0,3}?(?:" + body + r")\b", re.IGNORECASE)


_ACCORDING = re.compile(r"according\s+to\s+(?:the\s+)?$", re.IGNORECASE)
#: where the sentence of a mention ends: a cue after it belongs to another subject
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\s*\n|\s+(?=[A-Z\"“])|$)")
#: a mention right after one of these is not the subject of the following verb
#: ("Residents of Velka said": the residents speak, not Velka)
_NOT_SUBJECT = re.compile(r"\b(?:of|from|in|at|by|with|for|on|near)\s+(?:the\s+)?$", re.IGNORECASE)


def is_media(name: str, lex: CompareLexicon) -> bool:
    """Whether an organisation's name is a news medium's ("the BBC", "The Valley Gazette")."""
    key = _LEADING_THE.sub("", fold(name))
    return bool(key) and (key in lex.media_names or key.split()[-1] in lex.media_words)


def _speaker_type(quote: Quote, linked: LinkedActor | None, lex: CompareLexicon) -> str:
    """person / organisation / media / group / country ...: the linked actor's type, else a guess."""
    if quote.no_speaker_reason == REASON_GROUP:
        return "group"  # "Syrians said": a people, never its country
    if linked is not None:
        if linked.type == "organisation" and is_media(linked.name, lex):
            return "media"
        return linked.type
    words = fold(quote.speaker_name or "").split()
    if not words:
        return "unattributed"
    if words[-1] in quote_lexicon().generic_nouns or words[-1].rstrip("s") in quote_lexicon().generic_nouns:
        return "unnamed"
    if set(words) & lex.document_words:
        return "document"
    if is_media(quote.speaker_name or "", lex):
        return "media"
    if set(words) & lex.organisation_words:
        return "organisation"
    return "unresolved"


def _orgs_in(text: str, orgs: Sequence[LinkedActor]) -> list[tuple[int, LinkedActor]]:
    """Where each organisation's name or alias occurs in ``text`` (folded), as whole words:
    (position, organisation), one per form found, in the order of ``orgs``."""
    found = []
    for org in orgs:
        for form in (org.name, *org.aliases):
            key = fold(form)
            hit = re.search(rf"\b{re.escape(key)}\b", text) if key else None
            if hit is not None:
                found.append((hit.start(), org))
    return found


def _affiliation(role: str | None, speaker: str, orgs: Sequence[LinkedActor]) -> str | None:
    """The organisation a speaker's role names ("an analyst at the International Crisis Group").

    Only the role's own description counts, up to a relative clause or a second apposition
    ("... who studies ISIS" names what the analyst studies, not where they work); the
    organisation named first wins.  An organisation the role names after "at/of/with/from"
    that is no actor of the article is given as written.
    """
    own = _ROLE_CLAUSE.split(role or "", maxsplit=1)[0]
    for haystack in (own, speaker):
        found = _orgs_in(fold(haystack), orgs)
        if found:
            return min((at, org.name) for at, org in found)[1]
    named = _ROLE_ORG.search(own)
    return named.group(1) if named else None


#: what may stand between an organisation's name and the document it speaks through, in its
#: sentence: "the Ports Authority (MPA) itself in a 2019 memo", "the Authority's memo", "the
#: Authority, in a memo"
_ISSUER_BEFORE = re.compile(
    r"^(?:\s*\([^()]{1,12}\))?(?:['’]s\s+|\s*,?\s*(?:itself\s+|themselves\s+)?(?:in|through|via)\s+)$",
    re.IGNORECASE,
)
#: and between a document and the organisation named after it: "a memo from the Authority"
_ISSUER_AFTER = re.compile(r"^\s+(?:from|by|of)\s+(?:the\s+)?$", re.IGNORECASE)


#: cues of a refusal to speak; with a speech verb's infinitive as content ("declined to comment",
#: "refused to say whether ...") nothing is attributed.  PolNeAR marks these as attributions, so
#: the quotes stage keeps them; a reader does not count them as a source's words.
_REFUSALS = frozenset(inflections("decline") | inflections("refuse"))
#: speech verbs the quote lexicon lacks ("declined to elaborate")
_SILENT = frozenset({"comment", "elaborate", "speculate"})
_INFINITIVE = re.compile(r"^\s*to\s+(\w+)", re.IGNORECASE)


def _refusal(text: str, quote: Quote) -> bool:
    """Whether a quote only says its speaker would not speak ("declined to comment")."""
    if quote.cue is None or quote.kind != "indirect":
        return False
    words = quote.cue.text_in(text).lower().split()
    verb = _INFINITIVE.match(quote.span.text_in(text))
    if not words or words[0] not in _REFUSALS or verb is None:
        return False
    lex = quote_lexicon()
    lemma = verb.group(1).lower()
    return lemma in lex.cue_verbs or lemma in lex.object_verbs or lemma in _SILENT


def _issuer(
    analysis: Analysis,
    quote: Quote,
    orgs: Sequence[LinkedActor],
    links: Mapping[tuple[str, str], str],
) -> LinkedActor | None:
    """The organisation a document speaks for ("the MPA report", "the Authority itself in a
    2019 leaked memo", "a memo from the Authority"), or None.

    A reader weighs the organisation, not the paper it wrote on: "a 2012 leaked memo" and
    "the DIA report" of one agency were two sources of one article.  The document's own name
    may hold the organisation's name or alias; else the organisation is named right before it
    (possessive, or "in"/"through" the document) or right after ("from", "by", "of")."""
    named = _orgs_in(fold(quote.speaker_name or ""), orgs)
    if named:
        return named[0][1]
    where = quote.speaker_span
    if where is None:
        return None
    text = analysis.article.text
    by_id = {o.id: o for o in orgs}
    aid = analysis.article.id
    for mention in analysis.mentions:
        speaker = by_id.get(links.get((aid, mention.actor_id), ""))
        if speaker is None:
            continue
        before = text[mention.span.end : where.start] if mention.span.end <= where.start else None
        after = text[where.end : mention.span.start] if where.end <= mention.span.start else None
        if (before is not None and len(before) <= 40 and _ISSUER_BEFORE.match(before)) or (
            after is not None and len(after) <= 12 and _ISSUER_AFTER.match(after)
        ):
            return speaker
    return None


def sources(
    analyses: Sequence[Analysis],
    actors: Sequence[LinkedActor],
    links: Mapping[tuple[str, str], str],
    lex: CompareLexicon | None = None,
) -> tuple[list[SourceUse], list[SourceSummary]]:
    """Rows (article, speaker, kind, count) and a per-article summary of the source mix."""
    lex = lex or compare_lexicon()
    by_id = {a.id: a for a in actors}
    cue = _cue_pattern()
    rows: list[SourceUse] = []
    summaries: list[SourceSummary] = []
    for analysis in analyses:
        aid = analysis.article.id
        orgs = [
            by_id[links[(aid, a.id)]]
            for a in analysis.actors
            if (aid, a.id) in links and by_id[links[(aid, a.id)]].type in _ORG_TYPES
        ]
        grouped: dict[tuple[str, str], list[Quote]] = defaultdict(list)
        meta: dict[str, tuple[str | None, str, str | None]] = {}
        unattributed = 0
        for quote in analysis.quotes:
            if quote.kind not in {"direct", "indirect"} or _refusal(analysis.article.text, quote):
                continue
            if quote.no_speaker_reason == REASON_WRITER:
                continue  # the writer's own first person is no source
            linked = by_id.get(links.get((aid, quote.speaker_id), "")) if quote.speaker_id else None
            if linked is None and not quote.speaker_name:
                unattributed += 1
                continue
            speaker = linked.name if linked else " ".join((quote.speaker_name or "").split())
            speaker_type = _speaker_type(quote, linked, lex)
            # "Mr." is no role: the table would show house style as what the source is
            role = quote.role if quote.role and _telling(quote.role, speaker) else None
            if speaker_type == "document" and (issuer := _issuer(analysis, quote, orgs, links)) is not None:
                # the organisation speaks, through the document: its role says which
                linked, role = issuer, speaker
                speaker, speaker_type = issuer.name, _speaker_type(quote, issuer, lex)
            grouped[(speaker, quote.kind)].append(quote)
            if speaker not in meta or (meta[speaker][2] is None and role):
                meta[speaker] = (linked.id if linked else None, speaker_type, role)
        for (speaker, kind), quotes in grouped.items():
            speaker_id, speaker_type, role = meta[speaker]
            rows.append(
                SourceUse(
                    article_id=aid,
                    speaker=speaker,
                    speaker_id=speaker_id,
                    speaker_type=speaker_type,
                    role=role,
                    affiliation=_affiliation(role, speaker, orgs) if speaker_type == "person" else None,
                    kind=kind,
                    count=len(quotes),
                    spans=tuple(q.span for q in quotes),
                )
            )
        per_speaker = Counter(speaker for (speaker, _), qs in grouped.items() for _ in qs)
        cited = _cited(analysis, orgs, links, cue, lex)
        for speaker, (_, speaker_type, _) in meta.items():
            if speaker_type in _CITED_TYPES and speaker not in {name for name, _ in cited}:
                first = next(q for (s, _), qs in grouped.items() if s == speaker for q in qs)
                cited.append((speaker, first.speaker_span or first.span))
        total = sum(per_speaker.values())
        entropy = -sum((n / total) * math.log(n / total) for n in per_speaker.values()) if total else 0.0
        summaries.append(
            SourceSummary(
                article_id=aid,
                direct=sum(len(qs) for (_, kind), qs in grouped.items() if kind == "direct"),
                indirect=sum(len(qs) for (_, kind), qs in grouped.items() if kind == "indirect"),
                unattributed=unattributed,
                speakers=len(per_speaker),
                organisations=tuple(dict.fromkeys(name for name, _ in cited)),
                cited=tuple(cited),
                media=tuple(dict.fromkeys(name for name, _ in cited if is_media(name, lex))),
                diversity=round(entropy / math.log(total), 4) if total > 1 else 0.0,
                unnamed=sum(len(qs) for (speaker, _), qs in grouped.items() if meta[speaker][1] == "unnamed"),
            )
        )
    return rows, summaries


def _cited(
    analysis: Analysis,
    orgs: Sequence[LinkedActor],
    links: Mapping[tuple[str, str], str],
    cue: re.Pattern[str],
    lex: CompareLexicon,
) -> list[tuple[str, Span]]:
    """Organisations cited as sources: a speech cue right after a mention, or "according to" before.

    A mention inside someone's quoted words is not cited ('"... fighting ISIS," said Stroul':
    Stroul speaks, not ISIS).
    """
    text = analysis.article.text
    aid = analysis.article.id
    org_ids = {o.id: o for o in orgs}
    quoted = [q.span for q in analysis.quotes if q.kind == "direct"]
    found: list[tuple[str, Span]] = []
    names: set[str] = set()
    for mention in analysis.mentions:
        org = org_ids.get(links.get((aid, mention.actor_id), ""))
        if org is None or org.name in names:
            continue
        if any(q.start <= mention.span.start and mention.span.end <= q.end for q in quoted):
            continue
        after = text[mention.span.end : mention.span.end + lex.cite_window]
        end = _SENTENCE_END.search(after)
        after = after[: end.start()] if end else after
        before = text[max(0, mention.span.start - 20) : mention.span.start]
        said = cue.search(after)
        # "has not said", "never commented", "said nothing": silence is not a citation (the
        # claims' negators, before the cue or right after it)
        spoke = False
        if said is not None and not lex.negation.search(said.group()):
            rest = mention.span.end + said.end()
            spoke = not lex.negation.match(text[rest : rest + lex.cite_window].lstrip())
        if _ACCORDING.search(before) or (spoke and not _NOT_SUBJECT.search(before)):
            names.add(org.name)
            found.append((org.name, mention.span))
    return found


#: speaker types whose voice is a named source a reader can weigh (not "officials", not "Syrians")
_NAMED_TYPES = frozenset({"person", "organisation", "media", "document"})
#: evidence spans shown for one source
_SOURCE_EVIDENCE = 3


def source_findings(rows: Sequence[SourceUse], labels: Mapping[str, str]) -> list[Finding]:
    """The named sources only one article quotes ("Only Global Research quotes BBC, a 2012
    leaked memo"): whom an outlet lets speak is half its framing.  One finding per article,
    its sources most quoted first, scored by its most quoted one (one quote 0.45, each more
    +0.15, at most 1)."""
    if len(labels) < 2:
        return []
    by_source: dict[object, list[SourceUse]] = defaultdict(list)
    for row in rows:
        if row.speaker_type in _NAMED_TYPES:
            by_source[row.speaker_id or ("name", fold(row.speaker))].append(row)
    by_article: dict[str, list[tuple[int, str, list[Span], str | None]]] = defaultdict(list)
    for uses in by_source.values():
        quoting = {u.article_id for u in uses}
        if len(quoting) != 1:
            continue
        if uses[0].speaker_type == "document" and not _specific(uses[0].speaker):
            continue  # "an article", "a report": no source a reader could weigh
        role = next((u.role for u in uses if u.role and _telling(u.role, u.speaker)), None)
        who = uses[0].speaker + (f" ({_short(role)})" if role else "")
        spans = sorted((sp for u in uses for sp in u.spans), key=lambda sp: sp.start)
        by_article[quoting.pop()].append((sum(u.count for u in uses), who, spans, uses[0].speaker_id))
    out = []
    for aid, found in by_article.items():
        found.sort(key=lambda f: (-f[0], f[1]))
        listed = "; ".join(f"{who} ({n} quote{'s' if n > 1 else ''})" for n, who, _, _ in found)
        evidence = tuple((aid, spans[0]) for _, _, spans, _ in found[:_SOURCE_EVIDENCE])
        out.append(
            Finding(
                "unique_source",
                f"Only {labels[aid]} quotes {listed}.",
                evidence,
                round(min(1.0, 0.3 + 0.15 * found[0][0]), 4),
                found[0][3] if len(found) == 1 else None,
            )
        )
    return out


@functools.cache
def _honorifics() -> frozenset[str]:
    """Honorifics, written without their dot: a role that is only one says nothing of the
    source ("Mr.").  The actors lexicon's courtesy titles (the labels stage drops the same
    ones), and the forms of address that are no office ("Dr.", "Sir", "Madam")."""
    return frozenset(t.rstrip(".") for t in actor_lexicon().courtesy_titles) | {"dr", "sir", "madam"}


def _specific(name: str) -> bool:
    """Whether a document names itself enough to be weighed: a capitalised word ("the DIA
    report"), a number ("a 2012 leaked memo") or three words after its determiner; not "an
    article" or "the press conference"."""
    words = name.split()
    if words and words[0].lower() in ("a", "an", "the", "this", "that", "these", "those"):
        words = words[1:]  # "This article" (has been updated) is no source either
    return len(words) >= 3 or any(w[:1].isupper() or w[:1].isdigit() for w in words)


#: a role that is only a relative pronoun is a clause cut short ("Wal-Mart (which)")
_RELATIVE = frozenset({"which", "that", "who", "whom", "whose"})


def _telling(role: str, speaker: str = "") -> bool:
    """Whether a role says something of the source: not an honorific alone ("Mr.") nor a
    coordination's fragment that ends in one ("Mr. Pence and Mr."), not a bare relative
    pronoun, and not words of the source's own name ("Justice Department (Justice)",
    "Office of Professional Responsibility (of Professional Responsibility)")."""
    words = role.split()
    last = words[-1].rstrip(".").lower() if words else ""
    if last in _honorifics() or (len(words) == 1 and last in _RELATIVE):
        return False
    return not (speaker and fold(role) and fold(role) in fold(speaker))


def _short(role: str, words: int = 8) -> str:
    parts = role.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
