"""Held-out buggy versions of chapter 5: init_params, train, predict.

train and predict call the earlier chapters' functions by their course names
(init_params, two_layer_forward, two_layer_backward, mse_loss, mse_loss_grad), as a
student's notebook does; here they resolve to this benchmark's correct versions.
"""

import numpy as np

from benchmarks.heldout import Bug, in_notebook
from benchmarks.heldout.chapter2 import mse_loss, mse_loss_grad  # noqa: F401
from benchmarks.heldout.chapter4 import two_layer_backward, two_layer_forward  # noqa: F401

# ---------------------------------------------------------------- correct versions


@in_notebook
def init_params(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def train(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def predict(X, params):
    out, _ = two_layer_forward(X, params)
    return (out >= 0.5).astype(np.float64)


CORRECT = {"init_params": init_params, "train": train, "predict": predict}

# ---------------------------------------------------------------- correct, written differently


@in_notebook
def init_params__variant_standard_normal(n_in, n_hidden, n_out, seed=0):
    g = np.random.default_rng(seed)
    first = g.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    second = g.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    return dict(W1=first, b1=np.zeros((n_hidden,)), W2=second, b2=np.zeros((n_out,)))


@in_notebook
def predict__variant_where(X, params):
    probs = two_layer_forward(X, params)[0]
    return np.where(probs < 0.5, 0.0, 1.0)


VARIANTS = [
    Bug(
        "init_params",
        "variant_standard_normal",
        init_params__variant_standard_normal,
        "correct: standard_normal divided by sqrt(fan-in), dict(...) literal",
        "correct",
    ),
    Bug(
        "predict",
        "variant_where",
        predict__variant_where,
        "correct: np.where(probs < 0.5, 0, 1)",
        "correct",
    ),
]

# ---------------------------------------------------------------- init_params


@in_notebook
def init_params__no_sqrt(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0, 1 / n_in, (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, 1 / n_hidden, (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


@in_notebook
def init_params__same_fan_in(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    std = 1 / np.sqrt(n_in)
    return {
        "W1": rng.normal(0, std, (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(0, std, (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


@in_notebook
def init_params__W2_first(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
    W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__legacy_seed(n_in, n_hidden, n_out, seed=0):
    np.random.seed(seed)  # noqa: NPY002 (the bug)
    W1 = np.random.randn(n_in, n_hidden) / np.sqrt(n_in)  # noqa: NPY002 (the bug)
    W2 = np.random.randn(n_hidden, n_out) / np.sqrt(n_hidden)  # noqa: NPY002 (the bug)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__two_generators(n_in, n_hidden, n_out, seed=0):
    W1 = np.random.default_rng(seed).normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
    W2 = np.random.default_rng(seed).normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__transposed(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_hidden, n_in))
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_out, n_hidden))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


@in_notebook
def init_params__bias_rows(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden))
    W2 = rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros((1, n_hidden)), "W2": W2, "b2": np.zeros((1, n_out))}


@in_notebook
def init_params__he(n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_hidden))
    W2 = rng.normal(0, np.sqrt(2 / n_hidden), (n_hidden, n_out))
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


# ---------------------------------------------------------------- train


@in_notebook
def train__loss_after_update(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = []
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        for k in params:
            params[k] = params[k] - lr * grads[k]
        losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
    return params, np.array(losses)


@in_notebook
def train__no_reshape(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    K = 1 if y.ndim == 1 else y.shape[1]
    params = init_params(X.shape[1], n_hidden, K, seed)
    losses = np.empty(epochs)
    for e in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[e] = mse_loss(out, y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, y)
        grads = two_layer_backward(dout, cache)
        for k in params:
            params[k] = params[k] - lr * grads[k]
    return params, losses


@in_notebook
def train__own_grad(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(X.shape[0], -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for i in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[i] = mse_loss(out, Y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = out - Y  # forgot the 1/N
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def train__weights_only(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params["W1"] = params["W1"] - lr * grads["W1"]
        params["W2"] = params["W2"] - lr * grads["W2"]
    return params, losses


@in_notebook
def train__uphill(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] + lr * grads[k] for k in params}
    return params, losses


@in_notebook
def train__extra_loss(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1], seed)
    losses = [mse_loss(two_layer_forward(X, params)[0], Y)]
    for _ in range(epochs):
        out, cache = two_layer_forward(X, params)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
        losses.append(mse_loss(two_layer_forward(X, params)[0], Y))
    return params, np.array(losses)


@in_notebook
def train__seed_ignored(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(len(X), -1)
    params = init_params(X.shape[1], n_hidden, Y.shape[1])
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


@in_notebook
def train__one_output(X, y, n_hidden, lr, epochs, seed=0, loss="mse"):
    Y = y.reshape(-1, 1)
    params = init_params(X.shape[1], n_hidden, 1, seed)
    losses = np.zeros(epochs)
    for t in range(epochs):
        out, cache = two_layer_forward(X, params)
        losses[t] = mse_loss(out, Y)
        if loss == "ce":  # dL/dout of the cross-entropy (section 7)
            dout = (out - Y) / (len(X) * out * (1.0 - out))
        else:
            dout = mse_loss_grad(out, Y)
        grads = two_layer_backward(dout, cache)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses


# ---------------------------------------------------------------- predict


@in_notebook
def predict__strict(X, params):
    out, _ = two_layer_forward(X, params)
    return (out > 0.5).astype(float)


@in_notebook
def predict__bool(X, params):
    return two_layer_forward(X, params)[0] >= 0.5


@in_notebook
def predict__argmax(X, params):
    out = two_layer_forward(X, params)[0]
    return np.argmax(out, axis=1).astype(float)


@in_notebook
def predict__probabilities(X, params):
    out, _ = two_layer_forward(X, params)
    return out


@in_notebook
def predict__logits(X, params):
    hidden = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    z = hidden @ params["W2"] + params["b2"]
    return (z >= 0.5).astype(float)  # the output sigmoid is forgotten


@in_notebook
def predict__flattened(X, params):
    out, _ = two_layer_forward(X, params)
    return np.where(out.ravel() >= 0.5, 1.0, 0.0)


_ALL_BUGS = [
    Bug(
        "init_params",
        "no_sqrt",
        init_params__no_sqrt,
        "standard deviation 1 / D instead of 1 / sqrt(D)",
        "init-scale",
    ),
    Bug(
        "init_params",
        "same_fan_in",
        init_params__same_fan_in,
        "uses 1 / sqrt(D) for W2 too, instead of 1 / sqrt(H)",
        "init-scale",
    ),
    Bug(
        "init_params",
        "W2_first",
        init_params__W2_first,
        "draws W2 before W1 from the generator",
        "draw-order",
    ),
    Bug(
        "init_params",
        "legacy_seed",
        init_params__legacy_seed,
        "np.random.seed + np.random.randn: the legacy generator, other numbers",
        "generator",
    ),
    Bug(
        "init_params",
        "two_generators",
        init_params__two_generators,
        "a fresh default_rng(seed) for W2: W2 repeats W1's first draws",
        "generator",
    ),
    Bug(
        "init_params",
        "transposed",
        init_params__transposed,
        "W1 of shape (H, D) and W2 of shape (K, H): transposed",
        "transpose",
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
        "he",
        init_params__he,
        "He's sqrt(2 / fan-in) instead of 1 / sqrt(fan-in)",
        "init-scale",
    ),
    Bug(
        "train",
        "loss_after_update",
        train__loss_after_update,
        "records each loss after the update instead of before it",
        "off-by-one",
    ),
    Bug(
        "train",
        "no_reshape",
        train__no_reshape,
        "does not reshape y of shape (N,): out - y broadcasts to (N, N)",
        "broadcasting",
    ),
    Bug(
        "train",
        "own_grad",
        train__own_grad,
        "uses out - y as the loss gradient, without the 1/N",
        "no-mean",
    ),
    Bug(
        "train",
        "weights_only",
        train__weights_only,
        "updates W1 and W2 but never the biases",
        "forgot-bias",
    ),
    Bug("train", "uphill", train__uphill, "adds lr * grad: gradient ascent", "sign"),
    Bug(
        "train",
        "extra_loss",
        train__extra_loss,
        "records the start and the loss after every update: epochs + 1 losses",
        "off-by-one",
    ),
    Bug(
        "train",
        "seed_ignored",
        train__seed_ignored,
        "does not pass seed to init_params",
        "ignored-argument",
    ),
    Bug(
        "train",
        "one_output",
        train__one_output,
        "always builds one output: y of shape (N, K) with K > 1 is flattened",
        "shape",
    ),
    Bug(
        "predict",
        "strict",
        predict__strict,
        "out > 0.5: an output of exactly 0.5 is class 0",
        "boundary",
    ),
    Bug("predict", "bool", predict__bool, "returns booleans, not float64", "dtype"),
    Bug(
        "predict",
        "argmax",
        predict__argmax,
        "argmax over the outputs (multi-class style): shape (N,) and wrong for K = 1",
        "shape",
    ),
    Bug(
        "predict",
        "probabilities",
        predict__probabilities,
        "returns the network's outputs instead of thresholding them",
        "no-threshold",
    ),
    Bug(
        "predict",
        "logits",
        predict__logits,
        "written inline, forgets the output sigmoid: thresholds z2 at 0.5",
        "missing-activation",
    ),
    Bug(
        "predict",
        "flattened",
        predict__flattened,
        "flattens the predictions to shape (N*K,)",
        "shape",
    ),
]

_EXTRA = {
    ("init_params", "bias_rows"),
    ("init_params", "he"),
    ("train", "one_output"),
    ("train", "seed_ignored"),
}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]


def _sanity():
    for f in (init_params, init_params__variant_standard_normal):
        p = f(3, 4, 2, seed=7)
        rng = np.random.default_rng(7)
        assert np.allclose(p["W1"], rng.normal(size=(3, 4)) / np.sqrt(3))
        assert np.allclose(p["W2"], rng.normal(size=(4, 2)) / 2.0)
        assert p["b1"].shape == (4,) and not p["b2"].any()
    # train on one example with a 1-1-1 network: the loss falls, losses[0] is the start
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    params, losses = train(X, y, 3, 2.0, 50, seed=1)
    start = init_params(2, 3, 1, 1)
    assert np.isclose(losses[0], mse_loss(two_layer_forward(X, start)[0], y.reshape(-1, 1)))
    assert losses.shape == (50,) and losses[-1] < losses[0]
    zero = {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1)), "b2": np.zeros(1)}
    for f in (predict, predict__variant_where):
        # all-zero weights: every output is sigmoid(0) = 0.5 exactly, class 1
        assert f(X, zero).tolist() == [[1.0]] * 4


if __name__ == "__main__":
    _sanity()
    print("chapter 5: sanity checks pass")
