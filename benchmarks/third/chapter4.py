"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check, the tanh layer."""

import numpy as np

from benchmarks.third import Bug, in_notebook, paired
from benchmarks.third.chapter3 import numerical_gradient


def _b(impl, cause, kind, **kw):
    function, name = impl.__name__.split("__")
    return Bug(function, name, impl, cause, kind, **kw)


# ---------------------------------------------------------------- correct versions
# Caches: sigmoid_forward and tanh_forward keep their output; linear_forward (X, W, b);
# two_layer_forward the four caches of its layers, in order.


@in_notebook
def sigmoid(z):
    """z any shape -> 1 / (1 + exp(-z)), without overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never above 1
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@in_notebook
def sigmoid_forward(z):
    s = sigmoid(z)
    return s, s


@in_notebook
def sigmoid_backward(dout, cache):
    return dout * cache * (1 - cache)


@in_notebook
def linear_forward(X, W, b):
    """X (N, D), W (D, M), b (M,) -> ((N, M), cache)."""
    return X @ W + b, (X, W, b)


@in_notebook
def linear_backward(dout, cache):
    """dout (N, M) -> dX (N, D), dW (D, M), db (M,)."""
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


@in_notebook
def two_layer_forward(X, params):
    """X (N, D) -> out (N, K) and the layers' caches."""
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, c2 = sigmoid_forward(z1)
    z2, c3 = linear_forward(a1, params["W2"], params["b2"])
    out, c4 = sigmoid_forward(z2)
    return out, (c1, c2, c3, c4)


@in_notebook
def two_layer_backward(dout, cache):
    """dout (N, K) -> dict of gradients W1 (D, H), b1 (H,), W2 (H, K), b2 (K,)."""
    c1, c2, c3, c4 = cache
    dz2 = sigmoid_backward(dout, c4)
    da1, dW2, db2 = linear_backward(dz2, c3)
    dz1 = sigmoid_backward(da1, c2)
    _, dW1, db1 = linear_backward(dz1, c1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def gradient_check(f, w, analytic, h=1e-5):
    """The largest relative error between analytic and central differences."""
    a = np.asarray(analytic, dtype=float)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(n), initial=0.0))
    floor = 1e-3 * scale + 1e-12
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


@in_notebook
def tanh_forward(z):
    t = np.tanh(z)
    return t, t


@in_notebook
def tanh_backward(dout, cache):
    return dout * (1 - cache**2)


CORRECT = {
    "sigmoid": sigmoid,
    "sigmoid_forward": sigmoid_forward,
    "sigmoid_backward": sigmoid_backward,
    "linear_forward": linear_forward,
    "linear_backward": linear_backward,
    "two_layer_forward": two_layer_forward,
    "two_layer_backward": two_layer_backward,
    "gradient_check": gradient_check,
    "tanh_forward": tanh_forward,
    "tanh_backward": tanh_backward,
}

# ---------------------------------------------------------------- sigmoid


@in_notebook
def sigmoid__textbook(z):
    return 1 / (1 + np.exp(-z))  # fault: exp(-z) overflows for very negative z


@in_notebook
def sigmoid__both_branches(z):
    # fault: np.where evaluates both branches, so exp overflows anyway (inf / inf warnings)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


@in_notebook
def sigmoid__mask_in_place(z):
    out = z  # fault: not a copy, the masks write into the caller's array
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    neg = ~pos
    out[neg] = np.exp(z[neg]) / (1 + np.exp(z[neg]))
    return out


@in_notebook
def sigmoid__tanh_half_missing(z):
    return 0.5 * (1 + np.tanh(z))  # fault: sigma(z) = (1 + tanh(z / 2)) / 2


# ---------------------------------------------------------------- sigmoid_forward


@in_notebook
def sigmoid_backward__from_z(dout, cache):
    """Companion of a forward pass that caches z."""
    s = sigmoid(cache)
    return dout * s * (1 - s)


@in_notebook
def sigmoid_forward__cache_first(z):
    out = sigmoid(z)
    return z.copy(), out  # fault: (cache, out), the wrong order


@in_notebook
def sigmoid_forward__overwrites_z(z):
    z[...] = sigmoid(z)  # fault: stores the output in the caller's z
    return z, z


@in_notebook
def sigmoid_forward__three_values(z):
    s = sigmoid(z)
    return s, s, z  # fault: returns out, cache and z


# ---------------------------------------------------------------- sigmoid_backward


@in_notebook
def sigmoid_backward__no_dout(dout, cache):
    return cache * (1 - cache)  # fault: the local derivative alone, dout left out


@in_notebook
def sigmoid_backward__sigmoid_of_cache(dout, cache):
    s = sigmoid(cache)  # fault: the cache already holds s, not z
    return dout * s * (1 - s)


@in_notebook
def sigmoid_backward__into_dout(dout, cache):
    dout *= cache * (1 - cache)  # fault: overwrites the incoming gradient
    return dout


@in_notebook
def sigmoid_backward__summed(dout, cache):
    return np.sum(dout * cache * (1 - cache), axis=0)  # fault: summed over the batch


# ---------------------------------------------------------------- linear_forward


@in_notebook
def linear_forward__W_transposed(X, W, b):
    return X @ W.T + b, (X, W, b)  # fault: W.T, runs (wrongly) only when D = M


@in_notebook
def linear_forward__bias_column(X, W, b):
    return X @ W + b.reshape(-1, 1), (X, W, b)  # fault: b as a column (M, 1)


@in_notebook
def linear_forward__first_row_skipped(X, W, b):
    out = np.zeros((X.shape[0], W.shape[1]))
    for n in range(1, X.shape[0]):  # fault: starts at 1, row 0 stays 0
        out[n] = X[n] @ W + b
    return out, (X, W, b)


@in_notebook
def linear_forward__cache_first(X, W, b):
    return (X, W, b), X @ W + b  # fault: (cache, out)


# ---------------------------------------------------------------- linear_backward


@in_notebook
def linear_backward__dW_transposed(dout, cache):
    X, W, b = cache
    return dout @ W.T, dout.T @ X, dout.sum(axis=0)  # fault: dW of shape (M, D)


@in_notebook
def linear_backward__db_mean(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.mean(axis=0)  # fault: db averaged, dout has 1/N


@in_notebook
def linear_backward__db_rows(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=1)  # fault: sums each row: shape (N,)


@in_notebook
def linear_backward__dX_no_T(dout, cache):
    X, W, b = cache
    return dout @ W, X.T @ dout, dout.sum(axis=0)  # fault: W without .T, fits only if D = M


@in_notebook
def linear_backward__order(dout, cache):
    X, W, b = cache
    return X.T @ dout, dout @ W.T, dout.sum(axis=0)  # fault: returns (dW, dX, db)


# ---------------------------------------------------------------- two_layer_forward


@in_notebook
def two_layer_forward__z1_onward(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, c2 = sigmoid_forward(z1)
    z2, c3 = linear_forward(z1, params["W2"], params["b2"])  # fault: z1 passed on, not a1
    out, c4 = sigmoid_forward(z2)
    return out, (c1, c2, c3, c4)


@in_notebook
def two_layer_forward__b1_twice(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, c2 = sigmoid_forward(z1)
    z2, c3 = linear_forward(a1, params["W2"], params["b1"])  # fault: b1 in layer 2
    out, c4 = sigmoid_forward(z2)
    return out, (c1, c2, c3, c4)


@in_notebook
def two_layer_forward__pops(X, params):
    W1, b1 = params.pop("W1"), params.pop("b1")  # fault: empties the caller's dict
    W2, b2 = params.pop("W2"), params.pop("b2")
    z1, c1 = linear_forward(X, W1, b1)
    a1, c2 = sigmoid_forward(z1)
    z2, c3 = linear_forward(a1, W2, b2)
    out, c4 = sigmoid_forward(z2)
    return out, (c1, c2, c3, c4)


@in_notebook
def two_layer_forward__returns_z2(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, c2 = sigmoid_forward(z1)
    z2, c3 = linear_forward(a1, params["W2"], params["b2"])
    out, c4 = sigmoid_forward(z2)
    return z2, (c1, c2, c3, c4)  # fault: returns the scores z2, not out


# ---------------------------------------------------------------- two_layer_backward


@in_notebook
def two_layer_backward__hidden_linear(dout, cache):
    c1, c2, c3, c4 = cache
    dz2 = sigmoid_backward(dout, c4)
    da1, dW2, db2 = linear_backward(dz2, c3)
    _, dW1, db1 = linear_backward(da1, c1)  # fault: the hidden sigmoid's backward skipped
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def two_layer_backward__output_cache_twice(dout, cache):
    c1, c2, c3, c4 = cache
    dz2 = sigmoid_backward(dout, c4)
    da1, dW2, db2 = linear_backward(dz2, c3)
    dz1 = sigmoid_backward(da1, c4)  # fault: the output layer's cache, fits only if H = K
    _, dW1, db1 = linear_backward(dz1, c1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def two_layer_backward__keys_swapped(dout, cache):
    c1, c2, c3, c4 = cache
    dz2 = sigmoid_backward(dout, c4)
    da1, dW2, db2 = linear_backward(dz2, c3)
    dz1 = sigmoid_backward(da1, c2)
    _, dW1, db1 = linear_backward(dz1, c1)
    return {"W1": dW2, "b1": db2, "W2": dW1, "b2": db1}  # fault: layers' names swapped


@in_notebook
def two_layer_backward__output_sigmoid_skipped(dout, cache):
    c1, c2, c3, c4 = cache
    da1, dW2, db2 = linear_backward(dout, c3)  # fault: dout used as dz2
    dz1 = sigmoid_backward(da1, c2)
    _, dW1, db1 = linear_backward(dz1, c1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


# ---------------------------------------------------------------- gradient_check


def _relative(a, n, floor):
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


@in_notebook
def gradient_check__default_h(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w)  # fault: h not passed on
    scale = max(np.abs(analytic).max(), np.abs(n).max())
    return _relative(analytic, n, 1e-3 * scale + 1e-12)


@in_notebook
def gradient_check__mean(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w, h)
    scale = max(np.abs(analytic).max(), np.abs(n).max())
    floor = 1e-3 * scale + 1e-12
    rel = np.abs(analytic - n) / np.maximum(np.abs(analytic) + np.abs(n), floor)
    return float(np.mean(rel))  # fault: the mean over entries, not the largest


@in_notebook
def gradient_check__no_floor(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(analytic - n) / (np.abs(analytic) + np.abs(n))))  # fault: 0/0


@in_notebook
def gradient_check__entry_scale(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w, h)
    a = np.asarray(analytic, dtype=float)
    floor = 1e-3 * np.maximum(np.abs(a), np.abs(n)) + 1e-12  # fault: each entry's own scale
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)))


# ---------------------------------------------------------------- tanh


@in_notebook
def tanh_backward__from_z(dout, cache):
    """Companion of a forward pass that caches z."""
    return dout * (1 - np.tanh(cache) ** 2)


@in_notebook
def tanh_forward__exp_formula(z):
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))  # fault: inf / inf for large |z|
    return t, t


@in_notebook
def tanh_forward__out_is_z(z):
    np.tanh(z, out=z)  # fault: writes tanh into the caller's z
    return z, z


@in_notebook
def tanh_forward__cache_first(z):
    return z.copy(), np.tanh(z)  # fault: (cache, out)


@in_notebook
def tanh_backward__no_square(dout, cache):
    return dout * (1 - cache)  # fault: 1 - t, not 1 - t ** 2


@in_notebook
def tanh_backward__sigmoid_rule(dout, cache):
    return dout * cache * (1 - cache)  # fault: the sigmoid's derivative t (1 - t)


@in_notebook
def tanh_backward__tanh_of_cache(dout, cache):
    return dout * (1 - np.tanh(cache) ** 2)  # fault: the cache holds t already, not z


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
_FROM_Z = {"sigmoid_backward": sigmoid_backward__from_z}

BUGS = paired(
    [
        _b(sigmoid__textbook, "1 / (1 + exp(-z)) overflows for very negative z", "unstable"),
        _b(sigmoid__both_branches, "np.where computes both overflowing branches", "unstable"),
        _b(sigmoid__mask_in_place, "writes the result into the input", "in-place"),
        _b(sigmoid__tanh_half_missing, "(1 + tanh z) / 2 instead of tanh(z / 2)", "factor"),
        _b(
            sigmoid_forward__cache_first,
            "returns (cache, out)",
            "tuple-order",
            companions=_FROM_Z,
        ),
        _b(sigmoid_forward__overwrites_z, "overwrites the input z", "in-place"),
        _b(sigmoid_forward__three_values, "returns three values", "return-structure"),
        _b(sigmoid_backward__no_dout, "forgot to multiply by dout", "chain-rule"),
        _b(sigmoid_backward__sigmoid_of_cache, "applies sigmoid to the cached s", "cache"),
        _b(sigmoid_backward__into_dout, "multiplies dout in place", "in-place"),
        _b(sigmoid_backward__summed, "sums over the batch", "sum-axis"),
        _b(linear_forward__W_transposed, "X @ W.T", "transpose-square"),
        _b(linear_forward__bias_column, "b as a column broadcasts over rows", "broadcast"),
        _b(linear_forward__first_row_skipped, "loop starts at row 1", "off-by-one"),
        _b(linear_forward__cache_first, "returns (cache, out)", "tuple-order"),
        _b(linear_backward__dW_transposed, "dW = dout.T @ X, shape (M, D)", "transpose"),
        _b(linear_backward__db_mean, "db is the mean over rows", "normalisation"),
        _b(linear_backward__db_rows, "db summed along axis 1", "sum-axis"),
        _b(linear_backward__dX_no_T, "dX = dout @ W", "transpose-square"),
        _b(linear_backward__order, "returns (dW, dX, db)", "tuple-order"),
        _b(two_layer_forward__z1_onward, "feeds z1 instead of a1 to layer 2", "wiring"),
        _b(two_layer_forward__b1_twice, "b1 used in layer 2 (fits only if H = K)", "wiring"),
        _b(two_layer_forward__pops, "pops the parameters out of the caller's dict", "in-place"),
        _b(two_layer_forward__returns_z2, "returns z2 instead of the output", "wiring"),
        _b(two_layer_backward__hidden_linear, "skips the hidden sigmoid's backward", "chain-rule"),
        _b(
            two_layer_backward__output_cache_twice,
            "hidden sigmoid backward with the output's cache",
            "cache",
        ),
        _b(two_layer_backward__keys_swapped, "W1 / W2 and b1 / b2 swapped", "names"),
        _b(
            two_layer_backward__output_sigmoid_skipped,
            "skips the output sigmoid's backward",
            "chain-rule",
        ),
        _b(gradient_check__default_h, "ignores h", "argument"),
        _b(gradient_check__mean, "averages instead of the max", "reduction"),
        _b(gradient_check__no_floor, "no floor: 0/0 where both are 0", "nan"),
        _b(gradient_check__entry_scale, "floor from each entry, not the global scale", "scale"),
        _b(tanh_forward__exp_formula, "exp formula overflows", "unstable"),
        _b(tanh_forward__out_is_z, "tanh written into the input", "in-place"),
        _b(
            tanh_forward__cache_first,
            "returns (cache, out)",
            "tuple-order",
            companions={"tanh_backward": tanh_backward__from_z},
        ),
        _b(tanh_backward__no_square, "1 - t instead of 1 - t ** 2", "formula"),
        _b(tanh_backward__sigmoid_rule, "uses the sigmoid's derivative", "formula"),
        _b(tanh_backward__tanh_of_cache, "applies tanh to the cached output", "cache"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _central(f, w, h=1e-6):
    g = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        g[i] = (f(up) - f(down)) / (2 * h)
    return g


def _sanity():
    z = np.array([[0.0, np.log(3.0), -np.log(3.0)], [-1000.0, 1000.0, 0.0]])
    assert np.allclose(sigmoid(z), [[0.5, 0.75, 0.25], [0.0, 1.0, 0.5]])
    assert np.allclose(tanh_forward(np.array([np.log(2.0), -np.log(3.0)]))[0], [0.6, -0.8])
    rng = np.random.default_rng(3)
    X, dout = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    W, b = rng.normal(size=(3, 2)), rng.normal(size=2)
    # linear layer: loss sum(dout * out), gradients by central differences
    out, cache = linear_forward(X, W, b)
    dX, dW, db = linear_backward(dout, cache)
    assert np.allclose(dX, _central(lambda v: np.sum(dout * linear_forward(v, W, b)[0]), X))
    assert np.allclose(dW, _central(lambda v: np.sum(dout * linear_forward(X, v, b)[0]), W))
    assert np.allclose(db, _central(lambda v: np.sum(dout * linear_forward(X, W, v)[0]), b))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        _, c = fwd(X)
        d = rng.normal(size=X.shape)
        assert np.allclose(bwd(d, c), _central(lambda v, f=fwd, d=d: np.sum(d * f(v)[0]), X))
    params = {
        "W1": rng.normal(size=(3, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 2)),
        "b2": rng.normal(size=2),
    }
    out, cache = two_layer_forward(X, params)
    assert out.shape == (5, 2)
    grads = two_layer_backward(dout, cache)
    for k in params:

        def loss(v, k=k):
            return np.sum(dout * two_layer_forward(X, {**params, k: v})[0])

        assert np.allclose(grads[k], _central(loss, params[k]), atol=1e-8)
    # gradient_check: sum(w^3) at [1, 2], h = 0.1: numerical [3.01, 12.01],
    # errors 0.01 / 6.01 and 0.01 / 24.01
    cube = lambda v: np.sum(v**3)  # noqa: E731
    got = gradient_check(cube, np.array([1.0, 2.0]), np.array([3.0, 12.0]), h=0.1)
    assert np.isclose(got, 1 / 601)
    # a zero entry: n = h^2 = 1e-10 there, against the floor 1e-3 * 3: about 3e-8
    got = gradient_check(cube, np.array([0.0, 1.0]), np.array([0.0, 3.0]))
    assert 1e-8 < got < 1e-7


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass")
