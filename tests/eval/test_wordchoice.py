"""``framelens eval wordchoice``: BASIL lexical-bias phrases placed in the text and scored."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from framelens.cli import app
from framelens.eval.wordchoice import (
    SYSTEMS,
    baseline_reading,
    baseline_words,
    framelens_reading,
    read_phrases,
    report,
)
from framelens.models import Actor, Analysis, Article, Label, Mention, Span

FIXTURES = Path(__file__).parent.parent / "fixtures" / "wordchoice" / "basil"


def test_lex_phrases_are_placed_in_the_article_text() -> None:
    _, items, unplaced = read_phrases(FIXTURES)
    (item,) = items
    text = item.item.article.text
    # the informational phrase is not read; the one whose text is not in its sentence is counted
    assert unplaced == 1
    assert [(p.span.text_in(text), p.target, p.polarity, p.quoted) for p in item.phrases] == [
        ("blasted", "Dara Velk", "negative", False),
        ("\u201cscheme\u201d", "Dara Velk", "negative", False),
        ("disgrace", "Dara Velk", "negative", True),
    ]


def _analysis(text: str, labels: tuple[Label, ...] = ()) -> Analysis:
    velk = text.index("Velk")
    return Analysis(
        article=Article(id="a", source="s", text=text),
        actors=(
            Actor("velk", "Dara Velk", "person", mentions=(Mention(Span(velk, velk + 4), "velk", "name"),)),
        ),
        labels=labels,
        sentences=(Span(0, text.index(".") + 1), Span(text.index(".") + 2, len(text))),
    )


def test_a_label_of_the_target_surfaces_a_phrase_and_a_loaded_word_gives_its_polarity() -> None:
    text = "Velk blasted the good plan. A brilliant idea, others said."
    blasted = Span(5, 12)
    loaded = Label(blasted, "velk", "blast", "loaded", polarity="negative", polarity_score=-0.9)
    other = Label(blasted, "someone", "blast", "loaded", polarity="positive", polarity_score=0.9)
    analysis = _analysis(text, (loaded, other))
    from framelens.eval.wordchoice import Phrase

    phrase = Phrase(blasted, "blasted", "Dara Velk", "negative", False)
    assert framelens_reading(analysis, phrase, {"velk"}).polarity == "negative"
    # a label of another actor does not count
    assert not framelens_reading(analysis, phrase, {"nobody"}).surfaced


def test_the_baseline_counts_vader_words_in_the_targets_sentences_only() -> None:
    text = "Velk blasted the good plan. A brilliant idea, others said."
    analysis = _analysis(text)
    words = baseline_words(analysis, {"velk"})
    assert [span.text_in(text) for span, _ in words] == ["good"]
    from framelens.eval.wordchoice import Phrase

    good = Phrase(Span(17, 21), "good", "Dara Velk", "negative", False)
    brilliant = Phrase(
        Span(text.index("brilliant"), text.index("brilliant") + 9),
        "brilliant",
        "Dara Velk",
        "positive",
        False,
    )
    assert baseline_reading(words, good).polarity == "positive"
    assert not baseline_reading(words, brilliant).surfaced


def test_report_gives_both_systems_and_words_per_article() -> None:
    _, items, unplaced = read_phrases(FIXTURES)
    (item,) = items
    text = item.item.article.text
    at = text.index("blasted")
    velk = text.index("Dara Velk")
    analysis = Analysis(
        article=item.item.article,
        actors=(
            Actor("velk", "Dara Velk", "person", mentions=(Mention(Span(velk, velk + 9), "velk", "name"),)),
        ),
        labels=(
            Label(Span(at, at + 7), "velk", "blast", "loaded", polarity="negative", polarity_score=-0.9),
        ),
        sentences=(Span(0, text.index(".") + 1),),
    )
    result = report("fixture", items, [analysis], unplaced)
    assert set(result.systems) == set(SYSTEMS)
    assert result.systems["framelens"]["surfaced"] == 1
    assert result.systems["framelens"]["polarity_agreement"] == 1.0
    assert result.systems["framelens"]["per_article"] == 1.0
    assert abs(result.systems["framelens"]["recall"] - 1 / 3) < 1e-3
    assert result.systems["framelens"]["recall_unquoted"] == 0.5
    assert "VADER baseline" in result.render() and result.to_dict()["phrases"] == 3


def test_cli_runs_the_whole_pipeline_on_a_basil_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", "wordchoice", str(FIXTURES)])
    assert ok.exit_code == 0, ok.output
    assert "framelens" in ok.output and "VADER baseline" in ok.output
    bad = runner.invoke(app, ["eval", "wordchoice", str(tmp_path)])
    assert bad.exit_code == 1 and "BASIL" in bad.output
