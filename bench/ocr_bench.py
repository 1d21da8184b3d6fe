"""make bench (OCR part): scanned PDFs through `rapport ingest`, as ratios against a bare
`tesseract` call per page over the same images, measured in this one run.

Builds image-only PDFs from the seed PDFs in raw/sample (200 dpi grey, as an office
scanner makes them; 8 files), then measures:

  (f1) OCR pages/s of `rapport ingest` with 1 worker against one bare
       `tesseract IMAGE - -l nor --psm 3 hocr` per page on the same page images
       (OMP_THREAD_LIMIT=1, one after another: per page per core);
  (f2) 2 workers vs 1;
  (f3) peak RSS of one 100-page scanned report (1 worker).

Rounds: ROUNDS of (bare, 1 worker, 2 workers); a ratio is the median of the rounds'
ratios. Writes bench/ocr_results.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_bench import INGEST, paired  # noqa: E402
from tests.fixtures.make_scans import scan_pdf  # noqa: E402

CORPUS = ROOT / "bench" / "corpus-ocr"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
DPI = 200


def build() -> tuple[list[Path], int]:
    shutil.rmtree(CORPUS, ignore_errors=True)
    batch = CORPUS / "x1" / "scans"
    batch.mkdir(parents=True)
    sources = sorted((ROOT / "raw" / "sample").glob("*.pdf"))
    files = []
    pages = 0
    for i in range(8):
        src = sources[i % len(sources)]
        import pypdfium2 as pdfium

        n = len(pdfium.PdfDocument(str(src)))
        take = [1 + (i + k) % n for k in range(min(n, 5))]
        files.append(scan_pdf(src, batch / f"scan{i}.pdf", dpi=DPI, pages=take))
        pages += len(take)
    big = CORPUS / "big" / "scans"
    big.mkdir(parents=True)
    src = sources[-1]  # the 12-page report, its pages over and over: a 100-page scan
    n = len(pdfium.PdfDocument(str(src)))
    scan_pdf(src, big / "report100.pdf", dpi=DPI, pages=[1 + k % n for k in range(100)])
    return files, pages


def page_images(files: list[Path], folder: Path) -> list[Path]:
    """Every page of the scans as the image the scanner made (PNG), for the bare calls."""
    import pypdfium2 as pdfium

    out = []
    for f in files:
        doc = pdfium.PdfDocument(str(f))
        for i in range(len(doc)):
            image = doc[i].render(scale=DPI / 72, grayscale=True).to_pil()
            path = folder / f"{f.stem}-{i}.png"
            image.save(path)
            out.append(path)
        doc.close()
    return out


def bare_tesseract(images: list[Path]) -> float:
    """Pages per second of one `tesseract` process per page, one after another."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    t = time.perf_counter()
    for image in images:
        subprocess.run(
            ["tesseract", str(image), "-", "-l", "nor", "--psm", "3", "hocr"],
            capture_output=True,
            check=True,
            env=env,
        )
    return len(images) / (time.perf_counter() - t)


def ingest(root: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", INGEST, str(root), str(Path(tmp) / "w.duckdb"), str(workers)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from pipeline.extract.ocr import tesseract_status

    missing = tesseract_status()
    if missing:
        print(f"OCR bench skipped: {missing}")
        return
    print("building the scanned corpus ...", flush=True)
    files, pages = build()
    with tempfile.TemporaryDirectory() as tmp:
        images = page_images(files, Path(tmp))
        bare, one, two = [], [], []
        for k in range(ROUNDS):
            print(f"round {k + 1}/{ROUNDS}: bare tesseract, ingest -j 1, ingest -j 2 ...", flush=True)
            bare.append(bare_tesseract(images))
            one.append(ingest(CORPUS / "x1", 1))
            two.append(ingest(CORPUS / "x1", 2))
    pps1 = [pages / r["wall"] for r in one]
    pps2 = [pages / r["wall"] for r in two]
    print("one 100-page scan, 1 worker ...", flush=True)
    big = ingest(CORPUS / "big", 1)
    f1 = paired(pps1, bare)
    f2 = paired(pps2, pps1)
    results = {
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "cpu_count": os.cpu_count(),
        "scanned_files": len(files),
        "scanned_pages": pages,
        "dpi": DPI,
        "rounds": ROUNDS,
        "bare_tesseract_pages_per_s": round(statistics.median(bare), 3),
        "ingest_ocr_1_worker_pages_per_s": round(statistics.median(pps1), 3),
        "ingest_ocr_2_workers_pages_per_s": round(statistics.median(pps2), 3),
        "f1_ingest_1_worker_vs_bare_tesseract": round(f1["median"], 3),
        "f2_2_workers_vs_1": round(f2["median"], 3),
        "f3_peak_rss_100_page_scan_mib": round(big["peak_rss_kib"] / 1024, 1),
        "f3_100_page_scan_seconds": round(big["wall"], 1),
        "ratios": {"f1": f1["rounds"], "f2": f2["rounds"]},
    }
    (ROOT / "bench" / "ocr_results.json").write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    for key, value in results.items():
        if key != "ratios":
            print(f"  {key:<42} {value}")


if __name__ == "__main__":
    main()
