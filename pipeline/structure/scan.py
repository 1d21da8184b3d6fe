"""Scan running text with a costly pattern only where a cheap anchor says it may match.

Most structure patterns start with a character class ("a capitalised word, then up to
five more, then 'er styringsgruppe'"): Python's ``re`` tries them at every position of a
document. Each such pattern has a keyword it cannot match without ("styringsgrupp",
"rådet", "regionen"); :func:`finditer_near` finds the keyword first and runs the pattern
over a window around each hit, so a document costs one fast scan per pattern instead of
one slow one. The window must be wider than any match reaches from its keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def windows(text: str, anchor: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """(start, end) spans around each anchor hit, widened to whitespace (or the text's
    ends) so that no word is cut, merged where they touch."""
    spans: list[tuple[int, int]] = []
    for m in anchor.finditer(text):
        lo = max(0, m.start() - before)
        if lo:
            cut = text.rfind(" ", 0, lo)
            lo = cut + 1 if cut >= 0 else 0
        hi = min(len(text), m.end() + after)
        if hi < len(text):
            cut = text.find(" ", hi)
            hi = cut if cut >= 0 else len(text)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def finditer_near(
    pattern: re.Pattern[str], text: str, anchor: re.Pattern[str], before: int = 200, after: int = 100
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, searched only near ``anchor``'s hits. Match positions
    are those in ``text``; the pattern must not use ``^``/``$`` or look behind the window."""
    for lo, hi in windows(text, anchor, before, after):
        yield from pattern.finditer(text, lo, hi)
