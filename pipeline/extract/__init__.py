"""Extract: one module per format, each turning a file into :class:`Extracted` lines."""

from __future__ import annotations

import os

from ..records import DEFAULT_OPTIONS, Extracted, ExtractOptions, SourceFile
from .errors import ExtractError, cannot_read

__all__ = ["ExtractError", "extract"]


def extract(
    source: SourceFile, options: ExtractOptions = DEFAULT_OPTIONS, max_pages: int | None = None
) -> Extracted:
    """Read ``source`` into lines, dispatching on its sniffed format."""
    if source.format is None:
        raise ExtractError(source.sniff_error or "not a supported format")
    as_discovered(source)
    if source.format == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(source.abs_path, engine=options.pdf_engine, max_pages=max_pages, ocr=options.ocr)
    if source.format == "pptx":
        from .pptx import extract_pptx

        return extract_pptx(source.abs_path)
    if source.format == "docx":
        from .docx import extract_docx

        return extract_docx(source.abs_path)
    try:
        with open(source.abs_path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ExtractError(cannot_read(exc)) from None
    if source.format == "html":
        from .html import extract_html

        return extract_html(data)
    from .text import extract_text

    try:
        return extract_text(data, source.abs_path)
    except ValueError as exc:
        raise ExtractError(str(exc)) from exc


def as_discovered(source: SourceFile) -> None:
    """Raise unless the file is still there as discovery found it (its size and time of
    change): one moved, deleted or rewritten while the batch ran fails with the reason, and
    other bytes are never loaded under the hash of the ones discovery read."""
    try:
        st = os.stat(source.abs_path)
    except FileNotFoundError:
        raise ExtractError(
            "the file was moved or deleted while the batch ran: put it back and rerun to read it"
        ) from None
    except OSError as exc:
        raise ExtractError(cannot_read(exc)) from None
    if (st.st_size, st.st_mtime_ns) != (source.size, source.mtime_ns):
        raise ExtractError("the file changed while the batch ran: rerun to read the new version")
