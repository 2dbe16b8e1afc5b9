"""Shared quotes: the same words quoted by several outlets, and whom each attributes them to.

Two direct quotes of different articles are one quote when the shorter has at least
``quote_min_words`` words and at least ``quote_overlap`` of them (folded case and
punctuation, counted with repeats) are in the longer: an outlet often quotes part of a
sentence another gives whole, and outlets differ in punctuation and typography ("a long,
hard summer" and "a long hard summer").  Candidates come from an index of word
trigrams, never from all pairs of quotes.

Each quote carries its speaker as its article resolved it: the linked actor's name when
the quotes stage linked one, else the speaker as written, else none.  Two quotes are an
attribution difference, itself a finding, only when both speakers are people named right
at the quote (the speaker phrase holds the name's last word: not "he", "the attorney" or
"the statement", whose resolution is the quotes stage's guess) and they differ (not one
linked actor, and neither name holds the other's last word).  On BASIL's triplets, most
apparent differences were a pronoun or a description resolved to the wrong person.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from framelens.comparison.lexicon import CompareLexicon
from framelens.comparison.records import LinkedActor
from framelens.comparison.voice import WORD
from framelens.models import Analysis, Quote, Span
from framelens.text.names import fold

#: words of a shingle in the candidate index
SHINGLE = 3
#: a speaker phrase longer than this (characters) is not one speaker's name
MAX_PHRASE = 60


@dataclass(frozen=True, slots=True)
class QuoteUse:
    """One direct quote of one article, with its speaker as the article gives it."""

    article_id: str
    span: Span
    words: tuple[str, ...]
    #: the linked actor id of the speaker, when the quotes stage linked one
    speaker_id: str | None
    #: the speaker's name: the linked actor's name, else as written; None when nobody is named
    speaker: str | None
    #: the speaker is a person named right at the quote (not a pronoun or a description)
    named: bool = False


@dataclass(frozen=True, slots=True)
class SharedQuote:
    """Two uses (indexes into the uses list) of one quote in two articles."""

    first: int
    second: int
    overlap: float


def same_speaker(a: QuoteUse, b: QuoteUse) -> bool | None:
    """Whether two uses name one speaker (one linked actor, or one name holding the other's
    last word: "Aln" and "Piotr Aln"); None when either is not a person named at the quote."""
    if a.speaker is None or b.speaker is None or not (a.named and b.named):
        return None
    if a.speaker_id is not None and a.speaker_id == b.speaker_id:
        return True
    wa, wb = _words(a.speaker), _words(b.speaker)
    if not wa or not wb:
        return None
    return wa[-1] in wb or wb[-1] in wa


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


def quote_uses(
    analysis: Analysis,
    links: Mapping[tuple[str, str], str],
    actors: Mapping[str, LinkedActor],
    lex: CompareLexicon,
) -> list[QuoteUse]:
    """The direct quotes of one analysis long enough to be compared, in text order."""
    text = analysis.article.text
    out = []
    for quote in analysis.quotes:
        if quote.kind != "direct":
            continue
        words = tuple(fold(quote.span.text_in(text)).split())
        if len(words) < lex.quote_min_words:
            continue
        linked = links.get((analysis.article.id, quote.speaker_id)) if quote.speaker_id else None
        speaker = _speaker(quote, linked, actors)
        named = _at_quote(analysis, quote) and _named_person(
            quote, speaker, text, actors.get(linked) if linked else None
        )
        out.append(QuoteUse(analysis.article.id, quote.span, words, linked, speaker, named))
    return out


def _speaker(quote: Quote, linked: str | None, actors: Mapping[str, LinkedActor]) -> str | None:
    if linked is not None and linked in actors:
        return actors[linked].name
    return quote.speaker_name or None


def _at_quote(analysis: Analysis, quote: Quote) -> bool:
    """Whether the speaker phrase is short and in a sentence the quote spans: one found in
    another sentence, or running over a line break, is the quotes stage's guess."""
    phrase = quote.speaker_span
    if (
        phrase is None
        or "\n" in phrase.text_in(analysis.article.text)
        or phrase.end - phrase.start > MAX_PHRASE
    ):
        return False
    if not analysis.sentences:
        return True
    first = analysis.sentence_index(quote.span.start)
    last = analysis.sentence_index(max(quote.span.end - 1, quote.span.start))
    return (
        first >= 0
        and analysis.sentences[first].start <= phrase.start
        and (phrase.end <= analysis.sentences[max(last, first)].end)
    )


def _named_person(quote: Quote, speaker: str | None, text: str, actor: LinkedActor | None) -> bool:
    """Whether the speaker is a person named in the speaker phrase itself."""
    if speaker is None or quote.speaker_span is None:
        return False
    if actor is not None and actor.type != "person":
        return False
    words = fold(speaker).split()
    phrase = fold(quote.speaker_span.text_in(text)).split()
    # a name, not a description ("the harbour master", "the mayor's aide"): every word capitalised
    written = [w for w in WORD.findall(speaker) if w[0].isalpha()]
    is_name = bool(written) and all(w[0].isupper() for w in written)
    # an unlinked speaker needs a full name; a linked one, its last word at the quote
    return is_name and bool(words) and words[-1] in phrase and (actor is not None or len(words) >= 2)


def shared_quotes(uses: Sequence[QuoteUse], lex: CompareLexicon) -> list[SharedQuote]:
    """Pairs of uses of one quote in two articles (first < second), best overlap first.

    Enough pairs to join every use of a quote, not all of them: uses of the very same words
    (a wire quote reprinted by many outlets) are chained, named speakers first and side by
    side, so one pair joins two speakers whenever the uses name two; near-verbatim matches
    are then sought between one use of each wording.  The pairs grow with the uses, not
    with their square.
    """
    wordings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, use in enumerate(uses):
        wordings[use.words].append(n)
    found: dict[tuple[int, int], SharedQuote] = {}

    def add(i: int, j: int, overlap: float) -> None:
        first, second = min(i, j), max(i, j)
        if uses[first].article_id != uses[second].article_id and (first, second) not in found:
            found[(first, second)] = SharedQuote(first, second, round(overlap, 4))

    for same in wordings.values():
        chain = sorted(same, key=lambda n: (not uses[n].named, uses[n].speaker or "", n))
        for i, j in itertools.pairwise(chain):
            add(i, j, 1.0)
    heads = [same[0] for same in wordings.values()]
    copies = {same[0]: same for same in wordings.values()}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n in heads:
        words = uses[n].words
        for shingle in {words[k : k + SHINGLE] for k in range(len(words) - SHINGLE + 1)}:
            index[shingle].append(n)
    seen: set[tuple[int, int]] = set()
    for holders in index.values():
        for x, i in enumerate(holders):
            for j in holders[x + 1 :]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                overlap = _overlap(uses[i].words, uses[j].words)
                if overlap >= lex.quote_overlap:
                    # one use of each wording, from two articles
                    pair = next(
                        (
                            (a, b)
                            for a in copies[i]
                            for b in copies[j]
                            if uses[a].article_id != uses[b].article_id
                        ),
                        None,
                    )
                    if pair is not None:
                        add(*pair, overlap)
    return sorted(found.values(), key=lambda s: (-s.overlap, s.first, s.second))


def holding_sentences(
    a: QuoteUse,
    b: QuoteUse,
    sentences_a: Sequence[tuple[Span, str]],
    sentences_b: Sequence[tuple[Span, str]],
    lex: CompareLexicon,
) -> tuple[int, int] | None:
    """The sentence of each article that shows the shared words of one quote: of the claim
    sentences (span in article offsets, text) each use spans, the two whose quoted parts have
    most words in common, as indexes into ``sentences_a`` and ``sentences_b``; None when no
    two have ``quote_min_words`` words in common.  A quote often runs over several sentences,
    and the one holding most of it may show another part of it than the other outlet quotes
    ("The time for empty talk is over." beside "Do not allow anyone to tell you ..."); or the
    shared words stand in a sentence too short to be a claim, and the pair has nothing to show.
    """
    parts_a = [_quoted(span, text, a.span) for span, text in sentences_a]
    parts_b = [_quoted(span, text, b.span) for span, text in sentences_b]
    best = min(
        ((-sum((pa & pb).values()), i, j) for i, pa in enumerate(parts_a) for j, pb in enumerate(parts_b)),
        default=None,
    )
    if best is None or -best[0] < lex.quote_min_words:
        return None
    return best[1], best[2]


def _quoted(span: Span, text: str, quote: Span) -> Counter[str]:
    """The folded words of the part of a sentence (``span``, ``text``) inside ``quote``."""
    start, end = max(quote.start, span.start) - span.start, min(quote.end, span.end) - span.start
    return Counter(fold(text[start:end]).split()) if end > start else Counter()


def _overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of the shorter sequence's words (with repeats) that the longer one holds."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    common = sum((Counter(short) & Counter(long)).values())
    return common / len(short) if short else 0.0
