"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.fourth import bug, correct

# ---------------------------------------------------------------- correct versions


def mse_loss(y_pred, y):
    """y_pred, y (N, K). Returns sum((y_pred - y)^2) / (2 N), a float."""
    n = y_pred.shape[0]
    return float(np.sum((y_pred - y) ** 2) / (2 * n))


def mse_loss_grad(y_pred, y):
    """y_pred, y (N, K). Returns (y_pred - y) / N, shape (N, K)."""
    return (y_pred - y) / y_pred.shape[0]


def softmax(z):
    """z (..., K). Returns exp(z - max) / sum(exp(z - max)) along the last axis."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(p, y):
    """p, y (N, K), y one-hot. Returns -(1/N) sum(y log p), with y = 0 entries skipped."""
    hit = y != 0
    return float(-np.sum(y[hit] * np.log(p[hit])) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    """z, y (N, K). Returns (softmax(z) - y) / N, shape (N, K)."""
    return (softmax(z) - y) / z.shape[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)

# ---------------------------------------------------------------- bugs


def mse_loss__mean_everything(y_pred, y):
    # fault: np.mean averages over N * K entries, not over the N examples
    return float(np.mean((y_pred - y) ** 2) / 2)


def mse_loss__no_half(y_pred, y):
    # fault: forgot the factor 1/2
    return float(np.sum((y_pred - y) ** 2) / len(y_pred))


def mse_loss__sum_only(y_pred, y):
    # fault: halved but not averaged over the batch
    return float(0.5 * np.sum((y_pred - y) ** 2))


def mse_loss_grad__reversed(y_pred, y):
    # fault: y - y_pred, the wrong sign
    return (y - y_pred) / len(y_pred)


def mse_loss_grad__size(y_pred, y):
    # fault: divided by the number of entries N * K (the gradient of np.mean)
    return (y_pred - y) / y_pred.size


def mse_loss_grad__derivative_of_square(y_pred, y):
    # fault: d/dx x^2 = 2x, but the 1/2 of the loss was forgotten
    return 2 * (y_pred - y) / len(y_pred)


def softmax__axis0(z):
    # fault: normalised down the columns (axis 0) instead of along each row
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax__no_shift(z):
    # fault: no max subtracted: exp overflows for large scores
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__global_max(z):
    # fault: subtracts the largest score of the whole array, not of each row
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__shift_in_place(z):
    # fault: z -= max changes the caller's array
    z -= np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss__positive(p, y):
    # fault: forgot the minus sign
    hit = y != 0
    return float(np.sum(y[hit] * np.log(p[hit])) / p.shape[0])


def cross_entropy_loss__mean_everything(p, y):
    # fault: divided by N * K (np.mean of the whole array)
    hit = y != 0
    return float(-np.sum(y[hit] * np.log(p[hit])) / p.size)


def cross_entropy_loss__log_of_zero(p, y):
    # fault: log taken everywhere: 0 * log(0) = nan where p = 0 and y = 0
    return float(-np.sum(y * np.log(p)) / len(p))


def softmax_cross_entropy_grad__not_averaged(z, y):
    # fault: forgot the 1/N of the batch mean
    return softmax(z) - y


def softmax_cross_entropy_grad__scores(z, y):
    # fault: z - y: the scores used where the probabilities belong
    return (z - y) / len(z)


def softmax_cross_entropy_grad__reversed(z, y):
    # fault: y - p, the wrong sign
    return (y - softmax(z)) / len(z)


BUGS = [
    bug(mse_loss__mean_everything, "divides by 2 N K (np.mean over all entries)", "normalisation"),
    bug(mse_loss__no_half, "the factor 1/2 is missing", "constant"),
    bug(mse_loss__sum_only, "not divided by N", "normalisation"),
    bug(mse_loss_grad__reversed, "(y - y_pred) / N: sign", "sign"),
    bug(mse_loss_grad__size, "divided by N K", "normalisation"),
    bug(mse_loss_grad__derivative_of_square, "2 (y_pred - y) / N: the 1/2 forgotten", "constant"),
    bug(softmax__axis0, "normalised over axis 0", "axis"),
    bug(softmax__no_shift, "no max subtracted: overflow", "stability"),
    bug(softmax__global_max, "subtracts the global max, not each row's", "stability"),
    bug(softmax__shift_in_place, "z -= max: the input changes", "in-place"),
    bug(cross_entropy_loss__positive, "the minus sign is missing", "sign"),
    bug(cross_entropy_loss__mean_everything, "divided by N K", "normalisation"),
    bug(cross_entropy_loss__log_of_zero, "0 * log 0 = nan where p = 0, y = 0", "nan"),
    bug(softmax_cross_entropy_grad__not_averaged, "p - y without the 1/N", "normalisation"),
    bug(softmax_cross_entropy_grad__scores, "(z - y) / N: scores for probabilities", "wrong-var"),
    bug(softmax_cross_entropy_grad__reversed, "(y - p) / N: sign", "sign"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # (1 - 0)^2 + (0 - 2)^2 + (3 - 3)^2 + (1 - 0)^2 = 6 over 2 N = 4
    yp, y = np.array([[1.0, 0.0], [3.0, 1.0]]), np.array([[0.0, 2.0], [3.0, 0.0]])
    assert mse_loss(yp, y) == 1.5
    assert np.allclose(mse_loss_grad(yp, y), [[0.5, -1.0], [0.0, 0.5]])
    # softmax of (0, log 3) is (1/4, 3/4), whatever is added to the row
    z = np.array([[0.0, np.log(3.0)], [1000.0, 1000.0 + np.log(3.0)]])
    assert np.allclose(softmax(z), [[0.25, 0.75], [0.25, 0.75]])
    p = np.array([[0.25, 0.75, 0.0], [0.5, 0.0, 0.5]])
    y1 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert np.isclose(cross_entropy_loss(p, y1), -(np.log(0.75) + np.log(0.5)) / 2)
    # central differences of the loss of softmax
    rng = np.random.default_rng(1)
    z, y2 = rng.normal(size=(3, 4)), np.eye(4)[[0, 3, 1]]
    num = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        d = np.zeros_like(z)
        d[i] = 1e-6
        num[i] = (
            cross_entropy_loss(softmax(z + d), y2) - cross_entropy_loss(softmax(z - d), y2)
        ) / 2e-6
    assert np.allclose(softmax_cross_entropy_grad(z, y2), num, atol=1e-8)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
