# The two commands of the README: `make demo` builds the bundled manuscripts, `make test` runs
# the checks. Each sets up its own virtual environment on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: demo test test-fast lint snapshots bench bytecode a11y site-check pictures system-deps system-deps-demo system-deps-a11y clean

# The system packages each command needs (Pango, HarfBuzz's subsetter; Java for `make test`): installed
# with apt-get when run as root, otherwise the one command to run is printed and make stops.
system-deps-demo:
	@$(PYTHON) -m avitools.sysdeps demo

system-deps:
	@$(PYTHON) -m avitools.sysdeps test

system-deps-a11y:
	@$(PYTHON) -m avitools.sysdeps a11y

$(STAMP): pyproject.toml avitools/render/engine/verified.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c avitools/render/engine/verified.txt -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# avitools' own modules byte-compiled, as pip compiles an installed package: where
# PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise compile them at every start.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q avitools

demo: system-deps-demo bytecode
	$(BIN)/avi build

# After an intentional layout change: rebuild the layout fixtures and approve their snapshots.
LAYOUT_FIXTURES := manuscripts tests/data/manuscripts
snapshots: $(STAMP)
	rm -rf build/layout-fixtures
	$(BIN)/avi build $(LAYOUT_FIXTURES) -o build/layout-fixtures
	rm -f tests/layout/*.json tests/layout/*.pdf
	$(BIN)/avi snapshot build/layout-fixtures/*/*.pdf --into tests/layout

# The build benchmark (several minutes): writes docs/performance.md. pandoc is optional.
bench: bytecode
	$(BIN)/python -m benchmarks.bench_build

lint: system-deps $(STAMP)
	$(BIN)/ruff check avitools tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# Between edits: the suite without the tests marked slow (many PDFs, EPUBCheck, a fresh clone).
test-fast: lint
	$(BIN)/python -m pytest -m "not slow"

# Ace by DAISY on anthologies of the test fixtures (English, Khmer, mixed): no violation of any
# severity; the web edition of the fixtures judged by the Nu HTML Checker and by axe-core in
# Chromium (tests/a11y/site_check.py). Installs Ace, vnu and axe-core from tests/a11y/package-lock.json,
# using Debian's Chromium instead of a downloaded browser (vnu runs on the Java of make test). A few
# minutes once installed; CI runs it after `make test`.
A11Y := tests/a11y
$(A11Y)/node_modules/.installed: $(A11Y)/package-lock.json
	cd $(A11Y) && PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

a11y: system-deps-a11y $(STAMP) $(A11Y)/node_modules/.installed
	PUPPETEER_EXECUTABLE_PATH="$$(command -v chromium)" $(BIN)/python -m pytest -p no:cacheprovider $(A11Y)/ace_check.py $(A11Y)/site_check.py

# The web edition's outside judges alone (also part of make a11y): vnu, axe-core, widths, search.
site-check: system-deps-a11y $(STAMP) $(A11Y)/node_modules/.installed
	$(BIN)/python -m pytest -p no:cacheprovider $(A11Y)/site_check.py

pictures: $(STAMP)
	$(BIN)/python docs/pictures/make_pictures.py 8 7 5
	$(BIN)/python docs/pictures/site_pictures.py

clean:
	rm -rf build/2* .pytest_cache .mypy_cache .ruff_cache
