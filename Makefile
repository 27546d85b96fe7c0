# Two commands do everything: `make report` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SEED_CORPUS := data/raw/digital-shackles-essay-2021-10-21.txt
CORPUS ?= $(SEED_CORPUS)
OUT    ?= reports
# the project's figures/ show the bundled corpus: only a report on it refreshes them
FIGURES ?= $(if $(filter $(SEED_CORPUS),$(CORPUS)),figures)
# in the checkout, caches stay in .cache/ (an installed package uses the user cache folder)
export ANALYSIS_CACHE_DIR ?= $(CURDIR)/.cache
LAB_PORT ?= 8888

.PHONY: setup report test lint format lab bench-quality bench-agreement bench-speed clean-cache clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python >= 3.10 is needed; run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (analysis)" >/dev/null
	@touch $(STAMP)

report: setup
	$(BIN)/analysis report --corpus "$(CORPUS)" --out "$(OUT)" $(if $(FIGURES),--figures "$(FIGURES)")

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

lab: setup
	$(BIN)/analysis lab --ip=127.0.0.1 --port=$(LAB_PORT) --notebook-dir notebooks

bench-quality: setup
	$(BIN)/python benchmarks/quality.py

bench-agreement: setup
	$(BIN)/python benchmarks/agreement.py

bench-speed: setup
	$(BIN)/python benchmarks/speed.py

clean-cache:
	rm -rf .cache

clean:
	rm -rf $(VENV) reports .cache .pytest_cache
