"""Shared fixtures: the seed texts, the sample batch, and one warehouse ingested from it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SAMPLE = ROOT / "raw" / "sample"
GOLD = ROOT / "tests" / "gold"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def gold(prefix: str) -> dict:
    return json.loads(next((GOLD / "seeds").glob(f"{prefix}_*.json")).read_text("utf-8"))


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """raw/sample ingested once (as the batch 'sample'), shared by read-only tests."""
    from pipeline.run import ingest

    root = tmp_path_factory.mktemp("raw")
    shutil.copytree(SAMPLE, root / "sample")
    db = tmp_path_factory.mktemp("wh") / "reports.duckdb"
    summary = ingest(root, db, workers=1)
    assert summary.failed == 0, summary.failures
    return db


@pytest.fixture
def con(sample_warehouse):
    import duckdb

    c = duckdb.connect(str(sample_warehouse), read_only=True)
    yield c
    c.close()
