"""An executor that stands in for the pipeline in store and ingest tests, so they need no model.

Each article becomes an Analysis with no stages run; it counts what it is asked to analyse
and fails, on request, the articles whose text holds ``fail_on``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from framelens.models import Analysis, Article, Failure


class FakeExecutor:
    def __init__(self, fail_on: str | None = None) -> None:
        self.seen: list[str] = []
        self.fail_on = fail_on

    def __enter__(self) -> FakeExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, articles: Iterable[Article]) -> Iterator[Analysis | Failure]:
        for article in articles:
            self.seen.append(article.id)
            if self.fail_on and self.fail_on in article.text:
                yield Failure(article.source, "analysis failed (ValueError: boom); article not stored")
            else:
                yield Analysis(article=article, provenance=(("fake", "1"),))
