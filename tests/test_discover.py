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
