"""Discover: walk a batch folder and describe every file in it.

Each file becomes a :class:`SourceFile` with its sha256 and a format sniffed from its
bytes, never from its extension. Nothing here parses a document.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from .extract.text import decode_text, looks_like_text
from .records import Format, SourceFile

CHUNK = 1 << 20
IGNORED_NAMES = {".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"}

# (size, mtime_ns) -> doc_id of a file seen before at the same absolute path
KnownStat = Mapping[str, tuple[int, int, str]]


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(path: str | os.PathLike[str]) -> tuple[Format | None, str | None]:
    """Tell the format from the file's first bytes: (format, None) or (None, reason)."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head:
        return None, "empty file (0 bytes): nothing to read"
    if b"%PDF-" in head[:1024]:
        return "pdf", None
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return None, "not a supported format: legacy Office file (.doc/.ppt); save it as DOCX, PPTX or PDF"
    text = decode_text(head, sample=True)
    if text is None or not looks_like_text(text):
        return None, "not a supported format: binary data that is not PDF, PPTX, DOCX, HTML or text"
    probe = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if probe.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:8192].lower():
        return "html", None
    if probe.startswith("<") and any(tag in probe for tag in ("<head", "<body", "<div", "<p>", "<h1")):
        return "html", None
    return "txt", None


def _sniff_zip(path: str | os.PathLike[str]) -> tuple[Format | None, str | None]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        return None, f"broken ZIP container ({exc}): the file is truncated or damaged"
    if any(n.startswith("ppt/") for n in names):
        return "pptx", None
    if any(n.startswith("word/") for n in names):
        return "docx", None
    return None, "not a supported format: a ZIP archive that is neither PPTX nor DOCX"


def discover(
    root: str | os.PathLike[str],
    batch: str | None = None,
    known: KnownStat | None = None,
) -> Iterator[SourceFile]:
    """Yield every file under ``root`` in a stable order.

    The batch of a file is ``batch`` when given, otherwise the first-level folder under
    ``root`` it lies in (files directly in ``root`` get the name of ``root``). ``known``
    maps absolute paths to (size, mtime_ns, doc_id) from an earlier run: a file whose
    size and mtime are unchanged is not hashed again.
    """
    root_path = Path(root).resolve()
    if root_path.is_file():
        yield describe(root_path, root_path.parent, batch or root_path.parent.name, known)
        return
    for dirpath, dirnames, filenames in os.walk(root_path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name in IGNORED_NAMES or name.startswith("."):
                continue
            full = Path(dirpath) / name
            if full.is_symlink() or not full.is_file():
                continue
            rel = full.relative_to(root_path)
            file_batch = batch or (rel.parts[0] if len(rel.parts) > 1 else root_path.name)
            yield describe(full, root_path, file_batch, known)


def ensure_sniffed(source: SourceFile) -> SourceFile:
    if source.sniffed:
        return source
    fmt, reason = sniff(source.abs_path)
    return replace(source, format=fmt, sniff_error=reason, sniffed=True)


def describe(full: Path, root: Path, batch: str, known: KnownStat | None = None) -> SourceFile:
    st = full.stat()
    rel = full.relative_to(root).as_posix()
    seen = (known or {}).get(str(full))
    if seen and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
        # unchanged since the last run: a stat, no read (sniffed later if it must be processed)
        return SourceFile(
            rel, str(full), full.name, batch, seen[2], st.st_size, st.st_mtime_ns, None, None, sniffed=False
        )
    doc_id = sha256_file(full)
    fmt, reason = sniff(full)
    return SourceFile(
        path=rel,
        abs_path=str(full),
        file_name=full.name,
        batch=batch,
        doc_id=doc_id,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        format=fmt,
        sniff_error=reason,
    )
