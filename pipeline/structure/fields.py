"""Document fields: doc_type, region (canonical) and report date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from ..lexicon import counties, months
from ..records import DocType, Line, Section
from .scan import Near
from .units import logical_lines

# ----------------------------------------------------------------------------- region


@cache
def _region_rows() -> tuple[tuple[str, str], ...]:
    """(canonical name, alias) rows of ``resources/regions.tsv``, as printed."""
    text = resources.files("pipeline.resources").joinpath("regions.tsv").read_text("utf-8")
    return tuple(
        tuple(part.strip() for part in row.split("\t", 1))  # type: ignore[misc]
        for row in text.splitlines()
        if row.strip() and not row.startswith("#")
    )


@cache
def region_aliases() -> dict[str, str]:
    """alias (lower-case) -> canonical region name; the canonical name is an alias of itself."""
    out: dict[str, str] = {}
    for canonical, alias in _region_rows():
        out[canonical.lower()] = canonical
        out[alias.lower()] = canonical
    return out


_NAME = r"[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?"
# (pattern near the keyword it needs, canonical name template)
_REGION_PATTERNS = [
    (Near(re.compile(rf"\b(?P<name>{_NAME})-?regionen\b"), ("regionen",), 40, 12), "{name}regionen"),
    (
        Near(
            re.compile(rf"\b(?:Region|Byregion|Byregionen) (?P<name>{_NAME})\b"),
            ("Region", "Byregion"),
            12,
            60,
        ),
        "{name}regionen",
    ),
    (
        Near(
            re.compile(rf"\b(?P<name>(?:{_NAME} ){{0,2}}{_NAME}) [Rr]egionråd\b"),
            ("Regionråd", "regionråd"),
            120,
            12,
        ),
        "{name}",
    ),
    (
        Near(
            re.compile(r"\b(?P<name>[A-ZÆØÅ]{3,}(?: [A-ZÆØÅ]{3,})?) REGIONRÅD\b"),
            ("REGIONRÅD",),
            80,
            12,
        ),
        "{name}",
    ),
    (
        Near(
            re.compile(rf"\b[Rr]egionrådet (?:i|for) (?P<name>{_NAME})\b"),
            ("Regionrådet", "regionrådet"),
            12,
            60,
        ),
        "{name}",
    ),
    # the area a regional plan is for ('Regional plan for Hardangervidda', 'Regional plan for
    # Setesdal Vesthei'): its region; not a regional plan strategy or programme of a county
    (
        Near(
            re.compile(rf"\b[Rr]egional plan for (?P<name>{_NAME}(?: {_NAME})?)\b(?! og [A-ZÆØÅ])"),
            ("plan for",),
            12,
            40,
        ),
        "{name}",
    ),
    # a joint municipality of a district ('Innherred Samkommune', 'Innherred samkommune')
    (
        Near(re.compile(rf"\b(?P<name>{_NAME}) [Ss]amkommune\b"), ("Samkommune", "samkommune"), 40, 12),
        "{name}",
    ),
]
# 'frå X ... til ' just before a name, in one sentence: the name ends a range of examples;
# 'frå (Aust) ' before it and ' til ' after it: the name starts one
_RANGE_END = re.compile(r"\b(?:frå|fra)\s[^.!?]*\btil\s+$", re.IGNORECASE)
_RANGE_START = re.compile(r"\b(?:frå|fra)\s+(?:[A-ZÆØÅ]\w*\s+)?$", re.IGNORECASE)
_RANGE_GOES_ON = re.compile(r"^[^.!?]*?\btil\b", re.IGNORECASE)


def _in_a_range(text: str, start: int, end: int) -> bool:
    """The name at text[start:end] is an end of a range of examples ('varierer frå Aust
    Lofoten med sine to kommunar til Region Namdal')."""
    before = text[max(0, start - 120) : start]
    if _RANGE_END.search(before):
        return True
    return bool(_RANGE_START.search(before) and _RANGE_GOES_ON.search(text[end : end + 120]))


_NOT_REGION = {"by", "byregionen", "denne", "hele", "heile", "vår", "var", "samme", "same", "den"}


def canonical_region(raw: str) -> str | None:
    """Map a region name as printed to its canonical name (alias table, then fuzzy)."""
    aliases = region_aliases()
    key = raw.strip().lower()
    if key in aliases:
        return aliases[key]
    # a genitive s before -regionen: "Ålesundsregionen"
    if key.endswith("sregionen") and key[:-9] + "regionen" in aliases:
        return aliases[key[:-9] + "regionen"]
    hit = process.extractOne(key, list(aliases), scorer=fuzz.ratio, score_cutoff=90)
    if hit:
        return aliases[hit[0]]
    return raw.strip()


_COUNCIL = Near(re.compile(rf"\b(?P<name>{_NAME}rådet)\b"), ("rådet",), 40, 8)


# the municipalities of a district ('Tilbakemelding frå Hardangerkommunane')
_DISTRICT_MUNICIPALITIES = Near(
    re.compile(r"\b(?P<name>[A-ZÆØÅ][a-zæøå]+)-?kommun(?:ane|ene|ar|er)\b"), ("kommun",), 40, 12
)


def region_mentions(text: str) -> list[str]:
    out = []
    for near in (_COUNCIL, _DISTRICT_MUNICIPALITIES):
        # "Nordfjordrådet", "Hardangerkommunane": a region only when the alias table knows the name
        for m in near.finditer(text):
            canon = region_aliases().get(m.group("name").lower())
            if canon:
                out.append(canon)
    for near, template in _REGION_PATTERNS:
        for m in near.finditer(text):
            name = m.group("name")
            if name.lower() in _NOT_REGION or name.lower().startswith("byregion"):
                continue
            if _in_a_range(text, m.start(), m.end()):
                continue  # an end of a range of examples ('varierer frå Aust Lofoten ... til Region Namdal')
            if name.isupper():
                name = name.title()
            canon = canonical_region(template.format(name=name))
            if canon:
                out.append(canon)
    return out


@cache
def _bare_region_names() -> re.Pattern[str]:
    """The listed region names and aliases that no pattern above finds by itself
    ("Haugalandet", "Indre Helgeland", "Vest-Telemark"), as printed: capitalised, whole words."""
    names = {
        name
        for row in _region_rows()
        for name in row
        if not name.lower().endswith(("regionen", "rådet", "regionråd"))
    }
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternatives + r")\b(?! og Fjordane)")  # not the county


TITLE_AREA_CHARS = 800


def find_region(
    sections: Sequence[Section], site_title: str | None = None, paragraphs: bool = True, layout: bool = False
) -> str | None:
    """The region a document is about: the one named in its title area (with the title a
    transcript site gave it), else the most named; without any, the county its title area
    names ('Regionalt utviklingsprogram for Hordaland'), else the county its text names most
    (the dev corpus's convention: no region only where no county is named).

    The title area's lines are logical lines (``paragraphs``, ``layout``: as for
    :func:`find_report_date`): a paragraph a PDF wraps into short lines reaches as far as
    the same paragraph on one line of text."""
    if not sections:
        return None
    scores: Counter[str] = Counter()
    # the title area: the leading sections before the first one with a kind
    title_parts: list[str] = []
    for section in sections[:4]:
        if section.kind != "other" or len(title_parts) >= 10:
            break
        title_parts.extend(
            [section.heading or ""]
            # the first eight logical lines (of at most 80 lines: the title area is short)
            + [ln.text for ln in logical_lines(section.lines[:80], paragraphs=paragraphs, layout=layout)[:8]]
        )
    # a flattened transcript's first line is a whole page: the title area is its start
    title_text = "\n".join(([site_title] if site_title else []) + title_parts)[:TITLE_AREA_CHARS]
    for name in region_mentions(title_text):
        scores[name] += 5
    for m in _bare_region_names().finditer(title_text):
        # "Byregionprogrammet – Haugalandet": a listed name by itself, in the title only
        start = m.start() - (len("Region ") if title_text.endswith("Region ", 0, m.start()) else 0)
        if not _in_a_range(title_text, start, m.end()):
            scores[region_aliases()[m.group().lower()]] += 3
    texts = [" ".join([section.heading or ""] + [ln.text for ln in section.lines]) for section in sections]
    for text in texts:
        for name in region_mentions(text):
            scores[name] += 1
    if not scores:
        # a municipality's own document ('... for Jølster kommune') is about no region
        if _MUNICIPALITY_NAMED.search(title_text):
            return None
        return _county_in(title_text) or _county_in(" ".join(texts), where=True)
    return scores.most_common(1)[0][0]


_MUNICIPALITY_NAMED = re.compile(r"\b[A-ZÆØÅ][\wæøå-]+ (?:kommune|kommunestyre)\b")


@cache
def _county_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(c) for c in counties())
    return re.compile(rf"(?<![\w-])(?P<name>{names})(?![\w-])", re.IGNORECASE)


# 'i' or 'for' just before a county: the place of something ('klimaomstilling i Sogn og Fjordane')
_PLACE_OF = re.compile(r"\b(?:i|for)\s+$", re.IGNORECASE)


def _county_in(text: str, where: bool = False) -> str | None:
    """The county a title names most ('... FOR HORDALAND', 'Hordaland fylke'), as listed;
    with ``where``, only as the place of something ('klimaomstilling i Sogn og Fjordane',
    'for Hordaland'), not in passing ('det er Nordland som toppar statistikken')."""
    found = Counter(
        m.group("name").casefold()
        for m in _county_pattern().finditer(text)
        if not where or _PLACE_OF.search(text, max(0, m.start() - 5), m.start())
    )
    if not found:
        return None
    name = found.most_common(1)[0][0]
    return next(c for c in counties() if c.casefold() == name)


# ----------------------------------------------------------------------------- report date

_NUMERIC = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?![\d])")
# a date with a slash, as council minutes write it ('Kommunestyret 13/9 12', '13/9-2012');
# not a case number ('15/02616-7')
_SLASHED = re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})[\s\-/](?P<y>\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(?P<y>20\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")


def _month_names() -> str:
    """The month names of the vocabulary (lexicon.months) as alternatives, longest first."""
    return "|".join(sorted(months(), key=len, reverse=True))


@cache
def _words() -> re.Pattern[str]:
    """A date with its month in words ('26. januar 2005', '3.-4. mars 2016', '12.okt.2016')."""
    return re.compile(
        r"(?<!\d)(?P<d>\d{1,2})\.?\s*(?:[-–]\s*\d{1,2}\.?\s*)?(?P<mon>"
        + _month_names()
        + r")(?:\.\s*|\s+)(?P<y>\d{4})\b",
        re.IGNORECASE,
    )


@cache
def _month_year() -> re.Pattern[str]:
    """A month and a year, no day ('des. 2021', 'februar 2009'); a day before it makes a full date."""
    return re.compile(
        r"(?<![\d.]\s)(?<![\d.])\b(?P<mon>" + _month_names() + r")\.?\s+(?P<y>(?:19|20)\d\d)\b",
        re.IGNORECASE,
    )


_LABELLED = re.compile(
    r"\b(?:pr\.?|per|dato|datert|rapportering|møte|oppfølgingsmøte|samling|rapport)\b", re.I
)


def _mk(y: str, m: int, d: str) -> dt.date | None:
    year = int(y)
    if year < 100:
        year += 2000
    try:
        date = dt.date(year, m, int(d))
    except ValueError:
        return None
    return date if 1990 <= date.year <= 2100 else None


def dates_in(text: str) -> list[tuple[int, dt.date]]:
    out = []
    for pattern in (_NUMERIC, _SLASHED, _ISO):
        for m in pattern.finditer(text):
            date = _mk(m.group("y"), int(m.group("m")), m.group("d"))
            if date:
                out.append((m.start(), date))
    for m in _words().finditer(text):
        date = _mk(m.group("y"), months()[m.group("mon").lower()], m.group("d"))
        if date:
            out.append((m.start(), date))
    return sorted(out)


def find_report_year(lines: Sequence[Line], head: int = 10) -> int | None:
    """A year standing in the title area ("Årsmelding 2019", "Handlingsplan 2022")."""
    for ln in lines[:head]:
        m = re.search(r"\b(20[0-4]\d|199\d)\b", ln.text)
        if m and len(ln.text.split()) <= 8:
            return int(m.group(1))
    return None


_YEAR_RANGE = re.compile(
    r"\b(?P<a>(?:19|20)\d\d)\s*(?:[-–—/]|til|to)\s*(?P<b>(?:19|20)\d\d|\d\d)\b(?![.,]\d)"
)
_YEAR_NAMED = re.compile(
    r"\b(?:årsmelding|årsrapport|årsberetning|handlingsprogram\w*|handlingsplan\w*|budsjett|"
    r"rapport(?:ering)?|status(?:rapport)?|tiltaksplan|arbeidsprogram)\s+(?:for\s+)?(?P<y>(?:19|20)\d\d)\b",
    re.I,
)


def find_period(lines: Sequence[Line], head: int = 12) -> tuple[int | None, int | None]:
    """The years a plan or report covers, from its title area: a range ("Strategisk plan
    2017 - 2020", "for perioden 2016-2019", "2016-19") or a year a report or programme is
    named for ("Årsmelding 2019", "Handlingsprogram 2018"). (None, None) when it states none."""
    for ln in lines[:head]:
        m = _YEAR_RANGE.search(ln.text)
        if m:
            a, b = int(m.group("a")), m.group("b")
            end = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
            if a <= end <= a + 30:
                return a, end
    for ln in lines[:head]:
        m = _YEAR_NAMED.search(ln.text)
        if m:
            year = int(m.group("y"))
            return year, year
    return None, None


def report_year(
    report_date: dt.date | None, period: tuple[int | None, int | None], title_year: int | None
) -> int | None:
    """The year a document is from: its report date's, else a year in its title area,
    else the start of the period it covers."""
    if report_date is not None:
        return report_date.year
    return title_year or period[0]


# one end of a period ('mars 2014 – mai 2015', 'fra mars 2014'), not a date
_PERIOD_GOES_ON = re.compile(r"\s*(?:[-–—]|til)\s*\w")
_PERIOD_FROM = re.compile(r"(?:[-–—]|fra|frå)\s*$")


def line_at(text: str, pos: int) -> tuple[int, str]:
    """(where it starts, the line) of the line of ``text`` that holds position ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, text[start : end if end >= 0 else len(text)]


def date_opens(text: str) -> bool:
    """``text`` opens with a date, after a comma at most: a full date ('26.januar 2005',
    '12.03.2018') or a month and year ('februar 2009')."""
    text = text.lstrip(" ,")
    return any(p.match(text) for p in (_NUMERIC, _words(), _month_year()))


def find_report_date(
    lines: Sequence[Line], head: int = 40, paragraphs: bool = True, layout: bool = False
) -> dt.date | None:
    """The date a document reports on or was held: the first full date in its title area
    (its first ``head`` lines) that stands in a short line, opens its line or follows a cue
    (pr., dato, møte ...), else the first cued date anywhere.

    The title area is read as logical lines (:func:`.units.logical_lines`; ``paragraphs``:
    each line is whole already), so that a date in running text counts as one however the
    text wraps: a PDF breaks a paragraph into short lines, and its dates into openings."""
    window = logical_lines(lines[:head], paragraphs=paragraphs, layout=layout)
    text = "\n".join(ln.text for ln in window)
    for pos, date in dates_in(text):
        line_start, line = line_at(text, pos)
        before = text[max(0, pos - 40) : pos]
        # a short line, a cue before it, or the line's opening words (a flattened transcript
        # page's first words: '1 23. juni 2014 BÆREKRAFTIG REISEMÅL ...')
        opening = len(text[line_start:pos].split()) <= 1
        if len(line.split()) <= 12 or _LABELLED.search(before) or opening:
            return date
    joined = " ".join(ln.text for ln in lines)
    for pos, date in dates_in(joined):
        if re.search(
            r"\b(?:rapportering|rapport|status)\s+(?:pr\.?|per)\s*$", joined[max(0, pos - 30) : pos], re.I
        ):
            return date
    # no full date: a month and year in the title area ('NYHETSBREV des. 2021', '3 Bergen
    # februar 2009 ...'), as the first of that month
    for m in _month_year().finditer(text):
        line_start, line = line_at(text, m.start())
        if _PERIOD_GOES_ON.match(text, m.end(), m.end() + 8) or _PERIOD_FROM.search(
            text, max(0, m.start() - 6), m.start()
        ):
            continue  # one end of a period ('Fase 1 - mars 2014 – mai 2015')
        if len(line.split()) <= 12 or len(text[line_start : m.start()].split()) <= 2:
            date = _mk(m.group("y"), months()[m.group("mon").lower()], "1")
            if date:
                return date
    return None


# ----------------------------------------------------------------------------- doc type

_REPORT = re.compile(
    r"\b(?:rapportering|rapport|statusrapport|årsrapport|årsmelding|sluttrapport|framdriftsrapport)\b", re.I
)
_PLAN = re.compile(r"\b(?:\w*plan|strategi\w*|handlingsprogram\w*)\b", re.I)
_NEWS = re.compile(r"\b(?:nyhet\w*|aktuelt|publisert|pressemelding)\b", re.I)


def find_doc_type(sections: Sequence[Section], slides: bool = False, web_page: bool = False) -> DocType:
    if slides:
        return "slides"
    kinds = {s.kind for s in sections if s.kind != "other"}
    # the title area: the document's first lines, headings included, whatever sections they fall in
    opening: list[str] = []
    for sec in sections:
        opening.extend(([sec.heading] if sec.heading else []) + [ln.text for ln in sec.lines[:7]])
        if len(opening) >= 7:
            break
    title = " ".join(opening[:7])
    if _PLAN.search(title) and not _REPORT.search(title):
        return "plan"
    if len(kinds & {"goals", "activities", "progress", "organisation", "deviations"}) >= 3 or _REPORT.search(
        title
    ):
        return "progress_report"
    if web_page or _NEWS.search(title):
        return "news"
    if kinds & {"goals"} and any(s.kind == "goals" for s in sections):
        return "plan"
    return "other"
