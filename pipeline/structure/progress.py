"""Progress at a glance: on_track, delayed, ahead, mixed or unknown, with its evidence.

Read from the progress sections ("Vurdering av framdriften ..."), else from sentences
about framdrift/fremdrift anywhere. Dashboards colour regions by it, so a wrong
"on_track" is worse than "unknown": a delay anywhere outweighs good news, a negated cue
("ikke forsinket", "ikkje i rute") counts for the other side, and no cue gives "unknown".
The cues are data: ``resources/progress_cues.tsv``, one row a cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicon import progress_cues
from ..records import ProgressStatus, Section

NEGATION = re.compile(r"\b(?:ikke|ikkje|ingen|aldri)\s+(?:\w+\s+){0,2}$", re.I)


def _sentences(text: str) -> list[str]:
    text = " ".join(re.sub(r"(?:^|(?<=\s))[•▪●◦](?=\s)", " ", text).split())  # bullets are no words
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text) if s.strip()]


def _cues(sentence: str) -> set[str]:
    found = set()
    for name, pattern in progress_cues().items():
        if name == "topic":
            continue
        for m in pattern.finditer(sentence):
            negated = NEGATION.search(sentence[: m.start()])
            if negated:
                found.add("on_track" if name == "delayed" else "unknown")
            else:
                found.add(name)
    return found


def assess_progress(sections: Sequence[Section]) -> tuple[ProgressStatus, str | None]:
    # the progress assessment, else what the deviations section says
    progress = [s for s in sections if s.kind == "progress"] or [
        s for s in sections if s.kind == "deviations"
    ]
    if progress:
        sentences = [sent for s in progress for sent in _sentences(s.text)]
    else:
        topic = progress_cues()["topic"]
        sentences = [sent for s in sections for sent in _sentences(s.text) if topic.search(sent)]
    first: dict[str, str] = {}
    for sent in sentences:
        for cue in _cues(sent):
            first.setdefault(cue, sent)
    if "delayed" in first and "ahead" in first:
        return "mixed", first["delayed"]
    for status in ("delayed", "ahead", "on_track"):
        if status in first:
            return status, first[status]  # type: ignore[return-value]
    return "unknown", None
