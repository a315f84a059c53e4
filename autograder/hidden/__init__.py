"""Everything a hidden test may import: numerical gradient checks and the reference functions.

Hidden tests (the ``### BEGIN HIDDEN TESTS`` blocks of ``solutions/``) run in the grading kernel
and import from here alone (``tests/course/test_notebooks.py`` checks)::

    from autograder.hidden import check_gradient, load_reference, substitute
"""

from autograder.hidden.gradcheck import check_gradient, numerical_gradient, relative_error
from autograder.hidden.reference import load_reference, source_notebook, substitute

__all__ = [
    "check_gradient",
    "load_reference",
    "numerical_gradient",
    "relative_error",
    "source_notebook",
    "substitute",
]
