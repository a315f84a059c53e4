"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.fourth import bug, correct

# ---------------------------------------------------------------- correct versions


def step(z):
    """z: any shape. Returns a new float64 array, 1.0 where z >= 0."""
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    """X (N, 2), w (2,), b a number. Returns (N,) of 0.0 / 1.0."""
    return step(X @ w + b)


def accuracy(y_pred, y):
    """y_pred, y (N,). Returns a float in [0, 1]."""
    return float(np.mean(np.asarray(y_pred) == np.asarray(y)))


def xor_network(X):
    """X (N, 2). Hidden units OR (x1 + x2 >= 0.5) and AND (x1 + x2 >= 1.5); out = OR and
    not AND. Returns (N,)."""
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    w_out = np.array([1.0, -1.0])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out - 0.5)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)

# ---------------------------------------------------------------- bugs


def step__strict(z):
    # fault: > instead of >=, so step(0) is 0
    return np.where(np.asarray(z) > 0, 1.0, 0.0)


def step__booleans(z):
    # fault: returns the comparison itself, a bool array, not float64
    return np.asarray(z) >= 0


def step__overwrites_z(z):
    # fault: writes the answer into z itself (no copy): the caller's array changes
    z[z >= 0] = 1.0
    z[z < 0] = 0.0
    return z.astype(np.float64)


def perceptron_predict__no_bias(X, w, b):
    # fault: forgot the bias
    return step(X @ w)


def perceptron_predict__minus_bias(X, w, b):
    # fault: the bias subtracted ("the threshold is -b")
    return step(X @ w - b)


def perceptron_predict__own_strict_step(X, w, b):
    # fault: thresholds inline with > 0 instead of calling step (points on the line are 0)
    z = X @ w + b
    return (z > 0).astype(float)


def accuracy__error_rate(y_pred, y):
    # fault: counts the disagreements (the error rate)
    return float(np.mean(y_pred != y))


def accuracy__count(y_pred, y):
    # fault: forgot to divide by N
    return float(np.sum(y_pred == y))


def accuracy__floor_division(y_pred, y):
    # fault: integer division (//), so anything short of all-correct is 0
    return float(np.sum(y_pred == y) // len(y))


def xor_network__thresholds_on_corners(X):
    # fault: hidden lines x1 + x2 = 1 and x1 + x2 = 2 pass through the corners:
    # right at the corners, wrong near (1, 1)
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-1.0, -2.0])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, -1.0]) - 0.5)


def xor_network__no_hidden_step(X):
    # fault: the hidden layer has no step: two linear layers are one line, here always 1
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    A = X @ W_hidden + b_hidden
    return step(A @ np.array([1.0, -1.0]) - 0.5)


def xor_network__output_adds(X):
    # fault: the output unit adds the hidden units (OR + AND >= 0.5), which is OR
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 0.5)


BUGS = [
    bug(step__strict, "step(0) is 0: > instead of >=", "boundary"),
    bug(step__booleans, "returns a bool array, not float64", "dtype"),
    bug(step__overwrites_z, "overwrites its input z", "in-place"),
    bug(perceptron_predict__no_bias, "the bias b is left out", "missing-term"),
    bug(perceptron_predict__minus_bias, "z = X @ w - b", "sign"),
    bug(
        perceptron_predict__own_strict_step,
        "its own threshold with > 0: a point on the line gives 0",
        "boundary",
    ),
    bug(accuracy__error_rate, "returns the fraction that disagree", "complement"),
    bug(accuracy__count, "returns the number that agree, not divided by N", "normalisation"),
    bug(accuracy__floor_division, "integer division: 0 unless all agree", "integer-division"),
    bug(
        xor_network__thresholds_on_corners,
        "hidden lines through the corners: wrong at points near (1, 1)",
        "margin",
    ),
    bug(xor_network__no_hidden_step, "no step in the hidden layer: always 1", "no-activation"),
    bug(xor_network__output_adds, "the output unit computes OR + AND, i.e. OR", "weights"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    assert np.array_equal(step(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])
    assert step(np.array([-3, 0])).dtype == np.float64
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5], [-1.0, 0.0]])
    # 2 x1 + x2 - 1: -1, 1, 0, -3
    assert np.array_equal(perceptron_predict(X, np.array([2.0, 1.0]), -1.0), [0, 1, 1, 0])
    assert accuracy(np.array([1.0, 0.0, 1.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])) == 0.75
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(xor_network(corners), [0, 1, 1, 0])
    rng = np.random.default_rng(0)
    for c, label in zip(corners, [0, 1, 1, 0], strict=True):
        P = c + rng.uniform(-0.2, 0.2, size=(200, 2))
        assert np.all(xor_network(P) == label)


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
