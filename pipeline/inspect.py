"""What each stage makes of one file, as text: the body of ``rapport inspect``."""

from __future__ import annotations

from pathlib import Path

from .discover import describe
from .extract import ExtractError, extract
from .normalise import detect
from .records import ExtractOptions
from .repair import repair
from .segment import looks_like_slides, segment
from .structure import structure


def inspect_file(
    path: str, pdf_engine: str = "pdfium", layout: bool = False, ocr: str = "auto"
) -> tuple[str, bool]:
    """What each stage makes of the file at ``path``, as text, and whether it could be read."""
    full = Path(path).resolve()
    src = describe(full, full.parent, full.parent.name)
    out = [
        f"file: {src.path}  format: {src.format or '-'}  sha256: {src.doc_id[:16]}...  size: {src.size} bytes"
    ]
    try:
        extracted = extract(src, ExtractOptions(pdf_engine=pdf_engine, ocr=ocr))
    except ExtractError as exc:
        out.append(f"failed: {exc}")
        return "\n".join(out), False
    repaired = repair(extracted)
    if layout:
        out.append("\n== lines (page, size, bold, block)")
        for ln in repaired.lines:
            out.append(
                f"  p{ln.page or '-'} {ln.size or '-':>5} {'B' if ln.bold else ' '} h{ln.heading} b{ln.block:<4} {ln.text}"
            )
    sections = segment(repaired)
    st = structure(repaired, sections)
    det = detect(st)
    out.append(
        f"pages: {extracted.n_pages or '-'}  slides: {looks_like_slides(repaired)}  doc_type: {st.doc_type}  "
        f"region: {st.region or '-'}  report_date: {st.report_date or '-'}  variety: {det.variety}"
    )
    if src.format == "pdf":
        ocr_pages = set(extracted.ocr_pages)
        paths = " ".join(
            f"p{n}:{'ocr' if n in ocr_pages else 'text'}" for n in range(1, (extracted.n_pages or 0) + 1)
        )
        conf = f"  OCR confidence: {extracted.ocr_confidence}" if extracted.ocr_confidence is not None else ""
        out.append(f"extraction: {extracted.extraction}  pages read by: {paths}{conf}")
    out.append(f"\n== sections ({len(sections)})")
    for s in sections:
        pages = f" p{s.page_start}-{s.page_end}" if s.page_start else ""
        out.append(
            f"  [{s.ordinal}] {s.kind:<13} {s.heading or '(before the first heading)'}  ({len(s.lines)} lines{pages})"
        )
    out.append(f"\n== goals ({len(st.goals)})")
    children: dict[int | None, list] = {}
    for g in st.goals:
        children.setdefault(g.parent, []).append(g)

    def show(goal, depth: int) -> None:
        label = " ".join(x for x in (goal.label, goal.number) if x)
        shown = f"{label}: {goal.text}" if label else goal.text
        out.append(f"  {'    ' * depth}{goal.level:<9} {shown}")
        for child in children.get(goal.ordinal, []):
            show(child, depth + 1)

    for g in children.get(None, []):
        show(g, 0)
    if layout:
        from .structure.assemble import label_goals

        _, _, tagged = label_goals(repaired, sections, scores=True)
        out.append("\n== units and their tags (section:line.piece, tag, score, decided by)")
        for t in tagged:
            u = t.unit
            where = f"{u.section}:{'H' if u.heading else u.line}.{u.piece}"
            out.append(f"  {where:<10} {t.label:<9} {t.score:.2f} {t.source:<5}  {u.text[:110]}")
    if st.references:
        out.append("\n== cross-references")
        for r in st.references:
            target = st.goals[r.target_goal].number if r.target_goal is not None else "(no such goal)"
            out.append(f"  {st.goals[r.from_goal].number} -> {r.target_number}: {target}")
    out.append(f"\n== organisation units ({len(st.units)})")
    for u in st.units:
        out.append(f"  {u.kind:<19} {u.name}{'  [' + u.status + ']' if u.status else ''}")
    out.append(f"\n== municipalities ({len(st.municipalities)})")
    for m in st.municipalities:
        out.append(f"  {m.name} {m.kommunenummer} (2020: {m.kommunenummer_2020}) x{m.mentions}")
    if st.activities:
        out.append(f"\n== activities linked to sub-goals ({len(st.activities)})")
        for a in st.activities:
            out.append(f"  sub-goal {a.number or '?'}: {a.text[:100]}")
    if st.progress:
        out.append(f"\n== progress: {st.progress[0]}" + (f"  ({st.progress[1]})" if st.progress[1] else ""))
    return "\n".join(out), True
