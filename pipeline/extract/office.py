"""Guards shared by the ZIP-based Office formats (PPTX, DOCX)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ExtractError, broken_zip

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, per member


def check_zip(path: str) -> None:
    """Refuse ZIP bombs before any library inflates the file."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 10 * 1024 * 1024
                ):
                    raise ExtractError(
                        f"refused: ZIP bomb suspected ({info.filename} inflates {info.file_size // info.compress_size}x "
                        f"to {info.file_size // (1024 * 1024)} MB)"
                    )
            if total > MAX_UNCOMPRESSED:
                raise ExtractError(
                    f"refused: the file inflates to {total // (1024 * 1024)} MB (limit {MAX_UNCOMPRESSED // (1024 * 1024)} MB)"
                )
    except ExtractError:
        raise
    except Exception as exc:  # damaged bytes raise more than BadZipFile ('zip file version 20.0')
        raise ExtractError(broken_zip(exc)) from exc


def damaged(fmt: str, exc: Exception) -> ExtractError:
    """The error for an Office file whose container opens but whose parts the library cannot
    read (a part missing or malformed), with what the user can do about it."""
    first = (str(exc).splitlines() or [""])[0][:200]
    app = "PowerPoint" if fmt == "PPTX" else "Word"
    return ExtractError(
        f"damaged {fmt} ({type(exc).__name__}: {first}): open it in {app} or LibreOffice and save it "
        "again, or export it as PDF"
    )


@contextmanager
def reading_parts(fmt: str) -> Iterator[None]:
    """python-pptx and python-docx read a package's parts when they are first used, so a
    part that a slide or the document refers to and that is missing or malformed fails in
    the middle of the walk (KeyError "no relationship with key 'rId7'", a syntax error in
    its XML): that file's error (:func:`damaged`), not an internal one."""
    from lxml import etree

    try:
        yield
    except (KeyError, ValueError, etree.LxmlError, zipfile.BadZipFile, zlib.error) as exc:
        raise damaged(fmt, exc) from exc


DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"  # DrawingML: slides' and SmartArt's text
_R_DM = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}dm"
# the points of a SmartArt graphic that hold its text: its items and an org chart's assistants
# (the others are its root, its connectors and how it is drawn)
_TEXT_POINTS = (None, "node", "asst")


def diagram_data_rid(element) -> str | None:
    """The relationship id of the data of a SmartArt graphic inside ``element`` (a slide's
    graphic frame, a Word paragraph's drawing), None where it holds none."""
    ids = next(element.iter(DGM + "relIds"), None)
    return ids.get(_R_DM) if ids is not None else None


def diagram_items(blob: bytes) -> list[tuple[int, str]]:
    """The items of a SmartArt graphic from its data part, in the order of its tree (each
    item, then the items under it), with their depth (0 for the top level): (depth, text),
    one per paragraph of an item's text. python-pptx and python-docx read no SmartArt; its
    text is what the slide and the page show ('Styringsgruppe' over 'Prosjektgruppe')."""
    from lxml import etree

    root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    points = {pt.get("modelId"): pt for pt in root.iter(DGM + "pt")}
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.iter(DGM + "cxn"):
        if cxn.get("type", "parOf") != "parOf":
            continue  # how the graphic is drawn, not its tree
        src, dest = cxn.get("srcId"), cxn.get("destId")
        children.setdefault(src, []).append((int(cxn.get("srcOrd", "0")), dest))
    out: list[tuple[int, str]] = []
    # depth first, each item before the items under it, in their order; by a stack, not by
    # recursion (a tree may be as deep as its file is long), each point once (no cycle)
    roots = [model_id for model_id, pt in points.items() if pt.get("type") == "doc"]
    seen = set(roots)
    stack = [(model_id, 0) for model_id in reversed(roots)]  # (point, the depth it is at)
    while stack:
        model_id, depth = stack.pop()
        pt = points[model_id]
        below = depth  # the graphic's root and its drawing points add no level
        if pt.get("type") in _TEXT_POINTS:
            body = pt.find(DGM + "t")
            for para in () if body is None else body.iter(A + "p"):
                text = "".join(t.text or "" for t in para.iter(A + "t")).strip()
                if text:
                    out.append((depth, text))
            below = depth + 1
        for _, child in sorted(children.get(model_id, ()), reverse=True):
            if child in points and child not in seen:
                seen.add(child)
                stack.append((child, below))
    return out


# a SmartArt graphic's items by depth: the top level as lines, the levels under it as a
# list and a list inside it ('Styringsgruppe', '• Prosjektgruppe')
_MARKS = ("", "• ", "◦ ")


def diagram_texts(part, rid: str) -> list[str]:
    """The lines of the SmartArt graphic whose data ``part`` (a slide's or a Word document's
    part) relates to by ``rid``: its items with the marks of their depth; none where its
    data is missing from the file or damaged."""
    from lxml import etree

    data = related_part(part, rid)
    try:
        items = diagram_items(data.blob) if data is not None else []
    except (ValueError, etree.LxmlError):  # damaged: the rest reads
        return []
    return [_MARKS[min(depth, 2)] + text for depth, text in items]


def related_part(part, rid: str | None):
    """The part that ``part`` (a slide's or a Word document's) relates to by ``rid``; None
    where the file lacks it."""
    try:
        return part.rels[rid].target_part
    except (KeyError, AttributeError):
        return None
