"""What a figure means in its sentence, read from the dependency parse.

Given the tokens of a figure (from ``_numbers``), walk the parse: from the number
to the noun it counts (``nummod``, or "hundreds *of* people"), from the noun to
the verb that says what happened to it (a reduced relative "troops *stationed*"
first, else the governing verb, passive included), the prepositional place and
time attached to either, and the source when the sentence names one: a speech
verb governing the clause ("HRW *reported* that ..."), "*according to* X", or a
"*claimed by* X" agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from framelens.stages._quantity_lexicon import QuantityLexicon
from framelens.text.entity_types import PLACE_ENTITIES, WHEN_ENTITIES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Children that make a name phrase long without naming anything more:
# "Sam Heller, an analyst who studies ..." -> "Sam Heller".
_TRIM_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "punct", "parataxis", "ccomp", "prep"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_NUM_LINKS = frozenset({"nummod", "quantmod", "amod", "det", "compound", "nmod"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Attachments:
    """The parse-derived fields of one Quantity."""

    counted: str | None
    predicate: str | None
    attribution: str | None
    place: str | None
    time: str | None


def anchor(doc: Doc, start: int, end: int) -> Token:
    """The token of ``doc[start:end]`` that hangs the figure into the sentence (its head is outside)."""
    best = doc[end - 1]
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            best = tok
    return best


def _kept(child: Token) -> bool:
    """Whether a dependent stays in a name phrase: "of" phrases do ("one of the officers")."""
    return child.dep_ not in _TRIM_DEPS or (child.dep_ == "prep" and child.lower_ == "of")


def phrase_text(tok: Token) -> str:
    """The noun phrase headed by ``tok`` without appositions, clauses and trailing punctuation."""
    keep = [tok.i]
    stack = [c for c in tok.children if _kept(c)]
    while stack:
        child = stack.pop()
        keep.append(child.i)
        stack.extend(c for c in child.children if _kept(c) or child.i < tok.i)
    lo, hi = min(keep), max(keep)
    doc = tok.doc
    while lo < hi and doc[hi].is_punct:
        hi -= 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    return doc[lo : hi + 1].text


def _noun_text(noun: Token) -> str:
    """The counted noun with its common-noun compounds ("service members"), as written."""
    first = noun.i
    for child in reversed(list(noun.lefts)):
        if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i == first - 1:
            first = child.i
    # Sentence-initial capitals go ("Soldiers" -> "soldiers"); acronyms and names stay ("ISIS").
    return " ".join(
        t.lower_ if t.pos_ == "NOUN" and t.text.istitle() else t.text for t in noun.doc[first : noun.i + 1]
    )


def _of_object(tok: Token) -> Token | None:
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOUNS:
                    return obj
    return None


def counted_noun(anc: Token, start: int, end: int, lex: QuantityLexicon) -> Token | None:
    """The noun a figure counts: its head noun, "X of <noun>", or a hinted noun right after it."""
    head = anc.head
    if anc.dep_ in _NUM_LINKS and head.pos_ in _NOUNS and not start <= head.i < end and head.i > anc.i:
        return head
    if anc.pos_ in _NOUNS or anc.pos_ == "NUM" or anc.lower_ == "%":
        obj = _of_object(anc)
        if obj is not None:
            return obj
    doc = anc.doc
    limit = min(end + 3, anc.sent.end)
    for k in range(end, limit):
        tok = doc[k]
        if tok.pos_ == "NOUN" and tok.lower_ in lex.counted_hints:
            return tok
        if tok.pos_ not in ("ADJ", "PROPN", "NOUN", "ADV"):
            break
    return None


def predicate_verb(start_tok: Token) -> Token | None:
    """The verb saying what happened to the counted thing.

    A participle or relative clause on the noun wins ("troops stationed in Iraq"),
    else the first verb up the tree ("people have been killed" -> killed).
    """
    for child in start_tok.rights:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            return child
    tok = start_tok
    for _ in range(12):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok
    return None


def _pp_text(prep: Token, obj: Token) -> str:
    doc = prep.doc
    return doc[prep.i : obj.i + 1].text


def _is_time(obj: Token, lex: QuantityLexicon) -> bool:
    return obj.ent_type_ in WHEN_ENTITIES or obj.lower_ in lex.time_units or obj.lower_ in lex.months


def place_and_time(holders: list[Token], lex: QuantityLexicon) -> tuple[str | None, str | None]:
    """The first prepositional place ("in Iraq") and time ("in the past year") on the holders."""
    place: str | None = None
    time: str | None = None
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "npadvmod" and child.ent_type_ in WHEN_ENTITIES and time is None:
                time = phrase_text(child)
            if child.dep_ != "prep" or (child.i < holder.i and holder.pos_ != "VERB"):
                continue
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            if time is None and _is_time(obj, lex):
                time = _pp_text(child, obj)
            elif place is None and obj.ent_type_ in PLACE_ENTITIES:
                place = _pp_text(child, obj)
        if place is not None and time is not None:
            break
    return place, time


def _source_of(verb: Token) -> str | None:
    """Who speaks through a speech verb: its subject, or its "by" agent when passive."""
    for child in verb.children:
        if child.dep_ == "agent":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return phrase_text(obj)
    for child in verb.children:
        if child.dep_ == "nsubj":
            return phrase_text(child)
    return None


def attribution(anc: Token, sent: Span, lex: QuantityLexicon) -> str | None:
    """The source a sentence gives for a figure, or None.

    In order: a speech verb above the figure whose subject is not the figure itself;
    "according to X" in the sentence; a speech verb with a "by" agent in the
    figure's clause ("603 is the number claimed by the US").
    """
    clause: Token | None = None
    child, tok = anc, anc
    for _ in range(16):
        if tok.head.i == tok.i:
            break
        child, tok = tok, tok.head
        if clause is None and tok.pos_ in ("VERB", "AUX"):
            clause = tok
        if tok.pos_ == "VERB" and tok.lemma_ in lex.speech_verbs and child.dep_ not in _SUBJECTS:
            source = _source_of(tok)
            if source is not None:
                return source
    for word in sent:
        if word.lower_ == "according":
            to = next((c for c in word.children if c.lower_ == "to"), None)
            if to is None and word.i + 1 < sent.end and sent.doc[word.i + 1].lower_ == "to":
                to = sent.doc[word.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return phrase_text(obj)
    for word in clause.subtree if clause is not None else ():
        if (
            word.pos_ == "VERB"
            and word.lemma_ in lex.speech_verbs
            and any(c.dep_ == "agent" for c in word.children)
        ):
            return _source_of(word)
    return None


#: what ends the clause a figure looks back into ("... killed in the Levant – 603 is ...")
_CLAUSE_BREAKS = frozenset({"–", "—", "-", "--", ":", ";"})


def counted_before(anc: Token, start: int, lex: QuantityLexicon) -> tuple[Token, Token | None] | None:
    """(counted noun, verb) for "... soldiers being attacked and killed – 603 is the number claimed".

    The figure is the subject of "is the number/figure/toll".  "the number of seats" names
    what it counts; otherwise, right after a dash, colon or semicolon, it counts the
    subject (or its "of" object: "a drip-feed of soldiers") of the last verb of the clause
    before that break, and the predicate is that verb.  Speech verbs are skipped ("...,
    officials said; 2,000 is the figure").
    """
    head = anc.head
    if anc.dep_ != "nsubj" or head.lemma_ != "be":
        return None
    attr = next((c for c in head.children if c.dep_ == "attr" and c.lemma_.lower() in lex.number_nouns), None)
    if attr is None:
        return None
    named = _of_object(attr)  # "51 is the number of seats the party needs"
    if named is not None:
        return named, predicate_verb(named)
    doc, sent = anc.doc, anc.sent
    brk = start - 1
    if brk <= sent.start or doc[brk].text not in _CLAUSE_BREAKS:
        return None
    verbs = [t for t in doc[sent.start : brk] if t.pos_ == "VERB" and t.lemma_ not in lex.speech_verbs]
    if not verbs:
        return None
    verb = verbs[-1]
    lead = verb
    while lead.dep_ == "conj" and lead.head.i != lead.i:
        lead = lead.head
    subject = next((c for c in lead.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if subject is None or subject.pos_ not in _NOUNS:
        return None
    return _of_object(subject) or subject, verb


def attach(doc: Doc, start: int, end: int, kind: str, lex: QuantityLexicon) -> Attachments:
    """All parse-derived fields for the figure at tokens ``start``..``end``."""
    anc = anchor(doc, start, end)
    noun = counted_noun(anc, start, end, lex) if kind in ("count", "percent", "other") else None
    back = counted_before(anc, start, lex) if noun is None and kind == "count" else None
    if back is not None:
        noun = back[0]
    base = noun if noun is not None else anc
    verb = back[1] if back is not None else predicate_verb(base)
    holders = [t for t in (base, verb) if t is not None]
    place, time = place_and_time(holders, lex) if kind not in ("date",) else (None, None)
    return Attachments(
        counted=_noun_text(noun) if noun is not None else None,
        predicate=verb.lemma_ if verb is not None else None,
        attribution=attribution(anc, anc.sent, lex),
        place=place,
        time=time,
    )
