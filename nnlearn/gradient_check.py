"""The public checks of numerical gradients and gradient descent (chapters 3 and 4), and their
diagnoses.

* ``gradient_check`` (chapter 4), on sum(w^3) with h = 0.1, after the student's chapter 3
  ``numerical_gradient`` (blamed on it when wrong): the mean of the relative errors, the
  absolute error, a division by one of the two gradients, h not passed on; the floor that
  keeps 0 / 0 from being nan and follows the scale.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_scalar, earlier, unchanged

__all__ = ["check_gradient_check"]


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
