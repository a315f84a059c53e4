"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.tenth import bug, correct


def mse_loss(y_pred, y):
    d = np.asarray(y_pred, dtype=float) - y
    return float(np.sum(d * d) / (2 * d.shape[0]))


def mse_loss_grad(y_pred, y):
    return (np.asarray(y_pred, dtype=float) - y) / np.shape(y_pred)[0]


def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(p, y):
    p = np.asarray(p, dtype=float)
    hit = y > 0
    return float(-np.sum(y[hit] * np.log(p[hit])) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    return (softmax(z) - y) / np.shape(z)[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)


# ---- mse_loss ----
def mse_loss__mean_all(y_pred, y):
    # fault: np.mean over every entry divides by N * K, not by N
    return float(np.mean((y_pred - y) ** 2) / 2)


def mse_loss__axis0_K(y_pred, y):
    # fault: sums over axis 0 then means what is left: divides by K instead of N
    return float(np.mean(np.sum((y_pred - y) ** 2, axis=0)) / 2)


def mse_loss__per_row(y_pred, y):
    # fault: sums each row only (axis=1): returns an array of N losses, not a float
    N = len(y)
    return np.sum((y_pred - y) ** 2, axis=1) / (2 * N)


# ---- mse_loss_grad ----
def mse_loss_grad__sign(y_pred, y):
    # fault: (y - y_pred) / N, the sign of the loss's derivative flipped
    return (y - y_pred) / len(y)


def mse_loss_grad__size(y_pred, y):
    # fault: divides by y.size (N * K) instead of N
    return (y_pred - y) / y.size


# ---- softmax ----
def softmax__col_max(z):
    # fault: np.max(z, axis=0): each column's max is subtracted, which changes row ratios
    e = np.exp(z - np.max(z, axis=0))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__axis0_sum(z):
    # fault: e / e.sum(axis=1) did not broadcast, so the sum was taken over axis 0: columns
    # add up to 1 instead of rows
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0)


def softmax__axis1_only(z):
    # fault: axis=1 written for an (N, K) batch: fails on one row of shape (K,)
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


# ---- cross_entropy_loss ----
def cross_entropy_loss__nan_zero_p(p, y):
    # fault: y * log(p) with p = 0 where y = 0 gives 0 * -inf = nan
    return float(-np.sum(y * np.log(p)) / len(p))


def cross_entropy_loss__mean_all(p, y):
    # fault: np.mean over all entries: divides by N * K instead of N
    mask = y == 1
    return float(-np.sum(np.log(p[mask])) / p.size)


def cross_entropy_loss__loop_swapped(p, y):
    # fault: loops over i (examples) and j (classes) but reads p[j, i]: transposed
    N, K = y.shape
    total = 0.0
    for i in range(N):
        for j in range(K):
            if y[i, j] == 1:
                total += np.log(p[j, i])
    return -total / N


# ---- softmax_cross_entropy_grad ----
def softmax_cross_entropy_grad__no_N(z, y):
    # fault: softmax(z) - y, the one-example formula, without dividing by N
    return softmax(z) - y


def softmax_cross_entropy_grad__by_K(z, y):
    # fault: divides by z.shape[1] (K) where N belongs
    return (softmax(z) - y) / z.shape[1]


BUGS = [
    bug(
        mse_loss__mean_all,
        "np.mean over all entries: divided by 2NK instead of 2N.",
        "shape-forced",
    ),
    bug(
        mse_loss__axis0_K, "Sum over axis 0 then mean: divided by 2K instead of 2N.", "shape-forced"
    ),
    bug(mse_loss__per_row, "Sum over axis 1 only: returns an array of N values.", "shape-forced"),
    bug(mse_loss_grad__sign, "Returns (y - y_pred) / N: the sign is flipped.", "sign-direction"),
    bug(mse_loss_grad__size, "Divides by y.size (N K) instead of N.", "shape-forced"),
    bug(
        softmax__col_max,
        "Subtracts each column's max (axis=0) instead of each row's.",
        "shape-forced",
    ),
    bug(softmax__axis0_sum, "Normalises over axis 0 (columns) instead of rows.", "shape-forced"),
    bug(softmax__axis1_only, "Hard-codes axis=1: fails on a single 1-D row.", "shape-forced"),
    bug(
        cross_entropy_loss__nan_zero_p,
        "Multiplies y by log(p) everywhere: nan where p = 0 and y = 0.",
        "stability",
    ),
    bug(cross_entropy_loss__mean_all, "Divides by N K (p.size) instead of N.", "shape-forced"),
    bug(
        cross_entropy_loss__loop_swapped,
        "The loop reads p[j, i] instead of p[i, j] (indices swapped).",
        "loop",
    ),
    bug(
        softmax_cross_entropy_grad__no_N,
        "softmax(z) - y without dividing by N (one example's formula on a batch).",
        "notation",
    ),
    bug(
        softmax_cross_entropy_grad__by_K,
        "Divides by K (z.shape[1]) instead of N.",
        "shape-forced",
    ),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # N = 2, K = 3: squared differences 1 + 4 + 0 + 0 + 1 + 9 = 15, loss 15 / 4
    y_pred = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]])
    y = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    assert mse_loss(y_pred, y) == 3.75 and isinstance(mse_loss(y_pred, y), float)
    assert np.array_equal(mse_loss_grad(y_pred, y), y_pred / 2)
    # softmax of (0, ln 2, ln 5) is (1, 2, 5) / 8; shifting a row changes nothing
    z = np.array(
        [[0.0, np.log(2.0), np.log(5.0)], [1000.0, 1000 + np.log(2.0), 1000 + np.log(5.0)]]
    )
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = softmax(z)
    assert np.allclose(s, [[1 / 8, 2 / 8, 5 / 8]] * 2, rtol=0, atol=1e-12)
    assert np.allclose(softmax(z[0]), [1 / 8, 2 / 8, 5 / 8])
    assert softmax(np.zeros((2, 3, 4))).shape == (2, 3, 4)
    # CE: rows pick p = 1/2 and 1/4: (ln 2 + ln 4) / 2 = 1.5 ln 2; p = 0 where y = 0 is fine
    p = np.array([[0.5, 0.5, 0.0], [0.25, 0.0, 0.75]])
    yo = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isclose(cross_entropy_loss(p, yo), 1.5 * np.log(2.0))
    # the gradient against central differences, N = 4, K = 3
    rng = np.random.default_rng(2)
    zz = rng.normal(size=(4, 3))
    yy = np.eye(3)[[0, 2, 1, 2]]
    g = softmax_cross_entropy_grad(zz, yy)
    h = 1e-6
    for i in range(4):
        for k in range(3):
            zp, zm = zz.copy(), zz.copy()
            zp[i, k] += h
            zm[i, k] -= h
            num = (cross_entropy_loss(softmax(zp), yy) - cross_entropy_loss(softmax(zm), yy)) / (
                2 * h
            )
            assert abs(num - g[i, k]) < 1e-8


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
