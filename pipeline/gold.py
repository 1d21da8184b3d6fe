"""Gold annotations, read into one shape from the two formats the project keeps.

- The project's own format (``tests/gold/seeds``, ``tests/gold/own``): one ``NAME.json`` per
  document with ``file``, ``sections`` (classified sections only), ``goals`` (levels
  main_goal / sub_goal / measure, ``number``, ``parent`` as the parent's number), units,
  municipalities, references and the document fields.
- The dev corpus format (``tests/gold/dev``, a copy of the shared dev corpus): one
  ``NAME.meta.json`` per document whose ``gold`` block lists every *headed* section (kind
  ``other`` included), goals with levels hovedmaal / delmaal / tiltak, ``id`` / ``ref`` /
  ``parent_id`` and ``optional`` items that are neither rewarded nor penalised.

Both become a :class:`GoldDoc`, with the path of the source file it annotates, so that the
scorer and the trainer read one record type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .records import GoalLevel, SectionKind

DEV_LEVELS: dict[str, GoalLevel] = {"hovedmaal": "main_goal", "delmaal": "sub_goal", "tiltak": "measure"}
SOURCE_SUFFIXES = (".txt", ".pdf", ".docx", ".pptx", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class GoldGoal:
    level: GoalLevel
    text: str
    number: str | None = None
    parent: str | None = None  # the parent's number, as the scorer compares parents
    label: str | None = None
    optional: bool = False


@dataclass(frozen=True, slots=True)
class GoldSection:
    kind: SectionKind
    heading: str
    first_words: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    name: str  # the stem a document's file name is matched by
    source: Path | None  # the file the gold annotates, when it is found
    sections: tuple[GoldSection, ...]
    goals: tuple[GoldGoal, ...]
    # dev format: every headed section is an item (kind other included); own format: only
    # classified sections are
    all_headed: bool = False
    region: str | None = None
    report_date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY: compared as a prefix
    variety: str | None = None
    doc_type: str | None = None  # None when the gold states no contract doc_type
    municipalities: tuple[str, ...] = ()
    units: tuple[dict, ...] = ()
    references: tuple[dict, ...] = ()
    scores_units: bool = True
    gold_dir: Path | None = None  # the folder the gold file lies in


class GoldError(ValueError):
    """A folder with no gold in it, or a gold file that cannot be read: one line saying which."""


def load_gold_dir(gold_dir: Path, sources: Path | None = None) -> list[GoldDoc]:
    """Every gold document in ``gold_dir`` (either format); a ``.json`` file that is not a
    gold object (no ``goals`` or ``sections``: a results file beside the gold) is passed
    over. ``sources`` is where the annotated files lie when they are not beside the gold.
    Raises :class:`GoldError` when the folder holds no gold, or a gold file is no JSON."""
    gold_dir = Path(gold_dir)
    metas = sorted(gold_dir.glob("*.meta.json"))
    if metas:
        docs = [_dev_doc(p, read_json(p), sources) for p in metas]
    else:
        found = ((p, read_json(p)) for p in sorted(gold_dir.glob("*.json")))
        docs = [_own_doc(p, gold, sources) for p, gold in found if _is_own_gold(gold)]
    if not docs:
        raise GoldError(
            f"no gold in {gold_dir}: expected NAME.json files with goals or sections, or "
            "NAME.meta.json files with a gold block"
        )
    return docs


def read_json(path: Path):
    """The JSON in a gold file, or :class:`GoldError` saying why it cannot be read."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"cannot read the gold file {path.name}: {exc}") from None


def _is_own_gold(gold) -> bool:
    return isinstance(gold, dict) and ("goals" in gold or "sections" in gold)


def _find_source(name: str, dirs: list[Path], preferred: str | None = None) -> Path | None:
    for d in dirs:
        if preferred and (d / preferred).is_file():
            return d / preferred
        for suffix in SOURCE_SUFFIXES:
            cand = d / f"{name}{suffix}"
            if cand.is_file():
                return cand
    return None


def _dev_doc(path: Path, meta, sources: Path | None) -> GoldDoc:
    if not isinstance(meta, dict) or not isinstance(meta.get("gold"), dict):
        raise GoldError(f"{path.name} has no gold block")
    gold = meta["gold"]
    name = path.name.removesuffix(".meta.json")
    # a folder of sources given (the dev PDFs) is searched first; beside the gold lies the text
    dirs = [d for d in (sources, path.parent) if d is not None]
    source = _find_source(name, dirs, meta.get("text_file"))
    by_ref = {g.get("ref"): g for g in gold.get("goals") or []}
    goals = []
    for g in gold.get("goals") or []:
        parent = by_ref.get(g.get("parent_id"))
        goals.append(
            GoldGoal(
                level=DEV_LEVELS[g["level"]],
                text=g["text"],
                number=g.get("id"),
                parent=parent.get("id") if parent else None,
                label=g.get("label"),
                optional=bool(g.get("optional")),
            )
        )
    sections = tuple(
        GoldSection(s["kind"], s["heading"], s.get("first_words"))
        for s in gold.get("sections") or []
        if s.get("heading")
    )
    return GoldDoc(
        name=name,
        source=source,
        sections=sections,
        goals=tuple(goals),
        all_headed=True,
        region=gold.get("region"),
        report_date=gold.get("report_date"),
        variety=meta.get("language_variety"),
        doc_type=None,
        municipalities=tuple(gold.get("municipalities") or ()),
        scores_units=False,
        gold_dir=path.parent.resolve(),
    )


def _own_doc(path: Path, gold: dict, sources: Path | None) -> GoldDoc:
    file = gold.get("file") or path.name
    name = Path(file).stem
    dirs = [d for d in (sources, path.parent) if d is not None]
    return GoldDoc(
        name=name,
        source=_find_source(name, dirs, file),
        sections=tuple(GoldSection(s["kind"], s["heading"]) for s in gold.get("sections") or []),
        goals=tuple(
            GoldGoal(
                level=g["level"],
                text=g["text"],
                number=g.get("number"),
                parent=g.get("parent"),
                label=g.get("label"),
                optional=bool(g.get("optional")),
            )
            for g in gold.get("goals") or []
        ),
        region=gold.get("region"),
        report_date=gold.get("report_date"),
        variety=gold.get("variety"),
        doc_type=gold.get("doc_type"),
        municipalities=tuple(gold.get("municipalities") or ()),
        units=tuple(gold.get("organisation_units") or ()),
        references=tuple(gold.get("cross_references") or ()),
        gold_dir=path.parent.resolve(),
    )
