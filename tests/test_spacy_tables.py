"""The attribute ruler and lemmatizer as lookups give the model's own Docs, attribute for attribute."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

from framelens.config import Settings
from framelens.context import load_parser, load_spacy
from framelens.spacy_tables import Tables, tables_for

MODEL = Settings().spacy_model
COLUMNS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START, NORM]
PTC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc" / "articles"

#: fictional text touching every kind of rule the English ruler has: tag-only rules, words
#: with a tag ("'s", "ai", "gon na"), rules with dependency tests, whitespace tokens, regexes
TEXTS = [
    "Minister Tomas Reyl said on Tuesday that the harbour deal ain't gonna pass.",
    "Let's be clear:  the council's vote, 14 to 3, was    a defeat for Ana Petrell's party.\n\n",
    "\"We can't and we won't,\" she told reporters in Halden. Gotta go, y'all.",
    "The senators' aides, who'd been warned, didn't respond; the mayor's office wouldn't either.",
    "It ai n't over. Wanna bet? He 's gone, and so 's the money -- about $6.5 million.",
    "",
    "   ",
    "OK",
]


def _arrays(doc: Doc) -> tuple[object, list[str]]:
    return doc.to_array(COLUMNS).tolist(), [str(t.morph) for t in doc]


def _same(nlp: Language, tables: Tables, texts: list[str]) -> None:
    expected = [_arrays(doc) for doc in nlp.pipe(texts)]
    got = [_arrays(doc) for doc in tables.pipe(texts)]
    for text, want, have in zip(texts, expected, got, strict=True):
        assert have == want, text[:80]


@pytest.fixture(scope="module")
def fresh() -> Language:
    """A private copy of the model: these tests add patterns to it."""
    return spacy.load(MODEL)


def test_the_packaged_model_parses_through_tables() -> None:
    assert isinstance(load_parser(MODEL), Tables)


def test_same_docs_as_the_model_on_fixtures() -> None:
    tables = load_parser(MODEL)
    assert isinstance(tables, Tables)
    _same(load_spacy(MODEL), tables, TEXTS)
    # the memo of lemmas changes nothing on a second reading
    _same(load_spacy(MODEL), tables, TEXTS)


def test_added_patterns_of_each_supported_shape(fresh: Language) -> None:
    ruler = fresh.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "harbour"}, {"LOWER": {"IN": ["deal", "master"]}}]], {"LEMMA": "port"}, index=-1)
    ruler.add([[{"TAG": {"NOT_IN": ["NNP", "NN"]}, "LOWER": {"REGEX": "^re"}}]], {"POS": "X"})
    ruler.add([[{"DEP": "nsubj"}, {"TAG": "VBD"}]], {"MORPH": "Tense=Past|Mood=Ind"}, index=1)
    tables = tables_for(fresh)
    assert tables is not None
    _same(fresh, tables, TEXTS)
    doc = next(tables.pipe(["The harbour deal was a relief; Reyl reported it."]))
    assert [t.lemma_ for t in doc][2] == "port"
    assert {t.text: t.pos_ for t in doc}["reported"] == "X"


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LENGTH": 4}],  # an attribute the lookups do not read
        [{"LOWER": "deal", "OP": "?"}],  # an operator
        [{"LOWER": {"FUZZY": "harbor"}}],  # a predicate they do not evaluate
    ],
)
def test_a_pattern_the_lookups_cannot_evaluate_keeps_spacy(pattern: list[dict[str, object]]) -> None:
    nlp = spacy.load(MODEL)
    nlp.get_pipe("attribute_ruler").add([pattern], {"POS": "X"})
    assert tables_for(nlp) is None


def test_another_lemmatizer_mode_or_a_component_after_them_keeps_spacy() -> None:
    nlp = spacy.load(MODEL, exclude=["lemmatizer"])
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert tables_for(nlp) is None
    nlp = spacy.load(MODEL)
    nlp.add_pipe("entity_ruler")  # it could read the lemmas the lookups would set only later
    assert tables_for(nlp) is None
    assert tables_for(spacy.blank("en")) is None


@pytest.mark.skipif(not PTC.is_dir(), reason="../shared/data/ptc/articles (real articles) is not checked out")
def test_same_docs_as_the_model_on_real_articles() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(PTC.glob("*.txt"))[:60]]
    tables = load_parser(MODEL)
    assert isinstance(tables, Tables)
    _same(load_spacy(MODEL), tables, texts)
