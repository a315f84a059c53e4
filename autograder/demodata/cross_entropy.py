"""Demo data of chapter 5's section on cross-entropy: the same network trained on XOR with the
squared error and with the cross-entropy.

Every run uses the instructor's reference functions of chapters 4 and 5: the layers
``linear_forward``/``linear_backward`` and ``sigmoid_forward``/``sigmoid_backward``, and
``init_params``. With the squared error the output layer's backward pass goes through the
sigmoid (``sigmoid_backward`` of ``mse_loss_grad``); with the cross-entropy
L = -(1/N) sum(y log p + (1 - y) log(1 - p)) of the sigmoid's output p, the gradient with respect
to the output's weighted sum is (p - y) / N, and the sigmoid's derivative is not applied there.
Everything else is the same loop as ``train``.

Arrays, by prefix (``*_mse``: trained with the squared error, ``*_ce``: with the cross-entropy;
every curve is the squared error of the network's output, the chapter's loss, so the two can be
compared, recorded before each update and after the last):

``frozen_*``   from the weights after the first step of the run with learning rate 200 (the
               run that froze), continued with learning rate 10;
``plateau_*``  from the starting weights, learning rate 2;
``*_grad_*``   the size of the gradient with respect to the output's weighted sums,
               mean |dL/dz| over the examples, at each recorded epoch;
``*_first_below_*``  the first epoch whose squared error is below the threshold, -1 if none.
"""

from __future__ import annotations

import numpy as np

from autograder.hidden.reference import load_reference
from nnlearn.datasets import xor
from nnlearn.demos.training import THRESHOLD  # *_first_below: first epoch below it

CHAPTER = "05_training_an_mlp"
HIDDEN, SEED = 3, 0
FROZEN_FROM = 200.0  # the learning rate whose first step froze the network
FROZEN_LR, FROZEN_EPOCHS = 10.0, 1500
PLATEAU_LR, PLATEAU_EPOCHS = 2.0, 3000
STEP = 5  # curves keep every 5th epoch
# None of these runs is chaotic: started from weights moved by one ulp, every recorded value
# stayed within 2e-9 relative of the unperturbed run (measured), far inside demodata.RTOL, so
# every CPU reproduces all of it and the module needs no ``reproducible``.


def _step(ref, params, X, Y, loss: str, lr: float):
    """One update of the two-layer network; returns (new params, squared error, mean |dL/dz|)."""
    z1, hidden_linear = ref["linear_forward"](X, params["W1"], params["b1"])
    a, hidden_sigmoid = ref["sigmoid_forward"](z1)
    z2, output_linear = ref["linear_forward"](a, params["W2"], params["b2"])
    out, output_sigmoid = ref["sigmoid_forward"](z2)
    if loss == "mse":
        dz2 = ref["sigmoid_backward"](ref["mse_loss_grad"](out, Y), output_sigmoid)
    else:  # cross-entropy after the sigmoid: the sigmoid's derivative cancels
        dz2 = (out - Y) / len(X)
    da, dW2, db2 = ref["linear_backward"](dz2, output_linear)
    dz1 = ref["sigmoid_backward"](da, hidden_sigmoid)
    _, dW1, db1 = ref["linear_backward"](dz1, hidden_linear)
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    new = {key: params[key] - lr * grads[key] for key in params}
    return new, ref["mse_loss"](out, Y), float(np.mean(np.abs(dz2)) * len(X))


def run(ref, params, loss: str, lr: float, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """Squared errors and mean |dL/dz| (per example) before each update and after the last."""
    X, y = xor()
    Y = y.reshape(-1, 1)
    errors, pushes = np.empty(epochs + 1), np.empty(epochs + 1)
    for epoch in range(epochs + 1):
        new, errors[epoch], pushes[epoch] = _step(ref, params, X, Y, loss, lr)
        params = new
    return errors, pushes


def frozen_start(ref) -> dict[str, np.ndarray]:
    """The weights after the first update of ``train(X, y, 3, 200.0, ...)``."""
    X, y = xor()
    start = ref["init_params"](2, HIDDEN, 1, SEED)
    return _step(ref, start, X, y.reshape(-1, 1), "mse", FROZEN_FROM)[0]


def generate() -> dict[str, np.ndarray]:
    ref = load_reference(CHAPTER)
    arrays = {
        "hidden": np.array(HIDDEN),
        "frozen_from": np.array(FROZEN_FROM),
        "frozen_lr": np.array(FROZEN_LR),
        "plateau_lr": np.array(PLATEAU_LR),
        "frozen_epochs": np.arange(0, FROZEN_EPOCHS + 1, STEP),
        "plateau_epochs": np.arange(0, PLATEAU_EPOCHS + 1, STEP),
    }
    for loss in ("mse", "ce"):
        starts = {"frozen": frozen_start(ref), "plateau": ref["init_params"](2, HIDDEN, 1, SEED)}
        rates = {"frozen": (FROZEN_LR, FROZEN_EPOCHS), "plateau": (PLATEAU_LR, PLATEAU_EPOCHS)}
        for name, start in starts.items():
            errors, pushes = run(ref, start, loss, *rates[name])
            below = np.flatnonzero(errors < THRESHOLD)
            arrays[f"{name}_{loss}"] = errors[::STEP]
            arrays[f"{name}_grad_{loss}"] = pushes[::STEP]
            arrays[f"{name}_first_below_{loss}"] = np.array(below[0] if below.size else -1)
    return arrays
