"""Workers behind a concurrent.futures.Executor: a process pool, or a Dask cluster."""

import shutil

import duckdb
import pytest

from pipeline.run import ingest

from .conftest import SAMPLE


def _rows(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: sorted(
                map(
                    repr,
                    con.execute(
                        f"SELECT * EXCLUDE (ingested_at, run_id) FROM {t}"
                        if t == "documents"
                        else f"SELECT * FROM {t}"
                    ).fetchall(),
                )
            )
            for t in (
                "documents",
                "sections",
                "goals",
                "organisation_units",
                "municipality_mentions",
                "goal_references",
            )
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    shutil.copytree(SAMPLE, root / "sample")
    serial = tmp_path_factory.mktemp("serial") / "w.duckdb"
    ingest(root, serial, workers=1)
    return root, _rows(serial)


def test_two_worker_processes_give_the_same_warehouse(batch, tmp_path):
    root, expected = batch
    db = tmp_path / "w.duckdb"
    summary = ingest(root, db, workers=2)
    assert summary.loaded == 8
    assert _rows(db) == expected


@pytest.mark.slow
def test_a_dask_local_cluster_runs_extraction(batch, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    root, expected = batch
    db = tmp_path / "w.duckdb"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        summary = ingest(root, db, executor=client.get_executor(), workers=2)
    assert summary.loaded == 8
    assert _rows(db) == expected
