"""The instructor's reference functions, read from the one source of truth: the solution notebook.

Hidden tests use them so that one mistake costs points once: a test of ``two_layer_backward``
runs with the reference ``linear_backward`` substituted for the student's, so a bug in the
student's ``linear_backward`` is graded by its own test and not again here.

No copy of the solutions lives in this package: :func:`load_reference` runs the solution cells
(nbgrader ``solution: true``) of the source notebook in a fresh namespace, with the code that
gives a later chapter the student's earlier functions (:mod:`nnlearn.earlier`). A chapter that
builds on earlier ones gets their reference functions in its namespace first.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.chapters import SOLUTIONS_DIR
from nnlearn.earlier import DEFINED_IN, SOURCE_DIR_VARIABLE, chapter_number, run_solution_cells
from nnlearn.standins import substitute  # one implementation: visible checks use it too

__all__ = ["load_reference", "source_notebook", "substitute"]


def source_notebook(chapter: str) -> Path:
    """Locate the instructor source of ``chapter``.

    Order: ``$NNL_SOURCE_DIR/<chapter>/<chapter>.ipynb`` (set by the grading kernel to nbgrader's
    ``source/`` folder), then the repository's ``solutions/<chapter>.ipynb``.
    """
    candidates = []
    if os.environ.get(SOURCE_DIR_VARIABLE):
        candidates.append(Path(os.environ[SOURCE_DIR_VARIABLE]) / chapter / f"{chapter}.ipynb")
    candidates.append(SOLUTIONS_DIR / f"{chapter}.ipynb")
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"no instructor source for chapter {chapter!r}; looked in: "
        + ", ".join(str(p) for p in candidates)
    )


_CACHE: dict[tuple[Path, int], dict] = {}


def load_reference(chapter: str) -> dict:
    """Return a namespace holding the solution functions of ``chapter`` (read-only use).

    The functions of earlier chapters that ``chapter`` builds on (:data:`DEFINED_IN`) are their
    reference versions too.
    """
    path = source_notebook(chapter)
    key = (path, path.stat().st_mtime_ns)
    if key not in _CACHE:
        seed = {}
        for name, where in DEFINED_IN.items():
            if chapter_number(where) < chapter_number(chapter):
                seed[name] = load_reference(where)[name]
        loaded = run_solution_cells(path, seed)
        if loaded.errors:
            raise RuntimeError(f"the solution cells of {path} fail: {loaded.errors}")
        _CACHE[key] = loaded.namespace
    return dict(_CACHE[key])
