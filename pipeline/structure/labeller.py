"""The goal labeller: a linear-chain CRF that tags each unit of a document as a main goal,
a sub-goal, a measure or nothing, trained on the gold annotations kept in the repo.

As GROBID labels lines, one document is one sequence: each unit (a line or a piece of one,
see :mod:`.units`) gets features from its words (the goal vocabulary of ``lexicon``, the
first word, tense and modal cues), its form (bullet, number, "Label:" prefix, length, final
punctuation), its layout (font size against the body, bold, a heading style), its place
(the section's kind and heading, the lead-in ending in ':' above it, whether it is the whole
line). The CRF's transitions
carry the context along a list. The model is small (a few hundred kB), ships in
``resources/goal_labeller.crfsuite`` and is rebuilt deterministically by ``rapport train``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..lexicon import cues_of, goal_levels_in, goal_word_level, has_contact
from ..records import Section
from .scan import lower_words
from .units import Stripped, Unit

MODEL_FILE = "goal_labeller.crfsuite"
OUTSIDE = "O"
LABELS: tuple[str, ...] = (OUTSIDE, "main_goal", "sub_goal", "measure")
# a unit is a goal when its own chance of being none (its marginal of O) is below this:
# more likely a goal than not
MAX_OUTSIDE = 0.5
# trainer settings: fixed, so that a retrain on the same gold gives the same model
PARAMS = {"c1": 0.05, "c2": 1.0, "max_iterations": 200, "feature.possible_transitions": True}

_PAST = {"har", "hadde", "ble", "blei", "vart", "var", "gjennomført", "gjennomførte", "arrangert", "oppnådd"}
_MODAL = {"skal", "skulle", "vil", "må", "bør", "kan"}
_WORD = re.compile(r"[\wæøåÆØÅ\-]+")
_DEFINITE = ("et", "ene", "ane", "a", "en")
_DIGIT = re.compile(r"\d")
# an auxiliary and a past participle: what has been done ('har deltatt', 'har blitt oppnådd')
_PERFECT = re.compile(
    r"\b(?:har|hadde|er|vart|blei|ble)\s+(?:(?:blitt|vorte|vore|vært|også|no|nå|alt|allereie|allerede)\s+)?"
    r"[a-zæøå]{3,}(?:t|dd|et)\b",
    re.IGNORECASE,
)
# section kinds that give no units at all (they describe the organisation); sections that
# report on goals give units, of which only the goal labels' count (see assemble.list_levels),
# and the model reads none of them (assemble._read)
QUIET_KINDS = ("organisation",)


@dataclass(frozen=True, slots=True)
class Tagged:
    unit: Unit
    stripped: Stripped
    label: str  # one of LABELS
    score: float  # the model's probability of what the label says: a goal (of any level), or none
    intro_word: str | None = None  # the goal word of the lead-in or heading above it
    source: str = "model"  # what decided the label: 'model', 'rules' (a form read for certain), 'list'


def _bucket(n: int, edges: Sequence[int]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def unit_features(
    us: Sequence[Unit],
    stripped: Sequence[Stripped],
    sections: Sequence[Section],
    body_size: float | None = None,
    ruled: Sequence[str | None] = (),
    unread: Sequence[bool] = (),
) -> list[dict[str, float] | None]:
    """One feature dict per unit (``stripped``: each unit's text without its label; crfsuite's
    item format: name -> value). A unit the rules decide (``ruled``: its level, or None) gets
    that level as its one feature: the model only needs it as context for its neighbours. A
    unit marked ``unread`` gets None, the model's word for it not being wanted; the others'
    features are those they have among all units."""
    kinds = {s.ordinal: f"kind={s.kind}" for s in sections}
    head_levels = {
        s.ordinal: [f"head_level={lv}" for lv in dict.fromkeys(goal_levels_in(s.heading or ""))]
        for s in sections
    }
    out: list[dict[str, float]] = []
    # the last lead-in ending in ':' (or heading naming a goal word): (index, its goal levels)
    intro: tuple[int, tuple[str, ...]] | None = None
    for i, (u, s) in enumerate(zip(us, stripped, strict=True)):
        skip = i < len(unread) and unread[i]
        if i < len(ruled) and ruled[i]:
            out.append(None if skip else {"bias": 1.0, f"ruled={ruled[i]}": 1.0})
            intro = None
            continue
        raw = u.text.strip()
        if skip:
            out.append(None)
            intro = _intro_after(u, raw, i, intro)  # the units read after it see the lead-in
            continue
        f: dict[str, float] = {"bias": 1.0}
        lower = lower_words(_WORD, s.text)
        f[f"marker={s.marker or 'none'}"] = 1.0
        if s.number:
            f["numbered"] = 1.0
            f[f"number_depth={s.number.count('.')}"] = 1.0
        if s.label:
            for level in goal_levels_in(s.label):
                f[f"label_level={level}"] = 1.0
            f[f"label_words={_bucket(len(s.label.split()), (1, 2, 4, 8))}"] = 1.0
        raw_words = _WORD.findall(raw)
        raw_levels = list(map(goal_word_level, raw_words))
        if raw_levels and raw_levels[0]:
            f[f"first_raw_level={raw_levels[0]}"] = 1.0
        if any(raw_levels):
            for level in dict.fromkeys(lv for lv in raw_levels if lv):
                f[f"has_level={level}"] = 1.0
            if any(
                lv and w.lower().endswith(_DEFINITE)
                for w, lv in zip(raw_words[1:], raw_levels[1:], strict=True)
            ):
                f["names_goals"] = 1.0  # 'tiltaka er ...', 'målene': text about goals, not one
        if lower:
            # the first word's ending, not the word: an infinitive or a noun, without
            # memorising the training documents' words (leave-one-out F1 0.29 -> 0.33)
            f[f"w0_suffix={lower[0][-2:]}"] = 1.0
            first = _WORD.search(s.text)
            if first and first.group()[:1].isupper():
                f["cap0"] = 1.0
            if s.text.isupper() and len(s.text) > 3:
                f["all_caps"] = 1.0
        n = len(lower)
        f[f"n_words={_bucket(n, (1, 2, 3, 6, 12, 25, 40))}"] = 1.0
        if raw.endswith(":"):
            f["ends_colon"] = 1.0
        elif raw.endswith("?"):
            f["ends_question"] = 1.0
        elif raw.endswith((".", "!")):
            f["ends_stop"] = 1.0
        for k, w in enumerate(lower[:12]):
            for cue in cues_of(w):
                f[f"cue={cue}"] = 1.0
                if k < 4:
                    f[f"early_cue={cue}"] = 1.0
        lw = frozenset(lower)
        if lw & _MODAL:
            f["modal"] = 1.0
        if "skal" in lw:
            f["skal"] = 1.0
            if "skal" in lower[:5]:
                f["skal_early"] = 1.0
        if lw & _PAST:
            f["past"] = 1.0
            if _PERFECT.search(s.text):
                f["perfect"] = 1.0  # 'har deltatt', 'har vorte', 'er registrert': done, not to do
        if {"vi", "me"} & lw:
            f["we"] = 1.0
        if has_contact(raw, lw):
            f["contact"] = 1.0
        digits = len(_DIGIT.findall(raw))
        if digits and digits / max(len(raw), 1) > 0.2:
            f["digits"] = 1.0
        # place
        if u.heading:
            f["heading"] = 1.0
        f[kinds.get(u.section, "kind=other")] = 1.0
        for key in head_levels.get(u.section, ()):
            f[key] = 1.0
        if u.pieces == 1:
            f["whole_line"] = 1.0
        f[f"piece={'first' if u.piece == 0 else 'later'}"] = 1.0
        if u.source.heading:
            f["styled_heading"] = 1.0
        if u.source.bold:
            f["bold"] = 1.0
        if body_size and u.source.size:
            rel = u.source.size - body_size
            f[f"size={'big' if rel >= 0.9 else 'small' if rel <= -0.9 else 'body'}"] = 1.0
        if intro is not None and us[intro[0]].section == u.section and i - intro[0] <= 15:
            f["after_intro"] = 1.0
            f[f"intro_dist={_bucket(i - intro[0], (1, 2, 4, 8, 15))}"] = 1.0
            levels = intro[1]
            for level in dict.fromkeys(levels):
                f[f"intro_level={level}"] = 1.0
            if levels:
                # the item's level is the lead-in's last goal word ("prosjekter og tiltak:")
                f[f"intro_last={levels[-1]}"] = 1.0
                if s.marker in ("bullet", "number", "letter"):
                    f[f"item_under={levels[-1]}"] = 1.0
        if i > 0:
            prev = us[i - 1].text.strip()
            if prev.endswith((":", ";")):
                f["prev_colon"] = 1.0
            f[f"prev_marker={stripped[i - 1].marker or 'none'}"] = 1.0
            if us[i - 1].line == u.line:
                f["same_line_as_prev"] = 1.0
        if i + 1 < len(us):
            f[f"next_marker={stripped[i + 1].marker or 'none'}"] = 1.0
        intro = _intro_after(u, raw, i, intro)
        out.append(f)
    return out


def _intro_after(u: Unit, raw: str, i: int, intro: tuple[int, tuple[str, ...]] | None):
    """The last lead-in ending in ':' or heading naming a goal word, after unit ``i``."""
    if raw.endswith(":") and not u.heading:
        return (i, goal_levels_in(raw))
    if u.heading:
        levels = goal_levels_in(raw)
        return (i, levels) if levels else None
    return intro


@cache
def _tagger():
    ref = resources.files("pipeline.resources").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    return _open(ref.read_bytes())


class _Model:
    """A crfsuite tagger with the bytes it was opened on: crfsuite reads the buffer in place,
    so the bytes must live as long as the tagger (freed bytes give garbage labels)."""

    def __init__(self, data: bytes) -> None:
        import pycrfsuite

        self.data = data
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open_inmemory(data)


def _open(data: bytes):
    return _Model(data)


def model_available() -> bool:
    return _tagger() is not None


def tag(
    us: Sequence[Unit],
    stripped: Sequence[Stripped],
    features: Sequence[dict[str, float] | None],
    model: bytes | None = None,
) -> list[Tagged]:
    """The label of each unit, with the model's probability of what it says (see ``Tagged``).
    A unit without features (None: a report on goals) is outside; the model reads the
    others as one sequence, in order."""
    if not us:
        return []
    if model is not None:
        tagger = _open(model)
    else:
        tagger = _tagger()
        if tagger is None:
            return [Tagged(u, st, OUTSIDE, 1.0) for u, st in zip(us, stripped, strict=True)]
    read = [k for k, f in enumerate(features) if f is not None]
    out: list = [
        None if f is not None else Tagged(u, st, OUTSIDE, 1.0, source="reporting")
        for u, st, f in zip(us, stripped, features, strict=True)
    ]
    if not read:
        return out
    crf = tagger.tagger
    labels = crf.tag([features[k] for k in read])
    # whether a unit is a goal is its own chance of being one (its marginal), the level the
    # best sequence's: the best sequence may pass over a unit that is more likely a goal than
    # not ('Eksisterende virksomheter skal forsterkes' between two goals), which then takes
    # its most probable level, or tag as a goal one that is more likely none
    known = [n for n in LABELS if n != OUTSIDE and n in crf.labels()]
    for j, (k, lab) in enumerate(zip(read, labels, strict=True)):
        outside = crf.marginal(OUTSIDE, j)
        if outside >= MAX_OUTSIDE:
            out[k] = Tagged(us[k], stripped[k], OUTSIDE, outside)
            continue
        if lab == OUTSIDE:
            lab = max(known, key=lambda n: crf.marginal(n, j))
        out[k] = Tagged(us[k], stripped[k], lab, 1.0 - outside)
    return out


def train(sequences: Sequence[tuple[Sequence[dict[str, float]], Sequence[str]]]) -> bytes:
    """A model trained on (features, labels) sequences, as bytes."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in sequences:
        if xs:
            trainer.append(list(xs), list(ys))
    trainer.set_params(PARAMS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / MODEL_FILE
        trainer.train(str(path))
        return path.read_bytes()
