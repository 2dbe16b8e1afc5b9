"""What the technique tagger reads in a candidate loaded word: the context half of the model.

The lexicons know a word out of context: VADER gives "cancer" and "denied" a valence and
does not know "pounced", "scuttled" or "lashed out"; on BASIL dev their model ranks the
annotators' loaded words barely above chance (out of fold, area under the ROC curve 0.68,
word precision 0.02 at two words per article).  The technique tagger
(``framelens.techniques.tagger``), trained on the Propaganda Techniques Corpus, has read
every sentence already for the technique stage and says, per word piece, whether the words
are inside a persuasion technique, and for a span which technique (its largest class is
"Loaded_Language").  Those probabilities, given to the loaded-word model as features and
weighed on BASIL dev, lift the ranking to 0.86 and word precision to 0.10 at the same
budget (``framelens.train.loaded``, 8-fold out of fold by triplet).

The features are read off the article's one tagger reading (``Context.tagger_reading``), so
they cost a matrix product per candidate word, never another encoder pass.  The model that
reads them records the tagger's identity (``tagger_identity``): another tagger gives other
probabilities, and the model must be retrained for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from framelens.techniques.tagger import Reading, SpanTagger

#: the feature of the tagger's P(inside a technique span), the highest of the word's pieces
INSIDE = "tagger_inside"
#: the prefix of the features of the tagger's technique distribution for the word's span
TECHNIQUE = "tagger="


def tagger_features(tagger: SpanTagger, reading: Reading, start: int, end: int) -> dict[str, float]:
    """The tagger's reading of the word at [start, end): P(inside a technique span) and the
    probability of each technique for the word as a span ({}: no window reads the word)."""
    window = reading.window_holding(start, end)
    if window is None:
        return {}
    inside = (window.offsets[:, 0] < end) & (start < window.offsets[:, 1])
    if not inside.any():
        return {}
    out = {INSIDE: float(np.max(window.probs[inside]))}
    probs = tagger.classify(reading, [(start, end)])[0]
    if probs is not None:
        out.update({TECHNIQUE + label: float(p) for label, p in zip(tagger.labels, probs, strict=True)})
    return out
