"""Publishing: ingest writes a working file of its own; readers read a published snapshot.

DuckDB lets one process write a database file, and a reader holding it read-only keeps a
writer out. So the warehouse a user names (``warehouse/reports.duckdb``) is a snapshot
that only readers open (dashboards, notebooks, ``rapport query``), and ingest works on
``warehouse/.reports.duckdb.work`` beside it. When a run has committed, the working file is
checkpointed, copied beside the snapshot and renamed onto it in one step
(:func:`os.replace`): a reader that holds the old file keeps reading it until it connects
again, and never sees half a run. A kill at any moment leaves either the old snapshot or
the new one, and the working file with every committed document; the next run publishes.

A snapshot put in place by hand (a backup restored, a warehouse copied in from elsewhere)
is not overwritten with the working file's older state: publishing records the snapshot it
made (``.reports.duckdb.published``: inode, size, modification time), and a writer that
finds another file there makes its working file afresh from that one (:func:`replaced`).

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


def _wal_path(db: Path) -> Path:
    """The write-ahead log DuckDB keeps beside the database file ``db``."""
    return db.with_name(db.name + ".wal")


def stamp_path(published: str | os.PathLike[str]) -> Path:
    """Where publishing records which file it put in place (see :func:`replaced`)."""
    p = Path(published)
    return p.with_name(f".{p.name}.published")


def _file_stamp(path: Path) -> str:
    st = os.stat(path)
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns}"


def replaced(published: str | os.PathLike[str]) -> bool:
    """Whether the published snapshot is another file than the one the working file last
    published: a backup restored over it, a warehouse copied in, a file another tool wrote.
    That file, not the working file's state, is then what the next writer goes on from.
    False where nothing says otherwise (no working file or no snapshot, or a working file
    that never published, e.g. a first run killed before its end)."""
    src = Path(published)
    if not (src.exists() and work_path(src).exists()):
        return False
    try:
        recorded = stamp_path(src).read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    return recorded != _file_stamp(src)


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
    a WAL left beside it into it) or when the published one was :func:`replaced`."""
    work = work_path(published)
    src = Path(published)
    if replaced(src):  # the snapshot was put in place by hand: go on from it (see replaced)
        for stale in (_wal_path(work), work, stamp_path(src)):
            stale.unlink(missing_ok=True)
    if not work.exists() and src.exists():
        if checkpoint is not None and _wal_path(src).exists():
            checkpoint(src)
        tmp = work.with_name(work.name + f".adopt-{os.getpid()}")
        shutil.copyfile(src, tmp)
        os.replace(tmp, work)
    return work


def publish(published: str | os.PathLike[str]) -> float:
    """Copy the (checkpointed, closed) working file over the published snapshot in one
    rename, and record which file that is (see :func:`replaced`); returns the seconds it
    took. Leftovers of a publish that was killed go. Killed between the rename and the
    record, the next writer takes the snapshot for one put in place by hand and goes on
    from it: the same documents, at the cost of a copy."""
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
    made = _file_stamp(tmp)  # a rename keeps the inode, size and modification time
    os.replace(tmp, target)
    # written in place, not renamed: a record torn by a kill reads as another file put in
    # place (a copy), or as none (the working file trusted): both right, as the two are equal
    stamp_path(target).write_text(made + "\n", encoding="ascii")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_wal_path(target))  # a WAL of an older, directly written file
    return time.perf_counter() - t
