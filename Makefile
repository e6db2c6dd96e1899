# The two commands a newcomer runs: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8001
DB ?= kb.db
CORPUS ?= corpus
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test test-fast lint bench evaluate fuzz readme clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build.py --corpus $(CORPUS) --db $(DB)

# The default database is rebuilt from the corpus first; DB=other.db serves that file as it is.
serve: $(if $(filter kb.db,$(DB)),build,$(STAMP))
	$(BIN)/kb serve --db $(DB) --port $(PORT)

# Everything, as CI runs it; `make test-fast` leaves out the tests marked slow (benchmark smoke runs).
test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# ruff (pyflakes, pycodestyle, import order, pyupgrade, bugbear) and mypy, both configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check kb tools tests build.py
	$(BIN)/mypy

# Tools beside the package (tools/): figures for BENCHMARKS.md, scores of the labelled fixtures, README's generated sections.
bench: $(STAMP)
	$(BIN)/python -m tools.bench $(ARGS)

evaluate: $(STAMP)
	$(BIN)/python -m tools.evaluate
	$(BIN)/python -m tools.evaluate_claims

fuzz: $(STAMP)
	$(BIN)/python -m tools.fuzz --documents 10000 --seed 1

readme: $(STAMP)
	$(BIN)/python -m tools.readme

clean:
	rm -rf $(VENV) $(DB) build
