"""No solution code and no hidden test reaches students: chapters/, the nnlearn package, the book
and its live lab.

A "secret line" is any non-trivial line inside a BEGIN/END SOLUTION or BEGIN/END HIDDEN TESTS
block of the instructor source. The search is line by line after whitespace normalisation.
"""

import html
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from support.leaks import norm, secret_lines
from support.nbutil import CHAPTERS, REPO, SOLUTIONS, read

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def leaks(text: str, secrets: set[str]) -> list[str]:
    lines = {norm(line) for line in text.splitlines()}
    found = sorted(secrets & lines)
    found += [m for m in MARKERS if m in text]
    return found


def test_there_are_secrets_to_look_for():
    assert len(secret_lines()) > 20


def student_notebooks() -> list[Path]:
    """The student edition and its Korean edition (chapters/ko/, autograder/edition_ko.py)."""
    return sorted(CHAPTERS.glob("*.ipynb")) + sorted((CHAPTERS / "ko").glob("*.ipynb"))


def test_student_edition_has_no_solution_or_hidden_test():
    secrets = secret_lines()
    notebooks = student_notebooks()
    assert len(notebooks) == 2 * len(list(SOLUTIONS.glob("*.ipynb"))), "both editions"
    for path in notebooks:
        text = "\n".join(c.source for c in read(path).cells)
        assert leaks(text, secrets) == [], f"{path.relative_to(CHAPTERS)} leaks instructor code"


def test_a_translation_that_smuggles_a_solution_line_is_a_leak(tmp_path):
    """The Korean notebooks' Markdown comes from the catalogues: what a translator writes there
    reaches students, and the search above finds it."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from autograder.edition_ko import catalogue, korean_notebook, messages

    english = read(CHAPTERS / "03_gradient_descent.ipynb")
    first = next(m for c in english.cells if c.cell_type == "markdown" for m in messages(c.source))
    secret = sorted(secret_lines())[0]
    po = Catalog(locale="ko")
    po.add(first, f"번역\n\n    {secret}\n")
    with (tmp_path / "03_gradient_descent.po").open("wb") as f:
        write_po(f, po)
    nb = korean_notebook(english, catalogue("03_gradient_descent", tmp_path))
    assert leaks("\n".join(c.source for c in nb.cells), {secret}) == [secret]


def test_student_package_has_no_solution():
    secrets = secret_lines()
    for path in (REPO / "nnlearn").rglob("*.py"):
        assert leaks(path.read_text(), secrets) == [], f"{path} contains solution code"


def html_text(path: Path) -> str:
    """Visible text of a page: tags removed (code is split into highlighted spans), unescaped."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", "", raw, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def test_leak_detector_sees_through_highlighting(tmp_path):
    line = sorted(secret_lines())[0]
    page = tmp_path / "p.html"
    spans = "".join(f'<span class="n">{html.escape(ch)}</span>' for ch in line)
    page.write_text(f"<pre>{spans}\n</pre>")
    assert leaks(html_text(page), {line}) == [line]


def strings(value) -> list[str]:
    """Every string in a JSON value (a widget state, a notebook's metadata, outputs), depth
    first; HTML read as its text (tags removed, unescaped)."""
    if isinstance(value, str):
        return [value, html.unescape(re.sub(r"<[^>]+>", "", value))]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


WIDGET_STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


def page_texts(path: Path) -> str:
    """What a page gives a reader: its visible text and its widget snapshots' state (the
    demos' pictures, labels and captions, in a <script> that html_text leaves out)."""
    states = WIDGET_STATE.findall(path.read_text(encoding="utf-8"))
    return "\n".join(
        [html_text(path), *(s for state in states for s in strings(json.loads(state)))]
    )


def notebook_text(nb) -> str:
    """Everything a notebook holds: the cells' sources and outputs (streams, every MIME
    type's data, errors' tracebacks) and its metadata (the widget state)."""
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        parts += strings(cell.get("outputs", []))
    parts += strings(nb.metadata)
    return "\n".join(parts)


def test_notebook_text_reads_outputs_and_widget_state():
    line = sorted(secret_lines())[0]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    assert leaks(notebook_text(nb), {line}) == []
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{line}\n")]
    assert leaks(notebook_text(nb), {line}) == [line]
    nb.cells[0].outputs = []
    nb.metadata["widgets"] = {"state": {"m": {"state": {"value": f"<pre>{line}\n</pre>"}}}}
    assert leaks(notebook_text(nb), {line}) == [line]


def test_book_edition_takes_no_instructor_code(tmp_path):
    """The book edition (book/edition.py) of every chapter, built from an instructor run in
    which every cell printed its own source (the worst an output can do), holds no solution line
    and no hidden test: the stubs' outputs are dropped, the hidden tests' cells left out, and
    every source is the student's. The same echo in the instructor notebook itself is seen."""
    from book.edition import book_edition

    secrets = secret_lines()
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        instructor = read(path)
        for cell in instructor.cells:
            if cell.cell_type == "code":
                cell.outputs = [
                    nbformat.v4.new_output("stream", name="stdout", text=cell.source),
                    nbformat.v4.new_output("display_data", data={"text/plain": cell.source}),
                ]
        assert leaks(notebook_text(instructor), secrets), f"{path.name}: the echo shows nothing"
        edition = book_edition(read(CHAPTERS / path.name), instructor, path.stem)
        assert leaks(notebook_text(edition), secrets) == [], f"{path.name}: the edition leaks"


@pytest.mark.slow
def test_built_book_has_no_solution_or_hidden_test(built_book):
    """Every page (its text and its widget snapshots), every downloadable notebook, and the
    book edition of every chapter as rendered (``_build/jupyter_execute/``, outputs and widget
    state included)."""
    secrets = secret_lines()
    pages = list(built_book.rglob("*.html"))
    assert pages
    for page in pages:
        assert leaks(page_texts(page), secrets) == [], f"{page.name} leaks instructor code"
    for source in built_book.rglob("*.ipynb"):
        text = "\n".join(c.source for c in read(source).cells)
        assert leaks(text, secrets) == [], f"{source.name} (downloadable) leaks instructor code"
    rendered = sorted((built_book.parent / "jupyter_execute").rglob("*.ipynb"))
    assert {p.name for p in rendered} >= {p.name for p in CHAPTERS.glob("*.ipynb")}
    for source in rendered:
        assert leaks(notebook_text(read(source)), secrets) == [], f"{source.name} leaks"


# The live lab (book/lite/): what of ours its files hold. The chapters (notebooks), the wheels
# of this repository (nnlearn's, the kernel's start-up: every member), and the site's settings
# and listings (JSON). The rest is third-party code, pinned by version and sha256 (Pyodide, its
# packages, the JupyterLite app): searching it for lines such as `return result` finds them in
# any library.
OUR_WHEELS = ("nnlearn-", "nnlearn_")
APP_FOLDERS = ("build/", "extensions/")


def lab_texts(root: Path):
    """(name, text) of every notebook, JSON file and member of our wheels under ``root``."""
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.suffix == ".whl" and path.name.startswith(OUR_WHEELS):
            with zipfile.ZipFile(path) as wheel:
                # every member, METADATA too: it carries nnlearn/README.md, which names no marker
                for member in wheel.namelist():
                    yield f"{name}/{member}", wheel.read(member).decode("utf-8", "replace")
        elif path.suffix == ".ipynb":
            yield name, "\n".join(c.source for c in read(path).cells)
        elif path.suffix == ".json" and not name.startswith(APP_FOLDERS):
            yield name, path.read_text(encoding="utf-8")


def lab_leaks(root: Path, secrets: set[str]) -> dict[str, list[str]]:
    return {name: found for name, text in lab_texts(root) if (found := leaks(text, secrets))}


def test_lab_leak_detector_reads_wheels_and_notebooks(tmp_path):
    line = sorted(secret_lines())[0]
    with zipfile.ZipFile(tmp_path / "nnlearn-1.0-py3-none-any.whl", "w") as wheel:
        wheel.writestr("nnlearn/__init__.py", f"x = 1\n    {line}\n")
    (tmp_path / "files").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(line)])
    nbformat.write(nb, tmp_path / "files" / "a.ipynb")
    found = lab_leaks(tmp_path, {line})
    assert set(found) == {"nnlearn-1.0-py3-none-any.whl/nnlearn/__init__.py", "files/a.ipynb"}


@pytest.mark.slow
def test_live_lab_has_no_solution_or_hidden_test(built_book):
    """The lab's chapters are the student edition and its Korean edition (ko/), file for file,
    and none of the lab's files of ours (the notebooks, the nnlearn wheel, the site's settings)
    holds a solution line or a hidden test; nnlearn's wheel is there to be searched."""
    lab = built_book / "lab"
    notebooks = sorted(p.relative_to(lab / "files") for p in (lab / "files").rglob("*.ipynb"))
    assert notebooks == [p.relative_to(CHAPTERS) for p in student_notebooks()]  # ko/ too
    for name in notebooks:
        assert read(lab / "files" / name).cells == read(CHAPTERS / name).cells, name
    assert any(name.startswith("static/pyodide/nnlearn-") for name, _ in lab_texts(lab))
    assert lab_leaks(lab, secret_lines()) == {}
