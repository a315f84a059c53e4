"""Chapter 5 (training an MLP): init_params, train, predict. train runs the notebook's
init_params, two_layer_forward, two_layer_backward, mse_loss and mse_loss_grad (here this
set's correct versions)."""

import numpy as np

from benchmarks.eighth import bug, correct
from benchmarks.eighth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.eighth.chapter4 import two_layer_backward, two_layer_forward

# ---------------------------------------------------------------- correct versions


def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
    n = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out)) / n
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {key: params[key] - lr * grads[key] for key in params}
    return params, losses


def predict(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = correct(init_params, train, predict)

# ---------------------------------------------------------------- bugs


def init_params__torch_shapes(n_in, n_hidden, n_out, seed=0):
    # fault: weights stored (out, in) as nn.Linear does: W1 (H, D), W2 (K, H)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__bias_column(n_in, n_hidden, n_out, seed=0):
    # fault: biases made columns, (H, 1) and (K, 1), as in the column-vector notation
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros((n_hidden, 1)), "W2": W2, "b2": np.zeros((n_out, 1))}


def init_params__he(n_in, n_hidden, n_out, seed=0):
    # fault: He's sqrt(2 / fan-in) pasted from a ReLU tutorial
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, np.sqrt(2.0 / n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__reseeded(n_in, n_hidden, n_out, seed=0):
    # fault: the generator created again with the same seed before drawing W2
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    rng = np.random.default_rng(seed)
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train__flat_y(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: K taken as 1 for a flat y but y never reshaped: (N, 1) against (N,) broadcasts
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(X)
    k = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, k, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out)) / n
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {key: params[key] - lr * grads[key] for key in params}
    return params, losses


def train__one_epoch_short(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: range(epochs - 1) "since losses[0] is the start": one update too few
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
    n = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs - 1):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out)) / n
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {key: params[key] - lr * grads[key] for key in params}
    return params, np.array(losses)


def train__lr_decay(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: a learning-rate decay of 0.99 per epoch pasted from a tutorial
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
    n = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out)) / n
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {key: params[key] - lr * grads[key] for key in params}
        lr *= 0.99
    return params, losses


def train__ce_sum(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the cross-entropy's dout with reduction "sum": not divided by N
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {key: params[key] - lr * grads[key] for key in params}
    return params, losses


def train__weights_only(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: left half done: only W1 and W2 updated, the biases stay at zero
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(len(X), -1)
    n = len(X)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1.0 - out)) / n
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {
            key: params[key] - lr * grads[key] if key in ("W1", "W2") else params[key]
            for key in params
        }
    return params, losses


def predict__argmax(X, params):
    # fault: Keras's predict_classes pasted: the argmax of each row, shape (N,)
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1)


def predict__rounded(X, params):
    # fault: np.round(out): an output of exactly 0.5 rounds to 0 (half to even)
    out, _ = two_layer_forward(X, params)
    return np.round(out)


BUGS = [
    bug(init_params__torch_shapes, "Weights stored (out, in).", "web-paste"),
    bug(init_params__bias_column, "Biases of shape (H, 1), (K, 1).", "web-paste"),
    bug(init_params__he, "Standard deviation sqrt(2 / fan-in).", "web-paste"),
    bug(init_params__reseeded, "Generator re-seeded before W2.", "schedule"),
    bug(train__flat_y, "A flat y not reshaped to (N, 1).", "broadcast"),
    bug(train__one_epoch_short, "One epoch too few.", "off-by-one"),
    bug(train__lr_decay, "Learning rate decayed each epoch.", "schedule"),
    bug(train__ce_sum, "Cross-entropy dout not divided by N.", "web-paste"),
    bug(train__weights_only, "Biases never updated.", "half-done"),
    bug(predict__argmax, "Argmax per row instead of a 0.5 threshold.", "web-paste"),
    bug(predict__rounded, "np.round sends 0.5 to 0.", "defensive"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(3, 4, 2, seed=5)
    rng = np.random.default_rng(5)
    assert np.allclose(p["W1"], rng.normal(size=(3, 4)) / np.sqrt(3), rtol=1e-14)
    assert np.allclose(p["W2"], rng.normal(size=(4, 2)) / 2, rtol=1e-14)
    assert np.array_equal(p["b1"], np.zeros(4)) and np.array_equal(p["b2"], np.zeros(2))
    # one epoch at lr = 0.5 by hand: the start's loss, then one step from init_params
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, -1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    start = init_params(2, 3, 1, 1)

    def net(params):
        a1 = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
        return 1 / (1 + np.exp(-(a1 @ params["W2"] + params["b2"])))

    def mse(params):
        return np.sum((net(params) - y[:, None]) ** 2) / 10

    params, losses = train(X, y, 3, 0.5, 2, seed=1)
    assert losses.shape == (2,) and np.isclose(losses[0], mse(start))
    from benchmarks.eighth.chapter3 import numerical_gradient

    step = {
        k: start[k] - 0.5 * numerical_gradient(lambda v, k=k: mse({**start, k: v}), start[k], 1e-6)
        for k in start
    }
    assert np.isclose(losses[1], mse(step), rtol=1e-7)

    # ce: one step along central differences of the cross-entropy
    def ce(params):
        q = net(params)[:, 0]
        return -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))

    params, _ = train(X, y, 3, 0.5, 1, seed=1, loss="ce")
    for k in start:
        g = numerical_gradient(lambda v, k=k: ce({**start, k: v}), start[k], 1e-6)
        assert np.allclose(params[k], start[k] - 0.5 * g, atol=1e-8)
    # predict: a network whose output is exactly 1/2 everywhere predicts 1
    zero = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 2)), "b2": np.zeros(2)}
    assert np.array_equal(predict(X, zero), np.ones((5, 2)))
    zero["b2"] = np.array([-1.0, 1.0])
    assert np.array_equal(predict(X, zero), np.tile([0.0, 1.0], (5, 1)))


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
