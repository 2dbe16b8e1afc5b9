"""Analyses as Parquet partitions: how workers hand results to the single store writer.

A partition is a folder with one Parquet file per store table (``articles``, ``analyses``
and every result table) holding exactly the rows the store's codec makes, so a partition
is DuckDB-readable on its own and the driver turns it back into equal ``Analysis`` values
with the same codec the store reads with.  The writer-owned columns (``seq``,
``ingested_at``) are left out: only the driver, when it commits, knows them.

Workers write a partition under a hidden temporary name and rename it into place, so a
reader never sees a half-written one, even on a shared file system.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from framelens.models import Analysis
from framelens.store.codec import Row, analysis_from_rows, article_from_row, article_row, result_rows
from framelens.store.schema import RESULT_TABLES, arrow_schema

#: the tables of a partition, in the order they are written
PARTITION_TABLES = ("articles", "analyses", *RESULT_TABLES)
#: columns only the store writer fills in
_WRITER_COLUMNS = frozenset({"seq", "ingested_at"})


def partition_schema(table: str) -> pa.Schema:
    """The store's Arrow schema of ``table`` less the columns only the writer knows."""
    schema = arrow_schema(table)
    return pa.schema([f for f in schema if f.name not in _WRITER_COLUMNS])


def write_partition(analyses: Sequence[Analysis], folder: Path, name: str) -> Path:
    """Write ``analyses`` as the partition ``folder/name`` (articles kept in the order given)."""
    tables: dict[str, list[Row]] = defaultdict(list)
    for analysis in analyses:
        tables["articles"].append(article_row(analysis.article))
        for table, rows in result_rows(analysis).items():
            tables[table].extend(rows)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / name
    tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    tmp.mkdir()
    try:
        for table in PARTITION_TABLES:
            schema = partition_schema(table)
            batch = pa.Table.from_pylist(
                [{c: r.get(c) for c in schema.names} for r in tables[table]], schema=schema
            )
            pq.write_table(batch, tmp / f"{table}.parquet")
        if final.exists():  # a task that Dask ran twice (a worker lost after it finished)
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def read_partition(path: Path) -> list[Analysis]:
    """The analyses of the partition at ``path``, in the order they were written."""
    tables = {t: pq.read_table(path / f"{t}.parquet").to_pylist() for t in PARTITION_TABLES}
    metas = {r["article_id"]: r for r in tables["analyses"]}
    per: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table in RESULT_TABLES:
        for row in tables[table]:
            per[row["article_id"]][table].append(row)
    return [
        analysis_from_rows(article_from_row(row), metas[row["id"]], per[row["id"]])
        for row in tables["articles"]
    ]
