"""Bokmål form and lemma key of goal text.

Two normalisers behind one interface:

- ``apertium``: Nynorsk and mixed sentences through Apertium's nno-nob translator, and
  lemmas from Apertium's Bokmål analyser and tagger. Apertium is a GPL program: it runs as
  a separate process (never imported). Sentences are batched, one call per batch, one
  sentence a line, so start-up (about 0.2-0.8 s) is paid once per batch, not per sentence.
- ``fallback`` (pure Python): a Nynorsk->Bokmål word map for the common forms, and
  lemmas from simplemma's nb/nn dictionaries.

Bokmål sentences are never translated (nno-nob garbles Bokmål: "et" becomes "spiser").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar

from .. import available_cores
from ..records import Normaliser

APERTIUM_DIR = "/usr/share/apertium/apertium-nno-nob"
T = TypeVar("T")

# Apertium slips worth a pre-pass (source word -> Bokmål)
PRE_PASS = {"fleire": "flere", "Fleire": "Flere"}

# Fallback Nynorsk -> Bokmål word map (common function words and forms)
NN_TO_NB = {
    "ikkje": "ikke",
    "korleis": "hvordan",
    "kva": "hva",
    "kvar": "hver",
    "kven": "hvem",
    "kvifor": "hvorfor",
    "frå": "fra",
    "dei": "de",
    "eit": "et",
    "ein": "en",
    "berre": "bare",
    "mykje": "mye",
    "vere": "være",
    "vera": "være",
    "noko": "noe",
    "nokon": "noen",
    "nokre": "noen",
    "fleire": "flere",
    "heile": "hele",
    "eg": "jeg",
    "ho": "hun",
    "sjølv": "selv",
    "saman": "sammen",
    "difor": "derfor",
    "utan": "uten",
    "medan": "mens",
    "enno": "ennå",
    "framleis": "fortsatt",
    "hjå": "hos",
    "kome": "komme",
    "gjere": "gjøre",
    "gjera": "gjøre",
    "seie": "si",
    "sjå": "se",
    "vore": "vært",
    "vart": "ble",
    "vert": "blir",
    "desse": "disse",
    "mogleg": "mulig",
    "eigen": "egen",
    "eige": "eget",
    "eigne": "egne",
    "deira": "deres",
    "auke": "øke",
    "aukar": "øker",
    "betre": "bedre",
    "meir": "mer",
    "vidare": "videre",
    "særleg": "særlig",
    "tydeleg": "tydelig",
    "naudsynt": "nødvendig",
    "gjeld": "gjelder",
    "høgare": "høyere",
    "samd": "enig",
    "samde": "enige",
    "vedteke": "vedtatt",
    "innan": "innen",
    "kring": "rundt",
    "sidan": "siden",
    "òg": "også",
    "omsyn": "hensyn",
    "løysing": "løsning",
    "løysingar": "løsninger",
    "teneste": "tjeneste",
    "tenester": "tjenester",
    "verksemd": "virksomhet",
    "verksemder": "virksomheter",
    "leiar": "leder",
    "dagleg": "daglig",
    "skule": "skole",
    "styrkje": "styrke",
    "betra": "bedre",
    "utvikla": "utvikle",
    "samarbeida": "samarbeide",
    "leggje": "legge",
    "gje": "gi",
    "gjev": "gir",
    "ynskje": "ønske",
    "ønskjer": "ønsker",
    "ønskje": "ønske",
    "innbyggjarar": "innbyggere",
    "tilbod": "tilbud",
    "kjem": "kommer",
    "tek": "tar",
    "set": "setter",
    "arbeidsplassar": "arbeidsplasser",
    "næringsliv": "næringsliv",
    "byregionar": "byregioner",
    "kommunar": "kommuner",
    "regionar": "regioner",
    "attraktiv": "attraktiv",
    "pådrivar": "pådriver",
    "besøkande": "besøkende",
    "sterkare": "sterkere",
}
_SUFFIXES_NN_NB = (("ane", "ene"), ("ar", "er"), ("inga", "ingen"), ("ingane", "ingene"))
_WORD = re.compile(r"\w+", re.UNICODE)

STOPWORDS = frozenset(
    """og i på for til av med som å at er en et ei den det de dei ein eit eller om fra frå ved mellom
    skal vil kan blir bli ble vert vart være vere vera har ha hadde seg sin sitt sine sine vi oss vår
    våre deres ikke ikkje også òg så men der her nå no etter under over inn ut opp mot uten utan gjennom
    samt slik slike denne dette disse desse hver kvar alle alt andre annen anna noen nokon noe noko
    mer meir mest mange flere fleire både bare berre mm osv bl.a f.eks the and of""".split()
)


def apertium_available() -> bool:
    if os.environ.get("RAPPORT_NORMALISER") == "fallback":
        return False
    return _apertium_installed()


@cache
def _apertium_installed() -> bool:
    return bool(shutil.which("apertium") and shutil.which("lt-proc") and os.path.isdir(APERTIUM_DIR))


def normaliser_name() -> Normaliser:
    return "apertium" if apertium_available() else "fallback"


# ----------------------------------------------------------------------------- parallel calls

MIN_CALL_WORDS = 1500  # below this, a second Apertium process costs more start-up than it saves


def _in_parallel(call: Callable[[Sequence[str]], list[T]], texts: Sequence[str]) -> list[T]:
    """``call`` over contiguous chunks of ``texts``, at most one per core, each of at
    least MIN_CALL_WORDS words, run side by side (threads wait on the processes); the
    results in input order."""
    texts = list(texts)
    words = sum(len(t.split()) for t in texts)
    n = max(1, min(available_cores(), words // MIN_CALL_WORDS, len(texts)))
    if n == 1:
        return call(texts)
    bounds = [round(i * len(texts) / n) for i in range(n + 1)]
    chunks = [texts[bounds[i] : bounds[i + 1]] for i in range(n)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=n) as pool:
        return [item for part in pool.map(call, chunks) for item in part]


# ----------------------------------------------------------------------------- translate


def pre_pass(sentence: str) -> str:
    return _WORD.sub(lambda m: PRE_PASS.get(m.group(), m.group()), sentence)


def translate_apertium(sentences: Sequence[str]) -> list[str]:
    """Nynorsk -> Bokmål, one sentence a line, in as many parallel Apertium calls as the
    machine has cores (each with enough words to be worth its start-up)."""
    return _in_parallel(_translate_call, sentences)


# e-mail addresses and web addresses go through Apertium as placeholders it leaves alone
# (it reads "post@forde.kommune.no" as words and a '@', and writes "post<guio>forde...")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)]")
_PLACEHOLDER = re.compile(r"ZZQ(\d+)ZZ")


def protect_addresses(sentence: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def hold(m: re.Match[str]) -> str:
        found.append(m.group())
        return f"ZZQ{len(found) - 1}ZZ"

    return _ADDRESS.sub(hold, sentence), found


def restore_addresses(sentence: str, found: Sequence[str]) -> str:
    if not found:
        return sentence
    return _PLACEHOLDER.sub(
        lambda m: found[int(m.group(1))] if int(m.group(1)) < len(found) else m.group(), sentence
    )


def _run_or_split(cmd, data: str, items: Sequence[str], again, fallback):
    """Run an Apertium pipe over ``items`` (already joined into ``data``). When it fails,
    the items' results instead: ``again`` over each half, and for a single item that
    fails alone, ``fallback(item)``; so one bad sentence never fails the batch."""
    try:
        return subprocess.run(cmd, input=data, capture_output=True, text=True, timeout=600, check=True)
    except (subprocess.SubprocessError, OSError):
        if len(items) == 1:
            return [fallback(items[0])]
        half = len(items) // 2
        return again(items[:half]) + again(items[half:])


def _translate_call(sentences: Sequence[str]) -> list[str]:
    """Nynorsk -> Bokmål, all sentences in one Apertium call (one a line). A call that
    fails is split in two and tried again; a sentence Apertium cannot translate on its
    own gets the fallback's form, so one bad sentence never fails the batch."""
    if not sentences:
        return []
    held = [protect_addresses(" ".join(pre_pass(s).split())) for s in sentences]
    clean = [text for text, _ in held]
    proc = _run_or_split(
        ["apertium", "-u", "nno-nob"], "\n".join(clean) + "\n", sentences, _translate_call, translate_fallback
    )
    if isinstance(proc, list):
        return proc
    out = proc.stdout.rstrip("\n").split("\n")
    if len(out) != len(clean):
        # a line went astray: translate one by one rather than misalign
        if len(clean) > 1:
            return [_translate_call([s])[0] for s in sentences]
        out = [proc.stdout.strip()]
    return [
        restore_addresses(" ".join(line.split()), found) for line, (_, found) in zip(out, held, strict=True)
    ]


def translate_fallback(sentence: str) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        target = NN_TO_NB.get(low)
        if target is None and len(low) >= 7:
            for nn, nb in _SUFFIXES_NN_NB[:1]:
                if low.endswith(nn):
                    target = low[: -len(nn)] + nb
                    break
        if target is None:
            return word
        return target.capitalize() if word[:1].isupper() else target

    return _WORD.sub(swap, sentence)


# ----------------------------------------------------------------------------- lemmas

_CONTENT_TAGS = ("<n>", "<np>", "<vblex>", "<adj>")
_LU = re.compile(r"\^([^$]*)\$")


def lemmas_apertium(texts: Sequence[str]) -> list[list[str]]:
    """Content-word lemmas of Bokmål texts, in parallel calls like
    :func:`translate_apertium`, from the front of Apertium's own nob-nno translator:
    the nob analyser with compounding of unknown words, its segmentation grammar, its
    Bokmål constraint grammar and its tagger. The constraint grammar is the slow step
    (about 2,500 words/s a process); a text's lemmas do not depend on the texts beside
    it, so the input may be split anywhere between texts."""
    return _in_parallel(_lemmas_call, texts)


# as in Apertium's nob-nno mode (modes/nob-nno.mode), up to the tagger, which prints each
# word's surface form ("-p") for the compounds. Analysed word by word without compounding,
# the grammar would get readings that only exist inside compounds ("skal" as "skall-",
# each reading again as a possible last part): twice the work, and now and then a wrong
# choice ("Bedre samordningen" as the adjective "god").
_LEMMA_PIPE = (
    "apertium-destxt | lt-proc -w -e '{d}/nob-nno.automorf.bin' | cg-proc '{d}/nob-nno.seg.rlx.bin' "
    "| cg-proc '{d}/nob-nno.rlx.bin' | apertium-tagger -p -g '{d}/nob-nno.prob'"
)
_SURFACE = re.compile(r"(?<!\\)/")


def _lemmas_call(texts: Sequence[str]) -> list[list[str]]:
    if not texts:
        return []
    joined = "\n".join(_one_window(protect_addresses(t)[0]) for t in texts) + "\n"
    proc = _run_or_split(
        ["sh", "-c", _LEMMA_PIPE.format(d=APERTIUM_DIR)],
        joined,
        texts,
        _lemmas_call,
        lambda text: _fallback_lemmas(text, "nb"),
    )
    if isinstance(proc, list):
        return proc
    # the tagger keeps the line breaks as superblanks "[\n]" between units
    chunks = re.split(r"\[\s*\n\s*\]|\n", proc.stdout)
    chunks = [c for c in chunks if c.strip() and "^" in c] if len(chunks) != len(texts) else chunks
    if len(chunks) != len(texts):
        return [_lemmas_call([t])[0] for t in texts] if len(texts) > 1 else [_fallback_lemmas(texts[0], "nb")]
    return [
        [
            lemma
            for unit in _LU.findall(chunk)
            if (lemma := _content_lemma(unit)) and not _PLACEHOLDER.fullmatch(lemma.upper())
        ]
        for chunk in chunks
    ]


def _content_lemma(unit: str) -> str | None:
    """The key word of one tagged unit ("surface/lemma<tags>"): the lemma of a content
    word; for a word the dictionary does not list (unknown, taken for a name by the
    grammar's guesser, or analysed as a compound of words it lists, hyphenated or not) a
    light stem of its surface form, as the word would be written ("arbeidsmarkedet" ->
    "arbeidsmarked", where the compound's lemmas lose the joining "s"); None for the rest."""
    parts = _SURFACE.split(unit, maxsplit=1)
    surface, analysis = (parts[0], parts[1]) if len(parts) == 2 else (unit.lstrip("*"), unit)
    if analysis.startswith("*") or ("<cmp>" in analysis and "+" in analysis) or "<cgguess>" in analysis:
        word = surface.lower().strip("-")  # "areal-" in "areal- og transportplanlegging"
        ok = word.replace("-", "").isalpha() and word not in STOPWORDS  # "EU-prosjektet" too
        return stem_unknown(word) if ok else None
    lemma, _, tags = analysis.partition("<")
    tags = "<" + tags
    if lemma and any(t in tags for t in _CONTENT_TAGS) and lemma.lower() not in STOPWORDS:
        return lemma.lower().replace(" ", "_")
    return None


def _one_window(text: str) -> str:
    """The text on one line, ended by a full stop if it has no sentence end: the constraint
    grammar reads a window up to the next one, so an unended text would be disambiguated
    together with the next ("flere velger å" took "velger" for a noun after a goal with no
    full stop), and a text's lemmas would depend on the batch it came in."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + " ."


def stem_unknown(word: str) -> str:
    """A light stem for words no dictionary knows (often long compounds)."""
    for suffix in ("ingane", "ingene", "ingar", "inger", "ane", "ene", "ar", "er", "en", "et", "a"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def _fallback_lemmas(text: str, lang: str) -> list[str]:
    import simplemma

    out = []
    for word in _WORD.findall(text):
        low = word.lower()
        if low in STOPWORDS or not low.isalpha() or len(low) < 2:
            continue
        lemma = simplemma.lemmatize(low, lang=("nb", "nn") if lang == "nb" else ("nn", "nb")).lower()
        out.append(stem_unknown(lemma) if lemma == low and len(low) > 8 else lemma)
    return out


def lemmas_fallback(texts: Sequence[str]) -> list[list[str]]:
    return [_fallback_lemmas(t, "nb") for t in texts]
