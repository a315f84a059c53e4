"""The public check of chapter 5's ``train(..., loss="ce")`` (section 7), and its diagnoses.

On XOR, 3 hidden units, rate 2: one step of the student's ``loss="ce"`` against a step whose
every gradient entry is measured by central differences of the cross-entropy, of the network
written out here. The loss recorded is the squared error of the start, not the cross-entropy
(*ce-losses-recorded*); the step is not the squared error's (*ce-dout-is-error*), nor N = 4
times the cross-entropy's (*ce-not-averaged*), nor uphill on the weights (*uphill*). With two
outputs, K = 2, the step is not half the right one, the cross-entropy divided by N K
(*mean-over-all-entries*; the same code is right at K = 1). Then the race of the section's
figure: the first epochs below 0.01 on each loss.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_keys, check_that, check_tuple, fail, unchanged
from nnlearn.datasets import xor
from nnlearn.i18n import gettext as _
from nnlearn.standins import check_earlier_functions
from nnlearn.train_check import EARLIER

__all__ = ["check_train_ce"]


def check_train_ce(train, namespace: dict) -> None:
    """Check the student's ``train`` with ``loss="ce"``; ``namespace`` as for
    :func:`nnlearn.train_check.check_train` (the earlier chapters' functions must pass first)."""
    check_earlier_functions({name: namespace[name] for name in EARLIER})
    X, y = xor()
    Y = y.reshape(4, 1)
    start = namespace["init_params"](2, 3, 1, seed=0)

    def network_output(params):  # the network of chapter 4, written out
        hidden = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
        return 1 / (1 + np.exp(-(hidden @ params["W2"] + params["b2"])))

    def cross_entropy(params, Y=Y):  # summed over the K outputs, averaged over the N = 4
        p = network_output(params)
        return -np.sum(Y * np.log(p) + (1 - Y) * np.log(1 - p)) / 4

    def squared_error(params):
        return np.sum((network_output(params) - Y) ** 2) / 8

    def step_by_differences(loss, lr, h=1e-5, start=start):
        """One descent step from start; gradients by central differences."""
        new = {}
        for key, value in start.items():
            grad = np.zeros_like(value)
            for i in np.ndindex(value.shape):
                plus, minus = value.copy(), value.copy()
                plus[i] += h
                minus[i] -= h
                up, down = loss(dict(start, **{key: plus})), loss(dict(start, **{key: minus}))
                grad[i] = (up - down) / (2 * h)
            new[key] = value - lr * grad
        return new

    with unchanged(X=X, y=y):
        try:
            result = train(X, y, 3, 2.0, 1, loss="ce")
        except TypeError as err:
            fail(
                _(
                    'train(X, y, 3, 2.0, 1, loss="ce") fails: {error}.\nGive train the argument '
                    'loss="mse" (section 4.2) and handle loss="ce".'
                ).format(error=err),
                "wrong-behaviour",
            )
    name = 'train(X, y, 3, 2.0, 1, loss="ce")'
    params, losses = check_tuple(name, result, 2)
    params = check_keys(name + "[0]", params, ["W1", "b1", "W2", "b2"])
    # One epoch: the squared error of the starting weights is recorded.
    check_array(
        name + "[1]",
        losses,
        [squared_error(start)],
        mistakes={"ce-losses-recorded": [cross_entropy(start)]},
    )
    want = step_by_differences(cross_entropy, 2.0)
    as_mse = step_by_differences(squared_error, 2.0)
    uphill = step_by_differences(cross_entropy, -2.0)
    for key in want:
        mistakes = {
            "ce-dout-is-error": as_mse[key],
            "ce-not-averaged": start[key] + 4 * (want[key] - start[key]),
        }
        if key in ("W1", "W2"):  # b1, b2 start at 0: uphill is just the wrong sign
            mistakes["uphill"] = uphill[key]
        check_array(
            f'{name}[0]["{key}"]',
            params[key],
            want[key],
            rtol=1e-6,
            atol=1e-9,
            mistakes=mistakes,
        )
    # Two outputs, K = 2 (y and 1 - y): the cross-entropy is summed over the outputs and
    # averaged over the N = 4 examples, as with one output.
    Y2 = np.column_stack([y, 1.0 - y])
    start2 = namespace["init_params"](2, 3, 2, seed=0)
    name2 = 'train(X, Y2, 3, 2.0, 1, loss="ce"), K = 2'
    with unchanged(X=X, Y2=Y2):
        params2, _losses2 = check_tuple(name2, train(X, Y2, 3, 2.0, 1, loss="ce"), 2)
    params2 = check_keys(name2 + "[0]", params2, ["W1", "b1", "W2", "b2"])
    want2 = step_by_differences(lambda p: cross_entropy(p, Y2), 2.0, start=start2)
    # Divided by N K = 8 instead of N = 4 (right at K = 1 above): every step half as long.
    for key in want2:
        check_array(
            f'{name2}[0]["{key}"]',
            params2[key],
            want2[key],
            rtol=1e-6,
            atol=1e-9,
            mistakes={"mean-over-all-entries": start2[key] + (want2[key] - start2[key]) / 2},
        )
    # The race of section 7 (the figure's right panel): from the same start with lr = 2, the
    # first epoch whose squared error is below 0.01.
    first = {}
    for loss in ["mse", "ce"]:
        _params, losses = train(X, y, 3, 2.0, 2000, loss=loss)
        below = np.flatnonzero(losses < 0.01)
        first[loss] = int(below[0]) if below.size else None
    check_that(
        first == {"mse": 1927, "ce": 463},
        _(
            "the first epochs below 0.01 are {first}; section 7 found {{'mse': 1927, 'ce': 463}}."
        ).format(first=first),
    )
