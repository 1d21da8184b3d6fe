"""Load: records -> DuckDB, whole documents per transaction (several at once), bulk inserts through Arrow.

The warehouse's tables follow CONTRACT.md (documents, sections, goals,
organisation_units, municipality_mentions, ingest_runs) plus the tables later stages fill
(goal_references, activities, regions, goal_themes, goal_groups, progress_assessments)
and three of the pipeline's own (file_state: what a path looked like when last seen;
normalise_cache: Bokmål forms and lemma keys by hash; pipeline_state: the hash of the
model SQL the views were built from, the version of the lemma keys each normaliser made).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from .records import DocumentResult, GoalForm, SourceFile

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,      -- sha256 of the bytes; a duplicate's row adds '~dup-' + path hash
    sha256 VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    format VARCHAR,
    batch VARCHAR NOT NULL,
    n_pages INTEGER,
    doc_type VARCHAR,
    region VARCHAR,
    report_date DATE,
    variety VARCHAR,
    status VARCHAR NOT NULL,         -- loaded | failed | duplicate
    error VARCHAR,
    ingested_at TIMESTAMP NOT NULL,
    size_bytes BIGINT,
    duplicate_of VARCHAR,            -- for status 'duplicate': the doc_id with the same bytes
    superseded_by VARCHAR,           -- a newer version of the same batch/path, NULL when latest
    run_id INTEGER
);
CREATE TABLE IF NOT EXISTS sections (
    section_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    heading VARCHAR,
    text VARCHAR,
    page_start INTEGER,
    page_end INTEGER,
    variety VARCHAR
);
CREATE TABLE IF NOT EXISTS goals (
    goal_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    section_id VARCHAR,
    ordinal INTEGER NOT NULL,
    level VARCHAR NOT NULL,
    number VARCHAR,
    label VARCHAR,
    text VARCHAR NOT NULL,
    text_nb VARCHAR,
    lemma_key VARCHAR,
    normaliser VARCHAR,
    parent_goal_id VARCHAR,
    page INTEGER,
    variety VARCHAR
);
CREATE TABLE IF NOT EXISTS goal_references (
    doc_id VARCHAR NOT NULL,
    from_goal_id VARCHAR NOT NULL,
    target_number VARCHAR NOT NULL,
    target_goal_id VARCHAR
);
CREATE TABLE IF NOT EXISTS activities (
    activity_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    section_id VARCHAR,
    sub_goal_id VARCHAR,
    number VARCHAR,
    text VARCHAR
);
CREATE TABLE IF NOT EXISTS organisation_units (
    unit_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    status VARCHAR
);
CREATE TABLE IF NOT EXISTS municipality_mentions (
    doc_id VARCHAR NOT NULL,
    kommunenummer VARCHAR NOT NULL,
    kommunenummer_2020 VARCHAR,
    name VARCHAR NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (doc_id, kommunenummer)
);
CREATE TABLE IF NOT EXISTS regions (
    region VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    PRIMARY KEY (region, alias)
);
CREATE TABLE IF NOT EXISTS goal_themes (
    goal_id VARCHAR NOT NULL,
    theme VARCHAR NOT NULL,
    PRIMARY KEY (goal_id, theme)
);
CREATE TABLE IF NOT EXISTS goal_groups (
    group_id VARCHAR NOT NULL,
    goal_id VARCHAR NOT NULL PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS progress_assessments (
    doc_id VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,
    evidence VARCHAR
);
CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id INTEGER PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    files_seen INTEGER,
    loaded INTEGER,
    skipped_unchanged INTEGER,
    failed INTEGER,
    duplicates INTEGER,
    root VARCHAR,
    pipeline_version VARCHAR
);
CREATE TABLE IF NOT EXISTS file_state (
    abs_path VARCHAR PRIMARY KEY,
    size_bytes BIGINT,
    mtime_ns BIGINT,
    doc_id VARCHAR
);
CREATE TABLE IF NOT EXISTS normalise_cache (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
CREATE TABLE IF NOT EXISTS pipeline_state (  -- the pipeline's own notes: views' SQL hash, lemma key versions
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);
"""


# tests set RAPPORT_SLOW_LOAD to make a kill land inside a transaction
_SLOW_LOAD = float(os.environ.get("RAPPORT_SLOW_LOAD", "0") or 0)


# a new warehouse is written in a storage format DuckDB 1.x reads too (the Python and
# node packages analysts' tools pin), not only the newest; an existing file keeps its own
STORAGE_COMPATIBILITY = "v1.0.0"
_CONFIG = {"storage_compatibility_version": STORAGE_COMPATIBILITY}


class WarehouseBusy(Exception):
    """Another process holds the warehouse for writing."""


def connect(
    path: str | os.PathLike[str], read_only: bool = False, wait: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writer creates the schema. Waits up to ``wait`` seconds for a
    lock another process holds, then raises :class:`WarehouseBusy` with a clear message."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run 'rapport ingest' first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
            break
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" not in message.lower():
                raise
            if time.monotonic() >= deadline:
                pid = re.search(r"PID (\d+)", message)
                who = f" (process {pid.group(1)})" if pid else ""
                raise WarehouseBusy(
                    f"the warehouse {path} is in use by another rapport process{who}; "
                    "wait for it to finish, or pass --wait SECONDS"
                ) from exc
            time.sleep(0.5)
    if not read_only and not _schema_is_current(con):
        con.execute(SCHEMA)
        write_state(con, "schema", _SCHEMA_STAMP)
    return con


def connect_sandboxed(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """The warehouse read-only for user SQL (``rapport query``): no file outside it can be
    read or written (read_text, COPY ... TO, ATTACH), no extension installed or loaded, and
    the settings locked so a query cannot turn any of it back on."""
    con = connect(path, read_only=True)
    for statement in (
        "SET enable_external_access = false",
        "SET autoinstall_known_extensions = false",
        "SET autoload_known_extensions = false",
        "SET lock_configuration = true",
    ):
        con.execute(statement)
    return con


_SCHEMA_STAMP = hashlib.sha256(SCHEMA.encode("utf-8")).hexdigest()[:32]


def _schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse was made with this SCHEMA: a rerun then skips its sixteen
    CREATE ... IF NOT EXISTS statements (a tenth of an unchanged rerun's time)."""
    try:
        return read_state(con, "schema") == _SCHEMA_STAMP
    except duckdb.CatalogException:  # a new file: no pipeline_state yet
        return False


def section_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id[:24]}-s{ordinal}"


def goal_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id[:24]}-g{ordinal}"


def duplicate_id(source: SourceFile) -> str:
    import hashlib

    return (
        f"{source.doc_id}~dup-{hashlib.sha256((source.batch + '/' + source.path).encode()).hexdigest()[:12]}"
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[Mapping[str, object]],
    schema: pa.Schema,
    verb: str = "INSERT",
    on_conflict: str = "",
) -> None:
    """Bulk insert through one Arrow table; ``verb`` may be "INSERT OR REPLACE",
    ``on_conflict`` "ON CONFLICT DO NOTHING"."""
    if not rows:
        return
    arrow_rows = pa.Table.from_pylist(list(rows), schema=schema)  # noqa: F841 (read by DuckDB below)
    # DuckDB finds the Arrow table by its variable name (a replacement scan): about half
    # the cost of register/unregister per statement
    con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM arrow_rows {on_conflict}")


S = pa.string()
INT = pa.int32()
SCHEMAS = {
    "sections": pa.schema(
        [
            ("section_id", S),
            ("doc_id", S),
            ("ordinal", INT),
            ("kind", S),
            ("heading", S),
            ("text", S),
            ("page_start", INT),
            ("page_end", INT),
            ("variety", S),
        ]
    ),
    "goals": pa.schema(
        [
            ("goal_id", S),
            ("doc_id", S),
            ("section_id", S),
            ("ordinal", INT),
            ("level", S),
            ("number", S),
            ("label", S),
            ("text", S),
            ("text_nb", S),
            ("lemma_key", S),
            ("normaliser", S),
            ("parent_goal_id", S),
            ("page", INT),
            ("variety", S),
        ]
    ),
    "goal_references": pa.schema(
        [("doc_id", S), ("from_goal_id", S), ("target_number", S), ("target_goal_id", S)]
    ),
    "activities": pa.schema(
        [("activity_id", S), ("doc_id", S), ("section_id", S), ("sub_goal_id", S), ("number", S), ("text", S)]
    ),
    "organisation_units": pa.schema([("unit_id", S), ("doc_id", S), ("name", S), ("kind", S), ("status", S)]),
    "municipality_mentions": pa.schema(
        [("doc_id", S), ("kommunenummer", S), ("kommunenummer_2020", S), ("name", S), ("mentions", INT)]
    ),
    "goal_themes": pa.schema([("goal_id", S), ("theme", S)]),
    "progress_assessments": pa.schema([("doc_id", S), ("status", S), ("evidence", S)]),
}


def document_rows(result: DocumentResult) -> dict[str, list[dict[str, object]]]:
    """Every row one document puts in the warehouse, by table (documents excluded)."""
    src = result.source
    doc = src.doc_id
    out: dict[str, list[dict[str, object]]] = {name: [] for name in SCHEMAS}
    st = result.structured
    if result.status != "loaded" or st is None:
        return out
    norm = result.normalised
    sec_var = norm.section_varieties if norm else ()
    for s in st.sections:
        out["sections"].append(
            {
                "section_id": section_id(doc, s.ordinal),
                "doc_id": doc,
                "ordinal": s.ordinal,
                "kind": s.kind,
                "heading": s.heading,
                "text": s.text,
                "page_start": s.page_start,
                "page_end": s.page_end,
                "variety": sec_var[s.ordinal] if s.ordinal < len(sec_var) else None,
            }
        )
    forms = norm.goal_forms if norm else ()
    for g in st.goals:
        form = forms[g.ordinal] if g.ordinal < len(forms) else None
        gid = goal_id(doc, g.ordinal)
        out["goals"].append(
            {
                "goal_id": gid,
                "doc_id": doc,
                "section_id": section_id(doc, g.section_ordinal),
                "ordinal": g.ordinal,
                "level": g.level,
                "number": g.number,
                "label": g.label,
                "text": g.text,
                "parent_goal_id": goal_id(doc, g.parent) if g.parent is not None else None,
                "page": g.page,
                **_form_columns(form),
            }
        )
        out["goal_themes"].extend(_theme_rows(gid, form))
    for r in st.references:
        out["goal_references"].append(
            {
                "doc_id": doc,
                "from_goal_id": goal_id(doc, r.from_goal),
                "target_number": r.target_number,
                "target_goal_id": goal_id(doc, r.target_goal) if r.target_goal is not None else None,
            }
        )
    for a in st.activities:
        out["activities"].append(
            {
                "activity_id": f"{doc[:24]}-a{a.ordinal}",
                "doc_id": doc,
                "section_id": section_id(doc, a.section_ordinal),
                "sub_goal_id": goal_id(doc, a.sub_goal) if a.sub_goal is not None else None,
                "number": a.number,
                "text": a.text,
            }
        )
    for u in st.units:
        out["organisation_units"].append(
            {
                "unit_id": f"{doc[:24]}-u{u.ordinal}",
                "doc_id": doc,
                "name": u.name,
                "kind": u.kind,
                "status": u.status,
            }
        )
    for m in st.municipalities:
        out["municipality_mentions"].append(
            {
                "doc_id": doc,
                "kommunenummer": m.kommunenummer,
                "kommunenummer_2020": m.kommunenummer_2020,
                "name": m.name,
                "mentions": m.mentions,
            }
        )
    if st.progress is not None:
        out["progress_assessments"].append(
            {"doc_id": doc, "status": st.progress[0], "evidence": st.progress[1]}
        )
    return out


DOCUMENTS = pa.schema(
    [
        ("doc_id", S),
        ("sha256", S),
        ("path", S),
        ("file_name", S),
        ("format", S),
        ("batch", S),
        ("n_pages", INT),
        ("doc_type", S),
        ("region", S),
        ("report_date", pa.date32()),
        ("variety", S),
        ("status", S),
        ("error", S),
        ("ingested_at", pa.timestamp("us")),
        ("size_bytes", pa.int64()),
        ("duplicate_of", S),
        ("superseded_by", S),
        ("run_id", INT),
    ]
)


def document_row(result: DocumentResult, run_id: int, now: dt.datetime) -> dict[str, object]:
    """The document's own row in ``documents``."""
    src = result.source
    st = result.structured
    return {
        "doc_id": duplicate_id(src) if result.status == "duplicate" else src.doc_id,
        "sha256": src.doc_id,
        "path": src.path,
        "file_name": src.file_name,
        "format": src.format,
        "batch": src.batch,
        "n_pages": result.n_pages,
        "doc_type": st.doc_type if st else None,
        "region": st.region if st else None,
        "report_date": st.report_date if st else None,
        "variety": result.normalised.variety if result.normalised else None,
        "status": result.status,
        "error": result.error,
        "ingested_at": now,
        "size_bytes": src.size,
        "duplicate_of": result.duplicate_of,
        "superseded_by": None,
        "run_id": run_id,
    }


def load_documents(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[DocumentResult],
    run_id: int,
    supersede: Callable[[DocumentResult], bool] = lambda _: True,
) -> None:
    """Write documents, whatever became of each, in one transaction: all of them or none.

    Rows of every document go in together, one insert per table, so that a batch costs
    about what one document costs. ``supersede(result)`` says whether an earlier version
    of its path may exist (False saves a scan of documents).
    """
    if not results:
        return
    now = dt.datetime.now()
    doc_rows = [document_row(r, run_id, now) for r in results]
    tables: dict[str, list[dict[str, object]]] = {name: [] for name in SCHEMAS}
    for result in results:
        for table, rows in document_rows(result).items():
            tables[table].extend(rows)
    con.execute("BEGIN TRANSACTION")
    try:
        for result, row in zip(results, doc_rows, strict=True):
            if result.status != "duplicate" and supersede(result):
                con.execute(
                    "UPDATE documents SET superseded_by = ? WHERE batch = ? AND path = ? AND doc_id <> ? "
                    "AND superseded_by IS NULL AND status <> 'duplicate'",
                    [row["doc_id"], row["batch"], row["path"], row["doc_id"]],
                )
        _insert(con, "documents", doc_rows, DOCUMENTS)
        for table, rows in tables.items():
            _insert(con, table, rows, SCHEMAS[table])
        if _SLOW_LOAD:
            time.sleep(_SLOW_LOAD)  # tests only: widen the window a crash can land in
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def load_document(
    con: duckdb.DuckDBPyConnection, result: DocumentResult, run_id: int, supersede: bool = True
) -> None:
    """Write one document in its own transaction (see :func:`load_documents`)."""
    load_documents(con, [result], run_id, lambda _: supersede)


def add_regions(con: duckdb.DuckDBPyConnection) -> None:
    """Every canonical region a document names, as an alias of itself."""
    con.execute(
        "INSERT INTO regions SELECT DISTINCT region, region FROM documents WHERE region IS NOT NULL "
        "ON CONFLICT DO NOTHING"
    )


def seed_regions(con: duckdb.DuckDBPyConnection, aliases: Mapping[str, str]) -> None:
    rows = [{"region": canon, "alias": alias} for alias, canon in aliases.items()]
    existing = {tuple(r) for r in con.execute("SELECT region, lower(alias) FROM regions").fetchall()}
    rows = [r for r in rows if (r["region"], r["alias"].lower()) not in existing]
    _insert(con, "regions", rows, pa.schema([("region", S), ("alias", S)]))


def record_file_state(con: duckdb.DuckDBPyConnection, sources: Iterable[SourceFile]) -> None:
    rows = [
        {"abs_path": s.abs_path, "size_bytes": s.size, "mtime_ns": s.mtime_ns, "doc_id": s.doc_id}
        for s in sources
    ]
    schema = pa.schema([("abs_path", S), ("size_bytes", pa.int64()), ("mtime_ns", pa.int64()), ("doc_id", S)])
    _insert(con, "file_state", rows, schema, verb="INSERT OR REPLACE")


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    return {
        p: (s, m, d)
        for p, s, m, d in con.execute(
            "SELECT abs_path, size_bytes, mtime_ns, doc_id FROM file_state"
        ).fetchall()
    }


def read_state(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM pipeline_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def write_state(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO pipeline_state VALUES (?, ?)", [key, value])


def goals_made_by(
    con: duckdb.DuckDBPyConnection, normalisers: Sequence[str], before_run: int
) -> list[tuple[str, str, str | None]]:
    """(goal_id, text, variety of its section or else its document) of every goal that one
    of ``normalisers`` normalised in a run before ``before_run``."""
    if not normalisers:
        return []
    return con.execute(
        "SELECT g.goal_id, g.text, coalesce(s.variety, d.variety) FROM goals g "
        "JOIN documents d USING (doc_id) LEFT JOIN sections s ON s.section_id = g.section_id "
        "WHERE list_contains(?, g.normaliser) AND d.run_id < ? ORDER BY g.goal_id",
        [list(normalisers), before_run],
    ).fetchall()


# the goals' columns that the normalise stage fills, from a goal's form (None: not normalised)
FORM_COLUMNS = ("text_nb", "lemma_key", "normaliser", "variety")


def _form_columns(form: GoalForm | None) -> dict[str, object]:
    return {c: getattr(form, c) if form else None for c in FORM_COLUMNS}


def _theme_rows(gid: str, form: GoalForm | None) -> list[dict[str, object]]:
    return [{"goal_id": gid, "theme": t} for t in form.themes] if form else []


def update_goal_forms(
    con: duckdb.DuckDBPyConnection, goal_ids: Sequence[str], forms: Sequence[GoalForm]
) -> None:
    """New Bokmål forms, lemma keys, varieties and themes for goals already loaded, in one
    transaction."""
    if not goal_ids:
        return
    pairs = list(zip(goal_ids, forms, strict=True))
    goals = SCHEMAS["goals"]
    rows = pa.Table.from_pylist(  # noqa: F841 (read by DuckDB below)
        [{"goal_id": g, **_form_columns(f)} for g, f in pairs],
        schema=pa.schema([goals.field(c) for c in ("goal_id", *FORM_COLUMNS)]),
    )
    assign = ", ".join(f"{c} = r.{c}" for c in FORM_COLUMNS)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"UPDATE goals SET {assign} FROM rows r WHERE goals.goal_id = r.goal_id")
        con.execute("DELETE FROM goal_themes WHERE goal_id IN (SELECT goal_id FROM rows)")
        _insert(con, "goal_themes", [t for g, f in pairs for t in _theme_rows(g, f)], SCHEMAS["goal_themes"])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def load_cache(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM normalise_cache").fetchall())


def store_cache(con: duckdb.DuckDBPyConnection, new: Mapping[str, str]) -> None:
    rows = [{"key": k, "value": v} for k, v in new.items()]
    _insert(
        con,
        "normalise_cache",
        rows,
        pa.schema([("key", S), ("value", S)]),
        on_conflict="ON CONFLICT DO NOTHING",
    )
