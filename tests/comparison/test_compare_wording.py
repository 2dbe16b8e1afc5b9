"""Word-choice findings a reader can trust: the event a story is about comes first, events in
its background are marked and raise no finding (fictional coverage in tests/fixtures/events);
titles and ranks are never differences, and one label is reported once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import framelens
from framelens.comparison.records import Comparison, EventTerm, Finding, LabelUse, LinkedActor, WordChoiceCell
from framelens.comparison.wording import wording_findings
from framelens.models import Span
from framelens.tone.polarity import CONTEXT, OFFICE, PLAIN, TITLE

EVENTS = Path(__file__).parent.parent / "fixtures" / "events"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return framelens.compare(sorted(EVENTS.glob("*.txt")))


def _terms(comparison: Comparison) -> dict[str, set[tuple[str, bool]]]:
    out: dict[str, set[tuple[str, bool]]] = {}
    for term in comparison.event_terms:
        out.setdefault(term.family, set()).add((term.text, term.central))
    return out


def test_the_killing_is_central_and_an_old_expulsion_of_a_main_actor_is_background(
    comparison: Comparison,
) -> None:
    terms = _terms(comparison)
    assert {central for _, central in terms["kill"]} == {True}
    assert terms["assassinate"] == {("assassinated", True)}
    # the Liberation Front is a main actor of the story, but its expulsion in 2012 is not the story
    assert terms["expel"] == {("expelled", False)}
    # what the victim did years before is another event than what was done to her (the seeds'
    # "Soleimani killed ..." had been central beside his killing)
    assert terms["attack"] == {("attacked", False)}


def test_only_central_events_make_word_choice_findings(comparison: Comparison) -> None:
    statements = [
        f.statement for kind in ("event_wording", "unique_event_term") for f in comparison.findings_of(kind)
    ]
    assert any("“assassinated”" in s for s in statements)
    assert not any("expelled" in s for s in statements)


def _use(article: str, start: int, text: str, kind: str, reason: str | None) -> LabelUse:
    return LabelUse(
        article, Span(start, start + len(text)), text, text.split()[-1], kind, "neutral", 0.0, reason, True
    )


def test_titles_and_ranks_are_never_differences_and_one_label_is_reported_once() -> None:
    actor = LinkedActor("varn", "Ilse Varn", "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 1.0, 9)
    uses = (
        _use("a", 0, "General", "title", TITLE),
        _use("a", 40, "General", "title", TITLE),
        _use("a", 80, "the commander of the brigade", "apposition", OFFICE),
        _use("a", 120, "a reckless gambler", "predicate", CONTEXT),
        _use("a", 160, "a  reckless gambler", "predicate", CONTEXT),
        _use("a", 200, "frustrated", "loaded", None),
        _use("a", 240, "D-Nev.", "apposition", CONTEXT),
        _use("a", 260, "(R-Ky.)", "apposition", CONTEXT),
        # a plain classifier before the name ("his special operations Quds Forces")
        _use("a", 280, "special operations", "modifier", PLAIN),
        dataclasses.replace(
            _use("a", 300, "foreign-funded", "modifier", CONTEXT), polarity="negative", polarity_score=-0.6
        ),
    )
    findings = wording_findings([WordChoiceCell("varn", "a", 5, uses)], [], [actor], {"a": "A", "b": "B"})
    assert [f.statement for f in findings] == [
        "Only A describes Ilse Varn as “foreign-funded”.",
        "Only A describes Ilse Varn as “a reckless gambler”.",
    ]  # a loaded word ("frustrated") stays in the matrix: its precision is too low for a finding


def test_one_finding_says_how_each_outlet_names_the_central_event_and_it_comes_early(
    comparison: Comparison,
) -> None:
    (wording,) = comparison.findings_of("event_wording")
    assert wording.subject == "ilse-varn"
    assert "Harbor Times “assassinated”" in wording.statement and "Valley Post “killed”" in wording.statement
    assert "expelled" not in wording.statement  # background
    kinds = [f.kind for f in comparison.findings]
    assert kinds.index("event_wording") < min(
        kinds.index(k) for k in ("unique_event_term", "unique_label", "tone_difference") if k in kinds
    )


def test_a_central_term_without_a_patient_is_about_the_central_event_not_its_doer() -> None:
    """'the Front's taking out of a tyrant': no patient in the parse, but the central event's
    word, so the finding names whom the event happened to, not the Front."""
    actors = [
        LinkedActor(i, n, "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 1.0, 5)
        for i, n in (("varn", "Ilse Varn"), ("klf", "Liberation Front"))
    ]
    # only A names the event (B reports its aftermath), so no finding compares the articles' words
    killed = EventTerm("a", Span(0, 6), "killed", "kill", "kill", "varn", (("patient", "varn"),), True, True)
    taking = EventTerm(
        "a", Span(40, 50), "taking out", "take out", "take out", "klf", (("agent", "klf"),), True, True
    )
    findings = wording_findings([], [killed, taking], actors, {"a": "A", "b": "B"})
    (unique,) = [f for f in findings if f.kind == "unique_event_term"]
    assert unique.statement.endswith("involving Ilse Varn.") and unique.subject == "varn"
    assert "“taking out” (take out)" in unique.statement


def test_an_articles_own_words_for_the_central_event_make_one_finding() -> None:
    """ "death", "died" and "taking out" only in A are one difference, not three entries; and
    where the articles' words are compared in one finding, they are marked there instead."""
    actors = [LinkedActor("varn", "Ilse Varn", "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 1.0, 5)]
    patient = (("patient", "varn"),)
    own = [
        EventTerm("a", Span(20, 25), "death", "death", "death", "varn", patient, True, True),
        EventTerm("a", Span(60, 65), "death", "death", "death", "varn", patient, True, True),
        EventTerm("a", Span(30, 34), "died", "die", "die", "varn", patient, True, True),
        EventTerm("a", Span(40, 50), "taking out", "take out", "take out", "varn", patient, True, True),
    ]
    findings = wording_findings([], own, actors, {"a": "A", "b": "B"})
    assert [f.statement for f in findings if f.kind == "unique_event_term"] == [
        "Only A uses “death” (death), “died” (die) and “taking out” (take out) for the events involving "
        "Ilse Varn.",
    ]
    assert len(findings[0].evidence) == 4  # every use of the three words
    killed = [
        EventTerm(a, Span(0, 6), "killed", "kill", "kill", "varn", patient, True, False) for a in ("a", "b")
    ]
    findings = wording_findings([], [*killed, *own], actors, {"a": "A", "b": "B"})
    assert [f.kind for f in findings] == ["event_wording"]
    assert "A “killed”, “death” (only here), “died” (only here), “taking out” (only here); B “killed”" in (
        findings[0].statement
    )


def test_one_unique_label_per_article_and_head_word_the_strongest_and_fullest() -> None:
    actor = LinkedActor("varn", "Ilse Varn", "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 1.0, 9)
    headline = LabelUse(
        "a", Span(0, 8), "Agitator", "agitator", "modifier", "negative", -0.4, CONTEXT, True, "title"
    )
    body = LabelUse(
        "a",
        Span(30, 70),
        "the foreign-funded agitator who led it",
        "agitator",
        "apposition",
        "negative",
        -0.4,
        CONTEXT,
        True,
    )
    findings = wording_findings([WordChoiceCell("varn", "a", 5, (headline, body))], [], [actor], {"a": "A"})
    unique = [f for f in findings if f.kind == "unique_label"]
    assert [f.statement for f in unique] == [
        "Only A describes Ilse Varn as “the foreign-funded agitator who led it”."
    ]
    assert unique[0].fields() == (None,)


@pytest.mark.parametrize(
    "whose",
    [{"quoted_by": "Tomas Reyl"}, {"reported_by": "Ilse Varn"}],
    ids=["a direct quote", "a claim reported in indirect speech"],
)
def test_a_label_inside_what_a_speaker_says_is_no_difference(whose: dict[str, str]) -> None:
    actor = LinkedActor("varn", "Ilse Varn", "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 1.0, 9)
    said = dataclasses.replace(_use("a", 0, "a reckless gambler", "predicate", CONTEXT), **whose)
    findings = wording_findings([WordChoiceCell("varn", "a", 5, (said,))], [], [actor], {"a": "A", "b": "B"})
    assert findings == []
    # the same label, nobody's but the outlet's, is one
    own = wording_findings(
        [WordChoiceCell("varn", "a", 5, (_use("a", 0, "a reckless gambler", "predicate", CONTEXT),))],
        [],
        [actor],
        {"a": "A", "b": "B"},
    )
    assert [f.kind for f in own] == ["unique_label"]


def _compared(*articles: tuple[str, str]) -> Comparison:
    """The comparison of (source, text) articles."""
    from framelens.readers import article_from_text

    return framelens.compare([article_from_text(text, source=source) for source, text in articles])


def _uses(comparison: Comparison, words: str) -> list[LabelUse]:
    """The word-choice label uses whose text holds ``words``."""
    return [u for cell in comparison.word_choice for u in cell.labels if words in u.text]


def test_word_choice_marks_labels_inside_reported_speech() -> None:
    """ "She says that ... she is privy to ...": the outlet reports Varn's claim about herself;
    the word-choice cell says so and no top difference says the outlet describes her so."""
    reporting = (
        "Mayor Ilse Varn closed the harbour on Monday.\n\n"
        "She says that as chair of the harbour board she is privy to information the council never sees.\n\n"
        "Witnesses said officers dragged Varn, a brave reformist, into a van."
    )
    plain = "Mayor Ilse Varn, a former pilot, closed the harbour on Monday after a storm."
    comparison, labels, markdown = _reported(reporting, plain, "privy", "Ilse Varn")
    assert all(u.quoted_by is None for u in _uses(comparison, "privy"))
    # an apposition inside the paraphrase is the reporter's own word: no "(reporting ...)"
    brave = [u for u in _uses(comparison, "a brave reformist") if u.text == "a brave reformist"]
    assert brave and brave[0].reported_by is None
    assert any("a brave reformist" in f.statement for f in labels)
    assert "(reporting Ilse Varn)" in markdown


def _reported(reporting: str, plain: str, words: str, speaker: str) -> tuple[Comparison, list[Finding], str]:
    """Compare ``reporting`` with ``plain`` and check that the labels holding ``words`` are
    marked as reported from ``speaker`` and make no label finding; (comparison, the label
    findings, the Markdown report)."""
    from framelens.report.build import build_report
    from framelens.report.markdown import render_markdown

    comparison = _compared(("r.txt", reporting), ("p.txt", plain))
    uses = _uses(comparison, words)
    assert uses and all(u.reported_by == speaker for u in uses), uses
    labels = [f for f in comparison.findings if f.kind in ("unique_label", "label_contrast")]
    assert not any(words in f.statement for f in labels)
    return comparison, labels, render_markdown(build_report(comparison))


def test_word_choice_marks_labels_inside_direct_quotes() -> None:
    quoting = (
        "Mayor Ilse Varn closed the harbour on Monday.\n\n"
        '"Varn is a reckless gambler who bet the harbour and lost," said Tomas Reyl, her rival.'
    )
    plain = "Ilse Varn, a reckless gambler and the mayor, closed the harbour on Monday."
    comparison = _compared(("q.txt", quoting), ("p.txt", plain))
    uses = _uses(comparison, "gambler")
    assert {(u.article_id == comparison.analyses[0].article.id, u.quoted_by) for u in uses} == {
        (True, "Tomas Reyl"),
        (False, None),
    }


def test_a_label_the_contrast_quotes_is_not_an_entry_again() -> None:
    actor = LinkedActor("varn", "Ilse Varn", "person", (), ("a", "b"), (("a", "1"), ("b", "1")), 1.0, 9)

    def use(article: str, start: int, text: str, polarity: str, score: float) -> LabelUse:
        return LabelUse(
            article,
            Span(start, start + len(text)),
            text,
            text.split()[-1],
            "apposition",
            polarity,
            score,
            CONTEXT,
            True,
        )

    uses = (
        use("a", 0, "a war criminal", "negative", -0.8),
        use("b", 0, "a brave reformer", "positive", 0.7),
        use("a", 40, "a veteran gambler", "neutral", 0.0),
    )
    findings = wording_findings([WordChoiceCell("varn", "a", 5, uses)], [], [actor], {"a": "A", "b": "B"})
    assert [f.kind for f in findings] == ["label_contrast", "unique_label"]
    assert "“a war criminal”" in findings[0].statement and "“a brave reformer”" in findings[0].statement
    assert findings[1].statement == "Only A describes Ilse Varn as “a veteran gambler”."


def test_a_headline_past_tense_without_object_is_a_passive(fictional_comparison: Comparison) -> None:
    # "Kardanian leader assassinated in Ostrelian air strike": the parser tags "assassinated" a
    # past tense with "leader" its subject, which had made the victim the assassin
    (term,) = [t for t in fictional_comparison.event_terms if t.field == "title" and t.lemma == "assassinate"]
    assert dict(term.arguments) == {"patient": "ruslan-hadrevic"} and term.central


def test_a_slur_in_quotation_marks_after_calling_is_the_callers_word() -> None:
    """A BASIL triplet's "LePage has been mired in controversy since calling state Rep. Drew
    Gattine (D) a “son-of-a-bitch, socialist cocksucker”" was a top difference: "Only HuffPost
    describes Drew Gattine as ..."; the article and the marks stood outside the quote's span,
    and the quote had no speaker."""
    quoting = (
        "Mayor Ilse Varn closed the harbour on Monday.\n\n"
        "Varn has been mired in controversy since calling state Rep. Tomas Reyl (D) a “son-of-a-gun, "
        "socialist crook” in a voicemail last week."
    )
    plain = "Rep. Tomas Reyl, a former pilot, voted against the closure on Monday. Mayor Ilse Varn was angry."
    comparison = _compared(("q.txt", quoting), ("p.txt", plain))
    uses = [u for u in _uses(comparison, "crook") if u.article_id == comparison.analyses[0].article.id]
    assert uses and all(u.quoted_by and "Varn" in u.quoted_by for u in uses), uses
    labels = [f for f in comparison.findings if f.kind in ("unique_label", "label_contrast")]
    assert not any("crook" in f.statement for f in labels)


def test_a_headlines_event_word_is_central_whoever_its_doer() -> None:
    """A BASIL triplet: "Congress rejects Obama veto of 9/11 bill" beside "Senate Overrides
    Obama's Veto": the story's event named by two doers; "rejects" was background (Congress is
    no main actor of the story) and the contrast never reached the report."""
    from framelens.readers import article_from_text

    def article(title: str, body: str, name: str) -> framelens.Article:
        return dataclasses.replace(article_from_text(body, source=name), title=title)

    body = (
        "The Senate voted 97-1 on Wednesday to override Mayor Dara Velk's veto of the harbour bill, "
        "the first override of her term. Senator Tomas Reyl, who wrote the bill, said the vote "
        "showed the council's will. Velk called the vote a mistake. Reyl said the Senate would "
        "not back down, and the Senate's vote stands."
    )
    other = (
        "Congress on Wednesday rejected Mayor Dara Velk's veto of the harbour bill. Senator "
        "Tomas Reyl said the vote showed the will of Congress. Velk called the vote a mistake, and "
        "the Senate's leaders said Velk had lost."
    )
    comparison = framelens.compare(
        [
            article("Senate Overrides Velk's Veto Of Harbour Bill", body, "a.txt"),
            article("Congress rejects Velk veto of harbour bill", other, "b.txt"),
        ]
    )
    terms = _terms(comparison)
    assert ("rejects", True) in terms.get("reject", set()), terms


def test_what_a_speaker_calls_an_actor_is_a_label_they_give() -> None:
    """BASIL articles: "Republican National Committee spokesman Tim Miller called Biden
    “unhinged”", "calling the massacre an act of terror": who calls whom what is word choice,
    the speaker's, which the outlet reports.  It was no label at all; now it is one, marked
    as reported, and no top difference says the outlet itself describes the actor so."""
    reporting = (
        "Governor Dara Velk opened the new harbour in Orlan on Monday.\n\n"
        "Senator Ivo Brask called Governor Dara Velk a dangerous fraud.\n\n"
        "Velk said the harbour would bring jobs to the town."
    )
    plain = "Governor Dara Velk opened the harbour in Orlan on Monday, officials said."
    _, _, markdown = _reported(reporting, plain, "a dangerous fraud", "Ivo Brask")
    assert "a dangerous fraud (reporting Ivo Brask)" in markdown
