"""Counts in messages that read right: "1 article", "2 articles", "1 story".

Written by hand: ``inflect`` would do it for any word, but the messages use a dozen known
nouns, so a table of the irregular ones is enough and adds no dependency.
"""

from __future__ import annotations

_IRREGULAR = {"story": "stories", "copy": "copies", "entry": "entries", "is": "are", "was": "were"}


def plural(word: str) -> str:
    """The plural of one of the nouns framelens counts in its messages (the last word of a phrase)."""
    head, _, last = word.rpartition(" ")
    return f"{head} {plural(last)}" if head else _IRREGULAR.get(word, word + "s")


def counted(n: int, word: str) -> str:
    """``n`` and ``word`` agreeing in number: counted(1, "row") is "1 row", counted(2, "row") "2 rows"."""
    return f"{n} {word if n == 1 else plural(word)}"
