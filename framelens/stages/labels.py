"""Word choice: the descriptors an article attaches to each actor, and its terms for the central events.

Descriptors are read off the parse around every actor mention (pronoun mentions included):

* ``apposition`` — "Qasim Solemani, the commander of the Quds Force"; listed appositions and
  conjuncts each become a label ("a former senior official and the co-chair of ...");
* ``predicate`` — copular complements, also through raising verbs ("He is said to have been
  the man ..."), "designated as terrorists", small clauses ("considered Soleimani a fearsome
  enemy"); and indefinite objects of an event verb that stand for the article's central
  patient ("taking out a terrorist, a war criminal");
* ``title`` and ``modifier`` — what stands before the name in its noun phrase: a capitalised
  title ("Interior Minister") is a title, anything else ("Iran's top military commander") a
  modifier; both are given when a modifier ends in a title ("Iranian General");
* ``clause`` — a relative clause on the mention or on one of its descriptors;
* ``nickname`` — the quoted name after "nicknamed"/"dubbed"/"known as";
* ``loaded`` — an evaluative word aimed at the actor ("blasted", "a power grab"), with its
  polarity toward it (``_loaded_words``; a word in a speaker's quote is skipped).

Event terms are in ``_label_events``.  Every label is a span of ``Article.text``.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from framelens.context import Context, ModelKind
from framelens.models import Analysis, Label, Span
from framelens.pipeline import stage
from framelens.stages._actor_mentions import VERSE
from framelens.stages._doc_index import BLANK_LINE, doc_text, paragraph_break
from framelens.stages._label_events import event_labels, stand_in_patients
from framelens.stages._label_headline import headline_events
from framelens.stages._label_lexicon import LabelLexicon, label_lexicon
from framelens.stages._loaded_context import tagger_features
from framelens.stages._loaded_words import (
    PARSED_ROUTES,
    Candidate,
    candidates,
    context_may_keep,
    evaluative,
    loaded_lexicon,
    loaded_words,
    token_owner,
)
from framelens.stages._quote_cues import DATELINE_DASHES, FINITE_TAGS
from framelens.stages._titles import title_start
from framelens.text.actor_lexicon import ActorLexicon, actor_lexicon
from framelens.text.entity_types import WHEN_ENTITIES
from framelens.text.names import given_gender, without_suffix
from framelens.text.quote_lexicon import quote_lexicon
from framelens.tone.polarity import words_only

#: the loaded-word finder's parts, public here for its trainer (``framelens.train.loaded``)
__all__ = [
    "PARSED_ROUTES",
    "Candidate",
    "candidates",
    "context_may_keep",
    "evaluative",
    "find_labels",
    "labels",
    "loaded_lexicon",
    "tagger_features",
    "token_owner",
]

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

    from framelens.techniques.tagger import Reading, SpanTagger

#: event arguments must include one of this many most salient actors ...
TOP_ACTORS = 5
#: ... whose salience is at least this share of the highest
TOP_SHARE = 0.5

#: words that say when, which the parser may hang on a name as a compound ("Today Corker has")
_WHEN_WORDS = frozenset(
    {"today", "yesterday", "tomorrow", "tonight", "now", "meanwhile", "currently"}
    | {day.lower() for day in calendar.day_name}
)


def _across_lines(doc: Doc, start: int, end: int) -> bool:
    """Whether a line ends among ``doc[start:end]``: a descriptor never runs into the next line
    (the parser may read an author's box, or a quotation's signature and the next paragraph,
    as one sentence)."""
    return any("\n" in t.text for t in doc[start:end])


#: entity types of words that date or count, never describe ("an August 2012 State Department cable")
_NUMERIC_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
#: an ordinal or a bare number written as a modifier ("112th", "1st", "2020")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)?")
_NOUNISH = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
#: the most tokens an aside between dashes may run ("— who has long had an affinity ... —")
_ASIDE_TOKENS = 40
_LIST_DEPS = frozenset({"conj", "appos"})
#: children left out of a descriptor's phrase: the next list member, its conjunction, the subject
_PHRASE_EXCLUDE = frozenset({"conj", "cc", "appos", "nsubj", "nsubjpass", "preconj"})
_OPEN_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}
_NICKNAME_REACH = 80
_QUOTE_TOKENS = frozenset({'"', "“", "”", "''", "``"})


@stage("labels", "5", requires=["actors", "sentences"], produces=["labels"], models=[ModelKind.spacy])
def labels(analysis: Analysis, ctx: Context) -> Analysis:
    """Descriptors, event terms and loaded words of one article (see the module docstring),
    each descriptor with its words' polarity (the tone stage, when it runs, reads it in its
    sentence too); a loaded word keeps the polarity ``_loaded_words`` gave it."""
    doc = ctx.doc(analysis.article)
    owner = token_owner(doc, analysis)
    headline_end = ctx.headline_end(analysis.article)
    found = list(
        words_only(
            analysis.article.text,
            find_labels(doc, analysis, label_lexicon(), actor_lexicon(), owner, headline_end, ctx.nlp),
        )
    )
    salience = {a.id: a.salience for a in analysis.actors}
    tagger, reading = _tagger_reading(analysis, ctx)
    found += loaded_words(
        doc,
        owner,
        found,
        analysis.article.paragraphs,
        salience,
        tagger=tagger,
        reading=reading,
        headline_end=headline_end,
    )
    found.sort(key=lambda lab: (lab.span.start, lab.span.end, lab.kind))
    return dataclasses.replace(analysis, labels=tuple(found))


def _tagger_reading(analysis: Analysis, ctx: Context) -> tuple[SpanTagger | None, Reading | None]:
    """The technique tagger and its reading of the article, when the technique stage runs in
    this pipeline and so reads the article with it anyway (the tone stage then reads its
    sentences off the same reading): the loaded-word model reads the tagger too, at no encoder
    pass of its own.  Without that stage (``techniques = false``; the rule-stage benchmark)
    the lexicon model decides alone."""
    if loaded_lexicon().context is None or ModelKind.techniques not in ctx.pipeline_models:
        return None, None
    tagger = ctx.technique_model.tagger
    if tagger is None:
        return None, None
    return tagger, ctx.tagger_reading(analysis.article)


#: a description that runs past its paragraph ("2018\n\nPhotos posted on WhatsApp ...") or
#: opens with the year ending a line ("2018\nRT"): an embedded post's signature and the next
#: paragraph, which the parse ran together
_RUNS_ON = re.compile(BLANK_LINE + r"|^\s*\d[\d,./-]*[ \t]*\n")


def _runs_on(words: str) -> bool:
    """Whether a descriptor's words run past its paragraph or start with a year ending a line:
    "— Kelly Biele (@kbiele) November 19, 2018" signing an embedded post, then "Photos posted
    on WhatsApp of the port of entry today" opening the next paragraph, was her clause."""
    return _RUNS_ON.search(words) is not None


def find_labels(
    doc: Doc,
    analysis: Analysis,
    lex: LabelLexicon,
    alex: ActorLexicon,
    owner: list[str | None] | None = None,
    headline_end: int = 0,
    reparse: Callable[[str], Doc] | None = None,
) -> list[Label]:
    """All labels of a parsed article, in text order, without duplicates (``owner``: the
    article's ``token_owner``, when the caller has it already; ``headline_end``: where the
    headline the text starts with ends, 0 for none, ``framelens.headline``; ``reparse``: the
    spaCy pipeline, to read the headline's own event word, ``_label_headline``)."""
    owner = owner if owner is not None else token_owner(doc, analysis)
    mentions: list[tuple[DocSpan, str]] = []
    for actor in analysis.actors:
        for mention in actor.mentions:
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is not None and len(span):
                mentions.append((span, actor.id))
    types = {a.id: a.type for a in analysis.actors}
    finder = _Descriptors(doc, owner, types, lex, alex)
    out: list[Label] = []
    text = doc_text(doc)
    for span, actor_id in mentions:
        out.extend(lab for lab in finder.for_mention(span, actor_id) if not _runs_on(lab.span.text_in(text)))
    salience = {a.id: a.salience for a in analysis.actors}
    ranked = sorted(analysis.actors, key=lambda a: -a.salience)
    best = ranked[0].salience if ranked else 0.0
    top = {a.id for a in ranked[:TOP_ACTORS] if a.salience >= TOP_SHARE * best}
    # an apposed descriptor stands for its actor as an event argument too:
    # "The leader of the Free Coast Movement, Anton Bereza, was killed"
    arg_owner = list(owner)
    for i, actor_id in finder.stand_for.items():
        if arg_owner[i] is None:
            arg_owner[i] = actor_id
    head_events: list[Label] = []
    extra: frozenset[str] = frozenset()
    if headline_end and reparse is not None:
        read = headline_events(
            doc,
            headline_end,
            _headline_offices(
                doc,
                headline_end,
                _headline_surnames(doc, headline_end, arg_owner, analysis),
                out,
                alex,
                salience,
            ),
            types,
            lex,
            alex.collective_heads,
            reparse,
            analysis.article.text,
        )
        head_events = [e for e in read if any(a in top for _, a in e.arguments)]
        extra = frozenset(e.head for e in head_events)
    events = event_labels(doc, arg_owner, top, salience, lex, alex.collective_heads, extra, headline_end)
    # the joined parse may read a headline verb too: the reparse's reading of it is kept
    events = [e for e in events if not any(e.span.overlaps(h.span) for h in head_events)]
    events += head_events
    out.extend(events)
    persons = [a.id for a in ranked if a.type == "person"]
    central = _central_patient(events, set(persons), persons[0] if persons else None)
    if central is not None and headline_end:
        # "Assassinating Iran's Top Anti-ISIS General": a headline names the person its body is
        # about by a noun alone; the noun and its event are that person's
        standing = _headline_stand_ins(doc, owner, headline_end, lex, out, central)
        for token in standing:
            finder.stand_for[token.i] = central
            arg_owner[token.i] = central
            out.extend(finder.listed(token, central, "apposition"))
        if standing:  # the headline's events again, now that its nouns stand for someone
            head = doc[: next((t.i for t in doc if t.idx >= headline_end), len(doc))]
            again = event_labels(
                head, arg_owner, top | {central}, salience, lex, alex.collective_heads, extra, headline_end
            )
            out.extend(e for e in again if e.span.end <= headline_end)
    if central is not None:
        for obj in stand_in_patients(doc, owner, lex):
            out.extend(finder.listed(obj, central, "predicate"))
        # "The man who was nicknamed 'Supermani' ... is dead": an unnamed definite person
        # given a nickname is the person the article's events happen to
        for token in doc:
            if (
                token.pos_ == "NOUN"
                and owner[token.i] is None
                and token.lemma_.lower() in lex.unnamed_person_nouns
                and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            ):
                out.extend(finder.nicknames(token, central))
    seen: set[tuple[int, int, str | None, str]] = set()
    unique = []
    for label in sorted(out, key=lambda lab: (lab.span.start, lab.span.end, lab.kind)):
        key = (label.span.start, label.span.end, label.actor_id, label.kind)
        if key not in seen:
            seen.add(key)
            unique.append(label)
    return unique


def _headline_surnames(
    doc: Doc, headline_end: int, owner: list[str | None], analysis: Analysis
) -> list[str | None]:
    """``owner`` with the headline's capitalised words that are one body person's surname given
    to that person.  The parser reads headline English badly ("Trump Signs Bill ...", "Trump
    Caves To Democrats" tagged "Trump" a common noun and NER missed it), so the headline's
    subject was nobody; here it is found for the headline's event word only (the actors
    stage's mentions are left as they are: counted as headline mentions, those surnames
    moved PerSenT fixed_test's portrayal by -1.3 F1m, measured)."""
    surnames: dict[str, set[str]] = {}
    for actor in analysis.actors:
        if actor.type == "person":
            for form in (actor.name, *actor.aliases):
                if form.split():  # the surname as the actors stage reads it (before any "Jr.")
                    surnames.setdefault(without_suffix(form.split())[-1], set()).add(actor.id)
    out = list(owner)
    for token in doc:
        if token.idx >= headline_end:
            break
        holders = surnames.get(token.text, set())
        if out[token.i] is None and token.text[:1].isupper() and len(holders) == 1:
            out[token.i] = next(iter(holders))
    return out


def _offices(word: str, alex: ActorLexicon) -> frozenset[str]:
    """The office nouns a title word names: "Gov." and "Governor" both name a governor."""
    low = word.lower()
    if low.endswith(("’s", "'s")):
        low = low[:-2]  # not rstrip("’'s"), which made "Princess’s" a "prince"
    return frozenset({low, *alex.title_abbreviations.get(low, ())})


def _headline_offices(
    doc: Doc,
    headline_end: int,
    owner: list[str | None],
    found: list[Label],
    alex: ActorLexicon,
    salience: dict[str, float],
) -> list[str | None]:
    """``owner`` with the headline's title words given to the body person holding that office:
    "Arkansas Gov. Signs Amended Religious Freedom Bill" names Gov. Asa Hutchinson by his office
    alone, so its event word ("Signs") was nobody's and the story had no event term.  Where
    several hold it (Gov. Pence of Indiana too), the one whose title has the headline's word
    before it ("Arkansas"), else the clearly most salient one.  For the headline's event word
    only, as ``_headline_surnames``."""
    text = doc_text(doc)
    held: dict[str, dict[str, set[str]]] = {}  # office -> holder -> words of the holder's titles
    for lab in found:
        if lab.kind in ("title", "modifier") and lab.actor_id is not None and lab.field is None:
            words = lab.span.text_in(text).split()
            for word in words:
                for office in _offices(word, alex):
                    if office in alex.title_heads:
                        held.setdefault(office, {}).setdefault(lab.actor_id, set()).update(
                            w.lower() for w in words
                        )
    out = list(owner)
    for token in doc:
        if token.idx >= headline_end:
            break
        if out[token.i] is not None or token.pos_ not in ("NOUN", "PROPN"):
            continue
        holders: dict[str, set[str]] = {}
        for office in _offices(token.text, alex):
            for actor_id, titled in held.get(office, {}).items():
                holders.setdefault(actor_id, set()).update(titled)
        if len(holders) > 1 and token.i > 0:
            before = doc[token.i - 1].lower_
            holders = {a: w for a, w in holders.items() if before in w} or holders
        if len(holders) > 1:
            ranked = sorted(holders, key=lambda a: -salience.get(a, 0.0))
            if salience.get(ranked[0], 0.0) >= 1.5 * salience.get(ranked[1], 0.0):
                holders = {ranked[0]: holders[ranked[0]]}
        if len(holders) == 1:
            out[token.i] = next(iter(holders))
    return out


def _headline_stand_ins(
    doc: Doc, owner: list[str | None], headline_end: int, lex: LabelLexicon, found: list[Label], central: str
) -> list[Token]:
    """Nouns of the headline that stand for the central person: the subject or object of a verb,
    no name in its phrase, its head a noun for an unnamed person ("general", "leader") or a
    title the body gives that person ("Iranian General Qasem Soleimani")."""
    titles = {lab.head for lab in found if lab.actor_id == central and lab.kind in ("title", "modifier")}
    out = []
    for token in doc:
        if token.idx >= headline_end:
            break
        # "Killing of Iranian general": a headline's noun can be tagged an adjective
        if token.pos_ not in ("NOUN", "PROPN", "ADJ") or owner[token.i] is not None:
            continue
        if token.dep_ not in ("dobj", "nsubj", "nsubjpass", "ROOT", "pobj"):
            continue
        lemma = token.lemma_.lower()
        if lemma not in lex.unnamed_person_nouns and lemma not in titles:
            continue
        if any(owner[t.i] is not None for t in token.subtree if t.dep_ in ("compound", "appos")):
            continue  # "opposition leader Vostrikova": the name is there
        out.append(token)
    return out


def _central_patient(events: list[Label], persons: set[str], fallback: str | None) -> str | None:
    """The person most often the patient of the event terms: who the events happen to."""
    patients = Counter(p for e in events if (p := dict(e.arguments).get("patient")) in persons)
    return patients.most_common(1)[0][0] if patients else fallback


class _Descriptors:
    """Descriptor extraction around mentions; holds the Doc and the token -> actor map."""

    def __init__(
        self,
        doc: Doc,
        owner: Sequence[str | None],
        types: dict[str, str],
        lex: LabelLexicon,
        alex: ActorLexicon,
    ) -> None:
        self.doc, self.owner, self.types, self.lex, self.alex = doc, owner, types, lex, alex
        self.text = doc_text(doc)
        #: token index of an apposed descriptor -> the actor it describes
        self.stand_for: dict[int, str] = {}

    # --- building blocks ------------------------------------------------------------

    def phrase(self, token: Token, exclude_by: bool = False) -> tuple[int, int]:
        """Token range of a descriptor headed by ``token``, without list members or the subject.

        The phrase stops before the next list member even when the parser hung a later
        modifier on the first one.  ``exclude_by`` drops a passive agent ("as terrorists
        by the US").
        """
        doc = self.doc
        start, end = token.i, _glued_end(doc, token.i)
        limit = len(doc)
        for child in token.children:
            if child.dep_ in _PHRASE_EXCLUDE and child.i > token.i:
                limit = min(limit, child.left_edge.i)
        for child in token.children:
            if child.dep_ in _PHRASE_EXCLUDE or (child.dep_ == "punct" and child.i > token.i):
                continue
            if exclude_by and child.dep_ == "prep" and child.lower_ == "by":
                continue
            if child.i > token.i and _when(child):
                continue  # "called Velk a liar on Monday": when it was said, not what Velk is
            if child.i > token.i and child.i >= limit:
                continue
            start = min(start, child.left_edge.i)
            end = max(end, child.right_edge.i)
        while start < end and (doc[start].is_punct or doc[start].is_space):
            start += 1
        while end > start and (doc[end].is_punct or doc[end].is_space):
            end -= 1
        opened = sum(1 for t in doc[start : end + 1] if t.text == "(") - sum(
            1 for t in doc[start : end + 1] if t.text == ")"
        )
        if opened > 0 and end + 1 < len(doc) and doc[end + 1].text == ")":
            end += 1
        quotes = sum(1 for t in doc[start : end + 1] if t.text in _QUOTE_TOKENS)
        if quotes % 2 and end + 1 < len(doc) and doc[end + 1].text in _QUOTE_TOKENS:
            end += 1  # keep a quoted name whole: 'the so-called "Islamic State"'

        return start, end + 1

    def label(self, start: int, end: int, actor_id: str | None, head: str, kind: str) -> Label:
        first, last = self.doc[start], self.doc[end - 1]
        return Label(Span(first.idx, last.idx + len(last.text)), actor_id, head, kind)

    def members(self, token: Token) -> list[Token]:
        """A descriptor and the ones listed with it ("a terrorist, a war criminal")."""
        out, stack = [token], [token]
        while stack:
            for child in stack.pop().children:
                if (
                    child.dep_ in _LIST_DEPS
                    and child.pos_ in _NOUNISH
                    and self.owner[child.i] is None
                    and not _hyphen_piece(self.doc, child.i)
                ):
                    out.append(child)
                    stack.append(child)
        return out

    def listed(self, token: Token, actor_id: str, kind: str, exclude_by: bool = False) -> Iterator[Label]:
        """Labels for a descriptor, each listed member, and their relative clauses.

        A plural listed after a person's description is no second description of that one
        person: "Senator Chuck Schumer, the Democratic leader, and moderate Democratic senators"
        lists the senators beside him (BASIL's NYT had them as his label).  ("Both the IRGC and
        Solemani were designated terrorists" still describes him.)"""
        person = self.types.get(actor_id) == "person"
        for member in self.members(token):
            if person and member.dep_ == "conj" and member.tag_ in ("NNS", "NNPS"):
                continue
            if member.tag_ in ("PRP", "PRP$"):
                continue  # "what he, Müller, himself told the pope": a pronoun describes nobody
            start, end = self.phrase(member, exclude_by)
            if all(t.like_num or t.is_punct for t in self.doc[start:end]):
                continue  # "Blumenthal, 64,": an age or a count, not a description
            if any(_reference(t) for t in self.doc[start:end]):
                # an embedded post's signature, "Great day at the port https://t.co/... — Dara
                # Velk (@DaraVelk) July 5, 2018", or a verse cited after a name ("Jesus (John
                # 14:6)"): a link, a handle or a citation describes nobody
                continue
            partitive = any(c.dep_ == "prep" and c.lower_ == "of" for c in member.children)
            if (member.like_num or member.ent_type_ in _NUMERIC_ENTITIES) and not partitive:
                # "a meal at a Chick-fil-A, about $6.50,", "Obama leading Romney, 49 percent to
                # 44 percent,": a figure set beside a name, not a description of it ("one of
                # the council's keenest users of social media" still is one)
                continue
            last = _glued_end(self.doc, member.i)
            head = member.lemma_.lower() if last == member.i else self.doc[member.i : last + 1].text.lower()
            yield self.label(start, end, actor_id, head, kind)
            yield from self.clauses(member, actor_id)

    def clauses(self, token: Token, actor_id: str) -> Iterator[Label]:
        person = self.types.get(actor_id) == "person"
        for child in token.children:
            if child.dep_ == "relcl":
                if not person and child.left_edge.lower_ in ("who", "whom"):
                    continue  # "who" after an organisation is the parser attaching a person's clause too high
                people = person or (self.types.get(actor_id) == "group" and token.tag_ in ("NNS", "NNPS"))
                if people and child.left_edge.lower_ == "which":
                    # "met President Obama, which lasted more than an hour": the meeting; "vote
                    # against Democrats, which everyone should do": the voting
                    continue
                if child.left_edge.lower_ == "which" and child.lemma_ == "do":
                    continue  # "..., which he did": "which" stands for the deed, as "do" says
                if not person and token.dep_ == "pobj" and token.head.head.pos_ in ("NOUN", "PROPN"):
                    continue  # "warnings of threats in Libya, which officials objected to": the warnings
                if child.left_edge.text.isupper() and len(child.left_edge.text) > 1:
                    continue  # "Peter Salama, WHO deputy director-general": the World Health Organization
                if child.left_edge.lower_ in ("where", "when", "whereby"):
                    continue  # "the Institute, where she studies" says what happens there, not what it is
                if _across_lines(self.doc, token.i + 1, child.left_edge.i):
                    # "banned from entering the U.K.\nI was going to be among ...": the next line's
                    # sentence, which the parser hung on the name ending the line before
                    continue
                if token.tag_ in ("NNP", "NN") and _plural_verb(child):
                    continue  # "calls to boycott Chick-fil-A that were supported by ...": the calls
                if token.pos_ == "PROPN" and child.left_edge.lower_ == "to":
                    # "Weiner, one of the keenest users of social media to engage with voters,": a
                    # name takes no infinitive relative; the parser moved the apposition's clause
                    continue
                if child.lemma_.lower() in quote_lexicon().cue_verbs and any(
                    c.dep_ in ("ccomp", "parataxis") or c.is_quote for c in child.children
                ):
                    continue  # "..., which stated, '[W]e will not agree ...'": what is said, not what it is
                start, end = child.left_edge.i, child.right_edge.i + 1
                while end - 1 > start and self.doc[end - 1].is_punct:
                    end -= 1
                if child.lemma_ == "be" and _only_a_number(self.doc[start:end], child.i):
                    continue  # "Labrador, who is 46,": an age, as "Blumenthal, 64," is
                yield self.label(start, end, actor_id, child.lemma_.lower(), "clause")

    # --- per mention ----------------------------------------------------------------

    def for_mention(self, span: DocSpan, actor_id: str) -> Iterator[Label]:
        head = span.root
        yield from self.appositions(span, head, actor_id)
        yield from self.prenominal(span, head, actor_id)
        yield from self.predicates(head, actor_id)
        yield from self.clauses(head, actor_id)
        yield from self.nicknames(head, actor_id)

    def appositions(self, span: DocSpan, head: Token, actor_id: str) -> Iterator[Label]:
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ in _NOUNISH and self.owner[child.i] is None:
                if child.left_edge.lower_ in ("its", "their"):
                    continue  # "Al Qaeda, its affiliates, and ISIS": a list, not the same actor
                if self.types.get(actor_id) == "person" and child.tag_ in ("NNS", "NNPS"):
                    continue  # "Mr. Trump, his businesses and his administration": a list too
                if _across_lines(self.doc, head.i + 1, child.left_edge.i):
                    continue  # "– Catherine Velk" signing a quotation, the next paragraph after it
                between = self.doc[head.i + 1 : child.left_edge.i]
                if any(t.text == ":" for t in between):
                    continue  # "Senate Republicans: No Legislation Until ...": what they say
                if (head.text.isupper() or _opens_paragraph(head)) and any(
                    t.text in DATELINE_DASHES for t in between
                ):
                    # "WASHINGTON — E-mails released by ...", "Denver (AP) – Colorado's top law
                    # enforcement official ...": a dateline, not a description
                    continue
                if self.owner[child.left_edge.i] not in (None, actor_id) and not any(
                    t.tag_ == "POS" for t in self.doc[child.left_edge.i : child.i]
                ):
                    # "Nebraska, Oklahoma File Federal Suit ...": a list of names (a headline's),
                    # not a description ("Velk, Reyl's rival" still is one)
                    continue
                if self.types.get(actor_id) in ("place", "country") and child.lower_ in self.alex.title_heads:
                    continue  # "Atlanta, where the chain began, the president, Dan Cathy": his title
                if self._subject_left_behind(child):
                    # "Patel chose to travel to Jordan, a statement of facts ... said": the noun
                    # is the subject the parser took from the verb after it
                    continue
                if self._titles_next_name(child):
                    # "Andrew McCabe, former Oklahoma Gov. Frank Keating and ...": the next
                    # person of a list, with his title, not a description of McCabe
                    continue
                self.stand_for[child.i] = actor_id
                yield from self.listed(child, actor_id, "apposition")
        if head.dep_ != "appos":
            return
        if any(c.dep_ == "conj" and self.owner[c.i] not in (None, actor_id) for c in head.children):
            # "the strategic depth of the Shia expansion (Iraq and Iran)": the phrase names
            # the listed actors together; it is no description of the first alone
            return
        desc = head.head
        if self.owner[desc.i] is None and desc.i < span.start:
            # "the commander of the Quds Force, Qasim Solemani": a comma between makes it an
            # apposition; without one the noun is pre-nominal (handled by ``prenominal``); a
            # colon makes the name what follows a heading ("Update: Velk")
            between = self.doc[desc.i + 1 : span.start]
            if all(t.is_quote for t in between if t.is_punct):
                # 'the words "Speaker Pelosi"', 'the slogan "Velk Out"': the name is quoted as
                # words, what the noun holds; the noun describes no one
                return
            if (
                any(t.is_punct for t in between)
                and not any(t.text == ":" for t in between)
                and not any(t.lower_ == "not" for t in between)  # "agencies, not just the Department"
                # "here on You Tube, Blumenthal, ...": a name inside a phrase before the actor is
                # another thing named, not a description of the actor
                and not (
                    desc.dep_ == "pobj" and desc.pos_ == "PROPN" and desc.lower_ not in self.alex.title_heads
                )
                # "Minutes after his tweets about social media, the president — who ... —
                # appeared to": the name is the subject the sentence's verb was left without
                and not self._missing_subject(head)
            ):
                self.stand_for[desc.i] = actor_id
                yield from self.listed(desc, actor_id, "apposition")
            return
        # "The leader of the Free Coast Movement, Anton Bereza": the parser hangs the name on
        # the nearest noun, another actor; the descriptor is the noun phrase that noun is in
        if self.types.get(actor_id) != "person" or self.owner[desc.i] == actor_id:
            return  # "(ISD)" after its own expansion; a country hung on a noun is no apposition
        node = desc
        while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head
        if node.i == desc.i or self.owner[node.i] is not None or node.i > span.start:
            return
        if node.lemma_.lower() in self.lex.event_nouns:
            return  # "the killing of Solemani, Iran's ...": an event, not a description
        if (
            node.dep_ == "pobj"
            and node.lemma_.lower() not in self.alex.title_heads | self.lex.unnamed_person_nouns
        ):
            # "In a new undercover video from Project Veritas, Omar Smith, who ...": a setting
            # the sentence opens with, not who he is ("spoke to the leader of X, Anton Bereza" is)
            return
        if not any(t.is_punct for t in self.doc[desc.i + 1 : span.start]):
            return
        start, end = node.left_edge.i, span.start
        while end > start and self.doc[end - 1].is_punct:
            end -= 1
        self.stand_for[node.i] = actor_id
        yield self.label(start, end, actor_id, node.lemma_.lower(), "apposition")

    @staticmethod
    def _subject_left_behind(desc: Token) -> bool:
        """Whether a finite verb with no subject of its own follows the descriptor's phrase: the
        phrase is that verb's subject, not a description of the name before it."""
        after = desc.right_edge.i + 1
        if after >= len(desc.doc):
            return False
        verb = desc.doc[after]
        return (
            verb.tag_ in FINITE_TAGS
            and verb.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
        )

    @staticmethod
    def _missing_subject(name: Token) -> bool:
        """Whether the word after ``name``'s phrase (and an aside between dashes) is a main
        verb with no subject: the name is that verb's subject, not an apposition of the
        description the parser hung it on."""
        doc = name.doc
        i = name.right_edge.i + 1
        if i < len(doc) and doc[i].text in DATELINE_DASHES:
            # an aside between dashes ("— who has long had ... —"), however the parser hung it
            close = next((t.i for t in doc[i + 1 : i + _ASIDE_TOKENS] if t.text == doc[i].text), None)
            i = close + 1 if close is not None else i
        while i < len(doc) and (doc[i].is_punct or doc[i].is_space):
            i += 1
        if i >= len(doc):
            return False
        verb = doc[i]
        return (
            verb.pos_ in ("VERB", "AUX")
            and verb.tag_ in FINITE_TAGS
            and verb.dep_ in ("ROOT", "conj")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)
        )

    def _verb_breaks(self, verb: Token, actor_id: str) -> bool:
        """Whether a verb among the words before a name ends them: any verb but a modifier,
        and a "modifier" that is a verb the parser misread: another actor's ("President Donald
        Trump directed attorney Michael Cohen") or one with a time of its own ("two years later
        further angered Democrats")."""
        return (
            verb.dep_ not in ("amod", "compound")
            or (verb.i > 0 and self.owner[verb.i - 1] not in (None, actor_id))
            or any(c.dep_ == "npadvmod" for c in verb.subtree)
        )

    def _titles_next_name(self, title: Token) -> bool:
        """Whether ``title`` is a title word right before a proper name ("Gov. Frank Keating")."""
        word = title.lower_
        if word not in self.alex.title_heads and word not in self.alex.title_abbreviations:
            return False
        nxt = title.nbor(1) if title.i + 1 < len(self.doc) else None
        return nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and bool(title.whitespace_)

    def prenominal(self, span: DocSpan, head: Token, actor_id: str) -> Iterator[Label]:
        if self.types.get(actor_id) not in ("person", "organisation", "group"):
            return  # "eastern Syria", "neighboring Iraq": geography, not a descriptor
        doc = self.doc
        if head.dep_ == "compound" and head.head.i >= span.end:
            # "now-public State Department records": the words before describe the records;
            # "Alabama Republican Senate candidate Roy Moore": they describe Moore, not the Senate
            return
        np_head = head
        if head.dep_ == "appos" and head.head.i < span.start:
            between = doc[head.head.i + 1 : span.start]
            if any(t.is_punct for t in between):
                return
            np_head = head.head
        start = min(np_head.left_edge.i, np_head.i)
        if start >= span.start:
            return
        # keep only the words right before the name: stop at punctuation, verbs, prepositions
        cut = start
        for token in doc[start : span.start]:
            # a line break ends a descriptor: an unpunctuated line above (a headline, a
            # subhead) is no part of the name's noun phrase, whatever the parser joined
            breaks = (
                (token.is_punct and token.text not in ("-", "–", "'s", "’s"))
                or (token.is_space and "\n" in token.text)
                # "buck up -– worried Democrats": a dash with a space beside it, not a hyphen
                or (token.text in ("-", "–") and (token.whitespace_ or doc[token.i - 1].whitespace_))
            )
            # "Editor-in-Chief": a preposition inside a hyphenated word is no break
            before, after = doc[max(token.i - 1, 0)], doc[min(token.i + 1, len(doc) - 1)]
            hyphenated = before.text == after.text == "-" and not before.whitespace_ and before.i < token.i
            if (
                breaks
                or (token.pos_ in ("ADP", "SCONJ", "AUX") and not hyphenated)
                # "President Trump and congressional Republicans": the words before the "and"
                # are another conjunct's ("brave and honest" stays one)
                or (token.pos_ == "CCONJ" and token.head.pos_ in ("NOUN", "PROPN"))
                or (token.pos_ == "VERB" and self._verb_breaks(token, actor_id))
                # "Today Corker has nothing to ...": when, not who (the parser may make it a compound)
                or token.lower_ in _WHEN_WORDS
                # "Police detain opposition leader Vostrikova": a headline's verb parsed as a modifier
                or (token.lower_ in self.lex.event_verbs and token.tag_ in ("VB", "VBP", "JJ", "NN"))
                # "names as defendants former President Obama": a plural before an adjective
                # describes a group, never the one person ("farm workers leader" stays whole)
                or (token.tag_ == "NNS" and after.i > token.i and after.tag_ in ("JJ", "JJR", "JJS"))
            ):
                cut = token.i + 1
        while cut < span.start and (doc[cut].pos_ in ("DET", "CCONJ") or doc[cut].tag_ == "PRP$"):
            cut += 1
        if cut < span.start and _inverted_speech_verb(doc[cut], span):
            cut += 1  # '"...," huffed committee member Patrick Leahy': the verb, then the subject
        words = doc[cut : span.start]
        if (
            cut >= 2
            and doc[cut - 1].lower_ == "of"
            and doc[cut - 2].text[:1].isupper()
            and words
            and all(t.text[:1].isupper() for t in words)
            and (first := title_start(doc, cut - 1, self.alex)) < cut - 1
        ):
            # "Secretary of State Hillary Clinton", "Chief of Staff": one title across its "of"
            # (the cut at the preposition had left "State" as a modifier)
            yield self.label(first, span.start, actor_id, doc[cut - 2].lemma_.lower(), "title")
            return

        if not any(self.owner[t.i] is None and t.pos_ in _NOUNISH for t in words):
            return
        if all(
            t.lower_ in self.lex.quantifiers
            or t.is_punct
            or t.tag_ == "POS"
            or _ORDINAL.fullmatch(t.text)
            or t.ent_type_ in _NUMERIC_ENTITIES
            for t in words
        ):
            return  # "other Republicans", "many Democrats", "the 112th Congress": a count or a number
        if self.owner[span.start - 1] is not None or doc[span.start - 1].tag_ == "POS":
            return  # "Iran's Quds Forces": a possessor, not a descriptor
        salutation = len(words) == 1 and words[0].lower_ == "dear"
        if salutation and (doc[cut].is_sent_start or _opens_paragraph(doc[cut])):
            return  # "Dear Sasha and Malia, ...": a letter's salutation
        title = title_start(doc, span.start, self.alex, limit=cut)
        title_words = doc[title : span.start]
        capitalised = len(title_words) and all(t.text[:1].isupper() for t in title_words)
        last = doc[span.start - 1].lemma_.lower()
        if capitalised and not all(t.lower_ in self.alex.courtesy_titles for t in title_words):
            # "Mr." before every mention is house style, not a label of the person
            yield self.label(title, span.start, actor_id, last, "title")
        if len(words) == 1 and words[0].pos_ == "PROPN" and given_gender(words[0].text):
            return  # "Dear Ana and Mira Velk": another person's given name, no description
        if words[-1].lower_ in self.alex.courtesy_titles:
            return  # "the override, the first Mr. Obama has faced": the words before a courtesy title
        if not capitalised or title > cut:
            yield self.label(cut, span.start, actor_id, last, "modifier")

    def predicates(self, head: Token, actor_id: str) -> Iterator[Label]:
        role = head
        while role.dep_ == "conj" and role.head.i != role.i and self.owner[role.head.i] is not None:
            role = role.head  # "Both the IRGC and Solemani were designated": the first conjunct's role
        verb = role.head
        comps: list[Token] = []
        lex = self.lex
        if role.dep_ in ("nsubj", "nsubjpass"):
            if role.dep_ == "nsubj" and verb.lemma_.lower() in lex.copulas:
                comps += [c for c in verb.children if c.dep_ in ("attr", "acomp")]
            if not comps:
                for x in verb.children:
                    if x.dep_ == "xcomp" and x.lemma_.lower() in lex.copulas:
                        comps += [c for c in x.children if c.dep_ in ("attr", "acomp")]
            if (
                verb.lemma_.lower() in lex.as_verbs
                and not _other_object(verb)
                # "Crowley called her answer evasive" (parsed without an object): whoever calls
                # names someone else; only "X was called a liar" describes its subject
                and not (role.dep_ == "nsubj" and verb.lemma_.lower() in _NAMES_ANOTHER)
            ):
                comps += self._as_complements(verb)
            if (
                role.dep_ == "nsubj"
                and verb.pos_ in ("NOUN", "PROPN")
                and verb.dep_ in ("ccomp", "xcomp", "oprd")
                # "demanded that Mr. Obama resign" (the verb read as a noun) is a clause, no small clause
                and not any(c.dep_ == "mark" for c in verb.children)
                # "a “Make America Great Again” hat": a slogan naming a thing, every word
                # capitalised (a headline's "Council Considers Velk A Fearsome Enemy" is its clause)
                and not (
                    verb.head.dep_ != "ROOT"
                    and _title_cased(self.doc[min(verb.head.i, role.i) : verb.right_edge.i + 1])
                )
            ):
                comps.append(verb)  # small clause: "considered Soleimani a fearsome enemy"
        elif role.dep_ == "dobj" and verb.lemma_.lower() in lex.as_verbs:
            comps += self._as_complements(verb)
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
            return  # "If the Republicans are being sincere, ...": a condition, not a description
        if any(c.dep_ == "neg" for c in verb.children):
            return  # "is not alone", "was never a member": what the actor is not, no description of it
        if any(paragraph_break(t) for t in self.doc[min(role.i, verb.i) : max(role.i, verb.i)]):
            # the parse ran a paragraph into the next: "— Michael Ahrens (@ahrens) October 22,
            # 2018" signing an embedded post, then "Ellison is a totalitarian-minded individual"
            # made Ahrens the subject; a subject and its verb never stand paragraphs apart
            return
        for comp in comps:
            if comp.pos_ == "ADJ" and any(c.dep_ == "xcomp" for c in comp.children):
                continue  # "has not been able to peel off", "is likely to win": a modality, not a description
            if any(c.tag_ in ("WRB", "WP", "WDT") for c in comp.subtree if c.i < comp.i):
                continue  # "unknown how serious Mr. Trump is": a question about the actor, not a description
            if _across_lines(self.doc, comp.left_edge.i, comp.right_edge.i + 1):
                # "X is the author of\nHis latest book, published May 9, ...": an author's box
                # whose lines the parser read as one sentence; a description ends with its line
                continue
            if self.owner[comp.i] is None and comp.pos_ in _NOUNISH:
                yield from self.listed(comp, actor_id, "predicate", exclude_by=role.dep_ == "nsubjpass")

    def _as_complements(self, verb: Token) -> list[Token]:
        out = [
            c for c in verb.children if c.dep_ == "oprd" and c.lemma_.lower() not in self.lex.nickname_verbs
        ]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                out += [c for c in prep.children if c.dep_ == "pobj"]
        return out

    def nicknames(self, head: Token, actor_id: str) -> Iterator[Label]:
        """ "X, nicknamed 'Y'", "X, who was dubbed 'Y'", "X was known as 'Y'": the quoted name."""
        verbs = [
            c
            for c in head.children
            if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in self.lex.nickname_verbs
        ]
        if head.dep_ == "nsubjpass" and head.head.lemma_.lower() in self.lex.nickname_verbs:
            verbs.append(head.head)
        text = self.text
        for verb in verbs:
            pos = verb.idx + len(verb.text)
            while pos < len(text) and text[pos] == " ":
                pos += 1
            if text.startswith("as ", pos):
                pos += 3
            close = _OPEN_QUOTES.get(text[pos : pos + 1])
            if close is None:
                continue
            end = text.find(close, pos + 1, pos + _NICKNAME_REACH)
            if end <= pos + 1:
                continue
            name = text[pos + 1 : end]
            yield Label(Span(pos + 1, end), actor_id, name.casefold(), "nickname")


#: verbs whose active subject names someone else ("called him a liar")
_NAMES_ANOTHER = frozenset({"call"})


def _when(child: Token) -> bool:
    """Whether a descriptor's modifier only says when ("on Monday", "at noon", "last week"),
    which the parser hangs on the descriptor's head as often as on the verb."""
    if child.dep_ == "npadvmod":
        return child.ent_type_ in WHEN_ENTITIES
    if child.dep_ != "prep" or child.lower_ not in ("on", "at"):
        return False
    objects = [c for c in child.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in WHEN_ENTITIES for o in objects)


def _inverted_speech_verb(first: Token, name: DocSpan) -> bool:
    """Whether the first word before a name is the verb of a quotation in inverted order:
    lower case, right after the closing quotation mark, with no verb after the name in its
    sentence ('"...," huffed committee member Patrick Leahy (D-Vt.).').  A modifier after a
    quotation is followed by the verb ('"...," senior adviser Ada Velk said')."""
    doc = first.doc
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.text == ",":
        before = doc[before.i - 1] if before.i > 0 and doc[before.i - 1].is_quote else None
    if before is None or not before.is_quote or not first.text.islower():
        return False
    if not (first.text.endswith("ed") or first.text.endswith("s")):
        return False
    sent_end = name.sent.end
    return not any(t.pos_ in ("VERB", "AUX") for t in doc[name.end : sent_end])


def _title_cased(words: DocSpan) -> bool:
    """Whether every word of a phrase is capitalised, its first word opening no sentence: a
    name, a title or a slogan ("Make America Great Again"), not a clause of the narration."""
    alpha = [t for t in words if t.is_alpha]
    return len(alpha) >= 3 and not alpha[0].is_sent_start and all(t.text[:1].isupper() for t in alpha)


def _reference(token: Token) -> bool:
    """A web address, e-mail address, social-media handle ("@DaraVelk") or chapter and verse."""
    return (
        token.like_url
        or token.like_email
        or (token.text.startswith("@") and len(token.text) > 1)
        or VERSE.fullmatch(token.text) is not None
    )


def _opens_paragraph(token: Token) -> bool:
    """Whether ``token`` is the first word of its paragraph (or of the text)."""
    i = token.i - 1
    while i >= 0 and token.doc[i].is_space and "\n" not in token.doc[i].text:
        i -= 1
    return i < 0 or "\n" in token.doc[i].text or "\n" in token.doc[i].whitespace_


def _plural_verb(verb: Token) -> bool:
    """Whether a clause's verb agrees with a plural ("that were supported", "which are"): a
    singular name ("Chick-fil-A") is then not what the clause is about."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    words = [*verbs, *(c for v in verbs for c in v.children if c.dep_ in ("aux", "auxpass"))]
    # "aides who resigned or were fired": the conjoined verb's auxiliary agrees as well
    return any(w.lower_ in ("are", "were") for w in words) or (verb.tag_ == "VBP" and verb.lower_ != "am")


def _other_object(verb: Token) -> bool:
    """Whether ``verb`` has an object other than its subject: in "He cast his decision as a way
    to keep his options open" the "as" phrase describes the decision, not him; "He described
    himself as a reformer" still describes him."""
    return any(c.dep_ == "dobj" and not c.lower_.endswith(("self", "selves")) for c in verb.children)


def _only_a_number(clause: DocSpan, verb: int) -> bool:
    """A clause "who is (now) 46": nothing but its relative word, its verb and a number."""
    rest = [
        t
        for t in clause
        if t.i != verb and t.tag_ not in ("WP", "WDT") and not t.is_punct and t.pos_ not in ("ADV", "AUX")
    ]
    return bool(rest) and all(t.like_num for t in rest)


def _hyphen_piece(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen or the part after one in a word the tokenizer split ("co-chair")."""
    token = doc[i]
    if token.text in ("-", "–"):
        return True
    prev = doc[i - 1] if i > 0 else None
    return prev is not None and prev.text in ("-", "–") and prev.idx + len(prev.text) == token.idx


def _glued_end(doc: Doc, i: int) -> int:
    """The last token of a hyphenated word that starts at token ``i`` ("co" - "chair")."""
    while i + 2 < len(doc) and _hyphen_piece(doc, i + 1) and _hyphen_piece(doc, i + 2):
        if doc[i].idx + len(doc[i].text) != doc[i + 1].idx:
            break
        i += 2
    return i
