"""Workers behind a concurrent.futures.Executor: a process pool, or a Dask cluster."""

import shutil

import pytest

from pipeline.run import ingest

from .conftest import SAMPLE
from .helpers import snapshot


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    shutil.copytree(SAMPLE, root / "sample")
    serial = tmp_path_factory.mktemp("serial") / "w.duckdb"
    ingest(root, serial, workers=1)
    return root, snapshot(serial)


def test_two_worker_processes_give_the_same_warehouse(batch, tmp_path):
    root, expected = batch
    db = tmp_path / "w.duckdb"
    summary = ingest(root, db, workers=2)
    assert summary.loaded == 8
    assert snapshot(db) == expected


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
    assert snapshot(db) == expected
