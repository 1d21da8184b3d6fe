"""Train the goal labeller on the gold kept in the repo, and estimate it honestly.

Each gold document is read by the same stages as an ingest (extract -> repair -> segment),
split into units, and every unit is given the label of the gold goal its text matches
(rapidfuzz ratio >= 90 after the label is stripped, each gold goal used once, best pairs
first). Optional gold goals label their unit too: the scorer neither rewards nor penalises
them, and they are goals in form.

``cross_validate`` is leave-one-document-out: each document is structured by a model
trained on all the others and scored by :mod:`pipeline.evaluate`, so the figure is what a
document the model never saw gets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from .discover import describe
from .evaluate import Prediction, Scorer, norm
from .extract import extract
from .gold import GoldDoc, load_gold_dir
from .records import Extracted, Section
from .repair import repair
from .segment import segment
from .structure.assemble import document_features
from .structure.labeller import OUTSIDE, train
from .structure.units import Unit, strip_label

ALIGN = 90.0
# the gold the shipped model is trained on: (gold folder, folder of the annotated files)
TRAINING_SETS: tuple[tuple[str, str | None], ...] = (
    ("tests/gold/seeds", "tests/fixtures/seeds"),
    ("tests/gold/own", "tests/fixtures/own"),
    ("tests/gold/dev", None),
)


@dataclass(frozen=True)
class Example:
    gold: GoldDoc
    doc: Extracted
    sections: tuple[Section, ...]
    units: tuple[Unit, ...]
    features: tuple[dict[str, float], ...]
    labels: tuple[str, ...]


def gold_documents(root: Path, sets: Sequence[tuple[str, str | None]] = TRAINING_SETS) -> list[GoldDoc]:
    docs = []
    for gold_dir, sources in sets:
        docs.extend(load_gold_dir(root / gold_dir, root / sources if sources else None))
    return docs


def read(path: Path) -> tuple[Extracted, tuple[Section, ...]]:
    full = path.resolve()
    doc = repair(extract(describe(full, full.parent, full.parent.name)))
    return doc, segment(doc)


def align(us: Sequence[Unit], gold: GoldDoc) -> list[str]:
    """The gold label of each unit: the level of the gold goal its text matches."""
    texts = [norm(strip_label(u.text).text) for u in us]
    cands = []
    for gi, g in enumerate(gold.goals):
        gt = norm(g.text)
        for ui, t in enumerate(texts):
            if t and not us[ui].heading:
                s = fuzz.ratio(gt, t)
                if s >= ALIGN:
                    cands.append((s, gi, ui))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    labels = [OUTSIDE] * len(us)
    used_g: set[int] = set()
    for _, gi, ui in cands:
        if gi in used_g or labels[ui] != OUTSIDE:
            continue
        used_g.add(gi)
        labels[ui] = gold.goals[gi].level
    return labels


def prepare(gold: GoldDoc) -> Example:
    if gold.source is None:
        raise FileNotFoundError(f"no source file found for gold document {gold.name}")
    doc, sections = read(gold.source)
    us, feats, _, _ = document_features(doc, sections)
    return Example(gold, doc, sections, tuple(us), tuple(feats), tuple(align(us, gold)))


def train_model(examples: Sequence[Example]) -> bytes:
    return train([(ex.features, ex.labels) for ex in examples])


def predict(ex: Example, model: bytes | None) -> Prediction:
    """What the pipeline makes of an example's document with ``model``, in the scorer's shape."""
    from .normalise import detect
    from .structure import structure

    st = structure(ex.doc, ex.sections, model=model)
    goals = st.goals
    return Prediction(
        file_name=ex.gold.source.name if ex.gold.source else ex.gold.name,
        sections=[{"kind": s.kind, "heading": s.heading} for s in st.sections if s.heading],
        goals=[
            {
                "level": g.level,
                "number": g.number,
                "text": g.text,
                "parent_number": goals[g.parent].number if g.parent is not None else None,
            }
            for g in goals
        ],
        units=[{"name": u.name, "kind": u.kind, "status": u.status} for u in st.units],
        municipalities=[m.name for m in st.municipalities],
        references=[
            {"from_number": goals[r.from_goal].number, "target_number": r.target_number}
            for r in st.references
        ],
        region=st.region,
        report_date=st.report_date.isoformat() if st.report_date else None,
        variety=detect(st).variety,
        doc_type=st.doc_type,
    )


def cross_validate(
    examples: Sequence[Example],
    scored: Callable[[Example], bool] = lambda ex: True,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Scorer]:
    """Leave-one-document-out: each scored example structured by a model trained on the rest.
    Scores per gold set (the gold folder's name) and over all."""
    scorers: dict[str, Scorer] = {}
    todo = [k for k, ex in enumerate(examples) if scored(ex)]
    for n, k in enumerate(todo):
        model = train_model([ex for j, ex in enumerate(examples) if j != k])
        ex = examples[k]
        pred = predict(ex, model)
        group = ex.gold.gold_dir.name if ex.gold.gold_dir else "gold"
        for key in (group, "all"):
            scorers.setdefault(key, Scorer()).add(ex.gold, pred)
        if progress:
            progress(n + 1, len(todo))
    return scorers


def model_path() -> Path:
    """Where the shipped model lives in the package."""
    from importlib import resources

    from .structure.labeller import MODEL_FILE

    return Path(str(resources.files("pipeline.resources").joinpath(MODEL_FILE)))


def train_and_save(root: Path, out: Path | None = None) -> tuple[Path, int, int]:
    """Train on every gold document under ``root`` and write the model; (path, documents, units)."""
    examples = [prepare(g) for g in gold_documents(root)]
    data = train_model(examples)
    path = out or model_path()
    path.write_bytes(data)
    from .structure.labeller import _tagger

    _tagger.cache_clear()
    return path, len(examples), sum(len(ex.units) for ex in examples)
