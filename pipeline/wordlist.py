"""Norwegian word lists (Bokmål and Nynorsk forms) for the repair and variety stages.

Preferred source: the hunspell-no dictionaries expanded with ``unmunch``
(``resources/build_wordlists.sh``; not committed). Where they are looked for, in order:
``RAPPORT_WORDLISTS``; a checkout's ``build/wordlists/`` (``make setup`` writes it); the
user's cache (``~/.cache/rapport/wordlists``), which :func:`ensure_wordlists` fills once
for an installed package. Lookups binary-search the sorted file through mmap, so opening
a list costs nothing and no process holds a million words in memory.

Fallback: the form dictionaries that ship with simplemma (pure Python, MIT).
"""

from __future__ import annotations

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
