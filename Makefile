# Every target sets up what it needs: a fresh machine only needs Python 3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SITE    = example_site
PORT   ?= 8000

.PHONY: demo html test lint format bench screenshots clean

$(BIN)/pelican: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# Build the demo and serve it at http://127.0.0.1:$(PORT) (Ctrl-C stops it).
demo: html
	cd $(SITE) && ../$(BIN)/pelican --listen --bind 127.0.0.1 --port $(PORT) -o output

# Build the demo without serving it.
html: $(BIN)/pelican
	cd $(SITE) && ../$(BIN)/pelican content -s pelicanconf.py -o output --fatal warnings

# The whole test suite, browser checks included (see tests/tools/setup.sh).
test: $(BIN)/pelican
	bash tests/tools/setup.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(BIN)/pelican
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/pelican
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Build-time benchmark against plain Pelican and the peer plugins, and of a Jekyll
# site through JEKYLL_SITE against `jekyll build` (benchmarks/README.md).
# The peers get their own environment: as namespace plugins they would load into
# any site of .venv whose settings leave PLUGINS unset.
BENCH_VENV ?= .venv-bench
$(BENCH_VENV)/bin/pelican: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(BENCH_VENV)/bin/pelican
	$(BENCH_VENV)/bin/python benchmarks/build.py --posts 2000

# Screenshots of the demo for the README (desktop and phone, light and dark).
screenshots: $(BIN)/pelican
	bash tests/tools/setup.sh
	bash tests/browser/screenshots.sh

clean:
	rm -rf $(SITE)/output $(SITE)/cache .pytest_cache build dist *.egg-info \
		benchmarks/_work .venv-oldest .venv-bench
