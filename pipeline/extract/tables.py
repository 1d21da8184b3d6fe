"""A table's rows as lines of text, the way the structure stage reads lists.

Every format that has tables (a DOCX or PPTX table, a web page's table, a table typed with
TABs in a text file) hands its rows here, so that one table reads the same whatever it came in:

- a header of column names over rows ('Tiltak | Status' over 'Etablere næringsforum |
  Ferdig'): the first column's name is the rows' lead-in ('Tiltak:'), and each row an item
  ('• Etablere næringsforum – Ferdig');
- a header that names a group and the columns after it ('Mål 1 | Tiltak | Status'), over
  rows that leave the group's cell empty: the group on a line of its own, the items'
  column's name their lead-in, each row an item;
- a header that names two or more goal levels, a column each ('Delmål | Tiltak | Ansvar |
  Frist', a goal matrix): each row's goals on lines of their own, each led by its
  column's name and the number its cell opens with ('Delmål 1: ...', 'Tiltak 1.1: ...'),
  the other columns' cells after the row's last goal; a cell left empty (the goal of the
  row above goes on) gives no line;
- any other row: its cells in one line, their bounds kept visible (' – ').
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicon import goal_word_level

# a column's name: a word or two, capitalised, no figure ('Tiltak', 'Status', 'Ansvarleg')
_NAME = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ/-]*(?: [\wæøåÆØÅ/-]+)?$")
_LIST_CELL = re.compile(r"^(?:<[^<>]*>\s*)*[•▪●◦\-–*]")


def join_cells(cells: Sequence[str]) -> str:
    """Cells in one line, their bounds kept visible (' – '); a cell that holds a list joins
    with a space, so that the list's items are split off as items."""
    out = ""
    for cell in cells:
        if cell:
            out = cell if not out else f"{out} {cell}" if _LIST_CELL.match(cell) else f"{out} – {cell}"
    return out


# a header cell beside columns that name goal levels: a few words, no sentence
# ('Ansvarleg eining i kommunen', 'Status per desember', 'Frist (år)')
_COLUMN_TITLE = re.compile(r"^[A-ZÆØÅ][^.!?:;]{0,60}\.?$")


def level_columns(head: Sequence[str]) -> list[int]:
    """The columns of a header row that name a goal level ('Delmål', 'Tiltak'), when two or
    more do and every other cell is a column's title of a few words; else none."""
    if not all(_is_title(c) for c in head if c):
        return []
    named = [k for k, c in enumerate(head) if c and " " not in c and goal_word_level(c)]
    return named if len(named) >= 2 else []


def header_of(rows: Sequence[Sequence[str]]) -> str | None:
    """'levels' when the first row names two or more goal levels, a column each; 'group'
    when it names a group and then, a word each, the columns of rows that leave the group's
    cell empty; 'columns' when it names the columns of the rows below it (which hold more
    than names: some cell of several words); else None."""
    if len(rows) < 2:
        return None
    head, body = rows[0], rows[1:]
    if level_columns(head):
        return "levels"
    names = [c for c in head[1:] if c]
    if (
        names
        and all(" " not in c and _NAME.match(c) for c in names)
        and any(row and not row[0] for row in body)
    ):
        return "group"
    if (
        len(head) >= 2
        and all(
            c and (_NAME.match(c) or (k and _is_title(c) and goal_word_level(head[0])))
            for k, c in enumerate(head)
        )
        and all(row and row[0] for row in body)
        and any(" " in c for row in body for c in row)
    ):
        # (after a first column that names a goal level, 'Tiltak', the other titles may be
        # a few words: 'Tiltak | Ansvarleg eining i kommunen | Status per desember')
        return "columns"
    return None


def _is_title(cell: str) -> bool:
    return bool(_COLUMN_TITLE.match(cell)) and len(cell.split()) <= 5


def table_lines(rows: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    """The lines a table's rows read as (cells stripped, '' for an empty cell), each with
    the index of the row it comes from."""
    rows = numbered(rows)
    return _lines(rows, header_of(rows))


def headed_lines(rows: Sequence[Sequence[str]]) -> list[tuple[int, str]] | None:
    """What :func:`table_lines` gives for a table under a header, else None (a format that
    reads other tables its own way). The cells are taken as a format gives them: their
    whitespace is collapsed here."""
    rows = numbered([[" ".join(cell.split()) for cell in row] for row in rows])
    header = header_of(rows)
    return _lines(rows, header) if header else None


_NUMBER_TITLE = re.compile(r"^(?:nr\.?|nummer|løpenr\.?|#)$", re.IGNORECASE)
_ITEM_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,2}\.?$")


def numbered(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The rows with a first column of item numbers ('Nr. | Tiltak | Ansvar' over '1.1 |
    Etablere ... | ...') put in front of the item they number: the row's deepest goal cell
    under a header of goal levels, else its first cell ('1.1 Etablere ...'), as a list's
    number stands; the rows as they are when the first column is titled otherwise and
    holds no item numbers in order."""
    rows = [list(row) for row in rows]
    if len(rows) < 3:
        return rows
    head, body = rows[0], rows[1:]
    # the first column, titled as numbers or holding item numbers in order (1, 1.1, 1.2, 2),
    # not a column of figures (amounts, counts)
    numbers = [row[0].rstrip(".") for row in body if row and row[0]]
    if not (head and _NUMBER_TITLE.match(head[0])) and not (
        len(numbers) >= 2 and all(map(_ITEM_NUMBER.match, numbers)) and _in_order(numbers)
    ):
        return rows
    rest = [row[1:] for row in rows]
    levels = level_columns(rest[0])
    for row, cells in zip(rows[1:], rest[1:], strict=True):
        number = row[0].rstrip(".") if row else ""
        if not number:
            continue
        goals = [c for c in levels if c < len(cells) and cells[c]] or [
            next((c for c, cell in enumerate(cells) if cell), -1)
        ]
        target = goals[-1]
        if target >= 0 and not _OPENING_NUMBER.match(cells[target]):
            cells[target] = f"{number}{'' if '.' in number else '.'} {cells[target]}"
    return rest


def _in_order(numbers: Sequence[str]) -> bool:
    keys = [tuple(int(part) for part in n.split(".")) for n in numbers]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


def is_item_number(cell: str) -> bool:
    """Whether a cell holds an item's number alone ('1', '1.2', '3.')."""
    return bool(_ITEM_NUMBER.match(cell))


_OPENING_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})[.)]?\s+(?=\S)")


def _goal_lines(rows: Sequence[Sequence[str]]) -> list[tuple[int, str]]:
    head = rows[0]
    levels = level_columns(head)
    out: list[tuple[int, str]] = []
    for k, row in enumerate(rows):
        if not k or not any(row):
            continue
        goals = [c for c in levels if c < len(row) and row[c]]
        rest = [cell for c, cell in enumerate(row) if c not in levels and cell]
        for n, c in enumerate(goals):
            cell = row[c]
            m = _OPENING_NUMBER.match(cell)
            label = f"{head[c]} {m.group('num')}" if m else head[c]
            text = f"{label}: {cell[m.end() :] if m else cell}"
            if n == len(goals) - 1 and rest:
                text = join_cells([text, *rest])
            out.append((k, text))
        if not goals and rest:
            out.append((k, join_cells(rest)))
    return out


def _lines(rows: Sequence[Sequence[str]], header: str | None) -> list[tuple[int, str]]:
    if header == "levels":
        return _goal_lines(rows)
    if header == "columns":
        # an item opens with its bullet, or with its number where the table gave one
        return [(0, rows[0][0] + ":")] + [
            (k, ("" if _OPENING_NUMBER.match(row[0]) else "• ") + join_cells(row))
            for k, row in enumerate(rows)
            if k and any(row)
        ]
    names = tuple(c for c in rows[0][1:] if c) if header == "group" else None
    out: list[tuple[int, str]] = []
    for k, row in enumerate(rows):
        if not any(row):
            continue
        if not row[0]:
            out.append((k, "• " + join_cells(row)))
        elif names and tuple(c for c in row[1:] if c) == names:
            out.extend([(k, row[0]), (k, names[0] + ":")])
        else:
            out.append((k, join_cells(row)))
    return out
