"""Variety: Bokmål (nb), Nynorsk (nn) or mixed, per sentence, rolled up.

Evidence, not a handful of words:

- marker words whose form differs between the two written standards (ikkje/ikke,
  korleis/hvordan, kva/hva, frå/fra, dei/de, eit/et, berre/bare, mykje/mye, vere/være ...),
  weighted 3;
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

from ..records import Variety

NN_MARKERS = frozenset(
    """ikkje korleis kva kvar kven kvifor frå dei eit ein berre mykje vere vera noko nokon nokre fleire
    heile eg ho sjølv saman samanheng difor utan ynskje ønskjer ønskje medan enno framleis hjå kome gjere
    gjera seie sjå vore vart vert fyrste desse mogleg moglegheit moglegheiter eigen eige eigne deira dykk
    tilhøve høve auke aukar betre meir vidare særleg tydeleg naudsynt gjeld høgare høgt kvart same sams samd
    samde vedteke vedtekne innan kring sidan òg dessutan sjølve einskilde berekraftig omsyn løysing løysingar
    tenester tenesta tenestene verksemd verksemder innbyggjarar innbyggjar arbeidsplassar ressursar prosjekta
    leiar leiing prosjektleiar dagleg skule skular kommunar regionar byregionar deltakarar samarbeidd
    meiner meinar møtest utfordringar planar nokre eitt slike kjem
    samfunnsutviklar avgjerande fekk haldt ynskjer følgjer følgje påverknad ressursbruk
    lokalsamfunna vekstkrafta meistre nyttar oppgåver oppgåve tilrådingar tilråding
    """.split()
)
NB_MARKERS = frozenset(
    """ikke hvordan hva hvor hvem hvorfor fra et en bare mye være noe noen flere hele jeg hun selv sammen
    sammenheng derfor uten ønske ønsker mens ennå fortsatt hos komme gjøre si se vært ble disse mulig mulighet
    muligheter egen eget egne deres dere forhold øke øker bedre mer videre særlig tydelig gjelder
    høyere høyt hvert hver samme enige dem vedtatt vedtatte innen rundt siden også dessuten enkelte bærekraftig
    hensyn løsning løsninger tjenester tjenesten tjenestene virksomhet virksomheter innbyggere arbeidsplasser
    ressurser prosjektene leder ledelse prosjektleder daglig skole skoler kommuner regioner byregioner
    mener deltakere utfordringer planer kommer tar setter holder følger påvirkning oppgaver anbefalinger bruker
    fremtiden fremtidsrettet fremdrift fremdriften framtiden nettopp ytterligere
    """.split()
)
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
    if tok in NN_MARKERS:
        return (3, 0, 1, 0)
    if tok in NB_MARKERS:
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
