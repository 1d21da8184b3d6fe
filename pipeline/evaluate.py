"""Evaluate: score extractions against gold annotations.

Gold (either format, see :mod:`pipeline.gold`) is matched to the latest loaded documents
whose file name has the same stem, so the text and the PDF version of a report are each
scored against the same gold. The same scorer reads predictions made in-process, which is
how ``rapport eval --cv`` scores each document with a labeller that never saw it.

Every list field is scored with multiset matching: each gold item consumes at most one
prediction, best-scoring pairs first. Micro-averaged over documents. Texts are compared
casefolded, whitespace collapsed, edge punctuation stripped (the dev corpus's rules).

- sections: kind equal and heading ratio >= 85. In the dev format every headed section is
  an item (kind ``other`` too); in the project's own format only classified sections are;
- goals (soft): level equal and text ratio >= 90; (strict): that text identical. Optional
  gold goals are neither rewarded nor penalised: a prediction they match is no false
  positive, and where a required and an optional goal match equally the required one
  takes it. Number and parent accuracy on the soft-matched pairs (a parent by its number);
- organisation units: kind equal and name ratio >= 85; status accuracy on matched pairs;
- municipalities: names; cross-references: (from number, to number);
- region, report date (gold as a prefix: '2013' matches 2013-01-31), variety, doc_type:
  accuracy per document, where the gold states them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .gold import GoldDoc, GoldError, load_gold_dir, read_json

SOFT = 90.0
SECTION_SOFT = 85.0
UNIT_SOFT = 85.0
_EDGE = " \t\n.,;:!?-–—•*\"'«»“”()[]"
FIELDS = (
    "sections",
    "goals_soft",
    "goals_strict",
    "organisation_units",
    "municipalities",
    "cross_references",
)
ACCURACIES = ("goal_number", "goal_parent", "unit_status", "region", "report_date", "variety", "doc_type")


def norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split()).strip(_EDGE)


@dataclass
class Prediction:
    """What the pipeline made of one document, in the shape the scorer compares."""

    file_name: str
    sections: list[dict[str, Any]] = field(default_factory=list)  # kind, heading (headed only)
    goals: list[dict[str, Any]] = field(default_factory=list)  # level, number, text, parent_number
    units: list[dict[str, Any]] = field(default_factory=list)  # name, kind, status
    municipalities: list[str] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)  # from_number, target_number
    region: str | None = None
    report_date: str | None = None
    variety: str | None = None
    doc_type: str | None = None


def match(
    gold: Sequence[Any], pred: Sequence[Any], score: Callable[[Any, Any], float], threshold: float
) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index), best scores first, each side used once."""
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s >= threshold:
                cands.append((s, -abs(i - j), i, j))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


class Counts:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, n_gold: int, n_pred: int, n_match: int) -> None:
        self.tp += n_match
        self.fp += n_pred - n_match
        self.fn += n_gold - n_match

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        }


class Accuracy:
    def __init__(self) -> None:
        self.right = self.total = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    def scores(self) -> dict[str, float | int]:
        return {
            "right": self.right,
            "total": self.total,
            "accuracy": round(self.right / self.total, 4) if self.total else 1.0,
        }


class Scorer:
    """Scores accumulated over documents."""

    def __init__(self) -> None:
        self.fields = {k: Counts() for k in FIELDS}
        self.acc = {k: Accuracy() for k in ACCURACIES}
        self.per_doc: list[dict[str, Any]] = []

    def add(self, gold: GoldDoc, pred: Prediction) -> dict[str, Any]:
        out = score_document(gold, pred, self.fields, self.acc)
        self.per_doc.append(out)
        return out

    def report(self, unmatched: Sequence[str] = ()) -> dict[str, Any]:
        return {
            "documents": len(self.per_doc),
            "gold_without_document": list(unmatched),
            "fields": {k: v.scores() for k, v in self.fields.items()},
            "accuracy": {k: v.scores() for k, v in self.acc.items()},
            "per_document": self.per_doc,
        }


def score_document(gold: GoldDoc, pred: Prediction, fields: dict[str, Counts], acc: dict[str, Accuracy]):
    out: dict[str, Any] = {"file": pred.file_name}

    # sections
    pred_sec = [s for s in pred.sections if s.get("heading") and (gold.all_headed or s["kind"] != "other")]
    gold_sec = list(gold.sections)
    threshold = SECTION_SOFT if gold.all_headed else SOFT
    pairs = match(
        gold_sec,
        pred_sec,
        lambda g, p: fuzz.ratio(norm(g.heading), norm(p["heading"])) if g.kind == p["kind"] else 0,
        threshold,
    )
    fields["sections"].add(len(gold_sec), len(pred_sec), len(pairs))
    out["sections"] = (len(pairs), len(gold_sec), len(pred_sec))

    # goals: optional ones match (so a prediction of one is no false positive) but do not count
    gold_goals = list(gold.goals)
    required = [g for g in gold_goals if not g.optional]

    def goal_score(g, p) -> float:
        if g.level != p["level"]:
            return 0.0
        return fuzz.ratio(norm(g.text), norm(p["text"])) + (0.0 if g.optional else 0.01)

    soft = match(gold_goals, pred.goals, goal_score, SOFT)
    strict = match(
        gold_goals,
        pred.goals,
        lambda g, p: (
            (100.0 if g.level == p["level"] and norm(g.text) == norm(p["text"]) else 0.0)
            + (0.0 if g.optional else 0.01)
        ),
        100,
    )
    for name, pairs in (("goals_soft", soft), ("goals_strict", strict)):
        hit_required = sum(1 for i, _ in pairs if not gold_goals[i].optional)
        hit_optional = len(pairs) - hit_required
        fields[name].add(len(required), len(pred.goals) - hit_optional, hit_required)
    for i, j in soft:
        if gold_goals[i].optional:
            continue
        acc["goal_number"].add((gold_goals[i].number or None) == (pred.goals[j]["number"] or None))
        acc["goal_parent"].add((gold_goals[i].parent or None) == (pred.goals[j]["parent_number"] or None))
    out["goals"] = (
        sum(1 for i, _ in soft if not gold_goals[i].optional),
        len(required),
        len(pred.goals) - sum(1 for i, _ in soft if gold_goals[i].optional),
    )

    # organisation units
    if gold.scores_units:
        gold_units = list(gold.units)
        pairs = match(
            gold_units,
            pred.units,
            lambda g, p: fuzz.ratio(norm(g["name"]), norm(p["name"])) if g["kind"] == p["kind"] else 0,
            UNIT_SOFT,
        )
        fields["organisation_units"].add(len(gold_units), len(pred.units), len(pairs))
        for i, j in pairs:
            acc["unit_status"].add((gold_units[i].get("status") or None) == (pred.units[j]["status"] or None))
        out["organisation_units"] = (len(pairs), len(gold_units), len(pred.units))

    # municipalities
    gold_mun = list(gold.municipalities)
    pairs = match(gold_mun, pred.municipalities, lambda g, p: 100.0 if norm(g) == norm(p) else 0, 100)
    fields["municipalities"].add(len(gold_mun), len(pred.municipalities), len(pairs))
    out["municipalities"] = (len(pairs), len(gold_mun), len(pred.municipalities))

    # cross-references (the own format only states them)
    if gold.scores_units:
        gold_refs = list(gold.references)
        pairs = match(
            gold_refs,
            pred.references,
            lambda g, p: 100.0 if (g["from"], g["to"]) == (p["from_number"], p["target_number"]) else 0,
            100,
        )
        fields["cross_references"].add(len(gold_refs), len(pred.references), len(pairs))

    # document fields
    acc["region"].add(norm(gold.region) == norm(pred.region))
    acc["report_date"].add(
        (pred.report_date or "").startswith(gold.report_date)
        if gold.report_date
        else pred.report_date is None
    )
    if gold.variety:
        acc["variety"].add(gold.variety == pred.variety)
    if gold.doc_type:
        acc["doc_type"].add(gold.doc_type == pred.doc_type)
    out["region"] = (gold.region, pred.region)
    out["report_date"] = (gold.report_date, pred.report_date)
    out["variety"] = (gold.variety, pred.variety)
    return out


def _rows(con, sql: str, doc_id: str) -> list[dict[str, Any]]:
    cur = con.execute(sql, [doc_id])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def warehouse_predictions(con) -> list[Prediction]:
    """One prediction per latest loaded document of the warehouse."""
    cur = con.execute(
        "SELECT doc_id, file_name, doc_type, region, report_date, variety FROM documents "
        "WHERE status = 'loaded' AND superseded_by IS NULL"
    )
    cols = [d[0] for d in cur.description]
    preds = []
    for row in cur.fetchall():
        doc = dict(zip(cols, row, strict=True))
        doc_id = doc["doc_id"]
        preds.append(
            Prediction(
                file_name=doc["file_name"],
                sections=_rows(
                    con,
                    "SELECT kind, heading FROM sections WHERE doc_id = ? AND heading IS NOT NULL ORDER BY ordinal",
                    doc_id,
                ),
                goals=_rows(
                    con,
                    "SELECT g.level, g.number, g.text, p.number AS parent_number FROM goals g "
                    "LEFT JOIN goals p ON p.goal_id = g.parent_goal_id WHERE g.doc_id = ? ORDER BY g.ordinal",
                    doc_id,
                ),
                units=_rows(
                    con, "SELECT name, kind, status FROM organisation_units WHERE doc_id = ?", doc_id
                ),
                municipalities=[
                    r["name"]
                    for r in _rows(con, "SELECT name FROM municipality_mentions WHERE doc_id = ?", doc_id)
                ],
                references=_rows(
                    con,
                    "SELECT f.number AS from_number, r.target_number FROM goal_references r "
                    "JOIN goals f ON f.goal_id = r.from_goal_id WHERE r.doc_id = ?",
                    doc_id,
                ),
                region=doc["region"],
                report_date=doc["report_date"].isoformat() if doc["report_date"] else None,
                variety=doc["variety"],
                doc_type=doc["doc_type"],
            )
        )
    return preds


def evaluate(con, gold_dir: Path) -> dict[str, Any]:
    """Score the warehouse's latest documents against the gold in ``gold_dir``."""
    return score(load_gold_dir(Path(gold_dir)), warehouse_predictions(con))


def score(golds: Sequence[GoldDoc], preds: Sequence[Prediction]) -> dict[str, Any]:
    scorer = Scorer()
    unmatched = []
    for gold in golds:
        matches = [p for p in preds if Path(p.file_name).stem == gold.name]
        if not matches:
            unmatched.append(gold.name)
            continue
        for pred in matches:
            scorer.add(gold, pred)
    return scorer.report(unmatched)


def format_report(report: dict[str, Any], per_document: bool = False) -> str:
    lines = [f"documents scored: {report['documents']}"]
    if report["gold_without_document"]:
        lines.append("gold files with no loaded document: " + ", ".join(report["gold_without_document"]))
    lines.append("")
    lines.append(f"{'field':<20} {'P':>7} {'R':>7} {'F1':>7}   tp  fp  fn")
    for name, s in report["fields"].items():
        lines.append(
            f"{name:<20} {s['precision']:>7.3f} {s['recall']:>7.3f} {s['f1']:>7.3f}  {s['tp']:>3} {s['fp']:>3} {s['fn']:>3}"
        )
    lines.append("")
    lines.append(f"{'accuracy':<20} {'acc':>7}   right/total")
    for name, s in report["accuracy"].items():
        lines.append(f"{name:<20} {s['accuracy']:>7.3f}   {s['right']}/{s['total']}")
    if per_document:
        lines.append("")
        lines.append(f"{'document':<36} {'goals hit/gold/pred':>20} {'sections hit/gold/pred':>23}")
        for d in report["per_document"]:
            g = "/".join(map(str, d["goals"]))
            s = "/".join(map(str, d["sections"]))
            lines.append(f"{d['file']:<36} {g:>20} {s:>23}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- measure status

STATUSES = ("done", "on_track", "delayed", "not_started", "cancelled", "unknown")


def is_status_gold(gold_dir: Path) -> bool:
    """A gold folder of measure statuses (files with a "measures" list and no "goals")."""
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        return False
    data = read_json(files[0])
    return isinstance(data, dict) and "measures" in data and "goals" not in data


def load_status_gold(gold_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """file name -> [(measure text, status)], from every *.json in ``gold_dir``."""
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        data = read_json(path)
        try:
            out[data["file"]] = [(m["text"], m["status"]) for m in data["measures"]]
        except (KeyError, TypeError) as exc:
            raise GoldError(
                f"{path.name} is no status gold (file, measures with text and status): {exc}"
            ) from None
    return out


def score_statuses(
    gold: dict[str, list[tuple[str, str]]], predicted: dict[str, list[tuple[str, str]]]
) -> dict[str, Any]:
    """Precision, recall and F1 per status. Each gold measure is matched to the predicted
    measure of its document whose text contains it best (partial ratio >= 90); one that is
    not found counts as a miss for its status. Documents without predictions count too."""
    counts = {s: Counts() for s in STATUSES}
    found = total = 0
    for name, measures in gold.items():
        preds = predicted.get(name, [])
        for text, status in measures:
            total += 1
            best, score = None, 0.0
            for ptext, pstatus in preds:
                s = fuzz.partial_ratio(norm(text), norm(ptext)) if min(len(text), len(ptext)) >= 8 else 0
                if s > score:
                    best, score = pstatus, s
            if best is None or score < 90:
                counts[status].fn += 1
                continue
            found += 1
            if best == status:
                counts[status].tp += 1
            else:
                counts[status].fn += 1
                counts[best].fp += 1
    report = {s: c.scores() for s, c in counts.items()}
    micro = Counts()
    for s in STATUSES:
        if s != "unknown":
            micro.tp, micro.fp, micro.fn = (
                micro.tp + counts[s].tp,
                micro.fp + counts[s].fp,
                micro.fn + counts[s].fn,
            )
    return {
        "per_status": report,
        "known_statuses": micro.scores(),
        "measures": total,
        "measures_found": found,
    }


def warehouse_statuses(con) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT d.file_name, g.text, coalesce(s.status, 'unknown') FROM goals g JOIN documents d USING (doc_id) "
        "LEFT JOIN measure_status s USING (goal_id) WHERE g.level IN ('measure', 'sub_goal') AND d.status = 'loaded' "
        "AND d.superseded_by IS NULL"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for name, text, status in rows:
        out.setdefault(name, []).append((text, status))
    return out


def format_status_report(report: dict[str, Any]) -> str:
    lines = [
        f"measures: {report['measures']} annotated, {report['measures_found']} found as measures",
        "",
        f"{'status':<14}{'P':>8}{'R':>8}{'F1':>8}{'tp':>5}{'fp':>5}{'fn':>5}",
    ]
    rows = list(report["per_status"].items()) + [("known (micro)", report["known_statuses"])]
    for name, c in rows:
        lines.append(
            f"{name:<14}{c['precision']:>8.3f}{c['recall']:>8.3f}{c['f1']:>8.3f}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}"
        )
    return "\n".join(lines)
