"""Chapter 4 (backpropagation): sigmoid and its layer, the linear layer, the two-layer
network, gradient_check and the tanh layer.

Cache formats of the correct versions: sigmoid_forward caches its output s,
linear_forward (X, W, b), two_layer_forward a dict (X, a1, out, W2), tanh_forward its
output t. A forward bug runs with the correct backward pass, a backward bug with the
correct forward pass (``paired``).
"""

import numpy as np

from benchmarks.tenth import bug, correct, paired
from benchmarks.tenth.chapter3 import numerical_gradient


def sigmoid(z):
    z = np.asarray(z, dtype=float)
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
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)


def two_layer_forward(X, params):
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "a1": a1, "out": out, "W2": params["W2"]}


def two_layer_backward(dout, cache):
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1.0 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1.0 - a1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def gradient_check(f, w, analytic, h=1e-5):
    a = np.asarray(analytic, dtype=float)
    n = numerical_gradient(f, w, h)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(n), initial=0.0))
    denom = np.maximum(np.abs(a) + np.abs(n), 1e-3 * scale + 1e-12)
    return float(np.max(np.abs(a - n) / denom))


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


# ---- sigmoid ----
def sigmoid__naive(z):
    # fault: 1 / (1 + exp(-z)) as written: exp overflows (a RuntimeWarning) for z << 0
    return 1 / (1 + np.exp(-z))


def sigmoid__loop_flat(z):
    # fault: math in a loop over z.flatten(), returned flat: a 2-D z comes back 1-D
    out = np.zeros(z.size)
    for i, v in enumerate(z.flatten()):
        out[i] = 1 / (1 + np.exp(-v)) if v >= 0 else np.exp(v) / (1 + np.exp(v))
    return out


# ---- sigmoid_forward ----
def sigmoid_forward__no_tuple(z):
    # fault: returns the output only, no (out, cache) pair
    return sigmoid(z)


def sigmoid_forward__ravel_out(z):
    # fault: out.ravel() "to get a vector": the output loses z's shape
    s = sigmoid(z)
    return s.ravel(), s


# ---- sigmoid_backward ----
def sigmoid_backward__sigmoid_again(dout, cache):
    # fault: the cache already holds s = sigmoid(z), and sigmoid is applied again
    s = sigmoid(cache)
    return dout * s * (1 - s)


def sigmoid_backward__matmul_T(dout, cache):
    # fault: dout @ (s * (1 - s)) refused, ".T" added until it ran: a matrix product
    s = cache
    return dout @ (s * (1 - s)).T


def sigmoid_backward__no_dout(dout, cache):
    # fault: returns the local derivative s (1 - s), without the upstream dout
    return cache * (1 - cache)


# ---- linear_forward ----
def linear_forward__b_col(X, W, b):
    # fault: b[:, None] added: broadcasts b down the rows, works only when N == M
    return X @ W + b[:, None], (X, W, b)


def linear_forward__loop_last_row(X, W, b):
    # fault: per-example loop over range(len(X) - 1): the last row stays 0
    out = np.zeros((X.shape[0], W.shape[1]))
    for i in range(len(X) - 1):
        out[i] = X[i] @ W + b
    return out, (X, W, b)


# ---- linear_backward ----
def linear_backward__db_mean(dout, cache):
    # fault: db is the mean over the batch instead of the sum
    X, W, b = cache
    return dout @ W.T, X.T @ dout, np.mean(dout, axis=0)


def linear_backward__dW_last_example(dout, cache):
    # fault: per-example loop with dW = (not +=): only the last example's gradient is kept
    X, W, b = cache
    dW = np.zeros_like(W)
    for i in range(X.shape[0]):
        dW = np.outer(X[i], dout[i])
    return dout @ W.T, dW, dout.sum(axis=0)


def linear_backward__dW_over_N(dout, cache):
    # fault: dW divided by N, though dout already carries the 1/N of the loss
    X, W, b = cache
    N = X.shape[0]
    return dout @ W.T, X.T @ dout / N, dout.sum(axis=0)


# ---- two_layer_forward ----
def two_layer_forward__no_hidden_sigmoid(X, params):
    # fault: the hidden layer is left linear (no sigmoid)
    a1 = X @ params["W1"] + params["b1"]
    out = sigmoid(a1 @ params["W2"] + params["b2"])
    return out, {"X": X, "a1": a1, "out": out, "W2": params["W2"]}


def two_layer_forward__W2_T(X, params):
    # fault: a1 @ W2 raised a shape error once (W2 passed transposed), and .T stayed:
    # works only when H == K
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    out = sigmoid(a1 @ params["W2"].T + params["b2"])
    return out, {"X": X, "a1": a1, "out": out, "W2": params["W2"]}


# ---- two_layer_backward ----
def two_layer_backward__db_keepdims(dout, cache):
    # fault: keepdims=True on the bias sums: db1 and db2 come back (1, H) and (1, K)
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)
    return {
        "W1": X.T @ dz1,
        "b1": np.sum(dz1, axis=0, keepdims=True),
        "W2": a1.T @ dz2,
        "b2": np.sum(dz2, axis=0, keepdims=True),
    }


def two_layer_backward__no_hidden_deriv(dout, cache):
    # fault: the hidden sigmoid's slope a1 (1 - a1) is left out
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = dz2 @ W2.T
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__loop_dW1_last(dout, cache):
    # fault: per-example loop; dW2 and the biases are summed (+=) but dW1 is assigned (=):
    # it holds the last example's gradient only
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dW1 = np.zeros((X.shape[1], a1.shape[1]))
    db1 = np.zeros(a1.shape[1])
    dW2 = np.zeros(W2.shape)
    db2 = np.zeros(W2.shape[1])
    for n in range(X.shape[0]):
        dz2 = dout[n] * out[n] * (1 - out[n])
        dz1 = (W2 @ dz2) * a1[n] * (1 - a1[n])
        dW2 += np.outer(a1[n], dz2)
        db2 += dz2
        dW1 = np.outer(X[n], dz1)
        db1 += dz1
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def two_layer_backward__deriv_sign(dout, cache):
    # fault: the hidden slope written a1 (a1 - 1): its sign is flipped in one of the two layers
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (a1 - 1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}


def two_layer_backward__reshape_not_T(dout, cache):
    # fault: dz2.T @ a1 has shape (K, H); reshaped to W2's (H, K) instead of transposed
    X, a1, out, W2 = cache["X"], cache["a1"], cache["out"], cache["W2"]
    dz2 = dout * out * (1 - out)
    dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
    dW2 = (dz2.T @ a1).reshape(W2.shape)
    dW1 = (dz1.T @ X).reshape(X.shape[1], a1.shape[1])
    return {"W1": dW1, "b1": dz1.sum(axis=0), "W2": dW2, "b2": dz2.sum(axis=0)}


# ---- gradient_check ----
def gradient_check__no_floor(f, w, analytic, h=1e-5):
    # fault: divides by |a| + |n| with no floor: 0 / 0 where both are 0
    a = np.asarray(analytic, dtype=float)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n) / (np.abs(a) + np.abs(n))))


def gradient_check__floor_unscaled(f, w, analytic, h=1e-5):
    # fault: the floor is the constant 1e-3, not 1e-3 times the largest entry
    a = np.asarray(analytic, dtype=float)
    n = numerical_gradient(f, w, h)
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-3)))


# ---- tanh_forward ----
def tanh_forward__two_sig_minus_one(z):
    # fault: tanh(z) taken as 2 sigmoid(z) - 1, which is tanh(z / 2)
    t = 2 * sigmoid(z) - 1
    return t, t


def tanh_forward__exp_formula(z):
    # fault: (e^z - e^-z) / (e^z + e^-z) as written: inf / inf = nan for large |z|
    t = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return t, t


# ---- tanh_backward ----
def tanh_backward__one_minus_t(dout, cache):
    # fault: dout * (1 - t), the square forgotten
    return dout * (1 - cache)


def tanh_backward__tanh_again(dout, cache):
    # fault: the cache holds t = tanh(z) and tanh is applied to it again
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
        bug(sigmoid__naive, "exp(-z) overflows for very negative z (RuntimeWarning).", "stability"),
        bug(sigmoid__loop_flat, "A loop over z.flatten() returns a flat array.", "shape-forced"),
        bug(sigmoid_forward__no_tuple, "Returns out alone, not (out, cache).", "dtype-type"),
        bug(sigmoid_forward__ravel_out, "out is raveled: it loses the shape of z.", "shape-forced"),
        bug(
            sigmoid_backward__sigmoid_again,
            "Applies sigmoid to the cached output s again.",
            "notation",
        ),
        bug(
            sigmoid_backward__matmul_T,
            "A matrix product dout @ (s(1 - s)).T instead of the entry-wise product.",
            "shape-forced",
        ),
        bug(sigmoid_backward__no_dout, "Returns s(1 - s) without multiplying by dout.", "notation"),
        bug(
            linear_forward__b_col,
            "b[:, None] broadcasts the bias down the rows (only runs when N == M).",
            "shape-forced",
        ),
        bug(
            linear_forward__loop_last_row,
            "The loop over range(len(X) - 1) leaves the last row at 0.",
            "loop",
        ),
        bug(
            linear_backward__db_mean,
            "db is the mean of dout over the batch, not the sum.",
            "shape-forced",
        ),
        bug(
            linear_backward__dW_last_example,
            "Loop with dW = instead of +=: only the last example's gradient.",
            "loop",
        ),
        bug(linear_backward__dW_over_N, "dW is divided by N once more.", "notation"),
        bug(
            two_layer_forward__no_hidden_sigmoid,
            "The hidden layer has no sigmoid.",
            "notation",
        ),
        bug(
            two_layer_forward__W2_T,
            "Uses W2.T in the output layer (runs only when H == K).",
            "shape-forced",
        ),
        bug(
            two_layer_backward__db_keepdims,
            "keepdims=True: db1, db2 have shapes (1, H), (1, K).",
            "shape-forced",
        ),
        bug(
            two_layer_backward__no_hidden_deriv,
            "Leaves out the hidden sigmoid's slope a1 (1 - a1).",
            "notation",
        ),
        bug(
            two_layer_backward__loop_dW1_last,
            "Per-example loop: dW1 = instead of +=, the last example's only.",
            "loop",
        ),
        bug(
            two_layer_backward__deriv_sign,
            "The hidden slope written a1 (a1 - 1): sign flipped in that layer.",
            "sign-direction",
        ),
        bug(
            two_layer_backward__reshape_not_T,
            "dW2 and dW1 computed transposed and reshaped to the weights' shapes.",
            "shape-forced",
        ),
        bug(
            gradient_check__no_floor,
            "No floor in the denominator: 0/0 = nan where both gradients are 0.",
            "stability",
        ),
        bug(
            gradient_check__floor_unscaled,
            "The floor is 1e-3, not 1e-3 times the largest entry.",
            "notation",
        ),
        bug(
            tanh_forward__two_sig_minus_one,
            "Uses 2 sigmoid(z) - 1, which is tanh(z/2).",
            "notation",
        ),
        bug(
            tanh_forward__exp_formula,
            "The exp formula overflows: nan for large |z|.",
            "stability",
        ),
        bug(tanh_backward__one_minus_t, "dout (1 - t): the square is missing.", "notation"),
        bug(tanh_backward__tanh_again, "Applies tanh to the cached output again.", "notation"),
    ],
    CORRECT,
    _PAIRS,
)
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # sigmoid(ln 4) = 4/5, sigmoid(-ln 4) = 1/5, sigmoid(0) = 1/2; silent far out
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        got = sigmoid(np.array([np.log(4.0), -np.log(4.0), 0.0, -800.0, 800.0]))
    assert np.allclose(got, [0.8, 0.2, 0.5, 0.0, 1.0], rtol=0, atol=1e-15)
    rng = np.random.default_rng(4)
    z, dout = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    for fwd, bwd in [(sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)]:
        expected = numerical_gradient(lambda v, fwd=fwd: np.sum(dout * fwd(v)[0]), z, 1e-6)
        assert np.allclose(bwd(dout, fwd(z)[1]), expected, atol=1e-8)
    # X (2, 3), W (3, 2) by hand: row 0 (1, 0, 2) @ W = (1 + 4, 0 + 2) = (5, 2), + b
    X = np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.0]])
    W = np.array([[1.0, 0.0], [0.0, 3.0], [2.0, 1.0]])
    b = np.array([0.5, -1.0])
    out, cache = linear_forward(X, W, b)
    assert np.allclose(out, [[5.5, 1.0], [-0.5, 2.0]])
    d = rng.normal(size=(2, 2))
    dX, dW, db = linear_backward(d, cache)
    assert np.allclose(dX, numerical_gradient(lambda v: np.sum(d * (v @ W + b)), X, 1e-6))
    assert np.allclose(dW, numerical_gradient(lambda v: np.sum(d * (X @ v + b)), W, 1e-6))
    assert np.allclose(db, numerical_gradient(lambda v: np.sum(d * (X @ W + v)), b, 1e-6))
    # D = 3, H = 5, K = 2, N = 7
    params = {
        "W1": rng.normal(size=(3, 5)),
        "b1": rng.normal(size=5),
        "W2": rng.normal(size=(5, 2)),
        "b2": rng.normal(size=2),
    }
    X = rng.normal(size=(7, 3))
    out, cache = two_layer_forward(X, params)
    hidden = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    assert np.allclose(out, 1 / (1 + np.exp(-(hidden @ params["W2"] + params["b2"]))))
    d = rng.normal(size=(7, 2))
    grads = two_layer_backward(d, cache)
    for key in params:

        def loss(v, key=key):
            return np.sum(d * two_layer_forward(X, {**params, key: v})[0])

        assert grads[key].shape == params[key].shape
        assert np.allclose(grads[key], numerical_gradient(loss, params[key], 1e-6), atol=1e-8)
    # f = sum(w^3) at w = (1, -2, 0): gradient (3, 12, 0). Analytic (3, 6, 0): errors
    # 0, 6/18 = 1/3 and 0 (the zero entry meets the floor 1e-3 * 12).
    w = np.array([1.0, -2.0, 0.0])
    assert np.isclose(gradient_check(lambda v: np.sum(v**3), w, [3.0, 6.0, 0.0]), 1 / 3)
    assert gradient_check(lambda v: np.sum(v**3), w, 3 * w**2) < 1e-8


if __name__ == "__main__":
    _sanity()
    print("chapter 4: correct versions pass their hand checks")
