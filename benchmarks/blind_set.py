"""What every blind set from the fourth on builds its chapter modules with: a buggy version's
:class:`Bug` record (:func:`bug`) and a chapter's correct versions (:func:`correct`), each run
as a notebook cell runs it (``benchmarks.heldout.in_notebook``)."""

from __future__ import annotations

from benchmarks.heldout import in_notebook, paired
from benchmarks.independent import Bug

__all__ = ["Bug", "bug", "correct", "in_notebook", "paired"]


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
