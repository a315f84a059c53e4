"""A third independent benchmark of buggy student implementations of the course's exercises.

Written blind (see README.md in this folder): from the student edition of the chapters, the
Korean source articles and common student mistakes, without reading the checks, the
catalogue's detection code, the instructor's solutions or the two earlier sets' bugs.

Each chapter module defines ``BUGS`` (a list of :class:`Bug`), ``EXTRA_BUGS`` (empty),
``CORRECT`` (function name -> one correct implementation, the author's own) and ``VARIANTS``
(empty). The record, the notebook-namespace wrapper and the forward/backward pairing are those
of the held-out set.
"""

from benchmarks.heldout import Bug, in_notebook, paired
from benchmarks.independent import chapters_of

__all__ = ["Bug", "chapters", "in_notebook", "paired"]


def chapters():
    """The chapter modules of this benchmark, in order."""
    return chapters_of("third")
