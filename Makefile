# rapport: `make ingest` and `make test` work on a fresh machine with only python3.
# Each target sets up what it needs first (virtual environment, project, system packages).

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
WORDS   = build/wordlists/no.txt
RAW    ?= raw
WAREHOUSE ?= warehouse/reports.duckdb

.DEFAULT_GOAL := help
.PHONY: help setup system-deps ingest test test-fast lint bench bench-ocr dashboard pdfs train cv eval status export docs clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) system-deps $(WORDS) ## create .venv, install the project, Apertium/hunspell when possible

$(STAMP): pyproject.toml
	@sh scripts/bootstrap_venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-deps: ## install apertium, apertium-nno-nob, hunspell-no (root or sudo -n), else say fallback
	@sh scripts/system_deps.sh

$(WORDS):
	@sh pipeline/resources/build_wordlists.sh build/wordlists

ingest: setup ## ingest every batch folder under raw/ into warehouse/reports.duckdb
	$(BIN)/rapport ingest $(RAW) --warehouse $(WAREHOUSE)

test: setup ## run the test suite
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

test-fast: setup ## the tests without the slow ones
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup ## ruff lint and format check
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench

bench: setup ## benchmark: ratios against baselines measured in the same run (bench/results.json, bench/ocr_results.json)
	$(BIN)/python bench/run_bench.py
	$(BIN)/python bench/ocr_bench.py

bench-ocr: setup ## the OCR part of the benchmark alone (bench/ocr_results.json)
	$(BIN)/python bench/ocr_bench.py

pdfs: setup ## regenerate the sample PDFs in raw/sample from the seed texts
	$(BIN)/python tests/fixtures/make_pdfs.py tests/fixtures/seeds raw/sample

train: setup ## retrain the goal labeller on the gold in tests/gold (writes pipeline/resources/goal_labeller.crfsuite)
	$(BIN)/rapport train

cv: setup ## leave-one-document-out estimate of the labeller on all gold (what a new document gets)
	$(BIN)/rapport eval --cv

dashboard: setup ## the Streamlit starter dashboard over warehouse/reports.duckdb (run make ingest first)
	$(BIN)/python -m pip install --quiet -e '.[dashboard]'
	$(BIN)/streamlit run dashboard/app.py -- --warehouse $(WAREHOUSE)

docs: setup ## write docs/warehouse.md from the table specification (pipeline/schema.py) and models/
	$(BIN)/rapport docs

eval: ## score the warehouse against the gold annotations in tests/gold
	$(BIN)/rapport eval tests/gold/seeds --warehouse $(WAREHOUSE)

status: ## runs and document counts
	$(BIN)/rapport status --warehouse $(WAREHOUSE)

export: ## write every table and view as Parquet to export/
	$(BIN)/rapport export export --warehouse $(WAREHOUSE)

clean: ## remove the warehouse, build outputs and caches (not the venv)
	rm -rf build warehouse/*.duckdb warehouse/*.wal warehouse/.*.duckdb.work* warehouse/.*.duckdb.lock warehouse/.*.duckdb.publish* .pytest_cache export bench/corpus
