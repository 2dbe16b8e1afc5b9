# The README's two commands: `make demo` and `make test`.  Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1

.PHONY: install demo test lint typecheck bench clean browser

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	mkdir -p out
	$(BIN)/framelens extract examples/ --format jsonl -o out/articles.jsonl
	$(BIN)/framelens compare examples/ --html out/report.html --json out/report.json --md
	@echo "demo output: out/report.html (open it in a browser), out/report.json, out/articles.jsonl"

lint: install
	$(BIN)/ruff check framelens tests bench
	$(BIN)/ruff format --check framelens tests bench

typecheck: install
	$(BIN)/mypy

# Debian's Chromium and its driver for the browser tests (never a browser download).  Best
# effort: where apt cannot install them the browser tests skip and say why.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "warning: chromium could not be installed; browser tests will be skipped"; \
	else echo "warning: no root apt-get to install chromium; browser tests will be skipped"; fi

test: lint typecheck browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
