"""The warehouse as users meet it: ingest, rerun, changed and duplicate files, views, CLI."""

import json
import shutil

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.normalise.bokmal import apertium_available
from pipeline.run import ingest

from .conftest import GOLD, ROOT, SAMPLE
from .helpers import ingest_cli, snapshot


def rows(db, sql):
    c = duckdb.connect(str(db), read_only=True)
    try:
        return c.execute(sql).fetchall()
    finally:
        c.close()


def test_every_sample_file_is_loaded(con):
    docs = con.execute("SELECT file_name, status, batch FROM documents").fetchall()
    assert sorted(d[0] for d in docs) == sorted(
        p.name for p in SAMPLE.iterdir() if not p.name.startswith(".")
    )
    assert {d[1] for d in docs} == {"loaded"} and {d[2] for d in docs} == {"sample"}


@pytest.mark.parametrize("name", ["000_2077d483579f621b.txt", "000_2077d483579f621b.pdf"])
def test_alesund_report_sections_and_26_measures_with_parents(con, name):
    (doc_id,) = con.execute("SELECT doc_id FROM documents WHERE file_name = ?", [name]).fetchone()
    kinds = [
        k
        for (k,) in con.execute(
            "SELECT kind FROM sections WHERE doc_id = ? AND kind <> 'other' ORDER BY ordinal", [doc_id]
        ).fetchall()
    ]
    assert kinds == ["organisation", "goals", "activities", "progress"]
    measures = con.execute(
        "SELECT g.number, p.level, p.number FROM goals g LEFT JOIN goals p ON p.goal_id = g.parent_goal_id "
        "WHERE g.doc_id = ? AND g.level = 'measure'",
        [doc_id],
    ).fetchall()
    assert len(measures) == 26
    assert all(plevel == "sub_goal" and num.split(".")[0] == pnum for num, plevel, pnum in measures)


def test_contract_columns_are_there(con):
    """Every column docs/CONTRACT.md names is in the warehouse, with the contract's type."""
    from .test_schema import contract_columns

    contract = contract_columns()
    assert {"documents", "sections", "goals", "municipality_mentions"} <= set(contract)
    for table, cols in contract.items():
        have = {r[0]: r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        for name, typ in cols.items():
            assert name in have, (table, name)
            assert typ is None or have[name] == typ, (table, name, have[name], typ)


def test_pdf_pages_and_text_nulls(con):
    got = dict(
        con.execute(
            "SELECT format, count(*) FILTER (WHERE n_pages IS NULL) FROM documents GROUP BY format"
        ).fetchall()
    )
    assert got == {"pdf": 0, "txt": 4 + 1}  # text files have no pages
    assert (
        con.execute(
            "SELECT count(*) FROM sections s JOIN documents d USING (doc_id) WHERE d.format = 'txt' AND s.page_start IS NOT NULL"
        ).fetchone()[0]
        == 0
    )


@pytest.mark.parametrize(
    "view,key",
    [
        ("latest_documents", "doc_id"),
        ("goals_overview", "goal_id"),
        ("measures_by_region", "goal_id"),
        ("report_summary", "doc_id"),
        ("report_summary", "report_id"),
        ("region_summary", "region"),
        ("region_latest", "region"),
        ("measures", "goal_id"),
        ("shared_goals", "group_id"),
    ],
)
def test_views_have_unique_non_null_keys(con, view, key):
    total, distinct, nulls = con.execute(
        f"SELECT count(*), count(DISTINCT {key}), count(*) FILTER (WHERE {key} IS NULL) FROM {view}"
    ).fetchone()
    assert total == distinct and nulls == 0
    if view != "shared_goals":
        assert total > 0


def test_report_summary_counts_and_progress(con):
    row = con.execute(
        "SELECT sub_goals, measures, working_groups_established, working_groups_being_established, progress_status "
        "FROM report_summary WHERE file_name = '000_2077d483579f621b.pdf'"
    ).fetchone()
    assert row == (7, 26, 3, 2, "delayed")


def test_one_row_per_region_with_its_latest_report_and_period(con):
    regions = {
        r
        for (r,) in con.execute(
            "SELECT DISTINCT region FROM report_summary WHERE region IS NOT NULL"
        ).fetchall()
    }
    latest = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT region, file_name, report_year, measures, region_reports FROM region_latest"
        ).fetchall()
    }
    assert set(latest) == regions and len(regions) >= 3
    # Ålesund: the 2016 progress report (26 measures) and a news item; the report is in PDF and text, once
    assert latest["Ålesundregionen"][2] == 26 and latest["Ålesundregionen"][3] == 2
    summary = dict(con.execute("SELECT region, measures FROM region_summary").fetchall())
    assert summary["Ålesundregionen"] == 26
    (typed,) = con.execute("SELECT typeof(themes) FROM measures LIMIT 1").fetchone()
    assert typed == "VARCHAR[]"
    assert con.execute(
        "SELECT count(*) FROM measures WHERE region IS NULL AND report_id IS NULL"
    ).fetchone() == (0,)


def test_periods_from_titles():
    from pipeline.records import Line
    from pipeline.structure.fields import find_period, report_year

    def period(text):
        return find_period([Line(text)])

    assert period("Strategisk plan 2017 - 2020") == (2017, 2020)
    assert period("Handlingsprogram 2018-2019") == (2018, 2019)
    assert period("Kommuneplanens samfunnsdel 2021–2032") == (2021, 2032)
    assert period("Rapport for perioden 2016-19") == (2016, 2019)
    assert period("Årsmelding 2019") == (2019, 2019)
    assert period("Møte 12.03.2016 i Ålesund") == (None, None)
    assert report_year(None, (2017, 2020), None) == 2017
    assert report_year(None, (None, None), 2019) == 2019


def test_eval_meets_the_seed_targets(sample_warehouse):
    result = CliRunner().invoke(
        main, ["eval", str(GOLD / "seeds"), "--warehouse", str(sample_warehouse), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    f = report["fields"]
    print(json.dumps({k: v["f1"] for k, v in f.items()}))
    assert report["documents"] == 8 and not report["gold_without_document"]
    assert f["goals_soft"]["f1"] >= 0.97 and f["sections"]["f1"] >= 0.9
    assert f["organisation_units"]["f1"] >= 0.8 and f["municipalities"]["f1"] >= 0.95
    per_doc = {d["file"]: d for d in report["per_document"]}
    for name in (
        "000_2077d483579f621b.txt",
        "000_2077d483579f621b.pdf",
        "003_851aa941d43c1de3.txt",
        "003_851aa941d43c1de3.pdf",
    ):
        gold_region, region = per_doc[name]["region"]
        gold_date, date = per_doc[name]["report_date"]
        assert (gold_region, gold_date) == (region, date)


def test_cli_query_prints_a_number(sample_warehouse):
    result = CliRunner().invoke(
        main, ["query", "select count(*) from goals", "-w", str(sample_warehouse), "--format", "csv"]
    )
    assert result.exit_code == 0
    assert int(result.output.splitlines()[1]) > 60


def test_cli_query_reports_sql_errors_cleanly(sample_warehouse):
    result = CliRunner().invoke(main, ["query", "select nope from goals", "-w", str(sample_warehouse)])
    assert result.exit_code == 1 and "Error" in result.output and "Traceback" not in result.output


def test_cli_status_and_inspect(sample_warehouse):
    result = CliRunner().invoke(main, ["status", "-w", str(sample_warehouse)])
    assert result.exit_code == 0 and "loaded" in result.output
    result = CliRunner().invoke(main, ["inspect", str(SAMPLE / "000_2077d483579f621b.pdf")])
    assert result.exit_code == 0
    assert "Tiltak 2.2" in result.output and "Delmål 7" in result.output and "organisation" in result.output
    # a goal the text names with no label or number is shown as its text alone, not ': text'
    page = ROOT / "tests" / "fixtures" / "own" / "103_kongsberg_nettside.html"
    result = CliRunner().invoke(main, ["inspect", str(page)])
    assert result.exit_code == 0
    assert "  main_goal Programmet skal øke kunnskapen om samspillet mellom by og omland\n" in result.output


def test_inspect_of_a_file_that_cannot_be_read_exits_1(tmp_path):
    (tmp_path / "cut.pdf").write_bytes((SAMPLE / "000_2077d483579f621b.pdf").read_bytes()[:3000])
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "cut.pdf")])
    assert result.exit_code == 1 and "failed: truncated or damaged PDF" in result.output


def test_eval_scores_nothing_it_cannot_match(sample_warehouse, tmp_path):
    """A folder with no gold in it (results files, a broken file) is a usage error naming
    the file; gold that matches no loaded document is an error, not a perfect score."""
    import json

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "bench_results.json").write_text(json.dumps({"ratio": 0.5}), "utf-8")
    result = CliRunner().invoke(main, ["eval", str(notes), "-w", str(sample_warehouse)])
    assert result.exit_code == 2 and "no gold in" in result.output and "1.000" not in result.output
    (notes / "broken.json").write_text("{not json", "utf-8")
    result = CliRunner().invoke(main, ["eval", str(notes), "-w", str(sample_warehouse)])
    assert result.exit_code == 2 and "cannot read the gold file broken.json" in result.output
    elsewhere = tmp_path / "gold"
    elsewhere.mkdir()
    (elsewhere / "other_report.json").write_text(
        json.dumps({"file": "other_report.pdf", "goals": []}), "utf-8"
    )
    result = CliRunner().invoke(main, ["eval", str(elsewhere), "-w", str(sample_warehouse)])
    assert result.exit_code == 1 and "none of the 1 gold documents" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["report", "docs", "export"])
def test_an_output_that_cannot_be_written_is_one_line(sample_warehouse, tmp_path, command):
    (tmp_path / "a_file").write_text("in the way", "utf-8")
    target = str(tmp_path / "a_file" / "out")
    args = [command, target] + ([] if command == "docs" else ["-w", str(sample_warehouse)])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and f"cannot write {target}" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_every_command_has_help_with_an_example():
    for cmd in ("ingest", "query", "inspect", "status", "eval", "models", "export"):
        result = CliRunner().invoke(main, [cmd, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, cmd


def test_export_parquet_opens_in_duckdb(sample_warehouse, tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path / "out"), "-w", str(sample_warehouse)])
    assert result.exit_code == 0
    n = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'out' / 'goals_overview.parquet'}'").fetchall()[0][0]
    assert n == rows(sample_warehouse, "SELECT count(*) FROM goals_overview")[0][0]


def test_export_to_a_folder_with_a_quote_in_its_name(sample_warehouse, tmp_path):
    """A folder such as "Ole's rapporter" is written like any other (its name went into the
    SQL of DuckDB's COPY unquoted, and the command ended in a parser traceback)."""
    out = tmp_path / "Ole's rapporter"
    result = CliRunner().invoke(main, ["export", str(out), "-w", str(sample_warehouse)])
    assert result.exit_code == 0, result.output
    ((n,),) = duckdb.read_parquet(str(out / "goals.parquet")).aggregate("count(*)").fetchall()
    assert n == rows(sample_warehouse, "SELECT count(*) FROM goals")[0][0]


def test_export_excel_csv(sample_warehouse, tmp_path):
    """CSV a Norwegian Excel opens right: BOM, ';', CRLF only, kommunenummer as text."""
    import csv

    out = tmp_path / "xl"
    result = CliRunner().invoke(main, ["export", str(out), "-w", str(sample_warehouse), "--excel"])
    assert result.exit_code == 0, result.output
    raw = (out / "municipality_mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.split(b"\r\n")[0].count(b";") >= 4
    assert b"\n" not in raw.replace(b"\r\n", b"")  # one line ending everywhere
    text = raw.decode("utf-8-sig")
    body = list(csv.reader(text.splitlines(), delimiter=";"))
    header = body[0]
    numbers = [row[header.index("kommunenummer")] for row in body[1:]]
    assert numbers and all(
        n.startswith('="') and len(n) == 7 for n in numbers
    )  # ="1504": a leading 0 survives
    assert "Ålesund" in text
    sections = (out / "sections.csv").read_bytes()
    assert b"\r\n" in sections and b"\n" not in sections.replace(b"\r\n", b"")  # multi-line text too
    (count,) = rows(sample_warehouse, "SELECT count(*) FROM sections")[0]
    with open(out / "sections.csv", encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh, delimiter=";")) == count + 1


def test_excel_csv_never_hands_excel_a_formula(tmp_path):
    """A text that Excel would run as a formula is written as text; numbers stay numbers."""
    import csv

    from pipeline.export import write_excel_csv

    con = duckdb.connect()
    con.execute("CREATE TABLE t (text VARCHAR, n INTEGER, x DOUBLE, tags VARCHAR[])")
    texts = [
        '=HYPERLINK("http://x.example/?"&A1,"klikk")',
        "+47 77 02 60 10",
        "-20 % utslepp",
        "@SUM(1)",
        "\tTab",
    ]
    con.executemany(
        "INSERT INTO t VALUES (?, -3, -1.5, ['=1+1', 'ok'])", [[t] for t in texts + ["Mål: 3 = 3"]]
    )
    write_excel_csv(con, "t", tmp_path / "t.csv")
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as fh:
        body = list(csv.reader(fh, delimiter=";"))[1:]
    assert [row[0] for row in body] == ["'" + t for t in texts] + ["Mål: 3 = 3"]
    assert {(row[1], row[2], row[3]) for row in body} == {("-3", "-1,5", "'=1+1, ok")}


def _sample_batch(tmp_path):
    """(root, warehouse): a copy of raw/sample as a batch under a root of its own, and a
    warehouse path beside it."""
    root = tmp_path / "raw"
    shutil.copytree(SAMPLE, root / "sample")
    return root, tmp_path / "w.duckdb"


def test_rerun_changes_nothing_and_reports_unchanged(tmp_path):
    root, db = _sample_batch(tmp_path)
    first = ingest(root, db, workers=1)
    before = snapshot(db)
    second = ingest(root, db, workers=1)
    assert (second.loaded, second.unchanged, second.failed) == (0, first.files_seen, 0)
    assert snapshot(db) == before
    assert rows(db, "SELECT count(*) FROM ingest_runs WHERE finished_at IS NOT NULL")[0][0] == 2


def test_changed_file_becomes_a_new_version_and_duplicates_are_marked(tmp_path):
    root = tmp_path / "raw"
    (root / "b1").mkdir(parents=True)
    f = root / "b1" / "rapport.txt"
    f.write_text("Hovedmål: Vekst i regionen.\nDelmål 1: Flere arbeidsplasser.\n", "utf-8")
    db = tmp_path / "w.duckdb"
    ingest(root, db, workers=1)
    f.write_text(
        "Hovedmål: Vekst i regionen.\nDelmål 1: Flere arbeidsplasser.\nDelmål 2: Bedre veier.\n", "utf-8"
    )
    shutil.copy(f, root / "b1" / "kopi.txt")
    summary = ingest(root, db, workers=1)
    assert (summary.loaded, summary.duplicates, summary.renormalised) == (1, 1, 0)
    docs = sorted(rows(db, "SELECT path, status, superseded_by IS NULL FROM documents"))
    assert docs == [
        ("b1/kopi.txt", "duplicate", True),
        ("b1/rapport.txt", "loaded", False),
        ("b1/rapport.txt", "loaded", True),
    ]
    assert rows(db, "SELECT count(*) FROM latest_documents WHERE path = 'b1/rapport.txt'")[0][0] == 1
    assert rows(db, "SELECT count(*) FROM goals_overview")[0][0] == 3  # only the latest version's goals
    again = ingest(root, db, workers=1)
    assert (again.loaded, again.unchanged, again.duplicates) == (0, 2, 0)


def _as_an_older_normaliser_left_it(db, engine):
    from pipeline.publish import work_path

    con = duckdb.connect(str(work_path(db)))  # the file ingest writes (readers get a snapshot of it)
    con.execute("UPDATE goals SET text_nb = 'older form', lemma_key = 'older key'")
    con.execute("DELETE FROM goal_themes")
    con.execute("UPDATE goal_groups SET group_id = goal_id")
    con.execute("UPDATE pipeline_state SET value = 'lemma0:' WHERE key = ?", [f"lemma_keys:{engine}"])
    con.close()


def test_goals_an_older_normaliser_made_are_normalised_again_once(tmp_path):
    from pipeline.normalise.bokmal import normaliser_name

    root, db = _sample_batch(tmp_path)
    first = ingest(root, db, workers=1)
    fresh = snapshot(db)
    groups = rows(db, "SELECT * FROM goal_groups ORDER BY goal_id")
    assert len({g for g, _ in groups}) < len(groups)  # some goals share a group
    _as_an_older_normaliser_left_it(db, normaliser_name())
    result = CliRunner().invoke(main, ["ingest", str(root), "-w", str(db), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert f"{first.goals} goals of earlier runs normalised again" in result.output
    assert snapshot(db) == fresh  # forms, keys and themes as a fresh warehouse has them
    assert rows(db, "SELECT * FROM goal_groups ORDER BY goal_id") == groups
    again = ingest(root, db, workers=1)
    assert (again.loaded, again.renormalised) == (0, 0) and snapshot(db) == fresh


@pytest.mark.skipif(not apertium_available(), reason="apertium not installed")
def test_the_fallbacks_forms_give_way_to_apertiums_and_never_the_reverse(tmp_path, monkeypatch):
    root, db = _sample_batch(tmp_path)
    reference = tmp_path / "apertium.duckdb"
    ingest(root, reference, workers=1)
    monkeypatch.setenv("RAPPORT_NORMALISER", "fallback")
    first = ingest(root, db, workers=1)
    assert rows(db, "SELECT DISTINCT normaliser FROM goals") == [("fallback",)]
    monkeypatch.delenv("RAPPORT_NORMALISER")
    upgraded = ingest(root, db, workers=1)
    assert upgraded.renormalised == first.goals
    assert snapshot(db) == snapshot(reference)
    monkeypatch.setenv("RAPPORT_NORMALISER", "fallback")
    assert ingest(root, db, workers=1).renormalised == 0
    assert rows(db, "SELECT DISTINCT normaliser FROM goals") == [("apertium",)]


def test_batches_are_first_level_folders(tmp_path):
    root, db = _sample_batch(tmp_path)
    (root / "2026-11").mkdir()
    (root / "2026-11" / "ny.txt").write_text("Hovudmål: Fleire arbeidsplassar i Sogn.\n", "utf-8")
    result = CliRunner().invoke(main, ["ingest", str(root), "-w", str(db), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output and "goals" in result.output
    assert dict(rows(db, "SELECT batch, count(*) FROM documents GROUP BY batch")) == {
        "sample": 8,
        "2026-11": 1,
    }


def test_views_are_rebuilt_only_when_the_model_sql_changed(tmp_path, monkeypatch):
    from pipeline.models import build_models, models_dir

    models = tmp_path / "models"
    shutil.copytree(models_dir(), models)
    monkeypatch.setenv("RAPPORT_MODELS", str(models))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    from pipeline.schema import DDL

    con.execute(DDL)
    everything = build_models(con)
    assert build_models(con, only_changed=True) == []  # an unchanged rerun builds nothing
    changed = next(models.rglob("region_summary.sql"))
    changed.write_text(changed.read_text("utf-8") + "\n-- edited\n", "utf-8")
    assert build_models(con, only_changed=True) == everything  # all rebuilt, in dependency order
    assert set(everything) == {
        name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    con.close()


def test_a_warehouse_made_with_another_schema_gets_the_missing_tables(tmp_path):
    from pipeline.load import connect

    db = tmp_path / "w.duckdb"
    con = connect(db)
    con.execute("DROP TABLE goal_groups")  # as a version before goal groups made it
    con.execute("UPDATE pipeline_state SET value = 'older' WHERE key = 'schema'")
    con.close()
    con = connect(db)
    assert con.execute("SELECT count(*) FROM goal_groups").fetchone() == (0,)
    con.close()


@pytest.mark.slow
def test_duckdb_1x_opens_the_warehouse_and_its_views(sample_warehouse, tmp_path):
    """Analysts' tools pin DuckDB 1.x (the Python package, the CLI, @duckdb/node-api): the
    warehouse must open there, views included. A DuckDB 1.4 in a virtual environment of its own."""
    import subprocess
    import venv

    env_dir = tmp_path / "duckdb1"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "duckdb>=1.4,<1.5"],
        capture_output=True,
        text=True,
    )
    if pip.returncode != 0:
        pytest.skip(f"no DuckDB 1.x to install here: {pip.stderr.strip().splitlines()[-1:]}")
    copy = tmp_path / "reports.duckdb"
    shutil.copy(sample_warehouse, copy)
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        'names = con.execute("select table_name, table_type from information_schema.tables").fetchall()\n'
        "print(json.dumps({'version': duckdb.__version__, "
        "'counts': {n: con.execute(f'select count(*) from \\\"{n}\\\"').fetchone()[0] for n, _ in names}, "
        "'views': [n for n, t in names if t == 'VIEW']}))\n"
    )
    out = subprocess.run([str(python), "-c", script, str(copy)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["version"].startswith("1.4")
    with duckdb.connect(str(copy), read_only=True) as con:
        goals = con.execute("select count(*) from goals").fetchone()[0]
    assert seen["counts"]["goals"] == goals > 0
    assert {"latest_documents", "goals_overview", "region_summary"} <= set(seen["views"])


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_text('/etc/passwd')",
        "copy (select 1) to '{out}'",
        "attach '{db}' as other",
        "install httpfs",
        "set enable_external_access = true",
    ],
)
def test_cli_query_reads_the_warehouse_and_nothing_else(sample_warehouse, tmp_path, sql):
    out, db = tmp_path / "leak.csv", tmp_path / "other.duckdb"
    result = CliRunner().invoke(
        main, ["query", sql.format(out=out, db=db), "--warehouse", str(sample_warehouse)]
    )
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists() and not db.exists()
    # the views still answer
    ok = CliRunner().invoke(
        main, ["query", "select count(*) from goals_overview", "--warehouse", str(sample_warehouse)]
    )
    (expected,) = rows(
        sample_warehouse,
        "SELECT count(*) FROM goals JOIN documents USING (doc_id) WHERE status = 'loaded' "
        "AND superseded_by IS NULL AND replaced_by IS NULL",
    )[0]
    assert ok.exit_code == 0 and f"{expected} " in ok.output


def test_one_report_in_two_formats_counts_once_in_every_view(con):
    """The Ålesund report as PDF and as extracted text: one report (same report_id), the
    PDF stands for it, and every view counts its 26 measures once."""
    pairs = con.execute(
        "SELECT format, report_id, replaced_by, doc_id FROM documents WHERE file_name LIKE '000_%' ORDER BY format"
    ).fetchall()
    (pdf_fmt, pdf_report, pdf_replaced, pdf_id), (txt_fmt, txt_report, txt_replaced, _) = pairs
    assert (pdf_fmt, txt_fmt) == ("pdf", "txt") and pdf_report == txt_report
    assert pdf_replaced is None and txt_replaced == pdf_id
    # every sample report has both forms but 001/002: 6 reports, each once
    assert con.execute("SELECT count(*), count(DISTINCT report_id) FROM latest_documents").fetchone() == (
        5,
        5,
    )
    assert con.execute(
        "SELECT count(*) FROM measures_by_region WHERE region = 'Ålesundregionen' AND file_name LIKE '000_%'"
    ).fetchone() == (26,)
    for view in ("goals_overview", "report_summary", "measures_by_region", "measures"):
        names = {n for (n,) in con.execute(f"SELECT DISTINCT file_name FROM {view}").fetchall()}
        assert "000_2077d483579f621b.txt" not in names and "003_851aa941d43c1de3.txt" not in names, view
    (groups_txt,) = con.execute(
        "SELECT count(*) FROM goal_groups JOIN goals USING (goal_id) JOIN documents USING (doc_id) "
        "WHERE documents.format = 'txt' AND file_name LIKE '000_%'"
    ).fetchone()
    assert groups_txt == 0  # goal groups do not pair a report with its own other format


def test_a_revised_report_in_a_later_batch_supersedes_the_first(tmp_path):
    """The sample, then a revised copy of the Ålesund report (30 % of its longer lines
    edited, one paragraph added) in a later batch: the same report, and latest_documents
    shows only the revision; an unrelated report stays a report of its own."""
    import random

    root = tmp_path / "raw"
    shutil.copytree(SAMPLE, root / "2026-10")
    text = (SAMPLE / "000_2077d483579f621b.txt").read_text("utf-8").splitlines()
    rng = random.Random(1)
    revised = [
        (
            " ".join(ln.split()[: len(ln.split()) // 2])
            + " oppdatert i revisjonen "
            + " ".join(ln.split()[len(ln.split()) // 2 :])
        )
        if len(ln) > 60 and rng.random() < 0.3
        else ln
        for ln in text
    ]
    revised.insert(10, "Revidert versjon med nye opplysningar om framdrifta i prosjektet.")
    (root / "2026-11").mkdir()
    (root / "2026-11" / "alesund_revidert.txt").write_text("\n".join(revised) + "\n", "utf-8")
    (root / "2026-11" / "rana.txt").write_bytes(
        (SAMPLE / "003_851aa941d43c1de3.txt").read_bytes() + b"\nEndra.\n"
    )
    db = tmp_path / "w.duckdb"
    ingest(root, db, workers=1)
    latest = {p: r for p, r in rows(db, "SELECT path, report_id FROM latest_documents")}
    assert "2026-11/alesund_revidert.txt" in latest
    assert not any(p.startswith("2026-10/000_") for p in latest)  # the first version, in both formats
    (first,) = rows(db, "SELECT report_id FROM documents WHERE path = '2026-10/000_2077d483579f621b.pdf'")[0]
    assert latest["2026-11/alesund_revidert.txt"] == first
    # rana.txt in the later batch is a revision of the Rana report too (same title, same text)
    assert "2026-11/rana.txt" in latest and not any(p.startswith("2026-10/003_") for p in latest)
    assert len(latest) == 5


def test_every_municipality_has_its_number_on_todays_map(con):
    rows = con.execute(
        "SELECT kommunenummer, kommunenummer_2020, kommunenummer_2024 FROM municipality_mentions"
    ).fetchall()
    assert rows and all(n2024 and len(n2024) == 4 for _, _, n2024 in rows)
    assert ("1504", "1507", "1508") in rows  # Ålesund before 2020, in 2020 and on the 2024 map


def test_outside_a_terminal_ingest_prints_a_line_per_file(tmp_path):
    root, db = _sample_batch(tmp_path)
    result = CliRunner().invoke(main, ["ingest", str(root), "-w", str(db), "-j", "1"])
    assert result.exit_code == 0
    lines = [ln for ln in result.output.splitlines() if ln.startswith("[")]
    n = len(list((root / "sample").iterdir()))
    assert len(lines) == n and lines[-1].startswith(f"[{n}/{n}] ")
    assert all(" loaded sample/" in ln for ln in lines)


def test_measure_status_reaches_the_views(tmp_path):
    """A status report's measures carry their status into `measures` and `region_latest`."""
    root = tmp_path / "raw"
    (root / "b").mkdir(parents=True)
    src = GOLD.parent / "fixtures" / "status" / "s04_gjovik_fremdrift.txt"
    (root / "b" / src.name).write_bytes(src.read_bytes())
    db = tmp_path / "w.duckdb"
    ingest(root, db, workers=1)
    got = dict(rows(db, "SELECT text, status FROM measures"))
    assert got["Lage en felles kommunikasjonsstrategi"] == "delayed"
    assert got["Etablere et kompetanseforum for regionen"] == "done"
    (row,) = rows(
        db,
        "SELECT measures_done, measures_on_track, measures_delayed, measures_not_started FROM region_latest",
    )
    assert row == (1, 1, 1, 1)


def test_a_snapshot_restored_from_a_backup_is_what_the_next_run_goes_on_from(tmp_path):
    """A user restores last week's warehouse/reports.duckdb after a bad batch: the next run
    goes on from that file and says so. The working file beside it still holds the bad
    batch; publishing it over the restored file would undo the restore in silence."""
    root, db = _sample_batch(tmp_path)
    assert ingest_cli(root, db).exit_code == 0
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(db, backup)
    good = snapshot(backup)
    bad = root / "bad"
    bad.mkdir()
    (bad / "notat.txt").write_text("Hovedmål: Et mål som ikke skulle vært lastet inn.\n", encoding="utf-8")
    assert ingest_cli(root, db).exit_code == 0
    assert rows(db, "SELECT count(*) FROM documents WHERE batch = 'bad'") == [(1,)]
    shutil.rmtree(bad)
    shutil.copyfile(backup, db)  # the restore
    again = ingest_cli(root, db)
    assert again.exit_code == 0, again.output
    assert f"{db} was not the file the last run published" in again.output
    assert "0 loaded" in again.output
    assert snapshot(db) == good
    third = ingest_cli(root, db)
    assert "was not the file" not in third.output
    assert snapshot(db) == good


def test_a_run_killed_between_publishing_and_its_record_loses_nothing(tmp_path):
    """Publishing renames the new snapshot into place, then records which file it put
    there. Killed between the two, the record names the snapshot before: the next writer
    takes the new one for a file put in place by hand and goes on from it, which holds the
    same documents as the working file."""
    from pipeline.publish import replaced, stamp_path

    root, db = _sample_batch(tmp_path)
    ingest(root, db, workers=1)
    assert not replaced(db)
    earlier = stamp_path(db).read_text()
    extra = root / "extra"
    extra.mkdir()
    (extra / "notat.txt").write_text("Hovedmål: Et mål for hele regionen.\n", encoding="utf-8")
    ingest(root, db, workers=1)
    after = snapshot(db)
    stamp_path(db).write_text(earlier)  # the record the kill left
    assert replaced(db)
    rerun = ingest(root, db, workers=1)
    assert rerun.replaced_snapshot and rerun.loaded == 0 and rerun.failed == 0
    assert snapshot(db) == after and not replaced(db)


def test_a_deleted_snapshot_is_made_again_from_the_working_file_and_says_so(tmp_path):
    """Deleting warehouse/reports.duckdb alone does not start afresh: the working file
    beside it holds every document, and the next run publishes it again. The run says so,
    and how to start afresh."""
    root, db = _sample_batch(tmp_path)
    first = ingest_cli(root, db)
    assert first.exit_code == 0 and "was missing" not in first.output
    before = snapshot(db)
    db.unlink()
    again = ingest_cli(root, db)
    assert again.exit_code == 0
    assert f"{db} was missing: made again from its working file" in again.output
    assert "delete both" in again.output
    assert snapshot(db) == before
    third = ingest_cli(root, db)
    assert "was missing" not in third.output
