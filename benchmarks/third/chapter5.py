"""Chapter 5 (training an MLP): init_params, train, predict."""

import numpy as np

from benchmarks.third import Bug, in_notebook
from benchmarks.third.chapter2 import mse_loss, mse_loss_grad
from benchmarks.third.chapter4 import two_layer_backward, two_layer_forward


def _b(impl, cause, kind, **kw):
    function, name = impl.__name__.split("__")
    return Bug(function, name, impl, cause, kind, **kw)


# ---------------------------------------------------------------- correct versions


@in_notebook
def init_params(n_in, n_hidden, n_out, seed=0):
    """-> W1 (D, H) ~ N(0, 1/D), b1 (H,) zeros, W2 (H, K) ~ N(0, 1/H), b2 (K,) zeros."""
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def _ce_dout(out, Y):
    """dL/dout (N, K) of the cross-entropy, for the bugs whose fault lies elsewhere."""
    return (out - Y) / (len(Y) * out * (1 - out))


@in_notebook
def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    """X (N, D), y (N, K) or (N,) -> (params, losses (epochs,))."""
    Y = np.asarray(y, dtype=float).reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":
            dout = (out - Y) / (len(Y) * out * (1 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def predict(X, params):
    """X (N, D) -> (N, K) of 0.0 / 1.0."""
    out, _ = two_layer_forward(X, params)
    return np.where(out >= 0.5, 1.0, 0.0)


CORRECT = {"init_params": init_params, "train": train, "predict": predict}

# ---------------------------------------------------------------- init_params


@in_notebook
def init_params__W2_first(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))  # fault: W2 first
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__fan_out(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_in, n_hidden))  # fault: 1/sqrt(H)
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_out), size=(n_hidden, n_out))  # and 1/sqrt(K)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__W1_transposed(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_hidden, n_in))  # fault: (H, D)
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__global_seed(n_in, n_hidden, n_out, seed=0):
    np.random.seed(seed)  # noqa: NPY002  fault: numpy's global generator
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__variance_as_std(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / n_in, size=(n_in, n_hidden))  # fault: std 1/D (the variance)
    W2 = rng.normal(0.0, 1.0 / n_hidden, size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


# ---------------------------------------------------------------- train


@in_notebook
def train__loss_after_step(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        dout = mse_loss_grad(out, Y) if loss == "mse" else _ce_dout(out, Y)
        grads = two_layer_backward(dout, cache)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        losses.append(mse_loss(two_layer_forward(X, params)[0], Y))  # fault: after the update
    return params, np.array(losses)


@in_notebook
def train__flat_targets(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)  # fault: y (N,) never reshaped to (N, 1)
        dout = mse_loss_grad(out, y) if loss == "mse" else _ce_dout(out, y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def train__ce_as_logits(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":
            dout = (out - Y) / len(Y)  # fault: (p - y)/N fed in at out, not at z: sigmoid twice
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def train__one_output(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, 1, seed)  # fault: K = 1 hard-coded
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        dout = mse_loss_grad(out, Y) if loss == "mse" else _ce_dout(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def train__epochs_from_one(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(1, epochs):  # fault: off by one, epochs - 1 updates and losses
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, Y))
        dout = mse_loss_grad(out, Y) if loss == "mse" else _ce_dout(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


# ---------------------------------------------------------------- predict


@in_notebook
def predict__strict(X, params):
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)  # fault: 0 at exactly 1/2


@in_notebook
def predict__argmax(X, params):
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1)  # fault: the index of the largest output, shape (N,)


@in_notebook
def predict__boolean(X, params):
    out, _ = two_layer_forward(X, params)
    return out >= 0.5  # fault: booleans, not 0.0 / 1.0


@in_notebook
def predict__flattened(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out.ravel() >= 0.5, 1.0, 0.0)  # fault: (N K,) instead of (N, K)


BUGS = [
    _b(init_params__W2_first, "draws W2 before W1", "draw-order"),
    _b(init_params__fan_out, "scales by the layer's outputs, not its inputs", "scale"),
    _b(init_params__W1_transposed, "W1 of shape (H, D)", "transpose"),
    _b(init_params__global_seed, "seeds and draws from numpy's global generator", "global-rng"),
    _b(init_params__variance_as_std, "standard deviation 1/D instead of 1/sqrt(D)", "scale"),
    _b(train__loss_after_step, "records the loss after each update", "loss-timing"),
    _b(train__flat_targets, "y of shape (N,) not reshaped: (N, N) broadcast", "shape"),
    _b(train__ce_as_logits, "cross-entropy gradient (p - y)/N fed in at out", "ce-gradient"),
    _b(train__one_output, "K fixed to 1", "shape"),
    _b(train__epochs_from_one, "range(1, epochs): one epoch short", "off-by-one"),
    _b(predict__strict, "> 0.5 instead of >= 0.5", "boundary"),
    _b(predict__argmax, "argmax over outputs", "formula"),
    _b(predict__boolean, "returns booleans", "dtype"),
    _b(predict__flattened, "flattens the (N, K) answer", "shape"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    p = init_params(3, 4, 2, seed=7)
    rng = np.random.default_rng(7)
    assert np.allclose(p["W1"], rng.standard_normal((3, 4)) / np.sqrt(3))
    assert np.allclose(p["W2"], rng.standard_normal((4, 2)) / 2)
    assert p["b1"].tolist() == [0.0] * 4 and p["b2"].tolist() == [0.0] * 2
    big = init_params(400, 100, 1, seed=1)["W1"]
    assert abs(big.std() * np.sqrt(400) - 1) < 0.02
    # train: losses[0] is the start's mse; one step of each loss equals a step along its
    # gradient by central differences
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2]])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    start = init_params(2, 3, 1, seed=2)
    Y = y.reshape(-1, 1)

    def mse_of(params):
        out = two_layer_forward(X, params)[0]
        return np.sum((out - Y) ** 2) / (2 * len(X))

    def ce_of(params):
        out = two_layer_forward(X, params)[0]
        return -np.sum(Y * np.log(out) + (1 - Y) * np.log(1 - out)) / len(X)

    for name, loss_of in [("mse", mse_of), ("ce", ce_of)]:
        params, losses = train(X, y, 3, 0.5, 1, seed=2, loss=name)
        assert losses.shape == (1,) and np.isclose(losses[0], mse_of(start))
        for k in start:
            g = np.zeros_like(start[k])
            for i in np.ndindex(g.shape):
                up = {**start, k: start[k].copy()}
                down = {**start, k: start[k].copy()}
                up[k][i] += 1e-6
                down[k][i] -= 1e-6
                g[i] = (loss_of(up) - loss_of(down)) / 2e-6
            assert np.allclose(params[k], start[k] - 0.5 * g, atol=1e-8)
    _, losses = train(X, y, 3, 0.5, 3, seed=2)
    assert losses.shape == (3,) and losses[2] < losses[0]
    hand = {
        "W1": np.eye(2),
        "b1": np.zeros(2),
        "W2": np.array([[1.0, -1.0], [-1.0, 1.0]]),
        "b2": np.zeros(2),
    }
    Xp = np.array([[2.0, 1.0], [1.0, 2.0], [3.0, 3.0]])
    assert predict(Xp, hand).tolist() == [[1, 0], [0, 1], [1, 1]]


if __name__ == "__main__":
    _sanity()
    print("chapter 5: correct versions pass")
