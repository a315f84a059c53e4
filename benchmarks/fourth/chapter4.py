"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check and the tanh layer.

Cache formats of the correct versions: sigmoid_forward caches its output s,
linear_forward (X, W, b), two_layer_forward a dict (X, W1, W2, z1, a1, z2, out),
tanh_forward its output t. A forward bug runs with the correct backward pass, a backward
bug with the correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.fourth import bug, correct, paired
from benchmarks.fourth.chapter3 import numerical_gradient

# ---------------------------------------------------------------- correct versions


def sigmoid(z):
    """z any shape. Returns 1 / (1 + exp(-z)) without overflow: e = exp(-|z|) <= 1."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_forward(z):
    """Returns (s, s): the cache is the output."""
    s = sigmoid(z)
    return s, s


def sigmoid_backward(dout, cache):
    """dout, cache = s, same shape. Returns dout * s * (1 - s)."""
    s = cache
    return dout * s * (1 - s)


def linear_forward(X, W, b):
    """X (N, D), W (D, M), b (M,). Returns (X @ W + b (N, M), (X, W, b))."""
    return X @ W + b, (X, W, b)


def linear_backward(dout, cache):
    """dout (N, M). Returns dX (N, D), dW (D, M), db (M,)."""
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


def two_layer_forward(X, params):
    """X (N, D). Returns out (N, K) and a dict cache."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    z2 = a1 @ W2 + b2
    out = sigmoid(z2)
    cache = {"X": X, "W1": W1, "W2": W2, "z1": z1, "a1": a1, "z2": z2, "out": out}
    return out, cache


def two_layer_backward(dout, cache):
    """dout (N, K). Returns the gradients W1 (D, H), b1 (H,), W2 (H, K), b2 (K,)."""
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    da1 = dz2 @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    return {
        "W1": X.T @ dz1,
        "b1": dz1.sum(axis=0),
        "W2": a1.T @ dz2,
        "b2": dz2.sum(axis=0),
    }


def gradient_check(f, w, analytic, h=1e-5):
    """The largest relative error |a - n| / max(|a| + |n|, 1e-3 scale + 1e-12)."""
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    floor = 1e-3 * scale + 1e-12
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


def tanh_forward(z):
    """Returns (t, t) with t = tanh(z): the cache is the output."""
    t = np.tanh(z)
    return t, t


def tanh_backward(dout, cache):
    """cache = t. Returns dout * (1 - t^2)."""
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

# ---------------------------------------------------------------- bugs


def sigmoid__textbook(z):
    # fault: the textbook formula as is: exp(-z) overflows (a warning) for z = -1000
    return 1 / (1 + np.exp(-z))


def sigmoid__lost_minus(z):
    # fault: 1 / (1 + exp(z)): the minus sign is lost (a decreasing curve)
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z <= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid__branches_swapped(z):
    # fault: the two stable forms put on the wrong sides: exp overflows on both
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, np.exp(z) / (1 + np.exp(z)), 1 / (1 + np.exp(-z)))


def sigmoid_forward__caches_z(z):
    # fault: caches the input z, but the backward pass reads the cache as s
    s = sigmoid(z)
    return s, z


def sigmoid_forward__no_cache(z):
    # fault: returns only out, no (out, cache) pair
    return sigmoid(z)


def sigmoid_forward__z_as_out(z):
    # fault: returns (z, s): z where the output a = sigmoid(z) belongs
    s = sigmoid(z)
    return z, s


def sigmoid_backward__no_dout(dout, cache):
    # fault: only the local derivative, dout never multiplied in
    return cache * (1 - cache)


def sigmoid_backward__sigmoid_again(dout, cache):
    # fault: treats the cache as z and applies the sigmoid to s again
    s = sigmoid(cache)
    return dout * s * (1 - s)


def sigmoid_backward__tanh_slope(dout, cache):
    # fault: 1 - s^2 is tanh's derivative, not the sigmoid's
    return dout * (1 - cache**2)


def linear_forward__no_bias(X, W, b):
    # fault: forgot + b
    return X @ W, (X, W, b)


def linear_forward__math_order(X, W, b):
    # fault: W^T x written for the batch, which gives out transposed (M, N)
    out = W.T @ X.T + b.reshape(-1, 1)
    return out, (X, W, b)


def linear_forward__cache_without_X(X, W, b):
    # fault: caches only (W, b): the backward pass cannot find X
    return X @ W + b, (W, b)


def linear_backward__db_mean(dout, cache):
    # fault: db averaged over the batch instead of summed
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, dout.mean(axis=0)


def linear_backward__dW_transposed(dout, cache):
    # fault: dW = dout^T X, shape (M, D): the transpose of the right one
    X, W, _ = cache
    return dout @ W.T, dout.T @ X, dout.sum(axis=0)


def linear_backward__db_wrong_axis(dout, cache):
    # fault: db summed over axis 1 (per example) instead of axis 0
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=1)


def linear_backward__dX_without_T(dout, cache):
    # fault: dX = dout @ W, the transpose forgotten
    X, W, _ = cache
    return dout @ W, X.T @ dout, dout.sum(axis=0)


def two_layer_forward__logits_out(X, params):
    # fault: out = z2: no sigmoid on the output layer
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    z2 = a1 @ W2 + b2
    cache = {"X": X, "W1": W1, "W2": W2, "z1": z1, "a1": a1, "z2": z2, "out": sigmoid(z2)}
    return z2, cache


def two_layer_forward__z1_into_layer2(X, params):
    # fault: layer 2 takes z1, the weighted sum, where a1 = sigmoid(z1) belongs
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    z2 = z1 @ W2 + b2
    out = sigmoid(z2)
    cache = {"X": X, "W1": W1, "W2": W2, "z1": z1, "a1": a1, "z2": z2, "out": out}
    return out, cache


def two_layer_forward__no_b1(X, params):
    # fault: forgot the hidden bias b1
    W1, W2, b2 = params["W1"], params["W2"], params["b2"]
    z1 = X @ W1
    a1 = sigmoid(z1)
    z2 = a1 @ W2 + b2
    out = sigmoid(z2)
    cache = {"X": X, "W1": W1, "W2": W2, "z1": z1, "a1": a1, "z2": z2, "out": out}
    return out, cache


def two_layer_forward__caches_z1_as_a1(X, params):
    # fault: out is right, but the cache stores z1 under "a1" (read at the wrong place)
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    z2 = a1 @ W2 + b2
    out = sigmoid(z2)
    cache = {"X": X, "W1": W1, "W2": W2, "z1": z1, "a1": z1, "z2": z2, "out": out}
    return out, cache


def two_layer_backward__no_output_slope(dout, cache):
    # fault: skips the output sigmoid's derivative: dz2 = dout
    X, W2, a1 = cache["X"], cache["W2"], cache["a1"]
    dz2 = dout
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def two_layer_backward__slope_of_a1(dout, cache):
    # fault: the hidden slope taken at sigmoid(a1), the sigmoid applied twice
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    s = 1 / (1 + np.exp(-a1))
    dz1 = (dz2 @ W2.T) * s * (1 - s)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def two_layer_backward__mean_biases(dout, cache):
    # fault: bias gradients averaged over the batch instead of summed
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.mean(0), "W2": a1.T @ dz2, "b2": dz2.mean(0)}


def two_layer_backward__dout_to_hidden(dout, cache):
    # fault: the hidden layer gets dout @ W2.T: dout used where dz2 belongs
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dout @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def gradient_check__mean(f, w, analytic, h=1e-5):
    # fault: the mean of the relative errors, not the largest
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    floor = 1e-3 * scale + 1e-12
    return float(np.mean(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


def gradient_check__no_floor(f, w, analytic, h=1e-5):
    # fault: no floor under the denominator: 0 / 0 = nan where both gradients are 0
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))


def gradient_check__default_step(f, w, analytic, h=1e-5):
    # fault: h is not passed on: numerical_gradient always uses its default step
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    floor = 1e-3 * scale + 1e-12
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


def gradient_check__absolute(f, w, analytic, h=1e-5):
    # fault: the largest absolute difference, not divided by anything
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n)))


def tanh_forward__caches_z(z):
    # fault: caches z, but the backward pass reads the cache as t
    return np.tanh(z), z


def tanh_forward__from_sigmoid(z):
    # fault: 2 sigmoid(z) - 1 is tanh(z / 2), not tanh(z)
    t = 2 * sigmoid(z) - 1
    return t, t


def tanh_forward__by_hand(z):
    # fault: (e^z - e^-z) / (e^z + e^-z) as written: inf / inf = nan for |z| large
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return t, t


def tanh_backward__no_square(dout, cache):
    # fault: 1 - t instead of 1 - t^2
    return dout * (1 - cache)


def tanh_backward__sigmoid_slope(dout, cache):
    # fault: t (1 - t), the sigmoid's derivative rule, for tanh
    return dout * cache * (1 - cache)


def tanh_backward__tanh_again(dout, cache):
    # fault: treats the cache as z and takes tanh of t again
    t = np.tanh(cache)
    return dout * (1 - t**2)


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
        bug(sigmoid__textbook, "1 / (1 + exp(-z)): overflow warning at z = -1000", "stability"),
        bug(sigmoid__lost_minus, "1 / (1 + exp(z))", "sign"),
        bug(sigmoid__branches_swapped, "stable branches swapped: overflow", "stability"),
        bug(sigmoid_forward__caches_z, "caches z where the backward reads s", "cache"),
        bug(sigmoid_forward__no_cache, "returns out alone, no (out, cache)", "return-structure"),
        bug(sigmoid_forward__z_as_out, "returns (z, s): z as the output", "wrong-var"),
        bug(sigmoid_backward__no_dout, "dout not multiplied in", "missing-factor"),
        bug(sigmoid_backward__sigmoid_again, "sigmoid of the cached s", "cache"),
        bug(sigmoid_backward__tanh_slope, "1 - s^2: tanh's derivative", "wrong-derivative"),
        bug(linear_forward__no_bias, "forgot + b", "missing-term"),
        bug(linear_forward__math_order, "W^T X^T: out transposed (M, N)", "transpose"),
        bug(linear_forward__cache_without_X, "cache lacks X", "cache"),
        bug(linear_backward__db_mean, "db is a mean over the batch", "normalisation"),
        bug(linear_backward__dW_transposed, "dW = dout^T X, shape (M, D)", "transpose"),
        bug(linear_backward__db_wrong_axis, "db summed over axis 1", "axis"),
        bug(linear_backward__dX_without_T, "dX = dout @ W", "transpose"),
        bug(two_layer_forward__logits_out, "out = z2, no output sigmoid", "no-activation"),
        bug(two_layer_forward__z1_into_layer2, "layer 2 fed z1, not a1", "wrong-var"),
        bug(two_layer_forward__no_b1, "forgot b1", "missing-term"),
        bug(two_layer_forward__caches_z1_as_a1, "cache holds z1 under a1", "cache"),
        bug(two_layer_backward__no_output_slope, "dz2 = dout: output slope skipped", "chain"),
        bug(two_layer_backward__slope_of_a1, "hidden slope at sigmoid(a1)", "wrong-derivative"),
        bug(two_layer_backward__mean_biases, "db1, db2 averaged", "normalisation"),
        bug(two_layer_backward__dout_to_hidden, "dout @ W2.T instead of dz2 @ W2.T", "chain"),
        bug(gradient_check__mean, "mean instead of max", "reduction"),
        bug(gradient_check__no_floor, "no floor: nan where both are 0", "nan"),
        bug(gradient_check__default_step, "h not passed to numerical_gradient", "argument"),
        bug(gradient_check__absolute, "absolute, not relative error", "formula"),
        bug(tanh_forward__caches_z, "caches z where the backward reads t", "cache"),
        bug(tanh_forward__from_sigmoid, "2 sigmoid(z) - 1 = tanh(z / 2)", "formula"),
        bug(tanh_forward__by_hand, "exp formula: nan for large |z|", "stability"),
        bug(tanh_backward__no_square, "1 - t", "wrong-derivative"),
        bug(tanh_backward__sigmoid_slope, "t (1 - t)", "wrong-derivative"),
        bug(tanh_backward__tanh_again, "tanh of the cached t", "cache"),
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
    rng = np.random.default_rng(4)
    z, dout = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    # backward passes against central differences of sum(dout * forward(z))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        got = bwd(dout, fwd(z)[1])
        assert np.allclose(got, _numeric(lambda v, fwd=fwd: np.sum(dout * fwd(v)[0]), z))
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    out, cache = linear_forward(X, W, b)
    assert np.allclose(out[1], [X[1] @ W[:, 0] + b[0], X[1] @ W[:, 1] + b[1]])
    dout = rng.normal(size=(4, 2))
    dX, dW, db = linear_backward(dout, cache)
    assert np.allclose(dX, _numeric(lambda v: np.sum(dout * linear_forward(v, W, b)[0]), X))
    assert np.allclose(dW, _numeric(lambda v: np.sum(dout * linear_forward(X, v, b)[0]), W))
    assert np.allclose(db, _numeric(lambda v: np.sum(dout * linear_forward(X, W, v)[0]), b))
    params = {
        "W1": rng.normal(size=(3, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 2)),
        "b2": rng.normal(size=2),
    }
    out, cache = two_layer_forward(X, params)
    assert np.allclose(
        out, sigmoid(sigmoid(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"])
    )
    grads = two_layer_backward(dout, cache)
    for key in params:

        def loss(v, key=key):
            return np.sum(dout * two_layer_forward(X, {**params, key: v})[0])

        assert np.allclose(grads[key], _numeric(loss, params[key]), atol=1e-8)
    # gradient_check: f = sum(w^2), true gradient 2 w. Analytic 2 w + (0, 0.1, 0): the
    # errors are 0, 0.1 / (|2.1| + |2|) = 0.0244, 0; a = 0 = n at entry 3 adds nothing.
    w = np.array([0.5, 1.0, -2.0, 0.0])
    err = gradient_check(lambda v: np.sum(v**2), w, 2 * w + [0.0, 0.1, 0.0, 0.0])
    assert np.isclose(err, 0.1 / 4.1, rtol=1e-6)
    assert gradient_check(lambda v: np.sum(v**2), w, 2 * w) < 1e-8


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
