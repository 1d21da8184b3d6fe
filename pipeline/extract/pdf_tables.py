"""Tables in a PDF's text layer, read as every format's tables are.

A PDF keeps no table, only text where the table's cells were: a word processor's export
gives each cell's lines apart, cell after cell, and a header's cells (or two short cells
of a row) as one line when they share a baseline ('Tiltak Status'). So a table under a
header ('Tiltak | Status', 'Delmål | Tiltak | Ansvar | Frist') lost its rows: the measures
read as loose lines, their status on lines of their own.

:func:`split_lines` first cuts a line where PDFium's text boxes for it leave a gap of a
column. :func:`find_tables` then finds a table by the order its cells are drawn in: a
header line, then each row's cells left to right (a cell's lines down, back up to the row's
top for the next cell), the next row right below and further left. Each cell's text is read
from the page within the cell's bounds (:func:`read_table`, with the page's own text
reader), and the rows go to :func:`~pipeline.extract.tables.headed_lines`: a table it reads
as a header over rows becomes its lines ('Tiltak:', '• Etablere ... – Gjennomført'); any
other table reads as a Word table without a header does (:func:`row_lines`: each row's
first cell, its other cells as items). A page of two columns, drawn a column at a time, is
no table.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace
from statistics import median

from .pdf import PdfLine
from .tables import headed_lines

SAME_COLUMN = 4.0  # points: cells of one column begin at one place
MIN_GAP = 20.0  # points between the starts of two columns
ROW_TOP = 3.0  # points: a row's cells begin at one height, give or take a glyph's ascent
ROW_GAP = 2.6  # sizes of type: the most a row's top lies below the row above (cell padding, borders)
SPLIT_GAP = 0.9  # sizes of type: a gap in a line this wide may part two cells (a space is a quarter)
MARK_WIDTH = 1.3  # sizes of type: a box this narrow before a gap is a bullet or number ('•', '1.')
MARK_GAP = 2.0  # sizes of type: the most a bullet or number stands before its item (a tab);
# further off, a narrow box is a cell of its own (a column of item numbers, 'Nr.')


@dataclass(frozen=True, slots=True)
class Table:
    lines: tuple[int, ...]  # indexes of the page's lines the table holds, in order
    columns: tuple[float, ...]  # where each column begins, left to right
    rows: tuple[float, ...]  # where each row begins, top to bottom (the header first)
    bottom: float  # where the last row ends


def _column(left: float, columns: Sequence[float]) -> int | None:
    for k, c in enumerate(columns):
        if abs(left - c) <= SAME_COLUMN:
            return k
    return None


def find_tables(lines: Sequence[PdfLine]) -> list[Table]:
    """The tables on a page: a header line over rows of two or more columns, told by the
    order a word processor draws them in (a cell's lines down, then up to the row's top and
    right for the next cell, then down and left for the next row)."""
    tops = [round(line.top) for line in lines]
    if len(set(tops)) == len(tops):
        return []  # no two lines begin at one height: no row of cells side by side
    out: list[Table] = []
    i = 0
    while i + 2 < len(lines):
        table = _table_at(lines, i)
        if table is None:
            i += 1
            continue
        out.append(table)
        i = table.lines[-1] + 1
    return out


def _table_at(lines: Sequence[PdfLine], i: int) -> Table | None:
    """The table whose header begins at line ``i``, if one does."""
    columns = [lines[i].left]
    held = [i]
    row_top = lowest = lines[i].top
    starts: list[int] = [i]  # the lines that begin a cell
    singles: list[int] = []  # the lines that begin a row of one cell
    for k in range(i + 1, len(lines)):
        line, prev = lines[k], lines[k - 1]
        near = 1.8 * max(line.size, 1.0)
        if line.left > prev.left + MIN_GAP and abs(line.top - row_top) <= ROW_TOP:
            # the row's next cell: back up to the row's top, further right
            if _column(line.left, columns) is None:
                columns = sorted([*columns, line.left])
            starts.append(k)
        elif (
            line.left < prev.left - MIN_GAP
            and _column(line.left, columns) is not None
            and 0 < line.top - lowest <= (ROW_GAP * line.size if _beside(lines, k) else near)
        ):
            # the next row below this one, beginning further left (a row apart by more than
            # a line's spacing has a cell beside its first: else it is the text after the table)
            row_top = line.top
            starts.append(k)
        elif abs(line.left - prev.left) <= SAME_COLUMN and 0 < line.top - prev.top <= near:
            pass  # the cell's next line (or, under a header of one line, the first row's first cell)
        elif (
            len(starts) > 1
            and _column(line.left, columns) not in (None, 0)
            and abs(line.left - prev.left) <= SAME_COLUMN
            and 0 < line.top - lowest <= ROW_GAP * line.size
        ):
            # a row whose only cell is in an inner column, below one that ended in it (the
            # goal of the row above goes on: 'Delmål' left empty, a further 'Tiltak')
            row_top = line.top
            starts.append(k)
            singles.append(k)
        else:
            break  # the table has ended
        held.append(k)
        lowest = max(lowest, line.top)
    if len(columns) < 2:
        return None
    # rows begin where two cells begin side by side, or one begins further left than the
    # line before; the header is what lies above the first of them
    tops = sorted(
        {
            lines[i].top,
            *(lines[k].top for k in starts if k != i and (k in singles or _row_begins(lines, starts, k))),
        }
    )
    rows: list[float] = []
    for top in tops:
        if not rows or top - rows[-1] > ROW_TOP:
            rows.append(top)
    if len(rows) < 3:
        return None  # a header over two rows at least
    bottom = max(lines[k].top + lines[k].height for k in held) + 1.0
    return Table(tuple(held), tuple(columns), tuple(rows), bottom)


def _beside(lines: Sequence[PdfLine], k: int) -> bool:
    """Whether a cell begins beside the one that line ``k`` begins (after that cell's lines,
    back up at its height, further right)."""
    for j in range(k + 1, len(lines)):
        line, prev = lines[j], lines[j - 1]
        if abs(line.left - prev.left) <= SAME_COLUMN and line.top > prev.top:
            continue  # the cell's next line
        return line.left > prev.left + MIN_GAP and abs(line.top - lines[k].top) <= ROW_TOP
    return False


def _row_begins(lines: Sequence[PdfLine], starts: Sequence[int], k: int) -> bool:
    """Whether the cell beginning at line ``k`` begins a row: another cell begins beside it,
    or it begins further left than the line before it."""
    line = lines[k]
    if line.left < lines[k - 1].left - MIN_GAP:
        return True
    return any(
        j != k and abs(lines[j].top - line.top) <= ROW_TOP and abs(lines[j].left - line.left) > MIN_GAP
        for j in starts
    )


# the text within a box: (left, top, right, bottom) in points from the page's top left
TextIn = Callable[[float, float, float, float], str]
Box = tuple[float, float, float, float]  # (left, top, right, bottom), from the page's top left


def split_lines(
    lines: Sequence[PdfLine], boxes: Sequence[Box], text_in: TextIn
) -> tuple[list[PdfLine], list[int]]:
    """The page's lines cut where PDFium's text boxes for them leave a gap of a column
    (a row's cells on one baseline read as one line: 'Samferdsel Ny bru over fjorden
    Utsett'), each piece with its own start; and for each piece the line it comes from. A
    box no wider than a glyph or two (a bullet, an item's number) a tab before what follows
    stays with it."""
    rows: dict[int, list[int]] = {}  # the lines by the height they begin at, in points
    for k, line in enumerate(lines):
        rows.setdefault(round(line.top), []).append(k)
    # a box's line begins at most a size of its type above the box's middle
    reach = max((line.size for line in lines), default=12.0) + 1.0
    by_line: dict[int, list[Box]] = {}
    for box in boxes:
        middle = (box[1] + box[3]) / 2
        owner = None
        for top in range(round(middle - reach), round(middle) + 1):
            for k in rows.get(top, ()):
                line = lines[k]
                if line.top - 0.5 * line.size <= middle <= line.top + line.size and line.left <= box[0] + 1.0:
                    if owner is None or line.left > lines[owner].left:
                        owner = k
        if owner is not None:
            by_line.setdefault(owner, []).append(box)
    out: list[PdfLine] = []
    origin: list[int] = []
    for k, line in enumerate(lines):
        size = max(line.size, 1.0)
        parts: list[list[float]] = []
        for left, top, right, bottom in sorted(by_line.get(k, ()), key=lambda b: b[0]):
            gap = left - parts[-1][2] if parts else 0.0
            if parts and (
                gap < SPLIT_GAP * size
                or (parts[-1][2] - parts[-1][0] <= MARK_WIDTH * size and gap < MARK_GAP * size)
            ):
                parts[-1][2] = max(parts[-1][2], right)
                parts[-1][1], parts[-1][3] = min(parts[-1][1], top), max(parts[-1][3], bottom)
            else:
                parts.append([left, top, right, bottom])
        if len(parts) < 2:
            out.append(line)
            origin.append(k)
            continue
        for n, (left, top, right, bottom) in enumerate(parts):
            text = " ".join(text_in(left - 0.5, top - 0.5, right + 0.5, bottom + 0.5).split())
            if text:
                out.append(replace(line, text=text, left=left if n else line.left))
                origin.append(k)
    return out, origin


def cell_text(text: str, known: Container[str] | None = None) -> str:
    """A cell's lines as one line. A word a narrow column broke with no hyphen goes back
    together where the word list knows the whole and not both parts ('Næringsutviklin' /
    'g', 'Fylkeskommune' / 'n'); other lines join with a space ('Kommunane' / 'og')."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = ""
    for line in filter(None, lines):
        if out and out[-1].isalpha() and line[0].islower():
            if known is None:
                known = _words()  # once a cell, and only for a line that may go on a word
            head = out.rsplit(" ", 1)[-1].lower()
            tail = line.split(" ", 1)[0].lower()
            if known is not None and head + tail in known and (head not in known or tail not in known):
                out += line
                continue
        out = f"{out} {line}" if out else line
    return out


def _words() -> Container[str] | None:
    """The word list, where the hunspell lists are built (no guessing without them)."""
    from ..wordlist import has_hunspell_lists, words

    return words() if has_hunspell_lists() else None


def row_lines(rows: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    """A table without a header, as a Word table without one reads: each row's first cell
    on a line, its other cells as its items ('Styringsgruppe', '• Ordførarane og ...')."""
    out: list[tuple[int, str]] = []
    for k, row in enumerate(rows):
        cells = [cell for cell in row if cell]
        if cells:
            out.append((k, cells[0]))
            out.extend((k, "• " + cell) for cell in cells[1:])
    return out


def read_table(
    lines: tuple[PdfLine, ...], width: float, text_in: TextIn, boxes: Sequence[Box] | None = None
) -> tuple[PdfLine, ...]:
    """The page's lines with each table read as its rows (see the module's docstring); the
    lines as they were where there is no table. ``boxes``: PDFium's text boxes of the page,
    where it has more of them than lines (a line may hold cells)."""
    if boxes:
        pieces, origin = split_lines(lines, boxes, text_in)
    else:
        pieces, origin = list(lines), list(range(len(lines)))
    made: dict[int, list[PdfLine]] = {}  # the first line of a table read -> its lines
    held: set[int] = set()
    for table in find_tables(pieces):
        edges = [*table.columns, width + 1.0]
        bounds = [*table.rows, table.bottom]
        rows = [
            [
                cell_text(
                    text_in(
                        edges[c] - SAME_COLUMN,
                        bounds[r] - 2.0,
                        edges[c + 1] - SAME_COLUMN,
                        bounds[r + 1] - 2.0,
                    )
                )
                for c in range(len(table.columns))
            ]
            for r in range(len(table.rows))
        ]
        read = headed_lines(rows)
        if read is None:
            read = row_lines(rows)
        size = median(pieces[k].size for k in table.lines)
        head = pieces[table.lines[0]]
        made[origin[table.lines[0]]] = [
            replace(
                head,
                text=text,
                size=size,
                top=table.rows[r],
                bold=False,
                starts_block=True,
                left=table.columns[0],
            )
            for r, text in read
        ]
        held.update(origin[k] for k in table.lines)
    if not made:
        return lines
    out: list[PdfLine] = []
    for k, line in enumerate(lines):
        out.extend(made.get(k, ()))
        if k not in held:
            out.append(line)
    return tuple(out)
