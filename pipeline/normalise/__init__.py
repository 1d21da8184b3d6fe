"""Normalise: variety per sentence, Bokmål form, lemma key and themes of every goal.

Split in two so that the costly part can be batched:

- :func:`detect` (pure, runs in the workers): sentences and their variety for each goal,
  the variety of each section and of the document;
- :class:`Normalise` (runs in the loading process): Bokmål text and lemma keys for many
  documents at once, through one Apertium call per batch and a cache keyed by sentence
  hash that the warehouse keeps between runs.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..records import GoalForm, Normalised, Normaliser, Structured, Variety
from . import bokmal
from .themes import themes_for
from .variety import Evidence, classify, evidence, roll_up

MAX_SECTION_TOKENS_CHARS = 12000  # evidence saturates long before: sample a section's start
MAX_SECTION_TOKENS = 600


_MAYBE_SPLIT = re.compile(r"[.!?]\s+\S")

ABBREVIATIONS = (
    "bl.a.",
    "f.eks.",
    "pr.",
    "ev.",
    "evt.",
    "jf.",
    "ca.",
    "dvs.",
    "mv.",
    "osv.",
    "m.m.",
    "mm.",
    "o.l.",
    "t.d.",
    "nr.",
    "kl.",
    "tlf.",
    "avd.",
    "jfr.",
    "iflg.",
    "ifb.",
    "inkl.",
    "ekskl.",
    "bl.anna",
    "m.a.",
    "t.o.m.",
    "f.o.m.",
)


@cache
def _splitter() -> Callable[[str], object]:
    """spaCy's Norwegian tokenizer, with the abbreviations above as special cases, and its
    rule-based sentencizer. The tokenizer is made as spaCy's default tokenizer factory
    makes it for ``spacy.blank("nb")`` (same rules, affixes and exceptions), without the
    pipeline and config machinery around it: 0.06 s less a process, and every worker
    process builds one."""
    from spacy.lang.nb import Norwegian
    from spacy.pipeline import Sentencizer
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
    from spacy.vocab import create_vocab

    nb = Norwegian.Defaults
    tokenizer = Tokenizer(
        create_vocab("nb", nb),
        rules=nb.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(nb.prefixes).search,
        suffix_search=compile_suffix_regex(nb.suffixes).search,
        infix_finditer=compile_infix_regex(nb.infixes).finditer,
        token_match=nb.token_match,
        url_match=nb.url_match,
    )
    for abbr in ABBREVIATIONS:
        for form in {abbr, abbr[:1].upper() + abbr[1:]}:
            tokenizer.add_special_case(form, [{ORTH: form}])
    sentencizer = Sentencizer()
    return lambda text: sentencizer(tokenizer(text))


def sentences(text: str) -> list[str]:
    """Norwegian sentences; abbreviations such as "bl.a.", "f.eks.", "pr." do not end one."""
    text = " ".join(text.split())
    if not text:
        return []
    if not _MAYBE_SPLIT.search(text):
        return [text]  # no full stop, ! or ? before a further word: one sentence, no tokenising
    doc = _splitter()(text)
    return [s.text.strip() for s in doc.sents if s.text.strip()]


@dataclass(frozen=True, slots=True)
class GoalSentences:
    sentences: tuple[tuple[str, Variety | None], ...]
    variety: Variety


@dataclass(frozen=True, slots=True)
class Detected:
    goals: tuple[GoalSentences, ...]
    section_varieties: tuple[Variety, ...]
    variety: Variety


def detect(structured: Structured) -> Detected:
    """Varieties of a document's sections, goals and the whole; a line repeated (slide
    furniture, running text of a graphic) counts once."""
    section_ev: list[Evidence] = []
    seen: set[str] = set()
    for section in structured.sections:
        unique = []
        for text in [section.heading or ""] + [ln.text for ln in section.lines]:
            if text and text not in seen:
                seen.add(text)
                unique.append(text)
        section_ev.append(
            evidence(" ".join(unique)[:MAX_SECTION_TOKENS_CHARS], max_tokens=MAX_SECTION_TOKENS)
        )
    doc_variety = roll_up(section_ev)
    section_varieties = tuple(roll_up([e], default=doc_variety) for e in section_ev)
    goals = tuple(
        detect_goal(
            goal.text,
            section_varieties[goal.section_ordinal]
            if goal.section_ordinal < len(section_varieties)
            else doc_variety,
        )
        for goal in structured.goals
    )
    return Detected(goals, section_varieties, doc_variety)


def detect_goal(text: str, section_variety: Variety) -> GoalSentences:
    """A goal's sentences with their varieties; the goal's variety rolls them up, its
    section's where they show none."""
    sents = []
    evs = []
    for sent in sentences(text):
        ev = evidence(sent)
        evs.append(ev)
        sents.append((sent, classify(ev)))
    return GoalSentences(tuple(sents), roll_up(evs, default=section_variety))


# the cache key's prefix for lemma keys, changed whenever the same sentence could get
# another key: "lemma5:" since hyphenated unknown words and compounds are key words;
# "lemma4:" ran the analyser as Apertium's nob-nno mode does (compounds, segmentation
# grammar; bokmal.lemmas_apertium); "lemma3:" lemmatised each Bokmål sentence once, in a
# window of its own, a goal's key its sentences' keys in order; "lemma2:" keyed whole goal
# texts; "lemma:" keys could depend on the batch
LEMMA = "lemma6:"


@cache
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The lemma phrases of resources/lemma_phrases.tsv, longest first."""
    text = resources.files("pipeline.resources").joinpath("lemma_phrases.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows.sort(key=lambda r: -len(r[0]))
    return tuple((re.compile(rf"(?<!\S){re.escape(p.strip())}(?!\S)"), lemma.strip()) for p, lemma in rows)


def join_lemmas(lemmas: Sequence[str]) -> str:
    """A lemma key: the lemmas in order, Apertium's multiword marks gone ("legge# til" ->
    "legge til"), and lemma phrases made one lemma ("legge til rett" -> "tilrettelegge")."""
    key = " ".join(" ".join(lemma.replace("#", " ").replace("_", " ").split()) for lemma in lemmas)
    for pattern, lemma in _phrases():
        key = pattern.sub(lemma, key)
    return key


TRANSLATED = ("nn", "mixed")  # sentence varieties that go through nno-nob


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Normalise:
    """Bokmål forms for batches of documents, with a cache of earlier results.

    ``cache`` maps a hash of ("nb:" + source sentence) to its Bokmål form and a hash of
    (LEMMA + Bokmål sentence) to that sentence's lemmas, both prefixed with the
    normaliser's name; new entries are collected in ``new`` for the loader to store.
    """

    def __init__(self, cache: Mapping[str, str] | None = None, engine: Normaliser | None = None):
        self.engine: Normaliser = engine or bokmal.normaliser_name()
        # each normaliser has keys of its own: a warehouse whose Apertium was installed
        # later does not keep the fallback's forms for sentences it saw before
        self._prefix = f"{self.engine}:"
        self.cache: dict[str, str] = dict(cache or {})
        self.new: dict[str, str] = {}
        self.translated_words = 0
        self.translate_seconds = 0.0

    def _nb(self, sentence: str) -> str:
        return _key(f"{self._prefix}nb:{sentence}")

    def _lemma(self, text: str) -> str:
        return _key(f"{self._prefix}{LEMMA}{text}")

    def _bokmal_sentences(self, goal: GoalSentences) -> list[str] | None:
        """A goal's sentences in Bokmål, the Nynorsk and mixed ones as translated; None
        while a translation is not in the cache."""
        parts = [self.cache.get(self._nb(s)) if v in TRANSLATED else s for s, v in goal.sentences]
        return None if None in parts else parts  # type: ignore[return-value]

    def uncached_words(self, det: Detected) -> int:
        """Words of a document this normaliser has not seen: the work a batch would hand
        Apertium (translating Nynorsk sentences, then lemmatising each Bokmål sentence)."""
        n = 0
        for g in det.goals:
            parts = self._bokmal_sentences(g)
            if parts is None:  # translated, then lemmatised
                n += 2 * sum(
                    len(s.split())
                    for s, v in g.sentences
                    if v in TRANSLATED and self._nb(s) not in self.cache
                )
            else:
                n += sum(len(s.split()) for s in parts if self._lemma(s) not in self.cache)
        return n

    def _fill(
        self, key: Callable[[str], str], texts: Iterable[str], make: Callable[[list[str]], list[str]]
    ) -> list[str]:
        """Cache ``make``'s values for the distinct ``texts`` not cached under ``key`` yet
        (and note them as new); the texts it was given."""
        missing = [t for t in dict.fromkeys(texts) if key(t) not in self.cache]
        if missing:
            for text, value in zip(missing, make(missing), strict=True):
                k = key(text)
                self.cache[k] = self.new[k] = value
        return missing

    def _translations(self, missing: list[str]) -> list[str]:
        t = time.perf_counter()
        if self.engine == "apertium":
            out = bokmal.translate_apertium(missing)
        else:
            out = [bokmal.translate_fallback(s) for s in missing]
        self.translate_seconds += time.perf_counter() - t
        self.translated_words += sum(len(s.split()) for s in missing)
        return out

    def _lemma_keys(self, sentences: list[str]) -> list[str]:
        lemmas = bokmal.lemmas_apertium if self.engine == "apertium" else bokmal.lemmas_fallback
        return [join_lemmas(ls) for ls in lemmas(sentences)]

    def take_new(self) -> dict[str, str]:
        """The entries made since the last call, for the loader to store."""
        new, self.new = self.new, {}
        return new

    def run(self, batch: Sequence[Detected]) -> list[Normalised]:
        todo = [s for det in batch for g in det.goals for s, v in g.sentences if v in TRANSLATED]
        self._fill(self._nb, todo, self._translations)
        per_doc: list[list[list[str]]] = []
        for det in batch:
            parts = [self._bokmal_sentences(g) for g in det.goals]
            assert None not in parts  # every translation is in the cache by now
            per_doc.append(parts)  # type: ignore[arg-type]
        self._fill(self._lemma, (s for doc in per_doc for goal in doc for s in goal), self._lemma_keys)
        out = []
        for det, doc_parts in zip(batch, per_doc, strict=True):
            forms = []
            for g, parts in zip(det.goals, doc_parts, strict=True):
                key = " ".join(k for k in (self.cache[self._lemma(s)] for s in parts) if k)
                forms.append(GoalForm(" ".join(parts), key, self.engine, g.variety, themes_for(key)))
            out.append(Normalised(tuple(forms), det.section_varieties, det.variety))
        return out
