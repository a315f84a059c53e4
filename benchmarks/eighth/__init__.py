"""An eighth benchmark of buggy student implementations of the course's exercises.

Written blind, from what a student has (the student edition and the Korean articles): not
from the checks, the catalogue's detection code, the solutions or the other sets' bugs. See
README.md in this folder. The format is the seventh set's (benchmarks/seventh): each chapter
module defines ``BUGS`` (a list of :class:`Bug`), ``EXTRA_BUGS`` (empty), ``CORRECT``
(function name -> one correct implementation, the author's own) and ``VARIANTS`` (empty),
and ``_sanity()``, hand-computed checks of the correct versions.
"""

from __future__ import annotations

from benchmarks.blind_set import Bug, bug, correct, in_notebook, paired
from benchmarks.independent import chapters_of

__all__ = ["Bug", "bug", "chapters", "correct", "in_notebook", "paired"]


def chapters():
    """The chapter modules of this benchmark, in order."""
    return chapters_of("eighth")
