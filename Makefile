# Kharita: `make run` to start the app, `make test` to run every test.
# Both create .venv and install the pinned requirements on first use only.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint data bench clean

run: $(VENV)/.installed data
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed-dev data
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-ner.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# Derived data: committed files are rebuilt only if missing (the raw sources
# live in ../shared/sources); caches under .cache/ are rebuilt when stale.
BASEMAP := $(addprefix data/basemap/,$(addsuffix .geojson,countries provinces districts towns rivers lakes))

data: $(BASEMAP)
	$(BIN)/python -m geo prepare

# One run of the script writes every basemap file (from ../shared/sources and data/gazetteer).
$(BASEMAP) &:
	$(BIN)/python scripts/build_basemap.py

bench: $(VENV)/.installed-dev data
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf .cache static .pytest_cache .ruff_cache
