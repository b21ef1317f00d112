# Lắng Nghe — the developer menu. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat setup.py constraints.txt | cksum | cut -d' ' -f1)
DATA   := $(wildcard data/datasets/*/*.jsonl) $(wildcard data/city/*.jsonl) config/taxonomy.yaml
# task:model folder — the defaults of the <task>_model settings; `make models` trains what is missing or stale
MODELS := sentiment:models/sentiment-mixed-v1-20261130 topic:models/topic-city-v1-20261130 \
          complaint:models/complaint-mixed-v1-20261130 urgency:models/urgency-city-v1-20261130 \
          legal_type:models/legal_type-city-v1-20261130 toxicity:models/toxicity-vihsd-v1-20261130 \
          spam:models/spam-vispam-v1-20261130
ARTIFACTS := $(foreach m,$(MODELS),$(word 2,$(subst :, ,$(m)))/model.joblib)

.PHONY: help install transformers run test test-fast lint models eval bench docs es-start es-stop clean chromium

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

TRANSFORMERS := $(VENV)/.transformers-$(shell cat setup.py constraints.txt | cksum | cut -d' ' -f1)
$(TRANSFORMERS): $(STAMP)
	@echo "==> installing the transformers extra (torch is PyPI's CUDA build: about 2 minutes and 5.6 GB; runs on CPU)"
	$(BIN)/pip install --progress-bar on -c constraints.txt -e '.[dev,transformers]'
	@rm -f $(VENV)/.transformers-* && touch $@

transformers: $(TRANSFORMERS)  ## install torch + transformers + ONNX Runtime (the transformers backend)

define model_rule
$(word 2,$(subst :, ,$(1)))/model.joblib: $$(DATA) nlp/tasks/$(word 1,$(subst :, ,$(1))).py | $$(STAMP)
	@echo "==> training the $(word 1,$(subst :, ,$(1))) model from the shipped data"
	$$(BIN)/langnghe train $(word 1,$(subst :, ,$(1))) --out $(word 2,$(subst :, ,$(1)))
endef
$(foreach m,$(MODELS),$(eval $(call model_rule,$(m))))

models: $(ARTIFACTS)  ## train the shipped models (skipped when up to date)

eval: install models  ## dev metrics of every model next to the published test results → docs/eval.md
	$(BIN)/python -m nlp.eval_report --out docs/eval.md

run: install models  ## start Elasticsearch, the intake API, Airflow, the mail sink and the dashboard (Ctrl-C stops all)
	@if $(BIN)/python -m nlp.backends_needed; then $(MAKE) --no-print-directory transformers; fi
	$(BIN)/langnghe up

chromium:  ## Debian chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then echo "==> installing Debian chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium' (browser tests will fail without it)"; fi; }

test: install transformers models chromium  ## start what the tests need and run the whole suite
	$(BIN)/pytest

test-fast: install  ## unit tests only (no Elasticsearch, no browser)
	$(BIN)/pytest -m "not integration and not slow and not browser"

lint: install  ## ruff
	$(BIN)/ruff check .

bench: install transformers models  ## benchmarks: ratios and figures measured in one run (needs Elasticsearch: make es-start)
	$(BIN)/python -m benchmarks.run
	$(BIN)/langnghe bench nlp --json
	$(BIN)/langnghe bench crawl --json
	$(BIN)/langnghe bench intake --json
	$(BIN)/langnghe bench incidents --items 100000
	$(BIN)/langnghe bench digest --json
	$(BIN)/langnghe bench dashboard --json

es-start: install  ## start the embedded Elasticsearch only
	$(BIN)/langnghe es start

es-stop: install  ## stop it
	$(BIN)/langnghe es stop

clean:  ## remove the venv, run data and built models (not the Elasticsearch cache)
	rm -rf $(VENV) var $(ARTIFACTS)
