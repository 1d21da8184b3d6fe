"""A non-editable install: the package alone (no checkout beside it) finds its SQL
models, resources and word lists, and gives the same warehouse as the checkout."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLE
from .helpers import snapshot


@pytest.mark.slow
def test_pip_install_dot_then_ingest_from_another_folder(tmp_path, sample_warehouse):
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0 and "No matching distribution" in build.stderr + build.stdout:
        pytest.skip("no package index to fetch the build backend from")
    assert build.returncode == 0, build.stderr[-2000:]
    assert (target / "pipeline" / "resources" / "models" / "staging" / "latest_documents.sql").is_file()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "raw").mkdir(parents=True)
    shutil.copytree(SAMPLE, elsewhere / "raw" / "sample")
    env = dict(os.environ, PYTHONPATH=str(target), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("RAPPORT_MODELS", None)
    env.pop("RAPPORT_WORDLISTS", None)
    where = subprocess.run(
        [sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)  # not the checkout
    db = elsewhere / "w.duckdb"
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ingest", "raw", "-w", str(db), "-q", "-j", "1"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert snapshot(db) == snapshot(sample_warehouse)
    views = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "query", "select count(*) from goals_overview", "-w", str(db)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert views.returncode == 0 and "count" in views.stdout
