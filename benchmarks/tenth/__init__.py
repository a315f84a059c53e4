"""A tenth benchmark of buggy student implementations of the course's exercises.

Written blind, from what a student has (the student edition and the Korean articles): not
from the checks, the catalogue's detection code, the solutions or the other sets' bugs. See
README.md in this folder. The format is the ninth set's (benchmarks/ninth): each chapter
module defines ``BUGS`` (a list of :class:`Bug`), ``EXTRA_BUGS`` (empty), ``CORRECT``
(function name -> one correct implementation, the author's own) and ``VARIANTS`` (empty),
and ``_sanity()``, hand-computed checks of the correct versions.
"""

from __future__ import annotations

from benchmarks.heldout import in_notebook, paired
from benchmarks.independent import Bug, chapters_of

__all__ = ["Bug", "bug", "chapters", "correct", "in_notebook", "paired"]


def _as_cell(f):
    """f run as a notebook cell would run it (benchmarks.heldout.in_notebook), also under its
    own name in its module: the diagnosis benchmark imports a function by that name."""
    wrapper = in_notebook(f)
    f.__globals__[f.__name__] = wrapper
    return wrapper


def bug(f, cause, kind, specific=True):
    """The Bug record of f, a buggy version named ``<function>__<bug name>``."""
    function, name = f.__name__.split("__")
    return Bug(function, name, _as_cell(f), cause, kind, specific)


def correct(*functions):
    """CORRECT for a chapter: each function by its own name, run as a notebook cell."""
    return {f.__name__: _as_cell(f) for f in functions}


def chapters():
    """The chapter modules of this benchmark, in order."""
    return chapters_of("tenth")
