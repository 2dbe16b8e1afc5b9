"""Sentence boundaries from the parser, as spans (later stages cite sentences as evidence)."""

from __future__ import annotations

import dataclasses

from framelens.context import Context, ModelKind
from framelens.models import Analysis, Span
from framelens.pipeline import stage


@stage("sentences", "1", requires=["article"], produces=["sentences"], models=[ModelKind.spacy])
def sentences(analysis: Analysis, ctx: Context) -> Analysis:
    doc = ctx.doc(analysis.article)
    spans = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        spans.append(Span(start, start + len(stripped)))
    return dataclasses.replace(analysis, sentences=tuple(spans))
