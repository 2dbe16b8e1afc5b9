"""Load DuckDB's full-text search extension offline, from the ``duckdb-ext-fts`` package.

DuckDB would download the extension on first use; framelens must never download at run
time, so the extension file comes from a pinned wheel whose folder has DuckDB's own
layout (``extensions/v<duckdb version>/<platform>/fts.duckdb_extension``).  Pointing the
connection's ``extension_directory`` there and switching auto-install off makes ``LOAD
fts`` read that file and nothing else.
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

import duckdb

from framelens.errors import StoreError

PACKAGE = "duckdb-ext-fts"


@functools.cache
def extension_directory() -> Path:
    """The folder to use as DuckDB's ``extension_directory``; StoreError when the package is absent."""
    try:
        files = metadata.files(PACKAGE) or []
    except metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == "fts.duckdb_extension":
            located = Path(str(file.locate()))
            # .../extensions/v1.4.4/linux_amd64/fts.duckdb_extension -> .../extensions
            if located.is_file():
                return located.parents[2]
    raise StoreError(
        f"DuckDB's full-text search extension is not installed; run `pip install {PACKAGE}=="
        f"{duckdb.__version__}.*` (the version must match duckdb {duckdb.__version__})"
    )


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the fts extension into ``con`` from the packaged file, never from the network."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET extension_directory = ?", [str(extension_directory())])
    try:
        con.execute("LOAD fts")
    except duckdb.Error as exc:
        raise StoreError(
            f"DuckDB's fts extension cannot be loaded ({str(exc).splitlines()[0]}); reinstall "
            f"`{PACKAGE}` at the version that matches duckdb {duckdb.__version__}"
        ) from None
