"""One table specification: DDL, Arrow schemas, comments, docs and migrations agree."""

import re
from pathlib import Path

import duckdb
from click.testing import CliRunner

from pipeline import schema
from pipeline.cli import main

from .conftest import seed_path

REPO = Path(__file__).resolve().parent.parent


def contract_columns() -> dict[str, dict[str, str | None]]:
    """{table: {column: type or None}} from the tables in docs/CONTRACT.md."""
    text = (REPO / "docs" / "CONTRACT.md").read_text("utf-8")
    out: dict[str, dict[str, str | None]] = {}
    table = None
    for line in text.splitlines():
        m = re.match(r"^`(\w+)` —", line)
        if m:
            table = m.group(1)
            out[table] = {}
            continue
        if line.startswith("## Views"):
            table = None
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if table and len(cells) >= 2 and cells[0] not in ("column", "---") and not cells[0].startswith("-"):
            typ = cells[1].split()[0] if cells[1] else None
            for name in re.split(r",\s*", cells[0]):
                out[table][name] = typ
    return out


def test_the_specification_covers_the_contract():
    for table, cols in contract_columns().items():
        spec = schema.BY_NAME[table]
        for name, typ in cols.items():
            assert spec.column(name).type == (typ or spec.column(name).type), (table, name)


def test_docs_are_made_from_the_specification():
    from pipeline.docs import render

    committed = (REPO / "docs" / "warehouse.md").read_text("utf-8")
    assert committed == render(), "docs/warehouse.md is stale: run `rapport docs`"
    for t in schema.TABLES:
        if t.contract:
            assert f"### `{t.name}`" in committed
    assert "`main_goal`, `sub_goal`, `measure`" in committed  # allowed values from the records' types


def test_every_column_has_a_comment_in_the_warehouse(tmp_path):
    from pipeline.load import connect

    con = connect(tmp_path / "w.duckdb")
    try:
        missing = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main' "
            "AND (comment IS NULL OR comment = '')"
        ).fetchall()
        assert missing == []
        (kind,) = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'sections' AND column_name = 'kind'"
        ).fetchone()
        assert "organisation | goals | activities" in kind
        (row,) = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'goals'").fetchone()
        assert row.startswith("One row: ")
    finally:
        con.close()


def test_a_warehouse_made_by_an_older_version_gets_the_new_columns_without_loss(tmp_path):
    """A warehouse made with the tables as they were at 2f63cae: opening it for an ingest
    adds the columns and tables added since, keeps its rows, and loads into it."""
    db = tmp_path / "old.duckdb"
    old = duckdb.connect(str(db))
    old.execute((REPO / "tests" / "fixtures" / "warehouse_schema_2f63cae.sql").read_text("utf-8"))
    old.execute(
        "INSERT INTO documents (doc_id, sha256, path, file_name, batch, status, ingested_at) "
        "VALUES ('old', 'old', 'a/x.txt', 'x.txt', 'a', 'loaded', now())"
    )
    old.execute("INSERT INTO municipality_mentions VALUES ('old', '1507', '1507', 'Ålesund', 3)")
    old.close()
    batch = tmp_path / "raw" / "b"
    batch.mkdir(parents=True)
    (batch / "r.txt").write_bytes(seed_path("000").read_bytes())
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "raw"), "--warehouse", str(db), "-q"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = {r[0] for r in con.execute("DESCRIBE documents").fetchall()}
        assert {"extraction", "ocr_confidence"} <= cols
        mm = {r[0] for r in con.execute("DESCRIBE municipality_mentions").fetchall()}
        assert "kommunenummer_2024" in mm
        assert con.execute("SELECT file_name FROM documents WHERE doc_id = 'old'").fetchall() == [("x.txt",)]
        assert con.execute(
            "SELECT name, mentions, kommunenummer_2024 FROM municipality_mentions WHERE doc_id = 'old'"
        ).fetchall() == [("Ålesund", 3, None)]
        assert con.execute("SELECT count(*) FROM documents WHERE file_name = 'r.txt'").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM goals").fetchone()[0] > 20
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone()[0] >= 5
    finally:
        con.close()


def test_the_arrow_schemas_follow_the_specification():
    from pipeline.load import DOCUMENTS, SCHEMAS

    assert DOCUMENTS.names == [c.name for c in schema.BY_NAME["documents"].columns]
    for name, arrow in SCHEMAS.items():
        spec = schema.BY_NAME[name]
        assert arrow.names == [c.name for c in spec.columns]
        assert [str(f.type) for f in arrow] == [str(schema.ARROW_TYPES[c.type]) for c in spec.columns]
