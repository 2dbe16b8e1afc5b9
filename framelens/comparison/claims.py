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

* ``disputed``: a claim about a central actor that a sentence of another article disputes
  in its own words, read as disagreeing by the stance model (``framelens.comparison.
  disputes``); found apart from the neighbour search, from the negations themselves;
* ``numeric_disagreement``: both state a figure for the same counted thing and
  predicate (fighters / kill), or for a part and its whole (soldiers / Americans), and the
  figures' ranges, after approximators ("at least", "about", "nearly") and rounding at each
  figure's own precision, do not overlap (``framelens.comparison.figures``);
* ``date_disagreement``: both date the same predicate ("the vote on Tuesday") on different
  days, and are about the same event (an actor in common, or near-paraphrases);
* ``opposite``: both use an evaluative cue of the same class and their effective
  directions differ after negation ("has weakened X" vs "will do little to weaken X"), or
  two near-identical sentences of which only one negates, in the outlet's own words, a word
  the other affirms (``framelens.comparison.voice``: a reported denial is the speaker's);
* ``quote_attribution`` and ``shared_quote``: the sentences carry one quote, given to two
  different named people or not (``framelens.comparison.shared_quotes``);
* ``agree``: grouped, none of the above (with the reason when figures or dates agree:
  "“603” lies within “hundreds of” (200–999)").  Alike sentences agree only when their
  content words align too (``framelens.comparison.alignment``: each word matched in the
  other sentence, rare words of the story weighing most), never when they date what
  happened on different days, and a claim joins a group only when it would pair with each
  of the group's first members, so a group is one statement rather than a chain.  A
  sentence reporting a speaker's denial of what the other states ("the authority denied it
  raised fees") is never grouped with it;
* ``only_in``: a claim no other article's claim was grouped with.

A sentence whose only claim is a date ("the House voted on Tuesday") is compared, but
shown only when it is grouped: alone, a date situates, it does not claim.

These are candidates for a reader to check, never verdicts; statements say so.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from framelens.comparison import alignment, disputes
from framelens.comparison.figures import (
    UNDATED,
    Counted,
    DateValue,
    Setting,
    Verdict,
    block_keys,
    count_key,
    dated,
    different_days,
    figure_range,
    relate_dates,
    relate_figures,
)
from framelens.comparison.lexicon import CompareLexicon, compare_lexicon
from framelens.comparison.records import CLAIM_STATUSES, ClaimGroup, ClaimMember, ClaimPair, LinkedActor
from framelens.comparison.shared_quotes import (
    QuoteUse,
    holding_sentences,
    quote_uses,
    same_speaker,
    shared_quotes,
)
from framelens.comparison.statements import only_in, statement
from framelens.comparison.voice import Reading, Voice, denies, negates, read
from framelens.comparison.wording import matrix_actors
from framelens.models import Analysis, Span
from framelens.text.unionfind import UnionFind

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
#: a cue word right after one of these is a noun or adjective ("the dismantling", "its
#: weakening grip"), not a verb asserting an effect
_NOMINAL_BEFORE = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that"})
_REPLACED_KINDS = frozenset({"name", "alias", "acronym", "title"})
_STATUS_RANK = {status: n for n, status in enumerate(CLAIM_STATUSES)}
#: relations named by evidence of their own rather than by similarity: grouped first
_EVIDENCED = frozenset({"disputed", "quote_attribution", "shared_quote"})
#: actors whose mention before a counted noun says whose people are counted
_PLACE_TYPES = frozenset({"country", "place"})
#: a claim made only by a date is shown when grouped, never alone
_DATE_ONLY = ("date",)


@dataclass(slots=True)
class _Claim:
    """A claim sentence with what grouping compares: figures with what they count, dates, cues."""

    member: ClaimMember
    embed_text: str
    #: its content words, and its negations and refuting words in the outlet's own words
    reading: Reading
    #: each figure: what it counts (class, predicate family, country) and the range it allows
    counts: list[Counted] = field(default_factory=list)
    #: dated predicate family -> the days written for it
    dates: dict[str, list[DateValue]] = field(default_factory=dict)
    #: evaluative class -> effective direction (+1 / -1, after negation)
    cues: dict[str, int] = field(default_factory=dict)
    #: its content words with their contextual vectors (``alignment``); none: not encoded
    words: alignment.Words = field(default_factory=alignment.Words)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _stance(
    sentence: str, lex: CompareLexicon, quoted: Sequence[tuple[int, int]] = ()
) -> tuple[dict[str, int], bool]:
    """Evaluative classes used, each with its direction after negation; and whether the
    sentence negates in the outlet's own words (``quoted``: quote spans, relative to it)."""
    v, reading = read(sentence, quoted, lex)
    return _cues(v, reading, lex), bool(reading.own_negations)


def _cues(v: Voice, reading: Reading, lex: CompareLexicon) -> dict[str, int]:
    """Evaluative classes used, each with its direction after negation.

    A cue is negated by a negator in the same voice (``framelens.comparison.voice``): the
    outlet's own negation of its own assessment, or a speaker's of the speaker's ("the
    minister said it would do little to weaken them" is the minister's "little effect"), at
    most ``negation_scope`` words before it, and only when the cue is one of the first
    content words the negator reaches: in "doesn't vote on the fee cuts" it negates "vote".
    """
    sentence = v.sentence
    reached = {w.start: n for n in reading.negations for w in n.scope}
    found: list[tuple[int, str, int]] = []
    for name, direction, pattern in lex.evaluative:
        if direction == 0:
            continue
        for match in pattern.finditer(sentence):
            before = list(_WORD.finditer(sentence, 0, match.start()))
            if before and before[-1].group().lower() in _NOMINAL_BEFORE:
                continue
            window = before[-lex.negation_scope :]
            negator = reached.get(match.start())
            negated_here = (
                negator is not None
                and bool(window)
                and negator.start >= window[0].start()
                and negator.own == v.own(match.start(), match.end())
            )
            found.append((match.start(), name, -direction if negated_here else direction))
            break
    # in text order, so that the first cue of the sentence gives its stance
    return {name: direction for _, name, direction in sorted(found)}


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
        quoted = [
            (q.span.start - span.start, q.span.end - span.start) for q in quotes if q.span.overlaps(span)
        ]
        v, reading = read(sentence, quoted, lex)
        cues = _cues(v, reading, lex)
        negated = bool(reading.own_negations)
        reasons = []
        if figures:
            reasons.append("quantity")
        if quoted or lex.attributions.search(sentence):
            reasons.append("attributed")
        # a negation makes a claim whoever speaks it; only the outlet's own counts as ``negated``
        if cues or lex.negation.search(sentence) or reading.refutes or lex.modals.search(sentence):
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
        claim = _Claim(member, _embed_text(analysis, span, local_names), reading, dates=dates, cues=cues)
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


@dataclass(frozen=True, slots=True)
class ClaimContext:
    """What grouping reads beside the claims: the article texts (for the stance model; empty:
    the model is not consulted), the central actors (those a disputed claim must name) and
    the direct quotes long enough to be compared (``shared_quotes.quote_uses``)."""

    texts: Mapping[str, str] = field(default_factory=dict)
    central: frozenset[str] = frozenset()
    quotes: Sequence[QuoteUse] = ()


def align_claims(
    analyses: Sequence[Analysis],
    actors: Sequence[LinkedActor],
    links: Mapping[tuple[str, str], str],
    labels: Mapping[str, str],
    lex: CompareLexicon | None = None,
    central: Collection[str] | None = None,
) -> list[ClaimGroup]:
    """Select the claims of every analysis, embed them in one batch and group them.

    ``central`` are the linked actors a disputed claim must name (default: those the
    matrices show, ``wording.matrix_actors``).
    """
    from framelens.embed import encode_tokens

    lex = lex or compare_lexicon()
    by_id = {a.id: a for a in actors}
    claims = [c for an in analyses for c in select_claims(an, links, by_id, lex)]
    if not claims:
        return []
    if central is None:
        central = [a.id for a in matrix_actors(actors, len(analyses), lex.top_actors)]
    context = ClaimContext(
        texts={an.article.id: an.article.text for an in analyses},
        central=frozenset(central),
        quotes=[use for an in analyses for use in quote_uses(an, links, by_id, lex)],
    )
    # one forward pass gives the sentence vectors (candidate pairs) and the word vectors (how
    # specifically a pair says the same thing)
    encodings = encode_tokens([c.embed_text for c in claims])
    for claim, encoding in zip(claims, encodings, strict=True):
        claim.words = alignment.content_words(claim.embed_text, encoding)
    vectors = np.stack([e.sentence for e in encodings]).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return group_claims(claims, vectors, labels, by_id, [an.article.id for an in analyses], lex, context)


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


def _relate(
    a: _Claim, b: _Claim, similarity: float, lex: CompareLexicon, specific: float | None = None
) -> _Relation:
    """The relation of two claims of different articles, the pair's score (cosine + bonuses),
    and whether the pair is grouped.

    A pair backed by structure (figures that agree or disagree about one counted thing,
    dates of one predicate, or an evaluative cue of the same class used in opposite
    directions) is grouped at ``threshold``; a pair with only topical similarity needs
    ``plain_similarity``: sentences about one event are all somewhat alike, and only
    near-paraphrases say the same thing.  Being alike is not enough either: ``specific``,
    how well the two sentences' content words align (``alignment.match``; None: the cosine
    stands in), must reach ``word_match``, and ``cue_word_match`` for two sentences that
    only share a kind of cue in the same direction ("cut" taxes, "lost" a clearance).  Two
    sentences that date what happened on different days are two events, never grouped.
    Dates count only between claims about the same event: an actor in common, or sentences
    near-paraphrases of each other; so do two different amounts of money.
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
    words = similarity if specific is None else specific
    opposed = any(a.cues[c] != b.cues[c] for c in shared_cues)
    alike = similarity >= lex.plain_similarity
    if numbers or dates or opposed:
        grouped = score >= lex.threshold
    elif shared_cues:
        grouped = score >= lex.threshold and words >= lex.cue_word_match
    else:
        grouped = alike and words >= lex.word_match
    if dates is None and different_days(a.dates, b.dates):
        # "stood firm on Friday" and "dug in on Wednesday": two meetings, whatever the words
        grouped = alike = False
    for verdict in (numbers, dates):
        if verdict is not None and verdict.relation != "agree":
            return _Relation(verdict.relation, score, grouped, verdict.reason, verdict.subject)
    if _DATE_ONLY in (a.member.reasons, b.member.reasons):
        # a sentence taken only for its date is compared by its date, not its wording
        return _Relation("agree", score, grouped, dates.reason if dates else None)
    if opposed:
        # the same kind of cue (weaken ~ degrade), negated in one: "has been weakened" vs
        # "will do little to degrade"
        return _Relation("opposite", score, grouped)
    # one of them negates, in its own words, a word the other affirms (and the other negates
    # nothing): near-paraphrases are opposite, anything less alike is no agreement either
    found = (not b.reading.negations and negates(a.reading, b.reading)) or (
        not a.reading.negations and negates(b.reading, a.reading)
    )
    if found and not a.cues and not b.cues:
        if similarity < lex.negation_similarity:
            return _Relation("agree", score, False)
        negation, word = found
        reason = f"“{negation.cue}” reaches “{word.text}” in one only"
        # near-identical but for the negation: the words that differ are the point, so the
        # word match (which they lower) is not asked
        return _Relation("opposite", score, alike, reason)
    if denies(a.reading, b.reading) or denies(b.reading, a.reading):
        # a speaker's denial of what the other states: no agreement, and not the outlet's opposite
        return _Relation("agree", score, False)
    agreed: Verdict | None = numbers or dates
    return _Relation("agree", score, grouped, agreed.reason if agreed else None)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A pair of claims (indexes, i < j) judged worth grouping, with its relation; for
    ``disputed``, which of the two is the claim; for a shared quote, the quote in i and j."""

    i: int
    j: int
    relation: _Relation
    similarity: float
    claim: int | None = None
    quotes: tuple[QuoteUse, QuoteUse] | None = None

    @property
    def score(self) -> float:
        return min(self.relation.score, 1.0)


def _quote_pairs(
    claims: Sequence[_Claim],
    vectors: np.ndarray,
    uses: Sequence[QuoteUse],
    labels: Mapping[str, str],
    lex: CompareLexicon,
) -> list[_Candidate]:
    """Pairs of claim sentences that carry one shared quote, each with whom its article
    attributes the quote to (``quote_attribution`` when the named speakers differ)."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, claim in enumerate(claims):
        by_article[claim.member.article_id].append(n)
    found = shared_quotes(uses, lex)
    # the claim sentences each use of a shared quote spans
    spanned = {
        k: [n for n in by_article.get(uses[k].article_id, []) if _shared(claims[n].member.span, uses[k].span)]
        for k in {k for s in found for k in (s.first, s.second)}
    }
    out = []
    for shared in found:
        a, b = uses[shared.first], uses[shared.second]
        na, nb = spanned[shared.first], spanned[shared.second]
        held = holding_sentences(
            a,
            b,
            [(claims[n].member.span, claims[n].member.text) for n in na],
            [(claims[n].member.span, claims[n].member.text) for n in nb],
            lex,
        )
        if held is None:
            continue
        ca, cb = na[held[0]], nb[held[1]]
        if ca > cb:
            ca, cb, a, b = cb, ca, b, a
        same = same_speaker(a, b)
        relation = "quote_attribution" if same is False else "shared_quote"
        reason = "; ".join(
            f"{labels.get(u.article_id, '?')}: {u.speaker or 'no speaker named'}" for u in (a, b)
        )
        similarity = float(vectors[ca] @ vectors[cb])
        named = _Relation(relation, shared.overlap, True, reason)
        out.append(_Candidate(ca, cb, named, similarity, quotes=(a, b)))
    return out


def _shared(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _read_disputes(
    claims: Sequence[_Claim],
    vectors: np.ndarray,
    pairs: dict[tuple[int, int], _Candidate],
    context: ClaimContext,
    labels: Mapping[str, str],
    lex: CompareLexicon,
) -> None:
    """Add to ``pairs`` (in place) the ``disputed`` pairs: a claim and a sentence of another
    article that disputes it in its own words, read by the stance model as disagreeing
    (``framelens.comparison.disputes``); such a pair replaces whatever relation it had."""
    members = [c.member for c in claims]
    found = disputes.candidates(members, [c.reading for c in claims], vectors, context.central, lex)
    if not found:
        return
    for dispute in disputes.judge(found, members, context.texts, lex):
        i, j = sorted((dispute.claim, dispute.disputer))
        where = labels.get(members[dispute.disputer].article_id, "?")
        reason = (
            f"{dispute.evidence} in {where}'s own words; the stance model reads {where}'s text "
            f"as disagreeing ({dispute.disagree:.2f})"
        )
        relation = _Relation("disputed", dispute.disagree, True, reason)
        pairs[(i, j)] = _Candidate(i, j, relation, dispute.similarity, claim=dispute.claim)


def group_claims(
    claims: Sequence[_Claim],
    vectors: np.ndarray,
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
    lex: CompareLexicon | None = None,
    context: ClaimContext | None = None,
) -> list[ClaimGroup]:
    """Group claims across articles and give each group a status, score and worded statement.

    ``vectors`` are the claims' unit-length embeddings (row i for claim i); ``labels``
    names each article id for statements; ``articles`` lists all article ids (for the
    coverage score of ``only_in``); ``context`` gives the texts, central actors and quotes
    that disputes and shared quotes read (none: neither is looked for).
    """
    lex = lex or compare_lexicon()
    context = context or ClaimContext()
    weights = alignment.idf(c.words.roots for c in claims)

    def judge(i: int, j: int, similarity: float) -> _Relation:
        specific = alignment.match(claims[i].words, claims[j].words, weights)
        return _relate(claims[i], claims[j], similarity, lex, specific)

    pairs: dict[tuple[int, int], _Candidate] = {}
    for (i, j), similarity in _neighbour_pairs(claims, vectors, lex).items():
        relation = judge(i, j, similarity)
        if relation.grouped:
            pairs[(i, j)] = _Candidate(i, j, relation, similarity)
    for pair in _quote_pairs(claims, vectors, context.quotes, labels, lex):
        old = pairs.get((pair.i, pair.j))
        if old is None or _STATUS_RANK[old.relation.relation] > _STATUS_RANK[pair.relation.relation]:
            pairs[(pair.i, pair.j)] = pair
    if context.texts:
        _read_disputes(claims, vectors, pairs, context, labels, lex)
    # Pairs that name their relation from evidence (a dispute, a shared quote) first, then the
    # best; two groups merge only when they share no article (a group is one statement as
    # each article carries it), their centroids stay close and each side's founding members
    # would be grouped with the other's, so a chain of merely related sentences cannot grow
    # into one large group.
    candidates = sorted(
        pairs.values(), key=lambda p: (p.relation.relation not in _EVIDENCED, -p.score, p.i, p.j)
    )
    uf = UnionFind(len(claims))
    articles_in = {i: {c.member.article_id} for i, c in enumerate(claims)}
    sums = {i: vectors[i].astype(np.float64) for i in range(len(claims))}
    founders = {i: [i] for i in range(len(claims))}

    def linked(x: int, y: int) -> bool:
        key = (min(x, y), max(x, y))
        return key in pairs or judge(key[0], key[1], float(vectors[x] @ vectors[y])).grouped

    for pair in candidates:
        ri, rj = uf.find(pair.i), uf.find(pair.j)
        if ri == rj or articles_in[ri] & articles_in[rj]:
            continue
        a, b = sums[ri], sums[rj]
        # two single claims were judged as a pair already (by _relate); the centroid and
        # founders tests guard against chains, when one side is already a group; a pair named
        # by its own evidence (a quote reprinted by many outlets) chains as it is
        grown = len(articles_in[ri]) > 1 or len(articles_in[rj]) > 1
        if grown and (
            float(a @ b) / (float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0) < lex.group_similarity
            or (
                pair.relation.relation not in _EVIDENCED
                and not all(linked(x, y) for x in founders[ri] for y in founders[rj])
            )
        ):
            continue
        uf.union(ri, rj)
        root = uf.find(ri)
        articles_in[root] = articles_in[ri] | articles_in[rj]
        sums[root] = a + b
        founders[root] = (founders[ri] + founders[rj])[: lex.founders]
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


def _group(
    claims: Sequence[_Claim],
    members: list[int],
    pairs: list[_Candidate],
    labels: Mapping[str, str],
    actors: Mapping[str, LinkedActor],
    articles: Sequence[str],
) -> ClaimGroup:
    position = {claim: n for n, claim in enumerate(members)}
    records = [claims[i].member for i in members]
    if not pairs:
        score, said = only_in(records[0], labels, actors, articles)
        return ClaimGroup("", "only_in", score, said, tuple(records), ())
    for pair in pairs:
        # each member of a shared quote carries the quote as its article gives it, with its speaker
        for index, use in zip((pair.i, pair.j), pair.quotes or (), strict=False):
            at = position[index]
            if records[at].quote is None:
                records[at] = dataclasses.replace(records[at], quote=use.span, speaker=use.speaker)
    claim_pairs = tuple(_claim_pair(p, position) for p in pairs)
    status = min((p.relation for p in claim_pairs), key=lambda r: _STATUS_RANK[r])
    decisive_at = max(
        (n for n, p in enumerate(claim_pairs) if p.relation == status), key=lambda n: claim_pairs[n].score
    )
    decisive = claim_pairs[decisive_at]
    first, second = records[decisive.first], records[decisive.second]
    subject = pairs[decisive_at].relation.subject
    said = statement(status, first, second, records, labels, decisive.reason, subject)
    return ClaimGroup("", status, decisive.score, said, tuple(records), claim_pairs, decisive.reason)


def _claim_pair(pair: _Candidate, position: Mapping[int, int]) -> ClaimPair:
    """A candidate in the group's terms; a disputed pair names the claim first."""
    first, second = pair.i, pair.j
    if pair.claim is not None and pair.claim == pair.j:
        first, second = pair.j, pair.i
    return ClaimPair(
        position[first],
        position[second],
        pair.relation.relation,
        round(pair.score, 4),
        round(pair.similarity, 4),
        pair.relation.reason,
    )
