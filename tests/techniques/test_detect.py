"""The public API: ``detect`` and ``classify`` on hand-written sentences, with exact spans."""

from __future__ import annotations

import numpy as np
import pytest

from framelens.techniques import (
    TECHNIQUES,
    TechniqueModel,
    classify,
    detect,
    load_technique_model,
    prepare,
)
from framelens.techniques.features import Tok, sentence_bounds

# One sentence per technique class whose span comes from the transparent layer with a
# precision over the packaged floor, so detect() must report exactly this span.
DETECT_CASES = [
    ("Name_Calling,Labeling", "Omar Khadr, a convicted terrorist, was freed.", "convicted terrorist"),
    ("Black-and-White_Fallacy", "On this issue there is no middle ground.", "there is no middle ground"),
    ("Doubt", "Is he really the man to lead us?", "Is he really the man to lead us?"),
    ("Slogans", "The crowd chanted lock her up for an hour.", "lock her up"),
    ("Appeal_to_fear-prejudice", "Open borders will destroy our country.", "will destroy our country"),
    ("Bandwagon,Reductio_ad_hitlerum", "They burn books just like the Nazis.", "just like the Nazis"),
    (
        "Causal_Oversimplification",
        "The plant closed, and it was all because of the tariffs.",
        "it was all because of the tariffs",
    ),
    ("Appeal_to_fear-prejudice", "Act before it's too late.", "before it's too late"),
]


@pytest.mark.parametrize(
    ("technique", "sentence", "expected"), DETECT_CASES, ids=[c[0] + ":" + c[2] for c in DETECT_CASES]
)
def test_detect_reports_the_pattern_span_with_its_cue(technique: str, sentence: str, expected: str) -> None:
    start = sentence.index(expected)
    found = [t for t in detect(sentence, point="f1") if t.name == technique]
    match = [t for t in found if (t.span.start, t.span.end) == (start, start + len(expected))]
    assert match, f"{expected!r} not among {[(t.span.text_in(sentence), t.cue) for t in found]}"
    assert match[0].cue.startswith("pattern ")
    assert 0 < match[0].score <= 1
    # readers see a pattern only when its measured precision reaches the precision their
    # spans are held to
    shown = [t for t in detect(sentence) if t.cue.startswith("pattern ")]
    assert all(t.score >= 0.5 for t in shown)
    assert (match[0] in shown) == (match[0].score >= 0.5)


def test_detect_output_is_well_formed() -> None:
    text = (
        "The corrupt regime of thugs lied again. Everyone knows the so-called reform is a disgraceful sham. "
        "The radical extremists will destroy our country, and it is what it is."
    )
    found = detect(text)
    assert found, "a text this loaded yields spans"
    assert found == sorted(found, key=lambda t: (t.span.start, t.span.end, t.name))
    for t in found:
        assert t.name in TECHNIQUES
        assert 0 <= t.span.start < t.span.end <= len(text)
        assert text[t.span.start : t.span.end] == text[t.span.start : t.span.end].strip(" .,;:")
        assert 0 < t.score <= 1
        assert t.cue
    assert any(t.cue.startswith("model: ") for t in found), "the model finds spans of its own"


def test_detect_on_plain_text_finds_little() -> None:
    assert detect("The committee met on Tuesday at ten.") == []


@pytest.mark.parametrize(
    ("sentence", "span", "technique"),
    [
        ("The corrupt media attacked him with vile lies.", "vile lies", "Loaded_Language"),
        ("He called his rival a lying crook and a clown.", "clown", "Name_Calling,Labeling"),
    ],
)
def test_classify_names_the_technique_of_a_span(sentence: str, span: str, technique: str) -> None:
    start = sentence.index(span)
    label, score = classify(sentence, start, start + len(span))
    assert label == technique
    assert 0 < score <= 1


def test_classify_refuses_an_empty_span() -> None:
    with pytest.raises(ValueError):
        classify("abc", 2, 2)


def test_model_cues_name_features_and_probabilities_sum_to_one() -> None:
    model = load_technique_model()
    text = "The so-called experts lied."
    tokens = [
        Tok(0, 3, "the", "the", "DET"),
        Tok(4, 13, "so-called", "so-called", "ADJ"),
        Tok(14, 21, "experts", "expert", "NOUN"),
        Tok(22, 26, "lied", "lie", "VERB"),
        Tok(26, 27, ".", ".", "PUNCT"),
    ]
    v = prepare(text, tokens)
    result = model.classify(v, [(4, 21)])[0]
    assert sum(p for _, p in result.ranked) == pytest.approx(1.0, abs=1e-6)
    assert result.label == result.ranked[0][0]
    assert all(name in model.tc_vocab for name, _ in result.top)
    scores = model.score_tokens(v)
    assert scores.probs.shape == (5,) and np.all((scores.probs > 0) & (scores.probs < 1))


def test_packaged_model_is_plain_arrays_with_its_provenance() -> None:
    model = load_technique_model()
    assert model.labels == TECHNIQUES
    assert model.tc_w.shape == (len(TECHNIQUES), len(model.tc_names))
    assert model.si_w.shape == (len(model.si_names),)
    assert model.meta["held_back"]["ids"]
    assert "data_sha256" in model.meta["training"]
    assert isinstance(TechniqueModel.load(), TechniqueModel)


def test_sentence_bounds_cut_lines_and_sentence_ends() -> None:
    text = "First one. Second one!\n\nThird line"
    assert [text[s:e] for s, e in sentence_bounds(text)] == ["First one.", "Second one!", "Third line"]


def test_model_spans_without_a_content_word_are_dropped_unless_a_phrase() -> None:
    from framelens.techniques.model import _says_something

    def toks(*words: tuple[str, str]) -> list[Tok]:
        return [Tok(0, len(w), w, w, pos) for w, pos in words]

    assert not _says_something(toks(("-", "PUNCT")))
    assert not _says_something(toks(("their", "PRON")))
    assert not _says_something(toks(("is", "AUX"), ("no", "DET")))
    assert not _says_something(toks(("one", "NUM")))  # a stop word, whatever its tag
    assert _says_something(toks(("and", "CCONJ"), ("slaughtering", "VERB")))
    assert _says_something(toks(("thugs", "NOUN")))
    # a phrase of function words stands as a whole: "it is what it is"
    assert _says_something(
        toks(("it", "PRON"), ("is", "AUX"), ("what", "PRON"), ("it", "PRON"), ("is", "AUX"))
    )
    # the model's own span of that cliché survives in detect() (at the F1-best point: readers
    # see only what the model is surer of)
    text = "It is what it is. Their leaders are no better than the last ones."
    assert "It is what it is" in [t.span.text_in(text) for t in detect(text, point="f1")]
