"""Persuasion techniques per article: spans, technique, confidence and cue (``framelens.techniques``).

The stage reads the tokens of the parse the pipeline already made (tagger and lemmatizer
output only), so it parses nothing again and encodes nothing: it adds a small share to
``analyze`` time (see ``bench/analyze.py``).
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
    "1",
    requires=["article"],
    produces=["techniques"],
    models=[ModelKind.spacy, ModelKind.techniques],
)
def techniques(analysis: Analysis, ctx: Context) -> Analysis:
    text = analysis.article.text
    found = detect_tokens(text, tokens_of(ctx.doc(analysis.article)), ctx.technique_model)
    return dataclasses.replace(analysis, techniques=tuple(found))
