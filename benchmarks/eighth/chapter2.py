"""Chapter 2 (objective functions): mse_loss, mse_loss_grad, softmax, cross_entropy_loss,
softmax_cross_entropy_grad."""

import numpy as np

from benchmarks.eighth import bug, correct

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
    # log only where the target is 1: p may be 0 elsewhere
    safe = np.where(y > 0, p, 1.0)
    return float(-np.sum(y * np.log(safe)) / p.shape[0])


def softmax_cross_entropy_grad(z, y):
    return (softmax(z) - y) / z.shape[0]


CORRECT = correct(mse_loss, mse_loss_grad, softmax, cross_entropy_loss, softmax_cross_entropy_grad)

# ---------------------------------------------------------------- bugs


def mse_loss__sum_reduction(y_pred, y):
    # fault: PyTorch's reduction="sum" pasted: 1/2 the sum of squares, never divided by N
    return float(0.5 * np.sum((y_pred - y) ** 2))


def mse_loss__mean_of_entries(y_pred, y):
    # fault: 0.5 * np.mean, the Keras-style mean over all N K entries instead of over N
    return float(0.5 * np.mean((y_pred - y) ** 2))


def mse_loss_grad__no_half(y_pred, y):
    # fault: the derivative of a squared error without the 1/2 pasted: 2 (y_pred - y) / N
    return 2 * (y_pred - y) / y_pred.shape[0]


def mse_loss_grad__clipped(y_pred, y):
    # fault: gradient clipped to [-1, 1] "against exploding gradients"
    return np.clip((y_pred - y) / y_pred.shape[0], -1.0, 1.0)


def mse_loss_grad__placeholder(y_pred, y):
    # fault: left half done: the zeros of the right shape kept as the answer
    return np.zeros_like(y_pred)


def softmax__no_keepdims(z):
    # fault: max and sum without keepdims: (N, K) against (N,)
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1))
    return e / np.sum(e, axis=-1)


def softmax__columns(z):
    # fault: shifted per row but normalised over axis 0 (columns), as in a column-vector text
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax__global_max_nan_to_num(z):
    # fault: shifted by the max of the whole array; the 0/0 of a far row hidden by nan_to_num
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z))
    return np.nan_to_num(e / np.sum(e, axis=-1, keepdims=True))


def cross_entropy_loss__keras_clip(p, y):
    # fault: p clipped to [1e-7, 1 - 1e-7] as Keras does, which moves a probability of 1
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-np.sum(y * np.log(p)) / p.shape[0])


def cross_entropy_loss__fancy_index(p, y):
    # fault: CS231n's p[range(N), labels] written p[:, labels]: an (N, N) table, then its mean
    labels = np.argmax(y, axis=1)
    return float(-np.mean(np.log(p[:, labels])))


def cross_entropy_loss__sum_reduction(p, y):
    # fault: reduction "sum": the log-probabilities of the right classes summed, not averaged
    return float(-np.sum(np.log(p[y == 1])))


def softmax_cross_entropy_grad__per_example(z, y):
    # fault: the per-example gradient softmax(z) - y, without the 1/N of the batch mean
    return softmax(z) - y


def softmax_cross_entropy_grad__batch_axis(z, y):
    # fault: the softmax written inline, normalised over the batch axis 0
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    p = e / np.sum(e, axis=0, keepdims=True)
    return (p - y) / z.shape[0]


def softmax_cross_entropy_grad__label_index(z, y):
    # fault: CS231n's dz[range(N), y] -= 1 pasted with y one-hot, read as integer labels
    n = z.shape[0]
    dz = softmax(z)
    dz[np.arange(n), y.astype(int)] -= 1
    return dz / n


BUGS = [
    bug(mse_loss__sum_reduction, "Not divided by N.", "web-paste"),
    bug(mse_loss__mean_of_entries, "Divided by 2NK.", "web-paste"),
    bug(mse_loss_grad__no_half, "A factor 2 too large.", "math"),
    bug(mse_loss_grad__clipped, "Gradient clipped to [-1, 1].", "defensive"),
    bug(mse_loss_grad__placeholder, "Returns zeros.", "half-done"),
    bug(softmax__no_keepdims, "Max and sum without keepdims.", "keepdims"),
    bug(softmax__columns, "Normalised over axis 0.", "wrong-axis"),
    bug(softmax__global_max_nan_to_num, "Global max; nan_to_num hides 0/0.", "defensive"),
    bug(cross_entropy_loss__keras_clip, "p clipped to [1e-7, 1 - 1e-7].", "defensive"),
    bug(
        cross_entropy_loss__fancy_index, "p[:, labels] instead of p[range(N), labels].", "web-paste"
    ),
    bug(cross_entropy_loss__sum_reduction, "Not divided by N.", "web-paste"),
    bug(softmax_cross_entropy_grad__per_example, "Not divided by N.", "web-paste"),
    bug(softmax_cross_entropy_grad__batch_axis, "Softmax over the batch axis.", "wrong-axis"),
    bug(softmax_cross_entropy_grad__label_index, "One-hot y used as labels.", "web-paste"),
]
EXTRA_BUGS = []
VARIANTS = []


def _numeric(f, w, h=1e-6):
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def _sanity():
    # N = 2, K = 3: squares 1 + 4 + 0 + 0 + 0 + 9 = 14, loss 14 / 4
    y_pred = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    assert np.isclose(mse_loss(y_pred, np.zeros((2, 3))), 3.5)
    assert np.allclose(mse_loss_grad(y_pred, np.zeros((2, 3))), y_pred / 2)
    y = np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 1.0]])
    assert np.allclose(mse_loss_grad(y_pred, y), _numeric(lambda v: mse_loss(v, y), y_pred))
    # softmax(0, ln 3) = (1/4, 3/4); far rows; one row of shape (3,)
    z = np.array([[0.0, np.log(3.0)], [1000.0, 1000.0 + np.log(3.0)], [-900.0, -900.0]])
    assert np.allclose(softmax(z), [[0.25, 0.75], [0.25, 0.75], [0.5, 0.5]])
    assert np.allclose(softmax(np.log([1.0, 2.0, 5.0])), [0.125, 0.25, 0.625])
    # probabilities of the right classes 0.5 and 0.25: -(ln 0.5 + ln 0.25) / 2 = 1.5 ln 2
    p = np.array([[0.5, 0.5, 0.0], [0.75, 0.0, 0.25]])
    t = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    with np.errstate(divide="raise", invalid="raise"):
        assert np.isclose(cross_entropy_loss(p, t), 1.5 * np.log(2.0))
    z = np.array([[0.2, -1.0, 0.5], [3.0, 1.0, -2.0], [0.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    y4 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    expected = _numeric(lambda v: cross_entropy_loss(softmax(v), y4), z)
    assert np.allclose(softmax_cross_entropy_grad(z, y4), expected, atol=1e-8)


if __name__ == "__main__":
    _sanity()
    print("chapter 2: correct versions pass their hand checks")
