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

import dataclasses
import functools
import sys
import types

from benchmarks.independent import Bug, chapters_of

__all__ = ["Bug", "chapters", "in_notebook", "paired"]


def in_notebook(f):
    """f, run as if its source were a cell of the notebook that calls it.

    A student's function lives in the notebook: the names it uses (step, softmax,
    linear_forward, init_params, momentum_step, ...) are the notebook's, which the checks
    replace by stand-ins and spies. These functions live in a module, so at each call the
    wrapper looks up the stack for the notebook's namespace (the first frame of a
    ``__main__`` namespace that holds the exercise's name, the part of ``f.__name__`` before
    ``__``) and runs f's code with that namespace over the module's. Outside a notebook
    (the sanity checks), f runs unchanged. In a notebook the checks see what a student's
    notebook shows them: the wrapper's frame sets ``__tracebackhide__`` (a notebook has no
    such frame, so the checks skip it), and f's frame is named as the exercise
    (``two_layer_backward``, not ``two_layer_backward__inline_no_T``).
    """
    course_name = f.__name__.split("__")[0]
    as_written = f.__code__.replace(co_name=course_name)  # the name a notebook's frame shows

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        __tracebackhide__ = True  # not the student's frame: the checks look past it
        frame = sys._getframe(1)
        for _ in range(12):
            if frame is None:
                break
            g = frame.f_globals
            if g is not f.__globals__ and g.get("__name__") == "__main__" and course_name in g:
                names = dict(f.__globals__)
                names.update(g)
                _helpers_in(names, f, g)
                code = types.FunctionType(
                    as_written, names, f.__name__, f.__defaults__, f.__closure__
                )
                code.__kwdefaults__ = f.__kwdefaults__
                return code(*args, **kwargs)
            frame = frame.f_back
        return f(*args, **kwargs)

    return wrapper


def _helpers_in(names: dict, f, notebook: dict) -> None:
    """The plain helpers of f's module (``_loss``), made to see ``names`` as f does: in a
    notebook a helper is a cell's function, so the names it calls are the notebook's (the
    checks' spies and stand-ins), not the module's. Wrappers and closures are left as they are."""
    for name, value in f.__globals__.items():
        if (
            name not in notebook
            and isinstance(value, types.FunctionType)
            and value.__module__ == f.__module__
            and value.__closure__ is None
            and not hasattr(value, "__wrapped__")
        ):
            helper = types.FunctionType(value.__code__, names, value.__name__, value.__defaults__)
            helper.__kwdefaults__ = value.__kwdefaults__
            names[name] = helper


def paired(bugs, correct, pairs):
    """bugs, each with its layer's other half as a companion: the buggy forward pass runs
    with the correct backward pass of its module and the buggy backward pass with the
    correct forward one (the cache format is the student's own). pairs maps a function to
    its other half; a companion a bug already names is kept."""
    return [
        dataclasses.replace(b, companions={pairs[b.function]: correct[pairs[b.function]]})
        if b.function in pairs and not b.companions
        else b
        for b in bugs
    ]


def chapters():
    """The chapter modules of this benchmark, in order."""
    return chapters_of("heldout")
