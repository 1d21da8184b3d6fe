"""The work one worker does for one file: extract -> repair -> segment -> structure ->
detect variety. Imported by worker processes, so it stays clear of the warehouse's
libraries (DuckDB, Arrow): a worker starts faster without them."""

from __future__ import annotations

import time
import traceback
from dataclasses import replace
from pathlib import Path

from .extract import ExtractError, extract
from .identity import document_text, sketch, title_of
from .normalise import Detected, detect
from .records import DEFAULT_OPTIONS, DocumentResult, ExtractOptions, SourceFile
from .repair import repair
from .segment import segment
from .structure import structure


def process_file(
    source: SourceFile, options: ExtractOptions = DEFAULT_OPTIONS
) -> tuple[DocumentResult, Detected | None]:
    """Every stage a worker runs for one file; never raises."""
    stage = "extract"
    timings: dict[str, float] = {}
    try:
        t = time.perf_counter()
        extracted = extract(source, options)
        timings["extract"] = time.perf_counter() - t
        stage = "repair"
        t = time.perf_counter()
        repaired = repair(extracted)
        stage = "segment"
        sections = segment(repaired)
        stage = "structure"
        structured = structure(repaired, sections)
        stage = "normalise"
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
        title=title_of(structured),
        sketch=sketch(document_text(structured)),
    )
    return result, detected


def one_line(text: str) -> str:
    return " ".join(text.split())[:500] or "unknown error"
