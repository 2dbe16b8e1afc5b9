"""Regression on the reference seed articles (skipped when ../shared is absent).

Three real pieces on one event: an op-ed, a commentary and a news report.  The texts are
read from ../shared, never copied here.  Checked: the central figure is one actor across
all three despite three spellings; each piece's word choice differs; and the assessment
that the killing degraded (or did little to degrade) the Quds Force / Iran's ability to
respond is grouped across the two pieces that make it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from framelens.comparison import Comparison, compare


@functools.cache
def _compare(paths: tuple[str, ...]) -> Comparison:
    # cached: the seeds fixture is per test, the comparison is computed once per process
    return compare(list(paths))


@pytest.fixture
def seeded(seeds: Path) -> Comparison:
    paths = sorted(seeds.glob("*.txt"))
    if len(paths) < 3:
        pytest.skip(f"fewer than three seed articles in {seeds}")
    return _compare(tuple(str(p) for p in paths[:3]))


def test_soleimani_is_one_actor_across_all_three(seeded: Comparison) -> None:
    holders = [a for a in seeded.actors if re.search(r"S[ou]lei?mani", " ".join((a.name, *a.aliases)))]
    assert len(holders) == 1
    (soleimani,) = holders
    assert soleimani.type == "person"
    assert len(soleimani.articles) == 3
    assert {"Qasim Solemani", "Qassem Soleimani"} <= {soleimani.name, *soleimani.aliases}
    assert seeded.word_choice and seeded.word_choice[0].actor_id in {a.id for a in seeded.actors[:3]}


def test_word_choice_differs_per_article(seeded: Comparison) -> None:
    (soleimani,) = [a for a in seeded.actors if "Soleimani" in (a.name, *a.aliases)]
    heads = {
        c.article_id: {u.head for u in c.labels} for c in seeded.word_choice if c.actor_id == soleimani.id
    }
    assert len(heads) == 3
    assert len({frozenset(h) for h in heads.values()}) == 3
    op_ed = seeded.articles[0].id
    assert {"terrorist", "criminal"} <= heads[op_ed]
    events = {a.id: {t.family for t in seeded.event_terms if t.article_id == a.id} for a in seeded.articles}
    assert len({frozenset(e) for e in events.values()}) == 3
    assert "take out" in events[op_ed]
    assert "assassinate" in events[seeded.articles[1].id]
    # "a war criminal" is the op-ed's alone: said once, in the contrast with Global Research's
    # praise, not again as a label only one article uses
    (contrast,) = [f for f in seeded.findings_of("label_contrast") if f.subject == soleimani.id]
    assert "a war criminal" in contrast.statement
    assert not any("a war criminal" in f.statement for f in seeded.findings_of("unique_label"))


def test_degrade_claim_is_grouped_across_the_two_articles(seeded: Comparison) -> None:
    def holding(pattern: str) -> list:
        return [g for g in seeded.claims if any(re.search(pattern, m.text) for m in g.members)]

    (group,) = holding(r"do little to degrade the Quds Forces")
    assert holding(r"ability to respond .* weakened") == [group]
    assert len(group.articles) == 2
    assert set(group.articles) == {seeded.articles[0].id, seeded.articles[1].id}
    # "has been weakened" vs "will do little to degrade": a candidate opposite assessment
    assert group.status == "opposite"


def test_a_figure_within_a_vague_count_of_its_whole_agrees_across_outlets(seeded: Comparison) -> None:
    """The op-ed's figure for soldiers killed and the news report's "hundreds of" Americans
    killed are one agreeing group, with the reason; no figure in the seeds disagrees."""

    def holding(pattern: str) -> list:
        return [g for g in seeded.claims if any(re.search(pattern, m.text) for m in g.members)]

    (group,) = holding(r"\b603 is the number")
    assert holding(r"killing hundreds of Americans") == [group]
    assert group.status == "agree"
    assert group.reason is not None and "lies within “hundreds of” (200–999)" in group.reason
    assert {"numeric_disagreement", "date_disagreement"}.isdisjoint(g.status for g in seeded.claims)


def _article(seeded: Comparison, prefix: str) -> str:
    (aid,) = [a.article.id for a in seeded.analyses if Path(a.article.source).name.startswith(prefix)]
    return aid


def test_sources_read_as_a_journalist_would(seeded: Comparison) -> None:
    """Issue #13's seed findings: the apposition's organisation, a people, a medium, no 'Some'."""
    summaries = {s.article_id: s for s in seeded.source_summaries}
    report, commentary, op_ed = (_article(seeded, p) for p in ("002", "001", "000"))
    heller = [s for s in seeded.sources if s.article_id == report and s.speaker == "Sam Heller"]
    assert heller and all(s.affiliation == "International Crisis Group" for s in heller)
    assert "ISIS" not in summaries[report].organisations  # named in a quotation, not quoted itself
    # the commentary quotes the BBC at length: a cited medium
    assert "BBC" in summaries[commentary].media
    assert any(s.speaker == "BBC" and s.speaker_type == "media" for s in seeded.sources)
    # "Syrians ... say": a people speaking, never the country; "Some argue": nobody named
    speakers = {s.speaker: s for s in seeded.sources if s.article_id == op_ed}
    assert "Syria" not in speakers
    assert speakers["Syrians"].speaker_type == "group"
    words = {"some", "many", "this", "that", "these", "those", "they", "he", "she", "it", "we"}
    assert not [s for s in seeded.sources if s.speaker.lower() in words]
