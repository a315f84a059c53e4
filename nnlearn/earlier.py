"""Your functions from earlier chapters, for the chapters that build on them.

Chapter 5 trains the two-layer network you wrote in chapter 4. Its notebook does not repeat that
code (it would show the solution of chapter 4); it loads yours::

    from nnlearn.earlier import your_functions

    two_layer_forward, mse_loss = your_functions("two_layer_forward", "mse_loss")

:func:`your_functions` reads the answer cells (nbgrader ``solution: true``) of your notebook of
that chapter, which must sit next to the running one (the current working directory, where the
``chapters/*.ipynb`` live), and runs them in a namespace of their own. It reads the notebook
again whenever the saved file changes: fix chapter 4, save it, and chapter 5 uses the fix.

When a notebook is graded, the grader sets the environment variable ``NNL_SOURCE_DIR`` to the
instructor's sources (nbgrader's ``source/`` folder, ``<dir>/<chapter>/<chapter>.ipynb``). The
functions then come from the instructor's notebook instead of yours, so a mistake in chapter 4
costs points in chapter 4 only. ``autograder.hidden.reference`` reads the instructor's reference
functions with the same code (:func:`run_solution_cells`).

What goes wrong is said in one sentence, not a traceback: a missing notebook, a function that
is still a stub (``raise NotImplementedError()``), a cell that does not run.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "DEFINED_IN",
    "EarlierChapterError",
    "FunctionMissing",
    "NotebookMissing",
    "UnfinishedFunction",
    "notebook_for",
    "run_solution_cells",
    "skip_if_unfinished",
    "your_functions",
]

SOURCE_DIR_VARIABLE = "NNL_SOURCE_DIR"

DEFINED_IN = {
    "mse_loss": "02_objective_functions",
    "mse_loss_grad": "02_objective_functions",
    "numerical_gradient": "03_gradient_descent",
    "sigmoid": "04_backpropagation",
    "sigmoid_forward": "04_backpropagation",
    "sigmoid_backward": "04_backpropagation",
    "linear_forward": "04_backpropagation",
    "linear_backward": "04_backpropagation",
    "two_layer_forward": "04_backpropagation",
    "two_layer_backward": "04_backpropagation",
    "init_params": "05_training_an_mlp",
    "train": "05_training_an_mlp",
    "predict": "05_training_an_mlp",
}
"""Where each exercise function that a later chapter uses is defined: the chapter (notebook
name) whose answer cells hold it. tests/test_earlier.py checks every entry against solutions/."""


# -- errors that explain themselves ---------------------------------------------------------------


class EarlierChapterError(Exception):
    """A problem with your functions from an earlier chapter, explained in one message.

    In a notebook, IPython shows only the message (``_render_traceback_``), not a traceback
    through this module: the traceback would say nothing the message does not.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class NotebookMissing(EarlierChapterError, FileNotFoundError):
    """The earlier chapter's notebook is not where it should be."""


class FunctionMissing(EarlierChapterError, NameError):
    """The earlier notebook does not define the function (renamed, deleted, or its cell fails)."""


class UnfinishedFunction(EarlierChapterError, NotImplementedError):
    """A function of the earlier chapter is still a stub."""


def chapter_number(chapter: str) -> int:
    """``"04_backpropagation"`` -> 4."""
    return int(chapter.split("_", 1)[0])


# -- reading and running answer cells -------------------------------------------------------------


def cell_filename(path: Path, grade_id: str) -> str:
    """The file name a cell's code is compiled under: tracebacks and stub detection use it."""
    return f"<{Path(path).name}:{grade_id}>"


@dataclass
class Loaded:
    """The namespace left by a notebook's answer cells, and the cells that failed."""

    path: Path
    namespace: dict
    errors: dict[str, str] = field(default_factory=dict)  # grade_id -> "SyntaxError: ..."


def solution_cells(path: Path) -> list[tuple[str, str]]:
    """(grade_id, source) of every nbgrader answer cell of a notebook, in order."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("solution"):
            source = cell.get("source", "")
            cells.append((meta.get("grade_id", "?"), "".join(source)))
    return cells


def run_solution_cells(path: Path, seed: dict | None = None) -> Loaded:
    """Run the answer cells of the notebook at ``path``, in order, in a fresh namespace.

    The namespace starts with ``np`` (numpy) and ``seed`` (functions of earlier chapters that
    these cells call). A cell that raises is recorded in ``errors`` and the next cell runs.
    """
    path = Path(path)
    namespace: dict = {"__name__": f"notebook_{path.stem}", "np": np, **(seed or {})}
    errors = {}
    for grade_id, source in solution_cells(path):
        try:
            exec(compile(source, cell_filename(path, grade_id), "exec"), namespace)
        except Exception as err:  # a student's cell: anything can happen
            where = f" (line {err.lineno})" if isinstance(err, SyntaxError) else ""
            errors[grade_id] = f"{type(err).__name__}: {err}{where}"
    return Loaded(path, namespace, errors)


# -- where an earlier chapter's functions come from -----------------------------------------------


def notebook_for(chapter: str) -> Path:
    """The notebook that supplies ``chapter``'s functions.

    ``$NNL_SOURCE_DIR/<chapter>/<chapter>.ipynb`` (the instructor's source) when the grader set
    the variable; otherwise ``<chapter>.ipynb`` in the current working directory (yours).
    """
    return Path(_notebook_path(chapter))


def _notebook_path(chapter: str) -> str:
    # Plain strings: this runs at every call of a loaded function (pathlib costs ~10 us).
    source_dir = os.environ.get(SOURCE_DIR_VARIABLE)
    if source_dir:
        return os.path.join(source_dir, chapter, f"{chapter}.ipynb")
    return os.path.join(os.getcwd(), f"{chapter}.ipynb")


def _missing_message(chapter: str, path: Path, names: list[str]) -> str:
    number = chapter_number(chapter)
    if os.environ.get(SOURCE_DIR_VARIABLE):
        return (
            f"The instructor's source of chapter {number} is missing: {path}. While grading "
            f"({SOURCE_DIR_VARIABLE} is set), the functions of chapter {number} come from the "
            "instructor's notebook, not the student's. Copy every chapter into the course with "
            "`python -m autograder course DIR`."
        )
    return (
        f"This chapter uses your functions from chapter {number} ({', '.join(names)}): keep "
        f"{chapter}.ipynb next to this notebook (looked for {path})."
    )


_CACHE: dict[str, tuple[tuple[int, int], Loaded]] = {}


def _earlier_seed(chapter: str) -> dict:
    """Wrappers for the functions of chapters before ``chapter`` (its answer cells call them)."""
    names = [n for n, ch in DEFINED_IN.items() if chapter_number(ch) < chapter_number(chapter)]
    return dict(zip(names, _wrappers(names), strict=True))


def _load(chapter: str, names: list[str]) -> Loaded:
    """The answer cells of ``chapter``'s notebook, run again only when the file changed."""
    path = _notebook_path(chapter)
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise NotebookMissing(_missing_message(chapter, Path(path), names)) from None
    signature = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(path)
    if cached is None or cached[0] != signature:
        try:
            loaded = run_solution_cells(Path(path), _earlier_seed(chapter))
        except (ValueError, UnicodeDecodeError) as err:
            raise NotebookMissing(
                f"{path} is not a readable notebook ({err}); restore chapter "
                f"{chapter_number(chapter)} from your last good copy."
            ) from None
        cached = (signature, loaded)
        _CACHE[path] = cached
    return cached[1]


def _resolve(name: str):
    chapter = DEFINED_IN[name]
    loaded = _load(chapter, [name])
    func = loaded.namespace.get(name)
    if callable(func):
        return func
    where = f"{loaded.path.name}"
    if loaded.errors:
        problems = "; ".join(f"the cell {gid!r} stops with {e}" for gid, e in loaded.errors.items())
        raise FunctionMissing(
            f"{name} is not defined in {where}: {problems}. Fix it in chapter "
            f"{chapter_number(chapter)}, save the notebook and run this cell again."
        )
    raise FunctionMissing(
        f"{name} is not defined in {where}: keep the function's name as it was given in "
        f"chapter {chapter_number(chapter)}."
    )


def _innermost_function(tb, prefix: str) -> str | None:
    """The innermost function of the traceback compiled from cells of one notebook."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.startswith(prefix):
            found = code.co_name
        tb = tb.tb_next
    return found


def _wrapper(name: str):
    chapter = DEFINED_IN[name]

    def call(*args, **kwargs):
        func = _resolve(name)
        try:
            return func(*args, **kwargs)
        except UnfinishedFunction:
            raise
        except NotImplementedError as err:
            prefix = f"<{chapter}.ipynb:"
            stub = _innermost_function(err.__traceback__, prefix) or name
            number = chapter_number(chapter)
            raise UnfinishedFunction(
                f"{stub} is not implemented yet. This chapter uses your functions from chapter "
                f"{number}: finish {stub} in {chapter}.ipynb (its checks should pass), save the "
                "notebook and run this cell again."
            ) from None

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"Your {name} from {chapter}.ipynb, read when called."
    return call


def _wrappers(names) -> list:
    return [_wrapper(name) for name in names]


def your_functions(*names: str):
    """Your functions ``names`` from earlier chapters (the grader's reference while grading).

    Returns one function for one name, a tuple for several (like ``operator.itemgetter``). The
    notebook they come from is read when a function is called, so a missing or unfinished
    chapter is reported then, in one sentence.
    """
    unknown = [n for n in names if n not in DEFINED_IN]
    if unknown:
        raise ValueError(f"no earlier chapter defines {unknown}; known: {sorted(DEFINED_IN)}")
    chapters = sorted({DEFINED_IN[n] for n in names})
    for chapter in chapters:
        path = notebook_for(chapter)
        if not path.is_file():
            print(_missing_message(chapter, path, [n for n in names if DEFINED_IN[n] == chapter]))
    wrappers = _wrappers(names)
    return wrappers[0] if len(wrappers) == 1 else tuple(wrappers)


@contextlib.contextmanager
def skip_if_unfinished():
    """Run a block that calls your functions; if one is still a stub, say so instead of failing.

    ::

        with skip_if_unfinished():
            params, losses = train(X, y, n_hidden=3, lr=10.0, epochs=1000)
            print(losses[-1])

    Any other error is a real bug in the block and is raised as usual.
    """
    try:
        yield
    except EarlierChapterError as err:
        print(f"Skipped: {err}")
    except NotImplementedError as err:
        stub = None
        tb = err.__traceback__
        while tb is not None:
            stub = tb.tb_frame.f_code.co_name
            tb = tb.tb_next
        print(
            f"Skipped: {stub} is not implemented yet (it still raises NotImplementedError). "
            "Implement it above and run this cell again."
        )
