"""Goals: the goal hierarchy of a document (main goals, sub-goals, measures).

Forms it reads, in Bokmål and Nynorsk:

- labelled lines: "Hovedmål:", "Hovudmål:", "Overordna mål:", "Samfunnsmål:", "MÅL:",
  "Delmål 2.", "Effektmål:", "Resultatmål:" (the project model's goals under the societal one), "Tiltak 1.3:",
  "Mål for samferdsel:", "Mål, profilering og attraktivitet:", "TEMA: ...", "Innsatsområde 2 - ...",
  "Neste målsetting: ...";
- list headers followed by bullets or numbered items: "TILTAK:" / "Tiltak:" / "Delmål:" / "Mål:";
  items numbered "1", "1.2", "1.2.1", "1)", "a)" or bulleted;
- sentences: "Det overordnede målet er å ...", "Hovudmålet er å ...", "Første tiltak er å ...".

Text spanning several lines is joined: a line continues the item when the item has not
ended its sentence and the line was wrapped (long, or the next line starts in lower case).
Parents come from numbering ("Tiltak 2.3" belongs under "Delmål 2") and otherwise from
position (the nearest sub-goal above). Numbers are kept as printed, duplicates and gaps
included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..extract.text import LIST_BULLETS
from ..lexicon import reporting_kinds
from ..records import Goal, GoalLevel, GoalReference, Line, Section
from .scan import Near
from .units import ITEM_NUMBER, goes_on, split_label_run, split_numbers

_NUM = rf"(?P<num>{ITEM_NUMBER}[a-z]?)"
_SEP = r"\s*(?:[:.)\-–]\s*|\s+(?=[A-ZÆØÅ«“\"]))"

LABELLED: list[tuple[GoalLevel, re.Pattern[str]]] = [
    (
        "main_goal",
        re.compile(
            r"^(?P<label>hovedmål(?:et|setting)?|hovudmål(?:et|setjing)?|overordn(?:et|a|ede)\s+mål(?:et)?"
            r"|samfunnsmål(?:et)?)\s*" + _NUM + r"?\s*(?:[:.\-–]\s*|$)(?P<text>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "sub_goal",
        re.compile(
            r"^(?P<label>delmål|effektmål|resultatmål)\s*"
            + _NUM
            + r"?"
            + r"(?:\s*[:.)\-–]\s*|\s*$)(?P<text>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "sub_goal",
        re.compile(
            r"^(?P<label>(?:mål|målsetting|målsetjing)(?:\s+for|\s+innan|\s+innen|\s*,)\s+[^:.]{2,60}?)\s*:\s*(?P<text>.*)$",
            re.IGNORECASE,
        ),
    ),
    ("sub_goal", re.compile(r"^(?P<label>mål)\s+" + _NUM + r"\s*[:.)\-–]\s*(?P<text>.+)$", re.IGNORECASE)),
    (
        "sub_goal",
        re.compile(
            r"^(?P<label>tema|innsatsområde|satsingsområde|fokusområde|strategi)\s*"
            r"(?:" + _NUM + r"(?:\s*[:.)\-–]\s*|\s+)|\s*[:.\-–]\s*)(?P<text>.+)$",
            re.IGNORECASE,
        ),
    ),
    (
        "measure",
        re.compile(r"^(?P<label>tiltak)\s*" + _NUM + r"\s*(?:[:.)\-–]\s*|\s+)(?P<text>.*)$", re.IGNORECASE),
    ),
    (
        "measure",
        re.compile(
            r"^(?P<label>neste\s+målsetting|neste\s+målsetjing|neste\s+steg)\s*:\s*(?P<text>.+)$",
            re.IGNORECASE,
        ),
    ),
    # "Tiltak: Etablere eit felles næringsfond" (unnumbered; a bare "Tiltak:" heads a list)
    ("measure", re.compile(r"^(?P<label>tiltak)\s*:\s*(?P<text>\S.*)$", re.IGNORECASE)),
    ("main_goal", re.compile(r"^(?P<label>mål|målsetting|målsetjing)\s*:\s*(?P<text>.*)$", re.IGNORECASE)),
]

# "TILTAK:" alone on a line: the items below it are measures (likewise sub-goals)
LIST_HEADER: list[tuple[GoalLevel, re.Pattern[str]]] = [
    ("measure", re.compile(r"^(?P<label>TILTAK)\s*:?\s*$")),
    (
        "measure",
        re.compile(r"^(?P<label>Tiltak|Aktuelle tiltak|Foreslåtte tiltak|Forslag til tiltak)\s*:\s*$"),
    ),
    (
        "sub_goal",
        re.compile(
            r"^(?P<label>(?:[DdMm]|DELM|M)(?:elmål|ål|ÅL)|Målsettinger|Målsetjingar|Strategiar|Strategier|Delmål og tiltak"
            r"|Effektmål|Resultatmål)\s*:\s*$"
        ),
    ),
]

# goals stated in a sentence, each pattern searched near the keyword it needs
SENTENCES: list[tuple[GoalLevel, Near]] = [
    (
        "main_goal",
        Near(
            re.compile(
                r"(?:^|(?<=[.!?]\s))(?:det\s+)?(?:overordn(?:ede|a)\s+mål(?:et)?|hovedmålet|hovudmålet)"
                r"(?:\s+(?:med|for)\s+[^.]{1,60}?)?\s+er\s+(?:å\s+)?(?P<text>[^.!?]{10,400}[.!?])",
                re.IGNORECASE,
            ),
            ("overordn", "hovedmålet", "hovudmålet"),  # a word of each alternative
            60,
            520,
            fold=True,
        ),
    ),
    (
        "measure",
        Near(
            re.compile(
                r"(?:^|(?<=[.!?]\s))(?P<label>første\s+tiltak|neste\s+tiltak|fyrste\s+tiltak)\s+(?:er|blir|vert)\s+(?:å\s+)?"
                r"(?P<text>[^.!?]{5,400}[.!?])",
                re.IGNORECASE,
            ),
            ("første", "fyrste", "neste"),  # a word of each label, rarer than 'tiltak'
            40,
            460,
            fold=True,
        ),
    ),
]

THEME_LABELS = {"tema", "innsatsområde", "satsingsområde", "fokusområde", "strategi"}
_ITEM = re.compile(
    rf"^\s*(?:(?P<num>{ITEM_NUMBER})[.)]?|(?P<alpha>[a-z])\)|(?P<bullet>[{LIST_BULLETS}]))\s+(?P<text>\S.*)$"
)
_REF = re.compile(
    rf"\b(?:se|sjå|jf\.?)\s+(?:også\s+|òg\s+)?(?P<kind>pkt\.?|punkt|tiltak|delmål|mål)\s*(?P<num>{ITEM_NUMBER})",
    re.IGNORECASE,
)
_END = (".", "!", "?")


@dataclass
class _Open:
    level: GoalLevel
    number: str | None
    label: str | None
    parts: list[str]
    section: int
    page: int | None
    parent: int | None = None
    closed: bool = False


def _canon_label(label: str) -> str:
    label = " ".join(label.split())
    if label.isupper() and len(label) > 4:
        return label
    return label[:1].upper() + label[1:]


_REPORTED = frozenset({"er", "var", "vart", "ble", "blei", "blir", "har", "hadde", "vert", "fekk", "fikk"})


def match_labelled(text: str) -> tuple[GoalLevel, str | None, str, str] | None:
    """(level, number, label, text) when ``text`` is a labelled goal line."""
    stripped = text.strip().lstrip("•▪●◦*").strip()
    for level, pattern in LABELLED:
        m = pattern.match(stripped)
        if m:
            label = m.group("label")
            num = m.groupdict().get("num")
            body = m.group("text").strip()
            if level == "main_goal" and label.lower() == "mål" and not body:
                return None  # a bare "Mål:" is a list header
            if body.split(maxsplit=1)[:1] and body.split(maxsplit=1)[0].lower() in _REPORTED:
                return None  # "Tiltak 2 er forseinka": a sentence about the goal, not the goal
            if label.lower() == "strategi" and num and "." in num:
                level = "measure"  # "Strategi 1.2" under "Mål 1", as "Tiltak 1.2" under "Delmål 1"
            return level, num, _canon_label(label), body
    return None


def _list_header(text: str) -> tuple[GoalLevel, str] | None:
    for level, pattern in LIST_HEADER:
        m = pattern.match(text.strip())
        if m:
            return level, m.group("label")
    return None


def _ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(")»”\"'").rstrip()
    return t.endswith(_END)


def _label_alone(lab: tuple[GoalLevel, str | None, str, str] | None) -> tuple[GoalLevel, str] | None:
    """(level, label) of an unnumbered goal label with no text after it ("Delmål",
    "Effektmål:"): what heads a list of such goals when items follow it."""
    return (lab[0], lab[2]) if lab and not lab[1] and not lab[3] else None


def _completed_by_items(lines: Sequence[Line], idx: int) -> bool:
    """The line after ``idx`` is a clause without an end ('Hjelmeland kommune skal vere') and
    items follow it."""
    if idx + 2 >= len(lines):
        return False
    between = lines[idx + 1].text.strip()
    return (
        bool(between)
        and not between.endswith((".", "!", "?", ":"))
        and not _ITEM.match(between)
        and bool(_ITEM.match(lines[idx + 2].text))
    )


def _list_heading(heading: str | None) -> tuple[GoalLevel | None, str | None]:
    """(level, label) of the goals a section headed by a goal label lists; (None, None) else."""
    if not heading:
        return None, None
    head = " ".join(heading.split()).rstrip(":").strip()
    return _list_header(head + ":") or _label_alone(match_labelled(head)) or (None, None)


def extract_goals(
    sections: Sequence[Section], wrap: int | None = None, paragraphs: bool = False
) -> tuple[tuple[Goal, ...], tuple[GoalReference, ...]]:
    """Goals and cross-references of a document, by the rules alone."""
    goals = rule_goals(sections, wrap, paragraphs)
    return goals, tuple(find_references(goals))


def rule_goals(
    sections: Sequence[Section], wrap: int | None = None, paragraphs: bool = False
) -> tuple[Goal, ...]:
    """The goals the rules read in a document. With ``paragraphs`` (PPTX, DOCX, HTML)
    every line is a whole paragraph: an item's text continues onto the next line only
    when its label stood alone."""
    all_lines = [ln for s in sections for ln in s.lines]
    if wrap is None:
        lengths = sorted(len(ln.text) for ln in all_lines) or [80]
        wrap = lengths[int(len(lengths) * 0.9)]
    items: list[_Open] = []
    sentence_goals: list[tuple[int, _Open]] = []

    for section in sections:
        # activities, progress and deviations sections walk through the goals again ("Tiltak 1.1:
        # gjennomført", "Tiltak 1.2 er utsett"): a numbered goal seen before is reported on
        # there, not stated again
        reporting = section.kind in reporting_kinds()
        current: _Open | None = None
        # a section headed by a goal label ("Tiltak", "Delmål") lists goals of that level
        list_level, list_label = _list_heading(section.heading) if not reporting else (None, None)
        list_block: int | None = None
        lines = _label_runs_apart(section.lines)
        skip: int | None = None
        for idx, line in enumerate(lines):
            if idx == skip:
                continue
            text = line.text.strip()
            lab = None if _goes_on(lines, idx, paragraphs) else match_labelled(text)
            if lab and reporting and lab[1] and any(o.level == lab[0] and o.number == lab[1] for o in items):
                current = None
                continue
            items_follow = idx + 1 < len(lines) and bool(_ITEM.match(lines[idx + 1].text))
            # an unnumbered label alone on its line with items below it heads a list of them
            # ("Delmål:", "Effektmål", a web page's "Delmål" subheading)
            header = _list_header(text) or (_label_alone(lab) if items_follow else None)
            if not header and _label_alone(lab) and _completed_by_items(lines, idx):
                # "Overordna mål:" / "Kommunen skal vere" / bullets: the line between completes
                # the label, and the items below are its goals
                header, skip = _label_alone(lab), idx + 1
            if lab and not header:
                level, num, label, body = lab
                current = _Open(level, num, label, [body] if body else [], section.ordinal, line.page)
                items.append(current)
                list_level = None
                if level == "sub_goal" or level == "main_goal":
                    list_level, list_label, list_block = None, None, None
                if level == "sub_goal" and body and not body.endswith(":") and items_follow:
                    # "Delmål 1: Styrke næringslivet" with "a) Etablere næringshage" below: its measures
                    list_level, list_label, list_block = "measure", None, None
                continue
            if header:  # "Delmål:" with the items below it
                list_level, list_label = header
                list_block = line.block
                current = None
                continue
            item = _ITEM.match(text)
            if item and list_level is not None:
                # several items numbered on one line ('1) A 2) B 3) C') are as many items
                for piece in split_numbers(text):
                    if not (item := _ITEM.match(piece)):
                        continue
                    num = item.group("num") or (item.group("alpha") + ")" if item.group("alpha") else None)
                    current = _Open(
                        list_level,
                        num,
                        _canon_label(list_label) if list_label else None,
                        [item.group("text")],
                        section.ordinal,
                        line.page,
                    )
                    items.append(current)
                continue
            if current is not None and not current.closed:
                if paragraphs and current.parts:
                    current.closed = True
                elif _continues(current, line, lines[idx - 1] if idx else None, wrap):
                    current.parts.append(text)
                    continue
                current.closed = True
            if list_level is not None and line.block != list_block and not item:
                # a list ends at the first unlisted paragraph after it
                if not _ITEM.match(text):
                    list_level = None
        _sentence_scan(section, sentence_goals, len(items))

    # sentence goals go where they were found, in document order
    merged: list[_Open] = []
    pending = sorted(sentence_goals, key=lambda p: p[0])
    pi = 0
    for n, it in enumerate(items):
        while pi < len(pending) and pending[pi][0] <= n:
            merged.append(pending[pi][1])
            pi += 1
        merged.append(it)
    merged.extend(op for _, op in pending[pi:])
    merged = [op for op in merged if " ".join(op.parts).strip()]
    return _finish(merged)


def _label_runs_apart(lines: Sequence[Line]) -> Sequence[Line]:
    """Each goal of a labelled run on one line ('Strategi 1 - A Strategi 2 - B') on a line
    of its own, as the units read them."""
    out: list[Line] = []
    for line in lines:
        pieces = split_label_run(line.text)
        out.extend([line] if len(pieces) == 1 else [replace(line, text=p) for p in pieces])
    return out


def _goes_on(lines: Sequence[Line], idx: int, paragraphs: bool) -> bool:
    """A line that goes on with the sentence the line before left open, in lower case (a
    PDF's wrapped paragraph: '... for det enkelte' / 'satsingsområde. Enkeltståande ...'):
    its first word is no goal label."""
    if paragraphs or idx == 0:
        return False
    line, prev = lines[idx], lines[idx - 1]
    return prev.block == line.block and goes_on(line.text, prev.text)


def _sentence_scan(section: Section, out: list[tuple[int, _Open]], position: int) -> None:
    text = " ".join(ln.text.strip() for ln in section.lines)
    for level, near in SENTENCES:
        for m in near.finditer(text):
            label = m.groupdict().get("label")
            body = m.group("text").strip()
            out.append(
                (
                    position,
                    _Open(
                        level,
                        None,
                        _canon_label(label) if label else None,
                        [body],
                        section.ordinal,
                        _page_at(section, m.start()),
                    ),
                )
            )


def _page_at(section: Section, offset: int) -> int | None:
    pos = 0
    for ln in section.lines:
        pos += len(ln.text.strip()) + 1
        if pos > offset:
            return ln.page
    return section.page_start


def _continues(current: _Open, line: Line, prev: Line | None, wrap: int) -> bool:
    text = line.text.strip()
    if not text or _ITEM.match(text) or match_labelled(text) or _list_header(text):
        return False
    if prev is None or prev.block != line.block:
        if current.parts and text[:1].islower() and not _ends_sentence(current.parts[-1]):
            return True  # a sentence broken by a paragraph gap
        # the label stood alone on its line: its text starts on the next line
        return (
            not current.parts and prev is not None and line.block - prev.block <= 1 and not text.endswith(":")
        )
    if not current.parts:
        return True
    last = current.parts[-1]
    if _ends_sentence(last) and not text[:1].islower():
        return False
    if text[:1].islower():
        return True
    return len(prev.text.strip()) >= 0.8 * wrap


def _finish(ops: Sequence[_Open]) -> tuple[Goal, ...]:
    goals: list[Goal] = []
    last_sub: int | None = None
    last_theme: _Open | None = None
    last_theme_n: int | None = None
    by_number: dict[str, int] = {}
    for n, op in enumerate(ops):
        text = " ".join(" ".join(op.parts).split())
        parent: int | None = None
        if (
            op.level == "main_goal"
            and (op.label or "").lower() == "mål"
            and last_theme is not None
            and last_theme.section == op.section
        ):
            # "Mål:" under "TEMA: Reiseliv" is that theme's goal, not the document's
            op.level = "sub_goal"
            parent = last_theme_n
            last_sub = n
        elif op.level == "measure":
            if op.number and "." in op.number:
                head = op.number.rsplit(".", 1)[0]
                parent = by_number.get(head)
            if parent is None:
                parent = last_sub
        elif op.level == "sub_goal":
            if op.number and "." in op.number:
                parent = by_number.get(op.number.rsplit(".", 1)[0])
            last_sub = n
            if (op.label or "").lower() in THEME_LABELS:
                last_theme, last_theme_n = op, n
        else:
            last_sub = None
        goals.append(
            Goal(
                ordinal=n,
                section_ordinal=op.section,
                level=op.level,
                number=op.number,
                label=op.label,
                text=text,
                parent=parent,
                page=op.page,
            )
        )
        # a number names the latest sub-goal printed with it, or the first such measure
        if op.number and op.level == "sub_goal":
            by_number[op.number] = n
        elif op.number and op.level == "measure":
            by_number.setdefault(op.number, n)
    return tuple(goals)


def find_references(goals: Sequence[Goal]) -> list[GoalReference]:
    """Cross-references in goal texts ("se pkt 1.5", "se tiltak 4.2")."""
    numbered: dict[str, int] = {}
    for g in goals:
        if g.number:
            numbered.setdefault(g.number, g.ordinal)
    refs = []
    for g in goals:
        for m in _REF.finditer(g.text):
            target = m.group("num")
            refs.append(
                GoalReference(from_goal=g.ordinal, target_number=target, target_goal=numbered.get(target))
            )
    return refs
