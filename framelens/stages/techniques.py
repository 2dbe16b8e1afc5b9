"""Persuasion techniques per article: spans, technique, confidence and cue (``framelens.techniques``).

The stage reads the tokens of the parse the pipeline already made (tagger and lemmatizer
output only), so it parses nothing again; the span tagger reads every sentence once with
its own fine-tuned encoder (``framelens.techniques.tagger``), which is most of the stage's
cost (see ``bench/analyze.py``).  It keeps what readers are shown: the operating point of
held-back precision >= 0.5.
"""

from __future__ import annotations

import dataclasses

from framelens.context import Context, ModelKind
from framelens.models import Analysis
from framelens.pipeline import stage
from framelens.techniques import detect_tokens
from framelens.techniques.features import tokens_of


@stage(
    "techniques",
    "2",
    requires=["article"],
    produces=["techniques"],
    models=[ModelKind.spacy, ModelKind.techniques],
)
def techniques(analysis: Analysis, ctx: Context) -> Analysis:
    text = analysis.article.text
    found = detect_tokens(text, tokens_of(ctx.doc(analysis.article)), ctx.technique_model)
    return dataclasses.replace(analysis, techniques=tuple(found))
