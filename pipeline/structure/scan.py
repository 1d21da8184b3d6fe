"""Scan running text with a costly pattern only where a cheap anchor says it may match.

Most structure patterns start with a character class ("a capitalised word, then up to
five more, then 'er styringsgruppe'"): Python's ``re`` tries them at every position of a
document. Each such pattern has words it cannot match without ("styringsgrupp",
"rådet", "regionen"); :class:`Near` finds those words first, by plain string search
(``str.find``, many times faster than a regular expression that starts with a class, an
alternation or a case-insensitive letter), and runs the pattern over a window around each
hit, so a document costs a few fast scans per pattern instead of one slow one. The window
must be wider than any match reaches from its word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


def lowered(text: str) -> str:
    """The text in lower case, each character still one character, so that positions in it
    are positions in the text (a letter whose lower case is longer, 'İ', stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def lower_words(pattern: re.Pattern[str], text: str) -> list[str]:
    """``pattern.findall(text)``, each word in lower case: one lowering of the whole text
    where that keeps every character one character, else word by word ('İ')."""
    low = text.lower()
    if len(low) == len(text):
        return pattern.findall(low)
    return [w.lower() for w in pattern.findall(text)]


def hits(text: str, words: Sequence[str], fold: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the words in the text, in order; with ``fold``,
    in any case (the words given in lower case)."""
    hay = lowered(text) if fold else text
    found = []
    for word in words:
        at = hay.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = hay.find(word, at + 1)
    found.sort()
    return found


# how far before a word its lead (see :class:`Near`) is looked for
LEAD_REACH = 64


def windows(
    text: str,
    words: Sequence[str],
    before: int,
    after: int,
    fold: bool = False,
    lead: re.Pattern[str] | None = None,
) -> list[tuple[int, int]]:
    """(start, end) spans around each hit of the words (with ``lead``, each hit that the
    lead ends right before), widened to whitespace (or the text's ends) so that no word is
    cut, merged where they touch."""
    spans: list[tuple[int, int]] = []
    for start, end in hits(text, words, fold):
        if lead is not None and not lead.search(text, max(0, start - LEAD_REACH), start):
            continue
        lo = max(0, start - before)
        if spans and lo <= spans[-1][1] and end + after <= spans[-1][1]:
            continue  # inside the window before: it widens nothing
        if lo:
            cut = text.rfind(" ", 0, lo)
            lo = cut + 1 if cut >= 0 else 0
        hi = min(len(text), end + after)
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
    """A costly pattern, the words it cannot match without (any one of them; in any case
    with ``fold``, given in lower case), and how many characters a match reaches before and
    after such a word (the windows must be wider); with ``lead``, what the pattern needs
    right before such a word."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]
    before: int
    after: int
    fold: bool = False
    # what must end right where a word starts for the pattern to match there, ending in
    # ``$`` (' er ' before 'styringsgruppe'): hits without it need no window
    lead: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, searched only near the words' hits. Positions are
        those in ``text``; ``^``, ``\\b`` and look-behinds see the whole text."""
        for lo, hi in windows(text, self.words, self.before, self.after, self.fold, self.lead):
            yield from self.pattern.finditer(text, lo, hi)
