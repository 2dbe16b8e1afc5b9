"""The speech word lists (framelens.text.quote_lexicon)."""

from __future__ import annotations

from framelens.text.quote_lexicon import quote_lexicon


def test_lexicon_loads_from_resources() -> None:
    lex = quote_lexicon()
    assert {"say", "report", "argue", "claim", "write"} <= lex.cue_verbs
    assert lex.extensions.match(" in a text message", 0)
    assert lex.work_before.search("the BBC in its article, ")
    assert lex.naming_before.search("was nicknamed ")
    assert lex.scare_max_words == 4


def test_lexicon_is_read_once() -> None:
    assert quote_lexicon() is quote_lexicon()
