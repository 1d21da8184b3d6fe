"""The vocabulary the stages read, as data: loaded from ``resources/*.tsv`` once, validated
against the records' Literal types, and compiled here into what the stages use.

- ``goal_words.tsv``: the word stems that name a goal of each level (hovedmål, delmål,
  satsingsområde, tiltak ...): the labeller's lexicon features, the assembler's labels and
  segment's guard (a line that opens with a goal label is a goal, not a heading).
- ``headings.tsv``: section-heading phrases per section kind (read by segment).
- ``cues.tsv``: cue words the goal labeller reads (purpose subjects, aim verbs, reporting).
- ``contents.tsv``: the headings that open a table of contents ("Innhald").
- ``binding_words.tsv``: prepositions and conjunctions that bind the next word to the ones before.
- ``counties.tsv``: the counties (fylke), a document's region when it names none of its own.
- ``section_kinds.tsv``: which section kinds report on goals stated before.
- ``status_cues.tsv``: the words and phrases that state a measure's status, per status.
- ``status_colours.tsv``: traffic-light words that state a status only alone after an item.
- ``progress_cues.tsv``: what a progress assessment says of the work as a whole, and the
  words of its topic.
- ``unit_kinds.tsv``, ``unit_status.tsv``: the words that say what kind of body a unit of the
  project organisation is, and whether it exists yet.
- ``variety_markers.tsv``: words only Nynorsk or only Bokmål writes.
- ``months.tsv``: month names and abbreviations, with the month's number.
- ``furniture.tsv``: whole lines that are no part of the text (a transcript site's
  "Transkript" and "Download ...", web navigation), dropped by repair.

A row that names a level or kind the records do not know fails loudly at load time, so a
typo in a resource file never turns into silently missing matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from itertools import islice
from typing import get_args

from .records import GoalLevel, MeasureState, ProgressStatus, SectionKind, UnitKind, UnitStatus

GOAL_LEVELS: tuple[str, ...] = get_args(GoalLevel)
SECTION_KINDS: tuple[str, ...] = get_args(SectionKind)


class LexiconError(ValueError):
    """A resource file row that does not validate."""


def _rows(name: str) -> list[tuple[int, list[str]]]:
    text = resources.files("pipeline.resources").joinpath(name).read_text("utf-8")
    out = []
    for n, row in enumerate(text.splitlines(), 1):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        out.append((n, [c.strip() for c in row.split("\t")]))
    return out


@cache
def goal_words() -> tuple[tuple[str, GoalLevel], ...]:
    """(stem, level) pairs, longest stem first (so 'delmål' wins over 'mål')."""
    pairs = []
    for n, cols in _rows("goal_words.tsv"):
        if len(cols) != 2 or cols[0] not in GOAL_LEVELS or not cols[1]:
            raise LexiconError(
                f"goal_words.tsv line {n}: expected '<level>\\t<stem>' with a level in {GOAL_LEVELS}"
            )
        pairs.append((cols[1].lower(), cols[0]))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))  # type: ignore[return-value]


# the inflections a stem takes (Bokmål and Nynorsk): 'delmål' -> delmålet, delmåla, delmålene;
# 'innsatsområd' -> innsatsområde, innsatsområder, innsatsområda; 'overordn' -> overordna, overordnet
INFLECTIONS = ("", "e", "et", "en", "er", "ene", "a", "ar", "ane", "s", "ede", "ete", "te")


@cache
def _goal_word_pattern() -> re.Pattern[str]:
    stems = "|".join(re.escape(s) for s, _ in goal_words())
    endings = "|".join(re.escape(e) for e in sorted(INFLECTIONS, key=len, reverse=True) if e)
    return re.compile(rf"^(?P<stem>{stems})(?:{endings})?$")


@lru_cache(maxsize=65536)
def goal_word_level(word: str) -> GoalLevel | None:
    """The level a word names ('Delmålet' -> sub_goal), None for other words. A word is a
    stem with one of its inflections: 'målgrupper', 'strategisk', 'prosjektleiar' are not goal
    words, and compounds ending in a goal word ('bioøkonomistrategi') do not count."""
    w = word.lower().strip(".,:;()«»\"'")
    m = _goal_word_pattern().match(w)
    if not m:
        return None
    stem = m.group("stem")
    for s, level in goal_words():
        if s == stem:
            return level
    return None


def compound_goal_level(word: str) -> GoalLevel | None:
    """The level a goal word or a compound ending in one names ('fellestiltak' -> measure,
    'hovudsatsingsområde' -> sub_goal): where a sentence's form says a goal word stands
    there (a lead-in's last word), not in running text."""
    w = word.lower().strip(".,:;()«»\"'")
    if not w.isalpha():
        return None  # 'hovedmål/delmål/tiltak', 'level=tiltak': no compound
    return next(filter(None, (goal_word_level(w[i:]) for i in range(len(w) - 2))), None)


# a line's first two words (letters only: 'Tiltak 2.3:' -> 'Tiltak')
_FIRST_WORDS = re.compile(r"^\s*(?P<first>[^\W\d_]+)(?:\s+(?P<second>[^\W\d_]+))?")
_LABEL_SEPARATORS = (":", ".", "-", "–")


def opens_with_goal_label(text: str) -> bool:
    """Whether a line opens with a goal label: a goal word, then its number or a separator
    ('Tiltak 2.3: ...', 'Delmål:', 'Strategi 2030', 'Visjon - ...'), or two goal words
    ('Overordna mål for regionen'). Such a line is a goal, not a heading."""
    m = _FIRST_WORDS.match(text)
    if m is None or goal_word_level(m.group("first")) is None:
        return False
    after = text[m.end("first") :].lstrip()[:1]
    if after and (after.isdigit() or after in _LABEL_SEPARATORS):
        return True
    second = m.group("second")
    return second is not None and goal_word_level(second) is not None


def goal_levels_in(text: str) -> tuple[GoalLevel, ...]:
    """The levels named by the words of a text, in order."""
    out = []
    for word in text.split():
        level = goal_word_level(word)
        if level:
            out.append(level)
    return tuple(out)


@cache
def reporting_kinds() -> frozenset[SectionKind]:
    """The section kinds whose text reports on goals stated before (section_kinds.tsv: "Tiltak
    1.2 er utsett" in a deviations section names measure 1.2, it states no new one)."""
    seen: dict[str, bool] = {}
    for n, cols in _rows("section_kinds.tsv"):
        if len(cols) != 2 or cols[0] not in SECTION_KINDS or cols[0] in seen or cols[1] not in ("yes", "no"):
            raise LexiconError(
                f"section_kinds.tsv line {n}: expected '<kind>\\t<yes or no>', each kind of {SECTION_KINDS} once"
            )
        seen[cols[0]] = cols[1] == "yes"
    if missing := [k for k in SECTION_KINDS if k not in seen]:
        raise LexiconError(f"section_kinds.tsv: no row for {', '.join(missing)}")
    return frozenset(k for k, yes in seen.items() if yes)  # type: ignore[misc]


@cache
def heading_phrases() -> tuple[tuple[SectionKind, str], ...]:
    """(kind, phrase) rows of headings.tsv, validated."""
    out = []
    for n, cols in _rows("headings.tsv"):
        if len(cols) < 2 or cols[0] not in SECTION_KINDS:
            raise LexiconError(
                f"headings.tsv line {n}: expected '<kind>\\t<phrase>' with a kind in {SECTION_KINDS}"
            )
        out.append((cols[0], cols[1]))
    return tuple(out)  # type: ignore[return-value]


@cache
def variety_markers() -> dict[str, frozenset[str]]:
    """'nn' and 'nb' -> the words only that variety writes (variety_markers.tsv)."""
    out: dict[str, set[str]] = {"nn": set(), "nb": set()}
    for n, cols in _rows("variety_markers.tsv"):
        if len(cols) != 2 or cols[0] not in out or not cols[1] or " " in cols[1]:
            raise LexiconError(f"variety_markers.tsv line {n}: expected '<nn or nb>\\t<word>'")
        out[cols[0]].add(cols[1].lower())
    if both := out["nn"] & out["nb"]:
        raise LexiconError(f"variety_markers.tsv: marked both nn and nb: {', '.join(sorted(both))}")
    return {v: frozenset(ws) for v, ws in out.items()}


@cache
def months() -> dict[str, int]:
    """Month name or abbreviation (lower case) -> the month's number (months.tsv)."""
    out = {}
    for n, cols in _rows("months.tsv"):
        if len(cols) != 2 or not cols[0].isalpha() or cols[1] not in {str(m) for m in range(1, 13)}:
            raise LexiconError(f"months.tsv line {n}: expected '<name>\\t<month 1-12>'")
        out[cols[0].lower()] = int(cols[1])
    return out


def _pattern_rows(name: str, kinds: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(kind, pattern) rows of a resource whose second column is a regular expression, in
    the file's order: each kind one of ``kinds``, each pattern one that compiles."""
    kinds = tuple(kinds)
    out = []
    for n, cols in _rows(name):
        if len(cols) != 2 or cols[0] not in kinds or not cols[1]:
            raise LexiconError(f"{name} line {n}: expected '<kind>\\t<pattern>' with a kind in {kinds}")
        try:
            re.compile(cols[1])
        except re.error as exc:
            raise LexiconError(f"{name} line {n}: {exc}") from exc
        out.append((cols[0], cols[1]))
    return tuple(out)


def _alternatives(rows: Iterable[tuple[str, str]], flags: int = 0) -> dict[str, re.Pattern[str]]:
    """One pattern per kind, in the order the kinds first appear: its rows as alternatives
    between word boundaries."""
    parts: dict[str, list[str]] = {}
    for kind, pattern in rows:
        parts.setdefault(kind, []).append(pattern)
    return {kind: re.compile(r"\b(?:" + "|".join(ps) + r")\b", flags) for kind, ps in parts.items()}


@cache
def status_colours() -> dict[str, MeasureState]:
    """Traffic-light words and the status each stands for, alone after an item
    (status_colours.tsv)."""
    out: dict[str, MeasureState] = {}
    for n, cols in _rows("status_colours.tsv"):
        if len(cols) != 2 or cols[0] not in get_args(MeasureState) or not cols[1]:
            raise LexiconError(
                f"status_colours.tsv line {n}: expected '<status>\t<word>' with a measure status"
            )
        out[cols[1].lower()] = cols[0]  # type: ignore[assignment]
    return out


@cache
def status_cues() -> dict[MeasureState, re.Pattern[str]]:
    """The cue pattern of each measure status (status_cues.tsv), in the order they are tried."""
    return _alternatives(_pattern_rows("status_cues.tsv", get_args(MeasureState)))  # type: ignore[return-value]


def _runs(rows: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(kind, pattern): each run of rows of one kind in a row, as one pattern of alternatives
    (a table tried from the top keeps its order: 'politisk styringsgruppe' before
    'styringsgruppe', 'regionråd' after it)."""
    out: list[tuple[str, list[str]]] = []
    for kind, pattern in rows:
        if out and out[-1][0] == kind:
            out[-1][1].append(pattern)
        else:
            out.append((kind, [pattern]))
    return tuple((kind, "|".join(ps)) for kind, ps in out)


@cache
def unit_kind_patterns() -> tuple[tuple[UnitKind, re.Pattern[str]], ...]:
    """(kind, pattern) of unit_kinds.tsv, tried in order, in any case."""
    rows = _runs(_pattern_rows("unit_kinds.tsv", get_args(UnitKind)))
    return tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in rows)  # type: ignore[misc]


@cache
def unit_status_patterns() -> tuple[tuple[UnitStatus, re.Pattern[str]], ...]:
    """(status, pattern) of unit_status.tsv, tried in order, in any case."""
    rows = _runs(_pattern_rows("unit_status.tsv", get_args(UnitStatus)))
    return tuple((status, re.compile(p, re.IGNORECASE)) for status, p in rows)  # type: ignore[misc]


# what progress_cues.tsv names: the statuses a cue states ('mixed' and 'unknown' are verdicts
# on the cues found, none is a cue), and the topic of progress itself
PROGRESS_CUE_KINDS = (*(s for s in get_args(ProgressStatus) if s not in ("mixed", "unknown")), "topic")


@cache
def progress_cues() -> dict[str, re.Pattern[str]]:
    """The pattern of each kind of progress cue (progress_cues.tsv), in any case."""
    return _alternatives(_pattern_rows("progress_cues.tsv", PROGRESS_CUE_KINDS), re.IGNORECASE)


@cache
def furniture_pattern() -> re.Pattern[str]:
    """One pattern matching a whole line that furniture.tsv names."""
    parts = []
    for n, cols in _rows("furniture.tsv"):
        if len(cols) != 2:
            raise LexiconError(f"furniture.tsv line {n}: expected '<what>\\t<pattern>'")
        try:
            re.compile(cols[1])
        except re.error as exc:
            raise LexiconError(f"furniture.tsv line {n}: {exc}") from exc
        parts.append(f"(?:{cols[1]})")
    return re.compile(r"^\s*(?:" + "|".join(parts) + r")\s*$", re.IGNORECASE)


def is_furniture(text: str) -> bool:
    # furniture lines are short; the pattern runs on those only
    return len(text) <= MAX_FURNITURE_CHARS and bool(furniture_pattern().match(text))


@cache
def _furniture_by_kind() -> dict[str, re.Pattern[str]]:
    parts: dict[str, list[str]] = {}
    for _, cols in _rows("furniture.tsv"):
        parts.setdefault(cols[0], []).append(f"(?:{cols[1]})")
    return {k: re.compile(r"^\s*(?:" + "|".join(v) + r")\s*$", re.IGNORECASE) for k, v in parts.items()}


def furniture_kind(text: str) -> str | None:
    """What a furniture line is ('transcript', 'navigation': the first column of furniture.tsv)."""
    if not is_furniture(text):
        return None
    return next((k for k, p in _furniture_by_kind().items() if p.match(text)), None)


MAX_FURNITURE_CHARS = 200

# contact details (what a contact card or a letterhead holds, no goal): a card gives them
# within its first CARD_LINES lines
_CONTACT = re.compile(r"@|\btlf\b|\btelefon\b|\bmob\b|\+47|\bpostboks\b|https?:|www\.", re.IGNORECASE)
_CONTACT_WORDS = frozenset({"tlf", "telefon", "mob", "postboks"})  # _CONTACT's words
CARD_LINES = 4


def has_contact(text: str, words: frozenset[str] | None = None) -> bool:
    """Whether a line gives contact details (an e-mail or web address, a phone number, a
    post box). With the line's lower-case ``words`` (the labeller has them), a set test and
    four plain searches rule out most lines before the pattern runs."""
    if words is not None and not (
        "@" in text or "+47" in text or words & _CONTACT_WORDS or "www." in text or "http" in text
    ):
        return False
    return bool(_CONTACT.search(text))


def gives_contact(texts: Iterable[str]) -> bool:
    """Whether the first lines of a block (``texts``) give contact details, as a contact
    card does ('Carina Stokke' / 'Rådgiver' / 'Tlf. 71 25 89 02')."""
    return any(map(has_contact, islice(texts, CARD_LINES)))


CUES = ("purpose_subject", "aim_verb", "done")


@cache
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    words: dict[str, list[str]] = {c: [] for c in CUES}
    for n, cols in _rows("cues.tsv"):
        if len(cols) != 2 or cols[0] not in CUES or not cols[1]:
            raise LexiconError(f"cues.tsv line {n}: expected '<cue>\\t<word>' with a cue in {CUES}")
        words[cols[0]].append(cols[1].lower())
    endings = "|".join(re.escape(e) for e in sorted(INFLECTIONS, key=len, reverse=True) if e)
    return {
        cue: re.compile(rf"^(?:{'|'.join(re.escape(w) for w in ws)})(?:{endings})?$")
        for cue, ws in words.items()
        if ws
    }


@lru_cache(maxsize=65536)
def cues_of(word: str) -> tuple[str, ...]:
    """The cues a word is ('Programmet' -> ('purpose_subject',))."""
    w = word.lower().strip(".,:;()«»\"'")
    return tuple(cue for cue, pat in _cue_patterns().items() if pat.match(w))


@cache
def contents_headings() -> frozenset[str]:
    """The headings of a table of contents (contents.tsv), casefolded."""
    out = set()
    for n, cols in _rows("contents.tsv"):
        if len(cols) != 1 or not cols[0]:
            raise LexiconError(f"contents.tsv line {n}: expected one heading per row")
        out.add(cols[0].casefold())
    return frozenset(out)


def is_contents_heading(text: str) -> bool:
    return text.strip().rstrip(":").strip().casefold() in contents_headings()


@cache
def binding_words() -> frozenset[str]:
    """Prepositions and conjunctions that bind the word after them (binding_words.tsv)."""
    out = set()
    for n, cols in _rows("binding_words.tsv"):
        if len(cols) != 1 or not cols[0] or " " in cols[0]:
            raise LexiconError(f"binding_words.tsv line {n}: expected one word per row")
        out.add(cols[0].casefold())
    return frozenset(out)


def ends_bound(text: str) -> bool:
    """Whether the last word of ``text`` binds it to what comes next, a preposition or a
    conjunction ('Regional plan for' / 'Hardangervidda', 'Dette har bidratt til' over bullets)."""
    words = text.split()
    return bool(words) and words[-1].lower() in binding_words()


@cache
def label_nouns() -> tuple[str, ...]:
    """The goal nouns that open a label phrase (label_nouns.tsv), in order."""
    out = []
    for n, cols in _rows("label_nouns.tsv"):
        if len(cols) != 1 or not cols[0] or " " in cols[0]:
            raise LexiconError(f"label_nouns.tsv line {n}: expected one word per row")
        out.append(cols[0].lower())
    return tuple(out)


NAME_CONTEXTS = ("town_before", "facility_after", "institution_before", "not_a_given_name")


@cache
def name_context() -> dict[str, frozenset[str]]:
    """Words beside a municipality's name that make it part of something else, by where they
    stand (name_context.tsv): {where: words}, every key of NAME_CONTEXTS present."""
    out: dict[str, set[str]] = {k: set() for k in NAME_CONTEXTS}
    for n, cols in _rows("name_context.tsv"):
        if len(cols) != 2 or cols[0] not in NAME_CONTEXTS or not cols[1] or " " in cols[1]:
            raise LexiconError(
                f"name_context.tsv line {n}: expected '<where>\\t<word>' with a where in {NAME_CONTEXTS}"
            )
        out[cols[0]].add(cols[1].casefold())
    return {k: frozenset(v) for k, v in out.items()}


PLACE_NAME_KINDS = ("ambiguous", "district")


@cache
def place_names() -> dict[str, frozenset[str]]:
    """Names the municipality finder treats with care (place_names.tsv), by kind: {kind: names},
    as printed, every key of PLACE_NAME_KINDS present."""
    out: dict[str, set[str]] = {k: set() for k in PLACE_NAME_KINDS}
    for n, cols in _rows("place_names.tsv"):
        if len(cols) != 2 or cols[0] not in PLACE_NAME_KINDS or not cols[1][:1].isupper():
            raise LexiconError(
                f"place_names.tsv line {n}: expected '<kind>\\t<Name>' with a kind in {PLACE_NAME_KINDS}"
            )
        out[cols[0]].add(cols[1])
    return {k: frozenset(v) for k, v in out.items()}


@cache
def counties() -> tuple[str, ...]:
    """The counties of counties.tsv, longest name first ('Vestfold og Telemark' before 'Vestfold')."""
    out = []
    for n, cols in _rows("counties.tsv"):
        if len(cols) != 1 or not cols[0][:1].isupper():
            raise LexiconError(f"counties.tsv line {n}: expected one capitalised county name per row")
        out.append(cols[0])
    return tuple(sorted(out, key=len, reverse=True))
