"""Claims aligned across articles: which sentences carry a claim, which say the same thing, and how.

A sentence is a claim when it states a figure, attributes a statement to someone, or
assesses or predicts (a modal, an evaluative verb such as weaken/degrade/strengthen, or
a negation).  Claims are embedded with the shared MiniLM encoder after each actor
mention is rewritten to its linked canonical name, so "Solemani" and "Soleimani" do not
look like different words to the encoder.

Grouping never compares all pairs: claims are put in blocks by the linked actors they
name and the things they count, and within a block each claim asks only for its
``neighbours`` most similar claims of *other* articles (a chunked numpy top-k).  The
work is therefore O(claims x neighbours) pairs; the matrix products are chunked so
memory stays bounded by the largest block.

Each accepted pair gets a relation; a group's status is its most notable relation:

* ``numeric_disagreement``: both state a figure for the same counted thing and
  predicate (fighters / kill), or for a part and its whole (soldiers / Americans), and the
  figures' ranges, after approximators ("at least", "about", "nearly") and rounding at each
  figure's own precision, do not overlap (``framelens.comparison.figures``);
* ``date_disagreement``: both date the same predicate ("the vote on Tuesday") on different
  days, and are about the same event (an actor in common, or near-paraphrases);
* ``opposite``: both use an evaluative cue and their effective directions differ after
  negation ("has weakened X" vs "will do little to weaken X"), or two near-identical
  sentences differ only in negation;
* ``agree``: grouped, none of the above (with the reason when figures or dates agree:
  "“603” lies within “hundreds of” (200–999)");
* ``only_in``: a claim no other article's claim was grouped with.

A sentence whose only claim is a date ("the House voted on Tuesday") is compared, but
shown only when it is grouped: alone, a date situates, it does not claim.

These are candidates for a reader to check, never verdicts; statements say so.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from framelens.comparison.figures import (
    UNDATED,
    Counted,
    DateValue,
    Setting,
    Verdict,
    block_keys,
    count_key,
    dated,
    figure_range,
    relate_dates,
    relate_figures,
)
from framelens.comparison.lexicon import CompareLexicon, compare_lexicon
from framelens.comparison.records import CLAIM_STATUSES, ClaimGroup, ClaimMember, ClaimPair, LinkedActor
from framelens.models import Analysis, Span
from framelens.text.unionfind import UnionFind

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: a cue word right after one of these is a noun or adjective ("the dismantling", "its
#: weakening grip"), not a verb asserting an effect
_NOMINAL_BEFORE = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
_REPLACED_KINDS = frozenset({"name", "alias", "acronym", "title"})
_STATUS_RANK = {status: n for n, status in enumerate(CLAIM_STATUSES)}
#: actors whose mention before a counted noun says whose people are counted
_PLACE_TYPES = frozenset({"country", "place"})
#: a claim made only by a date is shown when grouped, never alone
_DATE_ONLY = ("date",)


@dataclass(slots=True)
class _Claim:
    """A claim sentence with what grouping compares: figures with what they count, dates, cues."""

    member: ClaimMember
    embed_text: str
    #: each figure: what it counts (class, predicate family, country) and the range it allows
    counts: list[Counted] = field(default_factory=list)
    #: dated predicate family -> the days written for it
    dates: dict[str, list[DateValue]] = field(default_factory=dict)
    #: evaluative class -> effective direction (+1 / -1, after negation)
    cues: dict[str, int] = field(default_factory=dict)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _stance(sentence: str, lex: CompareLexicon) -> tuple[dict[str, int], bool]:
    """Evaluative classes used, each with its direction after negation; and whether negated."""
    found: list[tuple[int, str, int]] = []
    for name, direction, pattern in lex.evaluative:
        if direction == 0:
            continue
        for match in pattern.finditer(sentence):
            before = _WORD.findall(sentence[: match.start()])
            if before and before[-1].lower() in _NOMINAL_BEFORE:
                continue
            window = " ".join(before[-lex.negation_scope :])
            negated_here = lex.negation.search(window) is not None
            found.append((match.start(), name, -direction if negated_here else direction))
            break
    # in text order, so that the first cue of the sentence gives its stance
    cues = {name: direction for _, name, direction in sorted(found)}
    return cues, lex.negation.search(sentence) is not None


def _embed_text(analysis: Analysis, span: Span, names: Mapping[str, str]) -> str:
    """The sentence with each named mention replaced by its linked canonical name."""
    text = analysis.article.text
    out, at = [], span.start
    for mention in analysis.mentions:
        if not _within(mention.span, span) or mention.kind not in _REPLACED_KINDS:
            continue
        canonical = names.get(mention.actor_id)
        if canonical is None or mention.span.start < at:
            continue
        out += [text[at : mention.span.start], canonical]
        at = mention.span.end
    out.append(text[at : span.end])
    return "".join(out)


def _claim_spans(analysis: Analysis) -> list[Span]:
    """Sentence spans, cut at paragraph breaks: evidence never runs across paragraphs."""
    text = analysis.article.text
    spans = []
    for span in analysis.sentences or analysis.article.paragraphs:
        start = span.start
        for brk in _PARAGRAPH_BREAK.finditer(text, span.start, span.end):
            spans.append(Span(start, brk.start()))
            start = brk.end()
        spans.append(Span(start, span.end))
    return [s for s in spans if s.end > s.start]


def select_claims(
    analysis: Analysis,
    links: Mapping[tuple[str, str], str],
    actors: Mapping[str, LinkedActor],
    lex: CompareLexicon | None = None,
) -> list[_Claim]:
    """The claim sentences of one analysis, in text order."""
    lex = lex or compare_lexicon()
    article = analysis.article
    text = article.text
    local_names = {
        local: actors[gid].name for (aid, local), gid in links.items() if aid == article.id and gid in actors
    }
    quotes = [q for q in analysis.quotes if q.kind in {"direct", "indirect"}]
    mentions = analysis.mentions
    # places and countries by their linked name: whose people a figure counts ("U.S. troops")
    place_names = {a.id: local_names.get(a.id, a.name) for a in analysis.actors if a.type in _PLACE_TYPES}
    demonyms = {
        m.span.text_in(text): place_names[m.actor_id]
        for m in mentions
        if m.kind == "demonym" and m.actor_id in place_names
    }
    claims: list[_Claim] = []
    for span in _claim_spans(analysis):
        sentence = span.text_in(text)
        if len(_WORD.findall(sentence)) < lex.min_words:
            continue
        inside = [q for q in analysis.quantities if _within(q.span, span)]
        figures = [q for q in inside if q.kind in lex.quantity_kinds]
        dates = dated(((q, q.span.text_in(text)) for q in inside), lex, sentence)
        cues, negated = _stance(sentence, lex)
        reasons = []
        if figures:
            reasons.append("quantity")
        if any(_overlaps(q.span, span) for q in quotes) or lex.attributions.search(sentence):
            reasons.append("attributed")
        if cues or negated or lex.modals.search(sentence):
            reasons.append("assessment")
        if dates.keys() - {UNDATED}:
            reasons.append("date")
        if not reasons:
            continue
        linked = [links.get((article.id, m.actor_id)) for m in mentions if _within(m.span, span)]
        stance = next(iter(cues.values()), 0)
        member = ClaimMember(
            article_id=article.id,
            span=span,
            text=sentence,
            reasons=tuple(reasons),
            actors=tuple(dict.fromkeys(a for a in linked if a is not None)),
            quantities=tuple(figures),
            negated=negated,
            stance=stance,
            cue=next(iter(cues), None),
        )
        claim = _Claim(member, _embed_text(analysis, span, local_names), dates=dates, cues=cues)
        places = [
            (m.span.start - span.start, m.span.end - span.start, place_names[m.actor_id])
            for m in mentions
            if m.actor_id in place_names and _within(m.span, span)
        ]
        where = Setting(sentence, places, demonyms)
        for q in figures:
            key = count_key(q, lex, q.span.start - span.start, where)
            rng = figure_range(q, q.span.text_in(text), lex)
            if key is not None and rng is not None:
                claim.counts.append((key, rng))
        claims.append(claim)
    return claims


def align_claims(
    analyses: Sequence[Analysis],
    actors: Sequence[LinkedActor],
    links: Mapping[tuple[str, str], str],
    labels: Mapping[str, str],
    lex: CompareLexicon | None = None,
) -> list[ClaimGroup]:
    """Select the claims of every analysis, embed them in one batch and group them."""
    from framelens.embed import encode_sentences

    lex = lex or compare_lexicon()
    by_id = {a.id: a for a in actors}
    claims = [c for an in analyses for c in select_claims(an, links, by_id, lex)]
    if not claims:
        return []
    vectors = encode_sentences([c.embed_text for c in claims])
    return group_claims(claims, vectors, labels, by_id, [an.article.id for an in analyses], lex)


# --- grouping -------------------------------------------------------------------------------


def _blocks(claims: Sequence[_Claim], lex: CompareLexicon) -> dict[str, list[int]]:
    """Claims by what they are about: each linked actor, each counted thing (and every class
    above it: soldiers meet Americans under people), each dated predicate; the rest together."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        keys = {f"actor:{a}" for a in claim.member.actors}
        keys |= {block for key, _ in claim.counts for block in block_keys(key, lex)}
        keys |= {f"date:{predicate}" for predicate in claim.dates if predicate != UNDATED}
        # claims that assess with the same kind of cue (weaken ~ degrade) are compared even
        # when they name no actor in common: "the strike will do little to degrade X"
        keys |= {f"cue:{cue}" for cue in claim.cues}
        for key in keys or {"none"}:
            blocks[key].append(i)
    return blocks


def _neighbour_pairs(
    claims: Sequence[_Claim], vectors: np.ndarray, lex: CompareLexicon
) -> dict[tuple[int, int], float]:
    """Candidate pairs (i < j, different articles) with their cosine: top-k within each block."""
    numbers: dict[str, int] = {}
    article_of = np.array([numbers.setdefault(c.member.article_id, len(numbers)) for c in claims])
    pairs: dict[tuple[int, int], float] = {}
    for members in _blocks(claims, lex).values():
        idx = np.array(members)
        if len(set(article_of[idx].tolist())) < 2:
            continue
        block = vectors[idx]
        k = min(lex.neighbours, len(idx) - 1)
        for start in range(0, len(idx), lex.chunk):
            rows = idx[start : start + lex.chunk]
            sims = vectors[rows] @ block.T
            sims[article_of[rows][:, None] == article_of[idx][None, :]] = -1.0
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < len(idx) else np.argsort(-sims)
            for r, row in enumerate(rows):
                for c in top[r]:
                    sim = float(sims[r, c])
                    if sim < lex.min_similarity:
                        continue
                    i, j = sorted((int(row), int(idx[c])))
                    pairs[(i, j)] = sim
    return pairs


@dataclass(frozen=True, slots=True)
class _Relation:
    """The relation of two claims, the pair's score, whether it is grouped, and why (figures, dates)."""

    relation: str
    score: float
    grouped: bool
    reason: str | None = None
    subject: str | None = None


def _relate(a: _Claim, b: _Claim, similarity: float, lex: CompareLexicon) -> _Relation:
    """The relation of two claims of different articles, the pair's score (cosine + bonuses),
    and whether the pair is grouped.

    A pair backed by structure (figures that agree or disagree about one counted thing,
    dates of one predicate, or an evaluative cue of the same class) is grouped at
    ``threshold``; a pair with only topical similarity needs ``plain_similarity``:
    sentences about one event are all somewhat alike, and only near-paraphrases say the
    same thing.  Dates count only between claims about the same event: an actor in common,
    or sentences near-paraphrases of each other; so do two different amounts of money.
    """
    shared_actor = bool(set(a.member.actors) & set(b.member.actors))
    numbers = relate_figures(a.counts, b.counts, lex)
    if numbers and numbers.amount and numbers.relation != "agree" and similarity < lex.plain_similarity:
        # a story carries many amounts (demanded, offered, spent): two differ as accounts of one
        # only in sentences that otherwise say the same
        numbers = None
    same_event = shared_actor or similarity >= lex.plain_similarity
    dates = relate_dates(a.dates, b.dates) if same_event else None
    shared_cues = a.cues.keys() & b.cues.keys()
    score = similarity
    score += lex.same_count_bonus if numbers or dates else 0.0
    # the same counted class *and* the same named predicate ("people ... joined" / "protesters
    # ... gathered") is almost always the same figure of one story, however the sentences differ
    score += lex.same_predicate_bonus if (numbers and numbers.same_predicate) or dates else 0.0
    score += lex.same_cue_bonus if shared_cues else 0.0
    score += lex.shared_actor_bonus if shared_actor else 0.0
    grouped = (
        score >= lex.threshold if numbers or dates or shared_cues else similarity >= lex.plain_similarity
    )
    for verdict in (numbers, dates):
        if verdict is not None and verdict.relation != "agree":
            return _Relation(verdict.relation, score, grouped, verdict.reason, verdict.subject)
    if _DATE_ONLY in (a.member.reasons, b.member.reasons):
        # a sentence taken only for its date is compared by its date, not its wording
        return _Relation("agree", score, grouped, dates.reason if dates else None)
    if a.member.stance and b.member.stance and a.member.stance != b.member.stance:
        return _Relation("opposite", score, grouped)
    if (
        not a.cues
        and not b.cues
        and similarity >= lex.negation_similarity
        and a.member.negated != b.member.negated
    ):
        return _Relation("opposite", score, grouped)
    agreed: Verdict | None = numbers or dates
    return _Relation("agree", score, grouped, agreed.reason if agreed else None)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A pair of claims (indexes, i < j) judged worth grouping, with its relation."""

    i: int
    j: int
    relation: _Relation
    similarity: float

    @property
    def score(self) -> float:
        return min(self.relation.score, 1.0)


def group_claims(
    claims: Sequence[_Claim],
    vectors: np.ndarray,
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
    lex: CompareLexicon | None = None,
) -> list[ClaimGroup]:
    """Group claims across articles and give each group a status, score and worded statement.

    ``vectors`` are the claims' unit-length embeddings (row i for claim i); ``labels``
    names each article id for statements; ``articles`` lists all article ids (for the
    coverage score of ``only_in``).
    """
    lex = lex or compare_lexicon()
    candidates = []
    for (i, j), similarity in _neighbour_pairs(claims, vectors, lex).items():
        relation = _relate(claims[i], claims[j], similarity, lex)
        if relation.grouped:
            candidates.append(_Candidate(i, j, relation, similarity))
    # Best pairs first; two groups merge only when they share no article (a group is one
    # statement as each article carries it) and their centroids stay close, so a chain of
    # merely related sentences cannot grow into one large group.
    candidates.sort(key=lambda p: (-p.score, p.i, p.j))
    uf = UnionFind(len(claims))
    articles_in = {i: {c.member.article_id} for i, c in enumerate(claims)}
    sums = {i: vectors[i].astype(np.float64) for i in range(len(claims))}
    for pair in candidates:
        ri, rj = uf.find(pair.i), uf.find(pair.j)
        if ri == rj or articles_in[ri] & articles_in[rj]:
            continue
        a, b = sums[ri], sums[rj]
        # two single claims were judged as a pair already (by _relate); the centroid test
        # guards only against chains, when one side is already a group
        grown = len(articles_in[ri]) > 1 or len(articles_in[rj]) > 1
        if (
            grown
            and float(a @ b) / (float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0) < lex.group_similarity
        ):
            continue
        uf.union(ri, rj)
        root = uf.find(ri)
        articles_in[root] = articles_in[ri] | articles_in[rj]
        sums[root] = a + b
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        members_of[uf.find(i)].append(i)
    pairs_of: dict[int, list[_Candidate]] = defaultdict(list)
    for pair in candidates:
        if uf.find(pair.i) == uf.find(pair.j):
            pairs_of[uf.find(pair.i)].append(pair)
    order = {a: n for n, a in enumerate(articles)}
    groups = []
    for root, members in members_of.items():
        if not pairs_of[root] and claims[members[0]].member.reasons == _DATE_ONLY:
            continue  # a date alone situates a sentence; it is a claim only beside another article's
        members.sort(key=lambda i: (order.get(claims[i].member.article_id, 0), claims[i].member.span.start))
        groups.append(_group(claims, members, pairs_of[root], labels, actors, articles))
    groups.sort(key=lambda g: (_STATUS_RANK[g.status], -g.score, order.get(g.members[0].article_id, 0)))
    return [dataclasses.replace(g, id=f"claim-{n + 1}") for n, g in enumerate(groups)]


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def _group(
    claims: Sequence[_Claim],
    members: list[int],
    pairs: list[_Candidate],
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
) -> ClaimGroup:
    position = {claim: n for n, claim in enumerate(members)}
    records = tuple(claims[i].member for i in members)
    if not pairs:
        return _only_in(records[0], records, labels, actors, articles)
    claim_pairs = tuple(
        ClaimPair(
            position[p.i],
            position[p.j],
            p.relation.relation,
            round(p.score, 4),
            round(p.similarity, 4),
            p.relation.reason,
        )
        for p in pairs
    )
    status = min((p.relation for p in claim_pairs), key=lambda r: _STATUS_RANK[r])
    decisive_at = max(
        (n for n, p in enumerate(claim_pairs) if p.relation == status), key=lambda n: claim_pairs[n].score
    )
    decisive = claim_pairs[decisive_at]
    first, second = records[decisive.first], records[decisive.second]
    name_a, name_b = labels.get(first.article_id, "?"), labels.get(second.article_id, "?")
    reason = decisive.reason
    if status == "numeric_disagreement":
        subject = pairs[decisive_at].relation.subject or "the same count"
        statement = (
            f"Candidate numeric disagreement about {subject}: {name_a} gives {_figures(first)}, "
            f"{name_b} gives {_figures(second)} ({reason})."
        )
    elif status == "date_disagreement":
        statement = (
            f"Candidate date disagreement: {name_a} says {_short(first.text)}, "
            f"while {name_b} says {_short(second.text)} ({reason})."
        )
    elif status == "opposite":
        statement = (
            f"Candidate opposite assessment: {name_a} says {_short(first.text)}, "
            f"while {name_b} says {_short(second.text)}."
        )
    else:
        names = ", ".join(labels.get(a, "?") for a in dict.fromkeys(r.article_id for r in records))
        statement = f"Candidate agreement between {names}: {_short(first.text)}"
        if reason:
            statement += f" ({reason})"
    return ClaimGroup("", status, decisive.score, statement, records, claim_pairs, reason)


def _figures(member: ClaimMember) -> str:
    """The figures of a claim as written, quoted: “At least 40”."""
    base = member.span.start
    return ", ".join(
        _short(member.text[q.span.start - base : q.span.end - base], 40) for q in member.quantities
    )


def _only_in(
    member: ClaimMember,
    records: tuple[ClaimMember, ...],
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
) -> ClaimGroup:
    """A claim no other article carries, scored by how notable the omission is.

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
    statement = f"Only in {labels.get(member.article_id, '?')}: {_short(member.text)}"
    return ClaimGroup("", "only_in", score, statement, records, ())
