"""The transparent layer: every pattern, on hand-written sentences, gives exactly the expected span."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from framelens.techniques.lexicon import (
    TECHNIQUES,
    find_all,
    find_patterns,
    find_repetition,
    load_lexicon,
    trim,
)

# (pattern, technique, sentence, the exact span text; it occurs once in the sentence)
CASES = [
    (
        "name_calling_apposition",
        "Name_Calling,Labeling",
        "Omar Khadr, a convicted terrorist, was freed.",
        "convicted terrorist",
    ),
    (
        "name_calling_regime",
        "Name_Calling,Labeling",
        "The talks were blocked by the Khomeinist regime again.",
        "the Khomeinist regime",
    ),
    (
        "name_calling_qualified_label",
        "Name_Calling,Labeling",
        "The bill was written by radical leftists.",
        "radical leftists",
    ),
    ("insult_word", "Name_Calling,Labeling", "They called the senator a traitor on air.", "traitor"),
    ("loaded_word", "Loaded_Language", "The coverage was pure hysteria from start to end.", "hysteria"),
    (
        "authority_according_to",
        "Appeal_to_Authority",
        "The vaccine is safe, according to leading experts.",
        "according to leading experts",
    ),
    ("authority_says", "Appeal_to_Authority", "Scientists agree that the dam will hold.", "Scientists agree"),
    (
        "authority_as_x_said",
        "Appeal_to_Authority",
        "As Albert Einstein once said, imagination matters.",
        "As Albert Einstein once said",
    ),
    (
        "bw_with_us_or_against_us",
        "Black-and-White_Fallacy",
        "Today you are with us or against us.",
        "you are with us or against us",
    ),
    (
        "bw_either_or",
        "Black-and-White_Fallacy",
        "Either we close the border or we lose the country.",
        "Either we close the border or we lose the country",
    ),
    ("bw_only_way", "Black-and-White_Fallacy", "A wall is the only solution to this.", "the only solution"),
    (
        "bw_no_alternative",
        "Black-and-White_Fallacy",
        "On this issue there is no middle ground.",
        "there is no middle ground",
    ),
    (
        "bw_two_sides",
        "Black-and-White_Fallacy",
        "In this fight there are only two sides.",
        "there are only two sides",
    ),
    (
        "what_about",
        "Whataboutism,Straw_Men,Red_Herring",
        "Fine, but what about her emails?",
        "but what about her emails",
    ),
    (
        "where_were_they_when",
        "Whataboutism,Straw_Men,Red_Herring",
        "Where were the critics when the last war began?",
        "Where were the critics when the last war began",
    ),
    (
        "same_people_who",
        "Whataboutism,Straw_Men,Red_Herring",
        "These are the same people who cheered the bailout.",
        "the same people who cheered the bailout",
    ),
    (
        "nobody_complained",
        "Whataboutism,Straw_Men,Red_Herring",
        "Yet nobody complained when the mayor did it.",
        "Yet nobody complained when the mayor did it",
    ),
    ("known_slogan", "Slogans", "The crowd chanted lock her up for an hour.", "lock her up"),
    ("hashtag", "Slogans", "Supporters posted #StandWithUs all night.", "#StandWithUs"),
    ("all_caps_phrase", "Slogans", "The banner read FREE THE PEOPLE NOW in red.", "FREE THE PEOPLE NOW"),
    ("short_exclamation", "Slogans", "The speech ended. Never surrender!", "Never surrender"),
    ("doubt_hedge", "Doubt", "The so-called experts were wrong again.", "so-called experts"),
    ("doubt_really", "Doubt", "Is he really the man to lead us?", "Is he really the man to lead us?"),
    (
        "doubt_trust",
        "Doubt",
        "Why should we trust anything they say?",
        "Why should we trust anything they say?",
    ),
    (
        "questions_remain",
        "Doubt",
        "Serious questions remain about the audit.",
        "Serious questions remain about the audit",
    ),
    ("flag_phrase", "Flag-Waving", "This is a victory for the American people today.", "the American people"),
    (
        "for_the_sake_of",
        "Flag-Waving",
        "We must act for the sake of our nation.",
        "for the sake of our nation",
    ),
    (
        "sole_cause",
        "Causal_Oversimplification",
        "The real cause of the crisis is greed.",
        "The real cause of the crisis is greed",
    ),
    (
        "all_because_of",
        "Causal_Oversimplification",
        "The plant closed, and it was all because of the tariffs.",
        "it was all because of the tariffs",
    ),
    (
        "to_blame",
        "Causal_Oversimplification",
        "Bankers are solely to blame for the crash.",
        "Bankers are solely to blame for the crash",
    ),
    (
        "could_have_been_prevented",
        "Causal_Oversimplification",
        "The tragedy could have been prevented if the city had acted.",
        "could have been prevented if the city had acted",
    ),
    (
        "cliche_phrase",
        "Thought-terminating_Cliches",
        "We lost the vote, and it is what it is.",
        "it is what it is",
    ),
    (
        "superlative_ever",
        "Exaggeration,Minimisation",
        "This is the worst deal in history.",
        "the worst deal in history",
    ),
    ("intensified", "Exaggeration,Minimisation", "The report was utterly wrong.", "utterly wrong"),
    ("minimised", "Exaggeration,Minimisation", "It was a mere scratch on the hull.", "mere scratch"),
    (
        "threat_to_us",
        "Appeal_to_fear-prejudice",
        "The drug is a grave threat to our children.",
        "a grave threat to our children",
    ),
    (
        "will_destroy",
        "Appeal_to_fear-prejudice",
        "Open borders will destroy our country.",
        "will destroy our country",
    ),
    ("before_too_late", "Appeal_to_fear-prejudice", "Act before it's too late.", "before it's too late"),
    (
        "if_we_do_not_act",
        "Appeal_to_fear-prejudice",
        "If we don't act now, the town will drown.",
        "If we don't act now, the town will drown",
    ),
    (
        "time_running_out",
        "Appeal_to_fear-prejudice",
        "Time is running out for the reef.",
        "Time is running out",
    ),
    (
        "bandwagon_phrase",
        "Bandwagon,Reductio_ad_hitlerum",
        "Everyone knows the vote was rigged.",
        "Everyone knows the vote was rigged",
    ),
    (
        "like_hitler",
        "Bandwagon,Reductio_ad_hitlerum",
        "They burn books just like the Nazis.",
        "just like the Nazis",
    ),
]


def _span(sentence: str, expected: str) -> tuple[int, int]:
    start = sentence.index(expected)
    assert sentence.find(expected, start + 1) == -1, "expected text must occur once"
    return start, start + len(expected)


@pytest.mark.parametrize(("pattern", "technique", "sentence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pattern_gives_exact_span(pattern: str, technique: str, sentence: str, expected: str) -> None:
    got = [(m.start, m.end, m.technique) for m in find_patterns(sentence) if m.pattern == pattern]
    assert (*_span(sentence, expected), technique) in got


def test_every_pattern_and_every_technique_is_tested() -> None:
    names = {p.name for p in load_lexicon().patterns}
    assert names == {c[0] for c in CASES}
    covered = {c[1] for c in CASES} | {"Repetition"}
    assert covered == set(TECHNIQUES)


def test_every_pattern_names_a_known_technique_and_has_a_description() -> None:
    for pattern in load_lexicon().patterns:
        assert pattern.technique in TECHNIQUES
        assert pattern.description


def test_repetition_marks_each_use_after_the_first() -> None:
    text = "Illegal aliens crossed. Officials said illegal aliens were caught. More illegal aliens came."
    got = [(m.start, m.end, m.technique) for m in find_repetition(text)]
    first = text.index("illegal aliens")
    second = text.index("illegal aliens", first + 1)
    assert got == [(first, first + 14, "Repetition"), (second, second + 14, "Repetition")]
    assert "repeated phrase 'illegal aliens' (3 times)" in find_repetition(text)[0].cue


def test_repetition_ignores_names_and_single_neutral_words() -> None:
    text = "The White House spoke. The White House denied it. The report said the report was late."
    assert find_repetition(text) == []


def test_repetition_of_a_loaded_word_needs_three_uses() -> None:
    text = "A hoax. Another hoax. The hoax goes on."
    spans = [(m.start, m.end) for m in find_repetition(text)]
    assert [text[s:e] for s, e in spans] == ["hoax", "hoax"]
    assert spans[0][0] == text.index("hoax", 3)


def test_trim_follows_the_corpus_rule() -> None:
    assert trim("  a word, ", 0, 10) == (2, 8)


def test_matches_are_in_text_order_and_never_empty() -> None:
    text = "Experts agree: the so-called reform is the worst deal in history. It is what it is."
    matches = find_all(text)
    assert matches == sorted(matches, key=lambda m: (m.start, m.end, m.technique))
    assert all(m.start < m.end for m in matches)


def _longest_first(entries: tuple[str, ...]) -> str:
    """The plain alternation the trie replaced: one branch per entry, longest first."""
    import re

    escaped = [
        r"\s+".join(re.escape(part) for part in entry.split())
        for entry in sorted(entries, key=lambda e: (-len(e), e))
    ]
    return r"(?<![\w-])(?:" + "|".join(escaped) + r")(?![\w-])"


_PIECES = ["out", "rage", "ous", "d", "no", " big", " deal", "so", "-called", "a", "b"]


@given(
    entries=st.lists(
        st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join), min_size=1, max_size=8
    ).map(lambda xs: tuple(sorted({x.strip() for x in xs if x.strip()}))),
    text=st.lists(st.sampled_from([*_PIECES, " ", "  ", ", ", "X"]), max_size=30).map("".join),
)
@example(entries=("no", "no big", "no big deal"), text="no big deal, no  big, no")
@example(entries=("out", "outrage", "outraged", "so-called"), text="outraged out outrage so-called so")
@settings(max_examples=300, deadline=None)
def test_the_trie_alternation_matches_as_the_longest_first_one(entries: tuple[str, ...], text: str) -> None:
    import re

    from framelens.techniques.lexicon import _alternation

    if not entries:
        return
    trie, plain = re.compile(_alternation(entries), re.I), re.compile(_longest_first(entries), re.I)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
