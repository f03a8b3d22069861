# hamstring-edu: `make lab` to learn, `make test` to check everything.
# Needs only Python 3.11+ and make; everything else goes into .venv/.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Keep JupyterLab off the network: no news feed, no update check, no extension search on PyPI.
LAB_FLAGS := --LabApp.news_url= --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
             --LabApp.extension_manager=readonly $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test app site serve-site book quiz loadtest-site hub bench loadtest-app loadtest-hub lint format notebooks students image browser-deps clean help

help:
	@echo "make lab        create .venv, install, open JupyterLab on the start notebook"
	@echo "make test       create .venv, install, run the whole test suite (pytest + nbval)"
	@echo "make app        the athlete app in Voila on http://127.0.0.1:8866/voila/render/app.ipynb"
	@echo "make site       the course (JupyterLite) and the app (Voici) as a static site in build/site"
	@echo "make serve-site serve build/site on http://127.0.0.1:8877/"
	@echo "make book       the course as a book (every notebook run, figures in the page) in build/site/book"
	@echo "make quiz       the quiz bank as Moodle XML and a QTI package (Canvas) in build/quiz"
	@echo "make bench      run the benchmarks and print the measured figures"
	@echo "make hub HUB_PASSWORD=...  JupyterHub for a class on http://127.0.0.1:8000/ (hub/README.md)"
	@echo "make loadtest-app  the athlete app under a class's load (30 visitors), figures printed"
	@echo "make loadtest-site the static site's load times in a browser (first visit, cached), printed"
	@echo "make loadtest-hub  10 and then 30 students on one hub, figures printed"
	@echo "make lint       ruff check + ruff format --check"
	@echo "make notebooks  re-run the notebooks and keep only the outputs nbval checks"
	@echo "make students   write the student notebooks (no answers, no teacher's guide) to build/students"
	@echo "make image      build the JupyterHub/Binder image with repo2docker (needs Docker)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "hamstring-edu needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[lab,test]"
	$(PY) tools/setup_jupyter.py
	@touch $(STAMP)

# The start notebook opens first; LAB_ARGS adds options (the tests add --no-browser and a port).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(LAB_FLAGS) --ServerApp.root_dir=notebooks \
	  --LabApp.default_url=/lab/tree/00_start_here.ipynb $(LAB_ARGS)

# The athlete app in Voila: no code in sight, one kernel per visitor, nothing fetched from the
# internet (the project's "hamstring" template). The served folder build/app/ holds links to the
# app and the notebooks it links to, nothing else (tools/app_folder.py). Kernels as a service
# (issue 22): one preheated kernel for the app only, refilled 8 s after a visitor takes it; a
# visitor's kernel is shut down when the page is left (the template's pagehide request); a kernel
# left behind (a phone that dropped the tab) is culled after 20 min without activity, checked
# every 60 s, connected or not, never while it computes (Voila never culls its pool).
# A cell's output may come up to 60 s after its reply (nbclient's default, 4 s, lost the app's
# form on a busy server: the page drew no widget at all). share/voila/voila.py: a visitor takes a preheated kernel only when one is ready (else a kernel
# of their own at once: the page streams its first questions while it starts).
# APP_POOL sets the preheated kernels (each about 105 MB, idle); APP_ARGS adds options.
APP_PORT ?= 8866
APP_POOL ?= 1
APP_FLAGS := --template=hamstring --Voila.ip=127.0.0.1 --port=$(APP_PORT) --no-browser \
             --preheat_kernel=True --VoilaConfiguration.default_pool_size=$(APP_POOL) \
             --VoilaKernelManager.preheat_denylist='["^(?!(.*/)?app\.ipynb$$)"]' \
             --VoilaKernelManager.fill_delay=8 --VoilaConfiguration.show_tracebacks=False \
             --VoilaExecutor.iopub_timeout=60 \
             --MappingKernelManager.cull_idle_timeout=1200 --MappingKernelManager.cull_interval=60 \
             --MappingKernelManager.cull_connected=True --MappingKernelManager.cull_busy=False \
             --Voila.custom_display_url='http://127.0.0.1:$(APP_PORT)/voila/render/app.ipynb\#' \
             --Voila.config_file_paths='["$(CURDIR)/share/voila"]'
app: $(STAMP)
	@echo "The athlete app: http://127.0.0.1:$(APP_PORT)/voila/render/app.ipynb  (Ctrl+C stops it)"
	@$(PY) tools/app_folder.py build/app >/dev/null
	$(VENV)/bin/voila build/app/ $(APP_FLAGS) $(APP_ARGS)

# npm, from Debian when missing and run as root (the hub's proxy and Pyodide come from npm).
NEED_NPM = command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing: nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "this needs npm (as root: apt-get install nodejs npm)"; exit 1; fi; }

# The static site (issue 23): the course in JupyterLite and the athlete app in Voici, run by
# Pyodide in the browser; no server computes anything (tools/build_site.py, site/site.toml).
# Its tools live in .venv-site (site/requirements.txt), apart from .venv, whose JupyterLab must
# not load JupyterLite's extensions. `make serve-site` serves it on 127.0.0.1 only.
SITE_VENV  := .venv-site
SITE_STAMP := $(SITE_VENV)/.installed-stamp
SITE_PORT ?= 8877
$(SITE_STAMP): site/requirements.txt | $(STAMP)
	@$(NEED_NPM)
	$(PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SITE_VENV)/bin/python -m pip install --quiet -r site/requirements.txt
	@touch $(SITE_STAMP)

site: $(SITE_STAMP) book
	$(PY) tools/build_site.py --site-venv $(SITE_VENV) --out build/site

# The course as a book in build/site/book (tools/build_book.py): every notebook run and rendered,
# readable and printable without a server. BOOK_HUB_URL adds a "run it on your class's hub" link
# (a URL that opens a notebook when its file name is added, e.g. .../hub/user-redirect/lab/tree/notebooks).
book: $(STAMP)
	$(PY) tools/build_book.py --out build/site/book $(if $(BOOK_HUB_URL),--hub-url $(BOOK_HUB_URL),)

# The quiz bank for Moodle and Canvas (QTI 1.2), read back and checked: build/quiz/ (answers
# included: for teachers, not part of the site).
quiz: $(STAMP)
	$(PY) tools/export_quiz.py build/quiz

serve-site:
	@test -f build/site/index.html || $(MAKE) --no-print-directory site
	@echo "The site: http://127.0.0.1:$(SITE_PORT)/  (Ctrl+C stops it)"
	$(PY) -m http.server --bind 127.0.0.1 --directory build/site $(SITE_PORT)

# A class on one JupyterHub (hub/README.md): jupyterhub and its idle culler from PyPI (the hub
# extra), configurable-http-proxy from npm (pinned by hub/package-lock.json; nodejs and npm from
# Debian when missing and run as root). 127.0.0.1 only; HUB_PASSWORD is the class's password.
HUB_PORT ?= 8000
HUB_STAMP := $(VENV)/.hub-installed-stamp
$(HUB_STAMP): $(STAMP) pyproject.toml hub/package-lock.json
	@$(NEED_NPM)
	$(PY) -m pip install --quiet -e ".[lab,test,hub]"
	cd hub && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(HUB_STAMP)

hub: $(HUB_STAMP)
	HUB_PORT=$(HUB_PORT) $(VENV)/bin/jupyterhub -f hub/jupyterhub_config.py

# axe-core, the accessibility checker the browser tests put into each page (no npm needed).
AXE := $(VENV)/share/axe-core/VERSION
$(AXE): tests/a11y/package-lock.json | $(STAMP)
	$(PY) tools/fetch_axe.py

test: $(STAMP) $(AXE) browser-deps site
	@$(MAKE) --no-print-directory $(HUB_STAMP) || echo "without the hub's packages its test is skipped"
	$(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

# The athlete app under a class's load (issue 22; not part of `make test`): 30 visitors over
# 2 minutes doing the journey and leaving, then 10 arriving within 10 s on a quiet server and
# beside 10 others. LOAD_ARGS adds options (--visitors, --over, --pool).
loadtest-app: $(STAMP)
	$(PY) benchmarks/load_app.py all $(LOAD_ARGS)

# The static site in a real browser (issue 23; not in `make test`): the app's first question and
# form, a notebook's idle kernel, at 375 and 1400 px, first visit and from the browser's cache.
loadtest-site: $(STAMP)
	@test -f build/site/voici/render/app.html || $(MAKE) --no-print-directory site
	$(PY) benchmarks/load_site.py $(LOAD_ARGS)

# 10 and then 30 students logging in over 60 s on a fresh loopback hub each (not in `make test`).
loadtest-hub: $(HUB_STAMP)
	$(PY) benchmarks/load_hub.py 10 30

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

notebooks: $(STAMP)
	$(PY) tools/refresh_notebooks.py

students: $(STAMP)
	$(PY) tools/make_student_notebooks.py build/students

# The image JupyterHub and BinderHub build (repo2docker reads binder/). Needs a Docker engine.
image: $(STAMP)
	@if ! docker info >/dev/null 2>&1; then \
	  echo "make image: skipped: no Docker engine here (repo2docker needs one; Binder builds it for you)"; \
	else \
	  $(PY) -m pip install --quiet jupyter-repo2docker && \
	  $(VENV)/bin/jupyter-repo2docker --no-run --image-name hamstring-edu . ; \
	fi

# Debian's chromium, for the browser tests (CI runs as root; elsewhere those tests skip).
# What the browser tests need from Debian: its chromium and the two font families the tests'
# fontconfig (tests/fonts/fonts.conf) allows, so text is measured the same on every machine.
# Installs only what is missing (as root, with apt-get); otherwise says what to install.
BROWSER_PACKAGES := chromium fonts-dejavu-core fonts-liberation
browser-deps:
	@missing=""; for p in $(BROWSER_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing for the browser tests:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "not installed:$$missing (as root: apt-get install$$missing); without chromium the browser tests are skipped"; fi

clean:
	rm -rf $(VENV) $(SITE_VENV) .pytest_cache .ruff_cache .benchmarks .hypothesis build dist *.egg-info
