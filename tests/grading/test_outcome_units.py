"""Units of issue 22, items 6 and 8: which chapter a notebook is by its cells, a test cell turned
into Markdown made a test cell again, a flag naming a cell by its prompt number on the page. No
notebook is graded here."""

import nbformat
from support.nbutil import CHAPTERS, grade_id, read, submission

from autograder.chapters import chapter_of_cells
from autograder.grading.run import numbered_as_on_page
from autograder.intake.restore import restore_nbgrader_metadata

CH1, CH2 = "01_decision_boundaries", "02_objective_functions"


def ids(nb) -> set:
    return {grade_id(c) for c in nb.cells} - {None}


def test_a_notebook_is_known_by_its_cells():
    assert chapter_of_cells(ids(submission(CH2)), CH1) == CH2
    assert chapter_of_cells(ids(submission(CH1)), CH1) is None
    assert chapter_of_cells(set(), CH1) is None  # no nbgrader cell: nothing to tell
    # one cell of another chapter pasted into the right one changes nothing
    assert chapter_of_cells(ids(submission(CH1)) | set(list(ids(submission(CH2)))[:1]), CH1) is None


def test_a_test_cell_turned_into_markdown_is_a_test_cell_again():
    release = read(CHAPTERS / f"{CH1}.ipynb")
    nb = submission(CH1)
    index = next(i for i, c in enumerate(nb.cells) if grade_id(c) == "test_step")
    released = nb.cells[index]
    nb.cells[index] = nbformat.v4.new_markdown_cell("gone", metadata=released.metadata)
    if "id" not in released:  # a notebook of nbformat 4.4: its cells have no ids
        del nb.cells[index]["id"]
    found = restore_nbgrader_metadata(nb, release)
    assert found == ["test cell test_step turned into a markdown cell: restored as a code cell"]
    cell = nb.cells[index]
    assert (cell.cell_type, cell.source) == ("code", released.source)
    assert cell.outputs == [] and cell.execution_count is None
    nbformat.validate(nb)


def test_a_flag_names_the_cell_by_its_prompt_number():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("text"),
        nbformat.v4.new_code_cell("a = 1", execution_count=1),
        nbformat.v4.new_code_cell("skipped"),  # not run: no number on the page
        nbformat.v4.new_code_cell("def f(:", execution_count=2),
    ]
    flags = [
        "cell 4, line 1: syntax error",
        "cell 3, line 2: imports os",
        "test cell test_step edited: graded as released",
    ]
    assert numbered_as_on_page(flags, nbformat.writes(nb)) == [
        "cell [2], line 1: syntax error",
        "cell 3 (not run), line 2: imports os",
        "test cell test_step edited: graded as released",
    ]
    assert numbered_as_on_page(flags, "") == flags  # not graded: no page to match
