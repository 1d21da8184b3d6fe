"""Units: the pieces of a document the goal labeller tags, one line or part of a line each.

A line of a report is often one item; a line of a flattened PDF transcript or a web page's
paragraph holds several: sentences, a "Label: text" pair, inline enumerations ("1. A 2. B"),
items run together with bullets or '+'. Each becomes a unit, in reading order, with the
line it came from, so the labeller sees one candidate goal per unit and the assembler
knows what stood before it.

:func:`strip_label` splits a unit's text into its leading label ("Tiltak 1.2", "AP 1.",
"Hovudmålet er å"), its number, and the goal text the warehouse keeps.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..layout import within_spread
from ..lexicon import (
    binding_words,
    compound_goal_level,
    ends_bound,
    goal_levels_in,
    goal_word_level,
    goal_words,
    label_nouns,
)
from ..records import GoalLevel, Line, Section

MAX_LABEL_WORDS = 10
MAX_ITEM_CHARS = 400  # longer "items" are pages of a flattened transcript ('1 Forprosjekt ...')

# a sentence ends at . ! ? before a capital, unless the full stop ends a number or an abbreviation
_SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[«\"“(]?[A-ZÆØÅ])")
# how far back an abbreviation before a stop reaches: the longest ('t.o.m.') and a space
ABBREV_REACH = 16
_ABBREV = re.compile(
    r"(?:^|\s)(?:\d|[a-zæøå]|[A-ZÆØÅ]|bl\.a|f\.eks|t\.d|m\.a|m\.m|o\.l|evt|ca|jf|jfr|pkt|nr|pr|kap|kl|tlf|ref"
    r"|osv|mv|dvs|iht|vha|stk|avd|ang|mill|mrd|kr|nb|ev|sk|st|gnr|bnr|t\.o\.m|f\.o\.m)\.$",
    re.IGNORECASE,
)
# "Label: text" (the label short, without a sentence's full stop)
_COLON = re.compile(r"(?<=\S)[:;]\s+(?=\S)")
# the marks a unit's bullet is: round and square bullets, Word's symbol-font ones, and the
# '+' and '=' of a flattened deck's lines
_MARKS = "•▪●◦\uf0b7\uf0a7\uf076+="
# inline items: "• A • B", "+ B", "= C", and numbered ones after a space: "1. A 2. B", "1) A 2) B"
_INLINE_BULLET = re.compile(rf"\s+(?=[{_MARKS}]\s)")
_INLINE_NUMBER = re.compile(r"(?<=\S)\s+(?=(?:\d{1,2}|[a-h])[.)]\s+[A-ZÆØÅ«\"])")
_DASH_ITEMS = re.compile(r"(?:^|\s)[-–]\s+(?=\S)")
_HAS_BULLET = re.compile(rf"[{_MARKS}]\s")
_HAS_STOP = re.compile(r"[.!?»”\"]\s")
# a year a transcript dropped, and with it the sentence's end ('snu flyttestraumen innan
# utgangen av [2015]. Mangfaldet av ...', '50 nye arbeidsplassar i perioden fram mot [2020]
# Næringslivet i ...'): the sentence ends after the words that wanted the year
_DROPPED_YEAR = re.compile(r"\b(?i:utgangen av|fram mot|frem mot|i løpet av)(?=\s+[A-ZÆØÅ][a-zæøå])")
_HAS_NUMBER = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-h])[.)]\s")

# an item's number as a list or a label prints it: '2', '2.3', '1.2.1'
ITEM_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,2}"
_BULLET = re.compile(rf"^\s*(?P<bullet>[{_MARKS}*>\-–—o])\s+")
_NUMBER = re.compile(rf"^\s*(?P<num>{ITEM_NUMBER}|[a-hA-H]|[IVX]{{1,4}})(?P<close>[.)]|\s*[-–—])\s+")
_LABEL_NUMBER = re.compile(
    r"^\s*(?P<label>[A-ZÆØÅa-zæøå][\wæøåÆØÅ\-]{0,24}(?:\s+[\wæøåÆØÅ\-]{1,24}){0,2}?)\s+"
    rf"(?P<num>{ITEM_NUMBER}[a-z]?(?!\d)|[A-H](?=\s*[:.)]))(?:[:.)]\s*|\s*[\-–—]\s+|\s+)(?=\S)"
)
_LABEL_COLON = re.compile(r"^\s*(?P<label>[^:;.!?]{1,80}?)\s*[:;]\s*(?=\S)")


@cache
def _label_phrase() -> re.Pattern[str]:
    """'Hovudmålet er å ...', 'Målet med fase 2 er at ...', 'Målsettingen ... blir nå å ...':
    words up to a word with a label noun (lexicon.label_nouns) in it, then its verb."""
    goal_noun = r"[\wæøåÆØÅ\-]*(?:" + "|".join(map(re.escape, label_nouns())) + r")[\wæøåÆØÅ]*"
    return re.compile(
        r"^(?P<label>(?:[\wæøåÆØÅ\-]+\s+){0,12}?" + goal_noun + r"(?:"
        r"(?:\s+[\wæøåÆØÅ\-]+){0,8}?\s+(?:er|blir|vert|var)(?:\s+nå|\s+no)?(?:\s*[:;])?\s+(?:(?:å|at)\s+)?"
        r"|\s+(?:om\s+)?å\s+))(?=\S)",
        re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class Unit:
    """One candidate: a whole line or a piece of one."""

    text: str
    section: int  # ordinal of the section it lies in
    line: int  # index of its line among the document's body lines (-1 for a heading)
    piece: int  # its place among the pieces of its line
    pieces: int  # how many pieces its line has
    heading: bool  # the section's heading
    source: Line  # the line it came from (layout)


def split_line(text: str) -> list[str]:
    """The pieces of one line of text, in order."""
    text = " ".join(text.split())
    if not text:
        return []
    pieces = [text]
    # an item line ("Tiltak 1.1: A. B.", "• A. B.") is one item, whatever its sentences
    item = len(text) <= MAX_ITEM_CHARS and bool(_ITEM_START.match(text) or _goal_label_number(text))
    # each splitter only where the cheap test for what it cuts at passes
    copula_list = "," in text and (" er " in text or " blir " in text or " vert " in text)
    splitters = [
        (_split_bullets, _HAS_BULLET.search(text)),
        (split_label_run, goal_word_level(text.split(maxsplit=1)[0])),
        (_split_sentences, not item and _HAS_STOP.search(text)),
        (_split_dropped_years, _DROPPED_YEAR.search(text)),
        (
            _split_bare_label,
            len(text) > RUN_TOGETHER and any(end in text for end in _bare_label_ends()),
        ),
        # a list and its goal word on either side of a copula
        (_split_copula_list, copula_list),
        (_split_list_subject, copula_list),
        (_split_quoted_goal, "«" in text or '"' in text or "“" in text),
        (_split_colons, ":" in text or ";" in text),
        (split_numbers, _HAS_NUMBER.search(text)),
        (_split_dashes, "-" in text or "–" in text),
    ]
    for splitter, may in splitters:
        if may:
            pieces = [p for piece in pieces for p in splitter(piece) if p.strip()]
    if (
        len(pieces) == 2
        and pieces[0].endswith(":")
        and len(pieces[0].split()) <= 3
        and text.startswith(pieces[0])
    ):
        if item or goal_levels_in(pieces[0]):
            return [text]  # "Tiltak 1.1: text", "Tiltak: text" stay one unit (not 'Tiltaka er: A, B og C')
    out: list[str] = []
    listing = False  # the pieces after a lead-in, while they are phrases (no finite verb)
    for k, piece in enumerate(pieces):
        if k > 0 and _lead_in(pieces[k - 1]) and lead_in_level(piece):
            out.extend(_split_before_sentence(piece))  # 'Næringsvekst i X RUP har 4 innsatsområder;'
            listing = False
        elif k > 0 and _lead_in(pieces[k - 1]):
            out.extend(p for part in _split_enumeration(piece) for p in _split_run_on(part))
            listing = True
        elif k > 0 and _lead_in(pieces[k - 1], min_words=1):
            out.extend(_split_enumeration(piece))
            listing = False
        elif listing and not FINITE.search(piece):
            out.extend(_split_run_on(piece))  # a later item of the list, run into the next one
        else:
            out.append(piece)
            listing = False
    return out


def _lead_in(piece: str, min_words: int = 3) -> bool:
    """A lead-in that announces a list of goals ('RUP har 4 strategiske innsatsområder;')."""
    return len(piece.split()) >= min_words and lead_in_level(piece) is not None


LEAD_IN_REACH = 8


def lead_in_level(piece: str) -> GoalLevel | None:
    """The goal level a lead-in ending in ':' or ';' announces ('RUP har 4 strategiske
    innsatsområder;', 'Hovedmålet for perioden er;'): the level of its last goal word, which
    must be among the last words of its last clause; a goal word far back or in a clause
    before names no list ('For å oppnå måla, ynskjer kommunen å bygge tillit gjennom:')."""
    if not piece.rstrip().endswith((":", ";")):
        return None
    # the clause that ends in ':' (after its last comma), and its last words
    words = piece.rsplit(",", 1)[-1].split()[-LEAD_IN_REACH:]
    levels = [goal_word_level(w) for w in words]
    if not any(levels) and words:
        levels[-1] = compound_goal_level(words[-1])  # 'blir viktige fellestiltak:'
    found = [k for k, lv in enumerate(levels) if lv]
    if not found:
        return None
    k = found[-1]
    if k > 0 and levels[k - 1] == "main_goal":
        return "main_goal"  # 'overordna mål:'
    return levels[k]


_NUMBER_WORDS = {
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
}
_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def lead_in_count(piece: str) -> int | None:
    """How many items a lead-in announces ('RUP har 4 strategiske innsatsområder;', 'følgende
    tre tiltak gjennomføres:'): a count standing up to two words before a goal word."""
    for m in _COUNT.finditer(piece):
        after = piece[m.end() :].split()[:3]
        if any(goal_word_level(w) for w in after):
            n = m.group(1).lower()
            count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
            return count if 2 <= count <= 20 else None
    return None


_RUN_ON = re.compile(r"(?<=[a-zæøå0-9)])\s+(?=[A-ZÆØÅ](?:[a-zæøå]|[A-ZÆØÅ]+\b))")
_REPEATED = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+)\s+(\1)\b")


# a finite verb: what makes a piece a sentence, not an item or a list of phrases
FINITE = re.compile(r"\b(?:er|var|har|hadde|skal|blir|ble|vert|vart|vil|kan|må|bør)\b", re.IGNORECASE)


_AND = re.compile(r"^(?:og|samt)\s+|\s+(?:og|samt)\s+(?!.*\s(?:og|samt)\s)", re.IGNORECASE)


def _split_enumeration(text: str) -> list[str]:
    """'Kultur, kompetanse og verdiskaping og samferdsel.' after a lead-in: the items of a
    comma list, the last two parted at the last 'og' (or 'samt': 'A, B, samt C'). Only a list
    of short phrases without a finite verb (a sentence is no list)."""
    body = text.rstrip(".").strip()
    if "," not in body or FINITE.search(body):
        return [text]
    parts = [p.strip() for p in body.split(",") if p.strip()]
    parts[-1:] = [p.strip() for p in _AND.split(parts[-1], maxsplit=2) if p.strip()]
    if len(parts) < 3 or any(len(p.split()) > 5 for p in parts):
        return [text]
    return parts


_COPULA = re.compile(r"\s(?:er|blir|vert)(?:\s+å)?(?=\s)", re.IGNORECASE)
COPULA_SUBJECT_WORDS = 6  # a subject this long at most ('Dei tre hovudmåla for prosjektet er')
GOAL_WORD_REACH = 4  # with its goal word among its first words


def _plural_goal_word(word: str) -> bool:
    """'Hovedmåla', 'innsatsområdene', 'tiltaka': a goal word in the definite plural (not
    the singular 'målsettinga')."""
    w = word.lower()
    return (w.endswith(("ene", "ane")) or (w.endswith("a") and not w.endswith("inga"))) and bool(
        goal_word_level(w)
    )


def _split_copula_list(text: str) -> list[str]:
    """'Hovedmåla våre er å A, B, samt C.', 'Innsatsområdene er A, B og C.': goals in the
    plural as the sentence's subject, then the list of them: the subject and its verb are
    read as the lead-in they are ('Hovedmåla våre er å:'), the list as its items. A goal
    word in the singular states one goal, whatever its commas ('Hovedmålet er å A, B og C').
    The other way round, the list as the subject, see :func:`_split_list_subject`."""
    if not any(map(_plural_goal_word, text.split(maxsplit=GOAL_WORD_REACH)[:GOAL_WORD_REACH])):
        return [text]  # most sentences: no goals in the plural among the first words
    m = _COPULA.search(text)
    if m is None or len(text[: m.start()].split()) > COPULA_SUBJECT_WORDS:
        return [text]
    rest = text[m.end() :].strip()
    items = _split_enumeration(rest)
    if len(items) < 3 or all(len(w := item.split()) == 1 and w[0].endswith("e") for item in items):
        # no list, or one of what the goals are like, single words in an adjective's plural
        # ending ('Måla er ambisiøse, konkrete og målbare')
        return [text]
    return [text[: m.end()].strip() + ":", rest]


PREDICATE_REACH = 4  # 'er dei tre viktigaste satsingsområda'
_SINGULAR = frozenset("en ei et ein eit ett".split())


def _split_list_subject(text: str) -> list[str]:
    """'Samarbeid, møteplasser, kompetanseheving blir viktige fellestiltak for alle
    innsatsområder.', 'Næring, samferdsel og kompetanse er dei tre satsingsområda.': a list
    of short phrases as the subject, a goal word as what they are: the verb and the
    predicate up to its goal word (a compound counts: 'fellestiltak') are the lead-in, set
    before the list; the rest of the predicate ('for alle innsatsområder') is dropped. A goal
    word after a singular article names one thing ('er et viktig tiltak')."""
    m = _COPULA.search(text)
    if m is None or m.group().rstrip().endswith("å"):
        return [text]
    items = _split_enumeration(text[: m.start()].strip())
    if len(items) < 3:
        return [text]  # most sentences with a copula: no list before it
    # the predicate's first words, and the one after them
    words = text[m.end() :].split(maxsplit=PREDICATE_REACH + 1)[: PREDICATE_REACH + 1]
    predicate = words[:PREDICATE_REACH]
    k = next((i for i, w in enumerate(predicate) if compound_goal_level(w)), None)
    if k is None or any(w.lower() in _SINGULAR for w in predicate[:k]):
        return [text]
    while k + 1 < len(predicate) and goal_word_level(predicate[k + 1]):
        k += 1  # 'er overordna mål'
    after = words[k + 1].lower() if k + 1 < len(words) and not predicate[k].endswith((".", ",")) else None
    if after is not None and after != "som" and after not in binding_words():
        return [text]  # the goal word is no head ('er vår overordna plan'), unlike 'tiltak for alle'
    return [" ".join([m.group().strip(), *predicate[: k + 1]]).rstrip(".,;:") + ":", *items]


def _split_run_on(text: str) -> list[str]:
    """Items run together after a lead-in ('innsatsområder; Tilrettelegging for næringsutvikling
    Innovasjon og entreprenørskap ...'): split before a capitalised word that follows a
    lower-case one, unless a preposition or 'og' binds it (a name: 'i Nord-Trøndelag').
    Sentences run together are split where each starts (see below). Linear in the text."""
    if "." in text.rstrip(".") or len(text.split()) < 6:
        return [text]
    cuts = _run_on_cuts(text, len(text))
    if not FINITE.search(text):
        return _split_at(text, cuts)
    # sentences run together: cut where a sentence starts, and between a name's two
    # mentions ('... på Frosta Frosta sitt gode omdømme skal ...'); a piece with no finite
    # verb of its own is no sentence and stays with the one before
    cuts = sorted({*cuts, *(m.start(2) for m in _REPEATED.finditer(text))})
    groups: list[list[str]] = []
    for piece in _split_at(text, cuts):
        if groups and not FINITE.search(piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    if len(groups) > 1 and not FINITE.search(groups[0][0]):
        groups[:2] = [groups[0] + groups[1]]
    return [" ".join(g) for g in groups]


def _run_on_cuts(text: str, end: int) -> list[int]:
    """Where an item starts in ``text[:end]``: a capitalised word after a lower-case one
    that no preposition or 'og' binds. The word before is read back to the space before it,
    not by splitting all the text before it (quadratic on a long flattened line)."""
    bound = binding_words()
    return [
        m.end()
        for m in _RUN_ON.finditer(text, 0, end)
        if text[text.rfind(" ", 0, m.start()) + 1 : m.start()].lower() not in bound
    ]


def _split_before_sentence(text: str) -> list[str]:
    """An item run into the next lead-in ('Næringsvekst i Nord-Trøndelag RUP har 4 strategiske
    innsatsområder;'): cut where the lead-in's sentence starts, the last capitalised word after
    a lower-case one before its finite verb."""
    verb = FINITE.search(text)
    if verb is None:
        return [text]
    cuts = _run_on_cuts(text, verb.start())
    return _split_at(text, cuts[-1:]) if cuts else [text]


def _split_at(text: str, positions: Sequence[int]) -> list[str]:
    out, last = [], 0
    for pos in positions:
        out.append(text[last:pos].strip())
        last = pos
    out.append(text[last:].strip())
    return [p for p in out if p]


def _split_bullets(text: str) -> list[str]:
    return _split_at(text, [m.end() for m in _INLINE_BULLET.finditer(text)])


# a goal quoted after the goal word that names it ('det overordna målet om å «saman få til
# klimaomstilling i Sogn og Fjordane»')
_QUOTED = re.compile(r"[«\"“][^«»\"“”]{8,300}[»\"”]")
QUOTED_REACH = 4  # the goal word among the last words before the quote


def _split_quoted_goal(text: str) -> list[str]:
    """A quotation that a goal word just before it names ('... målet om å «X»', 'Visjonen er
    «X»') is a piece of its own, quotes kept; a quotation of anything else stays in its
    sentence ('Slagord for prosjektet: «...»')."""
    for m in _QUOTED.finditer(text):
        before = words_before(text, m.start())
        if before and names_a_quoted_goal(before):
            return [p for p in (text[: m.start()].strip(), m.group(0), text[m.end() :].strip()) if p]
    return [text]


def words_before(text: str, end: int, n: int = QUOTED_REACH) -> list[str]:
    """The last ``n`` words of ``text[:end]``, read from a window before ``end`` (splitting
    all the text before every quotation made a line of many quotations quadratic); the
    whole text only when the window holds no more than ``n`` words (it may cut the first)."""
    start = max(0, end - 60 * (n + 1))
    words = text[start:end].split()
    if start and len(words) <= n:
        words = text[:end].split()
    return words[-n:]


def names_a_quoted_goal(before: Sequence[str]) -> bool:
    """The last words before a quotation name it as a goal: a goal word among them, and the
    quotation right after it or after 'å', 'er' or ':' ('målet om å «...»', 'Visjonen for
    omstillingsarbeidet er: «...»'), not after another word ('Tiltak 1.4: Invitere til «...»')."""
    last = before[-1].lower()
    return any(goal_word_level(w) for w in before) and (
        last.endswith(":") or last in ("å", "er", "var") or goal_word_level(last) is not None
    )


def _split_dropped_years(text: str) -> list[str]:
    return _split_at(text, [m.end() for m in _DROPPED_YEAR.finditer(text)])


def _split_sentences(text: str) -> list[str]:
    """Cut after a sentence's end, not after an abbreviation ('bl.a.', 'kr.'). The
    abbreviation is looked for just before the stop, not in all the text before it (which
    made a long line of sentences quadratic)."""
    cuts = []
    for m in _SENTENCE_END.finditer(text):
        at = m.start()
        if text[at - 1 : at] == "." and _ABBREV.search(text, max(0, at - ABBREV_REACH), at):
            continue
        cuts.append(m.end())
    return _split_at(text, cuts)


def _split_colons(text: str) -> list[str]:
    """'Label: text' -> 'Label:', 'text' at every colon or semicolon that ends a label or a
    lead-in (a long head is no label, but its colon still ends a lead-in in a flattened
    transcript's run of sentences: 'Følgende vilkår gjelder for forvaltningen av fondet:'),
    except in a web address, a time or ratio (10:30), or within brackets ('... (status:
    ikke startet)'). One pass: linear in the text."""
    pieces: list[str] = []
    start = seen = depth = 0
    for m in _COLON.finditer(text):
        at = m.start()
        depth = max(0, depth + text.count("(", seen, at) - text.count(")", seen, at))
        seen = at
        # the head is read where it starts and ends, not copied, until it is a piece: a run
        # of colons that split nothing ('((( x: y: z ...') stays linear
        if (
            depth
            or _WEB_HEAD.match(text, start)
            or (text[at - 1 : at].isdigit() and text[m.end() : m.end() + 1].isdigit())
        ):
            continue
        label = _LABEL_ID_END.search(text, max(start, at - LABEL_ID_REACH), at)
        if label and label.start() > start and compound_goal_level(label.group("word")):
            # a goal's label and number end the sentence before it ('Innsatsen ble konsentrert
            # om strategimål B: Kunnskap, nyskaping og verdiskaping'): the label opens the goal
            pieces.append(text[start : label.start()].strip())
            start = label.start()
            continue
        pieces.append(text[start : at + 1].strip())
        start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


_WEB_HEAD = re.compile(r"\s*(?:https?|www)", re.IGNORECASE)  # matched at the head's start
# a goal word and its number or letter ending a colon's head ('... om strategimål B'), read
# among the head's last characters only
_LABEL_ID_END = re.compile(rf"(?<!\S)(?P<word>[^\W\d_]+)\s+(?:{ITEM_NUMBER}[a-z]?|[A-H])\s*$")
LABEL_ID_REACH = 40


@cache
def _bare_label() -> re.Pattern[str]:
    """A main goal's label without its colon, before the goal it labels ('Visjon Lyngen skal
    vere ...', in a flattened transcript mid-line: 'Innhold Innledning Visjon Lyngen skal
    ...'): a main goal's word of the vocabulary (goal_words.tsv) as it stands, then a
    capitalised subject and 'skal' or 'vil' (a goal, not a statement about it: 'Visjon Lyngen
    2030 er vedteken')."""
    words = "|".join(re.escape(stem) for stem, level in goal_words() if level == "main_goal")
    return re.compile(
        rf"(?:^|(?<=\s))(?P<label>(?i:{words}))\s+"
        r"(?=[A-ZÆØÅ][\wæøåÆØÅ\-]*(?:\s+[\wæøåÆØÅ\-]+){0,3}?\s+(?:skal|vil)\s)"
    )


@cache
def _bare_label_ends() -> tuple[str, ...]:
    """The cheap test for :func:`_bare_label`: how its words end, then a space ('jon ', 'MÅL ')."""
    ends = {stem[-3:] + " " for stem, level in goal_words() if level == "main_goal"}
    return tuple(sorted(ends | {e.upper() for e in ends}))


RUN_TOGETHER = 150  # a line this long may run a label into the text before it (a flattened page)


def _split_bare_label(text: str) -> list[str]:
    """The words before such a label, and the label with its goal (see :func:`strip_label`).
    (Called on long lines where a label's word may end: 'jon ', 'mål ', a cheap test.)"""
    m = _bare_label().search(text)
    if m is None or m.start() == 0:
        return [text]
    return [text[: m.start()].strip(), text[m.start() :].strip()]


def split_label_run(text: str) -> list[str]:
    """'Strategi 1 - A Strategi 2 - B' (a flattened page runs labelled goals together on one
    line): a piece for each goal, cut where its label and a number come again."""
    m = _LABEL_NUMBER.match(text)
    if m is None:
        return [text]
    word = m.group("label").split()[-1]  # 'Strategi' of 'STRATEGIER Strategi 1 - A'
    if text.find(word, m.end()) < 0 or not goal_word_level(word):
        return [text]  # most labelled lines: the label's word does not come again
    again = re.compile(rf"\s(?={re.escape(word)}\s+{ITEM_NUMBER}(?:\s*[-–—:.)]\s|\s+[A-ZÆØÅ]))")
    pieces = _split_at(text, [k.end() for k in again.finditer(text, m.end())])
    if len(pieces) > 1:
        # the last goal runs into the page's next sentence ('... til landbruket Kommunen vil ...')
        pieces[-1:] = _split_before_sentence(pieces[-1])
    return pieces


def split_numbers(text: str) -> list[str]:
    """'1) A 2) B 3) C': the items numbered on one line, each with its number."""
    cuts = [m.end() for m in _INLINE_NUMBER.finditer(text)]
    # "1. A 2. B": only when the numbers run on (one number alone is a date or an amount)
    if len(cuts) < 1 or not _NUMBER.match(text):
        return [text]
    # an item, a phrase, runs into the page's next sentence ('d. Turguiding for barn kr
    # Profileringsprosjekt langrenn og fotodatabase blir gjennomført ...')
    return [p for piece in _split_at(text, cuts) for p in _split_after_item(piece)]


def _split_after_item(item: str) -> list[str]:
    """An item and the sentence it runs into, where the item before the cut has no finite
    verb of its own (an item that is a sentence, '3. Tilskotet blir finansiert ...', stays)."""
    pieces = _split_before_sentence(item)
    return pieces if len(pieces) == 1 or not FINITE.search(pieces[0]) else [item]


def _split_dashes(text: str) -> list[str]:
    """'- A - B - C' items, when the piece starts with a dash and has more than one."""
    if not re.match(r"^\s*[-–]\s", text):
        return [text]
    starts = [m.start() for m in _DASH_ITEMS.finditer(text)]
    if len(starts) < 2:
        return [text]
    pieces = _split_at(text, [s for s in starts if s > 0])
    # "- Etablere eit næringsfond – gjennomført": a short last piece after a long item is a
    # note on it (a status, a year), not an item of its own
    if len(pieces) >= 2 and len(pieces[-1].split()) <= 4 and len(pieces[-2].split()) >= 5:
        pieces[-2:] = [text[text.index(pieces[-2]) :].strip()] if pieces[-2] in text else pieces[-2:]
    return pieces


_ITEM_START = re.compile(rf"^\s*(?:[{_MARKS}*>\-–—]\s|{ITEM_NUMBER}[.)]?\s|[a-hA-H][.)]\s)")
_SENTENCE_DONE = (".", "!", "?", ":", ";")


_BARE_NUMBER = re.compile(r"^\s*\d{1,2}\s")


def _opens_item(text: str, before: str) -> bool:
    """Whether a line opens an item: a bullet, a number with its stop ('2.', '1.1', 'b)'),
    or a bare number after a finished sentence; a bare number in the middle of one is a
    wrapped line's first word ('... i løpet av' / '6 år.')."""
    if not _ITEM_START.match(text):
        return False
    return not _BARE_NUMBER.match(text) or before.endswith(_SENTENCE_DONE)


def goes_on(text: str, before: str) -> bool:
    """Whether ``text`` goes on, in lower case, with a sentence that ``before`` left open
    (a wrapped line's continuation: '... for det enkelte' / 'satsingsområde. Enkeltståande')."""
    return text.lstrip()[:1].islower() and not before.rstrip().endswith(_SENTENCE_DONE)


def logical_lines(lines: Sequence[Line], paragraphs: bool = False, layout: bool = False) -> list[Line]:
    """Lines with their wrapped continuations joined: a line goes on onto the next one in its
    block when it has not ended its sentence and the next line neither opens an item nor
    stands apart (it starts in lower case, or the line before ends in ',', '-' or 'og'). In a
    PDF, whose blocks are paragraphs, every line of the block goes on the one before, as the
    paragraph is one line in text, unless it opens an item or a labelled goal, or the line
    before ends in ':'; a line of the next block goes on too when it goes on with a sentence
    the block left open, in lower case (a column or page break).
    With ``paragraphs`` (DOCX, PPTX, HTML) each line is a whole paragraph already."""
    if paragraphs:
        return list(lines)
    out: list[Line] = []
    joined: list[str | None] = []  # the text of out[k] with its continuations, once it has any
    for line in lines:
        text = line.text.strip()
        if out and text:
            prev = out[-1]
            pt = (joined[-1] or prev.text).rstrip()
            if (
                # a column or page break cuts a paragraph: '... og sikrede' / 'arbeidsplasser.'
                (prev.block == line.block or (layout and goes_on(text, pt) and not line.heading))
                and pt
                and not _opens_item(text, pt)
                and not prev.heading
                and _same_size(prev, line)
                and (
                    # a PDF's block is a paragraph: its lines are wrapped lines of one text,
                    # sentence ends included, unless a labelled goal opens a line ('Tiltak 1.2:')
                    (layout and not pt.endswith(":") and not _LABEL_NUMBER.match(text))
                    or goes_on(text, pt)
                    or pt.endswith((",", "-", " og", " eller"))
                    # a line cannot end on a preposition: '... for samfunnsutviklingen i' / '2021-2032:'
                    or ends_bound(pt)
                    # nor a sentence go on with a number but a wrapped one ('... er å skape' / '130 nye ...')
                    or (text[:1].isdigit() and not pt.endswith(_SENTENCE_DONE))
                )
            ):
                joined[-1] = pt + " " + text
                continue
        out.append(line)
        joined.append(None)
    # a line with continuations is made once, with the whole text
    return [ln if j is None else replace(ln, text=j) for ln, j in zip(out, joined, strict=True)]


def units(
    sections: Sequence[Section], paragraphs: bool = False, layout: bool = False, skip: Collection[str] = ()
) -> list[Unit]:
    """Every unit of a document: each section's heading, then the pieces of its (logical)
    lines; sections of a kind in ``skip`` give none."""
    out: list[Unit] = []
    index = 0
    for section in sections:
        if section.kind in skip:
            index += len(section.lines)
            continue
        if section.heading:
            head = section.heading.strip()
            out.append(Unit(head, section.ordinal, -1, 0, 1, True, Line(head, page=section.page_start)))
        for line in logical_lines(section.lines, paragraphs, layout):
            pieces = split_line(line.text)
            for k, piece in enumerate(pieces):
                out.append(Unit(piece, section.ordinal, index, k, len(pieces), False, line))
            index += 1
    return out


@dataclass(frozen=True, slots=True)
class Stripped:
    label: str | None
    number: str | None
    text: str
    marker: str  # what opened the unit: 'bullet', 'number', 'letter', 'label_number', 'label', 'phrase', ''


# an amount column after an item: 'kr' or 'NOK' after a word that is not itself an amount
# ('Spare 10 mill. kr' keeps its amount)
_AMOUNT_END = re.compile(
    r"(?<=[A-Za-zÆØÅæøå)])(?<!mill)(?<!mill\.)(?<!mrd)(?<!mrd\.)(?<!million)(?<!millionar)(?<!millioner)"
    r"\s+(?:kr\.?|NOK)(?:\s*\d[\d .,]*(?:,-)?)?$",
    re.IGNORECASE,
)


def _same_size(a: Line, b: Line) -> bool:
    """Two lines of one paragraph's size: the same, or in one block within a quarter of each
    other (OCR's size estimate of a short line strays a sixth from its paragraph's; a block
    of a text layer has one size to 0.6 points)."""
    if a.size == b.size:
        return True
    return a.block == b.block and bool(a.size and b.size) and within_spread(a.size, b.size)


@lru_cache(maxsize=16384)
def strip_label(text: str) -> Stripped:
    """Split a unit into its leading label, number and goal text."""
    t = text.strip()
    marker = ""
    label: str | None = None
    number: str | None = None
    m = _BULLET.match(t)
    if m and (m.group("bullet") != "o" or len(t) > 2):
        t, marker = t[m.end() :], "bullet"
    m = _NUMBER.match(t)
    if m:
        number = m.group("num")
        t = t[m.end() :]
        marker = "letter" if number.isalpha() else "number"
    elif m := _goal_label_number(t):
        label, number, t, marker = m.group("label").strip(), m.group("num"), t[m.end() :], "label_number"
    if label is None:
        m = _LABEL_COLON.match(t)
        if m and len(m.group("label").split()) <= MAX_LABEL_WORDS and t[m.end() :].strip():
            label, t, marker = m.group("label").strip(), t[m.end() :], marker or "label"
        elif m := _bare_label().match(t):
            label, t, marker = m.group("label"), t[m.end() :], marker or "label"  # 'Visjon Lyngen skal ...'
        else:
            m = _label_phrase().match(t)
            if m and len(t) - m.end() >= 8:
                label, t, marker = m.group("label").strip(), t[m.end() :], marker or "phrase"
                label = re.sub(r"\s+(?:om\s+)?(?:å|at)$", "", label)
    t = t.strip().strip('«»"“”').strip()
    t = re.sub(r"[.;,:]+$", "", t).strip()
    t = _AMOUNT_END.sub("", t).strip()  # a table's amount column ('Sykkelprosjekt kr 50 000')
    return Stripped(label, number, t, marker)


def _goal_label_number(text: str) -> re.Match[str] | None:
    """A goal's label and number opening the text ('Tiltak 1.1:', 'Delmål 2', 'HM 3'): a
    goal word or a short code in capitals, not any words before a number ('Målet med fase 2
    er at ...')."""
    m = _LABEL_NUMBER.match(text)
    if m is None:
        return None
    label = m.group("label")
    return m if _opens_with_goal_word(label) or (label.isupper() and len(label) <= 4) else None


def _opens_with_goal_word(text: str) -> bool:
    """'Tiltak', 'Delmål', 'Hovudstrategi', 'Strategimål' (a label before a number), not
    'Målsettingen for hele'."""
    words = text.split()
    if len(words) == 1:
        return bool(compound_goal_level(words[0]))  # label_word_level, its words already split
    return len(words) == 2 and bool(goal_word_level(words[0]))


def label_word_level(label: str) -> GoalLevel | None:
    """The level a one-word label names: a goal word's, or a compound's that ends in one
    ('Strategimål' before its letter); None for a label of more words."""
    words = label.split()
    return compound_goal_level(words[0]) if len(words) == 1 else None
