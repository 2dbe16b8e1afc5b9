"""Reading numeric expressions off spaCy tokens: the surface half of the quantities stage.

The vocabulary comes from ``_quantity_lexicon``; this module matches expressions
token by token in one left-to-right pass.  What a figure *means* in its sentence (the counted noun, the
verb, the source) is worked out from the parse in ``_quantity_parse``; the
normalisation rules are documented in ``framelens.stages.quantities``.

Token indices are used here and never leave the stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from framelens.stages._doc_index import doc_text
from framelens.stages._quantity_lexicon import Phrase, QuantityLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]{1,3})$")
_YEAR = re.compile(r"^\d{4}$")
_DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")
# Phone numbers: "+44 20 7946 0958", "(555) 123-4567", "555-0142".  Matched on the
# raw text because the tokenizer splits them unpredictably.
_PHONE = re.compile(
    r"\+\d[\d\s().-]{6,}\d"
    r"|\(\d{2,5}\)\s?\d{3}[-.\s]\d{4}"
    r"|(?<![\w.,-])\d{3}[-.]\d{3}[-.]\d{4}\b"
    r"|(?<![\w.,-])\d{3}-\d{4}\b"
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One numeric expression read off the tokens, before the parse is consulted.

    ``start``/``end`` are token indices of the whole expression (approximator and
    unit included); ``core_start``/``core_end`` those of the number itself, used to
    find where it hangs in the parse.
    """

    start: int
    end: int
    core_start: int
    core_end: int
    value: float | None
    low: float | None
    high: float | None
    approx: str | None
    kind: str
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class _Core:
    """A bare number: exact (``value``) or vague (``low``/``high`` with the words as ``approx``)."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: str | None = None
    percent: bool = False  # a spelled fraction such as "two-thirds"
    scale: float = 1.0  # the scale word applied ("2.5 billion" -> 1e9)


def blocked_tokens(doc: Doc) -> set[int]:
    """Token indices inside phone numbers, which are never quantities."""
    blocked: set[int] = set()
    for m in _PHONE.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            blocked.update(range(span.start, span.end))
    return blocked


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _clean(value: float) -> float:
    """Round away float noise from tolerance arithmetic (2700.0000000000005 -> 2700.0)."""
    return float(round(value, 6))


def _phrase_at(
    doc: Doc, i: int, end: int, table: dict[Phrase, Any] | frozenset[Phrase], longest: int
) -> Phrase | None:
    """The longest phrase of ``table`` starting at token ``i`` (and ending before ``end``)."""
    for n in range(min(longest, end - i), 0, -1):
        words = tuple(doc[k].lower_ for k in range(i, i + n))
        if words in table:
            return words
    return None


def _phrase_before(doc: Doc, i: int, lo: int, table: dict[Phrase, Any], longest: int) -> Phrase | None:
    """The longest phrase of ``table`` ending just before token ``i`` (and starting at or after ``lo``)."""
    for n in range(min(longest, i - lo), 0, -1):
        words = tuple(doc[k].lower_ for k in range(i - n, i))
        if words in table:
            return words
    return None


class Reader:
    """Matches figures in one Doc; ``read(i)`` tries an expression starting at token ``i``."""

    def __init__(self, doc: Doc, lex: QuantityLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc_text(doc)
        self.blocked = blocked_tokens(doc)

    # --- bare numbers -------------------------------------------------------------

    def _glued(self, tok: Token) -> bool:
        """Digits glued to letters by a hyphen ("F-35", "COVID-19") are names, not figures."""
        idx, text = tok.idx, self.text
        return idx >= 2 and text[idx - 1] == "-" and text[idx - 2].isalpha()

    def _scale_after(self, j: int, end: int, value: float) -> tuple[float, int]:
        doc, scales = self.doc, self.lex.scales
        while j < end and doc[j].lower_ in scales:
            value *= scales[doc[j].lower_]
            j += 1
        return value, j

    def _digits(self, i: int, end: int) -> _Core | None:
        tok = self.doc[i]
        text = tok.lower_
        if _DIGITS.match(text):
            if len(text) > 1 and text[0] == "0" and "." not in text:
                return None  # "0142": a code, not an amount
            value = _num(text)
            j = i + 1
            if j < end and not tok.whitespace_ and self.doc[j].lower_ in self.lex.suffixes:
                scale = float(self.lex.suffixes[self.doc[j].lower_])
                return _Core(i, j + 1, value * scale, scale=scale)
            scaled, j = self._scale_after(j, end, value)
            return _Core(i, j, scaled, scale=scaled / value if value else 1.0)
        m = _DIGITS_SUFFIX.match(text)
        if m and m.group(2) in self.lex.suffixes:
            scale = float(self.lex.suffixes[m.group(2)])
            return _Core(i, i + 1, _num(m.group(1)) * scale, scale=scale)
        return None

    def _words(self, i: int, end: int) -> _Core | None:
        """Spelled numbers: "twenty-five", "three hundred and fifty", "a million"."""
        doc, units, scales = self.doc, self.lex.units, self.lex.scales
        total, current, seen, j = 0.0, 0.0, False, i
        if doc[i].lower_ in ("a", "an") and i + 1 < end and doc[i + 1].lower_ in scales:
            current, seen, j = 1.0, True, i + 1
        last = j
        while j < end:
            word = doc[j].lower_
            if word in units:
                current += units[word]
            elif "-" in word and all(p in units for p in word.split("-")):
                current += sum(units[p] for p in word.split("-"))
            elif word in scales and seen:
                scale = scales[word]
                if scale < 1000:
                    current = (current or 1.0) * scale
                else:
                    total, current = total + (current or 1.0) * scale, 0.0
            elif word in ("-", "and") and seen and j + 1 < end and doc[j + 1].lower_ in units:
                j += 1
                continue
            else:
                break
            seen, j = True, j + 1
            last = j
        if not seen or last == i:
            return None
        return _Core(i, last, total + current)

    def _fraction(self, i: int, end: int) -> _Core | None:
        """ "two-thirds", "a third of", "half a million", "a quarter of a million"."""
        doc, lex = self.doc, self.lex
        word = doc[i].lower_
        numerator, j = None, i
        if word == "half":
            numerator, denominator, j = 1.0, 2, i + 1
        else:
            if word in ("a", "an"):
                numerator = 1.0
            elif word in lex.units and lex.units[word] < 10:
                numerator = float(lex.units[word])
            elif word.isdigit() and len(word) == 1:
                numerator = float(word)
            else:
                return None
            j = i + 1
            if j < end and doc[j].lower_ == "-":
                j += 1
            if j >= end or doc[j].lower_ not in lex.fractions or doc[j].lower_ in ("half", "halves"):
                return None
            denominator = lex.fractions[doc[j].lower_]
            j += 1
        frac = numerator / denominator
        # "half a million", "a quarter of a million": a multiplier on a scale word
        k = j + 1 if j < end and doc[j].lower_ == "of" else j
        if k + 1 < end and doc[k].lower_ in ("a", "an") and doc[k + 1].lower_ in lex.scales:
            return _Core(i, k + 2, frac * lex.scales[doc[k + 1].lower_])
        if word == "half":
            return None  # "half of", "the second half": too often not a figure
        if word in ("a", "an") and (j >= end or doc[j].lower_ != "of"):
            return None  # "a third" alone is an ordinal use
        return _Core(i, j, _clean(frac * 100), percent=True)

    def _vague(self, i: int, end: int) -> _Core | None:
        """ "hundreds of", "tens of thousands of", "dozens", "several thousand", "a few"."""
        doc, lex = self.doc, self.lex
        word = doc[i].lower_
        if word in lex.vague_bases:
            j = i + 1
            has_of = j < end and doc[j].lower_ == "of"
            if word in lex.vague_need_of and not has_of:
                return None
            base = float(lex.vague_bases[word])
            if (
                has_of
                and j + 1 < end
                and doc[j + 1].lower_ in lex.vague_bases
                and doc[j + 1].lower_ not in lex.vague_need_of
            ):
                base *= lex.vague_bases[doc[j + 1].lower_]
                j += 2
            if j + 1 < end and doc[j].lower_ == "of" and not doc[j + 1].is_punct:
                j += 1  # "hundreds of people": the "of" belongs to the expression
            words = " ".join(t.lower_ for t in doc[i:j])
            high = 10 * base - 1
            if word in lex.vague_highs:  # "dozens" ends at 99, "dozens of thousands" at 99,000
                high = min(high, lex.vague_highs[word] * base / lex.vague_bases[word])
            return _Core(i, j, None, 2 * base, high, vague=words)
        phrase = _phrase_at(doc, i, end, lex.multipliers, 3)
        if phrase is None or phrase == ("few",):
            return None
        lo, hi = lex.multipliers[phrase]
        j = i + len(phrase)
        if j < end and doc[j].lower_ in lex.scales:
            scale = lex.scales[doc[j].lower_]
            return _Core(i, j + 1, None, float(lo * scale), float(hi * scale), vague=" ".join(phrase))
        head = doc[j - 1].head if phrase[-1] != "of" else doc[j]
        if j < end and head.i >= j and head.tag_ in ("NNS", "NNPS"):
            return _Core(i, j, None, float(lo), float(hi), vague=" ".join(phrase))
        return None

    def core(self, i: int, end: int) -> _Core | None:
        """A bare number starting at token ``i``, or None."""
        if i in self.blocked:
            return None
        tok = self.doc[i]
        if tok.lower_[:1].isdigit():
            if self._glued(tok):
                return None
            return self._fraction(i, end) or self._digits(i, end)
        return self._fraction(i, end) or self._vague(i, end) or self._words(i, end)

    # --- dates and durations --------------------------------------------------------

    def _is_year(self, tok: Token) -> bool:
        return bool(_YEAR.match(tok.text)) and self.lex.year_low <= int(tok.text) <= self.lex.year_high

    def _date(self, i: int, lo: int, end: int) -> Figure | None:
        """ "January 3, 2020", "3 January 2020", "January 2020", "on Monday", "last week"."""
        doc, lex = self.doc, self.lex
        tok = doc[i]
        word = tok.lower_
        start, j = i, i + 1
        year: float | None = None
        if _DAY.match(word) and j < end and doc[j].lower_ in lex.months and doc[j].text[:1].isupper():
            j += 1  # "3 January [2020]"
            if j < end and self._is_year(doc[j]):
                year, j = float(doc[j].text), j + 1
            return Figure(start, j, start, j, year, None, None, None, "date")
        if word in lex.months and tok.text[:1].isupper():
            if j < end and _DAY.match(doc[j].lower_):
                j += 1
                if j + 1 < end and doc[j].text == "," and self._is_year(doc[j + 1]):
                    year, j = float(doc[j + 1].text), j + 2
                elif j < end and self._is_year(doc[j]):
                    year, j = float(doc[j].text), j + 1
            elif j < end and self._is_year(doc[j]):
                year, j = float(doc[j].text), j + 1
            elif word in lex.ambiguous_months and not (i > lo and doc[i - 1].lower_ in lex.date_preps):
                return None
            return Figure(start, j, start, j, year, None, None, None, "date")
        if word in lex.weekdays and tok.text[:1].isupper() and tok.dep_ != "compound":
            return Figure(i, j, i, j, None, None, None, None, "date")
        rel = _phrase_at(doc, i, end, lex.relative, 2)
        if rel is not None:
            j = i + len(rel)
            before_the = i > lo and doc[i - 1].lower_ == "the"
            if (
                j < end
                and doc[j].lower_ in lex.time_units
                and not doc[j].lower_.endswith("s")
                and not before_the
            ):
                return Figure(i, j + 1, i, j + 1, None, None, None, None, "date")
        return None

    def _lookback(self, i: int, lo: int, end: int) -> Figure | None:
        """ "the last decade", "the past few months", "the next 10 years", "a decade"."""
        doc, lex = self.doc, self.lex
        word = doc[i].lower_
        j = i + 1
        if word in ("a", "an"):
            if j < end and doc[j].lower_ in lex.time_units and not doc[j].lower_.endswith("s"):
                return Figure(i, j + 1, i, j + 1, 1.0, 1.0, 1.0, None, "duration", doc[j].lower_)
            return None
        if word not in lex.lookback:
            return None
        has_the = i > lo and doc[i - 1].lower_ == "the"
        start = i - 1 if has_the else i
        if j < end and doc[j].lower_ in lex.time_units:
            unit = doc[j].lower_
            if not has_the or unit.endswith("s"):
                return None  # "last week" is a date; "the past months" has no figure
            return Figure(start, j + 1, j, j + 1, 1.0, 1.0, 1.0, None, "duration", unit)
        phrase = _phrase_at(doc, j, end, lex.multipliers, 3)
        if phrase is not None:
            k = j + len(phrase)
            if k < end and doc[k].lower_ in lex.time_units:
                lo_, hi_ = lex.multipliers[phrase]
                approx = " ".join(phrase)
                return Figure(
                    start, k + 1, j, k, None, float(lo_), float(hi_), approx, "duration", doc[k].lower_
                )
            return None
        core = self.core(j, end)
        if (
            core is not None
            and core.value is not None
            and core.end < end
            and doc[core.end].lower_ in lex.time_units
        ):
            v = core.value
            return Figure(start, core.end + 1, j, core.end, v, v, v, None, "duration", doc[core.end].lower_)
        return None

    # --- whole expressions ----------------------------------------------------------

    def _suffix(self, k: int, end: int) -> tuple[str | None, str | None, int]:
        """The unit after a number: (kind, unit, next index); kind None when there is none."""
        doc, lex = self.doc, self.lex
        if k >= end:
            return None, None, k
        pct = _phrase_at(doc, k, end, lex.percent, 2)
        if pct is not None:
            return "percent", None, k + len(pct)
        word = doc[k].lower_
        if word in lex.currency_words:
            return "money", lex.currency_words[word], k + 1
        if word in lex.time_units:
            return "duration", word, k + 1
        return None, None, k

    def _part(self, i: int, end: int) -> tuple[_Core, str | None, str | None, int] | None:
        """[currency symbol] number [unit]: (core, kind, unit, next index)."""
        doc, lex = self.doc, self.lex
        currency = lex.currency_symbols.get(doc[i].lower_)
        j = i + 1 if currency else i
        if j >= end:
            return None
        core = self.core(j, end)
        if core is None:
            return None
        kind, unit, k = self._suffix(core.end, end)
        if currency:
            kind, unit = "money", currency
        elif kind is None and core.percent:
            kind = "percent"
        return core, kind, unit, k

    def read(self, i: int, lo: int, end: int) -> Figure | None:
        """The figure whose number starts at token ``i``; ``lo``..``end`` bound the search
        (the sentence, less any figure already read)."""
        doc, lex = self.doc, self.lex
        fig = self._date(i, lo, end) or self._lookback(i, lo, end)
        if fig is not None:
            return fig
        part = self._part(i, end)
        if part is None:
            return None
        core, kind, unit, k = part
        if k < end and doc[k].lower_ == "-" and not doc[k - 1].whitespace_ and k + 1 < end:
            nxt = doc[k + 1].lower_
            if nxt in lex.time_units and not (k + 3 < end and doc[k + 3].lower_ == "old"):
                kind, unit, k = "duration", nxt, k + 2  # "a 10-day ceasefire"
            elif nxt.isalpha():
                return None  # "5-year-old", "2-1": a compound word, not a figure
        if self._skip(core, i, lo, end):
            return None
        first_start = i
        opener = doc[i - 1].lower_ if i > lo else ""
        second: _Core | None = None
        if k + 1 < end and core.value is not None and opener not in lex.change_openers:
            joiner = doc[k].lower_
            if joiner in lex.range_joiners or (joiner == "and" and opener in lex.range_openers):
                other = self._part(k + 1, end)
                if (
                    other is not None
                    and other[0].value is not None
                    and _phrase_at(doc, k, end, lex.after, 2) is None
                ):
                    second = other[0]
                    kind, unit = kind or other[1], unit or other[2]
                    k = other[3]
        start, approx, direction = first_start, None, "exact"
        if second is not None and opener in lex.range_openers:
            start, approx = i - 1, opener
        elif second is None:
            phrase = _phrase_before(doc, i, lo, lex.approximators, lex.max_phrase)
            if phrase is not None:
                start, approx, direction = i - len(phrase), " ".join(phrase), lex.approximators[phrase]
            after = _phrase_at(doc, k, end, lex.after, 2)
            if after is not None:
                direction = lex.after[after]
                approx = " ".join(after) if approx is None else f"{approx} {' '.join(after)}"
                k += len(after)
        if kind is None:
            kind = self._bare_kind(core, second, approx, i, lo, k, end)
        core_start = core.start
        core_end = second.end if second is not None else core.end
        if second is not None:
            assert core.value is not None and second.value is not None
            first = (
                core.value * second.scale
                if core.scale == 1.0 and core.value < second.value / second.scale * 10
                else core.value
            )
            return Figure(
                start, k, core_start, core_end, None, _clean(first), _clean(second.value), approx, kind, unit
            )
        if core.value is None:  # vague: "hundreds of", "several thousand"
            words = core.vague if approx is None else f"{approx} {core.vague}"
            low, high = core.low, core.high
            if direction == "above":
                high = None
            elif direction == "below":
                low = None
            return Figure(start, k, core_start, core_end, None, low, high, words, kind or "count", unit)
        if kind == "date":
            return Figure(start, k, core_start, core_end, core.value, None, None, None, kind, unit)
        if kind == "duration" and approx in lex.not_for_duration:
            start, approx, direction = first_start, None, "exact"  # "over three years": a preposition
        low_v, high_v = self.bounds(core.value, direction)
        return Figure(start, k, core_start, core_end, core.value, low_v, high_v, approx, kind, unit)

    def bounds(self, x: float, direction: str) -> tuple[float | None, float | None]:
        """[low, high] of figure ``x`` under an approximator direction (rules in the stage docstring)."""
        tol = self.lex.tolerance
        if direction == "above":
            return x, None
        if direction == "above_near":
            return x, _clean(x + x * tol)
        if direction == "below":
            return None, x
        if direction == "below_near":
            return _clean(x - x * tol), x
        if direction == "around":
            return _clean(x - x * tol), _clean(x + x * tol)
        return x, x

    def _skip(self, core: _Core, i: int, lo: int, end: int) -> bool:
        """Numbers that are not figures: list markers, the pronoun "one"."""
        doc = self.doc
        if core.value is not None and core.end == core.start + 1 and core.end < end:
            nxt = doc[core.end].text
            at_line_start = core.start == lo or "\n" in doc[core.start - 1].text_with_ws
            if at_line_start and nxt in (".", ")") and doc[core.start].text.isdigit():
                return True  # "1." / "2)" list markers
        if core.end == core.start + 1 and doc[core.start].lower_ in self.lex.pronoun_like:
            tok = doc[core.start]
            follows_of = core.end < end and doc[core.end].lower_ == "of"
            return tok.dep_ != "nummod" or follows_of
        return False

    def _bare_kind(
        self, core: _Core, second: _Core | None, approx: str | None, i: int, lo: int, k: int, end: int
    ) -> str:
        """count, date (a year) or other (a number in a name) for a figure with no unit."""
        doc, lex = self.doc, self.lex
        tok = doc[core.start]
        single = core.end == core.start + 1 and core.value is not None
        if single and approx is None and self._is_year(tok):
            if second is not None:
                if second.end == second.start + 1 and self._is_year(doc[second.start]):
                    return "date"
            else:
                nxt = doc[k] if k < end else None
                counted = nxt is not None and (nxt.tag_ in ("NNS", "NNPS") or nxt.lower_ in lex.counted_hints)
                if not counted:
                    return "date"
        if single and approx is None and i > lo:
            prev = doc[i - 1]
            if prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.lower_ not in lex.months:
                return "other"  # "Resolution 2254", "Flight 752"
        return "count"
