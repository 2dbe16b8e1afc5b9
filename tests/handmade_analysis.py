"""One hand-made Analysis holding every kind of record, each optional field both set and unset.

Its JSON form is pinned byte for byte (tests/fixtures/records/handmade-analysis.json, written
by the code before ``framelens.flatten`` derived it) and the store must give it back equal.
"""

from __future__ import annotations

from framelens.models import (
    Actor,
    ActorTone,
    Analysis,
    Article,
    Evidence,
    Frame,
    Label,
    Link,
    Mention,
    Quantity,
    Quote,
    Removed,
    Span,
    Technique,
    article_id,
)

TEXT = (
    "Minister Ana Ruiz said the strike killed about 40 people. "
    '"We will rebuild," she told reporters in Valdoria on Monday. '
    "Critics called the plan a disgrace."
)


def handmade_analysis() -> Analysis:
    """An analysis of TEXT with one or two of each record (values chosen, not computed)."""

    def span(words: str, start: int = 0) -> Span:
        at = TEXT.index(words, start)
        return Span(at, at + len(words))

    article = Article(
        id=article_id(TEXT),
        source="handmade.txt",
        text=TEXT,
        url="https://example.org/strike",
        outlet="The Example",
        title="Strike",
        authors=("A. Writer", "B. Editor"),
        published="2031-05-04",
        language="en",
        paragraphs=(span("Minister"), span('"We will')),
        removed=(Removed("Share this", "share-prompt", "imperative"), Removed("Menu", "navigation")),
        links=(Link("more", "https://example.org/more"),),
    )
    ruiz = Actor(
        id="a1",
        name="Ana Ruiz",
        type="person",
        aliases=("Ruiz",),
        mentions=(Mention(span("Ana Ruiz"), "a1", "name"), Mention(span("she"), "a1", "pronoun")),
        salience=0.123456789,
        first_position=9,
        in_title=False,
        in_lead=True,
        type_reason="tagged PERSON ×2",
    )
    critics = Actor(id="a2", name="Critics", type="group", mentions=(Mention(span("Critics"), "a2", "name"),))
    return Analysis(
        article=article,
        actors=(ruiz, critics),
        labels=(
            Label(span("Minister"), "a1", "Minister", "title"),
            Label(span("killed"), "a1", "kill", "event", (("agent", "a1"), ("patient", "a2"))),
            Label(span("a disgrace"), None, "disgrace", "predicate"),
        ),
        quotes=(
            Quote(
                span('"We will rebuild,"'),
                "direct",
                cue=span("told"),
                speaker_id="a1",
                speaker_name="Ana Ruiz",
                speaker_span=span("she"),
                role="minister",
                cue_source="rules",
            ),
            Quote(span("a disgrace"), "scare", no_speaker_reason="scare quote"),
        ),
        quantities=(
            Quantity(span("about 40 people"), 40.0, 36.0, 44.0, "about", "people", "kill", "a1", "count"),
            Quantity(span("Monday"), None, None, None, kind="date", place="Valdoria", time="Monday"),
        ),
        tones=(
            ActorTone(
                "a1",
                "positive",
                0.3333333333,
                (Evidence(span("We will rebuild"), 0.987654321, "mentions"),),
                (0.1111111, 0.4444444, 0.4444445),
                2,
                0.512345678,
                ("mentions",),
            ),
            ActorTone("a2", "neutral", 0.0),
        ),
        techniques=(Technique(span("a disgrace"), "Name_Calling,Labeling", 0.71234567, "pattern disgrace"),),
        frames=(
            Frame(
                "Security and defense",
                0.66666666,
                (Evidence(span("strike killed"), 1.0, "strike"),),
                "lexicon",
            ),
            Frame("Economic", 0.0),
        ),
        sentences=(span("Minister"), span('"We will'), span("Critics")),
        provenance=(("actors", "1.2"), ("tone", "3")),
    )
