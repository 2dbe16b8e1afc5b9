"""The headline's own event word: what the outlet's headline says its main actor did.

"Trump Caves To Democrats", "Trump Signs Bill ... in Surprise Retreat", "Trump announces deal":
one event, three words, and the headline is where an outlet chooses its word most visibly.
The event lexicon (``resources/labels/lexicon.toml``) knows violent and legal events only, so
the headline's main verb is read as an event term of its own, whatever the verb.

Why the headline is parsed again: spaCy's small model reads headline English badly ("Trump
announces deal" parsed "announces" as a noun and "deal" as the verb; "Trump signs bill" as
three nouns).  With the subject's name replaced by a pronoun ("He announces deal to end ...")
it finds the verb: read on BASIL's 144 headlines, the main verb of nearly every headline
with a named subject came out right, against under half in the joined parse.  The subject is
the first actor the headline names; the verb's other arguments are read from the reparse and
mapped back to the headline's own tokens by character offset.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from typing import TYPE_CHECKING

from framelens.models import Label, Span
from framelens.stages._label_events import _child, _pobj, _verb_args, actor_of
from framelens.stages._label_lexicon import LabelLexicon
from framelens.text.names import name_tables

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: the subject must end within the headline's first tokens ("Arizona Sheriff Joe Arpaio ...")
_SUBJECT_WITHIN = 6
#: subject ends tried, the earliest first (each a reparse of the headline's rest)
_TRIES = 3
#: actor types read as "they" in the reparse (a plural verb: "Democrats urge")
_PLURAL_TYPES = frozenset({"group"})
#: what may stand between the subject and its verb ("Trump Won't Go", "Rubio to Outline")
_BEFORE_VERB = frozenset({"aux", "auxpass", "neg", "advmod", "mark"})
#: actor types that are no headline's subject: a place opening a headline modifies its noun
#: ("Benghazi emails underscore ...")
_NO_SUBJECT = frozenset({"place"})


def headline_events(
    doc: Doc,
    headline_end: int,
    owner: Sequence[str | None],
    types: Mapping[str, str],
    lex: LabelLexicon,
    collective: frozenset[str],
    reparse: Callable[[str], Doc],
    written: str,
) -> list[Label]:
    """The headline's main verbs as event terms of its subject and of the actors they take;
    their heads (lemmas, with a particle: "bow out") are event seeds for the body.

    ``reparse`` parses a short text (the pipeline's own spaCy model); ``written`` is the
    article's text as written (``doc`` holds the headline in its parse form)."""
    tokens = [t for t in doc if t.idx < headline_end]
    read = _subject_and_verb(doc, tokens, headline_end, owner, types, reparse, written)
    if read is None:
        return []
    subject, pronoun, variant, shift = read
    root = next(t for t in variant if t.dep_ == "ROOT")
    found: list[Label] = []
    # joined verbs of the root's own form ("Caves ..., Agrees"), not "... Over Orlando Shooting";
    # a light verb's infinitive is the event, its subject the doer ("Senate Set to Override
    # Veto", "Trump Wants to Close ...")
    verbs: list[tuple[Token, Token | None]] = []
    for verb in (root, *(c for c in root.children if c.dep_ == "conj" and c.tag_ == root.tag_)):
        if verb.lemma_.lower() in lex.headline_skip:
            infinitive = _child(verb, "xcomp")
            if infinitive is not None and infinitive.pos_ == "VERB":
                verbs.append((infinitive, _child(verb, "nsubj") or _child(verb, "nsubjpass")))
            continue
        verbs.append((verb, None))
    for verb, doer in verbs:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma in lex.headline_skip or not lemma.isalpha():
            continue
        following = variant[verb.i + 1] if verb.i + 1 < len(variant) else None
        if following is not None and following.text == ":":
            continue  # "Biden-Ryan Debate: All About Joe": a label, not a verb
        if pronoun == "He" and verb.tag_ == "VBP" and not _helped(verb):
            continue  # "He debate": no verb agrees with a singular subject so
        prt = _child(verb, "prt")
        head = f"{lemma} {prt.lower_}" if prt is not None else lemma
        end_tok = prt if prt is not None and prt.i == verb.i + 1 else verb
        agent_tok, patient_tok = _verb_args(verb)
        if agent_tok is None and doer is not None:
            agent_tok = doer
        if (
            verb.tag_ in ("VBD", "VBN")
            and agent_tok is not None
            and agent_tok.i == 0
            and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)
        ):
            # "Vostrikova arrested after riot", "Cheney blasted by older sister": headlines tell
            # past acts in the present tense, so a bare participle after the subject is a
            # passive without its "was", which the reparse reads as "He arrested"
            agent_tok, patient_tok = _pobj(verb, "by"), agent_tok
        if not any(t is not None and t.i == 0 for t in (agent_tok, patient_tok)):
            continue  # "Obama aide calls ...": the verb's subject is not the actor named
        agent, patient = (
            _actor(agent_tok, subject, doc, owner, collective, shift),
            _actor(patient_tok, subject, doc, owner, collective, shift),
        )
        if agent is None and patient is None:
            continue
        if patient == agent:
            agent = None
        args = tuple((role, a) for role, a in (("agent", agent), ("patient", patient)) if a is not None)
        span = Span(verb.idx + shift, end_tok.idx + len(end_tok.text) + shift)
        found.append(Label(span=span, actor_id=patient or agent, head=head, kind="event", arguments=args))
    return found


def _subject_and_verb(
    doc: Doc,
    tokens: Sequence[Token],
    headline_end: int,
    owner: Sequence[str | None],
    types: Mapping[str, str],
    reparse: Callable[[str], Doc],
    written: str,
) -> tuple[str, str, Doc, int] | None:
    """(subject actor, pronoun, reparse, offset shift) of a headline that opens with an actor
    as the subject of its verb, or None.

    The subject ends with an actor's name among the headline's first words, only names and
    capitalised words before it ("Arizona Sheriff Joe Arpaio endorses"); the earliest such end
    is tried first ("Mueller Disputes Report That Trump Told ...": Mueller disputes).  The
    reparse must then open with the verb ("He endorses ...", "He won't
    go ...").  "Obama Aide Calls ..." ("He aide calls") and "Regime abducts Elena Vostrikova"
    (whose name is the object) have no such subject."""
    given = name_tables().given_groups
    ends = [
        t
        for t in tokens[:_SUBJECT_WITHIN]
        if owner[t.i] is not None and (t.i + 1 >= len(tokens) or owner[t.i + 1] != owner[t.i])
    ]
    for last in ends[:_TRIES]:
        if not all(_name_like(t, owner, written, given) for t in tokens[: last.i]):
            continue
        subject = owner[last.i]
        if subject is None or types.get(subject) in _NO_SUBJECT:
            continue
        rest = doc.text[last.idx + len(last.text) : headline_end]
        words = rest.lstrip()
        if not words or words[:1] in (":", ",", "(", "'", "’"):
            continue  # "Reid: mosque should ..." or "Trump's wall": no verb follows the name
        pronoun = "They" if types.get(subject) in _PLURAL_TYPES or last.tag_ == "NNPS" else "He"
        variant = reparse(f"{pronoun} {words}")
        root = next((t for t in variant if t.dep_ == "ROOT"), None)
        if root is None or len(variant) < 2:
            continue
        opener = variant[1]
        if opener.i != root.i and not (opener.head.i == root.i and opener.dep_ in _BEFORE_VERB):
            continue
        # a reparse offset plus the shift is the document's offset of the same character
        return subject, pronoun, variant, headline_end - len(words) - len(pronoun) - 1
    return None


def _name_like(token: Token, owner: Sequence[str | None], written: str, given: Container[str]) -> bool:
    """Whether a headline word before the subject's end may belong to its noun phrase: a space,
    an actor's word, a word the parse form keeps capitalised (it lowers the headline's common
    words), or a given name (which it lowers too: "Arizona Sheriff joe Arpaio")."""
    if token.is_space or owner[token.i] is not None or token.text[:1].isupper():
        return True
    return written[token.idx : token.idx + 1].isupper() and token.lower_ in given


def _helped(verb: Token) -> bool:
    """Whether a verb has an auxiliary or "to" ("Obama Will Meet", "Rubio to Outline")."""
    return any(c.dep_ in ("aux", "mark") for c in verb.children)


def _actor(
    token: Token | None,
    subject: str,
    doc: Doc,
    owner: Sequence[str | None],
    collective: frozenset[str],
    shift: int,
) -> str | None:
    """The actor a reparse token stands for: the subject for the pronoun, else the actor of the
    headline's own token at the same place."""
    if token is None:
        return None
    if token.i == 0:
        return subject
    own = doc.char_span(token.idx + shift, token.idx + shift + len(token.text), alignment_mode="expand")
    return actor_of(own.root, owner, collective) if own is not None and len(own) else None
