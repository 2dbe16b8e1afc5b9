"""Who speaks: the speaker's noun phrase, role, actor link and pronoun antecedent.

The speaker's name is read from the parse (the head's compounds and modifiers);
the role is read from the text right after the name ("Sam Heller, an analyst at
...", "Heller of the International Crisis Group") or from a title in front of it
("Interior Minister Tomas Reyl"), because the small parser often misattaches long
appositions while the punctuation is reliable.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from framelens.models import Actor, Label, Mention, Span
from framelens.stages._doc_index import BLANK_LINE, doc_text, paragraph_break
from framelens.stages._quote_cues import FINITE_TAGS
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.quote_lexicon import QuoteLexicon

_NP_LEFT = frozenset({"compound", "amod", "nmod", "det", "nummod", "poss", "case", "quantmod", "flat", "nn"})
_INDEFINITE = frozenset({"a", "an", "some", "many", "several", "other", "few", "most", "two", "three"})
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
# the text right after a name that gives an affiliation: " of the International Crisis Group"
_AFFILIATION = re.compile(r"\s+(?:of|from|at|with)\s+(?:the\s+)?[A-Z]")
#: where a role ends: a quotation mark, or a sentence end that is no abbreviation ("the No. 3
#: House Democrat", "Representative Nick J. Rahall", "Mr. Reid")
_ROLE_END = re.compile(
    r"[\"“”„«»]|(?<!\bNo)(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSt)[.;!?](?:\s|$)"
    r"|" + BLANK_LINE  # a paragraph's end: the role never runs into the next paragraph
)
_ROLE_TRIM = " \t\n,;:.—–-"
#: words that open a circumstance after a name, not an apposition ("X, in a statement, said")
_NOT_ROLES = frozenset(
    {"in", "on", "during", "after", "before", "when", "while", "for", "to", "by", "as", "though"}
)

REASON_GENERIC = "generic speaker"
REASON_UNRESOLVED = "speaker not resolved to an actor"
REASON_NO_SPEAKER = "no speaker in the sentence"
REASON_NO_ANTECEDENT = "pronoun with no antecedent"
#: speaker heads that are no name on their own: quantifiers ("Some argue ...", unnamed
#: people) and demonstratives ("This shows ...", which stand for something said before)
_QUANTIFIERS = frozenset(
    {"some", "many", "most", "others", "other", "several", "few", "both", "all", "one", "each", "any", "none"}
)
_BARE = _QUANTIFIERS | {"this", "that", "these", "those", "such"}


@dataclass(frozen=True, slots=True)
class SpeakerPhrase:
    """A speaker as written: its span, the name to show, a role when the text gives one.

    ``bare``: the phrase is a lone determiner or quantifier ("Some", "This"), a speaker
    the text does not name; ``demonym``: its head is a people's name ("Syrians").
    """

    span: Span
    name: str
    role: str | None
    generic: bool
    pronoun: bool
    proper: bool
    bare: bool = False


def _np_range(head: Token) -> tuple[int, int]:
    """Token range of the speaker's noun phrase: left modifiers, the head, coordinated heads."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in _NP_LEFT:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("conj", "cc"):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ in ("flat", "compound") and child.i == end:
            end = child.i + 1
    return start, end


def _title_split(tokens: list[Token], head: Token, lex: QuoteLexicon) -> int:
    """Where the name starts after a title ("Interior Minister | Tomas Reyl"); 0 when there is none."""
    if head.pos_ != "PROPN":
        return 0
    if tokens[-1].lower_ in actor_lexicon().generic_org_heads:
        return 0  # "The Justice Department said": a body's name, no "Justice" before a "Department"
    split = 0
    for k, tok in enumerate(tokens[:-1]):
        if tok.lower_ in lex.titles and all(t.pos_ == "PROPN" for t in tokens[k + 1 :]):
            split = k + 1
    return split


#: adverbs and auxiliaries between a role and its cue ("..., a senator, sharply criticized")
_ROLE_ADVERBS = re.compile(
    r",\s*(?:[a-z]+ly|also|then|later|again|once|now|still|has|had|have|would|will)"
    r"(?:\s+(?:[a-z]+ly|also|then|later|again|once|now|still|has|had|have|would|will))*$"
)


def _role_after(text: str, end: int, bound: int) -> str | None:
    """A role written right after the name: an apposition or an "of ORG" affiliation."""
    tail = text[end:bound]
    stop = _ROLE_END.search(tail)
    if stop is not None:
        tail = tail[: stop.start()]
    if tail.startswith(","):
        # "Mary Velk, the mayor's sister, sharply criticized": the adverb belongs to the cue
        role = _ROLE_ADVERBS.sub("", tail[1:].strip(_ROLE_TRIM)).strip(_ROLE_TRIM)
        words = role.split()
        # an apposition starts in lower case ("an analyst", "a former ...", "who ...");
        # a capital here is more often the next item of a list of names
        if words and words[0].lower() in _NOT_ROLES:
            return None  # "X, in its report, ...": a circumstance, not who X is
        if words and (words[0][0].islower() or words[0].lower() in ("the", "a", "an")):
            return role
        return None
    if _AFFILIATION.match(tail):
        role = tail.split(",")[0].strip(_ROLE_TRIM)
        return role or None
    return None


def _clause_start(head: Token, bound: int) -> int:
    """Where the speaker's own clause goes on after the name and its apposition: the verb
    it is the subject of, or an adverb or auxiliary before that verb ("..., a candidate,
    sharply criticized the vote and said ..."); ``bound`` when it comes later."""
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb.i <= head.i:
        return bound
    before = [
        c.i for c in verb.children if head.i < c.i < verb.i and c.dep_ in ("advmod", "aux", "neg", "auxpass")
    ]
    return min(bound, head.doc[min([verb.i, *before])].idx)


def speaker_phrase(head: Token, lex: QuoteLexicon, bound: int, text: str | None = None) -> SpeakerPhrase:
    """The speaker phrase headed by ``head``; ``bound`` is where a role after the name must end.

    ``text`` is the Doc's text when the caller has it: ``doc.text`` joins every token of
    the Doc on each call, which made the quotes stage quadratic in the article's length."""
    doc = head.doc
    text = doc_text(doc) if text is None else text
    if head.pos_ == "PRON" and head.lower_ in lex.pronouns:
        return SpeakerPhrase(Span(head.idx, head.idx + len(head)), head.text, None, False, True, False)
    start, end = _np_range(head)
    start, end = _within_paragraph(doc, start, end, head.i)
    if head.lower_ in _BARE:
        # "Many of his supporters": the quantifier's "of" phrase is the speaker's description
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            end = max(end, of.right_edge.i + 1)
        elif end - start == 1:
            word = Span(head.idx, head.idx + len(head))
            generic = head.lower_ in _QUANTIFIERS
            return SpeakerPhrase(word, head.text, None, generic, False, False, bare=True)
    tokens = list(doc[start:end])
    generic = _is_generic(head, tokens, lex) or head.lower_ in _QUANTIFIERS
    split = 0 if generic else _title_split(tokens, head, lex)
    name_tokens = tokens[split:]
    span = Span(name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1]))
    name = span.text_in(text)
    role = None
    if not generic:
        role = _role_after(text, span.end, _clause_start(head, bound))
        at = text.find(role, span.end) if role is not None else -1  # a cut role keeps its start
        if role is not None and _doing(doc, at, role):
            role = None  # "X, campaigning in Port Calder on Friday, said": what X is doing
        if role is not None:
            role = _before_verb(doc, at, role)
        words = role.split() if role is not None else []
        if words and (
            _listed(head, at)
            # a relative clause cut short: "which", "who has", "who in an Oct" (cut at "Oct.")
            or (words[0].lower() in _RELATIVES and len(words) <= _CUT_CLAUSE_WORDS)
            # "Roger Katz, who said he wanted ...": the speech itself, not who he is
            or _speech_clause(doc, at, lex)
        ):
            role = None  # the next name of a list, or no role at all
        if role is not None and (cut := _TRAILING_RELATIVE.search(role)) is not None:
            # "Log Cabin Republicans, a gay and lesbian group, which said": the group is the
            # role; "Jeff Sessions, a former senator, who has told ...": so is "a former senator"
            role = role[: cut.start()].rstrip(_ROLE_TRIM) or None
        title = _title_before(tokens[:split], text)
        if title is not None and title.lower() in actor_lexicon().courtesy_titles:
            title = None  # "Mr." is house style, not who the speaker is
        if role is None:
            role = title
        elif title is not None and _AFFILIATION.match(" " + role):
            role = f"{title}, {role}"  # "Sen. Amy Klobuchar of Minnesota": "Sen., of Minnesota"
    return SpeakerPhrase(span, name, role, generic, False, head.pos_ == "PROPN")


def _within_paragraph(doc: Doc, start: int, end: int, head: int) -> tuple[int, int]:
    """The token range ``start:end`` cut to the paragraph of token ``head``: the parse runs an
    embedded post's signature ("— Iris Rodriguez (@IrisNews) November 2, 2018") into the next
    paragraph, and "2018 President" became Trump's role, "2018 GILLUM ELECTION STRATEGY" a
    speaker's name."""
    for i in range(head - 1, start - 1, -1):
        if paragraph_break(doc[i]):
            start = i + 1
            break
    for i in range(head + 1, end):
        if paragraph_break(doc[i]):
            end = i
            break
    return start, end


def _speech_clause(doc: Doc, start: int, lex: QuoteLexicon) -> bool:
    """Whether the role written at ``start`` is a relative clause whose verb is a speech cue
    ("who said he wanted ..."): the clause reports the speech, it does not say who speaks."""
    if start < 0:
        return False
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span) or span[0].lower_ not in _RELATIVES:
        return False
    nxt = span[0].i + 1
    return nxt < len(doc) and doc[nxt].lemma_.lower() in lex.cue_verbs


#: a role opening with a relative pronoun in this few words is a clause cut short
_CUT_CLAUSE_WORDS = 4

#: a relative pronoun alone is a clause cut short, not a role ("Wal-Mart, which ...")
_RELATIVES = frozenset({"which", "who", "whom", "whose", "that"})

#: a relative pronoun, with its auxiliary, ending a role: the speech's clause begins there
_TRAILING_RELATIVE = re.compile(
    rf"(?:^|[\s,])(?:{'|'.join(sorted(_RELATIVES))})(?:\s+(?:has|had|have|is|was|were|are|will|would))?$",
    re.IGNORECASE,
)


def _listed(head: Token, at: int) -> bool:
    """Whether the character ``at`` lies in a name listed after ``head`` ("Little Rock's mayor,
    the city's Chamber of Commerce and ... Acxiom all urged": the chamber is the next speaker
    of the list, not the mayor's role).  A floating "all" or "both" after the names marks such
    a list even where the parser hangs the next names on the first as an apposition."""
    if any(c.lower_ in ("all", "both") and c.i > head.i for c in head.children):
        return True
    todo = [c for c in head.children if c.dep_ == "conj"]
    while todo:
        item = todo.pop()
        if item.left_edge.idx <= at < item.right_edge.idx + len(item.right_edge):
            return True
        todo.extend(c for c in item.children if c.dep_ == "conj")
    return False


def _title_before(tokens: list[Token], text: str) -> str | None:
    """The title written before a speaker's name, from after the last person named before it
    ("Attorney General William Barr and Deputy Attorney General Rod Rosenstein": "Deputy
    Attorney General" for Rosenstein, not "Barr and Deputy Attorney General"); an "and"
    inside a body's name stays ("Oversight and Government Reform Committee spokesman")."""
    cut, person = 0, False
    for k, t in enumerate(tokens):
        person = person or t.ent_type_ == "PERSON"
        if person and (t.dep_ == "cc" or t.text in (",", ";")):
            cut, person = k + 1, False
    title = [t for t in tokens[cut:] if t.dep_ != "det"]
    return text[title[0].idx : title[-1].idx + len(title[-1])] if title else None


def _before_verb(doc: Doc, at: int, role: str) -> str | None:
    """A role cut before a finite verb after one of its commas: "Mr. Royce, of California,
    called Friday for ..." (the parser made "called" a modifier of the name) has the role "of
    California", not "of California, called Friday for Mr"."""
    if at < 0:
        return role
    for comma in re.finditer(r",\s+", role):
        span = doc.char_span(at + comma.end(), at + comma.end() + 1, alignment_mode="expand")
        if span is None or not len(span) or span[0].dep_ in ("amod", "compound"):
            continue
        verb = span[0]
        # a participle with a day or time of its own is the event told ("called Friday for ...")
        dated = verb.tag_ == "VBN" and any(c.ent_type_ in ("DATE", "TIME") for c in verb.children)
        if verb.tag_ in FINITE_TAGS or dated:
            return role[: comma.start()].rstrip(_ROLE_TRIM) or None
    return role


def _doing(doc: Doc, start: int, role: str) -> bool:
    """Whether a role after a name opens with a present participle: what the speaker is doing,
    not who they are ("campaigning in South Carolina on Friday night", "speaking to reporters",
    "according to the source"); "known for ..." still describes.  Or with a finite verb: the
    sentence going on after an aside ("The mayor, according to the Times, said he ...").
    ``start``: where the role is written in the text (-1: not found)."""
    first = doc.char_span(start, start + len(role.split()[0])) if start >= 0 else None
    if first is None or first[0].dep_ in ("amod", "compound"):
        return False
    return first[0].tag_ == "VBG" or first[0].tag_ in FINITE_TAGS


def _is_generic(head: Token, tokens: list[Token], lex: QuoteLexicon) -> bool:
    """'analysts', 'officials', 'some', 'an official': unnamed speakers, never linked to an actor."""
    if head.pos_ == "PROPN":
        return False
    word = head.lemma_.lower()
    if word not in lex.generic_nouns and head.lower_ not in lex.generic_nouns:
        return False
    if head.tag_ in ("NNS", "NNPS") or head.pos_ in ("DET", "PRON", "ADJ", "NUM"):
        return True
    return any(t.dep_ == "det" and t.lower_ in _INDEFINITE for t in tokens)


# --- actor links ------------------------------------------------------------------------


def _key(name: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_DET.sub("", name.strip())).casefold()


class ActorIndex:
    """Looks speakers up among the article's actors: by overlapping mention, then by name."""

    def __init__(
        self, actors: tuple[Actor, ...], mentions: list[Mention], titles: dict[str, set[str]] | None = None
    ) -> None:
        self.actors = {a.id: a for a in actors}
        self.mentions = mentions
        self.starts = [m.span.start for m in mentions]
        self.by_name: dict[str, set[str]] = {}
        self.by_surname: dict[str, set[str]] = {}
        #: a person's title or role as the article writes it ("interior minister") -> actor ids
        self.by_title: dict[str, set[str]] = titles or {}
        for actor in actors:
            for name in (actor.name, *actor.aliases):
                self.by_name.setdefault(_key(name), set()).add(actor.id)
            if actor.type == "person" and len(actor.name.split()) > 1:
                self.by_surname.setdefault(_key(actor.name.split()[-1]), set()).add(actor.id)

    @staticmethod
    def titles_from(labels: Iterable[Label], text: str, actors: tuple[Actor, ...]) -> dict[str, set[str]]:
        """Titles and role nouns the article gives its people ("Interior Minister Tomas Reyl",
        "Reyl, the interior minister"), full and by head word, so that a later "the
        minister said" can be linked to the one person the article gave that title."""
        people = {a.id for a in actors if a.type == "person"}
        table: dict[str, set[str]] = {}
        for label in labels:
            if label.actor_id not in people or label.kind not in {"title", "apposition", "modifier"}:
                continue
            phrase = _key(label.span.text_in(text))
            if not phrase or len(phrase.split()) > 3:
                continue  # a long description is not a title a reader would refer back to
            for key in {phrase, label.head.casefold()}:
                table.setdefault(key, set()).add(label.actor_id)
        return table

    def mention_at(self, span: Span) -> Mention | None:
        """The mention that overlaps ``span`` most, if any."""
        best, overlap = None, 0
        i = bisect.bisect_left(self.starts, span.end)
        # mentions are short: look back a few from the first one starting at/after the span end
        for m in self.mentions[max(0, i - 8) : i]:
            shared = min(m.span.end, span.end) - max(m.span.start, span.start)
            if shared > overlap:
                best, overlap = m, shared
        return best

    def by_text(self, name: str) -> str | None:
        """An actor whose name, alias or (for people) surname is ``name``; None when unknown or ambiguous."""
        key = _key(name)
        for table in (self.by_name, self.by_surname):
            ids = table.get(key)
            if ids and len(ids) == 1:
                return next(iter(ids))
        ids = self.by_title.get(key)
        if ids and len(ids) == 1:  # "the minister" when one person was called the minister
            return next(iter(ids))
        if " " in key:  # "Sam Heller" when the actor is known as "Heller" only
            ids = self.by_name.get(key.split()[-1])
            if ids and len(ids) == 1 and self.actors[next(iter(ids))].type == "person":
                return next(iter(ids))
        return None

    def link(self, span: Span, name: str, head: Span | None = None) -> str | None:
        """The actor a speaker phrase names; with ``head``, a mention must cover the phrase's head
        word ("Iran-backed militias" are not Iran)."""
        mention = self.mention_at(span)
        if (
            mention is not None
            and head is not None
            and not (mention.span.start < head.end and head.start < mention.span.end)
        ):
            return self.by_text(name)
        if mention is not None:
            rest = name[mention.span.end - span.start :]
            if rest[:2] in {"'s", "’s"} and rest[2:].strip():
                # "Vostrikova's lawyer said": the speaker is someone of the actor's, not the actor
                return None
            return mention.actor_id
        return self.by_text(name)

    def name_of(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return actor.name if actor else None

    def type_of(self, actor_id: str | None) -> str | None:
        actor = self.actors.get(actor_id or "")
        return actor.type if actor else None
