"""Extract: one module per format, each turning a file into :class:`Extracted` lines."""

from __future__ import annotations

from ..records import DEFAULT_OPTIONS, Extracted, ExtractOptions, SourceFile
from .errors import ExtractError

__all__ = ["ExtractError", "extract"]


def extract(
    source: SourceFile, options: ExtractOptions = DEFAULT_OPTIONS, max_pages: int | None = None
) -> Extracted:
    """Read ``source`` into lines, dispatching on its sniffed format."""
    if source.format is None:
        raise ExtractError(source.sniff_error or "not a supported format")
    if source.format == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(source.abs_path, engine=options.pdf_engine, max_pages=max_pages, ocr=options.ocr)
    if source.format == "pptx":
        from .pptx import extract_pptx

        return extract_pptx(source.abs_path)
    if source.format == "docx":
        from .docx import extract_docx

        return extract_docx(source.abs_path)
    with open(source.abs_path, "rb") as fh:
        data = fh.read()
    if source.format == "html":
        from .html import extract_html

        return extract_html(data)
    from .text import extract_text

    try:
        return extract_text(data)
    except ValueError as exc:
        raise ExtractError(str(exc)) from exc
