"""Scan running text with a costly pattern only where a cheap anchor says it may match.

Most structure patterns start with a character class ("a capitalised word, then up to
five more, then 'er styringsgruppe'"): Python's ``re`` tries them at every position of a
document. Each such pattern has a keyword it cannot match without ("styringsgrupp",
"rådet", "regionen"); :class:`Near` finds the keyword first and runs the pattern
over a window around each hit, so a document costs one fast scan per pattern instead of
one slow one. The window must be wider than any match reaches from its keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


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


@dataclass(frozen=True)
class Near:
    """A costly pattern, the keyword it cannot match without, and how many characters a
    match reaches before and after that keyword (the windows must be wider)."""

    pattern: re.Pattern[str]
    anchor: re.Pattern[str]
    before: int
    after: int

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, searched only near the keyword's hits. Positions are
        those in ``text``; ``^``, ``\\b`` and look-behinds see the whole text."""
        for lo, hi in windows(text, self.anchor, self.before, self.after):
            yield from self.pattern.finditer(text, lo, hi)
