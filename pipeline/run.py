"""Orchestration: which files, which stages, which workers; the ledger of runs.

    discover -> (workers) extract -> repair -> segment -> structure -> detect variety
             -> (normaliser thread) normalise in batches -> (writer thread) load, whole documents
                per transaction, several at once

Files whose bytes are already in the warehouse cost a stat (and a hash when size or
mtime changed) and nothing more. Workers sit behind a ``concurrent.futures.Executor``:
a local process pool by default, or any executor handed in (a Dask cluster's
``client.get_executor()``). Only a bounded number of documents is in flight at a time, so
memory follows the number of workers, not the size of the batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import queue
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from . import __version__, available_cores
from .discover import another_file, discover, ensure_sniffed, raw_roots_of
from .extract.errors import one_line
from .load import (
    add_regions,
    close_for_publishing,
    connect,
    documents_stamp,
    forget_versions,
    goals_made_by,
    known_files,
    load_cache,
    load_document,
    load_documents,
    read_state,
    record_file_state,
    report_keys,
    restore_versions,
    seed_regions,
    store_cache,
    store_links,
    update_goal_forms,
    write_state,
)
from .normalise import LEMMA, Detected, Normalise, detect_goal
from .publish import publish, replaced, work_path, writing
from .records import DocumentResult, ExtractOptions, SourceFile
from .versions import Elsewhere, Version, plan, read_elsewhere
from .worker import init_worker, process_file

NORMALISE_BATCH = 64  # documents normalised together: one Apertium call per batch
BATCH_WORDS = 20000  # ... or fewer documents once they hold this many words to normalise
LOAD_BATCH = 16  # documents written in one transaction, at most
COMMIT_DELAY = 0.25  # seconds the writer waits for more documents before it commits
RENORMALISE_BATCH = 2000  # goals of earlier runs normalised again and written together

ProgressFn = Callable[[str, SourceFile, DocumentResult | None], None]


@dataclass
class RunSummary:
    run_id: int
    files_seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    failed: int = 0
    duplicates: int = 0
    sections: int = 0
    goals: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    translated_words: int = 0
    translate_seconds: float = 0.0
    normalise_seconds: float = 0.0
    normaliser: str = ""
    renormalised: int = 0  # goals of earlier runs normalised again: the normaliser changed since
    publish_seconds: float = 0.0  # copying the working file over the published snapshot
    restored: int = 0  # files back to bytes of an earlier version: that version is latest again
    # the published snapshot was missing beside a working file (deleted by hand, or a first
    # run killed before it published): made again from the working file, which holds every
    # document loaded before
    remade_snapshot: bool = False
    # the published snapshot was another file than the one the last run published (a
    # backup restored, a copy put in place): the run went on from it, not from the
    # working file's state
    replaced_snapshot: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def ingest(
    root: str | os.PathLike[str],
    warehouse: str | os.PathLike[str],
    batch: str | None = None,
    workers: int | None = None,
    pdf_engine: str = "pdfium",
    executor: Executor | None = None,
    progress: ProgressFn | None = None,
    wait_seconds: float = 0.0,
    build_views: bool = True,
    ocr: str = "auto",
    max_file_seconds: float | None = None,
    max_file_mb: float | None = None,
    max_text_mb: float | None = None,
) -> RunSummary:
    """Ingest every file under ``root`` into ``warehouse``; see the module docstring."""
    started = time.perf_counter()
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"no such folder: {root}")
    with writing(warehouse, wait_seconds), long_lived_frozen():
        remade = not Path(warehouse).exists() and work_path(warehouse).exists()
        put_in_place = replaced(warehouse)
        wh = _Warehouse(warehouse)
        try:
            options = ExtractOptions(
                pdf_engine=pdf_engine,
                ocr=ocr,
                max_seconds=max_file_seconds,
                max_mb=max_file_mb,
                max_text_mb=max_text_mb,
            )
            summary = _ingest(wh, root, batch, workers, options, executor, progress, started, build_views)
            summary.remade_snapshot, summary.replaced_snapshot = remade, put_in_place
        except KeyboardInterrupt:
            # what was committed stays in the working file (whole documents); the snapshot
            # readers see stays the last whole run's, and the next run goes on from there
            with contextlib.suppress(Exception):
                close_for_publishing(wh.con)
            raise Interrupted(wh.summary) from None
        except BaseException:
            wh.con.close()
            raise
        _crash_point("publish")
        close_for_publishing(wh.con)
        # readers see the run only now, whole: the snapshot is replaced in one rename
        summary.publish_seconds = publish(warehouse)
        summary.seconds = time.perf_counter() - started
        return summary


@contextlib.contextmanager
def long_lived_frozen() -> Iterator[None]:
    """What the process holds when a run starts (modules, lexicons, models) is kept out of
    the cyclic collector's sight for the run (``gc.freeze``): a full collection then walks
    only what the run makes, and worker processes forked from this one share those pages
    instead of copying each one a collection would touch. Released when the run ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class Interrupted(Exception):
    """Ctrl-C or SIGTERM: the run stopped; ``summary`` counts what was committed."""

    def __init__(self, summary: RunSummary | None):
        super().__init__("interrupted")
        self.summary = summary

    @property
    def committed(self) -> int:
        s = self.summary
        return (s.loaded + s.failed + s.duplicates) if s else 0


class OtherCollection(Exception):
    """The folder to ingest holds files at paths the warehouse already has from another
    folder that is still there (two raw folders with the same batch folder and file name):
    the run stops before it writes anything, as one collection's files would replace the
    other's reports as their latest versions."""

    def __init__(self, root: str | os.PathLike[str], clashes: list[Elsewhere]):
        first = clashes[0]
        more = f" (and {len(clashes) - 1} more files)" if len(clashes) > 1 else ""
        super().__init__(
            f"{root} holds {first.source.path}{more}, a path this warehouse already holds from another "
            f"folder, {first.other}, which is still there with other bytes: the two would replace each "
            "other's reports. Ingest this folder into a warehouse of its own (--warehouse), or, if it "
            "takes the other folder's place, move or remove that one first"
        )
        self.clashes = clashes


class _Warehouse:
    """The run's connection to the warehouse, which may be closed and opened again once
    (see :func:`_start_pool`)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = path
        self.con = connect(path)
        self.summary: RunSummary | None = None

    def start_workers(self, todo: list[SourceFile], options: ExtractOptions, n: int) -> Dispatch:
        """A pool of ``n`` worker processes for ``todo``, started while the connection is
        closed (DuckDB's threads end with it; see :func:`_start_pool`)."""
        self.con.close()
        dispatch = Dispatch(todo, options, n, fork_safe=True)
        try:
            self.con = connect(self.path, wait=10.0)
        except BaseException:
            dispatch.close()
            raise
        return dispatch


def _ingest(wh, root, batch, workers, options, executor, progress, started, build_views) -> RunSummary:
    from .structure.fields import region_aliases

    con = wh.con

    started_at = dt.datetime.now()
    seed_regions(con, region_aliases())
    known = known_files(con)
    versions = [
        Version(doc_id, sha, path, status, superseded is None)
        for doc_id, sha, path, status, superseded in con.execute(
            "SELECT doc_id, sha256, path, status, superseded_by FROM documents"
        ).fetchall()
    ]
    roots = raw_roots_of(known, [(v.doc_id, v.path) for v in versions])
    sources = list(discover(root, batch=batch, known=known, known_roots=roots))
    clashes = [
        e for e in read_elsewhere(sources, versions, known) if another_file(e.other, e.source.abs_path)
    ]
    if clashes:
        raise OtherCollection(root, clashes)
    # the run is in the ledger once it is sure to go on
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchone()[0]
    con.execute(
        "INSERT INTO ingest_runs (run_id, started_at, root, pipeline_version) VALUES (?, ?, ?, ?)",
        [run_id, started_at, str(root), __version__],
    )
    summary = RunSummary(run_id=run_id)
    summary.files_seen = len(sources)
    todo_plan = plan(sources, versions)
    known_paths = todo_plan.known_paths
    for src in todo_plan.unchanged:
        summary.unchanged += 1
        _notify(progress, "unchanged", src, None)
    restore_versions(con, [(r.doc_id, r.supersedes) for r in todo_plan.restore])
    for r in todo_plan.restore:
        summary.restored += 1
        _notify(progress, "restored", r.source, None)
    for dup in todo_plan.duplicates:
        # an empty file is empty whatever file it shares its (no) bytes with: said first
        why = f"same bytes as {dup.same_as}" if dup.source.size else f"empty file (0 bytes), as {dup.same_as}"
        result = DocumentResult(dup.source, "duplicate", duplicate_of=dup.source.doc_id, error=why)
        load_document(con, result, run_id, supersede=dup.source.path in known_paths)
        summary.duplicates += 1
        _notify(progress, "duplicate", dup.source, result)
    forget_versions(con, todo_plan.forget)
    todo = [ensure_sniffed(src) for src in todo_plan.todo]

    # worker processes start now, before this process opens threads of its own (see _start_pool)
    n = workers or available_cores()
    if executor is None and n > 1 and len(todo) > 1:
        dispatch = wh.start_workers(todo, options, n)
        con = wh.con
    else:
        dispatch = Dispatch(todo, options, n, executor)
    normaliser = Normalise(cache=load_cache(con) if todo else {})
    wh.summary = summary
    try:
        max_words = int(options.max_seconds * NORMALISE_WORDS_PER_SECOND) if options.max_seconds else None
        _run_stages(con, dispatch, normaliser, summary, run_id, known_paths, progress, max_words)
    except BaseException:
        dispatch.abort()
        raise
    finally:
        dispatch.close()
    return _finish(con, summary, sources, known, build_views, run_id, started, normaliser)


# what a document's own rows can do wrong (a duplicate key, a value out of range); the
# warehouse's own troubles (a full disk, I/O) stop the run as before
_ROW_ERRORS = (duckdb.ConstraintException, duckdb.ConversionException, duckdb.InvalidInputException)


def load_isolated(con, finals: list[DocumentResult], run_id: int, supersede) -> list[DocumentResult]:
    """Load a batch of documents in one transaction; when the batch fails on the rows of
    one document, load them one by one, and a document whose rows cannot be loaded goes in
    as failed with a one-line error: the rest of the batch loads. What was loaded, in order."""
    try:
        load_documents(con, finals, run_id, supersede)
        return finals
    except _ROW_ERRORS:
        pass  # rolled back: find the document at fault
    out = []
    for final in finals:
        try:
            load_documents(con, [final], run_id, supersede)
        except _ROW_ERRORS as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            final = replace(
                final, status="failed", structured=None, normalised=None, error=f"cannot load: {first[:200]}"
            )
            load_documents(con, [final], run_id, supersede)
        out.append(final)
    return out


def _run_stages(con, dispatch, normaliser, summary, run_id, known_paths, progress, max_words=None) -> None:
    """Worker results through the normaliser thread to the writer thread. A document with
    more new goal text than ``max_words`` (what the per-file time limit allows) fails
    before the normaliser starts on it."""
    summary.normaliser = normaliser.engine

    def flush(pending: list[tuple[DocumentResult, Detected | None]]) -> None:
        t = time.perf_counter()
        with_detect = [(r, d) for r, d in pending if d is not None]
        forms = normaliser.run([d for _, d in with_detect]) if with_detect else []
        summary.normalise_seconds += time.perf_counter() - t
        by_id = {id(r): f for (r, _), f in zip(with_detect, forms, strict=True)}
        for result, _ in pending:
            writer.put(replace(result, normalised=by_id.get(id(result))))
        writer.put_cache(normaliser.take_new())

    def load(finals: list[DocumentResult]) -> None:
        finals = load_isolated(con, finals, run_id, lambda r: r.source.path in known_paths)
        for final in finals:
            _count(summary, final)
            _notify(progress, final.status, final.source, final)

    # three threads in this process: this one hands worker results on; the normaliser
    # batches them for Apertium (a batch's translation overlaps the workers' next files);
    # the writer loads into DuckDB
    writer = Writer(load, lambda new: store_cache(con, new))

    def normalise(items: Iterator[tuple[DocumentResult, Detected | None]]) -> None:
        for pending in _batches(items, normaliser, max_words):
            flush(pending)

    normalising = Stage(normalise, "rapport-normalise")
    try:
        try:
            for item in dispatch.results():
                normalising.put(item)
        finally:
            normalising.close()
    finally:
        writer.close()
    summary.translated_words = normaliser.translated_words
    summary.translate_seconds = normaliser.translate_seconds


def _finish(con, summary, sources, known, build_views, run_id, started, normaliser) -> RunSummary:
    """File state, regions, views, goals of earlier runs normalised again where the
    normaliser changed, goal groups and the ledger, once the documents are in."""
    _crash_point("loaded")
    record_file_state(con, [s for s in sources if known.get(s.abs_path) != (s.size, s.mtime_ns, s.doc_id)])
    _crash_point("file_state")
    if build_views:
        from .models import build_models

        build_models(con, only_changed=True)
    _crash_point("views")
    summary.renormalised = renormalise_earlier(con, normaliser, run_id)
    _crash_point("renormalise")
    rebuild_derived(con, force=bool(summary.renormalised))
    summary.seconds = time.perf_counter() - started
    con.execute(
        "UPDATE ingest_runs SET finished_at = ?, files_seen = ?, loaded = ?, skipped_unchanged = ?, failed = ?, "
        "duplicates = ? WHERE run_id = ?",
        [
            dt.datetime.now(),
            summary.files_seen,
            summary.loaded,
            summary.unchanged,
            summary.failed,
            summary.duplicates,
            run_id,
        ],
    )
    return summary


def rebuild_derived(con, force: bool = False) -> bool:
    """Regions, report links and goal groups are a function of the latest documents: when
    the documents' stamp differs from the one they were last built from (a run loaded,
    restored or superseded something, or a run was killed before it rebuilt them), build
    them again and note the stamp, last. A kill at any point is repaired by the next run."""
    from .identity import link_reports
    from .normalise.groups import regroup

    stamp = documents_stamp(con)
    if not force and read_state(con, "derived") == stamp:
        return False
    add_regions(con)
    _crash_point("regions")
    store_links(con, link_reports(report_keys(con)))
    _crash_point("links")
    regroup(con)
    _crash_point("groups")
    write_state(con, "derived", stamp)
    return True


# tests set RAPPORT_CRASH_AT to a step's name to kill the run there (os._exit: no cleanup,
# as SIGKILL), and check that the next run repairs everything
_CRASH_AT = os.environ.get("RAPPORT_CRASH_AT", "")


def _crash_point(step: str) -> None:
    if _CRASH_AT == step:
        os._exit(137)


def renormalise_earlier(con, normaliser: Normalise, run_id: int) -> int:
    """Normalise again the goals that runs before ``run_id`` normalised with lemma keys of
    another version (the normaliser changed since), and, where Apertium is at hand, those
    the fallback normalised: keys then compare across the whole warehouse. Apertium's
    forms are never replaced by the fallback's. Returns how many goals were normalised.

    pipeline_state notes the version of each normaliser that made goals here, so that a
    rerun costs one small query."""
    engine = normaliser.engine
    versions = dict(
        con.execute("SELECT key, value FROM pipeline_state WHERE key LIKE 'lemma_keys:%'").fetchall()
    )
    stamp, fallback = f"lemma_keys:{engine}", "lemma_keys:fallback"
    changed = versions.get(stamp) != LEMMA
    stale = [engine] if changed else []
    if engine == "apertium" and (
        fallback in versions or not versions
    ):  # no notes: made before they were kept
        stale.append("fallback")
    rows = goals_made_by(con, stale, run_id) if stale and run_id > 1 else []
    if rows and not normaliser.cache:  # a run with no new file starts with none loaded
        normaliser = Normalise(load_cache(con), engine)
    for i in range(0, len(rows), RENORMALISE_BATCH):
        part = rows[i : i + RENORMALISE_BATCH]
        goals = tuple(detect_goal(text, variety or "nb") for _, text, variety in part)
        (forms,) = normaliser.run([Detected(goals, (), "nb")])
        update_goal_forms(con, [goal for goal, _, _ in part], forms.goal_forms)
        store_cache(con, normaliser.take_new())
    if changed:
        write_state(con, stamp, LEMMA)
    if engine == "apertium" and fallback in versions:
        con.execute("DELETE FROM pipeline_state WHERE key = ?", [fallback])
    return len(rows)


def _batches(
    results: Iterator[tuple[DocumentResult, Detected | None]],
    normaliser: Normalise,
    max_words: int | None = None,
) -> Iterator[list[tuple[DocumentResult, Detected | None]]]:
    """Worker results in batches for the normaliser: small while the cache answers, so
    that loading keeps pace with the workers; large when there is text to translate, so
    that Apertium starts once per batch, not once per document. A document with more new
    words than ``max_words`` fails here (its normalising would outrun the per-file limit)."""
    pending: list[tuple[DocumentResult, Detected | None]] = []
    uncached = 0
    for item in results:
        words = normaliser.uncached_words(item[1]) if item[1] is not None else 0
        if max_words is not None and words > max_words:
            item = (_too_much_to_normalise(item[0], words, max_words), None)
            words = 0
        pending.append(item)
        uncached += words
        if (
            len(pending) >= NORMALISE_BATCH
            or (uncached == 0 and len(pending) >= 4)
            or uncached >= BATCH_WORDS
        ):
            yield pending
            pending, uncached = [], 0
    if pending:
        yield pending


# a floor under the normaliser's speed on a slow machine (Apertium's lemmatiser runs about
# 2,700 words/s a process, the cold normalise stage in an ingest about 1,900 on 2 cores):
# what --max-file-seconds allows a document's new goal text
NORMALISE_WORDS_PER_SECOND = 1500


def _too_much_to_normalise(result: DocumentResult, words: int, max_words: int) -> DocumentResult:
    seconds = max_words / NORMALISE_WORDS_PER_SECOND
    return replace(
        result,
        status="failed",
        structured=None,
        error=(
            f"too much goal text to normalise within the per-file limit ({words} new words, about "
            f"{words / NORMALISE_WORDS_PER_SECOND:.0f} s; --max-file-seconds {seconds:g}): raise the limit to read it"
        ),
    )


_STOP = object()


class Stage:
    """A thread that runs ``body`` over the items put into it, in order; ``body``
    receives them as an iterator that ends at :meth:`close`. An error in ``body`` stops
    it taking work (what is put later is dropped) and is raised by the next :meth:`put`
    or by :meth:`close`."""

    def __init__(self, body: Callable[[Iterator], object], name: str, maxsize: int = 64):
        self._queue: queue.Queue = queue.Queue(maxsize=maxsize)
        self._error: BaseException | None = None
        self._stopped = False
        self._body = body
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _get(self, timeout: float | None = None) -> object:
        """The next item put in; ``_STOP`` once closed; None if ``timeout`` seconds pass first."""
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is _STOP:
            self._stopped = True
        return item

    def _items(self) -> Iterator:
        while not self._stopped and (item := self._get()) is not _STOP:
            yield item

    def _run(self) -> None:
        try:
            self._body(self._items())
        except BaseException as exc:  # raised in the caller's thread by put() or close()
            self._error = exc
            for _ in self._items():  # keep the queue moving so that put() never blocks
                pass

    def put(self, item: object) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(item)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()
        if self._error is not None:
            raise self._error


class Writer(Stage):
    """The one thread that writes the warehouse during a run.

    DuckDB releases the GIL while it executes, so loading runs beside the Python stages
    instead of after them. Documents are written in the order they are handed over, up to
    ``LOAD_BATCH`` in one transaction: the writer waits up to ``COMMIT_DELAY`` for more
    once one has come (group commit), so that a transaction holds several documents, each
    costing about as much as one document's rows alone.
    """

    def __init__(self, load: Callable[[list[DocumentResult]], None], store: Callable[[dict[str, str]], None]):
        self._load, self._store = load, store
        super().__init__(self._write, "rapport-writer", maxsize=256)

    def put(self, result: DocumentResult) -> None:  # type: ignore[override]
        super().put(("doc", result))

    def put_cache(self, new: dict[str, str]) -> None:
        if new:
            super().put(("cache", new))

    def _write(self, _items: Iterator) -> None:
        docs: list[DocumentResult] = []
        deadline = 0.0
        while True:
            item = self._get(max(0.0, deadline - time.monotonic()) if docs else None)
            kind, payload = item if isinstance(item, tuple) else ("pause" if item is None else "stop", None)
            if kind == "doc":
                if not docs:
                    deadline = time.monotonic() + COMMIT_DELAY
                docs.append(payload)
                if len(docs) < LOAD_BATCH:
                    continue
            if docs:  # a full group, a pause, a cache entry or the end: commit what waits
                self._load(docs)
                docs = []
            if kind == "stop":
                return
            if kind == "cache":
                self._store(payload)


def _notify(progress: ProgressFn | None, event: str, src: SourceFile, result: DocumentResult | None) -> None:
    if progress is not None:
        progress(event, src, result)


def _count(summary: RunSummary, result: DocumentResult) -> None:
    if result.status == "loaded":
        summary.loaded += 1
        summary.pages += result.n_pages or 0
        if result.structured:
            summary.sections += len(result.structured.sections)
            summary.goals += len(result.structured.goals)
    elif result.status == "failed":
        summary.failed += 1
        summary.failures.append((result.source.path, result.error or ""))


def _start_pool(n: int, fork_safe: bool = False) -> ProcessPoolExecutor:
    """A local pool of ``n`` worker processes.

    Forked from this process when that is safe: on Linux, with no other Python thread
    running and, as the caller vouches with ``fork_safe``, no DuckDB connection open (the
    threads left are native libraries' idle pools, OpenBLAS and jemalloc, which handle
    fork). The workers then start at once with whatever this process has imported and
    built. Else they fork from a server that imports the stages and builds their lexicons
    first (about a second here, spaCy's import most of it)."""
    import multiprocessing as mp

    if fork_safe and sys.platform.startswith("linux") and threading.active_count() == 1:
        return ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork"), initializer=init_worker)
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.warm"])
    return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=init_worker)


class Dispatch:
    """Files to worker processes, results back in completion order.

    At most 2 x workers files are in flight, so memory follows the number of workers. With
    no executor, one worker runs the stages in this process and more run in a pool of
    processes this object owns, started here. A crash in a worker (a PDF library's) breaks
    a local pool: the files that were in flight go through a new pool one at a time, so
    that only the file that crashes it again is failed, and the batch goes on.
    """

    def __init__(
        self,
        todo: list[SourceFile],
        options: ExtractOptions,
        n: int,
        executor: Executor | None = None,
        fork_safe: bool = False,
    ):
        self.options, self.n = options, n
        self.in_process = executor is None and (n <= 1 or len(todo) <= 1)
        # to workers, the largest files first, so that no large file runs alone at the end
        self.queue = iter(todo if self.in_process else sorted(todo, key=lambda s: -(s.size or 0)))
        self.own = executor is None and not self.in_process
        self.executor = _start_pool(min(n, len(todo)), fork_safe) if self.own else executor
        self.in_flight: dict[Future, SourceFile] = {}
        self.unsent: list[SourceFile] = []  # handed out as the pool broke: for the recovery
        if not self.in_process:
            with warnings.catch_warnings():
                # Python >= 3.12 warns of fork with any thread; see _start_pool for why it is safe
                warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
                self._fill()  # a fork context starts the processes at the first submit: now

    def _fill(self) -> None:
        """Hand files out until 2 x workers are in flight. A pool that broke meanwhile (a
        worker died while files were handed out) takes no more: the file waits for the
        recovery in :meth:`results`."""
        while len(self.in_flight) < 2 * self.n and not self.unsent:
            src = next(self.queue, None)
            if src is None:
                return
            try:
                self.in_flight[self.executor.submit(process_file, src, self.options)] = src
            except BrokenProcessPool:
                self.unsent.append(src)

    def results(self) -> Iterator[tuple[DocumentResult, Detected | None]]:
        if self.in_process:
            for src in self.queue:
                yield process_file(src, self.options)
            return
        try:
            while self.in_flight or self.unsent:
                done = wait(set(self.in_flight), return_when=FIRST_COMPLETED)[0] if self.in_flight else set()
                broken = []
                for fut in done:
                    src = self.in_flight.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool as exc:
                        if self.own:
                            broken.append(src)
                        else:
                            yield _crashed(src, exc)
                    except Exception as exc:  # a worker lost some other way (a remote executor)
                        yield _crashed(src, exc)
                unsent, self.unsent = self.unsent, []
                if self.own:
                    broken.extend(unsent)
                else:
                    for src in unsent:
                        yield _crashed(
                            src, BrokenProcessPool("the executor broke before the file was handed out")
                        )
                if broken and self.own:
                    yield from self._recover(broken + list(self.in_flight.values()))
                self._fill()
        finally:
            self.close()

    def abort(self) -> None:
        """End the pool this object owns at once (an interrupt): its processes are
        terminated, not waited for, so that a long file in a worker cannot hold Ctrl-C up."""
        if self.own and self.executor is not None:
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None

    def close(self) -> None:
        """Shut down the pool this object owns (once; nothing for an executor handed in)."""
        if self.own and self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def _recover(self, suspects: list[SourceFile]) -> Iterator[tuple[DocumentResult, Detected | None]]:
        self.in_flight.clear()
        self._restart()
        for src in suspects:
            try:
                yield self.executor.submit(process_file, src, self.options).result()
            except BrokenProcessPool as exc:
                yield _crashed(src, exc)
                self._restart()

    def _restart(self) -> None:
        """A new pool in place of a broken one."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = _start_pool(self.n)


def _crashed(src: SourceFile, exc: BaseException) -> tuple[DocumentResult, None]:
    return (
        DocumentResult(
            src,
            "failed",
            error=one_line(
                f"the worker processing this file crashed ({type(exc).__name__}); "
                "the file may be damaged: try opening and re-saving it"
            ),
        ),
        None,
    )
