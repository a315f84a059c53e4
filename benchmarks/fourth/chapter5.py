"""Chapter 5 (training an MLP): init_params, train, predict.

train and predict call the exercise functions of chapters 2 and 4 (this set's correct
versions here; the notebook's own when a notebook runs them, see ``in_notebook``).
"""

import numpy as np

from benchmarks.fourth import bug, correct
from benchmarks.fourth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.fourth.chapter4 import two_layer_backward, two_layer_forward

# ---------------------------------------------------------------- correct versions


def init_params(n_in, n_hidden, n_out, seed=0):
    """Returns W1 (D, H) ~ N(0, 1/D), b1 (H,) = 0, W2 (H, K) ~ N(0, 1/H), b2 (K,) = 0."""
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    """X (N, D), y (N, K) or (N,). Returns (params, losses (epochs,))."""
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":
            dout = (out - Y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(X, params):
    """X (N, D). Returns (N, K) floats: 1.0 where the output >= 0.5."""
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = correct(init_params, train, predict)

# ---------------------------------------------------------------- bugs


def init_params__variance(n_in, n_hidden, n_out, seed=0):
    # fault: scale 1 / D (the variance) used as the standard deviation
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / n_in, size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / n_hidden, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__fan_out(n_in, n_hidden, n_out, seed=0):
    # fault: each matrix scaled by its number of outputs (fan-out), not inputs
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_out), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__fresh_generator(n_in, n_hidden, n_out, seed=0):
    # fault: a new generator for W2, so W2 starts from the same numbers as W1
    W1 = np.random.default_rng(seed).normal(0.0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = np.random.default_rng(seed).normal(0.0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__row_biases(n_in, n_hidden, n_out, seed=0):
    # fault: biases as rows (1, H) and (1, K) instead of (H,) and (K,)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros((1, n_hidden)), "W2": W2, "b2": np.zeros((1, n_out))}


def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: records the loss after each update, so losses[0] is not the start's
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":
            dout = (out - Y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
    return params, np.array(losses)


def train__flat_targets(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: y kept as given: with y (N,), out - y broadcasts to (N, N)
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (out - y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__ce_not_divided(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: for "ce" hands (out - y) / N to the backward pass, which still multiplies by
    # the slope p (1 - p): that is the squared error's gradient again
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, Y))
        if loss == "ce":
            dout = (out - Y) / len(X)
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__seed_not_passed(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: init_params called without the seed: always the seed-0 start
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1])
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, Y))
        if loss == "ce":
            dout = (out - Y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__lr_twice(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the learning rate applied twice: dout scaled by lr, then the step by lr again
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, Y))
        if loss == "ce":
            dout = (out - Y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(lr * dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def predict__strict(X, params):
    # fault: > 0.5, so an output of exactly 1/2 is predicted 0
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)


def predict__booleans(X, params):
    # fault: returns the bool comparison, not floats
    return two_layer_forward(X, params)[0] >= 0.5


def predict__first_column(X, params):
    # fault: keeps only the first output, shape (N,) instead of (N, K)
    out, _ = two_layer_forward(X, params)
    return np.where(out[:, 0] >= 0.5, 1.0, 0.0)


def predict__scores_at_half(X, params):
    # fault: thresholds the output's weighted sum z2 at 1/2 (it is sigmoid(z2) >= 1/2,
    # that is z2 >= 0)
    a1 = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    z2 = a1 @ params["W2"] + params["b2"]
    return np.where(z2 >= 0.5, 1.0, 0.0)


BUGS = [
    bug(init_params__variance, "std 1/D instead of 1/sqrt(D)", "scale"),
    bug(init_params__fan_out, "scaled by fan-out", "scale"),
    bug(init_params__fresh_generator, "W2 from a second generator with the same seed", "rng"),
    bug(init_params__row_biases, "biases shaped (1, H), (1, K)", "shape"),
    bug(train__loss_after_update, "loss recorded after the update", "order"),
    bug(train__flat_targets, "y (N,) not reshaped: (N, N) broadcast", "broadcast"),
    bug(train__ce_not_divided, "ce: dout (out - y) / N, slope not divided out", "chain"),
    bug(train__seed_not_passed, "seed not passed to init_params", "argument"),
    bug(train__lr_twice, "lr applied twice", "learning-rate"),
    bug(predict__strict, "> 0.5", "boundary"),
    bug(predict__booleans, "bool array", "dtype"),
    bug(predict__first_column, "only column 0, shape (N,)", "shape"),
    bug(predict__scores_at_half, "z2 >= 0.5 instead of sigmoid(z2) >= 0.5", "wrong-var"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(2, 3, 1, seed=0)
    rng = np.random.default_rng(0)
    W1 = rng.standard_normal((2, 3)) / np.sqrt(2)
    W2 = rng.standard_normal((3, 1)) / np.sqrt(3)
    assert np.allclose(p["W1"], W1) and np.allclose(p["W2"], W2)
    assert p["b1"].shape == (3,) and not p["b1"].any() and p["b2"].shape == (1,)
    # train with lr = 0: losses are the start's loss; one step by hand otherwise
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    Y = y.reshape(4, 1)
    out0 = two_layer_forward(X, p)[0]
    params, losses = train(X, y, 3, 0.0, 3)
    assert np.allclose(losses, [np.sum((out0 - Y) ** 2) / 8] * 3)
    params, losses = train(X, y, 3, 2.0, 2)
    g = two_layer_backward((out0 - Y) / 4, two_layer_forward(X, p)[1])
    one = {k: p[k] - 2.0 * g[k] for k in p}
    assert np.isclose(losses[1], np.sum((two_layer_forward(X, one)[0] - Y) ** 2) / 8)

    # ce: one step against central differences of the cross-entropy
    def ce(q):
        o = two_layer_forward(X, q)[0]
        return -np.sum(Y * np.log(o) + (1 - Y) * np.log(1 - o)) / 4

    stepped, _ = train(X, y, 3, 0.5, 1, loss="ce")
    for k in p:
        num = np.zeros_like(p[k])
        for i in np.ndindex(p[k].shape):
            d = np.zeros_like(p[k])
            d[i] = 1e-6
            num[i] = (ce({**p, k: p[k] + d}) - ce({**p, k: p[k] - d})) / 2e-6
        assert np.allclose(stepped[k], p[k] - 0.5 * num, atol=1e-8)
    # predict: W1 = I, output 1 = sigmoid(h1 - h2): >= 1/2 exactly where x1 >= x2
    q = {
        "W1": np.eye(2),
        "b1": np.zeros(2),
        "W2": np.array([[1.0, -1.0], [-1.0, 1.0]]),
        "b2": np.zeros(2),
    }
    got = predict(np.array([[2.0, 1.0], [1.0, 2.0], [3.0, 3.0]]), q)
    assert np.array_equal(got, [[1, 0], [0, 1], [1, 1]]) and got.dtype == np.float64


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
