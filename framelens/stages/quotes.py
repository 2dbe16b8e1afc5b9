"""Quotes and speakers: who is quoted, saying what, in whose words.

Three kinds of ``Quote``:

* ``direct`` — words inside quotation marks attributed to a speaker (or, when no
  speaker can be found, kept with ``no_speaker_reason``).  The span is the content
  without the marks.  A quote interrupted by its cue ('“That is,” Stroul wrote,
  “the end.”') gives TWO direct quotes that share the same cue span and speaker:
  the link is the shared cue, and each span stays verbatim with no cue inside.
  A quote running over several paragraphs (no closing mark until the last one)
  is ONE quote; see ``_quote_marks``.  A long quote with no cue in its own sentence
  continues the speaker of the previous direct quote in the same or the previous
  paragraph (a second quoted sentence after '..., said Heller.') and shares its cue.
* ``indirect`` — reported speech: the span is the reported content (the complement
  clause, without "that"), the cue is the verb or phrase ("has reported",
  "according to", "as X put it", "wrote in a text message").  When the cue stands
  in the middle of the content ("Without X, analysts said, Y"), the span is the
  whole clause with the cue inside it, since a span cannot have a hole.
* ``scare`` — a short quoted phrase (at most ``scare_max_words`` words, or no verb)
  with no cue, a quoted name after "so-called"/"nicknamed", or a title of a work
  after "article"/"report"/"book": no speaker, with the reason saying which.

Speakers are linked to actors by a mention overlapping the speaker span, else by
name, alias or surname; generic speakers ("analysts said") are never linked.  A
pronoun speaker takes the latest named speaker of the previous sentences, else
the person (or, for "it"/"they", organisation) named there; its ``speaker_span``
stays on the pronoun while ``speaker_name``, id and role come from the antecedent.
Every quote without an actor id says why in ``no_speaker_reason``.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from framelens.context import Context, ModelKind
from framelens.models import Analysis, Quote, Span
from framelens.pipeline import stage
from framelens.stages._doc_index import SpanOverlap, doc_index
from framelens.stages._quote_cues import (
    REFLEXIVES,
    Cue,
    cue_at,
    dateline,
    related,
    reported_content,
    speaker_token,
)
from framelens.stages._quote_marks import Segment, find_segments, paragraph_spans
from framelens.stages._quote_model import CueModel, cue_features, cue_model
from framelens.stages._quote_speaker import (
    REASON_GENERIC,
    REASON_NO_ANTECEDENT,
    REASON_NO_SPEAKER,
    REASON_UNRESOLVED,
    ActorIndex,
    speaker_phrase,
)
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.names import given_gender
from framelens.text.quote_lexicon import REASON_GROUP, REASON_WRITER, QuoteLexicon, quote_lexicon

# what other packages may use of the quote rules (the trainer of the cue gate reads its features)
__all__ = ["cue_at", "cue_features", "find_quotes", "quotes"]

REASON_SCARE = "scare quote: quoted phrase with no speaker or cue"
REASON_IMPERSONAL = "impersonal report: 'it was reported that', the source is not named"
REASON_TITLE = "title of a work"
REASON_NAME = "quoted name or term"
#: a speaker in the first person outside quotation marks is the writer
_FIRST_PERSON = frozenset({"i", "me", "we", "us"})

#: text between a cue and the opening mark of its quote: 'said: "', 'said, "', 'said that "'
_ADJACENT_GAP = re.compile(r"\s*(?:that\s*)?[,:—–-]?\s*")
_SENTENCE_END = frozenset({".", "!", "?"})
_WINDOW = 40  # tokens searched on each side of a quote for its cue
_LOOKBACK = 60  # characters before an opening mark searched for a title or naming word
#: a quote signed by a dash and a capitalised name ending its line: '"..." ― Sonya Herridge'
_DASH_NAME = re.compile(
    r"[ \t\u00a0]*([―—])[ \t\u00a0]*[A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4}[ \t\u00a0.]*(?:\n|$)"
)
#: a reported clause is kept beside the quotes inside it while they cover at most this share
#: of it ('said there remains a "significant difference ..." when it comes to ...')
PARTIAL_QUOTE_SHARE = 0.75
#: the content of a cue the learned gate decided has at least this many words
LEARNED_MIN_WORDS = 3
LEARNED_OBJECTS = True
#: "Speaker: statement" on one line (a headline or subhead): the name, then the statement
_COLON_LINE = re.compile(r"\s*([^\n:]{2,60}?)\s*:\s+(\S[^\n]*?)\s*$")
#: a transcript's turn: '"PENCE: Well, look, ...' (a name in capitals, then a colon), any length
_TRANSCRIPT = re.compile(r"\s*[\"“]?([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,2}):\s+(\S[^\n]*?)\s*$")
#: ... in a paragraph of at most this many words; before the name, at most a title or two
COLON_MAX_WORDS = 30
_TITLE_WORDS = re.compile(r"(?:[A-Z][\w.]*\s+){0,3}")
_ANTECEDENT_SENTENCES = 3
#: verbs by which the writer says how a thing looks ("appears to have adopted", "seems"): the
#: learned gate never takes them for someone's speech
_RAISING = frozenset({"seem", "appear"})
_PERSON_PRONOUNS = frozenset({"he", "she", "i"})
#: verbs by which a paragraph introduces a quotation that follows it ("spoke to reporters")
_INTRODUCING = frozenset(
    {"speak", "talk", "explain", "recall", "reply", "respond", "address", "tell", "write"}
)
#: documents an organisation issues, which speak for it ("the statement said")
_ISSUED = frozenset({"statement", "release", "communique", "communiqué", "announcement"})
#: pronouns that stand for someone who can take a stance (not "it", "this", "some")
_AGENT_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you", "who"})


@dataclass(slots=True)
class _Candidate:
    """A quote before its speaker is resolved (resolution needs the quotes before it)."""

    span: Span
    kind: str
    paragraph: int
    cue: Cue | None = None
    speaker: Token | None = None
    reason: str | None = None
    inherit: bool = False


@dataclass(frozen=True, slots=True)
class _Said:
    """A resolved speaker, remembered for pronouns and continued quotes."""

    start: int
    sentence: int
    paragraph: int
    name: str
    span: Span
    actor_id: str | None
    role: str | None
    reason: str | None
    generic: bool
    proper: bool
    cue: Span | None
    direct: bool


class _Finder:
    """One article's quote search: holds the doc, the segments and the lookups they share."""

    def __init__(
        self, analysis: Analysis, doc: Doc, lex: QuoteLexicon, model: CueModel | None = None
    ) -> None:
        self.analysis = analysis
        self.model = model
        #: the cue spans the learned gate decided (``Quote.cue_source`` "model")
        self.learned_cues: set[Span] = set()
        self.doc = doc
        # once: Doc.ents rebuilds its tuple over the whole Doc on every access
        self.ents = doc.ents
        self.text = analysis.article.text
        self.lex = lex
        self.starts = doc_index(doc).starts
        self.paragraphs = paragraph_spans(self.text, analysis.article.paragraphs)
        self.para_starts = [p.start for p in self.paragraphs]
        sentences = analysis.sentences or tuple(Span(s.start_char, s.end_char) for s in doc.sents)
        self.sent_starts = [s.start for s in sentences]
        self.segments = find_segments(self.text, analysis.article.paragraphs)
        self.in_quote = [False] * len(doc)
        for seg in self.segments:
            for i in self._tokens(seg.span):
                self.in_quote[i] = True
        mentions = analysis.mentions
        titles = ActorIndex.titles_from(analysis.labels, analysis.article.text, analysis.actors)
        self.index = ActorIndex(analysis.actors, mentions, titles)
        self.used_cues: set[int] = set()

    # --- offsets ------------------------------------------------------------------------

    def _tokens(self, span: Span) -> range:
        """Token indices whose start lies inside ``span``."""
        return range(bisect.bisect_left(self.starts, span.start), bisect.bisect_left(self.starts, span.end))

    def _sentence(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def _window_start(self, sentence: int) -> int:
        """Where the two sentences before ``sentence`` start: how far back a pronoun's
        antecedent or a statement's issuer is looked for."""
        return self.sent_starts[max(0, sentence - 2)] if self.sent_starts else 0

    def _paragraph(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    # --- direct quotes --------------------------------------------------------------------

    def direct(self) -> list[_Candidate]:
        found = []
        for n, seg in enumerate(self.segments):
            prev_close = self.segments[n - 1].close_at if n else None
            next_open = self.segments[n + 1].open_at if n + 1 < len(self.segments) else None
            found.append(self._classify(seg, prev_close, next_open))
        return found

    def _classify(self, seg: Segment, prev_close: int | None, next_open: int | None) -> _Candidate:
        para = self.paragraphs[seg.paragraph]
        before = self.text[max(para.start, seg.open_at - _LOOKBACK) : seg.open_at]
        if self.lex.work_before.search(before):
            return _Candidate(seg.span, "scare", seg.paragraph, reason=REASON_TITLE)
        if self.lex.naming_before.search(before):
            return _Candidate(seg.span, "scare", seg.paragraph, reason=REASON_NAME)
        qrange = self._tokens(seg.span)
        cue = self._cue_after(seg, qrange, next_open) or self._cue_before(seg, qrange, prev_close)
        introduced = cue is None and (cue := self._cue_introducing(seg.paragraph, seg.open_at)) is not None
        if cue is not None:
            self.used_cues.add(cue.token)
            speaker = speaker_token(cue, self.doc)
            if speaker is None and introduced:
                speaker = self._opening_noun(self.doc[cue.token])
            if speaker is not None and self.in_quote[speaker.i]:
                speaker = None
            return _Candidate(seg.span, "direct", seg.paragraph, cue=cue, speaker=speaker)
        words = len(seg.span.text_in(self.text).split())
        has_verb = any(self.doc[i].pos_ in ("VERB", "AUX") for i in qrange)
        if words <= self.lex.scare_max_words or not has_verb:
            return _Candidate(seg.span, "scare", seg.paragraph, reason=REASON_SCARE)
        return _Candidate(seg.span, "direct", seg.paragraph, inherit=True)

    def _cue_after(self, seg: Segment, qrange: range, next_open: int | None) -> Cue | None:
        """A cue after the closing mark: '...," said Heller' / '...," he said' / '..." of X, said Y'."""
        if seg.close_at is None or seg.after_close is None:
            return None
        byline = _DASH_NAME.match(self.text, seg.after_close)
        if byline is not None:
            # '"... our young people." ― Sonya Herridge': a dash and a name closing the line
            dash = self._tokens(Span(byline.start(1), byline.end(1)))
            if dash:
                return Cue(dash[0], Span(byline.start(1), byline.end(1)), "dash")
        last = self.text[seg.open_at + 1 : seg.close_at].rstrip()[-1:]
        after = self.text[seg.after_close : seg.after_close + 1]
        if last == "." and after != ",":
            return None  # a quote that ends its sentence takes no cue after it
        adjacent = last in (",", "?", "!", "—", "–") or after == ","
        limit = self.paragraphs[self._paragraph(seg.close_at)].end
        if next_open is not None:
            limit = min(limit, next_open)
        i = bisect.bisect_right(self.starts, seg.close_at)
        for k in range(_WINDOW):
            if i + k >= len(self.doc):
                break
            tok = self.doc[i + k]
            if tok.idx >= limit or tok.text in _SENTENCE_END:
                break
            cue = cue_at(tok, self.lex)
            if cue is None:
                continue
            if (adjacent and k <= 8) or related(tok, qrange):
                return cue
            break
        return None

    def _cue_before(self, seg: Segment, qrange: range, prev_close: int | None) -> Cue | None:
        """A cue before the opening mark: 'X said: "...' or a partial quote in reported speech."""
        floor = self.paragraphs[seg.paragraph].start
        if prev_close is not None:
            floor = max(floor, prev_close)
        i = bisect.bisect_left(self.starts, seg.open_at) - 1
        for k in range(_WINDOW):
            if i - k < 0:
                break
            tok = self.doc[i - k]
            if tok.idx < floor or tok.text in _SENTENCE_END:
                break
            cue = cue_at(tok, self.lex)
            if cue is None:
                continue
            if _ADJACENT_GAP.fullmatch(self.text, cue.span.end, seg.open_at) or related(tok, qrange):
                return cue
        return None

    def _cue_introducing(self, paragraph: int, at: int) -> Cue | None:
        """The cue of 'X would claim:' ending the previous paragraph, for a paragraph that opens at ``at``."""
        if paragraph == 0 or self.text[self.paragraphs[paragraph].start : at].strip():
            return None
        before = self.paragraphs[paragraph - 1]
        end = before.start + len(before.text_in(self.text).rstrip())
        if not self.text[:end].endswith(":"):
            return None
        colon = self.doc[bisect.bisect_right(self.starts, end - 1) - 1]
        verb = colon.head
        if any(t.text == "(" for t in self.doc[verb.left_edge.i : verb.i]):
            verb = verb.head  # 'states (emphasis added):': the aside is not the cue
        cue = cue_at(verb, self.lex) if colon.dep_ == "punct" else None
        if cue is None or self.in_quote[verb.i]:
            return None
        if any(c.dep_ == "ccomp" and c.i < colon.i for c in verb.children):
            return (
                None  # 'said that ...:' reports its own clause (a complement across the break is a misparse)
            )
        return cue

    def _block(self, tok: Token) -> Span | None:
        """The paragraph a cue ending its own paragraph with a colon introduces, unmarked: a block quote."""
        paragraph = self._paragraph(tok.idx)
        if paragraph + 1 >= len(self.paragraphs):
            return None
        nxt = self.paragraphs[paragraph + 1]
        body = nxt.text_in(self.text)
        start = nxt.start + len(body) - len(body.lstrip())
        if self._cue_introducing(paragraph + 1, start) is None or self.doc[tok.i].i != self._colon_head(
            paragraph
        ):
            return None
        return Span(start, nxt.start + len(body.rstrip()))

    def _opening_noun(self, cue: Token) -> Token | None:
        """The first noun of a cue's sentence outside quotation marks: the speaker of 'X would claim:'
        when a quoted title in the sentence threw the parse ('The Gazette, in its report "...", would
        claim:')."""
        for tok in cue.sent:
            if tok.i >= cue.i:
                break
            if tok.pos_ in ("PROPN", "NOUN") and not self.in_quote[tok.i]:
                while tok.dep_ in ("compound", "flat") and tok.head.i < cue.i:
                    tok = tok.head  # "Valley" of "The Valley Gazette": its head names the speaker
                return tok
        return None

    def _colon_head(self, paragraph: int) -> int:
        para = self.paragraphs[paragraph]
        end = para.start + len(para.text_in(self.text).rstrip())
        return self.doc[bisect.bisect_right(self.starts, end - 1) - 1].head.i

    # --- indirect quotes ------------------------------------------------------------------

    def indirect(self, direct: list[_Candidate]) -> list[_Candidate]:
        quoted = SpanOverlap(c.span for c in direct)
        found = []
        for tok in self.doc:
            if self.in_quote[tok.i]:
                continue
            cue = cue_at(tok, self.lex) or self._learned_cue(tok)
            if cue is None:
                continue
            speaker = speaker_token(cue, self.doc)
            if speaker is None and self._block(tok) is not None:
                speaker = self._opening_noun(tok)
            if speaker is None and not cue.learned and _impersonal(tok):
                found.extend(self._impersonal_report(tok, cue, quoted))
                continue
            if speaker is None or self.in_quote[speaker.i]:
                continue  # passives ("is said to") and quoted subjects report nobody
            span = None
            for start, end, clause in reported_content(cue, self.doc):
                span = self._content_span(start, end, speaker=speaker.i, cue=tok.i, clause=clause)
                if (
                    span is not None
                    and cue.learned
                    and (
                        len(span.text_in(self.text).split()) < LEARNED_MIN_WORDS
                        or (not clause and self._noun_object(start, end) and not self._agent(speaker))
                        or (not clause and self._person_object(start, end))
                    )
                ):
                    # "published a report": an object too short to be what was said; "ordered
                    # the shelling of villages", "preferred a toll": a thing or an act the
                    # subject wants or does, not a statement (the word lists keep the verbs
                    # whose noun object is a statement: "criticized the plan")
                    span = None
                if span is not None and quoted.covered(span) <= PARTIAL_QUOTE_SHARE:
                    break
                span = None
            kind = "indirect"
            if span is None and cue.kind == "verb":
                span, kind = self._block(tok), "direct"  # 'X would claim:' and a paragraph set off
                if span is not None and quoted.covered(span) > 0.5:
                    span = None  # the paragraph is in quotation marks: the direct quote has this cue
            if span is None:
                continue
            found.append(_Candidate(span, kind, self._paragraph(span.start), cue=cue, speaker=speaker))
        return found

    def colon_lines(self, direct: list[_Candidate]) -> list[_Candidate]:
        """'Graham: Trump's rhetoric is destroying the party': a headline or subhead that
        gives a named person or organisation's statement after a colon (the colon is the cue).

        Only a short paragraph whose text before the colon is a mention of a person or
        organisation, after at most a title ("Poll: ..." and "Update: ..." name nobody).  A
        direct quote inside the statement with no cue of its own takes this cue and speaker."""
        ends = {m.span.end: m for m in self.analysis.mentions}
        found = []
        for n, para in enumerate(self.paragraphs):
            text = self.text[para.start : para.end]
            match = _TRANSCRIPT.match(text)
            if match is not None:  # 'PENCE: Well, look, ...': a transcript's speaker in capitals
                name = Span(para.start + match.start(1), para.start + match.end(1))
            else:
                match = _COLON_LINE.match(text)
                if match is None or len(text.split()) > COLON_MAX_WORDS:
                    continue
                mention = ends.get(para.start + match.end(1))
                if (
                    mention is None
                    or not _TITLE_WORDS.fullmatch(self.text[para.start + match.start(1) : mention.span.start])
                    or self.index.type_of(mention.actor_id) not in ("person", "organisation")
                ):
                    continue
                name = mention.span
            colon = self.text.rindex(":", 0, para.start + match.start(2))
            tokens, named = self._tokens(Span(colon, colon + 1)), self._tokens(name)
            if not tokens or not named:
                continue
            cue = Cue(tokens[0], Span(colon, colon + 1), "colon")
            speaker = self.doc[named[-1]]
            content = Span(para.start + match.start(2), para.start + match.end(2))
            inside = [c for c in direct if c.kind == "direct" and c.cue is None and content.overlaps(c.span)]
            for cand in inside:
                cand.cue, cand.speaker, cand.inherit = cue, speaker, False
            if _covered(content, [c.span for c in inside]) <= 0.5:
                found.append(_Candidate(content, "indirect", n, cue=cue, speaker=speaker))
        return found

    def _agent(self, speaker: Token) -> bool:
        """Whether a speaker can hold a stance on a thing ("Trump backed [his proposals]",
        "critics see [the program as ...]"): a name, an actor's mention, a personal pronoun or a
        generic speaker noun; not a thing ("the trains passed [emergency shelters]")."""
        if speaker.pos_ == "PROPN" or speaker.lower_ in _AGENT_PRONOUNS:
            return True
        if speaker.lemma_.lower() in self.lex.generic_nouns or speaker.lower_ in self.lex.generic_nouns:
            return True
        mention = self.index.mention_at(Span(speaker.idx, speaker.idx + len(speaker)))
        return mention is not None and mention.span.start <= speaker.idx < mention.span.end

    def _object_heads(self, start: int, end: int) -> list[Token]:
        """The heads of the object ``doc[start:end]``: its tokens governed from outside it."""
        return [t for t in self.doc[start:end] if t.head.i < start or t.head.i >= end or t.head.i == t.i]

    def _names_person(self, tok: Token) -> bool:
        """Whether ``tok`` lies in a mention of an actor that is a person."""
        mention = self.index.mention_at(Span(tok.idx, tok.idx + len(tok)))
        return mention is not None and self.index.type_of(mention.actor_id) == "person"

    def _person_object(self, start: int, end: int) -> bool:
        """Whether the object ``doc[start:end]`` is headed by a person ("fired Comey in May"):
        what someone does to a person, never what was said (the word lists keep "praised X")."""
        return any(t.ent_type_ == "PERSON" or self._names_person(t) for t in self._object_heads(start, end))

    def _noun_object(self, start: int, end: int) -> bool:
        """Whether the object ``doc[start:end]`` is a noun phrase, not a proposition (a verb:
        "advocated [raising the tax]", "wants [to stay]")."""
        return not any(t.pos_ in ("VERB", "AUX") for t in self._object_heads(start, end))

    def _learned_cue(self, tok: Token) -> Cue | None:
        """A cue the word lists do not hold, when the learned gate (``_quote_model``) is sure."""
        if self.model is None or tok.lemma_.lower() in _RAISING:
            return None
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _RAISING:
            return None  # "appears to have adopted that statement": the writer's inference
        feats = cue_features(tok)  # None for most tokens: checked before the children's cues
        if feats is None or self.model.probability(feats) < self.model.threshold:
            return None
        if any(c.dep_ in ("xcomp", "ccomp") and cue_at(c, self.lex) is not None for c in tok.children):
            return None  # "started to say that ...": the speech verb inside is the cue
        if any(c.dep_ in ("dobj", "obj") and c.lower_ in REFLEXIVES for c in tok.children):
            return None  # "committed itself to ...": a deed toward oneself, no statement
        cue = Cue(tok.i, Span(tok.idx, tok.idx + len(tok)), "verb", objects=LEARNED_OBJECTS, learned=True)
        self.learned_cues.add(cue.span)
        return cue

    def _before_next_act(self, start: int, end: int, cue: int) -> int:
        """Where the content ends when a coordinated verb of speech in it starts the speaker's
        next act: 'it was "resolutely opposed" to the test and warned North Korea to ...' is
        two attributions, and the content of the first stops before "and warned"."""
        doc = self.doc
        for i in range(start + 1, end):
            tok = doc[i]
            if i == cue or tok.dep_ != "conj" or tok.pos_ != "VERB" or tok.head.i < start:
                continue
            if cue_at(tok, self.lex) is None or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                continue  # not speech, or a clause with a subject of its own (inside the content)
            joints = [c.i for c in tok.head.children if c.dep_ == "cc" and start < c.i < tok.i]
            cut = min([*joints, tok.left_edge.i])
            if cut > start:
                return cut
        return end

    def _impersonal_report(self, tok: Token, cue: Cue, quoted: SpanOverlap) -> list[_Candidate]:
        """'It was reported that the mayor would resign': an attribution whose source the
        article does not name (PolNeAR's "no source"), kept as an indirect quote with nobody as
        its speaker so that a reader sees the claim is attributed, and to no one."""
        for start, end, clause in reported_content(cue, self.doc):
            span = self._content_span(start, end, speaker=-1, cue=tok.i, clause=clause)
            if span is not None and quoted.covered(span) <= PARTIAL_QUOTE_SHARE:
                return [
                    _Candidate(
                        span, "indirect", self._paragraph(span.start), cue=cue, reason=REASON_IMPERSONAL
                    )
                ]
        return []

    def _before_aside(self, start: int, end: int) -> int:
        """Where an object content ends before a comment set off after it: "endorses [Trump],
        who says he is honored", "announced [their support] -- who cited ...".  The aside is the
        writer's (or another speaker's) addition, not what the cue attributes."""
        doc = self.doc
        for i in range(start + 1, end - 1):
            if doc[i].text not in (",", "--", "—", "–", "("):
                continue
            nxt = doc[i + 1]
            if nxt.dep_ == "relcl" or (nxt.head.dep_ == "relcl" and nxt.head.i > i) or nxt.dep_ == "appos":
                return i
        return end

    def _content_span(self, start: int, end: int, speaker: int, cue: int, clause: bool = True) -> Span | None:
        """Trim a token range to its reported content; None when it is no clause (when ``clause``)."""
        doc = self.doc
        while start < end and (_trimmable(doc[start]) or (clause and doc[start].lower_ == "that")):
            start += 1
        end = self._before_next_act(start, end, cue)
        if not clause:
            end = self._before_aside(start, end)
        while end > start and _trimmable(doc[end - 1]):
            end -= 1
        if sum(doc[i].is_quote for i in range(start, end)) % 2:
            # a quote opened inside the content closes after its last word: keep the closing mark
            close = next((i for i in range(end, min(end + 3, len(doc))) if doc[i].is_quote), None)
            if close is not None and all(_trimmable(doc[i]) for i in range(end, close)):
                end = close + 1
        if end - start < (3 if clause else 1) or (start <= speaker < end and not start <= cue < end):
            return None  # a content holding its own speaker is a misparse, unless the cue is medial
        if clause and not any(doc[i].pos_ in ("VERB", "AUX") for i in range(start, end)):
            return None
        if any(doc[i].is_space and "\n" in doc[i].text for i in range(min(start, cue), max(end, cue))):
            return None  # reported speech stays inside its cue's paragraph; a wider clause is a misparse
        return Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))

    # --- speakers ---------------------------------------------------------------------------

    def resolve(self, candidates: list[_Candidate]) -> list[Quote]:
        """Attach speakers in text order, so that pronouns and continued quotes see earlier speakers."""
        history: list[_Said] = []
        quotes = []
        for cand in sorted(candidates, key=lambda c: c.span.start):
            if cand.kind == "scare":
                quotes.append(Quote(cand.span, "scare", no_speaker_reason=cand.reason))
                continue
            if (
                cand.kind == "direct"
                and cand.cue is None
                and cand.speaker is None
                and self._previous_direct(cand, history) is None
            ):
                cand.speaker = self._introduced(cand)
                cand.inherit = cand.inherit and cand.speaker is None
            if cand.inherit:
                quotes.append(self._continued(cand, history))
                continue
            quote, said = self._speaker(cand, history)
            quotes.append(quote)
            if said is not None:
                history.append(said)
        return quotes

    def _introduced(self, cand: _Candidate) -> Token | None:
        """The speaker of a quotation that makes up a whole paragraph with no cue, introduced at
        the end of the paragraph before: 'Harbour master Lena Varga spoke to reporters after
        the vote.' / '"The docks are finished for this year."'  Only a person named (or "he",
        "she") as the subject of that paragraph's last sentence, whose verb is one of speaking
        or which ends in a colon."""
        if cand.paragraph < 1 or cand.paragraph >= len(self.paragraphs):
            return None
        para, before = self.paragraphs[cand.paragraph], self.paragraphs[cand.paragraph - 1]
        if self.text[para.start : cand.span.start].strip(" \t\n\"“'‘") or self.text[
            cand.span.end : para.end
        ].strip(" \t\n\"”'’.,!?"):
            return None  # the quotation is not the whole paragraph
        end = before.start + len(before.text_in(self.text).rstrip())
        if end <= before.start:
            return None
        last = self.doc[bisect.bisect_right(self.starts, end - 1) - 1]
        # the parser may run the sentence on into the quotation after a colon: climb only
        # inside the paragraph before
        root = last
        while root.i > 0 and (root.is_punct or root.is_space) and root.idx > before.start:
            root = self.doc[root.i - 1]
        while root.head.i != root.i and before.start <= root.head.idx < end:
            root = root.head
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or self.in_quote[root.i]:
            return None
        speaking = (
            last.text == ":" or cue_at(root, self.lex) is not None or root.lemma_.lower() in _INTRODUCING
        )
        if not speaking:
            return None
        if subj.lower_ in _PERSON_PRONOUNS - {"i"}:
            return subj
        mention = self.index.mention_at(Span(subj.idx, subj.idx + len(subj)))
        return subj if mention is not None and self.index.type_of(mention.actor_id) == "person" else None

    @staticmethod
    def _previous_direct(cand: _Candidate, history: list[_Said]) -> _Said | None:
        """The speaker of the direct quote a cueless quote continues: in its paragraph or the one before."""
        prev = next((h for h in reversed(history) if h.direct and h.start < cand.span.start), None)
        return None if prev is None or prev.paragraph < cand.paragraph - 1 else prev

    def _continued(self, cand: _Candidate, history: list[_Said]) -> Quote:
        prev = self._previous_direct(cand, history)
        if prev is None:
            return Quote(cand.span, "direct", no_speaker_reason=REASON_NO_SPEAKER)
        return Quote(
            cand.span,
            "direct",
            cue=prev.cue,
            speaker_id=prev.actor_id,
            speaker_name=prev.name,
            speaker_span=prev.span,
            role=prev.role,
            no_speaker_reason=prev.reason,
        )

    def _speaker(self, cand: _Candidate, history: list[_Said]) -> tuple[Quote, _Said | None]:
        cue_span = cand.cue.span if cand.cue else None
        head = cand.speaker
        if head is None:
            why = cand.reason or REASON_NO_SPEAKER
            return Quote(cand.span, cand.kind, cue=cue_span, no_speaker_reason=why), None
        cue_start = cand.cue.span.start if cand.cue else len(self.text)
        bound = cue_start if head.idx < cue_start else head.sent.end_char
        if cand.span.start > head.idx:
            bound = min(bound, cand.span.start)  # "according to X, <content>": the role stops at the content
        described = None
        if (named := self._named_apposition(head)) is not None:
            first = head.left_edge
            while first.i < head.i and (first.is_punct or first.is_space):
                first = first.doc[first.i + 1]  # the parser may hang a quotation mark before it
            # the whole description, its "of" phrase too, up to the name
            described = self.text[first.idx : named.left_edge.idx].rstrip(" ,;:—–-\n")
            head = named
        phrase = speaker_phrase(head, self.lex, bound, self.text)
        if described is not None:
            phrase = dataclasses.replace(phrase, role=described)
        sentence = self._sentence(phrase.span.start)
        name: str | None = phrase.name
        role, actor_id, reason = phrase.role, None, None
        generic, proper = phrase.generic, phrase.proper
        if phrase.bare:
            # "Some argue ...", "This shows ...": nobody named; the span still shows where
            reason = REASON_GENERIC if phrase.generic else REASON_NO_ANTECEDENT
            quote = Quote(
                cand.span, cand.kind, cue=cue_span, speaker_span=phrase.span, no_speaker_reason=reason
            )
            return quote, None
        if phrase.pronoun and head.lower_ in _FIRST_PERSON:
            # "I said that ...", "I told her that ..." outside quotation marks: the writer
            # speaks (a column's narration); never the last person named before
            authors = self.analysis.article.authors
            quote = Quote(
                cand.span,
                cand.kind,
                cue=cue_span,
                speaker_name=authors[0] if authors else None,
                speaker_span=phrase.span,
                no_speaker_reason=REASON_WRITER,
            )
            return quote, None
        if phrase.generic:
            reason = REASON_GENERIC
        elif phrase.pronoun:
            mention = self.index.mention_at(phrase.span)
            antecedent = self._antecedent(head, sentence, history)
            if mention is not None:
                actor_id = mention.actor_id
                name = self.index.name_of(actor_id) or (antecedent.name if antecedent else name)
                role = antecedent.role if antecedent and antecedent.actor_id == actor_id else None
                proper = True
            elif antecedent is not None:
                name, role, actor_id, reason = (
                    antecedent.name,
                    antecedent.role,
                    antecedent.actor_id,
                    antecedent.reason,
                )
                generic, proper = antecedent.generic, antecedent.proper
            else:
                name, reason = None, REASON_NO_ANTECEDENT  # "he" is nobody's name
        elif self._people(head):
            reason = REASON_GROUP  # "Syrians have started to say": the people speak, not the state
        elif (issuer := self._issuer(head, phrase.span)) is not None:
            # "the statement said": the organisation that issued it speaks, through the statement
            actor_id, role = issuer, phrase.span.text_in(self.text)
            name = self.index.name_of(issuer) or name
            proper = True
        else:
            actor_id = self.index.link(phrase.span, phrase.name, Span(head.idx, head.idx + len(head)))
            if actor_id is None:
                reason = REASON_UNRESOLVED
            elif not proper and head.text[:1].isupper() and self.index.type_of(actor_id) == "person":
                # "Toensing added ...": a person's name the tagger read as a common word
                # ("-ing") is still a name a later "she said" may stand for
                proper = True
        quote = Quote(
            cand.span,
            cand.kind,
            cue=cue_span,
            speaker_id=actor_id,
            speaker_name=name,
            speaker_span=phrase.span,
            role=role,
            no_speaker_reason=reason,
        )
        if name is None:
            return quote, None
        said = _Said(
            start=phrase.span.start,
            sentence=sentence,
            paragraph=cand.paragraph,
            name=name,
            span=phrase.span,
            actor_id=actor_id,
            role=role,
            reason=reason,
            generic=generic,
            proper=proper,
            cue=cue_span,
            direct=cand.kind == "direct",
        )
        return quote, said

    def _named_apposition(self, head: Token) -> Token | None:
        """The person a described speaker is named as in apposition: "Cornyn's Democratic
        campaign counterpart, Sen. Bob Menendez, D-NJ, ... saying": Menendez speaks, and the
        description is his role.  Only a common-noun head with a person's name beside it."""
        if head.pos_ != "NOUN" or head.ent_type_:
            return None
        # the parser may make the name a conjunct with no "and" ("The chairman of the House
        # Oversight and Government Reform Committee, Representative Trey Gowdy, ...")
        coordinated = any(c.dep_ == "cc" for c in head.rights)
        appositions = [c for c in head.rights if c.dep_ == "appos" or (c.dep_ == "conj" and not coordinated)]
        # one apposition, no coordination in it: "the mayor, the Dock Workers Union and ..." is a list
        if len(appositions) != 1 or any(t.dep_ == "cc" for t in appositions[0].subtree):
            return None
        (child,) = appositions
        return child if child.pos_ == "PROPN" and self._names_person(child) else None

    def _issuer(self, head: Token, phrase: Span) -> str | None:
        """The organisation that issued an unnamed statement ("the statement said", "a
        statement from the Harbour Council said", "Velk's statement said"): one named in the
        phrase, else the organisation named last in the speaker's sentence or the two before
        it.  None when the head is no issued document or nobody fits."""
        if head.lemma_.lower() not in _ISSUED or head.ent_type_:
            return None
        right = head.right_edge
        phrase = Span(min(phrase.start, head.left_edge.idx), max(phrase.end, right.idx + len(right)))
        first = self._window_start(self._sentence(head.idx))
        inside: list[tuple[str, str]] = []
        last = None
        issuing: tuple[str, int] | None = None  # the last person before, and where
        for mention in self.index.mentions[bisect.bisect_left(self.index.starts, first) :]:
            if mention.span.start >= phrase.end:
                break
            if mention.actor_id is None:
                continue
            kind = self.index.type_of(mention.actor_id)
            if mention.span.start >= phrase.start:
                inside.append((kind or "", mention.actor_id))
            elif kind == "organisation":
                last = mention.actor_id
            elif kind == "person":
                issuing = (mention.actor_id, mention.span.end)
        # "a statement from Senate Majority Leader Harry Reid's office": the person named in
        # it; else its organisation ("a statement from the Coastal Union"); else the last before
        person = next((a for k, a in inside if k == "person"), None)
        org = next((a for k, a in reversed(inside) if k == "organisation"), None)
        if person or org or last:
            return person or org or last
        # "Sessions issued a statement saying ... “...,” the statement read": the person after
        # whom the document was named
        if issuing is not None and head.lemma_.lower() in self.text[issuing[1] : phrase.start].lower():
            return issuing[0]
        return None

    def _people(self, head: Token) -> bool:
        """Whether a speaker's head names a people ("Syrians", "Iraqis"), which is not its country."""
        if head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
            return True
        mention = self.index.mention_at(Span(head.idx, head.idx + len(head)))
        return mention is not None and mention.kind == "demonym" and mention.span.start <= head.idx

    def _antecedent(self, pronoun: Token, sentence: int, history: list[_Said]) -> _Said | None:
        """Who a pronoun speaker stands for: the latest fitting speaker, else a name just before."""
        personal = pronoun.lower_ in _PERSON_PRONOUNS
        for said in reversed(history):
            if said.start >= pronoun.idx:
                continue
            if sentence - said.sentence > _ANTECEDENT_SENTENCES:
                break
            if personal and (said.generic or not said.proper):
                continue
            if _other_gender(pronoun, said.name):
                continue
            if personal and said.actor_id is not None and self.index.type_of(said.actor_id) != "person":
                continue  # "he stated in his brief": no organisation quoted before ("Rosatom")
            return said
        labels = ("PERSON",) if personal else ("ORG", "NORP", "GPE")
        first = self._window_start(sentence)
        named = [
            e
            for e in self.ents
            if e.label_ in labels
            and first <= e.start_char < pronoun.idx
            and not dateline(e[0])
            and not _other_gender(pronoun, e.text)
        ]
        if not named:
            return None
        # a subject, or the possessor of one ("Mr. Hutchinson's views began to change"), before
        # a name in an object or an aside ("stints at Chuck E. Cheese's"): what a reader
        # takes "he" to continue is the sentence's topic
        subjects = [
            e
            for e in named
            if e.root.dep_ in ("nsubj", "nsubjpass")
            or (e.root.dep_ == "poss" and e.root.head.dep_ in ("nsubj", "nsubjpass"))
        ]
        ent = (subjects or named)[-1]
        span = Span(ent.start_char, ent.end_char)
        actor_id = self.index.link(span, ent.text)
        return _Said(
            start=span.start,
            sentence=self._sentence(span.start),
            paragraph=self._paragraph(span.start),
            name=ent.text,
            span=span,
            actor_id=actor_id,
            role=None,
            reason=None if actor_id else REASON_UNRESOLVED,
            generic=False,
            proper=True,
            cue=None,
            direct=False,
        )


def _other_gender(pronoun: Token, name: str) -> bool:
    """Whether ``name``'s given name tells the other gender than ``pronoun`` ("she said" after
    "Vladimir Putin" and a surname the tagger did not take for a person: not Putin)."""
    wanted = actor_lexicon().pronoun_gender(pronoun.lower_)
    words = name.split()
    told = given_gender(words[0]) if wanted and len(words) > 1 else None
    return told is not None and told != wanted


def _trimmable(tok: Token) -> bool:
    """Space and punctuation at the edge of reported content, but not quotation marks (they are quoted)."""
    return tok.is_space or (tok.is_punct and not tok.is_quote)


def _impersonal(tok: Token) -> bool:
    """'It was reported that', 'it is claimed that': a passive speech verb whose subject is an
    expletive "it" and whose complement is a clause."""
    kids = list(tok.children)
    return (
        tok.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in kids)
        and any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in kids)
        and any(c.dep_ == "ccomp" for c in kids)
    )


def _covered(span: Span, others: list[Span]) -> float:
    """Share of ``span`` lying inside any of ``others``."""
    inside = sum(max(0, min(span.end, o.end) - max(span.start, o.start)) for o in others)
    return inside / max(1, span.end - span.start)


def find_quotes(
    analysis: Analysis, doc: Doc, lex: QuoteLexicon | None = None, learned: bool = True
) -> tuple[Quote, ...]:
    """All quotes of one article, in text order (the stage without the Context); ``learned``
    adds the cues the learned gate decides to those of the word lists."""
    finder = _Finder(analysis, doc, lex or quote_lexicon(), cue_model() if learned else None)
    direct = finder.direct()
    lines = finder.colon_lines(direct)
    found = finder.resolve(direct + lines + finder.indirect(direct))
    return tuple(_with_source(q, finder.learned_cues) for q in found)


def _with_source(quote: Quote, learned: set[Span]) -> Quote:
    """``quote`` saying which layer decided its cue (``Quote.cue_source``)."""
    if quote.cue is None:
        return quote
    return dataclasses.replace(quote, cue_source="model" if quote.cue in learned else "rules")


@stage(
    "quotes", "4", requires=["article", "sentences", "actors"], produces=["quotes"], models=[ModelKind.spacy]
)
def quotes(analysis: Analysis, ctx: Context) -> Analysis:
    """Direct, indirect and scare quotes with their cues and speakers."""
    quotes = find_quotes(analysis, ctx.doc(analysis.article), learned=ctx.settings.learned_cues)
    return dataclasses.replace(analysis, quotes=quotes)
