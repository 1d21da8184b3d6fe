import hashlib
import zipfile

from pipeline.discover import discover, sniff


def test_sniffs_formats_from_content_not_extension(tmp_path):
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.4\n%...")
    (tmp_path / "page.pdf").write_text("<!DOCTYPE html><html><body><p>Hei</p></body></html>", "utf-8")
    (tmp_path / "plain.html").write_text("Bare tekst, ingen tagger.\n", "utf-8")
    with zipfile.ZipFile(tmp_path / "deck.zip", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<p/>")
    with zipfile.ZipFile(tmp_path / "word.bin", "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert sniff(tmp_path / "report.txt") == ("pdf", None)
    assert sniff(tmp_path / "page.pdf") == ("html", None)
    assert sniff(tmp_path / "plain.html") == ("txt", None)
    assert sniff(tmp_path / "deck.zip") == ("pptx", None)
    assert sniff(tmp_path / "word.bin") == ("docx", None)


def test_sniff_explains_what_it_cannot_read(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 40)
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as zf:
        zf.writestr("data.csv", "a,b")
    fmt, why = sniff(tmp_path / "empty.pdf")
    assert fmt is None and why.startswith("empty file")
    fmt, why = sniff(tmp_path / "noise.txt")
    assert fmt is None and "binary" in why
    fmt, why = sniff(tmp_path / "other.zip")
    assert fmt is None and "neither PPTX nor DOCX" in why


def test_discover_hashes_bytes_and_names_batches_by_first_folder(tmp_path):
    (tmp_path / "2026-11").mkdir()
    (tmp_path / "2026-11" / "a.txt").write_text("Hovedmål: Vekst", "utf-8")
    (tmp_path / "loose.txt").write_text("Delmål 1: Samarbeid", "utf-8")
    (tmp_path / ".hidden").write_text("x", "utf-8")
    # a folder with files in it is a batch folder: paths are relative to its parent
    name = tmp_path.name
    found = {s.path: s for s in discover(tmp_path)}
    assert set(found) == {f"{name}/2026-11/a.txt", f"{name}/loose.txt"}
    assert {s.batch for s in found.values()} == {name}
    assert found[f"{name}/2026-11/a.txt"].doc_id == hashlib.sha256(b"Hovedm\xc3\xa5l: Vekst").hexdigest()
    # a folder of batch folders: each first-level folder is a batch
    (tmp_path / "loose.txt").unlink()
    found = {s.path: s for s in discover(tmp_path)}
    assert set(found) == {"2026-11/a.txt"} and found["2026-11/a.txt"].batch == "2026-11"


def test_known_size_and_mtime_skip_the_hash(tmp_path):
    f = tmp_path / "b" / "x.txt"
    f.parent.mkdir()
    f.write_text("tekst", "utf-8")
    st = f.stat()
    known = {str(f.resolve()): (st.st_size, st.st_mtime_ns, "cached-id")}
    assert next(discover(tmp_path, known=known)).doc_id == "cached-id"
    f.write_text("tekst endra", "utf-8")
    assert next(discover(tmp_path, known=known)).doc_id != "cached-id"


def test_text_with_word_symbol_bullets_is_text(tmp_path):
    # text extracted from a Word PDF: every list item opens with the Symbol-font bullet,
    # a private-use letter (U+F0B7), here one character in twenty
    items = "".join(f"\uf0b7 Prosjekt {k}\n" for k in range(40))
    (tmp_path / "arsmelding.txt").write_text("Årsmelding 2022\n\nProsjekter:\n" + items, "utf-8")
    assert sniff(tmp_path / "arsmelding.txt") == ("txt", None)


def test_sniff_names_the_files_a_batch_gets_that_no_stage_reads(tmp_path):
    # what a municipality's export folder holds beside its reports: each one said for what it is
    (tmp_path / "letter.rtf").write_text(r"{\rtf1\ansi\pard Hovedm\'e5l: Vekst\par}", "ascii")
    (tmp_path / "scan.jpg").write_bytes(bytes.fromhex("ffd8ffe000104a464946") + bytes(64))
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "scan.tif").write_bytes(b"II*\x00" + bytes(64))
    (tmp_path / "report.txt.gz").write_bytes(bytes.fromhex("1f8b0800") + bytes(32))
    with zipfile.ZipFile(tmp_path / "report.odt", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    with zipfile.ZipFile(tmp_path / "budget.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    said = {p.name: sniff(p) for p in tmp_path.iterdir()}
    assert all(fmt is None and why.startswith("not a supported format: ") for fmt, why in said.values())
    assert "RTF; save it as DOCX or PDF" in said["letter.rtf"][1]
    assert "image (JPEG)" in said["scan.jpg"][1] and "save the scan as a PDF" in said["scan.jpg"][1]
    assert "image (PNG)" in said["scan.png"][1] and "image (TIFF)" in said["scan.tif"][1]
    assert "gzip" in said["report.txt.gz"][1]
    assert "OpenDocument" in said["report.odt"][1] and "spreadsheet (XLSX)" in said["budget.xlsx"][1]


def _web_archive(html: str) -> bytes:
    """A page as a browser saves it as one file (MHTML): the page quoted-printable, an
    image beside it."""
    import quopri

    body = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    return (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://sunnfjord.no/mal\r\n"
        "Subject: =?utf-8?Q?M=C3=A5l_for_Sunnfjord?=\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://sunnfjord.no/mal\r\n\r\n"
        f"{body}\r\n------B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://sunnfjord.no/logo.png\r\n\r\niVBORw0KGgo=\r\n------B--\r\n"
    ).encode("ascii")


def test_mime_files_a_web_page_saved_as_one_file_is_read_and_an_e_mail_is_named(tmp_path):
    from email.message import EmailMessage

    from pipeline.extract import extract

    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Mål for Sunnfjord</title></head><body><main>'
        "<h1>Mål for Sunnfjord</h1><p>Hovudmål: Sunnfjord skal vere ein attraktiv region å bu og arbeide i.</p>"
        "<ul><li>Delmål 1: Fleire arbeidsplassar i privat sektor</li></ul></main></body></html>"
    )
    (tmp_path / "mal.mhtml").write_bytes(_web_archive(page))
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = "Rapport", "post@sunnfjord.no", "rad@sunnfjord.no"
    mail.set_content("Sjå vedlagt rapport.")
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="rapport 2021.pdf")
    (tmp_path / "melding.eml").write_bytes(mail.as_bytes())
    (tmp_path / "melding.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    # a text report opening with lines shaped like headers is text
    (tmp_path / "plan.txt").write_text("Tiltak: Nye bussruter\nAnsvar: Regionrådet\n\nMeir tekst.\n", "utf-8")
    said = {p.name: sniff(p) for p in tmp_path.iterdir()}
    assert said["mal.mhtml"] == ("html", None) and said["plan.txt"] == ("txt", None)
    assert said["melding.eml"] == (
        None,
        "not a supported format: an e-mail message carrying rapport 2021.pdf; save the report it carries "
        "into the batch folder",
    )
    assert "an Outlook message (.msg)" in said["melding.msg"][1]
    src = next(s for s in discover(tmp_path) if s.path.endswith("mal.mhtml"))
    lines = [ln.text for ln in extract(src).lines]
    assert "Hovudmål: Sunnfjord skal vere ein attraktiv region å bu og arbeide i." in lines
    assert "• Delmål 1: Fleire arbeidsplassar i privat sektor" in lines
    assert not any("Content-" in line or "iVBOR" in line for line in lines)


def test_a_loop_of_links_is_called_a_loop(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "one.pdf").symlink_to("two.pdf")
    (tmp_path / "b" / "two.pdf").symlink_to("one.pdf")
    (tmp_path / "b" / "gone.pdf").symlink_to("nowhere.pdf")
    found = {s.path: s for s in discover(tmp_path)}
    assert "a loop" in found["b/one.pdf"].sniff_error and "a loop" in found["b/two.pdf"].sniff_error
    assert "nowhere.pdf, which does not exist" in found["b/gone.pdf"].sniff_error


def test_a_web_page_saved_complete_is_one_document_and_its_parts_are_no_reports(tmp_path):
    """A browser's 'save page, complete' (and Word's 'save as web page', 'side-filer' in
    Norwegian) puts the page's images, scripts, styles and embedded frames in a folder beside
    it: they were read as text documents (a stylesheet, a script, an advert's frame). They are
    the page's parts, not reports; a stylesheet or script put in a batch on its own is named
    for what it is."""
    batch = tmp_path / "2026-11"
    for page, parts in (("mal.html", "mal_files"), ("plan.htm", "plan-filer")):
        (batch / parts).mkdir(parents=True)
        (batch / page).write_text(
            "<html><body><h1>Mål</h1><p>Hovedmål: Vekst i regionen.</p></body></html>", "utf-8"
        )
        (batch / parts / "style.css").write_text("body { color: black }", "utf-8")
        (batch / parts / "app.js").write_text("var a = 1;", "utf-8")
        (batch / parts / "frame.html").write_text("<html><body><p>Annonse</p></body></html>", "utf-8")
    (batch / "andre_files").mkdir()  # no page of that name beside it: an ordinary folder
    (batch / "andre_files" / "notat.txt").write_text("Delmål 1: Samarbeid", "utf-8")
    (batch / "tema.css").write_text("h1 { font-size: 2em }", "utf-8")
    found = {s.path: s for s in discover(tmp_path)}
    assert set(found) == {
        "2026-11/mal.html",
        "2026-11/plan.htm",
        "2026-11/andre_files/notat.txt",
        "2026-11/tema.css",
    }
    assert (
        found["2026-11/mal.html"].format == "html" and found["2026-11/andre_files/notat.txt"].format == "txt"
    )
    assert found["2026-11/tema.css"].format is None
    assert found["2026-11/tema.css"].sniff_error == (
        "not a supported format: a stylesheet (.css), a part of a web page, not a report"
    )


def test_what_office_leaves_beside_a_document_is_no_report(tmp_path):
    """On a shared folder Word leaves '~$rapport.docx' while someone has the report open, and
    a '~WRL0001.tmp' copy of its earlier version when a save is cut short: the first failed
    every run as 'binary data', the second was read as a second copy of the report. Neither
    is a report, nor is a download not yet ended (it failed as a truncated PDF, a row left
    behind once the download had its name); a batch folder holding only such files holds none."""
    import shutil

    from pipeline.discover import raw_root

    from .conftest import seed_path

    batch = tmp_path / "raw" / "2026-11"
    batch.mkdir(parents=True)
    shutil.copy(seed_path("001"), batch / "rapport.txt")
    (batch / "~$rapport.docx").write_bytes(b"\x0bOle Nordmann" + b" " * 40 + b"\x00" * 110)
    shutil.copy(seed_path("001"), batch / "~WRL0001.tmp")
    (batch / "~$Plan.PPTX").write_bytes(b"\x00" * 162)
    (batch / "tiltak~1.txt").write_text("Tiltak 1: Samarbeid", "utf-8")  # an 8.3 name: a file like any other
    # downloads not yet ended: read once they have their own names
    for partial in ("plan.pdf.crdownload", "plan.pdf.part", "Plan.PDF.PARTIAL", "plan.pdf.opdownload"):
        (batch / partial).write_bytes(b"%PDF-1.7\n1 0 obj")
    (batch / "plan.pdf.download").mkdir()
    (batch / "plan.pdf.download" / "plan.pdf").write_bytes(b"%PDF-1.7\n1 0 obj")
    assert sorted(s.path for s in discover(tmp_path / "raw")) == [
        "2026-11/rapport.txt",
        "2026-11/tiltak~1.txt",
    ]
    lone = tmp_path / "lone" / "2026-11"
    lone.mkdir(parents=True)
    (lone / "~$rapport.docx").write_bytes(b"\x00" * 162)
    assert raw_root(lone) == lone  # no file to read in it: not taken for a batch folder


def test_a_link_to_a_report_is_named_for_what_it_is(tmp_path):
    """A link saved in place of the report (a web page's address as a Windows .url, a macOS
    .webloc or a Linux desktop link, or a Windows shortcut) was read as a text document of
    its address, or failed as 'binary data'. Each is named, with what to do; a report that
    quotes an address is a report."""
    address = "https://www.regjeringen.no/no/dokumenter/sluttrapport-byregionprogrammet/id2600000/"
    (tmp_path / "Sluttrapport.url").write_text(f"[InternetShortcut]\r\nIDList=\r\nURL={address}\r\n", "utf-8")
    (tmp_path / "Sluttrapport.webloc").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>URL</key>\n'
        f"\t<string>{address}</string>\n</dict>\n</plist>\n",
        "utf-8",
    )
    (tmp_path / "rapport.desktop").write_text(
        f"[Desktop Entry]\nType=Link\nName=Rapport\nURL={address}\n", "utf-8"
    )
    (tmp_path / "snarvei.lnk").write_bytes(
        b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0" + b"\x00" * 60
    )
    (tmp_path / "notat.txt").write_text(f"Mål\n\nHovedmål: Vekst.\nURL={address}\n", "utf-8")
    said = {p.name: sniff(p) for p in tmp_path.iterdir()}
    for name in ("Sluttrapport.url", "Sluttrapport.webloc", "rapport.desktop"):
        fmt, why = said[name]
        assert fmt is None and why.startswith(
            "not a supported format: a link to a web page (https://www.regjeringen.no/"
        )
        assert (
            why.endswith("not the page; save the page or its PDF in") and "..." in why
        )  # a long address cut
    assert said["snarvei.lnk"] == (
        None,
        "not a supported format: a Windows shortcut (.lnk), not the file it points to; copy the report itself in",
    )
    assert said["notat.txt"] == ("txt", None)
