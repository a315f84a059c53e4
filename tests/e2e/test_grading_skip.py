"""Cells tagged ``skip-in-grading`` are not needed to grade: without them, every test passes.

The grader does not run the instructor's cells tagged ``skip-in-grading`` (demos, figures, the
chapter's own runs of the student's functions; autograder/pipeline/execute.py): they cost time
and no test may depend on them. Here each instructor notebook runs with those cells removed: if a
test cell read a name that only a skipped cell binds, or needed its side effects, it fails here.
"""

import copy

import pytest
from support.nbutil import SOLUTIONS, chapter_names, errors, execute, nbgrader, read

from autograder.chapters import SKIP_TAG

CHAPTERS = chapter_names()


def skipped(cell) -> bool:
    return SKIP_TAG in cell.metadata.get("tags", [])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_tests_pass_without_the_skipped_cells(chapter):
    nb = copy.deepcopy(read(SOLUTIONS / f"{chapter}.ipynb"))
    nb.cells = [cell for cell in nb.cells if not skipped(cell)]
    ran, _ = execute(nb, SOLUTIONS)
    assert not errors(ran), errors(ran)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_only_plain_instructor_cells_are_skipped(chapter):
    for index, cell in enumerate(read(SOLUTIONS / f"{chapter}.ipynb").cells):
        if skipped(cell):
            assert cell.cell_type == "code" and not nbgrader(cell), (
                f"{chapter} cell {index}: only code cells that are neither answers nor tests "
                f"may be tagged {SKIP_TAG}"
            )
