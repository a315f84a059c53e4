"""Numerical gradient checks with feedback a student can act on.

``check_gradient(name, got, f, x)`` compares a student's analytic gradient ``got`` with central
differences of a scalar function ``f`` at ``x``, in float64, entry by entry, using the relative
error

    |a - n| / max(|a| + |n|, floor),   floor = 1e-3 * max(max|a|, max|n|) + 1e-12,

so an entry near zero is judged against the scale of the whole gradient rather than against
itself (central-difference noise is ~1e-11 of the function's scale, far below any real
mistake). A correct layer gives ~1e-10; the default threshold is 1e-6. When the check fails, the
message comes from :func:`nnlearn.checks.diagnose`: sign, factor 2 / 1/2 / N, transpose, zeros,
NaN, wrong shape.

This module is instructor tooling (hidden tests). It is deliberately not part of the student
package: a central-difference gradient is itself an exercise of chapter 3.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from nnlearn.checks import as_array, check_shape, diagnose, diagnosis_lines, differing_entries, fail
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import sentence

__all__ = ["check_gradient", "numerical_gradient", "relative_error"]


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5):
    """Central differences of the scalar function ``f`` at ``x`` (any shape), in float64.

    ``x`` is copied first; the caller's array is never touched. Returns an array of x's shape.
    """
    x = np.array(x, dtype=np.float64, copy=True)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        x[idx] = saved + h
        f_plus = float(f(x))
        x[idx] = saved - h
        f_minus = float(f(x))
        x[idx] = saved
        grad[idx] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> np.ndarray:
    """Entry-wise relative error, with a floor relative to the gradient's overall scale."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(n), initial=0.0)))
    floor = 1e-3 * scale + 1e-12
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)


def check_gradient(
    name: str,
    got,
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    *,
    h: float = 1e-5,
    threshold: float = 1e-6,
    batch_size: int | None = None,
    mistakes: Mapping[str, np.ndarray] | None = None,
) -> float:
    """Assert that ``got`` is the gradient of ``f`` at ``x``; return the max relative error.

    ``f`` takes an array shaped like ``x`` and returns a float. Checks run in order: type, shape,
    dtype (float64 only: a float32 gradient check is meaningless), NaN/inf, values.
    """
    x = np.asarray(x)
    if x.dtype != np.float64:
        raise TypeError(f"check_gradient needs float64 inputs, got {x.dtype} for x")
    got = as_array(name, got)
    check_shape(
        name,
        got,
        x.shape,
        batch_size,
        _("but a gradient has the shape of what it is the gradient of:"),
    )
    if got.dtype != np.float64:
        fail(
            _("{name} has dtype {dtype}, expected float64 (keep every array in float64).").format(
                name=name, dtype=got.dtype
            ),
            "integer-dtype" if np.issubdtype(got.dtype, np.integer) else "float32-dtype",
        )
    numeric = numerical_gradient(f, x, h)
    if not np.isfinite(got).all():
        nan = _("{name} contains NaN or inf entries.").format(name=name)
        hint = _("Hint: {hint}").format(hint=sentence("nan-or-inf"))
        fail(f"{nan}\n{hint}", "nan-or-inf")
    err = relative_error(got, numeric)
    worst = float(np.max(err, initial=0.0))
    if worst <= threshold:
        return worst
    mismatch = err > threshold
    found = diagnose(got, numeric, rtol=1e-5, atol=1e-8, batch_size=batch_size, mistakes=mistakes)
    message = _(
        "{name} does not match the numerical gradient (central differences, h={h}): "
        "{count} of {size} entries differ, worst relative error "
        "{worst} (a correct gradient gives below {threshold})."
    ).format(
        name=name,
        h=f"{h:g}",
        count=int(mismatch.sum()),
        size=mismatch.size,
        worst=f"{worst:.1e}",
        threshold=f"{threshold:.0e}",
    )
    message += f"\n{differing_entries(got, numeric, mismatch)}"
    fail(message + diagnosis_lines(found), "gradient-differs", *(i for i, _ in found if i))
