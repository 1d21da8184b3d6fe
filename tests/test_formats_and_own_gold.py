"""PPTX, DOCX and HTML as first-class inputs, and the project's own gold beyond the seeds."""

import json
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.discover import discover
from pipeline.extract import ExtractError, extract
from pipeline.repair import repair
from pipeline.run import ingest
from pipeline.segment import segment
from pipeline.structure import structure
from pipeline.structure.progress import assess_progress

from .conftest import GOLD, ROOT, SAMPLE
from .helpers import (
    extract_file,
    from_text,
    goal_tree,
    numbered,
    vocabulary,
    word_numbering,
    word_table,
    write_deck,
)

OWN = ROOT / "tests" / "fixtures" / "own"
OFFICE = ROOT / "tests" / "fixtures" / "office"


def _structured(path):
    doc = repair(extract_file(path))
    return doc, structure(doc, segment(doc))


def _written(path, text: str):
    """``text`` written to ``path`` (a web page, a text), then read as :func:`_structured` does."""
    path.write_text(text, "utf-8")
    return _structured(path)


def test_deck_as_pdf_and_as_pptx_give_the_same_sections_and_goals():
    _, pdf = _structured(SAMPLE / "004_c3543cb0ec9d5fb3.pdf")
    doc, pptx = _structured(OFFICE / "004_c3543cb0ec9d5fb3.pptx")
    assert doc.slides and doc.n_pages == 12
    assert [(s.kind, s.heading) for s in pdf.sections if s.kind != "other"] == [
        (s.kind, s.heading) for s in pptx.sections if s.kind != "other"
    ]
    assert [(g.level, g.label, g.text) for g in pdf.goals] == [(g.level, g.label, g.text) for g in pptx.goals]


def test_pptx_titles_tables_and_notes():
    doc, st = _structured(OWN / "105_voss_samling.pptx")
    titles = [ln.text for ln in doc.lines if ln.heading == 1]
    assert titles[:3] == ["Byregionprogrammet – Vossaregionen", "Kvifor er vi med?", "Mål og tiltak"]
    assert "Styringsgruppe" in [ln.text for ln in doc.lines] and "• Under etablering" in [
        ln.text for ln in doc.lines
    ]
    assert doc.notes == ("[3] Tiltaka vart vedtekne i styringsgruppa i mai.",)
    assert all("vedtekne i styringsgruppa" not in ln.text for ln in doc.lines)  # notes kept apart
    assert st.doc_type == "slides" and st.progress[0] == "delayed"


def test_docx_heading_styles_numbering_and_tables():
    doc, st = _structured(OWN / "104_gjovik_strategi.docx")
    headings = [ln.text for ln in doc.lines if ln.heading]
    assert headings == [
        "Strategisk plan for Gjøvikregionen 2018–2021",
        "Bakgrunn",
        "Mål og strategier",
        "Organisering",
        "Status",
    ]
    texts = [ln.text for ln in doc.lines]
    assert "1. Næring og kompetanse (etablert)" in texts and "2. Samferdsel (under etablering)" in texts
    assert "• Tiltak 1.1: Etablere et felles næringsselskap for regionen." in texts
    # a table with a header of column names: the first column's name leads its rows in
    k = texts.index("Område:")
    assert texts[k : k + 3] == ["Område:", "• Næring – I rute", "• Samferdsel – Forsinket"]


def test_a_status_table_reads_the_same_in_word_slides_web_pages_and_text(tmp_path):
    """'Tiltak | Status' over a row per measure: the measures with their status, whether
    the table is a Word table, a slide's table, a web page's or typed with TABs."""
    import docx
    from pptx import Presentation
    from pptx.util import Inches

    rows = [
        ("Tiltak", "Status"),
        ("Etablere eit felles destinasjonsselskap", "Gjennomført"),
        ("Utvikle nye vinterprodukt for turistar", "Pågår"),
        ("Kartlegge behovet for sesongarbeidarar", "Utsett til 2019"),
    ]
    d = docx.Document()
    d.add_heading("Statusrapport 2018", 1)
    d.add_heading("Mål og tiltak", 2)
    d.add_paragraph("Delmål 1: Fleire arbeidsplassar i reiselivet")
    table = d.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.save(tmp_path / "status.docx")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Delmål 1: Fleire arbeidsplassar i reiselivet"
    shape = slide.shapes.add_table(len(rows), 2, Inches(0.5), Inches(1.5), Inches(9), Inches(3))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            shape.table.cell(r, c).text = value
    prs.save(tmp_path / "status.pptx")
    (tmp_path / "status.txt").write_text(
        "Statusrapport 2018\n\nMål og tiltak\n\nDelmål 1: Fleire arbeidsplassar i reiselivet\n"
        + "".join("\t".join(row) + "\n" for row in rows),
        "utf-8",
    )
    (tmp_path / "status.html").write_text(
        "<html><body><main><h1>Statusrapport 2018</h1><h2>Mål og tiltak</h2>"
        "<p>Delmål 1: Fleire arbeidsplassar i reiselivet</p><table>"
        + "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in rows)
        + "</table></main></body></html>",
        "utf-8",
    )
    want = {
        "Etablere eit felles destinasjonsselskap": "done",
        "Utvikle nye vinterprodukt for turistar": "on_track",
        "Kartlegge behovet for sesongarbeidarar": "delayed",
    }
    for name in ("status.docx", "status.pptx", "status.html", "status.txt"):
        _, st = _structured(tmp_path / name)
        by_ordinal = {s.goal: s.status for s in st.statuses}
        got = {g.text: by_ordinal.get(g.ordinal) for g in st.goals if g.level == "measure"}
        assert got == want, name


def _table_files(tmp_path, name: str, rows) -> list:
    """The same table under a goals heading as a Word table, a slide's table, a web page's
    and typed with TABs (an empty cell: a row that opens with a TAB)."""
    from pptx import Presentation
    from pptx.util import Inches

    word_table(tmp_path / f"{name}.docx", rows, "Mål og tiltak", "Handlingsplan for Nordhordland 2020")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Mål og tiltak"
    shape = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.5), Inches(1.5), Inches(9), Inches(4))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            shape.table.cell(r, c).text = value
    prs.save(tmp_path / f"{name}.pptx")
    (tmp_path / f"{name}.txt").write_text(
        "Handlingsplan for Nordhordland 2020\n\nMål og tiltak\n\n"
        + "".join("\t".join(row) + "\n" for row in rows),
        "utf-8",
    )
    (tmp_path / f"{name}.html").write_text(
        "<html><body><main><h1>Handlingsplan for Nordhordland 2020</h1><h2>Mål og tiltak</h2><table>"
        + "".join("<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in rows)
        + "</table></main></body></html>",
        "utf-8",
    )
    return [tmp_path / f"{name}.{ext}" for ext in ("docx", "pptx", "html", "txt")]


def _table_structures(tmp_path, name: str, rows) -> list:
    """(file, what the structure stage reads from it) for each of :func:`_table_files`."""
    return [(path, _structured(path)[1]) for path in _table_files(tmp_path, name, rows)]


def test_a_goal_matrix_reads_as_a_goal_tree_in_word_slides_web_pages_and_text(tmp_path):
    """A header that names goal levels, a column each, over rows of goals ('Delmål | Tiltak |
    Ansvar | Frist', a row's sub-goal cell left empty where the one above goes on): each
    cell its goal, numbered as it opens, under the goal of the column before; the other
    columns after the measure. Before, a row read as one measure of every cell, the
    sub-goal's text inside it."""
    rows = [
        ("Delmål", "Tiltak", "Ansvar", "Frist"),
        ("1. Auke talet på arbeidsplassar", "1.1 Etablere eit regionalt næringsfond", "Regionrådet", "2020"),
        ("", "1.2 Styrke samarbeidet med dei vidaregåande skulane", "Kommunane", "2021"),
        ("2. Betre samferdsla", "2.1 Arbeide for ny bru over Osterfjorden", "Regionrådet", "2022"),
    ]
    want = [
        ("sub_goal", "1", "Auke talet på arbeidsplassar", None),
        ("measure", "1.1", "Etablere eit regionalt næringsfond – Regionrådet – 2020", "1"),
        ("measure", "1.2", "Styrke samarbeidet med dei vidaregåande skulane – Kommunane – 2021", "1"),
        ("sub_goal", "2", "Betre samferdsla", None),
        ("measure", "2.1", "Arbeide for ny bru over Osterfjorden – Regionrådet – 2022", "2"),
    ]
    for path, st in _table_structures(tmp_path, "matrise", rows):
        got = goal_tree(st)
        assert got == want, path.name
    # three levels, no numbers, a status column: the tree from the columns, the status read
    rows = [
        ("Hovudmål", "Innsatsområde", "Tiltak", "Status"),
        ("Vekst i folketalet", "Fleire arbeidsplassar", "Etablere eit næringsfond", "Gjennomført"),
        ("", "", "Gründerkurs for ungdom", "Pågår"),
        ("", "Betre samferdsel", "Ny bru over fjorden", "Utsett"),
    ]
    for path, st in _table_structures(tmp_path, "tre", rows):
        goals = st.goals
        assert [(g.level, g.text) for g in goals] == [
            ("main_goal", "Vekst i folketalet"),
            ("sub_goal", "Fleire arbeidsplassar"),
            ("measure", "Etablere eit næringsfond"),
            ("measure", "Gründerkurs for ungdom"),
            ("sub_goal", "Betre samferdsel"),
            ("measure", "Ny bru over fjorden"),
        ], path.name
        assert [goals[g.parent].text for g in goals if g.level == "measure"] == [
            "Fleire arbeidsplassar",
            "Fleire arbeidsplassar",
            "Betre samferdsel",
        ], path.name
        status = {goals[s.goal].text: s.status for s in st.statuses}
        assert status == {
            "Etablere eit næringsfond": "done",
            "Gründerkurs for ungdom": "on_track",
            "Ny bru over fjorden": "delayed",
        }, path.name


def test_a_goal_matrix_whose_other_columns_have_titles_of_several_words(tmp_path):
    """Beside the goal columns, a column's title may be a few words ('Ansvarleg eining i
    kommunen', 'Status per desember'): the table is still a goal matrix (it read as two
    measures named after those titles before)."""
    rows = [
        ("Innsatsområde", "Tiltak", "Ansvarleg eining i kommunen", "Status per desember"),
        ("Næringsutvikling", "Etablere eit regionalt næringsfond", "Regionrådet", "Pågår"),
        ("", "Gründerkurs for unge i alle kommunane", "Kommunane", "Gjennomført"),
        ("Samferdsel", "Ny bru over fjorden", "Fylkeskommunen", "Utsett"),
    ]
    for path, st in _table_structures(tmp_path, "titlar", rows):
        goals = st.goals
        assert [(g.level, g.text) for g in goals] == [
            ("sub_goal", "Næringsutvikling"),
            ("measure", "Etablere eit regionalt næringsfond – Regionrådet"),
            ("measure", "Gründerkurs for unge i alle kommunane – Kommunane"),
            ("sub_goal", "Samferdsel"),
            ("measure", "Ny bru over fjorden – Fylkeskommunen"),
        ], path.name
        assert [s.status for s in st.statuses] == ["on_track", "done", "delayed"], path.name
    # and after a first column that names a goal level, a status table's titles too
    rows = [
        ("Tiltak", "Ansvarleg eining i kommunen", "Status per desember"),
        ("Etablere eit regionalt næringsfond", "Regionrådet", "Pågår"),
        ("Gründerkurs for unge i alle kommunane", "Kommunane", "Gjennomført"),
        ("Ny bru over fjorden", "Fylkeskommunen", "Utsett"),
    ]
    for path, st in _table_structures(tmp_path, "status", rows):
        assert [(g.level, g.text) for g in st.goals] == [
            ("measure", "Etablere eit regionalt næringsfond – Regionrådet"),
            ("measure", "Gründerkurs for unge i alle kommunane – Kommunane"),
            ("measure", "Ny bru over fjorden – Fylkeskommunen"),
        ], path.name
        assert [s.status for s in st.statuses] == ["on_track", "done", "delayed"], path.name


def test_a_column_of_numbers_numbers_the_goals_beside_it(tmp_path):
    """'Nr. | Delmål | Tiltak | Ansvar' over '1.1 | | Etablere ... | ...': the number is the
    goal's number (it stood after the measure's text as another column, ' – 1.1', before),
    and in a 'Nr. | Tiltak | Status' table each measure is numbered with its status read."""
    rows = [
        ("Nr.", "Delmål", "Tiltak", "Ansvar"),
        ("1", "Auke talet på arbeidsplassar", "", ""),
        ("1.1", "", "Etablere eit regionalt næringsfond", "Regionrådet"),
        ("1.2", "", "Styrke samarbeidet med skulane", "Kommunane"),
        ("2", "Betre samferdsla", "", ""),
        ("2.1", "", "Ny bru over fjorden", "Fylket"),
    ]
    for path, st in _table_structures(tmp_path, "nr", rows):
        got = goal_tree(st)
        assert got == [
            ("sub_goal", "1", "Auke talet på arbeidsplassar", None),
            ("measure", "1.1", "Etablere eit regionalt næringsfond – Regionrådet", "1"),
            ("measure", "1.2", "Styrke samarbeidet med skulane – Kommunane", "1"),
            ("sub_goal", "2", "Betre samferdsla", None),
            ("measure", "2.1", "Ny bru over fjorden – Fylket", "2"),
        ], path.name
    rows = [
        ("Nr.", "Tiltak", "Status"),
        ("1", "Etablere eit regionalt næringsfond", "Pågår"),
        ("2", "Gründerkurs for unge i alle kommunane", "Gjennomført"),
        ("3", "Ny bru over fjorden", "Utsett"),
    ]
    for path, st in _table_structures(tmp_path, "nrstatus", rows):
        assert [(g.level, g.number, g.text) for g in st.goals] == [
            ("measure", "1", "Etablere eit regionalt næringsfond"),
            ("measure", "2", "Gründerkurs for unge i alle kommunane"),
            ("measure", "3", "Ny bru over fjorden"),
        ], path.name
        assert [s.status for s in st.statuses] == ["on_track", "done", "delayed"], path.name


def test_a_traffic_light_status_column_gives_each_measure_its_status(tmp_path):
    """'Tiltak | Ansvar | Status' over 'Grønn', 'Gul', 'Raud': green is on track, yellow and
    red behind plan; a colour in a measure's own words ('Grønn omstilling') is no status. A
    TAB-typed table of such short cells under a header led by a goal level is a table."""
    rows = [
        ("Tiltak", "Ansvar", "Status"),
        ("Etablere eit regionalt næringsfond", "Regionrådet", "Grønn"),
        ("Gründerkurs for unge i alle kommunane", "Kommunane", "Gul"),
        ("Ny bru over fjorden", "Fylket", "Raud"),
        ("Grønn omstilling i næringslivet", "Næringshagen", ""),
    ]
    for path, st in _table_structures(tmp_path, "lys", rows):
        goals = st.goals
        assert [g.text for g in goals] == [
            "Etablere eit regionalt næringsfond – Regionrådet",
            "Gründerkurs for unge i alle kommunane – Kommunane",
            "Ny bru over fjorden – Fylket",
            "Grønn omstilling i næringslivet – Næringshagen",
        ], path.name
        assert {goals[s.goal].text[:12]: s.status for s in st.statuses} == {
            "Etablere eit": "on_track",
            "Gründerkurs ": "delayed",
            "Ny bru over ": "delayed",
        }, path.name


def test_a_word_goal_matrix_with_merged_cells_names_each_goal_once(tmp_path):
    """In Word a matrix's sub-goal cell is often merged down over its measures' rows, and a
    heading row merged across the columns; python-docx gives a merged cell's text in every
    row and column it covers, so each measure came with a copy of its sub-goal. The cell is
    read once, where it begins, as a web page's rowspan is."""
    import docx

    rows = [
        ("Delmål", "Tiltak", "Ansvar"),
        ("1. Auke talet på arbeidsplassar", "1.1 Etablere eit regionalt næringsfond", "Regionrådet"),
        ("", "1.2 Styrke samarbeidet med skulane", "Kommunane"),
        ("2. Betre samferdsla", "2.1 Ny bru over Osterfjorden", "Fylket"),
        ("", "2.2 Betre busstilbod på kveldstid", "Skyss"),
    ]
    d = docx.Document()
    d.add_heading("Handlingsplan 2020", 1)
    d.add_heading("Mål og tiltak", 2)
    table = d.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 0).merge(table.cell(4, 0))
    d.save(tmp_path / "merged.docx")
    page = "".join(
        "<tr>"
        + "".join(
            f"<td{' rowspan=2' if r in (1, 3) and c == 0 else ''}>{v}</td>" for c, v in enumerate(row) if v
        )
        + "</tr>"
        for r, row in enumerate(rows)
    )
    (tmp_path / "merged.html").write_text(
        f"<html><body><main><h1>Handlingsplan 2020</h1><h2>Mål og tiltak</h2><table>{page}</table></main></body></html>",
        "utf-8",
    )
    want = [
        ("sub_goal", "1", "Auke talet på arbeidsplassar"),
        ("measure", "1.1", "Etablere eit regionalt næringsfond – Regionrådet"),
        ("measure", "1.2", "Styrke samarbeidet med skulane – Kommunane"),
        ("sub_goal", "2", "Betre samferdsla"),
        ("measure", "2.1", "Ny bru over Osterfjorden – Fylket"),
        ("measure", "2.2", "Betre busstilbod på kveldstid – Skyss"),
    ]
    for name in ("merged.docx", "merged.html"):
        _, st = _structured(tmp_path / name)
        assert [(g.level, g.number, g.text) for g in st.goals] == want, name


def test_html_main_content_only():
    doc, st = _structured(OWN / "103_kongsberg_nettside.html")
    text = " ".join(ln.text for ln in doc.lines)
    for junk in ("Godta alle", "informasjonskapsler", "Sentralbord", "Tjenester", "dataLayer"):
        assert junk not in text
    assert [ln.text for ln in doc.lines if ln.heading][:2] == [
        "Byregionprogrammet i Kongsbergregionen - Kongsberg kommune",
        "Byregionprogrammet i Kongsbergregionen",
    ] or "Om prosjektet" in [ln.text for ln in doc.lines if ln.heading]
    assert st.doc_type == "news" and st.region == "Kongsbergregionen"


def test_web_page_goal_lists_under_subheadings_and_a_body_said_to_be_the_steering_group(tmp_path):
    _, st = _written(
        tmp_path / "side.html",
        "<html><body><nav><ul><li>Hjem</li><li>Kontakt</li></ul></nav><main>"
        "<h1>Byregionprogrammet i Ringeriksregionen</h1><p>Publisert 5. oktober 2018</p>"
        "<h2>Mål</h2><p><strong>Hovedmål:</strong> Regionen skal bli en attraktiv bo- og arbeidsregion.</p>"
        "<h3>Delmål</h3><ol><li>Øke antall arbeidsplasser.</li><li>Bedre samarbeidet med Oslo.</li></ol>"
        "<h2>Tiltak</h2><ul><li>Etablere et felles næringsapparat.</li><li>Utrede ny jernbane.</li></ul>"
        "<h2>Organisering</h2><p>Regionrådet er styringsgruppe. Det er ansatt prosjektleder.</p>"
        "</main></body></html>",
    )
    assert [(g.level, g.label, g.text) for g in st.goals] == [
        ("main_goal", "Hovedmål", "Regionen skal bli en attraktiv bo- og arbeidsregion."),
        ("sub_goal", "Delmål", "Øke antall arbeidsplasser."),
        ("sub_goal", "Delmål", "Bedre samarbeidet med Oslo."),
        ("measure", "Tiltak", "Etablere et felles næringsapparat."),
        ("measure", "Tiltak", "Utrede ny jernbane."),
    ]
    assert {(u.name, u.kind) for u in st.units} == {
        ("Regionrådet", "steering_group"),
        ("prosjektleder", "project_management"),
    }


def test_content_placeholder_paragraphs_are_bullets_and_slide_titles_head_goal_lists(tmp_path):
    write_deck(
        tmp_path / "samling.pptx",
        [
            ("Byregionprogrammet Haugalandet", []),
            ("Tiltak", ["Etablere næringsfond", "Utrede kollektivtilbud"]),
            ("Organisering", ["Regionrådet er styringsgruppe", "Arbeidsgruppe for næring (etablert)"]),
            ("Status", ["Arbeidet følger planen"]),
        ],
    )
    doc, st = _structured(tmp_path / "samling.pptx")
    assert "• Etablere næringsfond" in [ln.text for ln in doc.lines]
    assert [(g.level, g.text) for g in st.goals] == [
        ("measure", "Etablere næringsfond"),
        ("measure", "Utrede kollektivtilbud"),
    ]
    assert {(u.name, u.kind, u.status) for u in st.units} == {
        ("Regionrådet", "steering_group", None),
        ("Arbeidsgruppe for næring", "working_group", "established"),
    }
    # a section headed by no known kind that lists goals is a goals section (the dev corpus's rule)
    assert [(s.kind, s.heading) for s in st.sections if s.heading] == [
        ("goals", "Tiltak"),
        ("organisation", "Organisering"),
        ("progress", "Status"),
    ]
    assert st.progress == ("on_track", "Arbeidet følger planen")


def test_own_gold_scores(tmp_path):
    root = tmp_path / "raw"
    shutil.copytree(OWN, root / "own")
    db = tmp_path / "w.duckdb"
    ingest(root, db, workers=1)
    result = CliRunner().invoke(main, ["eval", str(GOLD / "own"), "-w", str(db), "--json"])
    report = json.loads(result.output)
    print(json.dumps({k: v["f1"] for k, v in report["fields"].items()}))
    assert report["documents"] == 8
    assert report["fields"]["goals_soft"]["f1"] >= 0.9
    assert report["fields"]["sections"]["f1"] >= 0.9
    assert report["fields"]["organisation_units"]["f1"] >= 0.8
    assert report["accuracy"]["region"]["accuracy"] == 1.0


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Framdriften er noe forsinket pga prosess med ansettelse av prosjektleder. Framdriften fra november har vært god.",
            "delayed",
        ),
        ("Framdrifta er i tråd med planen.", "on_track"),
        ("Arbeidet er forseinka med tre månader.", "delayed"),
        ("Prosjektet ligger foran skjema på flere områder.", "ahead"),
        ("Prosjektet ligger foran skjema, men samferdsel er forsinket.", "mixed"),
        ("Prosjektet er ikke forsinket.", "on_track"),
        ("Vi har hatt mange møter i høst.", "unknown"),
    ],
)
def test_progress_assessment(text, status):
    sections = segment(from_text("Rapport\n\nVurdering av framdriften i arbeidet\n" + text + "\n"))
    got, evidence = assess_progress(sections)
    assert got == status
    assert (evidence is None) == (status == "unknown")


def test_without_a_progress_section_the_deviations_decide():
    sections = segment(from_text("Rapport\n\nAvvik fra plan\nArbeidet er forsinket med tre måneder.\n"))
    assert assess_progress(sections) == ("delayed", "Arbeidet er forsinket med tre måneder.")


def test_a_progress_cue_is_one_row_of_the_vocabulary(monkeypatch):
    """The cues are data (progress_cues.tsv): a row adds one; a kind a row names must be a
    status a cue can state, or the topic."""
    from pipeline import lexicon

    sections = segment(
        from_text("Rapport\n\nVurdering av framdriften i arbeidet\nArbeidet går på skinner.\n")
    )
    assert assess_progress(sections)[0] == "unknown"
    with vocabulary(
        monkeypatch, "progress_cues.tsv", [(999, ["on_track", "på skinner"])], lexicon.progress_cues
    ):
        assert assess_progress(sections) == ("on_track", "Arbeidet går på skinner.")
    with vocabulary(
        monkeypatch, "progress_cues.tsv", [(1, ["mixed", "både og"])], lexicon.progress_cues, extra=False
    ):
        with pytest.raises(lexicon.LexiconError, match="progress_cues.tsv line 1"):
            assess_progress(sections)


def _docx_with_label_numbering(path, items):
    """A Word file whose list style prints 'Delmål %1:' before each item (auto-numbered),
    made as Word stores it: an abstractNum with a lvlText, a num, and numPr on each paragraph."""
    import docx

    d = docx.Document()
    word_numbering(d, 90, [("decimal", "Delmål %1:"), ("decimal", "Tiltak %1.%2")])
    d.add_heading("Mål og tiltak", level=1)
    for level, text in items:
        numbered(d.add_paragraph(text)._p, 90, level)
    d.save(path)


def test_docx_list_style_that_prints_the_goal_label(tmp_path):
    _docx_with_label_numbering(
        tmp_path / "plan.docx",
        [
            (0, "Flere arbeidsplasser i regionen."),
            (1, "Etablere et næringsfond."),
            (1, "Styrke gründerarbeidet."),
            (0, "Bedre kollektivtilbud."),
            (1, "Samordne rutetidene."),
        ],
    )
    doc, st = _structured(tmp_path / "plan.docx")
    assert "Delmål 1: Flere arbeidsplasser i regionen." in [ln.text for ln in doc.lines]
    got = goal_tree(st)
    assert got == [
        ("sub_goal", "1", "Flere arbeidsplasser i regionen.", None),
        ("measure", "1.1", "Etablere et næringsfond.", "1"),
        ("measure", "1.2", "Styrke gründerarbeidet.", "1"),
        ("sub_goal", "2", "Bedre kollektivtilbud.", None),
        ("measure", "2.1", "Samordne rutetidene.", "2"),
    ]


def test_slide_titles_with_a_goal_label_and_a_year_head_their_items(tmp_path):
    write_deck(
        tmp_path / "deck.pptx",
        [
            ("Byregionprogrammet Indre Østfold", []),
            ("MÅL", ["Indre Østfold skal ha 2000 nye arbeidsplasser innen 2025."]),
            ("Tiltak 2022", ["Etablere næringshage i Askim", "Felles tomtestrategi", "Rekruttere gründere"]),
        ],
    )
    _, st = _structured(tmp_path / "deck.pptx")
    got = [(g.level, g.text) for g in st.goals]
    assert got == [
        ("main_goal", "Indre Østfold skal ha 2000 nye arbeidsplasser innen 2025."),
        ("measure", "Etablere næringshage i Askim"),
        ("measure", "Felles tomtestrategi"),
        ("measure", "Rekruttere gründere"),
    ]


def test_a_hidden_slide_is_not_read(tmp_path):
    """A slide hidden in PowerPoint (kept as a spare: an old goal, a draft) is neither shown
    nor exported to the deck's PDF: its text is no goal; the slides after it keep their
    numbers. A deck whose every slide is hidden fails with the reason."""
    from pptx import Presentation

    write_deck(
        tmp_path / "deck.pptx",
        [
            ("Byregionprogrammet Indre Østfold", []),
            ("Tiltak 2021", ["Byggje ny fotballhall", "Ny ferjekai"]),
            ("Tiltak 2022", ["Etablere næringshage i Askim", "Felles tomtestrategi"]),
        ],
    )
    prs = Presentation(tmp_path / "deck.pptx")
    prs.slides[1].element.set("show", "0")
    prs.save(tmp_path / "deck.pptx")
    doc, st = _structured(tmp_path / "deck.pptx")
    assert "fotballhall" not in " ".join(ln.text for ln in doc.lines)
    assert [(g.level, g.text, g.page) for g in st.goals] == [
        ("measure", "Etablere næringshage i Askim", 3),
        ("measure", "Felles tomtestrategi", 3),
    ]
    for slide in prs.slides:
        slide.element.set("show", "false")
    prs.save(tmp_path / "hidden.pptx")
    with pytest.raises(ExtractError, match="every slide of the deck is hidden"):
        extract_file(tmp_path / "hidden.pptx")


def test_slide_text_struck_through_is_left_out_and_a_line_break_wraps(tmp_path):
    """On a slide, a measure crossed out with strikethrough is withdrawn (in the body and in
    a table's row); a line break inside an item wraps its text (its words were glued)."""
    from pptx import Presentation
    from pptx.util import Inches

    items = ["Etablere næringshage i Askim", "Byggje ny fotballhall", "Felles\vtomtestrategi"]
    write_deck(tmp_path / "deck.pptx", [("Byregionprogrammet Indre Østfold", []), ("Tiltak 2022", items)])
    prs = Presentation(tmp_path / "deck.pptx")
    slide = prs.slides[1]
    slide.placeholders[1].text_frame.paragraphs[1].runs[0]._r.get_or_add_rPr().set("strike", "sngStrike")
    table = slide.shapes.add_table(4, 2, Inches(1), Inches(5), Inches(6), Inches(1)).table
    rows = [
        ("Tiltak", "Status"),
        ("Rekruttere gründere", "I rute"),
        ("Ny ferjekai", "Stoppa"),
        ("Kurs for gründere", "Ferdig"),
    ]
    for r, (a, b) in enumerate(rows):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    for c in (0, 1):  # the whole row struck through
        table.cell(2, c).text_frame.paragraphs[0].runs[0]._r.get_or_add_rPr().set("strike", "dblStrike")
    prs.save(tmp_path / "deck.pptx")
    doc, st = _structured(tmp_path / "deck.pptx")
    text = " ".join(ln.text for ln in doc.lines)
    assert "fotballhall" not in text and "ferjekai" not in text and "Stoppa" not in text
    assert [(g.level, g.text) for g in st.goals] == [
        ("measure", "Etablere næringshage i Askim"),
        ("measure", "Felles tomtestrategi"),
        ("measure", "Rekruttere gründere"),
        ("measure", "Kurs for gründere"),
    ]


def test_decks_and_documents_without_text_say_what_to_do(tmp_path):
    import io

    from PIL import Image
    from pptx import Presentation
    from pptx.util import Inches

    from pipeline.extract import ExtractError

    batch = tmp_path / "b"
    batch.mkdir()
    Presentation().save(batch / "empty.pptx")
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(picture, "PNG")
    slide.shapes.add_picture(io.BytesIO(picture.getvalue()), Inches(1), Inches(1))
    deck.save(batch / "pictures.pptx")
    import docx

    letter = docx.Document()
    letter.add_picture(io.BytesIO(picture.getvalue()))
    letter.save(batch / "scanned letter.docx")
    said = {}
    for src in discover(batch):
        with pytest.raises(ExtractError) as caught:
            extract(src)
        said[src.file_name] = str(caught.value)
    assert said["empty.pptx"] == "the deck has no slides: nothing to read"
    # the tool OCRs PDFs, not decks: the way there is the deck's PDF export
    assert "export the deck as a PDF" in said["pictures.pptx"] and "OCR" in said["pictures.pptx"]
    assert "save it as a PDF, which is OCR'd" in said["scanned letter.docx"]


def test_web_page_lists_keep_their_printed_numbers_and_their_sub_items_apart(tmp_path):
    doc, st = _written(
        tmp_path / "plan.html",
        "<html><body><main><h1>Strategi for Vestlandsregionen</h1>"
        "<p>Strategien gjelder for de fire neste årene i regionen vår.</p><h2>Delmål</h2>"
        "<ol><li>Flere arbeidsplasser i privat sektor<ul><li>Etablere et næringsfond</li>"
        "<li>Styrke gründerarbeidet</li></ul></li><li>Bedre kollektivtilbud mellom kommunene</li></ol>"
        "<h3>Tiltak</h3><ul><li>Utvide rutetilbudet</li></ul></main></body></html>",
    )
    # what a browser prints: the numbers of a numbered list, a sub-list's items on lines of
    # their own (an item's text once, not run together with its sub-items')
    assert [ln.text for ln in doc.lines][3:7] == [
        "1. Flere arbeidsplasser i privat sektor",
        "◦ Etablere et næringsfond",
        "◦ Styrke gründerarbeidet",
        "2. Bedre kollektivtilbud mellom kommunene",
    ]
    goals = [(g.level, g.number, g.label, g.text) for g in st.goals]
    assert ("sub_goal", "1", "Delmål", "Flere arbeidsplasser i privat sektor") in goals
    assert ("sub_goal", "2", "Delmål", "Bedre kollektivtilbud mellom kommunene") in goals
    # a goal label on its own line labels the items below it
    assert goals[-1] == ("measure", None, "Tiltak", "Utvide rutetilbudet")


def test_a_break_inside_a_web_page_list_item_or_table_cell_wraps_its_text(tmp_path):
    """A <br> inside a list item or a table cell wraps one entry's text: its words are kept
    with it and apart from each other (they were run together: 'næringsfondfor')."""
    doc, st = _written(
        tmp_path / "plan.html",
        "<html><body><main><h1>Handlingsplan for Sunnfjord</h1><p>Planen gjeld for 2022.</p><h2>Tiltak</h2>"
        "<ul><li>Tiltak 1: Etablere eit næringsfond<br>for heile regionen</li><li>Tiltak 2: Nye bussruter</li></ul>"
        "<table><tr><th>Tiltak</th><th>Status</th></tr><tr><td>Starte ein <b>gründarskule</b><br>i Førde</td>"
        "<td>Ferdig</td></tr></table></main></body></html>",
    )
    texts = [ln.text for ln in doc.lines]
    assert "• Tiltak 1: Etablere eit næringsfond for heile regionen" in texts
    assert "• Starte ein gründarskule i Førde – Ferdig" in texts
    assert ("measure", "1", "Etablere eit næringsfond for heile regionen") in [
        (g.level, g.number, g.text) for g in st.goals
    ]


def test_a_web_page_that_does_not_mark_its_article_keeps_its_goal_list(tmp_path):
    """A page of plain <div>s, or laid out by a table (a menu in one cell, the article with
    its headings and lists in the next, a table of values inside it): its goal list is read
    (the reading for precision dropped it), as on a page that marks its article with <main>."""
    p1 = (
        "<p>Regionrådet arbeider for at Sunnfjord skal vere ein god stad å bu, arbeide og drive næring i. "
        "Vi samarbeider med kommunane, fylkeskommunen og næringslivet, og planen gjeld for 2021 til 2025.</p>"
    )
    p2 = (
        "<p>Planen blir rullert kvart år. Arbeidsutvalet har ansvar for å følgje opp tiltaka, og rådet får "
        "ein rapport om framdrifta kvart halvår, med vurdering av kva som er gjort og kva som står att.</p>"
    )
    article = (
        f"<h1>Strategisk plan</h1>{p1}<h2>Mål</h2>"
        "<p>Hovudmål: Sunnfjord skal vere ein attraktiv region å bu og arbeide i.</p>"
        "<ul><li>Delmål 1: Fleire arbeidsplassar i privat sektor</li><li>Delmål 2: Betre kollektivtilbod</li></ul>"
        f"<h2>Oppfølging</h2>{p2}"
    )
    menu = '<ul><li><a href="/">Heim</a></li><li><a href="/om">Om oss</a></li><li><a href="/k">Kontakt</a></li></ul>'
    status = (
        "<h2>Status</h2><table><tr><th>Tiltak</th><th>Status</th></tr>"
        "<tr><td>Nye bussruter</td><td>Ferdig</td></tr><tr><td>Næringsforum</td><td>Pågår</td></tr></table>"
    )
    pages = {
        "main.html": f"<main>{article}</main>",
        "divs.html": f"<div>{menu}</div><div>{article}</div>",
        "body.html": article,
        "table.html": f"<table><tr><td>{menu}</td><td>{article}{status}</td></tr></table>",
    }
    for name, body in pages.items():
        (tmp_path / name).write_text(
            f"<html><head><title>Strategisk plan</title></head><body>{body}</body></html>", "utf-8"
        )
    for name in pages:
        doc, st = _structured(tmp_path / name)
        texts = [ln.text for ln in doc.lines]
        assert {
            "• Delmål 1: Fleire arbeidsplassar i privat sektor",
            "• Delmål 2: Betre kollektivtilbod",
        } <= set(texts), name
        assert [(g.level, g.number) for g in st.goals][:3] == [
            ("main_goal", None),
            ("sub_goal", "1"),
            ("sub_goal", "2"),
        ], name
        assert not any("Heim" in text for text in texts), name
    doc, _ = _structured(tmp_path / "table.html")
    assert [ln.text for ln in doc.lines][-3:] == [
        "Tiltak:",
        "• Nye bussruter – Ferdig",
        "• Næringsforum – Pågår",
    ]


def test_web_page_line_breaks_and_description_lists_read_as_a_browser_shows_them(tmp_path):
    """Goals set apart by <br> in one paragraph are lines of their own (not run together),
    and a description list's terms and descriptions are lines without bullets: the labels
    'Delmål 1' / 'Delmål 2' number the goals under them and the measures find them."""
    doc, st = _written(
        tmp_path / "mal.html",
        "<html><body><main><h1>Mål for Nordfjordregionen</h1>"
        "<p>Regionrådet vedtok i 2021 desse måla for samarbeidet i regionen, som gjeld fram til 2025.</p>"
        "<dl><dt>Hovudmål</dt><dd>Nordfjord skal vere ein attraktiv region å bu og arbeide i.</dd>"
        "<dt>Delmål 1</dt><dd>Auke talet på arbeidsplassar i privat sektor.</dd>"
        "<dt>Delmål 2</dt><dd>Betre kollektivtilbodet mellom kommunane.</dd></dl>"
        "<h2>Tiltak</h2><p>Tiltak 1.1: Etablere eit næringsforum<br>Tiltak 1.2: Starte ein gründarskule"
        "<br/>Tiltak 2.1: Nye bussruter</p></main></body></html>",
    )
    assert [ln.text for ln in doc.lines][2:] == [
        "Hovudmål",
        "Nordfjord skal vere ein attraktiv region å bu og arbeide i.",
        "Delmål 1",
        "Auke talet på arbeidsplassar i privat sektor.",
        "Delmål 2",
        "Betre kollektivtilbodet mellom kommunane.",
        "Tiltak",
        "Tiltak 1.1: Etablere eit næringsforum",
        "Tiltak 1.2: Starte ein gründarskule",
        "Tiltak 2.1: Nye bussruter",
    ]
    assert goal_tree(st) == [
        ("main_goal", None, "Nordfjord skal vere ein attraktiv region å bu og arbeide i.", None),
        ("sub_goal", "1", "Auke talet på arbeidsplassar i privat sektor.", None),
        ("sub_goal", "2", "Betre kollektivtilbodet mellom kommunane.", None),
        ("measure", "1.1", "Etablere eit næringsforum", "1"),
        ("measure", "1.2", "Starte ein gründarskule", "1"),
        ("measure", "2.1", "Nye bussruter", "2"),
    ]


def test_a_web_page_leaves_out_what_a_browser_hides_or_strikes_through(tmp_path):
    """A measure struck out of the list (<del>, <s>, <strike>) is withdrawn and an element
    marked hidden is not shown: neither is a goal; the words after them in their paragraph
    stay, and so does everything else (a style that hides was left out before)."""
    _, st = _written(
        tmp_path / "plan.html",
        "<html><body><main><h1>Strategisk plan for Vossaregionen</h1><h2>Mål</h2>"
        "<p>Hovudmål: Auka busetjing i regionen.</p><ul>"
        "<li>Tiltak 1.1: Etablere eit regionalt næringsforum</li>"
        "<li><del>Tiltak 1.2: Byggje ny fotballhall</del></li><li><s>Tiltak 1.3: Felles hamneplan</s></li>"
        "<li><strike>Tiltak 1.4: Ny ferjekai</strike></li><li hidden>Tiltak 1.5: Skjult utkast</li>"
        '<li style="display: none">Tiltak 1.6: Gammalt tiltak</li>'
        "<li>Tiltak 1.7: Kartleggje <s>alle</s> ledige næringsareal</li></ul>"
        "<template><p>Tiltak 1.8: Mal</p></template>"
        '<div hidden="hidden"><p>Hovudmål: Auka busetjing i regionen.</p></div>'
        "<h2>Organisering</h2><p>Styringsgruppa består av ordførarane.</p></main></body></html>",
    )
    assert [(g.level, g.number, g.text) for g in st.goals] == [
        ("main_goal", None, "Auka busetjing i regionen."),
        ("measure", "1.1", "Etablere eit regionalt næringsforum"),
        ("measure", "1.7", "Kartleggje ledige næringsareal"),
    ]


def test_docx_text_struck_through_or_hidden_is_left_out(tmp_path):
    """A measure crossed out with strikethrough (single or double) is withdrawn, and text
    formatted as hidden is neither shown nor exported: neither is read; a word struck
    inside a measure goes and the rest of it stays; strikethrough switched off is text."""
    import docx

    d = docx.Document()
    d.add_heading("Handlingsplan 2022", 1)
    d.add_paragraph("Hovudmål: Auka busetjing i regionen.")
    d.add_paragraph("Tiltak 1.1: Etablere eit regionalt næringsforum")
    d.add_paragraph().add_run("Tiltak 1.2: Byggje ny fotballhall").font.strike = True
    d.add_paragraph().add_run("Tiltak 1.3: Felles hamneplan").font.double_strike = True
    d.add_paragraph().add_run("Tiltak 1.4: Skjult utkast").font.hidden = True
    p = d.add_paragraph("Tiltak 1.5: Kartleggje ")
    p.add_run("alle ").font.strike = True
    p.add_run("ledige næringsareal")
    d.add_paragraph().add_run("Tiltak 1.6: Nye bussruter").font.strike = False
    d.save(tmp_path / "plan.docx")
    _, st = _structured(tmp_path / "plan.docx")
    assert [(g.level, g.number, g.text) for g in st.goals] == [
        ("main_goal", None, "Auka busetjing i regionen."),
        ("measure", "1.1", "Etablere eit regionalt næringsforum"),
        ("measure", "1.5", "Kartleggje ledige næringsareal"),
        ("measure", "1.6", "Nye bussruter"),
    ]


def test_word_lists_as_its_web_page_export_and_a_plain_text_copy_print_them(tmp_path):
    """Word's round bullet is a middle dot outside a PDF: in its 'Save as web page' export
    (a span Word marks mso-list:Ignore) and in a copy of the list into plain text (then a
    TAB). Each item is a list item (before: the first read with its dot, the rest lost)."""
    item = (
        "<p class=MsoListParagraphCxSpMiddle style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>&middot;"
        "<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span>"
        "<![endif]>{}</p>"
    )
    measures = ["Etablere eit regionalt næringsforum", "Kartleggje ledige næringsareal", "Samordne rutetider"]
    (tmp_path / "plan.htm").write_text(
        "<html><head><title>Handlingsplan</title></head><body lang=NO-BOK><div class=WordSection1>"
        "<h1>Handlingsplan for Vossaregionen 2021</h1><h2>Mål</h2>"
        "<p class=MsoNormal><b>Hovudmål:</b> Auka busetjing i regionen.</p><p class=MsoNormal>Tiltak:</p>"
        + "".join(item.format(m) for m in measures)
        + "<h2>Organisering</h2><p class=MsoNormal>Styringsgruppa består av ordførarane.</p></div></body></html>",
        "utf-8",
    )
    (tmp_path / "plan.txt").write_text(
        "Handlingsplan for Vossaregionen 2021\n\nMål\n\nHovudmål: Auka busetjing i regionen.\n\nTiltak:\n"
        + "".join(f"·\t{m}\n" for m in measures),
        "utf-8",
    )
    for name in ("plan.htm", "plan.txt"):
        _, st = _structured(tmp_path / name)
        assert [(g.level, g.text) for g in st.goals] == [
            ("main_goal", "Auka busetjing i regionen."),
            *(("measure", m) for m in measures),
        ], name


def test_a_line_break_in_a_word_heading_or_item_wraps_it(tmp_path):
    """Shift+Enter inside a heading or a numbered item wraps its text: the heading is one
    heading of its kind, stored without the break (it was 'Mål og\\ntiltak')."""
    import docx

    d = docx.Document()
    d.add_heading("Handlingsplan 2022", 1)
    h = d.add_heading("Mål og", 2)
    h.add_run().add_break()
    h.add_run("tiltak")
    d.add_paragraph("Hovudmål: Auka busetjing i regionen.")
    h = d.add_heading("Organisering av", 2)
    h.add_run().add_break()
    h.add_run("arbeidet")
    d.add_paragraph("Styringsgruppa består av ordførarane.")
    d.save(tmp_path / "plan.docx")
    doc, st = _structured(tmp_path / "plan.docx")
    assert "\n" not in "".join(ln.text for ln in doc.lines)
    assert [(s.kind, s.heading) for s in st.sections] == [
        ("other", "Handlingsplan 2022"),
        ("goals", "Mål og tiltak"),
        ("organisation", "Organisering av arbeidet"),
    ]


def test_docx_bullets_print_their_level_as_word_does(tmp_path):
    """Word's bullet list: the Symbol font's bullet on the first level, a letter 'o' on the
    second; read as its PDF export is ('•', '◦')."""
    import docx

    d = docx.Document()
    word_numbering(d, 91, [("bullet", "\uf0b7"), ("bullet", "o")])
    for level, text in ((0, "Flere arbeidsplasser"), (1, "Etablere et næringsfond"), (0, "Bedre veier")):
        numbered(d.add_paragraph(text)._p, 91, level)
    d.save(tmp_path / "list.docx")
    assert [ln.text for ln in extract_file(tmp_path / "list.docx").lines] == [
        "• Flere arbeidsplasser",
        "◦ Etablere et næringsfond",
        "• Bedre veier",
    ]


def test_headings_made_by_hand_in_bold_are_headings_as_in_text(tmp_path):
    """A Word file or a web page whose headings are paragraphs set in bold (no heading style,
    no h2) has the sections the same text with its headings set apart by blank lines has."""
    import docx

    parts = [
        ("Om prosjektet", ["Prosjektet starta i 2019 og varer ut 2022."]),
        ("Resultat", ["Det er etablert eit næringsforum i regionen."]),
        ("Mål for regionen", ["• Fleire arbeidsplassar i privat sektor", "• Betre kollektivtilbod"]),
    ]
    d = docx.Document()
    d.add_heading("Rapport frå Nordfjordregionen 2020", 0)
    for heading, body in parts:
        d.add_paragraph().add_run(heading).bold = True
        for text in body:
            if text.startswith("• "):
                d.add_paragraph(text[2:], style="List Bullet")
            else:
                d.add_paragraph(text)
    d.save(tmp_path / "rapport.docx")
    (tmp_path / "rapport.txt").write_text(
        "Rapport frå Nordfjordregionen 2020\n\n"
        + "\n\n".join(heading + "\n\n" + "\n".join(body) for heading, body in parts)
        + "\n",
        "utf-8",
    )
    items = "".join(f"<li>{t[2:]}</li>" for _, body in parts for t in body if t.startswith("• "))
    (tmp_path / "rapport.html").write_text(
        "<html><body><main><h1>Rapport frå Nordfjordregionen 2020</h1>"
        + "".join(
            f"<p><strong>{heading}</strong></p>"
            + ("<ul>" + items + "</ul>" if body[0].startswith("• ") else f"<p>{body[0]}</p>")
            for heading, body in parts
        )
        + "</main></body></html>",
        "utf-8",
    )
    headed = {}
    for name in ("rapport.docx", "rapport.html", "rapport.txt"):
        _, st = _structured(tmp_path / name)
        headed[name] = [(s.heading, s.kind) for s in st.sections if s.heading]
    assert [h for h, _ in headed["rapport.docx"]][1:] == ["Om prosjektet", "Resultat", "Mål for regionen"]
    assert headed["rapport.docx"] == headed["rapport.txt"] == headed["rapport.html"]


def test_a_slide_text_box_of_short_lines_under_a_goal_title_lists_goals(tmp_path):
    """Items typed line by line in a text box (no bullets) under a slide titled with a goal
    word are each a goal of that word's level, not only the first; sentences are not items."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Byregionprogrammet Vestlandet"
    cover.placeholders[1].text = "Statusrapport 2021"
    for title, paragraphs in (
        ("Mål for regionen", ["Flere arbeidsplasser i privat sektor", "Bedre samferdsel mellom kommunene"]),
        ("Tiltak", ["Etablere næringsforum", "Bygge ny veg over fjellet", "Felles rekrutteringsportal"]),
        ("Visjon", ["Vestlandet skal vokse.", "Det krever at alle kommunene samarbeider."]),
    ):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = title
        frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(3)).text_frame
        frame.text = paragraphs[0]
        for text in paragraphs[1:]:
            frame.add_paragraph().text = text
    prs.save(tmp_path / "deck.pptx")
    _, st = _structured(tmp_path / "deck.pptx")
    assert [(g.level, g.text) for g in st.goals] == [
        ("sub_goal", "Flere arbeidsplasser i privat sektor"),
        ("sub_goal", "Bedre samferdsel mellom kommunene"),
        ("measure", "Etablere næringsforum"),
        ("measure", "Bygge ny veg over fjellet"),
        ("measure", "Felles rekrutteringsportal"),
        ("main_goal", "Vestlandet skal vokse"),
    ]


def test_docx_text_is_what_word_shows_tracked_changes_and_content_controls(tmp_path):
    """A draft with tracked changes and a template's content controls: inserted text is read
    (python-docx's own paragraph text leaves it out), deleted text is not, and the goals a
    content control holds are read in place, as Word shows and prints them."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    d = docx.Document()
    d.add_heading("Mål", 1)
    p = d.add_paragraph("Delmål 1: Auke talet på ")
    p._p.append(
        parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>arbeidsplassar i regionen</w:t></w:r></w:ins>')
    )
    p._p.append(
        parse_xml(
            f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText> og folketalet</w:delText></w:r></w:del>'
        )
    )
    # a template's rich-text field holding two paragraphs, one of them a link
    d.element.body.insert(
        len(d.element.body) - 1,
        parse_xml(
            f"<w:sdt {w}><w:sdtPr/><w:sdtContent>"
            "<w:p><w:r><w:t>Delmål 2: Betre </w:t></w:r><w:hyperlink><w:r><w:t>kollektivtilbod</w:t></w:r></w:hyperlink></w:p>"
            '<w:p><w:fldSimple w:instr="DATE"><w:r><w:t>Tiltak 2.1: Nye bussruter</w:t></w:r></w:fldSimple></w:p>'
            "</w:sdtContent></w:sdt>"
        ),
    )
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Styringsgruppe"
    table.cell(0, 1).paragraphs[0]._p.append(
        parse_xml(f'<w:ins {w} w:id="3" w:author="a"><w:r><w:t>Ordførarane</w:t></w:r></w:ins>')
    )
    d.save(tmp_path / "utkast.docx")
    assert [ln.text for ln in extract_file(tmp_path / "utkast.docx").lines] == [
        "Mål",
        "Delmål 1: Auke talet på arbeidsplassar i regionen",
        "Delmål 2: Betre kollektivtilbod",
        "Tiltak 2.1: Nye bussruter",
        "Styringsgruppe",
        "• Ordførarane",
    ]
    doc = repair(extract_file(tmp_path / "utkast.docx"))
    goals = structure(doc, segment(doc)).goals
    assert [(g.level, g.number, g.text) for g in goals] == [
        ("sub_goal", "1", "Auke talet på arbeidsplassar i regionen"),
        ("sub_goal", "2", "Betre kollektivtilbod"),
        ("measure", "2.1", "Nye bussruter"),
    ]


def test_docx_headings_numbered_by_their_style_keep_their_numbers(tmp_path):
    """Headings numbered by a multilevel list linked to the heading styles (chapter 2, its
    sections 2.1 and 2.2): the numbers Word prints before them are read with them."""
    import docx

    d = docx.Document()
    word_numbering(d, 77, [("decimal", "%1"), ("decimal", "%1.%2")], multilevel=True)
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        numbered(d.styles[name].element, 77, level)
    d.add_heading("Innleiing", 1)
    d.add_paragraph("Rapporten gjeld arbeidet i Sunnfjord i 2021.")
    d.add_heading("Mål og tiltak", 1)
    d.add_heading("Fleire arbeidsplassar", 2)
    d.add_heading("Betre kollektivtilbod", 2)
    d.save(tmp_path / "plan.docx")
    lines = extract_file(tmp_path / "plan.docx").lines
    assert [(ln.text, ln.heading) for ln in lines if ln.heading] == [
        ("1. Innleiing", 1),
        ("2. Mål og tiltak", 1),
        ("2.1 Fleire arbeidsplassar", 2),
        ("2.2 Betre kollektivtilbod", 2),
    ]


ORG_CHART = [
    ("Styringsgruppe", [("Prosjektgruppe", [("Arbeidsgruppe næring", []), ("Arbeidsgruppe bustad", [])])])
]
GOAL_CHART = [
    (
        "Hovudmål: Sunnfjord skal vere ein attraktiv region",
        [("Delmål 1: Fleire arbeidsplassar", []), ("Delmål 2: Betre kollektivtilbod", [])],
    )
]
CHART_LINES = [
    "Styringsgruppe",
    "• Prosjektgruppe",
    "◦ Arbeidsgruppe næring",
    "◦ Arbeidsgruppe bustad",
]


def test_smartart_in_slides_and_word_files_is_read_as_its_items(tmp_path):
    """An organisation chart and a goal hierarchy drawn as SmartArt (which python-pptx and
    python-docx do not read): their items in the order of their tree, the levels under the
    top as a list and a list inside it; the units and goals found as in the same text."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as DOCX_CT
    from docx.opc.constants import RELATIONSHIP_TYPE as DOCX_RT
    from docx.opc.packuri import PackURI as DocxURI
    from docx.opc.part import Part as DocxPart
    from docx.oxml import parse_xml
    from lxml import etree
    from pptx import Presentation
    from pptx.opc.constants import CONTENT_TYPE as PPTX_CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as PPTX_RT
    from pptx.opc.package import Part as PptxPart
    from pptx.opc.packuri import PackURI as PptxURI

    from .helpers import smartart_data, smartart_graphic

    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Plan for Sunnfjord"
    for n, (title, chart) in enumerate((("Organisering", ORG_CHART), ("Mål", GOAL_CHART)), start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = title
        data = PptxPart(
            PptxURI(f"/ppt/diagrams/data{n}.xml"),
            PPTX_CT.DML_DIAGRAM_DATA,
            prs.part.package,
            smartart_data(chart),
        )
        rid = slide.part.relate_to(data, PPTX_RT.DIAGRAM_DATA)
        slide.shapes._spTree.append(
            etree.fromstring(
                '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                f'<p:nvGraphicFramePr><p:cNvPr id="{10 + n}" name="Diagram {n}"/><p:cNvGraphicFramePr/><p:nvPr/>'
                '</p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="1600200"/><a:ext cx="7315200" cy="4525963"/>'
                f"</p:xfrm>{smartart_graphic(rid)}</p:graphicFrame>"
            )
        )
    prs.save(tmp_path / "samling.pptx")
    d = docx.Document()
    d.add_heading("Plan for Sunnfjord", 0)
    for n, (title, chart) in enumerate((("Organisering", ORG_CHART), ("Mål", GOAL_CHART)), start=1):
        d.add_heading(title, 1)
        data = DocxPart(
            DocxURI(f"/word/diagrams/data{n}.xml"),
            DOCX_CT.DML_DIAGRAM_DATA,
            smartart_data(chart),
            d.part.package,
        )
        rid = d.part.relate_to(data, DOCX_RT.DIAGRAM_DATA)
        d.add_paragraph()._p.append(
            parse_xml(
                '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:drawing>'
                f'<wp:inline><wp:extent cx="5486400" cy="3200400"/><wp:docPr id="{n}" name="Diagram {n}"/>'
                f"{smartart_graphic(rid)}</wp:inline></w:drawing></w:r>"
            )
        )
    d.save(tmp_path / "plan.docx")
    for name in ("samling.pptx", "plan.docx"):
        doc = extract_file(tmp_path / name)
        texts = [ln.text for ln in doc.lines]
        assert texts == [
            "Plan for Sunnfjord",
            "Organisering",
            *CHART_LINES,
            "Mål",
            "Hovudmål: Sunnfjord skal vere ein attraktiv region",
            "• Delmål 1: Fleire arbeidsplassar",
            "• Delmål 2: Betre kollektivtilbod",
        ], name
        doc = repair(doc)
        st = structure(doc, segment(doc))
        assert [(u.kind, u.name) for u in st.units][:2] == [
            ("steering_group", "Styringsgruppe"),
            ("working_group", "Prosjektgruppe"),
        ], name
        assert [(g.level, g.number) for g in st.goals] == [
            ("main_goal", None),
            ("sub_goal", "1"),
            ("sub_goal", "2"),
        ], name
    # a damaged graphic (its data cut short) is passed over: the rest of the deck reads
    import zipfile

    with (
        zipfile.ZipFile(tmp_path / "samling.pptx") as zin,
        zipfile.ZipFile(tmp_path / "kutta.pptx", "w") as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == "ppt/diagrams/data1.xml" else data)
    assert [ln.text for ln in extract_file(tmp_path / "kutta.pptx").lines][:3] == [
        "Plan for Sunnfjord",
        "Organisering",
        "Mål",
    ]


def test_a_smartart_tree_as_deep_as_its_file_and_one_with_a_cycle_are_read_whole():
    from pipeline.extract.office import diagram_items

    from .helpers import smartart_data

    deep: list = []
    below = deep
    for k in range(3000):  # deeper than Python's recursion limit
        item: list = []
        below.append((f"Punkt {k}", item))
        below = item
    items = diagram_items(smartart_data(deep))
    assert len(items) == 3000 and items[0] == (0, "Punkt 0") and items[-1] == (2999, "Punkt 2999")
    # item 2 names item 1 as under it again: each item once
    cycle = smartart_data([("Styringsgruppe", [("Prosjektgruppe", [])])]).replace(
        b"</dgm:cxnLst>", b'<dgm:cxn modelId="x" srcId="2" destId="1" srcOrd="0" destOrd="0"/></dgm:cxnLst>'
    )
    assert diagram_items(cycle) == [(0, "Styringsgruppe"), (1, "Prosjektgruppe")]
    # an order that is no number: the graphic is passed over (as a damaged one), not the file
    from types import SimpleNamespace

    from pipeline.extract.office import diagram_texts

    bad = smartart_data([("Styringsgruppe", [])]).replace(
        b'srcOrd="0" destOrd="0"/>', b'srcOrd="x" destOrd="0"/>', 1
    )
    part = SimpleNamespace(rels={"rId9": SimpleNamespace(target_part=SimpleNamespace(blob=bad))})
    assert diagram_texts(part, "rId9") == []


def test_docx_content_imported_whole_is_read_where_it_stands(tmp_path):
    """A case-handling or publishing system's Word file that imports a web page whole
    (w:altChunk, laid out by Word when it opens the file; python-docx reads none of it): its
    heading, goal and list read in place, between the paragraphs around it."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_paragraph("Saksframlegg: Handlingsplan for Sunnfjord 2022")
    page = (
        "<html><body><h2>Mål</h2><p>Hovudmål: Sunnfjord skal vere ein attraktiv region å bu og arbeide i.</p>"
        "<ul><li>Delmål 1: Fleire arbeidsplassar</li><li>Delmål 2: Betre kollektivtilbod</li></ul></body></html>"
    )
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html", page.encode("utf-8"), d.part.package)
    rid = d.part.relate_to(chunk, RT.A_F_CHUNK)
    d.element.body.insert(
        len(d.element.body) - 1,
        parse_xml(
            '<w:altChunk xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'
        ),
    )
    d.add_paragraph("Vedtak: Planen blir vedteken.")
    d.save(tmp_path / "sak.docx")
    doc = extract_file(tmp_path / "sak.docx")
    assert [ln.text for ln in doc.lines] == [
        "Saksframlegg: Handlingsplan for Sunnfjord 2022",
        "Mål",
        "Hovudmål: Sunnfjord skal vere ein attraktiv region å bu og arbeide i.",
        "• Delmål 1: Fleire arbeidsplassar",
        "• Delmål 2: Betre kollektivtilbod",
        "Vedtak: Planen blir vedteken.",
    ]
    blocks = [ln.block for ln in doc.lines]
    assert blocks == sorted(blocks) and len(set(blocks)) == len(blocks)
    doc = repair(doc)
    assert [(g.level, g.number) for g in structure(doc, segment(doc)).goals] == [
        ("main_goal", None),
        ("sub_goal", "1"),
        ("sub_goal", "2"),
    ]


def test_docx_text_box_is_read_once_as_a_block_of_its_own(tmp_path):
    """A fact box set in a text box beside the text (Word keeps the box twice: as a drawing
    and as a VML copy for older readers): its goals are read once, after the paragraph it is
    anchored in, as a block of their own."""
    import docx
    from docx.oxml import parse_xml

    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    box = (
        "<w:txbxContent><w:p><w:r><w:t>Mål for Nordfjord</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Hovudmål: Nordfjord skal vere ein attraktiv region å bu i</w:t></w:r></w:p></w:txbxContent>"
    )
    d = docx.Document()
    d.add_paragraph("Rapporten gjeld arbeidet i 2021.")._p.append(
        parse_xml(
            f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>'
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    d.add_paragraph("Prosjektet held fram i 2022.")
    d.save(tmp_path / "rapport.docx")
    lines = extract_file(tmp_path / "rapport.docx").lines
    assert [ln.text for ln in lines] == [
        "Rapporten gjeld arbeidet i 2021.",
        "Mål for Nordfjord",
        "Hovudmål: Nordfjord skal vere ein attraktiv region å bu i",
        "Prosjektet held fram i 2022.",
    ]
    assert lines[0].block != lines[1].block == lines[2].block != lines[3].block
    doc = repair(extract_file(tmp_path / "rapport.docx"))
    assert [(g.level, g.text) for g in structure(doc, segment(doc)).goals] == [
        ("main_goal", "Nordfjord skal vere ein attraktiv region å bu i")
    ]


# own/104 (the Word report) as pandoc exports it to Markdown: ATX headings, '-   ' bullets,
# '1.  ' numbers, a pipe table, a line break kept with a backslash
GJOVIK_MD = """# Strategisk plan for Gjøvikregionen 2018–2021

Vedtatt av regionrådet 23. mars 2018

# Bakgrunn

Gjøvikregionen består av kommunene Gjøvik, Østre Toten, Vestre Toten, Søndre Land og
Nordre Land. Regionen deltar i Byregionprogrammet for å styrke samspillet mellom byen og
omlandet.

# Mål og strategier

Hovedmål: Gjøvikregionen skal ha en befolkningsvekst på minst 1 prosent i året.

Delmål 1: Flere arbeidsplasser innen industri og teknologi.

-   Tiltak 1.1: Etablere et felles næringsselskap for regionen.
-   Tiltak 1.2: Styrke samarbeidet med NTNU i Gjøvik om forskning og utvikling.

Delmål 2: Et godt og effektivt kollektivtilbud mellom kommunene.

-   Tiltak 2.1: Samordne rutetilbudet med Innlandstrafikk.

# Organisering

Regionrådet for Gjøvikregionen er styringsgruppe. Rådmannsgruppa er arbeidsutvalg for
regionrådet.

Arbeidsgrupper:

1.  Næring og kompetanse (etablert)
2.  Samferdsel (under etablering)

# Status

| Område     | Status    |
|------------|-----------|
| Næring     | I rute    |
| Samferdsel | Forsinket |
"""


def test_a_markdown_export_reads_as_the_word_file_it_came_from(tmp_path):
    word, from_word = _structured(OWN / "104_gjovik_strategi.docx")
    (tmp_path / "104_gjovik_strategi.md").write_text(GJOVIK_MD, "utf-8")
    doc, st = _structured(tmp_path / "104_gjovik_strategi.md")
    assert [(ln.text, ln.heading) for ln in doc.lines] == [(ln.text, ln.heading) for ln in word.lines]
    assert [(s.kind, s.heading) for s in st.sections] == [(s.kind, s.heading) for s in from_word.sections]
    assert goal_tree(st) == goal_tree(from_word)
    assert [(u.name, u.kind, u.status) for u in st.units] == [
        (u.name, u.kind, u.status) for u in from_word.units
    ]
    # its format is text's; the same text without its name's suffix, two '#' headings in it,
    # is read as Markdown too
    src = next(s for s in discover(tmp_path) if s.file_name.endswith(".md"))
    assert src.format == "txt"
    (tmp_path / "104.txt").write_text(GJOVIK_MD, "utf-8")
    as_txt, _ = _structured(tmp_path / "104.txt")
    assert as_txt.lines == doc.lines


def test_markdown_markup_goes_and_its_words_stay():
    from pipeline.extract.markdown import extract_markdown, is_markdown

    doc = extract_markdown(
        "## Mål for **Vossaregionen**\n\n**Overordna mål**\n\nAuka busetjing, sjå [planen](https://x.no).\\\n"
        "Ny linje.\n\n3. Tredje\n4. Fjerde\n   - Under\n\n<script>alert(1)</script>\n\n```\nTiltak 1: kode\n```\n"
    )
    assert [(ln.text, ln.heading, ln.bold) for ln in doc.lines] == [
        ("Mål for Vossaregionen", 2, False),
        ("Overordna mål", 0, True),  # a paragraph in bold throughout: a heading made by hand
        ("Auka busetjing, sjå planen.", 0, False),
        ("Ny linje.", 0, False),  # a hard break ends a line of the paragraph
        ("3. Tredje", 0, False),  # an ordered list keeps its numbers
        ("4. Fjerde", 0, False),
        ("◦ Under", 0, False),
        ("<script>alert(1)</script>", 0, False),  # raw HTML is text, never run
        ("Tiltak 1: kode", 0, False),
    ]
    assert doc.paragraphs
    assert is_markdown("plan.md", "no headings at all") and is_markdown("plan.txt", "# A\n\ntext\n\n## B\n")
    assert not is_markdown("plan.txt", "# Bare ein\n\nHovudmål: Vekst.\n") and not is_markdown(
        "x.txt", "#1 Mål"
    )
