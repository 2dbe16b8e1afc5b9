"""Loaded words toward an actor: evaluative adjectives, adverbs, verbs and nouns aimed at it.

"Trump *blasted* the report", "a *power grab* by a *disappointed* president", "the
*regime*": wording that carries a judgement the facts do not need (BASIL's "lexical bias").
Three steps, each a small rule over the parse:

1. **Candidates**: content words (adjective, adverb, verb, noun) outside any actor mention,
   outside the neutral reporting words of ``resources/labels/loaded.toml`` ("said",
   "announced", "official") and outside quotes longer than a few words: a loaded word in a
   quote is the speaker's, not the outlet's, and is skipped (a short quoted phrase with no
   speaker, a scare quote such as the “scheme”, is the outlet's and is kept).
2. **Target**: the actor the word is aimed at, read from the parse: the actor it modifies
   ("disappointed president"), the subject, agent or possessor of the clause it is in
   (climbing through adverbs, complements and conjoined verbs: "Trump *vowed* to deprive"),
   else the most salient actor its sentence names, else the article's most salient actor
   (BASIL's annotators aim most loaded words at an article's main entity).  How the target
   was found is a feature: a word far from its actor needs more evidence.
3. **Score**: a logistic model over lexicon features (VADER's valence; the pattern/TextBlob
   adjective lexicon's polarity and subjectivity), the word itself and, when the technique
   tagger reads the article, what the tagger reads in the word (``_loaded_context``: P(inside
   a persuasion technique), and which technique), trained on BASIL dev by
   ``framelens.train.loaded`` and packaged as ``resources/labels/loaded.json``; a word whose
   probability reaches the packaged threshold is kept.  The lexicon model keeps only a word a
   lexicon can call evaluative (``evaluative``); the context model any word but a degree
   adverb or an adjective the lexicons know to be flat (``context_may_keep``); a word either
   keeps is shown.  Without the tagger (the technique stage switched
   off) the lexicon model decides alone.

Polarity toward the target: the lexicons' sign where they hold the word (VADER first, then
the adjective lexicon), else negative
(an evaluative word no lexicon knows is, in news, mostly a disparaging one: "insisted",
"ping-ponged").  The score is that sign times the model's probability.
"""

from __future__ import annotations

import functools
import json
import math
import re
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING, Any

from framelens.errors import FramelensError
from framelens.models import Analysis, Label, Span
from framelens.stages._doc_index import doc_index, doc_text
from framelens.stages._label_lexicon import label_lexicon
from framelens.stages._loaded_context import tagger_features
from framelens.stages._quote_marks import find_segments, paragraph_spans
from framelens.text.entity_types import WHEN_ENTITIES
from framelens.text.quote_lexicon import quote_lexicon
from framelens.tone.features import adjective_lexicon, word_valence
from framelens.tone.polarity import (
    ACCOUNT_REASON,
    GLEE_REASON,
    LOADED_REASON,
    MISSED_REASON,
    UNSIGNED_REASON,
    is_feeling,
)
from framelens.tone.portrayal import role_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from framelens.techniques.tagger import Reading, SpanTagger

_CONTENT = frozenset({"ADJ", "ADV", "VERB", "NOUN"})
#: dependencies by which an actor is the argument a clause is about
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "csubj"})
#: dependencies through which a word's clause reaches up to the clause that names the actor
_CLIMB = frozenset(
    {
        "xcomp",
        "advcl",
        "conj",
        "acomp",
        "dobj",
        "pobj",
        "prep",
        "advmod",
        "amod",
        "compound",
        "npadvmod",
        "oprd",
        "attr",
        "acl",
        "prt",
        "ccomp",
    }
)
#: "vowed to stop X and made a disastrous decision": the adjective reaches the subject in five steps
_MAX_CLIMB = 5

#: the routes by which the parse itself ties a word to its actor.  A word whose target is only
#: the most salient actor of its sentence or article is a guess, and is not emitted: read on
#: the seeds and examples, 1 of 8 such words was aimed at the actor it was given ("criticising
#: the US for taking out a terrorist, a war criminal" gave "criminal" to the US; "distract
#: Moscow from successfully defending Syria" gave "successfully" to the US).  The training
#: script still sees every candidate (BASIL's annotators aim many words at the main entity).
PARSED_ROUTES = frozenset({"clause", "modifies"})

#: a speech verb this many words before a short quote, or after it, makes it a speaker's words
CUE_BEFORE, CUE_AFTER = 6, 3


#: how to retrain the loaded-word model (for another technique tagger)
RETRAIN = (
    "python -m framelens.train.loaded --basil ../shared/data/basil-dev --out framelens/resources/labels/"
)


@dataclass(frozen=True, slots=True)
class ContextModel:
    """The loaded-word model that reads the technique tagger too (``_loaded_context``)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    #: the identity of the tagger it was trained on (``framelens.tone.encoder.tagger_identity``)
    tagger: dict[str, str]


@dataclass(frozen=True, slots=True)
class LoadedLexicon:
    """The word lists and the packaged model: neutral words, adjective lexicon, weights."""

    neutral: frozenset[str]
    #: event verbs and nouns of the labels stage ("kill", "strike"): event terms, not judgements
    events: frozenset[str]
    #: pattern/TextBlob adjective lexicon: word -> (polarity, subjectivity), averaged over senses
    adjectives: dict[str, tuple[float, float]]
    weights: dict[str, float]
    bias: float
    threshold: float
    scare_words: int
    #: verbs near a short quote that make it someone's words (speech verbs and naming verbs)
    quoting_verbs: frozenset[str] = frozenset()
    #: nouns of an actor's deeds, through which an opinion adjective reaches the actor
    deeds: frozenset[str] = frozenset()
    #: nouns whose clause reports someone's words ("charges that ...", "the claim that ...")
    speech_nouns: frozenset[str] = frozenset()
    #: the model with the tagger's features (None: the lexicon model decides alone)
    context: ContextModel | None = None
    #: adverbs of gladness ("eagerly"), and the harms that turn them into a reproach
    glee: frozenset[str] = frozenset()
    harms: frozenset[str] = frozenset()


def lexical_class(token: Token) -> str:
    """The word class the adjective lexicon is read by: spaCy's coarse tag, except that a
    participle with no object ("looked disappointed", "a stunning defeat") is "PART": it is
    used as an adjective is; "winning Wisconsin" is the verb."""
    if (
        token.pos_ == "VERB"
        and token.tag_ in ("VBN", "VBG")
        and not any(c.dep_ in ("dobj", "dative") for c in token.children)
    ):
        return "PART"
    return token.pos_


def adjective_entry(lex: LoadedLexicon, word: str, lemma: str, pos: str) -> tuple[float, float] | None:
    """The adjective lexicon's (polarity, subjectivity) of a word of class ``pos``
    (``lexical_class``).  An adjective or adverb is looked up by its form, then its lemma; a
    participle by its own form only ("meant" is no "mean" remark); any other verb or noun not
    at all: the lexicon holds adjectives, and a verb or noun spelt like one is another sense
    ("to moderate a debate", "my right to run", "owns a bakery")."""
    if pos in ("ADJ", "ADV"):
        return lex.adjectives.get(word) or lex.adjectives.get(lemma)
    if pos == "PART":
        return lex.adjectives.get(word)
    return None


def _base_adjectives(adverb: str) -> tuple[str, ...]:
    """The adjectives an "-ly" adverb may be made from, most likely first ("quietly" ->
    "quiet", "emotionally" -> "emotional", "happily" -> "happy", "gently" -> "gentle",
    "basically" -> "basic"); English spelling rules, written out because no library here
    derives them (spaCy's lemmatizer keeps an adverb as it is)."""
    if not adverb.endswith("ly") or len(adverb) < 5:
        return ()
    stem = adverb[:-2]
    out = [stem]
    if adverb.endswith("ily"):
        out.append(adverb[:-3] + "y")
    if not adverb.endswith("lly"):
        out.append(stem + "e")
    if adverb.endswith("bly") or adverb.endswith("tly") or adverb.endswith("ply"):
        out.append(adverb[:-1] + "e")
    if adverb.endswith("ically"):
        out.append(adverb[:-4])
    return tuple(out)


def flat_manner(lex: LoadedLexicon, word: str, valence: float) -> bool:
    """Whether an "-ly" adverb that neither lexicon knows comes from an adjective the
    adjective lexicon knows to be flat ("quietly", "emotionally", "broadly", "alternately"
    from "quiet", "emotional", "broad", "alternate"): it says how something was done, not
    whether it was right.  The context model reads such adverbs as loaded when their
    sentence is (BASIL dev: "Mr. LePage spoke emotionally about Maine's heroin crisis")."""
    if valence or word in lex.adjectives:
        return False
    for base in _base_adjectives(word):
        entry = lex.adjectives.get(base)
        if entry is not None:
            return abs(entry[0]) < FLAT_ADJECTIVE
    return False


def read_model(data: dict[str, Any]) -> tuple[dict[str, float], float, float]:
    """(weights, bias, threshold) of a model document (``loaded.json``)."""
    weights = {str(k): float(v) for k, v in dict(data.get("weights", {})).items()}
    return weights, float(data.get("bias", 0.0)), float(data.get("threshold", 1.0))


@functools.cache
def loaded_lexicon() -> LoadedLexicon:
    """The packaged word lists and model (cached: read once per process)."""
    files = resources.files("framelens.resources")
    lists = tomllib.loads(files.joinpath("labels/loaded.toml").read_text("utf-8"))
    model = json.loads(files.joinpath("labels/loaded.json").read_text("utf-8"))
    weights, bias, threshold = read_model(model)
    roles = role_lexicon()
    context = None
    if "context" in model:
        c_weights, c_bias, c_threshold = read_model(model["context"])
        tagger = {str(k): str(v) for k, v in dict(model["context"].get("tagger", {})).items()}
        context = ContextModel(c_weights, c_bias, c_threshold, tagger)
    return LoadedLexicon(
        neutral=frozenset(str(w).lower() for w in lists["neutral"]["words"]),
        events=label_lexicon().event_verbs | label_lexicon().event_nouns,
        adjectives=adjective_lexicon(),
        weights=weights,
        bias=bias,
        threshold=threshold,
        scare_words=int(lists["quotes"]["scare_words"]),
        quoting_verbs=quote_lexicon().cue_verbs
        | quote_lexicon().object_verbs
        | frozenset(str(w).lower() for w in lists["quotes"].get("naming_verbs", [])),
        deeds=frozenset(str(w).lower() for w in lists.get("targets", {}).get("deeds", [])),
        speech_nouns=frozenset(str(w).lower() for w in lists["quotes"].get("speech_nouns", [])),
        context=context,
        glee=frozenset(str(w).lower() for w in lists.get("signs", {}).get("glee", [])),
        harms=roles["befell"]
        | roles["befell_nouns"]
        | frozenset(str(w).lower() for w in lists.get("signs", {}).get("attacks", [])),
    )


def context_tagger(lex: LoadedLexicon, tagger: SpanTagger | None) -> SpanTagger | None:
    """``tagger`` when the context model can read it: there is one, and it is the tagger the
    model was trained on (another raises, naming the command that retrains the model)."""
    if lex.context is None or tagger is None:
        return None
    from framelens.tone.encoder import tagger_identity

    packaged = tagger_identity(tagger)
    if lex.context.tagger != packaged:
        raise FramelensError(
            "the loaded-word model was trained on another technique tagger "
            f"(fingerprint {lex.context.tagger.get('fingerprint', '')[:12] or 'none'}, packaged "
            f"{packaged['fingerprint'][:12]}); retrain it: {RETRAIN}"
        )
    return tagger


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word that may be loaded, with the actor it would be aimed at and why."""

    start: int
    end: int
    lemma: str
    actor_id: str
    #: how the target was found: modifies, clause, sentence, near, previous
    route: str
    features: dict[str, float]
    #: the word's class for the lexicons (``lexical_class``: spaCy's coarse tag, or "PART")
    pos: str = ""


def token_owner(doc: Doc, analysis: Analysis) -> list[str | None]:
    """Per token of ``doc``: the actor whose mention it is part of, or None."""
    owner: list[str | None] = [None] * len(doc)
    for actor in analysis.actors:
        for mention in actor.mentions:
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            for token in span if span is not None else ():
                owner[token.i] = actor.id
    return owner


def _quoted(doc: Doc, lex: LoadedLexicon, paragraphs: tuple[Span, ...]) -> tuple[list[bool], list[bool]]:
    """Per token: inside a speaker's quote (skipped), inside a short scare quote (kept)."""
    speech = [False] * len(doc)
    scare = [False] * len(doc)
    index = doc_index(doc)
    for seg in find_segments(index.text, paragraphs):
        span = doc.char_span(seg.span.start, seg.span.end, alignment_mode="expand")
        if span is None:
            continue
        words = sum(1 for t in span if not t.is_punct)
        # a short quote right after or before a speech or naming verb is someone's words ('He
        # said X's "reign of terror is over"', 'calls himself the "toughest sheriff"'), not the
        # outlet's scare quote.  The window after it may cross a sentence end, which the
        # parser often puts inside '"horrific policy," Mr. Perry said'.
        sent = index.sentence[span.start]
        sent_start, _ = index.sentence_bounds(span.start)
        before = [t for t in doc[sent_start : span.start] if not t.is_punct][-CUE_BEFORE:]
        after = [t for t in doc[span.end : min(len(doc), span.end + 3 * CUE_AFTER)] if not t.is_punct]
        said = any(t.lemma_.lower() in lex.quoting_verbs for t in before + after[:CUE_AFTER])
        # 'ripping the agenda, which was set by his party, as "rigged"': a verb's "as" before a
        # short quote gives someone's characterisation in their words, however far the verb is
        said = said or bool(before and before[-1].lower_ == "as" and before[-1].head.pos_ == "VERB")
        # 'charges from Republicans that there was a massive political "cover-up"': a short
        # quote inside what a speech verb or noun reports is the speaker's word
        said = said or any(
            a.lemma_.lower() in lex.quoting_verbs or a.lemma_.lower() in lex.speech_nouns
            for a in span.root.ancestors
            if index.sentence[a.i] == sent
        )
        flags = scare if words <= lex.scare_words and not said else speech
        for t in span:
            flags[t.i] = True
    for start, end in _unmarked_quotes(index.text, paragraphs):
        span = doc.char_span(start, end, alignment_mode="expand")
        for t in span if span is not None else ():
            speech[t.i] = True
    return speech, scare


#: words a quote must hold before a closing single mark ends it (not a possessive's apostrophe)
_SINGLE_QUOTE_WORDS = 4


def _unmarked_quotes(text: str, paragraphs: tuple[Span, ...]) -> list[tuple[int, int]]:
    """Quotes the quote finder leaves out, which a loaded word must still read as someone's
    words (the quotes stage keeps its own finder, measured on PolNeAR):

    - a paragraph wholly in single curly marks (a PTC article's "‘Bob Mueller is totally
      conflicted ... a disgrace to USA!’", a tweet, had given Mueller "totally conflicted");
    - the close of a quote opened in an earlier paragraph, where the paragraph has no opening
      mark of its own ("“This is a terrible situation ... / Bob Mueller is totally conflicted
      ...!” Trump wrote.", one sentence per line).
    """
    out: list[tuple[int, int]] = []
    still_open = False
    for para in paragraph_spans(text, paragraphs):
        chunk = text[para.start : para.end]
        lead = para.start + len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body.startswith("‘"):
            close = chunk.rfind("’")
            after = chunk[close + 1 :].strip()[:1] if close > 0 else "x"
            if (
                close > 0
                and after in ("", ",", ".", "!", "?")
                and len(chunk[:close].split()) >= _SINGLE_QUOTE_WORDS
            ):
                out.append((lead, para.start + close))
        opener, closer = chunk.find("“"), chunk.find("”")
        if still_open and closer >= 0 and (opener < 0 or opener > closer):
            out.append((lead, para.start + closer))
        # only the next paragraph may close it: a stray opening mark must not make the rest
        # of the article someone's words
        still_open = chunk.count("“") > chunk.count("”")
    return out


def _headline_speaker(doc: Doc, owner: Sequence[str | None], headline_end: int) -> int:
    """Where the words of a headline's speaker start ("Juanita Broaddrick: Senator Feinstein
    Had No Interest In My Rape Allegation"): after a colon that closes an actor's name at the
    headline's start, -1 when the headline has none.  What follows is the speaker's claim, as
    a quote is, not the outlet's wording ("Rape" had gone to Feinstein as a loaded word)."""
    if headline_end <= 0:
        return -1
    named = False
    for token in doc:
        if token.idx >= headline_end:
            return -1
        if token.text == ":":
            return token.i + 1 if named else -1
        if token.is_alpha:
            if owner[token.i] is None:
                return -1
            named = True
    return -1


def _reported(doc: Doc, lex: LoadedLexicon) -> list[int]:
    """Per token: the root of the clause reported without quotation marks it is in ('Renacci
    said people at a meeting were furious'), else -1.  Indirect speech is the outlet's
    paraphrase, so its words are the outlet's wording; but a word there is aimed at an actor
    the clause names, never by default at the speaker or the article's main actor."""
    reported = [-1] * len(doc)
    for tok in doc:
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lex.quoting_verbs:
            for t in tok.subtree:
                reported[t.i] = tok.i  # the innermost clause wins: subtrees are visited outer first
    return reported


def _word_end(doc: Doc, i: int) -> int:
    """One past the last token of a hyphenated word starting at ``i`` ("ill-prepared")."""
    j = i
    while (
        j + 2 < len(doc)
        and doc[j + 1].text in ("-", "–")
        and not doc[j].whitespace_
        and not doc[j + 1].whitespace_
    ):
        j += 2
    return j + 1


def _with_particle(doc: Doc, i: int, end: int) -> int:
    """One past a verb's particle that follows it ("doubled down", "shied away", "piled on"):
    the idiom is the loaded wording, and a reader shown "doubled" or "shied" alone cannot
    tell what the outlet wrote.  A particle after the object ("pushed it back") stays apart."""
    token = doc[i]
    if token.pos_ != "VERB" or end >= len(doc):
        return end
    after = doc[end]
    return end + 1 if after.dep_ == "prt" and after.head.i == i else end


def _listed_out(token: Token, lex: LoadedLexicon, hyphenated: str | None = None) -> bool:
    """Whether a word is never loaded by the lists: a stop word, a neutral reporting or office
    word, or an event term.  The neutral list holds words: a ``hyphenated`` word the token
    begins is read whole against it ("run-up"), never by its first part ("late" is a time, "a
    late-in-life conversion" a judgement)."""
    lemma = token.lemma_.lower()
    if hyphenated is not None:
        neutral = hyphenated in lex.neutral
    else:
        neutral = lemma in lex.neutral or token.lower_ in lex.neutral
    return token.is_stop or neutral or lemma in lex.events


def _noun_compound(token: Token, owner: Sequence[str | None], lex: LoadedLexicon) -> bool:
    """A common noun qualifying the noun right after it ("fig leaf", "rap sheet", "water
    slide"), which no actor owns: the pair is one word to a reader, read at its head.  Not
    when the head is a word never loaded ("smear campaign": "campaign" is a neutral word, so
    "smear" stays a word of its own)."""
    if token.dep_ != "compound" or token.pos_ != "NOUN":
        return False  # first: every word of the article is asked
    head = token.head
    glued = token.i > 0 and token.nbor(-1).text in ("-", "–") and not token.nbor(-1).whitespace_
    return (
        not glued  # the end of a hyphenated word ("a 10-minute onslaught")
        and head.i == token.i + 1
        and head.pos_ == "NOUN"
        and owner[token.i] is None
        and owner[head.i] is None
        and not _listed_out(head, lex)
    )


def _compound_start(doc: Doc, i: int, owner: Sequence[str | None], lex: LoadedLexicon) -> Token:
    """The first token of the noun compound that ends with the noun ``doc[i]`` (itself if none;
    ``_noun_compound`` holds only for a word right before its head)."""
    j = i
    while j > 0 and _noun_compound(doc[j - 1], owner, lex):
        j -= 1
    return doc[j]


#: nouns before a word mentioned as a word: 'the word “wall”', 'a reference to “consulate”'
_MENTION_NOUNS = frozenset({"word", "words", "term", "terms", "phrase", "reference", "label", "name"})

#: subjects that stand for a thing, an idea or a statement, never a person
_THING_PRONOUNS = frozenset({"it", "this", "that", "these", "those", "which", "what", "there"})

#: what ``_owner_of`` returns for a word whose clause is about something that is no actor
OTHER = ("", "other")
#: a noun for someone who does something ("critics", "supporters", "protesters",
#: "strategist"): its compound is whom it acts on or for, not its doer
_AGENT_NOUN = re.compile(r"(?:ers?|ors?|ists?|ants?|ents?|ians?)$")


def _owner_of(
    token: Token, owner: Sequence[str | None], opinion: bool = False, speech: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """(actor, relation) when ``token``'s clause names an actor as its subject, agent or
    possessor, climbing a few steps through complements, conjuncts and modifiers; ``OTHER``
    when the word is aimed at something else (an adjective on a noun that is no actor, "a
    genocidal regime", unless it is an ``opinion`` word: "Velk gave a brilliant speech"; a
    verb whose common-noun subject is no actor, "militias threaten"); None when the clause
    names nobody."""
    if token.dep_ == "amod" and owner[token.head.i] is None and not opinion:
        return OTHER
    if token.dep_ in ("acomp", "attr") and any(
        c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in token.head.children
    ):
        return OTHER  # "it would be mistaken to regard ...": it judges the idea, not an actor
    if token.pos_ == "NOUN" and not _AGENT_NOUN.search(token.lower_):
        # "US belligerence", "Democrat obstruction": the deed's doer; an agent noun's compound
        # is whom it acts on ("Trump critics"), and the climb decides those
        doer = _child_actor(token, owner, ("compound",))
        of = doer if doer is not None else _of_whom(token, owner)
        if of is not None:
            return of, "poss"
    node, came = token, ""
    for _ in range(_MAX_CLIMB):
        if node.i != token.i and owner[node.i] is not None:
            return owner[node.i] or "", "modifies"
        if came == "oprd":  # "the vote left Velk desperate": the object is what is described
            for child in node.children:
                if child.dep_ == "dobj":
                    # "called the idea illegal": the idea, which is no actor
                    return (owner[child.i] or "", "dobj") if owner[child.i] is not None else OTHER
        for child in node.children:
            if child.dep_ in _ARG_DEPS and owner[child.i] is not None:
                return owner[child.i] or "", child.dep_
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and owner[obj.i] is not None:
                        return owner[obj.i] or "", "agent"
        if node.dep_ == "relcl" or (node.dep_ == "acl" and node.head.pos_ == "NOUN"):
            # "Iranians who can speak": the clause is about the noun it qualifies; "a
            # distraction that could seriously hamper", "provocations designed to provoke and
            # distract Moscow": a noun that is no actor, not the subject of the sentence
            return (owner[node.head.i] or "", "relcl") if owner[node.head.i] is not None else OTHER
        if node.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass")
            and (c.pos_ == "NOUN" or (c.pos_ in ("PRON", "DET") and c.lower_ in _THING_PRONOUNS))
            for c in node.children
        ):
            # "militias threaten": a common-noun subject that is no actor; "That may be true":
            # a pronoun that stands for a thing or a statement
            return OTHER
        if node.dep_ == "appos" and owner[node.head.i] is not None:
            return owner[node.head.i] or "", "modifies"  # "Reyl, a respected and honest reformer"
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            return None
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in speech:
            return None  # out of a reported clause the climb would reach the speaker, not the target
        came = node.dep_ if node.dep_ != "conj" else came or node.head.dep_
        node = node.head
    return None


def _of_whom(noun: Token, owner: Sequence[str | None]) -> str | None:
    """The actor a deed or state noun is of: "the defeat of Cantor", "the continued
    frustration of US belligerence" (the belligerence's doer); a real op-ed's "frustration"
    had gone to Iran, the subject of its sentence."""
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if owner[obj.i] is not None:
                return owner[obj.i] or ""
            named = _child_actor(obj, owner, ("compound", "poss"))
            if named is not None:
                return named
    return None


def _child_actor(token: Token, owner: Sequence[str | None], deps: tuple[str, ...]) -> str | None:
    """The actor named by a child of ``token`` with one of ``deps`` ("US" of "US belligerence")."""
    for child in token.children:
        if child.dep_ in deps and owner[child.i] is not None:
            return owner[child.i] or ""
    return None


@functools.cache
def _boosters() -> frozenset[str]:
    """VADER's booster words ("extremely", "highly", "totally"): VADER itself reads them as
    degrees of the next word, not as sentiment."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return frozenset(BOOSTER_DICT)


def features(
    doc: Doc, i: int, end: int, route: str, dep: str, scare: bool, lex: LoadedLexicon
) -> dict[str, float]:
    """The model's features of the word ``doc[i:end]`` found by ``route``."""
    token = doc[i]
    lemma = token.lemma_.lower()
    word = doc[i:end].text.lower()
    valence = word_valence(word) or word_valence(lemma)
    known = adjective_entry(lex, word, lemma, lexical_class(token))
    polarity, subjectivity = known or (0.0, 0.0)
    out = {
        f"pos={token.pos_}": 1.0,
        f"route={route}": 1.0,
        f"dep={dep}": 1.0,
        f"w={lemma}": 1.0,
        "vader": abs(valence) / 4.0,
        "vader_neg": float(valence < 0),
        "vader_pos": float(valence > 0),
        "adj_polarity": abs(polarity),
        "adj_subjectivity": subjectivity,
        "adj_known": float(known is not None),
        "hyphenated": float(any(t.text in ("-", "–") for t in doc[i:end])),
        "scare": float(scare),
    }
    if token.pos_ == "ADV" and word.endswith("ly"):
        out["ly"] = 1.0
    if token.pos_ == "VERB" and any(c.dep_ == "prt" for c in token.children):
        out["particle"] = 1.0
    if token.pos_ == "ADV" and (
        (token.head.pos_ in ("ADJ", "ADV") and "ly" not in out) or word in _boosters()
    ):
        # "far greater", "much more", "extremely high-profile", "shifted stance somewhat": a
        # degree, not a judgement (VADER's boosters are degrees of whatever word they grade)
        out["degree"] = 1.0
    return out


def evaluative(feats: dict[str, float], weights: dict[str, float]) -> bool:
    """Whether a candidate can be loaded at all, whatever its probability.

    An adjective or adverb needs VADER's valence or the adjective lexicon's strong opinion; a
    verb or noun needs the adjective lexicon's subjectivity, a scare quote (a verb in scare
    quotes also a lexicon's valence), or to have been loaded in the training data (its word
    weight is positive): VADER's valence alone marks event verbs ("defeat", "threaten",
    "avoid") that report, not judge.  A degree adverb ("far greater") never is.
    """
    if feats.get("degree"):
        return False
    lemma = next((k for k in feats if k.startswith("w=")), "")
    learned = weights.get(lemma, 0.0) > 0
    # a scare-quoted verb no lexicon knows is a word mentioned, not a judgement: 'had
    # “notified” the embassy, not “warned” it'
    scare = feats.get("scare") and (not feats.get("pos=VERB") or feats.get("vader") or feats.get("adj_known"))
    if scare or learned:
        return True
    # an adjective or adverb needs a sign a reader would grant: VADER's valence, or the
    # adjective lexicon's strong opinion ("disgraceful"); pattern's subjectivity alone marks
    # size, time and degree ("big", "late", "total", "central", "quickly", "formally")
    strong = feats.get("adj_subjectivity", 0.0) >= 0.8 and feats.get("adj_polarity", 0.0) >= 0.5
    if feats.get("pos=ADV") or feats.get("pos=ADJ"):
        return bool(feats.get("vader") or strong)
    return feats.get("adj_subjectivity", 0.0) >= 0.5


#: the adjective lexicon's polarity under which a word it knows, and VADER does not, is flat
FLAT_ADJECTIVE = 0.1


def context_may_keep(feats: dict[str, float], weights: dict[str, float] | None = None) -> bool:
    """Whether the context model may keep a candidate at all:

    - not a degree adverb ("far greater");
    - not a word the lexicons know to be flat: an adjective whose polarity in pattern's
      lexicon is under ``FLAT_ADJECTIVE`` and which VADER lacks ("internal", "long", "local",
      "prior"; on BASIL dev 1 of the 71 such candidates lay in an annotated phrase).  The
      tagger hears the mood of a loaded sentence in such words too ("a fierce internal
      jostling" gave "internal");
    - not a noun or verb whose only sign is VADER's valence: the lexicon model's own rule
      (``evaluative``; ``weights`` are the model's, for the words it learned).  VADER signs
      the events a report tells ("has been fired", "Cantor's defeat", "rejected the
      proposal", "Maine's heroin crisis"); the words the tagger alone finds loaded and no
      lexicon signs ("pounced", "scuttled", "lashed out") stay.  Measured out of fold on
      BASIL dev (``python -m framelens.train.loaded``): shown words 8.7% -> 10.3% inside an
      annotated phrase at 2.2 per article, phrases reached 6.2% -> 8.1%.
    """
    if feats.get("degree"):
        return False
    if feats.get("adj_known") and feats.get("adj_polarity", 0.0) < FLAT_ADJECTIVE and not feats.get("vader"):
        return False
    if (feats.get("pos=NOUN") or feats.get("pos=VERB")) and feats.get("vader"):
        return evaluative(feats, weights or {})
    return True


def _hypothetical(token: Token) -> bool:
    """Whether a word lies in a clause of condition ("If the Republicans are being sincere")."""
    for node in (token, *token.ancestors):
        if node.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children)
    return False


def _hedge_or_ability(adverb: Token) -> bool:
    """An adverb on a copula ("he was effectively the head of", "is seriously ill") hedges or
    grades a description; on a verb with a modal ("who can freely speak", "could seriously
    hamper") it says what may or can happen.  Neither judges what an actor did."""
    head = adverb.head
    if head.lemma_.lower() == "be" or head.pos_ in ("NOUN", "PROPN"):
        return True
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)


def _made_sure(token: Token) -> bool:
    """'wanted to make sure there is no conflict', 'made it clear that': an adjective that
    "make" takes with no subject of its own (or "it") describes nobody; 'made Velk angry' does."""
    if token.pos_ != "ADJ" or token.dep_ not in ("ccomp", "oprd", "acomp", "xcomp"):
        return False
    if token.head.lemma_.lower() != "make":
        return False
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return all(c.lower_ == "it" for c in subjects)


#: modals of what may, should or would happen ("will" states what the speaker expects)
_MODALS = frozenset({"could", "would", "should", "must", "might", "may", "can", "ought", "shall"})


def _under_modal(token: Token) -> bool:
    """Whether a verb, or an adjective it predicates, is under a modal of what may, should or
    would happen ("Iran too must endure", "Reid would suffer politically", "would make the U.S.
    vulnerable"): a prospect or a prescription, not something the actor did (on BASIL dev 0
    of the 6 such loaded words lay in an annotated phrase).  Adverbs have their own rule."""
    if token.pos_ == "VERB":
        verb = token
    elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "ccomp", "xcomp"):
        verb = token.head
    else:
        return False
    return any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in _MODALS for c in verb.children)


#: when a measure takes effect: "effective immediately", "effective at 5 p.m.", "effective Jan. 1"
_NOW = frozenset({"immediately", "today", "tomorrow"})


def _takes_effect(token: Token) -> bool:
    """Whether "effective" says when something takes effect ("his resignation, effective at
    5 p.m.", a BASIL article, had read as praise), not how well someone acts."""
    if token.lower_ != "effective":
        return False
    after = token.doc[token.i + 1 : token.i + 4]
    return any(t.lower_ in _NOW or t.ent_type_ in WHEN_ENTITIES for t in after)


#: a court's verdict and the verbs that give one: "pleaded guilty", "was found not guilty",
#: "declared innocent", a senator who "voted not guilty" report a fact, not the outlet's judgement
_VERDICTS = frozenset({"guilty", "innocent", "liable"})
_VERDICT_VERBS = frozenset(
    {"plead", "find", "declare", "prove", "enter", "rule", "adjudge", "deem", "judge", "vote"}
)


#: how many words before a verdict its legal verb may stand ("found [a long name] not guilty")
_VERDICT_REACH = 14


def _verdict(token: Token) -> bool:
    """Whether a word is a verdict given by a legal verb ("pleads guilty", "found not guilty")."""
    if token.lower_ not in _VERDICTS:
        return False
    head = token.head
    if head.lemma_.lower() in _VERDICT_VERBS or (
        head.lemma_.lower() == "be" and head.head.lemma_.lower() in _VERDICT_VERBS
    ):
        return True
    # "found Jose Garcia, also known as Juan Lopez, not guilty": the parser may hang the verdict
    # on the name; the legal verb is still the one before it in the sentence
    start = max(token.sent.start, token.i - _VERDICT_REACH)
    return any(t.lemma_.lower() in _VERDICT_VERBS for t in token.doc[start : token.i])


#: verbs of how someone regards a thing or a person, beyond the labels stage's "as" verbs
#: ("view", "consider", "brand" ... as): what they hold it to be is their view ("a wall, which
#: Democrats view as ineffective and overly costly"), reported, not the outlet's word.  The
#: "as" verbs that name or list ("known as", "listed as", "designated as") state a fact.
_REGARD_MORE = frozenset({"call", "deem", "dismiss", "perceive", "think", "depict"})
_NAMING_AS = frozenset({"know", "list", "designate"})


@functools.cache
def _regard_verbs() -> frozenset[str]:
    return (label_lexicon().as_verbs - _NAMING_AS) | _REGARD_MORE


def _conj_root(token: Token) -> Token:
    """The first of the conjuncts ``token`` is one of ("ineffective" of "ineffective and costly")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _held_to_be(word: Token) -> bool:
    """Whether a word says what someone holds a thing or a person to be: "view X as costly",
    "consider the plan wasteful" (an adjective on "as" or in the verb's small clause), "called
    Biden unhinged", "calling Velk evasive", "what critics call amnesty" (the verb's object
    complement, whatever part of speech the parser gave it)."""
    head = word.head
    if head.lower_ == "as" and head.dep_ == "prep" and word.dep_ in ("amod", "pobj"):
        return (word.pos_ == "ADJ" or word.dep_ == "pobj") and head.head.lemma_.lower() in _regard_verbs()
    complements = ("ccomp", "oprd", "xcomp") if word.pos_ == "ADJ" else ("oprd",)
    return word.dep_ in complements and head.lemma_.lower() in _regard_verbs()


def _said_of_object(token: Token, lex: LoadedLexicon) -> bool:
    """'called the idea illegal and offensive' (parsed as adjectives of "idea"), 'referred to
    the word “wall”': what a speaker calls a thing, or a word mentioned as a word; and what
    someone holds a thing to be ("view it as costly"; an adverb on such an adjective too)."""
    graded = _conj_root(token.head if token.pos_ == "ADV" and token.dep_ == "advmod" else token)
    if _held_to_be(graded):
        # any word the parser made the complement: "called Biden unhinged" (read as a verb),
        # "calling Velk evasive" (read as a noun the name qualifies)
        return True
    adjective = _conj_root(token)
    noun = adjective.head
    if adjective.dep_ == "amod" and noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.quoting_verbs:
        return True
    # 'the word “wall”', 'a reference to the United States “consulate”'
    near = [*islice(token.ancestors, 3), *token.children, *token.doc[max(0, token.i - 3) : token.i]]
    return any(t.lower_ in _MENTION_NOUNS for t in near)


def candidates(
    doc: Doc,
    owner: Sequence[str | None],
    lex: LoadedLexicon,
    paragraphs: tuple[Span, ...] = (),
    salience: dict[str, float] | None = None,
    headline_end: int = 0,
) -> list[Candidate]:
    """Every content word outside mentions, quotes and the neutral list, with its target:
    the actor of its clause, else the most salient actor its sentence names, else the
    article's most salient actor (``salience``: actor id -> salience; ``headline_end``: where
    the headline the text starts with ends, 0 for none)."""
    salience = salience or {}
    top = max(salience, key=lambda a: salience[a]) if salience else None
    speech, scare = _quoted(doc, lex, paragraphs)
    claim = _headline_speaker(doc, owner, headline_end)
    for token in doc[claim:] if claim >= 0 else ():
        if token.idx >= headline_end:
            break
        speech[token.i] = True
    reported = _reported(doc, lex)
    #: reported clause root -> the actors it names, filled as candidates need them
    clause_actors: dict[int, set[str]] = {}
    out: list[Candidate] = []
    for sent in doc.sents:
        named = {owner[t.i] for t in sent if owner[t.i] is not None}
        in_sentence = max(named, key=lambda a: (salience.get(a or "", 0.0), a)) if named else None
        i = sent.start
        while i < sent.end:
            token = doc[i]
            word_end = _word_end(doc, i)
            end = _with_particle(doc, i, word_end)
            lemma = token.lemma_.lower()
            if _noun_compound(token, owner, lex):
                i = end  # read with the noun it qualifies: "fig leaf", "rap sheet"
                continue
            if (
                token.pos_ not in _CONTENT
                or owner[i] is not None
                or speech[i]
                or not token.text[:1].isalpha()
                or len(token.text) < 3
                or _listed_out(token, lex, doc[i:word_end].text.lower() if word_end > i + 1 else None)
                or (token.text[:1].isupper() and i > sent.start and token.pos_ != "ADJ")
            ):
                i = end
                continue
            xcomp = any(c.dep_ == "xcomp" for c in token.children)
            if (
                _hypothetical(token)  # "If they are being sincere": a condition
                or (token.pos_ == "ADV" and _hedge_or_ability(token))
                # "able to", "likely to"; "was meant to end": a modality, not a judgement
                or (xcomp and (token.pos_ == "ADJ" or any(c.dep_ == "auxpass" for c in token.children)))
                or _said_of_object(token, lex)
                or _made_sure(token)
                or _verdict(token)
                or _takes_effect(token)
                or _under_modal(token)
                or (token.pos_ == "ADV" and flat_manner(lex, token.lower_, word_valence(token.lower_)))
            ):
                i = end
                continue
            subjective = adjective_entry(lex, token.lower_, lemma, lexical_class(token)) or (0.0, 0.0)
            # an opinion adjective on a noun that is no actor judges the actor only through
            # the actor's deed ("a brilliant speech"), never through a topic ("illegal immigration")
            # a scare-quoted noun phrase ("an “outrageous distortion”") names a thing: its
            # adjective judges that thing, not an actor, unless the thing is a deed
            named_thing = (
                token.dep_ == "amod" and scare[token.head.i] and token.head.lemma_.lower() not in lex.deeds
            )
            opinion = (scare[i] and not named_thing) or (
                subjective[1] >= 0.5 and (token.dep_ != "amod" or token.head.lemma_.lower() in lex.deeds)
            )
            found = _owner_of(token, owner, opinion=opinion, speech=lex.quoting_verbs)
            if found == OTHER:
                i = end
                continue
            if found is not None:
                actor, dep = found
                route = "modifies" if dep == "modifies" else "clause"
            elif reported[i] >= 0:
                if reported[i] not in clause_actors:
                    subtree = doc[reported[i]].subtree
                    clause_actors[reported[i]] = {a for t in subtree if (a := owner[t.i]) is not None}
                inside = clause_actors[reported[i]]
                if not inside:
                    i = end
                    continue
                actor = max(inside, key=lambda a: (salience.get(a, 0.0), a))
                dep, route = "-", "sentence"
            elif in_sentence is not None:
                actor, dep, route = in_sentence, "-", "sentence"
            elif top is not None:
                actor, dep, route = top, "-", "article"
            else:
                i = end
                continue
            feats = features(doc, i, end, route, dep, scare[i], lex)
            last = doc[end - 1]
            first = _compound_start(doc, i, owner, lex)
            out.append(
                Candidate(
                    first.idx, last.idx + len(last.text), lemma, actor, route, feats, lexical_class(token)
                )
            )
            i = end
    return out


def probability(feats: dict[str, float], lex: LoadedLexicon) -> float:
    """The lexicon model's probability that the word is loaded."""
    return logistic(feats, lex.weights, lex.bias)


def logistic(feats: dict[str, float], weights: dict[str, float], bias: float) -> float:
    z = bias + sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-z))


def _token_at(doc: Doc, start: int) -> Token | None:
    """The token at character ``start``."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def negated(doc: Doc, start: int) -> bool:
    """Whether the word at character ``start`` is negated: "not shying away", "did not
    hesitate", "is not honest" (a negation on the word or on the verb it complements)."""
    token = _token_at(doc, start)
    if token is None:
        return False
    heads = [token, token.head] if token.dep_ in ("acomp", "attr", "xcomp") else [token]
    return any(c.dep_ == "neg" for h in heads for c in h.children)


#: what someone is held to: "held responsible for the attacks", "hold them accountable"
_ACCOUNTABLE = frozenset({"responsible", "accountable", "liable", "culpable"})


def _held_to_account(doc: Doc, start: int) -> bool:
    """Whether the word at character ``start`` is what someone is held to ("hold Cuba
    responsible", "was held accountable"): a charge, whatever a lexicon says of the word."""
    token = _token_at(doc, start)
    return token is not None and token.lower_ in _ACCOUNTABLE and token.head.lemma_.lower() == "hold"


#: VADER's raters' mean below this is no sign: "defensive" (+0.1) is mostly a reproach in news
#: ("sounding alternately defensive and aggrieved", a BASIL article, had read as praise)
WEAK_VALENCE = 0.5


def _glad_of_harm(doc: Doc, start: int, lex: LoadedLexicon) -> bool:
    """Whether the word at character ``start`` is gladness (``glee`` in ``loaded.toml``) on a
    clause that tells of a harm: "The US has eagerly taken credit for the killing of General
    X", "gleefully celebrated the bombing".  A lexicon reads "eagerly" as praise; a reader
    reads it as a reproach of whoever is glad."""
    token = _token_at(doc, start)
    if token is None or token.lower_ not in lex.glee:
        return False
    return any(
        t.lemma_.lower() in lex.harms or t.lower_ in lex.harms for t in token.head.subtree if t.i != token.i
    )


#: the modals of what should or could have been ("should have acted", "could have been better")
_MISSED_MODALS = frozenset({"should", "could", "might", "ought"})


def _missed(doc: Doc, start: int) -> bool:
    """Whether the word at character ``start`` is praise in what should or could have been:
    "the White House could have been better prepared", "should have acted more wisely" (a
    BASIL article had read "better" as praise of the White House).  Said of the past, what
    was not done is the reproach."""
    token = _token_at(doc, start)
    if token is None:
        return False
    # up from the word to the verb that carries the modal: "better" -> "prepared" -> "been"
    for node in (token, *islice(token.ancestors, 2)):
        aux = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if aux:
            return bool(aux & _MISSED_MODALS) and "have" in aux
        if node.dep_ not in ("advmod", "acomp", "amod", "xcomp"):
            break
    return False


def polarity_sign(doc_text: str, cand: Candidate, lex: LoadedLexicon) -> tuple[int, str]:
    """(+1 or -1, the reason): the sign of the word's lexicon valence, else negative
    (``UNSIGNED_REASON`` says why)."""
    word = doc_text[cand.start : cand.end].lower()
    valence = word_valence(word) or word_valence(cand.lemma)
    if abs(valence) >= WEAK_VALENCE:
        return (1 if valence > 0 else -1), LOADED_REASON
    adjective = adjective_entry(lex, word, cand.lemma, cand.pos)
    if adjective and abs(adjective[0]) >= 0.1:
        return (1 if adjective[0] > 0 else -1), LOADED_REASON
    return -1, UNSIGNED_REASON


def loaded_words(
    doc: Doc,
    owner: Sequence[str | None],
    covered: Sequence[Label] = (),
    paragraphs: tuple[Span, ...] = (),
    salience: dict[str, float] | None = None,
    lex: LoadedLexicon | None = None,
    tagger: SpanTagger | None = None,
    reading: Reading | None = None,
    headline_end: int = 0,
) -> list[Label]:
    """The loaded words of a parsed article as ``Label(kind="loaded")``, each with its target
    actor and polarity; a word inside a descriptor of the same actor (``covered``: "a
    disappointed president" is already an apposition) is left to that descriptor.  With the
    technique ``tagger``'s ``reading`` of the same text, the context model scores the words
    (``context_tagger`` checks it is the tagger the model was trained on)."""
    lex = lex or loaded_lexicon()
    tagger = context_tagger(lex, tagger) if reading is not None else None
    spans = defaultdict(list)
    for label in covered:
        if label.kind not in ("event", "clause", "loaded") and label.actor_id is not None:
            spans[label.actor_id].append(label.span)
    out = []
    text = doc_text(doc)
    for cand in candidates(doc, owner, lex, paragraphs, salience, headline_end):
        if cand.route not in PARSED_ROUTES:
            continue
        p = probability(cand.features, lex)
        if p < lex.threshold or not evaluative(cand.features, lex.weights):
            p = 0.0
        if tagger is not None and reading is not None and lex.context is not None:
            # the tagger reads the word in its sentence, which the lexicons cannot: "pounced",
            # "scuttled" and "lashed out" are in no adjective lexicon.  A word either model
            # keeps is shown (the lexicons know the praise, "an effective strategist", that
            # the tagger, trained on propaganda, rarely marks)
            feats = cand.features | tagger_features(tagger, reading, cand.start, cand.end)
            q = logistic(feats, lex.context.weights, lex.context.bias)
            if q >= lex.context.threshold and context_may_keep(cand.features, lex.context.weights):
                p = max(p, q)
        if not p:
            continue
        if any(s.start <= cand.start and cand.end <= s.end for s in spans[cand.actor_id]):
            continue
        sign, reason = polarity_sign(text, cand, lex)
        if _held_to_account(doc, cand.start):
            # "hold Cuba responsible": VADER's praise of "responsible" is a charge here
            sign, reason = -1, ACCOUNT_REASON
        elif sign > 0 and _glad_of_harm(doc, cand.start, lex):
            sign, reason = -1, GLEE_REASON
        elif sign > 0 and _missed(doc, cand.start):
            sign, reason = -1, MISSED_REASON
        if negated(doc, cand.start):
            if is_feeling(text[cand.start : cand.end]):
                continue  # "is not upset": a feeling denied says the actor is calm, not praised
            sign, reason = -sign, f"{reason}, turned by its negation"  # "not shying away": a credit
        if sign > 0 and cand.features.get("scare"):
            # praise in scare quotes is irony ("these “supporting powers”"), and whom it mocks
            # is more than the parse can tell
            continue
        score = round(sign * p, 4)
        out.append(
            Label(
                Span(cand.start, cand.end),
                cand.actor_id,
                cand.lemma,
                "loaded",
                polarity="positive" if sign > 0 else "negative",
                polarity_score=score,
                polarity_reason=reason,
            )
        )
    return out
