"""Activities: paragraphs of an activities section linked to the sub-goal they report on.

Reports often walk through their sub-goals again under "Beskrivelse av aktivitetene":
"1. Styrke partnerskapet ..." followed by what was done. A paragraph starts at a line
numbered like a sub-goal ("1.", "2)", "Delmål 3:") or at a line that repeats a sub-goal's
wording; it runs to the next such start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from ..records import Activity, Goal, Section

_START = re.compile(r"^\s*(?:del)?(?:mål\s*)?(?P<num>\d{1,2})\s*[.):]\s*(?P<text>\S.*)$", re.IGNORECASE)


def link_activities(sections: Sequence[Section], goals: Sequence[Goal]) -> tuple[Activity, ...]:
    subs = [g for g in goals if g.level == "sub_goal"]
    if not subs:
        return ()
    by_number = {}
    for g in subs:
        if g.number:
            by_number.setdefault(g.number, g)
    out: list[Activity] = []
    for section in sections:
        if section.kind != "activities":
            continue
        current: tuple[Goal | None, str | None, list[str]] | None = None
        for line in section.lines:
            text = line.text.strip()
            target, number = _starts(text, by_number, subs)
            if target is not None:
                if current:
                    out.append(_make(len(out), section.ordinal, current))
                current = (target, number, [text])
            elif current is not None:
                current[2].append(text)
        if current:
            out.append(_make(len(out), section.ordinal, current))
    return tuple(out)


def _starts(text: str, by_number: dict[str, Goal], subs: Sequence[Goal]) -> tuple[Goal | None, str | None]:
    m = _START.match(text)
    if m and m.group("num") in by_number:
        goal = by_number[m.group("num")]
        if fuzz.partial_ratio(m.group("text")[:60].lower(), goal.text.lower()) >= 70:
            return goal, m.group("num")
    if len(text) > 25 and text[:1].isupper():
        low = text.lower()
        hit = process.extractOne(
            low, [g.text[: len(text)].lower() for g in subs], scorer=fuzz.ratio, score_cutoff=90
        )
        if hit:
            best = subs[hit[2]]
            return best, best.number
    return None, None


def _make(n: int, section: int, current: tuple[Goal | None, str | None, list[str]]) -> Activity:
    goal, number, parts = current
    return Activity(
        ordinal=n,
        section_ordinal=section,
        sub_goal=goal.ordinal if goal else None,
        number=number,
        text=" ".join(" ".join(parts).split()),
    )
