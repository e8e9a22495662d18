# The two commands a newcomer runs: `make report` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: report test install benchmark clean-venv

install: $(STAMP)

# Reinstall whenever the pins change; -c makes every transitive package match the lock file.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

# Executes every notebook on the embedded demo corpus and writes the rendered notebooks and
# the comparison report of the demo corpus (HTML, plus every table as CSV and LaTeX).
report: $(STAMP)
	mkdir -p reports
	$(PY) -m jupyter nbconvert --to html --execute --output-dir reports $(NOTEBOOKS)
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
