"""Held-out buggy versions of chapter 4: sigmoid, the sigmoid and linear layers, the
two-layer network's forward and backward passes, gradient_check.

Cache formats of the correct versions: sigmoid_forward caches the output s;
linear_forward caches (X, W, b); two_layer_forward a dict of the four layer caches
{"lin1", "sig1", "lin2", "sig2"} (built with the layer functions, called by name).
Backward bugs written inline (without the layer functions) carry their own forward
companion, which caches plain arrays.
"""

import numpy as np

from benchmarks.heldout import Bug, in_notebook, paired
from benchmarks.heldout.chapter3 import numerical_gradient  # noqa: F401 (gradient_check)

# ---------------------------------------------------------------- correct versions


@in_notebook
def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@in_notebook
def sigmoid_forward(z):
    s = sigmoid(z)
    return s, s.copy()


@in_notebook
def sigmoid_backward(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


@in_notebook
def linear_forward(X, W, b):
    return X @ W + b, (X, W, b)


@in_notebook
def linear_backward(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


@in_notebook
def two_layer_forward(X, params):
    z1, lin1 = linear_forward(X, params["W1"], params["b1"])
    a1, sig1 = sigmoid_forward(z1)
    z2, lin2 = linear_forward(a1, params["W2"], params["b2"])
    out, sig2 = sigmoid_forward(z2)
    return out, {"lin1": lin1, "sig1": sig1, "lin2": lin2, "sig2": sig2}


@in_notebook
def two_layer_backward(dout, cache):
    dz2 = sigmoid_backward(dout, cache["sig2"])
    da1, dW2, db2 = linear_backward(dz2, cache["lin2"])
    dz1 = sigmoid_backward(da1, cache["sig1"])
    _, dW1, db1 = linear_backward(dz1, cache["lin1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def gradient_check(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(n), initial=0.0))
    denom = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max(np.abs(a - n) / denom, initial=0.0))


CORRECT = {
    "sigmoid": sigmoid,
    "sigmoid_forward": sigmoid_forward,
    "sigmoid_backward": sigmoid_backward,
    "linear_forward": linear_forward,
    "linear_backward": linear_backward,
    "two_layer_forward": two_layer_forward,
    "two_layer_backward": two_layer_backward,
    "gradient_check": gradient_check,
}

# ---------------------------------------------------------------- correct, written differently


@in_notebook
def sigmoid__variant_masks(z):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


@in_notebook
def gradient_check__variant_loop(f, w, analytic, h=1e-5):
    num = numerical_gradient(f, w, h).ravel()
    ana = np.asarray(analytic, dtype=float).ravel()
    scale = 0.0
    for x in list(num) + list(ana):
        scale = max(scale, abs(x))
    worst = 0.0
    for a_i, n_i in zip(ana, num, strict=True):
        d = max(abs(a_i) + abs(n_i), 1e-3 * scale + 1e-12)
        worst = max(worst, abs(a_i - n_i) / d)
    return worst


VARIANTS = [
    Bug(
        "sigmoid",
        "variant_masks",
        sigmoid__variant_masks,
        "correct: boolean masks, each branch evaluated only where it is stable",
        "correct",
    ),
    Bug(
        "gradient_check",
        "variant_loop",
        gradient_check__variant_loop,
        "correct: plain Python loops over the flattened entries",
        "correct",
    ),
]

# ---------------------------------------------------------------- sigmoid


@in_notebook
def sigmoid__naive(z):
    return 1 / (1 + np.exp(-z))


@in_notebook
def sigmoid__exp_ratio(z):
    return np.exp(z) / (1 + np.exp(z))


@in_notebook
def sigmoid__sign(z):
    return 1.0 / (1.0 + np.exp(z))


@in_notebook
def sigmoid__where_both(z):
    # both branches are evaluated everywhere before np.where picks one
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


@in_notebook
def sigmoid__tanh_no_half(z):
    return 0.5 * (1.0 + np.tanh(z))


@in_notebook
def sigmoid__math_loop(z):
    import math

    return np.array(
        [1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v)) for v in z]
    )


# ---------------------------------------------------------------- sigmoid_forward


@in_notebook
def sigmoid_forward__no_cache(z):
    return sigmoid(z)


@in_notebook
def sigmoid_forward__cache_first(z):
    s = sigmoid(z)
    return (z, s)


@in_notebook
def sigmoid_forward__naive(z):
    out = 1.0 / (1.0 + np.exp(-z))
    return out, out


@in_notebook
def sigmoid_forward__dict(z):
    s = sigmoid(z)
    return {"out": s, "cache": s}


@in_notebook
def sigmoid_forward__cache_z(z):
    # keeps z, while the (correct) backward reads its cache as s
    return sigmoid(z), z


# ---------------------------------------------------------------- sigmoid_backward


@in_notebook
def sigmoid_backward__no_one_minus(dout, cache):
    return dout * cache


@in_notebook
def sigmoid_backward__no_dout(dout, cache):
    s = cache
    return s * (1 - s)


@in_notebook
def sigmoid_backward__sigmoid_again(dout, cache):
    s = sigmoid(cache)
    return dout * s * (1 - s)


@in_notebook
def sigmoid_backward__tanh_derivative(dout, cache):
    return dout * (1 - cache**2)


@in_notebook
def sigmoid_backward__matmul(dout, cache):
    local = cache * (1 - cache)
    return dout @ local.T


@in_notebook
def sigmoid_backward__inplace(dout, cache):
    dout *= cache
    dout *= 1 - cache
    return dout


# ---------------------------------------------------------------- linear_forward


@in_notebook
def linear_forward__transposed(X, W, b):
    out = X @ W.T + b
    return out, (X, W, b)


@in_notebook
def linear_forward__no_bias(X, W, b):
    return np.dot(X, W), (X, W, b)


@in_notebook
def linear_forward__no_cache(X, W, b):
    return X @ W + b


@in_notebook
def linear_forward__bias_column(X, W, b):
    out = X @ W + b.reshape(-1, 1)
    return out, (X, W, b)


@in_notebook
def linear_forward__loop_rows(X, W, b):
    out = np.zeros((X.shape[0], W.shape[1]))
    for n in range(X.shape[0]):
        out[n] = X[n] @ W
    out += b[0]
    return out, (X, W, b)


@in_notebook
def linear_forward__cache_out(X, W, b):
    out = X @ W + b
    return out, (out, W, b)


# ---------------------------------------------------------------- linear_backward


@in_notebook
def linear_backward__db_axis1(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=1)


@in_notebook
def linear_backward__db_mean(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.mean(axis=0)


@in_notebook
def linear_backward__dW_transposed(dout, cache):
    X, W, b = cache
    return dout @ W.T, dout.T @ X, dout.sum(axis=0)


@in_notebook
def linear_backward__dX_no_T(dout, cache):
    X, W, b = cache
    return dout @ W, X.T @ dout, dout.sum(axis=0)


@in_notebook
def linear_backward__dW_over_n(dout, cache):
    X, W, b = cache
    N = X.shape[0]
    return dout @ W.T, X.T @ dout / N, dout.sum(axis=0)


@in_notebook
def linear_backward__order(dout, cache):
    X, W, b = cache
    dX = np.einsum("nm,dm->nd", dout, W)
    dW = np.einsum("nd,nm->dm", X, dout)
    db = dout.sum(0)
    return dW, dX, db


@in_notebook
def linear_backward__db_scalar(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.sum(dout)


# ---------------------------------------------------------------- two_layer_forward


@in_notebook
def two_layer_forward__x_into_second(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, s1 = sigmoid_forward(z1)
    z2, c2 = linear_forward(X, params["W2"], params["b2"])
    out, s2 = sigmoid_forward(z2)
    return out, {"lin1": c1, "sig1": s1, "lin2": c2, "sig2": s2}


@in_notebook
def two_layer_forward__no_output_sigmoid(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, s1 = sigmoid_forward(z1)
    z2, c2 = linear_forward(a1, params["W2"], params["b2"])
    _, s2 = sigmoid_forward(z2)
    return z2, {"lin1": c1, "sig1": s1, "lin2": c2, "sig2": s2}


@in_notebook
def two_layer_forward__biases_swapped(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b2"])
    a1, s1 = sigmoid_forward(z1)
    z2, c2 = linear_forward(a1, params["W2"], params["b1"])
    out, s2 = sigmoid_forward(z2)
    return out, {"lin1": c1, "sig1": s1, "lin2": c2, "sig2": s2}


@in_notebook
def two_layer_forward__sigmoid_on_z_twice(X, params):
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    a1, s1 = sigmoid_forward(z1)
    a1, s1 = sigmoid_forward(a1)
    z2, c2 = linear_forward(a1, params["W2"], params["b2"])
    out, s2 = sigmoid_forward(z2)
    return out, {"lin1": c1, "sig1": s1, "lin2": c2, "sig2": s2}


@in_notebook
def two_layer_forward__no_cache(X, params):
    z1, _ = linear_forward(X, params["W1"], params["b1"])
    a1, _ = sigmoid_forward(z1)
    z2, _ = linear_forward(a1, params["W2"], params["b2"])
    out, _ = sigmoid_forward(z2)
    return out


@in_notebook
def two_layer_forward__W_transposed(X, params):
    z1, c1 = linear_forward(X, params["W1"].T, params["b1"])
    a1, s1 = sigmoid_forward(z1)
    z2, c2 = linear_forward(a1, params["W2"].T, params["b2"])
    out, s2 = sigmoid_forward(z2)
    return out, {"lin1": c1, "sig1": s1, "lin2": c2, "sig2": s2}


# ---------------------------------------------------------------- two_layer_backward


@in_notebook
def two_layer_backward__no_output_derivative(dout, cache):
    da1, dW2, db2 = linear_backward(dout, cache["lin2"])
    dz1 = sigmoid_backward(da1, cache["sig1"])
    _, dW1, db1 = linear_backward(dz1, cache["lin1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def two_layer_backward__no_hidden_derivative(dout, cache):
    dz2 = sigmoid_backward(dout, cache["sig2"])
    da1, dW2, db2 = linear_backward(dz2, cache["lin2"])
    _, dW1, db1 = linear_backward(da1, cache["lin1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def two_layer_backward__d_keys(dout, cache):
    dz2 = sigmoid_backward(dout, cache["sig2"])
    da1, dW2, db2 = linear_backward(dz2, cache["lin2"])
    dz1 = sigmoid_backward(da1, cache["sig1"])
    _, dW1, db1 = linear_backward(dz1, cache["lin1"])
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@in_notebook
def two_layer_backward__tuple(dout, cache):
    dz2 = sigmoid_backward(dout, cache["sig2"])
    da1, dW2, db2 = linear_backward(dz2, cache["lin2"])
    dz1 = sigmoid_backward(da1, cache["sig1"])
    _, dW1, db1 = linear_backward(dz1, cache["lin1"])
    return dW1, db1, dW2, db2


@in_notebook
def two_layer_backward__dz2_into_hidden(dout, cache):
    # passes the output layer's dz2 on to the hidden sigmoid instead of da1
    dz2 = sigmoid_backward(dout, cache["sig2"])
    _, dW2, db2 = linear_backward(dz2, cache["lin2"])
    dz1 = sigmoid_backward(dz2, cache["sig1"])
    _, dW1, db1 = linear_backward(dz1, cache["lin1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def two_layer_forward__inline_cache(X, params):
    a1 = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    out = 1 / (1 + np.exp(-(a1 @ params["W2"] + params["b2"])))
    return out, {"X": X, "a1": a1, "out": out, "W1": params["W1"], "W2": params["W2"]}


@in_notebook
def two_layer_backward__inline_no_T(dout, cache):
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dW2 = a1.T @ dz2
    db2 = dz2.sum(axis=0)
    dz1 = (dz2 @ W2) * a1 * (1 - a1)  # W2 not transposed
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@in_notebook
def two_layer_backward__inline_mean_bias(dout, cache):
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    d2 = dout * out * (1 - out)
    d1 = d2 @ W2.T * a1 * (1 - a1)
    return {
        "W1": X.T @ d1,
        "b1": d1.mean(axis=0),
        "W2": a1.T @ d2,
        "b2": d2.mean(axis=0),
    }


_ALL_BUGS = [
    Bug(
        "sigmoid",
        "naive",
        sigmoid__naive,
        "1 / (1 + exp(-z)) overflows (RuntimeWarning) for large negative z",
        "unstable",
    ),
    Bug(
        "sigmoid",
        "exp_ratio",
        sigmoid__exp_ratio,
        "exp(z) / (1 + exp(z)): inf / inf = nan for large positive z",
        "unstable",
    ),
    Bug("sigmoid", "sign", sigmoid__sign, "1 / (1 + exp(z)): the sign of z is flipped", "sign"),
    Bug(
        "sigmoid",
        "where_both",
        sigmoid__where_both,
        "np.where evaluates both branches everywhere: right values, overflow warnings",
        "unstable",
    ),
    Bug(
        "sigmoid",
        "tanh_no_half",
        sigmoid__tanh_no_half,
        "0.5 (1 + tanh(z)) instead of 0.5 (1 + tanh(z / 2))",
        "wrong-formula",
    ),
    Bug(
        "sigmoid",
        "math_loop",
        sigmoid__math_loop,
        "a loop with math.exp over the first axis: fails on 2-D and 0-d input",
        "shape",
    ),
    Bug(
        "sigmoid_forward",
        "no_cache",
        sigmoid_forward__no_cache,
        "returns only the output, no (out, cache) tuple",
        "return-structure",
    ),
    Bug(
        "sigmoid_forward",
        "cache_first",
        sigmoid_forward__cache_first,
        "returns (z, s): the cache first and the pre-activation as output",
        "tuple-order",
    ),
    Bug(
        "sigmoid_forward",
        "naive",
        sigmoid_forward__naive,
        "computes the unstable 1 / (1 + exp(-z)) instead of calling the stable sigmoid",
        "unstable",
    ),
    Bug(
        "sigmoid_forward",
        "dict",
        sigmoid_forward__dict,
        "returns a dict {'out', 'cache'} instead of a tuple",
        "return-structure",
    ),
    Bug(
        "sigmoid_forward",
        "cache_z",
        sigmoid_forward__cache_z,
        "caches z while its backward pass reads the cache as s",
        "cache-content",
    ),
    Bug(
        "sigmoid_backward",
        "no_one_minus",
        sigmoid_backward__no_one_minus,
        "dout * s: forgets the factor (1 - s)",
        "derivative",
    ),
    Bug(
        "sigmoid_backward",
        "no_dout",
        sigmoid_backward__no_dout,
        "returns the local derivative s (1 - s) without multiplying by dout",
        "chain-rule",
    ),
    Bug(
        "sigmoid_backward",
        "sigmoid_again",
        sigmoid_backward__sigmoid_again,
        "applies the sigmoid again to the cached output s",
        "derivative",
    ),
    Bug(
        "sigmoid_backward",
        "tanh_derivative",
        sigmoid_backward__tanh_derivative,
        "uses tanh's derivative 1 - s^2",
        "derivative",
    ),
    Bug(
        "sigmoid_backward",
        "matmul",
        sigmoid_backward__matmul,
        "dout @ (s (1 - s)).T, a matrix product instead of entry by entry",
        "matmul",
    ),
    Bug(
        "sigmoid_backward",
        "inplace",
        sigmoid_backward__inplace,
        "multiplies dout in place and returns it: the caller's dout changes",
        "in-place",
    ),
    Bug(
        "linear_forward",
        "transposed",
        linear_forward__transposed,
        "X @ W.T: only works when W is square, and then gives the wrong values",
        "transpose",
    ),
    Bug("linear_forward", "no_bias", linear_forward__no_bias, "forgets the bias", "forgot-bias"),
    Bug(
        "linear_forward",
        "no_cache",
        linear_forward__no_cache,
        "returns only out, no cache",
        "return-structure",
    ),
    Bug(
        "linear_forward",
        "bias_column",
        linear_forward__bias_column,
        "adds b as a column (M, 1): broadcasts over the rows, only runs when N = M or M = 1",
        "broadcasting",
    ),
    Bug(
        "linear_forward",
        "loop_rows",
        linear_forward__loop_rows,
        "adds b[0] to every entry instead of the bias vector",
        "bias",
    ),
    Bug(
        "linear_forward",
        "cache_out",
        linear_forward__cache_out,
        "caches the output instead of the input X (the backward pass reads it as X)",
        "cache-content",
    ),
    Bug(
        "linear_backward",
        "db_axis1",
        linear_backward__db_axis1,
        "db sums over axis 1 (the outputs) instead of axis 0 (the examples)",
        "sum-axis",
    ),
    Bug(
        "linear_backward",
        "db_mean",
        linear_backward__db_mean,
        "db is the mean over the examples instead of the sum",
        "mean-vs-sum",
    ),
    Bug(
        "linear_backward",
        "dW_transposed",
        linear_backward__dW_transposed,
        "dW = dout.T @ X, shape (M, D): the transpose of the right gradient",
        "transpose",
    ),
    Bug(
        "linear_backward",
        "dX_no_T",
        linear_backward__dX_no_T,
        "dX = dout @ W without the transpose: only runs for square W",
        "transpose",
    ),
    Bug(
        "linear_backward",
        "dW_over_n",
        linear_backward__dW_over_n,
        "divides dW by N (the loss gradient already has the 1/N)",
        "normalisation",
    ),
    Bug(
        "linear_backward",
        "order",
        linear_backward__order,
        "returns (dW, dX, db) instead of (dX, dW, db)",
        "tuple-order",
    ),
    Bug(
        "linear_backward",
        "db_scalar",
        linear_backward__db_scalar,
        "db = np.sum(dout), one number instead of shape (M,)",
        "sum-axis",
    ),
    Bug(
        "two_layer_forward",
        "x_into_second",
        two_layer_forward__x_into_second,
        "feeds X instead of the hidden activations into the second layer",
        "wiring",
    ),
    Bug(
        "two_layer_forward",
        "no_output_sigmoid",
        two_layer_forward__no_output_sigmoid,
        "returns z2, the output before its sigmoid",
        "missing-activation",
    ),
    Bug(
        "two_layer_forward",
        "biases_swapped",
        two_layer_forward__biases_swapped,
        "uses b2 in the first layer and b1 in the second: only runs when H = K",
        "wiring",
    ),
    Bug(
        "two_layer_forward",
        "sigmoid_on_z_twice",
        two_layer_forward__sigmoid_on_z_twice,
        "applies the hidden sigmoid twice",
        "wiring",
    ),
    Bug(
        "two_layer_forward",
        "no_cache",
        two_layer_forward__no_cache,
        "returns only the output, no cache",
        "return-structure",
    ),
    Bug(
        "two_layer_forward",
        "W_transposed",
        two_layer_forward__W_transposed,
        "passes W1.T and W2.T to the layers: only runs when the matrices are square",
        "transpose",
    ),
    Bug(
        "two_layer_backward",
        "no_output_derivative",
        two_layer_backward__no_output_derivative,
        "skips the output sigmoid's derivative: dout goes straight into linear_backward",
        "missing-derivative",
    ),
    Bug(
        "two_layer_backward",
        "no_hidden_derivative",
        two_layer_backward__no_hidden_derivative,
        "skips the hidden sigmoid's derivative",
        "missing-derivative",
    ),
    Bug(
        "two_layer_backward",
        "d_keys",
        two_layer_backward__d_keys,
        "returns keys dW1, db1, dW2, db2 instead of W1, b1, W2, b2",
        "keys",
    ),
    Bug(
        "two_layer_backward",
        "tuple",
        two_layer_backward__tuple,
        "returns a tuple (dW1, db1, dW2, db2) instead of a dict",
        "return-structure",
    ),
    Bug(
        "two_layer_backward",
        "dz2_into_hidden",
        two_layer_backward__dz2_into_hidden,
        "hands dz2 to the hidden sigmoid instead of da1 = dz2 @ W2.T: only runs when H = K",
        "wiring",
    ),
    Bug(
        "two_layer_backward",
        "inline_no_T",
        two_layer_backward__inline_no_T,
        "written inline: dz2 @ W2 without the transpose, only runs when H = K",
        "transpose",
        companions={"two_layer_forward": two_layer_forward__inline_cache},
    ),
    Bug(
        "two_layer_backward",
        "inline_mean_bias",
        two_layer_backward__inline_mean_bias,
        "written inline: the bias gradients are means over the batch instead of sums",
        "mean-vs-sum",
        companions={"two_layer_forward": two_layer_forward__inline_cache},
    ),
]


@in_notebook
def gradient_check__mean(f, w, analytic, h=1e-5):
    a = analytic
    n = numerical_gradient(f, w, h)
    scale = max(np.abs(a).max(), np.abs(n).max())
    return float(np.mean(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)))


@in_notebook
def gradient_check__absolute(f, w, analytic, h=1e-5):
    return float(np.max(np.abs(analytic - numerical_gradient(f, w, h))))


@in_notebook
def gradient_check__no_floor(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(analytic - n) / (np.abs(analytic) + np.abs(n))))


@in_notebook
def gradient_check__norm_ratio(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w, h)
    return float(np.linalg.norm(analytic - n) / (np.linalg.norm(analytic) + np.linalg.norm(n)))


@in_notebook
def gradient_check__default_h(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w)
    a = analytic
    scale = max(np.max(np.abs(a)), np.max(np.abs(n)))
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)))


@in_notebook
def gradient_check__analytic_only(f, w, analytic, h=1e-5):
    n = numerical_gradient(f, w, h)
    a = analytic
    scale = np.max(np.abs(a))
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a), 1e-3 * scale + 1e-12)))


_ALL_BUGS += [
    Bug(
        "gradient_check",
        "mean",
        gradient_check__mean,
        "the mean of the relative errors instead of the largest",
        "mean-vs-max",
    ),
    Bug(
        "gradient_check",
        "absolute",
        gradient_check__absolute,
        "the largest absolute difference, not relative",
        "absolute-error",
    ),
    Bug(
        "gradient_check",
        "no_floor",
        gradient_check__no_floor,
        "no floor in the denominator: 0 / 0 = nan where both gradients are 0",
        "no-floor",
    ),
    Bug(
        "gradient_check",
        "norm_ratio",
        gradient_check__norm_ratio,
        "CS231n's ratio of norms ||a - n|| / (||a|| + ||n||) instead of the largest entry's error",
        "wrong-formula",
    ),
    Bug(
        "gradient_check",
        "default_h",
        gradient_check__default_h,
        "calls numerical_gradient without passing h",
        "ignored-argument",
    ),
    Bug(
        "gradient_check",
        "analytic_only",
        gradient_check__analytic_only,
        "divides by |a| alone instead of |a| + |n|",
        "denominator",
    ),
]

# sigmoid_forward / naive passes every check of the course (its only symptom is numpy's
# overflow warning at z = -1000): kept apart, see README.md.
_EXTRA = {("linear_backward", "db_scalar"), ("sigmoid_forward", "naive")}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]


# A forward (backward) bug runs with this module's correct backward (forward) pass.
_PAIRS = {
    "sigmoid_forward": "sigmoid_backward",
    "sigmoid_backward": "sigmoid_forward",
    "linear_forward": "linear_backward",
    "linear_backward": "linear_forward",
    "two_layer_forward": "two_layer_backward",
    "two_layer_backward": "two_layer_forward",
}
BUGS = paired(BUGS, CORRECT, _PAIRS)
EXTRA_BUGS = paired(EXTRA_BUGS, CORRECT, _PAIRS)


def _sanity():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f in (sigmoid, sigmoid__variant_masks):
            s = f(np.array([[-1000.0, 0.0, 1000.0], [np.log(3.0), -np.log(3.0), 2.0]]))
            assert np.allclose(s[0], [0.0, 0.5, 1.0])
            assert np.allclose(s[1, :2], [0.75, 0.25])  # 1 / (1 + 1/3) = 3/4
    r = np.random.default_rng(3)
    X, W, b = r.normal(size=(5, 3)), r.normal(size=(3, 2)), r.normal(size=2)
    params = {
        "W1": r.normal(size=(3, 4)),
        "b1": r.normal(size=4),
        "W2": r.normal(size=(4, 2)),
        "b2": r.normal(size=2),
    }
    dout = r.normal(size=(5, 2))
    # linear layer and the network against central differences of <out, dout>
    dX, dW, db = linear_backward(dout, linear_forward(X, W, b)[1])
    assert np.allclose(dW, numerical_gradient(lambda v: np.sum((X @ v + b) * dout), W), atol=1e-6)
    assert np.allclose(dX, numerical_gradient(lambda v: np.sum((v @ W + b) * dout), X), atol=1e-6)
    assert np.allclose(db, numerical_gradient(lambda v: np.sum((X @ W + v) * dout), b), atol=1e-6)
    grads = two_layer_backward(dout, two_layer_forward(X, params)[1])
    for key in params:

        def loss(v, key=key):
            p = dict(params)
            p[key] = v
            return float(np.sum(two_layer_forward(X, p)[0] * dout))

        assert np.allclose(grads[key], numerical_gradient(loss, params[key]), atol=1e-6)
    # the chapter's worked example: 1/601
    w = np.array([1.0, 2.0])

    def cube(v):
        return float(np.sum(v**3))

    for f in (gradient_check, gradient_check__variant_loop):
        assert np.isclose(f(cube, w, 3 * w**2, h=0.1), 1 / 601)
        # (3.1^2 - 2.9^2) / 0.2 = 6 up to rounding; the 0 / 0 entry is 0 thanks to the floor
        e = f(lambda v: float(v[0] ** 2), np.array([3.0, 5.0]), np.array([6.0, 0.0]), 0.1)
        assert abs(e) < 1e-12


if __name__ == "__main__":
    _sanity()
    print("chapter 4: sanity checks pass")
