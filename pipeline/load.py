"""Load: records -> DuckDB, whole documents per transaction (several at once), bulk inserts through Arrow.

The tables are specified once, in :mod:`pipeline.schema` (docs/warehouse.md is made from
it; the contract dashboards rely on is docs/CONTRACT.md): documents, sections, goals,
organisation_units, municipality_mentions, ingest_runs, plus the tables later stages fill
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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from . import schema
from .discover import safe_text
from .publish import WarehouseBusy, adopt
from .records import DocumentResult, GoalForm, SourceFile

# tests set RAPPORT_SLOW_LOAD to make a kill land inside a transaction
_SLOW_LOAD = float(os.environ.get("RAPPORT_SLOW_LOAD", "0") or 0)


# a new warehouse is written in a storage format DuckDB 1.x reads too (the Python and
# node packages analysts' tools pin), not only the newest; an existing file keeps its own
STORAGE_COMPATIBILITY = "v1.0.0"
_CONFIG = {"storage_compatibility_version": STORAGE_COMPATIBILITY}


def connect(
    path: str | os.PathLike[str], read_only: bool = False, wait: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse ``path`` names: a reader opens the published snapshot, a writer
    the working file beside it (see :mod:`pipeline.publish`; hold :func:`publish.writing`
    around a writer's work and :func:`publish.publish` after it) and brings its tables up
    to the specification. Waits up to ``wait`` seconds while another process has the file
    open, then raises :class:`WarehouseBusy`."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run 'rapport ingest' first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        path = adopt(path, _checkpoint)
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
        schema.migrate(con)
        write_state(con, "schema", schema.STAMP)
    return con


def _checkpoint(path: Path) -> None:
    """Fold a directly written file's WAL into it (a warehouse made before snapshots)."""
    con = duckdb.connect(str(path), config=_CONFIG)
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def close_for_publishing(con: duckdb.DuckDBPyConnection) -> None:
    """Checkpoint and close a writer's connection: the working file then holds every
    committed change, with no WAL beside it, ready to be copied."""
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back on any error or interrupt."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


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


def _schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse's tables were last brought up to :data:`schema.TABLES`: a
    rerun then skips the migration (a tenth of an unchanged rerun's time)."""
    try:
        return read_state(con, "schema") == schema.STAMP
    except duckdb.CatalogException:  # a new file: no pipeline_state yet
        return False


def section_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id[:24]}-s{ordinal}"


def goal_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id[:24]}-g{ordinal}"


def duplicate_id(source: SourceFile) -> str:
    return (
        f"{source.doc_id}~dup-{hashlib.sha256((source.batch + '/' + source.path).encode()).hexdigest()[:12]}"
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[Mapping[str, object]],
    arrow: pa.Schema,
    verb: str = "INSERT",
    on_conflict: str = "",
) -> None:
    """Bulk insert through one Arrow table; ``verb`` may be "INSERT OR REPLACE",
    ``on_conflict`` "ON CONFLICT DO NOTHING"."""
    if not rows:
        return
    arrow_rows = pa.Table.from_pylist(list(rows), schema=arrow)  # noqa: F841 (read by DuckDB below)
    # DuckDB finds the Arrow table by its variable name (a replacement scan): about half
    # the cost of register/unregister per statement
    con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM arrow_rows {on_conflict}")


# the tables one document's rows go into (documents excluded), with their Arrow schemas
SCHEMAS = {
    name: schema.arrow_schema(name)
    for name in (
        "sections",
        "goals",
        "goal_references",
        "activities",
        "organisation_units",
        "municipality_mentions",
        "goal_themes",
        "progress_assessments",
        "measure_status",
        "report_sketches",
    )
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
                "kommunenummer_2024": m.kommunenummer_2024,
                "role": m.role,
                "name": m.name,
                "mentions": m.mentions,
            }
        )
    if st.progress is not None:
        out["progress_assessments"].append(
            {"doc_id": doc, "status": st.progress[0], "evidence": st.progress[1]}
        )
    for s in st.statuses:
        out["measure_status"].append(
            {"goal_id": goal_id(doc, s.goal), "doc_id": doc, "status": s.status, "evidence": s.evidence}
        )
    if result.sketch:
        out["report_sketches"].append({"doc_id": doc, "sketch": list(result.sketch)})
    return out


DOCUMENTS = schema.arrow_schema("documents")


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
        "extraction": result.extraction,
        "ocr_confidence": result.ocr_confidence,
        "title": result.title,
        "report_year": st.report_year if st else None,
        "period_start": st.period_start if st else None,
        "period_end": st.period_end if st else None,
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
    with transaction(con):
        for result, row in zip(results, doc_rows, strict=True):
            if supersede(result):
                con.execute(
                    "UPDATE documents SET superseded_by = ? WHERE path = ? AND doc_id <> ? "
                    "AND superseded_by IS NULL",
                    [row["doc_id"], row["path"], row["doc_id"]],
                )
        _insert(con, "documents", doc_rows, DOCUMENTS)
        for table, rows in tables.items():
            _insert(con, table, rows, SCHEMAS[table])
        if _SLOW_LOAD:
            time.sleep(_SLOW_LOAD)  # tests only: widen the window a crash can land in


def load_document(
    con: duckdb.DuckDBPyConnection, result: DocumentResult, run_id: int, supersede: bool = True
) -> None:
    """Write one document in its own transaction (see :func:`load_documents`)."""
    load_documents(con, [result], run_id, lambda _: supersede)


def restore_versions(con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str | None]]) -> None:
    """(earlier version, current latest): the earlier one is latest again, in one transaction."""
    if not pairs:
        return
    with transaction(con):
        for earlier, current in pairs:
            con.execute("UPDATE documents SET superseded_by = NULL WHERE doc_id = ?", [earlier])
            if current is not None:
                con.execute("UPDATE documents SET superseded_by = ? WHERE doc_id = ?", [earlier, current])


def forget_versions(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Rows of failed versions whose bytes are back and will be read again (they hold no
    content: a failed version has only its documents row)."""
    if doc_ids:
        con.execute(
            "DELETE FROM documents WHERE list_contains(?, doc_id) AND status = 'failed'", [list(doc_ids)]
        )


def report_keys(con: duckdb.DuckDBPyConnection) -> list:
    """The identity keys of every loaded document in its path's latest version."""
    from .identity import ReportKey

    return [
        ReportKey(doc_id, path, batch, fmt, region, doc_type, report_date, title, tuple(sk or ()))
        for doc_id, path, batch, fmt, region, doc_type, report_date, title, sk in con.execute(
            "SELECT d.doc_id, d.path, d.batch, d.format, d.region, d.doc_type, d.report_date, d.title, s.sketch "
            "FROM documents d LEFT JOIN report_sketches s USING (doc_id) "
            "WHERE d.status = 'loaded' AND d.superseded_by IS NULL"
        ).fetchall()
    ]


def store_links(con: duckdb.DuckDBPyConnection, links: Sequence) -> None:
    """Set report_id and replaced_by where they changed."""
    rows = pa.Table.from_pylist(  # noqa: F841 (read by DuckDB below)
        [{"doc_id": k.doc_id, "report_id": k.report_id, "replaced_by": k.replaced_by} for k in links],
        schema=schema.arrow_schema("documents", ("doc_id", "report_id", "replaced_by")),
    )
    con.execute(
        "UPDATE documents SET report_id = r.report_id, replaced_by = r.replaced_by FROM rows r "
        "WHERE documents.doc_id = r.doc_id AND (documents.report_id IS DISTINCT FROM r.report_id "
        "OR documents.replaced_by IS DISTINCT FROM r.replaced_by)"
    )


def documents_stamp(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of which documents are latest, in what state: the derived tables (regions,
    report links, goal groups) are a function of it and are rebuilt when it changes."""
    (stamp,) = con.execute(
        "SELECT coalesce(md5(string_agg(doc_id || ':' || status, ',' ORDER BY doc_id)), '') "
        "FROM documents WHERE superseded_by IS NULL"
    ).fetchone()
    return stamp


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
    _insert(con, "regions", rows, schema.arrow_schema("regions"))


def record_file_state(con: duckdb.DuckDBPyConnection, sources: Iterable[SourceFile]) -> None:
    rows = [
        {"abs_path": safe_text(s.abs_path), "size_bytes": s.size, "mtime_ns": s.mtime_ns, "doc_id": s.doc_id}
        for s in sources
    ]
    _insert(con, "file_state", rows, schema.arrow_schema("file_state"), verb="INSERT OR REPLACE")


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
    rows = pa.Table.from_pylist(  # noqa: F841 (read by DuckDB below)
        [{"goal_id": g, **_form_columns(f)} for g, f in pairs],
        schema=schema.arrow_schema("goals", ("goal_id", *FORM_COLUMNS)),
    )
    assign = ", ".join(f"{c} = r.{c}" for c in FORM_COLUMNS)
    with transaction(con):
        con.execute(f"UPDATE goals SET {assign} FROM rows r WHERE goals.goal_id = r.goal_id")
        con.execute("DELETE FROM goal_themes WHERE goal_id IN (SELECT goal_id FROM rows)")
        _insert(con, "goal_themes", [t for g, f in pairs for t in _theme_rows(g, f)], SCHEMAS["goal_themes"])


def load_cache(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM normalise_cache").fetchall())


def store_cache(con: duckdb.DuckDBPyConnection, new: Mapping[str, str]) -> None:
    rows = [{"key": k, "value": v} for k, v in new.items()]
    _insert(
        con,
        "normalise_cache",
        rows,
        schema.arrow_schema("normalise_cache"),
        on_conflict="ON CONFLICT DO NOTHING",
    )
