"""Features of the technique model: readable strings, so that a span's cue can name them.

Why strings and not hashed indices or encoder vectors: the model must say *why* it
flagged a span ("word 'hysteria', in the loaded list, inside a doubt pattern"), and it
must add little to ``analyze`` time.  Sparse features read off the parse the pipeline
already made (word, lemma, part of speech), the transparent layer's matches and a few
sentence facts cost microseconds per token.  The span tagger (``tagger``) adds what they
cannot see, with an encoder pass over every sentence, and the two are mixed.

Only the tagger and lemmatizer of the spaCy pipeline are read (no dependency parse), and
sentences are cut here by a regular expression, so the training corpus can be parsed
with the parser switched off and still give the features the ``analyze`` pipeline gives.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from framelens.techniques.lexicon import Match, TechniqueLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: spaCy components the features read; the others may be disabled when parsing for them
PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")

_LINE = re.compile(r"[^\n]+")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")
_QUOTES = frozenset('"“”«»')


@dataclass(frozen=True, slots=True)
class Tok:
    """A word of the text: character offsets, lower case, lemma, coarse part of speech."""

    start: int
    end: int
    lower: str
    lemma: str
    pos: str


def tokens_of(doc: Doc) -> list[Tok]:
    """The non-space tokens of a parsed text."""
    return [
        Tok(t.idx, t.idx + len(t.text), t.lower_, t.lemma_.lower(), t.pos_)
        for t in doc
        if not t.is_space and t.text.strip()
    ]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end): one per line, lines cut after . ! ? before a capital."""
    out = []
    for line in _LINE.finditer(text):
        start = line.start()
        for cut in _SENT_END.finditer(line.group()):
            out.append((start, line.start() + cut.start()))
            start = line.start() + cut.end()
        out.append((start, line.end()))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


@dataclass(frozen=True)
class TextView:
    """One text prepared for feature extraction: tokens, sentences and layer matches."""

    text: str
    tokens: list[Tok]
    sentences: list[tuple[int, int]]
    matches: list[Match]
    #: sentence index of each token
    sentence_of: list[int]
    #: the pattern matches each token lies in: (technique, pattern) pairs
    token_matches: list[tuple[tuple[str, str], ...]]
    #: sentence-level features of each sentence
    sentence_features: list[tuple[str, ...]]

    @functools.cached_property
    def lowered(self) -> str:
        """The text in lower case, made once per text (a span's repetition count reads it)."""
        return self.text.lower()

    @functools.cached_property
    def _token_bounds(self) -> tuple[list[int], list[int]]:
        return [t.start for t in self.tokens], [t.end for t in self.tokens]

    def tokens_in(self, start: int, end: int) -> range:
        """The indices of the tokens that overlap [start, end), by bisection (not a scan of the
        text's tokens per span: the classifier reads every span of a long article)."""
        starts, ends = self._token_bounds
        return range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end))


def view(text: str, tokens: list[Tok], matches: list[Match], lexicon: TechniqueLexicon) -> TextView:
    """Index tokens by sentence and by the matches they fall in (one pass over each)."""
    sentences = sentence_bounds(text) or [(0, len(text))]
    sentence_of = []
    si = 0
    for tok in tokens:
        while si + 1 < len(sentences) and tok.start >= sentences[si][1]:
            si += 1
        sentence_of.append(si)
    token_matches: list[list[tuple[str, str]]] = [[] for _ in tokens]
    starts = [t.start for t in tokens]
    for m in matches:
        i = bisect.bisect_left(starts, m.start)
        if i > 0 and tokens[i - 1].end > m.start:
            i -= 1
        while i < len(tokens) and tokens[i].start < m.end:
            token_matches[i].append((m.technique, m.pattern))
            i += 1
    categories = lexicon.word_categories
    sent_feats: list[list[str]] = [[] for _ in sentences]
    lex_counts = Counter(si for tok, si in zip(tokens, sentence_of, strict=True) if tok.lower in categories)
    for index, (s, e) in enumerate(sentences):
        body = text[s:e].rstrip()
        feats = sent_feats[index]
        if body.endswith("!"):
            feats.append("sx:excl")
        if body.endswith("?"):
            feats.append("sx:q")
        if any(c in _QUOTES for c in body):
            feats.append("sx:quote")
        feats.append("sx:lex=" + _bucket(lex_counts.get(index, 0), (0, 1, 2)))
        feats.append("sx:len=" + _bucket(len(body.split()), (5, 12, 25, 40)))
        if index == 0:
            feats.append("sx:title")
    for tm, si in zip(token_matches, sentence_of, strict=True):
        for technique, _ in tm:
            tag = "sx:pat=" + technique
            if tag not in sent_feats[si]:
                sent_feats[si].append(tag)
    return TextView(
        text,
        tokens,
        sentences,
        matches,
        sentence_of,
        [tuple(t) for t in token_matches],
        [tuple(f) for f in sent_feats],
    )


def _shape(word: str) -> str | None:
    if word.isupper() and len(word) > 1:
        return "sh:upper"
    if word[:1].isupper():
        return "sh:title"
    if word[:1].isdigit():
        return "sh:digit"
    return None


def token_features(v: TextView, i: int, categories: dict[str, tuple[str, ...]]) -> list[str]:
    """The span-identification features of token ``i``."""
    toks = v.tokens
    tok = toks[i]
    si = v.sentence_of[i]
    feats = [f"w={tok.lower}", f"l={tok.lemma}", f"p={tok.pos}", f"s3={tok.lower[-3:]}"]
    shape = _shape(v.text[tok.start : tok.end])
    if shape:
        feats.append(shape)
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if 0 <= j < len(toks) and v.sentence_of[j] == si:
            other = toks[j]
            feats.append(f"w{offset:+d}={other.lower}")
            if offset in (-1, 1):
                feats.append(f"p{offset:+d}={other.pos}")
                feats.append(f"pp{offset:+d}={other.pos}_{tok.pos}")
                feats.extend(f"lex{offset:+d}:{c}" for c in categories.get(other.lower, ()))
        else:
            feats.append(f"w{offset:+d}=<s>")
    feats.extend(f"lex:{c}" for c in categories.get(tok.lower, ()))
    for technique, pattern in v.token_matches[i]:
        feats.append(f"pat:{technique}")
        feats.append(f"pn:{pattern}")
    feats.extend(v.sentence_features[si])
    return feats


def span_features(v: TextView, start: int, end: int, categories: dict[str, tuple[str, ...]]) -> list[str]:
    """The technique-classification features of the span [start, end) of the text."""
    text = v.text
    inside = list(v.tokens_in(start, end))
    feats: set[str] = set()
    words = [v.tokens[i] for i in inside]
    for tok in words:
        feats.add(f"sw={tok.lower}")
        feats.add(f"sl={tok.lemma}")
        feats.add(f"sp={tok.pos}")
        feats.update(f"lex:{c}" for c in categories.get(tok.lower, ()))
    if words:
        feats.add(f"f={words[0].lower}")
        feats.add(f"L={words[-1].lower}")
        feats.add(f"fp={words[0].pos}")
        before = range(max(0, inside[0] - 3), inside[0])
        after = range(inside[-1] + 1, min(len(v.tokens), inside[-1] + 4))
        feats.update(f"c-={v.tokens[j].lower}" for j in before)
        feats.update(f"c+={v.tokens[j].lower}" for j in after)
        if inside[0] > 0:
            feats.add(f"w-1={v.tokens[inside[0] - 1].lower}")
        for si in {v.sentence_of[i] for i in inside}:
            feats.update(v.sentence_features[si])
            s, e = v.sentences[si]
            if start <= s + 2 and end >= e - 2:
                feats.add("whole_sentence")
    feats.add("len=" + _bucket(len(words), (1, 2, 3, 5, 8, 13, 21, 34)))
    for m in v.matches:
        if m.end > start and m.start < end:
            feats.add(f"pat:{m.technique}")
            feats.add(f"pn:{m.pattern}")
            if m.start <= start + 2 and m.end >= end - 2:
                feats.add(f"patx:{m.technique}")
    body = text[start:end]
    lowered = body.lower()
    if len(lowered) >= 3:
        count = v.lowered.count(lowered)
        feats.add("rep=" + _bucket(count, (1, 2, 3)))
    if body[:1] in _QUOTES or body[-1:] in _QUOTES:
        feats.add("quoted")
    if body.endswith("?"):
        feats.add("ends_q")
    if body.endswith("!"):
        feats.add("ends_excl")
    letters = [c for c in body if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        feats.add("all_caps")
    return sorted(feats)


def indices(features: Iterable[str], vocab: dict[str, int]) -> list[int]:
    """Column indices of the features the model knows; unknown ones carry no weight."""
    return [vocab[f] for f in features if f in vocab]
