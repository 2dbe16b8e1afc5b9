"""When two claims agree (framelens/comparison/alignment.py, claims.py, figures.py): alike
sentences must also align word for word, a group is one statement rather than a chain, and
two sentences that date what happened on different days are two events.

The rule cases use hand-made vectors (no model); the last case compares two fictional
reports of one story through ``compare``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from framelens.comparison import compare
from framelens.comparison.alignment import Words, content_words, idf, match
from framelens.comparison.claims import _Claim, group_claims
from framelens.comparison.figures import UNDATED, DateValue, different_days
from framelens.comparison.lexicon import compare_lexicon
from framelens.comparison.records import ClaimMember
from framelens.comparison.voice import read
from framelens.embed import TokenEncoding
from framelens.models import Span
from framelens.readers import article_from_text

LEX = compare_lexicon()


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


# --- alignment ----------------------------------------------------------------------------------


def test_content_words_pool_their_word_pieces_and_skip_stop_words() -> None:
    text = "The council approved it"
    pieces = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 2], [0, 2, 0], [5, 5, 5]], dtype=np.float32)
    offsets = np.array([[0, 3], [4, 11], [12, 18], [18, 20], [21, 23]])
    words = content_words(text, TokenEncoding(sentence=_unit(1, 1, 1), tokens=pieces, offsets=offsets))
    assert words.roots == ("council", "approv")
    assert words.vectors is not None
    np.testing.assert_allclose(words.vectors[0], [0, 1, 0])
    np.testing.assert_allclose(words.vectors[1], [0, 1 / math.sqrt(2), 1 / math.sqrt(2)], rtol=1e-6)


def test_idf_is_smoothed_so_that_a_word_in_every_sentence_still_counts() -> None:
    weights = idf([["council", "fee"], ["council"]])
    assert weights["council"] == pytest.approx(1.0)
    assert weights["fee"] == pytest.approx(math.log(3 / 2) + 1.0)


def test_match_weighs_an_unmatched_rare_word_more_than_a_common_one() -> None:
    council, subpoena, hearing = _unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1)
    a = Words(("council", "subpoena"), np.stack([council, subpoena]))
    b = Words(("council", "hearing"), np.stack([council, hearing]))
    assert match(a, a, {}) == pytest.approx(1.0)
    assert match(a, b, {}) == pytest.approx(0.5)
    # the story's word "council" is in every claim; what each sentence says is not matched
    assert match(a, b, {"council": 1.0, "subpoena": 3.0, "hearing": 3.0}) == pytest.approx(0.25)
    assert match(a, Words(), {}) is None


# --- different days -----------------------------------------------------------------------------


def _day(weekday: str) -> DateValue:
    return DateValue(weekday, None, None, None, weekday.title())


def _date(month: int, day: int) -> DateValue:
    return DateValue(None, month, day, None, f"{month}/{day}")


@pytest.mark.parametrize(
    ("a", "b", "different"),
    [
        ({"meet": [_day("friday")]}, {"dig": [_day("wednesday")]}, True),
        ({"meet": [_date(1, 3)]}, {"sign": [_date(1, 5)]}, True),
        ({"meet": [_day("friday")]}, {"dig": [_day("friday")]}, False),
        # the other sentence names the day somewhere: which verb it hangs on is the parser's guess
        ({"meet": [_day("friday")]}, {"dig": [_day("wednesday")], UNDATED: [_day("friday")]}, False),
        # a day that dates only a saying, no day at all, or days that cannot be compared
        ({UNDATED: [_day("friday")]}, {"dig": [_day("wednesday")]}, False),
        ({"meet": [_day("friday")]}, {}, False),
        ({"meet": [_day("friday")]}, {"sign": [_date(1, 5)]}, False),
    ],
)
def test_sentences_dating_what_happened_on_different_days(a: dict, b: dict, different: bool) -> None:
    assert different_days(a, b) is different


# --- grouping -----------------------------------------------------------------------------------


def _claim(article: str, text: str, words: Words | None = None) -> _Claim:
    member = ClaimMember(article_id=article, span=Span(0, len(text)), text=text, reasons=("attributed",))
    return _Claim(member, text, read(text, [], LEX)[1], words=words or Words())


def _statuses(claims: list[_Claim], vectors: np.ndarray) -> list[tuple[str, list[str]]]:
    articles = sorted({c.member.article_id for c in claims})
    groups = group_claims(claims, vectors, {a: a for a in articles}, {}, articles, LEX)
    return sorted((g.status, [m.article_id for m in g.members]) for g in groups)


@pytest.mark.parametrize(
    ("second", "grouped"),
    [
        # the same words, said alike: one statement
        ((("council", "recall", "director"), [(1, 0, 0), (0, 1, 0), (0, 0, 1)]), True),
        # as alike as sentences go, but what each says finds no match in the other
        ((("council", "subpoena", "hearing"), [(1, 0, 0), (0, -1, 0), (0, 0, -1)]), False),
    ],
)
def test_alike_sentences_agree_only_when_their_words_align(second: tuple, grouped: bool) -> None:
    first = Words(("council", "recall", "director"), np.eye(3, dtype=np.float32))
    roots, rows = second
    claims = [
        _claim("a", "The mayor said the council would recall the port director.", first),
        _claim(
            "b",
            "The mayor said the council would hear the port director.",
            Words(roots, np.array(rows, "f4")),
        ),
    ]
    vectors = np.stack([_unit(1, 0), _unit(0.8, 0.6)])  # cosine 0.8: alike enough
    expected = [("agree", ["a", "b"])] if grouped else [("only_in", ["a"]), ("only_in", ["b"])]
    assert _statuses(claims, vectors) == expected


def _gram(ab: float, ac: float, bc: float) -> np.ndarray:
    """Three unit vectors with the given cosines (rows of the Gram matrix's Cholesky factor)."""
    gram = np.array([[1, ab, ac], [ab, 1, bc], [ac, bc, 1]])
    return np.linalg.cholesky(gram).astype(np.float32)


@pytest.mark.parametrize(
    ("ac", "joined"),
    [
        # c is like b, not like a: chained to the group only through b, it stays apart
        (0.4, False),
        # c is like both: one statement in three articles
        (0.75, True),
    ],
)
def test_a_claim_joins_a_group_only_when_it_would_pair_with_its_members(ac: float, joined: bool) -> None:
    claims = [
        _claim("a", "Officials said the council voted to suspend the harbour fee increase."),
        _claim("b", "Officials said the council suspended the increase in harbour fees."),
        _claim("c", "Officials said the council put the fee increase on hold for a year."),
    ]
    vectors = _gram(0.9, ac, 0.75)
    # the centroid of a and b is close enough to c either way: only the pair test tells
    centroid = vectors[0] + vectors[1]
    assert float(centroid @ vectors[2]) / float(np.linalg.norm(centroid)) >= LEX.group_similarity
    expected = [("agree", ["a", "b", "c"])] if joined else [("agree", ["a", "b"]), ("only_in", ["c"])]
    assert _statuses(claims, vectors) == expected


# --- through compare ----------------------------------------------------------------------------

GAZETTE = "\n\n".join(
    [
        "Velmar Port Strike Enters Second Week",
        "Velmar dockworkers walked off the job at the Port of Velmar on Monday, halting cargo "
        "traffic on the busiest stretch of the northern coast.",
        "The port director, Anton Reys, told the council that the strike was costing the port and "
        "its tenants heavily every day.",
        "The council suspended the harbour fee increase for six months, a delay the dockworkers' "
        "union had demanded.",
        "Mayor Ilse Korven stood firm on Friday after a second meeting with the dockworkers' union "
        "broke up without a deal.",
        "Union leaders said the council should not expect the strike to end before the port "
        "director answered their questions about pay.",
    ]
)
TRIBUNE = "\n\n".join(
    [
        "Ships Wait Outside Velmar as Dock Strike Drags On",
        "The strike by Velmar dockworkers has left dozens of ships waiting outside the Port of Velmar.",
        "Council members said the port director, Anton Reys, had not explained why overtime pay was "
        "cut last spring.",
        "The council put the planned rise in harbour fees on hold for half a year, as the "
        "dockworkers' union had asked.",
        "Mayor Ilse Korven and the dockworkers' union dug in on Wednesday after their first meeting "
        "failed to break the impasse over pay.",
        "The port director said the council would have to approve any new pay offer to the dockworkers.",
    ]
)


def test_compare_groups_a_paraphrase_and_keeps_two_meetings_apart() -> None:
    comparison = compare(
        [article_from_text(GAZETTE, source="gazette.txt"), article_from_text(TRIBUNE, source="tribune.txt")]
    )
    grouped = [[m.text for m in g.members] for g in comparison.claims if g.status != "only_in"]
    fees = [p for p in (*GAZETTE.split("\n\n"), *TRIBUNE.split("\n\n")) if "harbour fee" in p]
    assert grouped == [fees]
    # "stood firm on Friday" and "dug in on Wednesday": alike, about two meetings
    alone = {g.members[0].text for g in comparison.claims if g.status == "only_in"}
    assert {p for p in alone if "meeting" in p} == {
        GAZETTE.split("\n\n")[4],
        TRIBUNE.split("\n\n")[4],
    }
