"""The warehouse's tables, specified once.

Every table and column is written here and nowhere else: the DDL, the Arrow schemas the
loader inserts through, the ``COMMENT ON`` text tools show, ``docs/warehouse.md`` and the
migration that gives a warehouse made by an older version its missing tables and columns
all come from :data:`TABLES`. Allowed values come from the records' ``Literal`` types, so
a new section kind or status is one edit in :mod:`pipeline.records`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import get_args

import pyarrow as pa

from . import records

ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BIGINT[]": pa.list_(pa.int64()),
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # a key of ARROW_TYPES
    meaning: str
    values: tuple[str, ...] = ()  # the allowed values, when the column holds a code
    not_null: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    row: str  # what one row is
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    contract: bool = True  # False: the pipeline's own bookkeeping, not for dashboards

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _values(literal) -> tuple[str, ...]:
    return tuple(get_args(literal))


def C(name: str, type: str, meaning: str, literal=None, not_null: bool = False) -> Column:
    return Column(name, type, meaning, _values(literal) if literal is not None else (), not_null)


TABLES: tuple[Table, ...] = (
    Table(
        "documents",
        "one input file as it was seen at one time, whatever became of it",
        (
            C(
                "doc_id",
                "VARCHAR",
                "sha256 of the file bytes (hex); a duplicate's row adds '~dup-' and a hash of its path",
                not_null=True,
            ),
            C("sha256", "VARCHAR", "sha256 of the file bytes (hex)", not_null=True),
            C(
                "path",
                "VARCHAR",
                "path under the raw root (the folder holding the batch folders), e.g. '2026-11/report.pdf': the file's identity",
                not_null=True,
            ),
            C("file_name", "VARCHAR", "base name of the file", not_null=True),
            C("format", "VARCHAR", "the format sniffed from the content, not the extension", records.Format),
            C("batch", "VARCHAR", "batch label (by default the batch folder's name)", not_null=True),
            C("n_pages", "INTEGER", "pages or slides; NULL for text, Word and web pages"),
            C("doc_type", "VARCHAR", "what kind of document it is", records.DocType),
            C("region", "VARCHAR", "canonical region name; NULL when the document names none"),
            C(
                "report_date",
                "DATE",
                "the date the document reports on or was held; NULL when it states none",
            ),
            C("variety", "VARCHAR", "written standard of the body text", records.Variety),
            C("status", "VARCHAR", "what became of the file", records.Status, not_null=True),
            C("error", "VARCHAR", "one-line reason when the file was not loaded"),
            C("ingested_at", "TIMESTAMP", "when this row was written", not_null=True),
            C("size_bytes", "BIGINT", "file size in bytes"),
            C("duplicate_of", "VARCHAR", "for status 'duplicate': the doc_id with the same bytes"),
            C(
                "superseded_by",
                "VARCHAR",
                "the doc_id of a newer version of the same path; NULL when this is the latest",
            ),
            C("run_id", "INTEGER", "the ingest run that wrote the row (ingest_runs.run_id)"),
            C(
                "extraction",
                "VARCHAR",
                "how the text was read: from the file's own text, by OCR of page images, or both (some pages each)",
                records.Extraction,
            ),
            C(
                "ocr_confidence",
                "DOUBLE",
                "mean Tesseract word confidence (0-100) over OCR'd pages; NULL without OCR",
            ),
            C(
                "title",
                "VARCHAR",
                "the document's title as printed (its first heading); NULL when it has none",
            ),
            C(
                "report_year",
                "INTEGER",
                "the year the document is from: its report date's, else a year in its title, else its period's start",
            ),
            C(
                "period_start",
                "INTEGER",
                "first year of the period it covers ('Strategisk plan 2017 - 2020': 2017; 'Årsmelding 2019': 2019)",
            ),
            C(
                "period_end",
                "INTEGER",
                "last year of that period; NULL with period_start when none is stated",
            ),
            C(
                "report_id",
                "VARCHAR",
                "the report this file is a version or a format of: the doc_id of the report's first file "
                "(the same text as PDF and as text, or a revised version in a later batch, share it)",
            ),
            C(
                "replaced_by",
                "VARCHAR",
                "the file that stands for the same report in the views (a later revision, or the report's "
                "original format); NULL when this file does",
            ),
        ),
        ("doc_id",),
    ),
    Table(
        "sections",
        "one top-level section of a loaded document, in reading order; text before the first heading is a section with heading NULL",
        (
            C("section_id", "VARCHAR", "stable id from doc_id and ordinal", not_null=True),
            C("doc_id", "VARCHAR", "the document (documents.doc_id)", not_null=True),
            C("ordinal", "INTEGER", "0-based order in the document", not_null=True),
            C("kind", "VARCHAR", "what the section is about", records.SectionKind, not_null=True),
            C("heading", "VARCHAR", "heading as printed (repaired)"),
            C("text", "VARCHAR", "body text (repaired, de-hyphenated)"),
            C("page_start", "INTEGER", "first page, 1-based; NULL for text and web pages"),
            C("page_end", "INTEGER", "last page, 1-based; NULL for text and web pages"),
            C("variety", "VARCHAR", "written standard of the section", records.Variety),
        ),
        ("section_id",),
    ),
    Table(
        "goals",
        "one stated goal or measure",
        (
            C("goal_id", "VARCHAR", "stable id from doc_id and ordinal", not_null=True),
            C("doc_id", "VARCHAR", "the document (documents.doc_id)", not_null=True),
            C("section_id", "VARCHAR", "the section it stands in (sections.section_id)"),
            C("ordinal", "INTEGER", "order in the document, from 0", not_null=True),
            C(
                "level",
                "VARCHAR",
                "main_goal (Hovedmål, MÅL), sub_goal (Delmål, 'Mål for X'), measure (Tiltak)",
                records.GoalLevel,
                not_null=True,
            ),
            C("number", "VARCHAR", "as printed ('1', '1.2'); NULL when unnumbered"),
            C("label", "VARCHAR", "the source term as printed ('Delmål', 'Tiltak', 'Mål for samferdsel')"),
            C("text", "VARCHAR", "the goal text, repaired", not_null=True),
            C("text_nb", "VARCHAR", "the same text normalised to Bokmål"),
            C(
                "lemma_key",
                "VARCHAR",
                "content-word lemmas of text_nb, lower-case, in order: equal for the Nynorsk and Bokmål wording of one goal",
            ),
            C("normaliser", "VARCHAR", "what made text_nb and lemma_key", records.Normaliser),
            C(
                "parent_goal_id",
                "VARCHAR",
                "the goal it belongs under (a measure's sub-goal); NULL at the top",
            ),
            C("page", "INTEGER", "page it is printed on; NULL for text and web pages"),
            C("variety", "VARCHAR", "written standard of the goal text", records.Variety),
        ),
        ("goal_id",),
    ),
    Table(
        "goal_references",
        "one cross-reference from a goal to another goal's number ('jf. delmål 2')",
        (
            C("doc_id", "VARCHAR", "the document", not_null=True),
            C("from_goal_id", "VARCHAR", "the goal that refers", not_null=True),
            C("target_number", "VARCHAR", "the number referred to, as printed", not_null=True),
            C("target_goal_id", "VARCHAR", "the goal with that number; NULL when the document has none"),
        ),
    ),
    Table(
        "activities",
        "one reported activity, linked to the sub-goal it reports on",
        (
            C("activity_id", "VARCHAR", "stable id from doc_id and ordinal", not_null=True),
            C("doc_id", "VARCHAR", "the document", not_null=True),
            C("section_id", "VARCHAR", "the section it stands in"),
            C("sub_goal_id", "VARCHAR", "the sub-goal it reports on; NULL when none is named"),
            C("number", "VARCHAR", "as printed; NULL when unnumbered"),
            C("text", "VARCHAR", "the activity text"),
        ),
        ("activity_id",),
    ),
    Table(
        "organisation_units",
        "one body of a project organisation (steering group, working group ...)",
        (
            C("unit_id", "VARCHAR", "stable id from doc_id and ordinal", not_null=True),
            C("doc_id", "VARCHAR", "the document", not_null=True),
            C("name", "VARCHAR", "as printed", not_null=True),
            C("kind", "VARCHAR", "what kind of body", records.UnitKind, not_null=True),
            C(
                "status",
                "VARCHAR",
                "whether it is set up; NULL when the document does not say",
                records.UnitStatus,
            ),
        ),
        ("unit_id",),
    ),
    Table(
        "municipality_mentions",
        "one municipality named in one document",
        (
            C("doc_id", "VARCHAR", "the document", not_null=True),
            C("kommunenummer", "VARCHAR", "SSB number valid at the report date (4 digits)", not_null=True),
            C("kommunenummer_2020", "VARCHAR", "the same municipality on the 2020 map"),
            C(
                "kommunenummer_2024",
                "VARCHAR",
                "the municipality it is part of on today's (2024) map, which current SSB statistics use",
            ),
            C("name", "VARCHAR", "canonical name", not_null=True),
            C("mentions", "INTEGER", "how many times the document names it", not_null=True),
            C(
                "role",
                "VARCHAR",
                "member: one of the region's municipalities (listed as its municipalities, or named three times "
                "or more); mentioned: named in passing",
                records.MunicipalityRole,
            ),
        ),
        ("doc_id", "kommunenummer"),
    ),
    Table(
        "regions",
        "one name a region goes by (the canonical name is an alias of itself)",
        (
            C("region", "VARCHAR", "canonical region name", not_null=True),
            C("alias", "VARCHAR", "a name or spelling of it", not_null=True),
        ),
        ("region", "alias"),
    ),
    Table(
        "goal_themes",
        "one theme of one goal (a goal may have several)",
        (
            C("goal_id", "VARCHAR", "the goal", not_null=True),
            C(
                "theme",
                "VARCHAR",
                "theme from the theme lexicon (pipeline/resources/themes.tsv)",
                not_null=True,
            ),
        ),
        ("goal_id", "theme"),
    ),
    Table(
        "goal_groups",
        "one goal in a group of goals with the same aim across documents",
        (
            C("group_id", "VARCHAR", "the group", not_null=True),
            C("goal_id", "VARCHAR", "the goal", not_null=True),
        ),
        ("goal_id",),
    ),
    Table(
        "measure_status",
        "what one report says of one measure's progress (measures it says nothing of have no row)",
        (
            C("goal_id", "VARCHAR", "the measure (goals.goal_id)", not_null=True),
            C("doc_id", "VARCHAR", "the report that says so", not_null=True),
            C(
                "status",
                "VARCHAR",
                "the measure's progress as the report states it",
                records.MeasureState,
                not_null=True,
            ),
            C("evidence", "VARCHAR", "the line or sentence that says so"),
        ),
        ("goal_id",),
    ),
    Table(
        "progress_assessments",
        "the overall progress a document reports",
        (
            C("doc_id", "VARCHAR", "the document", not_null=True),
            C("status", "VARCHAR", "the progress stated", records.ProgressStatus, not_null=True),
            C("evidence", "VARCHAR", "the sentence that decided it"),
        ),
        ("doc_id",),
    ),
    Table(
        "report_sketches",
        "one loaded document's text fingerprint, for telling which files are one report",
        (
            C("doc_id", "VARCHAR", "the document", not_null=True),
            C("sketch", "BIGINT[]", "the 64 smallest hashes of its word 4-shingles (bottom-k MinHash)"),
        ),
        ("doc_id",),
        contract=False,
    ),
    Table(
        "ingest_runs",
        "one `rapport ingest`",
        (
            C("run_id", "INTEGER", "run number, from 1", not_null=True),
            C("started_at", "TIMESTAMP", "start", not_null=True),
            C("finished_at", "TIMESTAMP", "end; NULL while running or when it was killed"),
            C("files_seen", "INTEGER", "files discovered"),
            C("loaded", "INTEGER", "files loaded"),
            C("skipped_unchanged", "INTEGER", "files unchanged since a run before"),
            C("failed", "INTEGER", "files that failed (documents.error says why)"),
            C("duplicates", "INTEGER", "files with the same bytes as one loaded before"),
            C("root", "VARCHAR", "the folder ingested"),
            C("pipeline_version", "VARCHAR", "version of rapport that ran"),
        ),
        ("run_id",),
    ),
    Table(
        "file_state",
        "what a file looked like when last seen (lets a rerun skip unchanged files unread)",
        (
            C("abs_path", "VARCHAR", "absolute path", not_null=True),
            C("size_bytes", "BIGINT", "size"),
            C("mtime_ns", "BIGINT", "modification time, ns"),
            C("doc_id", "VARCHAR", "sha256 of the bytes then"),
        ),
        ("abs_path",),
        contract=False,
    ),
    Table(
        "normalise_cache",
        "one Bokmål form or lemma key, by hash of its source text",
        (
            C("key", "VARCHAR", "hash of the source and the normaliser", not_null=True),
            C("value", "VARCHAR", "the cached form"),
        ),
        ("key",),
        contract=False,
    ),
    Table(
        "pipeline_state",
        "one note of the pipeline's own (schema and views' hashes, lemma key versions)",
        (
            C("key", "VARCHAR", "name", not_null=True),
            C("value", "VARCHAR", "value"),
        ),
        ("key",),
        contract=False,
    ),
)

BY_NAME = {t.name: t for t in TABLES}


def arrow_schema(table: str, columns: tuple[str, ...] | None = None) -> pa.Schema:
    """The Arrow schema rows of ``table`` are inserted through (all or some columns)."""
    spec = BY_NAME[table]
    names = columns or tuple(c.name for c in spec.columns)
    return pa.schema([(n, ARROW_TYPES[spec.column(n).type]) for n in names])


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_statement(table: Table) -> str:
    cols = [f"    {c.name} {c.type}{' NOT NULL' if c.not_null else ''}" for c in table.columns]
    if table.primary_key:
        cols.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n" + ",\n".join(cols) + "\n);"


def column_comment(column: Column) -> str:
    if column.values:
        return f"{column.meaning} [{' | '.join(column.values)}]"
    return column.meaning


def comment_statements(table: Table) -> list[str]:
    out = [f"COMMENT ON TABLE {table.name} IS {_quote('One row: ' + table.row)}"]
    out += [f"COMMENT ON COLUMN {table.name}.{c.name} IS {_quote(column_comment(c))}" for c in table.columns]
    return out


DDL = "\n".join(create_statement(t) for t in TABLES)

# the hash the warehouse notes when its schema is brought up to date: a connect that finds
# it equal skips the migration (a tenth of an unchanged rerun's time otherwise)
STAMP = hashlib.sha256(
    repr([(t.name, t.row, t.primary_key, t.columns) for t in TABLES]).encode("utf-8")
).hexdigest()[:32]


def migrate(con) -> list[str]:
    """Create missing tables and add missing columns (nullable: rows already there get
    NULL), then set every comment; returns the 'table.column' names added to existing
    tables. Nothing is dropped or renamed."""
    existing: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND database_name = current_database()"
    ).fetchall():
        existing.setdefault(table, set()).add(column)
    added: list[str] = []
    for t in TABLES:
        if t.name not in existing:
            con.execute(create_statement(t))
            continue
        for c in t.columns:
            if c.name not in existing[t.name]:
                con.execute(f"ALTER TABLE {t.name} ADD COLUMN {c.name} {c.type}")
                added.append(f"{t.name}.{c.name}")
    for t in TABLES:
        for statement in comment_statements(t):
            con.execute(statement)
    return added
