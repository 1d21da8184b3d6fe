"""Scanning near a keyword finds what scanning the whole text finds, on the seeds."""

import re
from pathlib import Path

from pipeline.structure import fields, goals
from pipeline.structure import organisation as org
from pipeline.structure.scan import finditer_near, windows

from .conftest import seed_path

PAIRS = (
    [
        (org._PREDICATE, org._ROLE_WORD, 300, 80),
        (org._HIRED, org._HIRED_WORD, 120, 120),
        (org._POLITICAL, org._POLITICAL_WORD, 150, 100),
        (org._SECRETARIAT, org._SECRETARIAT_WORD, 150, 60),
        (org._NAMED_COUNCIL, org._COUNCIL_WORD, 20, 150),
        (org._GROUP_PHRASE, org._GROUP_WORD, 20, 150),
        (fields._COUNCIL, fields._COUNCIL_WORD, 40, 8),
    ]
    + [(p, a, b, f) for p, _, a, b, f in fields._REGION_PATTERNS]
    + [(p, a, b, f) for _, p, a, b, f in goals.SENTENCES]
)


def test_near_scans_find_every_match_of_a_full_scan():
    found = 0
    own = sorted((Path(__file__).parent / "fixtures" / "own").glob("*.txt"))
    texts = [seed_path(p).read_text("utf-8") for p in ("000", "001", "002", "003", "004")]
    for prefix, raw in enumerate(texts + [p.read_text("utf-8") for p in own]):
        text = " ".join(raw.split())
        for pattern, anchor, before, after in PAIRS:
            full = [(m.span(), m.group()) for m in pattern.finditer(text)]
            near = [(m.span(), m.group()) for m in finditer_near(pattern, text, anchor, before, after)]
            assert near == full, (prefix, pattern.pattern)
            found += len(full)
    assert found > 20  # the seeds name units and regions


def test_windows_do_not_cut_words_and_merge_when_they_touch():
    text = "aaa bbb KEY ccc ddd eee fff KEY ggg"
    spans = windows(text, re.compile("KEY"), before=2, after=2)
    assert [text[lo:hi] for lo, hi in spans] == ["bbb KEY ccc", "fff KEY ggg"]
    assert windows(text, re.compile("KEY"), before=9, after=9) == [(0, len(text))]
    assert windows("no keyword here", re.compile("KEY"), 5, 5) == []
