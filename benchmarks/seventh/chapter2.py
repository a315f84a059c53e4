"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.seventh import bug, correct

# ---------------------------------------------------------------- correct versions


def mse_loss(y_pred, y):
    n = y_pred.shape[0]
    return float(np.sum((y_pred - y) ** 2) / (2 * n))


def mse_loss_grad(y_pred, y):
    return (y_pred - y) / y_pred.shape[0]


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(p, y):
    hit = y != 0
    return float(-np.sum(y[hit] * np.log(p[hit])) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    return (softmax(z) - y) / z.shape[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)

# ---------------------------------------------------------------- bugs


def mse_loss__shape_one(y_pred, y):
    # fault: N taken as y_pred.shape[1] (K, the outputs) instead of shape[0]
    n = y_pred.shape[1]
    return float(np.sum((y_pred - y) ** 2) / (2 * n))


def mse_loss__mean_of_all(y_pred, y):
    # fault: np.mean over all N K entries, then halved
    return float(np.mean((y_pred - y) ** 2) / 2)


def mse_loss_grad__target_minus_answer(y_pred, y):
    # fault: (y - y_pred) / N: the derivative of (y_pred - y)^2 taken w.r.t. y, sign flipped
    return (y - y_pred) / y_pred.shape[0]


def mse_loss_grad__half_kept(y_pred, y):
    # fault: the 1/2 of the loss copied into the gradient: (y_pred - y) / (2 N)
    return (y_pred - y) / (2 * y_pred.shape[0])


def softmax__global_max(z):
    # fault: subtracts the max of the whole array, not each row's: rows far below it underflow
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__sum_axis0(z):
    # fault: normalises down the columns (axis=0), not along each row
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax__no_keepdims(z):
    # fault: max and sum without keepdims: (N,) broadcast against (N, K) pairs n with k
    e = np.exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1)


def softmax__float32(z):
    # fault: casts to float32 to "save memory": the result is float32, about 7 digits
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss__log_of_zero(p, y):
    # fault: y * log(p) everywhere: 0 * log(0) = 0 * -inf = nan where p is 0 and y is 0
    return float(-np.sum(y * np.log(p)) / p.shape[0])


def cross_entropy_loss__mean_of_all(p, y):
    # fault: np.mean over all N K entries: divided by N K, not N
    hit = y != 0
    terms = np.zeros_like(p)
    terms[hit] = y[hit] * np.log(p[hit])
    return float(-np.mean(terms))


def softmax_cross_entropy_grad__no_batch_mean(z, y):
    # fault: p - y without the 1/N of the batch mean
    return softmax(z) - y


def softmax_cross_entropy_grad__extra_factor(z, y):
    # fault: chain rule with an extra p (1 - p), as if the softmax were a sigmoid after p - y
    p = softmax(z)
    return (p - y) * p * (1 - p) / z.shape[0]


def softmax_cross_entropy_grad__y_minus_p(z, y):
    # fault: (y - p) / N: the sign of the gradient reversed
    return (y - softmax(z)) / z.shape[0]


BUGS = [
    bug(mse_loss__shape_one, "Divides by 2K (shape[1]) instead of 2N.", "N-K"),
    bug(mse_loss__mean_of_all, "Mean over all N K entries, halved.", "normalisation"),
    bug(mse_loss_grad__target_minus_answer, "Sign flipped: (y - y_pred) / N.", "sign"),
    bug(mse_loss_grad__half_kept, "The loss's 1/2 kept in the gradient.", "half"),
    bug(softmax__global_max, "Subtracts the global max, not each row's.", "stability"),
    bug(softmax__sum_axis0, "Normalises over axis 0.", "axis"),
    bug(softmax__no_keepdims, "No keepdims: row maxima broadcast along columns.", "broadcast"),
    bug(softmax__float32, "Computed in float32.", "dtype"),
    bug(cross_entropy_loss__log_of_zero, "0 * log(0) gives nan.", "log-zero"),
    bug(cross_entropy_loss__mean_of_all, "Divides by N K instead of N.", "normalisation"),
    bug(softmax_cross_entropy_grad__no_batch_mean, "No 1/N.", "normalisation"),
    bug(softmax_cross_entropy_grad__extra_factor, "Extra factor p (1 - p).", "chain"),
    bug(softmax_cross_entropy_grad__y_minus_p, "Sign reversed: (y - p) / N.", "sign"),
]
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
    # N = 2, K = 3: squares 1 + 4 + 0 + 9 + 0 + 1 = 15, loss 15 / 4
    a = np.array([[1.0, 2.0, 0.0], [3.0, 0.0, -1.0]])
    assert np.isclose(mse_loss(a, np.zeros((2, 3))), 15 / 4)
    assert np.allclose(mse_loss_grad(a, np.zeros((2, 3))), a / 2)
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert np.allclose(mse_loss_grad(a, y), _central(lambda v: mse_loss(v, y), a))
    # softmax of (0, log 2, log 5): (1, 2, 5) / 8; rows 1000 apart, no warning
    s = softmax(np.array([[0.0, np.log(2), np.log(5)], [1000.0, 1000.0 + np.log(2), 1000.0]]))
    assert np.allclose(s, [[1 / 8, 2 / 8, 5 / 8], [1 / 4, 1 / 2, 1 / 4]])
    assert np.allclose(softmax(np.array([0.0, 0.0])), [0.5, 0.5])
    # cross-entropy: -(log(1/2) + log(1/4)) / 2 = (3/2) log 2; a p of 0 where y = 0
    p = np.array([[0.5, 0.5, 0.0], [0.75, 0.25, 0.0]])
    yy = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isclose(cross_entropy_loss(p, yy), 1.5 * np.log(2))
    z = np.array([[0.3, -1.0, 2.0], [1.5, 0.2, -0.4]])
    num = _central(lambda v: cross_entropy_loss(softmax(v), y), z)
    assert np.allclose(softmax_cross_entropy_grad(z, y), num)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
