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

# Executes every notebook on the embedded demo corpus and writes the rendered reports.
report: $(STAMP)
	mkdir -p reports
	$(PY) -m jupyter nbconvert --to html --execute --output-dir reports $(NOTEBOOKS)
	@echo "Reports written to reports/"

test: $(STAMP)
	$(PY) -m pytest

benchmark: $(STAMP)
	$(PY) benchmarks/bench_processing.py

clean-venv:
	rm -rf $(VENV)
