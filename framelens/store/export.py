"""Export every store table to one file per table: Parquet (DuckDB-readable) or JSON Lines.

Files are written through DuckDB's relation API and pyarrow, so paths never enter SQL
text.  Each file is written beside its final name and renamed when complete, so an
interrupted export never leaves a truncated file under a table's name.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from framelens.errors import UsageError
from framelens.store.duck import Store
from framelens.store.schema import TABLES

#: tables exported besides the data tables: the record of how the store was built
META_TABLES = ("schema_version", "schema_migrations")


class ExportFormat(StrEnum):
    parquet = "parquet"
    jsonl = "jsonl"


@dataclass(frozen=True, slots=True)
class Exported:
    table: str
    path: Path
    rows: int


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_store(store: Store, directory: Path, fmt: ExportFormat) -> list[Exported]:
    """Write ``<table>.<fmt>`` for every table of ``store`` into ``directory`` (created if needed)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{directory}: cannot be created: {exc.strerror or exc}") from None
    out: list[Exported] = []
    for table in (*META_TABLES, *TABLES):
        path = directory / f"{table}.{fmt.value}"
        partial = path.with_name(f".{path.name}.partial")
        cur = store.cursor()
        reader = cur.table(table).fetch_arrow_reader(batch_size=10_000)
        rows = 0
        try:
            if fmt is ExportFormat.parquet:
                with pq.ParquetWriter(partial, reader.schema) as writer:
                    for batch in reader:
                        writer.write_batch(batch)
                        rows += batch.num_rows
            else:
                with open(partial, "w", encoding="utf-8") as fh:
                    for batch in reader:
                        for row in batch.to_pylist():
                            fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
                        rows += batch.num_rows
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise UsageError(f"{path}: cannot be written: {exc.strerror or exc}") from None
        finally:
            cur.close()
        out.append(Exported(table, path, rows))
    return out
