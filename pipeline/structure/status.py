"""Progress per measure: done, on_track, delayed, not_started, cancelled, or unknown.

A measure's status is what the report says of it, in Bokmål or Nynorsk:

- on its own line: a status after the measure ("Etablere næringsråd – gjennomført",
  "... (pågår)", "... Status: utsett til 2018");
- in a sentence that names it by number ("Tiltak 2.3 er utsett til 2018") or by its words
  (most of the measure's content words, in a sentence of the activity, progress or
  deviation sections, beside a status cue: "Traineeprogrammet er under planlegging").

The nearest, most specific evidence wins: the measure's own line, then a sentence naming its
number, then a sentence with its words (the last such sentence in the document). A cue that
is negated counts for the status it denies ("ikkje realisert": cancelled, "ikke startet":
not started). No cue: unknown (the measure is left out of the table). The cues are data:
``resources/status_cues.tsv``, one row a cue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache

from ..lexicon import reporting_kinds, status_colours, status_cues
from ..records import Goal, MeasureStatus, Section
from .scan import lower_words, lowered


@cache
def _cue_stems() -> frozenset[str]:
    """The first four letters of the longest word of every cue alternative: a text that
    matches a cue contains that word, so a text with none of these stems has no cue."""
    stems = set()
    for pattern in status_cues().values():
        body = pattern.pattern.replace("\\b", " ").replace("\\w*", "").replace("?", "")
        for alternative in body.split("|"):
            words = re.findall(r"[a-zæøå]+", alternative.lower())
            if words:
                stems.add(max(words, key=len)[:4])
    return frozenset(stems)


@cache
def _cue_anchor() -> re.Pattern[str]:
    """A word (a run of the letters a-z, æ, ø, å) that opens with a cue stem, or is a stem
    shorter than four letters: one search of the lower-cased text."""
    stems = sorted(_cue_stems())
    short = [s for s in stems if len(s) < 4]
    alternatives = [s for s in stems if len(s) >= 4]
    if short:
        alternatives.append(f"(?:{'|'.join(short)})(?![a-zæøå])")
    return re.compile(f"(?<![a-zæøå])(?:{'|'.join(alternatives)})")


def _may_have_cue(text: str) -> bool:
    """Whether a word of the text opens with a cue stem: most sentences have none."""
    return _cue_anchor().search(text.lower()) is not None


_NEGATED_DONE = re.compile(
    r"\b(?:ikke|ikkje|ikkje enno|ikke ennå|aldri)\s+(?:blitt\s+|vorte\s+|vore\s+)?(?=\w)"
)
_TAIL_ONLY = re.compile(r"(?:(?:til|to|i|innan|innen)\s+(?:(?:19|20)\d\d|\w+\s+(?:19|20)\d\d))?", re.I)
_FUTURE = re.compile(
    r"\b(?:skal|vil|skulle|kan|bør|blir|bli|vert|verte|planlagt å|planlegger å|tar sikte på å)\b[\w\s]{0,14}$"
)
# what sets an item's own status off after it: a dash, a bracket, 'status:'
_STATUS_AFTER = r"\s[–—-]\s|\(|\bstatus\s*:\s*"
_OWN_STATUS = re.compile(rf"(?:{_STATUS_AFTER}|:\s*)(?P<tail>[^–—()]{{2,60}})\)?\s*\.?$", re.I)
_NUMBER = re.compile(r"\btiltak\s+(?:nr\.?\s*)?(\d{1,2}(?:\.\d{1,2})?)\b", re.I)
_WORD = re.compile(r"[a-zæøå]{4,}", re.I)
_STOP = frozenset(
    "skal være vere blir vert være ville eller også òg andre mellom gjennom knytt knyttet innan innen under "
    "etter denne dette disse desse samt slik sånn".split()
)


def status_in(text: str) -> tuple[str, str] | None:
    """(status, the cue) of the first status a text states (the earliest cue: the main
    clause's, as in "Tiltak 2 er forseinka, då finansieringa enno ikkje er på plass"; at one
    place, the more specific)."""
    if not _may_have_cue(text):
        return None  # most sentences: a set lookup per word, not five searches
    # the cues are written in lower case and searched in the lower-cased text (twice as
    # fast as a case-insensitive search); the cue is returned as the text writes it
    low = lowered(text)
    found = []
    for rank, (status, pattern) in enumerate(status_cues().items()):
        for m in pattern.finditer(low):
            start, end = m.span()
            before = low[max(0, start - 24) : start]
            if status in ("done", "on_track") and _NEGATED_DONE.search(before):
                found.append((start, rank, "not_started", text[start:end]))
            elif status == "done" and _FUTURE.search(before):
                continue  # "skal bli etablert", "vil bli gjennomført": a plan, not a result
            else:
                found.append((start, rank, status, text[start:end]))
            break
    if not found:
        return None
    _, _, status, cue = min(found)
    return status, cue


def tail_status(text: str) -> tuple[str, str] | None:
    """A status standing at the end of an item's own line, after the item ("... – pågår",
    "... (status: gjennomført)", "... Utsett til 2019", a status column)."""
    found = _own_status(text)
    return None if found is None else found[:2]


def _own_status(text: str) -> tuple[str, str, int] | None:
    """(status, cue, where the status part starts in ``text``) of :func:`tail_status`."""
    skipped = max(0, len(text) - 90)
    text = text[skipped:]  # a status is at the end: the patterns need not walk the whole line
    colour = _colour_status(text)
    if colour is not None:
        return (colour[0], colour[1], skipped + colour[2])
    if not _may_have_cue(text):
        return None
    m = _OWN_STATUS.search(text)
    if m and len(m.group("tail").split()) <= 6:
        cue = status_in(m.group("tail"))
        if cue is not None:
            return (*cue, skipped + m.start())
    # a status column run into the line: a capitalised status word ("... Pågår",
    # "... Ikkje starta", "... Utsett til 2019") after at least three words of the item
    words = text.rstrip(" .)").split()
    for n in (4, 3, 2, 1):
        if len(words) < n + 3:
            continue
        tail = " ".join(words[-n:])
        if not tail[:1].isupper():
            continue
        cue = status_in(tail)
        if cue is None or not tail.lower().startswith(cue[1].lower()):
            continue
        if _TAIL_ONLY.fullmatch(tail[len(cue[1]) :].strip()):
            return (*cue, skipped + text.rstrip(" .)").rfind(words[-n]))
    return None


_LAST_WORD = re.compile(rf"(?:{_STATUS_AFTER})(?P<word>[A-Za-zÆØÅæøå]+)\)?\s*\.?$", re.I)


def _colour_status(text: str) -> tuple[str, str, int] | None:
    """A traffic-light colour standing alone as the item's status ('... – Grønn', '...
    (status: gul)'): (status, the colour, where it starts); a colour in the item's own
    words ('grønn omstilling') is none."""
    last = text.rstrip(" .)").rsplit(None, 1)[-1:]
    if not last or last[0].lower().lstrip("(") not in status_colours():
        return None  # the item's last word is no colour: most items
    m = _LAST_WORD.search(text)
    if m is None:
        return None
    status = status_colours().get(m.group("word").lower())
    return None if status is None else (status, m.group("word"), m.start())


def without_own_status(goals: Sequence[Goal]) -> tuple[Goal, ...]:
    """The items with the status their own line gives them taken off their text (the status
    goes to :func:`measure_statuses`, which reads it from the item as it was): 'Etablere
    næringsråd – gjennomført' is the measure 'Etablere næringsråd'."""
    out = []
    for g in goals:
        found = _own_status(g.text) if g.level in ("measure", "sub_goal") else None
        if found is not None:
            rest = g.text[: found[2]].rstrip(" \t–—-:(,;")
            if len(rest.split()) >= 2:
                g = replace(g, text=rest)
        out.append(g)
    return tuple(out)


_ITEM_MARK = re.compile(r"(?:^|(?<=\s))[•▪●◦–-](?=\s)")
_SENTENCE_GAP = re.compile(r"(?<=[.!?;])\s+")


def _sentences(text: str) -> Iterator[str]:
    for line in text.split("\n"):  # a line is never part of two sentences' evidence
        line = " ".join(_ITEM_MARK.sub(". ", line).split())
        yield from (s.strip(" .") for s in _SENTENCE_GAP.split(line) if len(s.strip(" .")) > 3)


def _stems(text: str) -> tuple[set[str], set[str]]:
    """The content words' stems (the first seven letters, lower case, of each word of four
    or more that is not a stop word), and the first nine letters of each word of nine or
    more: what :class:`_ItemIndex` compares."""
    words = lower_words(_WORD, text)
    return {w[:7] for w in words if w not in _STOP}, {w[:9] for w in words if len(w) >= 9}


_PAIR_TOKEN = re.compile(r"[a-zæøå]{4,}|\S", re.I)  # a word of four letters or more, or one other character


def _pairs(text: str) -> set[tuple[str, str]]:
    """Two content words in a row (stems), with nothing but a space between them."""
    words = [w.lower()[:7] for w in _PAIR_TOKEN.findall(text)]
    return {
        (a, b)
        for a, b in zip(words, words[1:], strict=False)
        if len(a) >= 4 and len(b) >= 4 and a not in _STOP and b not in _STOP
    }


class _ItemIndex:
    """The items' words, indexed: a sentence is compared only with the items it shares a
    word with and could match (linear in the document, not sentences x items). Only the
    indexes are kept, not each item's word sets (a table of 50,000 items read in a fifth of
    the memory)."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}  # item -> its number of key words
        self.keys: dict[str, list[int]] = defaultdict(list)  # word -> the items with it
        self.key_sizes: dict[str, list[int]] = {}  # word -> those items' sizes, ascending
        self.unique: dict[str, int | None] = {}  # long word -> the one item with it (None: several)
        self.pairs: dict[tuple[str, str], int | None] = {}  # two words in a row -> likewise

    @classmethod
    def of(cls, items: Sequence[Goal]) -> _ItemIndex:
        index = cls()
        for g in items:
            o = g.ordinal
            words, long = _stems(g.text)
            index.sizes[o] = len(words)
            for w in words:
                index.keys[w].append(o)
            for w in long:
                index.unique[w] = None if w in index.unique else o
            # two content words in a row that only one item has ('grafisk profil')
            for p in _pairs(g.text):
                index.pairs[p] = None if p in index.pairs else o
        # an item of n key words needs 0.6 n of them in the sentence: each word's items
        # stand in order of n, so that a sentence of k words reads only those with
        # n <= k / 0.6 (a status cell alone, 'I rute', reads none, however many items share
        # its word)
        for w, os in index.keys.items():
            os.sort(key=index.sizes.__getitem__)
            index.key_sizes[w] = [index.sizes[o] for o in os]
        return index

    def sharing(self, words: set[str]) -> Counter[int]:
        """item -> how many of a sentence's key words (``words``) it has, for the items that
        could have 0.6 of theirs among them."""
        shared: Counter[int] = Counter()
        most = len(words) * 5 // 3  # the largest n that 0.6 n <= k allows
        for w in words:
            if w in self.keys:
                shared.update(self.keys[w][: bisect_right(self.key_sizes[w], most)])
        return shared

    def only_item_of(self, sentence: str, long: set[str]) -> set[int]:
        """The items that alone have a long word (of ``long``, the sentence's) or a pair of
        words of the sentence."""
        found = {self.unique[w] for w in long if self.unique.get(w) is not None}
        found |= {self.pairs[p] for p in _pairs(sentence) if self.pairs.get(p) is not None}
        return found


def measure_statuses(sections: Sequence[Section], goals: Sequence[Goal]) -> tuple[MeasureStatus, ...]:
    # the items a report can give a status: measures, and sub-goals listed as items
    measures = [g for g in goals if g.level in ("measure", "sub_goal")]
    if not measures:
        return ()
    found: dict[int, tuple[int, MeasureStatus]] = {}  # ordinal -> (rank, status); a lower rank wins

    def offer(goal: Goal, rank: int, status: tuple[str, str], evidence: str) -> None:
        old = found.get(goal.ordinal)
        if old is None or rank <= old[0]:
            found[goal.ordinal] = (rank, MeasureStatus(goal.ordinal, status[0], evidence[:300]))

    # 1. the item's own line
    for g in measures:
        cue = tail_status(g.text)
        if cue is not None:
            offer(g, 0, cue, g.text)
    # 2. and 3. sentences of the reporting sections
    by_number: dict[str, Goal] = {}
    for g in measures:
        if g.number:
            by_number.setdefault(g.number, g)  # the first item with the number, not a later mention
    index = _ItemIndex.of(measures)
    own_lines = {" ".join(g.text.lower().strip(" .").split()) for g in measures}
    by_ordinal = {g.ordinal: g for g in measures}
    for section in sections:
        # the sections that report on goals (the lexicon's), and text under no such heading
        if section.kind not in reporting_kinds() and section.kind != "other":
            continue
        text = section.body if section.body is not None else "\n".join(ln.text for ln in section.lines)
        for sentence in _sentences(text):
            cue = status_in(sentence)
            if cue is None:
                continue
            named = [by_number[n] for n in _NUMBER.findall(sentence) if n in by_number]
            for g in named:
                offer(g, 1, cue, sentence)
            if named:
                continue
            if " ".join(sentence.lower().split()) in own_lines:
                continue  # the measure's own line, in a section read as 'other'
            best, share = None, 0.0
            words, long = _stems(sentence)
            shared = index.sharing(words)
            unique = index.only_item_of(sentence, long)
            for o in sorted(set(shared) | unique):
                size = index.sizes[o]
                if size < 2:
                    continue
                overlap = max(shared[o] / size, 0.6 if o in unique else 0.0)  # a word only it has
                if overlap > share:
                    best, share = by_ordinal[o], overlap
            if best is not None and share >= 0.6:
                offer(best, 2, cue, sentence)
    return tuple(s for _, (_, s) in sorted(found.items()))
