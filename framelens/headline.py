"""The headline analysed with the body: one working text, findings pointed back at their field.

A headline carries an outlet's sharpest word choice ("Assassinating Iran's Top Anti-ISIS
General", "Agitator Vostrikova arrested after violent riot"), so the stages must read it, and
read it together with the body: the actor the headline names is the one the body names, and a
headline label belongs to that actor.  The pipeline therefore runs every stage on one working
text, the title, a paragraph break and the body, parsed as two documents joined (so the body's
parse, and every finding in it, is exactly what it is without the headline), and then
``split`` points each finding back: a mention, label or evidence in the headline keeps its
offsets, which are offsets into ``Article.title``, and says ``field="title"``; everything in
the body moves back by the headline's length.  Records that have no ``field`` (quotes,
figures, techniques) are not kept from the headline: a headline is too short and too
elliptic for them to be read reliably there.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from framelens.models import Analysis, Article, Span, normalise_for_id

#: what joins the headline to the body in the working text: a paragraph break
SEPARATOR = "\n\n"

#: a "title" longer than this is not a headline (a reader took a paragraph for it)
MAX_HEADLINE_CHARS = 300

TITLE = "title"


@dataclass(frozen=True, slots=True)
class Headed:
    """The working article (headline, separator, body), where its body starts, and the
    headline as the parser reads it (``parse_form``)."""

    work: Article
    cut: int
    parsed_title: str

    @property
    def title_end(self) -> int:
        return self.cut - len(SEPARATOR)

    def parse_texts(self) -> tuple[str, str]:
        """The two texts the parser reads: the headline (in its parse form) with the break, the body."""
        return self.parsed_title + SEPARATOR, self.work.text[self.cut :]

    def parsed_text(self) -> str:
        """The working text as parsed: ``work.text`` with the headline in its parse form."""
        return self.parsed_title + self.work.text[self.title_end :]


def with_headline(article: Article) -> Headed | None:
    """The working article for ``article``, or None when there is no headline to read: no
    title, one too long to be a headline, or a body that already begins with it (the reader
    kept it in the text, and reading it twice would count its words twice)."""
    title = article.title
    if not title or not title.strip() or len(title) > MAX_HEADLINE_CHARS:
        return None
    if normalise_for_id(article.text[: len(title) * 2]).startswith(normalise_for_id(title)):
        return None
    cut = len(title) + len(SEPARATOR)
    work = dataclasses.replace(
        article,
        text=title + SEPARATOR + article.text,
        paragraphs=(Span(0, len(title)), *(Span(p.start + cut, p.end + cut) for p in article.paragraphs)),
    )
    return Headed(work, cut, parse_form(title, article.text))


#: a word, with its hyphenated parts and a possessive
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: what may stand before a word that is capitalised only because a sentence starts
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”‘’(\n]\s*)$")

#: a capitalised word follows: the word before it may be a title ("General Soleimani")
_TITLE_BEFORE = re.compile(r" [A-Z]")


#: the word before a period ("Rep." of "Michigan Rep. Rashida Tlaib")
_BEFORE_PERIOD = re.compile(r"([A-Za-z]+)\.\s*$")


def sentence_start(body: str, at: int, titles: frozenset[str]) -> bool:
    """Whether a word at ``at`` may open a sentence: after a sentence's end, a quote, a bracket
    or a line break, but not after an abbreviated title ("Rep. Rashida Tlaib")."""
    before = body[max(0, at - 3) : at]
    if not _SENTENCE_START.search(before):
        return False
    abbreviation = _BEFORE_PERIOD.search(body, max(0, at - 8), at)
    return abbreviation is None or f"{abbreviation.group(1).lower()}." not in titles


#: the word before another, and the spaces between
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*)\s+$")


def _first_name(body: str, at: int, word: str, titles: frozenset[str]) -> bool:
    """Whether a capitalised word before a capitalised one opens a name in running prose: not
    a title word itself, and after a lower-case word or a title ("said Rashida Tlaib",
    "Michigan Rep. Rashida Tlaib").  The headline's "Rashida" had been lowered, and the parser
    made it a label of Tlaib; in a Title Case line of the body (a repeated headline, a
    subhead: "Liberals Fume At 'Worst Negotiator'") every word is before a capital and none
    is counted."""
    if word.lower() in titles:
        return False
    before = _WORD_BEFORE.search(body, max(0, at - 30), at)
    return before is not None and (before.group(1)[:1].islower() or before.group(1).lower() in titles)


def _body_names(body: str) -> set[str]:
    """Words the body capitalises where no sentence starts more often than it writes them in
    lower case: the names, which keep their case ("General" of "General Soleimani" is not one
    when the body also says "the general")."""
    from framelens.text.actor_lexicon import actor_lexicon

    lex = actor_lexicon()
    titles = lex.title_words
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for m in _WORD.finditer(body):
        word = m.group().removesuffix("'s").removesuffix("’s")
        if word[0].islower():
            lower[word] += 1
        elif not sentence_start(body, m.start(), titles) and (
            not _TITLE_BEFORE.match(body, m.end()) or _first_name(body, m.start(), word, titles)
        ):
            # not a sentence's first word, nor a title before a name
            upper[word] += 1
    return {w for w, n in upper.items() if n > lower[w.lower()]}


def parse_form(title: str, body: str) -> str:
    """The headline as the parser should read it: a Title Case headline ("Assassinating Iran's
    Top Anti-ISIS General") in sentence case, so that its common words are not taken for names.

    A word keeps its capital when it opens the headline, is written in capitals ("ISIS"), or
    is a word the body capitalises mid-sentence (a name).  Only first letters change, so every
    offset holds.  A headline that is not in Title Case (most of its longer words lower case)
    is left as written.
    """
    words = list(_WORD.finditer(title))
    longer = [m.group() for m in words if len(m.group()) > 3]
    if not longer or sum(w[0].isupper() for w in longer) < 0.6 * len(longer):
        return title
    names = _body_names(body)
    out = list(title)
    for m in words[1:]:
        word = m.group()
        bare = word.removesuffix("'s").removesuffix("’s")
        if not word[0].isupper() or word.isupper() or bare in names or bare.upper() == bare:
            continue
        lowered = word[0].lower()
        if len(lowered) == 1:
            out[m.start()] = lowered
    return "".join(out)


class _Drop:
    """Marks a record that has no place once the working text is split."""


_DROP = _Drop()


def split(analysis: Analysis, article: Article, headed: Headed) -> Analysis:
    """``analysis`` of ``headed.work`` as an analysis of ``article``: body spans moved back,
    headline mentions, labels and evidence marked ``field="title"``, other headline records and
    anything straddling the break dropped."""
    out = _Splitter(headed.cut, headed.title_end).results(analysis, article)
    return dataclasses.replace(out, actors=tuple(a for a in out.actors if a.mentions))


def rejoin(analysis: Analysis) -> tuple[Analysis, Headed | None]:
    """The analysis of the working text that ``split`` made ``analysis`` from, and its headline
    (None when the article has none): what a stage saw, for code that reads an analysis with
    the working text's parse (training the portrayal model on the signals the tone stage reads).
    A body record's pointer into the headline that ``split`` dropped does not come back."""
    headed = with_headline(analysis.article)
    if headed is None:
        return analysis, None
    return _Joiner(headed.cut).results(analysis, headed.work), headed


@dataclass(frozen=True, slots=True)
class _Walker:
    """Rewrites every span of an analysis's results between the working text and the
    article's fields (dataclasses walked generically, so a new record kind needs nothing
    here); ``split`` and ``rejoin`` differ only in ``span``, ``position`` and ``record``."""

    cut: int

    def results(self, analysis: Analysis, article: Article) -> Analysis:
        changes: dict[str, Any] = {"article": article}
        for f in dataclasses.fields(analysis):
            if f.name not in ("article", "provenance"):
                changes[f.name] = self.value(getattr(analysis, f.name))
        return dataclasses.replace(analysis, **changes)

    def span(self, span: Span) -> Span | _Drop:
        raise NotImplementedError

    def position(self, offset: int) -> int:
        raise NotImplementedError

    def value(self, value: Any) -> Any:
        if isinstance(value, Span):
            return self.span(value)
        if isinstance(value, tuple):
            items = [self.value(v) for v in value]
            return tuple(v for v in items if v is not _DROP)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.record(value)
        return value

    def record(self, record: Any) -> Any:
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(record):
            old = getattr(record, f.name)
            if isinstance(old, Span):
                new = self.span(old)
                # a body record's secondary span in the headline (a speaker named there):
                # the record stays, the pointer goes
                changes[f.name] = None if new is _DROP else new
            elif isinstance(old, tuple) and old:
                changes[f.name] = self.value(old)
            elif f.name == "first_position" and isinstance(old, int):
                changes[f.name] = self.position(old)
        return dataclasses.replace(record, **changes) if changes else record


@dataclass(frozen=True, slots=True)
class _Splitter(_Walker):
    title_end: int = 0

    def span(self, span: Span) -> Span | _Drop:
        if span.start >= self.cut:
            return Span(span.start - self.cut, span.end - self.cut)
        return _DROP

    def position(self, offset: int) -> int:
        return max(0, offset - self.cut)

    def record(self, record: Any) -> Any:
        own = getattr(record, "span", None)
        if isinstance(own, Span) and own.start < self.cut:
            if own.end > self.title_end or not hasattr(record, "field"):
                return _DROP  # across the break, or a kind of finding not read in a headline
            return dataclasses.replace(record, field=TITLE)
        # named, not super(): a slots dataclass is rebuilt, which zero-argument super() misses
        return _Walker.record(self, record)


@dataclass(frozen=True, slots=True)
class _Joiner(_Walker):
    def span(self, span: Span) -> Span:
        return Span(span.start + self.cut, span.end + self.cut)

    def position(self, offset: int) -> int:
        return offset + self.cut

    def record(self, record: Any) -> Any:
        if getattr(record, "field", None) == TITLE:
            return dataclasses.replace(record, field=None)  # the headline starts the working text
        return _Walker.record(self, record)
