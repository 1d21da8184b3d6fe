"""Repair: mend the text that extraction hands over.

Each function is pure and small; :func:`repair` applies them in order to a document's
lines. What they mend, all seen in real report exports:

- Unicode: NFC, soft hyphens, zero-width characters and PDFium's hyphen marks dropped,
  typographic quotes kept;
- words separated by TABs, runs of spaces, stray HTML tags from web-to-text conversion,
  bullets glued into one line ("Regionråd • Politisk ... • Delta ...");
- runs of text doubled by slide graphics ("Strategiar vedtekeStrategiar vedteke");
- broken ligature glyphs ("Dltak" -> "tiltak", "vedtaM" -> "vedtatt"), repaired only where
  the repaired word is a real word and the broken one is not;
- running headers, footers and page numbers repeated across pages;
- line-end hyphenation ("utvik-" + "ling" -> "utvikling") while real hyphens stay
  ("helse- og omsorg", "IKT-strategi", "Vest-Norges").
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Sequence
from dataclasses import replace

from .extract.tables import header_of, is_item_number, table_lines
from .extract.text import LIST_BULLETS, WORD_BULLETS
from .layout import body_size, is_big
from .lexicon import CARD_LINES, ends_bound, goal_word_level, has_contact, is_furniture
from .records import Extracted, Line

WordCheck = Container[str]

# soft hyphens, zero-width characters, and U+FFFE, PDFium's mark of a hyphen it joined a
# word over, in text a PDFium-based tool extracted ('priorite', U+FFFE, 'ringer': 'prioriteringer')
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe"), None)
# Unicode's ligature letters (U+FB00-FB06, what a PDF's text layer gives for a font's 'fi'
# glyph) -> the letters, as NFKC would make them; NFKC for the whole text would change more
# (superscripts, fractions, the trade mark sign)
_LIGATURE_LETTERS = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_CLEAN = {**_INVISIBLE, **_LIGATURE_LETTERS}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,300}>")
_DOUBLED = re.compile(r"(?<![\w])([A-ZÆØÅa-zæøå][\wæøåÆØÅ ]{3,}?\w)\1+(?![a-zæøå])")
_BULLET_INLINE = re.compile(r"\s*[•▪●◦]\s*")

# broken ligature glyph -> the letters it stands for (seen in PDF exports of slide decks)
LIGATURES = {"D": "ti", "M": "tt", "K": "tti", "W": "tf", "Z": "ft"}
_WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜüÖöÄä]+")
_SUSPECT = re.compile(r"[a-zæøå][DMKWZ]|^[DMKWZ][^aeiouyæøåAEIOUYÆØÅ\W]|[DMKWZ]$")


def clean_unicode(text: str) -> str:
    """NFC, invisible characters out, ligature letters ('ﬁ') spelt out; quotes and dashes
    stay as printed."""
    return unicodedata.normalize("NFC", text).translate(_CLEAN)


def clean_whitespace(text: str) -> str:
    """TABs and odd spaces to one space; trimmed."""
    return _SPACES.sub(" ", text).strip()


def strip_tags(text: str) -> str:
    """Drop HTML tags left in text (list markup from a web-to-text conversion)."""
    if "<" not in text:
        return text
    return _TAG.sub(" ", text)


# a capital right after a lower-case letter (matched at the capital, a rare character,
# so that ``re`` skips ahead fast): where a copy was glued on, or a ligature broke a word
_GLUED = re.compile(r"[A-ZÆØÅ](?<=[a-zæøå].)")
_LIGATURE_INSIDE = re.compile(r"[DMKWZ](?<=[a-zæøå].)")
# a word that starts with a ligature glyph before a consonant ("Dltak")
_LIGATURE_START = re.compile(r"[DMKWZ](?<!\w.)[^aeiouyæøåAEIOUYÆØÅ\W]")


def undouble(text: str) -> str:
    """Collapse a run glued to a copy of itself: 'Tiltak vedtekeTiltak vedteke' -> one."""
    if not _GLUED.search(text):
        return text  # a copy glued on shows as a lower-case letter before a capital
    previous = None
    while previous != text:
        previous = text
        text = _DOUBLED.sub(r"\1", text)
    return text


def split_inline_bullets(text: str) -> list[str]:
    """'Regionråd • Politisk arbeid • Delta i ...' -> ['Regionråd', '• Politisk arbeid', ...]."""
    if "•" not in text[1:] and "▪" not in text[1:]:
        return [text]
    parts = [p.strip() for p in _BULLET_INLINE.split(text)]
    out = []
    lead = text.lstrip()[:1] in "•▪●◦"
    for i, part in enumerate(parts):
        if not part:
            continue
        out.append(part if (i == 0 and not lead) else "• " + part)
    return out or [text]


def fix_ligatures(text: str, known: WordCheck) -> str:
    """Replace broken ligature glyphs inside words, checked against a word list."""
    if not (_LIGATURE_INSIDE.search(text) or _LIGATURE_START.search(text)):
        return text
    out = []
    pos = 0
    for m in _WORD.finditer(text):
        word = m.group()
        out.append(text[pos : m.start()])
        pos = m.end()
        out.append(_fix_word(word, known, sentence_start=_at_sentence_start(text, m.start())))
    out.append(text[pos:])
    return "".join(out)


def _at_sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" «“\"'(•-–")
    return not before or before[-1] in ".!?:"


def _fix_word(word: str, known: WordCheck, sentence_start: bool) -> str:
    if len(word) < 2 or word.isupper() or not _SUSPECT.search(word):
        return word
    # a capital ligature letter before a consonant ("Dltak", "Ddsplan") is suspect even at a
    # sentence start; two-letter forms such as "Dl" (dl, desilitre) are not taken as words
    initial_suspect = word[0] in LIGATURES and (not sentence_start or len(word) <= 2 or word[1] in "lds")
    inner = any(ch in LIGATURES for ch in word[1:])
    if word in known and not inner and not initial_suspect:
        return word
    if word.lower() in known and not inner and not initial_suspect:
        return word
    slots = [i for i, ch in enumerate(word) if ch in LIGATURES and (i > 0 or not word[1:2].isupper())]
    if not slots or len(slots) > 6:
        return word
    for choice in itertools.product((True, False), repeat=len(slots)):
        if not any(choice):
            continue
        chars = list(word)
        for i, use in zip(slots, choice, strict=True):
            if use:
                chars[i] = LIGATURES[word[i]]
        candidate = "".join(chars)
        if candidate.lower() in known:
            return candidate if not candidate[:1].isupper() or word[0] not in LIGATURES else candidate.lower()
    return word


# ---------------------------------------------------------------- line-level repairs

# a page number in "Side 1 av 2" as OCR may read it: '1' as 'l', 'L', 'I', '|' or ']'
_N = r"[\dlLI|\]]{1,4}"
_PAGE_OF = re.compile(rf"^(?:side|sida|page)[\s.]*{_N}\s*(?:av|/|of)\s*{_N}$", re.IGNORECASE)
_PAGE_NO = re.compile(
    rf"^(?:(?:side|sida|page|s\.)\s*)?\d{{1,4}}(?:\s*(?:av|/|of)\s*\d{{1,4}})?$|{_PAGE_OF.pattern}",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def furniture_key(text: str) -> str:
    return _DIGITS.sub("#", text.strip().lower())


def drop_furniture(lines: Sequence[Line], n_pages: int | None) -> list[Line]:
    """Drop running headers/footers and page numbers (see :func:`furniture_at`)."""
    gone = furniture_at(lines, n_pages)
    return [line for i, line in enumerate(lines) if i not in gone]


def furniture_at(lines: Sequence[Line], n_pages: int | None) -> set[int]:
    """Where the running headers/footers and page numbers stand: lines at the top or bottom
    of a page that repeat (digits ignored) on at least half of the pages, and bare page
    numbers. "Side 2 av 3" goes wherever it stands, pages known or not (text extracted
    without page breaks); where pages are not known, such footers end them. (The lines
    resources/furniture.tsv names go in :func:`repair`.) A text with form feeds gives no
    count of pages, but its lines carry them."""
    n_pages = n_pages or max((line.page or 0 for line in lines), default=0)
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        by_page.setdefault(line.page or 0, []).append(i)
    echoes = {i for idxs in by_page.values() for i in _title_echo(lines, idxs)}
    footers = {i for i, line in enumerate(lines) if _PAGE_OF.match(line.text.strip())}
    if n_pages < 2:
        if len(footers) < 2 or n_pages:
            return echoes | footers
        # text copied from a PDF without its page breaks: each footer ends a page, and the
        # header after it (the next page's first line) repeats as a header does; a bare
        # number is no page number here ('Side 12' may be a reference)
        page, paged = 1, []
        for i, line in enumerate(lines):
            paged.append(replace(line, page=page))
            page += i in footers
        running = furniture_at(paged, page)
        return echoes | footers | {i for i in running if not _PAGE_NO.match(lines[i].text.strip())}
    edge: set[int] = set()
    for idxs in by_page.values():
        top, bottom = idxs[:2], idxs[-2:]
        # a header over the title it prints ('Lierne' / 'Lierne' in a PDF's text, which has
        # no font sizes): the outer copy is the header, the inner one the page's title
        if len(top) == 2 and furniture_key(lines[top[0]].text) == furniture_key(lines[top[1]].text):
            top = top[:1]
        if len(bottom) == 2 and furniture_key(lines[bottom[0]].text) == furniture_key(lines[bottom[1]].text):
            bottom = bottom[1:]
        edge.update(top)
        edge.update(bottom)
    # a title in a large font is no running header, though the header repeats its words
    # (a header 'Mål' on every page over the first page's title 'Mål')
    body = body_size(lines)
    edge = {i for i in edge if not is_big(lines[i], body)}
    counts = Counter(furniture_key(lines[i].text) for i in edge)
    pages_with: dict[str, set[int]] = {}
    for i in edge:
        pages_with.setdefault(furniture_key(lines[i].text), set()).add(lines[i].page or 0)
    threshold = max(2, (n_pages + 1) // 2)
    repeated = {k for k, pages in pages_with.items() if len(pages) >= threshold and counts[k]}
    return (
        echoes
        | footers
        | {
            i
            for i in edge
            if furniture_key(lines[i].text) in repeated or _PAGE_NO.match(lines[i].text.strip())
        }
    )


def _title_echo(lines: Sequence[Line], idxs: Sequence[int]) -> list[int]:
    """The first block of a page when the block right under it says the same in a larger
    font (a page printed with the document's title in its header, then as its own title,
    perhaps wrapped with words broken in a narrow column), or goes on from it in the same
    font (a header printing the first words of a document that has no title): the
    header's indices, else none."""
    head = [k for k in idxs if lines[k].block == lines[idxs[0]].block]
    rest = idxs[len(head) :]
    if not rest or any(lines[k].bold or not lines[k].size for k in head):
        return []
    size, below = lines[head[0]].size, lines[rest[0]]
    if not below.size or below.size < size or any(lines[k].size != size for k in head):
        return []
    top = "".join("".join(lines[k].text for k in head).split()).casefold()
    text = "".join("".join(lines[k].text for k in rest if lines[k].block == below.block).split()).casefold()
    if is_big(below, size):
        return head if top == text else []
    return head if len(top) >= MIN_HEADER_ECHO and text.startswith(top) and text != top else []


MIN_HEADER_ECHO = 30  # characters: a header that echoes fewer could be a heading the text repeats


_HYPHEN_END = re.compile(r"(\w+)-$")
_KEEP_AFTER_HYPHEN = {"og", "eller", "samt", "til", "enn", "som", "and", "or", "&"}


def should_join(left: str, right: str, known: WordCheck | None = None) -> bool:
    """Whether 'left-' at a line end and 'right' starting the next line are one word.

    Real hyphens stay: a suspended compound ("helse- og omsorg"), a hyphen after capitals
    or digits ("IKT-strategi", "2016-rapport"), a capital after the hyphen ("Vest-Norges").
    With a word list, a join that makes no word while the hyphenated form is a word is
    refused.
    """
    if not right or not right[0].isalpha() or not right[0].islower():
        return False
    if _suspended(right):
        return False
    stem = left.split()[-1] if left.split() else left
    stem = stem.rstrip("-")
    if not stem or not stem[-1].isalpha() or any(ch.isupper() for ch in stem[1:]) or stem.isupper():
        return False
    if any(ch.isdigit() for ch in stem):
        return False
    if known is not None:
        word_right = re.match(r"[\wæøåÆØÅ]+", right)
        tail = word_right.group() if word_right else right
        joined = (stem + tail).lower()
        hyphened = f"{stem}-{tail}".lower()
        if joined not in known and hyphened in known:
            return False
    return True


def _suspended(right: str) -> bool:
    """The hyphen before ``right`` is a suspended compound's ('helse-' / 'og omsorg')."""
    return right.split()[0].lower().strip(".,;:") in _KEEP_AFTER_HYPHEN


def join_hyphenation(lines: Sequence[Line], known: WordCheck | None = None) -> list[Line]:
    """Join words split across a line break with a hyphen."""
    out: list[Line] = []
    carry = ""
    for i, line in enumerate(lines):
        text = carry + line.text if carry else line.text
        carry = ""
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        m = _HYPHEN_END.search(text) if text.endswith("-") else None
        keep = None  # what stays between the word's halves, when they are one word
        if m and nxt is not None and nxt.block == line.block:
            if should_join(text[:-1], nxt.text, known):
                keep = ""
            elif m.group(1).isalpha() and nxt.text[:1].isupper():
                keep = "-"  # a name broken at its own hyphen ('Nord-' / 'Troms Regionråd')
            elif nxt.text[:1].islower() and not _suspended(nxt.text):
                keep = "-"  # a compound broken at its own hyphen ('IKT-' / 'strategi', 'HiST-' / 'studenter')
        if m and keep is not None:
            # move the word's first half to the next line, where the word ends
            cut = text.rfind(" ", 0, m.start(1) + 1)
            head, frag = (text[:cut], text[cut + 1 : -1]) if cut >= 0 else ("", text[:-1])
            carry = frag + keep
            if head.strip():
                out.append(replace(line, text=head.rstrip()))
            continue
        out.append(replace(line, text=text) if text != line.text else line)
    return out


# Word's list bullets in the private-use area (extract.text.WORD_BULLETS), and its round
# bullet as its web-page export and a copy of its list into plain text print it: a middle
# dot (_WORD_DOTS), then spaces or a TAB; its second-level bullet is a letter 'o' in Courier New
_WORD_DOTS = "\u00b7\u2219"
_WORD_BULLET = re.compile(rf"^\s*(?:[{WORD_BULLETS}]\s*|[{_WORD_DOTS}]\s+)")
_O_BULLET = re.compile(r"^\s*o\s+(?=[A-ZÆØÅ«\"\d])")


def bullet_glyphs(text: str) -> str:
    """A line opening with a Symbol-font bullet glyph, or the middle dot Word prints for it
    outside a PDF, opens with '•'; Word's 'o' bullet is '◦'."""
    if _WORD_BULLET.match(text):
        return "• " + _WORD_BULLET.sub("", text, count=1)
    if _O_BULLET.match(text):
        return "◦ " + _O_BULLET.sub("", text, count=1)
    return text


def repair_text(text: str, known: WordCheck) -> list[str]:
    """All in-line repairs for one line; may split it at inline bullets."""
    text = bullet_glyphs(clean_unicode(text))
    text = strip_tags(text)
    text = clean_whitespace(text)
    text = undouble(text)
    text = fix_ligatures(text, known)
    return [clean_whitespace(part) for part in split_inline_bullets(text) if part.strip()]


_BULLET_LINE = re.compile(rf"^\s*[{LIST_BULLETS}]\s")


def join_bullet_wraps(lines: Sequence[Line]) -> list[Line]:
    """A bullet item wrapped onto the next line: the line that starts in lower case goes
    back onto its bullet ("• Arbeidsgruppen i" + "hver kommune")."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and line.text[:1].islower()
            and _BULLET_LINE.match(prev.text)
            and prev.block == line.block
            and prev.page == line.page
            and not prev.text.rstrip().endswith((".", "!", "?", ":"))
        ):
            out[-1] = replace(prev, text=f"{prev.text} {line.text}")
            continue
        out.append(line)
    return out


# what may need an in-line repair (odd spaces, invisible characters, tags, inline
# bullets, glued copies, ligature glyphs); a line with none of it only needs trimming
_NEEDS_REPAIR = (
    re.compile(
        r"[\t\u00a0\u2000-\u200a\u202f\u3000\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\ufb00-\ufb06<•▪"
        + _WORD_DOTS
        + WORD_BULLETS
        + "]"
    ),
    re.compile(r"  "),
    _GLUED,
    _LIGATURE_START,
)


def lines_to_repair(texts: Sequence[str]) -> set[int] | None:
    """Indices of the lines :func:`repair_text` may change beyond trimming; None for all.

    One scan over the document instead of six per line: most lines of a clean PDF
    need nothing."""
    joined = "\n".join(texts)
    if not unicodedata.is_normalized("NFC", joined):
        return None
    starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
    return {
        bisect.bisect_right(starts, m.start()) - 1
        for pattern in _NEEDS_REPAIR
        for m in pattern.finditer(joined)
    }


def repair(
    doc: Extracted, known: WordCheck | None = None, words: Callable[[], WordCheck] | None = None
) -> Extracted:
    """Repair a document's lines; ``known`` is the word list (loaded lazily when None)."""
    if known is None:
        from .wordlist import words as load

        known = _LazyWords(words or load)
    lines: list[Line] = []
    source = read_tab_tables(_without_controls(doc.lines))
    todo = lines_to_repair([line.text for line in source])
    for i, line in enumerate(source):
        if todo is not None and i not in todo and not line.text.lstrip().startswith("o "):
            text = line.text.strip()
            if text:
                lines.append(replace(line, text=text) if text != line.text else line)
            continue
        for part in repair_text(line.text, known):
            lines.append(replace(line, text=part) if part != line.text else line)
    # lines that are no part of any text (a transcript site's 'Download "..."'), set apart
    # in the order they stand
    kept: list[Line] = []
    dropped: list[str] = []
    wrapped = 0  # lines up to this index ended furniture a PDF wrapped onto them
    for i, line in enumerate(lines):
        if i < wrapped:
            continue
        if is_furniture(line.text):
            if _TRANSCRIPT_MARK.match(line.text) and 0 < len(kept) <= MAX_SITE_TITLE_LINES:
                # what stands above a transcript site's 'Transkript' is the site's title for
                # the file (twice, and wrapped over lines in a PDF), not a heading
                dropped = [ln.text for ln in lines[:i]]
                kept = []
            dropped.append(line.text)
        elif (found := _wrapped_furniture(lines, i)) is not None:
            dropped.append(found[0])  # 'Hopp til innhold Hopp til' + 'hovedmeny' in a PDF
            wrapped = i + found[1]
        else:
            kept.append(line)
    # running headers and footers are kept aside too: the one place some reports print their
    # date or title ('NYHETSBREV des. 2021' atop every page)
    running = furniture_at(kept, doc.n_pages)
    # the pages of a text with form feeds (a PDF's text) served this alone: past repair a
    # text has no pages (the CONTRACT's NULL for text)
    lines = [
        line if doc.n_pages or line.page is None else replace(line, page=None)
        for i, line in enumerate(kept)
        if i not in running
    ]
    dropped.extend(dict.fromkeys(kept[i].text for i in sorted(running)))
    furniture = tuple(dropped)
    lines = join_hyphenation(lines, known)
    if not doc.paragraphs:
        lines = join_bullet_wraps(lines)
    if not doc.layout and not doc.paragraphs and not doc.slides:
        lines = paragraph_blocks(lines)
    notes = tuple(" ".join(repair_text(n, known)) for n in doc.notes)
    return replace(doc, lines=tuple(lines), notes=notes, furniture=doc.furniture + furniture)


def _wrapped_furniture(lines: Sequence[Line], i: int) -> tuple[str, int] | None:
    """Line ``i`` and the lines after it, when a PDF wrapped one short furniture line
    (navigation, a photo credit) onto two to four (the same block, each further line going
    on in lower case): their text and how many lines, else None."""
    joined = lines[i].text
    if len(joined) >= MAX_WRAPPED_FURNITURE_CHARS:
        return None
    for k in range(i + 1, min(i + MAX_FURNITURE_WRAPS, len(lines))):
        nxt = lines[k]
        if nxt.block != lines[i].block or nxt.page != lines[i].page or not nxt.text[:1].islower():
            return None  # most lines: no line of the block goes on after them
        joined = f"{joined} {nxt.text}"
        if len(joined) > MAX_WRAPPED_FURNITURE_CHARS:
            return None
        if is_furniture(joined):
            return joined, k - i + 1
    return None


MAX_FURNITURE_WRAPS = 4
MAX_WRAPPED_FURNITURE_CHARS = 80


_DOWNLOAD = re.compile(r'^\s*download\s+"(?P<title>[^"]+)"?\s*$', re.IGNORECASE)


def site_title(furniture: Sequence[str]) -> str | None:
    """The title a transcript site gave the file (its 'Download "..."' line, and the lines
    after it up to the closing quote where a PDF wrapped it), if any."""
    for i, line in enumerate(furniture):
        m = _DOWNLOAD.match(line)
        if m:
            parts = [m.group("title").strip()]
            if not line.rstrip().endswith('"'):
                for more in furniture[i + 1 : i + 1 + MAX_SITE_TITLE_LINES]:
                    parts.append(more.strip().rstrip('"').strip())
                    if more.rstrip().endswith('"'):
                        break
                else:
                    parts = parts[:1]  # no closing quote: the line alone
            return " ".join(parts)
    return None


_TRANSCRIPT_MARK = re.compile(r"^\s*transkript\s*$", re.IGNORECASE)
MAX_SITE_TITLE_LINES = 12


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


def _without_controls(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """NUL and other control characters (a broken export) become a space, so the text
    around them, a goal with them, is kept whole."""
    # one scan of the whole text (a line break is not among the control characters)
    if not _CONTROL.search("\n".join(line.text for line in lines)):
        return lines
    return tuple(
        replace(ln, text=_CONTROL.sub(" ", ln.text)) if _CONTROL.search(ln.text) else ln for ln in lines
    )


# a TAB table, not TAB-separated words: at least this share of its cells hold several words
TABLE_MULTIWORD_SHARE = 0.3


def _cells(text: str) -> list[str]:
    return [_SPACES.sub(" ", c).strip() for c in text.rstrip().split("\t")]


def _is_table(rows: Sequence[Sequence[str]]) -> bool:
    """Rows of cells, not words a TAB apart: cells of several words (a column of item
    numbers aside), or a header that names goal levels over them ('Strategi | Tiltak |
    Ansvar | Frist'), or a header of column names led by a goal level over rows ('Tiltak |
    Ansvar | Status' over short cells: 'Regionrådet', 'Grønn')."""
    if len(rows) < 2:
        return False
    cells = [c for row in rows for c in row if c and not is_item_number(c)]
    if sum(" " in c for c in cells) >= TABLE_MULTIWORD_SHARE * len(cells):
        return True
    header = header_of(rows)
    return header == "levels" or (header == "columns" and bool(goal_word_level(rows[0][0])))


_BULLET_TAB = re.compile(rf"^(\s*(?:[{LIST_BULLETS}{_WORD_DOTS}{WORD_BULLETS}]|o))\t")


def read_tab_tables(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A table typed with TABs, read row by row as every format's tables are
    (:func:`.extract.tables.table_lines`: 'Mål 1 | Tiltak | Status' over '| Etablere
    næringsforum | Ferdig' gives 'Mål 1', 'Tiltak:', '• Etablere næringsforum – Ferdig'),
    not as TAB-separated words (a PDF text layer's, one word a cell, whose TABs are spaces)."""
    if not any("\t" in line.text.rstrip() for line in lines):
        return lines
    # a bullet and a TAB open a list item (Word's list copied into plain text: '·<TAB>Tiltak'),
    # not a row whose first cell is a bullet
    lines = tuple(
        replace(line, text=_BULLET_TAB.sub(r"\1 ", line.text, count=1))
        if _BULLET_TAB.match(line.text)
        else line
        for line in lines
    )
    out: list[Line] = []
    # a row may open with TABs: its first cells are empty (the goal of the row above goes on)
    for tabbed, run in itertools.groupby(lines, key=lambda line: "\t" in line.text.rstrip()):
        rows = list(run)
        cells = [_cells(row.text) for row in rows]
        if not tabbed or not _is_table(cells):
            out.extend(rows)
            continue
        out.extend(replace(rows[k], text=text) for k, text in table_lines(cells))
    return tuple(out)


class _LazyWords:
    """Load the word list only when a word actually needs checking."""

    def __init__(self, loader: Callable[[], WordCheck]):
        self._loader = loader
        self._words: WordCheck | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = self._loader()
        return word in self._words


# plain text with no blank lines at all (text copied out of a PDF, or extracted by a library
# that keeps none) has its paragraphs only in its lines' shape
MIN_UNBROKEN_LINES = 12
SHORT_LINE = 0.7  # of the text's wrap width: a line this short ends its paragraph
_LIST_ITEM = re.compile(_BULLET_LINE.pattern + r"|^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[a-z][.)])\s")
_SENTENCE_END = (".", "!", "?")


def paragraph_blocks(lines: Sequence[Line]) -> list[Line]:
    """Blocks for a plain text whose lines hold no blank line (bar page breaks), as the same
    text set out with blank lines has them. A line ends its paragraph when it is short
    against the text's wrap width (a heading, a paragraph's last line) or a list item ends
    with it, when it ends in ':', or when the next line opens a list item; never when the
    next line goes on with its sentence (in lower case, or after a comma, a dash or a
    preposition, or with a number). A contact card stays one block ('Kultur' / 'Carina
    Stokke' / 'Rådgiver' / 'Tlf. 71 25 89 02'). A text with blank lines keeps its blocks;
    so does a short one (fewer than ``MIN_UNBROKEN_LINES`` lines)."""
    if len(lines) < MIN_UNBROKEN_LINES:
        return list(lines)
    # a form feed opens a new sheet and block, a blank line only a new block
    if len({line.block for line in lines}) > len({line.sheet for line in lines}):
        return list(lines)
    lengths = sorted(len(line.text) for line in lines)
    short = SHORT_LINE * lengths[int(len(lengths) * 0.9)]
    contact = [has_contact(line.text) for line in lines]
    out: list[Line] = []
    block = 0
    for i, line in enumerate(lines):
        if i and (lines[i - 1].block != line.block or _ends_paragraph(lines, contact, i - 1, short)):
            block += 1
        out.append(replace(line, block=block) if line.block != block else line)
    return out


def _ends_paragraph(lines: Sequence[Line], contact: Sequence[bool], i: int, short: float) -> bool:
    """Whether line ``i`` ends its paragraph (see :func:`paragraph_blocks`)."""
    text, nxt = lines[i].text.rstrip(), lines[i + 1].text
    item_next = _LIST_ITEM.match(nxt) is not None
    if (
        not item_next
        and (
            nxt[:1].islower()
            # 'Regional plan for' / 'Hardangervidda', 'Hovedmålet er å skape' / '130 nye arbeidsplasser'
            or text.endswith((",", "-", "–"))
            or ends_bound(text)
            or (nxt[:1].isdigit() and not text.endswith((*_SENTENCE_END, ":")))
        )
    ):
        return False
    if _LIST_ITEM.match(text) and (text.endswith(_SENTENCE_END) or len(text) < short):
        return True
    if text.endswith(":") or item_next:
        return True
    if contact[i]:
        return not contact[i + 1]  # a card ends with its phone numbers and addresses
    if len(text) >= short:
        return False
    if text.endswith(_SENTENCE_END):
        return True
    # a short line, unless a contact card's phone or address follows in the short lines after it
    for k in range(i + 1, min(i + 1 + CARD_LINES, len(lines))):
        if contact[k]:
            return False
        if len(lines[k].text) >= short:
            break
    return True
