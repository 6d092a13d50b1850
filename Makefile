# Two commands on a fresh machine with Python 3.11 and make:
#   make book   set up .venv, execute every notebook, build the site into _build/html
#   make test   set up .venv, run every test (unit, nbval, exercises, book build, site)
# Also: make lab, make bench, make exercises, make clean.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
TORCH_SPEC ?= torch==2.13.0
# e.g. TORCH_INDEX="--index-url https://download.pytorch.org/whl/cpu" on a machine without a local CPU wheel
TORCH_INDEX ?=
STAMP  := $(VENV)/.installed
# Tests and builds never touch the network: the Hub is off, and the offline guard in
# tests/offline/sitecustomize.py refuses non-loopback connections in every Python process.
OFFLINE := HF_HUB_OFFLINE=1 AIGC_NO_NETWORK=1 PYTHONPATH=$(CURDIR)/tests/offline PYDEVD_DISABLE_FILE_VALIDATION=1

.PHONY: help setup book test unit notebooks exercises-check book-check site-test lab bench exercises clean

help:
	@echo "make book   - set up .venv, execute the notebooks and build the site (_build/html)"
	@echo "make test   - set up .venv and run every test"
	@echo "make lab    - JupyterLab on the notebooks"
	@echo "make bench  - time and memory of every notebook and of the book build -> bench/"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH_SPEC)" $(TORCH_INDEX)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (aigc-ethics)" >/dev/null
	touch $(STAMP)

book: $(STAMP)
	$(OFFLINE) $(VENV)/bin/jupyter-book build . -W --keep-going
	@echo "Book built: $(CURDIR)/_build/html/index.html"

# --- tests -------------------------------------------------------------------------------
test: $(STAMP)
	$(MAKE) unit notebooks book-check
	@echo "make test: all test stages passed"

unit: $(STAMP)
	$(OFFLINE) MPLBACKEND=Agg $(PY) -m pytest tests -q --ignore=tests/site -p no:cacheprovider --allow-hosts=127.0.0.1,::1

# nbval executes every lesson and solution notebook once, strictly (see tests/nbval_sanitize.cfg).
notebooks: $(STAMP)
	$(OFFLINE) $(PY) -m pytest -q --nbval notebooks solutions \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 300 -p no:cacheprovider \
	  --allow-hosts=127.0.0.1,::1

# The site is built from the outputs nbval just verified (no second execution).
book-check: $(STAMP)
	@mkdir -p _build
	sed 's/execute_notebooks: *force/execute_notebooks: "off"/' _config.yml > _build/_config_noexec.yml
	$(OFFLINE) $(VENV)/bin/jupyter-book build . -W --keep-going --config _build/_config_noexec.yml
	$(OFFLINE) $(PY) -m pytest -q tests/site --ignore=tests/site/test_browser.py --ignore=tests/site/test_binder.py -p no:cacheprovider --allow-hosts=127.0.0.1,::1
	$(MAKE) site-test

# A real browser on the built site: headless Chromium via Playwright visits every page
# (tests/site/test_browser.py; screenshots in _build/screenshots). Installs what it needs once.
AIGC_CHROMIUM ?= /usr/bin/chromium
AIGC_SITE_DIR ?= $(CURDIR)/_build/html
export AIGC_CHROMIUM AIGC_SITE_DIR
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SITE_STAMP := $(VENV)/.site-test-installed

$(SITE_STAMP): requirements-test.txt $(STAMP)
	$(PY) -m pip install -q -r requirements-test.txt
	@test -x "$(AIGC_CHROMIUM)" || { $(SUDO) apt-get install -y chromium || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }; }
	touch $(SITE_STAMP)

site-test: $(SITE_STAMP)
	@test -f "$(AIGC_SITE_DIR)/index.html" || { echo "no site in $(AIGC_SITE_DIR): make book-check first"; exit 1; }
	$(OFFLINE) $(PY) -m pytest -q tests/site/test_browser.py tests/site/test_binder.py -p no:cacheprovider --allow-hosts=127.0.0.1,::1 -s

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

bench: $(STAMP)
	$(OFFLINE) $(PY) -m aigc_ethics.bench --out bench

exercises: $(STAMP)
	$(PY) -m aigc_ethics.exercises build

clean:
	rm -rf _build .jupyter_cache
