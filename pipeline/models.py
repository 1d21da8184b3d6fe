"""Models: the SQL views under ``models/`` that dashboards query.

Each file holds one ``CREATE OR REPLACE VIEW`` named after the file, starting with a
comment that says what one row is. Views are built in dependency order: a view that
names another is built after it.
"""

from __future__ import annotations

import hashlib
import os
import re
from importlib import resources
from pathlib import Path

import duckdb

from .load import read_state, write_state


def models_dir() -> Path:
    """The SQL models: inside the package (``pipeline/resources/models``, which the
    checkout's top-level ``models/`` links to), or ``RAPPORT_MODELS``."""
    if os.environ.get("RAPPORT_MODELS"):
        return Path(os.environ["RAPPORT_MODELS"])
    return Path(str(resources.files("pipeline.resources").joinpath("models")))


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
    """Create or replace every view, in dependency order, and note the hash of the SQL
    they were built from; ``only_changed`` builds nothing when that hash is unchanged (a
    rerun of an unchanged batch: one small query instead of a catalog scan)."""
    models = model_files(directory)
    order = build_order(models)
    stamp = hashlib.sha256("\0".join(f"{n}\0{models[n]}" for n in order).encode("utf-8")).hexdigest()[:32]
    if only_changed and read_state(con, "models") == stamp:
        return []
    for name in order:
        con.execute(models[name])
    write_state(con, "models", stamp)
    return order
