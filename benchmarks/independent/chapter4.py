"""Chapter 4, backpropagation: sigmoid, sigmoid_forward, sigmoid_backward, linear_forward,
linear_backward, two_layer_forward, two_layer_backward, gradient_check.

Buggy student versions written from the chapter text and the contracts only.

Cache formats of the correct versions here (the buggy backward passes read these, see
``Bug.companions``): sigmoid_forward caches its output s; linear_forward caches (X, W, b);
two_layer_forward caches a dict with X, W1, W2, z1, a1, z2, out.
"""

import numpy as np

from benchmarks.independent import Bug
from benchmarks.independent.chapter3 import numerical_gradient__correct as _numerical_gradient

# ---------------------------------------------------------------- correct versions


def sigmoid__correct(z):
    z = np.asarray(z, float)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_forward__correct(z):
    s = sigmoid__correct(z)
    return s, s


def sigmoid_backward__correct(dout, cache):
    s = cache
    return dout * s * (1.0 - s)


def linear_forward__correct(X, W, b):
    return X @ W + b, (X, W, b)


def linear_backward__correct(dout, cache):
    X, W, _b = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


def two_layer_forward__correct(X, params):
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid__correct(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    out = sigmoid__correct(z2)
    cache = {
        "X": X,
        "W1": params["W1"],
        "W2": params["W2"],
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "out": out,
    }
    return out, cache


def two_layer_backward__correct(dout, cache):
    out, a1 = cache["out"], cache["a1"]
    d2 = dout * out * (1 - out)
    dW2 = a1.T @ d2
    db2 = d2.sum(axis=0)
    d1 = (d2 @ cache["W2"].T) * a1 * (1 - a1)
    dW1 = cache["X"].T @ d1
    db1 = d1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def gradient_check__correct(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, float)
    n = _numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(n), initial=0.0))
    floor = 1e-3 * scale + 1e-12
    rel = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)
    return float(np.max(rel, initial=0.0))


# ---------------------------------------------------------------- sigmoid


def sigmoid__naive_overflow(z):
    return 1 / (1 + np.exp(-z))  # RuntimeWarning: overflow for z = -1000 (value still 0)


def sigmoid__exp_ratio(z):
    ez = np.exp(z)
    return ez / (1 + ez)  # inf / inf = nan for z = 1000


def sigmoid__sign(z):
    return 1 / (1 + np.exp(z))


def sigmoid__where_in_place(z):
    # "stable" by hand, but writes the result into z
    pos = z >= 0
    z[pos] = 1 / (1 + np.exp(-z[pos]))
    z[~pos] = np.exp(z[~pos]) / (1 + np.exp(z[~pos]))
    return z


def sigmoid__tanh_wrong_scale(z):
    return (np.tanh(z) + 1) / 2  # this is sigmoid(2 z)


def sigmoid__clipped(z):
    # clipping to [-30, 30] "against overflow", then rounding to 4 digits to be "clean"
    return np.round(1 / (1 + np.exp(-np.clip(z, -30, 30))), 4)


# ---------------------------------------------------------------- sigmoid_forward


def sigmoid_forward__swapped(z):
    s = sigmoid__correct(z)
    return z, s  # (cache, out)


def sigmoid_forward__only_out(z):
    return sigmoid__correct(z)


def sigmoid_forward__tanh(z):
    s = (np.tanh(z) + 1) / 2
    return s, s


def sigmoid_forward__naive(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s, s


# ---------------------------------------------------------------- sigmoid_backward


def sigmoid_backward__no_dout(dout, cache):
    s = cache
    return s * (1 - s)


def sigmoid_backward__resigmoid_cache(dout, cache):
    # thinks the cache holds z and applies the sigmoid again
    s = sigmoid__correct(cache)
    return dout * s * (1 - s)


def sigmoid_backward__missing_one_minus(dout, cache):
    return dout * cache


def sigmoid_backward__sign(dout, cache):
    return -dout * cache * (1 - cache)


def sigmoid_backward__in_place(dout, cache):
    dout *= cache
    dout *= 1 - cache
    return dout


# ---------------------------------------------------------------- linear_forward


def linear_forward__no_bias(X, W, b):
    return X @ W, (X, W, b)


def linear_forward__swapped(X, W, b):
    out = np.dot(X, W) + b
    return (X, W, b), out


def linear_forward__transposed_out(X, W, b):
    out = W.T @ X.T + b.reshape(-1, 1)  # (M, N)
    return out, (X, W, b)


def linear_forward__bias_column(X, W, b):
    return X @ W + b.reshape(-1, 1), (X, W, b)


# ---------------------------------------------------------------- linear_backward


def linear_backward__db_not_summed(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout


def linear_backward__db_mean(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.mean(dout, axis=0)


def linear_backward__dW_transposed(dout, cache):
    X, W, b = cache
    return dout @ W.T, dout.T @ X, dout.sum(axis=0)


def linear_backward__divides_by_N(dout, cache):
    X, W, b = cache
    N = X.shape[0]
    return dout @ W.T, X.T @ dout / N, dout.sum(axis=0) / N


def linear_backward__wrong_order(dout, cache):
    X, W, b = cache
    dW = X.T @ dout
    dX = dout @ W.T
    db = np.sum(dout, axis=0)
    return dW, dX, db


def linear_backward__db_axis1(dout, cache):
    X, W, b = cache
    return dout @ W.T, X.T @ dout, dout.sum(axis=1)


# ---------------------------------------------------------------- two_layer_forward


def _cache(X, params, z1, a1, z2, out):
    return {
        "X": X,
        "W1": params["W1"],
        "W2": params["W2"],
        "z1": z1,
        "a1": a1,
        "z2": z2,
        "out": out,
    }


def two_layer_forward__no_output_sigmoid(X, params):
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid__correct(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    return z2, _cache(X, params, z1, a1, z2, z2)


def two_layer_forward__no_hidden_sigmoid(X, params):
    z1 = X @ params["W1"] + params["b1"]
    z2 = z1 @ params["W2"] + params["b2"]
    out = sigmoid__correct(z2)
    return out, _cache(X, params, z1, z1, z2, out)


def two_layer_forward__bias_after_activation(X, params):
    z1 = X @ params["W1"]
    a1 = sigmoid__correct(z1) + params["b1"]
    z2 = a1 @ params["W2"]
    out = sigmoid__correct(z2) + params["b2"]
    return out, _cache(X, params, z1, a1, z2, out)


def two_layer_forward__lowercase_keys(X, params):
    h = sigmoid__correct(X @ params["w1"] + params["b1"])
    o = sigmoid__correct(h @ params["w2"] + params["b2"])
    return o, _cache(X, params, None, h, None, o)


def two_layer_forward__b1_in_output(X, params):
    # copy-paste: b1 used in both layers (fails unless H == K)
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid__correct(z1)
    z2 = a1 @ params["W2"] + params["b1"]
    out = sigmoid__correct(z2)
    return out, _cache(X, params, z1, a1, z2, out)


# ---------------------------------------------------------------- two_layer_backward


def two_layer_backward__no_output_derivative(dout, cache):
    d2 = dout
    a1 = cache["a1"]
    d1 = d2 @ cache["W2"].T * a1 * (1 - a1)
    return {"W1": cache["X"].T @ d1, "b1": d1.sum(0), "W2": a1.T @ d2, "b2": d2.sum(0)}


def two_layer_backward__derivative_of_z(dout, cache):
    # s (1 - s) with s the pre-activation instead of the sigmoid's output
    z1, z2 = cache["z1"], cache["z2"]
    d2 = dout * z2 * (1 - z2)
    d1 = d2 @ cache["W2"].T * z1 * (1 - z1)
    return {"W1": cache["X"].T @ d1, "b1": d1.sum(0), "W2": cache["a1"].T @ d2, "b2": d2.sum(0)}


def two_layer_backward__no_hidden_derivative(dout, cache):
    out = cache["out"]
    d2 = dout * out * (1 - out)
    d1 = d2 @ cache["W2"].T
    return {"W1": cache["X"].T @ d1, "b1": d1.sum(0), "W2": cache["a1"].T @ d2, "b2": d2.sum(0)}


def two_layer_backward__biases_not_summed(dout, cache):
    out, a1 = cache["out"], cache["a1"]
    d2 = dout * out * (1 - out)
    d1 = d2 @ cache["W2"].T * a1 * (1 - a1)
    return {"W1": cache["X"].T @ d1, "b1": d1, "W2": a1.T @ d2, "b2": d2}


def two_layer_backward__d_prefixed_keys(dout, cache):
    g = two_layer_backward__correct(dout, cache)
    return {"dW1": g["W1"], "db1": g["b1"], "dW2": g["W2"], "db2": g["b2"]}


def two_layer_backward__dW2_transposed(dout, cache):
    out, a1 = cache["out"], cache["a1"]
    d2 = dout * out * (1 - out)
    d1 = d2 @ cache["W2"].T * a1 * (1 - a1)
    return {"W1": (d1.T @ cache["X"]), "b1": d1.sum(0), "W2": d2.T @ a1, "b2": d2.sum(0)}


def two_layer_backward__averaged_again(dout, cache):
    N = cache["X"].shape[0]
    g = two_layer_backward__correct(dout, cache)
    return {k: v / N for k, v in g.items()}


def two_layer_backward__tuple(dout, cache):
    g = two_layer_backward__correct(dout, cache)
    return g["W1"], g["b1"], g["W2"], g["b2"]


# ---------------------------------------------------------------- gradient_check


def _parts(f, w, analytic, h):
    a = np.asarray(analytic, float)
    n = _numerical_gradient(f, w, h)
    return a, n


def gradient_check__signed(f, w, analytic, h=1e-5):
    a, n = _parts(f, w, analytic, h)
    scale = max(np.abs(a).max(), np.abs(n).max())
    rel = (a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(rel.max())


def gradient_check__mean(f, w, analytic, h=1e-5):
    a, n = _parts(f, w, analytic, h)
    scale = max(np.abs(a).max(), np.abs(n).max())
    rel = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(rel.mean())


def gradient_check__relative_to_numerical(f, w, analytic, h=1e-5):
    a, n = _parts(f, w, analytic, h)
    scale = max(np.abs(a).max(), np.abs(n).max())
    rel = np.abs(a - n) / np.maximum(np.abs(n), 1e-3 * scale + 1e-12)
    return float(rel.max())


def gradient_check__no_floor(f, w, analytic, h=1e-5):
    a, n = _parts(f, w, analytic, h)
    return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))


def gradient_check__fixed_floor(f, w, analytic, h=1e-5):
    a, n = _parts(f, w, analytic, h)
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-8)))


def gradient_check__global_norm(f, w, analytic, h=1e-5):
    # the CS231n-style ratio of norms, not the largest entry-wise error
    a, n = _parts(f, w, analytic, h)
    return float(np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-12))


def gradient_check__nudges_w(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, float)
    n = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        w[i] += h
        fp = f(w)
        w[i] -= 2 * h
        fm = f(w)
        # forgot to put w[i] back
        n[i] = (fp - fm) / (2 * h)
    scale = max(np.abs(a).max(), np.abs(n).max())
    rel = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(rel.max())


def sigmoid_forward__tanh_activation(z):
    # wrong activation altogether, and the cache is z
    return np.tanh(z), z


def linear_forward__several(X, W, b):
    out = X @ W  # no bias ...
    return [X, W], out  # ... a list, in the wrong order, with b left out of the cache


_SIG_F = {"sigmoid_forward": sigmoid_forward__correct}
_SIG_B = {"sigmoid_backward": sigmoid_backward__correct}
_LIN_F = {"linear_forward": linear_forward__correct}
_LIN_B = {"linear_backward": linear_backward__correct}
_TWO_F = {"two_layer_forward": two_layer_forward__correct}
_TWO_B = {"two_layer_backward": two_layer_backward__correct}

_ALL_BUGS = [
    Bug(
        "sigmoid",
        "naive_overflow",
        sigmoid__naive_overflow,
        "1 / (1 + exp(-z)) overflows (RuntimeWarning) for large negative z; values right",
        "instability",
    ),
    Bug(
        "sigmoid",
        "exp_ratio",
        sigmoid__exp_ratio,
        "exp(z) / (1 + exp(z)) gives inf / inf = nan for large z",
        "instability",
    ),
    Bug("sigmoid", "sign", sigmoid__sign, "1 / (1 + exp(z)): sigmoid(-z)", "sign"),
    Bug(
        "sigmoid",
        "where_in_place",
        sigmoid__where_in_place,
        "a stable two-branch version that writes its result into z",
        "in-place",
    ),
    Bug(
        "sigmoid",
        "tanh_wrong_scale",
        sigmoid__tanh_wrong_scale,
        "(tanh(z) + 1) / 2 is sigmoid(2z), the z/2 is missing",
        "wrong-formula",
    ),
    Bug(
        "sigmoid",
        "clipped_rounded",
        sigmoid__clipped,
        "rounds the output to 4 decimals (and clips z)",
        "precision",
    ),
    Bug(
        "sigmoid_forward",
        "swapped",
        sigmoid_forward__swapped,
        "returns (cache, out) in the wrong order",
        "tuple-order",
        companions=_SIG_B,
    ),
    Bug(
        "sigmoid_forward",
        "only_out",
        sigmoid_forward__only_out,
        "returns only out, no cache",
        "missing-cache",
        companions=_SIG_B,
    ),
    Bug(
        "sigmoid_forward",
        "tanh",
        sigmoid_forward__tanh,
        "(tanh(z) + 1) / 2 computes sigmoid(2z)",
        "wrong-formula",
        companions=_SIG_B,
    ),
    Bug(
        "sigmoid_forward",
        "naive",
        sigmoid_forward__naive,
        "unstable 1 / (1 + exp(-z)): overflow warning for very negative z; values right",
        "instability",
        companions=_SIG_B,
    ),
    Bug(
        "sigmoid_backward",
        "no_dout",
        sigmoid_backward__no_dout,
        "returns the local derivative s (1 - s) without multiplying by dout",
        "chain-rule",
        companions=_SIG_F,
    ),
    Bug(
        "sigmoid_backward",
        "resigmoid_cache",
        sigmoid_backward__resigmoid_cache,
        "applies the sigmoid again to a cache that already holds s",
        "wrong-variable",
        companions=_SIG_F,
    ),
    Bug(
        "sigmoid_backward",
        "missing_one_minus",
        sigmoid_backward__missing_one_minus,
        "dout * s: forgets the (1 - s) factor",
        "wrong-derivative",
        companions=_SIG_F,
    ),
    Bug(
        "sigmoid_backward",
        "sign",
        sigmoid_backward__sign,
        "-dout * s (1 - s): sign flipped",
        "sign",
        companions=_SIG_F,
    ),
    Bug(
        "sigmoid_backward",
        "in_place",
        sigmoid_backward__in_place,
        "multiplies dout in place and returns it: the caller's dout is changed",
        "in-place",
        companions=_SIG_F,
    ),
    Bug(
        "linear_forward",
        "no_bias",
        linear_forward__no_bias,
        "forgets to add b",
        "missing-term",
        companions=_LIN_B,
    ),
    Bug(
        "linear_forward",
        "swapped",
        linear_forward__swapped,
        "returns (cache, out)",
        "tuple-order",
        companions=_LIN_B,
    ),
    Bug(
        "linear_forward",
        "transposed_out",
        linear_forward__transposed_out,
        "computes W^T X^T + b: output of shape (M, N)",
        "transpose",
        companions=_LIN_B,
    ),
    Bug(
        "linear_forward",
        "bias_column",
        linear_forward__bias_column,
        "adds b as a column (M, 1): broadcasts wrongly or fails",
        "broadcasting",
        companions=_LIN_B,
    ),
    Bug(
        "linear_backward",
        "db_not_summed",
        linear_backward__db_not_summed,
        "db is not summed over the batch (returned with shape (N, M))",
        "sum-axis",
        companions=_LIN_F,
    ),
    Bug(
        "linear_backward",
        "db_mean",
        linear_backward__db_mean,
        "db averaged over the batch instead of summed",
        "normalisation",
        companions=_LIN_F,
    ),
    Bug(
        "linear_backward",
        "dW_transposed",
        linear_backward__dW_transposed,
        "dW = dout^T X, shape (M, D) instead of (D, M)",
        "transpose",
        companions=_LIN_F,
    ),
    Bug(
        "linear_backward",
        "divides_by_N",
        linear_backward__divides_by_N,
        "divides dW and db by N although dout already carries the 1/N",
        "normalisation",
        companions=_LIN_F,
    ),
    Bug(
        "linear_backward",
        "wrong_order",
        linear_backward__wrong_order,
        "returns (dW, dX, db) instead of (dX, dW, db)",
        "tuple-order",
        companions=_LIN_F,
    ),
    Bug(
        "linear_backward",
        "db_axis1",
        linear_backward__db_axis1,
        "sums db over axis 1 (shape (N,))",
        "sum-axis",
        companions=_LIN_F,
    ),
    Bug(
        "two_layer_forward",
        "no_output_sigmoid",
        two_layer_forward__no_output_sigmoid,
        "no sigmoid on the output layer",
        "missing-activation",
        companions=_TWO_B,
    ),
    Bug(
        "two_layer_forward",
        "no_hidden_sigmoid",
        two_layer_forward__no_hidden_sigmoid,
        "no sigmoid on the hidden layer",
        "missing-activation",
        companions=_TWO_B,
    ),
    Bug(
        "two_layer_forward",
        "bias_after_activation",
        two_layer_forward__bias_after_activation,
        "adds the biases after the sigmoids instead of before",
        "order-of-ops",
        companions=_TWO_B,
    ),
    Bug(
        "two_layer_forward",
        "lowercase_keys",
        two_layer_forward__lowercase_keys,
        "reads params['w1'] / ['w2']: KeyError",
        "dict-keys",
        companions=_TWO_B,
    ),
    Bug(
        "two_layer_forward",
        "b1_in_output",
        two_layer_forward__b1_in_output,
        "copy-paste: adds b1 in the output layer instead of b2",
        "wrong-variable",
        companions=_TWO_B,
    ),
    Bug(
        "two_layer_backward",
        "no_output_derivative",
        two_layer_backward__no_output_derivative,
        "forgets the output sigmoid's derivative out (1 - out)",
        "missing-activation-derivative",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "derivative_of_z",
        two_layer_backward__derivative_of_z,
        "uses z (1 - z) with the pre-activation instead of s (1 - s)",
        "wrong-variable",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "no_hidden_derivative",
        two_layer_backward__no_hidden_derivative,
        "forgets the hidden sigmoid's derivative a1 (1 - a1)",
        "missing-activation-derivative",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "biases_not_summed",
        two_layer_backward__biases_not_summed,
        "db1, db2 not summed over the batch",
        "sum-axis",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "d_prefixed_keys",
        two_layer_backward__d_prefixed_keys,
        "returns keys dW1, db1, dW2, db2 instead of the params' keys",
        "dict-keys",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "dW_transposed",
        two_layer_backward__dW2_transposed,
        "dW1 and dW2 transposed: shapes (H, D) and (K, H)",
        "transpose",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "averaged_again",
        two_layer_backward__averaged_again,
        "divides every gradient by N a second time",
        "normalisation",
        companions=_TWO_F,
    ),
    Bug(
        "two_layer_backward",
        "tuple",
        two_layer_backward__tuple,
        "returns a tuple (dW1, db1, dW2, db2) instead of a dict",
        "return-type",
        companions=_TWO_F,
    ),
    Bug(
        "gradient_check",
        "signed",
        gradient_check__signed,
        "no absolute value of a - n: negative errors vanish in the max",
        "sign",
    ),
    Bug(
        "gradient_check",
        "mean",
        gradient_check__mean,
        "the mean over the entries instead of the largest",
        "reduction",
    ),
    Bug(
        "gradient_check",
        "relative_to_numerical",
        gradient_check__relative_to_numerical,
        "denominator |n| instead of |a| + |n|",
        "wrong-denominator",
    ),
    Bug(
        "gradient_check",
        "no_floor",
        gradient_check__no_floor,
        "no floor in the denominator: 0 / 0 = nan where both gradients are 0",
        "missing-floor",
    ),
    Bug(
        "gradient_check",
        "fixed_floor",
        gradient_check__fixed_floor,
        "absolute floor 1e-8 instead of 1e-3 * scale: round-off on tiny entries dominates",
        "wrong-floor",
    ),
    Bug(
        "gradient_check",
        "global_norm",
        gradient_check__global_norm,
        "ratio of norms |a - n| / (|a| + |n|) over the whole array, not entry-wise max",
        "reduction",
    ),
    Bug(
        "gradient_check",
        "nudges_w",
        gradient_check__nudges_w,
        "its own finite differences on w in place, never restored: w changes",
        "in-place",
    ),
    Bug(
        "sigmoid_forward",
        "tanh_activation",
        sigmoid_forward__tanh_activation,
        "computes tanh instead of the sigmoid and caches z",
        "wrong-function",
        specific=False,
        companions=_SIG_B,
    ),
    Bug(
        "linear_forward",
        "several",
        linear_forward__several,
        "several bugs at once: no bias, returns [cache, out] as a list in the wrong order",
        "several",
        specific=False,
        companions=_LIN_B,
    ),
]

# At most six bugs per function in BUGS (the brief's range); the others, just as real,
# in EXTRA_BUGS.
_EXTRA = {
    ("two_layer_backward", "tuple"),
    ("two_layer_backward", "averaged_again"),
    ("gradient_check", "mean"),
}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]

CORRECT = {
    "sigmoid": sigmoid__correct,
    "sigmoid_forward": sigmoid_forward__correct,
    "sigmoid_backward": sigmoid_backward__correct,
    "linear_forward": linear_forward__correct,
    "linear_backward": linear_backward__correct,
    "two_layer_forward": two_layer_forward__correct,
    "two_layer_backward": two_layer_backward__correct,
    "gradient_check": gradient_check__correct,
}


def _sanity():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid__correct(np.array([-1000.0, 0.0, 1000.0, np.log(3.0)]))
    assert np.allclose(s, [0.0, 0.5, 1.0, 0.75])
    out, cache = sigmoid_forward__correct(np.array([0.0, np.log(3.0)]))
    # s (1 - s): 0.25 and 0.75 * 0.25
    assert np.allclose(sigmoid_backward__correct(np.array([2.0, 1.0]), cache), [0.5, 0.1875])
    X = np.array([[1.0, 2.0]])
    W = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]])
    b = np.array([0.5, 0.0, -1.0])
    out, cache = linear_forward__correct(X, W, b)
    assert np.allclose(out, [[1.5, 2.0, 3.0]])
    dX, dW, db = linear_backward__correct(np.array([[1.0, 0.0, 1.0]]), cache)
    assert np.allclose(dX, [[3.0, 1.0]]) and np.allclose(dW, [[1, 0, 1], [2, 0, 2]])
    assert np.allclose(db, [1.0, 0.0, 1.0])
    # Mazur's worked example (seed 003): 2-2-2 sigmoid network
    p = {
        "W1": np.array([[0.15, 0.25], [0.20, 0.30]]),
        "b1": np.array([0.35, 0.35]),
        "W2": np.array([[0.40, 0.50], [0.45, 0.55]]),
        "b2": np.array([0.60, 0.60]),
    }
    Xm = np.array([[0.05, 0.10]])
    ym = np.array([[0.01, 0.99]])
    out, cache = two_layer_forward__correct(Xm, p)
    assert np.allclose(out, [[0.75136507, 0.772928465]])
    g = two_layer_backward__correct(out - ym, cache)  # dL/dout for E = 1/2 sum (o - t)^2
    assert np.isclose(g["W2"][0, 0], 0.082167041)  # dE/dw5
    assert np.isclose(g["W1"][0, 0], 0.000438568)  # dE/dw1
    # gradient_check on the same network, via the loss on one parameter
    w = p["W1"].copy()

    def loss(v):
        q = dict(p, W1=v)
        o, _ = two_layer_forward__correct(Xm, q)
        return float(0.5 * np.sum((o - ym) ** 2))

    err = gradient_check__correct(loss, w, g["W1"])
    assert err < 1e-6 and np.array_equal(w, p["W1"])
    assert gradient_check__correct(loss, w, 2 * g["W1"]) > 0.3  # 1/3 for a factor 2
    print("chapter4: correct versions pass the hand checks")


if __name__ == "__main__":
    _sanity()
