"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check and the tanh layer.

Cache formats of the correct versions: sigmoid_forward caches its output s,
linear_forward (X, W, b), two_layer_forward a dict (X, W1, W2, a1, out), tanh_forward its
output t. A forward bug runs with the correct backward pass, a backward bug with the
correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.seventh import bug, correct, paired
from benchmarks.seventh.chapter3 import numerical_gradient

# ---------------------------------------------------------------- correct versions


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_forward(z):
    s = sigmoid(z)
    return s, s


def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def linear_forward(X, W, b):
    return X @ W + b, (X, W, b)


def linear_backward(dout, cache):
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=0)


def two_layer_forward(X, params):
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_backward(dout, cache):
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1.0 - out)
    da1 = dz2 @ W2.T
    dz1 = da1 * a1 * (1.0 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def gradient_check(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    floor = 1e-3 * scale + 1e-12
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


def tanh_forward(z):
    t = np.tanh(z)
    return t, t


def tanh_backward(dout, cache):
    return dout * (1.0 - cache**2)


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

# ---------------------------------------------------------------- bugs


def sigmoid__plain_formula(z):
    # fault: 1 / (1 + exp(-z)) as written: exp overflows (a warning) for z far below 0
    return 1 / (1 + np.exp(-z))


def sigmoid__where_evaluates_both(z):
    # fault: np.where computes both branches everywhere: exp(-z) and exp(z) overflow anyway
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_forward__returns_z(z):
    # fault: out and cache swapped by name: returns (z, s), the output is z itself
    s = sigmoid(z)
    return z, s


def sigmoid_forward__caches_z(z):
    # fault: caches z, where its backward pass reads s (z (1 - z) is computed)
    s = sigmoid(z)
    return s, z


def sigmoid_backward__sigmoid_of_cache(dout, cache):
    # fault: treats the cache as z and applies sigmoid again: s(s)(1 - s(s))
    s = sigmoid(cache)
    return dout * s * (1 - s)


def sigmoid_backward__no_dout(dout, cache):
    # fault: the local derivative alone, the upstream dout not multiplied in
    return cache * (1 - cache)


def linear_forward__column_vectors(X, W, b):
    # fault: column-vector habit (W' x + b with x a column): b broadcast along the examples
    out = (W.T @ X.T + b).T
    return out, (X, W, b)


def linear_forward__caches_out(X, W, b):
    # fault: caches the output instead of the input X (z where X belongs)
    out = X @ W + b
    return out, (out, W, b)


def linear_backward__db_axis1(dout, cache):
    # fault: db summed over axis 1 (the outputs) instead of axis 0 (the examples)
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=1)


def linear_backward__dW_transposed(dout, cache):
    # fault: dW = dout.T @ X: shape (M, D), the transpose of W's
    X, W, b = cache
    return dout @ W.T, dout.T @ X, np.sum(dout, axis=0)


def linear_backward__dX_without_T(dout, cache):
    # fault: dX = dout @ W: the .T forgotten; works only when W is square
    X, W, b = cache
    return dout @ W, X.T @ dout, np.sum(dout, axis=0)


def two_layer_forward__b1_in_layer_two(X, params):
    # fault: b1 added in the second layer (b1/b2 slip): runs only when H == K... or K == 1
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b1"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_forward__z1_into_layer_two(X, params):
    # fault: z1 (before the sigmoid) fed to layer 2 instead of a1
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    out = sigmoid(z1 @ params["W2"] + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_forward__caches_X_after_layer(X, params):
    # fault: X reused as the hidden activation's name: the cache's X is a1
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1 = sigmoid(X @ W1 + b1)
    X = a1
    out = sigmoid(a1 @ W2 + b2)
    return out, {"X": X, "W1": W1, "W2": W2, "a1": a1, "out": out}


def two_layer_backward__dout_to_hidden(dout, cache):
    # fault: da1 = dout @ W2.T: the output sigmoid's derivative skipped (dout for dz2)
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    da1 = dout @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__out_for_a1(dout, cache):
    # fault: dz1 = da1 * out (1 - out): out for a1; (N, 1) broadcasts silently when K = 1
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    da1 = dz2 @ W2.T
    dz1 = da1 * out * (1 - out)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__W1_for_W2(dout, cache):
    # fault: da1 = dz2 @ W1.T: W1 for W2
    X, W1, a1, out = cache["X"], cache["W1"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    da1 = dz2 @ W1.T
    dz1 = da1 * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__tanh_slope(dout, cache):
    # fault: the hidden layer's derivative written 1 - a1^2 (tanh's), not a1 (1 - a1)
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * (1 - a1**2)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def gradient_check__h_ignored(f, w, analytic, h=1e-5):
    # fault: numerical_gradient called without h: the default step whatever h is given
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)))


def gradient_check__abs_of_sum(f, w, analytic, h=1e-5):
    # fault: |a + n| in the denominator instead of |a| + |n|
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a + n), 1e-3 * scale + 1e-12)))


def tanh_forward__exp_formula(z):
    # fault: (e^z - e^-z) / (e^z + e^-z) as written: inf / inf = nan (and warnings) for large |z|
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return t, t


def tanh_forward__caches_z(z):
    # fault: caches z where its backward pass reads t (1 - z^2 is computed)
    return np.tanh(z), z


def tanh_backward__no_square(dout, cache):
    # fault: 1 - t instead of 1 - t^2
    return dout * (1 - cache)


def tanh_backward__tanh_of_cache(dout, cache):
    # fault: treats the cache as z and applies tanh again: 1 - tanh(t)^2
    return dout * (1 - np.tanh(cache) ** 2)


_PAIRS = {
    "sigmoid_forward": "sigmoid_backward",
    "sigmoid_backward": "sigmoid_forward",
    "linear_forward": "linear_backward",
    "linear_backward": "linear_forward",
    "two_layer_forward": "two_layer_backward",
    "two_layer_backward": "two_layer_forward",
    "tanh_forward": "tanh_backward",
    "tanh_backward": "tanh_forward",
}

BUGS = paired(
    [
        bug(sigmoid__plain_formula, "exp(-z) overflows for very negative z.", "overflow"),
        bug(sigmoid__where_evaluates_both, "np.where evaluates both branches.", "overflow"),
        bug(sigmoid_forward__returns_z, "Returns z as the output.", "wrong-var"),
        bug(sigmoid_forward__caches_z, "Caches z; the backward reads s.", "cache"),
        bug(sigmoid_backward__sigmoid_of_cache, "Sigmoid applied to the cached s.", "cache"),
        bug(sigmoid_backward__no_dout, "dout not multiplied in.", "chain"),
        bug(linear_forward__column_vectors, "b broadcast along examples.", "transpose"),
        bug(linear_forward__caches_out, "Caches out instead of X.", "cache"),
        bug(linear_backward__db_axis1, "db summed over axis 1.", "axis"),
        bug(linear_backward__dW_transposed, "dW transposed (M, D).", "transpose"),
        bug(linear_backward__dX_without_T, "dX = dout @ W without .T.", "transpose"),
        bug(two_layer_forward__b1_in_layer_two, "b1 used in layer 2.", "wrong-var"),
        bug(two_layer_forward__z1_into_layer_two, "z1 fed to layer 2, not a1.", "wrong-var"),
        bug(two_layer_forward__caches_X_after_layer, "Cache's X is a1.", "reuse"),
        bug(two_layer_backward__dout_to_hidden, "da1 from dout, not dz2.", "chain"),
        bug(two_layer_backward__out_for_a1, "out's derivative in the hidden layer.", "wrong-var"),
        bug(two_layer_backward__W1_for_W2, "W1 used to backpropagate.", "wrong-var"),
        bug(two_layer_backward__tanh_slope, "Hidden derivative 1 - a1^2.", "wrong-derivative"),
        bug(gradient_check__h_ignored, "h not passed on.", "argument"),
        bug(gradient_check__abs_of_sum, "|a + n| instead of |a| + |n|.", "formula"),
        bug(tanh_forward__exp_formula, "exp formula overflows.", "overflow"),
        bug(tanh_forward__caches_z, "Caches z; the backward reads t.", "cache"),
        bug(tanh_backward__no_square, "1 - t instead of 1 - t^2.", "wrong-derivative"),
        bug(tanh_backward__tanh_of_cache, "tanh applied to the cached t.", "cache"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _numeric(f, w, h=1e-6):
    return numerical_gradient(f, w, h)


def _sanity():
    # sigmoid(0) = 1/2, sigmoid(log 3) = 3/4, sigmoid(-log 3) = 1/4; no warning far out
    assert np.allclose(sigmoid(np.array([0.0, np.log(3), -np.log(3)])), [0.5, 0.75, 0.25])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.array_equal(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])
        assert np.array_equal(tanh_forward(np.array([-800.0, 800.0]))[0], [-1.0, 1.0])
    rng = np.random.default_rng(7)
    z, dout = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        got = bwd(dout, fwd(z)[1])
        assert np.allclose(got, _numeric(lambda v, fwd=fwd: np.sum(dout * fwd(v)[0]), z))
    # X (4, 3), W (3, 2): row 1 of the output by hand
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    out, cache = linear_forward(X, W, b)
    assert np.allclose(out[1], [X[1] @ W[:, 0] + b[0], X[1] @ W[:, 1] + b[1]])
    dout = rng.normal(size=(4, 2))
    dX, dW, db = linear_backward(dout, cache)
    assert np.allclose(dX, _numeric(lambda v: np.sum(dout * linear_forward(v, W, b)[0]), X))
    assert np.allclose(dW, _numeric(lambda v: np.sum(dout * linear_forward(X, v, b)[0]), W))
    assert np.allclose(db, _numeric(lambda v: np.sum(dout * linear_forward(X, W, v)[0]), b))
    params = {
        "W1": rng.normal(size=(3, 5)),
        "b1": rng.normal(size=5),
        "W2": rng.normal(size=(5, 2)),
        "b2": rng.normal(size=2),
    }
    out, cache = two_layer_forward(X, params)
    h = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    assert np.allclose(out, 1 / (1 + np.exp(-(h @ params["W2"] + params["b2"]))))
    grads = two_layer_backward(dout, cache)
    for key in params:

        def loss(v, key=key):
            return np.sum(dout * two_layer_forward(X, {**params, key: v})[0])

        assert grads[key].shape == params[key].shape
        assert np.allclose(grads[key], _numeric(loss, params[key]), atol=1e-8)
    # gradient_check, f = sum(w^2), gradient 2 w = (1, 2, -4, 0); analytic (1, 2.1, -4, 0):
    # errors 0, 0.1 / 4.1, 0, and 0 / floor at the zero entry.
    w = np.array([0.5, 1.0, -2.0, 0.0])
    err = gradient_check(lambda v: np.sum(v**2), w, 2 * w + [0.0, 0.1, 0.0, 0.0])
    assert np.isclose(err, 0.1 / 4.1, rtol=1e-6)
    assert gradient_check(lambda v: np.sum(v**2), w, 2 * w) < 1e-8
    # the opposite sign: |a - n| / (|a| + |n|) = 4 |w| / 4 |w| = 1 at every nonzero entry
    assert np.isclose(gradient_check(lambda v: np.sum(v**2), w, -2 * w), 1.0)


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
