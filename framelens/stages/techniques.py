"""Persuasion techniques per article: spans, technique, confidence and cue (``framelens.techniques``).

The stage reads the tokens of the parse the pipeline already made (tagger and lemmatizer
output only), so it parses nothing again; the span tagger reads every sentence once with
its own fine-tuned encoder (``framelens.techniques.tagger``), which is most of the stage's
cost (see ``bench/analyze.py``).  That reading is the Context's (``Context.tagger_reading``):
the tone stage, whose head reads the same encoder, usually made it already.  It keeps what
readers are shown: the operating point of held-back precision >= 0.5.
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
    article = analysis.article
    # the tagger's reading is the Context's: the tone stage may have made it already
    found = detect_tokens(
        article.text, tokens_of(ctx.doc(article)), ctx.technique_model, reading=ctx.tagger_reading(article)
    )
    return dataclasses.replace(analysis, techniques=tuple(found))
