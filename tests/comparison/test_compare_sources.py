"""Which organisations an article cites as sources: a speech cue after the name, in its sentence."""

from __future__ import annotations

import pytest

from framelens.comparison import compare
from framelens.comparison.records import LinkedActor, SourceSummary, SourceUse
from framelens.comparison.sources import _affiliation
from framelens.models import Span
from framelens.readers import article_from_text

CITES = (
    "The Harbour Council said on Monday that the port would reopen within a week.\n\n"
    "The Coastal Union has so far said nothing about the closure.\n\n"
    "Most Meridians will see it as a betrayal. Estimates of the losses vary widely.\n\n"
    "According to the Dock Workers Guild, 300 jobs are at risk."
)
OTHER = (
    "The port of Velka stayed closed on Monday, the Harbour Council said.\n\n"
    "The Coastal Union did not comment on the closure, which Meridians resent."
)


def test_cited_organisations_need_speech_in_their_own_sentence() -> None:
    comparison = compare(
        [article_from_text(CITES, source="cites.txt"), article_from_text(OTHER, source="other.txt")]
    )
    by_article = {s.article_id: s for s in comparison.source_summaries}
    cited = by_article[comparison.analyses[0].article.id].organisations
    # spoke / "according to": cited; "said nothing" and a cue in the next sentence: not cited
    assert "Harbour Council" in cited
    assert "Dock Workers Guild" in cited
    assert "Coastal Union" not in cited
    assert not any("Meridian" in name for name in cited)


# --- speaker types and affiliations (issue #13's seed findings, on fictional coverage) ------------

PORT = (
    "Floods closed the port of Velka for a third week on Monday.\n\n"
    '"Nobody at the Harbour Council has visited us," said Lena Varga, an analyst at the Coastal '
    "Research Institute who studies the Dock Workers Guild.\n\n"
    "Britons have started to say they will not send ships to Velka again.\n\n"
    "The Valley Gazette reported that the repairs would take a year. According to the BBC, the port "
    "will reopen in May.\n\n"
    "Some argue that the port should never reopen."
)
COUNCIL = (
    "The port of Velka stayed closed on Monday, the Harbour Council said. "
    "The Dock Workers Guild said 300 jobs were at risk."
)


def _port_sources() -> tuple[list[SourceUse], SourceSummary]:
    comparison = compare(
        [article_from_text(PORT, source="port.txt"), article_from_text(COUNCIL, source="council.txt")]
    )
    aid = comparison.analyses[0].article.id
    (summary,) = [s for s in comparison.source_summaries if s.article_id == aid]
    return [s for s in comparison.sources if s.article_id == aid], summary


def test_speaker_types_affiliation_and_media() -> None:
    rows, summary = _port_sources()
    by_speaker = {s.speaker: s for s in rows}
    # the organisation of the apposition itself, not the one in its relative clause
    assert by_speaker["Lena Varga"].affiliation == "Coastal Research Institute"
    # a people speaking is a group, never its country
    assert by_speaker["Britons"].speaker_type == "group"
    assert "United Kingdom" not in by_speaker
    # news media quoted are cited media sources
    assert by_speaker["Valley Gazette"].speaker_type == "media"
    assert by_speaker["BBC"].speaker_type == "media"
    assert set(summary.media) == {"Valley Gazette", "BBC"}
    assert set(summary.media) <= set(summary.organisations)
    # an organisation named inside a quotation is not cited by it
    assert "Harbour Council" not in summary.organisations
    # "Some argue": nobody named, counted as unattributed, never a speaker
    assert "Some" not in by_speaker
    assert summary.unattributed == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "an analyst at the Coastal Research Institute who studies the Dock Workers Guild",
            "Coastal Research Institute",
        ),
        ("a former Dock Workers Guild official", "Dock Workers Guild"),
        ("a teacher at the village school", None),
        ("an engineer at the Valley Works Institute", "Valley Works Institute"),  # not an actor: as written
    ],
)
def test_affiliation_is_the_organisation_of_the_role_itself(role: str, expected: str | None) -> None:
    orgs = [_org("Dock Workers Guild"), _org("Coastal Research Institute")]
    assert _affiliation(role, "Lena Varga", orgs) == expected


def _org(name: str) -> LinkedActor:
    return LinkedActor(
        id=name.lower().replace(" ", "-"),
        name=name,
        type="organisation",
        aliases=(),
        articles=(),
        members=(),
        salience=0.0,
        mentions=1,
    )


def test_unnamed_sources_are_counted_and_shown_as_a_share() -> None:
    from framelens.report.build import build_report
    from framelens.report.markdown import render_markdown

    text = (
        "Floods closed the port of Velka for a third week on Monday.\n\n"
        "Officials said the repairs would take a year.\n\n"
        "Harbour master Lena Varga said the port would reopen in May.\n\n"
        "Analysts say the closure will cost the region dearly."
    )
    articles = [article_from_text(text, source="port.txt"), article_from_text(COUNCIL, source="c.txt")]
    comparison = compare(articles)
    aid = comparison.analyses[0].article.id
    (summary,) = [s for s in comparison.source_summaries if s.article_id == aid]
    assert (summary.direct + summary.indirect, summary.unnamed) == (3, 2)
    report = build_report(comparison)
    (row,) = [s for s in report["source_summaries"] if s["article"] == aid]
    assert (row["unnamed"], row["unnamed_share"]) == (2, round(2 / 3, 4))
    assert "| 2 of 3 (67%) |" in render_markdown(report)


def test_named_sources_only_one_article_quotes_are_one_finding_per_article() -> None:
    from framelens.comparison.sources import source_findings

    rows = [
        SourceUse(
            "a",
            "Lena Varga",
            "lena-varga",
            "person",
            "an analyst at the Coastal Institute",
            None,
            "direct",
            3,
            (Span(10, 20), Span(40, 50), Span(60, 70)),
        ),
        SourceUse("a", "BBC", "bbc", "media", None, None, "indirect", 1, (Span(80, 90),)),
        SourceUse("a", "officials", None, "unnamed", None, None, "indirect", 2, (Span(5, 8),)),
        SourceUse(
            "a",
            "Harbour Council",
            "harbour-council",
            "organisation",
            None,
            None,
            "indirect",
            1,
            (Span(1, 4),),
        ),
        SourceUse(
            "b", "Harbour Council", "harbour-council", "organisation", None, None, "direct", 1, (Span(1, 4),)
        ),
    ]
    rows += [
        SourceUse("a", "an article", None, "document", None, None, "indirect", 1, (Span(95, 99),)),
        SourceUse("a", "The press conference", None, "document", None, None, "direct", 2, (Span(100, 110),)),
        SourceUse(
            "a",
            "Kevin Marr",
            "kevin-marr",
            "person",
            "Mr. Pence and Mr.",
            None,
            "direct",
            1,
            (Span(120, 130),),
        ),
        SourceUse("b", "Ivo Brannick", "ivo-brannick", "person", "Mr.", None, "direct", 1, (Span(9, 19),)),
    ]
    found = source_findings(rows, {"a": "Port Post", "b": "Valley Gazette"})
    # a bare "an article" is no source a reader could weigh; an honorific is no role
    assert [f.statement for f in found][1:] == ["Only Valley Gazette quotes Ivo Brannick (1 quote)."]
    finding = found[0]
    # unnamed "officials" and the council both articles quote are no difference
    # nor is "The press conference"; a role that ends in an honorific is a fragment, not a role
    assert finding.statement == (
        "Only Port Post quotes Lena Varga (an analyst at the Coastal Institute) (3 quotes); BBC (1 quote); "
        "Kevin Marr (1 quote)."
    )
    assert finding.kind == "unique_source" and finding.evidence == (
        ("a", Span(10, 20)),
        ("a", Span(80, 90)),
        ("a", Span(120, 130)),
    )
    assert finding.score == 0.75
    assert source_findings(rows, {"a": "Port Post"}) == []


def test_a_role_that_repeats_the_name_or_is_a_bare_pronoun_says_nothing() -> None:
    from framelens.comparison.sources import _telling

    assert not _telling("Justice", "Justice Department")
    assert not _telling("of Professional Responsibility", "bureau's Office of Professional Responsibility")
    assert not _telling("which", "Wal-Mart")
    assert not _telling("Mr.", "Tomas Reyl")
    assert _telling("a spokesman for the Harbour Council", "Tomas Reyl")
    assert _telling("who uncovered the messages", "Anna Velk")


# --- an organisation speaking through its documents; a refusal to speak ---------------------------

MEMO = (
    "Floods closed the port of Velka for a third week on Monday.\n\n"
    "Beyond mere rumours, it was the Meridian Ports Authority (MPA) itself in a 2019 leaked memo that "
    'admitted, "the dredging contracts were never tendered."\n\n'
    "To be clear about who profited, the MPA report explains: The contractors, the council and the "
    "governor's allies all shared the fees.\n\n"
    "Critics say the authority has ignored the warnings for years."
)
DECLINED = (
    "The port of Velka stayed closed on Monday, the Harbour Council said. "
    "The Meridian Ports Authority declined to comment."
)


def test_documents_of_one_organisation_are_that_organisations_voice() -> None:
    """ "a 2019 leaked memo" and "the MPA report" were two sources of one article; a reader
    weighs the authority that wrote both, with the document as its role."""
    comparison = compare(
        [article_from_text(MEMO, source="memo.txt"), article_from_text(DECLINED, source="declined.txt")]
    )
    memo = comparison.analyses[0].article.id
    rows = [r for r in comparison.sources if r.article_id == memo and r.speaker_type != "unnamed"]
    assert {r.speaker for r in rows} == {"Meridian Ports Authority"}
    assert sum(r.count for r in rows) == 2 and rows[0].role == "a 2019 leaked memo"
    (only,) = [f for f in comparison.findings if f.kind == "unique_source" and "memo.txt" in f.statement]
    assert "Meridian Ports Authority (a 2019 leaked memo) (2 quotes)" in only.statement
    assert "the MPA report" not in only.statement


def test_declining_to_comment_is_no_source() -> None:
    """PolNeAR marks "declined to comment" as an attribution and the quotes stage keeps it; the
    sources a reader weighs do not count it (nothing was said)."""
    comparison = compare(
        [article_from_text(DECLINED, source="declined.txt"), article_from_text(MEMO, source="memo.txt")]
    )
    analysis = comparison.analyses[0]
    text = analysis.article.text
    assert any(q.span.text_in(text) == "to comment" for q in analysis.quotes)
    speakers = {r.speaker for r in comparison.sources if r.article_id == analysis.article.id}
    assert speakers == {"Harbour Council"}
    (summary,) = [s for s in comparison.source_summaries if s.article_id == analysis.article.id]
    assert summary.indirect == 1


def test_a_courtesy_title_is_no_role_in_the_sources_table() -> None:
    """A newspaper that writes "Mr. Varn said" every time gave "Mr." as his role in the table."""
    house_style = (
        "Tomas Varn quit the harbour board on Monday.\n\n"
        '"I have decided to step down," Mr. Varn said in a statement. Mr. Varn said he would stay in Velka.'
    )
    comparison = compare(
        [article_from_text(house_style, source="style.txt"), article_from_text(COUNCIL, source="council.txt")]
    )
    aid = comparison.analyses[0].article.id
    rows = [r for r in comparison.sources if r.article_id == aid and r.speaker.endswith("Varn")]
    assert rows and all(r.role is None for r in rows)


def test_this_article_is_no_source() -> None:
    """ "This article has been updated to say ..." had made "This article" a source only one outlet quotes."""
    from framelens.comparison.sources import _specific

    assert not _specific("This article") and not _specific("an article") and _specific("the DIA report")


def test_the_writers_own_first_person_is_no_source() -> None:
    """The seeds' "we can only assume the US believes ..." had the US as a source; as the
    writer's words it is no source at all (nor a speaker of the diversity count)."""
    column = (
        "The port of Velka stayed closed on Monday, the Harbour Council said.\n\n"
        "We can only assume that the strike will end before the winter."
    )
    import dataclasses

    signed = dataclasses.replace(article_from_text(column, source="column.txt"), authors=("Ada Quill",))
    comparison = compare([signed, article_from_text(MEMO, source="memo.txt")])
    aid = comparison.analyses[0].article.id
    assert {r.speaker for r in comparison.sources if r.article_id == aid} == {"Harbour Council"}
    (summary,) = [s for s in comparison.source_summaries if s.article_id == aid]
    assert summary.indirect == 1
