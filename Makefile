# saidwhat: `make demo` and `make test` are the two commands a newcomer runs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# extras installed by setup; CI adds `train` (PyTorch, CPU) to test the training code too
EXTRAS ?= test,postgres,web

.PHONY: setup demo test eval bench clean

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

eval: $(STAMP)
	$(BIN)/saidwhat eval polnear --data ../shared/data/polnear --split dev

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
