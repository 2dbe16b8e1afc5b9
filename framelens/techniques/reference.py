r"""A reference distribution of technique rates, so one article's rate reads against others.

"23 spans per 1,000 words" means little alone: the detector finds some loaded language in
almost any text.  The packaged reference holds the rate of every held-back article of the
Propaganda Techniques Corpus (``resources/techniques/reference.json``), measured by the same
detector and counted exactly as the report counts (unique (technique, start, end) spans per
1,000 whitespace-separated words), so a report can say where an article falls among them.
The held-back articles were never used to fit the packaged model, so their rates are those
of unseen text.

The file records a fingerprint of the technique model it was computed with (the SHA-256 of
``weights.npz`` and the span tagger's ``tagger/weights.npz``): after a retrain the reference
is still used, but it says it was computed with another model version until it is
regenerated (the only way to make it)::

    python -m framelens.train.technique_reference \
        --data ../shared/data/ptc --out framelens/resources/techniques/
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from framelens.model_files import WEIGHTS_FILE
from framelens.techniques.lexicon import TECHNIQUES

log = logging.getLogger(__name__)

REFERENCE_FILE = "reference.json"
REGENERATE = (
    "python -m framelens.train.technique_reference --data ../shared/data/ptc "
    "--out framelens/resources/techniques/"
)


@dataclass(frozen=True, slots=True)
class ArticleRates:
    """One article's technique rates per 1,000 words: all techniques together and each one."""

    words: int
    total: float
    per_technique: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Reference:
    """Technique rates of a set of reference articles, each list sorted ascending.

    ``same_model`` says whether ``model`` is the fingerprint of the packaged technique model:
    when it is not, percentiles still read against this reference, and ``note`` says so.
    """

    name: str
    description: str
    rates: tuple[float, ...]
    per_technique: Mapping[str, tuple[float, ...]]
    model: str
    computed_with: str
    same_model: bool = True

    @property
    def articles(self) -> int:
        return len(self.rates)

    def percentile(self, rate: float) -> float | None:
        """``rate``'s percentile among the reference articles' total rates (see ``percentile``)."""
        return percentile(rate, self.rates)

    def note(self) -> str:
        """One line for a reader: what the percentile is read against, and with which detector."""
        among = f"percentile among the {self.articles} {self.name} ({self.description})"
        if self.same_model:
            return f"{among}, same detector"
        return (
            f"{among}, computed with another version of the technique detector "
            f"(the reference is out of date; regenerate it: {REGENERATE})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The form of ``reference.json`` (``same_model`` is not stored: it is decided on reading)."""
        return {
            "name": self.name,
            "description": self.description,
            "articles": self.articles,
            "rates": list(self.rates),
            "per_technique": {name: list(rates) for name, rates in self.per_technique.items()},
            "model": self.model,
            "computed_with": self.computed_with,
        }


def percentile(rate: float, rates: Sequence[float]) -> float | None:
    """The share (0-100) of ``rates`` below ``rate``, each tie counted as half below.

    Ties count half so that a rate equal to every reference rate (say 0 among articles that
    all have 0) sits at the 50th percentile, not at the 0th or the 100th.  ``rates`` must be
    sorted ascending; None when it is empty (no reference, no percentile).
    """
    if not rates:
        return None
    below = bisect.bisect_left(rates, rate)
    ties = bisect.bisect_right(rates, rate) - below
    return 100 * (below + ties / 2) / len(rates)


def technique_rates(texts: Sequence[str]) -> list[ArticleRates]:
    """Each text's technique rates from the packaged detector, counted as the report counts.

    The spans are those ``analyse_texts`` finds (one parse per text), made unique by
    (technique, start, end) and divided by the words the report counts, with the report's
    own helpers, so a rate here and a rate in a report are the same number for the same text.
    """
    # the report imports this module for its percentiles; importing it at load would be a cycle
    from framelens.report.build import per_words, unique_techniques, words_of
    from framelens.techniques import analyse_texts

    out = []
    for text, (found, _) in zip(texts, analyse_texts(texts, [[] for _ in texts]), strict=True):
        unique = unique_techniques(found["readers"])
        words = words_of(text)
        counts = Counter(t.name for t in unique)
        names = list(TECHNIQUES) + sorted(counts.keys() - set(TECHNIQUES))
        out.append(
            ArticleRates(
                words, per_words(len(unique), words), {n: per_words(counts[n], words) for n in names}
            )
        )
    return out


def compute_reference(texts: Sequence[str], name: str, description: str, computed_with: str) -> Reference:
    """The reference of ``texts``: their rates under the packaged model, with that model's fingerprint."""
    rates = technique_rates(texts)
    names = list(dict.fromkeys(n for r in rates for n in r.per_technique))
    return Reference(
        name=name,
        description=description,
        rates=tuple(sorted(r.total for r in rates)),
        per_technique={n: tuple(sorted(r.per_technique.get(n, 0.0) for r in rates)) for n in names},
        model=model_fingerprint(),
        computed_with=computed_with,
    )


def write_reference(reference: Reference, directory: Path) -> Path:
    """Write ``reference`` as ``directory/reference.json``; its path.

    Keys sorted and each list of rates on one line, so a regenerated file diffs line by line.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / REFERENCE_FILE
    data = reference.to_dict()
    lines = [
        f"  {json.dumps(key)}: {json.dumps(data[key])}" for key in sorted(data) if key != "per_technique"
    ]
    techniques = data["per_technique"]
    inner = ",\n".join(
        f"    {json.dumps(name)}: {json.dumps(techniques[name])}" for name in sorted(techniques)
    )
    lines.append(f'  "per_technique": {{\n{inner}\n  }}')
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", "utf-8")
    return path


@functools.cache
def model_fingerprint() -> str:
    """The SHA-256 of the packaged technique model's ``weights.npz``, followed by its span
    tagger's (``tagger/weights.npz``) when there is one ("" when they cannot be read)."""
    folder = resources.files("framelens.resources") / "techniques"
    try:
        data = (folder / WEIGHTS_FILE).read_bytes()
        tagger = folder / "tagger" / WEIGHTS_FILE
        if tagger.is_file():
            data += tagger.read_bytes()
    except OSError as exc:
        log.warning("the technique model's weights cannot be read for its fingerprint (%s)", exc)
        return ""
    return hashlib.sha256(data).hexdigest()


def _sorted_rates(value: Any, what: str) -> tuple[float, ...]:
    if not isinstance(value, list) or not all(
        isinstance(x, int | float) and not isinstance(x, bool) and x >= 0 for x in value
    ):
        raise ValueError(f"{what} is not a list of non-negative numbers")
    return tuple(sorted(float(x) for x in value))


def parse_reference(data: Any, model: str) -> Reference:
    """A ``Reference`` from the JSON of ``reference.json``; ``model`` is the packaged model's
    fingerprint.  A ValueError says what is wrong with a malformed one."""
    if not isinstance(data, dict):
        raise ValueError("the file does not hold a JSON object")
    texts = {key: data.get(key) for key in ("name", "description", "model", "computed_with")}
    wrong = [key for key, value in texts.items() if not isinstance(value, str)]
    if wrong:
        raise ValueError(f"{', '.join(wrong)} must be strings")
    rates = _sorted_rates(data.get("rates"), "rates")
    if not rates or data.get("articles") != len(rates):
        raise ValueError(
            f"articles ({data.get('articles')!r}) must be the number of rates ({len(rates)}), > 0"
        )
    per_technique = data.get("per_technique")
    if not isinstance(per_technique, dict):
        raise ValueError("per_technique is not an object")
    return Reference(
        name=str(texts["name"]),
        description=str(texts["description"]),
        rates=rates,
        per_technique={str(k): _sorted_rates(v, f"per_technique[{k!r}]") for k, v in per_technique.items()},
        model=str(texts["model"]),
        computed_with=str(texts["computed_with"]),
        same_model=texts["model"] == model,
    )


def read_reference(path: Any, model: str) -> Reference | None:
    """The reference in ``path`` (a Path or a package resource); None, with a warning, when the
    file is missing or malformed: a report without percentiles beats no report."""
    try:
        reference = parse_reference(json.loads(path.read_text("utf-8")), model)
    except (OSError, ValueError) as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        log.warning(
            "no technique reference, so no percentiles: %s cannot be used (%s); regenerate it with %s",
            path,
            exc,
            REGENERATE,
        )
        return None
    if not reference.same_model:
        log.warning("the technique reference %s was computed with another technique model", path)
    return reference


@functools.cache
def load_reference() -> Reference | None:
    """The packaged reference, read once per process (None when it is missing or malformed)."""
    path = resources.files("framelens.resources") / "techniques" / REFERENCE_FILE
    return read_reference(path, model_fingerprint())
