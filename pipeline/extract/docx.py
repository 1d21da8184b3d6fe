"""Extract DOCX with python-docx: heading styles as headings, paragraphs set in bold
throughout as bold blocks of their own, numbered and bulleted paragraphs with their
numbering, tables row by row. The text is what Word shows and prints: tracked insertions in,
tracked deletions out, content controls (a template's fields), text boxes (a fact box),
SmartArt graphics (an organisation chart) and content imported whole (a web page a system put
in) read in place."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..records import Extracted, Line
from .errors import ExtractError
from .office import check_zip, damaged, diagram_data_rid, diagram_texts, reading_parts, related_part
from .tables import headed_lines

_HEADING = re.compile(r"^(?:heading|overskrift|title|tittel)\s*(\d*)$", re.IGNORECASE)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# what holds runs inside a paragraph besides the paragraph itself (python-docx reads only
# runs and links that are its direct children): a link, a tracked insertion or move, a
# content control, a field, a smart tag, custom XML. A tracked deletion or the place a
# move left (w:del, w:moveFrom) is not in the text Word shows, nor in its PDF export.
_RUN_HOLDERS = frozenset(
    W + tag
    for tag in ("hyperlink", "ins", "moveTo", "sdt", "sdtContent", "fldSimple", "smartTag", "customXml")
)
# what holds paragraphs and tables inside the body or a cell besides the body itself: a
# content control (a template's rich-text field) and custom XML
_BLOCK_HOLDERS = frozenset(W + tag for tag in ("sdt", "sdtContent", "customXml"))
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def extract_docx(path: str) -> Extracted:
    check_zip(path)
    try:
        import docx

        document = docx.Document(path)
    except Exception as exc:
        raise damaged("DOCX", exc) from exc
    with reading_parts("DOCX"):
        lines = _document_lines(document)
    if not lines:
        # a scanned letter pasted in as a picture: its PDF export has pages without text, which are OCR'd
        raise ExtractError(
            "no text in the document (images only?): save it as a PDF, which is OCR'd, and ingest that"
        )
    return Extracted(lines=tuple(lines), paragraphs=True)


def _document_lines(document) -> list[Line]:
    """The document body's lines in order: paragraphs, tables, text boxes, SmartArt and
    imported content."""
    formats = _numbering_formats(document)
    counters: dict[tuple[str, int], int] = {}
    lines: list[Line] = []
    block = 0
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in _blocks(document.element.body):
        if child is None:  # a text box or a SmartArt graphic begins or ends
            block += 1
        elif isinstance(child, _Diagram):
            lines.extend(Line(text, block=block) for text in diagram_texts(document.part, child.rid))
        elif isinstance(child, _Imported):
            imported = _imported_lines(document.part, child.rid)
            lines.extend(replace(ln, block=block + ln.block) for ln in imported)
            if imported:
                block += imported[-1].block + 1
        elif child.tag == W + "p":
            para = Paragraph(child, document)
            text = _text(child).strip()
            if not text:
                block += 1
                continue
            style = (para.style.name if para.style is not None else "") or ""
            m = _HEADING.match(style.strip())
            level = 0
            if m:
                level = int(m.group(1)) if m.group(1) else 1
                block += 1
            prefix = _number(child, formats, counters, para.style)
            if prefix:  # what the list style prints before it ('2.1' before a heading)
                text = f"{prefix} {text}"
            # a paragraph set in bold throughout (a heading made by hand, in the Normal
            # style) is a block of its own, as its PDF export sets it apart
            emphasised = not level and _all_bold(para)
            if emphasised:
                block += 1
            if level or emphasised or prefix:
                text = " ".join(text.split())  # a line break (Shift+Enter) wraps a heading or an item
            lines.append(Line(text, heading=level, block=block, bold=bool(level) or emphasised))
            if level or emphasised:
                block += 1
        elif child.tag == W + "tbl":
            block += 1
            # each cell's text read once (python-docx walks the table's grid for every row)
            raw = _grid(Table(child, document))
            headed = headed_lines(raw)
            if headed is not None:  # a header over rows: read as every format's tables are
                lines.extend(Line(text, block=block) for _, text in headed)
                block += 1
                continue
            for row in raw:
                cells = []
                for text in row:
                    value = text.strip()
                    if value and value not in cells:
                        cells.append(value)
                if not cells:
                    continue
                lines.append(Line(cells[0], block=block))
                for value in cells[1:]:
                    for part in value.splitlines():
                        if part.strip():
                            lines.append(Line("• " + part.strip(), block=block))
                block += 1
    return lines


@dataclass(frozen=True)
class _Diagram:
    rid: str  # the relationship to its data part


@dataclass(frozen=True)
class _Imported:
    rid: str  # the relationship to the content a generator imported whole (w:altChunk)


def _imported_lines(part, rid: str | None) -> tuple[Line, ...]:
    """The lines of content imported whole into the document (w:altChunk: a web page or text
    a case-handling or publishing system put in as it stood, which Word lays out when it opens
    the file): read as a web page or text is; other kinds (RTF, another Word file) none."""
    from .html import extract_html
    from .text import extract_text

    target = related_part(part, rid)
    if target is None:
        return ()
    kind = (getattr(target, "content_type", "") or "").lower()
    try:
        if "html" in kind:
            return extract_html(target.blob).lines
        if kind.startswith("text/plain"):
            return extract_text(target.blob).lines
    except (ExtractError, ValueError):
        return ()  # an empty or unreadable chunk: the rest of the document reads
    return ()


def _blocks(parent):
    """The paragraphs and tables of the body or a cell, in order, those inside content
    controls included, content imported whole (w:altChunk) where it stands, and after a
    paragraph the text boxes anchored in it (a fact box) and its SmartArt graphics, each of
    these between two Nones (a block of its own)."""
    for child in parent.iterchildren():
        if child.tag == W + "p":
            yield child
            for box in _text_boxes(child):
                yield None
                yield from _blocks(box)
                yield None
            for drawing in child.iter(W + "drawing"):
                if (rid := diagram_data_rid(drawing)) and not _in_fallback(drawing, child):
                    yield None
                    yield _Diagram(rid)
                    yield None
        elif child.tag == W + "tbl":
            yield child
        elif child.tag == W + "altChunk":
            yield None
            yield _Imported(child.get(_R_ID))
            yield None
        elif child.tag in _BLOCK_HOLDERS:
            yield from _blocks(child)


def _text_boxes(p):
    """The text boxes anchored in paragraph ``p``, each once: not those inside another box
    (read with it), nor the copy Word keeps for older readers (a drawing's VML fallback)."""
    for box in p.iter(W + "txbxContent"):
        if not _in_fallback(box, p):
            yield box


def _in_fallback(element, p) -> bool:
    """Whether ``element`` sits, below paragraph ``p``, inside a text box (read with it) or
    in the copy Word keeps for older readers (a VML fallback)."""
    above = element.getparent()
    while above is not p and above.tag not in (_FALLBACK, W + "txbxContent"):
        above = above.getparent()
    return above is not p


def _runs(parent):
    """The runs of a paragraph whose text Word shows, in order (see ``_RUN_HOLDERS``), less
    those set as hidden text (not shown, printed or exported) or struck through (a measure
    crossed out of a list: withdrawn, as a browser's <del>)."""
    for child in parent.iterchildren():
        if child.tag == W + "r":
            if not _unseen(child):
                yield child
        elif child.tag in _RUN_HOLDERS:
            yield from _runs(child)


_UNSEEN = (W + "strike", W + "dstrike", W + "vanish")
_OFF = {"0", "false", "off"}


def _unseen(run) -> bool:
    """A run formatted as struck through or hidden (w:strike, w:dstrike, w:vanish, not
    switched off)."""
    props = run.find(W + "rPr")
    if props is None:
        return False
    return any(
        (flag := props.find(tag)) is not None and flag.get(W + "val", "true").lower() not in _OFF
        for tag in _UNSEEN
    )


def _text(p) -> str:
    return "".join(r.text for r in _runs(p))


def _grid(table) -> list[list[str]]:
    """A table's cells row by row, each cell's text read once, a column each: a cell merged
    across columns is read in its first and empty in the rest, and a cell merged down from
    the row above is empty (python-docx gives the merged cell's text in every row, so a goal
    matrix repeated its sub-goal for each of its measures)."""
    rows = []
    for row in table.rows:
        tr = row._tr
        cells = [""] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            cells.append("" if tc.vMerge == "continue" else _cell_text(tc))
            cells.extend([""] * (tc.grid_span - 1))
        rows.append(cells)
    return rows


def _cell_text(tc) -> str:
    return "\n".join(_text(b) for b in _blocks(tc) if getattr(b, "tag", None) == W + "p")


def _all_bold(para) -> bool:
    """Whether every run of a paragraph that holds text is bold: set so on the run, by its
    character style ('Strong'), or by the paragraph's style."""
    from docx.text.run import Run

    runs = [Run(r, para) for r in _runs(para._p) if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(para.style is not None and para.style.font.bold)

    def bold(run) -> bool:
        if run.bold is not None:
            return run.bold
        if run.style is not None and run.style.font.bold is not None:
            return run.style.font.bold
        return style_bold

    return all(map(bold, runs))


def _numbering_formats(document) -> dict[tuple[str, int], tuple[str, str | None]]:
    """(numId, level) -> (numFmt, lvlText): the format ('decimal', 'bullet', 'lowerLetter' ...)
    and the text Word prints ('%1.', 'Delmål %1:', '%1.%2')."""
    try:
        numbering = document.part.numbering_part.element
    except Exception:
        return {}
    abstract = {}
    for an in numbering.findall(W + "abstractNum"):
        levels = {}
        for lvl in an.findall(W + "lvl"):
            fmt = lvl.find(W + "numFmt")
            text = lvl.find(W + "lvlText")
            levels[int(lvl.get(W + "ilvl"))] = (
                fmt.get(W + "val") if fmt is not None else "decimal",
                text.get(W + "val") if text is not None else None,
            )
        abstract[an.get(W + "abstractNumId")] = levels
    out = {}
    for num in numbering.findall(W + "num"):
        ref = num.find(W + "abstractNumId")
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(W + "val"), {}).items():
            out[(num.get(W + "numId"), ilvl)] = fmt
    return out


def _number(p, formats, counters, style=None) -> str | None:
    ppr = p.find(W + "pPr")
    numpr = ppr.find(W + "numPr") if ppr is not None else None
    # numbering may come from the paragraph style ("List Number", "List Bullet")
    while numpr is None and style is not None:
        sppr = style.element.find(W + "pPr")
        numpr = sppr.find(W + "numPr") if sppr is not None else None
        style = style.base_style
    if numpr is None:
        return None
    num_el, lvl_el = numpr.find(W + "numId"), numpr.find(W + "ilvl")
    if num_el is None:
        return None
    num_id = num_el.get(W + "val")
    level = int(lvl_el.get(W + "val")) if lvl_el is not None else 0
    fmt, template = formats.get((num_id, level), ("decimal", None))
    if fmt == "bullet":
        # Word's second-level bullet is a letter 'o' (in Courier New), which its PDFs print
        # and repair reads as '◦': the same mark here
        return "◦" if template == "o" else "•"
    counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
    for nid, lv in list(counters):
        if nid == num_id and lv > level:
            del counters[(nid, lv)]

    def shown(lv: int) -> str:
        n = counters.get((num_id, lv), 1)
        lv_fmt = formats.get((num_id, lv), ("decimal", None))[0]
        if lv_fmt in ("lowerLetter", "upperLetter"):
            letter = chr(ord("a") + (n - 1) % 26)
            return letter.upper() if lv_fmt == "upperLetter" else letter
        return str(n)

    if template and re.search(r"%\d", template) and re.search(r"[^\W\d_]{2,}", template):
        # the list style prints a label with the number ('Delmål %1:' -> 'Delmål 1:')
        return re.sub(r"%(\d)", lambda m: shown(int(m.group(1)) - 1), template).strip()
    if fmt in ("lowerLetter", "upperLetter"):
        return f"{shown(level)})"
    parts = [shown(lv) for lv in range(level + 1)]
    return ".".join(parts) + ("." if level == 0 else "")
