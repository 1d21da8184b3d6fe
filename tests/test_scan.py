"""Scanning near a keyword finds what scanning the whole text finds, on the seeds."""

import re
from pathlib import Path

from pipeline.structure import fields, goals
from pipeline.structure import organisation as org
from pipeline.structure.scan import Near, windows

from .conftest import seed_path

# every pattern the structure stage searches near a keyword, as the stage holds it
NEARS = (
    [v for v in vars(org).values() if isinstance(v, Near)]
    + [fields._COUNCIL]
    + [near for near, _ in fields._REGION_PATTERNS]
    + [near for _, near in goals.SENTENCES]
)


def test_near_scans_find_every_match_of_a_full_scan():
    found = 0
    own = sorted((Path(__file__).parent / "fixtures" / "own").glob("*.txt"))
    texts = [seed_path(p).read_text("utf-8") for p in ("000", "001", "002", "003", "004")]
    for prefix, raw in enumerate(texts + [p.read_text("utf-8") for p in own]):
        text = " ".join(raw.split())
        for scan in NEARS:
            full = [(m.span(), m.group()) for m in scan.pattern.finditer(text)]
            near = [(m.span(), m.group()) for m in scan.finditer(text)]
            assert near == full, (prefix, scan.pattern.pattern)
            found += len(full)
    assert found > 20  # the seeds name units and regions


def test_windows_do_not_cut_words_and_merge_when_they_touch():
    text = "aaa bbb KEY ccc ddd eee fff KEY ggg"
    spans = windows(text, re.compile("KEY"), before=2, after=2)
    assert [text[lo:hi] for lo, hi in spans] == ["bbb KEY ccc", "fff KEY ggg"]
    assert windows(text, re.compile("KEY"), before=9, after=9) == [(0, len(text))]
    assert windows("no keyword here", re.compile("KEY"), 5, 5) == []
