"""Whose words a sentence speaks, disputed claims and shared quotes
(framelens/comparison/voice.py, disputes.py, shared_quotes.py), rule by rule and then through
``compare``.

The rule cases need no model.  The end-to-end cases compare tests/fixtures/disputes/, three
fictional reports of one story: one outlet's claim that another outlet's own words dispute,
a spokesman's reported denial of a figure another outlet states, one quote given to the same
speaker by two outlets and one quote given to two different speakers.
"""

from __future__ import annotations

import numpy as np
import pytest

from framelens.comparison import ClaimGroup, Comparison
from framelens.comparison import disputes as disputes_module
from framelens.comparison.disputes import Dispute, evidence, judge
from framelens.comparison.lexicon import compare_lexicon
from framelens.comparison.records import ClaimMember
from framelens.comparison.shared_quotes import QuoteUse, holding_sentences, same_speaker, shared_quotes
from framelens.comparison.voice import Reading, denies, negates, proposition, read, voice
from framelens.models import Span

LEX = compare_lexicon()


def _reading(sentence: str) -> Reading:
    return read(sentence, [], LEX)[1]


# --- voice: the outlet's own words and a speaker's ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "own_word", "expected"),
    [
        ("The mayor did not approve the contract.", "not", True),
        ("The mayor did not approve the contract, her office said.", "not", False),
        ("Iran denied that it was not involved.", "not", False),
        ('"We did not approve it," the mayor said.', "not", False),
        # a clause after "but" is the outlet's again
        ("She said she would resign, but has not done so.", "not", True),
        # a quote that began in an earlier sentence closes here
        ('Build the bridge, not another ferry."', "not", False),
    ],
)
def test_a_negator_is_the_outlets_only_in_its_own_words(sentence: str, own_word: str, expected: bool) -> None:
    v = voice(sentence, [], LEX)
    at = sentence.index(own_word)
    assert v.own(at, at + len(own_word)) is expected


def test_the_quotes_stage_spans_are_reported() -> None:
    sentence = "The council says no contract was signed before March."
    start = sentence.index("no contract")
    assert voice(sentence, [(start, len(sentence) - 1)], LEX).own(start, start + 2) is False


@pytest.mark.parametrize(
    ("claim", "other", "negated"),
    [
        ("The mayor approved the contract.", "The mayor never approved the contract.", "approved"),
        ("The mayor approved the contract.", "The mayor did not directly approve the contract.", "approve"),
        # a negator followed by a determiner negates a noun phrase, not the claim's predicate
        ("The council wants to fund the bridge.", "The budget funds the harbour, but not the bridge.", None),
        # "not the only" affirms
        ("Velka bans night flights.", "Orsen is not the only town to ban night flights.", None),
        # the word must be one the claim affirms
        ("The mayor did not approve the contract.", "The mayor never approved the contract.", None),
        # a reported negation is the speaker's
        ("The mayor approved the contract.", "The mayor did not approve it, her office said.", None),
    ],
)
def test_negation_reaches_the_claims_predicate_in_the_outlets_words(
    claim: str, other: str, negated: str | None
) -> None:
    found = negates(_reading(other), _reading(claim))
    assert (found[1].text if found else None) == negated


def test_a_reported_denial_denies_but_does_not_negate() -> None:
    stated = _reading("The port authority raised docking fees by 12 percent in April.")
    for denial in (
        "The port authority did not raise docking fees by 12 percent, a spokesman said.",
        "The port authority denied that it had raised docking fees in April.",
    ):
        assert negates(_reading(denial), stated) is None
        assert denies(_reading(denial), stated)
    assert not denies(stated, _reading("The port authority did not raise docking fees, a spokesman said."))


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        (
            "Mayor Varga approved the contract in March, according to documents seen by the Courier.",
            "Mayor Varga approved the contract in March",
        ),
        ("According to police, 2,500 people joined the rally.", "2,500 people joined the rally."),
        ("“I served during the war,” he said.", "I served during the war"),
        ("The plan would cut taxes for most families.", "The plan would cut taxes for most families."),
    ],
)
def test_the_stance_model_reads_the_claim_without_its_attribution(sentence: str, bare: str) -> None:
    assert proposition(sentence, LEX) == bare


# --- disputes: lexical evidence, then the stance model -----------------------------------------


@pytest.mark.parametrize(
    ("claim", "other", "words"),
    [
        (
            "The mayor approved the contract.",
            "The mayor never approved the contract.",
            "“never” before “approved”",
        ),
        (
            "Hundreds of postal ballots were forged in Orsen.",
            "Claims that hundreds of postal ballots were forged in Orsen are false.",
            "“false”",
        ),
        (
            "Hundreds of ballots were forged in Orsen.",
            "The mayor falsely claimed that hundreds of ballots were forged in Orsen.",
            "“falsely”",
        ),
        # refuted by a speaker, reported: not the outlet's
        ("The mayor approved the contract.", "“That is false,” the mayor said of the contract.", None),
        ("The mayor approved the contract.", "The mayor denied approving the contract.", None),
        # "no" negates a noun; it never disputes
        ("The talks ended in a deal.", "The talks ended with no deal in sight.", None),
    ],
)
def test_dispute_evidence_is_the_outlets_own(claim: str, other: str, words: str | None) -> None:
    assert evidence(_reading(claim), _reading(other)) == words


def _member(article: str, text: str) -> ClaimMember:
    return ClaimMember(article, Span(0, len(text)), text, ("assessment",))


@pytest.mark.parametrize(("disagree", "kept"), [(0.55, True), (0.2, False)])
def test_a_dispute_needs_the_stance_models_disagreement(
    monkeypatch: pytest.MonkeyPatch, disagree: float, kept: bool
) -> None:
    """The model reads the disputing article's whole text against the bare claim; under the
    threshold the lexical evidence alone does not make a dispute."""
    read_pairs: list[tuple[str, str]] = []

    def fake(pairs: list[tuple[str, str]]) -> np.ndarray:
        read_pairs.extend(pairs)
        return np.array([[0.1, disagree, 0.9 - disagree, 0.0]] * len(pairs))

    monkeypatch.setattr(disputes_module, "stance_of", fake)
    members = [
        _member("a", "The mayor approved the contract, according to the Courier."),
        _member("b", "The mayor never approved the contract."),
    ]
    found = [Dispute(0, 1, 0.8, "“never” before “approved”")]
    judged = judge(found, members, {"a": "text a", "b": "the whole of text b"}, LEX)
    assert read_pairs == [("The mayor approved the contract", "the whole of text b")]
    assert [d.disagree for d in judged] == ([disagree] if kept else [])


def test_the_stance_model_reads_at_most_stance_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    members = [_member("a", f"Claim number {n} about the mayor.") for n in range(3)]
    members.append(_member("b", "The mayor never did it."))
    read: list[int] = []
    monkeypatch.setattr(
        disputes_module, "stance_of", lambda pairs: read.append(len(pairs)) or np.full((len(pairs), 4), 0.25)
    )
    found = [Dispute(n % 3, 3, 0.9 - n / 1000, "w") for n in range(90)]
    judge(found, members, {"a": "a", "b": "b"}, LEX)
    assert read == [LEX.stance_pairs]


# --- shared quotes -------------------------------------------------------------------------------


def _use(
    article: str, text: str, speaker: str | None, named: bool = True, sid: str | None = None
) -> QuoteUse:
    return QuoteUse(article, Span(0, len(text)), tuple(text.lower().split()), sid, speaker, named)


def test_the_same_quote_with_other_punctuation_or_cut_short_is_shared() -> None:
    uses = [
        _use("a", "we will get the fairest cheapest bridge possible for our town", "Varga"),
        _use(
            "b", "we will get the fairest cheapest bridge possible for our town and if not no bridge", "Varga"
        ),
        _use("c", "we will get a bridge that helps the town", "Varga"),
    ]
    assert [(s.first, s.second) for s in shared_quotes(uses, LEX)] == [(0, 1)]


def test_a_quote_many_outlets_reprint_is_chained_and_two_speakers_meet() -> None:
    text = "we will not be intimidated by threats from the council"
    speakers = [("Ada Rhee", True), (None, False), ("Piet Dorn", True), ("Ada Rhee", True)]
    uses = [_use(f"a{n}", text, who, named) for n, (who, named) in enumerate(speakers)]
    uses.append(_use("b", text + " or anyone else", "Ada Rhee"))
    pairs = shared_quotes(uses, LEX)
    assert len(pairs) == len(uses) - 1  # a chain joining all five, not all ten pairs
    differing = [p for p in pairs if same_speaker(uses[p.first], uses[p.second]) is False]
    assert len(differing) == 1


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Piotr Aln", True, "p1"), ("Aln", True, "p1"), True),
        (("Piotr Aln", True, None), ("Aln", True, None), True),
        (("Ada Rhee", True, None), ("Piet Dorn", True, None), False),
        # a pronoun or a description resolved by the quotes stage is no attribution to compare
        (("Ada Rhee", True, None), ("Piet Dorn", False, None), None),
        (("Ada Rhee", True, None), (None, False, None), None),
    ],
)
def test_speakers_compared_only_when_both_are_named_at_the_quote(
    a: tuple[str | None, bool, str | None], b: tuple[str | None, bool, str | None], same: bool | None
) -> None:
    text = "we will not be intimidated by threats"
    assert same_speaker(_use("x", text, a[0], a[1], a[2]), _use("y", text, b[0], b[1], b[2])) is same


def _sentences(text: str, starts_at: int = 0) -> list[tuple[Span, str]]:
    """Each sentence of ``text`` (cut after a full stop) with its span, in offsets from ``starts_at``."""
    out, at = [], 0
    for piece in text.split(". "):
        sentence = piece if piece.endswith(".") else piece + "."
        out.append((Span(starts_at + at, starts_at + at + len(sentence)), sentence))
        at += len(piece) + 2
    return out


@pytest.mark.parametrize(
    ("b_text", "held"),
    [
        # the other outlet quotes the second sentence only, not the one holding most of the quote
        ("The council has broken every promise it made to us.", (1, 0)),
        # both quote two sentences; the sentences that share the most words show the quote
        ("We wanted the bridge. The council has broken every promise it made.", (1, 1)),
        # no two sentences share enough words to show the quote
        ("We wanted the bridge, the council said.", None),
    ],
)
def test_a_shared_quote_is_shown_by_the_sentences_holding_its_shared_words(
    b_text: str, held: tuple[int, int] | None
) -> None:
    a_text = (
        "We wanted the bridge and a ferry and a new road along the coast for all the harbour towns. "
        "The council has broken every promise it made."
    )
    a = QuoteUse("a", Span(0, len(a_text)), tuple(a_text.lower().split()), None, "Ada Rhee", True)
    b = QuoteUse("b", Span(0, len(b_text)), tuple(b_text.lower().split()), None, "Ada Rhee", True)
    assert holding_sentences(a, b, _sentences(a_text), _sentences(b_text), LEX) == held


# --- through compare ---------------------------------------------------------------------------


@pytest.fixture
def disputes(disputes_comparison: Comparison) -> Comparison:
    return disputes_comparison


def _groups_with(comparison: Comparison, fragment: str) -> list[ClaimGroup]:
    return [g for g in comparison.claims if any(fragment in m.text for m in g.members)]


def _label(comparison: Comparison, article_id: str) -> str:
    article = comparison.article(article_id)
    assert article is not None
    return article.source.rsplit("/", 1)[-1]


def test_compare_a_claim_another_outlet_disputes(disputes: Comparison) -> None:
    (group,) = _groups_with(disputes, "never approved the harbour bridge contract")
    assert group.status == "disputed"
    (pair,) = [p for p in group.pairs if p.relation == "disputed"]
    claim, disputing = group.members[pair.first], group.members[pair.second]
    assert _label(disputes, claim.article_id) == "orsen-courier.txt"
    assert claim.text.startswith("Mayor Lena Varga approved the harbour bridge contract")
    assert _label(disputes, disputing.article_id) == "harbour-ledger.txt"
    assert pair.score >= LEX.dispute_threshold
    assert group.reason is not None and "“never” before “approved”" in group.reason
    assert "stance model" in group.reason
    assert disputes.findings[0].kind == "disputed"
    assert {span for _, span in disputes.findings[0].evidence} == {claim.span, disputing.span}


def test_compare_a_reported_denial_is_neither_opposite_disputed_nor_agreement(disputes: Comparison) -> None:
    groups = _groups_with(disputes, "docking fees")
    assert sorted(len(g.members) for g in groups) == [1, 1]
    assert {g.status for g in groups} == {"only_in"}


def test_compare_a_quote_two_outlets_give_the_same_speaker(disputes: Comparison) -> None:
    (group,) = _groups_with(disputes, "finished before the winter storms")
    assert group.status == "shared_quote"
    assert [m.speaker for m in group.members] == ["Lena Varga", "Lena Varga"]
    for member in group.members:
        article = disputes.article(member.article_id)
        assert member.quote is not None and article is not None
        assert member.quote.text_in(article.text) == "The bridge will be finished before the winter storms"
    assert "Lena Varga" in group.statement
    assert not [f for f in disputes.findings if f.subject == group.id]


def test_compare_a_quote_two_outlets_give_different_speakers(disputes: Comparison) -> None:
    (group,) = _groups_with(disputes, "intimidated by threats")
    assert group.status == "quote_attribution"
    assert sorted(m.speaker or "" for m in group.members) == ["Ada Rhee", "Piet Dorn"]
    assert "Ada Rhee" in group.statement and "Piet Dorn" in group.statement
    (finding,) = [f for f in disputes.findings if f.subject == group.id]
    assert finding.kind == "quote_attribution"
