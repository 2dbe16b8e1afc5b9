"""compare() on tests/fixtures/compare/: three fictional pieces with known differences.

The set is written so that each detector has one case to find:

- one person spelled three ways (Ruslan Hadrevic / Hadrevich / Hadrevič);
- an organisation written out in two pieces, only as an acronym in the third (KLF);
- different figures for one count (fighters killed: at least 40 / 12 / about 40);
- an opposite assessment (the strike weakened the KLF / will do little to weaken it);
- one vote placed on different weekdays (Tuesday / Wednesday);
- claims only one piece carries (the spokeswoman's quote, the successor ...);
- different labels for one person ("a war criminal" / "a respected commander").
"""

from __future__ import annotations

import pytest

from framelens.comparison import Comparison, compare
from framelens.errors import UsageError


def _label_of(comparison: Comparison) -> dict[str, str]:
    return {o.article_id: o.label for o in comparison.overview}


def _groups(comparison: Comparison, status: str) -> list[list[tuple[str, str]]]:
    labels = _label_of(comparison)
    return [
        [(labels[m.article_id], m.text) for m in g.members] for g in comparison.claims if g.status == status
    ]


def test_articles_in_input_order_with_outlets(fictional_comparison: Comparison) -> None:
    assert [o.label for o in fictional_comparison.overview] == [
        "Harbor Times",
        "Northern Ledger",
        "Valley Post",
    ]
    assert fictional_comparison.message is None


def test_one_person_across_three_spellings(fictional_comparison: Comparison) -> None:
    person = fictional_comparison.actor("ruslan-hadrevic")
    assert person is not None
    assert person.name == "Ruslan Hadrevic"
    assert person.type == "person"
    assert len(person.articles) == 3
    assert {"Ruslan Hadrevich", "Ruslan Hadrevič"} <= set(person.aliases)


def test_acronym_only_article_links_to_the_organisation(fictional_comparison: Comparison) -> None:
    org = fictional_comparison.actor("kardanian-liberation-front")
    assert org is not None
    assert org.name == "Kardanian Liberation Front"
    assert len(org.articles) == 3
    assert "KLF" in org.aliases


def test_numeric_disagreement_on_fighters_killed(fictional_comparison: Comparison) -> None:
    assert _groups(fictional_comparison, "numeric_disagreement") == [
        [
            ("Harbor Times", "The KLF said 12 fighters were killed in the raid."),
            (
                "Northern Ledger",
                "At least 40 fighters were killed in the raid, according to the Ostrelian defence ministry.",
            ),
            ("Valley Post", "About 40 fighters were killed in the strike, local officials said."),
        ]
    ]
    (group,) = [g for g in fictional_comparison.claims if g.status == "numeric_disagreement"]
    relations = {(p.first, p.second): p.relation for p in group.pairs}
    # 12 disagrees with both; "at least 40" and "about 40" overlap, so those two agree
    assert relations == {(0, 1): "numeric_disagreement", (0, 2): "numeric_disagreement", (1, 2): "agree"}
    assert group.statement.startswith("Candidate numeric disagreement about fighter (kill)")


def test_opposite_assessment_of_the_strike(fictional_comparison: Comparison) -> None:
    assert _groups(fictional_comparison, "opposite") == [
        [
            (
                "Harbor Times",
                "The strike will do little to weaken the KLF, which has trained many younger officers.",
            ),
            ("Northern Ledger", "The strike has weakened the KLF's ability to launch new attacks."),
        ]
    ]


def test_agreement_and_claims_only_one_article_carries(fictional_comparison: Comparison) -> None:
    assert _groups(fictional_comparison, "agree") == [
        # the central fact, dated alike by all three: a sentence taken for its date
        [
            (
                "Harbor Times",
                "Ostrelia assassinated Ruslan Hadrevich, a respected commander who led the KLF, "
                "in an air strike near Velka on Sunday.",
            ),
            (
                "Northern Ledger",
                "Ruslan Hadrevic, the commander of the Kardanian Liberation Front (KLF), was killed "
                "on Sunday when Ostrelian jets struck his headquarters near the town of Velka.",
            ),
            (
                "Valley Post",
                "An Ostrelian air strike killed Ruslan Hadrevič, the leader of the Kardanian Liberation "
                "Front, near Velka on Sunday.",
            ),
        ],
        [
            ("Harbor Times", "Ostrelia did not say why it chose to strike on Sunday."),
            ("Valley Post", "Ostrelia has not commented on the timing of the strike."),
        ],
    ]
    only_in = [members for members in _groups(fictional_comparison, "only_in")]
    assert all(len(m) == 1 for m in only_in)
    assert sorted(m[0] for m in only_in) == [
        (
            "Harbor Times",
            '"Ostrelia has murdered a patriot and will answer for it," said Mara Solvik, '
            "a spokeswoman for the KLF.",
        ),
        # an opinion in the outlet's own voice (also the fixture's persuasion technique)
        ("Harbor Times", "There is no middle ground in this war."),
        (
            "Northern Ledger",
            '"We have removed a man who terrorised the valley for a decade," '
            "said Defence Minister Piotr Aln.",
        ),
        ("Northern Ledger", "Residents of Velka said they heard three explosions before dawn."),
        ("Northern Ledger", "The KLF has not yet named a successor."),
    ]


def test_date_disagreement_on_the_day_of_the_vote(fictional_comparison: Comparison) -> None:
    assert _groups(fictional_comparison, "date_disagreement") == [
        [
            (
                "Northern Ledger",
                "Kardanian lawmakers are to vote on Wednesday on a proposal to expel Ostrelian diplomats.",
            ),
            (
                "Valley Post",
                "The Kardanian parliament will vote on Tuesday on a proposal to expel Ostrelian diplomats.",
            ),
        ]
    ]
    (group,) = [g for g in fictional_comparison.claims if g.status == "date_disagreement"]
    assert group.reason == "“Wednesday” vs “Tuesday” (vote)"
    (finding,) = fictional_comparison.findings_of("date_disagreement")
    assert finding.statement == group.statement


def test_claim_statuses_are_candidates_with_evidence_on_both_sides(fictional_comparison: Comparison) -> None:
    for finding in fictional_comparison.findings:
        assert finding.evidence
        assert finding.statement.startswith(("Candidate", "Only"))
    (numeric,) = fictional_comparison.findings_of("numeric_disagreement")
    assert len({aid for aid, _ in numeric.evidence}) == 3


def test_word_choice_labels_and_polarity_per_outlet(fictional_comparison: Comparison) -> None:
    labels = _label_of(fictional_comparison)
    cells = {
        labels[c.article_id]: c for c in fictional_comparison.word_choice if c.actor_id == "ruslan-hadrevic"
    }
    heads = {name: sorted(u.head for u in cell.labels) for name, cell in cells.items()}
    # a relative clause ("who led the KLF") is shown as part of its label ("a respected
    # commander who led the KLF"), not as a second label
    # the headlines count: "Kardanian leader assassinated ..." names him "leader", "... kill
    # warlord Hadrevic ..." calls him "warlord"
    assert heads == {
        "Harbor Times": ["commander", "leader", "strategist"],
        "Northern Ledger": ["commander", "criminal", "warlord"],
        "Valley Post": ["commander", "leader"],  # "Air strike kills Kardanian commander"
    }
    for cell in cells.values():
        for use in cell.labels:
            assert not any(
                o is not use
                and o.field == use.field
                and o.span.start <= use.span.start < use.span.end <= o.span.end
                for o in cell.labels
            )
    polarity = {(labels[u.article_id], u.head): u.polarity for c in cells.values() for u in c.labels}
    assert polarity[("Northern Ledger", "criminal")] == "negative"
    assert polarity[("Harbor Times", "commander")] == "positive"
    unique = {(labels[u.article_id], u.head) for c in cells.values() for u in c.labels if u.only_here}
    assert ("Northern Ledger", "criminal") in unique
    assert ("Harbor Times", "commander") not in unique  # Northern Ledger says commander too

    (contrast,) = fictional_comparison.findings_of("label_contrast")
    assert contrast.subject == "ruslan-hadrevic"
    assert "a war criminal" in contrast.statement
    assert "a respected commander" in contrast.statement


def test_event_terms_and_the_one_only_harbor_times_uses(fictional_comparison: Comparison) -> None:
    labels = _label_of(fictional_comparison)
    terms = {(labels[t.article_id], t.family, t.only_here) for t in fictional_comparison.event_terms}
    assert terms == {
        ("Harbor Times", "assassinate", True),
        ("Harbor Times", "murder", True),
        ("Northern Ledger", "kill", False),
        ("Valley Post", "kill", False),
    }
    # the central event's words are one finding, the one only Harbor Times uses marked there,
    # not repeated as an entry of its own
    (wording,) = fictional_comparison.findings_of("event_wording")
    assert "“assassinated” (only here)" in wording.statement
    assert "Northern Ledger “kill”" in wording.statement
    assert not fictional_comparison.findings_of("unique_event_term")


def test_tone_matrix_and_difference(fictional_comparison: Comparison) -> None:
    labels = _label_of(fictional_comparison)
    row = {
        labels[t.article_id]: t.label for t in fictional_comparison.tones if t.actor_id == "ruslan-hadrevic"
    }
    assert row["Northern Ledger"] == "negative"
    assert row["Harbor Times"] == "positive"
    (diff,) = fictional_comparison.findings_of("tone_difference")
    assert diff.subject == "ruslan-hadrevic"


def test_sources_per_article(fictional_comparison: Comparison) -> None:
    labels = _label_of(fictional_comparison)
    rows = {(labels[s.article_id], s.speaker, s.kind, s.speaker_type) for s in fictional_comparison.sources}
    assert ("Harbor Times", "Mara Solvik", "direct", "person") in rows
    assert ("Northern Ledger", "Piotr Aln", "direct", "person") in rows
    assert ("Northern Ledger", "Ostrelian defence ministry", "indirect", "organisation") in rows
    solvik = next(s for s in fictional_comparison.sources if s.speaker == "Mara Solvik")
    assert solvik.affiliation == "Kardanian Liberation Front"  # "a spokeswoman for the KLF"
    summaries = {labels[s.article_id]: s for s in fictional_comparison.source_summaries}
    assert (summaries["Valley Post"].speakers, summaries["Valley Post"].diversity) == (1, 0.0)
    assert summaries["Northern Ledger"].organisations == ("Ostrelian defence ministry",)


def test_analyses_are_accepted_and_duplicates_compared_once(fictional_comparison: Comparison) -> None:
    first, second = fictional_comparison.analyses[:2]
    result = compare([first, second, first])
    assert [a.id for a in result.articles] == [first.article.id, second.article.id]
    assert len(result.notes) == 1 and "compared once" in result.notes[0]


def test_single_article_has_a_message_not_an_error(fictional_comparison: Comparison) -> None:
    result = compare(fictional_comparison.analyses[:1])
    assert result.message is not None and "nothing to compare" in result.message
    assert result.claims == () and result.findings == ()
    assert result.actors and result.overview


def test_no_article_at_all_is_a_usage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="no article to compare"):
        compare([str(tmp_path / "missing.txt")])


def test_a_title_takes_no_polarity_from_its_sentence() -> None:
    """ "General" in a damning sentence is still a rank; "a war criminal" in it is negative."""
    import framelens
    from framelens.tone.polarity import label_polarities

    text = (
        "General Ana Petrell, a war criminal, ordered the massacre of hundreds of villagers, "
        "witnesses said. The brutal attack horrified the region."
    )
    analysis = framelens.analyze(text)
    labels = [lab for lab in analysis.labels if lab.actor_id == "ana-petrell"]
    by_kind = {
        lab.kind: pol
        for lab, pol in zip(labels, label_polarities([(analysis, lab) for lab in labels]), strict=True)
    }
    assert by_kind["title"] is not None and by_kind["title"][0] == "neutral"
    assert by_kind["apposition"] is not None and by_kind["apposition"][0] == "negative"
