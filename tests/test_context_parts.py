"""The per-worker parse cache and long articles parsed in parts (issue #15)."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from framelens.config import load_settings
from framelens.context import PART_CHARS, Context, TooLong, part_bounds
from framelens.readers import article_from_text
from framelens.stages import default_pipeline


def test_two_articles_with_one_id_keep_their_own_parse() -> None:
    # the id ignores case and whitespace: the same article saved twice, spaced differently
    first = article_from_text("Anna Varga met the minister in Dunmere on Monday.  She said little.")
    second = article_from_text("ANNA VARGA met the minister in Dunmere on Monday. She said little.")
    assert first.id == second.id and first.text != second.text
    ctx = Context()
    ctx.parse([first, second])
    assert ctx.doc(first).text == first.text
    assert ctx.doc(second).text == second.text


def test_spans_of_a_same_id_pair_point_at_each_ones_words() -> None:
    first = article_from_text("Anna Varga met the minister in Dunmere on Monday.   She said little.")
    second = article_from_text("anna varga met the minister in dunmere on monday. She said little.")
    settings = Context().settings.replace(tone=False, techniques=False, frames=False)
    out = list(default_pipeline(settings).run([first, second], Context(settings)))
    for analysis in out:
        text = analysis.article.text
        # with the first article's parse, the second's last sentence began two characters late
        assert [s.text_in(text) for s in analysis.sentences][-1] == "She said little."
        for mention in analysis.mentions:
            assert mention.span.text_in(text).strip() == mention.span.text_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "para one.\n\n" * 30,
        "line\n" * 100,
        "A sentence. " * 50,
        "word " * 120,
        "x" * 333,
        "short",
    ],
)
def test_parts_cover_the_text_exactly_and_respect_the_size(text: str) -> None:
    bounds = part_bounds(text, 64)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < end - start <= 64 for start, end in bounds)


def test_parts_end_at_a_paragraph_break_when_there_is_one() -> None:
    text = "First paragraph here.\n\nSecond one is here.\n\nThird one."
    assert next(text[a:b] for a, b in part_bounds(text, 30)) == "First paragraph here.\n\n"


def test_a_long_article_is_parsed_in_parts_with_offsets_into_its_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("framelens.context.PART_CHARS", 200)
    text = "\n\n".join(
        f"Minister Tomas Reyl spoke in Dunmere on day {i}. Critics said little." for i in range(20)
    )
    article = article_from_text(text)
    assert len(article.text) > 200
    ctx = Context()
    doc = ctx.doc(article)
    assert doc.text == article.text
    ents = [e for e in doc.ents if e.text == "Tomas Reyl"]
    assert len(ents) == 20
    assert all(article.text[e.start_char : e.end_char] == "Tomas Reyl" for e in ents)


def test_over_the_parser_limit_is_no_spacy_error(tmp_path: Path) -> None:
    # 1.2 million characters, over spaCy's nlp.max_length (E088 before parts); a
    # tokenizer-only pipeline keeps the real limit and makes the test fast
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "blank")
    ctx = Context(Context().settings.replace(spacy_model=str(tmp_path / "blank")))
    text = ("Yes, said Tomas Reyl.\n\n" * 60_000)[:1_200_000]
    article = dataclasses.replace(
        article_from_text("A short text to copy the other fields of an article from."), text=text
    )
    assert len(text) > ctx.nlp.max_length > PART_CHARS
    assert ctx.doc(article).text == text


def test_past_the_documented_size_an_article_is_refused_with_its_name() -> None:
    article = article_from_text(
        "A text of more than fifty characters, long enough to refuse here.", source="big.txt"
    )
    with pytest.raises(TooLong, match=r"^big.txt: too long to analyse .*the limit is 50, the max_analysed"):
        Context(load_settings(max_analysed_chars=50)).parse([article])
