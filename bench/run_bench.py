"""make bench: ingest throughput as ratios against baselines measured in the same run.

Builds a deterministic corpus under bench/corpus/ (report-like PDFs made from the seed
texts with other regions and numbers, plus text files), then measures, in this one run:

  (a) full `rapport ingest` pages/s (translation cache warm) vs bare pypdfium2 character +
      font-size extraction over the same files; and the normalise stage's words/s with the
      cache cold vs one bare `apertium nno-nob` call over the same sentences;
  (b) full ingest vs bare pdfplumber extract_text;
  (c) 2 workers vs 1 (on the corpus, and on the corpus x 4 where start-up weighs less;
      wall to wall, in the steady state from the first commit to the last, and for the
      `rapport ingest` command as a whole);
  (d) rerun of the unchanged batch vs the first run;
  (e) peak RSS for the corpus and for the corpus x 4.

Each ingest runs in its own process; library imports happen before its clock starts, as
they do for the baselines (which run in this process after importing pypdfium2 and
pdfplumber): spaCy, pypdfium2, and pandas, which pyarrow imports at its first conversion
when it is installed (0.24 s, 6 % of a run); everything else (building lexicons and matchers, starting the worker pool)
is timed. Runs that a ratio compares go in rounds (bare PDFium, 1 worker, 2 workers; bare
Apertium, the normalise stage; each rerun after its first run), three rounds, and a
ratio is the median of the rounds' ratios: this machine's speed drifts by a tenth or more
over minutes, which a ratio between runs far apart would carry. Prints a table and writes
bench/results.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from make_pdfs import render_report, report_blocks  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
ROUNDS = 3
T = TypeVar("T")
REGIONS = [
    "Kongsbergregionen",
    "Gjøvikregionen",
    "Hamarregionen",
    "Lillehammerregionen",
    "Molderegionen",
    "Kristiansundregionen",
    "Ranaregionen",
    "Bodøregionen",
    "Tromsøregionen",
    "Altaregionen",
    "Narvikregionen",
    "Harstadregionen",
    "Kongsvingerregionen",
    "Elverumregionen",
    "Arendalregionen",
    "Egersundregionen",
    "Førderegionen",
    "Florøregionen",
    "Stordregionen",
    "Namsosregionen",
    "Steinkjerregionen",
    "Levangerregionen",
    "Orkdalsregionen",
    "Notoddenregionen",
    "Grenlandsregionen",
    "Ringeriksregionen",
    "Mosjøenregionen",
    "Brønnøysundregionen",
    "Sandnessjøenregionen",
    "Finnsnesregionen",
    "Hammerfestregionen",
    "Kirkenesregionen",
]


def build_corpus(folder: Path, copies: int = 1) -> dict:
    seeds = ROOT / "tests" / "fixtures" / "seeds"
    title0, _, blocks0 = report_blocks(next(seeds.glob("000_*.txt")).read_text("utf-8"))
    _, _, blocks3 = report_blocks(next(seeds.glob("003_*.txt")).read_text("utf-8"))
    nn_text = (ROOT / "tests" / "fixtures" / "own" / "101_forde_nynorsk_2017.txt").read_text("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    pages = 0
    files = 0
    for c in range(copies):
        for i, region in enumerate(REGIONS):
            tag = f"{c}-{i}"
            blocks = []
            for k, (style, text) in enumerate(blocks0 + blocks3 + blocks0 + blocks3[: len(blocks3) // 2]):
                if style == "body" and k % 7 == 0:
                    text = f"{text} (Rapport {tag}.)"
                blocks.append((style, text.replace("Ålesund", region.replace("regionen", ""))))
            out = folder / f"{tag}_{region}.pdf"
            render_report(out, title0.replace("2016", str(2014 + i % 5)), region, blocks)
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(str(out))
            pages += len(doc)
            doc.close()
            files += 1
        for j in range(16):
            # Nynorsk reports whose goal sentences differ from file to file (a cold cache stays cold)
            text = "\n".join(
                line.rstrip() + f" Gjeld rapport {c}-{j}." if line.startswith(("Tiltak", "Delmål")) else line
                for line in nn_text.replace(
                    "Førde", REGIONS[j % len(REGIONS)].replace("regionen", "")
                ).splitlines()
            )
            (folder / f"{c}-nn{j}.txt").write_text(text + "\n", "utf-8")
            files += 1
    return {"files": files, "pdf_pages": pages}


def bare_pdfium(paths: list[Path]) -> float:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    t = time.perf_counter()
    pages = 0
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        for page in doc:
            tp = page.get_textpage()
            n = tp.count_chars()
            tp.get_text_range(0, n)
            sizes = [raw.FPDFText_GetFontSize(tp, i) for i in range(n)]
            del sizes
            tp.close()
            page.close()
            pages += 1
        doc.close()
    return pages / (time.perf_counter() - t)


def bare_pdfplumber(paths: list[Path]) -> float:
    import pdfplumber

    t = time.perf_counter()
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages / (time.perf_counter() - t)


INGEST = """
import json, resource, sys, time
import spacy  # imports before the clock, as for the baselines (pypdfium2, pdfplumber)
import pypdfium2  # what the PDF stage imports when it first reads a PDF
from pipeline.run import ingest
import pipeline.worker
try:  # pyarrow imports pandas at its first conversion when pandas is installed (the dev extra)
    import pandas
except ImportError:
    pass
loaded = []  # (seconds since the start, pages) of each document as it is committed
def progress(event, src, result):
    if event == "loaded":
        loaded.append((time.perf_counter() - t, result.n_pages or 0))
t = time.perf_counter()
s = ingest(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), build_views=True, progress=progress)
wall = time.perf_counter() - t
# steady state: pages committed after the first commit, over the time between first and last
firsts = [x for x in loaded if x[0] == loaded[0][0]] if loaded else []
steady = (sum(p for _, p in loaded) - sum(p for _, p in firsts)) / max(loaded[-1][0] - loaded[0][0], 1e-9) if loaded else 0
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"wall": wall, "loaded": s.loaded, "unchanged": s.unchanged, "failed": s.failed, "pages": s.pages,
                  "goals": s.goals, "normalise_seconds": s.normalise_seconds, "translated_words": s.translated_words,
                  "translate_seconds": s.translate_seconds, "publish_seconds": s.publish_seconds,
                  "warehouse_bytes": __import__("os").path.getsize(sys.argv[2]),
                  "normaliser": s.normaliser, "peak_rss_kib": rss,
                  "first_commit": loaded[0][0] if loaded else None, "steady_pages_per_s": steady}))
"""


NORMALISE = """
import json, sys, time
from pathlib import Path
from pipeline.discover import discover, ensure_sniffed
from pipeline.normalise import Normalise
from pipeline.worker import process_file
detected = [d for d in (process_file(ensure_sniffed(s))[1] for s in discover(Path(sys.argv[1]))) if d]
t = time.perf_counter()
Normalise(cache={}).run(detected)
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def run_normalise_alone(root: Path) -> float:
    """Seconds of the normalise stage alone, cache empty, over every document of the batch
    in one go (extraction and structuring done first, off the clock, in the same process)."""
    out = subprocess.run(
        [sys.executable, "-c", NORMALISE, str(root)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def run_ingest(root: Path, db: Path, workers: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", INGEST, str(root), str(db), str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_cli(root: Path, db: Path, workers: int) -> dict:
    """The `rapport ingest` command itself, interpreter start and imports inside the clock."""
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(root), "-w", str(db), "-q", "-j", str(workers)]
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return {"wall": time.perf_counter() - t}


def median(results: list[dict]) -> dict:
    """The run with the median wall time (this machine's timings vary by a tenth from run
    to run), with the walls of all runs."""
    ordered = sorted(results, key=lambda r: r["wall"])
    return dict(ordered[len(ordered) // 2], walls=[round(r["wall"], 3) for r in ordered])


def fresh(
    run: Callable[[Path, Path, int], dict], root: Path, cache_from: Path, db: Path, workers: int, k: int
) -> dict:
    """One run into a new warehouse (``db`` numbered ``k``) seeded with the translation
    cache of ``cache_from``."""
    target = db.with_name(f"{db.stem}-{k}.duckdb")
    seed_cache(cache_from, target)
    return run(root, target, workers)


def rounds(n: int, **measures: Callable[[int], T]) -> dict[str, list[T]]:
    """``n`` rounds, each running every measure once in the order given: a ratio is taken
    within a round, between runs a few seconds apart (this machine's speed drifts by a
    tenth or more over minutes, which ratios of runs far apart would carry)."""
    out: dict[str, list[T]] = {name: [] for name in measures}
    for k in range(n):
        for name, measure in measures.items():
            out[name].append(measure(k))
    return out


def paired(num: list[float], den: list[float]) -> dict:
    """The median of the per-round ratios num/den, with every round's ratio."""
    ratios = [a / b for a, b in zip(num, den, strict=True)]
    return {"median": statistics.median(ratios), "rounds": [round(r, 3) for r in ratios]}


def walls(runs: list[dict]) -> list[float]:
    return [r["wall"] for r in runs]


def seed_cache(src_db: Path, dst_db: Path) -> None:
    from pipeline.load import connect

    con = connect(dst_db)
    con.execute(f"ATTACH '{src_db}' AS src (READ_ONLY)")
    con.execute("INSERT INTO normalise_cache SELECT * FROM src.normalise_cache ON CONFLICT DO NOTHING")
    con.execute("DETACH src")
    con.close()


def bare_apertium(sentences: list[str]) -> float:
    """Words/s of one bare `apertium nno-nob` call over the sentences."""
    from pipeline.normalise.bokmal import apertium_available

    if not apertium_available() or not sentences:
        return float("nan")
    words = sum(len(s.split()) for s in sentences)
    t = time.perf_counter()
    subprocess.run(
        ["apertium", "-u", "nno-nob"],
        input="\n".join(sentences) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return words / (time.perf_counter() - t)


def goal_sentences(db: Path) -> tuple[list[str], list[str], int]:
    """The distinct goal sentences the normalise stage took in (each lemmatised once),
    those among them it translated (Nynorsk or mixed), split as the pipeline splits, and
    the words of all goals."""
    import duckdb

    from pipeline.normalise import sentences as split
    from pipeline.normalise.variety import sentence_variety

    con = duckdb.connect(str(db), read_only=True)
    texts = [t for (t,) in con.execute("SELECT text FROM goals").fetchall()]
    words = con.execute("SELECT coalesce(sum(len(string_split(text, ' '))), 0) FROM goals").fetchone()[0]
    con.close()
    every = list(dict.fromkeys(s for t in texts for s in split(t)))
    translated = [s for s in every if sentence_variety(s) in ("nn", "mixed")]
    return every, translated, int(words)


def main() -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    shutil.rmtree(CORPUS, ignore_errors=True)
    work = CORPUS / "work"
    print("building the corpus ...", flush=True)
    c1 = build_corpus(CORPUS / "x1" / "batch")
    c4 = build_corpus(CORPUS / "x4" / "batch", copies=4)
    pdfs = sorted((CORPUS / "x1" / "batch").glob("*.pdf"))
    work.mkdir(parents=True)
    print(
        f"corpus: {c1['files']} files, {c1['pdf_pages']} PDF pages; x4: {c4['files']} files, {c4['pdf_pages']} pages",
        flush=True,
    )

    print("baseline: pdfplumber ...", flush=True)
    plumber_pps = bare_pdfplumber(pdfs)

    print("ingest: cold cache, 1 worker ...", flush=True)
    cold = run_ingest(CORPUS / "x1", work / "cold.duckdb", 1)
    every, translated, goal_words = goal_sentences(work / "cold.duckdb")
    apertium_translated_wps = bare_apertium(translated)
    distinct_words = sum(len(x.split()) for x in every)
    print("normalise stage alone, cache cold, and bare apertium, in rounds ...", flush=True)
    norm = rounds(
        ROUNDS, bare=lambda k: bare_apertium(every), alone=lambda k: run_normalise_alone(CORPUS / "x1")
    )
    apertium_wps = statistics.median(norm["bare"])
    alone_seconds = statistics.median(norm["alone"])
    print("bare PDFium and warm-cache ingests with 1 and 2 workers, in rounds ...", flush=True)
    x1 = rounds(
        ROUNDS,
        pdfium=lambda k: bare_pdfium(pdfs),
        warm1=lambda k: fresh(run_ingest, CORPUS / "x1", work / "cold.duckdb", work / "warm1.duckdb", 1, k),
        warm2=lambda k: fresh(run_ingest, CORPUS / "x1", work / "cold.duckdb", work / "warm2.duckdb", 2, k),
    )
    pdfium_pps = statistics.median(x1["pdfium"])
    warm1, warm2 = median(x1["warm1"]), median(x1["warm2"])
    print("ingest: rerun of each unchanged batch ...", flush=True)
    reruns = [run_ingest(CORPUS / "x1", work / f"warm1-{k}.duckdb", 1) for k in range(ROUNDS)]
    rerun = median(reruns)
    print("ingest: corpus x 4 ...", flush=True)
    seed_cache(work / "cold.duckdb", work / "x4.duckdb")
    x4 = run_ingest(CORPUS / "x4", work / "x4.duckdb", 1)
    print("ingest: corpus x 4 with a warm cache, 1 and 2 workers, in rounds ...", flush=True)
    big = rounds(
        ROUNDS,
        warm1=lambda k: fresh(run_ingest, CORPUS / "x4", work / "x4.duckdb", work / "x4w1.duckdb", 1, k),
        warm2=lambda k: fresh(run_ingest, CORPUS / "x4", work / "x4.duckdb", work / "x4w2.duckdb", 2, k),
    )
    x4w1, x4w2 = median(big["warm1"]), median(big["warm2"])

    print("command line: rapport ingest -j 1 and -j 2, in rounds ...", flush=True)
    cli = {
        name: rounds(
            ROUNDS,
            **{
                f"j{w}": (
                    lambda k, name=name, cache=cache, w=w: fresh(
                        run_cli, CORPUS / name, work / cache, work / f"cli-{name}-{w}.duckdb", w, k
                    )
                )
                for w in (1, 2)
            },
        )
        for name, cache in (("x1", "cold.duckdb"), ("x4", "x4.duckdb"))
    }

    pages = c1["pdf_pages"]
    ingest_pps = pages / warm1["wall"]
    cold_wps = (
        cold["translated_words"] / cold["translate_seconds"] if cold["translate_seconds"] else float("nan")
    )
    a = paired([pages / w for w in walls(x1["warm1"])], x1["pdfium"])
    a_norm = paired([distinct_words / s for s in norm["alone"]], norm["bare"])
    c = paired(walls(x1["warm1"]), walls(x1["warm2"]))
    c_x4 = paired(walls(big["warm1"]), walls(big["warm2"]))
    c_steady = paired(
        [r["steady_pages_per_s"] for r in big["warm2"]], [r["steady_pages_per_s"] for r in big["warm1"]]
    )
    c_cli = {name: paired(walls(r["j1"]), walls(r["j2"])) for name, r in cli.items()}
    d = paired(walls(reruns), walls(x1["warm1"]))
    results = {
        "commit": commit,
        "cpu_count": os.cpu_count(),
        "corpus": c1,
        "corpus_x4": c4,
        "normaliser": cold["normaliser"],
        "rounds": ROUNDS,
        # baselines and ingests: medians over the rounds; ratios (a)-(d): the median of the
        # rounds' ratios, each between runs of the same round (every round's in "ratios")
        "baseline_pdfium_chars_fontsize_pages_per_s": round(pdfium_pps, 1),
        "baseline_pdfplumber_extract_text_pages_per_s": round(plumber_pps, 1),
        "ingest_warm_1_worker_pages_per_s": round(ingest_pps, 1),
        "ingest_warm_2_workers_pages_per_s": round(pages / warm2["wall"], 1),
        "ingest_cold_1_worker_pages_per_s": round(pages / cold["wall"], 1),
        "a_ingest_vs_bare_pdfium": round(a["median"], 3),
        # the normalise stage with the cache cold: distinct goal words (each sentence is
        # lemmatised once, Nynorsk ones translated first) over its seconds, alone (the
        # stage over the whole batch, nothing else running), against one bare
        # `apertium nno-nob` call over the same distinct sentences
        "a_normalise_alone_cold_words_per_s": round(distinct_words / alone_seconds, 1),
        "a_bare_apertium_words_per_s": round(apertium_wps, 1),
        "a_normalise_alone_cold_vs_bare_apertium": round(a_norm["median"], 3)
        if apertium_wps == apertium_wps
        else None,
        # the same stage inside the cold ingest, sharing the two cores with extraction
        # (against the median bare call)
        "a_normalise_in_ingest_cold_words_per_s": round(distinct_words / cold["normalise_seconds"], 1)
        if cold["normalise_seconds"]
        else None,
        "a_normalise_in_ingest_cold_vs_bare_apertium": round(
            distinct_words / cold["normalise_seconds"] / apertium_wps, 3
        )
        if apertium_wps == apertium_wps and cold["normalise_seconds"]
        else None,
        # translation alone: the words the stage sent through nno-nob, against a bare call over them
        "translate_cold_words_per_s": round(cold_wps, 1),
        "translate_words": cold["translated_words"],
        "bare_apertium_same_translated_words_per_s": round(apertium_translated_wps, 1),
        "normalise_stage_distinct_words": distinct_words,
        "normalise_stage_warm_words_per_s": round(goal_words / warm1["normalise_seconds"], 1)
        if warm1["normalise_seconds"]
        else None,
        "b_ingest_vs_bare_pdfplumber": round(ingest_pps / plumber_pps, 2),
        "c_2_workers_vs_1": round(c["median"], 3),
        "c_2_workers_vs_1_on_x4": round(c_x4["median"], 3),
        # from the first committed document to the last: the workers' start-up and the
        # final grouping and views left out
        "c_2_workers_vs_1_steady_x4": round(c_steady["median"], 3),
        # the command as users run it: interpreter start and imports inside the clock
        "cli_ingest_s_1_worker_x1": round(statistics.median(walls(cli["x1"]["j1"])), 2),
        "cli_ingest_s_2_workers_x1": round(statistics.median(walls(cli["x1"]["j2"])), 2),
        "cli_2_workers_vs_1": round(c_cli["x1"]["median"], 3),
        "cli_2_workers_vs_1_on_x4": round(c_cli["x4"]["median"], 3),
        "first_commit_s_1_worker_x4": round(x4w1["first_commit"], 2),
        "first_commit_s_2_workers_x4": round(x4w2["first_commit"], 2),
        "ingest_x4_warm_1_worker_pages_per_s": round(c4["pdf_pages"] / x4w1["wall"], 1),
        "ingest_x4_warm_2_workers_pages_per_s": round(c4["pdf_pages"] / x4w2["wall"], 1),
        "d_rerun_vs_first_run": round(d["median"], 4),
        # publishing the snapshot (a copy of the working file and a rename), in the rerun
        "d_publish_seconds_in_rerun": round(rerun["publish_seconds"], 4),
        "d_publish_share_of_rerun": round(rerun["publish_seconds"] / rerun["wall"], 3),
        "warehouse_mib_x1": round(rerun["warehouse_bytes"] / 2**20, 1),
        "e_peak_rss_x1_mib": round(warm1["peak_rss_kib"] / 1024, 1),
        "e_peak_rss_x4_mib": round(x4["peak_rss_kib"] / 1024, 1),
        "e_rss_x4_vs_x1": round(x4["peak_rss_kib"] / warm1["peak_rss_kib"], 3),
        "ratios": {
            "a_ingest_vs_bare_pdfium": a["rounds"],
            "a_normalise_alone_cold_vs_bare_apertium": a_norm["rounds"],
            "c_2_workers_vs_1": c["rounds"],
            "c_2_workers_vs_1_on_x4": c_x4["rounds"],
            "c_2_workers_vs_1_steady_x4": c_steady["rounds"],
            "cli_2_workers_vs_1": c_cli["x1"]["rounds"],
            "cli_2_workers_vs_1_on_x4": c_cli["x4"]["rounds"],
            "d_rerun_vs_first_run": d["rounds"],
        },
        "runs": {
            "cold": cold,
            "warm1": warm1,
            "warm2": warm2,
            "rerun": rerun,
            "x4": x4,
            "x4_warm1": x4w1,
            "x4_warm2": x4w2,
            "pdfium_pages_per_s": [round(x, 1) for x in x1["pdfium"]],
            "bare_apertium_words_per_s": [round(x, 1) for x in norm["bare"]],
            "normalise_alone_seconds": [round(x, 3) for x in norm["alone"]],
        },
    }
    targets = {
        "a_ingest_vs_bare_pdfium": (">=", 0.5),
        "a_normalise_alone_cold_vs_bare_apertium": (">=", 1 / 1.5),
        "a_normalise_in_ingest_cold_vs_bare_apertium": (">=", 1 / 1.5),
        "b_ingest_vs_bare_pdfplumber": (">=", 10),
        "c_2_workers_vs_1": (">=", 1.7),
        "c_2_workers_vs_1_on_x4": (">=", 1.7),
        "c_2_workers_vs_1_steady_x4": (">=", 1.7),
        "d_rerun_vs_first_run": ("<=", 0.03),
        "e_rss_x4_vs_x1": ("<=", 1.3),
    }
    print(f"\nrapport bench @ {commit} ({os.cpu_count()} cores, normaliser {cold['normaliser']})")
    print(f"corpus: {c1['files']} files, {pages} PDF pages (x4: {c4['pdf_pages']} pages)\n")
    print(f"{'measure':<40} {'value':>10}  target")
    for key, value in results.items():
        if key in ("runs", "ratios", "corpus", "corpus_x4", "commit", "cpu_count", "normaliser", "rounds"):
            continue
        target = targets.get(key)
        mark = ""
        if target and value is not None:
            ok = value >= target[1] if target[0] == ">=" else value <= target[1]
            mark = f"{target[0]} {target[1]:.3g}  {'ok' if ok else 'MISSED'}"
        print(f"{key:<40} {value!s:>10}  {mark}")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
    print("\nwritten: bench/results.json")


if __name__ == "__main__":
    main()
