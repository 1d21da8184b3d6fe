"""Scanning near a keyword finds what scanning the whole text finds, on real documents."""

from pathlib import Path

import pytest

from pipeline.structure import fields, goals
from pipeline.structure import organisation as org
from pipeline.structure.scan import Near, hits, windows

from .conftest import seed_path

HERE = Path(__file__).parent
# every pattern the structure stage searches near a keyword, as the stage holds it
NEARS = list(
    {
        id(n): n
        for n in [v for mod in (org, fields, goals) for v in vars(mod).values() if isinstance(v, Near)]
        + [near for near, _ in fields._REGION_PATTERNS]
        + [near for _, near in goals.SENTENCES]
    }.values()
)
TEXTS = (
    [seed_path(p) for p in ("000", "001", "002", "003", "004")]
    + sorted((HERE / "fixtures" / "own").glob("*.txt"))
    + sorted((HERE / "gold" / "dev").glob("*.txt"))
)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_near_scans_find_every_match_of_a_full_scan(path):
    raw = path.read_text("utf-8")
    for text in (raw, " ".join(raw.split())):
        for scan in NEARS:
            full = [(m.span(), m.group()) for m in scan.pattern.finditer(text)]
            near = [(m.span(), m.group()) for m in scan.finditer(text)]
            assert near == full, scan.pattern.pattern


def test_the_scans_find_units_and_regions_in_the_seeds_and_own_documents():
    texts = [" ".join(p.read_text("utf-8").split()) for p in TEXTS if "gold" not in p.parts]
    assert sum(1 for text in texts for scan in NEARS for _ in scan.finditer(text)) > 20


def test_hits_are_every_occurrence_in_any_case_when_folded():
    text = "Styringsgruppa og arbeidsgruppene; GRUPPE"
    assert hits(text, ("grupp",), fold=True) == [(8, 13), (25, 30), (35, 40)]
    assert hits(text, ("grupp",)) == [(8, 13), (25, 30)]
    assert hits(text, ("Styring", "gruppa")) == [(0, 7), (8, 14)]
    # a letter whose lower case is longer ('İ') does not shift the positions
    assert hits("İ mål og MÅL", ("mål",), fold=True) == [(2, 5), (9, 12)]


def test_windows_do_not_cut_words_and_merge_when_they_touch():
    text = "aaa bbb KEY ccc ddd eee fff KEY ggg"
    spans = windows(text, ("KEY",), before=2, after=2)
    assert [text[lo:hi] for lo, hi in spans] == ["bbb KEY ccc", "fff KEY ggg"]
    assert windows(text, ("KEY",), before=9, after=9) == [(0, len(text))]
    assert windows("no keyword here", ("KEY",), 5, 5) == []


def test_a_lead_keeps_only_the_hits_it_ends_right_before():
    import re

    text = "Styringsgruppa møtest kvar veke. Rådet er styringsgruppe. Arbeidsgruppa er ei styringsgruppe."
    lead = re.compile(r"\ser\s+(?:ei\s+)?$")
    spans = windows(text, ("styringsgrupp", "Styringsgrupp"), before=0, after=0, lead=lead)
    assert [text[lo:hi] for lo, hi in spans] == ["styringsgruppe.", "styringsgruppe."]
    assert [lo for lo, _ in spans] == [m.start() for m in re.finditer("styringsgruppe", text)]
