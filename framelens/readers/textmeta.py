"""Metadata written into an article's text: bylines, author bio lines, datelines and dates.

Scraped text carries its metadata as lines ("By NAME", "OUTLET, January 16, 2020",
"CITY (Agency) —"); the cleaner moves them out of the body and into the Article's
fields.  The vocabulary (openers, agencies, professions, month names) lives in
``resources/textmeta.toml``; this module only combines it into patterns.

Written by hand: date libraries (dateutil, dateparser) parse a date you already
isolated but do not say whether a whole line *is* a dateline, which is what matters
here, and a month-name table is all the parsing these formats need.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Byline", "Dateline", "parse_bio", "parse_byline", "parse_date", "parse_dateline"]


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote a piece, and the outlet or agency or date a byline line may also name."""

    authors: tuple[str, ...]
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    """A date and/or outlet announced by a line; ``end`` is where the dateline stops in that line.

    ``end == len(line)`` means the line is nothing but the dateline (it can leave the
    body); a wire dateline ("CITY (Agency) —") is a prefix of the first paragraph,
    which stays.
    """

    published: str | None
    outlet: str | None
    end: int
    labelled: bool = False  # "Published: ...", "Posted ...": a date line wherever it stands


def _alt(items: list[str]) -> str:
    """One alternation, longest first so that "posted on" wins over "posted"."""
    return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"


class _Vocabulary:
    """The compiled patterns of textmeta.toml (built once, on first use)."""

    def __init__(self, data: dict[str, Any]) -> None:
        byline = data["byline"]
        self.particles = frozenset(byline["particles"])
        self.roles = frozenset(byline["roles"])
        self.not_names = frozenset(byline["not_names"])
        self.byline_max_words: int = byline["max_words"]
        self.agencies = {name.casefold(): name for name in data["agencies"]["names"]}
        openers = _alt([re.escape(o) for o in byline["openers"]])
        self.opener = re.compile(rf"^(?i:{openers})\s*:?\s+(?P<rest>\S.*)$")

        date = data["date"]
        self.months: dict[str, int] = {}
        for number, names in enumerate(date["months"], start=1):
            for name in names:
                self.months[name] = number
        month = _alt(list(self.months))
        weekday = _alt(date["weekdays"])
        day = r"\d{1,2}(?:st|nd|rd|th)?"
        # One pattern for the date formats of news pages; the named groups say which matched.
        self.date_body = (
            rf"(?i:(?:{weekday}\.?,?\s+)?"
            rf"(?:(?P<m1>{month})\.?\s+(?P<d1>{day}),?\s+(?P<y1>\d{{4}})"
            rf"|(?P<d2>{day})\s+(?:of\s+)?(?P<m2>{month})\.?,?\s+(?P<y2>\d{{4}})"
            rf"|(?P<y3>\d{{4}})-(?P<mo3>\d{{1,2}})-(?P<d3>\d{{1,2}})"
            rf"|(?P<m4>{month})\.?\s+(?P<d4>{day})\b))"
        )
        time = r"(?:\s*(?:,|at|-|–|—|\||·)?\s*\d{1,2}[:.]\d{2}(?:\s*(?i:[ap]\.?m\.?))?(?:\s*[A-Z]{2,4})?)?"
        label = _alt([re.escape(x).replace(r"\ ", r"\s+") for x in date["labels"]])
        outlet = r"[A-Z][\w&.'’-]*(?:\s+(?:[A-Z&][\w&.'’-]*|of|the|for|on|and)){0,5}"
        self.weekdays = frozenset(date["weekdays"])
        self.date = re.compile(rf"^{self.date_body}{time}\.?$")
        self.dateline = re.compile(
            rf"^(?:(?P<label>(?i:{label}))\s*:?\s*)?"
            rf"(?:(?P<outlet>{outlet})\s*(?:,|\||·|•|—|–|-)\s*)?"
            rf"{self.date_body}{time}\s*$"
        )
        agency = r"(?P<agency>[A-Z][\w&.'’-]*(?:[ -][A-Z][\w&.'’-]*){0,3})"
        city = r"(?P<city>[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){0,3})"
        self.wire = re.compile(rf"^{city}(?:,\s*(?P<date>[^()]{{3,40}}?))?\s*\({agency}\)\s*[-–—]+\s*")

        bio = data["bio"]
        self.bio = re.compile(
            rf"^(?P<name>(?:\S+\s+){{0,4}}?\S+)\s+{_alt(bio['verbs'])}\s+(?:(?:a|an|the)\s+)?(?P<pred>[^.;]{{0,240}})"
        )
        self.profession = re.compile(rf"\b{_alt(bio['professions'])}s?\b", re.IGNORECASE)


@cache
def _vocabulary() -> _Vocabulary:
    text = resources.files("framelens.resources").joinpath("textmeta.toml").read_text("utf-8")
    return _Vocabulary(tomllib.loads(text))


_PIECE_SPLIT = re.compile(r"\s+[|•·]\s+|\s+[—–]\s+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_CREDIT = re.compile(r"^(?P<role>[\w ]{1,40}?)\s+by\s+(?P<names>\S.*)$", re.IGNORECASE)
# "Jane Doe in Baghdad": where the reporter filed from is not part of the name
_LOCATION = re.compile(r"\s+in\s+[A-Z][\w.' -]*$")
_OUTLET = re.compile(r"^(?:The )?[A-Z][\w&.'’-]*(?: (?:[A-Z&][\w&.'’-]*|of|the|and|for|on)){0,5}$")
#: how many words of a bio line's predicate may come before its profession ("a senior
#: maritime security analyst")
BIO_HEAD_WORDS = 5
#: courtesy titles: "Mr. Velk was ..." is how news names a person it reports on, never a bio
_COURTESY = frozenset({"mr.", "mrs.", "ms.", "mr", "mrs", "ms"})
_NAME_CHARS = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _name(part: str, vocab: _Vocabulary) -> str | None:
    """``part`` when it reads as a person's name: 1-5 capitalised words (particles aside)."""
    tokens = _LOCATION.sub("", part).split()
    if not 1 <= len(tokens) <= 5:
        return None
    capitalised = 0
    for token in tokens:
        low = token.casefold()
        if low in vocab.not_names or not _NAME_CHARS.match(token):
            return None
        if low in vocab.particles:
            continue
        if not token[0].isupper():
            return None
        capitalised += 1
    return " ".join(tokens) if capitalised else None


def parse_date(text: str) -> str | None:
    """ISO 8601 date (YYYY-MM-DD) of a date expression such as "January 16, 2020"; None without a year."""
    match = _vocabulary().date.match(text.strip())
    return _iso(match) if match else None


def _iso(match: re.Match[str]) -> str | None:
    vocab = _vocabulary()
    groups = match.groupdict()
    if groups.get("y1"):
        year, month, day = groups["y1"], vocab.months[groups["m1"].casefold()], groups["d1"]
    elif groups.get("y2"):
        year, month, day = groups["y2"], vocab.months[groups["m2"].casefold()], groups["d2"]
    elif groups.get("y3"):
        year, month, day = groups["y3"], int(groups["mo3"]), groups["d3"]
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day.rstrip("stndrh"))).isoformat()
    except ValueError:  # "February 31": not a date, not worth failing over
        return None


def parse_byline(line: str) -> Byline | None:
    """The authors of a byline line ("By NAME", "By NAME and NAME", "By NAME, Reuters"), or None.

    None for prose that starts with "By" ("By the time troops arrived, ..."): every
    part after the opener must be a name, a job title, an agency or a date.
    """
    vocab = _vocabulary()
    line = line.strip()
    match = vocab.opener.match(line)
    if match is None or len(line.split()) > vocab.byline_max_words:
        return None
    rest, *credits = match.group("rest").strip().rstrip(".").split(";")
    # "Reporting by A; Editing by B": later credits must read as credits; only reporters are authors
    extra: list[str] = []
    for credit in credits:
        found = _CREDIT.match(credit.strip())
        if found is None:
            return None
        if "report" in found.group("role").casefold():
            extra.extend(p for p in _NAME_SPLIT.split(found.group("names")) if _name(p, vocab))
    pieces = _PIECE_SPLIT.split(rest)
    authors: list[str] = []
    outlet: str | None = None
    published: str | None = None
    parts = [p for p in _NAME_SPLIT.split(pieces[0]) if p]
    listed = bool(re.search(r"\band\b|&", pieces[0]))
    for i, part in enumerate(parts):
        low = part.casefold()
        if low in vocab.agencies:
            outlet = vocab.agencies[low]
        elif any(word in vocab.roles for word in low.split()):
            continue
        elif i == len(parts) - 1 and i > 0 and not listed and outlet is None and _OUTLET.match(part):
            # "By NAME, Outlet" names the outlet after the comma; "By A, B and C" lists people
            outlet = part
        elif (name := _name(part, vocab)) is not None:
            authors.append(name)
        else:
            return None
    for piece in pieces[1:]:
        iso = parse_date(piece)
        if iso is not None:
            published = iso
        elif piece.casefold() in vocab.agencies:
            outlet = vocab.agencies[piece.casefold()]
        elif len(piece.split()) <= 5 and piece[:1].isupper():
            outlet = outlet or piece
        else:
            return None
    authors.extend(extra)
    if not authors and outlet is None:
        return None
    return Byline(tuple(authors), outlet, published)


def parse_bio(text: str) -> str | None:
    """The author's name in a bio line ("NAME is a counter terrorism practitioner ..."), or None.

    The predicate must name a profession: "Ali Khamenei is the Supreme Leader" is news,
    not a note about the writer.
    """
    vocab = _vocabulary()
    match = vocab.bio.match(text.strip())
    if match is None:
        return None
    # the profession heads the predicate ("is a maritime security analyst at ..."); one deep in
    # a clause is news about someone ("Mr. Velk was facing a task: chairing a debate that only
    # two candidates would attend"), and so is a name with a courtesy title
    head = " ".join(match.group("pred").split()[:BIO_HEAD_WORDS])
    name = match.group("name")
    if not vocab.profession.search(head) or name.split()[0].casefold() in _COURTESY:
        return None
    return _name(name, vocab)


def parse_dateline(line: str) -> Dateline | None:
    """A dateline: a date line ("Published: January 16, 2020"), "OUTLET, January 16, 2020",
    or a wire prefix "CITY (Agency) —" (then ``end`` < ``len(line)``).
    """
    vocab = _vocabulary()
    line = line.strip()
    if len(line) > 120 and "(" not in line[:60]:
        return None
    match = vocab.dateline.match(line)
    if match is not None:
        outlet = match.group("outlet")
        if outlet is not None and outlet.casefold().rstrip(".") in vocab.weekdays:
            outlet = None
        return Dateline(_iso(match), outlet, len(line), match.group("label") is not None)
    wire = vocab.wire.match(line)
    if wire is None:
        return None
    agency = wire.group("agency")
    known = vocab.agencies.get(agency.casefold())
    if known is None and not wire.group("city").isupper():
        return None
    date = wire.group("date")
    published = parse_date(date) if date else None
    return Dateline(published, known or agency, wire.end())
