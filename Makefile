# Two commands for a newcomer (see README.md):
#   make book    install everything and build the HTML book into _build/html/
#   make test    install everything and run the whole test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test install chapters bench clean

$(STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements-lock.txt -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)"
	touch $(STAMP)

install: $(STAMP)

book: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter-book build --all -W -n --keep-going .
	@echo "The book is in $(CURDIR)/_build/html/index.html"

test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

chapters: $(STAMP)
	$(BIN)/python -m autograder generate

bench: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/run.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/grading_load.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/browser.py
	$(BIN)/python benchmarks/diagnoses.py

clean:
	rm -rf _build .pytest_cache screenshots
