"""Whose words a claim sentence speaks: the outlet's own, or a speaker's it reports.

A negation or a refutation belongs to the outlet only in the outlet's own words.  "Iran
denied any role", '"We did not order it," the minister said' and "the White House said it
would not comment" report a speaker's denial; they do not say that a claim is false.
Taking their "not" for the outlet's made near-identical sentences look opposite (one
outlet's copy of a quote ran on to a "without ..." the other left out).

The compare step has no parse (the spaCy Doc stays in the analysis workers), so what is
reported is read from the text and the quotes stage's spans:

* the quotes stage's direct and indirect quotes, and any text between quotation marks (a
  mark left open runs to the sentence's end; a closing mark with no opening one closes a
  quote that began in an earlier sentence, so it runs from the sentence's start);
* a clause holding a speech word ("said", "denied", "according to": ``[voice] speech`` in
  ``resources/compare/lexicon.toml``).  Clauses are cut at semicolons, dashes and words
  such as "but" and "while": in "she said she would resign, but has not done so" the
  second clause is the outlet's.

Precision first: whatever may be reported is taken as reported.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from framelens.comparison.lexicon import CompareLexicon
from framelens.stance.features import stem, stop_words

#: a word, with an inner apostrophe kept ("didn't", "Iran's")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_OPENING = "“«"
_DOUBLE_MARK = re.compile(r'[“”«»"]')
#: a quote in single curly marks: ‘...’ with the closing mark not inside a word
_SINGLE_QUOTED = re.compile(r"‘[^‘]*?’(?![^\W_])")
#: punctuation that ends a clause inside a sentence
_CLAUSE_MARK = re.compile(r";|:|\s[—–]\s|—|\s--\s|\(|\)")


@dataclass(frozen=True, slots=True)
class Voice:
    """One sentence with the character ranges (relative to it) that report someone's words:
    quoted (quote spans and text between marks) and clauses holding a speech word."""

    sentence: str
    quoted: tuple[tuple[int, int], ...] = ()
    speech: tuple[tuple[int, int], ...] = ()
    #: the sentence's clauses (``clauses``), kept for the negations' scope
    clauses: tuple[tuple[int, int], ...] = ()

    def own(self, start: int, end: int) -> bool:
        """Whether ``sentence[start:end]`` is in the outlet's own words."""
        return not _hits(self.quoted, start, end) and not _hits(self.speech, start, end)

    def unquoted(self, start: int, end: int) -> bool:
        """Whether ``sentence[start:end]`` is outside every quote (it may still report speech)."""
        return not _hits(self.quoted, start, end)


def _hits(ranges: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


class Word(NamedTuple):
    """A content word as written, its root and where it starts in its sentence."""

    root: str
    text: str
    start: int


@dataclass(frozen=True, slots=True)
class Negation:
    """A negator, whether it is in the outlet's own words, and the words it negates: the first
    ``dispute_scope`` content words after it in its clause."""

    cue: str
    start: int
    own: bool
    scope: tuple[Word, ...]
    #: it negates a noun ("no end in sight", "without pay"), never a predicate
    nominal: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """What the comparison reads of one claim sentence for negation and refutation: its content
    roots, every negator with its scope, and refuting words in the outlet's own words."""

    roots: frozenset[str]
    negations: tuple[Negation, ...] = ()
    refutes: tuple[str, ...] = ()
    #: it reports a speaker's denial ("the authority denied that ...")
    denial: bool = False

    @property
    def own_negations(self) -> tuple[Negation, ...]:
        return tuple(n for n in self.negations if n.own)

    @property
    def affirmed(self) -> frozenset[str]:
        """Content roots that no negator of the sentence reaches, whoever speaks it."""
        return self.roots - {w.root for n in self.negations for w in n.scope}


def negates(
    a: Reading, b: Reading, *, predicates_only: bool = False, own: bool = True
) -> tuple[Negation, Word] | None:
    """A negator in ``a``'s own words (``own=False``: in the words ``a`` reports) reaching a
    word that ``b`` affirms ("did not approve" against "approved"), with that word; None when
    there is none.  ``predicates_only`` leaves out the negators of a noun ("no", "without")."""
    affirmed = b.affirmed
    for negation in a.negations:
        if negation.own != own or (predicates_only and negation.nominal):
            continue
        for word in negation.scope:
            # a name after a negator is rarely what it denies ("without the White House"), and
            # an adverb only leads to the word it is about ("not directly dispute")
            if word.root in affirmed and not word.text[0].isupper() and not word.text.endswith("ly"):
                return negation, word
    return None


def root(word: str) -> str:
    """A word folded so that inflections meet: the stance features' stem without a final
    "e" ("approved" and "approve" -> "approv")."""
    stemmed = stem(word.lower().replace("’", "'"))
    return stemmed[:-1] if len(stemmed) > 3 and stemmed.endswith("e") else stemmed


def content(word: str, stops: frozenset[str]) -> bool:
    """Whether ``word`` carries content: not a stop word, a single letter or a negated auxiliary."""
    token = word.lower().replace("’", "'")
    return len(token) > 1 and token not in stops and not token.endswith("n't")


def clauses(sentence: str, lex: CompareLexicon) -> list[tuple[int, int]]:
    """The sentence cut into clauses at semicolons, dashes, brackets and words like "but"."""
    cuts = {0, len(sentence)}
    cuts |= {m.start() for m in _CLAUSE_MARK.finditer(sentence)}
    cuts |= {m.start() for m in lex.clause_breaks.finditer(sentence)}
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered) if b > a]


def _marked(sentence: str) -> list[tuple[int, int]]:
    """Ranges between quotation marks; a mark left unmatched runs to the sentence's edge.

    A straight mark opens after a space or at the start and closes elsewhere; single
    curly marks count only as a pair (a lone "’" is an apostrophe).
    """
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _DOUBLE_MARK.finditer(sentence):
        at, char = match.start(), match.group()
        opening = char in _OPENING or (char == '"' and (at == 0 or not sentence[at - 1].strip()))
        if opening:
            opened = at if opened is None else opened
            continue
        out.append((0 if opened is None else opened, match.end()))
        opened = None
    if opened is not None:
        out.append((opened, len(sentence)))
    out += [m.span() for m in _SINGLE_QUOTED.finditer(sentence)]
    return out


def voice(sentence: str, quoted: Iterable[tuple[int, int]], lex: CompareLexicon) -> Voice:
    """Which parts of ``sentence`` report a speaker; ``quoted`` are the quotes stage's spans
    (relative to the sentence)."""
    inside = [(max(0, a), min(len(sentence), b)) for a, b in quoted if b > 0 and a < len(sentence)]
    inside += _marked(sentence)
    # one pass over the words (a set lookup) instead of the speech pattern per clause
    said = [w.start() for w in WORD.finditer(sentence) if w.group().lower() in lex.speech_words]
    said += [m.start() for m in lex.speech_phrases.finditer(sentence)]
    bounds = clauses(sentence, lex)
    speech = [(a, b) for a, b in bounds if any(a <= at < b for at in said)]
    return Voice(sentence, tuple(sorted(inside)), tuple(speech), tuple(bounds))


def negations(v: Voice, lex: CompareLexicon) -> list[Negation]:
    """The negators of the sentence (``[claims.negation]``, less the idioms that affirm, such
    as "not only"), each with the words it negates and whether it is in the outlet's own words.

    A negator reaches the content words after it in its clause, at most ``dispute_scope`` of
    them, up to the first that is not an adverb in -ly: in "did not directly dispute it"
    it reaches "directly dispute", in "no fee-cut plan" only "fee".  A determiner
    before any content word stops it: "not the bridge" negates a noun phrase, not a claim's
    predicate, and reaches nothing.
    """
    sentence = v.sentence
    bounds = v.clauses or tuple(clauses(sentence, lex))
    stops = stop_words()
    idioms = {m.start() for m in lex.negation_idioms.finditer(sentence)}
    out = []
    for match in lex.negation.finditer(sentence):
        if match.start() in idioms:
            continue
        clause_end = next((end for start, end in bounds if start <= match.start() < end), len(sentence))
        scope: list[Word] = []
        for word in WORD.finditer(sentence, match.end(), clause_end):
            if len(scope) >= lex.dispute_scope or (not scope and word.group().lower() in lex.determiners):
                break
            if content(word.group(), stops):
                scope.append(Word(root(word.group()), word.group(), word.start()))
                if not word.group().lower().endswith("ly"):
                    break
        own = v.own(match.start(), match.end())
        nominal = match.group().lower() in lex.nominal_negators
        out.append(Negation(match.group(), match.start(), own, tuple(scope), nominal))
    return out


def proposition(sentence: str, lex: CompareLexicon, max_words: int = 12) -> str:
    """The sentence without an attribution at its edge: "X did Y, according to documents seen
    by the Courier" -> "X did Y"; "According to police, X did Y" -> "X did Y".

    What the stance model should read of a claim: it learnt from headlines, which state a
    proposition bare, and reads an attribution as hedging ("discuss").  An attribution is a
    comma-separated edge of at most ``max_words`` words holding a speech word.
    """
    text = sentence.strip()
    tail = text.rfind(",")
    if tail > 0:
        rest = text[tail + 1 :]
        if lex.speech.search(rest) and len(WORD.findall(rest)) <= max_words:
            text = text[:tail].rstrip()
    head = text.find(",")
    if head > 0:
        lead = text[:head]
        if lex.speech.search(lead) and len(WORD.findall(lead)) <= max_words:
            text = text[head + 1 :].lstrip()
    text = text.strip(' “”"‘’')
    return text if len(WORD.findall(text)) >= 3 else sentence


def _refutes(v: Voice, match: re.Match[str], lex: CompareLexicon) -> bool:
    """A refuting word is the outlet's in its own words, or right before a speech word it
    qualifies ("falsely claimed", "wrongly said"), never inside a quote."""
    if v.own(match.start(), match.end()):
        return True
    if not v.unquoted(match.start(), match.end()):
        return False
    after = lex.speech.match(v.sentence, match.end() + 1) if match.end() < len(v.sentence) else None
    return after is not None and v.sentence[match.end()] == " "


def read(sentence: str, quoted: Iterable[tuple[int, int]], lex: CompareLexicon) -> tuple[Voice, Reading]:
    """The voice of a claim sentence and what the disputes read of it."""
    v = voice(sentence, quoted, lex)
    stops = stop_words()
    roots = frozenset(root(w) for w in WORD.findall(sentence) if content(w, stops))
    refutes = tuple(m.group() for m in lex.refuting.finditer(sentence) if _refutes(v, m, lex))
    denial = lex.denials.search(sentence) is not None
    return v, Reading(roots, tuple(negations(v, lex)), refutes, denial)


def denies(a: Reading, b: Reading) -> bool:
    """Whether ``a`` reports a speaker denying what ``b`` states: a denial verb ("the
    authority denied that it raised fees") or a reported negation reaching a word ``b``
    affirms ("it did not raise fees, a spokesman said"), while ``b`` neither negates nor
    reports a denial."""
    if b.negations or b.denial:
        return False
    return a.denial or negates(a, b, own=False) is not None
