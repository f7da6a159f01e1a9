# saidwhat: `make demo` and `make test` are the two commands a newcomer runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# extras installed by setup (`web`: the web page of `saidwhat serve`), with the development distribution
# (dev/: `saidwhat train`, `saidwhat eval`, the gold sets and floors the tests read); CI adds `train` (PyTorch, CPU)
# to test the training code too, and `spark` (PySpark, datasketch, DuckDB, pandas) to run the Spark
# executor's tests in local mode
EXTRAS ?= test,postgres,web

.PHONY: setup demo test lint eval bench clean

# Installed with other extras (an older checkout's setup): install again with these.
ifneq ($(shell cat $(STAMP) 2>/dev/null),$(EXTRAS))
.PHONY: $(STAMP)
endif

$(STAMP): pyproject.toml dev/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]" -e ./dev
	echo "$(EXTRAS)" > $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/saidwhat demo
	@echo
	@echo "To open the demo store in your browser: $(BIN)/saidwhat serve --db saidwhat-demo.db"
	@echo "then go to http://127.0.0.1:8765/ (Ctrl-C stops the server)."

test: $(STAMP)
	$(BIN)/python -m pytest

# style, types and layers: ruff's rules, mypy --strict and the import contracts, as configured in
# pyproject.toml (README, "Architecture")
lint: $(STAMP)
	$(BIN)/ruff check src dev tests bench
	$(BIN)/mypy src dev/saidwhat_dev
	$(BIN)/lint-imports

eval: $(STAMP)
	$(BIN)/saidwhat eval polnear --data ../shared/data/polnear --split dev

clean:
	rm -rf $(VENV) build src/*.egg-info dev/*.egg-info .pytest_cache
