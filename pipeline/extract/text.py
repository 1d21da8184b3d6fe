"""Extract plain text files: detect the encoding, split into lines.

Encodings seen in report batches: UTF-8 (with or without BOM), UTF-16 (Word's
"Unicode text"), and Windows-1252 / Latin-1 from older Windows exports.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections import Counter

from ..records import Extracted, Line

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes) -> str | None:
    """Name the encoding of ``data``, or None when it is not text in a known encoding."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if data and data.count(b"\x00") > len(data) // 4:
        # UTF-16 without a BOM: every other byte of Latin text is NUL
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if odd > len(data) // 4 and even < len(data) // 20:
            return "utf-16-le"
        if even > len(data) // 4 and odd < len(data) // 20:
            return "utf-16-be"
        return None
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a sample may end inside a multi-byte character
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_text(data: bytes, sample: bool = False) -> str | None:
    encoding = detect_encoding(data)
    if encoding is None:
        return None
    errors = "ignore" if sample else "strict"
    try:
        return data.decode(encoding, errors=errors)
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace")


def looks_like_text(text: str) -> bool:
    """True when at most 2% of the characters are control characters (bar whitespace),
    surrogates or unassigned. Private-use letters are text: Word's Symbol-font bullets
    (U+F0B7, U+F0A7) in text extracted from its PDFs, one to a list item; so is U+FFFE,
    PDFium's mark of a hyphen it joined a word over."""
    if not text:
        return False
    sample = text[:65536]
    bad = sum(
        1 for ch in sample if ch not in "\t\n\r\f\v\ufffe" and unicodedata.category(ch) in ("Cc", "Cs", "Cn")
    )
    return bad <= len(sample) * 0.02


def lines_from_text(text: str) -> tuple[Line, ...]:
    """Split text into lines; a blank line starts a new block.

    A form feed or a run of three or more blank lines starts a new sheet: that is how
    text extracted from PDFs and slide decks marks its page breaks. Where the text has form
    feeds (pdftotext, pdfminer), they are the PDF's page breaks: each line has its page,
    so that repair finds the running headers and footers at the pages' edges.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith(" " * LAYOUT_MARGIN) or "\n" + " " * LAYOUT_MARGIN in text:
        # some line is indented: pages laid out with spaces are read in reading order
        pages = text.split("\f")
        laid = [laid_out_page(page) for page in pages]
        if any(page is not None for page in laid):
            text = "\f".join(page if page is not None else raw for page, raw in zip(laid, pages, strict=True))
        del pages, laid
    out: list[Line] = []
    block = sheet = 0
    blank_run = 0
    page = 1 if "\f" in text else None
    for raw in text.split("\n"):
        # a form feed ends the line it stands in too ('Side 1 av 2\fNeste side ...')
        parts = raw.split("\f") if "\f" in raw else None
        for k, part in enumerate(parts or (raw,)):
            if k:
                block += 1
                sheet += 1
                if page is not None and out:  # (a form feed before any text opens no page)
                    page += 1
            stripped = part.rstrip()
            if not stripped.strip():
                if parts is None:
                    blank_run += 1
                continue
            if blank_run:
                block += 1
                sheet += blank_run >= 3
            blank_run = 0
            out.append(Line(text=stripped, page=page, block=block, sheet=sheet))
    return tuple(out)


# a page of text laid out as the PDF's page was (pdftotext -layout, pdfplumber's layout):
# every line indented by the page's margin, columns side by side, blank lines for the
# vertical gaps between lines
LAYOUT_MARGIN = 3  # spaces before every line of the page, at least
MIN_LAYOUT_LINES = 6
COLUMN_SLACK = 4  # characters a column's start wanders by from line to line
MIN_COLUMN_LINES = 0.25  # of a page's lines start the right column, alone or beside the left
# Word's list bullets drawn with the Symbol and Wingdings fonts, as a PDF's text layer gives
# them: in the private-use area (U+F0B7 the round bullet, U+F0A7 the square, U+F076 the
# diamond, U+F0D8 and U+F0FC arrows and ticks)
WORD_BULLETS = "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf06e\uf0a8"
# the marks a list item opens with in text, as a character class's body: bullets, dashes, '*'
LIST_BULLETS = "•▪●◦\\-–*"
# a gap between columns: two spaces or more, or one before a list item's bullet
_GAP = re.compile(rf" {{2,}}| (?=[{LIST_BULLETS}{WORD_BULLETS}] )")


def laid_out_page(page: str) -> str | None:
    """A page laid out with spaces, as its text in reading order: the left column's lines,
    then the right column's (what stands above the left column's first line, a title,
    comes first); the blank lines for vertical gaps go, as they mark no paragraph (repair
    reads the paragraphs from the lines' shape). None for a page that is not laid out so."""
    # most text has a line at its margin at once: no page laid out, nothing more to read
    indented = " " * LAYOUT_MARGIN
    if any(line.strip() and not line.startswith(indented) for line in io.StringIO(page)):
        return None
    lines = [line.rstrip() for line in page.split("\n") if line.strip()]
    if len(lines) < MIN_LAYOUT_LINES:
        return None
    indents = [len(line) - len(line.lstrip(" ")) for line in lines]
    margin = min(indents)
    column = _right_column(lines, indents, margin)
    if column is None:
        return "\n".join(lines)
    top: list[str] = []
    left: list[str] = []
    right: list[str] = []
    for line, indent in zip(lines, indents, strict=True):
        if indent >= column - COLUMN_SLACK:
            (right if left else top).append(line)
            continue
        cut = _column_gap(line, column)
        if cut is None:
            left.append(line)
        else:
            left.append(line[: cut.start()])
            right.append(" " * margin + line[cut.end() :])
    return "\n".join(top + left + right)


def _right_column(lines: list[str], indents: list[int], margin: int) -> int | None:
    """Where a right column starts: the position at which a quarter of the page's lines
    start it, alone or after a gap beside the left column's text; None for one column."""
    width = max(map(len, lines))
    starts: Counter[int] = Counter()
    for line, indent in zip(lines, indents, strict=True):
        if indent - margin >= width // 4:
            starts[indent] += 1
        elif indent == margin:
            for gap in _GAP.finditer(line, indent):
                if gap.end() - margin >= width // 4:
                    starts[gap.end()] += 1
                    break
    if not starts:
        return None
    # the start most lines share, within the slack
    best = max(starts, key=lambda x: sum(n for s, n in starts.items() if abs(s - x) <= COLUMN_SLACK))
    near = sum(n for s, n in starts.items() if abs(s - best) <= COLUMN_SLACK)
    return best if near >= MIN_COLUMN_LINES * len(lines) else None


def _column_gap(line: str, column: int) -> re.Match[str] | None:
    """The gap in a left column's line before the right column's text, if any."""
    for gap in _GAP.finditer(line):
        if abs(gap.end() - column) <= COLUMN_SLACK and line[gap.end() :].strip():
            return gap
    return None


def extract_text(data: bytes, path: str | None = None) -> Extracted:
    """A text file's lines; a Markdown file's (by its name, or two '#' headings) as its
    markup gives them (:mod:`.markdown`)."""
    text = decode_text(data)
    if text is None or not looks_like_text(text):
        raise ValueError("not readable as text: binary content in a text file")
    from .markdown import MAX_MARKDOWN_CHARS, extract_markdown, is_markdown

    if len(text) <= MAX_MARKDOWN_CHARS and is_markdown(path or "", text):
        return extract_markdown(text)
    lines = lines_from_text(text)
    if not lines:
        raise ValueError("no text: the file holds only blank lines and spaces")
    return Extracted(lines=lines)
