"""Every slider demo of every chapter, in JupyterLab, in a real browser.

A temporary copy of each chapter of the book (_toc.yml), filled in with the instructor's code as
a student who solved everything would hand it in, is opened in JupyterLab (127.0.0.1, random
token) in headless Chromium; the test runs all cells, then presses an arrow key on every slider
handle of every demo and checks that the plot of that demo changed. Chapters added to _toc.yml
and demos with several sliders are covered without changing this file. The speed of these
redraws is measured by benchmarks/browser.py, never asserted here.
"""

from __future__ import annotations

import nbformat
import pytest
from support.browser import (
    Console,
    cell_errors,
    every_slider_redraws,
    jupyterlab,
    open_notebook,
    run_all,
    toc_chapters,
    unexecuted_cells,
)
from support.nbutil import submission

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for chapter in toc_chapters():
        nbformat.write(submission(chapter), root / f"{chapter}.ipynb")
    with jupyterlab(root) as server:
        yield server


@pytest.fixture(scope="module", params=toc_chapters())
def notebook(request, lab, chromium_context):
    """(chapter, page, console, ran): the chapter open in JupyterLab after Run All Cells;
    ``ran`` is False when a cell raised."""
    chapter = request.param
    page = chromium_context.new_page()
    console = Console().watch(page)
    try:
        open_notebook(page, lab, f"{chapter}.ipynb")
        ran = run_all(page)
        yield chapter, page, console, ran
    finally:
        page.close()


def test_chapter_runs_in_jupyterlab(notebook):
    chapter, page, console, ran = notebook
    assert cell_errors(page) == [], f"{chapter}: error output in the notebook"
    assert unexecuted_cells(page) == [], f"{chapter}: cells that did not run"
    assert ran, f"{chapter}: Run All Cells reported a failure"
    assert console.errors == [], f"{chapter}: the page logged errors"


def test_every_slider_redraws_its_plot(notebook, screenshots):
    chapter, page, console, ran = notebook
    every_slider_redraws(page, chapter, screenshots / "lab" / chapter)
    assert console.errors == [], f"{chapter}: the page logged errors"
    assert console.failed == [], f"{chapter}: failed requests"
