"""What a line's font size says against the document's body text (PDF and OCR lines carry
sizes; text has none): the body size, and whether a line is set larger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .records import Line

# sizes read by OCR this close (relative) may be one paragraph's: Tesseract's estimate of a
# short line strays a sixth from its paragraph's (a text layer's block has one size to 0.6
# points)
OCR_SIZE_SPREAD = 0.25


def within_spread(a: float, b: float) -> bool:
    """Whether two sizes (both set) lie within :data:`OCR_SIZE_SPREAD` of the smaller."""
    return abs(a - b) <= OCR_SIZE_SPREAD * min(a, b)


def body_size(lines: Sequence[Line]) -> float | None:
    """The size most of the text is set in (by characters), or None without sizes."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def is_big(line: Line, body: float | None, by: float = 0.9) -> bool:
    """Set at least ``by`` points larger than the body (a heading's or a title's size)."""
    return bool(body and line.size and line.size >= body + by)
