"""Municipalities named in a document, resolved to SSB numbers.

A gazetteer built from SSB's tables (``resources/kommuner.csv``, 2013-2020) is matched on
spaCy tokens with a PhraseMatcher. Each mention resolves to the number valid at the
report date (the latest table at or before it) and to the 2020 number.

Guards against false positives, each a context rule:

- names that are also ordinary words, place names in other senses or surnames (Vik, Nes,
  Os, Hole, Berg ...: the ambiguous names of ``resources/place_names.tsv``) count only in a
  list of municipalities or with "kommune" on their line;
- "Mo i Rana" is a town; "øya Sula" an island;
- a city named as a city region ("byregionene i fylket; Molde og Kristiansund") is not the
  municipality, unless "kommunane/kommunene" introduces it;
- "frå Kristiansand i sør til Tromsø i nord" spans the country, it names no participant;
- a name coordinated with a district ("Voss og Hardanger", "Hardanger/Voss"; the districts
  of ``place_names.tsv``) is the region;
- a name that is part of something else is not the municipality: a surname, a dateline's
  town, an e-mail or web address, an institution, a facility, "storbyen X" (the words
  around it in ``resources/name_context.tsv``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..lexicon import name_context, place_names
from ..records import MunicipalityMention
from .fields import date_opens, line_at

YEARS = (2013, 2017, 2018, 2019, 2020)


@dataclass(frozen=True, slots=True)
class Entry:
    year: int
    number: str
    name: str
    number_2020: str


@cache
def gazetteer() -> dict[str, tuple[Entry, ...]]:
    """Surface form -> every (year, number) it named."""
    text = resources.files("pipeline.resources").joinpath("kommuner.csv").read_text("utf-8")
    forms: dict[str, list[Entry]] = defaultdict(list)
    for row in csv.DictReader(text.splitlines()):
        entry = Entry(int(row["year"]), row["kommunenummer"], row["name"], row["kommunenummer_2020"])
        for form in surface_forms(row["name"]):
            forms[form].append(entry)
    return {k: tuple(v) for k, v in forms.items()}


@cache
def numbers_2024() -> dict[str, str]:
    """Any number valid from 1994 on -> the 2024 municipality it is part of (SSB's table
    to today's map: resources/kommuner_2024.csv, from reference/kommuner)."""
    text = resources.files("pipeline.resources").joinpath("kommuner_2024.csv").read_text("utf-8")
    return {row["kommunenummer"]: row["kommunenummer_2024"] for row in csv.DictReader(text.splitlines())}


def surface_forms(name: str) -> set[str]:
    """'Herøy (Nordland)' -> {'Herøy'}; 'Aarborte - Hattfjelldal' -> both names."""
    base = re.sub(r"\s*\(.*?\)", "", name).strip()
    forms = {base}
    if " - " in base:
        forms.update(part.strip() for part in base.split(" - "))
    return {f for f in forms if f}


_TOKEN = re.compile(r"(\w+(?:-\w+)*|[^\w\s])(\s*)")


class WordTokenizer:
    """spaCy's documented custom-tokenizer hook: words (hyphenated ones whole, as the
    Norwegian rules keep "Ålesund-regionen" and "Nord-Fron") and single punctuation
    marks, with whitespace that holds a line break kept as a token of its own. Names need no more
    than this, and it costs a fraction of the rule-based tokenizer's affix passes."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words, spaces = self.split(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    @staticmethod
    def split(text: str) -> tuple[list[str], list[bool]]:
        """The tokens' texts, and whether a space follows each (a Doc's words and spaces)."""
        words: list[str] = []
        spaces: list[bool] = []
        lead = len(text) - len(text.lstrip())
        if lead:
            words.append(text[:lead])
            spaces.append(False)
        for word, gap in _TOKEN.findall(text):
            words.append(word)
            if "\n" in gap:
                spaces.append(False)
                words.append(gap)
                spaces.append(False)
            elif gap:
                spaces.append(True)
                if len(gap) > 1:
                    words.append(gap[1:])
                    spaces.append(False)
            else:
                spaces.append(False)
        return words, spaces


@dataclass(frozen=True, slots=True)
class _Span:
    """A gazetteer form found in the text: its tokens [start, end) and characters
    [start_char, end_char) (as a spaCy Span's), and the form as printed."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str


@cache
def _matcher():
    """The word tokenizer and a phrase matcher over every surface form of the gazetteer
    (a bare vocabulary: no language pipeline is needed to match names)."""
    from spacy.lang.nb import Norwegian
    from spacy.matcher import PhraseMatcher
    from spacy.vocab import create_vocab

    # the language's vocabulary (is_space, is_punct ...) without its tokenizer rules
    tokenize = WordTokenizer(create_vocab("nb", Norwegian.Defaults))
    matcher = PhraseMatcher(tokenize.vocab, attr="ORTH")
    for form in gazetteer():
        matcher.add(form, [tokenize(form)])
    return tokenize, matcher


def canonical_name(official: str, printed: str) -> str:
    """The official name without its county qualifier ("Herøy (Nordland)" -> "Herøy"); for a
    bilingual name ("Snåase - Snåsa") the form the document used."""
    base = re.sub(r"\s*\(.*?\)", "", official).strip()
    return printed if " - " in base else base


def table_year(report_date: dt.date | None) -> int:
    if report_date is None:
        return 2020
    year = report_date.year
    usable = [y for y in YEARS if y <= year]
    return usable[-1] if usable else YEARS[0]


def resolve(form: str, year: int, counties: Counter[str] | None = None) -> Entry | None:
    """The entry a name stands for in ``year``; among namesakes, the county most mentioned."""
    entries = gazetteer().get(form, ())
    if not entries:
        return None
    valid = [e for e in entries if e.year == year]
    if not valid:
        # a name no longer (or not yet) in use: take the nearest table that has it
        nearest = min({e.year for e in entries}, key=lambda y: (abs(y - year), -y))
        valid = [e for e in entries if e.year == nearest]
    if len(valid) > 1 and counties:
        valid.sort(key=lambda e: -counties.get(e.number[:2], 0))
    return valid[0]


@cache
def _first_words() -> frozenset[str]:
    return frozenset(form.split()[0] for form in gazetteer())


_CAPITALISED = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ]*")


def candidate_windows(text: str) -> list[str]:
    """The lines that may name a municipality, each with the line before and after (the
    context rules look at neighbours), merged where they overlap; tokenising only these
    keeps a long document cheap."""
    lines = text.split("\n")
    first = _first_words()
    hits = [i for i, line in enumerate(lines) if any(w in first for w in _CAPITALISED.findall(line))]
    windows: list[tuple[int, int]] = []
    for i in hits:
        lo, hi = max(0, i - 1), min(len(lines), i + 2)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return ["\n".join(lines[lo:hi]) for lo, hi in windows]


def find_municipalities(text: str, report_date: dt.date | None = None) -> tuple[MunicipalityMention, ...]:
    from spacy.tokens import Doc

    tokenize, matcher = _matcher()
    windows = candidate_windows(text)
    if not windows:
        return ()
    # the context rules read the tokens' texts (``words``), not spaCy's Token objects: a
    # Token made for each word looked at, and the Doc's text rebuilt from them, cost more
    # than the matching
    words, spaces = tokenize.split("\n\n".join(windows))
    starts, at = [], 0
    for word, space in zip(words, spaces, strict=True):
        starts.append(at)
        at += len(word) + space
    text = "".join(word + " " if space else word for word, space in zip(words, spaces, strict=True))
    found = sorted(
        ((start, end) for _, start, end in matcher(Doc(tokenize.vocab, words=words, spaces=spaces))),
        key=lambda m: (m[0], -(m[1] - m[0])),
    )
    kept = []
    last_end = -1
    for start, end in found:
        if start < last_end:
            continue
        last_end = end
        first, last = starts[start], starts[end - 1] + len(words[end - 1])
        kept.append(_Span(start, end, first, last, text[first:last]))
    year = table_year(report_date)
    if report_date is None and kept:
        # undated: one era for the whole document, the latest table in which every name it
        # uses was a municipality (Skånland and Harstad: 2019, not Skånland 1913 beside Harstad 5402)
        forms = {s.text for s in kept}
        for candidate in sorted(YEARS, reverse=True):
            if all(any(e.year == candidate for e in gazetteer()[f]) for f in forms):
                year = candidate
                break
    if report_date is not None:
        # a name that became a municipality only after the report ("Sunnfjord" in 2017) is the district
        kept = [s for s in kept if min(e.year for e in gazetteer()[s.text]) <= max(year, report_date.year)]
    names = {s.text for s in kept}
    accepted = [s for s in kept if _accept(words, text, s, names)]
    counties: Counter[str] = Counter()
    for s in accepted:
        entries = gazetteer()[s.text]
        if len({e.number for e in entries if e.year == year}) == 1:
            counties[[e for e in entries if e.year == year][0].number[:2]] += 1
    # one mention per municipality, however many of its names the text uses ('Tjeldsund' and
    # 'Dielddanuorri - Tjeldsund'): counted together, under the name printed most (the shorter on a tie)
    printed: dict[tuple[str, str], Counter[str]] = {}
    listed: set[str] = set()
    cued: dict[int, bool] = {}  # a line's start -> whether it says whose municipalities it lists
    for s in accepted:
        entry = resolve(s.text, year, counties)
        if entry:
            printed.setdefault((entry.number, entry.number_2020), Counter())[
                canonical_name(entry.name, s.text)
            ] += 1
            if _member_context(words, text, s, names, cued):
                listed.add(entry.number)
    rows = []
    for (num, n2020), names_used in printed.items():
        name = min(names_used, key=lambda nm: (-names_used[nm], len(nm), nm))
        n = sum(names_used.values())
        rows.append(
            MunicipalityMention(
                kommunenummer=num,
                kommunenummer_2020=n2020,
                name=name,
                mentions=n,
                kommunenummer_2024=numbers_2024().get(num),
                role="member" if num in listed or n >= MEMBER_MENTIONS else "mentioned",
            )
        )
    return tuple(sorted(rows, key=lambda m: m.name))


def _next_word(words: list[str], i: int) -> str:
    while i < len(words) and words[i].isspace():
        i += 1
    return words[i].lower() if i < len(words) else ""


def _prev_words(words: list[str], start: int, n: int, line: bool = False) -> list[str]:
    """Up to ``n`` words before token ``start``, nearest first; with ``line``, none before
    the line break."""
    out = []
    i = start - 1
    while i >= 0 and len(out) < n:
        if not words[i].isspace():
            out.append(words[i])
        elif line and "\n" in words[i]:
            break
        i -= 1
    return out


def _words_after(words: list[str], end: int, reach: int) -> list[str]:
    """The words among the ``reach`` tokens from token ``end`` on."""
    return [w for w in words[end : end + reach] if not w.isspace()]


MEMBER_MENTIONS = 3
_MEMBER_CUE = re.compile(
    r"\b(?:kommunene|kommunane|deltakerkommun\w*|deltakarkommun\w*|medlemskommun\w*|eierkommun\w*|eigarkommun\w*"
    r"|samarbeidskommun\w*|regionkommun\w*|byregionkommun\w*|består av|omfatter|omfattar|på vegne av|vertskommune"
    r"|kommunar|kommuner)\b",
    re.I,
)


def _member_context(words: list[str], text: str, span: _Span, names: set[str], cued: dict[int, bool]) -> bool:
    """Named as one of the region's municipalities: in an enumeration of municipalities on a
    line that says whose they are ("de seks kommunene Eidskog, Grue, ..."; "Regionrådet
    består av Aurland, Lærdal, ..."), not in passing ("Hallingtreff, Oslo, Trondheim").
    ``cued`` remembers each line's answer: a line of thousands of names is searched once,
    not once per name (a 60 kB line of them: 26 s before)."""
    if not _in_list(words, span, names):
        return False
    start = text.rfind("\n", 0, span.start_char) + 1
    if start not in cued:
        cued[start] = bool(_MEMBER_CUE.search(line_at(text, start)[1]))
    return cued[start]


def _in_list(words: list[str], span: _Span, names: set[str]) -> bool:
    """Next to another municipality in an enumeration: 'A, B og C', 'A/B'."""
    prev = _prev_words(words, span.start, 2)
    nxt = _words_after(words, span.end, 4)[:2]
    joiners = {",", "og", "/", "&", "eller", "-", "–"}
    if len(prev) == 2 and prev[0] in joiners and prev[1] in names:
        return True
    if len(nxt) == 2 and nxt[0] in joiners and nxt[1] in names:
        return True
    return False


def _not_the_municipality(
    words: list[str], text: str, span: _Span, prev: list[str], nxt: list[str], names: set[str]
) -> bool:
    """The name is part of something else: an e-mail or web address ('@harstad.kommune.no'),
    a person's name ('Carina Stokke', 'Thor Ove Farsund'), a dateline ('Bergen februar
    2009'), an institution or a facility ('Universitetet i Tromsø', 'Ålesund lufthamn'), a
    town ('storbyen Trondheim')."""
    before_char = text[span.start_char - 1 : span.start_char] if span.start_char else ""
    after = text[span.end_char : span.end_char + 40]
    if before_char in {"@", ".", "/"} or re.match(r"\.[a-z]", after):
        return True
    if date_opens(after):
        return True  # a place in a dateline ('Bergen februar 2009', 'Steinkjer 26.januar 2005')
    context = name_context()
    if nxt and nxt[0].lower() in context["facility_after"]:
        return True
    if len(prev) >= 2 and prev[0].lower() == "i" and prev[1].lower() in context["institution_before"]:
        return True
    if prev and prev[0].lower() in context["town_before"]:
        return True  # the town ('storbyen Trondheim', 'tettstaden Førde')
    # a given name before it on its line: a surname ('Carina Stokke')
    near = _prev_words(words, span.start, 1, line=True)
    if near:
        word = near[0]
        if (
            re.fullmatch(r"[A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ][a-zæøå]+)?", word)
            and word.lower() not in context["not_a_given_name"]
            and not word.lower().startswith("kommun")
            and word not in names
            and word not in place_names()["district"]
            and word not in gazetteer()
        ):
            return True
    return False


def _accept(words: list[str], text: str, span: _Span, names: set[str]) -> bool:
    form = span.text
    prev = _prev_words(words, span.start, 8)
    nxt_word = _next_word(words, span.end)
    nxt = _words_after(words, span.end, 3)
    before = [w.lower() for w in prev]
    if form == "Rana" and before[:2] == ["i", "mo"]:
        return False
    if before[:1] and before[0] in {"øya", "øyane", "øyene", "halvøya"}:
        return False
    if nxt_word.startswith("kommune"):
        return True
    if _not_the_municipality(words, text, span, prev, nxt, names):
        return False
    # "frå Kristiansand i sør til Tromsø i nord": the extent of a country, not a mention
    if len(nxt) >= 2 and nxt[0] == "i" and nxt[1].lower() in {"sør", "nord", "vest", "aust", "øst", "sor"}:
        return False
    # coordinated with a district: the region, not the municipality (unless the district's
    # name is a municipality's too, as "Ringerike" in "Hole, Jevnaker og Ringerike")
    coordinators = {"og", "/", "&"}
    districts = place_names()["district"]
    if len(prev) >= 2 and prev[0] in coordinators and prev[1] in districts and prev[1] not in names:
        return False
    if len(nxt) >= 2 and nxt[0] in coordinators and nxt[1] in districts and nxt[1] not in names:
        return False
    # a city named as a city region
    window = " ".join(before).lower()
    if "byregion" in window and not re.search(r"kommun(?:ane|ene|er|ar)", window):
        return False
    if form in place_names()["ambiguous"]:
        # "kommune" said on the same line ("Kommunane Vik, ...", "Hole kommune"), not the line before
        return (
            _in_list(words, span, names)
            or "kommun" in " ".join(_prev_words(words, span.start, 8, line=True)).lower()
        )
    return True
