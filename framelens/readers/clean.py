"""Page chrome in plain text: find it, drop it from the body, keep it in ``removed`` with a reason.

Scraped text carries what surrounded the article on its page: menus, forum buttons,
share and newsletter prompts, legal notices, bylines.  The cleaner splits the text
into units (paragraphs, or the lines of a paragraph made of separate short lines)
and judges each in two passes:

1. Rules that need no position: a unit must both sound like chrome (vocabulary
   from ``resources/chrome.toml``) and be shaped like it (short, a fragment, a
   "Label: value" line, mostly link text, repeated across one site's pages).
2. Rules by position: the first and last units that read like prose anchor the
   body; short fragments before the first anchor (site header, title, user name)
   and after the last (buttons, editor leftovers) are chrome.

Precision on article text matters more than catching every scrap of chrome, so
every rule asks for two signals, and prose-shaped units are only dropped on
strong vocabulary.  Nothing is dropped silently: each removal names its rule.

Written by hand: boilerplate removers (trafilatura, jusText) work on HTML trees;
here there is no markup left to weigh, only lines.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from framelens.config import Settings
from framelens.models import Removed
from framelens.readers.draft import Draft
from framelens.readers.textmeta import parse_bio, parse_byline, parse_dateline

__all__ = ["Cleaned", "clean_batch", "split_blocks"]


@dataclass(slots=True)
class Cleaned:
    """The kept paragraphs of one document, what was dropped, and metadata found in the text."""

    blocks: list[str]
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    outlet: str | None = None


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_blocks(text: str) -> list[str]:
    """Paragraphs: the text between blank lines (a line of spaces counts as blank)."""
    return [b for b in (part.strip() for part in _BLANK_LINE.split(text)) if b]


# --- the rules, compiled once from chrome.toml ----------------------------------------


def _alt(items: list[str]) -> str:
    return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"


def _terms(items: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){_alt(items)}(?!\w)", re.IGNORECASE)


class _Rules:
    """Vocabulary and thresholds of chrome.toml as compiled patterns: one per rule family."""

    def __init__(self, data: dict[str, Any]) -> None:
        shape = data["shape"]
        self.fragment_max_words: int = shape["fragment_max_words"]
        self.prose_min_words: int = shape["prose_min_words"]
        self.title_max_words: int = shape["title_max_words"]
        self.username_max_words: int = shape["username_max_words"]
        self.title_case_ratio: float = shape["title_case_ratio"]
        self.link_density: float = shape["link_density"]
        self.prompt_max_words: int = shape["prompt_max_words"]
        self.notice_max_words: int = shape["notice_max_words"]
        self.label_max_words: int = shape["label_max_words"]
        self.label_line_max_words: int = shape["label_line_max_words"]
        self.stop_words = frozenset(shape["stop_words"])
        glyphs = re.escape(shape["ui_glyphs"])
        self.ui_glyph = re.compile(rf"^\s*[{glyphs}]")
        # Decoration around a button's words: bullets, glyphs, trailing dots and colons.
        self.strip_chars = " \t•·*-–—>»›|" + shape["ui_glyphs"]

        forum = data["forum"]
        self.forum_reason: str = forum["reason"]
        self.forum_full = re.compile(rf"^{_alt(forum['patterns'])}$", re.IGNORECASE)
        self.forum_edge = re.compile(rf"^{_alt(forum['edge_patterns'])}$", re.IGNORECASE)
        self.forum_terms = _terms(forum["terms"])
        self.second_person = _terms(forum["second_person"])
        self.forum_min_terms: int = forum["min_terms"]

        editor = data["editor"]
        self.editor_reason: str = editor["reason"]
        self.editor_terms = _terms(editor["terms"] + editor["interface_terms"])
        self.editor_interface = _terms(editor["interface_terms"])
        self.editor_min_terms: int = editor["min_terms"]

        cta = data["cta"]
        families: dict[str, Any] = cta["families"]
        self.cta_reasons: dict[str, str] = {}
        verb_groups: list[str] = []
        contained: list[str] = []
        # one named group per family: the group that matched says which reason applies
        for i, family in enumerate(families.values()):
            self.cta_reasons[f"v{i}"] = family["reason"]
            verb_groups.append(f"(?P<v{i}>{_alt(family['verbs'])})")
            if family.get("self_contained"):
                contained.append(f"(?P<v{i}>{_alt(family['self_contained'])})")
        # A call to action opens a sentence (or follows a "Note to readers:" label).
        start = r"(?:^|[.!?:]\s+|\n)\s*(?:please\s+)?"
        self.cta_verb = re.compile(rf"{start}(?:{'|'.join(verb_groups)})(?!\w)", re.IGNORECASE)
        self.cta_contained = re.compile(rf"{start}(?:{'|'.join(contained)})(?!\w)", re.IGNORECASE)
        self.cta_objects = _terms(cta["objects"])

        legal = data["legal"]
        self.disclaimer_label = re.compile(rf"^{_alt(legal['disclaimer_labels'])}\s*(?::|$)", re.IGNORECASE)
        self.copyright_label = re.compile(rf"^{_alt(legal['copyright_labels'])}", re.IGNORECASE)
        self.copyright_mark = _terms(legal["copyright_marks"])
        self.copyright_mark_max_words: int = legal["copyright_mark_max_words"]
        self.disclaimer_terms = _terms(legal["disclaimer_terms"])
        self.copyright_terms = _terms(legal["copyright_terms"])
        self.self_reference = _terms(legal["self_reference"])
        # one scan that rules most paragraphs out before the terms are counted
        self.legal_any = _terms(legal["disclaimer_terms"] + legal["copyright_terms"])
        self.legal_min_terms: int = legal["min_terms"]

        nav = data["navigation"]
        self.nav_reason: str = nav["reason"]
        self.nav_headers = re.compile(rf"^{_alt(nav['headers'])}$", re.IGNORECASE)
        self.nav_labels = re.compile(rf"^{_alt(nav['labels'])}$", re.IGNORECASE)
        self.author_labels = re.compile(rf"^{_alt(nav['author_labels'])}$", re.IGNORECASE)
        self.contact_labels = re.compile(rf"^{_alt(nav['contact_labels'])}$", re.IGNORECASE)
        self.contact_reason: str = data["contact"]["reason"]
        correction = data["correction"]
        self.correction_reason: str = correction["reason"]
        self.correction_label = re.compile(rf"^\W*{_alt(correction['labels'])}", re.IGNORECASE)
        self.correction_phrase = re.compile(_alt(correction["phrases"]), re.IGNORECASE)
        self.correction_max_words: int = correction["max_words"]
        shop = data["shop"]
        self.shop_reason: str = shop["reason"]
        self.shop_box = re.compile(shop["box"], re.IGNORECASE)
        poll = data["poll"]
        self.poll_reason: str = poll["reason"]
        self.poll_marker = re.compile(rf"(?<!\w){_alt(poll['markers'])}(?!\w)[\s\-–—:.]*", re.IGNORECASE)
        self.poll_question_max_words: int = poll["question_max_words"]
        self.form_phrase = _terms(poll["form_phrases"])
        self.poll_answer_max_words: int = poll["answer_max_words"]
        self.poll_box_max_units: int = poll["box_max_units"]
        self.link_reason: str = data["link"]["reason"]
        self.separator_reason: str = data["separator"]["reason"]
        self.repeated_reason: str = data["repeated"]["reason"]
        self.max_repeated_prose_share: float = data["repeated"]["max_prose_share"]


@cache
def _rules() -> _Rules:
    text = resources.files("framelens.resources").joinpath("chrome.toml").read_text("utf-8")
    return _Rules(tomllib.loads(text))


# Shapes that need no vocabulary.
_WORD = re.compile(r"\w")
_CLOSERS = "\"'”’)]»*_"
_LABEL_LINE = re.compile(r"^(?P<label>[^\W\d_][\w'’&/ .-]{0,40}?)\s*:\s+(?P<value>\S.*)$", re.DOTALL)
_ADDRESS = re.compile(r"^(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)$", re.IGNORECASE)
_HAS_ADDRESS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
# Menu rows: three or more short items separated by wide gaps or bars.
_MENU_GAP = re.compile(r"\s{2,}|\s+[|•·>›»/]\s+")
_HANDLE = re.compile(r"^[\w.@-]+$")
# A form field's label, its asterisk marking it required ("Email *"); a line of asterisks is a separator.
_FIELD_LABEL = re.compile(r"^\s*[^\W\d_][\w' ]{0,30}?\s*\*\s*$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# A line this long that stops on a lower-case word was wrapped mid-sentence.
_WRAPPED_MIN_WORDS = 6


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class _Unit:
    """A paragraph, or one line of a paragraph made of separate lines, and what the rules found."""

    block: int  # the output paragraph the unit belongs to
    text: str
    words: int
    final: bool  # ends like a sentence
    key: str  # for counting repetition across a site's pages
    removed: Removed | None = None
    bio: bool = False  # a note on the author: kept, but it does not anchor the body

    @property
    def fragment_words(self) -> int:
        """Word count when the unit is a fragment (no sentence end), else a large number."""
        return 10_000 if self.final else self.words


def _ends_like_sentence(text: str) -> bool:
    end = text.rstrip(_CLOSERS + " ")
    if end.endswith(("...", "…")):
        # an ellipsis closes a button label ("Create New...") as often as a sentence
        return False
    return end.endswith((".", "!", "?", ":", ";"))


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` (prose wrapped at a fixed width).

    It does when it starts in lower case, or when ``previous`` stops mid-clause: on a
    comma, or on a lower-case word after a line long enough to be wrapped prose
    ("... walked out at" / "Port Marren on Tuesday.").  A short line ending on a lower
    case word is a button ("Link to comment"), and an ellipsis ends a button label.
    """
    if _ends_like_sentence(previous) or previous.endswith(("...", "…")):
        return False
    if line[:1].islower() or previous.endswith((",", "-", "–", "—")):
        return True
    words = previous.split()
    return len(words) >= _WRAPPED_MIN_WORDS and words[-1][:1].islower()


def _units(text: str, prose_min_words: int) -> list[_Unit]:
    """Paragraphs, and the lines of paragraphs made of separate lines.

    Lines that carry on a sentence (prose wrapped at a fixed width) stay one unit.
    A unit that is a sentence of its own becomes its own paragraph (text dumps put
    one paragraph on each line, with no blank lines); runs of shorter lines stay
    together as they were.
    """
    units: list[_Unit] = []
    paragraph = -1
    for block in split_blocks(text):
        runs: list[list[str]] = []
        previous = ""
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            if runs and _continues(previous, line):
                runs[-1].append(line)
            else:
                runs.append([line])
            previous = line
        alone = True
        for piece in [block] if len(runs) == 1 else ["\n".join(run) for run in runs]:
            words, final, key = _measure(piece)
            prose = final and words >= prose_min_words
            if prose or alone:
                paragraph += 1
            alone = prose
            units.append(_Unit(paragraph, piece, words, final, key))
    return units


def _measure(text: str) -> tuple[int, bool, str]:
    """A unit's word count, whether it ends like a sentence, and its repetition key."""
    words = text.split()
    return len(words), _ends_like_sentence(text), " ".join(words).casefold()


def _core(text: str, rules: _Rules) -> str:
    """A button's words without the bullets, glyphs and dots around them."""
    return text.strip(rules.strip_chars).rstrip(".…:!")


def _title_case(text: str, rules: _Rules) -> bool:
    words = [w for w in text.split() if w.casefold() not in rules.stop_words and _WORD.search(w)]
    if not words:
        return False
    capitalised = sum(1 for w in words if not w[0].isalpha() or w[0].isupper())
    return capitalised / len(words) >= rules.title_case_ratio and any(w[0].isupper() for w in words)


def _link_share(text: str, anchors: Sequence[str]) -> float:
    covered = sum(len(a) for a in anchors if a in text)
    return min(1.0, covered / len(text)) if text else 0.0


# --- pass 1: rules that need no position -----------------------------------------------


def _strong(unit: _Unit, anchors: Sequence[str], rules: _Rules) -> Removed | None:
    """The chrome a unit is, by its own words and shape; None when it may be article text."""
    text = unit.text
    if _WORD.search(text) is None:
        return Removed(text, rules.separator_reason, "no-words")
    core = _core(text, rules)
    quoted = text[:1] in "\"“‘'"  # a quotation is someone's words, never the site's
    if unit.words <= rules.notice_max_words and not quoted:
        hits = {m.group(0).casefold() for m in rules.editor_terms.finditer(text)}
        if hits and rules.ui_glyph.match(text):
            return Removed(text, rules.editor_reason, "editor-vocabulary")
        addressed = rules.editor_interface.search(text) or rules.second_person.search(text)
        if len(hits) >= rules.editor_min_terms and addressed:
            return Removed(text, rules.editor_reason, "editor-vocabulary")
    if unit.fragment_words <= rules.fragment_max_words and rules.forum_full.match(core):
        return Removed(text, rules.forum_reason, "forum-button")
    if unit.fragment_words <= rules.fragment_max_words and rules.nav_headers.match(core):
        return Removed(text, rules.nav_reason, "list-header")
    if unit.words <= rules.prompt_max_words and not quoted:
        prompt = _call_to_action(text, rules)
        if prompt is not None:
            return Removed(text, prompt, "call-to-action")
        if rules.second_person.search(text):
            hits = {m.group(0).casefold() for m in rules.forum_terms.finditer(text)}
            if len(hits) >= rules.forum_min_terms:
                return Removed(text, rules.forum_reason, "forum-notice")
    legal = _legal(text, rules)
    if legal is not None:
        return legal
    if rules.correction_label.match(text) or (
        unit.words <= rules.correction_max_words and rules.correction_phrase.search(text)
    ):
        return Removed(text, rules.correction_reason, "correction-notice")
    if unit.words <= rules.copyright_mark_max_words and rules.copyright_mark.search(text):
        return Removed(text, "copyright", "copyright-mark")
    if unit.fragment_words <= 3 * rules.fragment_max_words and not quoted:
        items = [i for i in _MENU_GAP.split(core) if i]
        if len(items) >= 3 and all(len(i.split()) <= 3 for i in items):
            return Removed(text, rules.nav_reason, "menu-row")
    if unit.words <= rules.label_line_max_words:
        label = _label_line(text, anchors, rules)
        if label is not None:
            return label
    if _ADDRESS.match(core):
        return Removed(text, rules.contact_reason, "bare-address")
    short = not unit.final or unit.words < rules.prose_min_words
    if anchors and short and _link_share(text, anchors) >= rules.link_density:
        return Removed(text, rules.link_reason, "link-dense")
    return None


def _call_to_action(text: str, rules: _Rules) -> str | None:
    """The reason of the prompt family whose verbs open the unit's sentences, if they name the site."""
    votes: Counter[str] = Counter()
    contained = rules.cta_contained.search(text)
    if contained is not None and contained.lastgroup:
        return rules.cta_reasons[contained.lastgroup]  # a prompt on its own: "Become a member"
    for verb in rules.cta_verb.finditer(text):
        # the object must follow the verb within its sentence: "Share this article", not "Share prices"
        tail = text[verb.end() : verb.end() + 80]
        stop = _SENTENCE_END.search(tail)
        if rules.cta_objects.search(tail[: stop.start()] if stop else tail) and verb.lastgroup:
            votes[rules.cta_reasons[verb.lastgroup]] += 1
    return votes.most_common(1)[0][0] if votes else None


def _legal(text: str, rules: _Rules) -> Removed | None:
    if rules.disclaimer_label.match(text):
        return Removed(text, "disclaimer", "disclaimer-label")
    if rules.copyright_label.match(text):
        return Removed(text, "copyright", "copyright-label")
    if rules.legal_any.search(text) is None or rules.self_reference.search(text) is None:
        return None
    disclaimer = {m.group(0).casefold() for m in rules.disclaimer_terms.finditer(text)}
    copyright_ = {m.group(0).casefold() for m in rules.copyright_terms.finditer(text)}
    if len(disclaimer) + len(copyright_) >= rules.legal_min_terms:
        reason = "copyright" if len(copyright_) > len(disclaimer) else "disclaimer"
        return Removed(text, reason, "legal-vocabulary")
    return None


def _label_line(text: str, anchors: Sequence[str], rules: _Rules) -> Removed | None:
    """ "Region: Middle East", "Articles by: NAME", "For media inquiries: desk@example.org"."""
    match = _LABEL_LINE.match(text)
    if match is None:
        return None
    label, value = match.group("label").strip(), match.group("value").strip()
    if len(label.split()) > rules.label_max_words:
        return None
    if rules.contact_labels.match(label) and _HAS_ADDRESS.search(value):
        return Removed(text, rules.contact_reason, "contact-line")
    linked = _link_share(value, anchors) >= 0.5
    sentence = value.rstrip(_CLOSERS + " ").endswith((".", "!")) and not linked
    if sentence:
        return None
    if rules.author_labels.match(label):
        return Removed(text, rules.nav_reason, "author-page-link")
    if rules.nav_labels.match(label) and (linked or not value.endswith("?") or value.isupper()):
        return Removed(text, rules.nav_reason, "label-line")
    items = [i for i in value.split(",") if i.strip()]
    if linked or (len(items) >= 2 and all(_title_case(i, rules) for i in items)):
        return Removed(text, rules.nav_reason, "label-list")
    return None


# --- pass 2: rules by position ---------------------------------------------------------


def _menu_columns(units: list[_Unit], rules: _Rules) -> None:
    """Three or more one- or two-word Title Case lines in one paragraph are a menu ("Tweet / Email")."""
    groups: defaultdict[int, list[_Unit]] = defaultdict(list)
    for unit in units:
        groups[unit.block].append(unit)
    for group in groups.values():
        if len(group) < 3 or any(u.removed is not None for u in group):
            continue
        if all(u.fragment_words <= 2 and _title_case(u.text, rules) for u in group):
            for unit in group:
                unit.removed = Removed(unit.text, rules.nav_reason, "menu-column")


def _is_prose(unit: _Unit, rules: _Rules) -> bool:
    """A sentence of some length; a Title Case question is a headline, not prose."""
    if not unit.final or unit.words < rules.prose_min_words:
        return False
    return not (unit.text.rstrip(_CLOSERS).endswith("?") and _title_case(unit.text, rules))


#: a page repeats its headline within this many units of its top (a heading, then the title
#: line again above the body)
_TITLE_REPEAT_REACH = 8


def _repeated_title(units: list[_Unit], key: str) -> None:
    """Drop the headline written again near the top ("# Title" then "Title" as the first
    paragraph, as pasted pages and some article dumps have it): read as body, its Title Case
    had made "Deval Patrick Names" a person and the headline a quote."""
    for unit in units[:_TITLE_REPEAT_REACH]:
        if unit.removed is None and unit.key == key:
            unit.removed = Removed(unit.text, "title", "repeated")


def _positional(units: list[_Unit], draft: Draft, rules: _Rules, meta: _Meta) -> str | None:
    """Mark head and tail chrome; return the title found in the text.

    Without a prose unit to anchor the body nothing is judged by position: the
    text is too short to tell a header from the article.
    """
    title_at = -1
    if draft.title is not None:
        # the reader found the title (a leading heading): it goes wherever it stands in the head
        wanted = _key(draft.title)
        title_at = next((i for i, u in enumerate(units[:8]) if u.removed is None and u.key == wanted), -1)
        if title_at >= 0:
            units[title_at].removed = Removed(units[title_at].text, "title", "heading")
            _repeated_title(units, wanted)
    prose = [i for i, u in enumerate(units) if u.removed is None and not u.bio and _is_prose(u, rules)]
    if not prose:
        return draft.title
    first, last = prose[0], prose[-1]
    edges = [i for i in range(len(units)) if (i < first or i > last) and units[i].removed is None]
    for i in edges:
        unit = units[i]
        short = unit.fragment_words <= rules.fragment_max_words
        if short and rules.forum_edge.match(_core(unit.text, rules)):
            unit.removed = Removed(unit.text, rules.forum_reason, "forum-button")
            continue
        # a bare date or "OUTLET, date" only means a dateline above or below the article
        dateline = parse_dateline(unit.text) if unit.words <= 16 else None
        if dateline is not None and dateline.end == len(unit.text):
            meta.published = meta.published or dateline.published
            meta.outlet = meta.outlet or dateline.outlet
            unit.removed = Removed(unit.text, "dateline", "date-line")
    head = [i for i in range(first) if units[i].removed is None]
    title = draft.title
    if title is None:
        candidates = [
            i
            for i in head
            if units[i].words <= rules.title_max_words
            and not units[i].text.rstrip(_CLOSERS).endswith((".", ":", ";"))
        ]
        # the headline is the first longer line: site names and menus above it are shorter
        long = [i for i in candidates if units[i].words >= 4]
        if long or candidates:
            title_at = (long or candidates)[0]
            title = units[title_at].text
            units[title_at].removed = Removed(title, "title", "first-line")
            _repeated_title(units, _key(title))
    for i in head:
        unit = units[i]
        if unit.removed is not None or unit.fragment_words > rules.fragment_max_words:
            continue
        if i < title_at:
            unit.removed = Removed(unit.text, rules.nav_reason, "site-header")
        elif unit.words <= rules.username_max_words and _username(unit.text):
            unit.removed = Removed(unit.text, "username", "handle-above-post")
        elif _title_case(unit.text, rules):
            unit.removed = Removed(unit.text, rules.nav_reason, "head-fragment")
    for unit in units[last + 1 :]:
        if unit.removed is None and unit.fragment_words <= rules.fragment_max_words:
            unit.removed = Removed(unit.text, rules.nav_reason, "tail-fragment")
    return title


def _username(text: str) -> bool:
    """A forum handle: lower case words ("tacobell fan") or one token with digits or underscores."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if all(c.islower() for c in letters):
        return True
    return " " not in text and bool(_HANDLE.match(text)) and any(c.isdigit() or c == "_" for c in text)


# --- metadata ------------------------------------------------------------------------


@dataclass(slots=True)
class _Meta:
    authors: tuple[str, ...] = ()
    bio_authors: tuple[str, ...] = ()
    published: str | None = None
    outlet: str | None = None


def _metadata(unit: _Unit, index: int, count: int, meta: _Meta) -> Removed | None:
    """Bylines and datelines leave the body for metadata; bio lines stay but name the author."""
    text = unit.text
    if unit.words <= 16:
        byline = parse_byline(text)
        if byline is not None:
            meta.authors = meta.authors or byline.authors
            meta.outlet = meta.outlet or byline.outlet
            meta.published = meta.published or byline.published
            return Removed(text, "byline", "by-line")
        dateline = parse_dateline(text)
        if dateline is not None and dateline.end == len(text) and dateline.labelled:
            meta.published = meta.published or dateline.published
            meta.outlet = meta.outlet or dateline.outlet
            return Removed(text, "dateline", "date-line")
    if index < 6 and unit.final:
        dateline = parse_dateline(text)
        if dateline is not None:  # a wire dateline opens the first paragraph, which stays
            meta.published = meta.published or dateline.published
            meta.outlet = meta.outlet or dateline.outlet
    if (index < 4 or index >= count - 8) and not meta.bio_authors:
        name = parse_bio(text)
        if name is not None:
            meta.bio_authors = (name,)
            unit.bio = True
    return None


# --- the batch -----------------------------------------------------------------------


def _repeated(all_units: list[list[_Unit]], drafts: Sequence[Draft], settings: Settings) -> list[set[str]]:
    """Per document, the keys of its units that recur in enough documents of its site to be chrome."""
    docs: defaultdict[tuple[str, str], int] = defaultdict(int)
    for units, draft in zip(all_units, drafts, strict=True):
        for key in {u.key for u in units}:
            docs[draft.site, key] += 1
    return [
        {u.key for u in units if docs[draft.site, u.key] >= settings.repeat_min_docs}
        for units, draft in zip(all_units, drafts, strict=True)
    ]


def _clean(draft: Draft, units: list[_Unit], repeated: set[str], rules: _Rules) -> Cleaned:
    anchors = [link.text for link in draft.links if len(link.text) >= 3]
    meta = _Meta()
    # Long paragraphs repeated across pages are usually versions of one story, not chrome.
    prose_keys = {u.key for u in units if _is_prose(u, rules)}
    shared = len(prose_keys & repeated) / len(prose_keys) if prose_keys else 0.0
    versions = shared > rules.max_repeated_prose_share
    glued = [_cut_product_boxes(unit, rules) for unit in units]
    glued.append(_cut_polls(units, rules))
    for index, unit in enumerate(units):
        if unit.removed is not None:
            continue
        unit.removed = _metadata(unit, index, len(units), meta) or _strong(unit, anchors, rules)
        if unit.removed is None and unit.key in repeated and not (versions and _is_prose(unit, rules)):
            unit.removed = Removed(unit.text, rules.repeated_reason, "site-repetition")
    _menu_columns(units, rules)
    title = _positional(units, draft, rules, meta)
    kept: dict[int, list[str]] = {}
    for unit in units:
        if unit.removed is None:
            kept.setdefault(unit.block, []).append(unit.text)
    return Cleaned(
        blocks=["\n".join(lines) for lines in kept.values()],
        removed=[u.removed for u in units if u.removed is not None] + [r for cut in glued for r in cut],
        title=title,
        authors=meta.authors or meta.bio_authors,
        published=meta.published,
        outlet=meta.outlet,
    )


def _cut_product_boxes(unit: _Unit, rules: _Rules) -> list[Removed]:
    """Cut the shop boxes in a kept unit out of its text (a unit left empty is removed whole);
    what was cut.  A box is often glued into a paragraph, so it cannot go as a unit."""
    cut = [m.group(0).strip() for m in rules.shop_box.finditer(unit.text)]
    if not cut:
        return []
    if not _leave(unit, rules.shop_box.sub("", unit.text).strip(), rules.shop_reason, "product-box"):
        return []
    return [Removed(box, rules.shop_reason, "product-box") for box in cut]


def _leave(unit: _Unit, rest: str, reason: str, detail: str) -> bool:
    """Leave ``rest`` of a unit whose chrome was cut out of it, measured again; a unit left
    empty is removed whole (``reason``, ``detail``).  Whether anything is left."""
    if not rest:
        unit.removed = Removed(unit.text, reason, detail)
        return False
    unit.text = rest
    unit.words, unit.final, unit.key = _measure(rest)
    return True


def _form_line(unit: _Unit, rules: _Rules) -> bool:
    """A form's fine print or one of its field labels ("Email *")."""
    if unit.words <= rules.notice_max_words and rules.form_phrase.search(unit.text):
        return True
    return unit.words <= rules.label_max_words and _FIELD_LABEL.match(unit.text) is not None


def _cut_polls(units: list[_Unit], rules: _Rules) -> list[Removed]:
    """Cut the polls and sign-up forms set inside the article (chrome.toml [poll]); what was
    cut out of kept units.  The marker and the question are glued to a paragraph, so the cut
    is inside the unit; the question's repeats, the answers and the form go whole, the
    answers only where the form's fine print closes the box (a short line after a question
    is otherwise article text)."""
    cut: list[Removed] = []
    question = ""
    for index, unit in enumerate(units):
        if unit.removed is not None:
            continue
        if _form_line(unit, rules):
            unit.removed = Removed(unit.text, rules.poll_reason, "form")
            continue
        if question and unit.key == question:
            unit.removed = Removed(unit.text, rules.poll_reason, "poll-question")
            continue
        marker = rules.poll_marker.search(unit.text)
        if marker is None:
            continue
        rest = rules.poll_marker.sub("", unit.text[marker.end() :]).strip()
        if len(rest.split()) <= rules.poll_question_max_words and (not rest or rest.endswith("?")):
            box, kept = unit.text[marker.start() :].strip(), unit.text[: marker.start()].strip()
            question = _measure(rest)[2] if rest else ""
            _poll_answers(units, index + 1, question, rules)
        else:
            box, kept = marker.group(0).strip(), (unit.text[: marker.start()] + rest).strip()
        if _leave(unit, kept, rules.poll_reason, "poll"):
            cut.append(Removed(box, rules.poll_reason, "poll"))
    return cut


def _poll_answers(units: list[_Unit], start: int, question: str, rules: _Rules) -> None:
    """Remove a poll's repeated question, answers and fields after its marker, when the form's
    fine print comes within ``box_max_units`` short units."""
    box: list[_Unit] = []
    for unit in units[start : start + rules.poll_box_max_units]:
        if unit.removed is not None:
            continue
        if _form_line(unit, rules):
            for answer in box:
                reason = "poll-question" if answer.key == question else "poll-answer"
                answer.removed = Removed(answer.text, rules.poll_reason, reason)
            return
        if unit.words > rules.poll_answer_max_words and unit.key != question:
            return
        box.append(unit)


def clean_batch(drafts: Sequence[Draft], settings: Settings) -> list[Cleaned]:
    """Clean a window of documents together (chrome repeated across one site's pages is found here)."""
    rules = _rules()
    all_units = [_units(d.text, rules.prose_min_words) for d in drafts]
    repeated = _repeated(all_units, drafts, settings)
    return [
        _clean(draft, units, keys, rules)
        for draft, units, keys in zip(drafts, all_units, repeated, strict=True)
    ]
