"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.ninth import bug, correct


def mse_loss(y_pred, y):
    return float(np.sum((y_pred - y) ** 2) / (2 * y_pred.shape[0]))


def mse_loss_grad(y_pred, y):
    return (y_pred - y) / y_pred.shape[0]


def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(p, y):
    safe = np.where(y > 0, p, 1.0)
    return float(-np.sum(y * np.log(safe)) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    return (softmax(z) - y) / z.shape[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)


def mse_loss__n4(y_pred, y):
    # fault: the batch size 4 of the XOR example written in
    return float(np.sum((y_pred - y) ** 2) / (2 * 4))


def mse_loss__mean_all(y_pred, y):
    # fault: np.mean averages over N * K entries, not over the N examples
    return float(np.mean((y_pred - y) ** 2) / 2)


def mse_loss__columns(y_pred, y):
    # fault: examples taken as columns: divides by K = shape[1]
    return float(np.sum((y_pred - y) ** 2) / (2 * y.shape[1]))


def mse_loss_grad__ce_grad(y_pred, y):
    # fault: binary cross-entropy's gradient (p - y) / (p (1 - p)) where the MSE's belongs
    return (y_pred - y) / (y_pred * (1 - y_pred)) / len(y)


def mse_loss_grad__size(y_pred, y):
    # fault: divides by the number of entries N * K (np.mean's count), not by N
    return (y_pred - y) / y.size


def softmax__column_max(z):
    # fault: shifted by each column's max (axis 0), normalised per row
    e = np.exp(z - np.max(z, axis=0))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__sum_axis0(z):
    # fault: normalised over axis 0 (columns as examples)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def cross_entropy_loss__zero_p(p, y):
    # fault: y * log(p) is 0 * -inf = nan where p is exactly 0 and y = 0
    return float(-np.sum(y * np.log(p)) / len(p))


def cross_entropy_loss__binary(p, y):
    # fault: the two-class form of chapter 5, -(y log p + (1 - y) log(1 - p)), averaged over N K
    with np.errstate(divide="ignore"):
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def softmax_cross_entropy_grad__no_n(z, y):
    # fault: softmax(z) - y, not divided by N
    return softmax(z) - y


def softmax_cross_entropy_grad__sigmoid(z, y):
    # fault: sigmoid(z) - y: a sigmoid where the softmax belongs
    return (1 / (1 + np.exp(-z)) - y) / len(z)


def softmax_cross_entropy_grad__through_slope(z, y):
    # fault: multiplied by the softmax's diagonal slope p (1 - p), as for the squared error
    p = softmax(z)
    return (p - y) * p * (1 - p) / len(z)


BUGS = [
    bug(mse_loss__n4, "divided by 2 * 4 (the example's N) instead of 2N", "hard-coded-size"),
    bug(mse_loss__mean_all, "averaged over all N K entries and halved", "mean-over-all"),
    bug(mse_loss__columns, "divided by 2K: examples read as columns", "axis-convention"),
    bug(
        mse_loss_grad__ce_grad, "the cross-entropy's gradient instead of the MSE's", "chapter-mixup"
    ),
    bug(mse_loss_grad__size, "divided by N K instead of N", "mean-over-all"),
    bug(softmax__column_max, "shift by each column's max instead of each row's", "axis-convention"),
    bug(softmax__sum_axis0, "normalised over axis 0 instead of the last axis", "sum-axis"),
    bug(cross_entropy_loss__zero_p, "0 * log 0 = nan where y = 0 and p = 0", "numerics"),
    bug(cross_entropy_loss__binary, "binary cross-entropy form, mean over N K", "chapter-mixup"),
    bug(softmax_cross_entropy_grad__no_n, "not divided by N", "not-averaged"),
    bug(softmax_cross_entropy_grad__sigmoid, "sigmoid instead of softmax", "chapter-mixup"),
    bug(softmax_cross_entropy_grad__through_slope, "extra factor p (1 - p)", "chapter-mixup"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    yp, y = np.array([[1.0, 2.0], [0.0, 0.0], [3.0, 1.0]]), np.zeros((3, 2))
    assert np.isclose(mse_loss(yp, y), (1 + 4 + 9 + 1) / 6)  # sum 15 over 2N = 6
    assert np.allclose(mse_loss_grad(yp, y), yp / 3)
    g = np.zeros_like(yp)
    for i in np.ndindex(yp.shape):
        e = np.zeros_like(yp)
        e[i] = 1e-6
        g[i] = (mse_loss(yp + e, y) - mse_loss(yp - e, y)) / 2e-6
    assert np.allclose(g, mse_loss_grad(yp, y))
    # softmax of (0, ln 3) = (1/4, 3/4), rows far apart, no warning
    z = np.array([[0.0, np.log(3.0)], [1000.0, 1000.0 + np.log(3.0)], [-1000.0, -1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(z)
    assert np.allclose(p, [[0.25, 0.75], [0.25, 0.75], [0.5, 0.5]])
    # -(ln 1/4 + ln 1/2) / 2, and a p of exactly 0 where y = 0 adds nothing
    p = np.array([[0.25, 0.75, 0.0], [0.5, 0.0, 0.5]])
    y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isclose(cross_entropy_loss(p, y), (np.log(4) + np.log(2)) / 2)
    z = np.random.default_rng(2).normal(size=(3, 4))
    y = np.eye(4)[[0, 3, 1]]
    num = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[i] = 1e-6
        num[i] = (
            cross_entropy_loss(softmax(z + e), y) - cross_entropy_loss(softmax(z - e), y)
        ) / 2e-6
    assert np.allclose(softmax_cross_entropy_grad(z, y), num, atol=1e-8)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
