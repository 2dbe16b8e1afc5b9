"""Figures and dates compared across articles: what a figure counts, the range it allows, and
whether two figures agree, disagree or neither, with a reason a reader can check.

What a figure counts (``count_key``) is a class of counted thing, the country the counted
people belong to when the sentence says ("American soldiers", "Americans"), and the family
of what happened to them ("killed", "died").  Two keys are compatible when the predicate
families match (a sizing or reporting verb matches any) and the things are the same class
or one is a part of the other (``resources/compare/counted.toml``: soldiers are people;
"American soldiers" are Americans).  A figure with no counted noun ("police arrested 47") keeps its
predicate: it can agree with a figure of the same family, never disagree.

The range a figure allows (``figure_range``):

* exact: rounded at its own precision, so "$13.6 million" is (13,550,000, 13,650,000) and
  covers "$13,625,777"; a count below 1,000 is that whole number, while trailing zeros of a
  larger one are its precision ("40,000" covers 35,000 to 45,000, both ends excluded);
* "about", "around", "some": the stage's tolerance (10%) when the figure is round ("about
  600": 540-660), else the rounding its digits imply ("some 16": 15.5-16.5, so not 15);
* "more than" / "fewer than" exclude the figure ((500, inf)), "at least" / "up to" keep it;
  "nearly" and "just over", and vague words ("hundreds of": 200-999), as the quantities
  stage reads them.

Same things agree when their ranges overlap and disagree when they do not.  A part agrees
with its whole when its range lies within the whole's ("603" soldiers within "hundreds of"
Americans) and disagrees only when it exceeds the whole; a part below its whole is another
figure.  Precision comes first for disagreements, so none is found between: figures only
reported ("there are two more debates", "officials said 40": a plain verb or none), which
only agree; amounts of money without the same named predicate (a story carries many
amounts: demanded, offered, spent); figures more than ``max_figure_ratio`` apart, which
are two amounts rather than two accounts of one; and one-sided ranges far apart ("more
than 25", "more than 500"), which neither agree nor disagree.

Dates: a weekday ("on Saturday") or a day of a month ("January 3, 2020") dates what
happened when its predicate is a named one (not "said"); the same predicate family dated
on different days is a candidate date disagreement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from framelens.comparison.lexicon import CompareLexicon
from framelens.models import Quantity
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.names import fold, singular

#: the predicate of a figure that says only how it was sized ("put at"): matches any
ANY_PREDICATE = "*"
#: the predicate of a figure only reported or held ("is", "said"), or with none: matches any,
#: but says too little of what happened for a disagreement
REPORTED = "?"
_WILD = frozenset({ANY_PREDICATE, REPORTED})

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DAY = re.compile(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b")
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")


class CountKey(NamedTuple):
    """What a figure counts: the class of thing (None: no counted noun), the predicate family
    (``ANY_PREDICATE`` for a sizing verb, ``REPORTED`` for a reporting one or none), the
    country of the counted people, and whether it is an amount of money (what it pays for
    is only in its predicate)."""

    counted: str | None
    predicate: str
    nation: str | None = None
    amount: bool = False


@dataclass(frozen=True, slots=True)
class Range:
    """The values a figure allows, with the figure as written and what it counts as written."""

    low: float
    high: float
    text: str
    low_open: bool = False
    high_open: bool = False
    #: whether the bounds are worth stating ("hundreds of" is, a plain "47" is not)
    shown: bool = False
    counted: str | None = None

    def overlaps(self, other: Range) -> bool:
        # the tighter bound on each side; at a shared end point, open if either side is
        low = max(self.low, other.low)
        low_open = (self.low == low and self.low_open) or (other.low == low and other.low_open)
        high = min(self.high, other.high)
        high_open = (self.high == high and self.high_open) or (other.high == high and other.high_open)
        return low < high or (low == high and not low_open and not high_open)

    def within(self, other: Range) -> bool:
        above = self.low > other.low or (self.low == other.low and (self.low_open or not other.low_open))
        below = self.high < other.high or (
            self.high == other.high and (self.high_open or not other.high_open)
        )
        return above and below

    def label(self) -> str:
        """ "“hundreds of” (200–999)", "“more than 500” (over 500)", "“47”"."""
        quoted = f"“{self.text}”"
        if not self.shown:
            return quoted
        if math.isinf(self.high):
            low = _number(self.low)
            return f"{quoted} (over {low})" if self.low_open else f"{quoted} ({low} or more)"
        if self.low <= 0:
            high = _number(self.high)
            return f"{quoted} (under {high})" if self.high_open else f"{quoted} (up to {high})"
        return f"{quoted} ({_number(self.low)}–{_number(self.high)})"


@dataclass(frozen=True, slots=True)
class Verdict:
    """How two claims' figures or dates relate: ``relation`` (agree, numeric_disagreement,
    date_disagreement), why, what about ("fighter (kill)"), whether a named predicate family
    is shared (not only a reporting verb), and whether the figures are amounts of money."""

    relation: str
    reason: str
    subject: str
    same_predicate: bool
    amount: bool = False


def _number(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


# --- what a figure counts ---------------------------------------------------------------------


def _lookup(table: dict[str, str], words: list[str]) -> str | None:
    """The class of a folded noun phrase: whole phrase, then its head, each as written and singular."""
    head = words[-1]
    forms = [head, singular(head)] + ([head[:-3] + "y"] if head.endswith("ies") else [])
    for form in forms:
        for key in (" ".join([*words[:-1], form]), form):
            if key in table:
                return table[key]
    return None


#: a place or country named in a claim sentence: (start, end) in the sentence, and its name
Place = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Setting:
    """Where a figure stands, to read whose people it counts: the claim sentence, the places
    and countries it names, and the demonyms its article uses ("Ostrelian" -> "Ostrelia")."""

    sentence: str = ""
    places: Sequence[Place] = ()
    demonyms: Mapping[str, str] = field(default_factory=dict)

    def demonym(self, word: str) -> str | None:
        table = actor_lexicon()
        return self.demonyms.get(word) or table.demonyms.get(word)


def _nation(counted: str, at: int, where: Setting) -> tuple[str | None, bool]:
    """Whose people a figure counts, and whether the counted noun is itself their name.

    The mention of the counted noun nearest the figure: a place or country mention on it
    ("Americans", "Ostrelians") names the people; one right before it ("U.S. troops") says
    whose they are, and so does a demonym ("American soldiers") where the actor stage left
    the adjective untagged.
    """
    sentence = where.sentence
    nearest = min(
        re.finditer(r"\b" + re.escape(counted) + r"\b", sentence, re.IGNORECASE),
        key=lambda m: abs(m.start() - at),
        default=None,
    )
    if nearest is None:
        head = counted.split()[-1]
        return where.demonym(head), where.demonym(head) is not None
    start, end = nearest.span()
    for p_start, p_end, name in where.places:
        if p_start <= start and end <= p_end + 1:  # "Americans" (a plural past the mention too)
            return name, True
        if p_end <= start and not sentence[p_end:start].strip():
            return name, False
    head = nearest.group().split()[-1]
    if where.demonym(head) is not None:
        return where.demonym(head), True
    words = _WORD.findall(sentence[:start])
    # a country is written with a capital: "US troops", never "told us 40"
    before = words[-1] if words and words[-1][:1].isupper() else ""
    if not before:
        return None, False
    return where.demonym(before) or actor_lexicon().country_names.get(fold(before)), False


def count_key(
    quantity: Quantity, lex: CompareLexicon, at: int = 0, where: Setting | None = None
) -> CountKey | None:
    """What a figure counts and what happened to it, folded into classes: ("people", "attend").

    ``at`` is the figure's offset in the claim sentence and ``where`` the sentence with its
    places, to read whose people are counted ("American soldiers").  None when the figure
    counts nothing named and has no named predicate either.
    """
    predicate = fold(quantity.predicate) if quantity.predicate else ""
    if not predicate or predicate in lex.plain_predicates:
        family = REPORTED
    elif predicate in lex.generic_predicates:
        family = ANY_PREDICATE
    else:
        family = lex.predicate_classes.get(predicate, predicate)
    words = fold(quantity.counted).split() if quantity.counted else []
    if quantity.kind == "money" and words:  # counted is the currency: "usd"
        return CountKey(words[-1], family, amount=True)
    if not words:
        return None if family in _WILD else CountKey(None, family)
    nation, named_people = _nation(quantity.counted or "", at, where or Setting())
    event = _lookup(lex.counted_events, words)
    if event is not None:  # "47 arrests": people detained, whatever verb sized them
        return CountKey("people", event, nation)
    if named_people:  # "Americans": people of a country
        return CountKey("people", family, nation)
    return CountKey(_lookup(lex.counted_classes, words) or singular(words[-1]), family, nation)


def _part_of(part: CountKey, whole: CountKey, lex: CompareLexicon) -> bool:
    """Whether ``part`` counts a subset of what ``whole`` counts (strictly or not)."""
    if part.counted is None or whole.counted is None:
        return False
    same_class = part.counted == whole.counted or whole.counted in lex.broader.get(part.counted, ())
    return same_class and (whole.nation is None or whole.nation == part.nation)


def compatibility(a: CountKey, b: CountKey, lex: CompareLexicon) -> str | None:
    """How two figures' things relate: "same", "part" (a within b), "whole" (b within a), "bare"
    (one has no counted noun; the same named predicate family), or None."""
    if a.counted is None or b.counted is None:
        return "bare" if a.predicate == b.predicate not in _WILD else None
    if a.predicate != b.predicate and not {a.predicate, b.predicate} & _WILD:
        return None
    if a.counted == b.counted and a.nation == b.nation:
        return "same"
    if _part_of(a, b, lex):
        return "part"
    if _part_of(b, a, lex):
        return "whole"
    return None


def can_disagree(a: CountKey, b: CountKey) -> bool:
    """Whether two compatible figures may disagree, not only agree: neither is only reported
    ("there are two more debates"), and amounts of money share a named predicate ("raised",
    "appropriated"): money sized by a plain verb may be any pot."""
    if REPORTED in (a.predicate, b.predicate):
        return False
    return not (a.amount or b.amount) or a.predicate == b.predicate not in _WILD


def block_keys(key: CountKey, lex: CompareLexicon) -> set[str]:
    """The comparison blocks a figure belongs to: its class and every class above it."""
    if key.counted is None:
        return {f"count-predicate:{key.predicate}"}
    return {f"count:{c}" for c in {key.counted, *lex.broader.get(key.counted, ())}}


# --- the range a figure allows ----------------------------------------------------------------


def _digits(written: str, value: float) -> tuple[float, int, float]:
    """(mantissa as written, decimals written, scale): "$13.6 million" -> (13.6, 1, 1e6)."""
    match = _DIGITS.search(written)
    if match is None:  # spelled out: "three hundred", "two million"
        return value, 0, 1.0
    digits = match.group().replace(",", "")
    mantissa = float(digits)
    decimals = len(digits.partition(".")[2])
    scale = float(f"{value / mantissa:.6g}") if mantissa else 1.0
    return mantissa, decimals, scale


def _trailing_zeros(n: float) -> int:
    k, m = 0, round(n)
    while m and m % 10 == 0:
        m //= 10
        k += 1
    return k


def precision(written: str, value: float, approximate: bool = False) -> float:
    """The unit a figure is rounded to: "13.6 million" -> 100,000; "40,000" -> 10,000; "47" -> 1.

    Trailing zeros are precision when the figure is 1,000 or more, or when an approximator
    says it is rounded ("about 600" -> 100; a number ending in 5 from 15 up -> 5s).
    """
    mantissa, decimals, scale = _digits(written, value)
    if decimals:
        return 10.0**-decimals * scale
    if scale > 1:
        return scale
    zeros = _trailing_zeros(mantissa)
    if approximate and zeros == 0 and mantissa >= 15 and int(mantissa) % 10 == 5:
        return 5.0
    return 10.0**zeros if approximate or value >= 1000 else 1.0


def figure_range(quantity: Quantity, written: str, lex: CompareLexicon) -> Range | None:
    """The values a figure allows (see the module docstring); None for a figure with no value."""
    text = " ".join(written.split())
    counted = quantity.counted
    value, low, high = quantity.value, quantity.low, quantity.high
    if value is None:
        if low is None and high is None:
            return None
        return Range(
            low if low is not None else 0.0,
            high if high is not None else math.inf,
            text,
            shown=True,
            counted=counted,
        )
    exclusive = (quantity.approx or "").lower() in lex.exclusive
    if (low is None and high is None) or low == high == value:
        # rounding at the figure's precision; a value exactly halfway is not covered.  A count
        # written to the unit is that whole number ("500" is not above 500)
        unit = precision(written, value)
        if unit <= 1 and quantity.kind == "count" and float(value).is_integer():
            return Range(value, value, text, counted=counted)
        half = unit / 2
        lo, hi = round(value - half, 6), round(value + half, 6)
        return Range(lo, hi, text, low_open=True, high_open=True, shown=half > 0.5, counted=counted)
    if high is None:  # "more than 500", "at least 40"
        return Range(value, math.inf, text, low_open=exclusive, shown=True, counted=counted)
    if low is None:  # "fewer than 1,000", "up to 40"
        return Range(0.0, value, text, high_open=exclusive, shown=True, counted=counted)
    if low < value < high:  # "about 600"
        unit = precision(written, value, approximate=True)
        half = lex.tolerance * value if unit >= 10 else unit / 2
        return Range(round(value - half, 6), round(value + half, 6), text, shown=True, counted=counted)
    # "nearly 5,000" [4500, 5000], "just over 500" (500, 550]
    return Range(low, high, text, low_open=low == value, shown=True, counted=counted)


# --- two claims' figures ----------------------------------------------------------------------

Counted = tuple[CountKey, Range]


def _subject(a: CountKey, b: CountKey, how: str) -> str:
    """What two figures count, named by the whole when one is a part: "people (attend)"."""
    first, second = (b, a) if how == "part" else (a, b)
    counted = first.counted or second.counted or "the same count"
    predicate = a.predicate if a.predicate not in _WILD else b.predicate
    return counted if predicate in _WILD else f"{counted} ({predicate})"


def _agreement(x: Range, y: Range) -> str:
    if x.within(y) and y.within(x):
        return f"{x.label()} matches {y.label()}"
    if x.within(y):
        return f"{x.label()} lies within {y.label()}"
    if y.within(x):
        return f"{y.label()} lies within {x.label()}"
    return f"{x.label()} and {y.label()} overlap"


def _disagreement(x: Range, y: Range) -> str:
    if x.shown != y.shown:
        point, span = (y, x) if x.shown else (x, y)
        return f"{point.label()} lies outside {span.label()}"
    return f"{x.label()} and {y.label()} do not overlap"


def _open_alike(x: Range, y: Range, tolerance: float) -> bool:
    """Whether two ranges open the same way ("more than 25", "more than 500") and so say
    nothing in common unless their bounds are within the tolerance of each other."""
    if math.isinf(x.high) and math.isinf(y.high):
        lows = sorted((x.low, y.low))
        return lows[0] <= 0 or lows[1] > lows[0] * (1 + tolerance)
    if x.low <= 0 and y.low <= 0:
        highs = sorted((x.high, y.high))
        return highs[1] > highs[0] * (1 + tolerance)
    return False


def _apart(x: Range, y: Range, ratio: float) -> bool:
    """Whether two ranges lie further apart than ``ratio`` (two amounts, not two accounts of one)."""
    lower, upper = (x, y) if x.high <= y.low else (y, x)
    return lower.high > 0 and upper.low / lower.high > ratio


def _judge(
    how: str, pairs: list[tuple[Range, Range]], disagree: bool, lex: CompareLexicon
) -> tuple[str, str] | None:
    """(relation, reason) for the figures of one compatible pair of keys, or None.

    The same thing: overlapping ranges agree (unless both only bound one side far apart:
    "more than 25" and "more than 500" are two figures), and none overlapping disagree.
    A part and its whole: the part within the whole's range agrees, every part above the
    whole disagrees, anything else is another figure.  A bare figure only agrees, and so do
    figures that ``can_disagree`` rules out; figures ``max_figure_ratio`` apart never disagree.
    """
    for x, y in pairs:
        if how in ("part", "whole"):
            part, whole = (x, y) if how == "part" else (y, x)
            if part.within(whole):
                return "agree", f"{_agreement(part, whole)}; {part.counted} are counted among {whole.counted}"
        elif x.overlaps(y) and not _open_alike(x, y, lex.tolerance):
            return "agree", _agreement(x, y)
    if not disagree or any(_apart(x, y, lex.max_figure_ratio) for x, y in pairs):
        return None
    if how == "same" and not any(x.overlaps(y) for x, y in pairs):
        return "numeric_disagreement", _disagreement(*pairs[0])
    if how in ("part", "whole"):
        exceeding = [(x, y) if how == "part" else (y, x) for x, y in pairs]
        if all(part.low >= whole.high for part, whole in exceeding):
            part, whole = exceeding[0]
            among = f"{part.counted} are counted among {whole.counted}"
            return "numeric_disagreement", f"{part.label()} exceeds {whole.label()}, though {among}"
    return None


def relate_figures(a: Sequence[Counted], b: Sequence[Counted], lex: CompareLexicon) -> Verdict | None:
    """How the figures of two claims relate: a disagreement about any compatible count wins,
    else an agreement; None when no figure of one is comparable with a figure of the other."""
    by_keys: dict[tuple[CountKey, CountKey, str], list[tuple[Range, Range]]] = {}
    for ka, ra in a:
        for kb, rb in b:
            how = compatibility(ka, kb, lex)
            if how is not None:
                by_keys.setdefault((ka, kb, how), []).append((ra, rb))
    verdicts = []
    for (ka, kb, how), pairs in by_keys.items():
        judged = _judge(how, pairs, can_disagree(ka, kb), lex)
        if judged is not None:
            same_predicate = ka.predicate == kb.predicate not in _WILD
            verdicts.append(Verdict(judged[0], judged[1], _subject(ka, kb, how), same_predicate, ka.amount))
    if not verdicts:
        return None
    return min(verdicts, key=lambda v: (v.relation != "numeric_disagreement", not v.same_predicate))


# --- dates ------------------------------------------------------------------------------------


class DateValue(NamedTuple):
    """A day as written: a weekday ("saturday", no month) or a day of a month (year if given)."""

    weekday: str | None
    month: int | None
    day: int | None
    year: int | None
    text: str

    def comparable(self, other: DateValue) -> bool:
        return (self.weekday is None) == (other.weekday is None)

    def same_day(self, other: DateValue) -> bool:
        if self.weekday is not None:
            return self.weekday == other.weekday
        years = None in (self.year, other.year) or self.year == other.year
        return self.month == other.month and self.day == other.day and years


def date_value(written: str, lex: CompareLexicon) -> DateValue | None:
    """The day a date names: "on Saturday", "January 3, 2020", "3 Jan"; None for anything
    vaguer ("last week", "in 2019", "January 2020")."""
    words = [w.lower().rstrip(".") for w in _WORD.findall(written)]
    text = " ".join(written.split())
    weekday = next((w for w in words if w in lex.weekdays), None)
    if weekday is not None:
        return DateValue(weekday, None, None, None, text)
    month = next((lex.months[w] for w in words if w in lex.months), None)
    day = next((int(m.group(1)) for m in _DAY.finditer(written) if 1 <= int(m.group(1)) <= 31), None)
    if month is None or day is None:
        return None
    year = _YEAR.search(written)
    return DateValue(None, month, day, int(year.group(1)) if year else None, text)


def date_predicate(quantity: Quantity, lex: CompareLexicon) -> str | None:
    """The predicate family a date dates, or None when it dates nothing named or only a saying."""
    predicate = fold(quantity.predicate) if quantity.predicate else ""
    ignored = lex.generic_predicates | lex.plain_predicates | lex.date_ignored
    if not predicate or predicate in ignored:
        return None
    return lex.predicate_classes.get(predicate, predicate)


#: the key of the days in a claim that date nothing comparable ("said on Monday")
UNDATED = ""


def _names_day(days: dict[str, list[DateValue]], day: DateValue) -> bool:
    return any(d.comparable(day) and d.same_day(day) for ds in days.values() for d in ds)


def relate_dates(a: dict[str, list[DateValue]], b: dict[str, list[DateValue]]) -> Verdict | None:
    """Dates of the same predicate family: the same day agrees; different days disagree, unless
    either sentence names the other's day anywhere ("issued Friday ... the report Thursday":
    which verb a day hangs on is the parser's guess)."""
    verdict: Verdict | None = None
    for predicate in sorted((a.keys() & b.keys()) - {UNDATED}):
        pairs = [(x, y) for x in a[predicate] for y in b[predicate] if x.comparable(y)]
        if not pairs:
            continue
        same = next(((x, y) for x, y in pairs if x.same_day(y)), None)
        if same is not None:
            verdict = verdict or Verdict("agree", f"both “{same[0].text}” ({predicate})", predicate, True)
            continue
        x, y = pairs[0]
        if not _names_day(a, y) and not _names_day(b, x):
            return Verdict("date_disagreement", f"“{x.text}” vs “{y.text}” ({predicate})", predicate, True)
    return verdict


def different_days(a: dict[str, list[DateValue]], b: dict[str, list[DateValue]]) -> bool:
    """Whether two claims date what happened (any named predicate, not a saying) on different
    days: some day of each is comparable, none is the same, and neither sentence names the
    other's day anywhere.  Two sentences dating different predicates on different days ("met
    on Friday", "dug in on Wednesday") tell of two events, not one."""
    days_a = [d for p, ds in a.items() if p != UNDATED for d in ds]
    days_b = [d for p, ds in b.items() if p != UNDATED for d in ds]
    if not any(x.comparable(y) for x in days_a for y in days_b):
        return False
    return not any(_names_day(b, x) for x in days_a) and not any(_names_day(a, y) for y in days_b)


def dated(
    quantities: Iterable[tuple[Quantity, str]], lex: CompareLexicon, sentence: str = ""
) -> dict[str, list[DateValue]]:
    """The claim's days by the predicate family they date; days that date nothing comparable
    (a saying, no verb), and weekdays of the ``sentence`` the parse read as no date at all,
    under ``UNDATED``."""
    out: dict[str, list[DateValue]] = {}
    for quantity, written in quantities:
        value = date_value(written, lex) if quantity.kind == "date" else None
        if value is not None:
            out.setdefault(date_predicate(quantity, lex) or UNDATED, []).append(value)
    seen = {d.weekday for days in out.values() for d in days}
    for word in _WORD.findall(sentence):
        if word.lower() in lex.weekdays and word.lower() not in seen and word[:1].isupper():
            out.setdefault(UNDATED, []).append(DateValue(word.lower(), None, None, None, word))
    return out
