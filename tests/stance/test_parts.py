"""The stance model's parts: tree replay, word handling, TF-IDF, cue counts and the baseline's features."""

from __future__ import annotations

import math

import numpy as np
import pytest

from framelens.stance import baseline
from framelens.stance.features import (
    CUES,
    FEATURES,
    TfIdf,
    content_stems,
    load_cues,
    pair_features,
    split_sentences,
    stem,
    stop_words,
    view,
    words,
)
from framelens.stance.trees import Forest, export


def test_tree_replay_equals_scikit_learn_with_missing_values() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 5))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int) + (x[:, 2] > 1).astype(int)
    x[rng.random(x.shape) < 0.1] = np.nan  # missing values take the side learned in training
    clf = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(x, y)
    forest = export(clf)
    test = rng.normal(size=(300, 5))
    test[rng.random(test.shape) < 0.1] = np.nan
    assert forest.n_classes == 4
    np.testing.assert_allclose(forest.proba(test), clf.predict_proba(test), rtol=1e-9, atol=1e-12)
    # stored and read back as plain arrays under a prefix
    again = Forest.from_arrays(forest.arrays("m_"), "m_")
    np.testing.assert_array_equal(again.proba(test), forest.proba(test))
    assert again.depth == forest.depth > 0


def test_words_and_stems() -> None:
    assert words("Police DIDN’T deny it: 3,000 claims!") == [
        "police",
        "didn't",
        "deny",
        "it",
        "3",
        "000",
        "claims",
    ]
    folded = ("claims", "stories", "obama's", "press", "virus", "resigned", "resigning", "used", "sing")
    assert [stem(w) for w in folded] == [
        "claim",
        "story",
        "obama",
        "press",
        "virus",
        "resign",
        "resign",
        "used",
        "sing",
    ]
    assert content_stems(["the", "mayor", "denies", "a", "x", "reports"]) == ["mayor", "deny", "report"]


def test_stop_words_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert stop_words() == frozenset(ENGLISH_STOP_WORDS)


def test_cue_counts_match_phrases_and_negated_verbs() -> None:
    cues = load_cues()
    counts = dict(
        zip(CUES, cues.counts(words("Officials say it is not true and didn't confirm it")), strict=True)
    )
    # "not true" (refuting); "not", "didn't" (negation); "true", "confirm" (confirming)
    assert counts == {"refuting": 1, "hedging": 0, "confirming": 2, "negation": 2}


def test_split_sentences_cuts_long_ones() -> None:
    text = "First sentence here. Second one follows!\n" + "word " * 200
    parts = split_sentences(text)
    assert parts[:2] == ["First sentence here.", "Second one follows!"]
    assert len(parts[2]) == 400


def test_tfidf_by_hand() -> None:
    space = TfIdf.fit([["mayor", "resign"], ["mayor", "bridge"], ["bridge", "mayor", "mayor"]], min_df=1)
    assert space.terms == ("bridge", "mayor", "resign")
    # smoothed idf: ln((1 + 3) / (1 + df)) + 1
    assert space.idf == pytest.approx([math.log(4 / 3) + 1, 1.0, math.log(4 / 2) + 1])
    vec = space.vectors([["mayor", "mayor", "resign", "unknown"]]).toarray()[0]
    raw = np.array([0.0, (1 + math.log(2)) * 1.0, math.log(2) + 1])
    np.testing.assert_allclose(vec, raw / np.linalg.norm(raw))
    assert space.vectors([[]]).nnz == 0


def test_pair_features_encode_each_string_once() -> None:
    calls: list[list[str]] = []

    def encode(strings: list[str]) -> np.ndarray:
        calls.append(strings)
        rng = np.random.default_rng(len(strings))
        v = rng.normal(size=(len(strings), 8))
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    claims = [view("Mayor Ilse Varn resigns"), view("Halden Rovers win the derby")]
    texts = [
        view("Mayor Ilse Varn resigned on Friday. Her office confirmed it."),
        view("Rovers beat Selm 3-1."),
    ]
    space = TfIdf.fit([c.stems for c in claims] + [t.stems for t in texts], min_df=1)
    x = pair_features(claims, texts, [(0, 0), (1, 0), (0, 1), (0, 0)], space, encode)
    assert x.shape == (4, len(FEATURES))
    assert len(calls) == 1 and len(calls[0]) == len(set(calls[0])) == 5  # 2 claims, 3 sentences
    np.testing.assert_array_equal(x[0], x[3])
    col = FEATURES.index
    assert x[0, col("coverage")] == 1.0  # every content word of the claim is in the text
    assert x[2, col("coverage")] == 0.0
    assert x[0, col("tfidf_cos")] > x[2, col("tfidf_cos")]
    assert x[0, col("lead_confirming")] == 1.0
    assert pair_features(claims, texts, [], space, encode).shape == (0, len(FEATURES))


def test_baseline_features_by_hand() -> None:
    headline = "Fake: mayor not resigning"
    body = "The mayor is not resigning, officials said. It was fake news and the mayor stays."
    row = dict(zip(baseline.FEATURES, baseline.baseline_features([(headline, body)])[0], strict=True))
    assert len(baseline.FEATURES) == 44
    h = {"fake", "mayor", "not", "resigning"}
    b = set(baseline.clean(body).split(" "))
    assert row["overlap"] == pytest.approx(len(h & b) / len(h | b))
    assert (row["refuting_fake"], row["refuting_not"], row["refuting_hoax"]) == (1.0, 1.0, 0.0)
    # two refuting words in the headline (even), two in the body ("not", "fake"): parity 0 and 0
    assert (row["polarity_headline"], row["polarity_body"]) == (0.0, 0.0)
    assert row["cooccurrence"] == 4.0  # every headline word is in the body
    assert row["cooccurrence_stops"] == 3.0  # "not" is a stop word
    # bigrams "fake mayor", "mayor not", "not resigning": only the last is in the body ("mayor is not")
    assert (row["word2_hits"], row["word2_early"]) == (1.0, 1.0)
    assert row["char2_hits"] == 0.0  # the baseline's character grams are spaced out ("f a"): no hit
