"""Chapter 5 (training an MLP): init_params, train, predict."""

import numpy as np

from benchmarks.fifth import bug, correct
from benchmarks.fifth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.fifth.chapter4 import two_layer_backward, two_layer_forward

# ---------------------------------------------------------------- correct versions


def init_params(n_in, n_hidden, n_out, seed=0):
    """W1 ~ N(0, 1/D) (standard deviation 1/sqrt(D)), then W2 ~ N(0, 1/H); zero biases."""
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def _targets(y):
    y = np.asarray(y, dtype=np.float64)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    """Full-batch gradient descent; losses[t] = mse_loss before update t."""
    y = _targets(y)
    N = X.shape[0]
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
    """1.0 where the network's output is >= 0.5, else 0.0; shape (N, K)."""
    out, _ = two_layer_forward(X, params)
    return (out >= 0.5).astype(np.float64)


CORRECT = correct(init_params, train, predict)

# ---------------------------------------------------------------- bugs


def init_params__out_in_shapes(n_in, n_hidden, n_out, seed=0):
    # fault: weights shaped (out, in) as nn.Linear stores them: W1 (H, D), W2 (K, H)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__legacy_seed(n_in, n_hidden, n_out, seed=0):
    # fault: np.random.seed + np.random.randn: the global legacy generator, other numbers
    np.random.seed(seed)  # noqa: NPY002 - the student's choice
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__fresh_generator_for_W2(n_in, n_hidden, n_out, seed=0):
    # fault: W2 drawn from a new default_rng(seed): it restarts the stream W1 came from
    W1 = np.random.default_rng(seed).normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = np.random.default_rng(seed).normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__variance_as_scale(n_in, n_hidden, n_out, seed=0):
    # fault: the variance 1/D passed as the scale (standard deviation) of rng.normal
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / n_in, size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / n_hidden, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the loss is recorded after each update (Keras's end-of-epoch habit)
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    N = X.shape[0]
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / N
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(two_layer_forward(X, params)[0], y))
    return params, np.array(losses)


def train__y_not_reshaped(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: K taken as 1 for a 1-D y but y itself not reshaped: (N, 1) - (N,) is (N, N)
    K = 1 if y.ndim == 1 else y.shape[1]
    N = X.shape[0]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / N
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__gradient_divided_twice(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: mse_loss_grad already divides by N; divided by N once more
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    N = X.shape[0]
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / N
        else:
            dout = mse_loss_grad(out, y) / N
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__ce_shortcut_through_sigmoid(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: for "ce", (p - y) / N (the gradient at z2) is passed as dout, the gradient at p:
    # two_layer_backward multiplies by the sigmoid's derivative once more
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    N = X.shape[0]
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / N
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__seed_not_passed(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: init_params(D, H, K) without seed: every run starts from seed 0
    y = y.reshape(-1, 1) if y.ndim == 1 else y
    N = X.shape[0]
    params = init_params(X.shape[1], n_hidden, y.shape[1])
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / N
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict__argmax(X, params):
    # fault: Keras's predict-then-argmax: class indices of shape (N,), not (N, K) of 0/1
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1)


def predict__booleans(X, params):
    # fault: returns the comparison itself, a bool array
    out, _ = two_layer_forward(X, params)
    return out >= 0.5


def predict__round(X, params):
    # fault: np.round rounds 0.5 to 0 (to even): an output of exactly 0.5 gives 0
    out, _ = two_layer_forward(X, params)
    return np.round(out)


BUGS = [
    bug(init_params__out_in_shapes, "W1 (H, D), W2 (K, H)", "transpose"),
    bug(init_params__legacy_seed, "np.random.seed / randn: another generator", "rng"),
    bug(init_params__fresh_generator_for_W2, "W2 from a second default_rng(seed)", "rng"),
    bug(init_params__variance_as_scale, "standard deviation 1/D instead of 1/sqrt(D)", "scale"),
    bug(train__loss_after_update, "losses[t] after update t, not before", "off-by-one"),
    bug(train__y_not_reshaped, "a 1-D y is not reshaped to (N, 1)", "broadcast"),
    bug(train__gradient_divided_twice, "gradient divided by N twice", "normalisation"),
    bug(
        train__ce_shortcut_through_sigmoid,
        "ce: (p - y) / N passed as dL/dp, the sigmoid derivative applied again",
        "wrong-derivative",
    ),
    bug(train__seed_not_passed, "init_params called without the seed", "seed"),
    bug(predict__argmax, "argmax over outputs: (N,) class indices", "api-habit"),
    bug(predict__booleans, "a bool array", "dtype"),
    bug(predict__round, "np.round: 0.5 gives 0", "boundary"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(400, 300, 2, seed=1)
    assert p["W1"].shape == (400, 300) and p["W2"].shape == (300, 2)
    assert abs(p["W1"].std() - 1 / 20) < 0.002 and abs(p["W1"].mean()) < 0.002
    assert np.array_equal(p["b1"], np.zeros(300)) and np.array_equal(p["b2"], np.zeros(2))
    rng = np.random.default_rng(1)
    assert np.allclose(p["W1"], rng.normal(size=(400, 300)) / 20, rtol=1e-14, atol=0)
    assert np.allclose(p["W2"], rng.normal(size=(300, 2)) / np.sqrt(300), rtol=1e-14, atol=0)
    # train: lr 0 keeps the start; one step equals a hand-made step
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(6, 3)), (rng.random(6) > 0.5).astype(float)
    params, losses = train(X, y, 4, 0.0, 3, seed=5)
    start = init_params(3, 4, 1, seed=5)
    assert all(np.array_equal(params[k], start[k]) for k in start)
    out = two_layer_forward(X, start)[0]
    assert np.allclose(losses, np.sum((out - y[:, None]) ** 2) / 12)
    params, losses = train(X, y, 4, 0.5, 2, seed=5)
    grads = two_layer_backward((out - y[:, None]) / 6, two_layer_forward(X, start)[1])
    one = {k: start[k] - 0.5 * grads[k] for k in start}
    assert np.isclose(losses[1], np.sum((two_layer_forward(X, one)[0] - y[:, None]) ** 2) / 12)
    # ce: the gradient at z2 is (p - y) / N; check the update against central differences
    Y = np.column_stack([y, 1 - y])
    params, _ = train(X, Y, 4, 1.0, 1, seed=0, loss="ce")
    start = init_params(3, 4, 2, seed=0)

    def ce(w):
        q = two_layer_forward(X, {**start, "W2": w})[0]
        return float(-np.sum(Y * np.log(q) + (1 - Y) * np.log(1 - q)) / 6)

    h, w = 1e-6, start["W2"]
    num = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        wp, wm = w.copy(), w.copy()
        wp[i] += h
        wm[i] -= h
        num[i] = (ce(wp) - ce(wm)) / (2 * h)
    assert np.allclose(params["W2"], w - num, atol=1e-7)
    zero = {"W1": np.zeros((3, 2)), "b1": np.zeros(2), "W2": np.zeros((2, 2)), "b2": np.zeros(2)}
    assert np.array_equal(predict(X[:2], zero), np.ones((2, 2)))  # output exactly 0.5


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
