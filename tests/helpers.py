"""Run text through the stages the way the pipeline does, for tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.extract.text import extract_text
from pipeline.records import Extracted, Line, Structured
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure


@contextmanager
def vocabulary(monkeypatch, name: str, rows: list, *caches, extra: bool = True) -> Iterator[None]:
    """The lexicon as if the resource file ``name`` held ``rows`` ((line, columns) pairs) as
    well, or with ``extra=False`` only them; ``caches`` (the loaders, and what the stages
    compiled from them) are cleared on the way in and out."""
    from pipeline import lexicon

    real = lexicon._rows
    monkeypatch.setattr(
        lexicon, "_rows", lambda n: (real(n) if extra else []) + rows if n == name else real(n)
    )
    for f in caches:
        f.cache_clear()
    try:
        yield
    finally:
        monkeypatch.setattr(lexicon, "_rows", real)
        for f in caches:
            f.cache_clear()


def from_text(text: str) -> Extracted:
    return repair(extract_text(text.encode("utf-8")))


def structured_text(text: str) -> Structured:
    doc = from_text(text)
    return structure(doc, segment(doc))


def lines(*texts: str, block: int = 0) -> tuple[Line, ...]:
    return tuple(Line(t, block=block) for t in texts)


def pdf_line(text: str, block: int, size: float = 11, page: int = 1, bold: bool = False) -> Line:
    """A line as a PDF gives it: on page 1 unless said, in the body's 11 points unless said."""
    return Line(text, page=page, size=size, bold=bold, block=block)


SNAPSHOT_TABLES = (
    "documents",
    "sections",
    "goals",
    "organisation_units",
    "municipality_mentions",
    "goal_references",
    "activities",
    "goal_themes",
    "goal_groups",
    "regions",
)


def snapshot(db) -> dict[str, list[str]]:
    """Every row of the content tables, run-specific columns left out: equal for two
    warehouses that hold the same documents."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: sorted(
                map(
                    repr,
                    con.execute(
                        f"SELECT * EXCLUDE (ingested_at, run_id) FROM {t}"
                        if t == "documents"
                        else f"SELECT * FROM {t}"
                    ).fetchall(),
                )
            )
            for t in SNAPSHOT_TABLES
        }
    finally:
        con.close()


def process_file_dying_on_crash_files(source, options=None):
    """pipeline.worker.process_file, except that a worker process dies outright (as on a
    crash inside a PDF library) on a file whose name has "crash" in it."""
    import os
    from multiprocessing import parent_process

    from pipeline.worker import process_file

    if "crash" in source.path and parent_process() is not None:
        os._exit(70)
    return process_file(source, options) if options else process_file(source)
