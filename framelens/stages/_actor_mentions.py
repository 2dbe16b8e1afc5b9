"""Finding actor mention candidates in a parsed Doc: one linear pass over the entities and tokens.

A candidate is a cleaned surface form (titles, a leading "the", possessive endings and
hyphenated suffixes removed) with the NER type it was tagged with and a weight for the type
vote.  Grouping candidates into actors happens in ``_actor_resolve``.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from spacy.tokens import Span

from framelens.stages._doc_index import doc_text, tokens_where
from framelens.stages._quote_cues import DATELINE_DASHES
from framelens.stages._titles import title_start
from framelens.text.actor_lexicon import ActorLexicon, actor_lexicon
from framelens.text.names import acronym_letters, fold, name_tables

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: NER label -> actor type vote (GPE is settled later: country when known, else place)
NER_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_QUOTES = frozenset("\"'“”‘’«»")
#: an entity of several tokens is better evidence of its type than one token alone
MULTI_TOKEN_WEIGHT = 3
TITLE_WEIGHT = 3


@dataclass(slots=True)
class Candidate:
    """One possible mention: char offsets into the text, token range, surface form and type vote."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    vote: str
    weight: int
    #: canonical country name when the surface form or demonym is in the country table
    country: str | None = None
    demonym: bool = False
    acronym: str | None = None
    #: index (into the candidate list) of the expansion this acronym is written beside
    paired: int | None = None
    gender: str | None = None
    #: the capitalised title written before the name ("Interior Minister"), honorifics left out
    title: str | None = None
    #: a title or role word stands right before the name ("Interior Minister", "leader"): a person
    titled: bool = False
    #: what gave ``vote`` ("tagged PERSON", "a title before the name", ...): the type's evidence
    why: str = ""
    #: what the sentence does with the name, as a type and a reason (``role_of``): a person
    #: has an age or a family; "who" is said of a person or a group, never of a place; a
    #: speaker is no place
    role: tuple[str, str] | None = None

    @property
    def words(self) -> list[str]:
        return self.text.split()


def _trim(doc: Doc, start: int, end: int, lex: ActorLexicon) -> tuple[int, int]:
    """Token range without a dateline before it, a leading determiner, a bracket and what
    follows it, and a trailing possessive/punctuation/hyphen suffix."""
    start = _after_dateline(doc, start, end)
    # "the", and "a" or "an" in lower case ("a Bureau of Land Management spokesman")
    while start < end and (
        doc[start].lower_ == "the" or doc[start].text in ("a", "an") or doc[start].is_punct
    ):
        start += 1
    # "World Health Organization (WHO": the tag took in the acronym written after the name in
    # brackets, which pairs with the name as an alias of its own (``_bracketed_acronym``)
    bracket = _inner_bracket(doc, start, end)
    end = end if bracket is None else bracket
    while end > start:
        last = doc[end - 1]
        if last.lower_ in _POSSESSIVE or last.is_punct or last.is_space:  # "TRUMP'S" in capitals too
            end -= 1
        elif end - start >= 2 and last.lower_ in lex.compound_suffixes and doc[end - 2].text == "-":
            end -= 2
        else:
            break
    return start, end


#: tokens of a dateline's place at most ("NEW YORK -", "Washington, D.C. -")
_DATELINE_PLACE = 4


def _after_dateline(doc: Doc, start: int, end: int) -> int:
    """Where a tag that opens a line starts once a dateline is cut off it: the tagger read
    "Geneva - The World Health Organisation" as one organisation (a PTC article).  The dash
    is spaced: a hyphen between words ("Rolls-Royce") is no dateline."""
    if start > 0 and "\n" not in doc[start - 1].text_with_ws:
        return start
    for i in range(start + 1, min(end - 1, start + _DATELINE_PLACE + 1)):
        if doc[i].text in DATELINE_DASHES and doc[i - 1].whitespace_ and doc[i].whitespace_:
            return i + 1
    return start


def _inner_bracket(doc: Doc, start: int, end: int) -> int | None:
    """Where an opening bracket stands inside ``doc[start:end]``, after its first token."""
    return next((i for i in range(start + 1, end) if doc[i].text == "("), None)


def _strip_title(doc: Doc, start: int, end: int, lex: ActorLexicon) -> int:
    """Skip title tokens at the start of a person entity ("President Donald Trump")."""
    i, last_head = start, -1
    while i < end - 1:
        low = doc[i].lower_
        # "Cardinals Brandmuller and Burke": a title of several, in the plural
        if low in lex.title_heads or (low.endswith("s") and low[:-1] in lex.title_heads):
            last_head = i
        elif low not in lex.title_modifiers:
            break
        i += 1
    return last_head + 1 if last_head >= 0 else start


def _title_facts(doc: Doc, first: int, start: int, lex: ActorLexicon) -> tuple[str | None, str | None]:
    """(gender, title) told by the title tokens ``doc[first:start]`` before a name."""
    gender = None
    for token in doc[first:start]:
        if token.lower_ in lex.masculine_titles:
            gender = "m"
        elif token.lower_ in lex.feminine_titles:
            gender = "f"
    words = [t for t in doc[first:start] if t.lower_ not in lex.masculine_titles | lex.feminine_titles]
    # only the capitalised tail is a title ("Opposition leader" is a description)
    tail: list[str] = []
    for token in reversed(words):
        if not token.text[:1].isupper():
            break
        tail.insert(0, token.text)
    return gender, (" ".join(tail) or None)


def _is_junk(doc: Doc, start: int, end: int, lex: ActorLexicon) -> bool:
    tokens = doc[start:end]
    if not len(tokens):
        return True
    if all(t.lower_ in lex.title_heads or t.lower_ in lex.title_modifiers for t in tokens):
        return True  # "Interior" of "Interior Minister" tagged ORG
    if not any(t.text[:1].isupper() for t in tokens):
        return True  # "totalitarian": a name has a capital somewhere
    if any(t.like_num for t in tokens):
        return True
    if len(tokens) >= 2 and tokens[-1].lower_ in lex.never_last and tokens[-2].whitespace_:
        return True  # "RISKS OF", "Bribery Plot Before": a tag cut through a headline
    if any(ch in tokens.text for ch in "[]{}<>|"):
        return True  # "W]e" of an editor's "[W]e", markup: never a name
    if _CONTRACTION.search(tokens.text):
        return True  # "I‘m" with the wrong quotation mark, tagged ORG
    folded = fold(tokens.text)
    if folded in lex.junk_texts:
        return True
    return len(tokens) == 1 and folded in lex.junk_single


def _demonym_country(text: str, lex: ActorLexicon) -> str | None:
    return lex.demonyms.get(text)


def _collective(token: Token, lex: ActorLexicon) -> bool:
    """Whether a demonym/group token names a collective actor rather than describing someone.

    "the Iranians", "Iranian-backed militias" and "the Iranian regime" do; "the Iranian
    commander" does not (that is a descriptor of the commander, for the labels stage).
    """
    if token.tag_ in ("NNS", "NNPS") or (token.text.endswith("s") and token.pos_ in ("NOUN", "PROPN")):
        return True
    doc = token.doc
    if (
        token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and doc[token.i + 2].lower_ in lex.compound_suffixes
    ):
        return True
    if token.dep_ in ("amod", "compound", "nmod") and token.head.lemma_.lower() in lex.collective_heads:
        return True
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and token.pos_ in ("NOUN", "PROPN")


def _one_member(token: Token) -> bool:
    """Whether a party or faith noun names one member: singular, with an article, a possessor
    or an adjective of its own ("a Democrat", "the Senate's top Democrat")."""
    if token.tag_ not in ("NN", "NNP") or token.text.endswith("s"):
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in ("a", "an", "the")) or c.dep_ in ("poss", "amod")
        for c in token.children
    )


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES


#: a chapter and verse ("6:17", "2:7-9")
VERSE = re.compile(r"\d+:\d+(?:[-–]\d+)?")


def _cited(doc: Doc, ent: Span) -> bool:
    """Whether a name is a book cited by chapter and verse ("(Luke 19:10)", "Matthew 24:12"),
    not an actor: the parser hangs the citation on the noun before it as an apposition."""
    after = doc[ent.end] if ent.end < len(doc) else None
    return VERSE.fullmatch(ent[-1].text) is not None or (
        after is not None and VERSE.fullmatch(after.text) is not None
    )


def find_candidates(doc: Doc, lex: ActorLexicon) -> list[Candidate]:
    """All mention candidates in text order: NER entities, then untagged country names and demonyms."""
    text = doc_text(doc)
    out: list[Candidate] = []
    covered = bytearray(len(doc))
    lowercase, common = _word_cases(doc)
    plural_names = _plural_names(doc, lowercase)
    #: names and surnames tagged PERSON on their own
    persons = {
        w
        for e in doc.ents
        if e.label_ == "PERSON" and not any(t.lower_ == "and" for t in e)
        for w in (e.text, e[-1].text)
    }
    for whole in doc.ents:
        vote = NER_TYPES.get(whole.label_)
        if vote is None:
            continue
        if _cited(doc, whole):
            continue
        for ent in _list_parts(doc, whole, persons):
            cand = _from_entity(doc, ent, vote, lex)
            if cand is None:
                continue
            if cand.tok_end - cand.tok_start == 1 and cand.country is None and cand.text.lower() in common:
                continue  # "Shutdown", "Government" at a sentence start: a word the text writes in lower case
            if ent.label_ == "NORP" and _quoted(text, cand.start, cand.end):
                continue  # a nickname in quotes ("Supermani"), not a group
            if ent.label_ == "NORP" and cand.country is None and _one_member(doc[cand.tok_end - 1]):
                continue  # "the Senate's top Democrat", "a Democrat": one person, not the party
            out.append(cand)
        ent = whole
        covered[ent.start : ent.end] = b"\x01" * (ent.end - ent.start)
        # "the Halden Institute (HI)": NER often leaves the acronym untagged, or takes it into
        # the name ("World Health Organization (WHO"; ``_trim`` cuts the name at the bracket)
        inner = _inner_bracket(doc, ent.start, ent.end)
        acronym = _bracketed_acronym(doc, ent.end if inner is None else inner)
        if acronym is not None and (
            inner is not None or (not covered[acronym.i] and not doc[acronym.i].ent_type_)
        ):
            out.append(_token_candidate(acronym, vote, None, why="an acronym after a name"))
            covered[acronym.i] = 1
    for token in doc:
        if covered[token.i]:
            continue
        titled = _titled_name(doc, token, covered, lex)
        if titled is not None:
            out.append(titled)
            covered[titled.tok_start : titled.tok_end] = b"\x01" * (titled.tok_end - titled.tok_start)
            continue
        name = _demonym_country(token.text, lex)
        if name is not None:
            if _collective(token, lex):
                out.append(_token_candidate(token, "group", name, demonym=True, why="a demonym"))
            continue
        if token.text in plural_names and token.pos_ != "PROPN":
            # "Sixers" opening a sentence, tagged a common noun where the text names the team
            out.append(_token_candidate(token, "organisation", None, why="a plural proper noun"))
        elif token.pos_ == "PROPN" and token.text[:1].isupper():
            country = lex.country_names.get(fold(token.text))
            if country is not None and (acronym_letters(token.text) or len(token.text) > 3):
                out.append(_token_candidate(token, "country", country))
            elif token.text in plural_names:
                out.append(_token_candidate(token, "organisation", None, why="a plural proper noun"))
    # "#Resistance", "#LasVegasShooting": a hashtag names a topic or a movement's slogan, and
    # the small model tags it as a person ("DOJ May Hit #Resistance Mayor" made "Resistance" a
    # person that took the mayor's "she" and "her")
    out = [c for c in out if not (c.start and text[c.start - 1] == "#")]
    out.sort(key=lambda c: c.start)
    out = _cut_headline_names(doc, out, lex)
    _pair_acronyms(doc, out)
    return out


#: a line is in title case when more than this share of its longer words is capitalised
TITLE_CASE_SHARE = 0.6
_WORD = re.compile(r"[^\W\d_]{4,}")


def title_case(line: str) -> bool:
    """Whether a line is in title case ("Obama To Nominate Regina Benjamin"): a headline
    left in the body, where the tagger cannot tell a name from the words around it."""
    words = _WORD.findall(line)
    return len(words) >= 2 and sum(w[0].isupper() for w in words) > TITLE_CASE_SHARE * len(words)


def _cut_headline_names(doc: Doc, cands: list[Candidate], lex: ActorLexicon) -> list[Candidate]:
    """Entities of a title-case line cut down to the names the running text uses.

    In "Comedian Ellen DeGeneres Returns" or "Obama To Nominate Regina Benjamin" every word
    is capitalised, so the tagger takes the words around a name into it.  Where the rest of
    the text names the same people ("Ellen DeGeneres", "Obama", "Regina Benjamin"), the
    entity becomes those names when the words cut off are headline words (``_cuttable``).
    """
    text = doc_text(doc)
    titled: dict[int, bool] = {}

    def in_title_line(c: Candidate) -> bool:
        start, end = _line_bounds(text, c.start, c.end)
        if start not in titled:
            titled[start] = title_case(text[start:end])
        if titled[start]:
            return True
        # a headline cited inside a line: '(see: Police Uncovered Bribery Plot Before Mayor
        # Approved Harbour Deal)', 'my article, “Will Velk Make a Deal on Harbour Records?”'
        inner = _cited_title(text, c.start, c.end, start, end)
        return inner is not None and title_case(text[inner[0] : inner[1]])

    flags = [in_title_line(c) for c in cands]
    if not any(flags):
        return cands
    plain = [c for c, flag in zip(cands, flags, strict=True) if not flag]
    # the names the running text uses, and the surname of each person it names in full
    known = {tuple(c.words) for c in plain} | {
        tuple(c.words[-1:]) for c in plain if c.vote == "person" and len(c.words) > 1
    }
    if not known:
        return cands
    longest = max(len(k) for k in known)
    # the same names case-folded, for a line in capitals, with the type the running text gives them
    votes: dict[tuple[str, ...], str] = {}
    for c in plain:
        name = tuple(w.casefold() for w in c.words)
        votes.setdefault(name, c.vote)
        if c.vote == "person" and len(name) > 1:
            votes.setdefault(name[-1:], c.vote)
    folded = set(votes)
    lower = {form for t in doc if t.text[:1].islower() for form in (t.lower_, t.lemma_.lower())}
    out: list[Candidate] = []
    for cand, flag in zip(cands, flags, strict=True):
        words = [doc[i] for i in range(cand.tok_start, cand.tok_end)]
        capitals = flag and cand.text.isupper()
        pieces = (
            _known_pieces(words, folded if capitals else known, longest, folded=capitals)
            if flag and tuple(cand.words) not in known
            else None
        )
        if flag and not pieces and tuple(cand.words) not in known and _headline_styled(words, lower, lex):
            # "U.S. Judge Wrestles With Issue Of Indonesian Immigrants": no name the running text
            # uses, a capitalised "With", and words it writes in lower case: the headline's words
            continue
        # a line in capitals ("THE RISKS OF TRUMP'S IRAN PLAN") shows no name by its case at
        # all: only the names the running text uses are taken from it
        if not pieces or not (capitals or _cuttable(words, pieces, lower)):
            out.append(cand)
            continue
        for s, e in pieces:
            # in capitals, the piece is what the running text's name is ("VELK": a person)
            vote = votes.get(tuple(t.text.casefold() for t in doc[s:e]), cand.vote) if capitals else cand.vote
            piece = _from_entity(doc, doc[s:e], vote, lex, why=cand.why)
            if piece is not None:
                out.append(piece)
    return out


#: a pronoun's contraction ("I‘m", "they’re", "we'd"): never a name
_CONTRACTION = re.compile(r"^\w{1,4}['’‘](?:m|re|ve|ll|d)$", re.IGNORECASE)

#: words that join the parts of one name ("Bank of America", "Institute for ...", "Ana de Souza")
_NAME_JOINTS = frozenset({"of", "for", "de", "del", "da", "van", "von", "and", "&"})


def _cuttable(words: list[Token], pieces: list[tuple[int, int]], lower: set[str]) -> bool:
    """Whether the words of an entity outside its known names may be cut off: each run of them
    holds a word the text writes in lower case, or its lemma ("To Nominate", "Returns",
    "Defensive Tackle"), and none joins two parts of one name ("Bank Of America").  A lone
    capitalised word before a surname ("Hugh" of "Hugh Jackman") is a given name: kept."""
    taken = {i for s, e in pieces for i in range(s, e)}
    runs = [list(run) for cut, run in groupby(words, key=lambda t: t.i in taken or t.is_punct) if not cut]
    return bool(runs) and all(
        any(_headline_word(t.lower_, lower) for t in run) and not any(t.lower_ in _NAME_JOINTS for t in run)
        for run in runs
    )


#: month names and abbreviations ("Jul" of a dateline glued to a headline name)
_MONTHS = frozenset(m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m)


def _headline_styled(words: list[Token], lower: set[str], lex: ActorLexicon) -> bool:
    """Whether a tag of several words is a headline's words: a preposition inside it written
    with a capital ("Wrestles With Issue"; a name's joints, "Bank of America", stay lower case
    in running text, and "of", "for", "and" are never the evidence), and another of its words
    written in lower case elsewhere in the text."""
    styled = any(
        t.text[:1].isupper() and t.lower_ in lex.never_last and t.lower_ not in _NAME_JOINTS
        for t in words[1:]
    )
    return styled and any(
        _headline_word(t.lower_, lower) for t in words if t.is_alpha and t.lower_ not in lex.never_last
    )


def _headline_word(word: str, lower: set[str]) -> bool:
    """A word the text writes in lower case, or an inflection of one ("Nominates", "Returns":
    the tagger gives a capitalised word its own form as lemma), or a month."""
    if word in lower or word in _MONTHS:
        return True
    return any(word.endswith(end) and word[: -len(end)] in lower for end in ("s", "es", "ed", "d", "ing"))


def _known_pieces(
    words: list[Token], known: set[tuple[str, ...]], longest: int, folded: bool = False
) -> list[tuple[int, int]]:
    """Token ranges of ``words`` that spell a known name, longest first, left to right
    (``folded``: ``known`` is case-folded, and so are the words, for a line in capitals)."""
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            if tuple(t.text.casefold() if folded else t.text for t in words[i : i + n]) in known:
                pieces.append((words[i].i, words[i + n - 1].i + 1))
                i += n
                break
        else:
            i += 1
    return pieces


#: the most tokens a name after a title may have ("Mayor Anna Maria de Vries" stops at 4)
TITLED_NAME_MAX = 4


def _titled_name(doc: Doc, token: Token, covered: bytearray, lex: ActorLexicon) -> Candidate | None:
    """A proper-noun run right after a capitalised title ("Mayor Ilse Varn") that NER missed.

    The small English model misses unfamiliar names, most often exactly where the text
    says who the person is; a capitalised title head is strong evidence of a person.
    """
    i = token.i
    if i == 0 or token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    prev = doc[i - 1]
    if not prev.text[:1].isupper() or prev.lower_ not in lex.title_heads or covered[prev.i]:
        return None
    j = i
    while (
        j < len(doc)
        and j - i < TITLED_NAME_MAX
        and not covered[j]
        and doc[j].pos_ == "PROPN"
        and doc[j].text[:1].isupper()
        and doc[j].text.isalpha()
    ):
        j += 1
    if j == i:
        return None
    return _from_entity(doc, doc[i:j], "person", lex, why="a name after a title")


def _plural_names(doc: Doc, lowercase: set[str]) -> set[str]:
    """Untagged plural proper nouns (``_plural_name``) the text writes at least twice: a team
    is named again; a capitalised plural written once ("Ripostes") is more often a word."""
    # only NNPS tokens can be plural names, and only their words are counted: no Token is made
    # for the rest of the Doc
    plural = {doc[i].text for i in tokens_where(doc, "TAG", ["NNPS"]) if _plural_name(doc[i], lowercase)}
    counts = Counter(doc[i].text for i in tokens_where(doc, "ORTH", plural))
    return {word for word in plural if counts[word] >= 2}


def _plural_name(token: Token, lowercase: set[str]) -> bool:
    """An untagged plural proper noun the text never writes in lower case: a team or a band
    ("the Chargers", "Sixers"), which the small model often leaves untagged.  Its other
    uses count too, where the tagger read it as a common noun at a sentence start."""
    return (
        token.tag_ == "NNPS"
        and not token.ent_type_
        and len(token.text) > 3
        and token.text[1:].islower()
        and token.lower_.endswith("s")
        # "Daughters" beside "daughter": a common noun capitalised in a headline
        and not any(form in lowercase for form in (token.lower_, token.lower_[:-1], token.lower_[:-2]))
        and not title_case(_line(token))
    )


def _line(token: Token) -> str:
    """The line of text holding ``token``."""
    text = doc_text(token.doc)  # not token.doc.text: that joins the whole Doc, per token
    start, end = _line_bounds(text, token.idx, token.idx)
    return text[start:end]


#: what opens and closes a headline cited in running text
_CITED_OPEN = {"(": ")", "“": "”", '"': '"'}
#: the fewest words of four letters or more a cited headline has
_CITED_WORDS = 4


def _cited_title(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[int, int] | None:
    """The bracketed or quoted stretch of its line around ``text[start:end]`` (after a "see:"
    or the like), when it is long enough to be a headline; None otherwise."""
    for opening, closing in _CITED_OPEN.items():
        left = text.rfind(opening, line_start, start)
        if left < 0:
            continue
        right = text.find(closing, end, line_end)
        if right < 0 or text.find(closing, left + 1, start) >= 0:
            continue
        inner_start = left + 1
        colon = text.find(":", inner_start, start)
        if colon >= 0:
            inner_start = colon + 1
        if len(_WORD.findall(text[inner_start:right])) >= _CITED_WORDS:
            return inner_start, right
    return None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the line holding ``text[start:end]`` starts and ends (newlines excluded)."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, stop if stop >= 0 else len(text)


def _bracketed_acronym(doc: Doc, end: int) -> Token | None:
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        token = doc[end + 1]
        if acronym_letters(token.text):
            return token
    return None


def _token_candidate(
    token: Token, vote: str, country: str | None, demonym: bool = False, why: str = ""
) -> Candidate:
    return Candidate(
        start=token.idx,
        end=token.idx + len(token.text),
        tok_start=token.i,
        tok_end=token.i + 1,
        text=token.text,
        vote=vote,
        weight=1,
        country=country,
        demonym=demonym,
        acronym=acronym_letters(token.text),
        why=why or ("the country table" if country else f"tagged {vote}"),
        role=role_of(token.doc, token.i, token.i + 1),
    )


def _word_cases(doc: Doc) -> tuple[set[str], set[str]]:
    """(words this text writes in lower case, its common words): the words it writes in lower
    case and never capitalises where no sentence starts, so a one-word entity of one of them
    ("Shutdown", "Marijuana", "Government" tagged at a sentence start, "BAR" in a sign written in
    capitals) is no name.  "the House", "the Post" are capitalised mid-sentence."""
    lower: set[str] = set()
    capitalised: set[str] = set()
    for tok in doc:
        first = tok.text[:1]
        if first.islower():
            lower.add(tok.lower_)
        elif (
            first.isupper()
            and not tok.is_sent_start
            and tok.i > 0
            and not doc[tok.i - 1].is_punct
            # "THIS BAR IS A SAFE SPACE": capitals throughout are a sign's or a shout's, no name's
            and not (len(tok.text) > 1 and tok.text.isupper())
        ):
            capitalised.add(tok.lower_)
    return lower, lower - capitalised


def _list_parts(doc: Doc, ent: Span, persons: set[str] | None = None) -> list[Span]:
    """The names of an entity that is a list ("Marriott, Apple and American Airlines"): a comma
    and a last "and" between capitalised parts; any other entity is one name ("Procter and
    Gamble", "Bosnia and Herzegovina" have no comma), unless one side of a lone "and" is a
    person the text names on its own ("Philly and Cheeks").  An entity across a line break is cut
    there: the tagger joins a headline's last word to the next line's first ("Chargers\n\nTeam")."""
    breaks = [t.i for t in ent if t.is_space and "\n" in t.text]
    if breaks:
        return [ent] if breaks[0] == ent.start else [Span(doc, ent.start, breaks[0], label=ent.label_)]
    tokens = list(ent)
    joints = [t.i for t in tokens if t.text == "," or t.lower_ in ("and", "&")]
    if len(joints) == 1 and doc[joints[0]].lower_ == "and" and persons is not None:
        # "Philly and Cheeks" tagged as one: two names when one side is a person named apart
        left, right = doc[ent.start : joints[0]], doc[joints[0] + 1 : ent.end]
        if (
            left.text[:1].isupper()
            and right.text[:1].isupper()
            and (left.text in persons or right.text in persons)
        ):
            return [Span(doc, p.start, p.end, label=ent.label_) for p in (left, right)]
        return [ent]
    if not any(doc[i].text == "," for i in joints) or not any(doc[i].text != "," for i in joints):
        return [ent]
    parts, start = [], ent.start
    for i in [*joints, ent.end]:
        if i > start and doc[start].text[:1].isupper():
            parts.append(ent.doc[start:i])
        elif i > start:
            return [ent]  # a lower-case piece: no list of names
        start = i + 1
    if len(parts) < 3:
        return [ent]
    for part in parts:
        part.label_ = ent.label_
    return parts


def _glued_end(doc: Doc, end: int, lex: ActorLexicon) -> int:
    """``end`` moved past the hyphenated pieces glued to the token before it: a name never
    stops inside one word ("Chick" of "Chick-fil-A"), though "U.S.-led" keeps "U.S." (a
    compound suffix after the hyphen is not part of the name)."""
    while (
        end + 1 < len(doc)
        and doc[end].text in ("-", "–")
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].isalnum()
        and doc[end + 1].lower_ not in lex.compound_suffixes
        # "Russia-Ukraine war", "Israel-Hamas talks": two actors, each a name of its own
        and doc[end + 1].ent_iob_ != "B"
        and fold(doc[end + 1].text) not in lex.country_names
    ):
        end += 2
    return end


#: a name's dependencies as a modifier of another noun ("an Obama appointee", "a Kaine aide")
_MODIFYING = frozenset({"compound", "nmod", "poss", "amod"})


#: tags of adjectives and adverbs: a word the tagger reads so is no name
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "RB", "RBR", "RBS"})


def _opening_modifier(token: Token) -> bool:
    """Whether a one-word entity is an adjective or adverb opening its sentence or paragraph,
    capitalised for that alone: "Sharp barbed wire fences ..." was an organisation portrayed
    positive, "Mysteriously, ..." a person.  (Mid-sentence, a name the tagger misreads as an
    adjective, "Zarate", stays.)"""
    i = token.i
    opens = token.is_sent_start or i == 0 or token.doc[i - 1].is_space
    return opens and token.tag_ in _MODIFIER_TAGS and token.dep_ in ("amod", "advmod", "ROOT", "dep")


def _indefinite(doc: Doc, start: int) -> bool:
    """Whether the word at ``start`` follows "a"/"an" and only adjectives or adverbs after it."""
    i = start - 1
    while i >= 0 and doc[i].pos_ in ("ADJ", "ADV") and start - i <= 3:
        i -= 1
    return i >= 0 and doc[i].lower_ in ("a", "an")


def _from_entity(doc: Doc, ent: Span, vote: str, lex: ActorLexicon, why: str = "") -> Candidate | None:
    start, end = _trim(doc, ent.start, ent.end, lex)
    if start < end and _headless(doc, start):
        # "Doctors Without Borders": the small model tagged "Without Borders" alone, a person;
        # a name does not open with a preposition, so the capitalised word before it is its head
        start -= 1
        vote, why = "organisation", f"a name that opens with “{doc[start].text} {doc[start + 1].text}”"
    if start < end:
        end = _glued_end(doc, end, lex)
    if vote != "organisation":
        start = _strip_title(doc, start, end, lex)
    if vote == "person" and end - start >= 2 and _position_letters(doc[start].text):
        start += 1  # "WR Jackson", "QB Rivers": a position or an office, not a given name
    if start >= end or _is_junk(doc, start, end, lex):
        return None
    if vote in ("person", "organisation") and end - start == 1 and _opening_modifier(doc[start]):
        return None  # "Sharp barbed wire fences are being erected": a capital for the sentence start
    if (
        vote == "person"
        and end - start == 1
        and _indefinite(doc, start)
        and doc[start].dep_ not in _MODIFYING
        # "An incredulous Carlson asked": the surname of someone the article names in full
        and not any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == doc[start].text for e in doc.ents)
    ):
        return None  # "a passionate Zionist", "a Pharisee": someone of a kind, no one named
    # a title inside or right before the entity ("General Soleimani") votes for a person
    before = title_start(doc, start, lex) if vote != "organisation" else start
    weight = TITLE_WEIGHT if before != start else 0
    gender, title = _title_facts(doc, before, start, lex)
    span = doc[start:end]
    surface = span.text
    end_char = span.end_char
    head, dash, tail = surface.rpartition("-")
    if dash and head and tail.lower() in lex.compound_suffixes:
        # "U.S.-led" is one token: the actor is the part before the hyphen
        surface, end_char = head, span.start_char + len(head)
        multi = False
    else:
        multi = end - start > 1
    country = lex.country_names.get(fold(surface))
    demonym = False
    if country is None and vote == "group":
        country = _demonym_country(surface, lex)
        if country is not None:
            if not _collective(span.root, lex):
                return None
            demonym = True
    cand = Candidate(
        start=span.start_char,
        end=end_char,
        tok_start=start,
        tok_end=end,
        text=surface,
        vote=vote,
        weight=(MULTI_TOKEN_WEIGHT if multi else 1),
        country=country,
        demonym=demonym,
        acronym=None if multi else acronym_letters(surface),
        gender=gender,
        title=title,
        why=why or (f"tagged {ent.label_}" if ent.label_ else f"tagged {vote}"),
        role=role_of(doc, start, end),
    )
    if country is not None:
        cand.why = "the country table"
    if weight and country is None:
        # title evidence is a person vote, recorded as extra weight on a person vote; a
        # country is never titled ("DR Congo" is no doctor)
        cand.vote, cand.weight, cand.titled = "person", cand.weight + weight, True
        cand.why = f"a title before the name (“{doc[before:start].text}”)"
    elif vote == "person" and _locative(span.root, lex):
        # "fighters in Hasaka and Der Zor": the small model tags unfamiliar place names as
        # people; a name that is where something happens is a place
        cand.vote = "place"
        cand.why = f"where something is (“{_locative_word(span.root)} …”)"
    elif vote in ("country", "place") and country is None and _given_name_first(span, lex):
        # "with Mo Cheeks" tagged GPE: a name that starts with a given name is a person's
        cand.vote = "person"
        cand.why = f"a given name (“{span[0].text}”)"
    if vote == "group" and not demonym and not _collective(span.root, lex):
        return None  # "a Shiite cleric": the group word describes someone
    return cand


#: nouns of family ties: "Buckley's wife" tells a person
_KIN = frozenset(
    {"wife", "husband", "son", "sons", "daughter", "daughters", "mother", "father", "brother",
     "brothers", "sister", "sisters", "widow", "widower", "children", "parents", "family",
     "girlfriend", "boyfriend", "fiancee", "fiancée", "fiance", "grandson", "granddaughter"}
)  # fmt: skip
#: verbs of speaking whose subject is a speaker: a person or a body, never a place
_SPEAKING = frozenset(
    {"say", "tell", "add", "explain", "announce", "claim", "insist", "deny", "argue", "warn", "note",
     "admit", "confirm", "write", "testify", "state"}
)  # fmt: skip
#: the oldest age read as an age after a name ("Robert Buckley, 32,")
_MAX_AGE = 115


def role_of(doc: Doc, start: int, end: int) -> tuple[str, str] | None:
    """What the sentence does with the name ``doc[start:end]``, when that tells its type.

    The tagger decides a type from the name's letters and a few words around it; how the
    article uses the name is better evidence: "Robert Buckley, 32," (an age), "Buckley, who
    ...", "Buckley's wife" are a person, whatever the tagger said; a name that says something
    ("Politico said") is no place.
    """
    n = len(doc)
    if end < n and doc[end].text in _POSSESSIVE and end + 1 < n and doc[end + 1].lower_ in _KIN:
        return "person", f"a family tie (“{doc[end].text} {doc[end + 1].text}”)"
    after = end + 1 if end < n and doc[end].text in (",", "(") else end
    root = doc[end - 1]
    if (
        after < n
        and doc[after].lower_ in ("who", "whom", "whose")
        and doc[after].head.dep_ == "relcl"
        and doc[after].head.head.i == root.i
        # "an analyst at the Halden Institute who studies ...": the parser hangs the clause on
        # the name, but a name inside a phrase on a common noun leaves whose clause it is open
        and not (root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ == "NOUN")
        # "expected to meet in Rome, who is now an archbishop": where the meeting was; the
        # clause is the one met's
        and not (root.dep_ == "pobj" and root.head.lower_ in actor_lexicon().locative_prepositions)
    ):
        # a relative clause on the name itself, not on a person before it ("Labrador of Idaho, who");
        # a plural ("the Sixers, who") is a group or a team: it only rules a place out
        plural = root.tag_ in ("NNS", "NNPS")
        return ("human" if plural else "person"), f"“{doc[after].lower_}” after the name"
    if (
        after > end
        and after + 1 < n
        and doc[after].like_num
        and doc[after].text.isdigit()
        and 0 < int(doc[after].text) <= _MAX_AGE
        and doc[after + 1].text in (",", ")", ".", ";")
    ):
        return "person", f"an age after the name (“{doc[after].text}”)"
    if root.dep_ == "nsubj" and root.head.lemma_ in _SPEAKING:
        return "speaker", f"speaks (“{root.head.text}”)"
    return None


def _position_letters(word: str) -> bool:
    """Two or three capitals with no dots before a name: an abbreviated position ("WR", "QB",
    "CEO"), never a given name; initials are written with dots ("J.J.")."""
    return 2 <= len(word) <= 3 and word.isalpha() and word.isupper()


def _headless(doc: Doc, start: int) -> bool:
    """Whether the entity at ``start`` opens with a capitalised preposition whose head, a
    capitalised word on the same line, the tagger left out ("Doctors | Without Borders")."""
    first = doc[start]
    if start == 0 or first.pos_ != "ADP" or not first.text[:1].isupper():
        return False
    head = doc[start - 1]
    return (
        head.ent_iob_ == "O"
        and head.text[:1].isupper()
        and head.is_alpha
        and head.whitespace_ == " "
        # a headline in title case capitalises every word ("Sanctions Of Iran")
        and not title_case(_line(first))
    )


def _given_name_first(span: Span, lex: ActorLexicon) -> bool:
    """Two or three words, the first a given name of the names table, the last no place word
    ("Virginia Beach"), and not where something happens."""
    tables = name_tables()
    first = fold(span[0].text)
    return (
        2 <= len(span) <= 3
        and (first in tables.given_groups or first in tables.genders)
        and span[-1].lower_ not in lex.place_heads
        and not _locative(span.root, lex)
    )


def _locative_word(token: Token) -> str:
    while token.dep_ in {"conj", "appos"} and token.head is not token:
        token = token.head
    return token.head.text


def _locative(token: Token, lex: ActorLexicon) -> bool:
    """Whether the token is the object of a locative preposition, or coordinated with or in
    apposition to one ("in eastern Syria (Hasaka and Der Zor)")."""
    while token.dep_ in {"conj", "appos"} and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in lex.locative_prepositions


def _pair_acronyms(doc: Doc, cands: list[Candidate]) -> None:
    """Link "Expansion (ACR)" and "ACR (Expansion)" written side by side."""
    by_tok = {c.tok_start: i for i, c in enumerate(cands)}
    for i, cand in enumerate(cands):
        end = cand.tok_end
        if end < len(doc) and doc[end].text == "(":
            j = by_tok.get(end + 1)
            if j is None:
                continue
            other = cands[j]
            if other.tok_end < len(doc) and doc[other.tok_end].text == ")":
                if other.acronym and not cand.acronym:
                    other.paired = i
                elif cand.acronym and not other.acronym:
                    cand.paired = j
