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

        return _as_named(source, extract_html(data), "a web page")
    from .text import extract_text

    try:
        return _as_named(source, extract_text(data, source.abs_path), "a text")
    except ValueError as exc:
        raise ExtractError(str(exc)) from exc


# the names of files whose bytes are never a web page or a text
_FILE_SUFFIXES = (".pdf", ".docx", ".pptx", ".doc", ".ppt", ".odt", ".odp", ".rtf", ".xlsx")
# so few words that a web page or text under such a name is no report in another format
_FEW_WORDS = 60


def _as_named(source: SourceFile, doc: Extracted, what: str) -> Extracted:
    """The web page or text ``doc``, unless its file's name says PDF or Office and it holds
    next to no text: what a download gets when the site answers with a page of its own (not
    found, a login, a cookie wall) instead of the file, which loaded as a report without
    goals while the report itself was missing. The format still comes from the bytes: a
    report in HTML or text under such a name, with its text, is read."""
    suffix = os.path.splitext(source.file_name)[1].lower()
    if suffix not in _FILE_SUFFIXES:
        return doc
    words = sum(len(ln.text.split()) for ln in doc.lines)
    if words >= _FEW_WORDS:
        return doc
    title = next((ln.text for ln in doc.lines if ln.text.strip()), "")
    shown = f" ('{title[:60]}{'...' if len(title) > 60 else ''}')" if title else ""
    raise ExtractError(
        f"{what} of {words} words{shown}, not the {suffix[1:].upper()} its name says: a download that got the "
        "site's own page (not found, a login) instead of the file? download the report again"
    )


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
