"""Themes: tag goals with themes from a curated lexicon, matched on lemma keys."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources


@cache
def theme_stems() -> tuple[tuple[str, str], ...]:
    text = resources.files("pipeline.resources").joinpath("themes.tsv").read_text("utf-8")
    out = []
    for row in text.splitlines():
        if row.strip() and not row.startswith("#"):
            theme, stem = row.split("\t", 1)
            out.append((theme.strip(), stem.strip().lower()))
    return tuple(out)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per theme: short stems at a lemma's start, long stems anywhere in it."""
    by_theme: dict[str, list[str]] = {}
    for theme, stem in theme_stems():
        by_theme.setdefault(theme, []).append(rf"^{re.escape(stem)}" if len(stem) < 5 else re.escape(stem))
    return tuple((theme, re.compile("|".join(stems))) for theme, stems in by_theme.items())


@lru_cache(maxsize=200_000)
def _lemma_themes(lemma: str) -> frozenset[int]:
    """Indices (lexicon order) of the themes one lemma matches; a stem has no space in
    it, so a key's themes are the union of its lemmas' themes."""
    return frozenset(i for i, (_, pattern) in enumerate(_patterns()) if pattern.search(lemma))


def themes_for(lemma_key: str) -> tuple[str, ...]:
    """Themes whose stems match a lemma of the key (a stem starts a lemma or, for stems
    of five letters or more, stands inside it), in lexicon order, each once."""
    hits: set[int] = set()
    for lemma in lemma_key.split():
        hits |= _lemma_themes(lemma)
    patterns = _patterns()
    return tuple(patterns[i][0] for i in sorted(hits))
