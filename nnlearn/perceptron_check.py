"""The public checks of chapter 1's perceptron, and their diagnoses.

* ``perceptron_predict`` on the line 2 x1 + x2 - 1 = 0 and six points worked out by hand (one on
  the line, one just below it), with a stand-in step that knows only the answer for the right z:
  the z passed to step and the predictions, against a bias left out (*forgot-bias*) or
  subtracted (*wrong-sign*) and the point on the line sent to 0 (*step-at-zero*); one example is
  still a batch; then with the student's own step (a note);
* ``accuracy`` on four entries worked out by hand: the error rate (*error-rate*), a percentage
  (*percentage*), the count of agreements (*not-divided-by-n*), a float returned (a numpy float
  is *float32-dtype*); 2/3 exactly; all right and all wrong.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_scalar, check_that, note_own_parts, unchanged
from nnlearn.i18n import gettext as _
from nnlearn.standins import StandIn, substitute

__all__ = ["check_accuracy", "check_perceptron_predict"]


def check_perceptron_predict(perceptron_predict, namespace: dict) -> None:
    """Check the student's ``perceptron_predict``. ``namespace``: the notebook's ``globals()``,
    where the student's ``step`` is (a stand-in replaces it there while the function runs)."""
    # The line 2 x1 + x2 - 1 = 0 (w = (2, 1), b = -1) and six points:
    # (0, 0): z = -1 -> 0;  (1, 0): z = 2 - 1 = 1 -> 1;
    # (0.25, 0.5): z = 0.5 + 0.5 - 1 = 0, on the line -> 1;
    # (-1, 0): z = -2 - 1 = -3 -> 0;  (-0.25, 0): z = -0.5 - 1 = -1.5 -> 0;
    # (0.25, 0.49609375): z = 0.5 + 0.49609375 - 1 = -1/256, just below -> 0.
    # (-1, 0) and (-0.25, 0) tell the mistakes apart: without b, z = (0, 2, 1, -2,
    # -0.5, 0.996) gives (1, 1, 1, 0, 0, 1); with -b, z = (1, 3, 2, -1, 0.5, 1.996)
    # gives (1, 1, 1, 0, 1, 1).
    X = np.array(
        [[0.0, 0.0], [1.0, 0.0], [0.25, 0.5], [-1.0, 0.0], [-0.25, 0.0]] + [[0.25, 0.49609375]]
    )
    w = np.array([2.0, 1.0])
    # A stand-in for step that knows only the answer for the right z checks
    # perceptron_predict alone, whatever the student's step does.
    # One example is still a batch: X of shape (1, 2) gives shape (1,);
    # z = (-1) * (-1) + 1 * 3 - 1 = 3 -> 1 (w1 used twice gives -3 -> 0).
    stand_in = StandIn(
        "step",
        [
            (
                (np.array([-1.0, 1.0, 0.0, -3.0, -1.5, -0.00390625]),),
                np.array([0.0, 1.0, 1.0, 0.0, 0.0, 0.0]),
            ),
            ((np.array([3.0]),), np.array([1.0])),
        ],
    )
    with substitute(namespace, step=stand_in):
        with unchanged(X=X, w=w):
            got = perceptron_predict(X, w, -1.0)
        one = perceptron_predict(np.array([[-1.0, 3.0]]), np.array([-1.0, 1.0]), -1.0)
    if stand_in.calls:  # the student's function calls step: with z = X @ w + b?
        check_array(
            "the z that perceptron_predict(X, w, -1) passes to step",
            np.asarray(stand_in.calls[0][0], dtype=np.float64),
            [-1.0, 1.0, 0.0, -3.0, -1.5, -0.00390625],
            mistakes={
                # z without b, z with -b
                "forgot-bias": [0.0, 2.0, 1.0, -2.0, -0.5, 0.99609375],
                "wrong-sign": [1.0, 3.0, 2.0, -1.0, 0.5, 1.99609375],
            },
        )
    check_array(
        "perceptron_predict(X, w, b)",
        got,
        [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],
        mistakes={
            # step(0, 2, 1, -2, -0.5, 0.996), step(1, 3, 2, -1, 0.5, 1.996)
            "forgot-bias": [1.0, 1.0, 1.0, 0.0, 0.0, 1.0],
            "wrong-sign": [1.0, 1.0, 1.0, 0.0, 1.0, 1.0],
            # the point on the line: 0
            "step-at-zero": [0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
        },
    )
    check_array("perceptron_predict on one example", one, [1.0])
    # The same with the student's own step (its own test says what is wrong with it).
    note_own_parts(
        "perceptron_predict",
        lambda: perceptron_predict(X, w, -1.0),
        [0, 1, 1, 0, 0, 0],
        "step",
    )


def check_accuracy(accuracy) -> None:
    """Check the student's ``accuracy``."""
    # Entries 0, 1 and 3 agree, entry 2 does not: 3 of 4, accuracy 0.75.
    y_pred = np.array([1.0, 0.0, 1.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with unchanged(y_pred=y_pred, y=y):
        acc = accuracy(y_pred, y)
    check_scalar(
        "accuracy(y_pred, y)",
        acc,
        0.75,
        batch_size=4,
        mistakes={
            "error-rate": 0.25,
            "percentage": 75.0,
            "not-divided-by-n": 3.0,
        },
    )
    check_that(
        isinstance(acc, float),
        _("accuracy should return a float, got {type}: convert with float(...).").format(
            type=type(acc).__name__
        ),
        "float32-dtype" if isinstance(acc, np.floating) else "wrong-behaviour",
    )
    # Two of three right: 2/3 exactly, not rounded for display.
    check_scalar(
        "accuracy([1, 0, 1], [1, 0, 0])",
        accuracy(np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])),
        2 / 3,
    )
    # All right and all wrong.
    check_scalar("accuracy when all agree", accuracy(y, y), 1.0)
    check_scalar("accuracy when none agree", accuracy(1.0 - y, y), 0.0)
