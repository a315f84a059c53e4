"""Chapter 2, objective functions: mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad.

Buggy student versions written from the chapter text and the contracts only.
"""

import numpy as np

from benchmarks.independent import Bug

# ---------------------------------------------------------------- correct versions


def mse_loss__correct(y_pred, y):
    d = np.asarray(y_pred, float) - np.asarray(y, float)
    return float(np.sum(d * d) / (2 * d.shape[0]))


def mse_loss_grad__correct(y_pred, y):
    d = np.asarray(y_pred, float) - np.asarray(y, float)
    return d / d.shape[0]


def softmax__correct(z):
    z = np.asarray(z, float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss__correct(p, y):
    p = np.asarray(p, float)
    y = np.asarray(y, float)
    mask = y != 0
    return float(-np.sum(y[mask] * np.log(p[mask])) / p.shape[0])


def softmax_cross_entropy_grad__correct(z, y):
    z = np.asarray(z, float)
    return (softmax__correct(z) - np.asarray(y, float)) / z.shape[0]


# ---------------------------------------------------------------- mse_loss


def mse_loss__no_half(y_pred, y):
    return float(np.sum((y_pred - y) ** 2) / len(y))


def mse_loss__mean_over_all(y_pred, y):
    # np.mean divides by N * K, not N
    return float(np.mean((y_pred - y) ** 2) / 2)


def mse_loss__no_batch_mean(y_pred, y):
    return float(0.5 * np.sum((y_pred - y) ** 2))


def mse_loss__per_example(y_pred, y):
    # a loss per example instead of one number
    return np.sum((y_pred - y) ** 2, axis=1) / (2 * y.shape[0])


def mse_loss__square_of_sum(y_pred, y):
    err = np.sum(y_pred - y)
    return float(err**2 / (2 * len(y_pred)))


def mse_loss__loop_divides_inside(y_pred, y):
    total = 0
    n = y.shape[0]
    for i in range(n):
        total += np.sum((y_pred[i] - y[i]) ** 2) / 2
    return total / n / y.shape[1]  # "average over everything"


# ---------------------------------------------------------------- mse_loss_grad


def mse_loss_grad__sign(y_pred, y):
    return (y - y_pred) / len(y)


def mse_loss_grad__over_NK(y_pred, y):
    return (y_pred - y) / y.size


def mse_loss_grad__no_N(y_pred, y):
    return y_pred - y


def mse_loss_grad__factor_two(y_pred, y):
    # forgot that the 1/2 cancels the 2
    return 2 * (y_pred - y) / len(y)


def mse_loss_grad__divides_by_K(y_pred, y):
    return (y_pred - y) / len(y_pred[0])


# ---------------------------------------------------------------- softmax


def softmax__unstable(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__axis0(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax__global_max(z):
    # subtracts the largest entry of the whole array: rows far below it underflow to 0/0
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax__no_keepdims(z):
    zmax = np.max(z, axis=1)
    e = np.exp(z - zmax[:, None])
    return e / np.sum(e, axis=1)  # broadcasts along the wrong axis


def softmax__in_place(z):
    z -= np.max(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= np.sum(z, axis=-1, keepdims=True)
    return z


def softmax__only_2d(z):
    m = z.max(axis=1, keepdims=True)
    e = np.exp(z - m)
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- cross_entropy_loss


def cross_entropy_loss__nan_on_zero(p, y):
    return float(-np.sum(y * np.log(p)) / p.shape[0])


def cross_entropy_loss__mean_over_all(p, y):
    return float(-np.mean(y * np.log(np.clip(p, 1e-300, None))))


def cross_entropy_loss__no_minus(p, y):
    mask = y == 1
    return float(np.sum(np.log(p[mask])) / len(p))


def cross_entropy_loss__log10(p, y):
    mask = y > 0
    return float(-np.sum(y[mask] * np.log10(p[mask])) / len(p))


def cross_entropy_loss__sum_axis0_mean(p, y):
    per_class = np.sum(y * np.log(p + 1e-12), axis=0)
    return float(-np.mean(per_class))  # averages over K, not N


def cross_entropy_loss__clip_eps(p, y):
    # clips p to [0.01, 0.99]: "to avoid log(0)", but changes the value a lot
    p = np.clip(p, 0.01, 0.99)
    return float(-np.sum(y * np.log(p)) / len(p))


# ---------------------------------------------------------------- softmax_cross_entropy_grad


def softmax_cross_entropy_grad__no_N(z, y):
    return softmax__correct(z) - y


def softmax_cross_entropy_grad__sign(z, y):
    return (y - softmax__correct(z)) / len(z)


def softmax_cross_entropy_grad__z_not_softmax(z, y):
    return (z - y) / len(z)


def softmax_cross_entropy_grad__over_NK(z, y):
    return (softmax__correct(z) - y) / z.size


def softmax_cross_entropy_grad__softmax_axis0(z, y):
    e = np.exp(z - z.max(axis=0))
    p = e / e.sum(axis=0)
    return (p - y) / z.shape[0]


def softmax_cross_entropy_grad__only_true_class(z, y):
    # derivative of -log p_c taken only at the true class: -(1 - p_c) / N there, 0 elsewhere
    p = softmax__correct(z)
    return -(y * (1 - p)) / z.shape[0]


_ALL_BUGS = [
    Bug(
        "mse_loss", "no_half", mse_loss__no_half, "forgets the factor 1/2: sum / N", "missing-half"
    ),
    Bug(
        "mse_loss",
        "mean_over_all",
        mse_loss__mean_over_all,
        "np.mean divides by N * K instead of N",
        "normalisation-NK",
    ),
    Bug(
        "mse_loss",
        "no_batch_mean",
        mse_loss__no_batch_mean,
        "does not divide by N (sum over the batch)",
        "normalisation-missing-N",
    ),
    Bug(
        "mse_loss",
        "per_example",
        mse_loss__per_example,
        "sums over axis 1 only: returns an array of N losses, not a float",
        "sum-axis",
    ),
    Bug(
        "mse_loss",
        "square_of_sum",
        mse_loss__square_of_sum,
        "squares the summed error instead of summing the squared errors",
        "order-of-ops",
    ),
    Bug(
        "mse_loss",
        "loop_divides_inside",
        mse_loss__loop_divides_inside,
        "loop is right but the result is also divided by K at the end",
        "normalisation-NK",
    ),
    Bug(
        "mse_loss_grad",
        "sign",
        mse_loss_grad__sign,
        "returns (y - y_pred) / N: the sign is flipped",
        "sign",
    ),
    Bug(
        "mse_loss_grad",
        "over_NK",
        mse_loss_grad__over_NK,
        "divides by y.size = N * K",
        "normalisation-NK",
    ),
    Bug(
        "mse_loss_grad",
        "no_N",
        mse_loss_grad__no_N,
        "does not divide by N",
        "normalisation-missing-N",
    ),
    Bug(
        "mse_loss_grad",
        "factor_two",
        mse_loss_grad__factor_two,
        "keeps the 2 from the square although the loss has the 1/2",
        "missing-half",
    ),
    Bug(
        "mse_loss_grad",
        "divides_by_K",
        mse_loss_grad__divides_by_K,
        "divides by the number of outputs K (len(y_pred[0])) instead of N",
        "normalisation-K",
    ),
    Bug(
        "softmax",
        "unstable",
        softmax__unstable,
        "no max subtraction: overflows to nan for z = 1000",
        "instability",
    ),
    Bug(
        "softmax",
        "axis0",
        softmax__axis0,
        "normalises over the batch axis (columns) instead of the last axis",
        "axis",
    ),
    Bug(
        "softmax",
        "global_max",
        softmax__global_max,
        "subtracts the max of the whole array, not per row: rows far below underflow to nan",
        "instability",
    ),
    Bug(
        "softmax",
        "no_keepdims",
        softmax__no_keepdims,
        "divides by a row-sum of shape (N,) without keepdims: broadcasts over columns",
        "broadcasting",
    ),
    Bug(
        "softmax",
        "in_place",
        softmax__in_place,
        "works in place on z: the input is overwritten",
        "in-place",
    ),
    Bug(
        "softmax",
        "only_2d",
        softmax__only_2d,
        "uses axis=1: fails on a 1-D z and is wrong on 3-D input",
        "axis",
    ),
    Bug(
        "cross_entropy_loss",
        "nan_on_zero",
        cross_entropy_loss__nan_on_zero,
        "y * log(p) is 0 * -inf = nan where p = 0 and y = 0",
        "zero-times-log-zero",
    ),
    Bug(
        "cross_entropy_loss",
        "mean_over_all",
        cross_entropy_loss__mean_over_all,
        "np.mean divides by N * K instead of N",
        "normalisation-NK",
    ),
    Bug(
        "cross_entropy_loss",
        "no_minus",
        cross_entropy_loss__no_minus,
        "forgets the minus sign: the loss is negative",
        "sign",
    ),
    Bug(
        "cross_entropy_loss",
        "log10",
        cross_entropy_loss__log10,
        "uses log base 10 instead of the natural log",
        "wrong-function",
    ),
    Bug(
        "cross_entropy_loss",
        "sum_axis0_mean",
        cross_entropy_loss__sum_axis0_mean,
        "sums over the batch and averages over classes: divides by K instead of N",
        "normalisation-K",
    ),
    Bug(
        "cross_entropy_loss",
        "clip_eps",
        cross_entropy_loss__clip_eps,
        "clips p to [0.01, 0.99] against log(0): wrong for confident predictions",
        "clipping",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "no_N",
        softmax_cross_entropy_grad__no_N,
        "softmax(z) - y without dividing by N",
        "normalisation-missing-N",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "sign",
        softmax_cross_entropy_grad__sign,
        "returns (y - softmax(z)) / N",
        "sign",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "z_not_softmax",
        softmax_cross_entropy_grad__z_not_softmax,
        "uses the scores z where the probabilities softmax(z) belong",
        "wrong-variable",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "over_NK",
        softmax_cross_entropy_grad__over_NK,
        "divides by N * K",
        "normalisation-NK",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "softmax_axis0",
        softmax_cross_entropy_grad__softmax_axis0,
        "its softmax normalises over the batch axis",
        "axis",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "only_true_class",
        softmax_cross_entropy_grad__only_true_class,
        "differentiates only the true class's score: misses the p_k terms of the others",
        "partial-derivative",
    ),
]

# At most six bugs per function in BUGS (the brief's range); the others, just as real,
# in EXTRA_BUGS.
_EXTRA = set()
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]

CORRECT = {
    "mse_loss": mse_loss__correct,
    "mse_loss_grad": mse_loss_grad__correct,
    "softmax": softmax__correct,
    "cross_entropy_loss": cross_entropy_loss__correct,
    "softmax_cross_entropy_grad": softmax_cross_entropy_grad__correct,
}


def _sanity():
    # chapter 2's table: targets (1, 0), errors 0.1/0.2 etc.; here a tiny one by hand
    y_pred = np.array([[0.8, 0.2], [0.4, 0.6]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    # squared errors: 0.04 + 0.04 + 0.16 + 0.16 = 0.4; / (2 * 2) = 0.1
    assert np.isclose(mse_loss__correct(y_pred, y), 0.1)
    assert np.allclose(mse_loss_grad__correct(y_pred, y), [[-0.1, 0.1], [0.2, -0.2]])
    s = softmax__correct(np.array([[0.0, np.log(3.0)], [1000.0, 1000.0]]))
    assert np.allclose(s, [[0.25, 0.75], [0.5, 0.5]])
    assert np.allclose(softmax__correct(np.array([1.0, 1.0, 1.0, 1.0])), 0.25)
    p = np.array([[0.5, 0.5, 0.0], [0.0, 0.25, 0.75]])
    t = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert np.isclose(cross_entropy_loss__correct(p, t), -(np.log(0.5) + np.log(0.75)) / 2)
    z = np.array([[0.0, 0.0]])
    g = softmax_cross_entropy_grad__correct(z, np.array([[1.0, 0.0]]))
    assert np.allclose(g, [[-0.5, 0.5]])
    print("chapter2: correct versions pass the hand checks")


if __name__ == "__main__":
    _sanity()
