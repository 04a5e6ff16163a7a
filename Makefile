PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint install browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/siyu demo

# Debian's chromium drives the end-to-end console tests (a CJK font makes the screenshots legible);
# installed here when missing.
BROWSER_PKGS := chromium fonts-noto-cjk
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		apt-get install -y -q $(BROWSER_PKGS) >/dev/null 2>&1 || \
		(apt-get update -q >/dev/null && apt-get install -y -q $(BROWSER_PKGS) >/dev/null); fi

test: $(STAMP) browser
	$(BIN)/ruff check siyu tests benchmarks
	$(BIN)/pytest -q

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check siyu tests benchmarks

clean:
	rm -rf $(VENV) siyu-data .pytest_cache
