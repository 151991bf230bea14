# Two commands on a fresh machine: `make serve` and `make test`.
# Everything they need is installed here, into .venv (and Debian's Chromium for the
# browser tests when it is missing and we are root); nothing installed by hand is assumed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
CHROMIUM ?= /usr/bin/chromium
NSTAMP := node_modules/.installed
ADDR   ?= 127.0.0.1:8000

.PHONY: serve demo site test lint typecheck jscheck bench bench-full chromium node clean schema vendor-map

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve -a $(ADDR)

# The clearly fictional sample region, for demos.
demo: $(STAMP)
	$(VENV)/bin/mkdocs serve -a $(ADDR) -f examples/mkdocs.yml

site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict -d site

schema: $(STAMP)
	$(PY) -m generator schema -o resources.schema.json

# The map's Leaflet and protomaps-leaflet, refreshed from npm (needs npm; see the script).
vendor-map: $(STAMP)
	$(PY) tools/vendor_map.py

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "Chromium is missing at $(CHROMIUM); install Debian's chromium package (browser tests will fail)"; \
	  fi; \
	fi

# Node and npm: the browser scripts' type check (TypeScript, pinned in package-lock.json)
# and their unit tests in Node (tests/js/, run by tests/test_js.py).
node:
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "node and npm are missing; install Debian's nodejs and npm packages (the type check and the Node tests fail without them)"; \
	  fi; \
	fi

$(NSTAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund
	touch $@

# tsc --noEmit over generator/assets/*.js (JSDoc types; the service worker with its own lib).
jscheck: $(NSTAMP)
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.sw.json

lint: $(TSTAMP) jscheck
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/mypy

# pytest exits 5 when nothing was collected; that is not a failure of the code.
test: $(TSTAMP) chromium lint
	$(PY) -m pytest -n 2 --dist loadgroup -q; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; fi; exit $$rc

bench: $(TSTAMP) chromium
	$(PY) benchmarks/run.py --sizes 1000,10000

bench-full: $(TSTAMP) chromium
	$(PY) benchmarks/run.py --sizes 1000,10000,100000

clean:
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache node_modules
