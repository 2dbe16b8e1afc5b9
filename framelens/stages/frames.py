"""Generic news frames per article: a distribution over the 14 Media Frames Corpus frames.

Method, and its limits, stated plainly: no labelled frame data is at hand, so this is a
transparent lexicon method with no accuracy claim.  Each sentence is scored by the frame
terms it holds (``resources/frames/lexicon.toml``, whole words, ``*`` for a word prefix);
a sentence with terms of several frames shares one unit of weight among them in
proportion to its hits, so a long sentence listing many terms does not outweigh the
rest.  An article's frame score is the mean of those shares over its framed sentences,
so the scores sum to 1 when any sentence is framed.  The sentences that weigh most for
a frame are its evidence, each with the terms that matched.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from importlib import resources

from framelens.context import Context
from framelens.errors import ConfigError
from framelens.models import Analysis, Evidence, Frame, Span
from framelens.pipeline import stage

#: the generic frames of the Media Frames Corpus (Boydstun et al., 2014), in its order
FRAMES: tuple[str, ...] = (
    "Economic",
    "Capacity and resources",
    "Morality",
    "Fairness and equality",
    "Legality, constitutionality and jurisprudence",
    "Policy prescription and evaluation",
    "Crime and punishment",
    "Security and defense",
    "Health and safety",
    "Quality of life",
    "Cultural identity",
    "Public opinion",
    "Political",
    "External regulation and reputation",
)
METHOD = (
    "lexicon: frame terms counted per sentence (resources/frames/lexicon.toml); "
    "transparent word lists, no trained model and no accuracy claim"
)
#: evidence sentences kept per frame
MAX_EVIDENCE = 3


def _term_regex(term: str) -> str:
    prefix = term.endswith("*")
    words = term.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"[\w'’-]*" if prefix else "")


@functools.cache
def frame_patterns() -> dict[str, re.Pattern[str]]:
    """One compiled regex per frame; the matched term is the whole match."""
    raw = tomllib.loads(
        resources.files("framelens.resources").joinpath("frames/lexicon.toml").read_text("utf-8")
    )["frames"]
    unknown = set(raw) - set(FRAMES)
    if unknown or set(raw) != set(FRAMES):
        raise ConfigError(
            f"frames/lexicon.toml must name exactly the 14 frames; check {sorted(unknown) or raw}"
        )
    out = {}
    for name in FRAMES:
        terms = sorted((str(t).lower() for t in raw[name]["terms"]), key=lambda t: (-len(t), t))
        alternation = "|".join(_term_regex(t) for t in terms)
        out[name] = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])", re.IGNORECASE)
    return out


def score_frames(text: str, sentences: tuple[Span, ...]) -> tuple[Frame, ...]:
    """All 14 frames of a text, highest score first (ties in the corpus's order), with evidence."""
    patterns = frame_patterns()
    totals: dict[str, float] = dict.fromkeys(FRAMES, 0.0)
    framed = 0
    per_frame: dict[str, list[tuple[float, int, Span, str]]] = {name: [] for name in FRAMES}
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        hits = {name: [m.group().lower() for m in p.finditer(body)] for name, p in patterns.items()}
        count = sum(len(h) for h in hits.values())
        if not count:
            continue
        framed += 1
        for name, terms in hits.items():
            if terms:
                share = len(terms) / count
                totals[name] += share
                label = ", ".join(sorted(set(terms)))
                per_frame[name].append((share, len(terms), sentence, label))
    frames = []
    for name in FRAMES:
        score = totals[name] / framed if framed else 0.0
        best = sorted(per_frame[name], key=lambda item: (-item[0], -item[1], item[2].start))[:MAX_EVIDENCE]
        evidence = tuple(
            Evidence(span, score=share, label=label)
            for share, _, span, label in sorted(best, key=lambda item: item[2].start)
        )
        frames.append(Frame(name=name, score=score, evidence=evidence, method=METHOD))
    order = {name: i for i, name in enumerate(FRAMES)}
    return tuple(sorted(frames, key=lambda f: (-f.score, order[f.name])))


@stage("frames", "1", requires=["article", "sentences"], produces=["frames"])
def frames(analysis: Analysis, ctx: Context) -> Analysis:
    return dataclasses.replace(analysis, frames=score_frames(analysis.article.text, analysis.sentences))
