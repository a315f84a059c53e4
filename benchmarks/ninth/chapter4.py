"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check and the tanh layer.

Cache formats of the correct versions: sigmoid_forward caches its output s,
linear_forward (X, W, b), two_layer_forward a dict (X, a1, out, W2), tanh_forward its
output t. A forward bug runs with the correct backward pass, a backward bug with the
correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.ninth import bug, correct, paired
from benchmarks.ninth.chapter3 import numerical_gradient


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_forward(z):
    s = sigmoid(z)
    return s, s


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1 - s)


def linear_forward(X, W, b):
    return X @ W + b, (X, W, b)


def linear_backward(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


def two_layer_forward(X, params):
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "a1": a1, "out": out, "W2": params["W2"]}


def two_layer_backward(dout, cache):
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def gradient_check(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    denom = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max(np.abs(a - n) / denom))


def tanh_forward(z):
    t = np.tanh(z)
    return t, t


def tanh_backward(dout, cache):
    return dout * (1 - cache**2)


CORRECT = correct(
    sigmoid,
    sigmoid_forward,
    sigmoid_backward,
    linear_forward,
    linear_backward,
    two_layer_forward,
    two_layer_backward,
    gradient_check,
    tanh_forward,
    tanh_backward,
)


def sigmoid__naive(z):
    # fault: 1 / (1 + exp(-z)) overflows (with a warning) for large negative z
    return 1 / (1 + np.exp(-z))


def sigmoid__both_branches(z):
    # fault: np.where evaluates both formulas everywhere: exp overflows on one side
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_forward__shadow(z):
    # fault: a local variable named sigmoid shadows the function: UnboundLocalError
    sigmoid = sigmoid(z)  # noqa: F823
    return sigmoid, sigmoid


def sigmoid_forward__negates_input(z):
    # fault: negates the caller's z in place to compute exp(-z)
    z *= -1
    s = 1 / (1 + np.exp(np.clip(z, -500, 500)))
    return s, s


def sigmoid_backward__tanh_slope(dout, cache):
    # fault: tanh's derivative 1 - s^2 where the sigmoid's s (1 - s) belongs
    return dout * (1 - cache**2)


def sigmoid_backward__sigmoid_again(dout, cache):
    # fault: applies sigmoid to the cached output again
    s = sigmoid(cache)
    return dout * s * (1 - s)


def linear_forward__bias_column(X, W, b):
    # fault: bias as a column b[:, None], added per example instead of per unit
    return X @ W + b[:, None], (X, W, b)


def linear_forward__two_features(X, W, b):
    # fault: only the first two features used (hard-coded from the 2-D examples)
    return X[:, :2] @ W[:2] + b, (X, W, b)


def linear_backward__dW_like_WT(dout, cache):
    # fault: dW = dout.T @ X, shaped like W.T
    X, W, b = cache
    return dout @ W.T, dout.T @ X, dout.sum(axis=0)


def linear_backward__db_axis1(dout, cache):
    # fault: db summed over axis 1 (the units) instead of the examples
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=1)


def linear_backward__dX_no_T(dout, cache):
    # fault: dX = dout @ W without the transpose (works for square W only)
    X, W, b = cache
    return dout @ W, X.T @ dout, dout.sum(axis=0)


def two_layer_forward__softmax_output(X, params):
    # fault: softmax (chapter 2) on the output where the sigmoid belongs
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    z2 = a1 @ params["W2"] + params["b2"]
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    out = e / e.sum(axis=1, keepdims=True)
    return out, {"X": X, "a1": a1, "out": out, "W2": params["W2"]}


def two_layer_forward__caches_z1(X, params):
    # fault: caches the hidden pre-activation z1 under "a1" (backward reads it as a1)
    z1 = X @ params["W1"] + params["b1"]
    out = sigmoid(sigmoid(z1) @ params["W2"] + params["b2"])
    return out, {"X": X, "a1": z1, "out": out, "W2": params["W2"]}


def two_layer_backward__no_output_slope(dout, cache):
    # fault: the output sigmoid's slope out (1 - out) is left out
    X, a1, W2 = cache["X"], cache["a1"], cache["W2"]
    dz2 = dout
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__tanh_hidden(dout, cache):
    # fault: the hidden layer's slope taken as tanh's 1 - a1^2
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * (1 - a1**2)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__dW1_transposed(dout, cache):
    # fault: dW1 = dz1.T @ X, shaped (H, D) like W1.T
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": dz1.T @ X, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def gradient_check__no_floor(f, w, analytic, h=1e-5):
    # fault: no floor in the denominator: 0 / 0 = nan where both entries are 0
    a = np.asarray(analytic, dtype=float)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))


def gradient_check__h_ignored(f, w, analytic, h=1e-5):
    # fault: the step h is not passed on: numerical_gradient uses its default
    a = np.asarray(analytic, dtype=float)
    n = numerical_gradient(f, w)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)))


def tanh_forward__sigmoid_form(z):
    # fault: 2 sigmoid(z) - 1 -- the identity needs sigmoid(2z)
    t = 2 * sigmoid(z) - 1
    return t, t


def tanh_forward__exp_formula(z):
    # fault: (e^z - e^-z) / (e^z + e^-z) overflows to inf / inf = nan for large |z|
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return t, t


def tanh_backward__sigmoid_slope(dout, cache):
    # fault: the sigmoid's slope t (1 - t) where tanh's 1 - t^2 belongs
    return dout * cache * (1 - cache)


def tanh_backward__tanh_again(dout, cache):
    # fault: applies tanh to the cached output again
    return dout * (1 - np.tanh(cache) ** 2)


BUGS = paired(
    [
        bug(sigmoid__naive, "exp(-z) overflows for large negative z", "numerics"),
        bug(sigmoid__both_branches, "np.where evaluates both branches: overflow", "numerics"),
        bug(sigmoid_forward__shadow, "local name sigmoid shadows the function", "shadowing"),
        bug(sigmoid_forward__negates_input, "negates the caller's z in place", "in-place"),
        bug(
            sigmoid_backward__tanh_slope, "tanh's slope 1 - s^2 for the sigmoid's", "chapter-mixup"
        ),
        bug(sigmoid_backward__sigmoid_again, "sigmoid applied to the cached output", "cache"),
        bug(linear_forward__bias_column, "bias broadcast over the examples axis", "broadcast-axis"),
        bug(
            linear_forward__two_features, "only the first two features are used", "hard-coded-size"
        ),
        bug(linear_backward__dW_like_WT, "dW computed as dout.T @ X (shape of W.T)", "transpose"),
        bug(linear_backward__db_axis1, "db summed over axis 1", "sum-axis"),
        bug(linear_backward__dX_no_T, "dX = dout @ W without .T", "transpose"),
        bug(
            two_layer_forward__softmax_output,
            "softmax on the output instead of sigmoid",
            "chapter-mixup",
        ),
        bug(two_layer_forward__caches_z1, "caches z1 where backward expects a1", "cache"),
        bug(two_layer_backward__no_output_slope, "output sigmoid slope left out", "missing-term"),
        bug(two_layer_backward__tanh_hidden, "hidden slope 1 - a1^2 (tanh's)", "chapter-mixup"),
        bug(two_layer_backward__dW1_transposed, "dW1 = dz1.T @ X, shape of W1.T", "transpose"),
        bug(gradient_check__no_floor, "no floor: 0/0 gives nan", "numerics"),
        bug(gradient_check__h_ignored, "h not passed to numerical_gradient", "argument-ignored"),
        bug(tanh_forward__sigmoid_form, "2 sigmoid(z) - 1 instead of 2 sigmoid(2z) - 1", "formula"),
        bug(tanh_forward__exp_formula, "exp formula overflows: nan for large |z|", "numerics"),
        bug(tanh_backward__sigmoid_slope, "sigmoid's slope t (1 - t) for tanh's", "chapter-mixup"),
        bug(tanh_backward__tanh_again, "tanh applied to the cached output", "cache"),
    ],
    CORRECT,
    {
        "sigmoid_forward": "sigmoid_backward",
        "sigmoid_backward": "sigmoid_forward",
        "linear_forward": "linear_backward",
        "linear_backward": "linear_forward",
        "two_layer_forward": "two_layer_backward",
        "two_layer_backward": "two_layer_forward",
        "tanh_forward": "tanh_backward",
        "tanh_backward": "tanh_forward",
    },
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4, sigmoid(0) = 1/2; no warning far out
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        got = sigmoid(np.array([np.log(3.0), -np.log(3.0), 0.0, -1000.0, 1000.0]))
    assert np.allclose(got, [0.75, 0.25, 0.5, 0.0, 1.0], rtol=0, atol=1e-15)
    rng = np.random.default_rng(9)
    z, dout = rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        expected = numerical_gradient(lambda v, fwd=fwd: np.sum(dout * fwd(v)[0]), z, 1e-6)
        assert np.allclose(bwd(dout, fwd(z)[1]), expected, atol=1e-8)
    # X (3, 2), W (2, 4) by hand: row 0 is (1, 2) @ W = (1, 2, 0, 3) + b
    X = np.array([[1.0, 2.0], [0.0, 1.0], [-1.0, 0.0]])
    W = np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    b = np.array([0.0, 1.0, -1.0, 2.0])
    out, cache = linear_forward(X, W, b)
    assert np.allclose(out, [[1, 3, -1, 5], [0, 2, -1, 3], [-1, 1, -1, 1]])
    d = rng.normal(size=(3, 4))
    dX, dW, db = linear_backward(d, cache)
    assert np.allclose(dX, numerical_gradient(lambda v: np.sum(d * (v @ W + b)), X, 1e-6))
    assert np.allclose(dW, numerical_gradient(lambda v: np.sum(d * (X @ v + b)), W, 1e-6))
    assert np.allclose(db, numerical_gradient(lambda v: np.sum(d * (X @ W + v)), b, 1e-6))
    # D = 2, H = 4, K = 3, N = 5
    params = {
        "W1": rng.normal(size=(2, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 3)),
        "b2": rng.normal(size=3),
    }
    X = rng.normal(size=(5, 2))
    out, cache = two_layer_forward(X, params)
    hidden = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    assert np.allclose(out, 1 / (1 + np.exp(-(hidden @ params["W2"] + params["b2"]))))
    d = rng.normal(size=(5, 3))
    grads = two_layer_backward(d, cache)
    for key in params:

        def loss(v, key=key):
            return np.sum(d * two_layer_forward(X, {**params, key: v})[0])

        assert grads[key].shape == params[key].shape
        assert np.allclose(grads[key], numerical_gradient(loss, params[key], 1e-6), atol=1e-8)
    # f = sum(w^2) at w = (3, -1, 0): gradient (6, -2, 0). Analytic (6, -1, 0): errors
    # 0, 1/3 and 0 (the zero entry meets the floor 1e-3 * 6).
    w = np.array([3.0, -1.0, 0.0])
    assert np.isclose(gradient_check(lambda v: np.sum(v**2), w, [6.0, -1.0, 0.0]), 1 / 3)
    assert gradient_check(lambda v: np.sum(v**2), w, 2 * w) < 1e-8
    assert np.isclose(gradient_check(lambda v: np.sum(v**2), w, 4 * w), 1 / 3)


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
