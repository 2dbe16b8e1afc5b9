"""``compare``: articles (or their analyses, or paths) in, one Comparison out.

The steps run in a fixed order because each needs the one before: actors are linked
first (every later step speaks in linked ids), then word choice, tone, claims and
sources are computed independently from the analyses and the links, and the findings of
all of them are ranked together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from os import PathLike
from pathlib import Path

from framelens.comparison.claims import align_claims
from framelens.comparison.lexicon import compare_lexicon
from framelens.comparison.link import link_actors
from framelens.comparison.overview import article_labels, overview
from framelens.comparison.records import CLAIM_STATUSES, ClaimGroup, Comparison, Finding
from framelens.comparison.sources import source_findings, sources
from framelens.comparison.tones import tone_findings, tone_matrix
from framelens.comparison.wording import event_terms, matrix_actors, word_choice, wording_findings
from framelens.config import Settings, load_settings
from framelens.errors import UsageError
from framelens.models import Analysis, Article, Failure

log = logging.getLogger(__name__)

#: the largest comparison the report is designed for; more still runs, with a note
MAX_ARTICLES = 200

Item = Article | Analysis | str | PathLike[str]

#: finding kinds in the order a reader should see them, most telling first
_KIND_RANK = {
    "disputed": 0,
    "numeric_disagreement": 1,
    "date_disagreement": 2,
    "event_wording": 3,
    "opposite": 4,
    "quote_attribution": 5,
    "label_contrast": 6,
    "tone_difference": 7,
    "only_in": 8,
    "unique_source": 9,
    "unique_event_term": 10,
    "unique_label": 11,
}
#: claim statuses that are no difference between articles, so no finding
_SHARED = frozenset({"agree", "shared_quote"})


def _gather(
    items: Item | Iterable[Item],
    settings: Settings,
    jobs: int,
    on_result: Callable[[Analysis | Failure], None] | None = None,
) -> tuple[list[Analysis], list[Failure]]:
    """Analyses in input order: paths are read, Articles analysed, Analyses kept as they are."""
    from framelens.exec.local import LocalExecutor
    from framelens.readers import read

    if isinstance(items, str | PathLike | Article | Analysis):
        items = [items]
    slots: list[Analysis | Article] = []
    failures: list[Failure] = []
    paths: list[str] = []

    def flush() -> None:
        for got in read(paths, settings):
            if isinstance(got, Failure):
                failures.append(got)
            else:
                slots.append(got)
        paths.clear()

    for item in items:
        if isinstance(item, str | PathLike):
            paths.append(str(Path(item)) if not isinstance(item, str) else item)
            continue
        flush()
        slots.append(item)
    flush()
    todo = [s for s in slots if isinstance(s, Article)]
    analysed: dict[int, Analysis] = {}
    if todo:
        # the executor turns an article whose analysis fails into a Failure naming it
        with LocalExecutor(settings, jobs) as executor:
            for article, result in zip(todo, executor.map(todo), strict=True):
                if on_result is not None:
                    on_result(result)
                if isinstance(result, Failure):
                    failures.append(result)
                else:
                    analysed[id(article)] = result
    return [
        s if isinstance(s, Analysis) else analysed[id(s)]
        for s in slots
        if isinstance(s, Analysis) or id(s) in analysed
    ], failures


def _dedupe(analyses: list[Analysis]) -> tuple[list[Analysis], list[str]]:
    """One analysis per article id: the same text given twice would agree with itself."""
    seen: dict[str, Analysis] = {}
    notes = []
    for analysis in analyses:
        aid = analysis.article.id
        if aid in seen:
            notes.append(
                f"{analysis.article.source} has the same text as {seen[aid].article.source}; compared once"
            )
            continue
        seen[aid] = analysis
    return list(seen.values()), notes


def _about_central(group: ClaimGroup, central: Collection[str]) -> bool:
    """Whether a member of the claim group names one of the story's ``central`` actors."""
    return any(actor in central for member in group.members for actor in member.actors)


def _claim_findings(
    groups: list[ClaimGroup], top_only_in: int, central: Collection[str] = ()
) -> list[Finding]:
    """The claim groups that are differences between articles, as findings: within a status,
    those about the story's ``central`` actors first (also when choosing the ``top_only_in``
    claims only one article carries), then by score."""
    rank = {status: n for n, status in enumerate(CLAIM_STATUSES)}
    ordered = sorted(groups, key=lambda g: (rank[g.status], not _about_central(g, central), -g.score))
    findings = []
    only_in = 0
    for group in ordered:
        if group.status in _SHARED:
            continue
        if group.status == "only_in":
            only_in += 1
            if only_in > top_only_in:
                continue
        evidence = tuple((m.article_id, m.span) for m in group.members)
        findings.append(Finding(group.status, group.statement, evidence, group.score, group.id))
    return findings


def _rank_findings(
    findings: Iterable[Finding], groups: Iterable[ClaimGroup], central: Collection[str]
) -> list[Finding]:
    """Findings in the order a reader should see them: by kind (``_KIND_RANK``); within a
    kind, a claim finding about the story's ``central`` actors before one about peripheral
    actors whatever their scores (claim kinds are no other finding's kinds); then by score."""
    peripheral: dict[tuple[str, str | None], bool] = {
        (g.status, g.id): not _about_central(g, central) for g in groups
    }
    return sorted(
        findings,
        key=lambda f: (
            _KIND_RANK.get(f.kind, 99),
            peripheral.get((f.kind, f.subject), False),
            -f.score,
            f.statement,
        ),
    )


def compare(
    articles_or_paths: Item | Iterable[Item],
    settings: Settings | None = None,
    *,
    jobs: int = 1,
    on_result: Callable[[Analysis | Failure], None] | None = None,
) -> Comparison:
    """Compare the coverage of one event across articles.

    ``articles_or_paths`` may mix Articles, Analyses (used as they are, so a caller that
    already analysed need not pay twice) and paths (files, folders, globs, read with
    ``framelens.read``).  ``jobs`` > 1 analyses in that many processes.  A single article
    gives a Comparison whose ``message`` says there is nothing to compare, with that
    article's overview, actors and word choice still filled in.

    ``on_result`` is called with each analysis or analysis failure as it arrives (progress).
    Raises UsageError when no article could be read at all.
    """
    settings = settings or load_settings()
    gathered, failures = _gather(articles_or_paths, settings, jobs, on_result)
    analyses, notes = _dedupe(gathered)
    if not analyses:
        problems = "; ".join(f.message() for f in failures) or "no input was given"
        raise UsageError(f"no article to compare ({problems}); give two or more articles about one event")
    lex = compare_lexicon(settings.comparison)
    if len(analyses) > MAX_ARTICLES:
        notes.append(
            f"{len(analyses)} articles: the report is designed for up to {MAX_ARTICLES}; expect a long report"
        )
    articles = [a.article for a in analyses]
    labels = article_labels(articles)
    actors, links = link_actors(analyses)
    shown = matrix_actors(actors, len(analyses), lex.top_actors)
    central = {a.id for a in shown[:3]}
    cells = word_choice(analyses, shown, links)
    terms = event_terms(analyses, links, central)
    tones = tone_matrix(analyses, shown, links)
    rows, summaries = sources(analyses, actors, links, lex)
    message = None
    groups: list[ClaimGroup] = []
    findings: list[Finding] = []
    if len(analyses) == 1:
        message = (
            f"Only one article ({labels[articles[0].id]}) was given: there is nothing to compare. "
            "The report shows that article alone; give two or more articles about one event."
        )
    else:
        groups = align_claims(analyses, actors, links, labels, lex, central=[a.id for a in shown])
        findings = _rank_findings(
            [
                *_claim_findings(groups, lex.top_only_in, central),
                *wording_findings(cells, terms, shown, labels),
                *tone_findings(tones, shown, labels),
                *source_findings(rows, labels),
            ],
            groups,
            central,
        )
    log.info(
        "compared %d articles: %d linked actors, %d claim groups, %d findings",
        len(analyses),
        len(actors),
        len(groups),
        len(findings),
    )
    return Comparison(
        articles=tuple(articles),
        analyses=tuple(analyses),
        actors=actors,
        findings=tuple(findings),
        word_choice=tuple(cells),
        event_terms=tuple(terms),
        tones=tuple(tones),
        claims=tuple(groups),
        sources=tuple(rows),
        source_summaries=tuple(summaries),
        overview=tuple(overview(analyses, labels)),
        links=links,
        message=message,
        failures=tuple(failures),
        notes=tuple(notes),
    )
