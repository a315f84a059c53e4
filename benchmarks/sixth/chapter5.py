"""Chapter 5 (training an MLP): init_params, train, predict.

train and predict call this set's correct two_layer_forward, two_layer_backward, mse_loss and
mse_loss_grad (replaced by the notebook's own at run time)."""

import numpy as np

from benchmarks.sixth import bug, correct
from benchmarks.sixth.chapter2 import mse_loss, mse_loss_grad
from benchmarks.sixth.chapter4 import two_layer_backward, two_layer_forward

# ---------------------------------------------------------------- correct versions


def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses, dtype=np.float64)


def predict(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = correct(init_params, train, predict)

# ---------------------------------------------------------------- bugs


def init_params__variance_as_std(n_in, n_hidden, n_out, seed=0):
    # fault: standard deviation 1 / D (the variance 1 / D read as the std)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / n_in, size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / n_hidden, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__to_from_shapes(n_in, n_hidden, n_out, seed=0):
    # fault: W1 (H, D) and W2 (K, H), the article's w_jk (to, from) order
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_in))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__legacy_seed(n_in, n_hidden, n_out, seed=0):
    # fault: np.random.seed + np.random.randn: other numbers, and the global state changed
    np.random.seed(seed)  # noqa: NPY002
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__W2_scaled_by_D(n_in, n_hidden, n_out, seed=0):
    # fault: the W1 line copied for W2 with 1 / sqrt(D) kept
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__row_biases(n_in, n_hidden, n_out, seed=0):
    # fault: biases of shape (1, H) and (1, K), not (H,) and (K,)
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros((1, n_hidden)), "W2": W2, "b2": np.zeros((1, n_out))}


def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: records the loss after each update, so losses[0] is not the start
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(two_layer_forward(X, params)[0], y))
    return params, np.array(losses)


def train__loss_argument_ignored(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: always descends mse_loss; loss="ce" changes nothing
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        grads = two_layer_backward(mse_loss_grad(out, y), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__ce_targets_first(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the cross-entropy gradient written (y - p) / (p (1 - p) N): ascends
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (y - out) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__ce_summed(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: the cross-entropy gradient without the 1 / N: a sum over the batch
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (out - y) / (out * (1 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__ce_loss_recorded(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: with loss="ce" records the cross-entropy, not mse_loss
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":
            losses.append(-np.sum(y * np.log(out) + (1 - y) * np.log(1 - out)) / len(X))
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            losses.append(mse_loss(out, y))
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__y_not_reshaped(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: a 1-D y is not made (N, 1): out - y broadcasts to (N, N)
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__one_extra_epoch(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    # fault: range(epochs + 1), "so that the last epoch is included"
    y = y.reshape(len(y), -1)
    params = init_params(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs + 1):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        if loss == "ce":
            dout = (out - y) / (out * (1 - out)) / len(X)
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def predict__strictly_greater(X, params):
    # fault: out > 0.5: an output of exactly 0.5 gives 0
    out, _ = two_layer_forward(X, params)
    return np.where(out > 0.5, 1.0, 0.0)


def predict__argmax(X, params):
    # fault: the class index argmax(out, axis=1), shape (N,), as for softmax outputs
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1).astype(np.float64)


def predict__bool(X, params):
    # fault: returns the bool array out >= 0.5
    out, _ = two_layer_forward(X, params)
    return out >= 0.5


def predict__rounded(X, params):
    # fault: np.round(out): 0.5 rounds to 0 (to even)
    out, _ = two_layer_forward(X, params)
    return np.round(out)


BUGS = [
    bug(init_params__variance_as_std, "std 1 / D, not 1 / sqrt(D)", "scale"),
    bug(init_params__to_from_shapes, "W1 (H, D), W2 (K, H)", "transpose"),
    bug(init_params__legacy_seed, "np.random.seed + randn", "rng"),
    bug(init_params__W2_scaled_by_D, "W2 std 1 / sqrt(D)", "copy-paste"),
    bug(init_params__row_biases, "biases (1, H) and (1, K)", "shape"),
    bug(train__loss_after_update, "loss recorded after the update", "off-by-one"),
    bug(train__loss_argument_ignored, "loss='ce' ignored", "argument"),
    bug(train__ce_targets_first, "ce gradient (y - p) ...: sign", "sign"),
    bug(train__ce_summed, "ce gradient without 1 / N", "normalisation"),
    bug(train__ce_loss_recorded, "records the ce loss, not mse", "wrong-var"),
    bug(train__y_not_reshaped, "1-D y not reshaped: (N, N)", "shape"),
    bug(train__one_extra_epoch, "range(epochs + 1)", "off-by-one"),
    bug(predict__strictly_greater, "out > 0.5", "boundary"),
    bug(predict__argmax, "argmax over outputs", "formula"),
    bug(predict__bool, "bool array", "dtype"),
    bug(predict__rounded, "np.round: 0.5 -> 0", "boundary"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(3, 5, 2, seed=4)
    rng = np.random.default_rng(4)
    assert np.allclose(p["W1"], rng.normal(size=(3, 5)) / np.sqrt(3), rtol=1e-15)
    assert np.allclose(p["W2"], rng.normal(size=(5, 2)) / np.sqrt(5), rtol=1e-15)
    assert p["b1"].shape == (5,) and not p["b2"].any()
    # one epoch by hand: losses[0] is the start's mse, params one gradient step away
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([1.0, 1.0, 0.0])
    params, losses = train(X, y, 3, 0.5, 2, seed=1)
    start = init_params(2, 3, 1, seed=1)
    out, cache = two_layer_forward(X, start)
    assert losses.shape == (2,) and np.isclose(losses[0], np.sum((out[:, 0] - y) ** 2) / 6)
    grads = two_layer_backward((out - y[:, None]) / 3, cache)
    one = {k: start[k] - 0.5 * grads[k] for k in start}
    assert np.isclose(losses[1], mse_loss(two_layer_forward(X, one)[0], y[:, None]))
    # ce: d/dp of -(1/N) sum(y log p + (1 - y) log(1 - p)), checked by central differences
    _, lce = train(X, y, 3, 0.5, 2, seed=1, loss="ce")
    assert np.isclose(lce[0], losses[0]) and not np.isclose(lce[1], losses[1])
    p0 = out.copy()
    pce = (p0 - y[:, None]) / (p0 * (1 - p0)) / 3

    def ce(v):
        return -np.sum(y[:, None] * np.log(v) + (1 - y[:, None]) * np.log(1 - v)) / 3

    num = np.zeros_like(p0)
    for i in np.ndindex(p0.shape):
        a, b = p0.copy(), p0.copy()
        a[i] += 1e-6
        b[i] -= 1e-6
        num[i] = (ce(a) - ce(b)) / 2e-6
    assert np.allclose(pce, num, atol=1e-6)
    zero = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1)), "b2": np.zeros(1)}
    assert np.array_equal(predict(X, zero), np.ones((3, 1)))


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass their hand checks")
