"""Discover: walk a batch folder and describe every file in it.

Each file becomes a :class:`SourceFile` with its sha256 and a format sniffed from its
bytes, never from its extension. Nothing here parses a document.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from .extract.errors import broken_zip, cannot_read, one_line
from .extract.mime import attachment_names, is_mime, message, web_archive_page
from .extract.text import decode_text, looks_like_text
from .records import Format, SourceFile

CHUNK = 1 << 20
IGNORED_NAMES = {".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"}
# what Word, Excel and PowerPoint leave beside a document on a shared folder: the owner file
# '~$rapport.docx' while someone has it open, and the temporary copy '~WRL0001.tmp' a save
# leaves behind when it is cut short (the document's earlier version: read, it would be a
# second copy of the report)
_OFFICE_LEFTOVERS = re.compile(r"~\$|~.*\.tmp$", re.IGNORECASE)
# a download still in progress (Chrome and Edge, Firefox, Opera, Safari, which downloads into
# a folder of that name): the file gets its own name when the download ends, and is read then
_SAFARI_DOWNLOAD = ".download"
_DOWNLOADING = (".crdownload", ".part", ".partial", ".opdownload", _SAFARI_DOWNLOAD)
# the folder a browser ("save page, complete") or Word ("save as web page") keeps a saved
# page's images, scripts, styles and embedded frames in, beside the page: 'side_files',
# Norwegian Word 'side-filer'. Its files are the page's parts (the page reads without them), not reports
_PAGE_PARTS_SUFFIXES = ("_files", "-filer", "_filer")
_PAGES = (".html", ".htm", ".xhtml")
_NO_BATCH = "not in a batch folder: move it into one ({root}/<batch>/), or ingest it with --batch"

# (size, mtime_ns) -> doc_id of a file seen before at the same absolute path
KnownStat = Mapping[str, tuple[int, int, str]]


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


_UNSUPPORTED = "not a supported format: "
_SCAN = "scanned pages are read from PDFs: save the scan as a PDF"
# files a batch folder gets that no stage reads, told by their first bytes, and what to do
_OLE = b"\xd0\xcf\x11\xe0"  # Microsoft's compound file: legacy Office files, Outlook messages
_OTHER_FILES = (
    (_OLE, "legacy Office file (.doc/.ppt); save it as DOCX, PPTX or PDF"),
    (b"{\\rtf", "RTF; save it as DOCX or PDF"),
    (b"\x1f\x8b", "a gzip-compressed file; unpack it into the batch folder"),
    (b"\x89PNG", f"an image (PNG); {_SCAN}"),
    (b"\xff\xd8\xff", f"an image (JPEG); {_SCAN}"),
    (b"II*\x00", f"an image (TIFF); {_SCAN}"),
    (b"MM\x00*", f"an image (TIFF); {_SCAN}"),
    (b"GIF8", f"an image (GIF); {_SCAN}"),
    (
        b"L\x00\x00\x00\x01\x14\x02\x00",
        "a Windows shortcut (.lnk), not the file it points to; copy the report itself in",
    ),
)
# a link to a web page saved as a file (Windows .url, macOS .webloc, a Linux desktop link):
# its text is the address, not the page
_LINK_FILE = re.compile(
    r"\A\s*(?:\[InternetShortcut\]|\[Desktop Entry\])[^\0]*?^URL\s*=\s*(\S+)"
    r"|<plist\b[^\0]*?<key>URL</key>\s*<string>([^<]+)</string>",
    re.IGNORECASE | re.MULTILINE,
)


# text files that a web page is made of, which would otherwise read as text documents
_WEB_PARTS = {
    ".css": "a stylesheet",
    ".js": "a script",
    ".mjs": "a script",
    ".json": "data (JSON)",
    ".map": "a script's source map",
    ".svg": "a drawing (SVG)",
}


def sniff(path: str | os.PathLike[str]) -> tuple[Format | None, str | None]:
    """Tell the format from the file's first bytes: (format, None) or (None, reason). Text
    that a web page is made of (.css, .js, .json, .svg) is told by its suffix, once its
    bytes show no format of their own."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head:
        return None, "empty file (0 bytes): nothing to read"
    if b"%PDF-" in head[:1024]:
        return "pdf", None
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(_OLE) and str(path).lower().endswith(".msg"):
        return (
            None,
            _UNSUPPORTED + "an Outlook message (.msg); save the report it carries into the batch folder",
        )
    for magic, what in _OTHER_FILES:
        if head.startswith(magic):
            return None, _UNSUPPORTED + what
    suffix = Path(path).suffix.lower()
    if suffix in _WEB_PARTS:
        return None, _UNSUPPORTED + f"{_WEB_PARTS[suffix]} ({suffix}), a part of a web page, not a report"
    text = decode_text(head, sample=True)
    if text is None or not looks_like_text(text):
        return None, _UNSUPPORTED + "binary data that is not PDF, PPTX, DOCX, HTML or text"
    start = text[:8192]
    if is_mime(start):
        return _sniff_mime(path)
    link = _LINK_FILE.search(start)
    if link:
        address = (link.group(1) or link.group(2)).strip()
        shown = address if len(address) <= 80 else address[:77] + "..."
        return (
            None,
            _UNSUPPORTED + f"a link to a web page ({shown}), not the page; save the page or its PDF in",
        )
    probe = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if probe.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in start.lower():
        return "html", None
    if probe.startswith("<") and any(tag in probe for tag in ("<head", "<body", "<div", "<p>", "<h1")):
        return "html", None
    return "txt", None


# a MIME file larger than this is not read whole to tell a web archive from an e-mail
MAX_MIME_BYTES = 64 * 1024 * 1024


def _sniff_mime(path: str | os.PathLike[str]) -> tuple[Format | None, str | None]:
    """A web page a browser saved as one file (MHTML) is a web page; an e-mail carries the
    report as an attachment, which is what to ingest."""
    if os.path.getsize(path) > MAX_MIME_BYTES:
        return None, _UNSUPPORTED + "a MIME file (web archive or e-mail) over 64 MB"
    with open(path, "rb") as fh:
        msg = message(fh.read())
    if web_archive_page(msg) is not None:
        return "html", None
    names = attachment_names(msg)
    carried = f" carrying {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}" if names else ""
    return None, (
        _UNSUPPORTED + f"an e-mail message{carried}; save the report it carries into the batch folder"
    )


def _sniff_zip(path: str | os.PathLike[str]) -> tuple[Format | None, str | None]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except Exception as exc:  # damaged bytes raise more than BadZipFile ('zip file version 20.0')
        return None, broken_zip(exc)
    if any(n.startswith("ppt/") for n in names):
        return "pptx", None
    if any(n.startswith("word/") for n in names):
        return "docx", None
    if "mimetype" in names and "content.xml" in names:
        return None, _UNSUPPORTED + "an OpenDocument file (.odt/.odp/.ods); save it as DOCX, PPTX or PDF"
    if any(n.startswith("xl/") for n in names):
        return None, _UNSUPPORTED + "a spreadsheet (XLSX), not a report; save the report as DOCX or PDF"
    return None, _UNSUPPORTED + "a ZIP archive that is neither PPTX nor DOCX; unpack it into the batch folder"


def raw_root(path: str | os.PathLike[str], known_roots: Iterable[str] = ()) -> Path:
    """The folder holding the batch folders for ``path``. A folder the warehouse has read
    batch folders from before (``known_roots``: the deepest at or above ``path``) stays the
    raw root, whatever lands in it later (a README beside the batch folders); otherwise a
    file's batch folder's parent; a folder with files directly in it is a batch folder, so
    its parent; else (a folder of batch folders, like ``raw/``) the folder itself. A
    document's identity is its path under the raw root, so ingesting ``raw/2026-11`` and
    then ``raw/`` names every file the same way."""
    p = Path(path).absolute()
    above = [Path(r) for r in known_roots if Path(r) == p or Path(r) in p.parents]
    if above:
        return max(above, key=lambda r: len(r.parts))
    if p.is_file():
        return p.parent.parent
    try:
        with os.scandir(p) as entries:
            has_files = any(e.is_file() and not _passed_over(e.name) for e in entries)
    except OSError:
        has_files = False
    return p.parent if has_files else p


def raw_roots_of(known: KnownStat, paths: Iterable[tuple[str, str]]) -> set[str]:
    """The raw roots the warehouse's documents were read under: each known file's absolute
    path (``known``) less its path under the root (``paths``: (doc_id, path) of the
    warehouse's documents)."""
    by_id: dict[str, list[str]] = {}
    for doc_id, rel in paths:
        by_id.setdefault(doc_id, []).append(rel)
    return {
        abs_path[: -len(rel) - 1]
        for abs_path, (_, _, doc_id) in known.items()
        for rel in by_id.get(doc_id, ())
        if abs_path.endswith("/" + rel)
    }


def another_file(other: str, path: str) -> bool:
    """Whether ``other`` is still there and is not the file at ``path`` (the same file seen
    through a link or another mount is the same file)."""
    try:
        return os.path.exists(other) and not os.path.samefile(other, path)
    except OSError:
        return False


def safe_text(text: str) -> str:
    """A name as text that any store takes: bytes that were not UTF-8 (an archive unzipped
    from Windows) shown as U+FFFD; the file itself is still opened by its real name."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def files_under(root: str | os.PathLike[str]) -> Iterator[Path | OSError]:
    """Every file under ``root`` (a file, a batch folder or a folder of batch folders) in a
    stable order: its path, or the error of a folder that could not be read. Symbolic links
    to folders are followed, each real folder once, so a loop ends; files that are never
    reports (:func:`_passed_over`), hidden folders and downloads not yet ended are passed
    over. Entries need not be regular files (a named pipe, a link to nothing):
    :func:`discover` says what each is."""
    start = Path(root).absolute()
    if start.is_file():
        yield start
        return
    seen_dirs: set[tuple[int, int]] = set()
    problems: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(start, followlinks=True, onerror=problems.append):
        here = Path(dirpath)
        try:
            st = here.stat()
            if (st.st_dev, st.st_ino) in seen_dirs:
                dirnames[:] = []  # a link back to a folder already walked
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
        except OSError as exc:
            problems.append(exc)
            continue
        while problems:
            yield problems.pop(0)
        parts = _page_parts_folders(dirnames, filenames)
        dirnames[:] = sorted(d for d in dirnames if d not in parts and not _folder_passed_over(d))
        for name in sorted(filenames):
            if _passed_over(name):
                continue
            full = here / name
            if not (full.is_symlink() and full.is_dir()):
                yield full
    yield from problems


def _passed_over(name: str) -> bool:
    """A file that is never a report: hidden ('.x'), a system file (desktop.ini), what an
    Office program leaves beside a document (see ``_OFFICE_LEFTOVERS``), or a download not
    yet ended ('rapport.pdf.crdownload')."""
    return (
        name.startswith(".")
        or name in IGNORED_NAMES
        or _OFFICE_LEFTOVERS.match(name) is not None
        or name.lower().endswith(_DOWNLOADING)
    )


def _folder_passed_over(name: str) -> bool:
    """A folder that holds no reports: hidden, or Safari's download not yet ended."""
    return name.startswith(".") or name.lower().endswith(_SAFARI_DOWNLOAD)


def _page_parts_folders(dirnames: Iterable[str], filenames: Iterable[str]) -> set[str]:
    """Of the folders beside ``filenames``, those that hold a saved web page's parts (see
    ``_PAGE_PARTS_SUFFIXES``): named for a page among the files."""
    pages = {name.rsplit(".", 1)[0] for name in filenames if name.lower().endswith(_PAGES)}
    return {
        d
        for d in dirnames
        for suffix in _PAGE_PARTS_SUFFIXES
        if d.endswith(suffix) and d[: -len(suffix)] in pages
    }


def discover(
    root: str | os.PathLike[str],
    batch: str | None = None,
    known: KnownStat | None = None,
    known_roots: Iterable[str] = (),
) -> Iterator[SourceFile]:
    """Yield every file under ``root`` (a file, a batch folder or a folder of batch
    folders; see :func:`files_under`) in a stable order, with its path relative to
    :func:`raw_root` (``known_roots``: the raw roots of the warehouse's documents).

    The batch of a file is ``batch`` when given, otherwise the first-level folder under the
    raw root it lies in. ``known`` maps absolute paths to (size, mtime_ns, doc_id) from an
    earlier run: a file whose size and mtime are unchanged is not hashed again. A file or
    folder that cannot be read, and an entry that is no file to read (a named pipe, a link
    to nothing), is yielded as a file that failed, with the reason, never skipped; so is a
    file directly in a folder of batch folders, which belongs to no batch (unless ``batch``
    names one).
    """
    start = Path(root).absolute()
    base = raw_root(start, known_roots)
    if start.is_file():
        yield describe(start, base, batch or start.parent.name, known)
        return

    def batch_of(full: Path) -> str:
        rel = full.relative_to(base)
        return batch or safe_text(rel.parts[0])

    for entry in files_under(start):
        if isinstance(entry, OSError):
            yield unreadable(entry, base, batch_of)
            continue
        try:
            if batch is None and entry.parent == base:
                yield failed_source(entry, base, lambda _: base.name, _NO_BATCH.format(root=base.name))
            elif entry.is_file():
                yield describe(entry, base, batch_of(entry), known)
            else:
                yield failed_source(entry, base, batch_of, not_a_file(entry))
        except OSError as exc:
            yield unreadable(exc, base, batch_of, entry)


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def not_a_file(path: Path) -> str:
    """Why an entry that is not a regular file cannot be read (it is never opened: a named
    pipe would wait for a writer)."""
    if path.is_symlink() and not path.exists():
        target = safe_text(os.readlink(path))
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return f"a link to {target} that leads back to a link on its way (a loop): fix or remove the links"
        return f"a link to {target}, which does not exist: fix or remove the link"
    mode = path.stat().st_mode
    what = next((name for test, name in _SPECIAL_FILES if test(mode)), "not a regular file")
    return f"not a file to read ({what}): move it out of the batch folder"


def unreadable(exc: OSError, base: Path, batch_of, full: Path | None = None) -> SourceFile:
    """A file or folder that could not be read, as a source that failed with the reason."""
    target = full or Path(exc.filename or base)
    reason = cannot_read(exc, "folder" if full is None else "file")
    return failed_source(target, base, batch_of, reason, folder=full is None)


def failed_source(target: Path, base: Path, batch_of, reason: str, folder: bool = False) -> SourceFile:
    """A source that failed before it was read, with the reason."""
    try:
        rel = safe_text(target.relative_to(base).as_posix())
        label = batch_of(target)
    except ValueError:
        rel, label = safe_text(str(target)), base.name
    return SourceFile(
        path=rel + ("/" if folder else ""),
        abs_path=safe_text(str(target)),
        file_name=safe_text(target.name),
        batch=label,
        doc_id=hashlib.sha256(("unreadable:" + rel).encode("utf-8")).hexdigest(),
        size=0,
        mtime_ns=0,
        format=None,
        sniff_error=reason,
    )


def ensure_sniffed(source: SourceFile) -> SourceFile:
    if source.sniffed:
        return source
    try:
        fmt, reason = _sniff_safely(source.abs_path)
    except OSError as exc:  # gone or unreadable since it was listed
        fmt, reason = None, cannot_read(exc, "file")
    return replace(source, format=fmt, sniff_error=reason, sniffed=True)


def _sniff_safely(path: str | os.PathLike[str]) -> tuple[Format | None, str | None]:
    """:func:`sniff`, with any failure but the file's own unreadability (``OSError``, for
    the caller) as the reason the file cannot be read: one damaged file is that file's
    error, never the end of discovery for the batch."""
    try:
        return sniff(path)
    except OSError:
        raise
    except Exception as exc:
        return None, one_line(
            f"cannot tell the file's format ({type(exc).__name__}: {exc}): it may be damaged"
        )


def describe(full: Path, root: Path, batch: str, known: KnownStat | None = None) -> SourceFile:
    st = full.stat()
    rel = safe_text(full.relative_to(root).as_posix())
    seen = (known or {}).get(safe_text(str(full)))
    if seen and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
        # unchanged since the last run: a stat, no read (sniffed later if it must be processed)
        return SourceFile(
            rel,
            str(full),
            safe_text(full.name),
            batch,
            seen[2],
            st.st_size,
            st.st_mtime_ns,
            None,
            None,
            sniffed=False,
        )
    doc_id = sha256_file(full)
    fmt, reason = _sniff_safely(full)
    return SourceFile(
        path=rel,
        abs_path=str(full),
        file_name=safe_text(full.name),
        batch=batch,
        doc_id=doc_id,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        format=fmt,
        sniff_error=reason,
    )
