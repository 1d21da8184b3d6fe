"""The work one worker does for one file: extract -> repair -> segment -> structure ->
detect variety. Imported by worker processes, so it stays clear of the warehouse's
libraries (DuckDB, Arrow): a worker starts faster without them."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .extract import ExtractError, extract
from .extract.errors import one_line
from .identity import document_text, sketch, title_of
from .normalise import Detected, detect
from .records import DEFAULT_OPTIONS, DocumentResult, ExtractOptions, SourceFile
from .repair import repair
from .segment import segment
from .structure import structure


def process_file(
    source: SourceFile, options: ExtractOptions = DEFAULT_OPTIONS
) -> tuple[DocumentResult, Detected | None]:
    """Every stage a worker runs for one file; never raises (but for an interrupt)."""
    timings: dict[str, float] = {}
    if options.max_mb is not None and source.size > options.max_mb * 2**20:
        return DocumentResult(
            source,
            "failed",
            error=f"the file is {source.size / 2**20:.0f} MB, over the limit of {options.max_mb:g} MB "
            "(--max-file-mb): split it, or raise the limit",
        ), None
    try:
        with time_limit(options.max_seconds):
            return _stages(source, options, timings)
    except FileTimeout as exc:
        return DocumentResult(
            source,
            "failed",
            error=f"took longer than {options.max_seconds:g} s (in {exc.stage}; --max-file-seconds): "
            "raise the limit to read it",
            seconds=timings,
        ), None


class FileTimeout(BaseException):
    """A file ran past --max-file-seconds. A BaseException, so that no stage's own
    ``except Exception`` takes it for an error of its own."""

    stage = "extract"


_CURRENT_STAGE = ["extract"]
REFIRE_SECONDS = 0.05


@contextmanager
def time_limit(seconds: float | None):
    """Raise FileTimeout in this thread after ``seconds`` (SIGALRM: the main thread of a
    worker process, or of this process with one worker; elsewhere no limit applies)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):  # noqa: ARG001
        exc = FileTimeout()
        exc.stage = _CURRENT_STAGE[0]
        # a signal that lands in a finaliser (a weakref callback, __del__) raises where
        # Python swallows the exception: fire again shortly until it lands where it counts
        signal.setitimer(signal.ITIMER_REAL, REFIRE_SECONDS)
        raise exc

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _stages(
    source: SourceFile, options: ExtractOptions, timings: dict[str, float]
) -> tuple[DocumentResult, Detected | None]:
    stage = _CURRENT_STAGE[0] = "extract"
    try:
        t = time.perf_counter()
        extracted = extract(source, options)
        timings["extract"] = time.perf_counter() - t
        if options.max_text_mb is not None:
            text_mb = sum(len(line.text) for line in extracted.lines) / 2**20
            if text_mb > options.max_text_mb:
                return DocumentResult(
                    source,
                    "failed",
                    n_pages=extracted.n_pages,
                    error=f"the file holds {text_mb:.3g} MB of text, over the limit of {options.max_text_mb:g} MB "
                    "(--max-text-mb): split it, or raise the limit",
                    seconds=timings,
                ), None
        stage = _CURRENT_STAGE[0] = "repair"
        t = time.perf_counter()
        repaired = repair(extracted)
        stage = _CURRENT_STAGE[0] = "segment"
        sections = segment(repaired)
        stage = _CURRENT_STAGE[0] = "structure"
        structured = structure(repaired, sections)
        stage = _CURRENT_STAGE[0] = "normalise"
        detected = detect(structured)
        timings["after_extract"] = time.perf_counter() - t
    except ExtractError as exc:
        return DocumentResult(source, "failed", error=one_line(str(exc)), seconds=timings), None
    except MemoryError:
        return DocumentResult(
            source, "failed", error=f"out of memory in {stage}: the file is too large to process"
        ), None
    except Exception as exc:  # a bug or a file no stage foresaw: the batch goes on
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return (
            DocumentResult(
                source,
                "failed",
                error=one_line(
                    f"internal error in {stage} ({type(exc).__name__}: {exc}) at "
                    f"{Path(where.filename).name}:{where.lineno}; please report it with the file"
                ),
                seconds=timings,
            ),
            None,
        )
    # only the sections' text travels on to the loader, not every line with its layout
    compact = replace(structured, sections=tuple(sec.compact() for sec in structured.sections))
    result = DocumentResult(
        source,
        "loaded",
        n_pages=extracted.n_pages,
        structured=compact,
        seconds=timings,
        extraction=extracted.extraction,
        ocr_confidence=extracted.ocr_confidence,
        title=title_of(structured, repaired.furniture),
        sketch=sketch(document_text(structured)),
    )
    return result, detected


def init_worker() -> None:
    """A worker process: Ctrl-C is the ingesting process's to handle (it ends the workers),
    and the worker dies with that process however it ends (Linux: the parent-death signal),
    so that a killed ingest never leaves workers behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # the stages' modules, loaded by now, are no work for the collector (see run.long_lived_frozen)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass
    if os.getppid() == 1:  # the parent died before the line above ran
        os._exit(1)
