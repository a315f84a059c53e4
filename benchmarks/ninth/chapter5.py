"""Chapter 5 (training an MLP): init_params, train, predict.

train calls this set's correct chapter 2 and 4 functions, replaced in a notebook by the
notebook's own (``in_notebook``)."""

import numpy as np

from benchmarks.ninth import bug, correct
from benchmarks.ninth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.ninth.chapter4 import two_layer_backward, two_layer_forward


def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = correct(init_params, train, predict)


def init_params__seed_ignored(n_in, n_hidden, n_out, seed=0):
    # fault: the generator is seeded with 0 whatever seed says
    rng = np.random.default_rng(0)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__fan_swapped(n_in, n_hidden, n_out, seed=0):
    # fault: W1 scaled by 1/sqrt(H) and W2 by 1/sqrt(K) (fan-out instead of fan-in)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_out), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__global_seed(n_in, n_hidden, n_out, seed=0):
    # fault: seeds numpy's global generator and draws with np.random.randn
    np.random.seed(seed)  # noqa: NPY002
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__default_seed(n_in, n_hidden, n_out, seed=42):
    # fault: the default seed changed from 0 to 42
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train__flat_y(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: y of shape (N,) not reshaped: out (N, 1) - y (N,) broadcasts to (N, N)
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        grads = two_layer_backward(mse_loss_grad(out, y), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the loss recorded after each update instead of before it
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":
            dout = (out - y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(two_layer_forward(X, params)[0], y))
    return params, np.array(losses)


def train__hidden_2(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: 2 hidden units written in (XOR's) instead of n_hidden
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], 2, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_no_divide(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: for "ce" hands backward (p - y) / N, so the sigmoid's slope is not cancelled
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        dout = (out - y) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_over_NK(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the cross-entropy's dout divided by N K (y.size) instead of N
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (y.size * out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__return_in_loop(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the return is indented into the loop: one epoch only
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
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


def train__in_place_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: params[k] -= ... updates arrays that the cache (W2) still refers to before backward
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (len(X) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        for k in ["W2", "b2", "W1", "b1"]:
            grads = two_layer_backward(dout, cache)
            params[k] -= lr * grads[k]
    return params, losses


def predict__strict(X, params):
    # fault: > 0.5 instead of >= 0.5
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)


def predict__argmax(X, params):
    # fault: the class index by argmax over the outputs (softmax chapter), shape (N,)
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1).astype(float)


BUGS = [
    bug(init_params__seed_ignored, "seed ignored: default_rng(0)", "argument-ignored"),
    bug(init_params__fan_swapped, "std 1/sqrt(fan-out) instead of fan-in", "scale"),
    bug(
        init_params__global_seed,
        "global np.random.seed / randn instead of default_rng",
        "generator",
    ),
    bug(init_params__default_seed, "default seed changed to 42", "default-changed"),
    bug(train__flat_y, "y (N,) not reshaped to (N, 1): broadcasting to (N, N)", "reshape"),
    bug(train__loss_after_update, "loss recorded after the update", "off-by-one"),
    bug(train__hidden_2, "2 hidden units hard-coded instead of n_hidden", "argument-ignored"),
    bug(train__ce_no_divide, "ce: dout (p - y)/N not divided by p(1-p)", "chapter-mixup"),
    bug(train__ce_over_NK, "ce: dout divided by N K instead of N", "mean-over-all"),
    bug(train__return_in_loop, "return inside the loop: one epoch", "early-return"),
    bug(
        train__in_place_update, "in-place updates change W2 between parameter gradients", "in-place"
    ),
    bug(predict__strict, "> 0.5 instead of >= 0.5", "boundary"),
    bug(predict__argmax, "argmax class index instead of threshold", "chapter-mixup"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(3, 5, 2, seed=4)
    rng = np.random.default_rng(4)
    assert np.allclose(p["W1"], rng.normal(size=(3, 5)) / np.sqrt(3), rtol=1e-14, atol=0)
    assert np.allclose(p["W2"], rng.normal(size=(5, 2)) / np.sqrt(5), rtol=1e-14, atol=0)
    assert np.array_equal(p["b1"], np.zeros(5)) and np.array_equal(p["b2"], np.zeros(2))
    big = init_params(400, 300, 1, seed=1)["W1"]
    assert abs(big.std() - 0.05) < 0.002  # 1 / sqrt(400)
    # one epoch by hand against this set's chapter 4 functions
    X = np.array([[0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])
    y = np.array([1.0, 0.0, 1.0])
    params, losses = train(X, y, 4, 0.5, 2, seed=3)
    p0 = init_params(2, 4, 1, 3)
    out0, cache0 = two_layer_forward(X, p0)
    assert np.isclose(losses[0], np.sum((out0[:, 0] - y) ** 2) / 6)
    g0 = two_layer_backward((out0 - y[:, None]) / 3, cache0)
    p1 = {k: p0[k] - 0.5 * g0[k] for k in p0}
    out1, cache1 = two_layer_forward(X, p1)
    assert np.isclose(losses[1], np.sum((out1[:, 0] - y) ** 2) / 6)
    g1 = two_layer_backward((out1 - y[:, None]) / 3, cache1)
    assert all(np.allclose(params[k], p1[k] - 0.5 * g1[k]) for k in p0)
    # ce: the gradient at z2 is (p - y) / N: check W2's against central differences of the CE
    params, _ = train(X, y, 4, 0.5, 1, seed=3, loss="ce")

    def ce(W2):
        out, _ = two_layer_forward(X, {**p0, "W2": W2})
        return -np.mean(y[:, None] * np.log(out) + (1 - y[:, None]) * np.log(1 - out))

    num = np.zeros_like(p0["W2"])
    for i in np.ndindex(num.shape):
        e = np.zeros_like(num)
        e[i] = 1e-6
        num[i] = (ce(p0["W2"] + e) - ce(p0["W2"] - e)) / 2e-6
    assert np.allclose(params["W2"], p0["W2"] - 0.5 * num, atol=1e-8)
    P = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[1.0], [-1.0]]), "b2": np.zeros(1)}
    # out = sigmoid(sigmoid(x1) - sigmoid(x2)): >= 0.5 exactly when x1 >= x2
    assert np.array_equal(
        predict(np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]]), P), [[1], [0], [1]]
    )


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
