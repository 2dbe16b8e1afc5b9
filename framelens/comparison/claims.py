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
  predicate (fighters / kill) and the figures' ranges, after approximators ("at least",
  "about", "nearly") are applied, do not overlap;
* ``opposite``: both use an evaluative cue and their effective directions differ after
  negation ("has weakened X" vs "will do little to weaken X"), or two near-identical
  sentences differ only in negation;
* ``agree``: grouped, neither of the above;
* ``only_in``: a claim no other article's claim was grouped with.

These are candidates for a reader to check, never verdicts; statements say so.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from framelens.comparison.lexicon import CompareLexicon, compare_lexicon
from framelens.comparison.records import ClaimGroup, ClaimMember, ClaimPair, LinkedActor
from framelens.models import Analysis, Quantity, Span
from framelens.text.names import fold, singular
from framelens.text.unionfind import UnionFind

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: a cue word right after one of these is a noun or adjective ("the dismantling", "its
#: weakening grip"), not a verb asserting an effect
_NOMINAL_BEFORE = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
_REPLACED_KINDS = frozenset({"name", "alias", "acronym", "title"})
_STATUS_RANK = {"numeric_disagreement": 0, "opposite": 1, "agree": 2, "only_in": 3}


@dataclass(slots=True)
class _Claim:
    """A claim sentence with what grouping compares: keys, figures by counted thing, cues."""

    member: ClaimMember
    embed_text: str
    #: (counted head, predicate) -> the figures' closed ranges
    counts: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    #: evaluative class -> effective direction (+1 / -1, after negation)
    cues: dict[str, int] = field(default_factory=dict)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


#: the predicate of a figure that says only how it was sized or reported (matches any)
ANY_PREDICATE = "*"


def count_key(quantity: Quantity, lex: CompareLexicon | None = None) -> tuple[str, str] | None:
    """What a figure counts and what happened to it, folded into classes: ("people", "attend").

    Outlets count the same thing in different words ("40,000 protesters gathered", "2,500
    people joined"), so counted nouns and predicates are mapped to the classes of the
    lexicon; a figure with no predicate, or a reporting one ("police put it at"), gets
    ``ANY_PREDICATE``.  None when the figure counts nothing named.
    """
    lex = lex or compare_lexicon()
    if not quantity.counted:
        return None
    words = fold(quantity.counted).split()
    if not words:
        return None
    head = singular(words[-1])
    counted = lex.counted_classes.get(" ".join([*words[:-1], head]), lex.counted_classes.get(head, head))
    predicate = fold(quantity.predicate) if quantity.predicate else ""
    if not predicate or predicate in lex.generic_predicates:
        return counted, ANY_PREDICATE
    return counted, lex.predicate_classes.get(predicate, predicate)


def compatible_counts(a: _Claim, b: _Claim) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Pairs of count keys of two claims that count the same thing in the same way."""
    return [
        (ka, kb)
        for ka in a.counts
        for kb in b.counts
        if ka[0] == kb[0] and (ka[1] == kb[1] or ANY_PREDICATE in (ka[1], kb[1]))
    ]


def value_range(quantity: Quantity) -> tuple[float, float] | None:
    """The closed range a figure allows: "at least 40" -> [40, inf), "about 40" -> [36, 44]."""
    low, high = quantity.low, quantity.high
    if low is None and high is None:
        if quantity.value is None:
            return None
        low = high = quantity.value
    if low is None:
        # "fewer than 1,000": anything from zero up
        return 0.0, float(high) if high is not None else math.inf
    return float(low), float(high) if high is not None else math.inf


def _disjoint(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    return all(x_hi < y_lo or y_hi < x_lo for x_lo, x_hi in a for y_lo, y_hi in b)


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
    claims: list[_Claim] = []
    for span in _claim_spans(analysis):
        sentence = span.text_in(text)
        if len(_WORD.findall(sentence)) < lex.min_words:
            continue
        figures = [q for q in analysis.quantities if q.kind in lex.quantity_kinds and _within(q.span, span)]
        cues, negated = _stance(sentence, lex)
        reasons = []
        if figures:
            reasons.append("quantity")
        if any(_overlaps(q.span, span) for q in quotes) or lex.attributions.search(sentence):
            reasons.append("attributed")
        if cues or negated or lex.modals.search(sentence):
            reasons.append("assessment")
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
        claim = _Claim(member, _embed_text(analysis, span, local_names), cues=cues)
        for q in figures:
            key, rng = count_key(q, lex), value_range(q)
            if key is not None and rng is not None:
                claim.counts.setdefault(key, []).append(rng)
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


def _blocks(claims: Sequence[_Claim]) -> dict[str, list[int]]:
    """Claims by what they are about: each linked actor, each counted thing; the rest together."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        keys = {f"actor:{a}" for a in claim.member.actors}
        keys |= {f"count:{counted}" for counted, _ in claim.counts}
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
    for members in _blocks(claims).values():
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


def _relate(a: _Claim, b: _Claim, similarity: float, lex: CompareLexicon) -> tuple[str, float, bool]:
    """The relation of two claims of different articles, the pair's score (cosine + bonuses),
    and whether the pair is grouped.

    A pair backed by structure (a figure for the same counted thing, or an evaluative cue
    of the same class) is grouped at ``threshold``; a pair with only topical similarity
    needs ``plain_similarity``: sentences about one event are all somewhat alike, and
    only near-paraphrases say the same thing.
    """
    shared_counts = compatible_counts(a, b)
    shared_cues = a.cues.keys() & b.cues.keys()
    score = similarity
    score += lex.same_count_bonus if shared_counts else 0.0
    # the same counted class *and* the same named predicate ("people ... joined" / "protesters
    # ... gathered") is almost always the same figure of one story, however the sentences differ
    score += (
        lex.same_predicate_bonus if any(ka[1] == kb[1] != ANY_PREDICATE for ka, kb in shared_counts) else 0.0
    )
    score += lex.same_cue_bonus if shared_cues else 0.0
    score += lex.shared_actor_bonus if set(a.member.actors) & set(b.member.actors) else 0.0
    grouped = score >= lex.threshold if shared_counts or shared_cues else similarity >= lex.plain_similarity
    if any(_disjoint(a.counts[ka], b.counts[kb]) for ka, kb in shared_counts):
        return "numeric_disagreement", score, grouped
    if a.member.stance and b.member.stance and a.member.stance != b.member.stance:
        return "opposite", score, grouped
    if (
        not a.cues
        and not b.cues
        and similarity >= lex.negation_similarity
        and a.member.negated != b.member.negated
    ):
        return "opposite", score, grouped
    return "agree", score, grouped


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
        relation, score, grouped = _relate(claims[i], claims[j], similarity, lex)
        if grouped:
            candidates.append((i, j, relation, min(score, 1.0), similarity))
    # Best pairs first; two groups merge only when they share no article (a group is one
    # statement as each article carries it) and their centroids stay close, so a chain of
    # merely related sentences cannot grow into one large group.
    candidates.sort(key=lambda p: (-p[3], p[0], p[1]))
    uf = UnionFind(len(claims))
    articles_in = {i: {c.member.article_id} for i, c in enumerate(claims)}
    sums = {i: vectors[i].astype(np.float64) for i in range(len(claims))}
    for i, j, *_ in candidates:
        ri, rj = uf.find(i), uf.find(j)
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
    accepted = [p for p in candidates if uf.find(p[0]) == uf.find(p[1])]
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        members_of[uf.find(i)].append(i)
    pairs_of: dict[int, list[tuple[int, int, str, float, float]]] = defaultdict(list)
    for pair in accepted:
        pairs_of[uf.find(pair[0])].append(pair)
    order = {a: n for n, a in enumerate(articles)}
    groups = []
    for root, members in members_of.items():
        members.sort(key=lambda i: (order.get(claims[i].member.article_id, 0), claims[i].member.span.start))
        groups.append(_group(claims, members, pairs_of[root], labels, actors, articles, lex))
    groups.sort(key=lambda g: (_STATUS_RANK[g.status], -g.score, order.get(g.members[0].article_id, 0)))
    return [_with_id(g, f"claim-{n + 1}") for n, g in enumerate(groups)]


def _with_id(group: ClaimGroup, group_id: str) -> ClaimGroup:
    return ClaimGroup(group_id, group.status, group.score, group.statement, group.members, group.pairs)


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def _group(
    claims: Sequence[_Claim],
    members: list[int],
    pairs: list[tuple[int, int, str, float, float]],
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
    lex: CompareLexicon,
) -> ClaimGroup:
    position = {claim: n for n, claim in enumerate(members)}
    records = tuple(claims[i].member for i in members)
    claim_pairs = tuple(
        ClaimPair(position[i], position[j], relation, round(score, 4), round(sim, 4))
        for i, j, relation, score, sim in pairs
    )
    if not claim_pairs:
        return _only_in(records[0], records, labels, actors, articles)
    status = min((p.relation for p in claim_pairs), key=lambda r: _STATUS_RANK[r])
    decisive = max((p for p in claim_pairs if p.relation == status), key=lambda p: p.score)
    first, second = records[decisive.first], records[decisive.second]
    name_a, name_b = labels.get(first.article_id, "?"), labels.get(second.article_id, "?")
    if status == "numeric_disagreement":
        counted = _counted_phrase(claims[members[decisive.first]], claims[members[decisive.second]])
        statement = (
            f"Candidate numeric disagreement about {counted}: {name_a} gives {_figures(first)}, "
            f"{name_b} gives {_figures(second)} (the ranges do not overlap)."
        )
    elif status == "opposite":
        statement = (
            f"Candidate opposite assessment: {name_a} says {_short(first.text)}, "
            f"while {name_b} says {_short(second.text)}."
        )
    else:
        names = ", ".join(labels.get(a, "?") for a in dict.fromkeys(r.article_id for r in records))
        statement = f"Candidate agreement between {names}: {_short(first.text)}"
    return ClaimGroup("", status, decisive.score, statement, records, claim_pairs)


def _figures(member: ClaimMember) -> str:
    """The figures of a claim as written, quoted: “At least 40”."""
    base = member.span.start
    return ", ".join(
        _short(member.text[q.span.start - base : q.span.end - base], 40) for q in member.quantities
    )


def _counted_phrase(a: _Claim, b: _Claim) -> str:
    for ka, kb in compatible_counts(a, b):
        if _disjoint(a.counts[ka], b.counts[kb]):
            counted = ka[0]
            predicate = ka[1] if ka[1] != ANY_PREDICATE else kb[1]
            return counted if predicate == ANY_PREDICATE else f"{counted} ({predicate})"
    return "the same count"


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
