"""Publishing: ingest writes a working file of its own; readers read a published snapshot.

DuckDB lets one process write a database file, and a reader holding it read-only keeps a
writer out. So the warehouse a user names (``warehouse/reports.duckdb``) is a snapshot
that only readers open (dashboards, notebooks, ``rapport query``), and ingest works on
``warehouse/.reports.duckdb.work`` beside it. When a run has committed, the working file is
checkpointed, copied beside the snapshot and renamed onto it in one step
(:func:`os.replace`): a reader that holds the old file keeps reading it until it connects
again, and never sees half a run. A kill at any moment leaves either the old snapshot or
the new one, and the working file with every committed document; the next run publishes.

Writers take an exclusive lock (``.reports.duckdb.lock``, with the holder's pid in it) for
the whole run, so a second ingest waits for it or says who holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path


class WarehouseBusy(Exception):
    """Another process is writing the warehouse."""


def work_path(published: str | os.PathLike[str]) -> Path:
    """The working file ingest writes, beside the published snapshot."""
    p = Path(published)
    return p.with_name(f".{p.name}.work")


def lock_path(published: str | os.PathLike[str]) -> Path:
    p = Path(published)
    return p.with_name(f".{p.name}.lock")


@contextlib.contextmanager
def writing(published: str | os.PathLike[str], wait: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's writer lock; wait up to ``wait`` seconds for another holder,
    then raise :class:`WarehouseBusy` naming its pid. The lock goes with the process, so a
    killed writer never leaves it held."""
    path = lock_path(published)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                    raise WarehouseBusy(
                        f"the warehouse {published} is being written by another rapport process "
                        f"(pid {holder}); wait for it to finish, or pass --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def adopt(published: str | os.PathLike[str], checkpoint=None) -> Path:
    """The working file, made from the published one when there is none yet (a warehouse
    made before snapshots, or one copied from elsewhere; ``checkpoint(path)`` first folds
    a WAL left beside it into it)."""
    work = work_path(published)
    src = Path(published)
    if not work.exists() and src.exists():
        if checkpoint is not None and src.with_name(src.name + ".wal").exists():
            checkpoint(src)
        tmp = work.with_name(work.name + f".adopt-{os.getpid()}")
        shutil.copyfile(src, tmp)
        os.replace(tmp, work)
    return work


def publish(published: str | os.PathLike[str]) -> float:
    """Copy the (checkpointed, closed) working file over the published snapshot in one
    rename; returns the seconds it took. Leftovers of a publish that was killed go."""
    t = time.perf_counter()
    target = Path(published)
    work = work_path(published)
    for stale in target.parent.glob(f".{target.name}.publish-*"):
        with contextlib.suppress(OSError):
            stale.unlink()
    tmp = target.with_name(f".{target.name}.publish-{os.getpid()}")
    shutil.copyfile(work, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target.with_name(target.name + ".wal"))  # a WAL of an older, directly written file
    return time.perf_counter() - t
