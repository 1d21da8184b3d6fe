"""Extract saved web pages: main content through trafilatura (navigation, logos, cookie
text and contact footers dropped), headings h1-h4 kept as headings, paragraphs set in bold
throughout marked bold (headings made by hand), tables read as every format's tables are
(:mod:`.tables`)."""

from __future__ import annotations

import re
from html import unescape

from lxml import etree

from ..records import Extracted, Line
from .errors import ExtractError
from .mime import is_mime, message, web_archive_page
from .tables import table_lines
from .text import decode_text


def extract_html(data: bytes) -> Extracted:
    # a page a browser saved as one file (MHTML) holds the page among its images
    if is_mime(data[:8192].decode("latin-1")):
        data = web_archive_page(message(data)) or b""
    html = decode_text(data)
    if html is None:
        raise ExtractError("unreadable HTML: unknown text encoding")
    root = _main_content(_prepared(html))
    lines: list[Line] = []
    title = None
    if root is not None:
        title = root.get("title")
        block = 0
        if title:
            lines.append(Line(title.strip(), heading=1, block=block))
        for el in root.iter("head", "p", "item", "table"):
            if next(el.iterancestors("table"), None) is not None:
                continue  # a cell's paragraphs and items are read with its table
            if el.tag == "table":
                rows = [
                    [" ".join(_cell_text(cell).split()) for cell in row.findall("cell")]
                    for row in el.findall("row")
                ]
                read = table_lines([row for row in rows if any(row)])
                if read:
                    block += 1  # a table reads as every format's tables do ('Tiltak:', '• ... – Ferdig')
                    lines.extend(Line(text, block=block) for _, text in read)
                continue
            # a line break (<br>) ends a line of a paragraph: the parts are lines of one block
            parts = [" ".join(part.split()) for part in _own_text(el).split("\n")]
            parts = [part for part in parts if part]
            text = " ".join(parts)
            if not text or (title and text == title.strip()):
                continue
            block += 1
            if el.tag == "head":
                rend = el.get("rend", "h2")
                level = int(rend[1]) if rend[:1] == "h" and rend[1:].isdigit() else 2
                lines.append(Line(text, heading=min(level, 4), block=block))
            elif el.tag == "item":
                # one item is one entry: a break in it wraps its text ('Etablere eit
                # næringsfond<br>for heile regionen'), as a wrapped item in a PDF is joined
                lines.append(
                    Line(_item_marker(el) + text if not text.startswith(("•", "-")) else text, block=block)
                )
            else:
                bold = el.tag == "p" and _all_bold(el)
                lines.extend(Line(part, block=block, bold=bold) for part in parts)
    if all(ln.heading and ln.text == (title or "").strip() for ln in lines):
        # nothing but the title the page's metadata gives, or not even that: a page the
        # parsers give up on (nested 50,000 deep, say), read as its body's text stands
        lines = _plain_lines(_body(html))
    if not lines:
        raise ExtractError(f"no main text found in the web page{_why_empty(html)}")
    return Extracted(lines=tuple(lines), paragraphs=True, web_page=True)


def _parsed(xml: str | None):
    if not xml:
        return None
    return etree.fromstring(
        xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True)
    )


def _main_content(html: str):
    """The page's main content as trafilatura's XML tree, None where it finds none. Read for
    precision (navigation, cookie notices and link lists left out); on a page that does not
    mark its article (no <main>, <article> or a 'content' block: an older or smaller site's
    page of plain <div>s), that reading can drop the article's headings and lists (a goal
    list), so the reading for recall is taken instead where it keeps every paragraph the
    first kept and adds headings or list items to them."""
    import trafilatura

    def read(**mode):
        return _parsed(
            trafilatura.extract(
                html,
                output_format="xml",
                include_tables=True,
                include_comments=False,
                include_formatting=True,  # bold text, so that a paragraph set in bold throughout is told
                with_metadata=True,
                **mode,
            )
        )

    precise = read(favor_precision=True)
    if precise is None or _MARKED.search(html):
        return precise  # a page that marks its article is read for precision alone
    recall = read(favor_recall=True)
    if recall is None or _structure(recall) <= _structure(precise):
        return precise
    kept = {_words(p) for p in recall.iter("p")}
    return recall if all(_words(p) in kept for p in precise.iter("p")) else precise


# an article marked as such: the precise reading finds it
_MARKED = re.compile(r"<(?:main|article)\b", re.IGNORECASE)


def _structure(root) -> int:
    """How many headings and list items a content tree holds."""
    return sum(1 for _ in root.iter("head", "item"))


def _words(el) -> str:
    """An element's text with its whitespace made single spaces."""
    return " ".join("".join(el.itertext()).split())


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


# what a browser does not show as the page's text, or shows struck through as withdrawn
_UNSEEN_TAGS = ("del", "s", "strike", "template")
_UNSEEN = re.compile(rf"<(?:{'|'.join(_UNSEEN_TAGS)})\b|\shidden(?=[\s=>/])", re.IGNORECASE)


def _prepared(html: str) -> str:
    """The page as the parser is to read it, parsed and written again only where it needs
    either change: without what a browser hides or strikes through (see
    :func:`_without_unseen`), and with the tables that lay it out turned into plain blocks
    (see :func:`_without_layout_tables`)."""
    unseen = _UNSEEN.search(html) is not None
    tables = "<table" in html.lower()
    if not unseen and not tables:
        return html
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    changed = (unseen and _without_unseen(tree)) | (tables and _without_layout_tables(tree))
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>") if changed else html


def _without_unseen(tree) -> bool:
    """Take out what a browser hides (an element with the ``hidden`` attribute, a template)
    or strikes through as withdrawn (``<del>``, ``<s>``, ``<strike>``: a measure crossed out
    of a list); the text after such an element stays. The parser already leaves out what a
    style hides (display: none). Whether anything was taken out."""
    unseen = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str) and (el.tag in _UNSEEN_TAGS or el.get("hidden") is not None)
    ]
    for el in unseen:
        if el.getparent() is not None:
            el.drop_tree()  # its tail (the text after it) stays
    return bool(unseen)


def _without_layout_tables(tree) -> bool:
    """Turn the tables that lay the page out (a cell holding a heading: an older site's menu
    in one cell, the article with its headings and lists in the next) into plain blocks, so
    that the article is read as one; the parser reads a table's cells as values and drops
    the lists inside them. Tables of values stay tables. Whether any table was turned."""

    def own(table, tags):  # the elements of ``table``, not of a table inside it
        return [el for el in table.iter(*tags) if next(el.iterancestors("table"), None) is table]

    layout = [table for table in tree.iter("table") if own(table, _HEADINGS)]
    grid = [
        el for table in layout for el in [table, *own(table, ("thead", "tbody", "tfoot", "tr", "td", "th"))]
    ]
    for el in grid:
        el.tag = "div"
    return bool(layout)


def _own_text(el) -> str:
    """An element's text without that of the lists inside it (a list item's sub-items are
    lines of their own, read after it), a line break (<br>) as a newline."""
    parts = [el.text or ""]
    for child in el:
        # a sub-list stands for a break between the words before and after it
        if child.tag == "list":
            parts.append(" ")
        elif child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_own_text(child))  # inline markup (bold, a link), its breaks kept
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_text(el) -> str:
    """A table cell's text, a line break (<br>) or a paragraph in it a space between the
    words around it (the parser turns the text after a break into a paragraph of its own)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append(" ")
        elif child.tag in ("p", "list", "item", "head"):
            parts.append(f" {_cell_text(child)} ")
        else:
            parts.append(_cell_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _all_bold(el) -> bool:
    """A paragraph set in bold throughout (a heading made by hand in the page's editor):
    all its text inside bold markup."""
    if (el.text or "").strip() or not len(el):
        return False
    return all(
        child.tag == "hi" and "#b" in child.get("rend", "") and not (child.tail or "").strip() for child in el
    )


def _item_marker(item) -> str:
    """What a browser prints before a list item: its number in a numbered list ('2. '), a
    bullet in a list of bullets, a hollow one ('◦', as Word's second level) in a list inside
    an item."""
    parent = item.getparent()
    if item.get("rend", "")[:3] in ("dt-", "dd-"):
        return ""  # a description list's term and description: lines without a bullet
    if parent is not None and parent.get("rend") == "ol":
        return f"{sum(1 for _ in item.itersiblings('item', preceding=True)) + 1}. "
    return "◦ " if next(item.iterancestors("item"), None) is not None else "• "


_BODY = re.compile(r"<body\b", re.I)
_REFRESH = re.compile(
    r"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*content\s*=\s*[\"']?\s*\d*\s*;?\s*url\s*=\s*([^\"'>\s]+)",
    re.I,
)
_SCRIPT = re.compile(r"<script\b", re.I)


def _body(html: str) -> str:
    """The page from its body on (the head's title and metadata are no text of the page)."""
    m = _BODY.search(html)
    return html[m.start() :] if m else html


def _why_empty(html: str) -> str:
    """What an empty page most likely is, and what to do, for the error."""
    if m := _REFRESH.search(html):
        return f": it sends the browser on to {m.group(1)[:200]}; save that page instead"
    if _SCRIPT.search(html):
        return ": its text is filled in by a script in the browser; save the page as the browser shows it"
    return ""


_DROP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_BREAK = re.compile(
    r"<br\s*/?>|</?(?:p|div|li|h[1-6]|tr|section|article|header|footer|ul|ol|table)\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>]*>")


def _plain_lines(html: str) -> list[Line]:
    """The page's text without parsing it: scripts and styles dropped, block tags as line
    breaks, other tags removed. Navigation is kept (it cannot be told apart here)."""
    text = _TAG.sub(" ", _BREAK.sub("\n", _DROP.sub(" ", html)))
    out = []
    for block, raw in enumerate(text.split("\n")):
        line = " ".join(unescape(raw).split())
        if line:
            out.append(Line(line, block=block))
    return out
