"""Run text through the stages the way the pipeline does, for tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.extract.text import extract_text
from pipeline.records import Extracted, Line, Structured
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure


@contextmanager
def vocabulary(monkeypatch, name: str, rows: list, *caches, extra: bool = True) -> Iterator[None]:
    """The lexicon as if the resource file ``name`` held ``rows`` ((line, columns) pairs) as
    well, or with ``extra=False`` only them; ``caches`` (the loaders, and what the stages
    compiled from them) are cleared on the way in and out."""
    from pipeline import lexicon

    real = lexicon._rows
    monkeypatch.setattr(
        lexicon, "_rows", lambda n: (real(n) if extra else []) + rows if n == name else real(n)
    )
    for f in caches:
        f.cache_clear()
    try:
        yield
    finally:
        monkeypatch.setattr(lexicon, "_rows", real)
        for f in caches:
            f.cache_clear()


def from_text(text: str) -> Extracted:
    return repair(extract_text(text.encode("utf-8")))


def structured_text(text: str) -> Structured:
    doc = from_text(text)
    return structure(doc, segment(doc))


def read_file(path) -> Structured:
    """A file as the pipeline's worker reads it, from discovery to structure."""
    from pipeline.discover import describe
    from pipeline.worker import process_file

    path = Path(path).resolve()
    return process_file(describe(path, path.parent, path.parent.name))[0].structured


def extract_file(path) -> Extracted:
    """A file as the extract stage reads it, discovered and sniffed as a batch's file is."""
    from pipeline.discover import describe, ensure_sniffed
    from pipeline.extract import extract

    path = Path(path).resolve()
    return extract(ensure_sniffed(describe(path, path.parent, path.parent.name)))


def headed(st: Structured) -> set[tuple[str, str]]:
    """The (kind, heading) of every headed section."""
    return {(s.kind, s.heading) for s in st.sections if s.heading}


def lines(*texts: str, block: int = 0) -> tuple[Line, ...]:
    return tuple(Line(t, block=block) for t in texts)


def pdf_line(text: str, block: int, size: float = 11, page: int = 1, bold: bool = False) -> Line:
    """A line as a PDF gives it: on page 1 unless said, in the body's 11 points unless said."""
    return Line(text, page=page, size=size, bold=bold, block=block)


SNAPSHOT_TABLES = (
    "documents",
    "sections",
    "goals",
    "organisation_units",
    "municipality_mentions",
    "goal_references",
    "activities",
    "goal_themes",
    "goal_groups",
    "regions",
)


def snapshot(db) -> dict[str, list[str]]:
    """Every row of the content tables, run-specific columns left out: equal for two
    warehouses that hold the same documents."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: sorted(
                map(
                    repr,
                    con.execute(
                        f"SELECT * EXCLUDE (ingested_at, run_id) FROM {t}"
                        if t == "documents"
                        else f"SELECT * FROM {t}"
                    ).fetchall(),
                )
            )
            for t in SNAPSHOT_TABLES
        }
    finally:
        con.close()


def process_file_dying_on_crash_files(source, options=None):
    """pipeline.worker.process_file, except that a worker process dies outright (as on a
    crash inside a PDF library) on a file whose name has "crash" in it."""
    import os
    from multiprocessing import parent_process

    from pipeline.worker import process_file

    if "crash" in source.path and parent_process() is not None:
        os._exit(70)
    return process_file(source, options) if options else process_file(source)


DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def smartart_data(tree: list) -> bytes:
    """The data part of a SmartArt graphic as Office writes it: ``tree`` is [(text, [items
    under it ...]), ...]; beside the items, the points and connections of how it is drawn."""
    points = [
        '<dgm:pt modelId="0" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p/></dgm:t></dgm:pt>'
    ]
    links: list[str] = []
    count = 0
    stack = [("0", order, item) for order, item in reversed(list(enumerate(tree)))]
    while stack:  # depth first, each item before those under it (a tree of any depth)
        parent, order, (text, below) = stack.pop()
        count += 1
        mid = str(count)
        points.append(
            f'<dgm:pt modelId="{mid}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p><a:r><a:t>{text}</a:t>'
            "</a:r></a:p></dgm:t></dgm:pt>"
            f'<dgm:pt modelId="{mid}p" type="pres"><dgm:prSet/><dgm:spPr/></dgm:pt>'
        )
        links.append(
            f'<dgm:cxn modelId="c{mid}" srcId="{parent}" destId="{mid}" srcOrd="{order}" destOrd="0"/>'
            f'<dgm:cxn modelId="q{mid}" type="presOf" srcId="{mid}" destId="{mid}p" srcOrd="0" destOrd="0"/>'
        )
        stack.extend((mid, k, item) for k, item in reversed(list(enumerate(below))))
    return (
        f'<dgm:dataModel xmlns:dgm="{DGM_NS}" xmlns:a="{A_NS}"><dgm:ptLst>{"".join(points)}</dgm:ptLst>'
        f"<dgm:cxnLst>{''.join(links)}</dgm:cxnLst><dgm:bg/><dgm:whole/></dgm:dataModel>"
    ).encode()


def smartart_graphic(rid: str) -> str:
    """The graphic that shows a SmartArt graphic, pointing at its data by ``rid``."""
    return (
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{DGM_NS}"><dgm:relIds xmlns:dgm="{DGM_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:dm="{rid}" r:lo="" r:qs="" r:cs=""/></a:graphicData></a:graphic>'
    )


def goal_tree(st: Structured) -> list[tuple]:
    """Each goal as (level, number, text, its parent's number)."""
    return [
        (g.level, g.number, g.text, st.goals[g.parent].number if g.parent is not None else None)
        for g in st.goals
    ]


def word_table(path, rows, heading: str, title: str):
    """A Word document ``path``: a title, a section heading and a table of ``rows`` (cells
    left empty where a row's value is '')."""
    import docx

    d = docx.Document()
    d.add_heading(title, 1)
    d.add_heading(heading, 2)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.save(path)
    return path


def libreoffice_pdf(path):
    """The PDF LibreOffice makes of the document ``path`` (beside it, with a profile of its
    own), as a municipality exports its Word report."""
    import subprocess

    path = Path(path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{path.parent / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return path.with_suffix(".pdf")


def word_numbering(d, num_id: int, levels: list[tuple[str, str]], multilevel: bool = False) -> None:
    """Give a Word document ``d`` (python-docx) a numbering definition ``num_id`` as Word
    stores it (an abstractNum and a num): ``levels`` is each level's (numFmt, lvlText)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    kind = '<w:multiLevelType w:val="multilevel"/>' if multilevel else ""
    lvls = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for k, (fmt, text) in enumerate(levels)
    )
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="{num_id}">{kind}{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def numbered(p_pr_owner, num_id: int, level: int) -> None:
    """Number a paragraph or a style (its python-docx element) by ``num_id`` at ``level``."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    p_pr_owner.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def write_deck(target, slides) -> None:
    """A PPTX deck made with python-pptx, saved to ``target`` (a path or a binary file):
    one slide per (title, lines), a title slide where there are no lines, the lines as the
    body's paragraphs."""
    from pptx import Presentation

    prs = Presentation()
    for title, lines in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[1 if lines else 0])
        slide.shapes.title.text = title
        if lines:
            frame = slide.placeholders[1].text_frame
            frame.text = lines[0]
            for line in lines[1:]:
                frame.add_paragraph().text = line
    prs.save(target)


def ingest_cli(root, db):
    """`rapport ingest ROOT -w DB -j 1 -q`, as a user runs it (click's test runner)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    return CliRunner().invoke(main, ["ingest", str(root), "-w", str(db), "-j", "1", "-q"])
