"""Versions: what each discovered file is, given the versions the warehouse holds.

A path (relative to the raw root) has one latest version: the bytes on disk now. A pure
function of the files found and the warehouse's ``documents`` rows decides, per file:

- unchanged: its bytes are the latest version of its path; nothing to do;
- restore: its bytes are an earlier version of its path (A -> B -> A; a good copy after a
  truncated one): that version is latest again and the one before it is superseded,
  without reading the file again (an earlier version that failed is read again instead);
- duplicate: its bytes are already in the warehouse under another path: a row that says
  so, which is its path's latest version (so an older content there is no longer latest);
- todo: new bytes for this path: extracted and loaded; loading supersedes the path's
  latest version.

A path is a file's place under its raw root, so a second raw folder holding the same batch
folder and file name (``/share/a/2026-11/rapport.pdf`` beside ``/share/b/2026-11/rapport.pdf``)
names the same path: :func:`read_elsewhere` finds such files before a run, for the run to
refuse rather than have one collection's reports replace the other's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .records import SourceFile


@dataclass(frozen=True, slots=True)
class Version:
    """One ``documents`` row, as far as versions go."""

    doc_id: str
    sha256: str
    path: str
    status: str
    latest: bool  # superseded_by IS NULL


@dataclass(frozen=True, slots=True)
class Restore:
    source: SourceFile
    doc_id: str  # the earlier version that is latest again
    supersedes: str | None  # the version it replaces as latest


@dataclass(frozen=True, slots=True)
class Duplicate:
    source: SourceFile
    same_as: str  # path of a file with the same bytes


@dataclass
class Plan:
    unchanged: list[SourceFile] = field(default_factory=list)
    restore: list[Restore] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    todo: list[SourceFile] = field(default_factory=list)
    forget: list[str] = field(default_factory=list)  # failed versions read again: their rows go
    known_paths: set[str] = field(default_factory=set)  # paths that have a version already


def plan(sources: Iterable[SourceFile], versions: Iterable[Version]) -> Plan:
    versions = list(versions)
    latest = {v.path: v for v in versions if v.latest}
    by_path_sha = {(v.path, v.sha256): v for v in versions}
    anywhere: dict[str, str] = {}
    for v in versions:
        anywhere.setdefault(v.sha256, v.path)
    out = Plan(known_paths={v.path for v in versions})
    seen_now: dict[str, str] = {}
    # a new version of a known path goes before a new path with the same bytes, so that
    # the copy, not the report's own path, is the duplicate
    for src in sorted(sources, key=lambda s: s.path not in out.known_paths):
        current = latest.get(src.path)
        if current is not None and current.sha256 == src.doc_id:
            out.unchanged.append(src)
            continue
        earlier = by_path_sha.get((src.path, src.doc_id))
        if earlier is not None:
            if earlier.status in ("loaded", "duplicate"):
                out.restore.append(Restore(src, earlier.doc_id, current.doc_id if current else None))
                continue
            out.forget.append(earlier.doc_id)
        elif src.doc_id in anywhere or src.doc_id in seen_now:
            out.duplicates.append(Duplicate(src, anywhere.get(src.doc_id) or seen_now[src.doc_id]))
            continue
        seen_now[src.doc_id] = src.path
        out.todo.append(src)
    return out


@dataclass(frozen=True, slots=True)
class Elsewhere:
    source: SourceFile
    other: str  # the absolute path the path's latest version was read from


def read_elsewhere(
    sources: Iterable[SourceFile], versions: Iterable[Version], seen_at: Mapping[str, tuple[int, int, str]]
) -> list[Elsewhere]:
    """The files whose path's latest version holds other bytes and was read from another
    absolute path (``seen_at``: absolute path -> (size, mtime_ns, doc_id) of the files read
    before), with that path: a file of another raw folder, or of this one moved (whether the
    other file is still there is the caller's to ask)."""
    latest = {v.path: v for v in versions if v.latest}
    # the files with other bytes than their path's latest version (none on a rerun): only
    # their versions' files are looked up
    replacing = [
        (src, current)
        for src in sources
        if (current := latest.get(src.path)) is not None and current.sha256 != src.doc_id
    ]
    if not replacing:
        return []
    wanted = {current.doc_id for _, current in replacing}
    read_from: dict[str, list[str]] = {}
    for abs_path, (_, _, doc_id) in seen_at.items():
        if doc_id in wanted:
            read_from.setdefault(doc_id, []).append(abs_path)
    out = []
    for src, current in replacing:
        for other in read_from.get(current.doc_id, ()):
            if other != src.abs_path and other.endswith("/" + src.path):
                out.append(Elsewhere(src, other))
                break
    return out
