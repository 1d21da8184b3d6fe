"""Scanned PDFs: pages without a text layer are read by Tesseract (Norwegian) and go
through the same stages as a text-layer PDF."""

import re
from collections import Counter

import duckdb
import pytest
from click.testing import CliRunner
from rapidfuzz import fuzz

from pipeline.cli import main
from pipeline.extract import ExtractError
from pipeline.extract.ocr import parse_hocr, read_marks, render_dpi, snap_sizes, tesseract_status, usable_text
from pipeline.extract.pdf import PdfLine, PdfPage, extract_pdf, snap_across_pages
from pipeline.records import DEFAULT_OPTIONS, Line
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure

from .conftest import SAMPLE
from .fixtures.make_scans import (
    EMPTY_IMAGE_PDF,
    degraded_scan,
    invisible_text_pdf,
    mixed_pdf,
    numbered_list_pdf,
    scan_pdf,
    searchable_pdf,
)

needs_tesseract = pytest.mark.skipif(
    tesseract_status() is not None, reason=f"no OCR here: {tesseract_status()}"
)
TEXT_PDF = SAMPLE / "003_851aa941d43c1de3.pdf"


def words(extracted) -> Counter:
    return Counter(w.lower() for ln in extracted.lines for w in re.findall(r"\w+", ln.text))


def goals_of(path):
    doc = repair(extract_pdf(str(path)))
    return doc, structure(doc, segment(doc)).goals


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    batch = folder / "raw" / "scans"
    batch.mkdir(parents=True)
    scan = scan_pdf(TEXT_PDF, batch / "report_scan.pdf")
    return folder, batch, scan


# ---- pure functions: no Tesseract needed


def test_a_text_layer_of_private_use_glyphs_is_not_usable():
    def page(text):
        return PdfPage(1, 600, 800, (PdfLine(text, 1, 11.0, False, 10.0, 11.0),))

    assert usable_text(page("Delmål 1: Auka folketalet"))
    assert not usable_text(
        page("\uf044\uf065\uf06c\uf06d\uf0e5\uf06c \uf031")
    )  # a font without a Unicode map
    assert not usable_text(PdfPage(1, 600, 800, ()))


def test_sizes_snap_to_the_body_and_headings_stay_apart():
    sizes = [10.8, 11.9, 10.4, 10.8, 25.2, 23.4, 13.7, 14.1, 10.8]
    snapped = snap_sizes(sizes)
    assert {snapped[i] for i in (0, 1, 2, 3, 8)} == {11.0}  # Tesseract's jitter on body text
    assert snapped[4] == snapped[5] > snapped[6] == snapped[7] > 11.0


# an OCR program's text layer sizes each line to its scanned height and reads bullets as letters
LAYER = [
    (24.0, "Fylkesplan for Sogn og Fjordane"),
    (10.6, "Planen byggjer på fire satsingsområde for heile fylket."),
    (11.4, "Satsingsområda er:"),
    (10.2, "e Folkehelse"),
    (11.8, "* Ungdom og kultur"),
    (10.9, "o Folkestyre og medverknad"),
    (11.1, "e Berekraftig verdiskaping"),
]


def test_an_invisible_text_layer_is_read_as_ocr_lines(tmp_path):
    """Where a searchable scan is not read by OCR (--ocr never, no Tesseract), its words,
    drawn invisible over the page image, get what OCR's own lines get: one size for the
    body, bullets for the letters they were read as; the same lines drawn visible are read
    as they are."""
    doc = repair(extract_pdf(str(invisible_text_pdf(LAYER, tmp_path / "layer.pdf")), ocr="never"))
    assert doc.extraction == "text_layer"
    sizes = [ln.size for ln in doc.lines]
    assert len(set(sizes[1:])) == 1 and sizes[0] > 2 * sizes[1], sizes
    assert [ln.text for ln in doc.lines][3:] == [
        "• Folkehelse",
        "• Ungdom og kultur",
        "• Folkestyre og medverknad",
        "• Berekraftig verdiskaping",
    ]
    goals = structure(doc, segment(doc)).goals
    assert [g.text for g in goals if g.level == "sub_goal"] == [
        "Folkehelse",
        "Ungdom og kultur",
        "Folkestyre og medverknad",
        "Berekraftig verdiskaping",
    ]
    shown = extract_pdf(str(invisible_text_pdf(LAYER, tmp_path / "visible.pdf", visible=True)), ocr="never")
    assert [(ln.size, ln.text) for ln in shown.lines] == [(round(s, 1), t) for s, t in LAYER]


HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page' title='bbox 0 0 1700 2200'>
<div class='ocr_carea'><p class='ocr_par'>
<span class='ocr_line' title="bbox 250 600 1000 630; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 251 600 266 630; x_wconf 90'>2</span>
 <span class='ocrx_word' title='bbox 339 600 450 630; x_wconf 95'>Rullere</span>
 <span class='ocrx_word' title='bbox 457 600 590 630; x_wconf 95'>planen</span></span>
<span class='ocr_line' title="bbox 250 650 1000 680; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 251 650 266 680; x_wconf 90'>3.</span>
 <span class='ocrx_word' title='bbox 280 650 450 680; x_wconf 95'>—Kommunal</span>
 <span class='ocrx_word' title='bbox 457 650 590 680; x_wconf 95'>plan</span></span>
<span class='ocr_line' title="bbox 300 700 1000 730; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 300 712 312 722; x_wconf 60'>e</span>
 <span class='ocrx_word' title='bbox 340 700 450 730; x_wconf 95'>Samferdsel</span>
 <span class='ocrx_word' title='bbox 457 700 590 730; x_wconf 95'>og</span></span>
<span class='ocr_line' title="bbox 300 750 1000 780; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 300 750 400 780; x_wconf 12'>PE</span>
 <span class='ocrx_word' title='bbox 420 750 500 780; x_wconf 20'>JE</span></span>
</p></div></div></body></html>"""


def test_hocr_lines_list_numbers_bullets_and_noise():
    lines, confs = parse_hocr(HOCR.encode(), 200.0, 1)
    assert [ln.text for ln in lines] == ["2. Rullere planen", "3. Kommunal plan", "• Samferdsel og"]
    assert lines[0].top == pytest.approx(600 * 72 / 200) and lines[0].page == 1
    assert len(confs) == 9  # the noise line's two words count in no confidence


@pytest.mark.parametrize("read", ["e", "*.", "."])
def test_a_bullet_read_as_a_letter_or_a_speck_is_a_bullet(read):
    lines, _ = parse_hocr(HOCR.replace("x_wconf 60'>e<", f"x_wconf 60'>{read}<").encode(), 200.0, 1)
    assert [ln.text for ln in lines][-1] == "• Samferdsel og"


def _page_with_marks(marks: list[tuple[int, str]]):
    """A page image (200 dpi) with each mark drawn at the left margin of its row (top y)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    for top, mark in marks:
        if mark == "•":
            draw.ellipse((300, top + 10, 310, top + 20), fill=0)
        else:
            draw.text((259, top + 2), mark, font=font, fill=0)
    return image


def _hocr_line(top: int, words: list[tuple[str, int, int]], right: int | None = None, conf: int = 90) -> str:
    """An hOCR line 30 px high at ``top``: its words with their left and right edges; the
    line's box from its first word to ``right`` (default: its last word's end)."""
    spans = "".join(
        f"<span class='ocrx_word' title='bbox {x0} {top} {x1} {top + 30}; x_wconf {conf}'>{w}</span>"
        for w, x0, x1 in words
    )
    box = f"{words[0][1]} {top} {right or words[-1][2]} {top + 30}"
    return f"<span class='ocr_line' title=\"bbox {box}; baseline 0 -6; x_size 30\">{spans}</span>"


def _hocr_page(*lines: str) -> bytes:
    """A page (1700 x 2200 px) of one paragraph of ``lines``."""
    return (
        "<?xml version='1.0' encoding='UTF-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
        "<div class='ocr_page' title='bbox 0 0 1700 2200'><p class='ocr_par'>"
        + "".join(lines)
        + "</p></div></body></html>"
    ).encode()


def _items_hocr(rows: list[tuple[int, int, str]]) -> bytes:
    """hOCR of one paragraph line at the margin (x 259) over items starting at ``x0``."""
    intro = _hocr_line(500, [("Følgende", 259, 400), ("tiltak:", 410, 560)], right=1200, conf=95)
    return _hocr_page(
        intro, *(_hocr_line(top, [(text, x0, x0 + 200)], right=1200, conf=95) for top, x0, text in rows)
    )


def test_a_list_number_ocr_left_out_is_read_from_its_mark():
    # a noisy, skewed scan: Tesseract drops a column of list numbers as dust (dev03 scanned
    # with noise and 1.5 degrees of skew lost eight of its ten numbers, and with them 8 of
    # its 10 measures); a mark as tall as a digit before an indented line is read on its
    # own, a bullet's dot is a bullet as before
    image = _page_with_marks([(600, "2."), (650, "3."), (700, "•"), (800, "10."), (900, "7")])
    hocr = _items_hocr(
        [
            (600, 343, "Rullere"),
            (650, 343, "Kommunal"),
            (700, 343, "Lufsjåtangen"),
            (800, 343, "Miljøsertifisering"),
            (900, 343, "Kart"),
        ]
    )
    asked: list = []
    reads = {600: "2:", 650: "3.", 800: "1O.", 900: "7"}  # as Tesseract reads them alone

    def reader(img, boxes):
        asked.extend(boxes)
        return [next(r for top, r in reads.items() if b[1] <= top + 15 <= b[3]) for b in boxes]

    lines, _ = parse_hocr(hocr, 200.0, 1, image, read_marks=reader)
    assert [ln.text for ln in lines] == [
        "Følgende tiltak:",
        "2. Rullere",
        "3. Kommunal",
        "• Lufsjåtangen",
        "• Miljøsertifisering",  # '1O.' is no number, and no count fills it: as before
        "• Kart",  # a '7' no item beside it counts up to: no number of this list
    ]
    assert len(asked) == 4 and all(259 - 10 <= b[0] < 300 for b in asked)  # the tall marks, not the dot
    # without a reader, as before: each mark that has a bullet's shape is a bullet
    lines, _ = parse_hocr(hocr, 200.0, 1, image)
    assert [ln.text[:2] for ln in lines[1:]] == ["• "] * 5


def test_list_numbers_read_as_letters_or_as_lines_of_their_own_keep_their_place():
    # a skewed scan: '1.' read as a line of its own level with its item, '3.' read as 'Tf:'
    # set off by the number's gap, '4.' left out; read again alone, '3.' reads as 'Tf:' once
    # more and '4.' as '4.': the list's count gives 3
    hocr = _hocr_page(
        _hocr_line(500, [("Følgende", 259, 400), ("tiltak:", 410, 560)]),
        _hocr_line(603, [("1.", 259, 282)]),
        _hocr_line(600, [("Rullere", 343, 450), ("planen", 460, 560)]),
        _hocr_line(650, [("2.", 259, 282), ("Kommunal", 343, 480)]),
        _hocr_line(700, [("Tf:", 259, 290), ("Utmarksnæringer", 343, 600)]),
        _hocr_line(750, [("Villreinens", 343, 500)]),
        _hocr_line(800, [("5.", 259, 282), ("Lufsjåtangen", 343, 520)]),
    )
    image = _page_with_marks([(750, "4.")])

    def reader(img, boxes):
        return ["Tf:" if b[0] == 259 and b[1] == 700 else "4." for b in boxes]

    lines, _ = parse_hocr(hocr, 200.0, 1, image, read_marks=reader)
    assert [ln.text for ln in lines] == [
        "Følgende tiltak:",
        "1. Rullere planen",
        "2. Kommunal",
        "3. Utmarksnæringer",
        "4. Villreinens",
        "5. Lufsjåtangen",
    ]
    # a short word far from the next one in a line that no list count takes stays as read
    lines, _ = parse_hocr(
        hocr.replace(b">5.<", b">Sum<"), 200.0, 1, image, read_marks=lambda img, boxes: [""] * len(boxes)
    )
    assert [ln.text for ln in lines][3:] == ["Tf: Utmarksnæringer", "• Villreinens", "Sum Lufsjåtangen"]


def test_a_run_of_list_numbers_read_as_letters_takes_its_place_in_the_count():
    rows = [("4.", "Utmarksnæringer"), ("Å", "Villreinens"), ("Tf:", "Lufsjåtangen"), ("HE", "Kartlegging")]
    rows += [("8.", "Friluftsliv")]
    hocr = _hocr_page(
        *(
            _hocr_line(600 + 50 * n, [(mark, 259, 285), (word, 343, 600)], right=900)
            for n, (mark, word) in enumerate(rows)
        )
    )
    image = _page_with_marks([])
    lines, _ = parse_hocr(hocr, 200.0, 1, image, read_marks=lambda img, boxes: ["Æ"] * len(boxes))
    assert [ln.text for ln in lines] == [
        "4. Utmarksnæringer",
        "5. Villreinens",
        "6. Lufsjåtangen",
        "7. Kartlegging",
        "8. Friluftsliv",
    ]
    # the count must close: with '9.' after them, the three stay as read
    lines, _ = parse_hocr(
        hocr.replace(b">8.<", b">9.<"), 200.0, 1, image, read_marks=lambda img, boxes: ["Æ"] * len(boxes)
    )
    assert [ln.text.split()[0] for ln in lines] == ["4.", "Å", "Tf:", "HE", "9."]


def test_a_line_on_a_skewed_page_is_placed_by_its_left_end():
    # a page turned a degree: a long line rising to the right has a box 19 px taller than its
    # text, and its top is its right end's; the line under it starts 40 px (a line's step)
    # below its left end, not 59 px below its box's top (which reads as a new paragraph,
    # parting 'følgende hovedmål for samfunnsutviklingen i' from '2021-2032:')
    hocr = HOCR.replace(
        "</p>",
        """<span class='ocr_line' title="bbox 259 581 1400 636; baseline -0.017 -6; x_size 30">
 <span class='ocrx_word' title='bbox 259 600 1400 636; x_wconf 95'>Kommunestyret</span></span>
<span class='ocr_line' title="bbox 259 640 500 670; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 259 640 500 670; x_wconf 95'>2021-2032:</span></span></p>""",
    )
    lines, _ = parse_hocr(hocr.encode(), 200.0, 1)
    assert lines[-1].top - lines[-2].top == pytest.approx(40 * 72 / 200, abs=0.2)
    assert lines[0].top == pytest.approx(600 * 72 / 200)  # a level line: its box's top


def test_a_bullet_read_with_no_confidence_keeps_its_item():
    # Tesseract reads a Word bullet as 'e' at 5 and the one word after it at 74 (dev28's
    # '• Folkehelse'): the item is text, as its letters are read well
    item = HOCR.replace("x_wconf 60'>e<", "x_wconf 5'>e<").replace(
        "x_wconf 95'>Samferdsel</span>\n <span class='ocrx_word' title='bbox 457 700 590 730; x_wconf 95'>og</span>",
        "x_wconf 74'>Folkehelse</span>",
    )
    assert "Folkehelse" in item and "x_wconf 5'" in item
    lines, _ = parse_hocr(item.encode(), 200.0, 1)
    assert [ln.text for ln in lines][-1] == "• Folkehelse"


def test_the_pages_read_by_ocr_share_the_documents_sizes():
    # each page is snapped on its own as it is read: a last page of few lines has no body of
    # its own to snap to (dev27 scanned black and white: 'Økt tilflytting' at 15 points under
    # its heading, as big as the heading; 'Side 2 av 2' at 12 over a body of 11); over the
    # whole document one body font is one size, and one heading font
    lines = [
        Line("Lierne 2", page=1, size=14.1),
        Line(
            "Lierne har egen innflytterkoordinator, og har gjennom årene hatt flere tiltak", page=1, size=11.0
        ),
        Line("for å rekruttere innbyggere.", page=1, size=11.0),
        Line("Hovedmål", page=2, size=14.8),
        Line("Økt tilflytting", page=2, size=14.8),
        Line("Side 2 av 2", page=2, size=12.0),
        Line("Vedlegg", page=3, size=20.0),  # a page of a text layer: as it is
    ]
    estimates = {0: 14.1, 1: 10.8, 2: 11.2, 3: 14.6, 4: 11.9, 5: 11.9}
    assert [ln.size for ln in snap_across_pages(lines, estimates)] == [
        14.1,
        11.0,
        11.0,
        14.1,
        11.0,
        11.0,
        20.0,
    ]
    # a document of one page read by OCR keeps what the page gave
    assert snap_across_pages(lines[:3], {0: 14.1, 1: 10.8, 2: 11.2}) == lines[:3]


def test_a_dash_between_words_is_read_by_its_length():
    # Tesseract reads every dash set between words as '-': an en dash's ink is longer than a
    # hyphen's (0.40-0.43 and 0.27-0.31 of x_size in the dev corpus's scans)
    line = """<span class='ocr_line' title="bbox 250 800 1400 830; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 250 800 400 830; x_wconf 95'>Næringsutvikling</span>
 <span class='ocrx_word' title='bbox 410 813 423 816; x_wconf 90'>-</span>
 <span class='ocrx_word' title='bbox 433 800 500 830; x_wconf 95'>flere</span>
 <span class='ocrx_word' title='bbox 510 800 560 830; x_wconf 95'>2013</span>
 <span class='ocrx_word' title='bbox 570 813 579 816; x_wconf 90'>-</span>
 <span class='ocrx_word' title='bbox 589 800 640 830; x_wconf 95'>2016</span>
 <span class='ocrx_word' title='bbox 650 800 700 830; x_wconf 95'>RV83-</span></span>
"""
    lines, _ = parse_hocr(HOCR.replace("</p>", line + "</p>").encode(), 200.0, 1)
    assert lines[-1].text == "Næringsutvikling – flere 2013 - 2016 RV83-"


def test_a_capital_i_read_as_a_bar_opens_its_sentence():
    words = [("arbeidsplasser.", 250, 400), ("|", 410, 414), ("tillegg", 424, 500), ("skal", 510, 560)]
    words += [("Navn", 570, 620), ("|", 630, 634), ("Rolle", 644, 700), ("l", 710, 714), ("dag", 724, 760)]
    lines, _ = parse_hocr(
        HOCR.replace("</p>", _hocr_line(800, words, right=1400) + "</p>").encode(), 200.0, 1
    )
    # a bar between two words that open no sentence is a bar (a table's cells read as a line)
    assert lines[-1].text == "arbeidsplasser. I tillegg skal Navn | Rolle l dag"


def test_an_e_mail_address_read_with_an_ampersand_gets_its_at_sign():
    line = """<span class='ocr_line' title="bbox 250 800 1400 830; baseline 0 -6; x_size 30">
 <span class='ocrx_word' title='bbox 250 800 400 830; x_wconf 95'>kari-anne.opsal&amp;harstad.kommune.no</span>
 <span class='ocrx_word' title='bbox 410 800 450 830; x_wconf 95'>og</span>
 <span class='ocrx_word' title='bbox 460 800 600 830; x_wconf 95'>Hansen&amp;Co</span>
 <span class='ocrx_word' title='bbox 610 800 650 830; x_wconf 95'>&amp;</span></span>
"""
    lines, _ = parse_hocr(HOCR.replace("</p>", line + "</p>").encode(), 200.0, 1)
    assert lines[-1].text == "kari-anne.opsal@harstad.kommune.no og Hansen&Co &"
    # a dash opening the line is a list mark, read as before
    assert [ln.text for ln in lines][:3] == ["2. Rullere planen", "3. Kommunal plan", "• Samferdsel og"]


# ---- Tesseract


DEV03_ITEMS = [
    "Rullere regional plan for Hardangervidda",
    "Kommunal planoppfølging – flere oppgaver",
    "Utmarksnæringer i landbruks-, natur- og friluftsområder",
    "Villreinens arealbruk",
    "Lufsjåtangen",
    "Kartlegging av fritidsbruk og opplevelser",
    "Friluftsliv og villrein",
    "Villrein som reiselivsattraksjon",
    "Miljøsertifisering av reiselivet",
]


@needs_tesseract
@pytest.mark.parametrize(("angle", "seed"), [(0.0, 1), (0.8, 2), (-1.0, 2)])
def test_a_numbered_list_on_a_noisy_skewed_scan_keeps_its_numbers(tmp_path, angle, seed):
    # dev03's list, scanned grainy and turned: Tesseract reads most numbers, drops some as
    # dust, reads the first as 'Å' or as a line of its own; each item keeps its number, so
    # the list stays one list of measures
    text = numbered_list_pdf(tmp_path / "list.pdf", "Følgende prosjekter og tiltak foreslås:", DEV03_ITEMS)
    scan = degraded_scan(text, tmp_path / "scan.pdf", angle, seed)
    doc = repair(extract_pdf(str(scan)))
    items = [ln.text for ln in doc.lines][1:10]
    assert [t.split(" ", 1)[0] for t in items] == [f"{n}." for n in range(1, 10)], items
    assert all(fuzz.ratio(t.split(" ", 1)[1], want) >= 90 for t, want in zip(items, DEV03_ITEMS, strict=True))
    measures = [g.text for g in structure(doc, segment(doc)).goals if g.level == "measure"]
    assert len(measures) == 9, measures


@needs_tesseract
def test_marks_are_read_in_one_call():
    image = _page_with_marks([(600, "2."), (700, "7."), (800, "10.")])
    boxes = [(249, top - 5, 320, top + 40) for top in (600, 700, 800)]
    assert [re.sub(r"[,:;]$", ".", t) for t in read_marks(image, boxes)] == ["2.", "7.", "10."]


@needs_tesseract
def test_a_scanned_report_gives_the_words_and_goals_of_its_text_layer(scans):
    _, _, scan = scans
    text_doc, text_goals = goals_of(TEXT_PDF)
    scan_doc, scan_goals = goals_of(scan)
    assert scan_doc.extraction == "ocr" and scan_doc.ocr_pages == (1, 2, 3)
    assert scan_doc.ocr_confidence is not None and scan_doc.ocr_confidence > 80
    truth = words(text_doc)
    recall = sum((words(scan_doc) & truth).values()) / sum(truth.values())
    assert recall >= 0.97, recall
    assert len(text_goals) >= 5
    assert [g.level for g in scan_goals] == [g.level for g in text_goals]
    for a, b in zip(text_goals, scan_goals, strict=True):
        assert fuzz.ratio(a.text, b.text) >= 90, (a.text, b.text)


@needs_tesseract
def test_a_searchable_scan_gives_the_goals_of_the_report_it_scans(scans, tmp_path):
    """The scan with Tesseract's words drawn invisible over it (a 'searchable PDF', as
    OCRmyPDF and scanners make them) is read by OCR as any scan, and with --ocr never from
    its text layer; both give the report's goals. The layer was read as a text layer before:
    sizes that differ line by line and bullets read as letters lost most of them."""
    _, _, scan = scans
    _, text_goals = goals_of(TEXT_PDF)
    searchable = searchable_pdf(scan, tmp_path / "searchable.pdf")
    scan_doc, scan_goals = goals_of(searchable)
    assert scan_doc.extraction == "ocr" and scan_doc.ocr_pages == (1, 2, 3)
    layer_doc = repair(extract_pdf(str(searchable), ocr="never"))
    layer_goals = structure(layer_doc, segment(layer_doc)).goals
    assert layer_doc.extraction == "text_layer" and layer_doc.ocr_pages == ()
    for goals in (scan_goals, layer_goals):
        assert [g.level for g in goals] == [g.level for g in text_goals]
        for a, b in zip(text_goals, goals, strict=True):
            assert fuzz.ratio(a.text, b.text) >= 90, (a.text, b.text)


@needs_tesseract
def test_ingest_marks_how_each_pdf_was_read(scans):
    folder, batch, scan = scans
    (batch / "text.pdf").write_bytes(TEXT_PDF.read_bytes())
    mixed_pdf(TEXT_PDF, scan, batch / "mixed.pdf")
    db = folder / "w.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(folder / "raw"), "-w", str(db), "-q", "-j", "2"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    got = {
        name: (status, extraction, conf is not None)
        for name, status, extraction, conf in con.execute(
            "SELECT file_name, status, extraction, ocr_confidence FROM documents"
        ).fetchall()
    }
    con.close()
    assert got == {
        "report_scan.pdf": ("loaded", "ocr", True),
        "text.pdf": ("loaded", "text_layer", False),
        "mixed.pdf": ("loaded", "mixed", True),
    }
    shown = CliRunner().invoke(main, ["inspect", str(batch / "mixed.pdf")])
    assert "extraction: mixed  pages read by: p1:text p2:ocr" in shown.output


@needs_tesseract
def test_ocr_never_and_force(scans, tmp_path):
    _, _, scan = scans
    with pytest.raises(ExtractError, match="--ocr auto"):
        extract_pdf(str(scan), ocr="never")
    forced = extract_pdf(str(SAMPLE / "000_2077d483579f621b.pdf"), ocr="force", max_pages=1)
    assert forced.extraction == "ocr" and any("Ålesund" in ln.text for ln in forced.lines)
    assert DEFAULT_OPTIONS.ocr == "auto"


@needs_tesseract
def test_a_page_turned_on_its_side_is_read_upright(tmp_path):
    scan = scan_pdf(TEXT_PDF, tmp_path / "turned.pdf", rotate=90, pages=[1])
    doc = extract_pdf(str(scan))
    truth = words(extract_pdf(str(TEXT_PDF), max_pages=1))
    recall = sum((words(doc) & truth).values()) / sum(truth.values())
    assert recall >= 0.9, recall


@needs_tesseract
@pytest.mark.parametrize("kind", ["blank", "noise", "empty image stream"])
def test_pages_without_text_fail_with_one_line(tmp_path, kind, monkeypatch):
    """A blank page, a page of noise (Tesseract works long on it: the per-page time limit,
    here 3 s, ends it) and an image stream of 0 bytes: one line each, never a hang."""
    from PIL import Image

    from pipeline.extract import ocr

    monkeypatch.setattr(ocr, "PAGE_SECONDS", 3.0)

    path = tmp_path / f"{kind}.pdf"
    if kind == "empty image stream":
        path.write_bytes(EMPTY_IMAGE_PDF)
    else:
        import random

        rng = random.Random(7)
        image = Image.new("L", (1700, 2200), 255)
        if kind == "noise":
            image.putdata([rng.choice((0, 255, 255, 255)) for _ in range(1700 * 2200)])
        image.save(path, "PDF", resolution=200.0)
    with pytest.raises(ExtractError) as err:
        extract_pdf(str(path))
    message = str(err.value)
    assert ("no text" in message or "ran past 3 s" in message) and "\n" not in message


def test_a_short_line_ocr_sizes_a_sixth_off_stays_in_its_paragraph(tmp_path, monkeypatch):
    # the dev PDFs' two-column scans: Tesseract's estimate of a short line strays a sixth
    # from its paragraph's ('foreslås:' at 12.2 under 'Følgende prosjekter og tiltak' at
    # 10.5), which parted the lead-in from itself and its list from it: 0 of dev03's 10
    # measures; a size a quarter apart (a heading's) still parts them
    from pipeline.extract import ocr, pdf

    monkeypatch.setattr(ocr, "tesseract_status", lambda: None)
    rows = [
        ("Handlingsprogram", 14.0, 80.0),
        ("Følgende prosjekter og tiltak", 10.5, 100.0),
        ("foreslås:", 12.2, 113.0),
        ("1. Hardangerviddarådet", 10.5, 126.0),
        ("2. Rullere Regional plan for", 10.5, 139.0),
    ]
    read = ocr.OcrPage(
        PdfPage(
            1, 595, 842, tuple(PdfLine(t, 1, size, False, top, 12.0, estimate=size) for t, size, top in rows)
        ),
        90.0,
        12,
        None,
    )
    monkeypatch.setattr(pdf._PageImages, "ocr", lambda self, number: read)
    path = tmp_path / "scan.pdf"
    path.write_bytes(EMPTY_IMAGE_PDF)
    doc = extract_pdf(str(path))
    blocks = [ln.block for ln in doc.lines]
    assert blocks[1] == blocks[2] != blocks[0]


@pytest.mark.parametrize("ocr_reads", ["nothing", "past its time"])
def test_a_searchable_scan_keeps_its_layer_where_ocr_reads_nothing(tmp_path, monkeypatch, ocr_reads):
    """A searchable page OCR cannot read (no text found on its image, or out of time) keeps
    the words of its text layer: the file loads, as it did before such pages went to OCR."""
    from pipeline.extract import ocr, pdf

    monkeypatch.setattr(ocr, "tesseract_status", lambda: None)
    if ocr_reads == "nothing":
        read = ocr.OcrPage(PdfPage(1, 595, 842, ()), None, 0, None)
        monkeypatch.setattr(pdf._PageImages, "ocr", lambda self, number: read)
    else:

        def timeout(self, number):
            raise ocr.OcrTimeout("OCR of page 1 ran past 3 s")

        monkeypatch.setattr(pdf._PageImages, "ocr", timeout)
    doc = extract_pdf(str(invisible_text_pdf(LAYER, tmp_path / "layer.pdf")))
    assert doc.extraction == "text_layer" and doc.ocr_pages == ()
    assert [ln.text for ln in doc.lines][-1] == "• Berekraftig verdiskaping"


@pytest.mark.parametrize(("scanned", "read"), [(150, 200), (200, 200), (300, 300)])
def test_a_scan_is_read_at_its_resolution_and_a_coarse_one_at_200_dpi(tmp_path, scanned, read):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(scan_pdf(TEXT_PDF, tmp_path / "scan.pdf", dpi=scanned, pages=[1])))
    page = doc[0]
    assert render_dpi(page) == pytest.approx(read, abs=1)
    page.close()
    doc.close()


def test_a_huge_page_is_rendered_within_the_pixel_cap(tmp_path):
    """An A0 poster scanned at 600 dpi: rendered at the resolution the pixel cap allows."""
    import pypdfium2 as pdfium
    from PIL import Image

    from pipeline.extract.ocr import MAX_PIXELS

    path = tmp_path / "a0.pdf"
    Image.new("L", (200, 283), 255).save(path, "PDF", resolution=200 / 46.8)  # 46.8 x 66.2 in
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    width, height = page.get_size()
    dpi = render_dpi(page)
    assert (width * dpi / 72) * (height * dpi / 72) <= MAX_PIXELS * 1.001
    page.close()
    doc.close()
