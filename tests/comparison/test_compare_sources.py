"""Which organisations an article cites as sources: a speech cue after the name, in its sentence."""

from __future__ import annotations

from framelens.comparison import compare
from framelens.readers import article_from_text

CITES = (
    "The Harbour Council said on Monday that the port would reopen within a week.\n\n"
    "The Coastal Union has so far said nothing about the closure.\n\n"
    "Most Meridians will see it as a betrayal. Estimates of the losses vary widely.\n\n"
    "According to the Dock Workers Guild, 300 jobs are at risk."
)
OTHER = (
    "The port of Velka stayed closed on Monday, the Harbour Council said.\n\n"
    "The Coastal Union did not comment on the closure, which Meridians resent."
)


def test_cited_organisations_need_speech_in_their_own_sentence() -> None:
    comparison = compare(
        [article_from_text(CITES, source="cites.txt"), article_from_text(OTHER, source="other.txt")]
    )
    by_article = {s.article_id: s for s in comparison.source_summaries}
    cited = by_article[comparison.analyses[0].article.id].organisations
    # spoke / "according to": cited; "said nothing" and a cue in the next sentence: not cited
    assert "Harbour Council" in cited
    assert "Dock Workers Guild" in cited
    assert "Coastal Union" not in cited
    assert not any("Meridian" in name for name in cited)
