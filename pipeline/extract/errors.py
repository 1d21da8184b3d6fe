"""The one error extract raises: its message is what lands in ``documents.error``."""

import errno


class ExtractError(Exception):
    """A file that cannot be read; the message is one clear line for the user."""


def cannot_read(exc: OSError, what: str = "file") -> str:
    """Why a file or folder could not be opened, and what to do about it, in one line."""
    advice = "move it to a shorter path" if exc.errno == errno.ENAMETOOLONG else "check its permissions"
    return f"cannot read the {what} ({exc.strerror or type(exc).__name__}): {advice}"


def broken_zip(exc: Exception) -> str:
    """Why a ZIP container (PPTX, DOCX) cannot be opened, in one line."""
    return f"broken ZIP container ({exc}): the file is truncated or damaged"


def one_line(text: str) -> str:
    """An error message as one line of at most 500 characters (``documents.error``)."""
    return " ".join(text.split())[:500] or "unknown error"
