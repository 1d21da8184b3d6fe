"""Workers behind a concurrent.futures.Executor: a process pool, or a Dask cluster."""

import shutil

import duckdb
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


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_two_worker_processes_give_the_same_warehouse(batch, tmp_path, monkeypatch, start):
    import multiprocessing

    import pipeline.run as run

    if start == "forkserver":  # another thread running: workers must not fork from this process
        monkeypatch.setattr(run.threading, "active_count", lambda: 2)
    used = []
    real = multiprocessing.get_context
    monkeypatch.setattr(
        multiprocessing, "get_context", lambda method=None: used.append(method) or real(method)
    )
    root, expected = batch
    db = tmp_path / "w.duckdb"
    summary = ingest(root, db, workers=2)
    assert summary.loaded == 8
    assert snapshot(db) == expected
    assert used == [start]


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


def test_a_worker_crash_fails_that_file_only_and_the_batch_goes_on(tmp_path, monkeypatch):
    folder = tmp_path / "raw" / "b"
    folder.mkdir(parents=True)
    for i in range(8):
        (folder / f"r{i}.txt").write_text(f"Rapport {i}\n\nHovedmål: Mål nummer {i} for regionen.\n", "utf-8")
    (folder / "crash.txt").write_text("Rapport\n\nHovedmål: Denne fila knekker arbeidaren.\n", "utf-8")
    import pipeline.run as run

    from .helpers import process_file_dying_on_crash_files

    monkeypatch.setattr(run, "process_file", process_file_dying_on_crash_files)
    summary = ingest(tmp_path / "raw", tmp_path / "w.duckdb", workers=2)
    assert (summary.loaded, summary.failed) == (8, 1)
    ((where, error),) = summary.failures
    assert where.endswith("crash.txt") and "crashed" in error
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM goals").fetchone()[0] == 8
    con.close()


def test_a_pool_that_breaks_while_files_are_handed_out_loses_no_file(tmp_path, monkeypatch):
    """A worker that dies at once breaks the pool under the next hand-out (a race: the first
    file crashed before the second was handed out). That file goes through the recovery
    with the others, and the batch goes on."""
    from concurrent.futures.process import BrokenProcessPool

    import pipeline.run as run

    real = run._start_pool

    class BrokenAtTheSecondFile:
        def __init__(self, pool):
            self.pool, self.handed = pool, 0

        def submit(self, *args, **kwargs):
            self.handed += 1
            if self.handed == 2:
                raise BrokenProcessPool("a child process terminated abruptly")
            return self.pool.submit(*args, **kwargs)

        def shutdown(self, *args, **kwargs):
            return self.pool.shutdown(*args, **kwargs)

    pools = []

    def start(n, fork_safe=False):
        pools.append(real(n, fork_safe))
        return BrokenAtTheSecondFile(pools[-1]) if len(pools) == 1 else pools[-1]

    monkeypatch.setattr(run, "_start_pool", start)
    folder = tmp_path / "raw" / "b"
    folder.mkdir(parents=True)
    for i in range(6):
        (folder / f"r{i}.txt").write_text(f"Rapport {i}\n\nHovedmål: Mål nummer {i} for regionen.\n", "utf-8")
    summary = ingest(tmp_path / "raw", tmp_path / "w.duckdb", workers=2)
    assert (summary.loaded, summary.failed) == (6, 0)
    assert len(pools) == 2  # the broken pool was replaced once
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM goals").fetchone()[0] == 6
    con.close()


def test_what_a_run_starts_with_is_frozen_for_the_collector_during_the_run_only(batch, tmp_path):
    """A run keeps the objects it starts with out of the cyclic collector's walks (and
    forked workers' copies), and leaves the collector as it found it, after a failure too."""
    import gc

    root, _ = batch
    during = []
    before = gc.get_freeze_count()
    ingest(root, tmp_path / "w.duckdb", workers=1, progress=lambda *a: during.append(gc.get_freeze_count()))
    assert during and min(during) > before + 10_000  # modules, lexicons, the model
    assert gc.get_freeze_count() == before

    def boom(*_):
        raise RuntimeError("a progress display that fails")

    with pytest.raises(RuntimeError):
        ingest(root, tmp_path / "w2.duckdb", workers=1, progress=boom)
    assert gc.get_freeze_count() == before
