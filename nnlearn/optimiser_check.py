"""The public check of chapter 6's ``train_with_optimiser``, and its diagnoses.

A small run on noisy XOR (12 points for training, 8 for validation, 8 hidden units): at rate 0
nothing moves and the start is the best epoch; then, with spies around the student's own
functions (:func:`nnlearn.standins.substitute`):

* *params-updated-in-place*: when the start is the best epoch (validation targets that are the
  starting network's own outputs), best_params is the dict ``init_params`` returned, or the
  arrays ``sgd_step`` returned last, changed by later updates;
* early stopping: best_params has the lowest validation loss;
* *full-batch-gradient*: the gradient handed to ``sgd_step`` at the first update is that of the
  first mini-batch (central differences), not of all 12 points; epoch e shuffles with seed e;
* *later-tie*: of two equal lowest validation losses (a spy around ``mse_loss`` reports them),
  the earliest epoch is kept;
* *state-not-carried*, *adam-t-restarts*: the velocity and Adam's m go from one step to the
  next, and Adam's t counts the updates from 1;
* an optimiser it does not know raises ValueError.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import (
    check_array,
    check_that,
    check_tuple,
    diagnosis_lines,
    earlier,
    fail,
    unchanged,
)
from nnlearn.datasets import noisy_xor
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import sentence
from nnlearn.standins import substitute

__all__ = ["check_train_with_optimiser"]


def check_train_with_optimiser(train_with_optimiser, namespace: dict) -> None:
    """Check the student's ``train_with_optimiser``.

    ``namespace``: the notebook's ``globals()``, where the student's ``init_params``,
    ``mse_loss``, ``two_layer_forward``, ``sgd_step``, ``momentum_step``, ``adam_step`` and
    ``minibatches`` are (spies take their places for a moment).
    """
    # A small run: the first 12 points of noisy XOR (3 per corner) for training and for
    # validation 8 more (2 per corner, another seed).
    X_small, y_small = noisy_xor(n_per_corner=3)
    X_check, y_check = noisy_xor(n_per_corner=2, seed=5)
    start = namespace["init_params"](2, 8, 1, 0)

    def loss_of(params, X, y):
        return namespace["mse_loss"](
            namespace["two_layer_forward"](X, params)[0], y.reshape(len(X), -1)
        )

    # With lr = 0 nothing moves: every recorded loss is the loss of the start, and the best
    # epoch is the earliest of equals, the start itself.
    # numpy's refusal in the student's functions is said in words, with no cause: targets left
    # flat, a layer miswired or a weight matrix transposed upstream are refused alike.
    with unchanged():
        run = train_with_optimiser("sgd", X_small, y_small, X_check, y_check, 0.0, 2, 5)
    result = check_tuple('train_with_optimiser("sgd", ..., lr=0.0, epochs=2, batch_size=5)', run, 3)
    best, train_losses, val_losses = result

    def left_flat(X, y):
        """The losses of targets of shape (N,) left flat: the output (N, 1) minus them is
        broadcast to (N, N), whose loss is another number (none if mse_loss refuses it)."""
        try:
            out = namespace["two_layer_forward"](X, start)[0]
            return {"column-minus-flat": [float(namespace["mse_loss"](out, y))] * 3}
        except Exception:  # noqa: BLE001 - a hypothesis that cannot be computed is not offered
            return {}

    check_array(
        "train_losses with lr = 0",
        train_losses,
        [loss_of(start, X_small, y_small)] * 3,
        mistakes=left_flat(X_small, y_small),
    )
    check_array(
        "val_losses with lr = 0",
        val_losses,
        [loss_of(start, X_check, y_check)] * 3,
        mistakes=left_flat(X_check, y_check),
    )
    for key in start:
        check_array(f'best_params["{key}"] with lr = 0', best[key], start[key])
    # n_hidden and seed are the network's: at lr = 0, 3 hidden units from seed 1 stay
    # init_params(2, 3, 1, 1).
    best3 = train_with_optimiser(
        "sgd", X_small, y_small, X_check, y_check, 0.0, 1, 5, n_hidden=3, seed=1
    )[0]
    start3 = namespace["init_params"](2, 3, 1, 1)
    for key in start3:
        check_array(
            f'best_params["{key}"] with n_hidden=3, seed=1, lr = 0', best3[key], start3[key]
        )

    # These checks run the student's sgd_step, momentum_step, adam_step and minibatches:
    # while one of them has not passed its own checks above, a failure here is blamed on it.
    with (
        earlier("minibatches", "the exercise above", unless_passed=True),
        earlier("sgd_step", "the exercise above", unless_passed=True),
        earlier("momentum_step", "the exercise above", unless_passed=True),
        earlier("adam_step", "the exercise above", unless_passed=True),
    ):
        _when_the_start_is_best(train_with_optimiser, namespace, X_small, y_small, X_check, start)
        # Early stopping: best_params are the weights of the lowest validation loss.
        best, train_losses, val_losses = train_with_optimiser(
            "momentum", X_small, y_small, X_check, y_check, 1.0, 6, 4
        )
        check_array(
            "the validation loss of best_params (the lowest of val_losses)",
            np.array(loss_of(best, X_check, y_check)),
            val_losses.min(),
        )
        _batch_gradient_and_seeds(
            train_with_optimiser, namespace, loss_of, X_small, y_small, X_check, y_check, start
        )
        _a_tie(train_with_optimiser, namespace, X_small, y_small, X_check, y_check, start)
        _state_carried(train_with_optimiser, namespace, X_small, y_small, X_check, y_check)

    try:
        _unknown = train_with_optimiser("rmsprop", X_small, y_small, X_check, y_check, 0.1, 1, 4)
    except ValueError:
        pass
    else:
        raise AssertionError(_('train_with_optimiser("rmsprop", ...) should raise ValueError'))


def _when_the_start_is_best(train_with_optimiser, namespace, X_small, y_small, X_check, start):
    """When the start is the best epoch: validation targets that are the starting network's own
    outputs give the start a validation loss of 0, and every later epoch more. best_params must
    then be the starting parameters, however the training goes on. A spy keeps the dict
    init_params returned: if it was changed in place, it holds the last epoch's parameters.
    Another spy keeps what sgd_step returned last for each parameter (their shapes differ): the
    last epoch's parameters, which best_params holds if it is the live dict that every update
    changes."""
    own_init, made = namespace["init_params"], []
    own_sgd, last_step = namespace["sgd_step"], {}

    def last_spy(w, grad, lr):
        result = own_sgd(w, grad, lr)
        last_step[np.shape(w)] = np.array(result)
        return result

    def init_spy(*args, **kwargs):
        params = own_init(*args, **kwargs)
        made[len(made) :] = [params]
        return params

    y_own = namespace["two_layer_forward"](X_check, start)[0][:, 0]
    with substitute(namespace, init_params=init_spy, sgd_step=last_spy):
        best, _losses, val_losses = train_with_optimiser(
            "sgd", X_small, y_small, X_check, y_own, 1.0, 3, 4
        )
    check_array("val_losses[0], the start's own outputs as targets", val_losses[0], 0.0)
    for key in start:
        followed = [made[0][key]] if made else []
        if start[key].shape in last_step:
            followed += [last_step[start[key].shape]]
        check_array(
            f'best_params["{key}"] when the start is the best epoch',
            best[key],
            start[key],
            mistakes=[("params-updated-in-place", w) for w in followed],
        )


def _batch_gradient_and_seeds(
    train_with_optimiser, namespace, loss_of, X_small, y_small, X_check, y_check, start
):
    """Each update uses the gradient of its batch: a spy around sgd_step records the gradient of
    W1 at the first update, from the start on the first batch of minibatches(12, 5, seed=0).
    Central differences of mse_loss on that batch (and on all 12 points, the other hypothesis)
    give the expected numbers. A spy around minibatches records the seeds: epoch e shuffles
    with seed e."""
    own_sgd, grads_seen = namespace["sgd_step"], []

    def sgd_spy(w, grad, lr):
        if np.shape(w) == (2, 8):
            grads_seen[len(grads_seen) :] = [np.array(grad)]
        return own_sgd(w, grad, lr)

    def w1_gradient(rows, h=1e-6):
        grad = np.zeros((2, 8))
        for index in np.ndindex(2, 8):
            up = {key: value.copy() for key, value in start.items()}
            down = {key: value.copy() for key, value in start.items()}
            up["W1"][index] += h
            down["W1"][index] -= h
            X_rows, y_rows = X_small[rows], y_small[rows]
            grad[index] = (loss_of(up, X_rows, y_rows) - loss_of(down, X_rows, y_rows)) / (2 * h)
        return grad

    own_batches, seeds_seen = namespace["minibatches"], []

    def batches_spy(n, batch_size, seed=0):
        seeds_seen[len(seeds_seen) :] = [seed]
        return own_batches(n, batch_size, seed=seed)

    with substitute(namespace, sgd_step=sgd_spy, minibatches=batches_spy):
        _run = train_with_optimiser("sgd", X_small, y_small, X_check, y_check, 1.0, 2, 5)
    check_that(
        seeds_seen == [0, 1],
        _(
            "the 2 epochs shuffled with the seeds {seeds}, expected [0, 1]: epoch e uses "
            "minibatches(N, batch_size, seed=e)."
        ).format(seeds=seeds_seen),
    )
    first_batch = namespace["minibatches"](12, 5, seed=0)[0]
    check_array(
        "the gradient of W1 handed to sgd_step at the first update",
        grads_seen[0] if grads_seen else None,
        w1_gradient(first_batch),
        rtol=1e-5,
        atol=1e-9,
        mistakes={"full-batch-gradient": w1_gradient(np.arange(12))},
    )


def _a_tie(train_with_optimiser, namespace, X_small, y_small, X_check, y_check, start):
    """A tie that is not a standstill: a spy around mse_loss reports the validation losses of
    the start and of epochs 1, 2, 3 as 3, 1, 2, 1 (each new output of the network on the 8
    validation points gets the next number; every other loss is mse_loss's own). The earliest
    of the two lowest is epoch 1: best_params are the parameters after one epoch, which a run
    of one epoch, reported as 3, 1, keeps as its best."""
    own_loss = namespace["mse_loss"]

    def scripted(script):
        outputs = []

        def loss_spy(y_pred, y):
            if len(y) != len(X_check):
                return own_loss(y_pred, y)
            key = np.asarray(y_pred).tobytes()
            if key not in outputs:
                outputs[len(outputs) :] = [key]
            return script[min(outputs.index(key), len(script) - 1)]

        return loss_spy

    def best_of(script, epochs):
        with substitute(namespace, mse_loss=scripted(script)):
            return train_with_optimiser("sgd", X_small, y_small, X_check, y_check, 1.0, epochs, 5)

    after_one = best_of([3.0, 1.0], 1)[0]
    after_three = best_of([3.0, 2.0, 2.0, 1.0], 3)[0]
    best, _losses, val_losses = best_of([3.0, 1.0, 2.0, 1.0], 3)
    check_array("val_losses, as the spy on mse_loss reported them", val_losses, [3, 1, 2, 1])
    for key in start:
        check_array(
            f'best_params["{key}"] when epochs 1 and 3 tie for the lowest',
            best[key],
            after_one[key],
            mistakes={"later-tie": after_three[key]},
        )


def _state_carried(train_with_optimiser, namespace, X_small, y_small, X_check, y_check):
    """The state of each parameter goes from one step to the next: spies around momentum_step
    and adam_step record what each call for W1 (shape (2, 8)) gets and returns. 12 examples in
    batches of 5 are 3 updates per epoch, so 2 epochs are 6 updates; Adam's t counts them:
    1, 2, ..., 6."""
    own_momentum, own_adam, calls = namespace["momentum_step"], namespace["adam_step"], []

    def momentum_spy(w, grad, v, lr, beta=0.9):
        handed = np.array(v)  # a copy, before the step
        result = own_momentum(w, grad, v, lr, beta)
        if np.shape(w) == (2, 8):
            calls[len(calls) :] = [(handed, np.array(result[1]))]
        return result

    def adam_spy(w, grad, m, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        handed = np.array(m)
        result = own_adam(w, grad, m, s, t, lr, beta1, beta2, eps)
        if np.shape(w) == (2, 8):
            calls[len(calls) :] = [(t, handed, np.array(result[1]), np.array(result[2]))]
        return result

    own_forward, rows = namespace["two_layer_forward"], []

    def forward_spy(X, params):
        rows.append(len(X))
        return own_forward(X, params)

    with substitute(namespace, momentum_step=momentum_spy, two_layer_forward=forward_spy):
        _run = train_with_optimiser("momentum", X_small, y_small, X_check, y_check, 1.0, 2, 5)
    handed = [v_in for v_in, _v_out in calls]
    returned = [v_out for _v_in, v_out in calls]
    # Each epoch's last batch is the short one (12 = 5 + 5 + 2). Four updates with four
    # batches of 5 and none of 2 through the forward pass: the short batches were left out (a
    # loop that skips the first batch instead still sees the batches of 2).
    batches = [n for n in rows if n <= 5]
    dropped = len(calls) == 4 and batches.count(5) == 4 and 2 not in batches
    check_that(
        len(calls) == 6,
        _(
            "with momentum, W1 was updated {count} times in 2 epochs of 3 batches, expected 6: "
            "one update per batch."
        ).format(count=len(calls))
        + diagnosis_lines(
            [("last-batch-dropped", sentence("last-batch-dropped"))] if dropped else []
        ),
        *(["last-batch-dropped"] if dropped else []),
    )
    check_that(
        not np.any(handed[0])
        and all(np.array_equal(a, b) for a, b in zip(handed[1:], returned[:-1], strict=True)),
        _(
            "with momentum, the velocity handed to each step of W1 should be the one the step "
            "before returned (zeros at the first)."
        )
        + "\n"
        + _("Diagnosis: {diagnosis}").format(diagnosis=sentence("state-not-carried")),
        "state-not-carried",
    )
    del calls[:]
    with substitute(namespace, adam_step=adam_spy):
        _run = train_with_optimiser("adam", X_small, y_small, X_check, y_check, 0.1, 2, 5)
    steps = [int(t) for t, _m_in, _m_out, _s_out in calls]
    # Three ways to miscount: restarting each epoch, counting epochs, or counting from 0 (t
    # increased after the step, so the first step gets t = 0).
    if steps in ([1, 2, 3, 1, 2, 3], [1, 1, 1, 2, 2, 2], [0, 1, 2, 3, 4, 5]):
        fail(
            _("adam_step got t = {steps} for W1 over 2 epochs of 3 batches.").format(steps=steps)
            + "\n"
            + _("Diagnosis: {diagnosis}").format(diagnosis=sentence("adam-t-restarts")),
            "adam-t-restarts",
        )
    check_that(
        steps == [1, 2, 3, 4, 5, 6],
        _(
            "adam_step got t = {steps} for W1 over 2 epochs of 3 batches, expected "
            "[1, 2, 3, 4, 5, 6]: t counts the updates from 1."
        ).format(steps=steps),
    )
    pairs = list(zip(calls[1:], calls[:-1], strict=True))
    carried = all(np.array_equal(after[1], before[2]) for after, before in pairs)
    # Each m handed is the s the step before returned: the moments mixed up (one dict for m
    # and s, or unpacked in the wrong order), which no catalogued cause names.
    mixed = bool(pairs) and all(
        np.array_equal(after[1], before[3], equal_nan=True) for after, before in pairs
    )
    message = _(
        "with Adam, the m handed to each step of W1 should be the one the step before returned."
    )
    if mixed:
        check_that(
            carried,
            message + " " + _("It is the s that step returned: are m and s kept in one place?"),
        )
    check_that(
        carried,
        message
        + "\n"
        + _("Diagnosis: {diagnosis}").format(diagnosis=sentence("state-not-carried")),
        "state-not-carried",
    )
