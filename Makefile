# Two commands on a fresh machine with Python 3.11 and make:
#   make book   set up .venv, execute every notebook, build the site into _build/html
#   make test   set up .venv, run every test (unit, nbval, exercises, book build, site)
# `make help` lists every target.

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

.PHONY: help setup book test lint unit slow notebooks book-check site-test lab bench exercises lesson appendices new-lesson autograder set-repo colab-replica device-test clean

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /make \1\t/' | expand -t 20

setup: $(STAMP)  ## create .venv: torch first, then requirements.txt and the package

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH_SPEC)" $(TORCH_INDEX)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (aigc-ethics)" >/dev/null
	touch $(STAMP)

# AUDIENCE=student: the student edition (no solutions, no answer keys; tools/student_build.py),
# rendered from the stored outputs into _build/student/_build/html. The default is the complete site.
AUDIENCE ?= complete
STUDENT := $(CURDIR)/_build/student
# EXECUTE=off renders the notebooks' stored outputs (what the Pages workflow does unless asked to
# re-execute); the default re-executes every notebook (_config.yml execute_notebooks: force).
EXECUTE ?= force

book: $(STAMP)  ## execute every notebook and build the site into _build/html (-W); EXECUTE=off: stored outputs; AUDIENCE=student: no solutions
ifeq ($(AUDIENCE),student)
	$(PY) tools/student_build.py --out $(STUDENT)
	$(OFFLINE) $(VENV)/bin/jupyter-book build $(STUDENT)/src -W --keep-going \
	  --config $(STUDENT)/_config.yml --toc $(STUDENT)/_toc.yml --path-output $(STUDENT)
	@echo "Student book built: $(STUDENT)/_build/html/index.html"
else ifeq ($(EXECUTE),off)
	@mkdir -p _build
	sed -e 's/execute_notebooks: *force/execute_notebooks: "off"/' -e 's|: book/_ext|: ../book/_ext|' _config.yml > _build/_config_noexec.yml
	$(OFFLINE) $(VENV)/bin/jupyter-book build . -W --keep-going --config _build/_config_noexec.yml
	@echo "Book built from the stored outputs: $(CURDIR)/_build/html/index.html"
else
	$(OFFLINE) $(VENV)/bin/jupyter-book build . -W --keep-going
	@echo "Book built: $(CURDIR)/_build/html/index.html"
endif

# --- tests -------------------------------------------------------------------------------
test: $(STAMP)  ## every test: lint, unit, nbval, book build, site and browser tests
	$(MAKE) lint unit slow notebooks book-check
	@echo "make test: all test stages passed"

unit: $(STAMP)  ## fast unit tests (library, checks, conventions, architecture, pairing): under 3 minutes
	$(OFFLINE) MPLBACKEND=Agg $(PY) -m pytest tests -q --ignore=tests/site -p no:cacheprovider --allow-hosts=127.0.0.1,::1 -m "not slow" --durations=10

# The notebook-executing stages run on TEST_WORKERS processes (pytest-xdist), each kernel with one
# torch thread (AIGC_THREADS=1): on 2 cores this is ~1.6x faster than one process with 2 threads, and
# one thread per kernel holds up when the machine is busy. TEST_WORKERS=1 runs them serially.
TEST_WORKERS ?= 2
XDIST = $(if $(filter-out 1,$(TEST_WORKERS)),-n $(TEST_WORKERS),-p no:xdist)

slow: $(STAMP)  ## the slow unit tests (blank exercises executed, autograder, student build)
	$(OFFLINE) MPLBACKEND=Agg AIGC_THREADS=1 $(PY) -m pytest tests -q --ignore=tests/site -p no:cacheprovider --allow-hosts=127.0.0.1,::1 -m slow --durations=10 \
	  $(XDIST) $(if $(filter-out 1,$(TEST_WORKERS)),--dist loadgroup)

# nbval executes every lesson and solution notebook once, strictly (see tests/nbval_sanitize.cfg);
# --dist loadfile keeps each notebook's cells in one worker and one kernel.
notebooks: $(STAMP)  ## nbval: every lesson and solution notebook against its stored outputs
	$(OFFLINE) AIGC_THREADS=1 $(PY) -m pytest -q --nbval notebooks solutions \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 300 -p no:cacheprovider \
	  --allow-hosts=127.0.0.1,::1 $(XDIST) $(if $(filter-out 1,$(TEST_WORKERS)),--dist loadfile)

# The site is built from the outputs nbval just verified (no second execution).
book-check: $(STAMP)  ## build the site from the verified outputs (and the student edition), then the site and browser tests
	@mkdir -p _build
	sed -e 's/execute_notebooks: *force/execute_notebooks: "off"/' -e 's|: book/_ext|: ../book/_ext|' _config.yml > _build/_config_noexec.yml
	$(OFFLINE) $(VENV)/bin/jupyter-book build . -W --keep-going --config _build/_config_noexec.yml
	$(OFFLINE) $(PY) -m pytest -q tests/site --ignore=tests/site/test_browser.py --ignore=tests/site/test_binder.py --ignore=tests/site/test_student_site.py -p no:cacheprovider --allow-hosts=127.0.0.1,::1
	$(MAKE) --no-print-directory book AUDIENCE=student
	$(OFFLINE) $(PY) -m pytest -q tests/site/test_student_site.py -p no:cacheprovider --allow-hosts=127.0.0.1,::1
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

site-test: $(SITE_STAMP)  ## headless Chromium through every page of the built site
	@test -f "$(AIGC_SITE_DIR)/index.html" || { echo "no site in $(AIGC_SITE_DIR): make book-check first"; exit 1; }
	$(OFFLINE) $(PY) -m pytest -q tests/site/test_browser.py tests/site/test_binder.py -p no:cacheprovider --allow-hosts=127.0.0.1,::1 -s

lab: $(STAMP)  ## JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks

bench: $(STAMP)  ## time and memory of every notebook, generation speed, chapter numbers -> bench/
	$(OFFLINE) $(PY) tools/bench.py --out bench

# nbgrader course directory in _build/nbgrader (source/, release/, gradebook.db); then every solution
# is autograded (must score 100 %) and every released blank (must score 0).
autograder: $(STAMP)  ## export the exercises to nbgrader and verify: solutions 100 %, blanks 0
	$(OFFLINE) $(PY) tools/nbgrader_export.py --out _build/nbgrader export --verify

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(PY) -m aigc_ethics.exercises build

lint: $(STAMP)  ## ruff on the library, tools, tests and lesson sources; mypy on the core floor (pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# One lesson from its sources: lessons/NAME.py (and NAME.solution.py) -> notebooks/, solutions/, exercises/,
# executed in place with the offline settings of `make test` ("# alt:" lines become figure alt text).
lesson: $(STAMP)  ## rebuild and execute one lesson's notebooks: make lesson NAME=31_opt_out
	@test -n "$(NAME)" || { echo "usage: make lesson NAME=31_opt_out"; exit 2; }
	tools/nb.sh $(NAME)

# The real-model appendices (lessons/appendices/*.py) need a GPU and internet: built WITHOUT outputs, never
# executed here (not by nbval, not by the book); tests/test_hub_appendices.py runs them on a tiny saved pipeline.
appendices: $(STAMP)  ## rebuild appendices/*.ipynb from lessons/appendices/*.py, without outputs
	$(PY) tools/build_appendices.py

new-lesson: $(STAMP)  ## scaffold a lesson: make new-lesson NAME=36_style_cloaks CHAPTER=intellectual_property
	@test -n "$(NAME)" -a -n "$(CHAPTER)" || { echo "usage: make new-lesson NAME=36_style_cloaks CHAPTER=intellectual_property"; exit 2; }
	$(PY) tools/new_lesson.py $(NAME) $(CHAPTER)

# _config.yml's repository.url and course.install_ref -> every Colab badge, setup cell, Binder link and
# clone line (lesson sources, notebooks' first two cells without re-executing, docs); tests/test_repo_setting.py.
set-repo: $(STAMP)  ## write _config.yml's repository URL and install ref into badges, setup cells and links
	$(PY) tools/set_repo.py

# A fresh venv with Colab's package set (tools/colab_constraints.txt), the course installed as the setup
# cell does, every notebook run outside the checkout; results in $${TMPDIR:-/tmp}/aigc-colab-replica/results.md.
colab-replica:  ## Colab replica: fresh venv with Colab's versions, install as on Colab, run every notebook (heavy)
	tools/colab_replica.sh $(NAME)

# The device tier on a GPU machine: make device-test DEVICE=cuda (skips cleanly without CUDA).
DEVICE ?= cpu
device-test: $(STAMP)  ## library paths on DEVICE (make device-test DEVICE=cuda on a GPU machine; skips without CUDA)
	$(OFFLINE) AIGC_DEVICE=$(DEVICE) $(PY) -m pytest -q tests/test_device_tier.py -rs -p no:cacheprovider --allow-hosts=127.0.0.1,::1

clean:  ## remove the built site and caches
	rm -rf _build .jupyter_cache
