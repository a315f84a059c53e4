"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.third import Bug, in_notebook


def _b(impl, cause, kind, **kw):
    function, name = impl.__name__.split("__")
    return Bug(function, name, impl, cause, kind, **kw)


# ---------------------------------------------------------------- correct versions


@in_notebook
def mse_loss(y_pred, y):
    """y_pred, y (N, K) -> float: sum of squares / (2 N)."""
    d = np.asarray(y_pred, dtype=float) - y
    return float(np.sum(d * d) / (2 * len(d)))


@in_notebook
def mse_loss_grad(y_pred, y):
    """y_pred, y (N, K) -> (N, K): (y_pred - y) / N."""
    d = np.asarray(y_pred, dtype=float) - y
    return d / len(d)


@in_notebook
def softmax(z):
    """z (..., K) -> same shape, rows along the last axis summing to 1."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


@in_notebook
def cross_entropy_loss(p, y):
    """p, y (N, K) -> float: -(1/N) sum over y = 1 of log p."""
    picked = p[y != 0]
    return float(-np.sum(y[y != 0] * np.log(picked)) / len(p))


@in_notebook
def softmax_cross_entropy_grad(z, y):
    """z, y (N, K) -> (N, K): (softmax(z) - y) / N."""
    return (softmax(z) - y) / len(z)


CORRECT = {
    "mse_loss": mse_loss,
    "mse_loss_grad": mse_loss_grad,
    "softmax": softmax,
    "cross_entropy_loss": cross_entropy_loss,
    "softmax_cross_entropy_grad": softmax_cross_entropy_grad,
}

# ---------------------------------------------------------------- mse_loss


@in_notebook
def mse_loss__mean_of_all(y_pred, y):
    return float(np.mean((y_pred - y) ** 2) / 2)  # fault: divides by N K, not N


@in_notebook
def mse_loss__per_example(y_pred, y):
    return np.sum((y_pred - y) ** 2, axis=1) / (2 * len(y))  # fault: (N,) array, not summed


@in_notebook
def mse_loss__outputs_count(y_pred, y):
    N, K = y.shape
    return float(np.sum((y_pred - y) ** 2) / (2 * K))  # fault: 2 K instead of 2 N


@in_notebook
def mse_loss__absolute(y_pred, y):
    return float(np.sum(np.abs(y_pred - y)) / (2 * len(y)))  # fault: |d| instead of d ** 2


# ---------------------------------------------------------------- mse_loss_grad


@in_notebook
def mse_loss_grad__size(y_pred, y):
    return (y_pred - y) / y.size  # fault: divides by N K


@in_notebook
def mse_loss_grad__target_first(y_pred, y):
    return (y - y_pred) / len(y)  # fault: sign, y - y_pred


@in_notebook
def mse_loss_grad__columns(y_pred, y):
    return (y_pred - y) / y.shape[1]  # fault: divides by K, not N


@in_notebook
def mse_loss_grad__in_place(y_pred, y):
    y_pred -= y  # fault: overwrites the caller's predictions
    y_pred /= len(y)
    return y_pred


# ---------------------------------------------------------------- softmax


@in_notebook
def softmax__global_max(z):
    e = np.exp(z - np.max(z))  # fault: one max for the whole array, not per row
    return e / np.sum(e, axis=-1, keepdims=True)


@in_notebook
def softmax__columns(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)  # fault: normalised down the columns


@in_notebook
def softmax__no_keepdims(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)  # fault: (N, K) / (N,) pairs row sums with columns


@in_notebook
def softmax__shift_in_place(z):
    z -= np.max(z, axis=-1, keepdims=True)  # fault: shifts the caller's scores
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


@in_notebook
def softmax__unshifted(z):
    e = np.exp(z)  # fault: no shift, overflows for large scores
    return e / np.sum(e, axis=-1, keepdims=True)


# ---------------------------------------------------------------- cross_entropy_loss


@in_notebook
def cross_entropy_loss__log_everywhere(p, y):
    return float(-np.sum(y * np.log(p)) / len(p))  # fault: 0 * log 0 = nan where p = 0


@in_notebook
def cross_entropy_loss__mean_of_all(p, y):
    right = y == 1
    return float(-np.sum(np.log(p[right])) / p.size)  # fault: divides by N K


@in_notebook
def cross_entropy_loss__most_likely(p, y):
    N = len(p)
    best = np.argmax(p, axis=1)  # fault: the most probable class, not the target's
    return float(-np.sum(np.log(p[np.arange(N), best])) / N)


@in_notebook
def cross_entropy_loss__binary(p, y):
    terms = y * np.log(p) + (1 - y) * np.log(1 - p)  # fault: binary formula on one-hot rows
    return float(-np.sum(terms) / len(p))


# ---------------------------------------------------------------- softmax_cross_entropy_grad


@in_notebook
def softmax_cross_entropy_grad__not_averaged(z, y):
    return softmax(z) - y  # fault: no 1/N


@in_notebook
def softmax_cross_entropy_grad__per_class(z, y):
    return (softmax(z) - y) / z.shape[1]  # fault: divides by K, not N


@in_notebook
def softmax_cross_entropy_grad__unstable(z, y):
    e = np.exp(z)  # fault: own softmax without the shift, nan for large scores
    return (e / e.sum(axis=1, keepdims=True) - y) / len(z)


@in_notebook
def softmax_cross_entropy_grad__argmax_axis(z, y):
    p = softmax(z)
    labels = np.argmax(y, axis=0)  # fault: axis 0, one "label" per class
    p[np.arange(len(labels)), labels] -= 1
    return p / len(z)


BUGS = [
    _b(mse_loss__mean_of_all, "divides by 2 N K instead of 2 N", "normalisation-NK"),
    _b(mse_loss__per_example, "sums each row only: returns an array", "sum-axis"),
    _b(mse_loss__outputs_count, "divides by 2 K instead of 2 N", "normalisation-K"),
    _b(mse_loss__absolute, "absolute errors instead of squares", "formula"),
    _b(mse_loss_grad__size, "divides by N K", "normalisation-NK"),
    _b(mse_loss_grad__target_first, "y - y_pred: wrong sign", "sign"),
    _b(mse_loss_grad__columns, "divides by K instead of N", "normalisation-K"),
    _b(mse_loss_grad__in_place, "computes in the input array", "in-place"),
    _b(softmax__global_max, "subtracts the max of the whole array", "global-max"),
    _b(softmax__columns, "normalises along axis 0", "axis"),
    _b(
        softmax__no_keepdims, "row sums without keepdims broadcast along the wrong axis", "keepdims"
    ),
    _b(softmax__shift_in_place, "subtracts the max from the input in place", "in-place"),
    _b(softmax__unshifted, "no max subtracted: overflow", "unstable"),
    _b(cross_entropy_loss__log_everywhere, "log of every p, nan where p = 0", "log-zero"),
    _b(cross_entropy_loss__mean_of_all, "divides by N K instead of N", "normalisation-NK"),
    _b(cross_entropy_loss__most_likely, "uses the most probable class, not y", "target"),
    _b(cross_entropy_loss__binary, "adds (1 - y) log(1 - p) terms", "formula"),
    _b(softmax_cross_entropy_grad__not_averaged, "forgot the 1/N", "normalisation"),
    _b(softmax_cross_entropy_grad__per_class, "divides by K instead of N", "normalisation-K"),
    _b(softmax_cross_entropy_grad__unstable, "own unshifted softmax overflows", "unstable"),
    _b(
        softmax_cross_entropy_grad__argmax_axis,
        "target classes read with argmax over axis 0",
        "axis",
    ),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    Y = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 1.0]])
    assert mse_loss(Y, np.zeros((4, 3))) == 17 / 8  # (1 + 4 + 9 + 3) / (2 * 4)
    assert np.allclose(mse_loss_grad(Y, np.zeros((4, 3))), Y / 4)
    z = np.array([[0.0, np.log(3.0), np.log(4.0)], [1000.0, 1000.0, 1000.0]])
    assert np.allclose(softmax(z), [[1 / 8, 3 / 8, 1 / 2], [1 / 3, 1 / 3, 1 / 3]])
    assert np.allclose(softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75])
    p = np.array([[0.5, 0.5], [0.6, 0.4], [0.0, 1.0]])
    y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    assert np.isclose(cross_entropy_loss(p, y), -(np.log(0.5) + np.log(0.4)) / 3)
    # central differences of cross_entropy_loss(softmax(z), y) on a 2 x 3 batch
    z = np.array([[0.3, -1.2, 2.0], [1.0, 0.5, -0.5]])
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    g, h = np.zeros_like(z), 1e-6
    for i in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[i] += h
        down[i] -= h
        g[i] = (cross_entropy_loss(softmax(up), y) - cross_entropy_loss(softmax(down), y)) / (2 * h)
    assert np.allclose(softmax_cross_entropy_grad(z, y), g, atol=1e-8)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass")
