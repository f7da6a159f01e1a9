# saidwhat: `make demo` and `make test` are the two commands a newcomer runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# extras installed by setup; CI adds `train` (PyTorch, CPU) to test the training code too, and `spark`
# (PySpark, datasketch, DuckDB, pandas) to run the Spark executor's tests in local mode
EXTRAS ?= test,postgres

.PHONY: setup demo test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]"
	echo "$(EXTRAS)" > $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/saidwhat demo

test: $(STAMP)
	$(BIN)/python -m pytest

# style and types: ruff's rules and mypy --strict, as configured in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

eval: $(STAMP)
	$(BIN)/saidwhat eval polnear --data ../shared/data/polnear --split dev

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
