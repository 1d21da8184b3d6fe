"""Extract PPTX slide decks with python-pptx: titles as headings, text frames in reading
order, tables as rows, SmartArt graphics as their items, speaker notes kept apart, the
slide number as page. A hidden slide (PowerPoint's "Hide slide": not shown in the slide
show, not in the deck's PDF) is not read, as Word's hidden text and a web page's hidden
elements are not."""

from __future__ import annotations

from ..records import Extracted, Line
from .errors import ExtractError
from .office import A, check_zip, damaged, diagram_data_rid, diagram_texts, reading_parts
from .tables import headed_lines


def extract_pptx(path: str) -> Extracted:
    check_zip(path)
    try:
        from pptx import Presentation

        prs = Presentation(path)
    except Exception as exc:
        raise damaged("PPTX", exc) from exc
    with reading_parts("PPTX"):
        lines, notes = _deck_lines(prs)
    if not lines and not len(prs.slides):
        raise ExtractError("the deck has no slides: nothing to read")
    if not lines and all(_hidden(slide) for slide in prs.slides):
        raise ExtractError(
            "every slide of the deck is hidden (not shown, not exported): show the slides that report, and ingest it again"
        )
    if not lines:
        # a deck of pictures of text: its PDF export has pages without text, which are OCR'd
        raise ExtractError(
            "no text in the slides (images only?): export the deck as a PDF, which is OCR'd, and ingest that"
        )
    return Extracted(
        lines=tuple(lines),
        n_pages=len(prs.slides),
        layout=False,
        slides=True,
        notes=tuple(notes),
        paragraphs=True,
    )


def _deck_lines(prs) -> tuple[list[Line], list[str]]:
    """The deck's lines, slide by slide, and its speaker notes."""
    lines: list[Line] = []
    notes: list[str] = []
    block = 0
    for number, slide in enumerate(prs.slides, start=1):
        if _hidden(slide):
            continue  # the slides after it keep their numbers, as PowerPoint numbers them
        title_shape = slide.shapes.title
        if title_shape is not None and title_shape.has_text_frame and title_shape.text_frame.text.strip():
            block += 1
            for para in title_shape.text_frame.paragraphs:
                text = _text(para).strip()
                if text:
                    lines.append(Line(text, page=number, heading=1, block=block, sheet=number))
        shapes = [s for s in slide.shapes if title_shape is None or s.shape_id != title_shape.shape_id]
        shapes.sort(key=lambda s: ((s.top or 0) // 20000, s.left or 0))
        for shape in shapes:
            block += 1
            lines.extend(_shape_lines(shape, number, block))
        if slide.has_notes_slide:
            text = (
                slide.notes_slide.notes_text_frame.text.strip() if slide.notes_slide.notes_text_frame else ""
            )
            if text:
                notes.append(f"[{number}] {text}")
    return lines, notes


def _hidden(slide) -> bool:
    """PowerPoint's "Hide slide": the slide's show attribute, an XML boolean, false."""
    return slide.element.get("show") in ("0", "false")


def _text(para, cell: bool = False) -> str:
    """A paragraph's text less the runs struck through (a measure crossed out of a slide's
    list: withdrawn, as a browser's <del>). A line break inside it wraps its text (a space;
    the runs on either side were glued before); in a table cell, as python-pptx reads a
    cell, fields count and a break is a vertical tab (the cell's lines are split on it)."""
    out = []
    tags = (A + "r", A + "br", A + "fld") if cell else (A + "r", A + "br")
    for child in para._p.iterchildren(*tags):
        if child.tag == A + "br":
            out.append("\v" if cell else " ")
            continue
        props = child.find(A + "rPr")
        if props is None or props.get("strike", "noStrike") == "noStrike":
            out.append("".join(t.text or "" for t in child.iterchildren(A + "t")))
    return "".join(out)


def _shape_lines(shape, number: int, block: int) -> list[Line]:
    out: list[Line] = []
    if getattr(shape, "has_table", False) and shape.has_table:
        raw = [
            ["\n".join(_text(p, cell=True) for p in c.text_frame.paragraphs) for c in row.cells]
            for row in shape.table.rows
        ]
        raw = [row for row in raw if any(c.strip() for c in row)]  # (a row struck through is none)
        headed = headed_lines(raw)
        if headed is not None:  # a header over rows: read as every format's tables are
            return [Line(text, page=number, block=block, sheet=number) for _, text in headed]
        for row in raw:
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            first, rest = cells[0], cells[1:]
            if first:
                out.append(Line(first, page=number, block=block, sheet=number))
            for cell in rest:
                for para in cell.splitlines():
                    if para.strip():
                        out.append(
                            Line(
                                "• " + para.strip().lstrip("•").strip(),
                                page=number,
                                block=block,
                                sheet=number,
                            )
                        )
        return out
    if getattr(shape, "shape_type", None) is not None and hasattr(shape, "shapes"):  # a group
        for sub in shape.shapes:
            out.extend(_shape_lines(sub, number, block))
        return out
    if shape._element.tag.endswith("}graphicFrame") and (rid := diagram_data_rid(shape._element)):
        return [Line(text, page=number, block=block, sheet=number) for text in diagram_texts(shape.part, rid)]
    if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
        return out
    body = _body_placeholder(shape)
    for para in shape.text_frame.paragraphs:
        text = _text(para).strip()
        if not text:
            continue
        said = _bullet(para)
        bulleted = para.level > 0 or said or (body and said is None)
        if bulleted and not text.startswith(("•", "-", "–")) and not text[:2].rstrip(".)").isdigit():
            text = "• " + text
        out.append(Line(text, page=number, block=block, sheet=number))
    return out


def _body_placeholder(shape) -> bool:
    """A content placeholder: its paragraphs are bullets unless they say otherwise (the
    bullet comes from the slide master, not from the paragraph)."""
    if not getattr(shape, "is_placeholder", False):
        return False
    from pptx.enum.shapes import PP_PLACEHOLDER

    try:
        kind = shape.placeholder_format.type
    except (AttributeError, ValueError):
        return False
    return kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


def _bullet(para) -> bool | None:
    """What the paragraph itself says of its bullet: True (a bullet character or
    numbering), False (bullets off), None (nothing: the placeholder's master decides)."""
    ppr = para._p.pPr
    for child in () if ppr is None else ppr:
        if child.tag.endswith(("buChar", "buAutoNum")):
            return True
        if child.tag.endswith("buNone"):
            return False
    return None
