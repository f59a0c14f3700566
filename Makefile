# Two entry points: `make demo` (install + digest the sample) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := data/samples/hegseth-nato-brussels.txt

.PHONY: install demo check test bench fit-ranker clean

# The stamp is the installed console script: reinstall when the project's metadata changes.
$(BIN)/newsdigest: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(BIN)/newsdigest

demo: install
	$(BIN)/newsdigest summarize $(SAMPLE)

# The habits CI holds us to: lint, formatting and strict types, before the suite.
check: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

test: check
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/speed.py

# Refit the news ranker's weights from ../shared/eval (cross-validated report, then write).
fit-ranker: install
	$(BIN)/python scripts/fit_ranker.py --write

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
