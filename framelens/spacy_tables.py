"""The spaCy model's attribute ruler and rule lemmatizer, run as array lookups (same output).

Why: on real articles (issue #18) the English pipelines' ``attribute_ruler`` (179 Matcher
patterns that map each fine tag, and some words, to a part of speech and morphology) and
``lemmatizer`` (a Python call per token) were a quarter of the parse: 1.36 s and 0.71 s of
7.3 s on 40 PTC articles.  Both are table lookups in disguise.  Here the ruler's patterns
are evaluated with numpy over the whole Doc (``Doc.to_array``) and written back with one
``Doc.from_array``; the lemmatizer is called once per distinct (word, tag, part of speech,
morphology), the only things its rules read, and remembered.  No library does this: spaCy's
Matcher is general (operators, any attribute), which is what costs.

Exactness is the contract: the Docs are the model's own, attribute for attribute
(``tests/test_spacy_tables.py`` compares them on fixtures and, where ``../shared`` is
present, on hundreds of real articles).  Only the pattern shapes the packaged English
models use are taken (one token dict per position; TAG, LOWER, DEP by value, IN, NOT_IN or
REGEX; IS_SPACE); any other pattern, attribute or lemmatizer mode and ``tables_for``
returns None, so the caller keeps spaCy's own components.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

#: the components replaced, by the name the packaged pipelines give them
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"
#: the token attributes a pattern may test, in the order ``Doc.to_array`` reads them
_READ_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
#: a pattern's attribute name -> its column in that array
_READ = {name: i for i, name in enumerate(("TAG", "LOWER", "DEP", "IS_SPACE"))}
#: attributes a rule may set, in the order they are written back
_WRITE = (TAG, DEP, POS, MORPH, LEMMA)
#: distinct (word, tag, pos, morphology) lemmas remembered before the memo is cleared
_MEMO_LIMIT = 500_000


@dataclass(frozen=True)
class _Test:
    """One attribute test of one token of a pattern (``column``: of ``_READ_COLUMNS``)."""

    column: int
    values: frozenset[int] = frozenset()
    negate: bool = False
    regex: re.Pattern[str] | None = None
    flag: bool | None = None


@dataclass(frozen=True)
class _Rule:
    """One pattern of the ruler: the tests of each position, which token gets ``attrs``."""

    tests: tuple[tuple[_Test, ...], ...]
    index: int
    attrs: tuple[tuple[int, int], ...]


@dataclass
class Tables:
    """The attribute ruler and lemmatizer of one pipeline, as lookups (``tables_for``)."""

    nlp: Language
    rules: list[_Rule]
    lemmatize: Any
    _regex_hits: dict[tuple[int, int], bool] = field(default_factory=dict)
    _lemmas: dict[tuple[int, int, int, int], int] = field(default_factory=dict)

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
        """``nlp.pipe`` with the two components done here: the same Docs, sooner."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size, disable=[RULER, LEMMATIZER]):
            yield self(doc)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            self._rule(doc)
            self._lemmatize(doc)
        return doc

    def _rule(self, doc: Doc) -> None:
        read = doc.to_array(_READ_COLUMNS)
        n = len(doc)
        written: Any = doc.to_array(list(_WRITE))  # uint64, as from_array takes it back
        changed = np.zeros(len(_WRITE), dtype=bool)
        masks: dict[_Test, np.ndarray] = {}
        for rule in self.rules:  # in the ruler's order: a later rule overrides an earlier one
            length = len(rule.tests)
            if length > n:
                continue
            hit = np.ones(n - length + 1, dtype=bool)
            for offset, tests in enumerate(rule.tests):
                for test in tests:
                    mask = masks.get(test)
                    if mask is None:
                        mask = masks[test] = self._mask(test, read[:, test.column])
                    hit &= mask[offset : offset + n - length + 1]
                    if not hit.any():
                        break
            starts = np.flatnonzero(hit)
            if not len(starts):
                continue
            targets = starts + (rule.index if rule.index >= 0 else length + rule.index)
            for column, value in rule.attrs:
                written[targets, column] = value
                changed[column] = True
        if changed.any():
            doc.from_array([_WRITE[c] for c in np.flatnonzero(changed)], written[:, changed])

    def _mask(self, test: _Test, column: np.ndarray) -> np.ndarray:
        if test.flag is not None:
            return np.asarray(column == int(test.flag))
        if test.regex is not None:
            strings = self.nlp.vocab.strings
            hits = []
            for value in np.unique(column).tolist():
                key = (id(test.regex), value)
                if key not in self._regex_hits:
                    self._regex_hits[key] = bool(test.regex.search(strings[value]))
                if self._regex_hits[key]:
                    hits.append(value)
            return np.isin(column, hits)
        if len(test.values) == 1:
            (value,) = test.values
            found = column == value
        else:
            found = np.isin(column, list(test.values))
        return ~found if test.negate else found

    def _lemmatize(self, doc: Doc) -> None:
        columns = doc.to_array([ORTH, POS, MORPH, TAG, LEMMA])
        todo = np.flatnonzero(columns[:, 4] == 0)
        if not len(todo):
            return
        if len(self._lemmas) > _MEMO_LIMIT:
            self._lemmas.clear()
        strings = self.nlp.vocab.strings
        lemmas: Any = columns[:, 4].copy()
        for i, key in zip(todo.tolist(), map(tuple, columns[todo, :4].tolist()), strict=True):
            lemma = self._lemmas.get(key)
            if lemma is None:
                lemma = self._lemmas[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))


def tables_for(nlp: Language) -> Tables | None:
    """The lookups for ``nlp``'s attribute ruler and lemmatizer, or None where they cannot be
    made exactly (another component order, pattern shape, attribute or lemmatizer mode)."""
    names = nlp.pipe_names
    if RULER not in names or LEMMATIZER not in names or names.index(RULER) > names.index(LEMMATIZER):
        return None
    # the replaced components run after the rest here: only a statistical entity recogniser
    # (which reads word shapes, not tags or lemmas) may follow them in the pipeline
    after = names[names.index(RULER) + 1 :]
    if any(nlp.get_pipe_meta(name).factory not in (LEMMATIZER, "ner") for name in after):
        return None
    ruler: Any = nlp.get_pipe(RULER)
    lemmatizer: Any = nlp.get_pipe(LEMMATIZER)
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return None
    rules = _rules(nlp, ruler)
    if rules is None:
        return None
    nlp("Tables.")  # the lemmatizer checks its lookup tables on its first Doc
    return Tables(nlp, rules, lemmatizer.lemmatize)


def _rules(nlp: Language, ruler: Any) -> list[_Rule] | None:
    strings = nlp.vocab.strings
    columns = {a: i for i, a in enumerate(_WRITE)}
    rules: list[_Rule] = []
    for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
        if not set(attrs) <= set(columns):
            return None
        patterns = ruler.matcher.get(strings[str(order)])[1]
        written = tuple((columns[a], int(v)) for a, v in attrs.items())
        for pattern in patterns:
            tests = []
            for token in pattern:
                parsed = [_test(strings, key, value) for key, value in token.items()]
                if any(t is None for t in parsed):
                    return None
                # the word first: it rules out most positions, so the other tests are skipped
                tests.append(tuple(sorted((t for t in parsed if t is not None), key=_selective)))
            if -len(tests) > index or index >= len(tests):
                return None
            rules.append(_Rule(tuple(tests), index, written))
    return rules


def _selective(test: _Test) -> int:
    return 0 if test.column == _READ["LOWER"] else 1


def _test(strings: Any, key: str, value: object) -> _Test | None:
    column = _READ.get(key)
    if column is None:
        return None
    if key == "IS_SPACE":
        return _Test(column, flag=bool(value)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return _Test(column, frozenset({strings.add(value)}))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
        return _Test(column, frozenset(strings.add(a) for a in arg), negate=op == "NOT_IN")
    if op == "REGEX" and isinstance(arg, str):
        return _Test(column, regex=re.compile(arg))
    return None
