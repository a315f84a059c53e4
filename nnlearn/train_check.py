"""The public check of chapter 5's ``train`` (full-batch gradient descent), and its diagnoses.

On XOR, 3 hidden units: the return value's structure; at learning rate 0, the start
``init_params(2, 3, 1, seed)`` kept and every loss the starting loss (*seed-ignored* when
another seed gives the seed-0 start); the loss of an epoch taken before its update
(*loss-after-update*); the biases moved (*biases-not-updated*); the loss after one update
worked out with the student's own chapter 2 and 4 functions, where a step uphill (*uphill*)
and a gradient N = 4 times too large (*not-divided-by-n*) give other losses; targets of shape
(N,) and (N, 1) alike (*column-minus-flat*); two outputs, K = 2, taken from the targets'
columns; and XOR learnt in 1000 epochs.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_keys, check_that, check_tuple, fail, unchanged
from nnlearn.datasets import xor
from nnlearn.i18n import gettext as _
from nnlearn.standins import check_earlier_functions

__all__ = ["check_train"]

EARLIER = ("mse_loss", "mse_loss_grad", "two_layer_forward", "two_layer_backward")


def check_train(train, namespace: dict) -> None:
    """Check the student's ``train``.

    ``namespace``: the notebook's ``globals()``, where the student's ``init_params`` and the
    earlier chapters' ``mse_loss``, ``mse_loss_grad``, ``two_layer_forward`` and
    ``two_layer_backward`` are; those four must pass their own checks first
    (:func:`nnlearn.standins.check_earlier_functions`).
    """
    check_earlier_functions({name: namespace[name] for name in EARLIER})
    init_params = namespace["init_params"]
    mse_loss, mse_loss_grad = namespace["mse_loss"], namespace["mse_loss_grad"]
    two_layer_forward = namespace["two_layer_forward"]
    two_layer_backward = namespace["two_layer_backward"]
    X, y = xor()
    # Targets as a column, shape (4, 1), then as xor() gives them, shape (4,).
    with unchanged(X=X, y=y):
        check_tuple(
            "train(X, y.reshape(4, 1), 3, 10.0, 5)",
            train(X, y.reshape(4, 1), 3, 10.0, 5),
            2,
        )
        try:
            result = train(X, y, 3, 10.0, 5)
        except ValueError as err:
            fail(
                _(
                    "train works with y of shape (4, 1) but not with y of shape (4,): {error}."
                    "\nDiagnosis: y of shape (N,) met the output of shape (N, 1). Reshape y "
                    "to (N, 1) at the start of train (see Shapes above)."
                ).format(error=err),
                "column-minus-flat",
            )
    result = check_tuple("train(X, y, 3, 10.0, 5)", result, 2)
    params = check_keys("train(...)[0]", result[0], ["W1", "b1", "W2", "b2"])
    losses = result[1]
    check_that(
        isinstance(losses, np.ndarray),
        _("losses should be a numpy array, one loss per epoch; got a {kind}.").format(
            kind=type(losses).__name__
        ),
        "wrong-return-structure",
    )
    check_that(
        losses.shape == (5,),
        _("losses should have shape (5,), one loss per epoch; got {shape}.").format(
            shape=losses.shape
        ),
        "shape-differs",
    )

    # With lr = 0 nothing moves: params stay init_params(2, 3, 1, seed=0) and every loss is
    # the loss of those starting weights, with y as (4, 1).
    start = init_params(2, 3, 1, seed=0)
    out0 = two_layer_forward(X, start)[0]
    loss0 = mse_loss(out0, y.reshape(4, 1))
    params, losses = train(X, y, 3, 0.0, 3)
    for key in start:
        check_array(
            f'train(X, y, 3, lr=0.0, epochs=3)[0]["{key}"]',
            params[key],
            start[key],
        )
    check_array(
        "train(X, y, 3, lr=0.0, epochs=3)[1]",
        losses,
        [loss0] * 3,
        mistakes={"column-minus-flat": [mse_loss(out0, y)] * 3},
    )
    # Another seed, another start: at lr = 0, train(..., seed=1) keeps
    # init_params(2, 3, 1, seed=1), not the seed-0 start.
    seeded, _losses = train(X, y, 3, 0.0, 1, seed=1)
    check_array(
        'train(X, y, 3, lr=0.0, epochs=1, seed=1)[0]["W1"]',
        seeded["W1"],
        init_params(2, 3, 1, seed=1)["W1"],
        mistakes={"seed-ignored": start["W1"]},
    )
    # The loss of an epoch is taken before its update: losses[0] is loss0 whatever the rate,
    # and losses[1] is the loss after one update.
    one_step, _losses = train(X, y, 3, 10.0, 1)
    two_steps, two = train(X, y, 3, 10.0, 2)
    after_one = mse_loss(two_layer_forward(X, one_step)[0], y.reshape(4, 1))
    after_two = mse_loss(two_layer_forward(X, two_steps)[0], y.reshape(4, 1))
    check_array(
        "train(X, y, 3, lr=10.0, epochs=2)[1]",
        two,
        [loss0, after_one],
        mistakes={"loss-after-update": [after_one, after_two]},
    )
    for key in ["b1", "b2"]:
        check_that(
            not np.allclose(one_step[key], 0.0),
            _(
                "{key} did not move in one step.\nDiagnosis: The biases are never updated. "
                "Update b1 and b2 too: params - lr * grads."
            ).format(key=key),
            "biases-not-updated",
        )
    # The loss after one update, worked out with the chapter 2 and 4 functions (they pass
    # their checks): params - lr * grads. Adding the gradients (uphill) or gradients N = 4
    # times too large (without mse_loss_grad's / N) give other losses; a loss that merely
    # grew could be either, or a step too long.
    _out, cache0 = two_layer_forward(X, start)
    grads0 = two_layer_backward(mse_loss_grad(out0, y.reshape(4, 1)), cache0)

    def loss_after(rate):
        moved = {key: start[key] - rate * grads0[key] for key in start}
        return mse_loss(two_layer_forward(X, moved)[0], y.reshape(4, 1))

    check_array(
        "the loss after one update, train(X, y, 3, lr=10.0, epochs=2)[1][1:]",
        two[1:],
        [loss_after(10.0)],
        mistakes={
            "uphill": [loss_after(-10.0)],
            "not-divided-by-n": [loss_after(4 * 10.0)],
        },
        n=4,
    )
    # Targets given as (N, 1) give the same run as (N,).
    _params, as_column = train(X, y.reshape(4, 1), 3, 10.0, 2)
    check_array("train with y of shape (4, 1)", as_column, two)
    # Two outputs, K = 2: the number of outputs comes from the targets' columns. After 0
    # epochs train returns init_params(2, 3, 2, seed=0) as it is.
    Y2 = np.column_stack([y, 1.0 - y])
    with unchanged(X=X, y=Y2):
        result = train(X, Y2, 3, 10.0, 0)
    name = "train(X, Y2, 3, 10.0, epochs=0), Y2 of shape (4, 2)"
    params2, _losses = check_tuple(name, result, 2)
    params2 = check_keys(name + "[0]", params2, ["W1", "b1", "W2", "b2"])
    check_that(
        np.shape(params2["W2"]) == (3, 2),
        _(
            '{name}[0]["W2"] has shape {shape}, expected (3, 2): one column per output, as '
            "the targets have."
        ).format(name=name, shape=np.shape(params2["W2"])),
        "shape-differs",
    )
    start2 = init_params(2, 3, 2, seed=0)
    for key in start2:
        check_array(f'{name}[0]["{key}"]', params2[key], start2[key])
    # Two epochs with K = 2, worked out with the chapter 2 and 4 functions.
    out2, cache2 = two_layer_forward(X, start2)
    grads2 = two_layer_backward(mse_loss_grad(out2, Y2), cache2)
    moved2 = {key: start2[key] - 10.0 * grads2[key] for key in start2}
    check_array(
        "train(X, Y2, 3, 10.0, 2)[1]",
        train(X, Y2, 3, 10.0, 2)[1],
        [mse_loss(out2, Y2), mse_loss(two_layer_forward(X, moved2)[0], Y2)],
    )
    # And it learns XOR: 3 hidden units, rate 10, 1000 epochs (section 3).
    params, losses = train(X, y, 3, 10.0, 1000)
    check_that(
        losses[-1] < 0.01,
        _("after 1000 epochs the loss is {loss:.4f}; it should be < 0.01.").format(loss=losses[-1]),
    )
