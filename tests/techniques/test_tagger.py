"""The span tagger: its windows, its adapters merged into the encoder, its readings and decoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from framelens.embed import tuned_bert
from framelens.errors import FramelensError
from framelens.techniques import POINTS, detect, load_technique_model, prepare
from framelens.techniques.features import Tok
from framelens.techniques.model import TechniqueModel, decode_spans
from framelens.techniques.tagger import WINDOW_CHARS, Reading, SpanTagger, Window, windows


def test_windows_are_the_sentences_and_long_ones_are_cut_at_spaces() -> None:
    long_sentence = "Word " + " ".join(["word"] * 599) + "."
    text = "A short one. " + long_sentence + "\n\nLast line"
    spans = windows(text)
    assert text[spans[0][0] : spans[0][1]] == "A short one."
    assert text[spans[-1][0] : spans[-1][1]] == "Last line"
    long = spans[1:-1]
    assert len(long) >= 3 and all(e - s <= WINDOW_CHARS for s, e in long)
    # every word of the long sentence is read, none twice
    words = [w for s, e in long for w in text[s:e].split()]
    assert words == long_sentence.split()


def test_zero_adapters_leave_the_encoder_as_it_is_and_others_move_it() -> None:
    import torch

    from framelens.embed import plain_bert

    shared = plain_bert().module
    plain = shared.state_dict()
    key = "encoder.layer.0.attention.self.query.weight"
    a = np.ones((2, 384), np.float32)
    b = np.zeros((384, 2), np.float32)
    same = tuned_bert({"lora.0.attention.self.query.A": a, "lora.0.attention.self.query.B": b}, 2.0, layers=3)
    assert len(same.encoder.layer) == 3
    assert torch.equal(same.state_dict()[key], plain[key])
    # the word embeddings are the shared encoder's own module, not a copy
    assert same.embeddings is shared.embeddings
    ids = torch.tensor([[101, 7592, 2088, 102]])
    with torch.inference_mode():
        full = shared(input_ids=ids, output_hidden_states=True).hidden_states[3]
        cut = same(input_ids=ids).last_hidden_state
    assert torch.allclose(full, cut, atol=1e-5)  # three layers of the shared encoder, unchanged
    b[0, 0] = 0.5
    moved = tuned_bert({"lora.0.attention.self.query.A": a, "lora.0.attention.self.query.B": b}, 2.0)
    delta = (moved.state_dict()[key] - plain[key]).numpy()
    assert delta[0] == pytest.approx(np.full(384, 1.0))  # scale 2 × B[0, 0] 0.5 × A[0] 1
    assert not delta[1:].any()
    assert torch.equal(shared.state_dict()[key], plain[key])  # the shared encoder is untouched
    with pytest.raises(FramelensError, match="does not fit"):
        tuned_bert({"lora.0.no.such.layer.A": a, "lora.0.no.such.layer.B": b}, 2.0)


def _reading() -> Reading:
    # "Vile thugs lied." : pieces "vile" (0-4), "thug" (5-9), "##s" (9-10), "lied" (11-15)
    offsets = np.array([[0, 4], [5, 9], [9, 10], [11, 15]])
    states = np.eye(4, 3, dtype=np.float32)
    return Reading((Window(0, 16, offsets, np.array([0.9, 0.2, 0.7, 0.1]), states, np.ones(3, np.float32)),))


def test_a_word_takes_its_strongest_piece_and_a_span_its_pieces_states() -> None:
    reading = _reading()
    tokens = [
        Tok(0, 4, "vile", "vile", "ADJ"),
        Tok(5, 10, "thugs", "thug", "NOUN"),
        Tok(11, 15, "lied", "lie", "VERB"),
    ]
    assert reading.token_probs(tokens).tolist() == pytest.approx([0.9, 0.7, 0.1])
    vector = reading.span_vector(5, 10)
    assert vector is not None
    assert vector[:3].tolist() == pytest.approx([0.0, 0.5, 0.5])  # the mean of "thug" and "##s"
    assert vector[3:].tolist() == [1.0, 1.0, 1.0]  # the window's mean
    assert reading.span_vector(40, 50) is None


def _view(words: list[tuple[str, str]]) -> tuple[str, list[Tok]]:
    text, tokens = "", []
    for word, pos in words:
        if text and word not in ".,":
            text += " "
        tokens.append(Tok(len(text), len(text) + len(word), word.lower(), word.lower(), pos))
        text += word
    return text, tokens


def test_hysteresis_decoding_grows_a_span_from_its_strong_word_and_trims_its_edges() -> None:
    text, tokens = _view(
        [("They", "PRON"), ("met", "VERB"), ("with", "ADP"), ("the", "DET"), ("vile", "ADJ"),
         ("corrupt", "ADJ"), ("thugs", "NOUN"), ("of", "ADP"), ("Rome", "PROPN"), (".", "PUNCT"),
         ("Calm", "ADJ"), ("day", "NOUN"), (".", "PUNCT")]
    )  # fmt: skip
    v = prepare(text, tokens)
    probs = np.array([0.1, 0.1, 0.35, 0.6, 0.4, 0.9, 0.35, 0.32, 0.1, 0.1, 0.45, 0.1, 0.1])
    (span,) = decode_spans(v, probs, high=0.5, low=0.3, gap=1)
    # "with" (a preposition) and "of" are not a span's edges; "Calm" never reached the high mark
    assert text[span.start : span.end] == "the vile corrupt thugs"
    # the cue names the strongest words, not the article however strong ("the" 0.6)
    assert [w for w, _ in span.top] == ["vile", "corrupt", "thugs"]
    # one threshold: only the strong word
    (alone,) = decode_spans(v, probs, high=0.5, low=0.5, gap=0)
    assert text[alone.start : alone.end] == "corrupt"
    # a span never crosses a sentence end
    assert all(s.end <= text.index(".") for s in decode_spans(v, np.full(13, 0.9), 0.5, 0.3, 1)[:1])


def test_the_packaged_model_carries_the_tagger_and_both_operating_points() -> None:
    model = load_technique_model()
    assert isinstance(model.tagger, SpanTagger)
    for point in POINTS:
        d = model.decoding(point)
        assert 0 < d["low"] <= d["high"] < 1 and 0 < d["weight"] <= 1
    assert model.decoding("readers")["high"] >= model.decoding("f1")["high"]
    scores = model.tagger.meta["held_back"]["scores"]
    assert scores["si_readers_point"]["precision"] >= 0.5
    with pytest.raises(ValueError, match="operating point"):
        model.decoding("best")


def test_readers_see_fewer_spans_than_the_f1_point() -> None:
    text = (
        "The corrupt regime of thugs lied again. Everyone knows the so-called reform is a disgraceful sham. "
        "The radical extremists will destroy our country, and these traitors must be stopped now."
    )
    readers, best = detect(text), detect(text, point="f1")
    assert readers and len(readers) <= len(best)
    assert all(t.cue for t in readers)
    tagged = [t for t in readers if t.cue.startswith("model: ")]
    assert tagged and all("tagger " in t.cue for t in tagged)


def test_a_missing_tagger_folder_leaves_the_sparse_model_and_a_broken_one_says_so(tmp_path: Path) -> None:
    from importlib import resources

    source = Path(str(resources.files("framelens.resources") / "techniques"))
    for name in ("model.json", "weights.npz"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    assert TechniqueModel.load(tmp_path).tagger is None
    (tmp_path / "tagger").mkdir()
    (tmp_path / "tagger" / "model.json").write_text("{}", "utf-8")
    with pytest.raises(FramelensError, match="technique tagger"):
        TechniqueModel.load(tmp_path)
    assert TechniqueModel.load(tmp_path, tagger=False).tagger is None


def test_a_span_is_widened_to_whole_words() -> None:
    from framelens.techniques.model import _whole_words

    text = 'the so-called "Islamic State" is back'
    start = text.index("-called")
    assert text[slice(*_whole_words(text, start, text.index(" is")))] == 'so-called "Islamic State"'
    quoted = 'He said: "terror" works'
    s = quoted.index("terror")
    assert _whole_words(quoted, s, s + 6) == (s, s + 6)  # quotes are not part of a word


@pytest.mark.parametrize(
    ("text", "span", "shown"),
    [
        ("He called them “clowns and losers!” today", "“clowns and losers!", "“clowns and losers!”"),
        ('He is an "idiot" they said', 'an "idiot', 'an "idiot"'),
        ("an illegitimate “witch hunt” of", "illegitimate “witch", "illegitimate “witch hunt”"),
        (
            "“destructive to the fabric of our nation and its many institutions, said he",
            "“destructive",
            "destructive",
        ),
        ("the deep state” and more", "deep state”", "deep state"),
        ("a “hoax” again", "“hoax”", "“hoax”"),
    ],
)
def test_a_span_pairs_its_quotation_marks(text: str, span: str, shown: str) -> None:
    from framelens.techniques.model import _balanced

    start = text.index(span)
    got = text[slice(*_balanced(text, start, start + len(span)))]
    assert got == shown
