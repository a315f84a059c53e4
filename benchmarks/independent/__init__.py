"""An independent benchmark of buggy student implementations of the course's exercises.

Written from the student edition (chapters/*.ipynb: prose and stub docstrings) and the
exercise contracts of DESIGN.md section 4 only, without reading the checks, the mistakes
catalogue or the existing mutants. See README.md in this folder.

Each chapter module defines ``BUGS`` (a list of :class:`Bug`) and ``CORRECT`` (function name
-> one correct implementation written independently of the instructor's solutions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bug:
    """One buggy student implementation of one exercise function.

    function : the exercise's name, e.g. "linear_backward".
    name : a short identifier, unique within the function.
    implementation : the buggy function itself (same signature as the exercise).
    cause : what is wrong, in one sentence, as a teacher would say it.
    cause_kind : a short free-text tag (e.g. "sign", "sum-axis", "in-place").
    specific : False where there is no specific catalogueable cause (garbage, several bugs).
    companions : other exercise functions this implementation must be paired with, by name.
        Used for forward/backward pairs whose cache format is private to the student: a buggy
        ``sigmoid_backward`` reads the cache of the student's own ``sigmoid_forward``, given
        here (the correct one of the same module, unless the bug is in the cache itself).
    """

    function: str
    name: str
    implementation: Callable
    cause: str
    cause_kind: str
    specific: bool = True
    companions: dict[str, Callable] = field(default_factory=dict)


def chapters_of(package: str) -> list:
    """The chapter modules ``chapter1`` ... ``chapter6`` of the benchmark set ``package``
    (``"independent"``, ``"heldout"``, ...), in order."""
    import importlib

    return [importlib.import_module(f"benchmarks.{package}.chapter{n}") for n in range(1, 7)]


def chapters():
    """The chapter modules of this benchmark, in order."""
    return chapters_of("independent")
