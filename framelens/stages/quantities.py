"""Numeric claims: every figure an article asserts, normalised, with what it counts and who says so.

Coverage of one event differs most visibly in its numbers ("603" vs "hundreds",
"nearly 5,000" vs "fewer than 1,000"); a later comparison stage decides whether two
figures disagree from ``low``/``high``, so the rules below are a contract.

Reading (vocabulary in ``resources/quantities/lexicon.toml``)
-------------------------------------------------------------
Numbers are digits ("603", "5,000", "2.5"), spelled ("twenty-five", "three
hundred and fifty"), scaled ("2.5 billion", "€300m", "half a million", "a
quarter of a million"), spelled fractions ("two-thirds"), vague plurals
("hundreds of", "tens of thousands of", "dozens") or vague multipliers
("several thousand", "a few hundred", "several people").  ``Quantity.span``
covers the whole expression: approximator, currency, number, unit.

Normalisation of a figure X
---------------------------
``value`` is the figure as written, scale applied; ``low``/``high`` the interval the
sentence commits to, None meaning unbounded on that side.  Tolerance t = 0.1.

=================  ==========================  =====================  ==================
approximator       examples                    low                    high
=================  ==========================  =====================  ==================
none / exact       "603", "exactly 603"        X                      X
above              "more than", "at least",    X                      None
                   "over", "500 or more"
above_near         "just over"                 X                      X * (1 + t)
below              "fewer than", "up to",      None                   X
                   "no more than", "as many as"
below_near         "nearly", "almost",         X * (1 - t)            X
                   "close to", "just under"
around             "about", "around", "some",  X * (1 - t)            X * (1 + t)
                   "an estimated", "500 or so"
=================  ==========================  =====================  ==================

So "more than 500" -> value 500, low 500, high None, approx "more than";
"nearly 5,000" -> value 5000, low 4500, high 5000; "about 3,000" -> value 3000,
low 2700, high 3300.  ``approx`` is the approximator as written, lower-cased.

* Ranges ("between 10 and 20", "10-20", "10 to 20", "two or three"): value None,
  low and high the two ends, approx "between" when written, else None.  A scale
  on the second end carries to the first ("2 to 3 million" -> 2e6..3e6).
  "from 10 to 20" is a change, read as two figures.
* Vague plurals of base B ("hundreds" B=100, "thousands" 1000, "tens of
  thousands" 10,000, "dozens" 12, "scores" 20): value None, low 2B, high 10B - 1,
  approx the words ("hundreds of"); "dozens" ends at 99 (past it one says
  "hundreds").  An approximator before them keeps its side only ("more than
  hundreds of" -> high None).
* Vague multipliers m in [a, b] ("several" [3, 9], "a few" [2, 5]): value None,
  low a * scale, high b * scale ("several thousand" -> 3000..9000).
* Percentages ("40%", "40 percent", "40 per cent"): kind ``percent``, value 40.
  Spelled fractions become percentages rounded to 6 places: "two-thirds" ->
  66.666667.  "half" alone is not read (too often "the second half").
* Money ("$2.5 billion", "€300m", "2 million dollars"): kind ``money``, value in
  currency units (2.5e9), ``counted`` the ISO code ("USD").
* Durations ("three years", "a decade", "the last decade", "the past few
  months"): kind ``duration``, value in the unit as written, ``counted`` the unit
  ("decade"); "the last/past <unit>" is 1 unit; "few"/"several" give low/high.
  "over"/"under" before a duration are prepositions ("over three years" is
  "during"), so they are not approximators there.  ``time`` is None.
* Dates ("January 3, 2020", "3 January 2020", "January 2020", "on Monday",
  "last week", a year "2012"): kind ``date``, value the year when one is written,
  else None; low/high None (a year range "2012-2014" has low/high the years).
  A four-digit number in [1900, 2100] with no approximator, scale or unit is a
  year unless a plural noun follows ("2000 soldiers" is a count).
* ``other``: a number inside a name ("Resolution 2254", "Flight 752").
* Not figures at all: ordinals ("First,", "the 2nd Infantry"), list markers
  ("1."), the pronoun "one" ("one of the", "not one whose"), phone numbers,
  numbers glued to letters ("F-35", "COVID-19", "5-year-old"), codes with a
  leading zero ("0142").

From the parse (``_quantity_parse``)
------------------------------------
``counted``: the noun the number modifies or "<number> of <noun>", with its
common-noun compounds, as written ("service members"; "U.S." is a proper-noun
modifier and left out).  ``predicate``: lemma of the verb on that noun (reduced
relative first: "troops stationed" -> "station"; passive: "have been killed" ->
"kill").  ``place``/``time``: the first prepositional phrase on the noun or verb
whose object is a place entity / a date, time or time word, verbatim with its
preposition ("in Iraq", "in the past year").  ``attribution``: the subject (or
"by" agent) of a speech verb above the figure, else "according to X" in the
sentence, else a speech verb with a "by" agent in the figure's clause ("the
number claimed by the US").  Pronoun sources stay pronouns ("he").
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from framelens.context import Context, ModelKind
from framelens.models import Analysis, Quantity, Span
from framelens.pipeline import stage
from framelens.stages._numbers import Figure, Reader
from framelens.stages._quantity_lexicon import QuantityLexicon, lexicon
from framelens.stages._quantity_parse import attach

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_quantities", "quantities"]


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every figure in a parsed spaCy ``Doc``, in text order (offsets into ``doc.text``)."""
    lex = lexicon()
    reader = Reader(doc, lex)
    triggers = lex.triggers
    found: list[Quantity] = []
    for sent in doc.sents:
        lo, end, i = sent.start, sent.end, sent.start
        while i < end:
            word = doc[i].lower_
            fig = reader.read(i, lo, end) if word[:1].isdigit() or word in triggers else None
            if fig is None:
                i += 1
                continue
            found.append(_quantity(doc, fig, lex))
            lo = i = fig.end
    return found


def _quantity(doc: Doc, fig: Figure, lex: QuantityLexicon) -> Quantity:
    info = attach(doc, fig.start, fig.end, fig.kind, lex)
    first, last = doc[fig.start], doc[fig.end - 1]
    counted = fig.unit if fig.kind in ("money", "duration") else info.counted
    return Quantity(
        span=Span(first.idx, last.idx + len(last.text)),
        value=fig.value,
        low=fig.low,
        high=fig.high,
        approx=fig.approx,
        counted=counted,
        predicate=info.predicate,
        attribution=info.attribution,
        kind=fig.kind,
        place=info.place,
        time=info.time if fig.kind != "duration" else None,
    )


@stage(
    "quantities", "2", requires=["article", "sentences"], produces=["quantities"], models=[ModelKind.spacy]
)
def quantities(analysis: Analysis, ctx: Context) -> Analysis:
    """Add the article's numeric claims (see the module docstring for the rules)."""
    doc = ctx.doc(analysis.article)
    return dataclasses.replace(analysis, quantities=tuple(find_quantities(doc)))
