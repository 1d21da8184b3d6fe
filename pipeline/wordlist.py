"""Norwegian word lists (Bokmål and Nynorsk forms) for the repair and variety stages.

Preferred source: the hunspell-no dictionaries expanded with ``unmunch`` at build time
(``make wordlists`` writes sorted lists under ``build/wordlists/``; they are not
committed). Lookups binary-search the sorted file through mmap, so opening a list costs
nothing and no process holds a million words in memory.

Fallback: the form dictionaries that ship with simplemma (pure Python, MIT).
"""

from __future__ import annotations

import mmap
import os
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "build" / "wordlists"


class SortedFileWords:
    """Membership test over a sorted, newline-separated UTF-8 file of lower-case words."""

    def __init__(self, path: Path):
        self.path = path
        self._fh = open(path, "rb")
        self._mm = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.source = f"hunspell:{path.name}"

    def _line_at(self, pos: int) -> tuple[bytes, int]:
        start = self._mm.rfind(b"\n", 0, pos) + 1
        end = self._mm.find(b"\n", pos)
        if end < 0:
            end = len(self._mm)
        return self._mm[start:end], end + 1

    def __contains__(self, word: str) -> bool:
        key = word.lower().encode("utf-8")
        lo, hi = 0, len(self._mm)
        while lo < hi:
            mid = (lo + hi) // 2
            line, nxt = self._line_at(mid)
            if line == key:
                return True
            if line < key:
                lo = nxt
            else:
                hi = self._mm.rfind(b"\n", 0, mid) + 1 if mid > 0 else 0
                if hi <= lo:
                    break
        return False


class SimplemmaWords:
    def __init__(self, langs: tuple[str, ...]):
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

        factory = DefaultDictionaryFactory()
        self._dicts = [factory.get_dictionary(lang) for lang in langs]
        self.source = "simplemma:" + "+".join(langs)

    def __contains__(self, word: str) -> bool:
        low = word.lower()
        return any(low in d for d in self._dicts)


def wordlist_dir() -> Path:
    return Path(os.environ.get("RAPPORT_WORDLISTS", DEFAULT_DIR))


@cache
def words(variety: str = "no") -> SortedFileWords | SimplemmaWords:
    """Words of ``variety``: 'nb', 'nn' or 'no' (both)."""
    path = wordlist_dir() / f"{variety}.txt"
    if path.exists() and path.stat().st_size > 0:
        return SortedFileWords(path)
    langs = ("nb", "nn") if variety == "no" else (variety,)
    return SimplemmaWords(langs)


def has_hunspell_lists() -> bool:
    return all((wordlist_dir() / f"{v}.txt").exists() for v in ("nb", "nn", "no"))
