"""Event terms: the verbs and nouns an article uses for its central events, with their arguments.

Seeds come from the lexicon; the parse attaches each occurrence to its agent and patient.
Only occurrences with a top-salience actor among their arguments are kept: "killed" said
of the article's central figure is word choice about the event; "killed" in an aside about
someone else is not.  One pass over the tokens; each argument lookup walks a few arcs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from framelens.models import Label, Span
from framelens.stages._label_lexicon import LabelLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

_RELATIVE = frozenset({"that", "which", "who", "whom"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos"})
_SUBJECT_CONTROL = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl"})


def actor_of(token: Token | None, owner: Sequence[str | None], collective: frozenset[str]) -> str | None:
    """The actor a noun phrase headed by ``token`` stands for, if any.

    The head itself, a relative pronoun's antecedent ("the strike that killed"), a name in
    apposition ("commander Qasem Soleimani"), or an actor modifying a collective or event
    head ("US forces", "the U.S. drone strike") — but not any modifier: "a US contractor"
    is not the United States.
    """
    if token is None:
        return None
    found = owner[token.i]
    if found is not None:
        return found
    if token.lower_ in _RELATIVE and token.head.dep_ in ("relcl", "acl") and token.head.head.i != token.i:
        return actor_of(token.head.head, owner, collective)
    lemma = token.lemma_.lower()
    for child in token.children:
        if owner[child.i] is None:
            continue
        if child.dep_ == "appos" or (child.dep_ in _MODIFIER_DEPS and lemma in collective):
            return owner[child.i]
    return None


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _pobj(token: Token, prep: str) -> Token | None:
    for c in token.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == prep:
            return _child(c, "pobj")
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, borrowed from the verb it depends on when it has none.

    "criticising the US for taking out": object control, so the governing verb's object
    is the one taking out; "attacked and killed": the first conjunct's subject.
    """
    seen = 0
    while seen < 4:
        subj = _child(verb, "nsubj")
        if subj is not None:
            return subj
        if verb.dep_ not in _SUBJECT_CONTROL or verb.head.i == verb.i:
            return None
        head = verb.head
        if verb.dep_ == "pcomp" and head.head.i != head.i:
            head = head.head
            obj = _child(head, "dobj")
            if obj is not None:
                return obj
        if verb.dep_ == "acl":
            return None
        verb = head
        seen += 1
    return None


def _verb_args(verb: Token, headline: bool = False) -> tuple[Token | None, Token | None]:
    """(agent, patient) of an event verb, handling passives, relatives and participles
    (``headline``: the verb stands in the article's headline)."""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    # "Agitator Vostrikova arrested after riot": a headline drops the "was" of its passive; a
    # participle with a subject and no auxiliary or object is such a passive.  In a headline
    # the parser often tags it a past tense ("Kardanian leader assassinated in air strike"):
    # an event verb there with no object is that passive too
    form = verb.tag_ == "VBN" or (headline and verb.tag_ == "VBD")
    elided = form and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)
    if elided and (subject := _child(verb, "nsubj")) is not None:
        return _pobj(verb, "by"), subject
    if passive or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        agent = _pobj(verb, "by")
        patient = _child(verb, "nsubjpass")
        if patient is None and verb.dep_ == "acl":
            patient = verb.head
        return agent, patient
    patient = _child(verb, "dobj")
    if patient is None and verb.tag_ == "VBG":
        patient = _pobj(verb, "of")  # "Killing of Iranian general leaves ...": a gerund as a noun
    return _subject(verb), patient


def _noun_args(noun: Token, lex: LabelLexicon) -> tuple[Token | None, Token | None, Token | None]:
    """(agent, patient, modifier-agent) of an event noun: "US killing of Soleimani", "his death"."""
    patient = _pobj(noun, "of")
    agent = _pobj(noun, "by")
    poss = _child(noun, "poss")
    if poss is not None:
        if noun.lemma_.lower() in lex.possessor_is_patient and patient is None:
            patient = poss
        elif agent is None:
            agent = poss
    modifier = next((c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")), None)
    return agent, patient, modifier


def event_labels(
    doc: Doc | DocSpan,
    owner: Sequence[str | None],
    top: set[str],
    salience: dict[str, float],
    lex: LabelLexicon,
    collective: frozenset[str],
    extra: frozenset[str] = frozenset(),
    headline_end: int = 0,
) -> list[Label]:
    """Event terms whose arguments include a top-salience actor (see the module docstring).

    ``doc`` may be the document's first tokens only (``doc[:n]``: its indices are the
    document's), to read the terms there and nowhere else.

    ``collective`` are the heads ("forces", "regime") whose actor modifier stands for them.
    ``extra``: event verbs of this article besides the lexicon's (its headline's,
    ``framelens.stages._label_headline``: "cave", "bow out").  ``headline_end``: where the
    headline the text starts with ends (0: none), whose grammar drops the passive's "was".
    """
    collective = collective | lex.event_nouns
    out: list[Label] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            prt = _child(token, "prt")
            particle = (lemma, prt.lower_) if prt is not None else None
            if particle is not None and (particle in lex.particle_verbs or " ".join(particle) in extra):
                head = " ".join(particle)
                end_tok = prt if prt is not None and prt.i == token.i + 1 else token
            elif lemma in lex.event_verbs or lemma in extra:
                head, end_tok = lemma, token
            else:
                continue
            agent_tok, patient_tok = _verb_args(token, token.idx < headline_end)
            if lemma in lex.intransitive_patient and patient_tok is None:
                agent_tok, patient_tok = None, _child(token, "nsubj")
            agent, patient = actor_of(agent_tok, owner, collective), actor_of(patient_tok, owner, collective)
            start_tok = token
        elif token.pos_ == "NOUN" and lemma in lex.event_nouns:
            agent_t, patient_t, modifier = _noun_args(token, lex)
            agent, patient = actor_of(agent_t, owner, collective), actor_of(patient_t, owner, collective)
            if agent is None and modifier is not None and owner[modifier.i] is not None:
                agent = owner[modifier.i]  # "US drone strike", "Iranian missile strikes"
            start_tok, end_tok = token, token
            left = token.i - 1
            while left >= 0 and doc[left].head.i == token.i and doc[left].lower_ in lex.compound_modifiers:
                start_tok = doc[left]
                left -= 1
            head = " ".join([*(t.lower_ for t in doc[start_tok.i : token.i]), lemma])
        else:
            continue
        if patient is not None and patient == agent:
            agent = None
        args = [(role, a) for role, a in (("agent", agent), ("patient", patient)) if a is not None]
        if not any(a in top for _, a in args):
            continue
        focus = patient or max((a for _, a in args), key=lambda a: salience.get(a, 0.0))
        span = Span(start_tok.idx, end_tok.idx + len(end_tok.text))
        out.append(Label(span=span, actor_id=focus, head=head, kind="event", arguments=tuple(args)))
    return out


def stand_in_patients(doc: Doc, owner: Sequence[str | None], lex: LabelLexicon) -> list[Token]:
    """Listed indefinite objects of event verbs that stand for an unnamed patient.

    "taking out a terrorist, a war criminal": a list of epithets in object position is how
    an opinion piece labels the patient without naming him.  A single indefinite object
    ("killed a senior militia leader") is more often someone else, so only lists count.
    Returned so the labels stage can attach them to the article's central patient.
    """
    out = []
    for token in doc:
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        prt = _child(token, "prt")
        if lemma not in lex.event_verbs and (prt is None or (lemma, prt.lower_) not in lex.particle_verbs):
            continue
        obj = _child(token, "dobj")
        if obj is None or obj.pos_ != "NOUN" or owner[obj.i] is not None:
            continue
        det = _child(obj, "det")
        listed = any(c.dep_ in ("appos", "conj") and c.pos_ == "NOUN" for c in obj.children)
        if det is not None and det.lower_ in ("a", "an") and listed:
            out.append(obj)
    return out
