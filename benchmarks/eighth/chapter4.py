"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check and the tanh layer.

Cache formats of the correct versions: sigmoid_forward caches its output s,
linear_forward (X, W, b), two_layer_forward a dict (X, W1, W2, a1, out), tanh_forward its
output t. A forward bug runs with the correct backward pass, a backward bug with the
correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.eighth import bug, correct, paired
from benchmarks.eighth.chapter3 import numerical_gradient

# ---------------------------------------------------------------- correct versions


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
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
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=0)


def two_layer_forward(X, params):
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_backward(dout, cache):
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1.0 - a1)
    return {
        "W1": X.T @ dz1,
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def gradient_check(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    floor = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max(np.abs(a - n) / floor))


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


def sigmoid__float32(z):
    # fault: cast to float32 "like PyTorch tensors" to save memory
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid__clipped_output(z):
    # fault: the output clipped to [1e-7, 1 - 1e-7] "so that a later log never sees 0"
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.clip(np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)), 1e-7, 1 - 1e-7)


def sigmoid_forward__swapped(z):
    # fault: returns (cache, out) with the cache z: the tuple in the wrong order
    s = sigmoid(z)
    return z, s


def sigmoid_forward__cache_none(z):
    # fault: left half done: the cache placeholder None kept
    return sigmoid(z), None


def sigmoid_backward__np_dot(dout, cache):
    # fault: np.dot(dout, s * (1 - s)), a matrix product for an entry-by-entry product
    s = cache
    return np.dot(dout, s * (1.0 - s))


def sigmoid_backward__tanh_slope(dout, cache):
    # fault: the derivative of tanh, 1 - s^2, used for the sigmoid
    s = cache
    return dout * (1.0 - s**2)


def linear_forward__torch_weight(X, W, b):
    # fault: PyTorch's F.linear pasted: X @ W.T, for a weight stored (out, in)
    return X @ W.T + b, (X, W, b)


def linear_forward__bias_column(X, W, b):
    # fault: the bias reshaped to a column (M, 1) as in the column-vector equations
    return X @ W + b.reshape(-1, 1), (X, W, b)


def linear_backward__db_mean(dout, cache):
    # fault: db averaged over the batch (np.mean) where the sum is needed
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.mean(dout, axis=0)


def linear_backward__db_keepdims(dout, cache):
    # fault: db summed with keepdims=True: shape (1, M), not (M,)
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=0, keepdims=True)


def linear_backward__order(dout, cache):
    # fault: returns (dW, dX, db), the order of the weights first
    X, W, b = cache
    return X.T @ dout, dout @ W.T, np.sum(dout, axis=0)


def linear_backward__dW_over_N(dout, cache):
    # fault: dW divided by N again "to average over the batch"
    X, W, b = cache
    return dout @ W.T, X.T @ dout / X.shape[0], np.sum(dout, axis=0)


def two_layer_forward__torch_layout(X, params):
    # fault: weights read as (out, in): X @ W1.T and a1 @ W2.T
    a1 = sigmoid(X @ params["W1"].T + params["b1"])
    out = sigmoid(a1 @ params["W2"].T + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_forward__linear_output(X, params):
    # fault: no sigmoid on the output layer (a Keras Dense without activation)
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = a1 @ params["W2"] + params["b2"]
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_backward__output_slope_in_hidden(dout, cache):
    # fault: the output's derivative out (1 - out) used at the hidden layer too
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2.T) * out * (1.0 - out)
    return {
        "W1": X.T @ dz1,
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def two_layer_backward__W2_not_transposed(dout, cache):
    # fault: dz2 @ W2, the .T forgotten
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2) * a1 * (1.0 - a1)
    return {
        "W1": X.T @ dz1,
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def two_layer_backward__W1_placeholder(dout, cache):
    # fault: left half done: the gradient of W1 still the zeros it started as
    W1, W2, a1, out = cache["W1"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1.0 - a1)
    return {
        "W1": np.zeros_like(W1),
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def two_layer_backward__batch_mean_again(dout, cache):
    # fault: every gradient divided by N, though dout already carries the 1/N of the loss
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    n = X.shape[0]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1.0 - a1)
    return {
        "W1": X.T @ dz1 / n,
        "b1": np.sum(dz1, axis=0) / n,
        "W2": a1.T @ dz2 / n,
        "b2": np.sum(dz2, axis=0) / n,
    }


def two_layer_backward__dW1_out_by_in(dout, cache):
    # fault: dW1 = dz1.T @ X, PyTorch's (out, in) layout: shape (H, D)
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1.0 - a1)
    return {
        "W1": dz1.T @ X,
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def two_layer_backward__dout_in_place(dout, cache):
    # fault: dout *= out (1 - out) to save memory: the caller's dout is changed
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dout *= out * (1.0 - out)
    dz1 = (dout @ W2.T) * a1 * (1.0 - a1)
    return {
        "W1": X.T @ dz1,
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dout,
        "b2": np.sum(dout, axis=0),
    }


def gradient_check__norm_ratio(f, w, analytic, h=1e-5):
    # fault: CS231n's norm(a - n) / (norm(a) + norm(n)), one ratio for all entries
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))


def gradient_check__no_floor(f, w, analytic, h=1e-5):
    # fault: left half done: the floor of the denominator never written
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))


def tanh_forward__in_place(z):
    # fault: np.tanh(z, out=z) to save memory: the caller's z is overwritten
    t = np.tanh(z, out=z)
    return t, t


def tanh_forward__no_cache(z):
    # fault: left half done: only the output returned, no cache
    return np.tanh(z)


def tanh_backward__sigmoid_slope(dout, cache):
    # fault: the sigmoid's derivative t (1 - t) used for tanh
    return dout * cache * (1.0 - cache)


def tanh_backward__no_return(dout, cache):
    # fault: left half done: dz computed and never returned
    dz = dout * (1.0 - cache**2)  # noqa: F841 (the fault)


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
        bug(sigmoid__float32, "Computed in float32.", "web-paste"),
        bug(sigmoid__clipped_output, "Output clipped to [1e-7, 1 - 1e-7].", "defensive"),
        bug(sigmoid_forward__swapped, "Returns (z, s): the tuple swapped.", "half-done"),
        bug(sigmoid_forward__cache_none, "Cache None.", "half-done"),
        bug(sigmoid_backward__np_dot, "np.dot instead of *.", "web-paste"),
        bug(sigmoid_backward__tanh_slope, "tanh's derivative used.", "wrong-layer"),
        bug(linear_forward__torch_weight, "X @ W.T.", "web-paste"),
        bug(linear_forward__bias_column, "Bias as a column (M, 1).", "broadcast"),
        bug(linear_backward__db_mean, "db is the mean, not the sum.", "wrong-reduction"),
        bug(linear_backward__db_keepdims, "db of shape (1, M).", "keepdims"),
        bug(linear_backward__order, "Returns (dW, dX, db).", "half-done"),
        bug(linear_backward__dW_over_N, "dW divided by N.", "web-paste"),
        bug(two_layer_forward__torch_layout, "Weights read as (out, in).", "web-paste"),
        bug(two_layer_forward__linear_output, "No output sigmoid.", "half-done"),
        bug(
            two_layer_backward__output_slope_in_hidden,
            "out (1 - out) at the hidden layer.",
            "wrong-layer",
        ),
        bug(two_layer_backward__W2_not_transposed, "dz2 @ W2 without .T.", "transpose"),
        bug(two_layer_backward__W1_placeholder, "dW1 left as zeros.", "half-done"),
        bug(two_layer_backward__batch_mean_again, "Every gradient divided by N.", "web-paste"),
        bug(two_layer_backward__dW1_out_by_in, "dW1 of shape (H, D).", "transpose"),
        bug(two_layer_backward__dout_in_place, "dout changed in place.", "in-place"),
        bug(gradient_check__norm_ratio, "One norm ratio, not per entry.", "web-paste"),
        bug(gradient_check__no_floor, "No floor in the denominator.", "half-done"),
        bug(tanh_forward__in_place, "z overwritten by np.tanh(z, out=z).", "in-place"),
        bug(tanh_forward__no_cache, "Returns only the output.", "half-done"),
        bug(tanh_backward__sigmoid_slope, "The sigmoid's derivative used.", "wrong-layer"),
        bug(tanh_backward__no_return, "No return statement.", "half-done"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4, sigmoid(0) = 1/2; no warning far out
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        got = sigmoid(np.array([np.log(3.0), -np.log(3.0), 0.0, -1000.0, 1000.0]))
    assert np.allclose(got, [0.75, 0.25, 0.5, 0.0, 1.0], rtol=0, atol=1e-15)
    rng = np.random.default_rng(8)
    z, dout = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        expected = numerical_gradient(lambda v, fwd=fwd: np.sum(dout * fwd(v)[0]), z, 1e-6)
        assert np.allclose(bwd(dout, fwd(z)[1]), expected, atol=1e-8)
    # X (2, 3), W (3, 2) by hand: row 0 is (1 + 0 + 3, 0 + 2 + 0) + b
    X = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    b = np.array([0.5, -0.5])
    out, cache = linear_forward(X, W, b)
    assert np.allclose(out, [[4.5, 1.5], [1.5, -1.5]])
    d = rng.normal(size=(2, 2))
    dX, dW, db = linear_backward(d, cache)
    assert np.allclose(dX, numerical_gradient(lambda v: np.sum(d * (v @ W + b)), X, 1e-6))
    assert np.allclose(dW, numerical_gradient(lambda v: np.sum(d * (X @ v + b)), W, 1e-6))
    assert np.allclose(db, numerical_gradient(lambda v: np.sum(d * (X @ W + v)), b, 1e-6))
    # D = 3, H = 5, K = 2, N = 4: shapes all different
    params = {
        "W1": rng.normal(size=(3, 5)),
        "b1": rng.normal(size=5),
        "W2": rng.normal(size=(5, 2)),
        "b2": rng.normal(size=2),
    }
    X = rng.normal(size=(4, 3))
    out, cache = two_layer_forward(X, params)
    hidden = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    assert np.allclose(out, 1 / (1 + np.exp(-(hidden @ params["W2"] + params["b2"]))))
    d = rng.normal(size=(4, 2))
    grads = two_layer_backward(d, cache)
    for key in params:

        def loss(v, key=key):
            return np.sum(d * two_layer_forward(X, {**params, key: v})[0])

        assert grads[key].shape == params[key].shape
        assert np.allclose(grads[key], numerical_gradient(loss, params[key], 1e-6), atol=1e-8)
    # f = sum(w^2) at w = (1, -2, 0): gradient (2, -4, 0). Analytic (2, -3, 0): errors 0,
    # 1/7 and 0 (the zero entry meets the floor 1e-3 * 4).
    w = np.array([1.0, -2.0, 0.0])
    assert np.isclose(gradient_check(lambda v: np.sum(v**2), w, [2.0, -3.0, 0.0]), 1 / 7)
    assert gradient_check(lambda v: np.sum(v**2), w, 2 * w) < 1e-8
    assert np.isclose(gradient_check(lambda v: np.sum(v**2), w, -2 * w), 1.0)


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
