"""Chapter 5 (training an MLP): init_params, train, predict.

train and predict call this set's correct two_layer_forward, two_layer_backward, mse_loss
and mse_loss_grad (chapters 2 and 4); in the notebook they call the notebook's own.
"""

import numpy as np

from benchmarks.seventh import bug, correct
from benchmarks.seventh.chapter2 import mse_loss, mse_loss_grad
from benchmarks.seventh.chapter4 import sigmoid, two_layer_backward, two_layer_forward

# ---------------------------------------------------------------- correct versions


def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "mse":
            dout = mse_loss_grad(out, Y)
        else:  # d/dp of -(1/N) sum(y log p + (1 - y) log(1 - p))
            dout = (out - Y) / (out * (1 - out)) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = correct(init_params, train, predict)

# ---------------------------------------------------------------- bugs


def init_params__sizes_swapped(n_in, n_hidden, n_out, seed=0):
    # fault: W1 scaled by 1/sqrt(H) and W2 by 1/sqrt(D): the two fan-ins swapped
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__precedence(n_in, n_hidden, n_out, seed=0):
    # fault: 1 / D ** 1 / 2 for 1/sqrt(D): parsed as (1 / D) / 2
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1 / n_in**1 / 2, size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1 / n_hidden**1 / 2, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__out_by_in(n_in, n_hidden, n_out, seed=0):
    # fault: weights shaped (outputs, inputs) as in W x with column vectors: W1 (H, D), W2 (K, H)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__global_randn(n_in, n_hidden, n_out, seed=0):
    # fault: np.random.seed + np.random.randn (old tutorials): not default_rng(seed)'s numbers
    np.random.seed(seed)  # noqa: NPY002 (the bug)
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the loss recorded after the update, not before it: losses[0] is not the start's
    Y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "mse":
            dout = mse_loss_grad(out, Y)
        else:
            dout = (out - Y) / (out * (1 - out)) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
    return params, np.array(losses)


def train__y_flat(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: y of shape (N,) used as is: out - y broadcasts (N, 1) - (N,) to (N, N)
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "mse":
            dout = mse_loss_grad(out, y)
        else:
            dout = (out - y) / (out * (1 - out)) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_sign(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: cross-entropy's dout written (y/p - (1 - y)/(1 - p)) / N: the minus of -log lost
    Y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "mse":
            dout = mse_loss_grad(out, Y)
        else:
            dout = (Y / out - (1 - Y) / (1 - out)) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_p_minus_y(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the shortcut (p - y) / N (the gradient w.r.t. z2) passed as dout, the gradient
    # w.r.t. p: two_layer_backward multiplies by p (1 - p) a second time
    Y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "mse":
            dout = mse_loss_grad(out, Y)
        else:
            dout = (out - Y) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__one_epoch_too_many(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: range(epochs + 1), counting the start as an epoch: one update and one loss too many
    Y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs + 1):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, Y))
        if loss == "mse":
            dout = mse_loss_grad(out, Y)
        else:
            dout = (out - Y) / (out * (1 - out)) / len(X)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__update_inside_key_loop(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: forward and backward redone inside the loop over the keys: W1 is updated before
    # the gradients of b1, W2, b2 are computed (they see the new W1, and so on)
    Y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        losses[t] = mse_loss(two_layer_forward(X, params)[0], Y)
        for k in ["W1", "b1", "W2", "b2"]:
            out, cache = two_layer_forward(X, params)
            if loss == "mse":
                dout = mse_loss_grad(out, Y)
            else:
                dout = (out - Y) / (out * (1 - out)) / len(X)
            grads = two_layer_backward(dout, cache)
            params[k] = params[k] - lr * grads[k]
    return params, losses


def predict__strict(X, params):
    # fault: out > 0.5 instead of >= 0.5: an output of exactly 1/2 gives 0
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)


def predict__z2_threshold(X, params):
    # fault: own forward pass without the output sigmoid, thresholded at 0.5 (z2 >= 0.5)
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    z2 = a1 @ params["W2"] + params["b2"]
    return np.where(z2 >= 0.5, 1.0, 0.0)


BUGS = [
    bug(init_params__sizes_swapped, "Fan-ins of W1 and W2 swapped.", "wrong-var"),
    bug(init_params__precedence, "1 / D ** 1 / 2 is (1/D)/2.", "precedence"),
    bug(init_params__out_by_in, "Weights shaped (out, in).", "transpose"),
    bug(init_params__global_randn, "Global np.random, not default_rng.", "rng"),
    bug(train__loss_after_update, "Loss recorded after the update.", "order"),
    bug(train__y_flat, "y (N,) not reshaped: (N, N) broadcast.", "broadcast"),
    bug(train__ce_sign, "Cross-entropy dout with the wrong sign.", "sign"),
    bug(train__ce_p_minus_y, "(p - y)/N passed as dout: p(1-p) applied twice.", "chain"),
    bug(train__one_epoch_too_many, "One epoch too many.", "off-by-one"),
    bug(train__update_inside_key_loop, "Gradients recomputed after partial updates.", "order"),
    bug(predict__strict, "> 0.5 instead of >= 0.5.", "boundary"),
    bug(predict__z2_threshold, "Thresholds z2 at 0.5 (no output sigmoid).", "no-activation"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(3, 4, 2, seed=5)
    rng = np.random.default_rng(5)
    assert np.allclose(p["W1"], rng.normal(size=(3, 4)) / np.sqrt(3), rtol=1e-15)
    assert np.allclose(p["W2"], rng.normal(size=(4, 2)) / 2.0, rtol=1e-15)
    assert np.array_equal(p["b1"], np.zeros(4)) and np.array_equal(p["b2"], np.zeros(2))
    big = init_params(400, 100, 1, seed=1)
    assert abs(big["W1"].std() - 0.05) < 0.002
    # train against its own hand-written loop of gradient descent with central differences
    X = np.array([[0.0, 1.0], [1.0, 0.5], [-0.5, 2.0], [1.5, -1.0], [0.3, 0.3]])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    params, losses = train(X, y, 3, 0.5, 3, seed=2)
    q = init_params(2, 3, 1, seed=2)
    Y = y.reshape(-1, 1)
    from benchmarks.seventh.chapter3 import numerical_gradient

    for t in range(3):

        def f(v, k, q=q):
            return mse_loss(two_layer_forward(X, {**q, k: v})[0], Y)

        assert np.isclose(losses[t], mse_loss(two_layer_forward(X, q)[0], Y))
        q = {k: q[k] - 0.5 * numerical_gradient(lambda v, k=k: f(v, k), q[k], 1e-6) for k in q}
    assert losses.shape == (3,) and all(np.allclose(params[k], q[k], atol=1e-7) for k in q)

    # "ce": the gradient of the cross-entropy on the weights by central differences
    def ce(v, k):
        out = two_layer_forward(X, {**q0, k: v})[0]
        return -np.mean(Y * np.log(out) + (1 - Y) * np.log(1 - out))

    q0 = init_params(2, 3, 1, seed=0)
    params, _ = train(X, y, 3, 1.0, 1, loss="ce")
    for k in q0:
        g = numerical_gradient(lambda v, k=k: ce(v, k), q0[k], 1e-6)
        assert np.allclose(params[k], q0[k] - g, atol=1e-7)
    # predict: zero weights give out = 1/2 everywhere, which is class 1
    zero = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 2)), "b2": np.zeros(2)}
    assert np.array_equal(predict(X, zero), np.ones((5, 2)))
    zero["b2"] = np.array([-0.1, 0.1])
    assert np.array_equal(predict(X[:2], zero), [[0.0, 1.0], [0.0, 1.0]])


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
