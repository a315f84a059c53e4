"""The chapters of the course, as their instructor notebooks define them: the one place that knows.

A chapter is one instructor notebook, ``solutions/NN_name.ipynb`` (one nbgrader assignment; in a
course directory, its copy ``source/NN_name/NN_name.ipynb``). From it alone come its grade ids,
which code is the instructor's (and so runs in the grading kernel, never in the sandbox), which of
those cells grading may skip, and which earlier chapters it builds on (:mod:`nnlearn.earlier`).

Layout of the repository::

    solutions/NN_name.ipynb        instructor source: solutions, visible and hidden tests
    chapters/NN_name.ipynb         student edition, generated (:mod:`autograder.edition`)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from autograder import coursedir

REPO_ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS_DIR = REPO_ROOT / "solutions"
CHAPTERS_DIR = REPO_ROOT / "chapters"
SKIP_TAG = "skip-in-grading"
"""Tag of an instructor code cell that no test needs (a demo, a figure, a run of the student's
functions for the narrative): grading does not run it."""


def names() -> list[str]:
    """Names of the chapters (assignments), in order, from the instructor source."""
    return sorted(p.stem for p in SOLUTIONS_DIR.glob("*.ipynb"))


@dataclass(frozen=True)
class Chapter:
    """One chapter: its name and the instructor notebook it is read from."""

    name: str
    source: Path

    @classmethod
    def of(cls, name: str) -> Chapter:
        """The chapter ``name`` of this repository (``solutions/``)."""
        path = SOLUTIONS_DIR / f"{name}.ipynb"
        if not path.is_file():
            raise KeyError(f"no chapter {name!r}; the chapters are {names()}")
        return cls(name, path)

    @classmethod
    def in_course(cls, course_root: Path, name: str) -> Chapter:
        """The chapter ``name`` as a course directory holds it (``source/NAME/NAME.ipynb``)."""
        return cls(name, coursedir.notebook(course_root, coursedir.SOURCE, name))

    @cached_property
    def notebook(self):
        import nbformat  # here, not above: the command line's --help needs no notebook

        return nbformat.read(self.source, as_version=4)

    @property
    def number(self) -> int:
        from nnlearn.earlier import chapter_number  # here: the command line's --help needs no numpy

        return chapter_number(self.name)

    @cached_property
    def grade_ids(self) -> frozenset[str]:
        """The nbgrader ids of the graded (test) cells."""
        return frozenset(
            c.metadata["nbgrader"]["grade_id"]
            for c in self.notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        )

    @cached_property
    def cell_ids(self) -> frozenset[str]:
        """The nbgrader ids of every nbgrader cell (answers and tests)."""
        return frozenset(
            c.metadata["nbgrader"]["grade_id"]
            for c in self.notebook.cells
            if "grade_id" in c.metadata.get("nbgrader", {})
        )

    @cached_property
    def instructor_code(self) -> frozenset[str]:
        """The code of every code cell that is not an answer cell: the instructor's own.

        A submitted cell whose code is one of these runs in the grading kernel; any other
        code is the student's and runs in the sandbox. Decided by the code alone, never by
        the cell's metadata, which the student can edit.
        """
        return frozenset(
            c.source
            for c in self.notebook.cells
            if c.cell_type == "code" and not c.metadata.get("nbgrader", {}).get("solution")
        )

    @cached_property
    def skipped_code(self) -> frozenset[str]:
        """The code of the instructor's cells tagged :data:`SKIP_TAG` (grading skips them)."""
        return frozenset(
            c.source
            for c in self.notebook.cells
            if c.cell_type == "code"
            and SKIP_TAG in c.metadata.get("tags", [])
            and not c.metadata.get("nbgrader")
        )

    @property
    def earlier(self) -> list[str]:
        """The earlier chapters whose functions this one loads (nnlearn.earlier.DEFINED_IN)."""
        from nnlearn.earlier import DEFINED_IN, chapter_number

        return sorted({ch for ch in DEFINED_IN.values() if chapter_number(ch) < self.number})


def all_chapters() -> list[Chapter]:
    return [Chapter.of(name) for name in names()]


def chapter_of_cells(
    grade_ids: set, named: str, chapters: list[Chapter] | None = None
) -> str | None:
    """The chapter a notebook handed in as ``named`` really is, when it is another: the one whose
    nbgrader ids (answer and test cells) it shares most of, if that one is not ``named`` and
    shares more of them than ``named`` does. ``grade_ids``: the ids of the notebook's cells;
    ``chapters``: every chapter, as read already (default: read now)."""
    shared = {ch.name: len(ch.cell_ids & grade_ids) for ch in chapters or all_chapters()}
    best = max(shared, key=shared.get)
    return best if best != named and shared[best] > shared.get(named, 0) else None
