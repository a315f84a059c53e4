"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.fifth import bug, correct

# ---------------------------------------------------------------- correct versions


def mse_loss(y_pred, y):
    """y_pred, y (N, K). Returns sum((y_pred - y) ** 2) / (2 N), a float."""
    d = np.asarray(y_pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return float(np.sum(d * d) / (2 * d.shape[0]))


def mse_loss_grad(y_pred, y):
    """y_pred, y (N, K). Returns (y_pred - y) / N."""
    d = np.asarray(y_pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return d / d.shape[0]


def softmax(z):
    """Softmax over the last axis, each row shifted by its own max."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(p, y):
    """-(1/N) sum(y log p); entries with y = 0 add nothing."""
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    terms = np.zeros_like(p)
    hit = y != 0
    terms[hit] = y[hit] * np.log(p[hit])
    return float(-np.sum(terms) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    """(softmax(z) - y) / N."""
    z = np.asarray(z, dtype=np.float64)
    return (softmax(z) - y) / z.shape[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)

# ---------------------------------------------------------------- bugs


def mse_loss__torch_mean(y_pred, y):
    # fault: PyTorch's MSELoss habit: the mean over all N K entries (then halved)
    return float(0.5 * np.mean((y_pred - y) ** 2))


def mse_loss__total_reset_in_loop(y_pred, y):
    # fault: the accumulator is reset inside the loop over examples: only the last row counts
    N = len(y_pred)
    for n in range(N):
        total = 0.0
        total += np.sum((y_pred[n] - y[n]) ** 2)
    return float(total / (2 * N))


def mse_loss__article_sum(y_pred, y):
    # fault: the article's E = 1/2 sum (t - y)^2 copied literally: no division by N
    return float(0.5 * np.sum((y - y_pred) ** 2))


def mse_loss__precedence(y_pred, y):
    # fault: / 2 * N multiplies by N: (sum / 2) * N
    N = y_pred.shape[0]
    return float(np.sum((y_pred - y) ** 2) / 2 * N)


def mse_loss_grad__torch_mean_grad(y_pred, y):
    # fault: the gradient of PyTorch's MSELoss: 2 (y_pred - y) / (N K)
    return 2 * (y_pred - y) / y_pred.size


def mse_loss_grad__target_minus_output(y_pred, y):
    # fault: the article's error term (t - y) used as the gradient: the sign is reversed
    return (y - y_pred) / len(y_pred)


def mse_loss_grad__divides_by_columns(y_pred, y):
    # fault: divides by len(y_pred[0]) = K, the length of a row, instead of N
    return (y_pred - y) / len(y_pred[0])


def softmax__global_max(z):
    # fault: subtracts the max of the whole array, not each row's: rows far below it underflow
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__max_without_keepdims(z):
    # fault: np.max(z, axis=1) without keepdims broadcasts along the wrong axis
    e = np.exp(z - np.max(z, axis=1))
    return e / np.sum(e, axis=1, keepdims=True)


def softmax__columns(z):
    # fault: sums over axis 0 (PyTorch's dim=0): the columns add up to 1, not the rows
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax__loop_over_rows(z):
    # fault: a loop over z's first axis: for one row of K scores every entry becomes 1.0
    out = np.zeros_like(z, dtype=np.float64)
    for i in range(z.shape[0]):
        e = np.exp(z[i] - np.max(z[i]))
        out[i] = e / np.sum(e)
    return out


def softmax__float32(z):
    # fault: computed in float32 "to save memory": the result is float32 and rounded
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss__coarse_clip(p, y):
    # fault: clips p to [1e-3, 1 - 1e-3] against log(0): confident answers are changed
    p = np.clip(p, 1e-3, 1 - 1e-3)
    return float(-np.sum(y * np.log(p)) / len(p))


def cross_entropy_loss__mean_of_all_entries(p, y):
    # fault: Keras-style mean over all N K entries instead of the sum over K, mean over N
    hit = y > 0
    return float(-np.sum(y[hit] * np.log(p[hit])) / p.size)


def cross_entropy_loss__loop_overwrites(p, y):
    # fault: the loop over examples assigns the loss instead of adding it: the last row only
    N = len(p)
    loss = 0.0
    for n in range(N):
        k = np.argmax(y[n])
        loss = -np.log(p[n, k])
    return float(loss / N)


def cross_entropy_loss__log_of_every_entry(p, y):
    # fault: y * log(p) over every entry: 0 * log(0) is nan where a wrong class has p = 0
    return float(-np.sum(y * np.log(p)) / p.shape[0])


def softmax_cross_entropy_grad__per_example(z, y):
    # fault: CS231n's per-example gradient softmax(z) - y, not divided by N
    return softmax(z) - y


def softmax_cross_entropy_grad__target_minus_output(z, y):
    # fault: y - softmax(z): the error term of the article, the negative of the gradient
    return (y - softmax(z)) / len(z)


def softmax_cross_entropy_grad__mean_over_entries(z, y):
    # fault: divided by N K (z.size), the mean reduction over all entries
    return (softmax(z) - y) / z.size


BUGS = [
    bug(mse_loss__torch_mean, "0.5 * mean over all N K entries", "reduction"),
    bug(
        mse_loss__total_reset_in_loop,
        "the sum is reset inside the loop: only the last example",
        "loop-accumulator",
    ),
    bug(mse_loss__article_sum, "1/2 sum of squares, not divided by N", "normalisation"),
    bug(mse_loss__precedence, "sum / 2 * N: multiplied by N", "precedence"),
    bug(mse_loss_grad__torch_mean_grad, "2 (y_pred - y) / (N K)", "reduction"),
    bug(mse_loss_grad__target_minus_output, "(y - y_pred) / N: wrong sign", "sign"),
    bug(mse_loss_grad__divides_by_columns, "divided by K instead of N", "normalisation"),
    bug(softmax__global_max, "shift by the global max, not per row", "stability"),
    bug(
        softmax__max_without_keepdims,
        "max without keepdims: the shift broadcasts along the wrong axis",
        "broadcast",
    ),
    bug(softmax__columns, "normalised over axis 0", "axis"),
    bug(softmax__loop_over_rows, "a loop over the first axis: a 1-D z gives all ones", "loop-axis"),
    bug(softmax__float32, "computed and returned in float32", "dtype"),
    bug(cross_entropy_loss__coarse_clip, "p clipped to [1e-3, 1 - 1e-3]", "clip"),
    bug(cross_entropy_loss__mean_of_all_entries, "divided by N K", "reduction"),
    bug(
        cross_entropy_loss__loop_overwrites,
        "the loop assigns instead of adding: the last example only",
        "loop-accumulator",
    ),
    bug(cross_entropy_loss__log_of_every_entry, "0 * log(0) = nan where p is 0", "nan"),
    bug(softmax_cross_entropy_grad__per_example, "not divided by N", "normalisation"),
    bug(softmax_cross_entropy_grad__target_minus_output, "(y - p) / N: wrong sign", "sign"),
    bug(softmax_cross_entropy_grad__mean_over_entries, "divided by N K", "reduction"),
]
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
    a = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 1.0]])
    assert np.isclose(mse_loss(a, np.zeros((4, 3))), 17 / 8)
    assert np.isclose(mse_loss(np.array([[8.0]]), np.array([[5.0]])), 4.5)
    assert np.allclose(mse_loss_grad(a, np.zeros((4, 3))), a / 4)
    rng = np.random.default_rng(3)
    yp, yt = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    assert np.allclose(mse_loss_grad(yp, yt), _central(lambda q: mse_loss(q, yt), yp), atol=1e-7)
    # softmax of (0, ln 2, ln 5): 1/8, 2/8, 5/8; rows far apart keep their values
    s = softmax(np.array([[0.0, np.log(2.0), np.log(5.0)], [1000.0, 1000.0 + np.log(3.0), 1000.0]]))
    assert np.allclose(s, [[1 / 8, 2 / 8, 5 / 8], [1 / 5, 3 / 5, 1 / 5]])
    assert np.allclose(softmax(np.array([0.0, 0.0])), [0.5, 0.5])
    p = np.array([[0.25, 0.75, 0.0], [0.5, 0.25, 0.25]])
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert np.isclose(cross_entropy_loss(p, y), -(np.log(0.75) + np.log(0.5)) / 2)
    z = rng.normal(size=(4, 3))
    yy = np.eye(3)[[0, 2, 1, 2]]
    num = _central(lambda q: cross_entropy_loss(softmax(q), yy), z)
    assert np.allclose(softmax_cross_entropy_grad(z, yy), num, atol=1e-7)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
