"""A hand-made comparison with techniques and frames whose numbers are worked out by hand.

Built directly as dataclasses (no model runs), so the report's arithmetic and markup of
techniques and frames can be checked against numbers a reader can verify: article A has
exactly 300 words and article B exactly 400, and their techniques cross each other and a
quote, a label and a quantity on purpose.
"""

from __future__ import annotations

from framelens.comparison import ArticleOverview, Comparison
from framelens.models import Analysis, Article, Evidence, Frame, Label, Quantity, Quote, Span, Technique

METHOD = "lexicon: hand-made frames for a test; no accuracy claim"

#: A: one sentence of 19 words, then 281 filler words (300 words in all)
_A_HEAD = (
    'The mayor said "the reckless council wasted 40 million on a shameful vanity project'
    ' nobody wanted at all" today.'
)
TEXT_A = _A_HEAD + " " + " ".join(["word"] * (300 - len(_A_HEAD.split())))
#: B: 400 words, one technique
TEXT_B = "Critics called it a total disaster. " + " ".join(["more"] * 394)


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def analyses() -> tuple[Analysis, Analysis]:
    """Two analyses: A with 3 Loaded_Language, 1 Name_Calling,Labeling and 1 Doubt (given twice),
    B with 1 Loaded_Language."""
    assert len(TEXT_A.split()) == 300 and len(TEXT_B.split()) == 400
    a = Article(
        "art-a", "a.txt", TEXT_A, outlet="Alpha", title="Alpha story", paragraphs=(Span(0, len(TEXT_A)),)
    )
    b = Article(
        "art-b", "b.txt", TEXT_B, outlet="Beta", title="Beta story", paragraphs=(Span(0, len(TEXT_B)),)
    )
    quote = _span(
        TEXT_A, '"the reckless council wasted 40 million on a shameful vanity project nobody wanted at all"'
    )
    techniques_a = (
        # crosses the quote's opening mark and holds the label "reckless council"
        Technique(_span(TEXT_A, 'said "the reckless council'), "Loaded_Language", 0.41, "lexicon: reckless"),
        # nested in the quote, and crossing the next technique
        Technique(_span(TEXT_A, "wasted 40 million on a shameful"), "Loaded_Language", 0.35, "model: wasted"),
        Technique(_span(TEXT_A, "shameful vanity project"), "Loaded_Language", 0.52, "lexicon: shameful"),
        # the very same words under another technique: both stay, with different refs
        Technique(_span(TEXT_A, "shameful vanity project"), "Name_Calling,Labeling", 0.3, "lexicon: vanity"),
        Technique(_span(TEXT_A, "nobody wanted at all"), "Doubt", 0.2, "pattern doubt_nobody"),
        # given twice: one finding, one highlight
        Technique(_span(TEXT_A, "nobody wanted at all"), "Doubt", 0.2, "pattern doubt_nobody"),
    )
    sentence_a = Span(0, len(_A_HEAD))
    frames_a = (
        Frame("Economic", 0.75, (Evidence(sentence_a, 0.75, "million, wasted"),), METHOD),
        Frame("Political", 0.25, (Evidence(sentence_a, 0.25, "council"),), METHOD),
        Frame("Morality", 0.0, (), METHOD),
    )
    analysis_a = Analysis(
        a,
        labels=(Label(_span(TEXT_A, "reckless council"), None, "council", "modifier"),),
        quotes=(Quote(quote, "direct", speaker_name="The mayor"),),
        quantities=(Quantity(_span(TEXT_A, "40 million"), 40e6, 40e6, 40e6, kind="money"),),
        techniques=techniques_a,
        frames=frames_a,
    )
    sentence_b = _span(TEXT_B, "Critics called it a total disaster.")
    analysis_b = Analysis(
        b,
        techniques=(
            Technique(_span(TEXT_B, "a total disaster"), "Loaded_Language", 0.6, "lexicon: disaster"),
        ),
        frames=(
            Frame("Political", 1.0, (Evidence(sentence_b, 1.0, "critics"),), METHOD),
            Frame("Economic", 0.0, (), METHOD),
            Frame("Morality", 0.0, (), METHOD),
        ),
    )
    return analysis_a, analysis_b


def comparison() -> Comparison:
    """The two analyses as a Comparison, with an overview row per article as ``compare`` makes."""
    pair = analyses()
    overview = tuple(
        ArticleOverview(
            x.article.id,
            x.article.outlet or "",
            len(x.article.text),
            len(x.article.text.split()),
            0,
            0,
            0,
            None,
            None,
        )
        for x in pair
    )
    return Comparison(articles=tuple(x.article for x in pair), analyses=pair, actors=(), overview=overview)
