"""The ``rapport`` command: a thin layer that parses, calls the library and prints."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__

DEFAULT_WAREHOUSE = "warehouse/reports.duckdb"

warehouse_option = click.option(
    "--warehouse",
    "-w",
    type=click.Path(dir_okay=False),
    default=DEFAULT_WAREHOUSE,
    envvar="RAPPORT_WAREHOUSE",
    show_default=True,
    help="DuckDB warehouse file (or set RAPPORT_WAREHOUSE).",
)


root_option = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False),
    default=".",
    show_default=True,
    help="The repository whose gold (tests/gold/seeds, own, dev) the goal labeller is trained on.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rapport")
def main() -> None:
    """rapport: Norwegian progress reports -> a DuckDB warehouse of goals and measures.

    \b
    Stages: discover -> extract -> repair -> segment -> structure -> normalise -> load -> models.
    Start with:  rapport ingest raw/   then   rapport query "select * from goals_overview limit 5"
    """


_ocr_option = click.option(
    "--ocr",
    type=click.Choice(["auto", "never", "force"]),
    default="auto",
    show_default=True,
    help="Read PDF pages by OCR (Tesseract, Norwegian): auto = scans only (pages without a usable "
    "text layer, and searchable scans: an OCR text layer drawn invisible over the page image), "
    "force = every page, never = none (a scan then fails; a searchable scan is read from its layer).",
)


@main.command()
@click.argument("path", type=click.Path(exists=True, file_okay=True))
@warehouse_option
@click.option("--batch", help="Batch label for every file (default: each first-level folder's name).")
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1, 256),
    help="Worker processes (default: number of cores); 1 runs the stages in this process, without the isolation from a crashing PDF library that worker processes give.",
)
@click.option(
    "--pdf-engine",
    type=click.Choice(["pdfium", "pdfplumber"]),
    default="pdfium",
    show_default=True,
    help="PDF text engine.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run extraction on a Dask cluster (e.g. tcp://host:8786); needs pip install '.[dask]'.",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=float,
    default=0.0,
    show_default=True,
    help="Seconds to wait while another process writes the warehouse.",
)
@_ocr_option
@click.option(
    "--max-file-seconds",
    type=click.FloatRange(min=0.1),
    default=600.0,
    show_default=True,
    help="A file that takes longer fails with a one-line error; the rest of the batch loads.",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0.001),
    default=100.0,
    show_default=True,
    help="A larger file fails unread with a one-line error; the rest of the batch loads.",
)
@click.option(
    "--max-text-mb",
    type=click.FloatRange(min=0.001),
    default=8.0,
    show_default=True,
    help="A file whose text is longer (some 2,500 full pages) fails once read, before it is "
    "structured, with a one-line error: structuring holds many times a text's size in memory.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    path: str,
    warehouse: str,
    batch: str | None,
    workers: int | None,
    pdf_engine: str,
    scheduler: str | None,
    wait_seconds: float,
    ocr: str,
    max_file_seconds: float,
    max_file_mb: float,
    max_text_mb: float,
    quiet: bool,
) -> None:
    """Ingest every file under PATH into the warehouse.

    Each first-level folder under PATH is a batch. Files already loaded (same bytes, same
    path) are skipped; a changed file becomes a new version; every file gets a row in
    `documents` with status loaded, failed (with a one-line error) or duplicate.

    \b
    Exit codes: 0 all files loaded or unchanged, 1 some files failed (listed at the end),
    2 usage error (bad option, missing folder), another ingest is writing the warehouse, or
    PATH holds files at paths the warehouse has from another folder that is still there.

    \b
    Readers never wait and never block: ingest writes a working file of its own and, once
    the run has committed, replaces the published warehouse in one rename; a dashboard or
    notebook holding the old file reads it until it connects again.

    \b
    Example:
      rapport ingest raw/                       # every batch under raw/
      rapport ingest raw/2026-11 --batch 2026-11 -w /tmp/test.duckdb
    """
    import signal

    import duckdb

    from .load import WarehouseBusy
    from .publish import work_path
    from .run import Interrupted, OtherCollection
    from .run import ingest as run_ingest

    executor = None
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise click.UsageError("--scheduler needs Dask: pip install '.[dask]'") from exc
        executor = Client(scheduler).get_executor()

    bar = None
    done = {"files": 0}
    terminal = sys.stderr.isatty()

    def progress(event, src, result):  # noqa: ANN001
        done["files"] += 1
        if bar is not None:
            # the estimate follows bytes, not files: a 40-page PDF is not one tenth of a second
            bar.update(max(src.size or 0, 1), _shown(src.path))
        elif not quiet:
            took = sum(result.seconds.values()) if result is not None and result.seconds else None
            detail = f" ({took:.1f} s)" if took else ""
            reason = f": {result.error}" if event == "failed" and result is not None else ""
            click.echo(
                f"[{done['files']}/{max(total, done['files'])}] {event} {_shown(src.path)}{detail}{reason}",
                err=True,
            )

    from .wordlist import ensure_wordlists

    built = ensure_wordlists()
    if built:
        click.echo(built, err=True)
    from .discover import files_under

    sizes = [_size(f) if isinstance(f, Path) else 0 for f in files_under(path)]
    total, total_bytes = len(sizes), max(sum(sizes), 1)
    options = dict(
        batch=batch,
        workers=workers,
        pdf_engine=pdf_engine,
        executor=executor,
        wait_seconds=wait_seconds,
        ocr=ocr,
        max_file_seconds=max_file_seconds,
        max_file_mb=max_file_mb,
        max_text_mb=max_text_mb,
    )
    got = {"signal": signal.SIGINT, "count": 0}

    def interrupt(signum, frame):  # noqa: ARG001
        """Ctrl-C or SIGTERM: the first stops the run cleanly (the documents committed
        stay); a second while it stops ends the process at once."""
        if got["count"]:
            os.write(2, b"\ninterrupted again: stopped at once, rerun to continue\n")
            os._exit(128 + signum)
        got["count"], got["signal"] = 1, signum
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        if quiet:
            summary = run_ingest(path, warehouse, **options)
        elif not terminal:  # cron, a log file: one line per file
            summary = run_ingest(path, warehouse, progress=progress, **options)
        else:
            with click.progressbar(
                length=total_bytes,
                label="ingesting",
                file=sys.stderr,
                show_pos=False,
                show_percent=True,
                item_show_func=lambda s: (s or "")[-40:],
            ) as bar:
                summary = run_ingest(path, warehouse, progress=progress, **options)
    except (WarehouseBusy, OtherCollection) as exc:
        click.echo(f"rapport: {exc}", err=True)
        sys.exit(2)
    except Interrupted as exc:
        click.echo(f"\ninterrupted: {exc.committed} documents committed, rerun to continue", err=True)
        sys.exit(128 + got["signal"])
    except KeyboardInterrupt:
        click.echo("\ninterrupted: no document committed, rerun to continue", err=True)
        sys.exit(128 + got["signal"])
    except (OSError, duckdb.Error) as exc:  # the warehouse itself: damaged, read-only, disk full
        click.echo(f"rapport: {warehouse_problem(warehouse, exc)}", err=True)
        sys.exit(2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo(
        f"run {summary.run_id}: {summary.files_seen} files seen, {summary.loaded} loaded, "
        f"{summary.unchanged} unchanged, {summary.duplicates} duplicate, {summary.failed} failed; "
        f"{summary.sections} sections, {summary.goals} goals ({summary.seconds:.1f} s, normaliser: "
        f"{summary.normaliser}) -> {warehouse}"
    )
    if summary.remade_snapshot:
        click.echo(
            f"  {warehouse} was missing: made again from its working file {work_path(warehouse)}, with every "
            "document loaded before; to start afresh, delete both (make clean)"
        )
    if summary.replaced_snapshot:
        click.echo(
            f"  {warehouse} was not the file the last run published (a backup restored, a copy put in "
            f"place): this run went on from it, and its working file {work_path(warehouse)} was made again from it"
        )
    if summary.restored:
        click.echo(
            f"  {summary.restored} files back to the bytes of an earlier version: that version is latest again"
        )
    if summary.renormalised:
        click.echo(
            f"  {summary.renormalised} goals of earlier runs normalised again "
            "(the normaliser changed since they were loaded)"
        )
    for where, error in summary.failures:
        click.echo(f"  failed: {_shown(where)}: {error}")
    sys.exit(summary.exit_code)


def _shown(path: str) -> str:
    """A path as one line of output: a control character in a file name (a line break, a
    tab) is written as its escape, so no name can break a line or forge one."""
    if path.isprintable():
        return path
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@main.command()
@click.argument("sql")
@warehouse_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
def query(sql: str, warehouse: str, fmt: str) -> None:
    """Run SQL against the warehouse (read-only) and print the result.

    The query sees the warehouse only: no other file can be read or written and no
    extension installed (use `rapport export` to write files).

    \b
    Example:
      rapport query "select region, level, number, text from goals_overview order by region, ordinal"
      rapport query "select count(*) from goals" --format csv
    """
    import duckdb

    con = _open_read_only(warehouse, sandboxed=True)
    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall()
    except duckdb.Error as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from exc
    finally:
        con.close()
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
    elif fmt == "json":
        click.echo(
            json.dumps(
                [dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, default=str, indent=1
            )
        )
    else:
        click.echo(_table(cols, rows))


def warehouse_problem(warehouse: str, exc: BaseException) -> str:
    """One line for a warehouse that cannot be opened or written."""
    text = " ".join(str(exc).split())
    low = text.lower()
    if "no space left" in low or getattr(exc, "errno", None) == 28:
        advice = "the disk is full: free some space and rerun (documents already committed are kept)"
    elif "not a valid duckdb" in low or "corrupt" in low or "checksum" in low:
        from .publish import work_path

        advice = (
            f"the file is damaged: move {warehouse} and its working file {work_path(warehouse)} aside "
            "and rerun to make a new one"
        )
    elif "permission" in low or "read-only" in low or getattr(exc, "errno", None) in (1, 13, 30):
        advice = "the warehouse or its folder is not writable: check permissions, or pass --warehouse"
    else:
        advice = "rerun; documents already committed are kept"
    return f"cannot write the warehouse {warehouse}: {text[:200]} ({advice})"


@contextlib.contextmanager
def _writing(target: str | Path) -> Iterator[None]:
    """An output that cannot be written (a file where a folder should be, no permission, a
    full disk) ends the command with one line naming it, not a traceback."""
    import duckdb

    try:
        yield
    except (OSError, duckdb.IOException) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise click.ClickException(f"cannot write {target}: {reason}") from exc


@contextlib.contextmanager
def _reading_gold() -> Iterator[None]:
    """A folder with no gold in it, or a gold file that cannot be read, is a usage error in
    one line."""
    from .gold import GoldError

    try:
        yield
    except GoldError as exc:
        raise click.UsageError(str(exc)) from exc


def _open_read_only(warehouse: str, sandboxed: bool = False):
    """The warehouse for reading (for user SQL, sandboxed: no other files, no extensions),
    or a clean usage error when there is none yet."""
    from .load import connect, connect_sandboxed

    try:
        return connect_sandboxed(warehouse) if sandboxed else connect(warehouse, read_only=True)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # a damaged file, or one a process outside rapport writes
        text = " ".join(str(exc).split())[:300]
        hint = (
            " (the file is damaged: move it aside and rerun rapport ingest)" if "not a valid" in text else ""
        )
        raise click.ClickException(f"cannot open the warehouse read-only: {text}{hint}") from exc


def _table(cols: list[str], rows: list[tuple]) -> str:
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in r] for r in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(cols)]
    line = " | ".join(c.ljust(w)[:w] for c, w in zip(cols, widths, strict=True))
    sep = "-+-".join("-" * w for w in widths)
    body = [" | ".join(v.ljust(w)[:w] for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join([line, sep, *body, f"({len(rows)} rows)"])


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--pdf-engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True
)
@click.option(
    "--layout",
    is_flag=True,
    help="Also print every extracted line with page, font size and weight, and every unit with the "
    "goal labeller's tag and score.",
)
@_ocr_option
def inspect(file: str, pdf_engine: str, layout: bool, ocr: str) -> None:
    """Print one file's sections, goal tree and fields without loading it.

    The tool for a report that comes out wrong in the warehouse: it shows what each stage
    made of it.

    \b
    Example:
      rapport inspect raw/sample/000_alesund_2016.pdf
      rapport inspect report.pdf --layout --pdf-engine pdfplumber
    """
    from .inspect import inspect_file

    text, read = inspect_file(file, pdf_engine=pdf_engine, layout=layout, ocr=ocr)
    click.echo(text)
    if not read:
        sys.exit(1)


@main.command()
@warehouse_option
def status(warehouse: str) -> None:
    """Show the ingest runs and how many documents have each status.

    \b
    Example:
      rapport status -w warehouse/reports.duckdb
    """
    con = _open_read_only(warehouse)
    try:
        runs = con.execute(
            "SELECT run_id, started_at, finished_at, files_seen, loaded, skipped_unchanged, failed, duplicates "
            "FROM ingest_runs ORDER BY run_id"
        ).fetchall()
        counts = con.execute(
            "SELECT status, count(*) FROM documents WHERE superseded_by IS NULL GROUP BY status ORDER BY status"
        ).fetchall()
        superseded = con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NOT NULL").fetchone()[
            0
        ]
    finally:
        con.close()
    click.echo(
        _table(["run", "started", "finished", "seen", "loaded", "unchanged", "failed", "duplicate"], runs)
    )
    click.echo("")
    click.echo(
        _table(
            ["status", "documents"],
            counts + ([("superseded (older versions)", superseded)] if superseded else []),
        )
    )


@main.command(name="eval")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, file_okay=False))
@warehouse_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--per-document", is_flag=True, help="Also print goals and sections hit/gold/predicted per document."
)
@click.option(
    "--cv",
    is_flag=True,
    help="Leave-one-document-out over all gold in the repo: each document is structured by a "
    "labeller trained on the others (no warehouse needed). With GOLD_DIR, only its documents are scored.",
)
@root_option
def eval_command(
    gold_dir: str | None, warehouse: str, as_json: bool, per_document: bool, cv: bool, root: str
) -> None:
    """Score extractions against gold annotations (precision, recall, F1 per field).

    Gold is either the project's format (one NAME.json per document) or the dev corpus's
    (NAME.meta.json with a "gold" block: optional goals neither rewarded nor penalised,
    every headed section scored). Gold is matched to the warehouse's documents by file stem.

    With --cv the figure is the honest one: every document is scored by a model that never
    saw it (leave-one-document-out over tests/gold/seeds, own and dev).

    \b
    Examples:
      rapport eval tests/gold/seeds
      rapport eval tests/gold/dev --per-document
      rapport eval --cv
      rapport eval tests/gold/dev --cv
    """
    from .evaluate import evaluate, format_report

    if cv:
        from .train import cross_validate, gold_documents, prepare

        only = Path(gold_dir).resolve() if gold_dir else None
        with _reading_gold():
            golds = gold_documents(Path(root))
        examples = [prepare(g) for g in golds if g.source is not None]

        def scored(ex) -> bool:
            return only is None or ex.gold.gold_dir == only

        def progress(done: int, total: int) -> None:
            click.echo(f"\rcross-validating: {done}/{total} documents", nl=done == total, err=True)

        reports = {k: v.report() for k, v in cross_validate(examples, scored, progress).items()}
        if as_json:
            click.echo(json.dumps(reports, indent=1, ensure_ascii=False, default=str))
            return
        for name, report in reports.items():
            click.echo(f"== {name} (leave-one-document-out)")
            click.echo(format_report(report, per_document=per_document and name != "all"))
            click.echo("")
        return
    if not gold_dir:
        raise click.UsageError("give GOLD_DIR (or --cv)")
    from .evaluate import (
        format_status_report,
        is_status_gold,
        load_status_gold,
        score_statuses,
        warehouse_statuses,
    )

    with _reading_gold():
        statuses = load_status_gold(Path(gold_dir)) if is_status_gold(Path(gold_dir)) else None
    if statuses is not None:  # measure statuses: P/R/F1 per status
        con = _open_read_only(warehouse)
        try:
            report = score_statuses(statuses, warehouse_statuses(con))
        finally:
            con.close()
        click.echo(json.dumps(report, indent=1) if as_json else format_status_report(report))
        return
    con = _open_read_only(warehouse)
    try:
        with _reading_gold():
            report = evaluate(con, Path(gold_dir))
    finally:
        con.close()
    if not report["documents"]:
        raise click.ClickException(
            f"none of the {len(report['gold_without_document'])} gold documents in {gold_dir} matches a "
            "document in the warehouse (by file stem): ingest the files they annotate first"
        )
    if as_json:
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        click.echo(format_report(report, per_document=per_document))


@main.command()
@root_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the model here instead of into the package (pipeline/resources).",
)
def train(root: str, out: str | None) -> None:
    """Retrain the goal labeller on the gold in the repo and write the model.

    Deterministic: the same gold gives the same model bytes. Estimate what it gets on new
    documents with `rapport eval --cv`.

    \b
    Example:
      rapport train            (what `make train` runs)
    """
    from .train import train_and_save

    with _reading_gold():
        path, n_docs, n_units = train_and_save(Path(root), Path(out) if out else None)
    click.echo(f"trained on {n_docs} documents ({n_units} units) -> {path}")


@main.command()
@warehouse_option
def models(warehouse: str) -> None:
    """(Re)build the SQL views under models/ in dependency order.

    \b
    Example:
      rapport models
    """
    from .load import close_for_publishing, connect
    from .models import build_models
    from .publish import WarehouseBusy, publish, writing

    try:
        with writing(warehouse):
            con = connect(warehouse)
            try:
                order = build_models(con)
            except BaseException:
                con.close()
                raise
            close_for_publishing(con)
            publish(warehouse)
    except WarehouseBusy as exc:
        click.echo(f"rapport: {exc}", err=True)
        sys.exit(2)
    click.echo("built views: " + ", ".join(order))


@main.command()
@click.argument("out", type=click.Path(dir_okay=False))
@warehouse_option
def report(out: str, warehouse: str) -> None:
    """Write one self-contained HTML overview of the warehouse to OUT: counts, the progress
    reports state, measures by year and every region's goal tree (no network needed to
    open it: styles and the chart are inside the file).

    \b
    Example:
      rapport report overview.html
    """
    from .report import render

    con = _open_read_only(warehouse)
    try:
        html = render(con)
    finally:
        con.close()
    with _writing(out):
        Path(out).write_text(html, "utf-8")
    click.echo(f"wrote {out} ({len(html) // 1024} KiB)")


@main.command()
@click.argument("out", type=click.Path(dir_okay=False), default="docs/warehouse.md")
def docs(out: str) -> None:
    """Write the warehouse's documentation (every table and view, every column with its
    type, meaning and allowed values) from the table specification and the SQL models.

    \b
    Example:
      rapport docs             (writes docs/warehouse.md)
    """
    from .docs import render

    target = Path(out)
    with _writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(), "utf-8")
    click.echo(f"wrote {target}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@warehouse_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV as a Norwegian Excel opens it: UTF-8 with BOM, ';' separator, decimal comma, CRLF, "
    "kommunenummer kept as text (implies --format csv).",
)
def export(directory: str, warehouse: str, fmt: str, excel: bool) -> None:
    """Write every table and view to DIRECTORY, one file each, for BI tools.

    \b
    Example:
      rapport export export/ --format parquet
      rapport export export/ --excel        (CSV files to open in Excel)
    """
    from .export import export_all

    if excel:
        fmt = "csv"
    con = _open_read_only(warehouse)
    try:
        with _writing(directory):
            written = export_all(con, Path(directory), fmt, excel=excel)
    finally:
        con.close()
    for name, rows in written:
        click.echo(f"{name}: {rows} rows")


if __name__ == "__main__":
    main()
