"""Themes: tag goals with themes from a curated lexicon, matched on lemma keys."""

from __future__ import annotations

from functools import cache
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


def themes_for(lemma_key: str) -> tuple[str, ...]:
    """Themes whose stems match a lemma of the key, in lexicon order, each once."""
    lemmas = lemma_key.split()
    found: list[str] = []
    for theme, stem in theme_stems():
        if theme in found:
            continue
        for lemma in lemmas:
            if lemma.startswith(stem) or (len(stem) >= 5 and stem in lemma):
                found.append(theme)
                break
    return tuple(found)
