"""A held-out benchmark of buggy student implementations of the course's exercises.

A second independent set, written after the first (benchmarks/independent) and blind to it,
to the checks and to the catalogue's detection code: see README.md in this folder.

Each chapter module defines ``BUGS`` (a list of :class:`Bug`), ``EXTRA_BUGS`` (empty or more
of the same), ``CORRECT`` (function name -> one correct implementation, written
independently of the instructor's solutions) and ``VARIANTS`` (two more correct
implementations per chapter, written in an unusual style, as ``Bug`` records whose cause says
they are correct).
"""

from __future__ import annotations

from benchmarks.independent import Bug

__all__ = ["Bug", "chapters"]


def chapters():
    """The chapter modules of this benchmark, in order."""
    from benchmarks.heldout import (
        chapter1,
        chapter2,
        chapter3,
        chapter4,
        chapter5,
        chapter6,
    )

    return [chapter1, chapter2, chapter3, chapter4, chapter5, chapter6]
