"""Claims are compared within blocks; these cases need the blocks that are not actor blocks."""

from __future__ import annotations

from framelens.comparison import compare
from framelens.readers import article_from_text

A = (
    "Police in the capital detained the opposition leader on Saturday after a large march.\n\n"
    "Analysts say the arrest will do little to weaken the movement.\n\n"
    "Organisers said more than 40,000 protesters gathered in the main square."
)
B = (
    "Order returned to the capital on Saturday after the opposition leader was detained.\n\n"
    "Officials said the arrest had weakened the opposition's ability to organise.\n\n"
    "According to police, no more than 2,500 people joined the rally."
)


def test_opposite_assessment_without_a_shared_actor_and_crowd_figures_in_other_words() -> None:
    comparison = compare([article_from_text(A, source="a.txt"), article_from_text(B, source="b.txt")])
    groups = {g.status: g for g in comparison.claims if g.status != "only_in"}
    opposite = groups["opposite"]
    assert [m.text for m in opposite.members] == [
        "Analysts say the arrest will do little to weaken the movement.",
        "Officials said the arrest had weakened the opposition's ability to organise.",
    ]
    numeric = groups["numeric_disagreement"]
    assert [m.text for m in numeric.members] == [
        "Organisers said more than 40,000 protesters gathered in the main square.",
        "According to police, no more than 2,500 people joined the rally.",
    ]
    assert "people (attend)" in numeric.statement and "Candidate" in numeric.statement
