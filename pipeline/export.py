"""Export every table and view to Parquet or CSV files, one per relation.

``excel=True`` writes CSV the way a Norwegian Excel opens it without the import wizard:
UTF-8 with a byte-order mark (else æøå come out as mojibake), ';' between fields (',' is
the decimal comma), decimals with a comma, CRLF as the one line ending (between rows and
inside multi-line text), and municipality numbers as text formulas (="0301"), so that
Excel keeps their leading zero. A text that opens as a formula would (=, +, -, @, a tab or
a carriage return: '=HYPERLINK(...)' in a report, '+47 ...' from a contact line) is written
with a ' before it, so that Excel shows it as text and never runs it (OWASP's advice
against CSV injection); numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import duckdb

INTERNAL = {"file_state", "normalise_cache", "pipeline_state"}


def export_all(
    con: duckdb.DuckDBPyConnection, directory: Path, fmt: str = "parquet", excel: bool = False
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
        if excel:
            written.append((name, write_excel_csv(con, name, target)))
            continue
        option = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
        con.execute(f'COPY (SELECT * FROM "{name}") TO {_sql_string(target.as_posix())} {option}')
        rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        written.append((name, rows))
    return written


def _sql_string(text: str) -> str:
    """A string literal for SQL (a folder named "Ole's rapporter" is a path like any other)."""
    return "'" + text.replace("'", "''") + "'"


_BREAKS = re.compile(r"\r\n|\r|\n")
# what makes Excel read a cell as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _excel_cell(value: object, text_number: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_excel_cell(v, False) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        value = "'" + value
    text = _BREAKS.sub("\r\n", str(value))
    return f'="{text}"' if text_number and text else text


def write_excel_csv(con: duckdb.DuckDBPyConnection, relation: str, target: Path, batch: int = 10_000) -> int:
    """One relation as an Excel CSV (see the module docstring); returns the rows written.
    Rows are fetched and written a batch at a time."""
    cur = con.execute(f'SELECT * FROM "{relation}"')
    columns = [d[0] for d in cur.description]
    as_text = [c.startswith("kommunenummer") for c in columns]
    count = 0
    with open(target, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        out.writerow(columns)
        while rows := cur.fetchmany(batch):
            out.writerows([_excel_cell(v, t) for v, t in zip(row, as_text, strict=True)] for row in rows)
            count += len(rows)
    return count
