# Two commands for a newcomer (see README.md):
#   make book    install everything and build the HTML book into _build/html/
#   make test    install everything and run the whole test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book book-ko translations serve test install chapters bench clean

$(STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements-lock.txt -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)"
	touch $(STAMP)

install: $(STAMP)

# The HTML book, its Korean edition (locale/ko/, book/translations.py) into _build/html/ko/,
# then its live lab (JupyterLite + Pyodide, book/lite/) into _build/html/lab/.
# The lab's downloads are kept in .cache/lite/: a second build is offline.
book: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter-book build --all -W -n --keep-going .
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m book.translations html-ko
	$(BIN)/python -m book.lite.build _build/html/lab
	@echo "The book is built in _build/html/. Read it with: make serve (the live lab's links need http, not file://)"

# The book and its live lab over http (the lab does not run from file://), on this machine only.
PORT ?= 8000
serve:
	@test -f _build/html/index.html || { echo "no book in _build/html: run make book" >&2; exit 1; }
	@echo "Open http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

# The Korean edition alone, into _build/html/ko/ (after the English book: it links to it).
book-ko: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m book.translations html-ko

# After changing English text: refresh the translation catalogues (locale/, nnlearn/locale/).
translations: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m book.translations update

chapters: $(STAMP)
	$(BIN)/python -m autograder generate

bench: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.run
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.grading_load
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.grading_floor
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.machine_ceiling --grading 12 --idle 6
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.browser
	$(BIN)/python -m benchmarks.diagnoses
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.live_lab
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.book_live
	$(BIN)/python -m benchmarks.cli_startup

clean:
	rm -rf _build .pytest_cache screenshots
