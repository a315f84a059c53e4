"""The book edition in another language (book/edition.py): the instructor source runs after one
cell, ``nnlearn.i18n.use(...)``, that the edition does not keep.

A real kernel runs a two-cell notebook (a few seconds): what it prints and the alt text of the
figure it draws are the evidence that the kernel spoke the language, not the injected source.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from book.edition import EditionError, execute_instructor

CELLS = [
    "from nnlearn import i18n\nprint(i18n.current())",
    "from nnlearn.demos.descent import plot_foggy_mountain\nplot_foggy_mountain()",
]


@pytest.fixture
def solutions(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, tmp_path / "99_test.ipynb")
    return tmp_path


def alt_of(cell) -> str:
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    return re.search(r'alt="([^"]*)"', html).group(1)


def test_korean_runs_the_chapter_in_korean_and_keeps_only_its_cells(solutions):
    nb = execute_instructor("99_test", solutions, timeout=120, language="ko")
    assert [c.source for c in nb.cells] == CELLS  # the injected cell is gone
    assert [c.execution_count for c in nb.cells] == [1, 2]  # numbered as without it
    assert nb.cells[0].outputs[0].text == "ko\n"
    assert re.search("[\uac00-\ud7a3]", alt_of(nb.cells[1]))  # Hangul: drawn in Korean


def test_english_runs_the_chapter_as_it_is(solutions):
    nb = execute_instructor("99_test", solutions, timeout=120)
    assert nb.cells[0].outputs[0].text == "en\n"
    assert alt_of(nb.cells[1]).startswith("A loss curve with two valleys")


def test_an_unknown_language_stops_the_build(solutions):
    with pytest.raises(EditionError, match="fr"):
        execute_instructor("99_test", solutions, timeout=120, language="fr")
