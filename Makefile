# claimtrack — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     ?= claims.db

.PHONY: demo test lint fuzz bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: install, load the bundled Gabala 2025 speech and its claims into ./claims.db, set the
## flags as of today (refresh without fetching: no network needed), print the report
demo: $(STAMP)
	$(BIN)/claimtrack dataset load gabala-2025 --db $(DB)
	$(BIN)/claimtrack refresh --no-fetch --db $(DB)
	$(BIN)/claimtrack report --all --db $(DB)

## test: linters, type checks and the whole test suite
test: lint
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

## fuzz: the hypothesis property tests with many more examples
fuzz: $(STAMP)
	CLAIMTRACK_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -m fuzz -p no:cacheprovider

## bench: the benchmark suite (minutes; not part of `make test`). Its tools go into .venv-bench;
## the claimtrack it times runs here, in .venv, which must stay free of them (numpy slows start-up)
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

## eval: the extractor against the hand-annotated dev and test sets (tests/extract/eval);
## EVAL_ARGS="--set dev --details" lists the dev set's misses (test-set items: --details-test)
EVAL_ARGS ?= --set both
eval: $(STAMP)
	$(BIN)/python tests/extract/eval/evaluate.py $(EVAL_ARGS)

clean:
	rm -rf $(VENV) .venv-bench .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
