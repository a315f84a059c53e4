"""The student edition: ``chapters/`` generated from ``solutions/`` by nbgrader.

``generate_assignment`` turns every ``### BEGIN SOLUTION`` block into ``raise
NotImplementedError()`` and drops every ``### BEGIN HIDDEN TESTS`` block; the result is stored
without outputs, byte-stable, so that :func:`drift` (``tests/course/test_sync.py``) proves
``chapters/`` in sync with its source. The Korean student edition, ``chapters/ko/``, is made from
it and the chapters' catalogues (:mod:`autograder.edition_ko`) and proven in sync the same way.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat

from autograder import coursedir, edition_ko
from autograder.chapters import CHAPTERS_DIR, names
from autograder.pipeline.course import generate_assignment, make_api, setup_course
from autograder.settings import Settings


def normalize(nb) -> None:
    """Make a notebook byte-stable: no outputs, no execution counts, no run-time metadata."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.pop("id", None)
    nb.nbformat_minor = 4


def write_notebook(nb, path: Path) -> None:
    nbformat.write(nb, str(path), version=4)


def generate_student_edition(out_dir: Path = CHAPTERS_DIR, selected: list[str] | None = None):
    """Regenerate the student edition of every chapter into ``out_dir``, and its Korean edition
    into ``out_dir/ko``; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    selected = selected or names()
    written = []
    with tempfile.TemporaryDirectory(prefix="nnl-generate-") as tmp:
        settings = Settings()
        course = setup_course(Path(tmp), settings)
        api = make_api(course, settings)
        for chapter in selected:
            generate_assignment(api, chapter)
            nb = nbformat.read(coursedir.notebook(course, coursedir.RELEASE, chapter), as_version=4)
            normalize(nb)
            path = out_dir / f"{chapter}.ipynb"
            write_notebook(nb, path)
            written.append(path)
    korean = out_dir / edition_ko.FOLDER
    korean.mkdir(parents=True, exist_ok=True)
    for name, nb in edition_ko.korean_notebooks(list(written)):
        normalize(nb)
        write_notebook(nb, korean / name)
        written.append(korean / name)
    return written


def drift(selected: list[str] | None = None) -> list[str]:
    """Chapters whose ``chapters/`` notebook differs from a fresh regeneration (or is missing).

    Extra notebooks in ``chapters/`` that have no source are reported too.
    """
    with tempfile.TemporaryDirectory(prefix="nnl-drift-") as tmp:
        fresh = generate_student_edition(Path(tmp), selected)
        problems = []
        for path in fresh:
            name = path.relative_to(tmp).as_posix()  # 04_backpropagation.ipynb, ko/04_...
            current = CHAPTERS_DIR / name
            if not current.is_file():
                problems.append(f"{name}: missing from chapters/")
            elif current.read_bytes() != path.read_bytes():
                problems.append(f"{name}: differs from a fresh regeneration")
        known = {p.relative_to(tmp).as_posix() for p in fresh}
        if selected is None:
            problems += [
                f"{name}: in chapters/ but has no source in solutions/"
                for folder in [CHAPTERS_DIR, CHAPTERS_DIR / edition_ko.FOLDER]
                for p in folder.glob("*.ipynb")
                if (name := p.relative_to(CHAPTERS_DIR).as_posix()) not in known
            ]
        return problems
