"""Extract PDFs through one small engine interface.

An engine turns a PDF into lines, each with its page number, font size and weight.
Two engines sit behind it:

- ``pdfium`` (default): pypdfium2, PDFium's text layer. Text comes in one call per page;
  font size, weight and position are read once per line, not per character, which keeps
  it near PDFium's own speed.
- ``pdfplumber``: pdfminer's layout analysis, slower by an order of magnitude but with
  tables and geometry; kept for debugging (``rapport inspect --pdf-engine pdfplumber``).

Pages are read one at a time and closed, so memory stays bounded on long documents.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Protocol

from ..layout import within_spread
from ..records import Extracted, Line
from .errors import ExtractError

ENGINES = ("pdfium", "pdfplumber")


@dataclass(frozen=True, slots=True)
class PdfLine:
    text: str
    page: int
    size: float
    bold: bool
    top: float  # distance from the top of the page, in points
    height: float
    starts_block: bool = False  # a paragraph begins here whatever the spacing (a form's answer)
    left: float = 0.0  # where its first glyph begins, points from the page's left edge (PDFium's lines)
    estimate: float | None = None  # OCR: Tesseract's own size estimate, before snapping (points)


@dataclass(frozen=True, slots=True)
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[PdfLine, ...]
    ocr_layer: bool = False  # the text is drawn invisible: an OCR program's words over a scan


class PdfEngine(Protocol):
    def pages(self, path: str, max_pages: int | None = None) -> Iterator[PdfPage]: ...


class PdfiumEngine:
    name = "pdfium"

    def pages(self, path: str, max_pages: int | None = None) -> Iterator[PdfPage]:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        try:
            doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            raise ExtractError(_pdfium_message(str(exc))) from exc
        try:
            n = len(doc)
            if max_pages is not None:
                n = min(n, max_pages)
            # imported here: it reads this module's lines (PdfLine)
            from .pdf_tables import read_table

            shapes = _draws_bullets(doc)
            # a filled-in form keeps what was typed into its fields out of the text layer
            form = None
            kind = raw.FPDF_GetFormType(doc.raw)
            if kind == raw.FORMTYPE_XFA_FULL:
                # a dynamic form lays its pages out when a viewer runs it: the file's own pages
                # hold only a notice ('Please wait... If this message is not eventually replaced')
                raise ExtractError(
                    "a dynamic (XFA) form: its pages are laid out by the viewer, not stored in the file; "
                    "open it in Adobe Reader, print it to PDF and ingest that"
                )
            if kind != raw.FORMTYPE_NONE:
                # before any page is loaded; a static XFA form's fields are read as any form's
                # (pypdfium2 would log its advice on builds with XFA for it)
                pdfium_log = logging.getLogger("pypdfium2")
                level = pdfium_log.level
                pdfium_log.setLevel(logging.ERROR)
                try:
                    doc.init_forms()
                finally:
                    pdfium_log.setLevel(level)
                form = doc.formenv.raw
            for index in range(n):
                page = doc[index]
                try:
                    width, height = page.get_size()
                    textpage = page.get_textpage()
                    try:
                        lines = in_reading_order(tuple(_pdfium_lines(textpage, raw, index + 1, height)))
                        layer = bool(lines) and _drawn_invisible(textpage, raw)
                        if layer:
                            from .ocr import layer_lines

                            lines = layer_lines(lines)
                        else:
                            lines = read_table(
                                lines, width, _text_in(textpage, height), _boxes(textpage, raw, lines, height)
                            )
                    finally:
                        textpage.close()
                    if shapes and lines:
                        lines = with_bullets(lines, _bullet_shapes(page, raw, height))
                    if form is not None and raw.FPDFPage_GetAnnotCount(page.raw) > 0:
                        lines = _with_fields(
                            lines, list(_field_lines(form, page.raw, raw, index + 1, height))
                        )
                finally:
                    page.close()
                yield PdfPage(index + 1, width, height, lines, layer)
        finally:
            doc.close()


def _pdfium_message(text: str) -> str:
    low = text.lower()
    if "password" in low:
        return "encrypted PDF: no password given; save an unprotected copy and ingest that"
    if "format" in low or "file" in low:
        return f"truncated or damaged PDF ({text.strip()}): download the file again"
    return f"unreadable PDF: {text.strip()}"


def in_reading_order(lines: tuple[PdfLine, ...]) -> tuple[PdfLine, ...]:
    """A page's lines top to bottom where the file draws them bottom to top. PDFium gives a
    page's lines in the order its content draws them: Word, LibreOffice and most writers
    draw top to bottom, column by column, but some draw bottom to top, and the goals then
    came out reversed (measures before the goals they serve). A page whose lines step up
    more often than down is read by its lines' heights (a line's parts at one height in the
    order drawn); a page of columns steps up once a column and stays as drawn (on the dev,
    bench and sample PDFs, 450 pages, no page steps up more than once)."""
    ups = downs = 0
    for a, b in pairwise(lines):
        step, half = b.top - a.top, 0.5 * max(a.size, b.size, 1.0)
        if step > half:
            downs += 1
        elif step < -half:
            ups += 1
    if ups <= downs:
        return lines
    return tuple(sorted(lines, key=lambda ln: round(ln.top)))


# PDF writers that draw a list's bullets as small shapes, not as glyphs in the text: Skia
# (Chrome, Edge and Google Docs saving or printing to PDF), by the Producer it writes
_SHAPE_BULLET_PRODUCERS = ("Skia/PDF",)


def _draws_bullets(doc) -> bool:
    return (doc.get_metadata_value("Producer") or "").startswith(_SHAPE_BULLET_PRODUCERS)


@dataclass(frozen=True, slots=True)
class Shape:
    """A small round or square shape on a page: a list bullet drawn, not written."""

    right: float  # points from the page's left edge
    middle: float  # points from the page's top
    filled: bool


def _bullet_shapes(page, raw, page_height: float) -> list[Shape]:
    """The page's paths of a bullet's size and shape (1.5-9 points, about as wide as high)."""
    out = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if not (1.5 <= width <= 9 and 1.5 <= height <= 9 and 0.6 <= width / height <= 1.6):
            continue
        raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        out.append(Shape(right, page_height - (top + bottom) / 2, bool(fill.value)))
    return out


def with_bullets(lines: tuple[PdfLine, ...], shapes: list[Shape]) -> tuple[PdfLine, ...]:
    """Lines with the bullet drawn just left of their first glyph written in front of them,
    as a Word PDF has it: '•' for a filled shape (a disc, a square), '◦' for an outline (the
    circle of a second-level item), so that each item stays an item."""
    if not shapes:
        return lines
    out = []
    for line in lines:
        low, high = line.top - 0.25 * line.size, line.top + line.height + 0.25 * line.size
        mark = next(
            (
                s
                for s in shapes
                if low <= s.middle <= high and 0 <= line.left - s.right <= 2.5 * max(line.size, 4.0)
            ),
            None,
        )
        if mark is not None and line.text[:1] not in "•◦▪●":
            line = replace(line, text=("• " if mark.filled else "◦ ") + line.text)
        out.append(line)
    return tuple(out)


def _boxes(textpage, raw, lines, page_height: float) -> list[tuple[float, float, float, float]] | None:
    """PDFium's text boxes of a page (left, top, right, bottom from the top left), where it
    has more of them than lines: a line's text then has gaps, which may part a table's cells."""
    count = raw.FPDFText_CountRects(textpage.raw, 0, -1)
    if count <= len(lines):
        return None
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    out = []
    for k in range(count):
        raw.FPDFText_GetRect(textpage.raw, k, left, top, right, bottom)
        out.append((left.value, page_height - top.value, right.value, page_height - bottom.value))
    return out


def _text_in(textpage, page_height: float):
    """The page's text within a box given from its top left, as PDFium reads it."""

    def text_in(left: float, top: float, right: float, bottom: float) -> str:
        return textpage.get_text_bounded(left, page_height - bottom, right, page_height - top)

    return text_in


def _drawn_invisible(textpage, raw, samples: int = 4) -> bool:
    """Whether a page's text is drawn invisible (text render mode 3), as OCR programs lay the
    words they read under a scanned page's image: sampled at a few characters spread over
    the page (those PDFium makes up, spaces and line breaks, have no text object)."""
    count = textpage.count_chars()
    seen = 0
    for idx in range(0, count, max(count // samples, 1)):
        obj = raw.FPDFText_GetTextObject(textpage.raw, idx)
        if not obj:
            continue
        if raw.FPDFTextObj_GetTextRenderMode(obj) != raw.FPDF_TEXTRENDERMODE_INVISIBLE:
            return False
        seen += 1
    return seen > 0


def _pdfium_lines(textpage, raw, page_no: int, page_height: float) -> Iterator[PdfLine]:
    count = textpage.count_chars()
    if count <= 0:
        return
    text = textpage.get_text_range(0, count)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    # where the font's name and flags are read into, line after line
    font_name = ctypes.create_string_buffer(128)
    font_flags = ctypes.byref(ctypes.c_int())
    pos = 0
    pieces: list[tuple[int, str]] = []
    for chunk in text.split("\n"):
        start = pos
        pos += len(chunk) + 1
        # PDFium joins a word hyphenated at a line end and marks the hyphen U+FFFE: put the
        # line break back, so that repair decides between a soft and a real hyphen
        offset = 0
        for part in chunk.rstrip("\r").split("\ufffe"):
            pieces.append((start + offset, part))
            offset += len(part) + 1
        if len(pieces) > 1 and "\ufffe" in chunk:
            for k in range(len(pieces) - chunk.count("\ufffe") - 1, len(pieces) - 1):
                pieces[k] = (pieces[k][0], pieces[k][1] + "-")
    # the ctypes functions and the page's raw handle, looked up once for all its lines
    handle = textpage.raw
    font_size, font_weight, char_box = (
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetFontWeight,
        raw.FPDFText_GetCharBox,
    )
    for start, line in pieces:
        stripped = line.strip()
        if not stripped:
            continue
        # sample the first and a middle visible character of the line
        first = start + (len(line) - len(line.lstrip()))
        sizes, weights = [], []
        for idx in (first, first + len(stripped) // 2) if len(stripped) > 1 else (first,):
            if idx >= count:
                continue
            sizes.append(font_size(handle, idx))
            weights.append(font_weight(handle, idx))
        char_box(handle, first, left, right, bottom, top)
        size = round(max(sizes) if sizes else 0.0, 1)
        bold = bool(weights) and max(weights) >= 600
        if not bold:
            bold = _font_is_bold(handle, raw, first, font_name, font_flags)
        yield PdfLine(
            stripped,
            page_no,
            size,
            bold,
            page_height - top.value,
            max(top.value - bottom.value, 0.0),
            left=left.value,
        )


def _field_lines(form, page, raw, page_no: int, page_height: float) -> Iterator[tuple[float, list[PdfLine]]]:
    """What was typed into a form's text fields on a page (a project form's 'Effektmål'):
    PDFium's text layer holds only the form's printed labels. Each field gives its lines and
    its middle's distance from the top of the page (where it sits among the page's lines)."""
    rect = raw.FS_RECTF()
    font_size = ctypes.c_float()
    holds_text = (raw.FPDF_FORMFIELD_TEXTFIELD, raw.FPDF_FORMFIELD_COMBOBOX)
    not_shown = raw.FPDF_ANNOT_FLAG_HIDDEN | raw.FPDF_ANNOT_FLAG_NOVIEW
    for i in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, i)
        if not annot:
            continue
        try:
            if (
                raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET
                or raw.FPDFAnnot_GetFlags(annot) & not_shown
                or raw.FPDFAnnot_GetFormFieldType(form, annot) not in holds_text
                or not raw.FPDFAnnot_GetRect(annot, rect)
            ):
                continue
            size = raw.FPDFAnnot_GetFormFieldValue(form, annot, None, 0)  # bytes, with the final NUL
            if size <= 2:
                continue
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAnnot_GetFormFieldValue(
                form, annot, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size
            )
            parts = [
                part.strip()
                for part in buf.raw[: size - 2].decode("utf-16-le", errors="replace").splitlines()
            ]
            parts = [part for part in parts if part]
            if not parts:
                continue
            top = page_height - max(rect.top, rect.bottom)
            height = abs(rect.top - rect.bottom)
            # a size of 0 is 'auto' (the text fitted to the field): the field's height gives it
            points = font_size.value if raw.FPDFAnnot_GetFontSize(form, annot, font_size) else 0.0
            points = round(points or min(height / len(parts) / 1.2, 12.0), 1)
            yield (
                top + height / 2,
                [  # each line of an answer a paragraph of its own
                    PdfLine(
                        part, page_no, points, False, top + k * 1.2 * points, 1.2 * points, starts_block=True
                    )
                    for k, part in enumerate(parts)
                ],
            )
        finally:
            raw.FPDFPage_CloseAnnot(annot)


def _with_fields(
    lines: tuple[PdfLine, ...], fields: list[tuple[float, list[PdfLine]]]
) -> tuple[PdfLine, ...]:
    """The page's lines with each field's lines set in after the last line above the
    field's middle (its label, on its row or above it): each line of an answer a paragraph
    of its own, and the line after the answer begins another."""
    out = list(lines)
    for middle, field in sorted(fields, key=lambda f: f[0]):
        at = next((k for k, ln in enumerate(out) if ln.top > middle), len(out))
        if at < len(out):
            out[at] = replace(out[at], starts_block=True)
        out[at:at] = field
    return tuple(out)


def _font_is_bold(handle, raw, index: int, buf: ctypes.Array, flags) -> bool:
    """Whether the font's name says bold (``handle``, a text page's raw PDFium handle;
    ``buf``, 128 bytes, and ``flags``, a reference to an int, take its name and flags)."""
    n = raw.FPDFText_GetFontInfo(handle, index, buf, len(buf), flags)
    if n <= 0 or n > len(buf):  # a longer name is not copied: the buffer holds the last one
        return False
    name = buf.value.lower()  # bytes: the name's ASCII letters are all the test reads
    return b"bold" in name or b"black" in name or b"heavy" in name


class PdfplumberEngine:
    name = "pdfplumber"

    def pages(self, path: str, max_pages: int | None = None) -> Iterator[PdfPage]:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        try:
            pdf = pdfplumber.open(path)
        except PDFPasswordIncorrect as exc:
            raise ExtractError(
                "encrypted PDF: no password given; save an unprotected copy and ingest that"
            ) from exc
        except Exception as exc:  # pdfminer raises many kinds on damaged files
            raise ExtractError(
                f"truncated or damaged PDF ({type(exc).__name__}): download the file again"
            ) from exc
        with pdf:
            for index, page in enumerate(pdf.pages):
                if max_pages is not None and index >= max_pages:
                    break
                lines = []
                for tl in page.extract_text_lines(return_chars=True, strip=True):
                    chars = [c for c in tl["chars"] if c["text"].strip()]
                    if not chars or not tl["text"].strip():
                        continue
                    size = round(
                        max(
                            float(c["size"]) for c in chars[:1] + chars[len(chars) // 2 : len(chars) // 2 + 1]
                        ),
                        1,
                    )
                    font = str(chars[0].get("fontname", "")).lower()
                    lines.append(
                        PdfLine(
                            # pdfminer names the WinAnsi bullet it cannot map "(cid:127)"
                            text=tl["text"].replace("(cid:127)", "•").strip(),
                            page=index + 1,
                            size=size,
                            bold="bold" in font or "black" in font,
                            top=float(tl["top"]),
                            height=float(tl["bottom"]) - float(tl["top"]),
                        )
                    )
                page.close()
                yield PdfPage(index + 1, float(page.width), float(page.height), tuple(lines))


def get_engine(name: str) -> PdfEngine:
    if name == "pdfium":
        return PdfiumEngine()
    if name == "pdfplumber":
        return PdfplumberEngine()
    raise ValueError(f"unknown PDF engine {name!r}: choose one of {', '.join(ENGINES)}")


class _PageImages:
    """The document opened a second time, by PDFium, for the pages OCR reads (lazily: a
    text-layer PDF never opens it)."""

    def __init__(self, path: str):
        self.path = path
        self.doc = None

    def ocr(self, number: int):
        import pypdfium2 as pdfium

        from .ocr import ocr_page

        if self.doc is None:
            self.doc = pdfium.PdfDocument(self.path)
        page = self.doc[number - 1]
        try:
            return ocr_page(page, number)
        finally:
            page.close()

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()


def _new_size(line: PdfLine, prev: PdfLine) -> bool:
    """Whether a line is set in another size than the line before: by more than 0.6 points
    in a text layer; read by OCR, beyond the spread of Tesseract's estimates."""
    if line.estimate is not None:
        return not within_spread(line.size, prev.size)
    return abs(line.size - prev.size) > 0.6


def snap_across_pages(lines: list[Line], estimates: dict[int, float]) -> list[Line]:
    """The lines read by OCR (``estimates``: line index -> Tesseract's size estimate) with
    their sizes snapped over the whole document, not page by page: one body font is one size
    on every page. A page of few lines alone gives no body to snap to ('Økt tilflytting' at
    15 points on a last page of four lines, with the heading over it; 'Side 2 av 2' at 12
    over a body of 11)."""
    from .ocr import snap_sizes

    if len({lines[i].page for i in estimates}) < 2:
        return lines
    order = sorted(estimates)
    snapped = snap_sizes([estimates[i] for i in order])
    out = list(lines)
    for i, size in zip(order, snapped, strict=True):
        out[i] = replace(out[i], size=round(size, 1))
    return out


def extract_pdf(
    path: str, engine: str = "pdfium", max_pages: int | None = None, ocr: str = "auto"
) -> Extracted:
    """Lines of a PDF in reading order, with page, size, weight and visual blocks.

    ``ocr``: ``auto`` reads by OCR the pages without a usable text layer, ``force`` every
    page, ``never`` none (a scanned PDF then fails with a clear error)."""
    from .ocr import OCR_MODES, OcrTimeout, tesseract_status, usable_text

    if ocr not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {ocr!r}: choose one of {', '.join(OCR_MODES)}")
    lines: list[Line] = []
    n_pages = 0
    landscape = 0
    block = 0
    ocr_pages: list[int] = []
    confidences: list[tuple[float, int]] = []
    estimates: dict[int, float] = {}  # line index -> OCR's size estimate
    images = _PageImages(path)
    try:
        for page in get_engine(engine).pages(path, max_pages=max_pages):
            n_pages += 1
            landscape += page.width > page.height
            # a searchable scan is read as any scan: its text layer has the words without the
            # layout (sizes, bold, bullets, list numbers) that OCR reads from the image; the
            # layer stands where OCR cannot read the page (no Tesseract, --ocr never, no text
            # found, out of time)
            if ocr == "force" or (ocr == "auto" and (page.ocr_layer or not usable_text(page))):
                if tesseract_status() is None:
                    try:
                        read = images.ocr(page.number)
                    except OcrTimeout as exc:
                        if not page.ocr_layer:
                            raise ExtractError(f"{exc}: the page is too large or too noisy to read") from exc
                        read = None
                    if read is not None and (read.page.lines or not page.ocr_layer):
                        page = read.page
                        ocr_pages.append(page.number)
                        if read.confidence is not None:
                            confidences.append((read.confidence, read.words))
            prev: PdfLine | None = None
            block += 1
            for pl in page.lines:
                if prev is not None:
                    # a new paragraph: more than a line and a half between tops, or a new size
                    step = pl.top - prev.top
                    if (
                        pl.starts_block
                        or step > 1.55 * max(pl.size, prev.size, 1.0)
                        or step < 0
                        or _new_size(pl, prev)
                    ):
                        block += 1
                if pl.estimate is not None:
                    estimates[len(lines)] = pl.estimate
                lines.append(Line(pl.text, pl.page, pl.size, pl.bold, 0, block, pl.page))
                prev = pl
    except ExtractError:
        raise
    except Exception as exc:
        raise ExtractError(
            f"truncated or damaged PDF ({type(exc).__name__}: {exc}): download the file again"
        ) from exc
    finally:
        images.close()
    if n_pages == 0:
        raise ExtractError("PDF has no pages")
    if not lines:
        if ocr_pages:
            raise ExtractError(
                f"no text layer, and no text found by OCR on {len(ocr_pages)} page(s): blank or unreadable scan"
            )
        if ocr == "never":
            raise ExtractError(
                "no text layer (scanned PDF?) and --ocr never: ingest with --ocr auto to read it by OCR"
            )
        missing = tesseract_status()
        raise ExtractError(f"no text layer (scanned PDF?) and no OCR: {missing}")
    lines = snap_across_pages(lines, estimates)
    weight = sum(n for _, n in confidences)
    return Extracted(
        lines=tuple(lines),
        n_pages=n_pages,
        layout=True,
        slides=landscape > n_pages / 2,
        ocr_pages=tuple(ocr_pages),
        ocr_confidence=round(sum(c * n for c, n in confidences) / weight, 1) if weight else None,
    )
