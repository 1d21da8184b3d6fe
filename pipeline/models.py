"""Models: the SQL views under ``models/`` that dashboards query.

Each file holds one ``CREATE OR REPLACE VIEW`` named after the file, starting with a
comment that says what one row is. Views are built in dependency order: a view that
names another is built after it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    return Path(os.environ.get("RAPPORT_MODELS", ROOT / "models"))


def model_files(directory: Path | None = None) -> dict[str, str]:
    directory = directory or models_dir()
    return {p.stem: p.read_text("utf-8") for p in sorted(directory.rglob("*.sql"))}


def build_order(models: dict[str, str]) -> list[str]:
    """Topological order by which view names appear in which file."""
    deps = {
        name: {
            other
            for other in models
            if other != name and re.search(rf"\b{re.escape(other)}\b", _strip_comments(sql))
        }
        for name, sql in models.items()
    }
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            raise ValueError(f"models depend on each other in a cycle through {name}")
        visiting.add(name)
        for dep in sorted(deps[name]):
            visit(dep)
        visiting.discard(name)
        order.append(name)

    for name in sorted(models):
        visit(name)
    return order


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def build_models(
    con: duckdb.DuckDBPyConnection, directory: Path | None = None, only_changed: bool = False
) -> list[str]:
    """Create or replace every view, in dependency order; each view's comment records the
    hash of the SQL it was built from, so that ``only_changed`` skips the views whose file
    has not changed since (a rerun of an unchanged batch)."""
    models = model_files(directory)
    order = build_order(models)
    built = {}
    if only_changed:
        built = dict(
            con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall()
        )
    done = []
    for name in order:
        stamp = "sha256:" + hashlib.sha256(models[name].encode("utf-8")).hexdigest()[:16]
        if built.get(name) == stamp:
            continue
        con.execute(models[name])
        con.execute(f"COMMENT ON VIEW {name} IS '{stamp}'")
        done.append(name)
    return order if not only_changed else done
