import pytest

from pipeline.records import Extracted, Line
from pipeline.segment import heading_kind, segment

from .conftest import gold, seed_path
from .helpers import from_text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_sections_match_gold(prefix):
    doc = from_text(seed_path(prefix).read_text("utf-8"))
    got = [(s.kind, s.heading) for s in segment(doc) if s.kind != "other"]
    assert got == [(s["kind"], s["heading"]) for s in gold(prefix)["sections"]]


def test_every_line_belongs_to_exactly_one_section_and_preamble_has_no_heading():
    doc = from_text(seed_path("000").read_text("utf-8"))
    sections = segment(doc)
    assert sections[0].heading is None
    assert sum(len(s.lines) for s in sections) + sum(1 for s in sections if s.heading) == len(doc.lines)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Vurdering av framdrifta i arbeidet", "progress"),
        ("Skildring av aktivitetane fram til no", "activities"),
        ("Organisering av prosjektet", "organisation"),
        ("Avvik frå prosjektplanen", "deviations"),
        ("Hovudmål og delmål", "goals"),
        ("Vurdering av framdriZen", "progress"),  # a broken glyph
        ("Beskrivelse av aktivitetne", "activities"),  # a typo
        ("Samarbeid med Hardanger", "other"),
        ("Vik", "other"),
        ("Målgrupper", "other"),
        ("Arbeidet i styringsgruppa", "activities"),
        ("Arbeidet følger planen", "other"),  # "arbeidet i" is one letter off, but "følger" goes on
    ],
)
def test_heading_lexicon_is_fuzzy_in_both_varieties(heading, kind):
    assert heading_kind(heading)[0] == kind


def test_nynorsk_report_template_is_segmented():
    text = """Rapportering pr. 1. mars 2017

Sunnfjordregionen

Organisatoriske endringar i høve til prosjektplanen
Styringsgruppa er uendra.

Presisering av mål for prosjektet
Hovudmål: Auke samhandlinga mellom kommunane.

Skildring av aktivitetane fram til no
Vi har halde tre verkstader.

Vurdering av framdrifta i arbeidet
Framdrifta er i tråd med planen.
"""
    kinds = [s.kind for s in segment(from_text(text)) if s.kind != "other"]
    assert kinds == ["organisation", "goals", "activities", "progress"]


def test_layout_headings_start_sections_and_bold_body_lines_do_not():
    lines = (
        Line("Årsrapport 2019", page=1, size=18, bold=True, block=1),
        Line("Organisering", page=1, size=13, bold=True, block=2),
        Line("Styringsgruppa", page=1, size=10, bold=True, block=3),
        Line(
            "Styringsgruppa møtest fire gonger i året og har ansvaret for prosjektet.",
            page=1,
            size=10,
            block=3,
        ),
        Line("Mål og tiltak", page=2, size=13, bold=True, block=4),
        Line("Hovudmål: Fleire arbeidsplassar i regionen.", page=2, size=10, block=5),
    )
    sections = segment(Extracted(lines=lines, n_pages=2, layout=True))
    assert [(s.kind, s.heading) for s in sections] == [
        ("other", "Årsrapport 2019"),
        ("organisation", "Organisering"),
        ("goals", "Mål og tiltak"),
    ]
    assert sections[1].page_start == 1 and sections[2].page_end == 2


@pytest.mark.parametrize("with_title", [True, False])
def test_a_title_below_a_running_header_is_the_title_whatever_its_words(with_title):
    head = [Line("Byregionprogrammet – Elverumregionen", page=1, size=8, block=1)]
    title = [Line("Statusrapport 2. halvår 2017", page=1, size=18, bold=True, block=2)] if with_title else []
    body = [
        Line("Mål", page=1, size=13, bold=True, block=3),
        Line("Hovedmål: Elverumregionen skal vokse.", page=1, size=10, block=4),
        Line("Framdrift", page=1, size=13, bold=True, block=5),
        Line("Prosjektet er i rute.", page=1, size=10, block=6),
    ]
    sections = segment(Extracted(lines=tuple(head + title + body), n_pages=1, layout=True))
    kinds = [(s.kind, s.heading) for s in sections if s.heading]
    expected = [("goals", "Mål"), ("progress", "Framdrift")]
    assert kinds == ([("other", "Statusrapport 2. halvår 2017")] if with_title else []) + expected
