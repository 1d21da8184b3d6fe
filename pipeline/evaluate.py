"""Evaluate: score the warehouse against gold annotations.

Gold files (one JSON per document, the format of ``tests/gold/``) are matched to the
latest loaded documents whose file name has the same stem, so the text and the PDF
version of a report are each scored against the same gold.

Every list field is scored with multiset matching: each gold item consumes at most one
prediction, best-scoring pairs first. Micro-averaged over documents.

- sections: kind equal and heading soft-equal; sections of kind "other" are not predicted
  items (gold lists only the classified sections);
- goals (soft): level equal and text ratio >= 90 on case-folded, whitespace-collapsed text;
  goals (strict): level equal and that text identical; number and parent accuracy on the
  soft-matched pairs (a parent is compared by its number);
- organisation units: kind equal and name ratio >= 85; status accuracy on matched pairs;
- municipalities: names; cross-references: (from number, to number);
- region, report date, variety, doc_type: accuracy per document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
from rapidfuzz import fuzz

SOFT = 90.0
UNIT_SOFT = 85.0


def norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


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


def _docs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cur = con.execute(
        "SELECT doc_id, file_name, doc_type, region, report_date, variety FROM documents "
        "WHERE status = 'loaded' AND superseded_by IS NULL"
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, doc_id: str) -> list[dict[str, Any]]:
    cur = con.execute(sql, [doc_id])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def evaluate(con: duckdb.DuckDBPyConnection, gold_dir: Path) -> dict[str, Any]:
    golds = [json.loads(p.read_text("utf-8")) | {"_path": p.name} for p in sorted(gold_dir.glob("*.json"))]
    docs = _docs(con)
    fields = {
        k: Counts()
        for k in (
            "sections",
            "goals_soft",
            "goals_strict",
            "organisation_units",
            "municipalities",
            "cross_references",
        )
    }
    acc = {
        k: Accuracy()
        for k in ("goal_number", "goal_parent", "unit_status", "region", "report_date", "variety", "doc_type")
    }
    per_doc = []
    unmatched = []
    for gold in golds:
        stem = Path(gold.get("file") or gold["_path"]).stem
        matches = [d for d in docs if Path(d["file_name"]).stem == stem]
        if not matches:
            unmatched.append(gold.get("file") or gold["_path"])
            continue
        for doc in matches:
            per_doc.append(_score_doc(con, gold, doc, fields, acc))
    return {
        "documents": len(per_doc),
        "gold_without_document": unmatched,
        "fields": {k: v.scores() for k, v in fields.items()},
        "accuracy": {k: v.scores() for k, v in acc.items()},
        "per_document": per_doc,
    }


def _score_doc(con, gold, doc, fields, acc) -> dict[str, Any]:
    doc_id = doc["doc_id"]
    out: dict[str, Any] = {"file": doc["file_name"]}

    # sections
    pred_sec = _rows(
        con,
        "SELECT kind, heading FROM sections WHERE doc_id = ? AND kind <> 'other' ORDER BY ordinal",
        doc_id,
    )
    gold_sec = gold.get("sections") or []
    pairs = match(
        gold_sec,
        pred_sec,
        lambda g, p: fuzz.ratio(norm(g["heading"]), norm(p["heading"])) if g["kind"] == p["kind"] else 0,
        SOFT,
    )
    fields["sections"].add(len(gold_sec), len(pred_sec), len(pairs))
    out["sections"] = (len(pairs), len(gold_sec), len(pred_sec))

    # goals
    pred_goals = _rows(
        con,
        "SELECT g.level, g.number, g.text, p.number AS parent_number, g.parent_goal_id FROM goals g "
        "LEFT JOIN goals p ON p.goal_id = g.parent_goal_id WHERE g.doc_id = ? ORDER BY g.ordinal",
        doc_id,
    )
    gold_goals = gold.get("goals") or []
    soft = match(
        gold_goals,
        pred_goals,
        lambda g, p: fuzz.ratio(norm(g["text"]), norm(p["text"])) if g["level"] == p["level"] else 0,
        SOFT,
    )
    strict = match(
        gold_goals,
        pred_goals,
        lambda g, p: 100.0 if g["level"] == p["level"] and norm(g["text"]) == norm(p["text"]) else 0,
        100,
    )
    fields["goals_soft"].add(len(gold_goals), len(pred_goals), len(soft))
    fields["goals_strict"].add(len(gold_goals), len(pred_goals), len(strict))
    for i, j in soft:
        acc["goal_number"].add((gold_goals[i].get("number") or None) == (pred_goals[j]["number"] or None))
        acc["goal_parent"].add(
            (gold_goals[i].get("parent") or None) == (pred_goals[j]["parent_number"] or None)
        )
    out["goals"] = (len(soft), len(gold_goals), len(pred_goals))

    # organisation units
    pred_units = _rows(con, "SELECT name, kind, status FROM organisation_units WHERE doc_id = ?", doc_id)
    gold_units = gold.get("organisation_units") or []
    pairs = match(
        gold_units,
        pred_units,
        lambda g, p: fuzz.ratio(norm(g["name"]), norm(p["name"])) if g["kind"] == p["kind"] else 0,
        UNIT_SOFT,
    )
    fields["organisation_units"].add(len(gold_units), len(pred_units), len(pairs))
    for i, j in pairs:
        acc["unit_status"].add((gold_units[i].get("status") or None) == (pred_units[j]["status"] or None))
    out["organisation_units"] = (len(pairs), len(gold_units), len(pred_units))

    # municipalities
    pred_mun = [
        r["name"] for r in _rows(con, "SELECT name FROM municipality_mentions WHERE doc_id = ?", doc_id)
    ]
    gold_mun = gold.get("municipalities") or []
    pairs = match(gold_mun, pred_mun, lambda g, p: 100.0 if norm(g) == norm(p) else 0, 100)
    fields["municipalities"].add(len(gold_mun), len(pred_mun), len(pairs))
    out["municipalities"] = (len(pairs), len(gold_mun), len(pred_mun))

    # cross-references
    pred_refs = _rows(
        con,
        "SELECT f.number AS from_number, r.target_number FROM goal_references r JOIN goals f ON f.goal_id = r.from_goal_id WHERE r.doc_id = ?",
        doc_id,
    )
    gold_refs = gold.get("cross_references") or []
    pairs = match(
        gold_refs,
        pred_refs,
        lambda g, p: 100.0 if (g["from"], g["to"]) == (p["from_number"], p["target_number"]) else 0,
        100,
    )
    fields["cross_references"].add(len(gold_refs), len(pred_refs), len(pairs))

    # document fields
    acc["region"].add(norm(gold.get("region")) == norm(doc["region"]))
    acc["report_date"].add(
        (gold.get("report_date") or None) == (doc["report_date"].isoformat() if doc["report_date"] else None)
    )
    acc["variety"].add(gold.get("variety") == doc["variety"])
    acc["doc_type"].add(gold.get("doc_type") == doc["doc_type"])
    out["region"] = (gold.get("region"), doc["region"])
    out["report_date"] = (gold.get("report_date"), str(doc["report_date"]) if doc["report_date"] else None)
    out["variety"] = (gold.get("variety"), doc["variety"])
    return out


def format_report(report: dict[str, Any]) -> str:
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
    return "\n".join(lines)
