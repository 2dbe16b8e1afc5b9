"""The order of findings (framelens/comparison/build.py): by kind, then claims about the story's
central actors before claims about peripheral ones, then by score."""

from __future__ import annotations

from framelens.comparison.build import _claim_findings, _rank_findings
from framelens.comparison.records import ClaimGroup, ClaimMember, Finding
from framelens.models import Span


def _group(gid: str, status: str, score: float, actors: tuple[str, ...]) -> ClaimGroup:
    member = ClaimMember(
        article_id="a", span=Span(0, 10), text=f"claim {gid}", reasons=("quantity",), actors=actors
    )
    return ClaimGroup(gid, status, score, f"statement {gid}", (member,))


GROUPS = [
    _group("claim-1", "numeric_disagreement", 0.5, ("harbour-board",)),
    _group("claim-2", "only_in", 0.9, ("harbour-board",)),
    _group("claim-3", "only_in", 0.8, ("ilse-korven", "harbour-board")),
    _group("claim-4", "only_in", 0.6, ("dockworkers-union",)),
    _group("claim-5", "agree", 1.0, ("ilse-korven",)),
]
CENTRAL = {"ilse-korven", "dockworkers-union"}


def test_within_a_status_claims_about_central_actors_come_first() -> None:
    findings = _claim_findings(GROUPS, top_only_in=10, central=CENTRAL)
    # agreements are no difference; a peripheral numeric disagreement still outranks every only_in
    assert [f.subject for f in findings] == ["claim-1", "claim-3", "claim-4", "claim-2"]


def test_the_only_in_findings_kept_are_those_about_central_actors() -> None:
    findings = _claim_findings(GROUPS, top_only_in=2, central=CENTRAL)
    assert [f.subject for f in findings] == ["claim-1", "claim-3", "claim-4"]
    # without central actors, the best scores are kept, as before
    assert [f.subject for f in _claim_findings(GROUPS, top_only_in=2)] == ["claim-1", "claim-2", "claim-3"]


def test_ranked_findings_keep_kinds_in_order_and_put_central_claims_first() -> None:
    tone = Finding("tone_difference", "tone", (), 0.99, "ilse-korven")
    findings = _rank_findings([tone, *_claim_findings(GROUPS, 10)], GROUPS, CENTRAL)
    assert [f.subject for f in findings] == ["claim-1", "ilse-korven", "claim-3", "claim-4", "claim-2"]
