"""Report identity: which files are one report (the same text in two formats, or a revised
version in a later batch), and which file stands for it in the views.

Each loaded document gets a key in the worker: a bottom-k MinHash sketch of its word
4-shingles (64 hashes; the Jaccard similarity of two texts is estimated from their two
sketches alone) and its title (the first heading). Files are joined into one report when

- they lie in the same batch, are of different formats and share most of their text
  (similarity >= FORMAT_SIMILARITY): one report in two formats (000_x.pdf and 000_x.txt);
- they lie in different batches, name no different regions and are not about different
  years (report date, else the years in the title: consecutive annual reports are a
  series, not revisions), and either share most of their text (similarity >=
  MOSTLY_SHARED) or name the same region, are of the same type, have the same title
  (ratio >= TITLE_RATIO) and share a good part of their text (>= REVISION_SIMILARITY):
  a revised version.

Of a report's files, the one that stands for it (the rest get ``replaced_by``) is in the
latest batch and, within it, in the original format (PDF, Word, slides before a web page,
before extracted text).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, product
from operator import attrgetter

from rapidfuzz import fuzz

from .records import Structured
from .repair import site_title
from .structure.scan import lower_words

K = 64
SHINGLE = 4
FORMAT_SIMILARITY = 0.6
REVISION_SIMILARITY = 0.25
MOSTLY_SHARED = 0.5
TITLE_RATIO = 85
FORMAT_RANK = {"pdf": 0, "docx": 1, "pptx": 2, "html": 3, "txt": 4}
_WORD = re.compile(r"\w+")


def sketch(text: str, k: int = K) -> tuple[int, ...]:
    """The ``k`` smallest 63-bit hashes of the text's word 4-shingles, ascending."""
    words = lower_words(_WORD, text)
    if len(words) < SHINGLE:
        shingles = {" ".join(words).encode("utf-8")}
    else:
        encoded = [w.encode("utf-8") for w in words]
        shingles = set(map(b" ".join, zip(*(encoded[i:] for i in range(SHINGLE)), strict=False)))
    # a hash orders by its first CRC-32: the k smallest are among the shingles whose first
    # CRC is no larger than the k-th smallest one, and only those need the whole hash
    if len(shingles) > k:
        firsts = list(map(zlib.crc32, shingles))
        bound = heapq.nsmallest(k, firsts)[-1]
        shingles = [s for s, c in zip(shingles, firsts, strict=True) if c <= bound]
    return tuple(sorted(map(_hash63, shingles))[:k])


def _hash63(data: bytes) -> int:
    """A stable 63-bit hash (two CRC-32s with different seeds): the same on every machine
    and run, and several times faster than a cryptographic one; a sketch needs no more."""
    return ((zlib.crc32(data) << 32) | zlib.crc32(data, 0x9E3779B9)) >> 1


def similarity(a: Sequence[int], b: Sequence[int], k: int = K) -> float:
    """Estimated Jaccard similarity of the two texts: of the ``k`` smallest hashes of both
    sketches together, the share that is in both."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def title_of(structured: Structured, furniture: Sequence[str] = ()) -> str | None:
    """The title a transcript site gave the file ('Download "..."'), else the first heading."""
    title = site_title(furniture)
    if title:
        return title
    for section in structured.sections:
        if section.heading:
            return section.heading
    return None


def document_text(structured: Structured) -> str:
    return "\n".join(part for s in structured.sections for part in (s.heading or "", s.text or "") if part)


@dataclass(frozen=True, slots=True)
class ReportKey:
    doc_id: str
    path: str
    batch: str
    format: str | None
    region: str | None
    doc_type: str | None
    report_date: dt.date | None
    title: str | None
    sketch: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Link:
    doc_id: str
    report_id: str  # the report's first file (by batch and path)
    replaced_by: str | None  # the file that stands for the report, when not this one


def same_report(a: ReportKey, b: ReportKey) -> str | None:
    """'format' or 'revision' when ``a`` and ``b`` are one report, else None. The cheap
    tests go first: most pairs of a batch are of one format, most others of two regions."""
    if a.batch == b.batch:
        if a.format == b.format:
            return None
        return "format" if similarity(a.sketch, b.sketch) >= FORMAT_SIMILARITY else None
    if _conflict(a.region, b.region) or _conflict(_years(a), _years(b)):
        return None  # another region's report, or another year's (an annual series, not a revision)
    sim = similarity(a.sketch, b.sketch)
    if sim >= MOSTLY_SHARED:
        return "revision"
    if (
        a.region is not None
        and a.region == b.region
        and a.doc_type == b.doc_type
        and a.title
        and b.title
        and fuzz.ratio(a.title.lower(), b.title.lower()) >= TITLE_RATIO
        and sim >= REVISION_SIMILARITY
    ):
        return "revision"
    return None


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _prefix(ordered: Sequence[int], threshold: float) -> Sequence[int]:
    """The first hashes of a sketch (ordered the same way for every file) that any sketch of
    ``similarity`` >= ``threshold`` to it shares one of. Such a pair has at least
    ``threshold * n`` hashes in common, ``n`` the size of either sketch (the similarity's
    union holds K hashes, or all of both when fewer, so at least ``n``); the first hash they
    share in the common order then stands within the first ``n - that + 1`` of each."""
    n = len(ordered)
    return ordered[: n - math.ceil(threshold * n - 1e-9) + 1] if n else ()


def _pairs_across(
    members: Sequence[ReportKey], side: Callable[[ReportKey], object]
) -> Iterator[tuple[ReportKey, ReportKey]]:
    """Every pair of members on two different sides (two formats, two batches), once."""
    groups: dict[object, list[ReportKey]] = {}
    for m in members:
        groups.setdefault(side(m), []).append(m)
    for first, second in combinations(groups.values(), 2):
        yield from product(first, second)


def _years(k: ReportKey) -> frozenset[str] | None:
    """The years a document is about: its report date's, else those in its title."""
    if k.report_date is not None:
        return frozenset({str(k.report_date.year)})
    found = frozenset(_YEAR.findall(k.title or ""))
    return found or None


def _conflict(a, b) -> bool:
    return a is not None and b is not None and a != b


def link_reports(keys: Sequence[ReportKey]) -> list[Link]:
    """Every file's report and the file that stands for it: the links a comparison of every
    pair would make, found by comparing only the pairs that can be one report (a similarity
    join with prefix filtering). Two sketches of similarity t or more share one of the
    hashes that stand first in each, once every sketch is ordered rarest hash first
    (:func:`_prefix`); so the candidates are the files of one batch in two formats sharing a
    hash of their FORMAT_SIMILARITY prefixes, the files of two batches sharing one of their
    MOSTLY_SHARED prefixes, and those of two batches, one region and one type sharing one of
    their REVISION_SIMILARITY prefixes. A batch of thousands of files of one format compares
    none of them, and a hash every file has (a template's text) makes no candidates."""
    keys = sorted(keys, key=lambda k: (k.batch, k.path))
    index = {k.doc_id: i for i, k in enumerate(keys)}
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    frequency = Counter(h for k in keys for h in k.sketch)
    formats: dict[tuple[str, int], list[ReportKey]] = {}
    revisions: dict[tuple[object, ...], list[ReportKey]] = {}
    for k in keys:
        ordered = sorted(k.sketch, key=lambda h: (frequency[h], h))
        for h in _prefix(ordered, FORMAT_SIMILARITY):
            formats.setdefault((k.batch, h), []).append(k)
        for h in _prefix(ordered, MOSTLY_SHARED):
            revisions.setdefault((h,), []).append(k)
        if k.region is not None:
            for h in _prefix(ordered, REVISION_SIMILARITY):
                revisions.setdefault((k.region, k.doc_type, h), []).append(k)
    compared: set[tuple[int, int]] = set()  # a pair in several blocks is compared once
    for blocks, side in ((formats, attrgetter("format")), (revisions, attrgetter("batch"))):
        for members in blocks.values():
            for a, b in _pairs_across(members, side):
                i, j = index[a.doc_id], index[b.doc_id]
                pair = (i, j) if i < j else (j, i)
                if pair in compared:
                    continue
                compared.add(pair)
                ra, rb = find(i), find(j)
                if ra != rb and same_report(a, b):
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[ReportKey]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(find(i), []).append(k)
    out = []
    for root, members in groups.items():
        report_id = keys[root].doc_id
        stands = max(
            members,
            key=lambda k: (k.batch, -FORMAT_RANK.get(k.format or "", 9), k.path),
        )
        for k in members:
            out.append(Link(k.doc_id, report_id, None if k is stands else stands.doc_id))
    return sorted(out, key=lambda link: link.doc_id)
