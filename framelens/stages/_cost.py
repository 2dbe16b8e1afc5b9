"""What the rule stages cost per token, counted rather than timed (issue #18).

Wall time on a shared machine moves with its load; the work a stage does does not.  This
runs each rule stage of one article under ``cProfile`` and counts the Python function calls
it makes and the spaCy ``Token`` objects it creates (each ``for t in doc``, ``doc[i]`` or
``doc.text`` makes one per token visited).  Divided by the article's tokens, a stage whose
cost is linear in the article's length gives the same count at 300 words as at 10,000; a
whole-document scan inside a per-mention, per-sentence or per-quote loop makes it grow.

``Token`` objects are counted where spaCy's Cython is compiled to report to profilers (its
wheels do this for Python before 3.12); elsewhere ``tokens_made`` is None.  Used by
``bench/analyze.py --lengths`` and by the test that fails on a quadratic regression.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from dataclasses import dataclass

from framelens.config import Settings, load_settings
from framelens.context import Context
from framelens.headline import with_headline
from framelens.models import Analysis
from framelens.readers import article_from_text
from framelens.stages import declared_stages

#: the stages that read the parse with rules (tone, techniques and frames use models)
RULE_STAGES = ("sentences", "actors", "labels", "quotes", "quantities")


@dataclass(frozen=True)
class StageCost:
    """One stage on one article: wall seconds, Python calls, spaCy Tokens made (None: not counted)."""

    stage: str
    seconds: float
    calls: int
    tokens_made: int | None


@dataclass(frozen=True)
class ArticleCost:
    """The rule stages on one article of ``words`` words, ``tokens`` spaCy tokens; ``parse`` seconds."""

    words: int
    tokens: int
    parse: float
    stages: tuple[StageCost, ...]


def _token_creations(stats: dict[tuple[str, int, str], tuple[int, ...]]) -> int | None:
    made = [v[1] for (path, _, func), v in stats.items() if path.endswith("token.pxd") and func == "cinit"]
    return sum(made) if made else None


def rule_stage_costs(text: str, settings: Settings | None = None) -> ArticleCost:
    """Parse ``text`` as one article, as the pipeline does (headline apart), then run each rule
    stage on it under the profiler."""
    settings = (settings or load_settings()).replace(tone=False, techniques=False, frames=False)
    article = article_from_text(text, source="cost", settings=settings)
    head = with_headline(article) if settings.headlines else None
    work = head.work if head else article
    ctx = Context(settings)
    started = time.perf_counter()
    ctx.parse([work], {id(work): head} if head else None)
    parse = time.perf_counter() - started
    tokens = len(ctx.doc(work))
    analysis = Analysis(article=work)
    costs = []
    for st in (s for s in declared_stages() if s.name in RULE_STAGES):
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        analysis = st.run_batch([analysis], ctx)[0]
        profile.disable()
        seconds = time.perf_counter() - started
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        calls = sum(v[1] for v in stats.values())
        costs.append(StageCost(st.name, seconds, calls, _token_creations(stats)))
    ctx.release(work)
    return ArticleCost(len(text.split()), tokens, parse, tuple(costs))


def text_of_length(texts: list[str], words: int) -> str:
    """One article of at least ``words`` words: ``texts`` joined as paragraphs (repeated when
    they are too few), cut at the paragraph that reaches the length."""
    if not texts:
        raise ValueError("no texts to build an article from")
    out: list[str] = []
    count = 0
    while count < words:
        for text in texts:
            out.append(text.strip())
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(out)
