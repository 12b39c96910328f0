# Two commands on a fresh machine: `make demo` then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench lint install serve messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ptce migrate --no-input
	@if find src -name '*.po' | grep -q .; then \
		$(BIN)/ptce compilemessages --ignore '.venv' >/dev/null; \
	else echo "No .po catalogue yet: compilemessages skipped."; fi
	$(BIN)/ptce demo
	$(BIN)/ptce serve

# pytest's exit code 5 (no test collected) fails the target like any other non-zero code.
test: $(STAMP)
	@if find src -name '*.po' | grep -q .; then \
		$(BIN)/ptce compilemessages --ignore '.venv' >/dev/null; \
	else echo "No .po catalogue yet: compilemessages skipped."; fi
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

messages: $(STAMP)
	cd src/ptce && ../../$(BIN)/ptce makemessages -l fr -l en --no-obsolete

clean:
	rm -rf $(VENV) *.sqlite3
