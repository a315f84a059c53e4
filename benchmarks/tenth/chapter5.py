"""Chapter 5 (training an MLP): init_params, train, predict.

train calls the notebook's two_layer_forward, two_layer_backward, mse_loss and mse_loss_grad
(this set's correct versions outside a notebook).
"""

import numpy as np

from benchmarks.tenth import bug, correct
from benchmarks.tenth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.tenth.chapter4 import two_layer_backward, two_layer_forward


def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(len(X), -1)
    N = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out)) / N
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = correct(init_params, train, predict)


# ---- init_params ----
def init_params__transposed_draw(n_in, n_hidden, n_out, seed=0):
    # fault: draws W1 as (H, D) and W2 as (K, H), as the article writes W, then .T to fit:
    # the shapes are right, the numbers are not the contract's
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_in), size=(n_hidden, n_in)).T
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), size=(n_out, n_hidden)).T
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__global_rng(n_in, n_hidden, n_out, seed=0):
    # fault: np.random.seed + np.random.randn: numpy's global generator, not default_rng
    np.random.seed(seed)  # noqa: NPY002 (the global generator, on purpose)
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002 (the global generator, on purpose)
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002 (the global generator, on purpose)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__b_column(n_in, n_hidden, n_out, seed=0):
    # fault: biases made columns, np.zeros((H, 1)) and np.zeros((K, 1))
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros((n_hidden, 1)), "W2": W2, "b2": np.zeros((n_out, 1))}


# ---- train ----
def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the loss is recorded after the update: losses[0] is not the starting loss
    y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        losses.append(mse_loss(two_layer_forward(X, params)[0], y))
    return params, np.array(losses)


def train__flat_y_row(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: a flat y reshaped to a row (1, N): out (N, 1) - y broadcasts to (N, N)
    if y.ndim == 1:
        y = y.reshape(1, -1)
    K = 1 if y.shape[0] == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__lr_twice(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: dout is scaled by lr and the update multiplies by lr again (lr squared)
    y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = lr * (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = lr * mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_no_slope(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: for "ce", hands (out - y) / N to the backward pass, which then multiplies by
    # out (1 - out) again: the squared error's push, not the cross-entropy's
    y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        dout = (out - y) / len(X)
        if loss == "mse":
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_minus_one_term(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: dL/dp = -(y / p - (1 - y) / (1 - p)) written with the minus of the second term lost
    y = y.reshape(len(X), -1)
    N = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = -(y / out + (1 - y) / (1 - out)) / N
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__init_order(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: init_params(D, K, H): the sizes in the wrong order (runs when K = 1 by broadcasting)
    y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], y.shape[1], n_hidden, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


# ---- predict ----
def predict__strict(X, params):
    # fault: out > 0.5, so an output of exactly 0.5 gives 0
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)


def predict__bool(X, params):
    # fault: returns the boolean array out >= 0.5
    out, _ = two_layer_forward(X, params)
    return out >= 0.5


def predict__argmax(X, params):
    # fault: np.argmax over axis 1, as for a softmax: shape (N,), always 0 with one output
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1).astype(float)


BUGS = [
    bug(
        init_params__transposed_draw,
        "Draws W1 (H, D) and W2 (K, H) and transposes them: other numbers than the contract's.",
        "shape-forced",
    ),
    bug(
        init_params__global_rng,
        "Uses numpy's global generator instead of default_rng(seed).",
        "generator",
    ),
    bug(init_params__b_column, "Biases of shapes (H, 1) and (K, 1).", "shape-forced"),
    bug(
        train__loss_after_update,
        "Records the loss after each update instead of before.",
        "loop",
    ),
    bug(
        train__flat_y_row,
        "A flat y is reshaped to a row (1, N): out - y broadcasts to (N, N).",
        "shape-forced",
    ),
    bug(
        train__lr_twice,
        "The learning rate is applied twice (to dout and to the step).",
        "sign-direction",
    ),
    bug(
        train__ce_no_slope,
        "For loss='ce' hands (out - y)/N to the backward pass, which multiplies by p(1-p) again.",
        "notation",
    ),
    bug(
        train__ce_minus_one_term,
        "The cross-entropy's dL/dp loses the minus of its second term.",
        "sign-direction",
    ),
    bug(
        train__init_order,
        "Calls init_params(D, K, H): the layer sizes in the wrong order.",
        "notation",
    ),
    bug(predict__strict, "Uses > 0.5 instead of >= 0.5.", "notation"),
    bug(predict__bool, "Returns a boolean array instead of 0.0/1.0 floats.", "dtype-type"),
    bug(
        predict__argmax,
        "Takes argmax over the outputs: shape (N,) of class indices.",
        "shape-forced",
    ),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(3, 4, 2, seed=5)
    rng = np.random.default_rng(5)
    W1 = rng.standard_normal((3, 4)) / np.sqrt(3)
    W2 = rng.standard_normal((4, 2)) / 2.0
    assert np.allclose(p["W1"], W1) and np.allclose(p["W2"], W2)
    assert np.array_equal(p["b1"], np.zeros(4)) and np.array_equal(p["b2"], np.zeros(2))
    big = init_params(400, 900, 1, seed=1)["W1"]
    assert abs(big.std() - 0.05) < 0.001
    # train with lr 0 keeps the start: every loss is the starting loss
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2]])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    start = init_params(2, 3, 1, seed=2)
    out0 = two_layer_forward(X, start)[0]
    params, losses = train(X, y, 3, 0.0, 3, seed=2)
    assert np.allclose(losses, mse_loss(out0, y[:, None])) and losses.shape == (3,)
    # one step of "mse" and of "ce" against central differences of their own losses
    for name, lossf in [
        ("mse", lambda P: np.sum((two_layer_forward(X, P)[0] - y[:, None]) ** 2) / 10),
        (
            "ce",
            lambda P: (
                -np.mean(
                    y[:, None] * np.log(two_layer_forward(X, P)[0])
                    + (1 - y[:, None]) * np.log(1 - two_layer_forward(X, P)[0])
                )
            ),
        ),
    ]:
        after, _ = train(X, y, 3, 0.5, 1, seed=2, loss=name)
        for k in start:
            g = np.zeros_like(start[k])
            for idx in np.ndindex(g.shape):
                pp = {kk: v.copy() for kk, v in start.items()}
                pm = {kk: v.copy() for kk, v in start.items()}
                pp[k][idx] += 1e-6
                pm[k][idx] -= 1e-6
                g[idx] = (lossf(pp) - lossf(pm)) / 2e-6
            assert np.allclose(after[k], start[k] - 0.5 * g, atol=1e-8)
    # predict: W2, b2 chosen so that the output is exactly 0.5 on row 0 (z = 0)
    P = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[1.0], [-1.0]]), "b2": np.zeros(1)}
    got = predict(np.array([[0.3, 0.3], [2.0, -1.0], [-1.0, 2.0]]), P)
    assert got.dtype == np.float64 and np.array_equal(got, [[1.0], [1.0], [0.0]])


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
