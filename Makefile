# Shortcuts; the scripts are the source of truth (a fresh machine may lack make).
.PHONY: setup run demo test lint format bench-ingest

setup:
	bash scripts/setup.sh --test

run:
	bash scripts/run.sh

# DEMO_ARGS go to the driver, e.g. make demo DEMO_ARGS="--interval 2 --count 20".
demo:
	bash scripts/demo.sh $(DEMO_ARGS)

test:
	bash scripts/test.sh

lint:
	.venv/bin/ruff check sidecar tests bench
	.venv/bin/ruff format --check sidecar tests bench

format:
	.venv/bin/ruff format sidecar tests bench

bench-ingest:
	.venv/bin/python -m bench.ingest
