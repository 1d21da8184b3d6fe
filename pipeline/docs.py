"""docs/warehouse.md, made from the table specification and the SQL models.

Tables come from :data:`pipeline.schema.TABLES` (type, meaning, allowed values); views
from ``models/`` (the header comment says what a row is; the columns and their types are
read from the view built over an empty warehouse in memory). ``rapport docs`` writes the
file; a test fails when the committed file and the specification differ.
"""

from __future__ import annotations

import re

import duckdb

from . import schema
from .models import build_models, model_files


def _header(sql: str) -> str:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    text = " ".join(lines)
    return re.sub(r"^\w+:\s*", "", text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    out = [
        "# The warehouse: tables and views",
        "",
        "Made by `rapport docs` from `pipeline/schema.py` and `models/`; do not edit by hand.",
        "The same meanings are in the warehouse as `COMMENT ON` text (DuckDB:",
        "`SELECT table_name, column_name, comment FROM duckdb_columns()`). The contract",
        "dashboards rely on is `docs/CONTRACT.md`; columns are added, never renamed or dropped,",
        "and a warehouse made by an older version gets the missing ones when it is next opened.",
        "",
        "## Tables",
        "",
    ]
    for t in schema.TABLES:
        if not t.contract:
            continue
        key = f" Key: {', '.join(t.primary_key)}." if t.primary_key else ""
        out += [f"### `{t.name}`", "", f"One row: {t.row}.{key}", ""]
        out += ["| column | type | meaning | values |", "|---|---|---|---|"]
        for c in t.columns:
            values = ", ".join(f"`{v}`" for v in c.values)
            null = "" if not c.not_null else " (never NULL)"
            out.append(f"| {c.name} | {c.type} | {_cell(c.meaning)}{null} | {values} |")
        out.append("")
    out += ["## Views (`models/`)", ""]
    con = duckdb.connect()
    try:
        con.execute(schema.DDL)
        order = build_models(con)
        sql = model_files()
        for name in sorted(order):
            out += [f"### `{name}`", "", _cell(_header(sql[name])), ""]
            out += ["| column | type |", "|---|---|"]
            for col, typ, *_ in con.execute(f"DESCRIBE {name}").fetchall():
                out.append(f"| {col} | {typ} |")
            out.append("")
    finally:
        con.close()
    out += [
        "## The pipeline's own tables",
        "",
        "Not for dashboards: "
        + "; ".join(f"`{t.name}` ({t.row})" for t in schema.TABLES if not t.contract)
        + ".",
        "",
    ]
    return "\n".join(out)
