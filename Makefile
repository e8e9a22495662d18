# The two commands a newcomer runs: `make report` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
UNGDC_NOTEBOOK := notebooks/05_ungdc_case_study.ipynb
DEMO_NOTEBOOKS := $(filter-out $(UNGDC_NOTEBOOK),$(NOTEBOOKS))
# Where the case study looks for the UN General Debate Corpus (as notebook 05 and the tests do).
UNGDC_DIR := $(if $(TOOLKIT_UNGDC_DIR),$(TOOLKIT_UNGDC_DIR),../shared/corpora/ungdc)

.PHONY: report test install benchmark clean-venv

install: $(STAMP)

# Reinstall whenever the pins or the version change (the installed metadata carries the version);
# -c makes every transitive package match the lock file.
$(STAMP): pyproject.toml requirements.lock toolkit/_util/version.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

# Executes the notebooks (the demo corpus; the UNGDC case study when the corpus is there) and writes
# the rendered notebooks and the comparison report of the demo corpus (HTML, every table as CSV and LaTeX).
report: $(STAMP)
	mkdir -p reports
	$(PY) -m jupyter nbconvert --to html --execute --output-dir reports $(DEMO_NOTEBOOKS)
	@if [ -f "$(UNGDC_DIR)/UNGDC_1946-2024.tgz" ]; then \
		$(PY) -m jupyter nbconvert --to html --execute --output-dir reports $(UNGDC_NOTEBOOK); \
	else \
		echo "Skipped $(UNGDC_NOTEBOOK): the UN General Debate Corpus is not at $(UNGDC_DIR)" \
		     "(put it there or set TOOLKIT_UNGDC_DIR; see README, 'The UN General Debate Corpus')."; \
	fi
	$(PY) -m toolkit report --by actor --out reports/demo --title "Demo corpus: six fictional actors compared"
	@echo "Reports written to reports/ (notebooks) and reports/demo/report.html"

test: $(STAMP)
	$(PY) -m pytest

BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

# A separate environment: the benchmark's comparison tools must not change the pinned one.
$(BENCH_STAMP): pyproject.toml requirements.lock benchmarks/requirements-bench.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -c requirements.lock -e .
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps -r benchmarks/requirements-bench.txt
	touch $(BENCH_STAMP)

benchmark: $(STAMP) $(BENCH_STAMP)
	$(PY) benchmarks/bench_processing.py
	$(BENCH_VENV)/bin/python benchmarks/bench_keyness.py

clean-venv:
	rm -rf $(VENV)
