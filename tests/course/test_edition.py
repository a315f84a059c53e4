"""The book edition (book/edition.py): the student edition's cells with the instructor's outputs.

Built here from the real chapters and a stand-in for the instructor's run (each code cell given
one output that names its index), so no kernel is started; the build of the book runs the real
thing (tests/book/test_book_offline.py, tests/course/test_no_leaks.py).
"""

from __future__ import annotations

import nbformat
import pytest
from support.nbutil import CHAPTERS, HIDDEN_BLOCK, SOLUTIONS, chapter_names, nbgrader, read

from book.edition import CHECKS_SHOW, EXERCISE_TAG, EditionError, book_edition


def ran(nb):
    """``nb`` as if executed: code cell i printed "output of cell i"."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text=f"output of cell {i}\n")
            ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


@pytest.mark.parametrize("chapter", chapter_names())
def test_edition_of_every_chapter(chapter):
    student = read(CHAPTERS / f"{chapter}.ipynb")
    instructor = ran(read(SOLUTIONS / f"{chapter}.ipynb"))
    edition = book_edition(student, instructor, chapter)
    hidden = {i for i, c in enumerate(instructor.cells) if HIDDEN_BLOCK.search(c.source)}
    assert hidden, "every chapter has hidden tests"
    kept = [i for i in range(len(student.cells)) if i not in hidden]
    assert len(edition.cells) == len(kept)
    for i, cell in zip(kept, edition.cells, strict=True):
        mine = student.cells[i]
        assert cell.source == mine.source, f"cell {i}: not the student's code"
        assert "# Hidden tests" not in cell.source
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        texts = [o.text for o in cell.outputs]
        if nbgrader(mine).get("solution"):
            assert texts == [] and EXERCISE_TAG in tags, f"cell {i}: a stub with an output"
        else:
            assert texts == [f"output of cell {i}\n"], f"cell {i}: not the instructor's output"
            assert "remove-output" not in tags, f"cell {i}: its output would not show"
        if nbgrader(mine).get("grade"):
            assert "hide-cell" in tags, f"cell {i}: a check not folded away"
            label = cell.metadata["mystnb"]["code_prompt_show"]
            name = cell.metadata["nbgrader"]["grade_id"].removeprefix("test_")
            assert label.startswith(f"{CHECKS_SHOW} of {name} ("), label
            assert "solution" in label, label
    assert edition.metadata["widgets"] == instructor.metadata["widgets"]
    assert edition.metadata["mystnb"] == {"execution_mode": "off"}
    assert read(CHAPTERS / f"{chapter}.ipynb") == student, "the student edition was changed"


def first_code_cell(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")


@pytest.mark.parametrize(
    "output, says",
    [
        (nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[]), "raised"),
        (nbformat.v4.new_output("stream", name="stderr", text="RuntimeWarning"), "stderr"),
    ],
)
def test_an_instructor_error_or_warning_stops_the_build(output, says):
    """A traceback or a warning quotes the code that raised it: never taken to the page."""
    chapter = chapter_names()[0]
    instructor = ran(read(SOLUTIONS / f"{chapter}.ipynb"))
    i = first_code_cell(instructor)
    instructor.cells[i].outputs.append(output)
    with pytest.raises(EditionError, match=f"cell {i}: .*{says}"):
        book_edition(read(CHAPTERS / f"{chapter}.ipynb"), instructor, chapter)


def test_editions_out_of_sync_are_refused():
    chapter = chapter_names()[0]
    instructor = ran(read(SOLUTIONS / f"{chapter}.ipynb"))
    del instructor.cells[first_code_cell(instructor)]
    with pytest.raises(EditionError, match="regenerate the student edition"):
        book_edition(read(CHAPTERS / f"{chapter}.ipynb"), instructor, chapter)


def test_the_korean_edition_names_its_check_toggles_in_korean():
    chapter = chapter_names()[0]
    student = read(CHAPTERS / f"{chapter}.ipynb")
    instructor = ran(read(SOLUTIONS / f"{chapter}.ipynb"))
    edition = book_edition(student, instructor, chapter, "ko")
    toggles = [c.metadata["mystnb"] for c in edition.cells if "mystnb" in c.metadata]
    assert toggles
    for toggle in toggles:
        assert (
            "Show" not in toggle["code_prompt_show"] and "검사 보기" in toggle["code_prompt_show"]
        )
        assert toggle["code_prompt_hide"] == "검사 숨기기"
