"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check and the tanh layer.

Cache formats of the correct versions: sigmoid_forward caches its output s,
linear_forward (X, W, b), two_layer_forward a dict (X, W1, W2, a1, out), tanh_forward its
output t. A forward bug runs with the correct backward pass, a backward bug with the
correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.sixth import bug, correct, paired
from benchmarks.sixth.chapter3 import numerical_gradient

# ---------------------------------------------------------------- correct versions


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def sigmoid_forward(z):
    s = sigmoid(z)
    return s, s


def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


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
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
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

# ---------------------------------------------------------------- bugs


def sigmoid__where_both(z):
    # fault: np.where evaluates both formulas everywhere: exp overflows (warning) far out
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid__exp_ratio(z):
    # fault: exp(z) / (1 + exp(z)) alone: inf / inf = nan for large z
    e = np.exp(z)
    return e / (1 + e)


def sigmoid__tanh_without_half(z):
    # fault: (1 + tanh(z)) / 2, the identity recalled without the z / 2: sigmoid(2 z)
    return (1 + np.tanh(z)) / 2


def sigmoid_forward__caches_z(z):
    # fault: caches z; the backward pass reads the cache as s
    return sigmoid(z), z


def sigmoid_forward__caches_slope(z):
    # fault: caches s (1 - s), "what the backward pass needs", where the backward reads s
    s = sigmoid(z)
    return s, s * (1 - s)


def sigmoid_forward__inline_formula(z):
    # fault: 1 / (1 + exp(-z)) written again instead of calling the stable sigmoid
    s = 1 / (1 + np.exp(-z))
    return s, s


def sigmoid_backward__cache_as_z(dout, cache):
    # fault: applies sigmoid to the cache, read as z although it holds s
    s = sigmoid(cache)
    return dout * s * (1 - s)


def sigmoid_backward__no_dout(dout, cache):
    # fault: returns the local slope s (1 - s), dout not multiplied in
    return cache * (1 - cache)


def sigmoid_backward__tanh_slope(dout, cache):
    # fault: dout (1 - s^2), tanh's derivative
    return dout * (1 - cache**2)


def sigmoid_backward__batch_mean(dout, cache):
    # fault: divides by the batch size "to average over examples"
    return dout * cache * (1 - cache) / len(dout)


def linear_forward__column_vectors(X, W, b):
    # fault: the article's W x with column vectors: (W.T X.T) gives out transposed (M, N)
    return W.T @ X.T + b.reshape(-1, 1), (X, W, b)


def linear_forward__bias_column(X, W, b):
    # fault: b reshaped to a column (M, 1): adds b[n] to row n; runs only when N = M
    return X @ W + b.reshape(-1, 1), (X, W, b)


def linear_forward__W_transposed(X, W, b):
    # fault: X @ W.T, W read as (M, D) as in w_jk (to, from); runs only when D = M
    return X @ W.T + b, (X, W, b)


def linear_backward__db_mean(dout, cache):
    # fault: db as the mean over the batch
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.mean(dout, axis=0)


def linear_backward__dW_transposed(dout, cache):
    # fault: dW = dout.T @ X, shape (M, D)
    X, W, _ = cache
    return dout @ W.T, dout.T @ X, np.sum(dout, axis=0)


def linear_backward__order(dout, cache):
    # fault: returns (dW, db, dX): parameters first
    X, W, _ = cache
    return X.T @ dout, np.sum(dout, axis=0), dout @ W.T


def linear_backward__db_keepdims(dout, cache):
    # fault: db with keepdims, shape (1, M) instead of (M,)
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=0, keepdims=True)


def linear_backward__db_total(dout, cache):
    # fault: db = np.sum(dout), one number summed over every axis
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.sum(dout)


def two_layer_forward__no_hidden_sigmoid(X, params):
    # fault: the hidden layer has no activation: a1 = z1
    a1 = X @ params["W1"] + params["b1"]
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_forward__W1_transposed(X, params):
    # fault: X @ W1.T; runs only when D = H
    a1 = sigmoid(X @ params["W1"].T + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_forward__b1_in_layer2(X, params):
    # fault: the first line copied for the second with b1 kept; runs only when H = K
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b1"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": a1, "out": out}


def two_layer_forward__caches_z1(X, params):
    # fault: caches the hidden pre-activation z1 under "a1"
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "W1": params["W1"], "W2": params["W2"], "a1": z1, "out": out}


def two_layer_backward__no_output_slope(dout, cache):
    # fault: dz2 = dout, the softmax-cross-entropy shortcut copied; sigmoid's slope left out
    X, W2, a1 = cache["X"], cache["W2"], cache["a1"]
    dz2 = dout
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def two_layer_backward__sigmoid_of_a1(dout, cache):
    # fault: sigma'(a1) = sigmoid(a1)(1 - sigmoid(a1)): the formula sigma'(z) applied to a
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    s = sigmoid(a1)
    dz1 = (dz2 @ W2.T) * s * (1 - s)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def two_layer_backward__dW2_transposed(dout, cache):
    # fault: dW2 = dz2.T @ a1, shape (K, H)
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": dz2.T @ a1, "b2": dz2.sum(0)}


def two_layer_backward__bias_means(dout, cache):
    # fault: db1 and db2 as means over the batch
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.mean(0), "W2": a1.T @ dz2, "b2": dz2.mean(0)}


def two_layer_backward__dout_in_place(dout, cache):
    # fault: dout *= out (1 - out) changes the caller's dout
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dout *= out * (1 - out)
    dz1 = (dout @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dout, "b2": dout.sum(0)}


def two_layer_backward__clipped(dout, cache):
    # fault: every gradient clipped to [-1, 1] "to keep training stable"
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    grads = {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}
    return {k: np.clip(g, -1.0, 1.0) for k, g in grads.items()}


def two_layer_backward__skips_dz2(dout, cache):
    # fault: sends dout (not dz2) back to the hidden layer
    X, W2, a1, out = cache["X"], cache["W2"], cache["a1"], cache["out"]
    dz2 = dout * out * (1 - out)
    dz1 = (dout @ W2.T) * a1 * (1 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}


def gradient_check__default_h(f, w, analytic, h=1e-5):
    # fault: numerical_gradient(f, w) without h
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    denom = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max(np.abs(a - n) / denom))


def gradient_check__signed(f, w, analytic, h=1e-5):
    # fault: (a - n) without abs: the largest signed error, a negative one lost
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    denom = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max((a - n) / denom))


def gradient_check__mean(f, w, analytic, h=1e-5):
    # fault: the mean relative error, not the largest
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    denom = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.mean(np.abs(a - n) / denom))


def gradient_check__epsilon_floor(f, w, analytic, h=1e-5):
    # fault: |a| + |n| + 1e-12 instead of the floor 1e-3 * scale: near-zero entries blow up
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n) + 1e-12)))


def gradient_check__per_entry(f, w, analytic, h=1e-5):
    # fault: returns the array of relative errors, not the largest
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)


def tanh_forward__caches_z(z):
    # fault: caches z where the backward pass reads t
    return np.tanh(z), z


def tanh_forward__exp_formula(z):
    # fault: (e^z - e^-z) / (e^z + e^-z) by hand: overflow, inf / inf = nan far out
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)), np.tanh(z)


def tanh_forward__sigmoid_copied(z):
    # fault: the sigmoid layer copied and the function not changed
    s = sigmoid(z)
    return s, s


def tanh_backward__sigmoid_slope(dout, cache):
    # fault: dout t (1 - t), the sigmoid layer's derivative kept
    return dout * cache * (1 - cache)


def tanh_backward__cache_as_z(dout, cache):
    # fault: tanh applied again to the cache, read as z
    t = np.tanh(cache)
    return dout * (1 - t**2)


def tanh_backward__no_square(dout, cache):
    # fault: dout (1 - t)
    return dout * (1 - cache)


def tanh_backward__sign(dout, cache):
    # fault: dout (t^2 - 1)
    return dout * (cache**2 - 1)


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
        bug(sigmoid__where_both, "np.where computes both branches: overflow", "stability"),
        bug(sigmoid__exp_ratio, "exp(z) / (1 + exp(z)): nan far out", "stability"),
        bug(sigmoid__tanh_without_half, "(1 + tanh z) / 2 = sigmoid(2 z)", "formula"),
        bug(sigmoid_forward__caches_z, "caches z, backward reads s", "cache"),
        bug(sigmoid_forward__caches_slope, "caches s (1 - s)", "cache"),
        bug(sigmoid_forward__inline_formula, "unstable formula inline", "stability"),
        bug(sigmoid_backward__cache_as_z, "sigmoid of the cached s", "cache"),
        bug(sigmoid_backward__no_dout, "dout not multiplied in", "missing-factor"),
        bug(sigmoid_backward__tanh_slope, "1 - s^2", "wrong-derivative"),
        bug(sigmoid_backward__batch_mean, "divided by the batch size", "normalisation"),
        bug(linear_forward__column_vectors, "W.T X.T: output (M, N)", "transpose"),
        bug(linear_forward__bias_column, "b as a column", "broadcast"),
        bug(linear_forward__W_transposed, "X @ W.T", "transpose"),
        bug(linear_backward__db_mean, "db mean over the batch", "normalisation"),
        bug(linear_backward__dW_transposed, "dW = dout.T @ X", "transpose"),
        bug(linear_backward__order, "returns (dW, db, dX)", "order"),
        bug(linear_backward__db_keepdims, "db shape (1, M)", "shape"),
        bug(linear_backward__db_total, "db summed over every axis", "axis"),
        bug(two_layer_forward__no_hidden_sigmoid, "a1 = z1", "no-activation"),
        bug(two_layer_forward__W1_transposed, "X @ W1.T", "transpose"),
        bug(two_layer_forward__b1_in_layer2, "b1 in the second layer", "copy-paste"),
        bug(two_layer_forward__caches_z1, "z1 cached as a1", "cache"),
        bug(two_layer_backward__no_output_slope, "dz2 = dout", "missing-term"),
        bug(two_layer_backward__sigmoid_of_a1, "sigmoid'(a1) for sigmoid'(z1)", "wrong-derivative"),
        bug(two_layer_backward__dW2_transposed, "dW2 = dz2.T @ a1", "transpose"),
        bug(two_layer_backward__bias_means, "bias gradients as means", "normalisation"),
        bug(two_layer_backward__dout_in_place, "dout *= ...: caller's dout changed", "in-place"),
        bug(two_layer_backward__clipped, "gradients clipped to [-1, 1]", "defensive"),
        bug(two_layer_backward__skips_dz2, "dout sent back, not dz2", "chain"),
        bug(gradient_check__default_h, "h not passed on", "argument"),
        bug(gradient_check__signed, "signed error, no abs", "sign"),
        bug(gradient_check__mean, "mean, not max", "reduction"),
        bug(gradient_check__epsilon_floor, "1e-12 instead of the floor", "boundary"),
        bug(gradient_check__per_entry, "returns the array of errors", "return-structure"),
        bug(tanh_forward__caches_z, "caches z, backward reads t", "cache"),
        bug(tanh_forward__exp_formula, "tanh by hand: overflow", "stability"),
        bug(tanh_forward__sigmoid_copied, "sigmoid, not tanh", "copy-paste"),
        bug(tanh_backward__sigmoid_slope, "t (1 - t)", "wrong-derivative"),
        bug(tanh_backward__cache_as_z, "tanh of the cached t", "cache"),
        bug(tanh_backward__no_square, "1 - t", "formula"),
        bug(tanh_backward__sign, "t^2 - 1", "sign"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4, sigmoid(-ln 3) = 1/4; quiet far out
    assert np.allclose(sigmoid(np.array([0.0, np.log(3), -np.log(3)])), [0.5, 0.75, 0.25])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.array_equal(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])
    rng = np.random.default_rng(6)
    z, dout = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        num = numerical_gradient(lambda v, fwd=fwd: np.sum(dout * fwd(v)[0]), z, 1e-6)
        assert np.allclose(bwd(dout, fwd(z)[1]), num)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    out, cache = linear_forward(X, W, b)
    assert np.isclose(out[4, 1], X[4, 0] * W[0, 1] + X[4, 1] * W[1, 1] + X[4, 2] * W[2, 1] + b[1])
    dout = rng.normal(size=(5, 2))
    dX, dW, db = linear_backward(dout, cache)
    for got, arg in [(dX, 0), (dW, 1), (db, 2)]:
        args = [X, W, b]

        def loss(v, arg=arg, args=args):
            return np.sum(
                dout * linear_forward(*[v if i == arg else a for i, a in enumerate(args)])[0]
            )

        assert np.allclose(got, numerical_gradient(loss, args[arg], 1e-6))
    params = {
        "W1": rng.normal(size=(3, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 2)),
        "b2": rng.normal(size=2),
    }
    out, cache = two_layer_forward(X, params)
    h = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    assert np.allclose(out, 1 / (1 + np.exp(-(h @ params["W2"] + params["b2"]))))
    grads = two_layer_backward(dout, cache)
    for key in params:

        def loss2(v, key=key):
            return np.sum(dout * two_layer_forward(X, {**params, key: v})[0])

        assert np.allclose(grads[key], numerical_gradient(loss2, params[key], 1e-6), atol=1e-8)
    # f = sum(w^2), gradient 2 w; analytic off by 0.1 at entry 2: 0.1 / (2.1 + 2) = 1 / 41
    w = np.array([0.5, 1.0, -2.0, 0.0])
    err = gradient_check(lambda v: np.sum(v**2), w, 2 * w + [0.0, 0.1, 0.0, 0.0])
    assert np.isclose(err, 1 / 41, rtol=1e-6)
    # at w = 0 (numerical 0), analytic 1e-6: floor 1e-3 * 4 -> 2.5e-4
    err = gradient_check(lambda v: np.sum(v**2), w, 2 * w + [0.0, 0.0, 0.0, 1e-6])
    assert np.isclose(err, 1e-6 / 4e-3, rtol=1e-4)


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
