"""What a file is now decides what is latest: identity by path under the raw root,
versions that come back, copies, and batch folders ingested alone or under raw/."""

import duckdb
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.discover import discover, raw_root
from pipeline.records import SourceFile
from pipeline.run import ingest
from pipeline.versions import Version, plan, read_elsewhere

from .conftest import SAMPLE, seed_path
from .helpers import ingest_cli, snapshot


def src(path: str, sha: str) -> SourceFile:
    return SourceFile(path, "/x/" + path, path.rsplit("/", 1)[-1], path.split("/")[0], sha, 1, 1, "txt")


def test_plan_decides_each_file_from_the_versions():
    versions = [
        Version("A", "A", "b/r.txt", "loaded", False),  # r.txt was A, then B
        Version("B", "B", "b/r.txt", "loaded", True),
        Version("T", "T", "b/s.txt", "failed", True),  # s.txt: a truncated copy, G before it
        Version("G", "G", "b/s.txt", "loaded", False),
        Version("C", "C", "b/q.txt", "loaded", True),
        Version("F", "F", "b/f.txt", "failed", False),
        Version("H", "H", "b/f.txt", "loaded", True),
    ]
    got = plan(
        [
            src("b/r.txt", "A"),  # back to A
            src("b/s.txt", "G"),  # the good copy again
            src("b/q.txt", "C"),  # unchanged
            src("b/p.txt", "C"),  # a copy of q
            src("b/f.txt", "F"),  # back to a version that failed: read again
            src("b/n.txt", "N"),  # new
        ],
        versions,
    )
    assert [(r.doc_id, r.supersedes) for r in got.restore] == [("A", "B"), ("G", "T")]
    assert [s.path for s in got.unchanged] == ["b/q.txt"]
    assert [(d.source.path, d.same_as) for d in got.duplicates] == [("b/p.txt", "b/q.txt")]
    assert [s.path for s in got.todo] == ["b/f.txt", "b/n.txt"] and got.forget == ["F"]


def test_the_raw_root_is_the_folder_of_batch_folders(tmp_path):
    (tmp_path / "raw" / "2026-11").mkdir(parents=True)
    (tmp_path / "raw" / "2026-11" / "a.txt").write_text("x", "utf-8")
    raw = tmp_path / "raw"
    assert raw_root(raw) == raw
    assert raw_root(raw / "2026-11") == raw
    assert raw_root(raw / "2026-11" / "a.txt") == raw
    paths = {(s.batch, s.path) for s in discover(raw / "2026-11")}
    assert paths == {(s.batch, s.path) for s in discover(raw)} == {("2026-11", "2026-11/a.txt")}


def test_a_raw_root_read_before_stays_the_raw_root(tmp_path):
    """A file that lands beside the batch folders (a README in raw/) would make raw/ look
    like a batch folder; once the warehouse has read batch folders from it, it stays the raw
    root: no file is renamed, and the loose file fails as in no batch."""
    raw = tmp_path / "raw"
    (raw / "b").mkdir(parents=True)
    (raw / "b" / "r.txt").write_bytes(seed_path("001").read_bytes())
    (raw / "README.md").write_text("Batches of reports, one folder a month.\n", "utf-8")
    assert raw_root(raw) == tmp_path  # a folder with loose files, read for the first time
    assert raw_root(raw, [str(raw)]) == raw == raw_root(raw / "b", [str(tmp_path), str(raw)])
    assert raw_root(raw / "README.md", [str(raw)]) == raw
    loose = {s.path: s.sniff_error for s in discover(raw, known_roots=[str(raw)])}
    assert loose["b/r.txt"] is None and loose["README.md"].startswith("not in a batch folder")


def test_raw_roots_are_the_known_paths_less_the_documents_paths():
    from pipeline.discover import raw_roots_of

    known = {
        "/data/raw/b/r.txt": (1, 1, "A"),
        "/data/raw/c/r.txt": (1, 1, "A"),  # the same bytes in two batches: one doc_id, two paths
        "/old/x.txt": (1, 1, "B"),  # read before under another name
    }
    paths = [("A", "b/r.txt"), ("A", "c/r.txt"), ("B", "elsewhere/x.txt")]
    assert raw_roots_of(known, paths) == {"/data/raw"}
    assert raw_roots_of({}, paths) == set() == raw_roots_of(known, [])


def test_a_file_beside_the_batch_folders_renames_nothing_on_the_next_run(tmp_path):
    raw = tmp_path / "raw"
    (raw / "b").mkdir(parents=True)
    (raw / "b" / "r.txt").write_bytes(seed_path("001").read_bytes())
    db = tmp_path / "w.duckdb"
    assert ingest(raw, db, workers=1).loaded == 1
    (raw / "README.md").write_text("Batches of reports, one folder a month.\n", "utf-8")
    summary = ingest(raw, db, workers=1)
    assert (summary.loaded, summary.unchanged, summary.duplicates, summary.failed) == (0, 1, 0, 1)
    docs = _docs(db)
    assert set(docs) == {"b/r.txt", "README.md"} and docs["b/r.txt"] == ("loaded", None)
    assert docs["README.md"][0] == "failed" and "not in a batch folder" in docs["README.md"][1]
    again = ingest(raw, db, workers=1)
    assert (again.unchanged, again.exit_code) == (2, 0)


def _latest(db) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT path, status FROM latest_documents").fetchall())
    finally:
        con.close()


def _count(db, sql) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_batch_folders_then_raw_adds_nothing(tmp_path):
    raw = tmp_path / "raw"
    for name, prefix in (("2026-10", "001"), ("2026-11", "002")):
        (raw / name).mkdir(parents=True)
        (raw / name / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    db = tmp_path / "w.duckdb"
    for folder in ("2026-10", "2026-11"):
        assert CliRunner().invoke(main, ["ingest", str(raw / folder), "-w", str(db), "-q"]).exit_code == 0
    before = _count(db, "SELECT count(*) FROM documents")
    again = ingest(raw, db, workers=1)
    assert (again.loaded, again.duplicates, again.unchanged) == (0, 0, 2)
    assert _count(db, "SELECT count(*) FROM documents") == before == 2
    assert set(_latest(db)) == {"2026-10/001.txt", "2026-11/002.txt"}


def test_a_file_that_goes_back_to_earlier_bytes_makes_them_latest_again(tmp_path):
    raw = tmp_path / "raw"
    (raw / "b").mkdir(parents=True)
    report = raw / "b" / "rapport.txt"
    good = seed_path("001").read_bytes()
    db = tmp_path / "w.duckdb"
    report.write_bytes(good)
    ingest(raw, db, workers=1)
    goals_a = _count(db, "SELECT count(*) FROM goals_overview")
    # an edit (B), then the edit reverted (A): A is latest again
    report.write_bytes(good.replace(b"\n", b"\nEndra.\n", 1))
    ingest(raw, db, workers=1)
    summary = ingest(raw, db, workers=1)  # nothing changed: nothing to do
    assert summary.unchanged == 1
    report.write_bytes(good)
    back = ingest(raw, db, workers=1)
    assert back.restored == 1 and back.loaded == 0
    con = duckdb.connect(str(db), read_only=True)
    (latest,) = con.execute("SELECT doc_id FROM latest_documents").fetchone()
    con.close()
    import hashlib

    assert latest == hashlib.sha256(good).hexdigest()
    assert _count(db, "SELECT count(*) FROM goals_overview") == goals_a
    # a truncated copy fails; the good file downloaded again is latest again, not "failed"
    report.write_bytes(b"")
    ingest(raw, db, workers=1)
    assert _latest(db) == {"b/rapport.txt": "failed"}
    report.write_bytes(good)
    ingest(raw, db, workers=1)
    assert _latest(db) == {"b/rapport.txt": "loaded"}
    assert _count(db, "SELECT count(*) FROM goals_overview") == goals_a


def test_a_file_edited_until_it_equals_another_is_no_longer_its_old_content(tmp_path):
    raw = tmp_path / "raw"
    (raw / "b").mkdir(parents=True)
    (raw / "b" / "one.txt").write_bytes(seed_path("001").read_bytes())
    (raw / "b" / "two.txt").write_bytes(seed_path("002").read_bytes())
    db = tmp_path / "w.duckdb"
    ingest(raw, db, workers=1)
    (raw / "b" / "two.txt").write_bytes(seed_path("001").read_bytes())
    ingest(raw, db, workers=1)
    assert _latest(db) == {"b/one.txt": "loaded"}  # two.txt is a copy now: its old content is gone
    assert _count(db, "SELECT count(*) FROM documents WHERE path = 'b/two.txt' AND status = 'duplicate'") == 1


def test_read_elsewhere_names_files_whose_path_was_read_from_another_folder():
    versions = [
        Version("A", "A", "2026-11/r.txt", "loaded", True),
        Version("Q", "Q", "2026-11/q.txt", "loaded", True),
    ]
    seen_at = {"/share/a/2026-11/r.txt": (1, 1, "A"), "/share/a/2026-11/q.txt": (1, 1, "Q")}

    def at(root: str, path: str, sha: str) -> SourceFile:
        return SourceFile(path, f"{root}/{path}", path.rsplit("/", 1)[-1], "2026-11", sha, 1, 1, "txt")

    got = read_elsewhere(
        [
            at("/share/b", "2026-11/r.txt", "B"),  # another folder, other bytes at the same path
            at("/share/b", "2026-11/q.txt", "Q"),  # the same bytes: nothing replaced
            at("/share/b", "2026-11/n.txt", "N"),  # a path the warehouse does not have
            at("/share/a", "2026-11/r.txt", "A2"),  # a new version read where the old one was
        ],
        versions,
        seen_at,
    )
    assert [(e.source.abs_path, e.other) for e in got] == [
        ("/share/b/2026-11/r.txt", "/share/a/2026-11/r.txt")
    ]


def test_a_second_raw_folder_with_the_same_paths_is_refused_and_replaces_nothing(tmp_path):
    a, b = tmp_path / "bergen", tmp_path / "tromso"
    for root, prefix in ((a, "001"), (b, "002")):
        (root / "2026-11").mkdir(parents=True)
        (root / "2026-11" / "rapport.txt").write_bytes(seed_path(prefix).read_bytes())
    db = tmp_path / "w.duckdb"
    assert ingest_cli(a, db).exit_code == 0
    before = (snapshot(db), _count(db, "SELECT count(*) FROM ingest_runs"))
    refused = ingest_cli(b, db)
    assert refused.exit_code == 2
    message = refused.output.strip()
    assert (
        "\n" not in message
        and "2026-11/rapport.txt" in message
        and str(a / "2026-11" / "rapport.txt") in message
    )
    assert "--warehouse" in message and "Traceback" not in message
    assert (snapshot(db), _count(db, "SELECT count(*) FROM ingest_runs")) == before
    assert _latest(db) == {"2026-11/rapport.txt": "loaded"}
    # the same folder seen through a link is the same folder: an edit there is a new version
    (tmp_path / "link").symlink_to(a)
    (a / "2026-11" / "rapport.txt").write_bytes(seed_path("001").read_bytes() + b"\nTillegg.\n")
    assert ingest_cli(tmp_path / "link", db).exit_code == 0
    # the first folder moved away: the second takes its place, its file the path's new version
    a.rename(tmp_path / "bergen-old")
    assert ingest_cli(b, db).exit_code == 0
    assert _count(db, "SELECT count(*) FROM documents WHERE superseded_by IS NULL") == 1
    assert _count(db, "SELECT count(*) FROM documents") == 3


def test_sample_paths_are_under_the_raw_root(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    paths = {p for (p,) in con.execute("SELECT path FROM documents").fetchall()}
    con.close()
    assert paths == {f"sample/{p.name}" for p in SAMPLE.iterdir() if not p.name.startswith(".")}


def _docs(db) -> dict[str, tuple[str, str | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {p: (s, e) for p, s, e in con.execute("SELECT path, status, error FROM documents").fetchall()}
    finally:
        con.close()


def test_names_that_are_not_utf8_unreadable_files_and_folders_fail_alone(tmp_path, monkeypatch):
    """One file's name or permissions never stop the batch, and nothing is skipped in
    silence: a name from a Windows archive (not UTF-8) is loaded under a readable name; a
    file and a folder that cannot be read each get a failed row with the reason."""
    import os

    import pipeline.discover as discover_module

    raw = tmp_path / "raw"
    batch = raw / "b"
    (batch / "locked").mkdir(parents=True)
    (batch / "locked" / "inside.txt").write_text("Hovedmål: Vekst.\n", "utf-8")
    (batch / "ok.txt").write_bytes(seed_path("001").read_bytes())
    (batch / "secret.txt").write_text("Hovedmål: Hemmeleg.\n", "utf-8")
    with open(os.path.join(os.fsencode(batch), b"rapport \xe6\xf8.txt"), "wb") as fh:  # cp1252 bytes
        fh.write(seed_path("002").read_bytes())
    real_scandir, real_hash = os.scandir, discover_module.sha256_file

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def sha256_file(path):
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_hash(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(discover_module, "sha256_file", sha256_file)
    db = tmp_path / "w.duckdb"
    result = ingest_cli(raw, db)
    assert result.exit_code == 1, result.output  # some files failed, the rest loaded
    assert "failed: b/secret.txt:" in result.output and "b/b/" not in result.output
    docs = _docs(db)
    assert docs["b/ok.txt"] == ("loaded", None)
    assert docs["b/rapport \ufffd\ufffd.txt"] == ("loaded", None)
    assert docs["b/secret.txt"][0] == "failed" and "cannot read the file" in docs["b/secret.txt"][1]
    assert docs["b/locked/"][0] == "failed" and "cannot read the folder" in docs["b/locked/"][1]


def test_a_line_break_in_a_file_name_is_shown_escaped_on_one_line(tmp_path):
    """A file name may hold a line break or a tab: the progress line and the failure summary
    write it escaped, so every line of output is one file's and no name forges a line; the
    warehouse keeps the name as it is."""
    batch = tmp_path / "raw" / "b"
    batch.mkdir(parents=True)
    (batch / "mål\nloaded forged.txt").write_bytes(seed_path("001").read_bytes())
    (batch / "bad\tname.pdf").write_bytes(b"%PDF-1.4 truncated")
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "raw"), "-w", str(db), "-j", "1"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(ln.startswith("[") and "loaded b/mål\\nloaded forged.txt" in ln for ln in lines), lines
    assert not any(ln.startswith("loaded forged.txt") for ln in lines)
    assert any(ln.startswith("  failed: b/bad\\tname.pdf: ") for ln in lines), lines
    docs = _docs(db)
    assert docs["b/mål\nloaded forged.txt"] == ("loaded", None)
    assert docs["b/bad\tname.pdf"][0] == "failed"


def test_a_named_pipe_and_a_link_to_nothing_fail_alone_and_are_counted(tmp_path):
    """Entries that are no file to read are never opened (a named pipe would wait for a
    writer for ever) and never skipped in silence: each gets a failed row with the reason,
    the progress display counts them, and a link mended later loads as the latest version."""
    import os

    raw = tmp_path / "raw"
    batch = raw / "b"
    batch.mkdir(parents=True)
    (batch / "ok.txt").write_bytes(seed_path("001").read_bytes())
    os.mkfifo(batch / "pipe.txt")
    (batch / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(raw), "-w", str(db), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "[3/3]" in result.output and "/4]" not in result.output  # the total is what discovery sees
    docs = _docs(db)
    assert docs["b/ok.txt"] == ("loaded", None)
    assert docs["b/pipe.txt"][0] == "failed" and "a named pipe" in docs["b/pipe.txt"][1]
    assert docs["b/gone.txt"][0] == "failed" and "nowhere.txt, which does not exist" in docs["b/gone.txt"][1]

    (tmp_path / "nowhere.txt").write_bytes(seed_path("002").read_bytes())  # the link now leads somewhere
    summary = ingest(raw, db, workers=1)
    assert (summary.loaded, summary.unchanged, summary.failed) == (1, 2, 0)  # the pipe: as it was
    con = duckdb.connect(str(db), read_only=True)
    try:
        latest = dict(con.execute("SELECT path, status FROM latest_documents").fetchall())
    finally:
        con.close()
    assert latest["b/gone.txt"] == "loaded"


def test_a_symlinked_batch_folder_is_followed_and_a_loop_ends(tmp_path):
    share = tmp_path / "share" / "2026-11"
    share.mkdir(parents=True)
    (share / "r.txt").write_bytes(seed_path("001").read_bytes())
    (share / "loop").symlink_to(share)  # a link back up: walked once
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "2026-11").symlink_to(share)
    db = tmp_path / "w.duckdb"
    summary = ingest(raw, db, workers=1)
    assert (summary.files_seen, summary.loaded) == (1, 1)
    assert set(_docs(db)) == {"2026-11/r.txt"}
