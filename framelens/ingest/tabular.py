"""JSONL and CSV dumps (PLACEHOLDER)."""

from __future__ import annotations

from collections.abc import Iterator

from framelens.config import Settings
from framelens.ingest.draft import Draft
from framelens.ingest.sources import RawInput
from framelens.models import Failure


def read_jsonl(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    yield Failure(raw.source, "JSONL reading is not implemented yet")


def read_csv(raw: RawInput, settings: Settings) -> Iterator[Draft | Failure]:
    yield Failure(raw.source, "CSV reading is not implemented yet")
