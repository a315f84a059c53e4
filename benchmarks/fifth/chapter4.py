"""Chapter 4 (backpropagation): sigmoid, sigmoid_forward/backward, linear_forward/backward,
two_layer_forward/backward, gradient_check, tanh_forward/backward."""

import numpy as np

from benchmarks.fifth import bug, correct, paired
from benchmarks.fifth.chapter3 import numerical_gradient

# ---------------------------------------------------------------- correct versions


def sigmoid(z):
    """1 / (1 + exp(-z)) without overflow: exp of -|z| only."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_forward(z):
    """(sigmoid(z), cache); the cache is the output s."""
    out = sigmoid(z)
    return out, out


def sigmoid_backward(dout, cache):
    """dout * s (1 - s), s the cached output."""
    s = cache
    return dout * s * (1.0 - s)


def linear_forward(X, W, b):
    """(X @ W + b, (X, W, b))."""
    return X @ W + b, (X, W, b)


def linear_backward(dout, cache):
    """(dX, dW, db) of out = X @ W + b."""
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=0)


def two_layer_forward(X, params):
    """sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2) and a dict cache."""
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"] + params["b2"]
    out = sigmoid(z2)
    cache = {"X": X, "W1": params["W1"], "W2": params["W2"], "z1": z1, "a1": a1, "z2": z2}
    cache["out"] = out
    return out, cache


def two_layer_backward(dout, cache):
    """Gradients W1, b1, W2, b2 from the dict cache of two_layer_forward."""
    out, a1 = cache["out"], cache["a1"]
    dz2 = dout * out * (1.0 - out)
    da1 = dz2 @ cache["W2"].T
    dz1 = da1 * a1 * (1.0 - a1)
    return {
        "W1": cache["X"].T @ dz1,
        "b1": np.sum(dz1, axis=0),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0),
    }


def gradient_check(f, w, analytic, h=1e-5):
    """max_i |a_i - n_i| / max(|a_i| + |n_i|, 1e-3 scale + 1e-12)."""
    a = np.asarray(analytic, dtype=np.float64)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(n), initial=0.0))
    floor = 1e-3 * scale + 1e-12
    rel = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)
    return float(np.max(rel, initial=0.0))


def tanh_forward(z):
    """(tanh(z), cache); the cache is the output t."""
    out = np.tanh(z)
    return out, out


def tanh_backward(dout, cache):
    """dout * (1 - t^2), t the cached output."""
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


def sigmoid__where_both_branches(z):
    # fault: np.where evaluates both branches: exp(-z) and exp(z) still overflow (warnings)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid__clipped_to_ten(z):
    # fault: z clipped to [-10, 10] against overflow: sigmoid(-20) becomes sigmoid(-10)
    z = np.clip(z, -10, 10)
    return 1 / (1 + np.exp(-z))


def sigmoid__in_place(z):
    # fault: computes in place with out=z: the caller's z is overwritten
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1
    np.reciprocal(z, out=z)
    return z


def sigmoid_forward__no_cache(z):
    # fault: returns the output alone, like a Keras activation, with no cache
    return sigmoid(z)


def sigmoid_forward__own_naive_formula(z):
    # fault: its own 1 / (1 + exp(-z)) instead of the stable sigmoid: overflow for z << 0
    out = 1 / (1 + np.exp(-z))
    return out, out


def sigmoid_backward__sigmoid_of_cache(dout, cache):
    # fault: reads the cached output as z and applies sigmoid to it again
    s = sigmoid(cache)
    return dout * s * (1 - s)


def sigmoid_backward__no_dout(dout, cache):
    # fault: the local derivative s (1 - s) alone, not multiplied by dout
    return cache * (1 - cache)


def sigmoid_backward__matrix_product(dout, cache):
    # fault: dout @ (s (1 - s)): a matrix product where the product is entry by entry
    return dout @ (cache * (1 - cache))


def sigmoid_backward__in_place_dout(dout, cache):
    # fault: dout *= ...: the caller's dout is overwritten
    dout *= cache * (1 - cache)
    return dout


def linear_forward__torch_layout(X, W, b):
    # fault: X @ W.T + b, PyTorch's (out, in) weights: only works when W is square
    return X @ W.T + b, (X, W, b)


def linear_forward__column_bias(X, W, b):
    # fault: b reshaped to a column (M, 1), the column-vector convention: wrong broadcast
    return X @ W + b.reshape(-1, 1), (X, W, b)


def linear_forward__loop_bound_D(X, W, b):
    # fault: the loop over output units runs over range(W.shape[0]) = D instead of M
    out = np.zeros((X.shape[0], W.shape[1]))
    for j in range(W.shape[0]):
        out[:, j] = X @ W[:, j] + b[j]
    return out, (X, W, b)


def linear_backward__dX_without_T(dout, cache):
    # fault: dX = dout @ W, the article's W^T delta with the transpose lost in the row form
    X, W, _ = cache
    return dout @ W, X.T @ dout, np.sum(dout, axis=0)


def linear_backward__dW_out_in(dout, cache):
    # fault: dW = dout.T @ X, shape (M, D): the gradient of PyTorch's (out, in) weight
    X, W, _ = cache
    return dout @ W.T, dout.T @ X, np.sum(dout, axis=0)


def linear_backward__db_mean(dout, cache):
    # fault: db is the mean over the batch, not the sum
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.mean(dout, axis=0)


def linear_backward__db_sum_over_outputs(dout, cache):
    # fault: db sums over axis 1 (the outputs): shape (N,), not (M,)
    X, W, _ = cache
    return dout @ W.T, X.T @ dout, np.sum(dout, axis=1)


def linear_backward__dW_loop_overwrites(dout, cache):
    # fault: dW = outer(x_n, dout_n) in a loop over examples: assigned, not added; last one
    X, W, _ = cache
    dW = np.zeros_like(W)
    for n in range(X.shape[0]):
        dW = np.outer(X[n], dout[n])
    return dout @ W.T, dW, np.sum(dout, axis=0)


def two_layer_forward__torch_layout(X, params):
    # fault: X @ W1.T and a1 @ W2.T, PyTorch's layout: works only when D = H = K
    z1 = X @ params["W1"].T + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    out = sigmoid(z2)
    cache = {"X": X, "W1": params["W1"], "W2": params["W2"], "z1": z1, "a1": a1, "z2": z2}
    cache["out"] = out
    return out, cache


def two_layer_forward__linear_hidden(X, params):
    # fault: no sigmoid on the hidden layer (a Dense layer's default linear activation)
    z1 = X @ params["W1"] + params["b1"]
    a1 = z1
    z2 = a1 @ params["W2"] + params["b2"]
    out = sigmoid(z2)
    cache = {"X": X, "W1": params["W1"], "W2": params["W2"], "z1": z1, "a1": a1, "z2": z2}
    cache["out"] = out
    return out, cache


def two_layer_forward__bias_after_sigmoid(X, params):
    # fault: the output bias added after the sigmoid: sigmoid(a1 @ W2) + b2
    z1 = X @ params["W1"] + params["b1"]
    a1 = sigmoid(z1)
    z2 = a1 @ params["W2"]
    out = sigmoid(z2) + params["b2"]
    cache = {"X": X, "W1": params["W1"], "W2": params["W2"], "z1": z1, "a1": a1, "z2": z2}
    cache["out"] = out
    return out, cache


def two_layer_backward__W2_without_T(dout, cache):
    # fault: da1 = dz2 @ W2: the transpose of the article's W^T delta lost; (H, K) square only
    out, a1 = cache["out"], cache["a1"]
    dz2 = dout * out * (1 - out)
    da1 = dz2 @ cache["W2"]
    dz1 = da1 * a1 * (1 - a1)
    return {
        "W1": cache["X"].T @ dz1,
        "b1": dz1.sum(axis=0),
        "W2": a1.T @ dz2,
        "b2": dz2.sum(axis=0),
    }


def two_layer_backward__no_output_derivative(dout, cache):
    # fault: dz2 = dout, the softmax + cross-entropy shortcut: the output sigmoid is skipped
    a1 = cache["a1"]
    dz2 = dout
    dz1 = (dz2 @ cache["W2"].T) * a1 * (1 - a1)
    return {
        "W1": cache["X"].T @ dz1,
        "b1": dz1.sum(axis=0),
        "W2": a1.T @ dz2,
        "b2": dz2.sum(axis=0),
    }


def two_layer_backward__hidden_derivative_of_z1(dout, cache):
    # fault: the hidden layer's derivative computed from z1: z1 (1 - z1) instead of a1 (1 - a1)
    out, a1, z1 = cache["out"], cache["a1"], cache["z1"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ cache["W2"].T) * z1 * (1 - z1)
    return {
        "W1": cache["X"].T @ dz1,
        "b1": dz1.sum(axis=0),
        "W2": a1.T @ dz2,
        "b2": dz2.sum(axis=0),
    }


def two_layer_backward__bias_means(dout, cache):
    # fault: b1 and b2 gradients averaged over the batch instead of summed
    out, a1 = cache["out"], cache["a1"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ cache["W2"].T) * a1 * (1 - a1)
    return {
        "W1": cache["X"].T @ dz1,
        "b1": dz1.mean(axis=0),
        "W2": a1.T @ dz2,
        "b2": dz2.mean(axis=0),
    }


def two_layer_backward__d_prefixed_keys(dout, cache):
    # fault: returns the keys dW1, db1, dW2, db2 (the grads-dict habit), not W1, b1, W2, b2
    out, a1 = cache["out"], cache["a1"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ cache["W2"].T) * a1 * (1 - a1)
    return {
        "dW1": cache["X"].T @ dz1,
        "db1": dz1.sum(axis=0),
        "dW2": a1.T @ dz2,
        "db2": dz2.sum(axis=0),
    }


def gradient_check__absolute_error(f, w, analytic, h=1e-5):
    # fault: the largest absolute difference, not the relative error
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(analytic - n)))


def gradient_check__floor_without_tiny_term(f, w, analytic, h=1e-5):
    # fault: the floor 1e-3 * scale without + 1e-12: 0 / 0 = nan when both gradients are 0
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(analytic)), np.max(np.abs(n)))
    rel = np.abs(analytic - n) / np.maximum(np.abs(analytic) + np.abs(n), 1e-3 * scale)
    return float(np.max(rel))


def gradient_check__scale_per_entry(f, w, analytic, h=1e-5):
    # fault: scale taken entry by entry (max(|a_i|, |n_i|)), not over all entries
    n = numerical_gradient(f, w, h)
    scale = np.maximum(np.abs(analytic), np.abs(n))
    rel = np.abs(analytic - n) / np.maximum(np.abs(analytic) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max(rel))


def gradient_check__mean_not_max(f, w, analytic, h=1e-5):
    # fault: the mean relative error over the entries, not the largest
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(analytic)), np.max(np.abs(n)))
    rel = np.abs(analytic - n) / np.maximum(np.abs(analytic) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.mean(rel))


def tanh_forward__exp_formula(z):
    # fault: (e^z - e^-z) / (e^z + e^-z) as written: inf / inf = nan for large |z|
    out = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return out, out


def tanh_forward__no_cache(z):
    # fault: returns tanh(z) alone, with no cache
    return np.tanh(z)


def tanh_backward__square_forgotten(dout, cache):
    # fault: dout * (1 - t): the square of 1 - tanh^2 forgotten
    return dout * (1 - cache)


def tanh_backward__sigmoid_derivative(dout, cache):
    # fault: the sigmoid's t (1 - t) copied from sigmoid_backward
    return dout * cache * (1 - cache)


def tanh_backward__sech_of_cache(dout, cache):
    # fault: dout / cosh(cache)^2: treats the cached output as z
    return dout / np.cosh(cache) ** 2


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
        bug(sigmoid__where_both_branches, "np.where computes both exps: overflow", "stability"),
        bug(sigmoid__clipped_to_ten, "z clipped to [-10, 10]", "clip"),
        bug(sigmoid__in_place, "computed in place in the caller's z", "in-place"),
        bug(sigmoid_forward__no_cache, "returns out only, no cache", "return-structure"),
        bug(sigmoid_forward__own_naive_formula, "naive 1 / (1 + exp(-z))", "stability"),
        bug(sigmoid_backward__sigmoid_of_cache, "sigmoid applied to the cached output", "cache"),
        bug(sigmoid_backward__no_dout, "s (1 - s) without dout", "chain"),
        bug(sigmoid_backward__matrix_product, "dout @ s (1 - s)", "matmul"),
        bug(sigmoid_backward__in_place_dout, "dout *= ...: modifies dout", "in-place"),
        bug(linear_forward__torch_layout, "X @ W.T + b", "transpose"),
        bug(linear_forward__column_bias, "b as a column (M, 1)", "broadcast"),
        bug(linear_forward__loop_bound_D, "loop over D output columns, not M", "loop-bound"),
        bug(linear_backward__dX_without_T, "dX = dout @ W", "transpose"),
        bug(linear_backward__dW_out_in, "dW = dout.T @ X, shape (M, D)", "transpose"),
        bug(linear_backward__db_mean, "db = mean of dout over the batch", "reduction"),
        bug(linear_backward__db_sum_over_outputs, "db summed over axis 1", "axis"),
        bug(
            linear_backward__dW_loop_overwrites,
            "dW assigned in the loop over examples: last example only",
            "loop-accumulator",
        ),
        bug(two_layer_forward__torch_layout, "W1 and W2 used transposed", "transpose"),
        bug(two_layer_forward__linear_hidden, "no hidden sigmoid", "no-activation"),
        bug(two_layer_forward__bias_after_sigmoid, "sigmoid(a1 @ W2) + b2", "order"),
        bug(two_layer_backward__W2_without_T, "da1 = dz2 @ W2", "transpose"),
        bug(
            two_layer_backward__no_output_derivative,
            "dz2 = dout: the output sigmoid's derivative left out",
            "missing-derivative",
        ),
        bug(
            two_layer_backward__hidden_derivative_of_z1,
            "hidden derivative z1 (1 - z1)",
            "wrong-var",
        ),
        bug(two_layer_backward__bias_means, "bias gradients are means", "reduction"),
        bug(two_layer_backward__d_prefixed_keys, "keys dW1 ... db2", "return-structure"),
        bug(gradient_check__absolute_error, "absolute, not relative, error", "formula"),
        bug(gradient_check__floor_without_tiny_term, "floor without + 1e-12: nan", "epsilon"),
        bug(gradient_check__scale_per_entry, "scale per entry", "formula"),
        bug(gradient_check__mean_not_max, "mean of the relative errors", "reduction"),
        bug(tanh_forward__exp_formula, "tanh from exps: nan for large |z|", "stability"),
        bug(tanh_forward__no_cache, "returns out only, no cache", "return-structure"),
        bug(tanh_backward__square_forgotten, "dout * (1 - t)", "formula"),
        bug(tanh_backward__sigmoid_derivative, "dout * t (1 - t)", "wrong-derivative"),
        bug(tanh_backward__sech_of_cache, "dout / cosh(t)^2", "cache"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _central(f, z, h=1e-6):
    g = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[i] += h
        zm[i] -= h
        g[i] = (f(zp) - f(zm)) / (2 * h)
    return g


def _sanity():
    assert np.allclose(sigmoid(np.array([0.0, np.log(3.0), -np.log(3.0)])), [0.5, 0.75, 0.25])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(np.array([-1000.0, 1000.0]))
    assert np.array_equal(s, [0.0, 1.0])
    rng = np.random.default_rng(4)
    z, g = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))

    def through(forward, backward, z, g):
        out, cache = forward(z)
        num = _central(lambda q: float(np.sum(forward(q)[0] * g)), z)
        return backward(g, cache), num

    for fw, bw in ((sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)):
        got, num = through(fw, bw, z, g)
        assert np.allclose(got, num, atol=1e-7)
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    out, cache = linear_forward(X, W, b)
    assert np.allclose(out[1], [X[1] @ W[:, 0] + b[0], X[1] @ W[:, 1] + b[1]])
    d = rng.normal(size=(4, 2))
    dX, dW, db = linear_backward(d, cache)
    loss = lambda X_, W_, b_: float(np.sum((X_ @ W_ + b_) * d))  # noqa: E731
    assert np.allclose(dX, _central(lambda q: loss(q, W, b), X), atol=1e-7)
    assert np.allclose(dW, _central(lambda q: loss(X, q, b), W), atol=1e-7)
    assert np.allclose(db, _central(lambda q: loss(X, W, q), b), atol=1e-7)
    params = {
        "W1": rng.normal(size=(3, 5)),
        "b1": rng.normal(size=5),
        "W2": rng.normal(size=(5, 2)),
        "b2": rng.normal(size=2),
    }
    out, cache = two_layer_forward(X, params)
    hidden = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    assert np.allclose(out, 1 / (1 + np.exp(-(hidden @ params["W2"] + params["b2"]))))
    grads = two_layer_backward(d, cache)
    for key in params:

        def f(q, key=key):
            return float(np.sum(two_layer_forward(X, {**params, key: q})[0] * d))

        assert np.allclose(grads[key], _central(f, params[key]), atol=1e-7)
    # gradient_check: f = sum(w^2) at w = (1, -2): numerical (2, -4); analytic (2, -3) gives
    # entry 2: |1| / 7; an analytic equal to it gives ~0; all-zero gradients give 0
    f = lambda w: float(np.sum(w**2))  # noqa: E731
    w = np.array([1.0, -2.0])
    assert np.isclose(gradient_check(f, w, np.array([2.0, -3.0])), 1 / 7, rtol=1e-6)
    assert gradient_check(f, w, np.array([2.0, -4.0])) < 1e-8
    assert gradient_check(lambda w: 1.0, w, np.zeros(2)) == 0.0


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
