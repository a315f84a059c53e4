"""Held-out buggy versions of chapter 2: mse_loss, mse_loss_grad, softmax,
cross_entropy_loss, softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.heldout import Bug, in_notebook

# ---------------------------------------------------------------- correct versions


@in_notebook
def mse_loss(y_pred, y):
    diff = y_pred - y
    return float(np.sum(diff * diff) / (2 * y_pred.shape[0]))


@in_notebook
def mse_loss_grad(y_pred, y):
    return (y_pred - y) / y_pred.shape[0]


@in_notebook
def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


@in_notebook
def cross_entropy_loss(p, y):
    hit = y != 0
    return float(-np.sum(y[hit] * np.log(p[hit])) / p.shape[0])


@in_notebook
def softmax_cross_entropy_grad(z, y):
    return (softmax(z) - y) / z.shape[0]


CORRECT = {
    "mse_loss": mse_loss,
    "mse_loss_grad": mse_loss_grad,
    "softmax": softmax,
    "cross_entropy_loss": cross_entropy_loss,
    "softmax_cross_entropy_grad": softmax_cross_entropy_grad,
}

# ---------------------------------------------------------------- correct, written differently


@in_notebook
def softmax__variant_logsumexp(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    log_norm = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - log_norm)


@in_notebook
def cross_entropy_loss__variant_pick(p, y):
    N = len(p)
    rows = np.arange(N)
    cls = np.argmax(y, axis=1)
    return -np.log(p[rows, cls]).sum() / N


VARIANTS = [
    Bug(
        "softmax",
        "variant_logsumexp",
        softmax__variant_logsumexp,
        "correct: exp(z - logsumexp(z)) per row",
        "correct",
    ),
    Bug(
        "cross_entropy_loss",
        "variant_pick",
        cross_entropy_loss__variant_pick,
        "correct: picks each row's probability of its class with fancy indexing",
        "correct",
    ),
]

# ---------------------------------------------------------------- mse_loss


@in_notebook
def mse_loss__mean_all(y_pred, y):
    return 0.5 * np.mean((y_pred - y) ** 2)


@in_notebook
def mse_loss__no_half(y_pred, y):
    N = len(y)
    return np.sum((y_pred - y) ** 2) / N


@in_notebook
def mse_loss__no_mean(y_pred, y):
    return 0.5 * np.sum((y_pred - y) ** 2)


@in_notebook
def mse_loss__per_output(y_pred, y):
    # total over the examples, averaged over the outputs
    return 0.5 * np.mean(np.sum((y_pred - y) ** 2, axis=0))


@in_notebook
def mse_loss__not_summed(y_pred, y):
    n = y_pred.shape[0]
    return (y_pred - y) ** 2 / (2 * n)


@in_notebook
def mse_loss__shape1(y_pred, y):
    n = y_pred.shape[1]
    return np.sum((y_pred - y) ** 2) / (2 * n)


# ---------------------------------------------------------------- mse_loss_grad


@in_notebook
def mse_loss_grad__no_mean(y_pred, y):
    return y_pred - y


@in_notebook
def mse_loss_grad__sign(y_pred, y):
    return (y - y_pred) / len(y)


@in_notebook
def mse_loss_grad__factor_two(y_pred, y):
    return 2 * (y_pred - y) / y_pred.shape[0]


@in_notebook
def mse_loss_grad__size(y_pred, y):
    return (y_pred - y) / y.size


@in_notebook
def mse_loss_grad__by_k(y_pred, y):
    return (y_pred - y) / y_pred.shape[-1]


@in_notebook
def mse_loss_grad__mean_axis0(y_pred, y):
    return np.mean(y_pred - y, axis=0)


# ---------------------------------------------------------------- softmax


@in_notebook
def softmax__naive(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


@in_notebook
def softmax__global_max(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)


@in_notebook
def softmax__column_max(z):
    e = np.exp(z - z.max(axis=0))
    return e / e.sum(axis=-1, keepdims=True)


@in_notebook
def softmax__column_sum(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0)


@in_notebook
def softmax__no_keepdims(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)


@in_notebook
def softmax__axis1(z):
    exps = np.exp(z - np.max(z, axis=1, keepdims=True))
    return exps / np.sum(exps, axis=1, keepdims=True)


@in_notebook
def softmax__inplace(z):
    z -= np.max(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


# ---------------------------------------------------------------- cross_entropy_loss


@in_notebook
def cross_entropy_loss__no_minus(p, y):
    return float(np.sum(y * np.log(np.where(y > 0, p, 1.0))) / len(p))


@in_notebook
def cross_entropy_loss__mean_all(p, y):
    safe = np.where(y == 1, p, 1.0)
    return -np.mean(y * np.log(safe))


@in_notebook
def cross_entropy_loss__zero_times_log0(p, y):
    return -np.sum(y * np.log(p)) / p.shape[0]


@in_notebook
def cross_entropy_loss__no_divide(p, y):
    return -np.sum(np.log(p[y == 1]))


@in_notebook
def cross_entropy_loss__binary_form(p, y):
    eps = 1e-12
    return -np.mean(np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps), axis=1))


@in_notebook
def cross_entropy_loss__log10(p, y):
    mask = y > 0
    return -np.sum(np.log10(p[mask])) / p.shape[0]


# ---------------------------------------------------------------- softmax_cross_entropy_grad


@in_notebook
def softmax_cross_entropy_grad__no_mean(z, y):
    return softmax(z) - y


@in_notebook
def softmax_cross_entropy_grad__sign(z, y):
    return (y - softmax(z)) / len(z)


@in_notebook
def softmax_cross_entropy_grad__size(z, y):
    return (softmax(z) - y) / z.size


@in_notebook
def softmax_cross_entropy_grad__diagonal(z, y):
    # chain rule with only the diagonal of the softmax Jacobian: dL/dp * p (1 - p)
    p = softmax(z)
    dp = -y / np.where(y > 0, p, 1.0) / len(z)
    return dp * p * (1 - p)


@in_notebook
def softmax_cross_entropy_grad__global_softmax(z, y):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return (p - y) / z.shape[0]


@in_notebook
def softmax_cross_entropy_grad__column_softmax(z, y):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return (p - y) / z.shape[0]


_ALL_BUGS = [
    Bug(
        "mse_loss",
        "mean_all",
        mse_loss__mean_all,
        "np.mean over all N*K entries, halved: divides by 2NK instead of 2N",
        "normalisation-NK",
    ),
    Bug("mse_loss", "no_half", mse_loss__no_half, "forgets the factor 1/2", "missing-half"),
    Bug("mse_loss", "no_mean", mse_loss__no_mean, "sums without dividing by N", "no-mean"),
    Bug(
        "mse_loss",
        "per_output",
        mse_loss__per_output,
        "sums over the examples and averages over the outputs: divides by 2K instead of 2N",
        "normalisation-K",
    ),
    Bug(
        "mse_loss",
        "not_summed",
        mse_loss__not_summed,
        "returns the (N, K) array of per-entry terms instead of their sum",
        "return-type",
    ),
    Bug(
        "mse_loss",
        "shape1",
        mse_loss__shape1,
        "takes N from shape[1], the number of outputs K",
        "normalisation-K",
    ),
    Bug("mse_loss_grad", "no_mean", mse_loss_grad__no_mean, "forgets to divide by N", "no-mean"),
    Bug(
        "mse_loss_grad", "sign", mse_loss_grad__sign, "returns (y - y_pred) / N: wrong sign", "sign"
    ),
    Bug(
        "mse_loss_grad",
        "factor_two",
        mse_loss_grad__factor_two,
        "keeps the 2 of the square's derivative although the loss has a 1/2",
        "factor-2",
    ),
    Bug(
        "mse_loss_grad",
        "size",
        mse_loss_grad__size,
        "divides by N*K (y.size) instead of N",
        "normalisation-NK",
    ),
    Bug(
        "mse_loss_grad",
        "by_k",
        mse_loss_grad__by_k,
        "divides by K (shape[-1]) instead of N",
        "normalisation-K",
    ),
    Bug(
        "mse_loss_grad",
        "mean_axis0",
        mse_loss_grad__mean_axis0,
        "averages over the examples: returns shape (K,) instead of (N, K)",
        "shape",
    ),
    Bug(
        "softmax",
        "naive",
        softmax__naive,
        "no shift by the max: overflows for large scores",
        "unstable",
    ),
    Bug(
        "softmax",
        "global_max",
        softmax__global_max,
        "shifts by the max of the whole array instead of each row's",
        "max-not-per-row",
    ),
    Bug(
        "softmax",
        "column_max",
        softmax__column_max,
        "shifts by each column's max (axis 0) instead of each row's",
        "max-not-per-row",
    ),
    Bug(
        "softmax",
        "column_sum",
        softmax__column_sum,
        "normalises over axis 0 (the columns) instead of the last axis",
        "sum-axis",
    ),
    Bug(
        "softmax",
        "no_keepdims",
        softmax__no_keepdims,
        "divides by the row sums without keepdims: broadcasts them along the wrong axis",
        "broadcasting",
    ),
    Bug(
        "softmax",
        "axis1",
        softmax__axis1,
        "hard-codes axis=1: fails on a single row of shape (K,) and is wrong for 3-D input",
        "axis",
    ),
    Bug(
        "softmax",
        "inplace",
        softmax__inplace,
        "works in place on z: the caller's scores are overwritten",
        "in-place",
    ),
    Bug(
        "cross_entropy_loss",
        "no_minus",
        cross_entropy_loss__no_minus,
        "forgets the minus sign: returns a negative loss",
        "sign",
    ),
    Bug(
        "cross_entropy_loss",
        "mean_all",
        cross_entropy_loss__mean_all,
        "np.mean over all N*K entries: divides by N*K instead of N",
        "normalisation-NK",
    ),
    Bug(
        "cross_entropy_loss",
        "zero_times_log0",
        cross_entropy_loss__zero_times_log0,
        "y * log(p) with p = 0 where y = 0 gives 0 * -inf = nan",
        "log-zero",
    ),
    Bug(
        "cross_entropy_loss",
        "no_divide",
        cross_entropy_loss__no_divide,
        "sums over the batch without dividing by N",
        "no-mean",
    ),
    Bug(
        "cross_entropy_loss",
        "binary_form",
        cross_entropy_loss__binary_form,
        "uses the binary cross-entropy y log p + (1 - y) log(1 - p) for a one-hot target",
        "wrong-formula",
    ),
    Bug(
        "cross_entropy_loss",
        "log10",
        cross_entropy_loss__log10,
        "uses log10 instead of the natural log",
        "log-base",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "no_mean",
        softmax_cross_entropy_grad__no_mean,
        "forgets the 1/N of the batch mean",
        "no-mean",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "sign",
        softmax_cross_entropy_grad__sign,
        "returns (y - softmax(z)) / N: wrong sign",
        "sign",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "size",
        softmax_cross_entropy_grad__size,
        "divides by N*K (z.size) instead of N",
        "normalisation-NK",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "diagonal",
        softmax_cross_entropy_grad__diagonal,
        "uses only the diagonal p(1 - p) of the softmax Jacobian: -y (1 - p) / N",
        "chain-rule",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "global_softmax",
        softmax_cross_entropy_grad__global_softmax,
        "normalises the softmax over the whole batch instead of per row",
        "sum-axis",
    ),
    Bug(
        "softmax_cross_entropy_grad",
        "column_softmax",
        softmax_cross_entropy_grad__column_softmax,
        "computes the softmax over axis 0 (per column) instead of per row",
        "sum-axis",
    ),
]

BUGS = [b for b in _ALL_BUGS if not (b.function == "softmax" and b.name == "inplace")]
EXTRA_BUGS = [b for b in _ALL_BUGS if b not in BUGS]


def _sanity():
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    yp = np.array([[0.5, 0.5], [0.6, 0.4], [0.3, 0.7]])
    # squared errors: 0.25 + 0.25, 0.36 + 0.36, 0.49 + 0.49 = 2.2; / (2 * 3)
    assert np.isclose(mse_loss(yp, y), 2.2 / 6)
    assert np.allclose(mse_loss_grad(yp, y), (yp - y) / 3)
    z = np.array([[0.0, np.log(3.0), np.log(4.0)], [2.0, 2.0, 2.0]])
    expect = np.array([[1 / 8, 3 / 8, 1 / 2], [1 / 3, 1 / 3, 1 / 3]])
    for f in (softmax, softmax__variant_logsumexp):
        assert np.allclose(f(z), expect)
        assert np.allclose(f(z + 1000.0), expect)
        assert np.allclose(f(np.log([1.0, 2.0, 5.0])), [1 / 8, 2 / 8, 5 / 8])
    p = np.array([[0.5, 0.5, 0.0], [0.0, 0.25, 0.75]])
    t = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    for f in (cross_entropy_loss, cross_entropy_loss__variant_pick):
        assert np.isclose(f(p, t), -(np.log(0.5) + np.log(0.75)) / 2)
    # gradient against central differences
    r = np.random.default_rng(0)
    zz = r.normal(size=(3, 4))
    yy = np.eye(4)[[0, 3, 1]]
    g = softmax_cross_entropy_grad(zz, yy)
    num = np.zeros_like(zz)
    for i in np.ndindex(zz.shape):
        a, b = zz.copy(), zz.copy()
        a[i] += 1e-6
        b[i] -= 1e-6
        num[i] = (cross_entropy_loss(softmax(a), yy) - cross_entropy_loss(softmax(b), yy)) / 2e-6
    assert np.allclose(g, num, atol=1e-8)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: sanity checks pass")
