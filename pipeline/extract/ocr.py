"""OCR of PDF pages without a usable text layer: PDFium renders, Tesseract reads.

A scanned page is rendered by pypdfium2 at the resolution of the image on it (150-300 dpi;
no sharper than the scan, so Tesseract does no needless work) and read by Tesseract with
its Norwegian model through pytesseract, as hOCR: lines with their boxes, Tesseract's own
estimate of the text size (``x_size``) and a confidence per word. Each line becomes a
:class:`~pipeline.extract.pdf.PdfLine` like the text layer's, so repair, segment and
structure see the same records whichever path a page took.

- Size: ``x_size`` in points, snapped to the median of sizes within 15 % of each other on
  the page (the estimate varies a point from line to line; a real heading is further off).
- Bold: strokes about twice as wide as the page's regular type of their size.
- Bullets: Tesseract drops the small round bullet of a Word list or reads it as a stray
  letter; a compact dark mark left of an indented line, or a one-glyph "word" far smaller
  than the line, is put back as "•" so lists stay lists.
- Orientation: a page read with low confidence is asked for its orientation (Tesseract's
  OSD) and read again turned upright when that reads better. Slight skew Tesseract handles
  in its own line finding.
- A scan an OCR program has already read (a "searchable PDF": the page image with the
  words drawn invisible over it, as OCRmyPDF, Tesseract, scanners and Acrobat make it) is
  read as any scan: its text layer gives the words without the layout this module reads
  from the image (bold, bullets the program dropped, list numbers set off by a gap). Where
  OCR cannot read it (no Tesseract, ``--ocr never``), the layer is read, and
  :func:`layer_lines` gives those lines what it can: one size per font (the layer sizes
  each line to its scanned height) and bullets that were read as a letter.
- Limits: one Tesseract thread (``OMP_THREAD_LIMIT=1``: the worker processes are the
  parallelism), a time limit per page, and a cap on the pixels rendered (an A0 poster at
  600 dpi is read at the resolution that cap allows), one page image in memory at a time.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple, get_args

from ..records import OcrMode
from .pdf import PdfLine, PdfPage

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

OCR_MODES = get_args(OcrMode)
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")
LANG = "nor"
MIN_DPI, MAX_DPI = 200, 300
MAX_PIXELS = 40_000_000  # about A3 at 300 dpi; grey, one byte a pixel
PAGE_SECONDS = 120.0
NOISE_CONFIDENCE = 40.0
BOLD_RATIO = 1.35
_XHTML = "{http://www.w3.org/1999/xhtml}"
Box = tuple[int, int, int, int]  # left, top, right, bottom, in the page image's pixels
MarkReader = Callable[[object, list[Box]], list[str]]


class _RawLine(NamedTuple):
    """A line as Tesseract's hOCR gives it, in the page image's pixels."""

    x0: int
    y0: int
    x1: int
    y1: int
    x_size: float  # Tesseract's estimate of the text's size
    lift: float  # how much lower the line's left end stands than its box's top (skew)
    words: list[tuple[str, list[int]]]  # each word with its box


_BULLET_GLYPHS = frozenset("eo°«»*+·•●▪■□◦-–~©@0.")  # '*.': a bullet and a speck (dev16's scan)
# of those, the ones no line of text opens with as a word of its own (a quote, a dash, a
# digit or '@' may): in a text layer there is no glyph size to tell a bullet by
_LAYER_BULLETS = frozenset("eo°*+·•●▪■□◦~")


@dataclass(frozen=True, slots=True)
class OcrPage:
    page: PdfPage
    confidence: float | None  # mean word confidence, 0-100; None when no word was read
    words: int
    note: str | None = None  # why the page came out empty or rotated


class OcrUnavailable(Exception):
    """Tesseract or its Norwegian model is not installed."""


@cache
def tesseract_status() -> str | None:
    """None when OCR can run; otherwise what is missing, as a hint for the error."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (apt install tesseract-ocr tesseract-ocr-nor; `make setup` does it as root)"
    try:
        import pytesseract

        langs = pytesseract.get_languages(config="")
    except Exception as exc:  # a broken install
        return f"Tesseract does not run ({type(exc).__name__}: {exc})"
    if LANG not in langs:
        return "Tesseract's Norwegian model is not installed (apt install tesseract-ocr-nor)"
    return None


def usable_text(page: PdfPage) -> bool:
    """Whether a page's text layer can be used: some text, and not mostly replacement or
    private-use glyphs (a font without a Unicode map)."""
    text = "".join(line.text for line in page.lines)
    visible = len(text) - sum(text.count(ch) for ch in " \t\xa0")
    if visible < 3:
        return False
    return len(_UNMAPPED.findall(text)) / visible < 0.5


def render_dpi(pdfium_page) -> float:
    """The resolution of the largest image on the page, within [MIN_DPI, MAX_DPI]."""
    import pypdfium2.raw as raw

    width, height = pdfium_page.get_size()
    best = 0.0
    try:
        for obj in pdfium_page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            w_in = max(right - left, 1.0) / 72
            if (right - left) * (top - bottom) < 0.25 * width * height:
                continue
            px_w, _ = obj.get_px_size()
            best = max(best, px_w / w_in)
    except Exception:  # an image PDFium cannot measure: render at the default
        best = 0.0
    dpi = best if best else MAX_DPI
    dpi = min(max(dpi, MIN_DPI), MAX_DPI)
    # the pixel cap: a huge page is read at the resolution it allows
    pixels = (width * dpi / 72) * (height * dpi / 72)
    if pixels > MAX_PIXELS:
        dpi *= (MAX_PIXELS / pixels) ** 0.5
    return dpi


def ocr_page(pdfium_page, page_no: int, timeout: float | None = None) -> OcrPage:
    """Read one page by OCR; an empty page (blank, noise) gives no lines, a page that takes
    longer than ``timeout`` seconds (default :data:`PAGE_SECONDS`) raises OcrTimeout."""
    timeout = PAGE_SECONDS if timeout is None else timeout
    width, height = pdfium_page.get_size()
    dpi = render_dpi(pdfium_page)
    image = pdfium_page.render(scale=dpi / 72, grayscale=True).to_pil()
    try:
        lines, confs = _read(image, dpi, page_no, timeout)
        note = None
        if _poor(confs):
            turned = _upright(image, timeout)
            if turned is not None:
                lines2, confs2 = _read(turned[0], dpi, page_no, timeout)
                if _mean(confs2) > _mean(confs) + 10:
                    lines, confs, note = lines2, confs2, f"page turned {turned[1]} degrees"
    finally:
        image.close()
    page = PdfPage(page_no, width, height, tuple(lines))
    mean = round(_mean(confs), 1) if confs else None
    return OcrPage(page, mean, len(confs), note)


def _mean(confs: list[float]) -> float:
    return statistics.fmean(confs) if confs else 0.0


def _poor(confs: list[float]) -> bool:
    return len(confs) < 5 or _mean(confs) < 60


def _upright(image, timeout: float):
    """(the image turned upright, degrees) when Tesseract's OSD says it is not, else None."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(
            image, config="--psm 0", timeout=timeout, output_type=pytesseract.Output.DICT
        )
    except (pytesseract.TesseractError, RuntimeError):
        return None  # too little text to tell
    rotate = int(osd.get("rotate", 0) or 0)
    if rotate % 360 == 0:
        return None
    return image.rotate(-rotate, expand=True), rotate


def _read(image, dpi: float, page_no: int, timeout: float) -> tuple[list[PdfLine], list[float]]:
    import pytesseract

    try:
        hocr = pytesseract.image_to_pdf_or_hocr(
            image, lang=LANG, config="--psm 3", extension="hocr", timeout=timeout
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrTimeout(f"OCR of page {page_no} ran past {timeout:.0f} s") from exc
    return parse_hocr(hocr, dpi, page_no, image, read_marks=lambda im, boxes: read_marks(im, boxes, timeout))


class OcrTimeout(Exception):
    pass


def _title(element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in (element.get("title") or "").split(";"):
        bits = part.split()
        if bits:
            out[bits[0]] = bits[1:]
    return out


def parse_hocr(
    hocr: bytes, dpi: float, page_no: int, image=None, read_marks: MarkReader | None = None
) -> tuple[list[PdfLine], list[float]]:
    """Lines (in points, top-down) and word confidences from Tesseract's hOCR.

    ``read_marks`` reads the glyph-sized marks Tesseract left out before indented lines
    (list numbers on a noisy or skewed scan): given the page image and the marks' boxes, the
    text of each (see :func:`read_marks`). Without it, such a mark is read as a bullet where
    it has a bullet's shape, as any other."""
    root = ET.fromstring(hocr)
    scale = 72.0 / dpi
    raw_lines: list[_RawLine] = []
    confs: list[float] = []
    for par in root.iter(f"{_XHTML}p"):
        for span in par.iter(f"{_XHTML}span"):
            if span.get("class", "") not in ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"):
                continue
            title = _title(span)
            x0, y0, x1, y1 = (int(v) for v in title["bbox"][:4])
            x_size = float(title.get("x_size", [y1 - y0])[0])
            # on a page turned a little, a line's box is taller by the skew: where the line
            # rises to the right, its box's top is its right end's, a long line's well
            # above its left end's, where the next line is measured from
            slope = float((title.get("baseline") or ["0", "0"])[0])
            lift = max(0.0, -slope) * (x1 - x0)
            words: list[tuple[str, list[int]]] = []
            line_confs: list[float] = []
            for w in span.iter(f"{_XHTML}span"):
                if w.get("class") != "ocrx_word":
                    continue
                text = "".join(w.itertext()).strip()
                if not text:
                    continue
                wt = _title(w)
                line_confs.append(float(wt.get("x_wconf", ["0"])[0]))
                words.append((text, [int(v) for v in wt["bbox"][:4]]))
            # a line read with low confidence throughout is dust or a picture, not text; each
            # word weighs by its letters, so that a bullet read as a stray 'e' at 5 does not
            # sink the word after it ('e Folkehelse': 5 and 74)
            if words and statistics.fmean(line_confs, [len(t) for t, _ in words]) >= NOISE_CONFIDENCE:
                confs.extend(line_confs)
                raw_lines.append(_RawLine(x0, y0, x1, y1, x_size, lift, words))
    raw_lines = _with_orphan_marks_joined(raw_lines)
    if not raw_lines:
        return [], confs
    sizes = snap_sizes([r.x_size * scale for r in raw_lines])
    weights = _stroke_ratios(image, raw_lines) if image is not None else [0.0] * len(raw_lines)
    regular = statistics.median(weights) or 1.0
    margin = min(r.x0 for r in raw_lines)
    # each line's list number as Tesseract read it, and whether its first word is a bullet
    numbers = [_list_number(line.words, line.x_size) for line in raw_lines]
    bullets = [
        number is None and _bullet_word(line.words, line.x_size)
        for line, number in zip(raw_lines, numbers, strict=True)
    ]
    inserted, replaced = (
        _list_numbers(raw_lines, numbers, bullets, image, margin, read_marks)
        if image is not None and read_marks
        else ({}, {})
    )
    lines = []
    for i, (line, weight, size) in enumerate(zip(raw_lines, weights, sizes, strict=True)):
        words, x_size = line.words, line.x_size
        texts = [t for t, _ in words]
        number = numbers[i]
        if number is not None:
            texts[0] = number
            texts[1] = texts[1].lstrip("—–-")  # '1. —Kommunal', '5. — Villreinens': the number's dot
        elif i in replaced:
            texts[0] = replaced[i]
        elif bullets[i]:
            texts[0] = "•"
        elif i in inserted:
            texts.insert(0, inserted[i])
        elif image is not None and _bullet_mark(image, margin, words[0][1], x_size):
            texts.insert(0, "•")
        shift = len(texts) - len(words)  # a bullet put in before the words
        for k in range(1, len(words)):  # a dash opening the line is its list mark (above)
            texts[k + shift] = _dash(texts[k + shift], words[k][1], x_size)
        texts = [_MISREAD_AT.sub(r"\1@\2", t) if "&" in t else t for t in texts]
        texts = _capital_i(texts)
        lines.append(
            PdfLine(
                text=" ".join(t for t in texts if t),
                page=page_no,
                size=round(size, 1),
                bold=weight > BOLD_RATIO * regular,
                top=(line.y0 + line.lift) * scale,
                height=(line.y1 - line.y0) * scale,
                estimate=round(x_size * scale, 2),
            )
        )
    return lines, confs


def snap_sizes(sizes: list[float], tolerance: float = 0.15) -> list[float]:
    """Tesseract's size estimates, so that one font gives one size: those within
    ``tolerance`` of the body size (the most common) become it; the rest are replaced by the
    median of their cluster (sizes within ``tolerance`` of the cluster's smallest)."""
    if not sizes:
        return []
    body = statistics.mode(round(s * 2) / 2 for s in sizes)
    out = [0.0] * len(sizes)
    order = []
    for i, s in enumerate(sizes):
        if abs(s - body) <= tolerance * body:
            out[i] = body
        else:
            order.append(i)
    order.sort(key=lambda i: sizes[i])
    cluster: list[int] = []
    for i in [*order, None]:
        if i is not None and (not cluster or sizes[i] <= sizes[cluster[0]] * (1 + tolerance)):
            cluster.append(i)
            continue
        if cluster:
            value = round(statistics.median_low([sizes[j] for j in cluster]), 1)
            for j in cluster:
                out[j] = value
        cluster = [i] if i is not None else []
    return out


def layer_lines(lines: Sequence[PdfLine]) -> tuple[PdfLine, ...]:
    """A page's lines from an OCR program's invisible text layer, read as Tesseract's own
    are: sizes snapped to the body size and to each other (:func:`snap_sizes`; the layer
    gives each line the size of its scanned height, 29 to 35 points for one body font), and
    a first 'word' of one or two glyphs a bullet is read as ('e Folkehelse', '* Ungdom')
    made the bullet it was."""
    sizes = snap_sizes([line.size for line in lines])
    out = []
    for line, size in zip(lines, sizes, strict=True):
        text = line.text
        first, _, rest = text.partition(" ")
        if rest.strip() and len(first) <= 2 and all(ch in _LAYER_BULLETS for ch in first):
            text = "• " + rest.lstrip()
        out.append(replace(line, text=text, size=round(size, 1)))
    return tuple(out)


def _stroke_ratios(image, raw_lines) -> list[float]:
    """Per line, the mean width of its strokes (dark pixels per dark run along a row) over
    its text size: bold type has strokes about twice as wide as regular type of its size."""
    import numpy as np

    out = []
    for line in raw_lines:
        box = np.asarray(image.crop((line.x0, line.y0, line.x1, line.y1)), dtype=np.uint8) < 128
        if box.size == 0:
            out.append(0.0)
            continue
        runs = int(box[:, 0].sum()) + int((box[:, 1:] & ~box[:, :-1]).sum())
        out.append(float(box.sum()) / max(runs, 1) / max(line.x_size, 1.0))
    return out


_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)[.,:;—–-]?$")


def _list_number(words, x_size: float) -> str | None:
    """A list item's number as '1.' when Tesseract read it as '1', '1,' or '1 —': the first
    word is a number set off from the text by a tab-wide gap (or the text begins with a
    dash that was the number's dot)."""
    if len(words) < 2:
        return None
    m = _NUMBER.match(words[0][0])
    if not m:
        return None
    gap = words[1][1][0] - words[0][1][2]
    if gap < 0.9 * x_size and words[1][0][:1] not in "—–":
        return None
    return m.group(1) + "."


# Tesseract reads a dash set between words as a hyphen, whatever its length. An en dash
# ('Næringsutvikling – flere arbeidsplasser') is longer: its ink is 0.40-0.43 of the line's
# x_size in the dev corpus's scans, a hyphen's 0.27-0.31 ('2013 - 2016'), 28 dashes in 18
# documents, none on the wrong side of this line
EN_DASH_WIDTH = 0.36


# an e-mail address whose '@' Tesseract read as '&' ('sturla&strr.no', dev20's scan)
_MISREAD_AT = re.compile(r"^([\w.+-]+)&([\w-]+(?:\.[\w-]+)*\.[a-z]{2,}[.,;:]?)$", re.IGNORECASE)


def _capital_i(texts: list[str]) -> list[str]:
    """The word 'I' opening a sentence as Tesseract may read it, '|' or 'l' ('| tillegg skal
    ...', dev25's scan): a word of its own, first on the line or after a full stop, before
    a word in lower case. Read as it was, the sentence runs on from the one before."""
    out = list(texts)
    for k, word in enumerate(texts[:-1]):
        if (
            word in ("|", "l")
            and (k == 0 or texts[k - 1].endswith((".", "!", "?", ":")))
            and texts[k + 1][:1].islower()
        ):
            out[k] = "I"
    return out


def _dash(text: str, box: list[int], x_size: float) -> str:
    """A word that is a lone hyphen as the dash its length says it is: '–' when it is as long
    as an en dash (and flat: not a mark of another shape read as '-')."""
    if text != "-":
        return text
    x0, y0, x1, y1 = box
    return "–" if x1 - x0 >= EN_DASH_WIDTH * x_size and y1 - y0 <= 0.3 * x_size else text


def _bullet_word(words, x_size: float) -> bool:
    """A first 'word' of one glyph, much smaller than the text, before more words: a bullet
    read as a letter."""
    if len(words) < 2:
        return False
    text, (x0, y0, x1, y1) = words[0]
    return (
        len(text) <= 2
        and all(ch in _BULLET_GLYPHS for ch in text)
        and (y1 - y0) < 0.6 * x_size
        and (x1 - x0) < 0.7 * x_size
    )


def _list_numbers(
    raw_lines: Sequence[_RawLine],
    numbers: Sequence[str | None],
    bullets: Sequence[bool],
    image,
    margin: int,
    read_marks: MarkReader,
) -> tuple[dict[int, str], dict[int, str]]:
    """List numbers Tesseract did not read, by line (``numbers``: each line's number as it
    read it; ``bullets``: whether its first word is a bullet): (those to put before the line's words,
    those to put in place of its first word). Two ways a noisy or skewed scan loses them: the
    number is left out as dust (a mark as tall as a digit stands before the indented line,
    :func:`_digit_mark`), or read as letters ('Å', 'Tf:': a short first word set off from the
    text by a tab-wide gap). Each such mark is read again on its own (one call for the page);
    one that still reads as no number takes its place in the list's count: between items
    k and k + 2 it is k + 1, before a 2 it is 1 (and so for a run of them)."""
    known: dict[int, int] = {}
    dropped: dict[int, Box] = {}
    misread: dict[int, Box] = {}
    for i, (line, number, bullet) in enumerate(zip(raw_lines, numbers, bullets, strict=True)):
        words, x_size = line.words, line.x_size
        if number is not None:
            known[i] = int(number.split(".")[0])
        elif bullet:
            continue
        elif _marker_word(words, x_size):
            misread[i] = tuple(words[0][1])
        elif (mark := _digit_mark(image, margin, words[0][1], x_size)) is not None:
            dropped[i] = mark
    if not dropped and not misread:
        return {}, {}
    asked = {**dropped, **misread}
    read: dict[int, int] = {}
    for i, text in zip(asked, read_marks(image, list(asked.values())), strict=True):
        m = _NUMBER.match(text or "")
        if m and "." not in m.group(1):
            read[i] = int(m.group(1))
    markers = sorted(set(known) | set(asked))

    def neighbours(k: int) -> tuple[int | None, int | None]:
        i = markers[k]
        before = markers[k - 1] if k > 0 and i - markers[k - 1] <= MAX_ITEM_LINES else None
        after = markers[k + 1] if k + 1 < len(markers) and markers[k + 1] - i <= MAX_ITEM_LINES else None
        return before, after

    # a number read again counts where the list's count bears it out: the item before it
    # has the number before, or the item after it the number after (not a page number or a
    # year standing by itself in the margin)
    numbered = {**known, **read}
    for k, i in enumerate(markers):
        if i in read:
            before, after = neighbours(k)
            if numbered.get(before) != read[i] - 1 and numbered.get(after) != read[i] + 1:
                del read[i]
    # a run of items whose number reads as none, between items k and k + n + 1 (or before
    # an item n + 1, opening the list), are k + 1 ... k + n
    numbered = {**known, **read}
    k = 0
    while k < len(markers):
        if markers[k] in numbered:
            k += 1
            continue
        end = k
        while end + 1 < len(markers) and markers[end + 1] not in numbered and neighbours(end)[1] is not None:
            end += 1
        before, after = neighbours(k)[0], neighbours(end)[1]
        start = numbered.get(before, 0) if before is not None else 0
        if (before is None or before in numbered) and numbered.get(after) == start + end - k + 2:
            for n, i in enumerate(markers[k : end + 1], start + 1):
                read[i] = n
        k = end + 1
    inserted = {i: f"{n}." for i, n in read.items() if i in dropped}
    replaced = {i: f"{n}." for i, n in read.items() if i in misread}
    return inserted, replaced


def _with_orphan_marks_joined(raw_lines: list[_RawLine]) -> list[_RawLine]:
    """A line of one short word standing left of another line, level with it (a list
    number Tesseract read as a line of its own on a skewed scan, '1.' or 'Å' over
    'Rullere ...', or a column of them, '2' / '3' / '4', read after the items), joined to
    that line as its first word."""
    out = list(raw_lines)
    orphans = [k for k, line in enumerate(out) if len(line.words) == 1 and len(line.words[0][0]) <= 3]
    gone: set[int] = set()
    for k in orphans:
        orphan = out[k]
        best, most = None, 0.0
        for j, other in enumerate(out):
            if (
                j == k
                or j in gone
                or len(other.words) < 2
                or not orphan.x1 < other.x0 <= orphan.x1 + 4 * max(orphan.x_size, 1.0)
            ):
                continue
            overlap = min(orphan.y1, other.y1) - max(orphan.y0, other.y0)
            if overlap >= 0.5 * min(orphan.y1 - orphan.y0, other.y1 - other.y0) and overlap > most:
                best, most = j, overlap
        if best is not None and best not in orphans:
            other = out[best]
            out[best] = other._replace(
                x0=orphan.x0,
                y0=min(orphan.y0, other.y0),
                y1=max(orphan.y1, other.y1),
                words=orphan.words + other.words,
            )
            gone.add(k)
    return [line for k, line in enumerate(out) if k not in gone]


MAX_ITEM_LINES = 4  # lines of one list item, at most, between two numbers of a list


def _marker_word(words, x_size: float) -> bool:
    """A first word of a few glyphs set off from the text by a tab-wide gap, as a list
    number stands: a number read as letters ('Å', 'Tf:')."""
    if len(words) < 2:
        return False
    text, (x0, y0, x1, y1) = words[0]
    return (
        len(text) <= 3
        and words[1][1][0] - x1 >= 0.9 * x_size
        and y1 - y0 >= 0.5 * x_size
        and x1 - x0 <= 1.6 * x_size
    )


def _digit_mark(image, margin: int, box: list[int], x_size: float) -> Box | None:
    """The box of a mark as tall as a digit standing alone before an indented line, set off
    from it by a gap (a list number Tesseract left out: on a noisy or skewed scan it may
    drop a column of small numbers as dust), or None. A bullet is smaller (a third of the
    line's size, the dev corpus's scans); ink running into the strip's left edge is the end
    of something longer, no mark."""
    import numpy as np

    x0, y0, _x1, y1 = box
    if x0 - margin < 0.6 * x_size:
        return None
    pad = int(0.15 * x_size)
    # from four sizes left of the line (not from the page's margin: on a skewed page a
    # number may stand left of the margin the lines above give)
    left, right = max(int(x0 - 4 * x_size), 0), int(x0 - 0.15 * x_size)
    top, bottom = max(y0 - pad, 0), y1 + pad
    if right - left < 3:
        return None
    ink = np.asarray(image.crop((left, top, right, bottom)), dtype=np.uint8) < 110
    cols = np.flatnonzero(ink.any(axis=0))
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(cols) or cols[0] == 0:
        return None
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    if not (0.55 * x_size <= height <= 1.2 * x_size and width <= 1.6 * x_size):
        return None
    if x0 - (left + cols[-1]) < 0.3 * x_size:
        return None  # no gap before the text: a piece of the line's first word
    return (
        left + int(cols[0]) - pad,
        top + int(rows[0]) - pad,
        left + int(cols[-1]) + pad,
        top + int(rows[-1]) + pad,
    )


def read_marks(image, boxes: list[Box], timeout: float = PAGE_SECONDS) -> list[str]:
    """The text of each mark (``boxes`` on ``image``), read by one Tesseract call over a
    strip of them, one under the other: a page's marks cost one call, not one each."""
    import pytesseract
    from PIL import Image

    gap = 40
    crops = [image.crop(b) for b in boxes]
    try:
        strip = Image.new(
            "L", (max(c.width for c in crops) + 2 * gap, sum(c.height + gap for c in crops) + gap), 255
        )
        spans, y = [], gap
        for c in crops:
            strip.paste(c, (gap, y))
            spans.append((y, y + c.height))
            y += c.height + gap
        data = pytesseract.image_to_data(
            strip, lang=LANG, config="--psm 6", timeout=timeout, output_type=pytesseract.Output.DICT
        )
    except (pytesseract.TesseractError, RuntimeError):
        return [""] * len(boxes)
    finally:
        for c in crops:
            c.close()
    out = [""] * len(boxes)
    for text, top, height in zip(data["text"], data["top"], data["height"], strict=True):
        middle = top + height / 2
        for k, (a, b) in enumerate(spans):
            if text.strip() and a - gap / 2 <= middle <= b + gap / 2:
                out[k] += text.strip()
    return out


def _bullet_mark(image, margin: int, box: list[int], x_size: float) -> bool:
    """A compact dark mark between the text's left margin and an indented line's first
    word: a bullet Tesseract did not read."""
    x0, y0, _x1, y1 = box
    if x0 - margin < 0.6 * x_size:
        return False
    left = max(margin - 2, int(x0 - 2.5 * x_size))
    right = int(x0 - 0.15 * x_size)
    if right - left < 3:
        return False
    crop = image.crop((left, y0, right, y1))
    try:
        histogram = crop.histogram()
    finally:
        crop.close()
    dark = sum(histogram[:110])
    area = max((right - left) * (y1 - y0), 1)
    # a bullet covers a small share of the strip; a letter or rule more, noise less
    return dark >= 0.08 * x_size * x_size * 0.25 and dark / area < 0.25
