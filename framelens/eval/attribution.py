"""Attribution (who said what) on PolNeAR-format brat data: source, cue and content spans.

Layout: ``DIR/text/<article>.txt`` and ``DIR/attributions/<article>_<annotator>.ann``
(PolNeAR's train and dev folders).  An article annotated by several annotators is scored
against the first ``.ann`` file in name order.  Every ``E`` line of type ``Attribution``
or ``Attribution-no-source`` is one gold attribution; its ``Content*`` spans (a
discontinuous span, or ``Content2``) together are its content, likewise its cue and
source.  ``Discuss``/``Discard`` spans and annotator notes are ignored.

framelens's attributions are its ``direct`` and ``indirect`` quotes (scare quotes are
not attributions).  Quotes that share a cue span are ONE attribution whose content is
all their spans: an interrupted quote ('"A," she said, "B."') and a quote continued
without a cue of its own, as PolNeAR joins them into one discontinuous content.  The
attribution's source is the quote's ``speaker_span``, its cue the quote's ``cue``.

The metric, exactly:

- **Words.**  A span's words are the ``\\w+`` runs of the article that share a character
  with it; punctuation and quotation marks do not count.
- **Overlap** of two spans = shared words / words of the LONGER span (symmetric: a
  sentence-long prediction does not match a two-word gold span, nor the reverse).
- **Role P/R/F1** (source, cue, content), per article: predicted spans of the role
  (distinct word sets) are paired one-to-one with gold spans of the role, greedily by
  overlap (highest first), keeping pairs with overlap >= 0.3; P = paired / predicted,
  R = paired / gold, summed over articles.  **Exact**: the same, pairing only spans with
  the same word set.
- **Attribution P/R/F1**: a predicted attribution is matched to a gold one when their
  CONTENT spans overlap >= 0.3, paired one-to-one greedily as above; the source and cue
  are not required to match (they are scored per role, and by the speaker accuracy).
- **Speaker accuracy**: over matched attributions whose gold source is *named*, the
  share whose predicted speaker names it.  The gold source's *name word* is the last word
  of the source after dropping parentheses and cutting at the first comma and at the
  first lower-case preposition ("Sam Heller, an analyst at ..." -> Heller; "White House
  spokesman Josh Earnest" -> Earnest; "The Roper Center for ..." -> Center); the source is
  named when that word is capitalised, is not a pronoun, determiner or generic speaker
  noun ("Officials"), and, when it opens a sentence, is not a word the article also
  writes in lower case.  "The Democratic nominee", "he" and "a source" are not named.  The
  prediction names it when that word is one of the words of the predicted speaker's name
  (after pronoun resolution) or of its speaker span.  A matched attribution with no
  predicted speaker counts as wrong.

PolNeAR's test split is held out: never score it.  Report the dev split as development
data (rules were tuned on it).
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framelens.config import Settings
from framelens.errors import InputError
from framelens.eval.scores import PRF, prf
from framelens.models import Analysis, Article, Quote, Span, article_id

log = logging.getLogger(__name__)

__all__ = [
    "AttributionArticle",
    "AttributionReport",
    "AttributionScores",
    "GoldAttribution",
    "Predicted",
    "evaluate_attribution",
    "name_word",
    "parse_ann",
    "predicted_attributions",
    "read_polnear",
    "score_articles",
]

#: the overlap at which a span counts as found (the Gender Gap Tracker's lower threshold)
THRESHOLD = 0.3
ROLES = ("source", "cue", "content")
#: (system, data, quote P, R, F1, speaker accuracy), from the Gender Gap Tracker's evaluation
#: README (github.com/sfu-discourse-lab/GenderGapTracker, nlp/english/evaluation/src/README.md,
#: V7.0): its own 98 annotated Canadian news articles, not PolNeAR; shown for scale.
PUBLISHED = (
    ("Gender Gap Tracker V7.0, 0.3 overlap", "its own news data", 0.846, 0.827, 0.837, 0.865),
    ("Gender Gap Tracker V7.0, 0.8 overlap", "its own news data", 0.770, 0.752, 0.761, 0.874),
)

Fragments = tuple[tuple[int, int], ...]

_WORD = re.compile(r"\w+")
#: a brat line: T (span) or E (event) with its id and a tab; other lines are notes or continued text
_ANN_LINE = re.compile(r"[TE]\d+\t[^\t]+")
_ATTRIBUTION_TYPES = frozenset({"Attribution", "Attribution-no-source"})
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’&-]*")
_PARENS = re.compile(r"\([^)]*\)")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PREPOSITIONS = frozenset({"of", "for", "in", "at", "from", "with", "to", "by", "on", "near", "about"})
_NOT_NAMES = frozenset(
    {
        "i", "he", "she", "it", "we", "they", "you", "this", "that", "these", "those", "the",
        "a", "an", "some", "many", "most", "few", "several", "others", "other", "all", "both",
        "each", "one", "someone", "somebody", "anyone", "everyone", "nobody", "who", "which",
    }
)  # fmt: skip
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*[\"“”']?\s*|\n\s*|[\"“]\s*)$")


# --- the corpus -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: character fragments of its source (empty when it has none), cue and content."""

    source: Fragments
    cue: Fragments
    content: Fragments


@dataclass(frozen=True, slots=True)
class AttributionArticle:
    """One article's text and the gold attributions of one annotator."""

    id: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]


def parse_ann(ann: str, text: str, where: str = "<ann>") -> tuple[GoldAttribution, ...]:
    """The attributions of one brat ``.ann`` file; offsets are checked against ``text``."""
    spans: dict[str, Fragments] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not _ANN_LINE.match(line):
            continue  # a note, or the rest of a span's text that holds a line break
        parts = line.split("\t")
        if line.startswith("T"):
            _, _, offsets = parts[1].partition(" ")
            try:
                frags = tuple((int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";")))
            except ValueError:
                raise InputError(
                    where, f"line {lineno} has offsets {offsets!r}, not 'start end[;start end]'"
                ) from None
            if any(not 0 <= a <= b <= len(text) for a, b in frags):
                raise InputError(where, f"line {lineno} has offsets outside the {len(text)}-character text")
            spans[parts[0]] = frags
        elif line.startswith("E") and len(parts) >= 2:
            pieces = [arg.partition(":") for arg in parts[1].split()]
            if pieces and all(sep for _, sep, _ in pieces):
                events.append((pieces[0][0], [(role, ref) for role, _, ref in pieces[1:]]))
    out = []
    for kind, args in events:
        if kind not in _ATTRIBUTION_TYPES:
            continue
        found: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
        for role, ref in args:
            base = role.rstrip("0123456789").lower()
            if base in found:
                if ref not in spans:
                    raise InputError(where, f"an attribution refers to {ref}, which the file does not define")
                found[base].extend(spans[ref])
        if found["content"]:
            out.append(GoldAttribution(*(tuple(sorted(found[role])) for role in ROLES)))
    return tuple(out)


def read_polnear(directory: Path, limit: int | None = None) -> list[AttributionArticle]:
    """The articles of a PolNeAR-format folder (``text/`` and ``attributions/``), sorted by name."""
    directory = Path(directory)
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            str(directory),
            "holds no text/ and attributions/ folders; give a PolNeAR split folder such as polnear/dev",
        )
    anns: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        anns.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    out = []
    for path in sorted(text_dir.glob("*.txt")):
        found = anns.get(path.stem)
        if not found:
            log.info("%s has no .ann file; skipped", path.name)
            continue
        text = path.read_text("utf-8")
        ann = found[0]
        gold = parse_ann(ann.read_text("utf-8"), text, str(ann))
        out.append(AttributionArticle(path.stem, text, ann.stem.rsplit("_", 1)[-1], gold))
        if limit is not None and len(out) >= limit:
            break
    if not out:
        raise InputError(str(directory), "holds no article with both a .txt and an .ann file")
    return out


# --- predictions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Predicted:
    """One predicted attribution: fragments of its source, cue and content, and the speaker's name."""

    source: Fragments
    cue: Fragments
    content: Fragments
    speaker: str | None


def _frags(span: Span | None) -> Fragments:
    return ((span.start, span.end),) if span is not None else ()


def predicted_attributions(quotes: Iterable[Quote]) -> list[Predicted]:
    """framelens's quotes as attributions: direct and indirect quotes, those sharing a cue joined."""
    groups: dict[tuple[Any, ...], list[Quote]] = {}
    for quote in quotes:
        if quote.kind not in ("direct", "indirect"):
            continue
        key = ("cue", quote.cue.start, quote.cue.end) if quote.cue else ("quote", quote.span.start)
        groups.setdefault(key, []).append(quote)
    out = []
    for members in groups.values():
        first = members[0]
        out.append(
            Predicted(
                source=_frags(first.speaker_span),
                cue=_frags(first.cue),
                content=tuple(sorted((q.span.start, q.span.end) for q in members)),
                speaker=first.speaker_name,
            )
        )
    return out


# --- the metric -----------------------------------------------------------------------


class _Words:
    """The ``\\w+`` words of one text, to turn character fragments into word sets."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_WORD.finditer(text))
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]

    def of(self, frags: Fragments) -> frozenset[int]:
        words: set[int] = set()
        for start, end in frags:
            first = bisect.bisect_right(self.ends, start)  # the first word ending after ``start``
            last = bisect.bisect_left(self.starts, end)  # words starting before ``end``
            words.update(range(first, last))
        return frozenset(words)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Shared words / words of the longer span (0 when either is empty)."""
    longer = max(len(a), len(b))
    return len(a & b) / longer if longer and a and b else 0.0


def pair(
    predicted: Sequence[frozenset[int]], gold: Sequence[frozenset[int]], exact: bool = False
) -> list[tuple[int, int]]:
    """One-to-one (predicted, gold) index pairs, greedily by overlap >= ``THRESHOLD`` (or equal word sets)."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = (1.0 if p == g and p else 0.0) if exact else overlap(p, g)
            if score >= (1.0 if exact else THRESHOLD):
                candidates.append((-score, i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def name_word(
    source: str, text: str = "", start: int | None = None, generic: Iterable[str] = ()
) -> str | None:
    """The word that names a gold source (see the module docstring), or None when it is not named.

    ``text`` and ``start`` (the source's offset in it) let a sentence-initial word be
    checked against the article's lower-case words; ``generic`` are speaker nouns
    ("official") that never name anyone.
    """
    head = _PARENS.sub(" ", source).split(",")[0]
    words = [_POSSESSIVE.sub("", w.rstrip(".")) for w in _NAME_WORD.findall(head)]
    kept: list[str] = []
    for k, word in enumerate(words):
        if k and word in _PREPOSITIONS:
            break
        kept.append(word)
    if not kept:
        return None
    last = kept[-1]
    lower = last.lower()
    nouns = set(generic)
    if not last[:1].isupper() or lower in _NOT_NAMES or lower in nouns or lower.rstrip("s") in nouns:
        return None
    opens = len(kept) == 1 and start is not None and _SENTENCE_START.search(text[max(0, start - 4) : start])
    if opens and re.search(rf"\b{re.escape(lower)}\b", text):
        return None  # "Polls show ...": a common word, capitalised because it opens the sentence
    return last


def _speaker_words(pred: Predicted, text: str) -> set[str]:
    said = " ".join([pred.speaker or "", *(text[a:b] for a, b in pred.source)])
    return {_POSSESSIVE.sub("", w.rstrip(".")).casefold() for w in _NAME_WORD.findall(said)}


@dataclass(frozen=True, slots=True)
class AttributionScores:
    """One system's scores: per role at the overlap and exact, attributions, speaker accuracy."""

    roles: dict[str, PRF]
    exact: dict[str, PRF]
    attribution: PRF
    speaker_correct: int
    speaker_named: int

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_named if self.speaker_named else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "roles": {role: s.to_dict() for role, s in self.roles.items()},
            "exact": {role: s.to_dict() for role, s in self.exact.items()},
            "attribution": self.attribution.to_dict(),
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_correct": self.speaker_correct,
            "speaker_named": self.speaker_named,
        }


def score_articles(
    articles: Sequence[AttributionArticle], predictions: Sequence[Sequence[Predicted]]
) -> AttributionScores:
    """Score predicted attributions against the gold ones, article by article (see the module docstring)."""
    from framelens.text.quote_lexicon import quote_lexicon

    generic = quote_lexicon().generic_nouns
    counts = {
        (role, exact): [0, 0, 0] for role in ROLES for exact in (False, True)
    }  # paired, predicted, gold
    attr = [0, 0, 0]
    correct = named = 0
    for article, preds in zip(articles, predictions, strict=True):
        words = _Words(article.text)
        for role in ROLES:
            gold_sets = list(
                dict.fromkeys(s for g in article.attributions if (s := words.of(getattr(g, role))))
            )
            pred_sets = list(dict.fromkeys(s for p in preds if (s := words.of(getattr(p, role)))))
            for exact in (False, True):
                row = counts[(role, exact)]
                row[0] += len(pair(pred_sets, gold_sets, exact))
                row[1] += len(pred_sets)
                row[2] += len(gold_sets)
        gold_content = [words.of(g.content) for g in article.attributions]
        pred_content = [words.of(p.content) for p in preds]
        pairs = pair(pred_content, gold_content)
        attr[0] += len(pairs)
        attr[1] += len(preds)
        attr[2] += len(article.attributions)
        for i, j in pairs:
            gold = article.attributions[j]
            if not gold.source:
                continue
            start = gold.source[0][0]
            source = " ".join(article.text[a:b] for a, b in gold.source)
            key = name_word(source, article.text, start, generic)
            if key is None:
                continue
            named += 1
            correct += key.casefold() in _speaker_words(preds[i], article.text)

    def _score(row: list[int]) -> PRF:
        return prf(float(row[0]), row[1], float(row[0]), row[2])

    return AttributionScores(
        roles={role: _score(counts[(role, False)]) for role in ROLES},
        exact={role: _score(counts[(role, True)]) for role in ROLES},
        attribution=_score(attr),
        speaker_correct=correct,
        speaker_named=named,
    )


# --- the report -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttributionReport:
    """Scores of each system on one folder; ``to_dict`` is the JSON twin of ``render``."""

    directory: str
    articles: int
    gold: int
    systems: dict[str, AttributionScores]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "directory": self.directory,
            "articles": self.articles,
            "gold_attributions": self.gold,
            "threshold": THRESHOLD,
            "systems": {name: s.to_dict() for name, s in self.systems.items()},
            "published": [
                {"system": n, "data": d, "precision": p, "recall": r, "f1": f, "speaker_accuracy": a}
                for n, d, p, r, f, a in PUBLISHED
            ],
            "notes": list(self.notes),
        }

    def render(self) -> str:
        width = max(len(n) for n in [*self.systems, *(p[0] for p in PUBLISHED), "system"])
        lines = [
            f"Attribution (PolNeAR format) {self.directory}: {self.articles} articles, "
            f"{self.gold} gold attributions",
            "",
            f"{'spans by role':<{width}}  {'role':<7}  {'P@0.3':>5}  {'R@0.3':>5}  {'F1@0.3':>6}"
            f"  {'P=':>5}  {'R=':>5}  {'F1=':>5}  {'spans':>6}",
        ]
        for name, s in self.systems.items():
            for role in ROLES:
                o, e = s.roles[role], s.exact[role]
                lines.append(
                    f"{name:<{width}}  {role:<7}  {o.precision:5.3f}  {o.recall:5.3f}  {o.f1:6.3f}"
                    f"  {e.precision:5.3f}  {e.recall:5.3f}  {e.f1:5.3f}  {o.predicted:6d}"
                )
        lines += [
            "",
            f"{'attributions (content >= 0.3)':<{width}}  {'P':>5}  {'R':>5}  {'F1':>5}  {'found':>6}"
            f"  {'speaker':>7}  {'named':>6}",
        ]
        for name, s in self.systems.items():
            a = s.attribution
            lines.append(
                f"{name:<{width}}  {a.precision:5.3f}  {a.recall:5.3f}  {a.f1:5.3f}  {a.predicted:6d}"
                f"  {s.speaker_accuracy:7.3f}  {s.speaker_named:6d}"
            )
        for name, data, p, r, f, acc in PUBLISHED:
            lines.append(
                f"{name:<{width}}  {p:5.3f}  {r:5.3f}  {f:5.3f}  {'-':>6}  {acc:7.3f}  {'-':>6}  ({data})"
            )
        lines += ["", *self.notes]
        return "\n".join(lines)


def _article(item: AttributionArticle) -> Article:
    """The text as annotated (not cleaned: the gold offsets point into it).

    No paragraphs are given: the stages then take the blank-line blocks, PolNeAR's paragraphs.
    """
    return Article(id=article_id(item.text), source=item.id, text=item.text, language="en")


def analyse(articles: Sequence[AttributionArticle], settings: Settings) -> list[Analysis]:
    """framelens's analysis of each article, through the stages the quotes need (not tone and later)."""
    from framelens.context import Context
    from framelens.stages import pipeline_of

    pipeline = pipeline_of({"sentences", "actors", "labels", "quotes"})
    return list(pipeline.run([_article(a) for a in articles], Context(settings)))


def evaluate_attribution(directory: Path, settings: Settings, limit: int | None = None) -> AttributionReport:
    """Score framelens's quotes as attributions on a PolNeAR-format folder (see the module docstring)."""
    articles = read_polnear(Path(directory), limit=limit)
    systems = {}
    for name, learned in (("framelens", True), ("framelens, rules only", False)):
        chosen = dataclasses.replace(settings, learned_cues=learned)
        predictions = [predicted_attributions(a.quotes) for a in analyse(articles, chosen)]
        systems[name] = score_articles(articles, predictions)
    return AttributionReport(
        directory=Path(directory).name,
        articles=len(articles),
        gold=sum(len(a.attributions) for a in articles),
        # framelens: the word lists and the learned cue gate; rules only: the word lists alone
        systems=systems,
        notes=(
            f"Spans by role: pairs at word overlap >= {THRESHOLD} (shared words / words of the longer span), "
            "and exact (same words); 'spans' = distinct predicted spans.",
            "Attributions: matched when their content spans overlap >= 0.3; speaker accuracy over matched "
            "attributions whose gold source is named.",
            "framelens = the quotes stage's word lists plus its learned cue gate (trained on PolNeAR train); "
            "rules only = the word lists alone (learned_cues = false).",
            "Gender Gap Tracker figures are on its own annotated news, not on this folder: for scale only.",
        ),
    )
