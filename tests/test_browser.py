"""The HTML overview as a reader sees it: rendered by headless Chromium, its text read
back from the rendered page (printed to PDF), not from the HTML source."""

import subprocess

import duckdb
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from pipeline.cli import main

from .cdp import CHROMIUM, FLAGS


def render_in_chromium(url: str, tmp_path, screenshot=None) -> str:
    pdf = tmp_path / "page.pdf"
    args = [
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
    ]
    subprocess.run([*args, url], capture_output=True, timeout=120, check=True)
    if screenshot is not None:
        subprocess.run(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={tmp_path / 'profile2'}",
                "--window-size=1200,1400",
                f"--screenshot={screenshot}",
                url,
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make setup installs it as root)")
def test_the_html_report_renders_with_the_warehouse_numbers(sample_warehouse, tmp_path):
    out = tmp_path / "overview.html"
    result = CliRunner().invoke(main, ["report", str(out), "-w", str(sample_warehouse)])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html  # self-contained
    shot = tmp_path / "report.png"
    text = render_in_chromium(out.as_uri(), tmp_path, screenshot=shot)
    assert shot.stat().st_size > 10_000
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        regions = con.execute("SELECT region, measures FROM region_latest ORDER BY region").fetchall()
        (n_measures,) = con.execute("SELECT count(*) FROM measures").fetchone()
        (n_reports,) = con.execute("SELECT count(*) FROM report_summary").fetchone()
    finally:
        con.close()
    flat = " ".join(text.split())
    assert regions and all(region in flat for region, _ in regions)
    assert f"{n_measures} measures" in flat and f"{n_reports} reports" in flat
    assert "Ålesundregionen" in flat and "Presentere prosjektet for medlemskommunene" in flat


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make setup installs it as root)")
def test_the_streamlit_starter_renders_the_warehouse(sample_warehouse, tmp_path):
    pytest.importorskip(
        "streamlit", reason="the dashboard extra is not installed (make dashboard installs it)"
    )
    import sys

    from .cdp import free_port, rendered_text, wait_for_http

    port = free_port()
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--",
            "--warehouse",
            str(sample_warehouse),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", 60)
        shot = tmp_path / "dashboard.png"
        text = rendered_text(
            f"http://127.0.0.1:{port}", "Municipalities named", tmp_path / "profile", shot, settle=4
        )
    finally:
        app.terminate()
        app.wait(timeout=20)
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        regions = [r for (r,) in con.execute("SELECT region FROM region_latest ORDER BY region").fetchall()]
        (n_measures,) = con.execute("SELECT count(*) FROM measures WHERE region IS NOT NULL").fetchone()
    finally:
        con.close()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert all(r in lines for r in regions)
    assert lines[lines.index("Regions") + 1] == str(len(regions))
    assert lines[lines.index("Measures") + 1] == str(n_measures)
    assert shot.stat().st_size > 20_000
