"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.sixth import bug, correct

# ---------------------------------------------------------------- correct versions


def mse_loss(y_pred, y):
    return float(np.sum((y_pred - y) ** 2) / (2 * y_pred.shape[0]))


def mse_loss_grad(y_pred, y):
    return (y_pred - y) / y_pred.shape[0]


def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(p, y):
    right = y > 0
    return float(-np.sum(y[right] * np.log(p[right])) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    return (softmax(z) - y) / z.shape[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)

# ---------------------------------------------------------------- bugs


def mse_loss__mean_halved(y_pred, y):
    # fault: np.mean over all N K entries, halved: divides by 2 N K, not 2 N
    return float(np.mean((y_pred - y) ** 2) / 2)


def mse_loss__n_from_last_axis(y_pred, y):
    # fault: takes N from shape[-1] (K, the outputs) instead of shape[0]
    return float(np.sum((y_pred - y) ** 2) / (2 * y_pred.shape[-1]))


def mse_loss__per_example(y_pred, y):
    # fault: returns each example's error (the article's table), not their mean
    return 0.5 * np.sum((y_pred - y) ** 2, axis=1)


def mse_loss_grad__no_half(y_pred, y):
    # fault: 2 (y_pred - y) / N: the derivative of the square without the 1/2 in front
    return 2 * (y_pred - y) / y_pred.shape[0]


def mse_loss_grad__target_minus_output(y_pred, y):
    # fault: (y - y_pred) / N, the article's (t - o) order kept: the sign flipped
    return (y - y_pred) / y_pred.shape[0]


def mse_loss_grad__per_example(y_pred, y):
    # fault: no division by N (the article's per-example E)
    return y_pred - y


def mse_loss_grad__size(y_pred, y):
    # fault: divided by y_pred.size = N K
    return (y_pred - y) / y_pred.size


def softmax__global_max(z):
    # fault: subtracts the largest score of the whole array, not of each row
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__axis0(z):
    # fault: max and sum over axis 0 (the columns); right only for a single row
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax__no_keepdims(z):
    # fault: row max and sum without keepdims broadcast along the wrong axis (N = K only)
    e = np.exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1)


def softmax__nan_to_num(z):
    # fault: no shift; the overflow's nan hidden with np.nan_to_num
    e = np.exp(z)
    return np.nan_to_num(e / np.sum(e, axis=-1, keepdims=True))


def cross_entropy_loss__zero_times_log(p, y):
    # fault: y * log(p) everywhere: 0 * log(0) = nan where a wrong class has p = 0
    return float(-np.sum(y * np.log(p)) / p.shape[0])


def cross_entropy_loss__mean_all(p, y):
    # fault: np.mean over all N K entries
    return float(-np.mean(y * np.log(p)))


def cross_entropy_loss__binary_copy(p, y):
    # fault: the binary formula y log p + (1 - y) log(1 - p) over every class
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / p.shape[0])


def cross_entropy_loss__argmax_of_p(p, y):
    # fault: takes the class from argmax of p (the prediction), not of the target y
    n = p.shape[0]
    return float(-np.mean(np.log(p[np.arange(n), np.argmax(p, axis=1)])))


def softmax_cross_entropy_grad__no_mean(z, y):
    # fault: softmax(z) - y without the 1/N of the batch mean
    return softmax(z) - y


def softmax_cross_entropy_grad__sigmoid_slope_kept(z, y):
    # fault: copied the MSE-through-sigmoid chain: (p - y) / N times p (1 - p)
    p = softmax(z)
    return (p - y) / z.shape[0] * p * (1 - p)


def softmax_cross_entropy_grad__target_minus_p(z, y):
    # fault: (y - softmax(z)) / N, targets first as in the article: sign flipped
    return (y - softmax(z)) / z.shape[0]


def softmax_cross_entropy_grad__scores_minus_y(z, y):
    # fault: mse_loss_grad's (z - y) / N adapted, softmax left out
    return (z - y) / z.shape[0]


BUGS = [
    bug(mse_loss__mean_halved, "mean over N K entries, halved", "normalisation"),
    bug(mse_loss__n_from_last_axis, "N read from shape[-1] = K", "shape"),
    bug(mse_loss__per_example, "returns the per-example errors", "return-structure"),
    bug(mse_loss_grad__no_half, "2 (y_pred - y) / N", "constant"),
    bug(mse_loss_grad__target_minus_output, "(y - y_pred) / N", "sign"),
    bug(mse_loss_grad__per_example, "not divided by N", "normalisation"),
    bug(mse_loss_grad__size, "divided by N K", "normalisation"),
    bug(softmax__global_max, "global max, not per row", "stability"),
    bug(softmax__axis0, "max and sum over axis 0", "axis"),
    bug(softmax__no_keepdims, "no keepdims: wrong broadcast", "broadcast"),
    bug(softmax__nan_to_num, "no shift, nan hidden by nan_to_num", "defensive"),
    bug(cross_entropy_loss__zero_times_log, "0 * log 0 = nan", "nan"),
    bug(cross_entropy_loss__mean_all, "mean over N K", "normalisation"),
    bug(cross_entropy_loss__binary_copy, "binary cross-entropy over all classes", "copy-paste"),
    bug(cross_entropy_loss__argmax_of_p, "class from argmax of p, not y", "wrong-var"),
    bug(softmax_cross_entropy_grad__no_mean, "no 1/N", "normalisation"),
    bug(
        softmax_cross_entropy_grad__sigmoid_slope_kept,
        "times p (1 - p), kept from MSE",
        "wrong-derivative",
    ),
    bug(softmax_cross_entropy_grad__target_minus_p, "(y - p) / N", "sign"),
    bug(softmax_cross_entropy_grad__scores_minus_y, "(z - y) / N, no softmax", "copy-paste"),
]
EXTRA_BUGS = []
VARIANTS = []


def _numeric(f, z, h=1e-6):
    g = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[i] += h
        zm[i] -= h
        g[i] = (f(zp) - f(zm)) / (2 * h)
    return g


def _sanity():
    # N = 2, K = 3: squares 1 + 4 + 0 + 9 = 14, loss 14 / 4
    a = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    assert abs(mse_loss(a, np.zeros((2, 3))) - 3.5) < 1e-15
    assert np.allclose(mse_loss_grad(a, np.zeros((2, 3))), a / 2)
    z = np.log(np.array([[1.0, 3.0, 4.0], [4.0, 3.0, 1.0]])) + [[1000.0], [0.0]]
    assert np.allclose(softmax(z), [[1 / 8, 3 / 8, 1 / 2], [1 / 2, 3 / 8, 1 / 8]])
    assert np.allclose(softmax(np.log([1.0, 2.0, 5.0])), [1 / 8, 1 / 4, 5 / 8])
    p = np.array([[1.0, 0.0], [0.25, 0.75]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert abs(cross_entropy_loss(p, y) - (-np.log(0.75) / 2)) < 1e-15
    rng = np.random.default_rng(2)
    z = rng.normal(size=(3, 4))
    y = np.eye(4)[[0, 3, 1]]
    g = _numeric(lambda v: cross_entropy_loss(softmax(v), y), z)
    assert np.allclose(softmax_cross_entropy_grad(z, y), g, atol=1e-8)
    yp = rng.normal(size=(3, 4))
    assert np.allclose(mse_loss_grad(yp, y), _numeric(lambda v: mse_loss(v, y), yp))


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
