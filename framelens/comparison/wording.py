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
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from framelens.comparison.lexicon import compare_lexicon
from framelens.comparison.records import EventTerm, Finding, LabelUse, LinkedActor, WordChoiceCell
from framelens.models import Analysis, Label, Mention, Quote, Span
from framelens.text.names import fold
from framelens.text.quote_lexicon import quote_lexicon
from framelens.tone.polarity import OFFICE, PARTY_STATE, TITLE, label_polarities

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


def _stored_polarities(items: Sequence[tuple[Analysis, Label]]) -> list[tuple[str, float, str | None] | None]:
    """Each label's polarity as its analysis stored it.  Analyses stored by a framelens whose
    labels carried no polarity yet (labels stage version 1) are read with the tone model here,
    the one case in which a comparison loads it."""
    old = [i for i, (analysis, _) in enumerate(items) if ("labels", "1") in analysis.provenance]
    out: list[tuple[str, float, str | None] | None] = [
        (label.polarity, label.polarity_score, label.polarity_reason)
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


def _holding(label: Label, quotes: Sequence[Quote], kind: str, span: Span | None = None) -> Iterator[Quote]:
    """The quotes of ``kind`` whose span holds the label's whole (or ``span``, its words)."""
    span = span or label.span
    return (q for q in quotes if q.kind == kind and q.span.start <= span.start and span.end <= q.span.end)


#: what may stand around a quotation inside a label: 'a “son-of-a-bitch, socialist cocksucker”'
_ARTICLE_AND_MARKS = re.compile(r"^(?:(?:a|an|the)\s+)?[\"“‘']*|[\"”’']*$", re.IGNORECASE)


def _quoted_by(label: Label, quotes: Sequence[Quote], text: str) -> str | None:
    """The speaker of the direct quote a label lies in ("a quote" when unnamed), else None.  The
    label's article and quotation marks may stand outside the quote: 'calling Rep. Gattine a
    “son-of-a-bitch ...”' gives the governor's words, not the outlet's."""
    words = label.span.text_in(text)
    bare = _ARTICLE_AND_MARKS.sub("", words)
    at = words.find(bare) if bare else -1
    inner = Span(label.span.start + at, label.span.start + at + len(bare)) if at >= 0 else label.span
    return next((q.speaker_name or "a quote" for q in _holding(label, quotes, "direct", inner)), None)


def _reported_by(label: Label, quotes: Sequence[Quote], text: str) -> str | None:
    """The speaker of the clause of saying a predicate label lies in ("an unnamed source"),
    else None: "He says that ... he is privy to information" is the speaker's claim.

    Only a predicate, the claim itself: an apposition inside the paraphrase is the reporter's
    own identification ("Witnesses said officers dragged Vostrikova, a brave reformist, into a
    van": the witnesses did not say "a brave reformist").  Only speech: a belief the outlet
    imputes ("we can only assume the US believes that he was an effective strategist") is its
    own way of describing the actor."""
    beliefs = quote_lexicon().belief_forms
    return next(
        (
            q.speaker_name or "an unnamed source"
            for q in _holding(label, quotes, "indirect")
            if q.cue is None or q.cue.text_in(text).lower() not in beliefs
        ),
        None,
    )


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
    quotes = {an.article.id: an.quotes for an in analyses}
    heads: dict[tuple[str, str], set[str]] = defaultdict(set)
    for analysis, label, linked in found:
        heads[(linked, fold(label.head))].add(analysis.article.id)
    presence = {a.id: len(a.articles) for a in actors}
    uses: dict[tuple[str, str], list[LabelUse]] = defaultdict(list)
    for (analysis, label, linked), polarity in zip(found, polarities, strict=True):
        text = analysis.article.field_text(label.field)
        uses[(linked, analysis.article.id)].append(
            LabelUse(
                article_id=analysis.article.id,
                span=label.span,
                field=label.field,
                text=label.span.text_in(text),
                head=label.head,
                kind=label.kind,
                polarity=polarity[0] if polarity else None,
                polarity_score=round(polarity[1], 4) if polarity else None,
                polarity_reason=polarity[2] if polarity else None,
                only_here=presence[linked] > 1 and len(heads[(linked, fold(label.head))]) == 1,
                quoted_by=(
                    quoted := None
                    if label.field
                    else _quoted_by(label, quotes[analysis.article.id], analysis.article.text)
                ),
                reported_by=None
                if label.field or quoted or label.kind != "predicate"
                else _reported_by(label, quotes[analysis.article.id], text),
            )
        )
    return [
        WordChoiceCell(
            actor.id,
            an.article.id,
            mentions[(actor.id, an.article.id)],
            _outermost(uses[(actor.id, an.article.id)]),
        )
        for actor in actors
        for an in analyses
    ]


#: an event named in an article's first sentences (or its title) weighs more in finding the central one
LEAD_SENTENCES = 3
#: events weighing at least this share of the central one's weight are central too
CENTRAL_SHARE = 0.5


def _outermost(uses: Sequence[LabelUse]) -> tuple[LabelUse, ...]:
    """The uses of a cell not inside another ("who took ..." is part of "the man who took ...")
    and not repeating another's span: a reader should see one label, not two."""
    return tuple(
        use
        for i, use in enumerate(uses)
        if not _nested(use, uses)
        and all((other.span, other.field) != (use.span, use.field) for other in uses[:i])
    )


def _strength(use: LabelUse) -> float:
    """How strongly a label says something: its polarity's size, 0.3 for a neutral one."""
    return abs(use.polarity_score or 0.0) if use.polarity in {"negative", "positive"} else 0.3


def _sentence_set(
    analysis: Analysis, item: Mention | Label, in_sentence: dict[int, set[str]], in_title: set[str]
) -> set[str]:
    """The set of actors named in ``item``'s sentence: the headline's for a headline item."""
    return in_title if item.field else in_sentence[analysis.sentence_index(item.span.start)]


def event_terms(
    analyses: Sequence[Analysis],
    links: Mapping[tuple[str, str], str],
    central: set[str],
) -> list[EventTerm]:
    """Every event term of every article, each ``central`` when it names the event the story
    is about (``_central_events``) and ``only_here`` when no other article uses its family."""
    terms: list[EventTerm] = []
    prominent: set[int] = set()
    # who each term's sentence names: a term with no patient ("the US drone strike") belongs
    # to the event of whoever its sentence is about
    named: list[set[str]] = []
    for analysis in analyses:
        aid = analysis.article.id
        in_sentence: dict[int, set[str]] = defaultdict(set)
        in_title: set[str] = set()  # the headline is a sentence of its own
        for local in analysis.actors:
            if (linked_id := links.get((aid, local.id))) is not None:
                for mention in local.mentions:
                    _sentence_set(analysis, mention, in_sentence, in_title).add(linked_id)
        for label in analysis.labels:  # "taking out a terrorist": a descriptor names its actor too
            if label.kind != "event" and (linked_id := links.get((aid, label.actor_id or ""))) is not None:
                _sentence_set(analysis, label, in_sentence, in_title).add(linked_id)
        lead_end = (
            analysis.sentences[LEAD_SENTENCES - 1].end if len(analysis.sentences) >= LEAD_SENTENCES else None
        )
        title = (analysis.article.title or "").lower()
        for label in analysis.labels:
            if label.kind != "event":
                continue
            linked = links.get((aid, label.actor_id)) if label.actor_id else None
            arguments = tuple((role, links.get((aid, local), local)) for role, local in label.arguments)
            if (
                label.field
                or (lead_end is None or label.span.start < lead_end)
                or label.head.lower()[:5] in title
            ):
                prominent.add(len(terms))
            named.append(set(_sentence_set(analysis, label, in_sentence, in_title)))
            terms.append(
                EventTerm(
                    article_id=aid,
                    span=label.span,
                    field=label.field,
                    text=_WS.sub(" ", label.span.text_in(analysis.article.field_text(label.field))),
                    lemma=label.head,
                    family=term_family(label.head),
                    actor_id=linked,
                    arguments=arguments,
                )
            )
    keys = _central_events(terms, prominent, central)
    happens_to = {actor for _, actor in keys}
    # a headline's event word names the event the outlet's story is about, whoever its doer
    # ("Congress rejects Obama veto" beside "Senate Overrides Obama's Veto"), and so does the
    # body's use of that word by that doer
    headline = {(t.article_id, t.family, t.actor_id) for t in terms if t.field}
    users: dict[str, set[str]] = defaultdict(set)
    for term in terms:
        users[term.family].add(term.article_id)
    several = len(analyses) > 1
    return [
        replace(
            t,
            # a term with no patient ("the US drone strike", "taking out a terrorist") names the
            # central event when its sentence names whom that event happens to in another role
            # than the term's own doer ("he captured the nomination" is Romney's other deed)
            central=_role_key(t) in keys
            or ("patient" not in dict(t.arguments) and bool((happens_to & named[i]) - {t.actor_id}))
            or (t.article_id, t.family, t.actor_id) in headline,
            only_here=several and len(users[t.family]) == 1,
        )
        for i, t in enumerate(terms)
    ]


def _event_key(term: EventTerm) -> str | None:
    """Who an event happens to: its patient, else its most salient participant."""
    return dict(term.arguments).get("patient") or term.actor_id


def _role_key(term: EventTerm) -> tuple[str, str] | None:
    """An event by who it happens to and in which role: what is done to an actor ("killed
    Soleimani") is another event than what that actor does ("Soleimani killed hundreds")."""
    arguments = dict(term.arguments)
    if "patient" in arguments:
        return ("patient", arguments["patient"])
    return ("doer", term.actor_id) if term.actor_id else None


def _central_events(
    terms: Sequence[EventTerm], prominent: set[int], actors: set[str]
) -> set[tuple[str, str]]:
    """The events the story is about, by who they happen to: weighed by how many articles report
    them (3 each), how often (1 per term) and whether a lead or title names them (2 per term),
    keeping those within ``CENTRAL_SHARE`` of the heaviest.  Only events happening to one of
    the story's main ``actors`` compete, so "the 2003 invasion" of a country the story only
    mentions, or a parliament's vote on another matter, is background."""
    weight: dict[tuple[str, str], float] = defaultdict(float)
    reporters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for index, term in enumerate(terms):
        key = _role_key(term)
        if key is None or key[1] not in actors:
            continue
        weight[key] += 1 + 2 * (index in prominent)
        reporters[key].add(term.article_id)
    for key, articles in reporters.items():
        weight[key] += 3 * len(articles)
    if not weight:
        return set()
    top = max(weight.values())
    return {key for key, w in weight.items() if w >= CENTRAL_SHARE * top}


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def _rank(use: LabelUse) -> bool:
    """A title, office, rank or party-and-state tag ("General", "Iranian commander", "D-Nev."),
    or a plain classifier before a name ("his special operations Quds Forces", "Bush's
    brother"): which one an outlet writes is house style, never a difference worth a reader's
    attention (an evaluative modifier, "the foreign-funded Renewal Party", still is)."""
    return (
        use.kind == "title"
        or use.polarity_reason in {TITLE, OFFICE}
        or bool(PARTY_STATE.fullmatch(use.text))
        or (use.kind == "modifier" and use.polarity in (None, "neutral"))
    )


def _nested(use: LabelUse, uses: Sequence[LabelUse]) -> bool:
    """Whether a label lies inside a longer label of the same article ("who led the KLF" inside
    "a respected commander who led the KLF"): reporting both would say one thing twice."""
    return any(
        o is not use
        and o.article_id == use.article_id
        and o.field == use.field
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
        # loaded words stay in the word-choice matrix, never in a finding: their measured
        # precision (BASIL dev, out of fold: about 1 word in 25 is one annotators marked) is
        # too low to tell a reader "only this outlet uses this word" as a top difference
        # nor are a speaker's words in a direct quote the outlet's description of the actor,
        # nor a claim it reports a speaker making ("He says that ... he is privy to ...": a
        # real report's "Only Fox describes Rubio as 'privy to information'" was Rubio's)
        uses = [
            u
            for u in by_actor.get(actor.id, [])
            if u.kind != "loaded" and u.quoted_by is None and u.reported_by is None
        ]
        negative = [u for u in uses if u.polarity == "negative"]
        positive = [u for u in uses if u.polarity == "positive"]
        contrasted: set[tuple[str, Span]] = set()
        if negative and positive and {u.article_id for u in negative} != {u.article_id for u in positive}:
            contrasted = {(u.article_id, u.span) for u in [*negative, *positive]}
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
                    tuple(u.field for u in [*negative, *positive]),
                )
            )
        # one entry per article and head word ("Agitator" in the headline and "the
        # foreign-funded agitator who ..." say one thing): the strongest, then the fullest
        # a label the contrast above already quotes is not an entry again ("a war criminal" and
        # "a terrorist" filled two of the seeds' ten top differences after their contrast)
        said: set[tuple[str, str]] = set()
        for use in sorted(uses, key=lambda u: (-_strength(u), -len(u.text))):
            words = (use.article_id, fold(use.head))
            if (use.article_id, use.span) in contrasted:
                continue
            if use.only_here and not _nested(use, uses) and not _rank(use) and words not in said:
                said.add(words)
                strength = _strength(use)
                findings.append(
                    Finding(
                        "unique_label",
                        f"Only {labels[use.article_id]} describes {actor.name} as {_quote(use.text)}.",
                        ((use.article_id, use.span),),
                        round(strength or 0.3, 4),
                        actor.id,
                        (use.field,),
                    )
                )
    keys = Counter(key for t in terms if t.central and (key := _event_key(t)))
    main = keys.most_common(1)[0][0] if keys else None  # whom the central event happens to most
    central = _central_event_wording(terms, main, names, labels)
    findings.extend(central)
    if central:
        # every central word is in that one finding, its words only one article uses marked:
        # an entry per such word would say it again
        return findings
    # one entry per article and event: "Only A uses “death”, “died” and “taking out” for the
    # events involving X", not three entries that a reader takes for three differences
    own: dict[tuple[str, str | None], dict[str, EventTerm]] = {}
    for term in terms:
        if not (term.only_here and term.central):
            continue
        # a term with no patient ("taking out a terrorist") is central by its sentence: it
        # names the central event, whoever its most salient participant is
        subject = _event_key(term) if "patient" in dict(term.arguments) else (main or term.actor_id)
        own.setdefault((term.article_id, subject), {}).setdefault(term.family, term)
    for (article, subject), families in own.items():
        same = [t for t in terms if t.article_id == article and t.family in families]
        named = [f"{_quote(t.text)} ({family})" for family, t in families.items()]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        findings.append(
            Finding(
                "unique_event_term",
                f"Only {labels[article]} uses {listed} for the events involving "
                f"{names.get(subject or '', 'the event')}.",
                tuple((t.article_id, t.span) for t in same),
                0.5,
                subject,
                tuple(t.field for t in same),
            )
        )
    return findings


def _central_event_wording(
    terms: Sequence[EventTerm], main: str | None, names: Mapping[str, str], labels: Mapping[str, str]
) -> list[Finding]:
    """How each article names the event the story is about ("killed" / "assassinated" /
    "taking out"), as one finding, when the articles' words for it differ: the contrast a
    reader of framing looks for first."""
    words: dict[str, dict[str, EventTerm]] = {}
    for term in terms:
        if term.central:
            words.setdefault(term.article_id, {}).setdefault(term.family, term)
    if len(words) < 2 or len({frozenset(families) for families in words.values()}) < 2:
        return []
    about = f" ({names[main]})" if main is not None and main in names else ""
    # a word only one article uses is marked here rather than repeated as an entry of its own
    parts = "; ".join(
        f"{labels[article]} "
        + ", ".join(_quote(t.text) + (" (only here)" if t.only_here else "") for t in families.values())
        for article, families in words.items()
    )
    chosen = [t for families in words.values() for t in families.values()]
    return [
        Finding(
            "event_wording",
            f"Candidate difference in how the central event{about} is named: {parts}.",
            tuple((t.article_id, t.span) for t in chosen),
            0.7,
            main,
            tuple(t.field for t in chosen),
        )
    ]
