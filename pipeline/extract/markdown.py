"""Extract Markdown files: the text a wiki, a notes app or a converter (pandoc) exports.

A Markdown file is a text file (its format stays ``txt``), but its markup says what a plain
text's shape can only suggest: ``#`` marks a heading and its level, ``-`` / ``1.`` a list
item, ``**`` bold. markdown-it-py (MIT) parses it as CommonMark, with tables; each block
becomes one line, as a Word file's or a web page's paragraph does: a heading with its
level, a list item with the marker a browser prints ('• ', '◦ ' inside an item, '2. '), a
paragraph set in bold throughout as bold, a table row by row as every format's tables
read. Inline markup goes, its words stay; raw HTML is read as text, never run.
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

from ..records import Extracted, Line
from .errors import ExtractError
from .tables import table_lines

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# a text with two ATX headings ('# Mål', '## Tiltak 2022') is Markdown, whatever its name
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
MIN_HEADINGS = 2
# a longer Markdown text is read as plain text (the parser holds many times its size; the
# structure stage's limit on a file's text, --max-text-mb, is 8 MB by default)
MAX_MARKDOWN_CHARS = 16_000_000


def is_markdown(path: str | Path, text: str) -> bool:
    """A file named as Markdown, or a text with at least two Markdown headings."""
    if Path(path).suffix.lower() in MARKDOWN_SUFFIXES:
        return True
    return len(list(islice(_ATX_HEADING.finditer(text), MIN_HEADINGS))) >= MIN_HEADINGS


def extract_markdown(text: str) -> Extracted:
    """The blocks of a Markdown text as lines (see the module docstring)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    lines: list[Line] = []
    block = 0
    lists: list[list[int]] = []  # per open list: [next number] for an ordered list, [] for bullets
    item_start = False  # the next paragraph opens a list item
    heading = 0
    rows: list[list[str]] = []
    row: list[str] | None = None
    for tok in tokens:
        kind = tok.type
        if kind == "bullet_list_open":
            lists.append([])
        elif kind == "ordered_list_open":
            lists.append([int(tok.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_start = True
        elif kind == "heading_open":
            heading = min(int(tok.tag[1:]), 4)
        elif kind == "table_open":
            rows = []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif kind == "table_close":
            read = table_lines([r for r in rows if any(r)])
            if read:
                block += 1
                lines.extend(Line(t, block=block) for _, t in read)
        elif kind == "inline" and row is not None:
            row.append(_plain(tok))
        elif kind == "inline":
            content = _plain(tok)
            if not content:
                continue
            block += 1
            if heading:
                lines.append(Line(content, heading=heading, block=block))
                heading = 0
                continue
            if item_start and lists:
                content = _marker(lists) + content
                item_start = False
            bold = _all_bold(tok) and not content.startswith(("•", "◦"))
            lines.extend(Line(part, block=block, bold=bold) for part in content.split("\n") if part.strip())
        elif kind in ("fence", "code_block"):
            block += 1
            lines.extend(Line(part, block=block) for part in tok.content.splitlines() if part.strip())
    if not lines:
        raise ExtractError("no text: the Markdown file holds only markup and blank lines")
    return Extracted(lines=tuple(lines), paragraphs=True)


def _marker(lists: list[list[int]]) -> str:
    """What a browser prints before the item: its number, a bullet, a hollow one inside an item."""
    current = lists[-1]
    if current:
        number = current[0]
        current[0] += 1
        return f"{number}. "
    return "◦ " if len(lists) > 1 else "• "


def _plain(tok) -> str:
    """An inline token's words without their markup; a hard line break ends a line."""
    out: list[str] = []
    for child in tok.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)  # its alternative text
    return "\n".join(" ".join(part.split()) for part in "".join(out).split("\n")).strip()


def _all_bold(tok) -> bool:
    """A paragraph whose words are all inside ``**`` (a heading made by hand)."""
    depth = 0
    seen = False
    for child in tok.children or ():
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
        elif child.type in ("text", "code_inline") and child.content.strip():
            if depth == 0:
                return False
            seen = True
    return seen
