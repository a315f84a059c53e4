"""The instructor's reference functions, read from the one source of truth: the solution notebook.

Hidden tests use them so that one mistake costs points once: a test of ``two_layer_backward``
runs with the reference ``linear_backward`` substituted for the student's, so a bug in the
student's ``linear_backward`` is graded by its own test and not again here.

No copy of the solutions lives in this package: :func:`load_reference` executes the solution
cells (nbgrader ``solution: true``) of the source notebook in a fresh namespace.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

import nbformat

__all__ = ["load_reference", "source_notebook", "substitute"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def source_notebook(chapter: str) -> Path:
    """Locate the instructor source of ``chapter``.

    Order: ``$NNL_SOURCE_DIR/<chapter>/<chapter>.ipynb`` (set by the grading kernel to nbgrader's
    ``source/`` folder), then the repository's ``solutions/<chapter>.ipynb``.
    """
    candidates = []
    if os.environ.get("NNL_SOURCE_DIR"):
        candidates.append(Path(os.environ["NNL_SOURCE_DIR"]) / chapter / f"{chapter}.ipynb")
    candidates.append(REPO_ROOT / "solutions" / f"{chapter}.ipynb")
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"no instructor source for chapter {chapter!r}; looked in: "
        + ", ".join(str(p) for p in candidates)
    )


@functools.cache
def _load(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    namespace: dict = {"__name__": f"reference_{path.stem}"}
    exec("import numpy as np", namespace)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            exec(compile(cell.source, f"<{path.name}:{meta.get('grade_id')}>", "exec"), namespace)
    return namespace


def load_reference(chapter: str) -> dict:
    """Return a namespace holding the solution functions of ``chapter`` (read-only use)."""
    return dict(_load(source_notebook(chapter)))


@contextlib.contextmanager
def substitute(namespace: dict, **functions):
    """Temporarily bind ``functions`` in ``namespace`` (a notebook's ``globals()``).

    The student's own definitions are put back afterwards, even if the body raises.
    """
    missing = object()
    saved = {name: namespace.get(name, missing) for name in functions}
    namespace.update(functions)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value
