"""Goals by labelling, then assembling: units -> features -> the labeller's tags -> the goal tree.

The hand-written rules of :mod:`.goals` still read the forms they know for certain ("Tiltak
2.3:", "Delmål 1", "Hovudmål:"): where they speak they decide, and the model decides every
unit where they are silent.

The assembler turns tagged units into :class:`Goal` records: the text without its leading
label and number, the label as printed (or the goal word of the lead-in above a list), and
a parent from numbering ("Tiltak 2.3" under "Delmål 2"), else the nearest goal one level up
in the same section or the section before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz, process

from ..lexicon import cues_of, goal_levels_in, goal_word_level, reporting_kinds
from ..records import Extracted, Goal, GoalLevel, GoalReference, Section
from .goals import find_references, rule_goals
from .labeller import OUTSIDE, QUIET_KINDS, Tagged, tag, unit_features
from .units import (
    FINITE,
    Stripped,
    Unit,
    label_word_level,
    lead_in_count,
    lead_in_level,
    names_a_quoted_goal,
    strip_label,
    units,
    words_before,
)

_RANK = {"main_goal": 0, "sub_goal": 1, "measure": 2}


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .,;:!?-–—•*\"'«»“”()")


# a document with more rule goals than this (a register of thousands of measures) looks for
# a unit's goal among the REACH goals either side of the last one found, as units and goals
# both run in document order: the cost then grows with the document, not with its square (a
# list of 16,000 lines: 46 s -> 6 s). The most any document here has is 79
MANY_GOALS = 400
REACH = 40


def rule_coverage(
    us: Sequence[Unit], stripped: Sequence[Stripped], ruled_goals: Sequence[Goal]
) -> list[int | None]:
    """For each unit (``stripped``: its text without its label), the rule goal (its index)
    whose text holds the unit's text, or None. A goal of several lines or sentences covers
    each of its units."""
    if not ruled_goals:
        return [None] * len(us)
    keys = [_key(g.text) for g in ruled_goals]
    exact = {k: n for n, k in enumerate(keys)}
    by_section: dict[int, list[int]] = {}
    for n, g in enumerate(ruled_goals):
        by_section.setdefault(g.section_ordinal, []).append(n)
    joined = "\x00".join(keys)
    starts = []
    pos = 0
    for k in keys:
        starts.append(pos)
        pos += len(k) + 1

    # remembered: a document that repeats a line ('Hovudmål:') reads the rule goals once for
    # it, not once per line (5,000 such lines: 19 s -> 2.6 s)
    @cache
    def held_by(k: str, section: int, lo: int, hi: int) -> int | None:
        """The rule goal among goals ``lo`` to ``hi`` whose text holds ``k``: anywhere, or
        in ``section`` spelt a little apart."""
        at = joined.find(k, starts[lo], starts[hi - 1] + len(keys[hi - 1]))
        if at >= 0:
            n = bisect_right(starts, at) - 1
            if _stands_for(k, keys[n]):
                return n
        in_section = by_section.get(section, [])
        near = [
            n
            for n in in_section[bisect_left(in_section, lo) : bisect_left(in_section, hi)]
            if len(keys[n]) + 5 >= len(k)
        ]
        if not any(_stands_for(k, keys[n]) for n in near):
            return None  # whichever matched best, too long for a piece this short to stand for
        best = process.extractOne(k, [keys[n] for n in near], scorer=fuzz.partial_ratio, score_cutoff=90)
        if best is not None and _stands_for(k, best[0]):
            return near[best[2]]
        return None

    many = len(keys) > MANY_GOALS
    lo, hi, last = 0, len(keys), 0
    out: list[int | None] = []
    for u, st in zip(us, stripped, strict=True):
        k = _key(st.text)
        hit = exact.get(k)
        if hit is None and k and not u.heading:
            if many:
                lo, hi = max(0, last - REACH), min(len(keys), last + REACH + 1)
            hit = held_by(k, u.section, lo, hi)
        if hit is not None:
            last = hit
        out.append(hit)
    return out


def _stands_for(piece: str, goal: str) -> bool:
    """Whether a piece of a goal's text is long enough to stand for the goal (a third of it,
    or of its first 60 characters): not a word the goal happens to hold."""
    return len(piece) >= 0.3 * min(len(goal), 60)


def document_features(doc: Extracted, sections: Sequence[Section]):
    """(units, features, rule goals, the rule goal covering each unit) of a document."""
    us, _, feats, ruled_goals, covered, _ = _read(doc, sections)
    return us, feats, ruled_goals, covered


def _read(doc: Extracted, sections: Sequence[Section], every_unit: bool = True):
    """What :func:`document_features` gives, with each unit's text without its label and
    the level the list forms decide for each unit (each read once: the features, the model
    and the assembler use them). Without ``every_unit``, the units of sections that report
    on goals get no features (None): the assembler never takes the model's word for them."""
    from ..layout import body_size

    # sections that describe the organisation state no goals: the labeller reads none of
    # their units (the rules still read them); sections that report on goals restate them
    us = units(sections, paragraphs=doc.paragraphs, layout=doc.layout, skip=QUIET_KINDS)
    stripped = [strip_label(u.text) for u in us]
    ruled_goals = rule_goals(sections, paragraphs=doc.paragraphs)
    covered = rule_coverage(us, stripped, ruled_goals)
    ruled: list[str | None] = [ruled_goals[c].level if c is not None else None for c in covered]
    # what the list forms decide is decided for the model too: it then learns what follows
    # them ('Delmål er å A. Eksisterende virksomheter skal forsterkes.')
    kinds = {sec.ordinal: sec.kind for sec in sections}
    listed = list_levels(
        [Tagged(u, st, OUTSIDE, 1.0) for u, st in zip(us, stripped, strict=True)], kinds, covered
    )
    ruled = [r or (lv if lv and lv != OUTSIDE else None) for r, lv in zip(ruled, listed, strict=True)]
    reporting = reporting_kinds()
    unread = () if every_unit else [kinds.get(u.section) in reporting for u in us]
    feats = unit_features(
        us, stripped, sections, body_size(doc.lines) if doc.layout else None, ruled, unread=unread
    )
    return us, stripped, feats, ruled_goals, covered, listed


def label_goals(
    doc: Extracted, sections: Sequence[Section], model: bytes | None = None, scores: bool = False
) -> tuple[tuple[Goal, ...], tuple[GoalReference, ...], list[Tagged]]:
    """Goals of a document: the rules' goals where they read a form for certain, and the
    labeller's for every unit they leave uncovered (``model``: bytes of another model than
    the shipped one). With ``scores``, also each unit's decided tag, its score and what
    decided it (for inspection)."""
    # a report on the goals restates them: only what a goal label says is one there, so the
    # model reads the units outside reporting sections, in order, and tags the others outside
    # (it was trained on every unit: a report restates goals in the forms they take elsewhere)
    us, stripped, feats, ruled_goals, covered, listed = _read(doc, sections, every_unit=False)
    tagged = tag(us, stripped, feats, model=model)
    # each rule goal sits at the first unit it covers (or after the last unit placed before it)
    anchor: dict[int, int] = {}
    for i, c in enumerate(covered):
        if c is not None:
            anchor.setdefault(c, i)
    placed: list[tuple[float, int, object]] = []
    last = -1.0
    for n, g in enumerate(ruled_goals):
        # the rules' own order is kept: an anchor never goes back before the goal before it
        pos = max(float(anchor.get(n, last)), last + 0.001)
        placed.append((pos, 0, g))
        last = pos
    intro: str | None = None
    kinds = {sec.ordinal: sec.kind for sec in sections}
    reporting = reporting_kinds()
    numbers = {g.number for g in ruled_goals if g.number}
    goes_on = False  # the items below a rule goal ending in ':' are part of it
    decided: list[Tagged] = []
    for i, t in enumerate(tagged):
        ends_colon = t.unit.text.rstrip().endswith(":")
        if covered[i] is not None:
            goes_on = ends_colon
            if scores:
                decided.append(replace(t, label=ruled_goals[covered[i]].level, score=1.0, source="rules"))
            if ends_colon or t.unit.heading:
                intro = _intro_word(t.unit.text)
            continue
        if goes_on and t.stripped.marker not in _ITEM_MARKERS:
            goes_on = False
        if listed[i]:
            t = replace(t, label=listed[i], score=1.0, source="list")
        if scores:
            decided.append(t)
        if t.label != OUTSIDE and not goes_on:
            # a reporting section names goals stated before ("Tiltak 1.2 er utsett"): not new
            # ones; a label or lead-in ('Tiltak:', 'Følgende tiltak foreslås:') is no goal itself
            reported = kinds.get(t.unit.section) in reporting and t.stripped.number in numbers
            lead_in = ends_colon or not _has_words_beyond_labels(t.stripped.text)
            if not (reported or lead_in or _cut_off(tagged, i)):
                placed.append((float(i), 1, replace(t, intro_word=intro)))
                continue
        if ends_colon or t.unit.heading or _bare_label(t.unit.text.strip(), t.unit):
            # a lead-in, a heading, or a goal label on its own line ('Tiltak' over its items)
            intro = _intro_word(t.unit.text)
    placed.sort(key=lambda p: (p[0], p[1]))
    goals = _single_goal_under_goal_heading(assemble([item for _, _, item in placed]), sections)
    return goals, tuple(find_references(goals)), decided


def _cut_off(tagged: Sequence[Tagged], i: int) -> bool:
    """The document's last words, run on after a finished sentence on its line and ending in
    none: the start of a sentence the excerpt or the page cut ('... nasjonal satsing. Deler'),
    no item of the list before it."""
    if i != len(tagged) - 1 or i == 0:
        return False
    u, prev = tagged[i].unit, tagged[i - 1].unit
    text = u.text.strip()
    return (
        prev.line == u.line
        and prev.text.rstrip().endswith((".", "!", "?"))
        and len(text.split()) <= 2
        and not text.endswith((".", "!", "?"))
    )


_BARE_GOAL_HEADING = re.compile(
    r"^\s*(?:mål|målet|målsetting|målsetjing|målsettinga)\s*:?\s*$", re.IGNORECASE
)


def _single_goal_under_goal_heading(goals: tuple[Goal, ...], sections: Sequence[Section]) -> tuple[Goal, ...]:
    """A section headed just 'Mål' (a slide 'MÅL', a web page's 'Mål') that states one
    unnumbered goal states the main goal, not a sub-goal."""
    bare = {s.ordinal for s in sections if s.heading and _BARE_GOAL_HEADING.match(s.heading)}
    if not bare:
        return goals
    per_section: dict[int, list[Goal]] = {}
    for g in goals:
        per_section.setdefault(g.section_ordinal, []).append(g)
    change = {
        gs[0].ordinal
        for sec, gs in per_section.items()
        if sec in bare and len(gs) == 1 and gs[0].level == "sub_goal" and gs[0].number is None
    }
    return tuple(replace(g, level="main_goal", parent=None) if g.ordinal in change else g for g in goals)


_ITEM_MARKERS = ("bullet", "number", "letter")
_UNDER_HEADING = -2  # no line's index: the lead-in is a heading
_WORDS = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    "skal skulle vere vera være vær er var blir bli vert kan vil må bør ha har å og eller i for til "
    "med av på som det den dei de at om frå fra".split()
)
_BELOW: dict[str | None, GoalLevel] = {"main_goal": "sub_goal", "sub_goal": "measure"}
MAX_STATED_WORDS = 30
MAX_ITEM_WORDS = 12  # an item set without a bullet is a short line
_STOPS = (".", "!", "?", ":", ";")


def list_levels(
    tagged: Sequence[Tagged], kinds: dict[int, str], covered: Sequence[int | None] = ()
) -> list[str | None]:
    """The certain form of a list: items (bulleted, numbered, lettered) right under a lead-in
    ending in ':' that names a goal word ('Planen har 6 innsatsområder:', 'Følgende prosjekter
    og tiltak foreslås:'), under a bare goal label ('Overordna mål'), or under a heading that
    names one, are goals of the level that word names (its last goal word). What follows such
    a lead-in on its own flattened line, up to the next label, is goals of that level too
    ('Effektmål (...): Nyetableringer av bedrifter. Økt handelsvirksomhet. Stikkord: ...'), and
    so is a single line right after it ('Prosjektets hovedmål er hentet fra ...:' then the goal);
    a line completing the lead-in above items ('Hjelmeland kommune skal vere' then bullets) is
    passed over. The list ends at the first other line; a lead-in's count ('4 innsatsområder')
    ends it sooner. Other certain forms: a goal label ('Visjon: ...', 'Prioritet 2: ...'),
    items numbered as parts under a goal ('AP 1.'), a sentence saying what a goal is or that
    something has one, a purpose sentence ('Prosjektet skal bidra til ...'). Reporting
    sections (activities, progress) list no new goals, only those their goal labels restate;
    a goal the rules read that ends in ':' is no lead-in."""
    out: list[str | None] = [None] * len(tagged)  # a level, OUTSIDE (certainly none), or None
    level: GoalLevel | None = None
    section = -1
    items = 0
    intro_line: int | None = None  # the line of the lead-in, while nothing has followed it
    count: int | None = None  # how many items the lead-in announced, when it says
    stated = 0  # goals stated on the lead-in's own line
    numbered_under: tuple[str, GoalLevel] | None = None  # ('AP', level) of items labelled so
    reporting = reporting_kinds()
    for i, t in enumerate(tagged):
        u = t.unit
        raw = u.text.strip()
        words = len(raw.split())
        open_level = level  # the level of the list open before this unit, if any
        if u.section != section:
            level, section, items, intro_line = None, u.section, 0, None
        if u.heading:
            level, items, intro_line = _last_level(raw), 0, None
            if level and len(raw.split()) <= 3:
                intro_line = _UNDER_HEADING  # a bare goal label ('Mål'): the line below states it
            if level is None and open_level and _sub_intro(raw) and _items_follow(tagged, i):
                level = open_level  # 'Satsingsområda er:' then a heading 'Verdiskaping i:'
            continue
        ruled = i < len(covered) and covered[i] is not None
        if kinds.get(u.section) in reporting:
            # a report on goals states no new ones, but restates them under their labels
            # ('Visjonen til prosjektet er: ...', 'Hovudmål; ...' in a 'Måloppnåing' section)
            if not ruled and (labelled := _labelled_goal(t)):
                out[i] = labelled
            elif not ruled and raw.endswith((":", ";")) and len(raw.split()) <= 6 and lead_in_level(raw):
                level, items, intro_line, stated, count = lead_in_level(raw), 0, u.line, 0, None
                continue
            elif (
                level
                and intro_line == u.line
                and i > 0
                and tagged[i - 1].unit.text.rstrip().endswith((":", ";"))
            ):
                out[i] = level  # the goal the label's lead-in states on its own line
            level, intro_line = None, None
            continue
        if not ruled and t.stripped.marker == "label_number" and t.stripped.label and not raw.endswith(":"):
            # a goal word with a number labels a goal of its level ('Prioritet 2: ...'); a
            # label of another word ('AP 1.', a work package) numbers the goals one level
            # below the goal just stated, as the items before it with that label
            labelled = _last_level(t.stripped.label) or label_word_level(t.stripped.label)
            if labelled is None and numbered_under is not None and numbered_under[0] == t.stripped.label:
                labelled = numbered_under[1]
            elif labelled is None and i > 0 and out[i - 1] in _BELOW:
                labelled = _BELOW[out[i - 1]]
                numbered_under = (t.stripped.label, labelled)
            out[i] = labelled
            continue
        if not ruled and (labelled := _labelled_goal(t)):
            out[i] = labelled
            continue
        if (
            not ruled
            and t.stripped.marker == "phrase"
            and not raw.endswith((":", ";"))  # a lead-in: what it announces follows
            and _COPULA_END.search(t.stripped.label or "")
            and not _OF_SOMETHING.search(t.stripped.label or "")
            # the goal word is the sentence's subject, among its first words ('Et viktig delmål
            # er', 'En av målsettingen i prosjektet er'), not an object ('Vi viser til formålet ...')
            and any(goal_word_level(w) for w in (t.stripped.label or "").split()[:3])
        ):
            # a sentence that says what a goal is ('Målsettinga er å ...', 'Et viktig delmål er å ...');
            # the goal of something named ('Målet med rådet er å ...') and other phrasings ('vil ha
            # som målsetting å', 'Målsettingen om å ... har vi lyktes med') are left to the model
            out[i] = _phrase_level(t.stripped.label)
            continue
        if not ruled and not t.stripped.marker and _purpose_sentence(raw):
            # 'Programmet skal særleg stimulere til ...', 'Prosjektet skal bidra til å ...':
            # what the programme or project the document is about is for
            out[i] = "main_goal"
            continue
        if not ruled and raw[:1] in '«"“' and i > 0 and tagged[i - 1].unit.line == u.line:
            named = _quoted_goal_level(tagged[i - 1].unit.text)
            if named:
                # the goal the words before the quotation name ('det overordna målet om å «...»')
                out[i] = named
                continue
        if not ruled and t.stripped.marker == "phrase" and not raw.endswith((":", ";")):
            m = _HAS_AS_GOAL.search(t.stripped.label or "")
            if m and goal_word_level(m.group("word")):
                # 'Hallingdal 2020 ... har som hovedmål å ...', 'Avtalen har en overordnet
                # målsetting om å ...': the subject has this goal
                out[i] = _last_level(m.group(0))
                continue
        if raw.endswith((":", ";")) and not ruled:
            # a lead-in: what it announces (None when its goal word is far back or absent)
            announced = lead_in_level(raw)
            if announced is None and open_level and _sub_intro(raw) and _items_follow(tagged, i):
                announced = open_level  # a list within the list ('Innafor «bu og leve» gjennom arbeid med:')
            level, items, intro_line, stated = announced, 0, u.line, 0
            count = lead_in_count(raw) if level else None
            continue
        if _bare_label(raw, u) and not ruled:
            level, items, intro_line, count = _last_level(raw), 0, u.line, None
            continue
        if count is not None and items + stated >= count:
            level, count = None, None  # as many items as the lead-in announced
        if level is None or ruled:
            if ruled:
                level, intro_line = None, None
            continue
        if t.stripped.marker in _ITEM_MARKERS:
            out[i] = level
            items, intro_line = items + 1, None
            continue
        if intro_line is not None and items == 0:
            if u.line == intro_line:
                # goals stated on the lead-in's own (flattened) line: the first piece after it,
                # then phrases without a finite verb ('Økt handelsvirksomhet. Bedret ...'); a
                # sentence after them is prose again
                before = tagged[i - 1].unit.text.rstrip() if i > 0 else ""
                first = before.endswith((":", ";"))
                # sentences run together as items, none of them punctuated ('... for alle Det
                # skal ... på Frosta Frosta sitt ...'); one ending in a stop is prose again
                run_on = stated and not before.endswith(_STOPS) and not raw.endswith(_STOPS)
                if words <= MAX_STATED_WORDS and (first or run_on or not FINITE.search(raw)):
                    out[i] = level
                    stated += 1
                    continue
                if stated and not before.endswith(_STOPS) and FINITE.search(raw):
                    out[i] = OUTSIDE  # the sentence that ends the run: prose again
            else:
                nxt = tagged[i + 1] if i + 1 < len(tagged) else None
                if nxt is not None and nxt.stripped.marker in _ITEM_MARKERS and not raw.endswith((".", "!")):
                    out[i] = OUTSIDE  # completes the lead-in; the items below are the goals
                    intro_line = None
                    continue
                # the lead-in's line stated its goals already ('Visjonen ... er: «...» Hovedmålet
                # er å ...'): what follows is prose again
                answered = (
                    i > 0 and tagged[i - 1].unit.line == intro_line and out[i - 1] not in (None, OUTSIDE)
                )
                if (
                    words <= MAX_STATED_WORDS
                    and u.piece == 0
                    and not answered
                    and not (intro_line == _UNDER_HEADING and goal_levels_in(raw))
                ):
                    # the goal the lead-in announces; under a goal heading, not a sentence
                    # about the goals ('Regionrådet vedtok i 2021 desse måla for ...')
                    out[i] = level
                    if _item_line(u):
                        # short lines of their own after it in its block are the lead-in's
                        # further items, set without bullets (a slide's text box)
                        for k in range(i + 1, len(tagged)):
                            ruled_k = k < len(covered) and covered[k] is not None
                            if ruled_k or out[k] is not None or not _item_line(tagged[k].unit, u):
                                break
                            out[k] = level
        level, intro_line = None, None
    return out


def _item_line(u: Unit, first: Unit | None = None) -> bool:
    """A line that reads as a list item set without a bullet: a whole line, short, ending in
    no stop or colon, not a heading; with ``first``, also in the block and section of the
    list's first item."""
    raw = u.text.strip()
    if u.heading or u.pieces != 1 or not raw or len(raw.split()) > MAX_ITEM_WORDS or raw.endswith(_STOPS):
        return False
    return first is None or (u.section == first.section and u.source.block == first.source.block)


def _purpose_sentence(raw: str) -> bool:
    """A sentence whose subject is the programme, project or plan (its first word, or the word
    right after 'skal') and whose verb is 'skal' with an aim verb ('Prosjektet skal bidra til
    å ...', 'Programmet skal særleg stimulere ...', 'I tillegg skal programmet bidra til ...')."""
    words = [w.strip(".,:;()«»\"'–-") for w in raw.split()[:10]]
    lower = [w.lower() for w in words]
    if "skal" not in lower:
        return False
    k = lower.index("skal")
    after = words[k + 1 : k + 4]
    if words and words[0][:1].isupper() and "purpose_subject" in cues_of(words[0]):
        return any("aim_verb" in cues_of(w) for w in after[:2])
    # the subject after the verb, behind an adverbial ('I tillegg skal programmet bidra til ...')
    return (
        bool(after)
        and "purpose_subject" in cues_of(after[0])
        and after[0].lower().endswith(("et", "en", "a"))
        and any("aim_verb" in cues_of(w) for w in after[1:3])
    )


def _sub_intro(raw: str) -> bool:
    """A short lead-in without a verb of its own ('Verdiskaping i:', 'Innafor «bu og leve»
    gjennom arbeid med:'): it opens a part of the list above, not a new text."""
    return raw.endswith(":") and len(raw.split()) <= 8 and not FINITE.search(raw)


def _labelled_goal(t: Tagged) -> GoalLevel | None:
    """The level of a goal word labelling the text after it ('Visjon: Hjelmeland – Naturlegvis')."""
    label = t.stripped.label or ""
    return _last_level(label) if t.stripped.marker == "label" and _goal_label(label) else None


def _goal_label(label: str) -> bool:
    """A short label that names a goal ('Visjon', 'Overordna mål', 'Mål for samferdsel'): a goal
    word among its first two words, and no verb ('Tema er:' opens a sentence about themes)."""
    words = label.split()
    return 0 < len(words) <= 4 and any(goal_word_level(w) for w in words[:2]) and not FINITE.search(label)


def _items_follow(tagged: Sequence[Tagged], i: int) -> bool:
    return i + 1 < len(tagged) and tagged[i + 1].stripped.marker in _ITEM_MARKERS


def _has_words_beyond_labels(text: str) -> bool:
    return any(not goal_word_level(w) for w in text.split())


def _bare_label(raw: str, u: Unit) -> bool:
    """A goal label standing alone on its line ('Overordna mål', 'Satsingsområde')."""
    return (
        u.pieces == 1
        and len(raw.split()) <= 3
        and not raw.endswith((".", "!", "?"))
        and bool(_last_level(raw))
    )


_HAS_AS_GOAL = re.compile(
    r"\b(?:har|hadde)\s+(?:som\s+|en\s+|ei\s+|eit\s+|et\s+)?(?:[\wæøåÆØÅ\-]+\s+){0,2}?(?P<word>[\wæøåÆØÅ\-]+)(?:\s+om)?$",
    re.IGNORECASE,
)
_OF_SOMETHING = re.compile(r"\bmed\b", re.IGNORECASE)
_COPULA_END = re.compile(r"\b(?:er|blir|vert)(?:\s+(?:nå|no))?\s*[:;]?$", re.IGNORECASE)
_DEFINITE_GOAL = re.compile(r"^(?:mål|målsetting|målsetjing|målsetning)(?:et|en|a)$", re.IGNORECASE)


def _quoted_goal_level(before: str) -> GoalLevel | None:
    """The level of the goal word among the last words before a quotation that they name as
    a goal ('det overordna målet om å', 'Visjonen for omstillingsarbeidet er:'), else None."""
    words = words_before(before, len(before))
    return _last_level(" ".join(words)) if words and names_a_quoted_goal(words) else None


def _phrase_level(label: str) -> GoalLevel | None:
    """The level a goal phrase names: its goal word's, except that 'Målet' / 'Målsettinga'
    opening the sentence, the goal in the definite singular, is the main goal."""
    first = label.split()[0] if label.split() else ""
    if _DEFINITE_GOAL.match(first.strip(".,:;")):
        return "main_goal"
    return _last_level(label)


def _last_level(text: str) -> GoalLevel | None:
    """The level of a lead-in's last goal word; 'Overordna mål' is main as a whole."""
    words = text.split()
    levels = [goal_word_level(w) for w in words]
    found = [(k, lv) for k, lv in enumerate(levels) if lv]
    if not found:
        return None
    k, level = found[-1]
    if k > 0 and levels[k - 1] == "main_goal":
        return "main_goal"  # a main-goal word qualifying the goal word ('overordna mål')
    return level


def _intro_word(text: str) -> str | None:
    """The last goal word of a lead-in ('... prioritet til følgende 5 satsningsområder:')."""
    for word in reversed(text.split()):
        if goal_word_level(word):
            return word.strip(".,:;()«»\"'").capitalize()
    return None


def assemble(items: Sequence[Goal | Tagged]) -> tuple[Goal, ...]:
    """The goal tree from rule goals and tagged units in reading order. A rule goal keeps
    its level, number, label and parent; a tagged unit gets its text without label and
    number, the label as printed (or the lead-in's goal word), and a parent: by numbering,
    else the nearest goal one level up in its section or the one before."""
    goals: list[Goal] = []
    last_at: dict[str, int] = {}  # level -> ordinal of the latest goal of that level
    by_number: dict[str, int] = {}
    rule_ordinal: dict[int, int] = {}  # a rule goal's own ordinal -> its ordinal here
    for item in items:
        n = len(goals)
        if isinstance(item, Goal):
            goal = replace(
                item,
                ordinal=n,
                parent=rule_ordinal.get(item.parent) if item.parent is not None else None,
            )
            rule_ordinal[item.ordinal] = n
        else:
            goal = _tagged_goal(item, n, goals, last_at, by_number)
            if goal is None:
                continue
        goals.append(goal)
        last_at[goal.level] = n
        # a new goal higher up closes the lists below it
        for lvl, r in _RANK.items():
            if r > _RANK[goal.level]:
                last_at.pop(lvl, None)
        if goal.number:
            by_number.setdefault(goal.number, n)
    return tuple(goals)


def _tagged_goal(
    t: Tagged, n: int, goals: Sequence[Goal], last_at: dict[str, int], by_number: dict[str, int]
) -> Goal | None:
    level: GoalLevel = t.label  # type: ignore[assignment]
    s = t.stripped
    text = s.text or t.unit.text.strip()
    if not text or not any(w.casefold() not in _FUNCTION_WORDS for w in _WORDS.findall(text)):
        return None  # nothing but verbs and small words: a fragment ('skal vær' cut off)
    label = s.label or t.intro_word
    parent = None
    if s.number and "." in s.number:
        parent = by_number.get(s.number.rsplit(".", 1)[0])
    if parent is None and level != "main_goal":
        up = next(lvl for lvl, r in _RANK.items() if r == _RANK[level] - 1)
        if up in last_at:
            cand = goals[last_at[up]]
            # a sub-goal printed with its own goal label and number ("Delmål 2") stands at the
            # top; one numbered as a part ("AP 2") belongs to the goal above it
            labelled = level == "sub_goal" and s.marker == "label_number" and bool(_last_level(s.label or ""))
            if cand.section_ordinal >= t.unit.section - 1 and not labelled:
                parent = cand.ordinal
    return Goal(
        ordinal=n,
        section_ordinal=t.unit.section,
        level=level,
        number=s.number,
        label=label,
        text=text,
        parent=parent,
        page=t.unit.source.page,
    )
