"""Chapter 5, training an MLP: init_params, train, predict.

Buggy student versions written from the chapter text and the contracts only. They are
self-contained: they call the correct chapter 2 and chapter 4 functions of this benchmark.
"""

import numpy as np

from benchmarks.independent import Bug
from benchmarks.independent.chapter2 import mse_loss__correct as mse_loss
from benchmarks.independent.chapter2 import mse_loss_grad__correct as mse_loss_grad
from benchmarks.independent.chapter4 import sigmoid__correct as sigmoid
from benchmarks.independent.chapter4 import two_layer_backward__correct as two_layer_backward
from benchmarks.independent.chapter4 import two_layer_forward__correct as two_layer_forward

# ---------------------------------------------------------------- correct versions


def init_params__correct(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def _as_2d(y):
    y = np.asarray(y, float)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def _dout(out, y, loss):
    """dL/dout of the loss train descends: mse_loss_grad for "mse", the cross-entropy's
    (out - y) / (N out (1 - out)) for "ce" (chapter 5, section 7)."""
    if loss == "ce":
        return (out - y) / (len(out) * out * (1.0 - out))
    return mse_loss_grad(out, y)


def train__correct(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    X = np.asarray(X, float)
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, y)
        grads = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def predict__correct(X, params):
    out, _ = two_layer_forward(np.asarray(X, float), params)
    return (out >= 0.5).astype(float)


# ---------------------------------------------------------------- init_params


def init_params__std_over_D(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / n_in, (n_in, n_hidden))
    W2 = rng.normal(0, 1 / n_hidden, (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__W2_first(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__legacy_seed(n_in, n_hidden, n_out, seed=0):
    np.random.seed(seed)  # noqa: NPY002 (the bug)
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002 (the bug)
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002 (the bug)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__uniform(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = (rng.random((n_in, n_hidden)) - 0.5) / np.sqrt(n_in)
    W2 = (rng.random((n_hidden, n_out)) - 0.5) / np.sqrt(n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__transposed(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_hidden, n_in))
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__fresh_rng_per_layer(n_in, n_hidden, n_out, seed=0):
    W1 = np.random.default_rng(seed).normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
    W2 = np.random.default_rng(seed).normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__bias_rows(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)),
        "b1": np.zeros((1, n_hidden)),
        "W2": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)),
        "b2": np.zeros((1, n_out)),
    }


def init_params__fan_out(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_in, n_hidden))
    W2 = rng.normal(0, 1 / np.sqrt(n_out), (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def init_params__seed_ignored(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng()  # "random" weights, different every call
    W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


# ---------------------------------------------------------------- train


def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        grads = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        out, _ = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
    return params, np.array(losses)


def train__flat_y_not_reshaped(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params__correct(X.shape[1], n_hidden, K, seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(np.sum((out - y) ** 2) / (2 * len(X)))  # (N, 1) - (N,) -> (N, N)
        dout = (out - y) / len(X)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7), y as it is
            dout = (out - y) / (len(X) * out * (1.0 - out))
        if dout.shape != out.shape:
            dout = dout.mean(axis=1, keepdims=True)  # "fix" the shape error
        grads = two_layer_backward(dout, cache)
        for k in params:
            params[k] = params[k] - lr * grads[k]
    return params, np.array(losses)


def train__shape1_of_flat_y(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)  # IndexError on (N,)
    losses = np.zeros(epochs)
    for e in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[e] = mse_loss(out, y)
        g = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] - lr * g[k] for k in params}
    return params, losses


def train__one_epoch_short(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = []
    for _epoch in range(1, epochs):
        out, cache = two_layer_forward(X, params)
        losses.append(mse_loss(out, y))
        grads = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, np.array(losses)


def train__grad_not_averaged(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for i in range(epochs):
        yhat, cache = two_layer_forward(X, params)
        losses[i] = mse_loss(yhat, y)
        dout = yhat - y if loss == "mse" else _dout(yhat, y, loss)  # mse: no 1/N
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__gradient_ascent(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for i in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[i] = mse_loss(out, y)
        grads = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] + lr * grads[k] for k in params}
    return params, losses


def train__seed_ignored(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1])
    losses = np.zeros(epochs)
    for i in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[i] = mse_loss(out, y)
        grads = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


def train__biases_frozen(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    p = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for i in range(epochs):
        out, cache = two_layer_forward(X, p)
        losses[i] = mse_loss(out, y)
        g = two_layer_backward(_dout(out, y, loss), cache)
        p["W1"] = p["W1"] - lr * g["W1"]
        p["W2"] = p["W2"] - lr * g["W2"]
    return p, losses


def train__extra_final_loss(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    params, losses = train__correct(X, y, n_hidden, lr, epochs, seed, loss)
    out, _ = two_layer_forward(X, params)
    return params, np.append(losses, mse_loss(out, _as_2d(y)))


def train__loss_mean_over_NK(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    y = _as_2d(y)
    params = init_params__correct(X.shape[1], n_hidden, y.shape[1], seed)
    losses = np.zeros(epochs)
    for i in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[i] = np.mean((out - y) ** 2)  # no 1/2, and / (N K)
        grads = two_layer_backward(_dout(out, y, loss), cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


# ---------------------------------------------------------------- predict


def predict__strict(X, params):
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)


def predict__bool(X, params):
    out, _ = two_layer_forward(X, params)
    return out >= 0.5


def predict__round(X, params):
    out, _ = two_layer_forward(X, params)
    return np.round(out)  # rounds half to even: 0.5 -> 0.0


def predict__flattened(X, params):
    out, _ = two_layer_forward(X, params)
    return (out >= 0.5).astype(float).ravel()


def predict__argmax(X, params):
    out, _ = two_layer_forward(X, params)
    return np.argmax(out, axis=1).astype(float)


def predict__own_forward_no_output_sigmoid(X, params):
    h = sigmoid(X @ params["W1"] + params["b1"])
    logits = h @ params["W2"] + params["b2"]
    return np.where(logits >= 0.5, 1.0, 0.0)  # threshold of the sigmoid applied to logits


_ALL_BUGS = [
    Bug(
        "init_params",
        "std_over_D",
        init_params__std_over_D,
        "standard deviation 1 / D instead of 1 / sqrt(D)",
        "init-scale",
    ),
    Bug(
        "init_params",
        "W2_first",
        init_params__W2_first,
        "draws W2 before W1 from the generator",
        "rng-order",
    ),
    Bug(
        "init_params",
        "legacy_seed",
        init_params__legacy_seed,
        "np.random.seed + np.random.randn instead of np.random.default_rng(seed)",
        "rng-api",
    ),
    Bug(
        "init_params",
        "uniform",
        init_params__uniform,
        "uniform instead of normal weights",
        "init-distribution",
    ),
    Bug(
        "init_params",
        "transposed",
        init_params__transposed,
        "W1 of shape (H, D) and W2 of shape (K, H)",
        "transpose",
    ),
    Bug(
        "init_params",
        "fresh_rng_per_layer",
        init_params__fresh_rng_per_layer,
        "a new default_rng(seed) for W2: W2 repeats W1's first draws",
        "rng-order",
    ),
    Bug(
        "init_params",
        "bias_rows",
        init_params__bias_rows,
        "biases of shape (1, H) and (1, K) instead of (H,) and (K,)",
        "shape",
    ),
    Bug(
        "init_params",
        "fan_out",
        init_params__fan_out,
        "scales by the fan-out (1/sqrt(H), 1/sqrt(K)) instead of the fan-in",
        "init-scale",
    ),
    Bug(
        "init_params",
        "seed_ignored",
        init_params__seed_ignored,
        "default_rng() without the seed: not reproducible",
        "rng-seed",
    ),
    Bug(
        "train",
        "loss_after_update",
        train__loss_after_update,
        "records the loss after each update instead of before",
        "off-by-one",
    ),
    Bug(
        "train",
        "flat_y_not_reshaped",
        train__flat_y_not_reshaped,
        "flat y (N,) not reshaped to (N, 1): the loss broadcasts to (N, N)",
        "broadcasting",
    ),
    Bug(
        "train",
        "shape1_of_flat_y",
        train__shape1_of_flat_y,
        "takes K = y.shape[1]: IndexError for a flat y",
        "shape",
    ),
    Bug(
        "train",
        "one_epoch_short",
        train__one_epoch_short,
        "range(1, epochs): one update and one loss too few",
        "off-by-one",
    ),
    Bug(
        "train",
        "grad_not_averaged",
        train__grad_not_averaged,
        "backpropagates out - y without the 1/N: steps N times too large",
        "normalisation",
    ),
    Bug("train", "gradient_ascent", train__gradient_ascent, "params + lr * grad", "sign"),
    Bug(
        "train",
        "seed_ignored",
        train__seed_ignored,
        "calls init_params without passing seed",
        "rng-seed",
    ),
    Bug(
        "train",
        "biases_frozen",
        train__biases_frozen,
        "updates only W1 and W2, never the biases",
        "missing-update",
    ),
    Bug(
        "train",
        "extra_final_loss",
        train__extra_final_loss,
        "appends the loss after the last update: epochs + 1 losses",
        "off-by-one",
    ),
    Bug(
        "train",
        "loss_mean_over_NK",
        train__loss_mean_over_NK,
        "records np.mean((out - y)**2): no 1/2 and divided by N * K",
        "normalisation-NK",
    ),
    Bug(
        "predict",
        "strict",
        predict__strict,
        "out > 0.5: an output of exactly 0.5 gives 0",
        "boundary-at-threshold",
    ),
    Bug("predict", "bool", predict__bool, "returns booleans, not 0.0/1.0 floats", "dtype"),
    Bug(
        "predict",
        "round",
        predict__round,
        "np.round rounds 0.5 to 0.0 (half to even)",
        "boundary-at-threshold",
    ),
    Bug(
        "predict",
        "flattened",
        predict__flattened,
        "ravels the result to (N,) instead of (N, K)",
        "shape",
    ),
    Bug(
        "predict",
        "argmax",
        predict__argmax,
        "argmax over the outputs: class indices of shape (N,)",
        "wrong-rule",
    ),
    Bug(
        "predict",
        "own_forward_no_output_sigmoid",
        predict__own_forward_no_output_sigmoid,
        "its own forward pass skips the output sigmoid and thresholds the logits at 0.5",
        "missing-activation",
    ),
]

# At most six bugs per function in BUGS (the brief's range); the others, just as real,
# in EXTRA_BUGS.
_EXTRA = {
    ("init_params", "uniform"),
    ("init_params", "bias_rows"),
    ("init_params", "fan_out"),
    ("train", "shape1_of_flat_y"),
    ("train", "gradient_ascent"),
    ("train", "extra_final_loss"),
    ("train", "loss_mean_over_NK"),
}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]

CORRECT = {
    "init_params": init_params__correct,
    "train": train__correct,
    "predict": predict__correct,
}


def _sanity():
    p = init_params__correct(2, 3, 1, seed=0)
    rng = np.random.default_rng(0)
    assert np.allclose(p["W1"], rng.standard_normal((2, 3)) / np.sqrt(2))
    assert np.allclose(p["W2"], rng.standard_normal((3, 1)) / np.sqrt(3))
    assert p["b1"].shape == (3,) and p["b2"].shape == (1,) and not p["b1"].any()
    assert all(np.array_equal(p[k], init_params__correct(2, 3, 1, 0)[k]) for k in p)
    # zero weights: output 0.5 everywhere, so predict gives 1.0 (>= 0.5)
    z = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1)), "b2": np.zeros(1)}
    assert np.array_equal(predict__correct(np.ones((4, 2)), z), np.ones((4, 1)))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0.0, 1.0, 1.0, 0.0])
    params, losses = train__correct(X, y, n_hidden=3, lr=2.0, epochs=3, seed=0)
    assert losses.shape == (3,)
    out0, _ = two_layer_forward(X, init_params__correct(2, 3, 1, 0))
    assert np.isclose(losses[0], np.sum((out0 - y[:, None]) ** 2) / 8)
    # zero epochs: starting weights, no losses
    p0, l0 = train__correct(X, y, 3, 2.0, 0, seed=1)
    assert l0.shape == (0,) and np.array_equal(p0["W1"], init_params__correct(2, 3, 1, 1)["W1"])
    params, losses = train__correct(X, y, n_hidden=3, lr=2.0, epochs=3000, seed=0)
    assert losses[-1] < losses[0]
    print("chapter5: correct versions pass the hand checks; XOR loss", losses[0], "->", losses[-1])


if __name__ == "__main__":
    _sanity()
