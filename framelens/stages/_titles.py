"""Titles written before a name in a parsed Doc ("Interior Minister" Reyl): actors and labels stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from framelens.text.actor_lexicon import ActorLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc


def title_start(doc: Doc, start: int, lex: ActorLexicon, limit: int = 0) -> int:
    """The first token of a title right before token ``start`` ("Interior Minister" Reyl), or ``start``.

    A title is a title head ("Minister", "General", "analyst") optionally preceded by title
    modifiers ("Interior", "Prime", "opposition").  Capitalised heads count anywhere; lower-case
    role words ("analyst", "commander") count too, since "analyst Sam Heller" is a role, not
    part of the name.  ``limit`` is the first token the title may use.
    """
    i = start - 1
    if i < limit or doc[i].lower_ not in lex.title_heads:
        return start
    first = i
    i -= 1
    while i >= limit:
        low = doc[i].lower_
        if low in lex.title_heads or low in lex.title_modifiers:
            first = i
            i -= 1
            continue
        break
    return first
