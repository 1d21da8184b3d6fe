"""Variety: Bokmål (nb), Nynorsk (nn) or mixed, per sentence, rolled up.

Evidence, not a handful of words:

- marker words whose form differs between the two written standards (ikkje/ikke,
  korleis/hvordan, kva/hva, frå/fra, dei/de, eit/et, berre/bare, mykje/mye, vere/være ...),
  weighted 3 (data: ``resources/variety_markers.tsv``);
- the masculine plural -ane ("kommunane"), weighted 2;
- forms found in only one of the two word lists (hunspell-no expanded, or simplemma's
  dictionaries in fallback mode), weighted 1.

A sentence with evidence for both sides in strength is ``mixed``; rolled up to a goal,
section or document by the share of Nynorsk evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from ..lexicon import variety_markers
from ..records import Variety

_TOKEN = re.compile(r"[a-zæøåéèêóòôü]+(?:-[a-zæøå]+)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Evidence:
    nn: float
    nb: float
    nn_strong: int = 0  # marker words and -ane plurals, as opposed to word-list evidence
    nb_strong: int = 0

    def __add__(self, other: Evidence) -> Evidence:
        return Evidence(
            self.nn + other.nn,
            self.nb + other.nb,
            self.nn_strong + other.nn_strong,
            self.nb_strong + other.nb_strong,
        )


@cache
def _lists():
    from ..wordlist import words

    return words("nb"), words("nn")


def _list_side(tok: str) -> int:
    """+1 when only the Nynorsk list has the form, -1 when only the Bokmål one, else 0."""
    nb_words, nn_words = _lists()
    in_nb, in_nn = tok in nb_words, tok in nn_words
    return 1 if in_nn and not in_nb else -1 if in_nb and not in_nn else 0


@lru_cache(maxsize=500_000)
def _score(tok: str, use_lists: bool) -> tuple[int, int, int, int]:
    """What one (lower-case) token adds: (nn, nb, nn_strong, nb_strong)."""
    markers = variety_markers()
    if tok in markers["nn"]:
        return (3, 0, 1, 0)
    if tok in markers["nb"]:
        return (0, 3, 0, 1)
    if len(tok) >= 7 and tok.endswith("ane"):
        return (2, 0, 1, 0)
    if use_lists and len(tok) >= 3:
        side = _list_side(tok)
        return (1, 0, 0, 0) if side > 0 else (0, 1, 0, 0) if side < 0 else (0, 0, 0, 0)
    return (0, 0, 0, 0)


def evidence(text: str, use_lists: bool = True, max_tokens: int | None = None) -> Evidence:
    tokens = _TOKEN.findall(text.lower())
    if max_tokens is not None:
        tokens = tokens[:max_tokens]
    nn = nb = nn_strong = nb_strong = 0
    for tok, n in Counter(tokens).items():
        a, b, c, d = _score(tok, use_lists)
        nn += a * n
        nb += b * n
        nn_strong += c * n
        nb_strong += d * n
    return Evidence(float(nn), float(nb), nn_strong, nb_strong)


def classify(ev: Evidence, min_evidence: float = 1.0) -> Variety | None:
    """The variety evidence points to; None when there is too little to tell."""
    total = ev.nn + ev.nb
    if total < min_evidence:
        return None
    share = ev.nn / total
    if ev.nn_strong and ev.nb_strong:
        return "mixed"
    if ev.nn >= 3 and ev.nb >= 3 and 0.3 <= share <= 0.7:
        return "mixed"
    return "nn" if share > 0.5 else "nb"


def sentence_variety(text: str) -> Variety | None:
    return classify(evidence(text))


def roll_up(parts: Iterable[Evidence], default: Variety = "nb") -> Variety:
    """Variety of a goal, section or document from the evidence of its sentences; with
    too little evidence (no marker word, one word-list form) the context's variety."""
    parts = list(parts)
    nn = sum(e.nn for e in parts)
    nb = sum(e.nb for e in parts)
    strong = sum(e.nn_strong + e.nb_strong for e in parts)
    if nn + nb == 0 or (strong == 0 and nn + nb < 2):
        return default
    share = nn / (nn + nb)
    if share >= 0.7:
        return "nn"
    if share <= 0.3:
        return "nb"
    return "mixed"
