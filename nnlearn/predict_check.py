"""The public check of chapter 5's ``predict``, and its diagnoses.

A hand-made network with two outputs, whose output 1 is >= 1/2 exactly where x1 >= x2 and
output 2 where x2 >= x1, on five points: one where both outputs are exactly 1/2 (predicted 1:
*threshold-excludes-half*), one far enough apart that the output layer's scores reach 1/2
themselves. The shape (5, 2), one column per output (*shape-differs*); the outputs returned
instead of the predictions (*returned-output*), the predictions inverted
(*predictions-inverted*). Then one output, all parameters zero: the shape stays (N, 1).
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_that, unchanged
from nnlearn.i18n import gettext as _

__all__ = ["check_predict"]


def check_predict(predict, two_layer_forward) -> None:
    """Check the student's ``predict``; ``two_layer_forward`` is the notebook's (the student's
    chapter 4 function), whose outputs a ``predict`` may return by mistake."""
    # A hand-made network with two outputs: hidden unit i passes input i through the sigmoid
    # (W1 = identity), output 1 = sigma(h1 - h2) and output 2 = sigma(h2 - h1). sigma is
    # increasing and sigma(0) = 1/2, so output 1 is >= 1/2 exactly where x1 >= x2, output 2
    # where x2 >= x1.
    params = {
        "W1": np.eye(2),
        "b1": np.zeros(2),
        "W2": np.array([[1.0, -1.0], [-1.0, 1.0]]),
        "b2": np.zeros(2),
    }
    # The last row, (3, -1), is far enough apart that sigma(h1 - h2) > 0.62 and h1 - h2 > 1/2:
    # there the scores z2 themselves reach 1/2.
    X = np.array([[2.0, 1.0], [1.0, 2.0], [3.0, 3.0], [-1.0, 0.0], [3.0, -1.0]])
    expected = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
    with unchanged(X=X, params=params):
        got = predict(X, params)
    check_that(
        np.shape(got) == (5, 2),
        _(
            "predict(X, params) has shape {shape}, expected (5, 2): one column per output "
            "unit, the shape of the network's output."
        ).format(shape=np.shape(got)),
        "shape-differs",
    )
    check_array(
        "predict(X, params)",
        got,
        expected,
        mistakes={
            "returned-output": two_layer_forward(X, params)[0],
            "threshold-excludes-half": [
                [1.0, 0.0],
                [0.0, 1.0],
                [0.0, 0.0],
                [0.0, 1.0],
                [1.0, 0.0],
            ],
            "predictions-inverted": 1.0 - np.array(expected),
        },
    )
    # One output: the shape stays (N, 1). With all parameters zero the output is
    # sigma(0) = 1/2 everywhere: predicted 1.
    zero = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1)), "b2": np.zeros(1)}
    check_array("predict(X, all-zero params)", predict(X, zero), np.ones((5, 1)))
