"""Guards shared by the ZIP-based Office formats (PPTX, DOCX)."""

from __future__ import annotations

import zipfile

from .errors import ExtractError

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, per member


def check_zip(path: str) -> None:
    """Refuse ZIP bombs before any library inflates the file."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 10 * 1024 * 1024
                ):
                    raise ExtractError(
                        f"refused: ZIP bomb suspected ({info.filename} inflates {info.file_size // info.compress_size}x "
                        f"to {info.file_size // (1024 * 1024)} MB)"
                    )
            if total > MAX_UNCOMPRESSED:
                raise ExtractError(
                    f"refused: the file inflates to {total // (1024 * 1024)} MB (limit {MAX_UNCOMPRESSED // (1024 * 1024)} MB)"
                )
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"broken ZIP container ({exc}): the file is truncated or damaged") from exc


def damaged(fmt: str, exc: Exception) -> ExtractError:
    """The error for an Office file whose container opens but whose parts the library cannot
    read (a part missing or malformed), with what the user can do about it."""
    first = (str(exc).splitlines() or [""])[0][:200]
    app = "PowerPoint" if fmt == "PPTX" else "Word"
    return ExtractError(
        f"damaged {fmt} ({type(exc).__name__}: {first}): open it in {app} or LibreOffice and save it "
        "again, or export it as PDF"
    )
