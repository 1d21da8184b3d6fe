"""Norwegian word lists (Bokmål and Nynorsk forms) for the repair and variety stages.

Preferred source: the hunspell-no dictionaries expanded with ``unmunch``
(``resources/build_wordlists.sh``; not committed). Where they are looked for, in order:
``RAPPORT_WORDLISTS``; a checkout's ``build/wordlists/`` (``make setup`` writes it); the
user's cache (``~/.cache/rapport/wordlists``), which :func:`ensure_wordlists` fills once
for an installed package. Lookups search the sorted file through mmap, so opening a list
costs nothing and no process holds a million words in memory (only the first word of each
4 kB block).

Fallback: the form dictionaries that ship with simplemma (pure Python, MIT).
"""

from __future__ import annotations

import bisect
import mmap
import os
import shutil
import subprocess
from functools import cache
from importlib import resources
from pathlib import Path

CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "build" / "wordlists"
LISTS = ("nb", "nn", "no")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rapport" / "wordlists"


class SortedFileWords:
    """Membership test over a sorted (bytewise), newline-separated UTF-8 file of lower-case
    words. The first word of every block of about ``BLOCK`` bytes is read once, at the first
    lookup; a lookup then finds its block among those in memory and reads that block alone
    (a tenth of a binary search over the file, line by line)."""

    BLOCK = 4096

    def __init__(self, path: Path):
        self.path = path
        self._fh = open(path, "rb")
        self._mm = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.source = f"hunspell:{path.name}"
        self._firsts: list[bytes] | None = None  # the first word of each block
        self._starts: list[int] = []  # where each block starts (a line's start)

    def _index(self) -> list[bytes]:
        mm = self._mm
        firsts: list[bytes] = []
        starts: list[int] = []
        for pos in range(0, len(mm), self.BLOCK):
            start = mm.find(b"\n", pos - 1) + 1 if pos else 0  # the first line starting at pos or after
            if (pos and start == 0) or start >= len(mm):
                break  # no line starts after pos
            if starts and start == starts[-1]:
                continue  # a line longer than a block
            end = mm.find(b"\n", start)
            firsts.append(mm[start : end if end >= 0 else len(mm)])
            starts.append(start)
        self._starts = starts
        self._firsts = firsts
        return firsts

    def __contains__(self, word: str) -> bool:
        key = word.lower().encode("utf-8")
        firsts = self._firsts if self._firsts is not None else self._index()
        k = bisect.bisect_right(firsts, key) - 1
        if k < 0:
            return False
        end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._mm)
        block = b"\n" + self._mm[self._starts[k] : end]
        if not block.endswith(b"\n"):
            block += b"\n"
        return b"\n" + key + b"\n" in block


class SimplemmaWords:
    def __init__(self, langs: tuple[str, ...]):
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

        factory = DefaultDictionaryFactory()
        self._dicts = [factory.get_dictionary(lang) for lang in langs]
        self.source = "simplemma:" + "+".join(langs)

    def __contains__(self, word: str) -> bool:
        low = word.lower()
        return any(low in d for d in self._dicts)


def _complete(folder: Path) -> bool:
    return all((folder / f"{v}.txt").is_file() and (folder / f"{v}.txt").stat().st_size > 0 for v in LISTS)


def wordlist_dir() -> Path:
    if os.environ.get("RAPPORT_WORDLISTS"):
        return Path(os.environ["RAPPORT_WORDLISTS"])
    for folder in (CHECKOUT_DIR, cache_dir()):
        if _complete(folder):
            return folder
    return CHECKOUT_DIR


def ensure_wordlists() -> str | None:
    """Build the word lists into the user's cache when none are found and hunspell-no and
    unmunch are installed (an installed package, not a checkout: about half a minute,
    once). Returns a line to show when it built them, else None."""
    if os.environ.get("RAPPORT_WORDLISTS") or _complete(CHECKOUT_DIR) or _complete(cache_dir()):
        return None
    if shutil.which("unmunch") is None or not Path("/usr/share/hunspell/nb_NO.dic").exists():
        return None
    script = resources.files("pipeline.resources").joinpath("build_wordlists.sh")
    out = cache_dir()
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["sh", str(script), str(out)], check=False, capture_output=True)
    words.cache_clear()
    return f"word lists built once from hunspell-no into {out}" if _complete(out) else None


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
