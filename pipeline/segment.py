"""Segment: lines -> top-level sections in reading order, each with a kind.

One rule per concept:

- a *heading candidate* is a line that looks like a heading: by layout where the format
  has layout (font size above the body size, a heading style, a slide title), otherwise by
  text cues (a short line without a final full stop, not a bullet, not a "Label: value"
  line, not a goal label such as "Delmål 1:");
- a candidate's *kind* comes from the heading lexicon (``resources/headings.tsv``, Bokmål
  and Nynorsk), matched with rapidfuzz so inflections, typos and broken glyphs still match;
- a *section* is the span from one section-starting heading up to the next. Text before
  the first heading is a section of its own with heading None.

Which candidates start a section depends on the document's shape. In a report, a
candidate starts a section when its size puts it above the body text, or when the lexicon
gives it a kind other than the current section's (a sub-heading such as "Aktiviteter
knyttet til hver av delmålene:" stays inside "Beskrivelse av aktivitetene"). In a slide
deck, each slide's title starts a section and the first slide is the title slide.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import islice, takewhile

from rapidfuzz import fuzz

from .layout import body_size, is_big
from .lexicon import (
    CARD_LINES,
    binding_words,
    ends_bound,
    furniture_kind,
    gives_contact,
    goal_levels_in,
    has_contact,
    heading_phrases,
    is_contents_heading,
    opens_with_goal_label,
)
from .records import Extracted, Line, Section, SectionKind
from .repair import site_title

MAX_HEADING_CHARS = 100
MAX_HEADING_WORDS = 14
# the words of running text under a label that make it a chapter's heading, not a value
PARAGRAPH_WORDS = 12

_BULLET = re.compile(r"^\s*(?:[•▪●◦\-–—*>]|\d+[.)]\s|[a-zA-Z][.)]\s)")
_LABEL_VALUE = re.compile(r"^[^:]{1,60}:\s+\S")
_SECTION_NO = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+(?=\D)")
_END_PUNCT = (".", ",", ";")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    kind: SectionKind
    phrase: str
    anchored: bool


@cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The heading phrases of resources/headings.tsv (loaded and validated by pipeline.lexicon)."""
    out = []
    for kind, phrase in heading_phrases():
        phrase = phrase.strip().lower()
        out.append(LexiconEntry(kind, phrase.lstrip("^"), phrase.startswith("^")))
    return tuple(out)


def _norm(text: str) -> str:
    text = _SECTION_NO.sub("", text)
    return re.sub(r"[^\wæøå?]+", " ", text.lower()).strip()


@lru_cache(maxsize=65536)
def heading_kind(text: str, threshold: float = 88.0) -> tuple[SectionKind, float]:
    """The kind the lexicon gives a heading, with the score; ('other', 0) when none."""
    norm = _norm(text)
    if not norm:
        return "other", 0.0
    best: tuple[float, int, SectionKind] = (0.0, 0, "other")
    for entry in lexicon():
        phrase = entry.phrase
        short = len(phrase) < 7
        if entry.anchored:
            head = norm[: len(phrase) + 2]
            score = (
                fuzz.ratio(head[: len(phrase)], phrase)
                if not short
                else (100.0 if _word_at(norm, 0, phrase) else 0.0)
            )
            if score >= threshold and not _word_continues(norm, len(phrase), phrase):
                cand = (score, len(phrase), entry.kind)
                best = max(best, cand)
            continue
        if short:
            idx = _find_word(norm, phrase)
            score = 100.0 if idx >= 0 else 0.0
        elif len(norm) < len(phrase):
            score = fuzz.ratio(norm, phrase)
        else:
            al = fuzz.partial_ratio_alignment(phrase, norm, score_cutoff=threshold)
            if al is None:
                continue
            start = al.dest_start
            # the match must begin at a word start (tolerate one glyph off)
            if start > 0 and norm[start - 1] != " " and not (start > 1 and norm[start - 2] == " "):
                continue
            score = al.score
        if score >= threshold:
            best = max(best, (score, len(phrase), entry.kind))
    return best[2], best[0]


def _word_at(text: str, idx: int, word: str) -> bool:
    return text.startswith(word, idx) and (
        idx + len(word) == len(text) or not text[idx + len(word)].isalnum()
    )


def _word_continues(text: str, end: int, phrase: str) -> bool:
    """For anchored phrases, whose last word must end where the phrase does: 'mål' must not
    match 'målgrupper' (but may match 'målet'), nor 'arbeidet i' match 'arbeidet følger'."""
    if end >= len(text) or not text[end].isalnum():
        return False
    rest = re.match(r"\w*", text[end:]).group()  # type: ignore[union-attr]
    return rest not in {"et", "ene", "a", "ane", "en", "er", "ar", "ing", "inga", "ingen", "a?"}


def _find_word(text: str, word: str) -> int:
    m = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    return m.start() if m else -1


def is_text_heading(line: Line, allow_colon: bool = False, allow_numbered: bool = True) -> bool:
    """Text cues alone: short, no final full stop, not a bullet, label or value line."""
    text = line.text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if _SECTION_NO.match(text) and not allow_numbered:
        return False
    first = _SECTION_NO.sub("", text)[:1]
    if not first or not first.isupper():
        return False
    if text.endswith(_END_PUNCT) and not text.endswith(("..", "...")):
        return False
    if text.endswith(":") and not allow_colon:
        return False
    if _BULLET.match(text) and not _SECTION_NO.match(text):
        return False
    if opens_with_goal_label(text) or _LABEL_VALUE.match(text):
        return False
    if sum(ch.isalpha() for ch in text) < 3:
        return False
    return True


def _ends_bound(text: str) -> bool:
    """A line whose last word binds it to what follows is a lead-in, not a heading ('Dette
    har bidratt til' over its bullets, 'Verdiskaping i:')."""
    return ends_bound(text.rstrip(" :"))


def set_off(lines: Sequence[Line], i: int, wrap: int) -> bool:
    """A text heading stands apart: it starts a block or follows a finished sentence,
    is not a wrapped line of running text, and the next line does not continue it."""
    line = lines[i]
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if (
        prev is not None
        and prev.block == line.block
        and not prev.text.rstrip().endswith((".", ":", "!", "?"))
    ):
        return False
    if nxt is not None and nxt.block == line.block:
        if nxt.text[:1].islower():
            return False
        if len(line.text) >= 0.8 * wrap:
            return False
    return True


def wrap_width(lines: Sequence[Line]) -> int:
    lengths = sorted(len(line.text) for line in lines)
    return max(lengths[int(len(lengths) * 0.9)], 70) if lengths else 80


def looks_like_slides(doc: Extracted) -> bool:
    """Slide decks: declared by the extractor, or many short sheets of short lines."""
    if doc.slides:
        return True
    if doc.layout or not doc.lines:
        return False
    if any(furniture_kind(text) == "navigation" for text in doc.furniture):
        return False  # a web page's navigation: a page, however short its lines
    sheets = Counter(line.sheet for line in doc.lines)
    mean_len = sum(len(line.text) for line in doc.lines) / len(doc.lines)
    return len(sheets) >= 4 and len(doc.lines) / len(sheets) <= 16 and mean_len < 70


FLAT_LINE = 300  # a plain-text line this long is a flattened page, not a paragraph
# inside a flattened page: a numbered heading ('1.2 Prosjektmål', '1. INTRODUKSJON') before the
# capitalised first word of its body, or a run of capitals ('MÅL OG RAMMER', 'INNHALD')
_INLINE_HEADING = re.compile(
    r"(?:(?<=\s)|(?<=^))(?P<head>"
    r"(?!\d{1,2}\.\d{1,2}\.\d{2}\b)\d{1,2}(?:\.\d{1,2}){1,2}\.?\s+[A-ZÆØÅ][\wæøåÆØÅ\-]+(?:\s+[a-zæøå][\wæøå\-]*){0,3}"
    r"(?=\s+[A-ZÆØÅ][a-zæøå])"
    r"|\d{1,2}\.\s+[A-ZÆØÅ]{2}[\wæøåÆØÅ\-]+(?:\s+[a-zæøåA-ZÆØÅ][\wæøåÆØÅ\-]*){0,3}?"
    r"(?=\s+[A-ZÆØÅ][a-zæøå])"
    # a numbered question of a form ('2. Hvem er juridisk eier av prosjektet?')
    r"|\d{1,2}\.\s+[A-ZÆØÅ][^?.!:;]{5,100}\?"
    # a numbered title-case heading ('1. Bakgrunn', '2. Strategier og målsetninger') before a
    # sentence's first words ('I desember ...', 'Visjonen for ...')
    r"|(?P<titled>\d{1,2}\.\s+[A-ZÆØÅ][a-zæøå\-]{2,}(?:\s+[a-zæøå][\wæøå\-]*){0,3}?)"
    r"(?=\s+(?:I\s+[A-ZÆØÅa-zæøå]|[A-ZÆØÅ][a-zæøå]+\s+[a-zæøå]))"
    r"|[A-ZÆØÅ]{2,}(?:[ \-]+(?:[A-ZÆØÅ]{2,}|OG|I|FOR|AV|TIL|PÅ|Å)){1,7}(?=\s+[A-ZÆØÅ]?[a-zæøå\d])"
    # a word in capitals alone ('INNHALD'), not a town in an address ('Postboks LEVANGER')
    r"|(?<!Postboks )(?<!\d\d\d\d )[A-ZÆØÅ]{6,}(?=\s+\d?\.?\s*[A-ZÆØÅ]?[a-zæøå])"
    r")"
)


# what may stand before the title on a transcript's first page: its number and a date
_COVER_START = re.compile(r"1(?:\s+\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4})?")

# the first words of a transcript page after its number ('2 INNHALD 1. MÅLOPPNÅING ...')
_PAGE_HEAD = re.compile(r"^\s*(?P<page>\d{1,3})?\s*(?P<head>[^\W\d_]+:?)(?=\s)")


def _paragraphs(lines: Sequence[Line]) -> list[Line]:
    """A transcript printed to PDF, as the plain-text transcript has it: each of its pages
    one line. Body lines of one size are joined, across blocks too (a column break cuts a
    page's text in two), until the next transcript page ('2 Disse innsatsområdene ...')."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.size == line.size
            and not line.heading
            and (prev.block == line.block or not _PAGE_START.match(line.text))
        ):
            out[-1] = replace(prev, text=f"{prev.text.rstrip()} {line.text.strip()}")
        else:
            out.append(line)
    return out


WRAPPED_MAX = 120  # plain text whose lines are at most about this long is hard-wrapped


def _blocks_joined(lines: Sequence[Line]) -> list[Line]:
    """Each block (lines between blank lines) as one line: in text a blank line is a page's
    or paragraph's end for certain, where :func:`_paragraphs` joins a PDF's blocks across
    column breaks."""
    out: list[Line] = []
    for line in lines:
        if out and out[-1].block == line.block:
            out[-1] = replace(out[-1], text=f"{out[-1].text.rstrip()} {line.text.strip()}")
        else:
            out.append(line)
    return out


def unflatten(lines: Sequence[Line]) -> tuple[Line, ...]:
    """A flattened page of a PDF transcript holds its headings inline: give each inline
    heading a new block, marked as a heading, its body after it in the same block. A page
    that is a table of contents keeps its chapter titles in its body; a page that opens
    with a label the contents list ('3 Målsetting: ...') opens with that heading. Other
    lines are kept as they are (blocks renumbered in order)."""
    if not any(len(ln.text) > FLAT_LINE for ln in lines):
        return tuple(lines)
    out: list[Line] = []
    block = 0
    last_block: int | None = None
    contents = ""  # the text of the table of contents, once read
    for ln in lines:
        if ln.block != last_block:
            block += 1
            last_block = ln.block
        if len(ln.text) <= FLAT_LINE:
            out.append(replace(ln, block=block))
            continue
        first = _PAGE_HEAD.match(ln.text)
        toc = first is not None and is_contents_heading(first.group("head"))
        listed = (
            first is not None
            and first.group("head").endswith(":")
            and _in_contents(first.group("head"), contents)
        )
        if first is not None and (toc or listed):
            if first.group("page"):
                out.append(replace(ln, text=first.group("page"), block=block))
            block += 1
            out.append(replace(ln, text=first.group("head"), block=block, heading=2))
            rest = ln.text[first.end() :].strip()
            if toc:
                contents = rest.casefold()
                out.append(replace(ln, text=rest, block=block))
                continue
            ln = replace(ln, text=rest)
        else:
            titled = _page_title(ln.text)
            if titled is not None:
                # a flattened slide or page that opens with its title ('2 Kampanje for mer
                # hjernekraft Vi skal hevde oss ...')
                page, head, rest = titled
                out.append(replace(ln, text=page, block=block))
                block += 1
                out.append(replace(ln, text=head, block=block, heading=2))
                ln = replace(ln, text=rest)
        pos = 0
        for start, end, head in _inline_headings(ln.text):
            before = ln.text[pos:start].strip()
            if pos == 0 and _COVER_START.fullmatch(before) and head.isupper():
                continue  # the cover's title, below its date at most ('1 23. juni 2014 BÆREKRAFTIG ...')
            if before:
                out.append(replace(ln, text=before, block=block))
            block += 1
            # the heading is marked as one, and its body goes on in its block: a short body
            # ('Omdømmebygging i Nord-Troms' after a form's question) is no heading of its own
            out.append(replace(ln, text=head.strip(), block=block, heading=2))
            pos = end
        rest = ln.text[pos:].strip()
        if rest:
            out.append(replace(ln, text=rest, block=block))
    return tuple(out)


def _inline_headings(text: str) -> list[tuple[int, int, str]]:
    """(start, end, heading) of the headings inside a flattened page, in order: numbered,
    in capitals, or a title in sentence case between two sentences."""
    found = []
    for m in _INLINE_HEADING.finditer(text):
        head = m.group("head")
        if sum(ch.isalpha() for ch in head) < 5:
            continue
        if m.group("titled") and _ends_bound(head):
            continue  # an item going on ('1. Regionrådet for Hallingdal rår til ...')
        found.append((m.start(), m.end(), head))
    titles = list(_SENTENCE_TITLE.finditer(text))
    # a subtitle right after a heading in capitals ('... I HORDALAND Usikker utvikling for
    # næringslivet Næringslivet i Hordaland har ...')
    titles += [
        m for _, end, head in found if head.isupper() for m in [_SUBTITLE.match(text, end)] if m is not None
    ]
    for m in titles:
        if any(a < m.end("head") and m.start("head") < b for a, b, _ in found):
            continue
        if _sentence_title(m.group("head")):
            found.append((m.start("head"), m.end("head"), m.group("head")))
    return sorted(found)


# a title in sentence case, three words or more, after a finished sentence (not a list's
# letter: 'd. Turguiding for barn'), before the next sentence's first word
# ('... tider. Felles satsing mot konsekvensane av finanskrise og nedgongstider Regionalt
# Utviklingsprogram 2009 gjev retning ...')
_TITLE_WORDS = r"(?P<head>[A-ZÆØÅ][a-zæøå\-]+(?: [a-zæøå][a-zæøå\-/]*){2,8})(?= [A-ZÆØÅ][a-zæøåA-ZÆØÅ])"
_SENTENCE_TITLE = re.compile(r"(?<=[a-zæøå]{2}[.!?] )" + _TITLE_WORDS)
# the same words right after a heading in capitals: its subtitle
_SUBTITLE = re.compile(r"\s+" + _TITLE_WORDS)
# words that make a run of words a clause, not a title
_CLAUSE_WORDS = frozenset(
    "som at det dette den de vi eg me ein en ikke ikkje også seg sin sitt sine oss kva hva når".split()
)


def _sentence_title(head: str) -> bool:
    """No clause: no pronoun, subjunction or finite verb, and no last word that binds. The
    second word is where a Norwegian main clause puts its verb: one ending as a verb in the
    present or past does ('Prosjektet styrker samarbeidet mellom kommunene')."""
    words = head.lower().split()
    return not (
        _ends_bound(head)
        or re.search(r"(?:er|ar|te|de|et)$", words[1])
        or _CLAUSE_WORDS.intersection(words)
        or _CLAUSE_VERB.search(head)
        or _MODAL.search(head)
    )


_CLAUSE_START = re.compile(r"(?<=[a-zæøå0-9)])\s+(?=[A-ZÆØÅ](?:[a-zæøå]|[A-ZÆØÅ]+\b)|I\s)")
_PAGE_NO = re.compile(r"^\s*(?P<page>\d{1,3})\s+(?=[A-ZÆØÅ])")
_ARTICLES = frozenset({"en", "et", "ei", "eit", "den", "det", "de"})


def _page_title(text: str) -> tuple[str, str, str] | None:
    """(page number, title, rest) of a transcript page after the first that opens with a
    title: two to eight words without a verb, a year or a final word that binds, then a
    capitalised word that starts the body ('3 En nyhetsdrevet kampanje Kommunene, NTNU ...')."""
    m = _PAGE_NO.match(text)
    if m is None or m.group("page") == "1":
        return None  # the cover's title is no heading
    rest = text[m.end() :]
    b = _CLAUSE_START.search(rest)
    if b is None:
        return None
    head = rest[: b.start()].strip()
    words = head.split()
    if (
        not 2 <= len(words) <= 8
        or _FINITE.search(head)
        or words[-1].lower() in binding_words() | _ARTICLES
        or re.search(r"\d{4}", head)
        or head.endswith((",", ".", ":", ";"))
    ):
        return None
    return m.group("page"), head, rest[b.end() :]


def _in_contents(label: str, contents: str) -> bool:
    """A label ('Målsetting:') that the table of contents lists as a chapter."""
    words = label.rstrip(":").casefold().split()
    return bool(words) and bool(re.search(r"(?<!\w)" + re.escape(" ".join(words)) + r"(?!\w)", contents))


def segment(doc: Extracted) -> tuple[Section, ...]:
    """Split a document's lines into top-level sections."""
    lines = doc.lines
    # plain text, or a transcript site's text printed to PDF (its paragraphs are flattened
    # pages): inline headings are read
    given_title = _site_title(doc.furniture)
    flattened = not doc.paragraphs and (not doc.layout or bool(given_title))
    if flattened:
        if doc.layout:
            lines = _paragraphs(lines)
        elif given_title and wrap_width(lines) <= WRAPPED_MAX:
            lines = _blocks_joined(lines)  # a transcript's text wrapped: each page one line again
        lines = unflatten(lines)
    slides = looks_like_slides(doc)
    body = body_size(lines) if doc.layout else None
    starts: list[tuple[int, int, SectionKind]] = []  # (line index, n heading lines, kind)
    current: SectionKind | None = None
    first_sheet = lines[0].sheet if lines else 0
    sheet_has_heading: set[int] = set()
    wrap = wrap_width(lines)
    plain = not doc.layout and not doc.paragraphs
    # lines before this index are all smaller than the body text (a running header, say)
    small_print = next(
        (k for k, ln in enumerate(lines) if not (body and ln.size and ln.size < body)), len(lines)
    )
    i = 0
    while i < len(lines):
        line = lines[i]
        new_block = _opens_block(lines, i)
        big = is_big(line, body)
        hinted = 0 < line.heading <= 2
        cand = is_text_heading(line, allow_colon=slides or hinted or big, allow_numbered=not slides)
        if not cand and big and (span := _heading_span(lines, i, body)) > 1:
            # a large title wrapped in a narrow column is judged whole: its first line may end
            # in a comma ('Visjon,' / 'overordna mål' / 'og' / 'verdigrunnlag')
            whole = replace(line, text=" ".join(ln.text.strip() for ln in lines[i : i + span]))
            cand = is_text_heading(whole, allow_colon=True, allow_numbered=not slides)
        if (
            not cand
            and (slides or flattened)
            and hinted
            and opens_with_goal_label(line.text)
            and len(line.text) <= MAX_HEADING_CHARS
        ):
            # a slide's title is its heading, a goal label too ('Tiltak 2022', 'MÅL'); so is a
            # label a transcript's table of contents lists ('Målsetting:')
            cand = True
        if not cand and plain and _titled_label(line.text):
            cand = _alone(lines, i)
        if cand and plain and _ends_bound(line.text):
            cand = False  # in a PDF the words after it may be its heading's second line
        if cand and not (big or hinted or doc.layout):
            cand = set_off(lines, i, wrap)
        if cand and doc.layout and not (big or hinted or line.bold) and not _block_of_its_own(lines, i):
            cand = False  # a body-sized line inside a paragraph is a wrapped line of it
        label_heading = plain and not slides and _label_heading(lines, i)
        if label_heading and not cand:
            # inside a classified section, a label of no known kind is a sub-label
            # ('Arbeidsgrupper:' under 'Organisering')
            kind = heading_kind(line.text)[0]
            if kind != "other" or current in (None, "other"):
                starts.append((i, 1, kind))
                current = kind
                i += 1
                continue
        if slides:
            title_sheet = line.sheet == first_sheet
            if cand and not title_sheet and (new_block or big or hinted):
                kind, _ = heading_kind(line.text)
                if line.sheet not in sheet_has_heading or kind != "other" or big or hinted:
                    n = _heading_span(lines, i, body)
                    starts.append((i, n, kind))
                    sheet_has_heading.add(line.sheet)
                    current = kind
                    i += n
                    continue
        else:
            if cand and given_title and not starts and _names_the_title(line.text, given_title):
                cand = False  # the cover's title, repeated by the site that holds the file
            if cand:
                # the first line is the document's title, whatever its words (so is a first
                # heading with only small print above it, larger than the headings after it:
                # a one-page PDF's running header stays above its title)
                title = not starts and 0 < i <= small_print and _title(lines, i, body)
                kind = heading_kind(line.text)[0] if i > 0 and not title else "other"
                layout_start = (big or hinted) and (
                    kind != "other" or not starts or is_big(line, body, 2.0) or hinted
                )
                # plain text: a heading-shaped line alone in its block, with text after it,
                # is a heading whatever its words ("Resultat", "Kvænangen om 12 år"); so is a
                # paragraph set in bold throughout, a heading made by hand (a Word file's)
                by_hand = doc.paragraphs and not doc.layout and line.bold and not line.heading
                alone = (
                    (plain or by_hand)
                    and _alone(lines, i)
                    and not title
                    and not _states_the_goal(lines, starts, i)
                    and not _announced(lines, i)
                )
                if (
                    layout_start
                    or (kind != "other" and kind != current)
                    or alone
                    or (plain and not title and _heads_a_card(lines, i))
                ):
                    n = _heading_span(lines, i, body)
                    if n > 1 and kind == "other" and i > 0 and not title:
                        # a heading wrapped over lines (a narrow column) is read whole
                        kind = heading_kind(" ".join(ln.text for ln in lines[i : i + n]))[0]
                    starts.append((i, n, kind))
                    current = kind
                    i += n
                    continue
        i += 1
    return _build_sections(lines, _once(lines, starts))


def _once(
    lines: Sequence[Line], starts: list[tuple[int, int, SectionKind]]
) -> list[tuple[int, int, SectionKind]]:
    """A heading right after the same heading, with nothing between them, is one heading (a
    PDF that styles a link's text as the heading it points to: 'Årsmelding 2020' twice)."""
    out: list[tuple[int, int, SectionKind]] = []
    for start in starts:
        if out:
            at, span, _ = out[-1]
            if at + span == start[0] and _heading_text(lines, out[-1]) == _heading_text(lines, start):
                out[-1] = start
                continue
        out.append(start)
    return out


def _heading_text(lines: Sequence[Line], start: tuple[int, int, SectionKind]) -> str:
    return " ".join(" ".join(ln.text for ln in lines[start[0] : start[0] + start[1]]).casefold().split())


_LIST_NO = re.compile(r"^\s*\d{1,2}[.)]\s")
_PAGE_START = re.compile(r"^\s*\d{1,3}\s+\S")
_MODAL = re.compile(r"\b(?:skal|vil|kan|må|bør)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b\d{1,2}\.\s*(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\w*\.?\s+\d{4}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b",
    re.IGNORECASE,
)


def _site_title(furniture: Sequence[str]) -> str | None:
    title = site_title(furniture)
    return _norm(title) if title else None


def _names_the_title(text: str, title: str) -> bool:
    """A heading that is the site's title for the file, or a part of it of some length:
    the cover page's title ('INNSPILL FRA ARBEIDSGRUPPEN ...' of 'STYRKING AV ... INNSPILL
    FRA ARBEIDSGRUPPEN ...'), or the title with a word before it ('SAK ...')."""
    head = _norm(text)
    if len(head) < 12:
        return False
    return (
        fuzz.partial_ratio(head, title) >= 90
        if len(head) <= len(title)
        else fuzz.partial_ratio(title, head) >= 90
    )


def _states_the_goal(lines: Sequence[Line], starts: Sequence[tuple[int, int, SectionKind]], i: int) -> bool:
    """A sentence right under a bare goal label standing as a heading ('Mål', then 'Oppnå regional
    avstandsreduksjon for ...') is the goal it labels, not a heading of its own."""
    if not starts:
        return False
    at, span, _ = starts[-1]
    if at + span != i:
        return False
    label = " ".join(ln.text for ln in lines[at : at + span])
    text = lines[i].text.strip()
    return (
        len(label.split()) <= 3
        and bool(goal_levels_in(label))
        and len(text.split()) >= 2
        and not goal_levels_in(text)  # 'Delmål 1' under 'Mål' is a heading of its own
        and not text.endswith("?")
    )


def _announced(lines: Sequence[Line], i: int) -> bool:
    """Line ``i`` follows a lead-in that ends in ':' and names a goal ('Mål for
    nettverksarenaer:'): it is the goal announced, not a heading."""
    before = lines[i - 1].text.rstrip() if i else ""
    return before.endswith(":") and bool(goal_levels_in(before))


def _opens_block(lines: Sequence[Line], i: int) -> bool:
    return i == 0 or lines[i - 1].block != lines[i].block


def _ends_block(lines: Sequence[Line], i: int) -> bool:
    return i + 1 >= len(lines) or lines[i + 1].block != lines[i].block


def _block_of_its_own(lines: Sequence[Line], i: int) -> bool:
    return _opens_block(lines, i) and _ends_block(lines, i)


_NAME = re.compile(r"^[A-ZÆØÅ][a-zæøåé\-]+(?:\s+[A-ZÆØÅ][a-zæøåé\-]+){1,3}$")  # 'Carina Stokke'


def _heads_a_card(lines: Sequence[Line], i: int) -> bool:
    """Line ``i`` opens a block that is a contact card ('Kultur' / 'Carina Stokke' /
    'Rådgiver' / 'Tlf. 71 25 89 02'): a web page's label over a person's name, and a phone
    number or an address in the lines after it."""
    line = lines[i]
    if not _opens_block(lines, i) or _ends_block(lines, i):
        return False
    card = [ln.text for ln in lines[i + 1 : i + 1 + CARD_LINES] if ln.block == line.block]
    return bool(_NAME.match(card[0].strip())) and not has_contact(line.text) and gives_contact(card)


def _alone(lines: Sequence[Line], i: int) -> bool:
    """Line ``i`` is a block of its own (blank lines around it), some text follows it, and it
    is no item of a numbered list set out with blank lines ('1. Hardangerviddarådet')."""
    line = lines[i]
    if not _opens_block(lines, i) or i + 1 >= len(lines) or not _ends_block(lines, i):
        return False
    if _DATE.search(line.text):
        return False  # a dateline ('Vedtatt i regionrådet 10. desember 2021')
    if _PAGE_START.match(line.text):
        return False  # a transcript's page begins with its bare number ('3 Bergen februar 2009')
    if _MODAL.search(line.text) and not line.text.rstrip().endswith("?"):
        return False  # a clause ('Hjelmeland kommune skal vere' over the bullets that end it)
    if (
        len(line.text.split()) >= 5
        and _CLAUSE_VERB.search(line.text)
        and not line.text.rstrip().endswith("?")
    ):
        return False  # a sentence standing alone, a link's text ('Se hele presentasjonen som ble vist')
    if _LIST_NO.match(line.text) and (
        (i > 0 and _LIST_NO.match(lines[i - 1].text)) or _LIST_NO.match(lines[i + 1].text)
    ):
        return False
    label = _LABEL_NO.match(line.text)
    if label and any(
        (m := _LABEL_NO.match(lines[k].text)) and m.group("label") == label.group("label")
        for k in (i - 1, i + 1)
        if 0 <= k < len(lines)
    ):
        return False  # an item of a labelled series ('AP 1. ...' / 'AP 2. ...' / 'AP 3. ...')
    return True


# a label and a number opening a line ('AP 2.', 'Tiltak 3:')
_LABEL_NO = re.compile(r"^\s*(?P<label>[A-ZÆØÅ][\wæøåÆØÅ]{0,15})\s+\d{1,2}[.:)]?\s")


# the finite verbs of a clause (a title names, a sentence says: 'Dette er Byregionprogrammet'
# is a title, 'Se hele presentasjonen som ble vist' a sentence)
_CLAUSE_VERB = re.compile(r"\b(?:er|var|har|hadde|blir|ble|vert|vart|vil|kan)\b", re.IGNORECASE)
_FINITE = re.compile(
    r"\b(?:er|var|har|hadde|skal|blir|ble|vert|vart|vil|kan|må|bør|gjeld|gjelder|følgjer|følger)\b|\w{3}(?:ås|es)\b",
    re.IGNORECASE,
)


def _titled_label(text: str) -> bool:
    """A heading in the form label: title ('Utfordringene: Bakgrunn for omstillingsstatus'):
    a few words, the title a phrase (not a name or a field's value), no figure, no full stop,
    no finite verb, and no goal label (that is a goal: 'Visjon: Hjelmeland – Naturlegvis')."""
    text = text.strip()
    m = _LABEL_VALUE.match(text)
    if m is None or len(text) > MAX_HEADING_CHARS or not text[:1].isupper():
        return False
    label, _, value = text.partition(":")
    return (
        1 <= len(label.split()) <= 3
        and 2 <= len(value.split()) <= 6
        and value.strip()[:1].isupper()
        # a phrase, not a name or a field's value ('Foto: Harald Håvik', 'Fagområde: Tilflytting')
        and any(w[:1].islower() for w in value.split()[1:])
        and not re.search(r"\d|[.!?;,]$", text)
        and not _FINITE.search(text)
        and not goal_levels_in(text)
    )


def _label_heading(lines: Sequence[Line], i: int) -> bool:
    """A short label ending in ':' that opens a block of items ('Politisk arbeid:' over its
    bullets, one or more): a heading, unlike a lead-in with a finite verb ('Følgende tiltak foreslås:')."""
    text = lines[i].text.strip()
    if not text.endswith(":") or len(text.split()) > 5 or _FINITE.search(text[:-1]) or "," in text:
        return False
    if _ends_bound(text):
        return False
    if goal_levels_in(text):
        return False  # 'Tiltak:', 'Delmål:' mark goal levels inside a section
    if _BULLET.match(text) or not text[:1].isupper():
        return False
    # items under it (one is enough: 'Prosjekter:' over a single bullet), or a paragraph
    return (i + 1 < len(lines) and bool(_BULLET.match(lines[i + 1].text))) or _over_a_paragraph(lines, i)


def _over_a_paragraph(lines: Sequence[Line], i: int) -> bool:
    """Line ``i`` is a block of its own and a paragraph of running text follows it (a label
    over a chapter: 'Verdigrunnlag og leiarfilosofi:', then 'For å oppnå dei overordna måla,
    ...'), not one item or value it introduces."""
    line = lines[i]
    if not _opens_block(lines, i) or i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if nxt.block == line.block or _BULLET.match(nxt.text) or not nxt.text[:1].isupper():
        return False
    # the next block's lines only (lines of a block stand together), not the rest of the document
    body = " ".join(ln.text for ln in takewhile(lambda ln: ln.block == nxt.block, islice(lines, i + 1, None)))
    return len(body.split()) >= PARAGRAPH_WORDS and bool(re.search(r"[.!?]", body))


def _title(lines: Sequence[Line], i: int, body: float | None) -> bool:
    """Whether line ``i``, below nothing but small print, is a title: larger than every
    heading-sized line after it."""
    line = lines[i]
    if not body or not line.size:
        return False
    later = [ln.size for ln in lines[i + 1 :] if ln.size and is_big(ln, body)]
    return bool(later) and max(later) < line.size


MAX_HEADING_LINES = 6


def _heading_span(lines: Sequence[Line], i: int, body: float | None) -> int:
    """A heading wrapped over lines of the same size and block counts as one: up to
    MAX_HEADING_LINES, as a large title wraps in a narrow column ('Hordaland' / 'fylke –'
    / 'Handlingsprog' / 'ram for' / 'næringsutvikli' / 'ng'), and past a colon ('Fase 2:' /
    'Rapportering pr. 15.02.2014'), up to a line that ends its sentence."""
    n = 1
    head = lines[i]
    while (
        i + n < len(lines)
        and n < MAX_HEADING_LINES
        and head.size
        and body
        and head.size > body
        and lines[i + n].size == head.size
        and lines[i + n].block == head.block
        and not lines[i + n - 1].text.rstrip().endswith((".", "?", "!"))
    ):
        n += 1
    return n


def _build_sections(
    lines: Sequence[Line], starts: Sequence[tuple[int, int, SectionKind]]
) -> tuple[Section, ...]:
    sections: list[Section] = []
    bounds = list(starts)
    if not bounds or bounds[0][0] > 0:
        bounds.insert(0, (0, 0, "other"))
    for n, (start, span, kind) in enumerate(bounds):
        end = bounds[n + 1][0] if n + 1 < len(bounds) else len(lines)
        head_lines = lines[start : start + span]
        body_lines = tuple(lines[start + span : end])
        if not head_lines and not body_lines:
            continue
        heading = " ".join(h.text.strip() for h in head_lines) if head_lines else None
        pages = [ln.page for ln in lines[start:end] if ln.page is not None]
        sections.append(
            Section(
                ordinal=len(sections),
                kind=kind,
                heading=heading,
                lines=body_lines,
                page_start=min(pages) if pages else None,
                page_end=max(pages) if pages else None,
            )
        )
    return tuple(sections)
