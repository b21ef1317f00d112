# Lắng Nghe — the developer menu. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat setup.py constraints.txt | cksum | cut -d' ' -f1)
MODEL  := models/sentiment-mixed-v1-20261130
DATA   := $(wildcard data/datasets/*/*.jsonl)

.PHONY: help install run test test-fast lint models bench docs es-start es-stop clean chromium

help:  ## this menu
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@echo "==> creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.py constraints.txt | $(BIN)/python
	@echo "==> installing pinned Python packages (first time: about 2 minutes)"
	$(BIN)/pip install --progress-bar on --upgrade pip==26.3
	$(BIN)/pip install --progress-bar on -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)  ## create .venv and install the pinned packages

$(MODEL)/model.joblib: $(DATA) | $(STAMP)
	@echo "==> training the sentiment model from the shipped datasets"
	$(BIN)/langnghe train sentiment --out $(MODEL)

models: $(MODEL)/model.joblib  ## train the shipped models (skipped when up to date)

run: install models  ## start Elasticsearch, Airflow and the dashboard; run the listening DAG (Ctrl-C stops all)
	$(BIN)/langnghe up

chromium:  ## Debian chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "==> installing Debian chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium' (browser tests will fail without it)"; fi; }

test: install models chromium  ## start what the tests need and run the whole suite
	$(BIN)/pytest

test-fast: install  ## unit tests only (no Elasticsearch, no browser)
	$(BIN)/pytest -m "not integration and not slow and not browser"

lint: install  ## ruff
	$(BIN)/ruff check .

bench: install models  ## benchmarks (ratios measured in one run)
	$(BIN)/python -m benchmarks.run

es-start: install  ## start the embedded Elasticsearch only
	$(BIN)/langnghe es start

es-stop: install  ## stop it
	$(BIN)/langnghe es stop

clean:  ## remove the venv, run data and built models (not the Elasticsearch cache)
	rm -rf $(VENV) var $(MODEL)/model.joblib
