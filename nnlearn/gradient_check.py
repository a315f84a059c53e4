"""The public checks of numerical gradients and gradient descent (chapters 3 and 4), and their
diagnoses.

* ``numerical_gradient`` (chapter 3), on f(w) = sum(w^3), whose central difference is exactly
  3 w^2 + h^2: a forward difference (*forward-difference*), divided by h instead of 2 h
  (*divided-by-h*), h ignored (*ignored-h*), the nudged copy that is the caller's w itself
  (*input-modified*, named only when f was handed that array); an error of f passed on
  (*error-swallowed*), with w as it was (*input-modified*: nudged in place and left so); the
  default h on sum(sin(v)); an integer w read as float64 (*integer-steps-lost*).
* ``gradient_descent`` (chapter 3), on (w - 3)^2 with lr = 1/4, which halves the distance to 3
  at each step, and a spy on the slope that records where the student's function asks for it:
  uphill (*uphill*), every row the last point (*aliased-rows*), the slope read at points that
  are not the path's (*gradient-at-wrong-point*), the same path at lr = 0.1 (*forgot-lr*); a
  column start, a valley, no steps, an integer start.
* ``gradient_check`` (chapter 4), on sum(w^3) with h = 0.1, after the student's chapter 3
  ``numerical_gradient`` (blamed on it when wrong): the mean of the relative errors, the
  absolute error, a division by one of the two gradients, h not passed on; the floor that
  keeps 0 / 0 from being nan and follows the scale.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import (
    check_array,
    check_scalar,
    check_unchanged,
    earlier,
    fail,
    lr_ignored,
    unchanged,
)
from nnlearn.i18n import gettext as _

__all__ = ["check_gradient_check", "check_gradient_descent", "check_numerical_gradient"]


def check_numerical_gradient(numerical_gradient) -> None:
    """Check the student's ``numerical_gradient``."""
    # f(w) = sum(w^3). With step h the central difference is exact up to h^2:
    # ((w + h)^3 - (w - h)^3) / (2 h) = (6 w^2 h + 2 h^3) / (2 h) = 3 w^2 + h^2.
    # The forward difference gives ((w + h)^3 - w^3) / h = 3 w^2 + 3 w h + h^2.
    w = np.array([[1.0, 2.0, -1.0], [0.5, -0.25, -3.0]])
    handed = []  # for each call of f: was it handed the caller's w itself?

    def cube_sum(v):
        handed.append(v is w)
        return float(np.sum(v**3))

    with unchanged(w=w):
        grad = numerical_gradient(cube_sum, w, h=0.1)
    # The nudged copy that is w itself (`w_plus = w`, then w_plus[i] += h, and `w_minus = w`,
    # w_minus[i] -= h): f sees w + h e_i, then w, so the result is the forward difference
    # halved, ((w + h)^3 - w^3) / (2 h). Named only when f was handed the caller's w.
    halved = (3 * w**2 + 0.3 * w + 0.01) / 2
    aliased = {"input-modified": halved} if any(handed) else {}
    check_array(
        "numerical_gradient(cube_sum, w, h=0.1)",
        grad,
        3 * w**2 + 0.01,
        mistakes={
            "forward-difference": 3 * w**2 + 0.3 * w + 0.01,
            "divided-by-h": 2 * (3 * w**2 + 0.01),
            "ignored-h": 3 * w**2,
            **aliased,
        },
    )

    # If f raises an error, the error reaches the caller and w is unchanged.
    def broken(v):
        raise ValueError("this f always fails")

    # The docstring's "w is never changed, even if f raises an error": a w nudged in place
    # (`w[i] += h`, put back after f) is left nudged when f fails in between.
    before = w.copy()
    try:
        with unchanged(w=w):
            numerical_gradient(broken, w)
    except ValueError:
        check_unchanged("w", before, w)
    else:
        fail(_("numerical_gradient hid the error raised by f."), "error-swallowed")

    # The default h on a vector: the slope of sum(sin(v)) is cos(v).
    def sin_sum(v):
        return float(np.sum(np.sin(v)))

    v = np.array([0.0, 1.0, 2.0])
    check_array("numerical_gradient(sin_sum, [0, 1, 2])", numerical_gradient(sin_sum, v), np.cos(v))
    # Integers are read as float64: for sum(v^3) at [1, 2, 3] with h = 0.5,
    # 3 v^2 + h^2 = [3.25, 12.25, 27.25].
    ints = np.array([1, 2, 3])
    with unchanged(w=ints):
        grad = numerical_gradient(cube_sum, ints, h=0.5)
    check_array(
        "numerical_gradient(cube_sum, [1, 2, 3], h=0.5)",
        grad,
        [3.25, 12.25, 27.25],
        mistakes=[
            ("integer-steps-lost", [0.0, 0.0, 0.0]),
            # w[i] + h and w[i] - h stored in the integer w itself: 1.5 -> 1, 0.5 -> 0, ...:
            # (f(1, 2, 3) - f(0, 2, 3)) / 1 = 1, then 7 and 19.
            ("integer-steps-lost", [1.0, 7.0, 19.0]),
        ],
    )


def check_gradient_descent(gradient_descent) -> None:
    """Check the student's ``gradient_descent``."""

    # L(w) = (w - 3)^2 has the gradient 2 (w - 3). With lr = 0.25 a step is w - 0.5 (w - 3):
    # it halves the distance to 3. From 11: 11, 7, 5, 4, 3.5. Stepping uphill instead,
    # w + 0.5 (w - 3): 11, 15, 21, 30, 43.5.
    def slope(w):
        return 2 * (w - 3)

    points = []  # where the student's function asks for the slope

    def spied_slope(w):
        points.append(np.array(w, dtype=np.float64))
        return slope(w)

    start = np.array([11.0])
    with unchanged(w0=start):
        path = gradient_descent(spied_slope, start, 0.25, 4)
    # Right steps, w_(k+1) = w_k - 0.25 slope(p_k), taken with the slope at points p_k that are
    # not the current w_k: the path those steps give.
    try:
        got, asked = np.asarray(path, dtype=np.float64), np.array(points)
    except (TypeError, ValueError):  # not numbers: check_array says so
        got = asked = np.zeros(0)
    elsewhere = (
        got.shape == (5, 1)
        and asked.shape == (4, 1)
        and np.allclose(got[1:], got[:-1] - 0.25 * slope(asked))
        and not np.allclose(asked, got[:-1])
    )
    check_array(
        "gradient_descent(slope, [11], lr=0.25, n_steps=4)",
        path,
        [[11.0], [7.0], [5.0], [4.0], [3.5]],
        mistakes={
            "uphill": [[11.0], [15.0], [21.0], [30.0], [43.5]],
            "aliased-rows": [[3.5]] * 5,  # every row is the last point
            # the gradient at 11, 16, used for every step: 11 - 4 k
            "gradient-at-wrong-point": (
                got if elsewhere else [[11.0], [7.0], [3.0], [-1.0], [-5.0]]
            ),
            # the same path at lr = 0.1: the rate is not used (without it, 11, -5, 11, ...)
            "forgot-lr": (
                path
                if lr_ignored(path, lambda: gradient_descent(slope, start, 0.1, 4), start)
                else [[11.0], [-5.0], [11.0], [-5.0], [11.0]]
            ),
        },
    )
    # w0 of any shape: a (2, 1) column stays a column in every row of the path; its first
    # entry halves its distance to 3, the second starts there.
    column = np.array([[11.0], [3.0]])
    check_array(
        "gradient_descent(slope, [[11], [3]], lr=0.25, n_steps=2)",
        gradient_descent(slope, column, 0.25, 2),
        [[[11.0], [3.0]], [[7.0], [3.0]], [[5.0], [3.0]]],
    )

    # L(w) = 1/2 (w1^2 + 10 w2^2) has the gradient (w1, 10 w2). With lr = 0.1 a step
    # multiplies w1 by 1 - 0.1 = 0.9 and w2 by 1 - 0.1 * 10 = 0.
    def valley_slope(w):
        return np.array([1.0, 10.0]) * w

    start = np.array([1.0, 1.0])
    with unchanged(w0=start):
        path = gradient_descent(valley_slope, start, 0.1, 3)
    check_array(
        "gradient_descent(valley_slope, [1, 1], lr=0.1, n_steps=3)",
        path,
        [[1.0, 1.0], [0.9, 0.0], [0.81, 0.0], [0.729, 0.0]],
        mistakes={"aliased-rows": [[0.729, 0.0]] * 4},
    )
    # No steps at all: the path is the start alone, shape (1, 2).
    check_array(
        "gradient_descent(valley_slope, [1, 1], lr=0.1, n_steps=0)",
        gradient_descent(valley_slope, start, 0.1, 0),
        [[1.0, 1.0]],
    )
    # An integer start is read as float64: for L = (w - 1)^2 / 2 and lr = 0.5,
    # 3 -> 2 -> 1.5 and -1 -> 0 -> 0.5.
    int_start = np.array([3, -1])
    with unchanged(w0=int_start):
        path = gradient_descent(lambda w: w - 1.0, int_start, 0.5, 2)
    check_array(
        "gradient_descent from the integer start [3, -1]",
        path,
        [[3.0, -1.0], [2.0, 0.0], [1.5, 0.5]],
    )


def check_gradient_check(gradient_check, numerical_gradient) -> None:
    """Check the student's ``gradient_check``; ``numerical_gradient`` is the notebook's (the
    student's chapter 3 function), which ``gradient_check`` calls."""
    # f(w) = sum(w^3) at w = [1, 2], h = 0.1. Central differences of a cube are exact up to
    # h^2: ((w + h)^3 - (w - h)^3) / (2 h) = 3 w^2 + h^2, [3.01, 12.01]. Against the analytic
    # [3, 12] each entry is 0.01 off: the relative errors are 0.01 / (3 + 3.01) = 1/601 and
    # 0.01 / (12 + 12.01) = 1/2401; the floor, 1e-3 * 12.01, is far below both denominators.
    # The largest: 1/601.
    w = np.array([1.0, 2.0])

    def cube_sum(v):
        return float(np.sum(v**3))

    with earlier("numerical_gradient", "chapter 3"):
        check_array(
            "numerical_gradient(cube_sum, w, h=0.1)",
            numerical_gradient(cube_sum, w.copy(), 0.1),
            np.array([3.01, 12.01]),
        )

    def largest_relative_error(a, n):  # the docstring's formula
        scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
        sizes = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
        return float(np.max(np.abs(a - n) / sizes))

    # What a gradient_check that does not pass its h on gives: the error of the student's
    # numerical_gradient with its default step, nearly exact (not 0.01 off).
    try:
        with_default_step = numerical_gradient(cube_sum, w.copy())
        default_step = [("ignored-h", largest_relative_error(3 * w**2, with_default_step))]
    except Exception:  # noqa: BLE001 - then that hypothesis is not run
        default_step = []
    with unchanged(w=w):
        error = gradient_check(cube_sum, w, 3 * w**2, h=0.1)
    check_scalar(
        "gradient_check(cube_sum, w, 3 * w**2, h=0.1)",
        error,
        1 / 601,
        mistakes=[
            ("mean-relative-error", (1 / 601 + 1 / 2401) / 2),
            ("absolute-error", 0.01),
            ("divided-by-analytic-only", 1 / 300),  # by |a| alone
            ("divided-by-analytic-only", 1 / 301),  # by |n| alone
            *default_step,
        ],
    )
    # The exact central differences, [3.01, 12.01], as the analytic gradient: 0.
    check_scalar(
        "gradient_check(cube_sum, w, 3 * w**2 + 0.01, h=0.1)",
        gradient_check(cube_sum, w, 3 * w**2 + 0.01, h=0.1),
        0.0,
    )
    # The opposite sign: |-n - n| / (|n| + |n|) = 1 in every entry.
    check_scalar(
        "gradient_check(cube_sum, w, -(3 * w**2 + 0.01), h=0.1)",
        gradient_check(cube_sum, w, -(3 * w**2 + 0.01), h=0.1),
        1.0,
    )

    # f(v) = v_1^2 ignores v_2: its gradient at (3, 5) is (6, 0), and the numerical one is
    # (6, 0) too (v_2 +- h leaves f exactly as it was). The entry where both are 0 has error 0,
    # thanks to the floor; without it, 0 / 0 is nan.
    def first_squared(v):
        return float(v[0] ** 2)

    check_scalar(
        "gradient_check(first_squared, [3, 5], [6, 0], h=0.1)",
        gradient_check(first_squared, np.array([3.0, 5.0]), np.array([6.0, 0.0]), h=0.1),
        0.0,
    )

    # A constant f: both gradients are 0 in every entry, so the scale is 0 as well, and only
    # the floor's 1e-12 keeps 0 / 0 from being nan: the error is 0.
    def constant(v):
        return 1.0

    check_scalar(
        "gradient_check(constant, [3, 5], [0, 0], h=0.1)",
        gradient_check(constant, np.array([3.0, 5.0]), np.zeros(2), h=0.1),
        0.0,
    )

    # The floor follows the scale: f(v) = v_1^2 + 10^-6 v_2 at (3, 5) has the gradient
    # (6, 10^-6), which central differences give (up to rounding, about 1e-8 of the small
    # entry). Against the analytic (6, 0), the small entry's error is
    # 10^-6 / max(10^-6, 10^-3 * 6 + 10^-12): tiny beside the scale 6, where a fixed floor such
    # as 10^-8 would call it 100 % wrong.
    def tiny_slope(v):
        return float(v[0] ** 2 + 1e-6 * v[1])

    check_scalar(
        "gradient_check(tiny_slope, [3, 5], [6, 0], h=0.1)",
        gradient_check(tiny_slope, np.array([3.0, 5.0]), np.array([6.0, 0.0]), h=0.1),
        1e-6 / (1e-3 * 6.0 + 1e-12),
        rtol=1e-6,
    )
