import codecs
import json
import shutil

import pytest

from pipeline.discover import discover
from pipeline.extract import ExtractError, extract
from pipeline.extract.pdf import extract_pdf
from pipeline.extract.text import detect_encoding, extract_text
from pipeline.records import ExtractOptions
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure

from .conftest import GOLD, SAMPLE
from .helpers import goal_tree, headed, libreoffice_pdf, read_file, structured_text, word_table

TEXT = "Vurdering av framdrifta: Tiltaka går etter planen, særleg i Årdal og Høyanger. «Sitat» – ærlig."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_text_encodings(data, encoding):
    assert detect_encoding(data) == encoding
    doc = extract_text(data)
    assert doc.lines[0].text == TEXT


def test_latin1_bytes_undefined_in_cp1252_still_decode():
    data = ("Ørskog og Ålesund samarbeider. " * 5).encode("latin-1") + b"\x81"
    assert extract_text(data).lines[0].text.startswith("Ørskog og Ålesund")


def test_binary_named_txt_is_refused():
    with pytest.raises(ValueError):
        extract_text(bytes(range(0, 32)) * 100)


def test_blank_lines_make_blocks_and_long_gaps_make_sheets():
    doc = extract_text(b"A\nB\n\nC\n\n\n\nD")
    assert [(ln.text, ln.block, ln.sheet) for ln in doc.lines] == [
        ("A", 0, 0),
        ("B", 0, 0),
        ("C", 1, 0),
        ("D", 2, 1),
    ]


def test_form_feeds_are_page_breaks_and_the_running_header_goes():
    # text as pdftotext or pdfminer give a PDF: a form feed ends each page, a running header
    # opens it and a footer closes it
    header = "Byregionprogrammet – statusrapport Ranaregionen"
    pages = [
        ["Mål for prosjektet", "Delmål 1: Flere arbeidsplasser i regionen."],
        ["Tiltak 1.1: Etablere et felles næringsfond.", "Tiltak 1.2: Kartlegge næringsarealer."],
        ["Organisering", "Styringsgruppen består av ordførerne."],
    ]
    text = "\f".join(
        "\n".join([header, "", *body, "", f"Side {n} av 3", ""]) for n, body in enumerate(pages, 1)
    )
    doc = extract_text((text + "\f").encode())
    assert [ln.page for ln in doc.lines if ln.text == header] == [1, 2, 3]
    assert doc.n_pages is None  # a count of pages is a PDF's (CONTRACT: NULL for text)
    fixed = repair(doc)
    assert [ln.text for ln in fixed.lines] == [t for body in pages for t in body]
    assert header in fixed.furniture
    assert {ln.page for ln in fixed.lines} == {None}  # past repair, text has no pages
    goals = structure(fixed, segment(fixed)).goals
    assert [g.number for g in goals] == ["1", "1.1", "1.2"]


def test_a_form_feed_inside_a_line_ends_it_and_its_page():
    # a page's text joined to the next with a bare form feed ('Side 1 av 2\fHopp til innhold')
    doc = extract_text("Mål\nDelmål 1: Vekst.\nSide 1 av 2\fOrganisering\nStyringsgruppen.\f".encode())
    assert [(ln.text, ln.page, ln.sheet) for ln in doc.lines] == [
        ("Mål", 1, 0),
        ("Delmål 1: Vekst.", 1, 0),
        ("Side 1 av 2", 1, 0),
        ("Organisering", 2, 1),
        ("Styringsgruppen.", 2, 1),
    ]
    # a form feed on a line of its own opens the page as before, without a blank line's block
    doc = extract_text(b"A\n\fB\n\nC")
    assert [(ln.text, ln.page, ln.block) for ln in doc.lines] == [("A", 1, 0), ("B", 2, 1), ("C", 2, 2)]


# the top of dev26's two-column PDF as pdfplumber lays its text out (layout=True), as
# pdftotext -layout does: the page's margin, columns side by side, blank lines for gaps
DEV26_LAID_OUT = """
                                                  Styringsverktøy for utvikling

            Styringsverktø                  vekst og positiv samfunnsutvikling i

                                            Kvænangen, sier ordfører Eirik
            y   for   utvikling             Losnegaard Mevik .


                                            Kvænangen     om  12 år
            Kommuneplanen er vår viktigste,
                                            Kommunestyret har foreslått
            overordnete plan. Den setter mål
                                            følgende hovedmål for
            for utvikling i Kvænangssamfunnet,
                                            samfunnsutviklingen i 2021-2032:
            forteller hva vi skal satse på. Og
            hvordan. Kommuneplanen          \uf0b7  Økt næringsaktivitet og
            utarbeides av kommunen, men        sysselsetting
            gjelder hele samfunnsutviklingen. \uf0b7 Attraktive lokalsamfunn
            Kommunestyret legger føringene for \uf0b7 Samarbeid
            arbeidet og vedtar planen.
"""


def test_a_page_laid_out_with_spaces_is_read_column_by_column():
    from pipeline.extract.text import laid_out_page

    assert [line.strip() for line in laid_out_page(DEV26_LAID_OUT).split("\n")] == [
        "Styringsverktøy for utvikling",  # a title above the columns
        "Styringsverktø",
        "y   for   utvikling",
        "Kommuneplanen er vår viktigste,",
        "overordnete plan. Den setter mål",
        "for utvikling i Kvænangssamfunnet,",
        "forteller hva vi skal satse på. Og",
        "hvordan. Kommuneplanen",
        "utarbeides av kommunen, men",
        "gjelder hele samfunnsutviklingen.",
        "Kommunestyret legger føringene for",
        "arbeidet og vedtar planen.",
        "vekst og positiv samfunnsutvikling i",
        "Kvænangen, sier ordfører Eirik",
        "Losnegaard Mevik .",
        "Kvænangen     om  12 år",
        "Kommunestyret har foreslått",
        "følgende hovedmål for",
        "samfunnsutviklingen i 2021-2032:",
        "\uf0b7  Økt næringsaktivitet og",
        "sysselsetting",
        "\uf0b7 Attraktive lokalsamfunn",
        "\uf0b7 Samarbeid",
    ]
    goals = structured_text(DEV26_LAID_OUT).goals
    assert [(g.level, g.text) for g in goals] == [
        ("main_goal", "Økt næringsaktivitet og sysselsetting"),
        ("main_goal", "Attraktive lokalsamfunn"),
        ("main_goal", "Samarbeid"),
    ]
    # text that is not laid out so (no margin on every line, or too few lines) is left as it is
    assert laid_out_page("Mål\n\n    Hovudmål: Vekst.\n") is None
    assert laid_out_page("\n".join(["   Ein linje."] * 3)) is None


def _pdf_text(path, tool: str) -> str:
    """A PDF's text as a PDF tool gives it: PDFium's (page texts with form feeds between,
    wrapped lines, no blank line, hyphens joined over with U+FFFE) or pdfplumber's laid out
    as the pages are (pdftotext -layout gives the like: margins, justified lines, blank
    lines for the gaps between lines)."""
    if tool == "pdfium":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
        pdf.close()
        return "\n\f".join(pages)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        text = "\f".join(page.extract_text(layout=True) or "" for page in pdf.pages)
    assert all(line.startswith("   ") for line in text.split("\n") if line.strip())
    return text


@pytest.mark.parametrize("tool", ["pdfium", "layout"])
@pytest.mark.parametrize("name", ["000_2077d483579f621b", "003_851aa941d43c1de3"])
def test_a_reports_text_as_pdf_tools_give_it_reads_as_its_pdf_does(name, tool):
    path = SAMPLE / f"{name}.pdf"
    st = structured_text(_pdf_text(path, tool))
    assert goal_tree(st) == goal_tree(read_file(path))
    assert len(st.goals) == {"000": 34, "003": 7}[name[:3]]
    gold = json.loads((GOLD / "seeds" / f"{name}.json").read_text("utf-8"))
    assert {(s["kind"], s["heading"]) for s in gold["sections"]} <= headed(st)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_lines_carry_page_size_and_weight(engine):
    doc = extract_pdf(str(SAMPLE / "000_2077d483579f621b.pdf"), engine=engine)
    assert doc.n_pages >= 3 and doc.layout and not doc.slides
    heading = next(ln for ln in doc.lines if ln.text.startswith("Evt. presisering av mål"))
    body = next(ln for ln in doc.lines if ln.text.startswith("Tiltak 1.1"))
    assert heading.bold and heading.size > body.size
    assert {ln.page for ln in doc.lines} == set(range(1, doc.n_pages + 1))
    # the generated PDF has running furniture and words hyphenated across line breaks
    assert sum(ln.text.startswith("Side ") for ln in doc.lines) == doc.n_pages
    assert any(ln.text.endswith("-") and ln.text[-2].isalpha() for ln in doc.lines)


def test_landscape_deck_is_read_as_slides():
    doc = extract_pdf(str(SAMPLE / "004_c3543cb0ec9d5fb3.pdf"))
    assert doc.slides
    titles = [ln.text for ln in doc.lines if ln.size and ln.size >= 26]
    assert "Roller og samarbeidsform" in titles


def _sections_and_goals(path, engine):
    src = next(s for s in discover(path.parent) if s.file_name == path.name)
    doc = repair(extract(src, ExtractOptions(pdf_engine=engine)))
    st = structure(doc, segment(doc))
    return (
        [(s.kind, s.heading) for s in st.sections if s.kind != "other"],
        [(g.level, g.number, g.text, g.parent) for g in st.goals],
    )


@pytest.mark.parametrize(
    "name", ["000_2077d483579f621b.pdf", "003_851aa941d43c1de3.pdf", "004_c3543cb0ec9d5fb3.pdf"]
)
def test_both_engines_give_the_same_sections_and_goals(name):
    assert _sections_and_goals(SAMPLE / name, "pdfium") == _sections_and_goals(SAMPLE / name, "pdfplumber")


def test_unsupported_source_raises_a_clear_error(tmp_path):
    (tmp_path / "x.bin").write_bytes(bytes(range(256)) * 8)
    src = next(discover(tmp_path))
    with pytest.raises(ExtractError, match="not a supported format"):
        extract(src)


@pytest.mark.parametrize(
    ("name", "parts", "fmt"),
    [
        # a package whose presentation part has none of what python-pptx looks up
        (
            "deck.pptx",
            {
                "ppt/presentation.xml": '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
            },
            "PPTX",
        ),
        ("report.docx", {"word/document.xml": "<w:document/>"}, "DOCX"),
    ],
)
def test_a_damaged_office_file_says_so_in_one_line_with_what_to_do(tmp_path, name, parts, fmt):
    import zipfile

    with zipfile.ZipFile(tmp_path / name, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for part, xml in parts.items():
            zf.writestr(part, xml)
    src = next(discover(tmp_path))
    with pytest.raises(ExtractError) as err:
        extract(src)
    message = str(err.value)
    assert message.startswith(f"damaged {fmt} (") and "save it again, or export it as PDF" in message
    assert "\n" not in message


def _project_form(path, filled_in: bool) -> None:
    """A project form (Prosjektdirektiv): printed labels, with the answers typed into the
    form's fields to the right of them (``filled_in``), or printed under them as paragraphs."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 780, "Prosjektdirektiv for Sunnfjord")
    rows = (
        ("Prosjektnamn", ["Næringsplan 2022"]),
        ("Effektmål", ["Auke talet på arbeidsplassar i Sunnfjord med 300 innan 2025"]),
        ("Resultatmål", ["Ein vedteken næringsplan", "Eit næringsforum med alle kommunane"]),
    )
    y = 740
    for label, answer in rows:
        c.setFont("Helvetica", 11)
        c.drawString(72, y, label)
        if filled_in:
            height = 16 * len(answer)
            c.acroForm.textfield(
                name=label,
                value="\n".join(answer),
                x=200,
                y=y + 12 - height,
                width=330,
                height=height,
                borderWidth=0,
                fontSize=12,
                fieldFlags="multiline" if len(answer) > 1 else "",
            )
        else:
            c.setFont("Helvetica", 12)
            for k, text in enumerate(answer):
                c.drawString(72, y - 24 * (k + 1), text)
        y -= 24 * (len(answer) + 1) + 12
    if filled_in:  # neither a ticked box nor a hidden field is text on the page
        c.acroForm.checkbox(name="godkjent", x=72, y=y, checked=True)
        c.acroForm.textfield(name="intern", value="Skjult merknad", x=72, y=y - 40, annotationFlags="hidden")
    c.save()


def test_a_filled_in_form_reads_as_its_answers_printed_under_their_labels(tmp_path):
    """What was typed into a PDF form's fields is not in its text layer: it is read from the
    fields, each answer after its label and each of its lines a paragraph, as the same
    answers printed under their labels read."""
    _project_form(tmp_path / "skjema.pdf", filled_in=True)
    _project_form(tmp_path / "utskrift.pdf", filled_in=False)
    filled, printed = (extract_pdf(str(tmp_path / name)) for name in ("skjema.pdf", "utskrift.pdf"))
    assert (
        [ln.text for ln in filled.lines]
        == [ln.text for ln in printed.lines]
        == [
            "Prosjektdirektiv for Sunnfjord",
            "Prosjektnamn",
            "Næringsplan 2022",
            "Effektmål",
            "Auke talet på arbeidsplassar i Sunnfjord med 300 innan 2025",
            "Resultatmål",
            "Ein vedteken næringsplan",
            "Eit næringsforum med alle kommunane",
        ]
    )
    assert [ln.block for ln in filled.lines] == [ln.block for ln in printed.lines] == list(range(1, 9))

    def goals(doc):
        doc = repair(doc)
        return [(g.level, g.text) for g in structure(doc, segment(doc)).goals]

    assert goals(filled) == goals(printed)
    assert goals(filled)[0] == ("main_goal", "Auke talet på arbeidsplassar i Sunnfjord med 300 innan 2025")


def _xfa_form(path, dynamic: bool) -> None:
    """A form made with Adobe's XFA, as a PDF file holds it: its page carries only the
    notice viewers without XFA show; dynamic (NeedsRendering) or static."""
    notice = (
        "Please wait... If this message is not eventually replaced by the proper contents of the "
        "document, your PDF viewer may not be able to display this type of document."
    )
    stream = f"BT /F1 9 Tf 40 760 Td ({notice}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R"
        + (b" /NeedsRendering true" if dynamic else b"")
        + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Fields [] /XFA 7 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length 19 >>\nstream\n<xdp:xdp></xdp:xdp>\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_a_dynamic_xfa_form_says_what_to_do_and_a_static_one_reads_quietly(tmp_path, caplog):
    """A dynamic XFA form stores no pages, only a notice ('Please wait...'): failed with what
    to do, not ingested as that notice; a static one reads as its pages stand, without the
    PDF library's advice on its own builds in the log."""
    _xfa_form(tmp_path / "dynamic.pdf", dynamic=True)
    _xfa_form(tmp_path / "static.pdf", dynamic=False)
    with pytest.raises(ExtractError, match=r"^a dynamic \(XFA\) form: .* print it to PDF and ingest that$"):
        extract_pdf(str(tmp_path / "dynamic.pdf"))
    with caplog.at_level("WARNING"):
        lines = extract_pdf(str(tmp_path / "static.pdf")).lines
    assert lines[0].text.startswith("Please wait...")
    assert not [r for r in caplog.records if r.name.startswith("pypdfium2")]


def test_a_pdf_drawn_bottom_to_top_is_read_top_to_bottom(tmp_path):
    """PDFium gives a page's lines in the order the file draws them. A writer that draws a
    page bottom to top gave the measures before the goals they serve; the page is read by
    its lines' heights. (No page of the dev PDFs, two-column PDFs, bench or sample PDFs is
    read so: 0 of 450.)"""
    from reportlab.pdfgen import canvas

    lines = [
        "Mål for Hallingdal",
        "Hovedmål: Økt bosetting i regionen.",
        "Delmål 1: Styrke næringslivet i Gol og Ål.",
        "Tiltak 1.1: Etablere et næringsfond for gründere.",
        "Tiltak 1.2: Utvikle et felles tilbud til nyetablerte.",
        "Delmål 2: Bedre kollektivtilbud mellom kommunene.",
        "Tiltak 2.1: Utrede en ny busslinje.",
    ]
    path = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(path))
    for k, text in reversed(list(enumerate(lines))):  # the last line drawn first
        title = k == 0
        c.setFont("Helvetica-Bold" if title else "Helvetica", 16 if title else 11)
        c.drawString(72, 780 - 24 * k, text)
    c.save()
    assert [ln.text for ln in extract_pdf(str(path)).lines] == lines
    assert goal_tree(read_file(path)) == [
        ("main_goal", None, "Økt bosetting i regionen.", None),
        ("sub_goal", "1", "Styrke næringslivet i Gol og Ål.", None),
        ("measure", "1.1", "Etablere et næringsfond for gründere.", "1"),
        ("measure", "1.2", "Utvikle et felles tilbud til nyetablerte.", "1"),
        ("sub_goal", "2", "Bedre kollektivtilbud mellom kommunene.", None),
        ("measure", "2.1", "Utrede en ny busslinje.", "2"),
    ]


def test_a_site_page_a_download_got_instead_of_the_file_fails_with_the_reason(tmp_path):
    """A report downloaded from a municipality's site comes back as the site's own page when
    the link is dead or wants a login: the page saved under the report's name ('sluttrapport.pdf')
    loaded as a report without goals, while the report itself was missing. A web page or a
    text of few words under a PDF or Office name fails, saying so; the format still comes from
    the bytes, so a report in HTML under such a name, with its text, is read."""
    from .conftest import seed_path
    from .helpers import extract_file

    batch = tmp_path / "b"
    batch.mkdir()
    (batch / "sluttrapport.pdf").write_text(
        "<!DOCTYPE html><html><head><title>Siden finnes ikke - Harstad kommune</title></head><body>"
        "<nav><a href='/'>Forside</a></nav><main><h1>Beklager, vi finner ikke siden du leter etter</h1>"
        "<p>Siden kan være flyttet eller slettet.</p><p>Feilkode: 404</p></main></body></html>",
        "utf-8",
    )
    (batch / "plan.DOCX").write_text(
        "<html><body><h1>Logg på</h1><p>E-post eller telefon</p></body></html>", "utf-8"
    )
    (batch / "notat.pptx").write_text("Access denied\n", "utf-8")
    for name, what in (("sluttrapport.pdf", "web page"), ("plan.DOCX", "web page"), ("notat.pptx", "text")):
        with pytest.raises(ExtractError) as err:
            extract_file(batch / name)
        message = str(err.value)
        assert (
            message.startswith(f"a {what} of ")
            and f"not the {name.rsplit('.', 1)[1].upper()} its name says" in message
        )
        assert "download the report again" in message and "\n" not in message
    assert "('Beklager, vi finner ikke siden du leter etter')" in str(
        pytest.raises(ExtractError, extract_file, batch / "sluttrapport.pdf").value
    )
    # a report as a web page or a text, misnamed, is a report
    report = seed_path("001").read_text("utf-8")
    (batch / "rapport.pdf").write_text(report, "utf-8")
    (batch / "side.pdf").write_text(
        "<html><body>"
        + "".join(f"<p>{line}</p>" for line in report.splitlines() if line.strip())
        + "</body></html>",
        "utf-8",
    )
    assert len(extract_file(batch / "rapport.pdf").lines) > 10
    assert len(extract_file(batch / "side.pdf").lines) > 10
    (batch / "kort.txt").write_text("Tiltak 1: Samarbeid\n", "utf-8")  # a short text named as one
    assert [ln.text for ln in extract_file(batch / "kort.txt").lines] == ["Tiltak 1: Samarbeid"]


# ---- bullets drawn as shapes (Chrome, Edge and Google Docs printing to PDF)


def test_a_bullet_drawn_just_left_of_a_line_is_written_in_front_of_it():
    from pipeline.extract.pdf import PdfLine, Shape, with_bullets

    lines = (
        PdfLine("Satsingsområde", 1, 24.0, True, 100.0, 24.0, left=40.0),
        PdfLine("Næringsutvikling", 1, 12.0, False, 130.0, 12.0, left=64.0),
        PdfLine("Kompetanse", 1, 12.0, False, 146.0, 12.0, left=88.0),
        PdfLine("• Samferdsel", 1, 12.0, False, 162.0, 12.0, left=64.0),
        PdfLine("Brødtekst langt frå merket", 1, 12.0, False, 178.0, 12.0, left=140.0),
    )
    shapes = [
        Shape(right=55.6, middle=136.0, filled=True),  # a disc left of 'Næringsutvikling'
        Shape(right=79.6, middle=152.0, filled=False),  # a circle: a second-level item
        Shape(right=55.6, middle=168.0, filled=True),  # the line writes its bullet already
        Shape(right=55.6, middle=184.0, filled=True),  # 84 points left of the text: no bullet of its
    ]
    assert [ln.text for ln in with_bullets(lines, shapes)] == [
        "Satsingsområde",
        "• Næringsutvikling",
        "◦ Kompetanse",
        "• Samferdsel",
        "Brødtekst langt frå merket",
    ]


CHROME_PAGE = """<!doctype html><html lang="nn"><head><meta charset="utf-8">
<title>Regionalt utviklingsprogram for Sunnhordland</title></head><body><main>
<h1>Regionalt utviklingsprogram for Sunnhordland</h1>
<p>Regionrådet i Sunnhordland vedtok programmet i 2019 for kommunane Stord, Fitjar og Bømlo.</p>
<h2>Hovudmål</h2>
<p>Sunnhordland skal vere ein attraktiv region med vekst i folketal og arbeidsplassar.</p>
<h2>Satsingsområde</h2>
<ul>
<li>Næringsutvikling og nyskaping</li>
<li>Kompetanse og rekruttering, med vekt på fagarbeidarar, ingeniørar og helsepersonell som
regionen manglar i dag og vil mangle meir av i åra som kjem</li>
<li>Samferdsel og infrastruktur</li>
<li>Attraktive lokalsamfunn</li>
</ul>
<h2>Tiltak i 2019</h2>
<ol>
<li>Etablere eit regionalt næringsfond for oppstartsbedrifter.</li>
<li>Arbeide for betre ferjesamband mellom Stord og Bømlo.</li>
</ol>
</main></body></html>"""


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Chromium is not installed (make setup installs it)"
)
def test_a_web_page_printed_to_pdf_by_chromium_gives_the_goals_of_the_page(tmp_path):
    """Chromium (and Edge, and Google Docs) draw a list's bullets as small discs, not as
    text: the items of a goals list then read as the wrapped lines of one paragraph, and
    four goals came out as one. The PDF gives what the page itself gives."""
    import subprocess

    from .cdp import CHROMIUM, FLAGS

    page = tmp_path / "side.html"
    page.write_text(CHROME_PAGE, "utf-8")
    pdf = tmp_path / "side.pdf"
    subprocess.run(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert pdfium_producer(pdf).startswith("Skia/PDF")

    def goals(path):
        return [(g.level, g.text) for g in read_file(path).goals]

    from_pdf = goals(pdf)
    assert from_pdf == goals(page)
    assert [text for level, text in from_pdf if level == "sub_goal"][:1] == ["Næringsutvikling og nyskaping"]
    assert len(from_pdf) == 7


def pdfium_producer(path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return doc.get_metadata_value("Producer") or ""
    finally:
        doc.close()


# ---- tables in a PDF's text layer


def _table_pdf(path, rows, widths, heading="Mål og tiltak"):
    """A report with a table (ReportLab draws its cells row by row, as word processors do)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cells = [[Paragraph(c, styles["BodyText"]) if k else c for c in row] for k, row in enumerate(rows)]
    table = Table(cells, colWidths=widths)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [
            Paragraph("Handlingsplan 2020 for Nordhordland", styles["Heading1"]),
            Paragraph(heading, styles["Heading2"]),
            table,
            Spacer(1, 12),
            Paragraph("Styringsgruppa er regionrådet i Nordhordland.", styles["BodyText"]),
        ]
    )
    return path


def test_a_goal_matrix_and_a_status_table_in_a_pdf_read_as_in_word(tmp_path):
    """A PDF keeps no table, only its cells' lines, cell after cell (and a row's short cells
    on one baseline as one line): the header's columns and each row's cells are found by
    where they stand, read within their bounds and then as every format's tables. Before,
    the matrix gave no goal and the status table's measures no status."""
    matrix = _table_pdf(
        tmp_path / "matrise.pdf",
        [
            ("Delmål", "Tiltak", "Ansvar", "Frist"),
            (
                "1. Auke talet på arbeidsplassar",
                "1.1 Etablere eit regionalt næringsfond for gründerar",
                "Regionrådet",
                "2020",
            ),
            ("", "1.2 Styrke samarbeidet med dei vidaregåande skulane", "Kommunane", "2021"),
            ("2. Betre samferdsla", "2.1 Arbeide for ny bru over Osterfjorden", "Regionrådet", "2022"),
        ],
        [120, 200, 90, 50],
    )
    st = read_file(matrix)
    assert goal_tree(st) == [
        ("sub_goal", "1", "Auke talet på arbeidsplassar", None),
        ("measure", "1.1", "Etablere eit regionalt næringsfond for gründerar – Regionrådet – 2020", "1"),
        ("measure", "1.2", "Styrke samarbeidet med dei vidaregåande skulane – Kommunane – 2021", "1"),
        ("sub_goal", "2", "Betre samferdsla", None),
        ("measure", "2.1", "Arbeide for ny bru over Osterfjorden – Regionrådet – 2022", "2"),
    ]
    # the paragraph after the table is no row of it
    assert "Styringsgruppa er regionrådet i Nordhordland." in st.sections[-1].text
    status = _table_pdf(
        tmp_path / "status.pdf",
        [
            ("Nr.", "Tiltak", "Status"),
            ("1", "Etablere eit felles destinasjonsselskap for regionen", "Gjennomført"),
            ("2", "Utvikle nye vinterprodukt for turistar", "Pågår"),
            ("3", "Kartlegge behovet for sesongarbeidarar", "Utsett til 2019"),
        ],
        [40, 300, 120],
    )
    st = read_file(status)
    assert [g.number for g in st.goals] == ["1", "2", "3"]  # a column of its own, not a bullet's
    assert {st.goals[s.goal].text: s.status for s in st.statuses} == {
        "Etablere eit felles destinasjonsselskap for regionen": "done",
        "Utvikle nye vinterprodukt for turistar": "on_track",
        "Kartlegge behovet for sesongarbeidarar": "delayed",
    }


def test_a_word_a_narrow_column_broke_goes_back_together():
    """LibreOffice breaks a word too long for a narrow cell with no hyphen ('Næringsutviklin'
    / 'g'): the word list puts it back together; lines that are words of their own join
    with a space."""
    from pipeline.extract.pdf_tables import cell_text

    known = {"næringsutvikling", "fylkeskommune", "fylkeskommunen", "kommunane", "og", "eit", "regionalt"}
    assert cell_text("Næringsutviklin\r\ng", known) == "Næringsutvikling"
    assert cell_text("Ny bru til\r\nFylkeskommune\r\nn", known) == "Ny bru til Fylkeskommunen"
    assert cell_text("Kommunane\r\nog\r\nfylkeskommunen", known) == "Kommunane og fylkeskommunen"
    assert cell_text("Etablere  eit\r\nregionalt\r\n", known) == "Etablere eit regionalt"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_word_table_without_a_header_reads_in_its_pdf_as_in_word(tmp_path):
    """An organisation laid out as a table of names and what they are, no header: the PDF's
    rows read as the Word table's (each row's first cell, its other cells as items), so the
    units are named as in Word, not run together with their descriptions."""
    rows = [
        ("Styringsgruppe", "Ordførarane og rådmennene i dei tre kommunane"),
        ("Prosjektleiar", "Tilsett i Voss kommune, 50 % stilling"),
        ("Arbeidsgruppe reiseliv", "Under etablering"),
    ]
    title = "Prosjektplan for Byregionprogrammet i Vossaregionen"
    libreoffice_pdf(word_table(tmp_path / "plan.docx", rows, "Organisering", title))

    def units(path):
        return [(u.name, u.kind, u.status) for u in read_file(path).units]

    assert [name for name, _, _ in units(tmp_path / "plan.docx")] == [
        "Styringsgruppe",
        "Prosjektleiar",
        "Arbeidsgruppe reiseliv",
    ]
    assert units(tmp_path / "plan.pdf") == units(tmp_path / "plan.docx")


def test_a_table_without_a_header_reads_each_rows_first_cell_and_its_items(tmp_path):
    """A table of names and what they are, no header (ReportLab's PDF; the same in
    LibreOffice's below): each row's first cell on a line, the others its items, as a Word
    table without a header reads. Before, a row read as one line, the unit's name run
    together with its description ('Styringsgruppe Ordførarane og rådmennene ...')."""
    pdf = _table_pdf(
        tmp_path / "organisering.pdf",
        [
            ("Styringsgruppe", "Ordførarane og rådmennene i dei tre kommunane"),
            ("Prosjektleiar", "Tilsett i Voss kommune, 50 % stilling"),
            ("Arbeidsgruppe reiseliv", "Under etablering"),
        ],
        [150, 300],
        heading="Organisering",
    )
    st = read_file(pdf)
    assert [u.name for u in st.units] == ["Styringsgruppe", "Prosjektleiar", "Arbeidsgruppe reiseliv"]
    assert "• Ordførarane og rådmennene i dei tre kommunane" in st.sections[1].text


def test_no_table_is_found_in_two_columns_of_text_or_a_bulleted_list():
    """Two columns of running text are drawn a column at a time, and a list's bullet stands
    a tab from its item: neither is a table's rows."""
    from pipeline.extract.pdf import PdfLine
    from pipeline.extract.pdf_tables import find_tables, split_lines

    columns = tuple(
        PdfLine(f"Linje {n} i spalta til {side}", 1, 11.0, False, 100.0 + 13 * n, 8.0, left=left)
        for side, left in (("venstre", 72.0), ("høgre", 310.0))
        for n in range(12)
    )
    assert find_tables(columns) == []
    bullets = (
        PdfLine("Tiltak:", 1, 11.0, False, 100.0, 8.0, left=72.0),
        PdfLine("• Etablere eit næringsfond", 1, 11.0, False, 113.0, 8.0, left=90.0),
        PdfLine("• Gründerkurs for unge", 1, 11.0, False, 126.0, 8.0, left=90.0),
    )
    boxes = [(72.0, 99.0, 110.0, 108.0)] + [
        box
        for top in (112.0, 125.0)
        for box in ((90.0, top, 94.0, top + 9.0), (108.0, top, 240.0, top + 9.0))
    ]
    pieces, origin = split_lines(bullets, boxes, lambda *box: "should not be read")
    assert pieces == list(bullets) and origin == [0, 1, 2]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_word_table_exported_by_libreoffice_reads_as_the_word_file(tmp_path):
    """LibreOffice's PDF of a Word table (its header's cells on one line, a row's short cells
    too, titles wrapped in their cells, words broken in narrow columns) gives the goals and
    statuses the Word file gives."""
    rows = [
        ("Innsatsområde", "Tiltak", "Ansvarleg eining i kommunen", "Status per desember"),
        ("Næringsutvikling", "Etablere eit regionalt næringsfond for gründerar", "Regionrådet", "Pågår"),
        ("", "Gründerkurs for unge", "Kommunane", "Gjennomført"),
        ("Samferdsel", "Ny bru over fjorden", "Fylkeskommunen", "Utsett"),
    ]
    libreoffice_pdf(
        word_table(tmp_path / "plan.docx", rows, "Mål og tiltak", "Handlingsplan for Sunnhordland")
    )

    def read(path):
        st = read_file(path)
        return [(g.level, g.text) for g in st.goals], {st.goals[s.goal].text: s.status for s in st.statuses}

    goals, statuses = read(tmp_path / "plan.docx")
    assert [level for level, _ in goals] == ["sub_goal", "measure", "measure", "sub_goal", "measure"]
    assert sorted(statuses.values()) == ["delayed", "done", "on_track"]
    assert read(tmp_path / "plan.pdf") == (goals, statuses)
