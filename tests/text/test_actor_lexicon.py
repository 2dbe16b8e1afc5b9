"""The word lists and country table about actors' names (framelens.text.actor_lexicon)."""

from __future__ import annotations

from framelens.text.actor_lexicon import actor_lexicon


def test_country_aliases_are_looked_up_folded() -> None:
    lex = actor_lexicon()
    assert {lex.country_names[k] for k in ("u s", "us", "america", "united states")} == {"United States"}


def test_demonyms_keep_their_written_form() -> None:
    lex = actor_lexicon()
    assert lex.demonyms["Americans"] == "United States"
    assert "americans" not in lex.demonyms


def test_lists_are_lower_case_sets() -> None:
    lex = actor_lexicon()
    assert {"minister", "general"} <= lex.title_heads
    assert {"interior", "prime"} <= lex.title_modifiers
    assert lex.pronouns == lex.masculine_pronouns | lex.feminine_pronouns
    assert {"of", "for", "and"} <= lex.function_words
    assert all(word == word.lower() for word in lex.title_heads | lex.function_words)


def test_lexicon_is_read_once() -> None:
    assert actor_lexicon() is actor_lexicon()
