"""Export every table and view to Parquet or CSV files, one per relation."""

from __future__ import annotations

from pathlib import Path

import duckdb

INTERNAL = {"file_state", "normalise_cache", "pipeline_state"}


def export_all(
    con: duckdb.DuckDBPyConnection, directory: Path, fmt: str = "parquet"
) -> list[tuple[str, int]]:
    directory.mkdir(parents=True, exist_ok=True)
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        if r[0] not in INTERNAL
    ]
    written = []
    for name in names:
        target = directory / f"{name}.{fmt}"
        option = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{target.as_posix()}' {option}")
        rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        written.append((name, rows))
    return written
