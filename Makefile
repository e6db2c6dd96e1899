# The two commands a newcomer runs: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8001
DB ?= kb.db
CORPUS ?= corpus
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build.py --corpus $(CORPUS) --db $(DB)

# The default database is rebuilt from the corpus first; DB=other.db serves that file as it is.
serve: $(if $(filter kb.db,$(DB)),build,$(STAMP))
	$(BIN)/kb serve --db $(DB) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DB) build
