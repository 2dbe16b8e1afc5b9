"""Speech cues in the parse: which token is a cue, its span, its subject and its complement.

All decisions are on spaCy tokens of the worker's Doc; only character offsets
(``Span``) leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from framelens.models import Span
from framelens.text.actor_lexicon import actor_lexicon
from framelens.text.entity_types import WHEN_ENTITIES
from framelens.text.quote_lexicon import QuoteLexicon

#: dependency labels by which a quoted clause hangs under its cue verb
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "parataxis", "dep"})
#: dependents after an object cue that belong to its content: "blamed [Clinton] [for the loss]"
OBJECT_DEPS = frozenset({"dobj", "obj", "xcomp", "oprd", "dative", "prep", "ccomp", "attr"})
#: ... of which one must be there: a bare prepositional phrase is no content ("spoke at the rally")
_OBJECT_HEADS = frozenset({"dobj", "obj", "xcomp", "dative"})
#: dependency labels by which a cue verb hangs under the quoted clause ('..., he said, "...')
CUE_UNDER_QUOTE_DEPS = frozenset({"parataxis", "advcl", "ccomp", "conj"})
_RELATIVE = frozenset({"who", "that", "which"})
#: verbs whose complement's subject is made to know or say, not the one who speaks
_CAUSATIVE = frozenset({"let", "make", "help", "have"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
#: prepositions before a gerund cue whose subject is the governing verb's ("by saying")
_GERUND_PREPS = frozenset({"by", "in", "after", "before", "while", "when", "since"})
#: dashes after a dateline ("WASHINGTON —")
DATELINE_DASHES = frozenset({"—", "–", "--", "-"})
_INVERTED = frozenset({"dobj", "attr", "npadvmod", "dep", "appos", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue: the verb (or ``according``) token, its character span, and how it attributes.

    ``kind``: ``verb`` ("said"), ``according`` ("according to X") or ``as-put`` ("as X put it");
    ``objects``: the verb's object or infinitive is attributed content too ("criticized the
    plan", "vowed to stay"), not only a clause.
    """

    token: int
    span: Span
    kind: str
    objects: bool = False
    #: decided by the learned gate (``_quote_model``), not the word lists: its prepositional
    #: object is content too ("referred to [the plan]", "campaigned for [Clinton]")
    learned: bool = False
    #: its infinitive, with the person addressed, is content ("told them [to stay]")
    infinitive: bool = False


def cue_at(tok: Token, lex: QuoteLexicon) -> Cue | None:
    """The cue that ``tok`` heads, or None when it is not a speech cue."""
    lower = tok.lower_
    if lower == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            return Cue(tok.i, Span(tok.idx, nxt.idx + len(nxt)), "according")
        return None
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    if lemma == "put":
        marker = next((c for c in tok.children if c.lower_ == "as" and c.i < tok.i), None)
        obj = next((c for c in tok.children if c.lower_ == "it" and c.i > tok.i), None)
        if marker is not None and obj is not None:
            return Cue(tok.i, Span(marker.idx, obj.idx + len(obj)), "as-put")
        return None
    particle = next((c for c in tok.children if c.dep_ == "prt"), None)
    if particle is not None and (lemma, particle.lower_) in lex.particle_verbs:
        return Cue(tok.i, _extend(particle, Span(tok.idx, particle.idx + len(particle)), lex), "verb")
    if lemma not in lex.cue_verbs and lemma not in lex.object_verbs:
        return None
    if any(c.dep_ in ("dobj", "nsubj") and c.lower_ in REFLEXIVES for c in tok.rights):
        return None  # "finds himself on the political ropes": a state, not a finding reported
    span = _extend(tok, Span(tok.idx, tok.idx + len(tok)), lex)
    return Cue(
        tok.i, span, "verb", objects=lemma in lex.object_verbs, infinitive=lemma in lex.infinitive_verbs
    )


#: tags of a finite verb: a clause of its own goes on there (after a speaker's name and its
#: role, after a name the parser hung on the noun before it)
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})

#: a speech verb's object that makes it no speech ("finds himself", "found themselves")
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves", "yourself"})

#: tokens after a cue that a cue phrase ("in a text message to reporters") can reach
_EXTENSION_TOKENS = 40


def _extend(last: Token, span: Span, lex: QuoteLexicon) -> Span:
    """Grow a verb's span (ending with token ``last``) over a cue phrase right after it:
    "wrote" -> "wrote in a text message".

    Matched in the text of the next few tokens, not ``doc.text``: spaCy joins every token
    of the Doc on each ``doc.text``, which made the quotes stage quadratic in the length
    of an article (a 1.6 MB article parsed in parts never finished)."""
    window = last.whitespace_ + last.doc[last.i + 1 : last.i + 1 + _EXTENSION_TOKENS].text
    m = lex.extensions.match(window)
    return Span(span.start, span.end + m.end()) if m else span


def speaker_token(cue: Cue, doc: Doc) -> Token | None:
    """The head of the speaker's noun phrase for a cue, from the parse; never a verb, which
    the parser hands over as a subject where it misreads a clause ("Such being the case,
    the media concludes that": "being"; "What if the force does not go home and the militias
    refuse to": "go").  A capitalised one may be a surname the tagger read as a verb
    ("Hensing added that ...")."""
    found = _speaker_token(cue, doc)
    if found is not None and found.pos_ in ("VERB", "AUX") and not found.text[:1].isupper():
        return None
    if found is not None and found.lower_ in ("'s", "’s"):
        return None  # "Let’s say ... that I’m right": the "us" of "let's", or a possessive clitic
    return found


def _speaker_token(cue: Cue, doc: Doc) -> Token | None:
    tok = doc[cue.token]
    if cue.kind == "dash":
        # the signature after the dash: its last capitalised word heads the name
        last = None
        for after in doc[tok.i + 1 : tok.i + 8]:
            if after.is_space or "\n" in after.text or not (after.text[:1].isupper() or after.is_punct):
                break
            if not after.is_punct:
                last = after
        return last
    if cue.kind == "according":
        to = tok.nbor(1)
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    if tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return None  # "militias blamed for the attacks": a bare participle is passive, nobody speaks
    if tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_.lower() in _CAUSATIVE and tok.head.i != tok.i:
        # "let them know that ...": who lets them know speaks, not "them"
        return _subject(tok.head, depth=0)
    return _subject(tok, depth=0)


def dateline(tok: Token) -> bool:
    """'DES MOINES – Hillary Rodham Clinton urged ...', 'AUGUSTA, Me. — Paul R. LePage ...': a
    place in capitals opening the sentence before a dash, which the parser may take for the
    subject."""
    return _dateline_dash(tok) is not None


#: tokens after a dateline's place within which its dash comes
_DATELINE_TOKENS = 14


def _dateline_dash(tok: Token) -> int | None:
    """The index of the dash after ``tok`` when ``tok`` is a dateline (see ``dateline``)."""
    sent = tok.sent
    if not tok.text.isupper() or len(tok.text) < 2:
        return None
    i = tok.i - 1
    while i >= sent.start and not (tok.doc[i].is_space and "\n" in tok.doc[i].text):
        if not tok.doc[i].text.isupper():
            return None  # a capitalised word inside the sentence, not one opening the paragraph
        i -= 1
    # "WASHINGTON —", "AUGUSTA, Me. —", "GERMANY, February 8, 2018 (LifeSiteNews) –": up to the
    # dash only capitalised words, numbers and punctuation (a date, the agency)
    for t in tok.doc[tok.i + 1 : min(sent.end, tok.i + _DATELINE_TOKENS)]:
        if t.text in DATELINE_DASHES:
            return t.i
        if not (t.is_punct or t.is_space or t.like_num or t.text[:1].isupper()):
            return None
    return None


def _subject(verb: Token, depth: int) -> Token | None:
    for subj in (c for c in verb.children if c.dep_ in _SUBJECTS):
        dash = _dateline_dash(subj)
        if dash is not None:
            # the name after the dash, which the parser may hang on the place
            after = next(
                (c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > dash), None
            )
            if after is not None:
                return after
            continue
        if subj.ent_type_ in WHEN_ENTITIES:
            continue  # "writing Monday that ...": a day does not speak
        if subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
            if verb.head.ent_type_ in WHEN_ENTITIES:
                return None  # "met with Russians in June 2016 who said": not June
            if subj.lower_ == "which" and not _body(verb.head):
                return None  # "a wound in the back of his head, which implied that": a thing says nothing
            return verb.head  # "the agency that admitted ..."
        return subj
    # inverted order after a quote: '..." said Sam Heller' sometimes parses Heller as an object;
    # only right after the quote or a comma ("we can only assume the US believes" is no inversion)
    before = verb.doc[verb.i - 1] if verb.i else None
    # not a participle: ", calling Velk a “public enemy”" names the one called, whom the
    # subject of the clause it hangs on calls so
    if before is not None and (before.is_punct or before.is_quote) and verb.tag_ != "VBG":
        for child in verb.rights:
            if child.i > verb.i + 3:
                break
            if child.dep_ in _INVERTED and child.pos_ == "PROPN" and child.ent_type_ not in WHEN_ENTITIES:
                return child
    # "started to say", "are scared but point out": the subject sits on the governing verb;
    # so it does for a participle: "Trump tweeted on Monday, saying that ..."  Not inside a
    # reported clause: in "X said the arrest was illegal and called for ...", the parser hangs
    # "called" on "was", whose subject ("the arrest") speaks for nobody
    participle = verb.dep_ == "advcl" and verb.tag_ == "VBG"
    inside = verb.dep_ == "conj" and verb.head.dep_ == "ccomp"
    if depth < 2 and (verb.dep_ in ("xcomp", "conj") or participle) and not inside and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    # "responded by saying that ...", "ended the call after telling reporters ...": a gerund
    # after a preposition of manner or time speaks with the subject of the verb it modifies
    prep = verb.head
    if (
        depth < 2
        and verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and prep.lower_ in _GERUND_PREPS
        and prep.head is not prep
        and prep.head.pos_ in ("VERB", "AUX")
    ):
        # "has been mired in controversy since calling X a ...": a passive's subject too
        found = _subject(prep.head, depth + 1)
        return found or next((c for c in prep.head.children if c.dep_ == "nsubjpass"), None)
    return _misplaced_subject(verb)


def _body(token: Token) -> bool:
    """Whether a "which" stands for someone who can speak: a name, or a body named by its head
    word ("the council, which said"), never a thing ("his head, which implied"); "who" and
    "that" are said of people ("the official that said")."""
    return (
        token.pos_ == "PROPN"
        or token.ent_type_ in ("ORG", "NORP", "GPE", "PERSON")
        or token.lower_ in actor_lexicon().generic_org_heads
        or token.lemma_.lower() in actor_lexicon().generic_org_heads
        # "the port's largest employer, Brennick Lines, which complained": named beside it
        or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children)
    )


def _misplaced_subject(verb: Token) -> Token | None:
    """The subject of a verb the parser left without one after a long relative clause: "the
    aide, Elizabeth Lauten, 31, who has ... and at the time was a spokeswoman for ..., wrote an
    open letter ..., saying": the parser reads "the aide" as the subject of "was", a clausal
    complement left of "wrote".  Only a noun, and never from a quoted clause ('"We will win,"
    wrote the paper': "We" is the quote's)."""
    if any(c.dep_ in _SUBJECTS or c.dep_ == "nsubjpass" for c in verb.children):
        return None
    left = next((c for c in verb.lefts if c.dep_ == "ccomp"), None)
    if left is None or any(t.is_quote for t in verb.doc[left.left_edge.i : verb.i]):
        return None
    if any(t.text in ("—", "–", ":", ";", "(", ")") for t in verb.doc[left.right_edge.i + 1 : verb.i]):
        return None  # "The result delivered a jolt — Mr. Cantor had been considered": two clauses
    return next(
        (c for c in left.children if c.dep_ in _SUBJECTS and c.i < left.i and c.pos_ in ("NOUN", "PROPN")),
        None,
    )


def related(cue_tok: Token, quote_tokens: range) -> bool:
    """Whether the parse ties a quoted stretch to the cue: the quote is the cue's complement,
    or the cue hangs under the quoted clause ('"...," he said' parsed as parataxis)."""
    if cue_tok.head.i in quote_tokens and cue_tok.dep_ in CUE_UNDER_QUOTE_DEPS:
        return True
    for i in quote_tokens:
        tok = cue_tok.doc[i]
        if tok.head.i in quote_tokens and tok.head.i != i:
            continue  # only the tokens whose head lies outside the quote lead upwards
        node = tok
        for _ in range(12):
            if node.head.i == node.i:
                break
            if node.head.i == cue_tok.i:
                if node.dep_ in COMPLEMENT_DEPS:
                    return True
                break
            node = node.head
    return False


def _unmarked_clause(tok: Token) -> list[Token]:
    """'Trump said after the convention he would not accept ...': with a phrase between the verb
    and its clause the parser often takes the clause for an adverbial one; a clause after the
    verb with a subject of its own and no subordinator ("if", "because") is what was said."""
    return [
        c
        for c in tok.rights
        if c.dep_ == "advcl"
        and c.pos_ in ("VERB", "AUX")
        and any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children)
        and not any(k.dep_ == "mark" or k.lower_ in ("when", "where", "as") for k in c.lefts)
    ]


def _opening_according(tok: Token) -> list[tuple[int, int, bool]]:
    """'According to X, the move reeks of fear.': the parser often makes "According" the root
    and hangs the clause on X; the content is what follows the comma after X's name."""
    sent = tok.sent
    if any(not (t.is_punct or t.is_space) for t in tok.doc[sent.start : tok.i]):
        return []
    source = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
    if source is None:
        return []
    comma = next((t.i for t in tok.doc[source.i + 1 : sent.end] if t.text == ","), None)
    if comma is None or comma + 2 >= sent.end:
        return []
    return [(comma + 1, sent.end, False)]


def _clause_without(head: Token, inner_start: int, inner_end: int) -> tuple[int, int]:
    """Token range of ``head``'s clause with the cue part [inner_start, inner_end) cut off.

    The cue part at either edge is cut; a cue in the middle ("X, analysts said, Y")
    leaves the whole clause, because a Span cannot have a hole.
    """
    start, end = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    while start < inner_start and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1  # "But as X reply, ...": a leading conjunction does not make the cue medial
    while end > inner_end and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1  # nor does the final full stop
    if inner_start <= start:
        return inner_end, end
    if inner_end >= end:
        return start, inner_start
    return start, end


def _object_content(tok: Token) -> tuple[int, int] | None:
    """The object and what follows it as one range ("urged [voters to stay home]"), or None."""
    run: list[Token] = []
    for child in tok.rights:
        if child.dep_ not in OBJECT_DEPS:
            if run or child.dep_ not in ("prt", "advmod", "npadvmod"):
                break
            continue  # "called [on] X to ...", "said [again]": a particle or adverb before the object
        run.append(child)
    if not any(c.dep_ in _OBJECT_HEADS for c in run) and not (run and run[0].i == tok.i + 1):
        return None
    return (run[0].left_edge.i, run[-1].right_edge.i + 1) if run else None


def _statement_clause(tok: Token, cue: Cue) -> list[Token]:
    """'said in a statement that ...': the parser hangs the clause on the cue's noun, not its verb."""
    doc = tok.doc
    found = []
    for inner in doc[tok.i + 1 :]:
        if inner.idx >= cue.span.end:
            break
        for child in inner.rights:
            if child.dep_ in ("acl", "ccomp", "relcl") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in child.lefts
            ):
                found.append(child)
    return found


def reported_content(cue: Cue, doc: Doc) -> list[tuple[int, int, bool]]:
    """Candidate token ranges [start, end) of the reported content of an indirect cue, best first,
    each with whether it must be a clause (an object cue's object need not be).

    Several when the verb has several complements (a misparsed quoted title can be
    one): complements after the verb come first, then those before it.
    """
    tok = doc[cue.token]
    if cue.kind == "according":
        if tok.head.i == tok.i:
            return _opening_according(tok)
        return [(*_clause_without(tok.head, tok.left_edge.i, tok.right_edge.i + 1), True)]
    comps = (
        [c for c in tok.children if c.dep_ == "ccomp"]
        or _statement_clause(tok, cue)
        or ([] if cue.learned else _unmarked_clause(tok))
    )
    if comps:
        comps.sort(key=lambda c: (c.i < tok.i, c.i))
        return [(c.left_edge.i, c.right_edge.i + 1, True) for c in comps]
    if cue.objects:
        found = _object_content(tok)
        if found is not None:
            return [(*found, False)]
    elif cue.infinitive and any(c.dep_ == "xcomp" and c.i > tok.i for c in tok.children):
        # "told his aides never to speak of it", "asked voters to stay home": an infinitive
        # after a speech verb is what was said, with the person told
        found = _object_content(tok)
        if found is not None:
            return [(*found, True)]
    if cue.learned and cue.objects:
        for prep in (c for c in tok.rights if c.dep_ == "prep"):
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return [(obj.left_edge.i, obj.right_edge.i + 1, False)]
    if tok.dep_ in ("parataxis", "advcl") and tok.head.i != tok.i:
        if tok.dep_ == "advcl" and cue.kind != "as-put" and not any(c.lower_ == "as" for c in tok.children):
            return []  # "after he said" is not a report of the main clause
        return [(*_clause_without(tok.head, tok.left_edge.i, tok.right_edge.i + 1), True)]
    if tok.dep_ == "ROOT":
        # "X, said Y" may parse with the reported clause as a left dependent
        left = [c for c in tok.lefts if c.dep_ in ("advcl", "parataxis") and c.pos_ in ("VERB", "AUX")]
        if left:
            return [(left[0].left_edge.i, left[-1].right_edge.i + 1, True)]
    return []
