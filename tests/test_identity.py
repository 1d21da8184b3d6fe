"""Which files are one report: the same text in two formats, or a revised version."""

import datetime as dt
import heapq
import re

from hypothesis import given
from hypothesis import strategies as st

import pipeline.identity as identity
from pipeline.identity import ReportKey, _hash63, link_reports, same_report, similarity, sketch

from .conftest import SAMPLE

TEXT = (SAMPLE / "000_2077d483579f621b.txt").read_text("utf-8")
OTHER = (SAMPLE / "003_851aa941d43c1de3.txt").read_text("utf-8")


def key(
    doc_id,
    batch,
    text,
    fmt="txt",
    region="Ålesundregionen",
    title="Årsrapport",
    date=None,
    doc_type="progress_report",
):
    return ReportKey(doc_id, f"{batch}/{doc_id}", batch, fmt, region, doc_type, date, title, sketch(text))


def edited(text: str, every: int) -> str:
    lines = text.splitlines()
    return "\n".join(ln + " endra i revisjonen" if i % every == 0 else ln for i, ln in enumerate(lines))


def test_similarity_of_sketches():
    assert similarity(sketch(TEXT), sketch(TEXT)) == 1.0
    assert similarity(sketch(TEXT), sketch(OTHER)) < 0.05
    assert 0.4 < similarity(sketch(TEXT), sketch(edited(TEXT, 3))) < 0.95
    assert similarity((), sketch(TEXT)) == 0.0


def test_sketch_is_the_k_smallest_hashes_of_all_shingles():
    """The sketch hashes only the shingles that can be among the smallest: the result is
    the definition's, on the seeds and on short and oddly cased texts."""

    def by_definition(text, k=64):
        words = [w.lower() for w in re.findall(r"\w+", text)]
        shingles = {" ".join(words[i : i + 4]) for i in range(max(len(words) - 3, 1))}
        return tuple(heapq.nsmallest(k, (_hash63(s.encode("utf-8")) for s in shingles)))

    for text in (
        TEXT,
        OTHER,
        "",
        "to ord",
        "Fire ord i rekkje",
        "İSTANBUL og İzmir er byar i Tyrkia, ikkje i Noreg",
    ):
        assert sketch(text) == by_definition(text)
    assert sketch("İzmir og Oslo") != sketch("Izmir og Oslo")  # 'İ' lowered word by word, as ever


def test_formats_and_revisions_are_one_report_series_and_other_regions_are_not():
    pdf, txt = key("a", "b1", TEXT, fmt="pdf"), key("b", "b1", TEXT)
    assert same_report(pdf, txt) == "format"
    assert same_report(txt, key("c", "b1", TEXT)) is None  # two files of one format in one batch: not formats
    assert same_report(txt, key("d", "b2", edited(TEXT, 4))) == "revision"
    assert same_report(txt, key("e", "b2", TEXT, region="Ranaregionen")) is None
    # consecutive annual reports share much of their text but are a series, not revisions
    y1 = key("f", "b1", TEXT, title="Årsmelding 2021")
    y2 = key("g", "b2", edited(TEXT, 4), title="Årsmelding 2022")
    assert same_report(y1, y2) is None
    assert (
        same_report(
            key("h", "b1", TEXT, date=dt.date(2016, 2, 1)), key("i", "b2", TEXT, date=dt.date(2017, 2, 1))
        )
        is None
    )
    assert same_report(txt, key("j", "b2", OTHER)) is None


def test_the_latest_batch_and_the_original_format_stand_for_a_report():
    keys = [
        key("pdf1", "2026-10", TEXT, fmt="pdf"),
        key("txt1", "2026-10", TEXT),
        key("rev", "2026-11", edited(TEXT, 4)),
        key("rana", "2026-10", OTHER, region="Ranaregionen"),
    ]
    links = {k.doc_id: (k.report_id, k.replaced_by) for k in link_reports(keys)}
    assert (
        links["pdf1"] == ("pdf1", "rev")
        and links["txt1"] == ("pdf1", "rev")
        and links["rev"] == ("pdf1", None)
    )
    assert links["rana"] == ("rana", None)


@given(
    st.sets(st.integers(0, 400), max_size=80),
    st.sets(st.integers(0, 400), max_size=80),
    st.sets(st.integers(0, 400), max_size=80),
    st.randoms(use_true_random=False),
)
def test_sketches_similar_enough_share_a_hash_of_their_prefixes(shared, only_a, only_b, rnd):
    """What lets link_reports compare only the pairs sharing a hash of their prefixes: under
    any common order of the hashes, every pair whose similarity reaches a threshold does."""
    a = tuple(sorted(shared | only_a)[: identity.K])
    b = tuple(sorted(shared | (only_b - only_a))[: identity.K])
    weight = {h: rnd.random() for h in set(a) | set(b)}
    order = lambda sk: sorted(sk, key=lambda h: (weight[h], h))  # noqa: E731
    for threshold in (identity.REVISION_SIMILARITY, identity.MOSTLY_SHARED, identity.FORMAT_SIMILARITY):
        if similarity(a, b) >= threshold:
            assert set(identity._prefix(order(a), threshold)) & set(identity._prefix(order(b), threshold))


def test_a_large_batch_of_one_format_compares_no_pair_and_formats_still_link(monkeypatch):
    """A batch of 300 text files (no regions, nothing alike) compares none of its 44,850
    pairs; the PDF of one of them still finds its text."""
    calls = []
    real = identity.same_report
    monkeypatch.setattr(identity, "same_report", lambda a, b: calls.append(1) or real(a, b))
    texts = [f"Rapport {i} " + " ".join(f"ord{i}x{j}" for j in range(40)) for i in range(300)]
    keys = [key(f"t{i}", "b1", t, region=None, title=None) for i, t in enumerate(texts)]
    keys.append(key("p7", "b1", texts[7], fmt="pdf", region=None, title=None))
    links = {k.doc_id: (k.report_id, k.replaced_by) for k in link_reports(keys)}
    assert links["t7"] == ("p7", "p7") and links["p7"] == ("p7", None)
    assert links["t8"] == ("t8", None)
    assert len(calls) <= 5


def test_files_made_from_one_template_are_not_compared_all_with_all(monkeypatch):
    """Files from one template (a part of their hashes in every file) in two batches: each
    revision still finds its report, and the pairs compared grow with the files, not with
    their square (120 files in each batch: a few hundred comparisons, not 14,400)."""
    calls = []
    real = identity.same_report
    monkeypatch.setattr(identity, "same_report", lambda a, b: calls.append(1) or real(a, b))

    def text(i: int, rev: str = "") -> str:
        own = " ".join(f"tiltak{i}x{j}" for j in range(12))
        return f"Hovedmål: Vekst i regionen. Tiltak 1.1: Etablere næringshage. {own}{rev}"

    keys = [key(f"a{i}", "b1", text(i), region=None, title=None) for i in range(120)]
    keys += [key(f"r{i}", "b2", text(i, " revidert"), region=None, title=None) for i in range(120)]
    links = {k.doc_id: (k.report_id, k.replaced_by) for k in link_reports(keys)}
    assert all(links[f"a{i}"] == (f"a{i}", f"r{i}") and links[f"r{i}"] == (f"a{i}", None) for i in range(120))
    assert len(calls) <= 600


def test_the_links_are_those_of_comparing_every_pair():
    """Comparing only the candidates links exactly what comparing every pair would: 60 random
    sets of files (formats, batches, regions, titles, years; texts from a few bases edited
    a little or a lot, short and long)."""
    import random

    rng = random.Random(7)
    vocabulary = [f"ord{i}" for i in range(300)]

    def all_pairs(keys):
        keys = sorted(keys, key=lambda k: (k.batch, k.path))
        parent = list(range(len(keys)))

        def find(i):
            while parent[i] != i:
                i = parent[i]
            return i

        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                ri, rj = find(i), find(j)
                if ri != rj and same_report(keys[i], keys[j]):
                    parent[max(ri, rj)] = min(ri, rj)
        return {k.doc_id: keys[find(i)].doc_id for i, k in enumerate(keys)}

    linked = 0
    for _ in range(60):
        bases = [[rng.choice(vocabulary) for _ in range(rng.choice([3, 30, 300]))] for _ in range(3)]
        keys = []
        for i in range(rng.randint(3, 24)):
            edit = rng.choice([0, 0.05, 0.2, 0.4, 0.7])
            text = " ".join(rng.choice(vocabulary) if rng.random() < edit else w for w in rng.choice(bases))
            batch, fmt = rng.choice(["b1", "b2", "b3"]), rng.choice(["pdf", "txt", "docx"])
            keys.append(
                ReportKey(
                    f"d{i}",
                    f"{batch}/f{i}.{fmt}",
                    batch,
                    fmt,
                    rng.choice([None, "R1", "R2"]),
                    rng.choice(["plan", "progress_report"]),
                    rng.choice([None, dt.date(2020, 1, 1), dt.date(2021, 1, 1)]),
                    rng.choice([None, "Årsrapport", "Status"]),
                    sketch(text),
                )
            )
        want = all_pairs(keys)
        assert {link.doc_id: link.report_id for link in link_reports(keys)} == want
        linked += sum(1 for d, r in want.items() if d != r)
    assert linked > 100  # the sets do link files
