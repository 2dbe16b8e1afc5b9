"""Story reports computed when stories are built, stored, and only read by the web server.

A story's report is the comparison of its stored analyses (``compare_story``) as report
JSON.  Computing one loads models and takes from a fraction of a second to many seconds,
so ``framelens stories`` computes it for every story that lacks one, right after placing
articles; ``Store.save_stories`` deletes the report of every story it changes in the same
transaction, so a stored report always belongs to the story's present members (its
``members`` fingerprint says which).  The web server shows the stored report or says how
to make it; it never compares.

The store is let go of while a report is computed (``Store.release``): a web server on
the same file keeps answering between two reports.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from framelens.config import Settings
from framelens.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReportSummary:
    """What one run did: reports ``built``, and stories whose members changed meanwhile."""

    built: int = 0
    changed: int = 0
    todo: int = 0


def report_json(report: dict[str, Any]) -> str:
    """The stored form of a report: strict JSON (no NaN), non-ASCII kept."""
    return json.dumps(report, ensure_ascii=False, allow_nan=False, default=str)


def story_report(store: Store, story_id: int, settings: Settings) -> dict[str, Any]:
    """The report JSON of one stored story, computed from its stored analyses."""
    from framelens.corpus.stories import compare_story
    from framelens.report.build import build_report

    report: dict[str, Any] = json.loads(report_json(build_report(compare_story(store, story_id, settings))))
    return report


def build_story_reports(
    store: Store,
    settings: Settings,
    *,
    max_articles: int | None = None,
    on_progress: Callable[[ReportSummary], None] | None = None,
) -> ReportSummary:
    """Compute and store the report of every story that has none (of at most ``max_articles``).

    Safe to interrupt: each report is stored in its own transaction, and the next run
    computes the rest.
    """
    todo = store.stories_without_report(max_articles)
    summary = ReportSummary(todo=len(todo))
    for story_id in todo:
        members = store.members_key(story_id)
        report = story_report(store, story_id, settings)
        # the comparison took the time; the writes are short
        store.release()
        if store.put_story_report(story_id, members, report_json(report)):
            summary.built += 1
        else:
            summary.changed += 1
            log.info("story %d changed while its report was computed; the next run makes it", story_id)
        store.release()
        if on_progress is not None:
            on_progress(summary)
    return summary
