"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.tenth import bug, correct


def step(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    return step(X @ w + b)


def accuracy(y_pred, y):
    return float(np.mean(y_pred == y))


def xor_network(X):
    # hidden: OR (x1 + x2 >= 0.5) and NAND (x1 + x2 <= 1.5); output: AND of the two
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)


# ---- step ----
def step__bool(z):
    # fault: returns the boolean comparison itself, not 0.0/1.0 floats
    return z >= 0


def step__int(z):
    # fault: np.where with integer constants gives an integer array
    return np.where(z >= 0, 1, 0)


def step__loop_flat(z):
    # fault: loops over z.ravel() and returns the flat result, so a 2-D z comes back 1-D
    out = []
    for v in np.ravel(z):
        out.append(1.0 if v >= 0 else 0.0)
    return np.array(out)


# ---- perceptron_predict ----
def perceptron_predict__last_row(X, w, b):
    # fault: the loop stops at range(len(X) - 1), the last example keeps its 0
    y = np.zeros(len(X))
    for i in range(len(X) - 1):
        y[i] = step(np.dot(X[i], w) + b)
    return y


def perceptron_predict__w_col(X, w, b):
    # fault: w made a column with w[:, None] "to be safe": the answer has shape (N, 1)
    return step(X @ w[:, None] + b)


def perceptron_predict__list(X, w, b):
    # fault: a list comprehension over the rows: returns a Python list, not an array
    return [float(step(x @ w + b)) for x in X]


# ---- accuracy ----
def accuracy__broadcast_col(y_pred, y):
    # fault: y_pred.reshape(-1, 1) compared with y of shape (N,): an (N, N) table is averaged
    return float(np.mean(y_pred.reshape(-1, 1) == y))


def accuracy__one_elem(y_pred, y):
    # fault: the count is kept as a 1-element array: returns array([acc]), not a float
    correct_count = np.array([np.sum(y_pred == y)])
    return correct_count / len(y)


# ---- xor_network ----
def xor_network__tight(X):
    # fault: thresholds right on the corners (OR at x1 + x2 >= 1, NAND at x1 + x2 <= 1):
    # the corners pass, (0.9, 0.0) does not
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-1.0, 1.0])
    w_out = np.array([1.0, 1.0])
    b_out = -2.0
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


def xor_network__rows_as_units(X):
    # fault: W_hidden written with one row per hidden unit (as in the article's w_1, w_2),
    # but X @ W_hidden reads one column per unit
    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


BUGS = [
    bug(step__bool, "Returns a boolean array instead of 0.0/1.0 floats.", "dtype-type"),
    bug(
        step__int, "Returns an integer array (np.where with 1, 0) instead of float64.", "dtype-type"
    ),
    bug(step__loop_flat, "Loops over the raveled z and returns a flat array.", "shape-forced"),
    bug(
        perceptron_predict__last_row,
        "The loop runs over range(len(X) - 1): the last example is never predicted.",
        "loop",
    ),
    bug(perceptron_predict__w_col, "w made a column: answers of shape (N, 1).", "shape-forced"),
    bug(perceptron_predict__list, "Returns a Python list instead of an array.", "dtype-type"),
    bug(
        accuracy__broadcast_col,
        "y_pred reshaped to a column is broadcast against y: averages an (N, N) table.",
        "shape-forced",
    ),
    bug(accuracy__one_elem, "Returns a 1-element array instead of a float.", "dtype-type"),
    bug(
        xor_network__tight,
        "Thresholds placed exactly on the corners: wrong for points near the corners.",
        "notation",
    ),
    bug(
        xor_network__rows_as_units,
        "Hidden weights written one row per unit while X @ W reads columns.",
        "notation",
    ),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2.0, 0.0], [3.0, -1e-9]])
    got = step(z)
    assert got.dtype == np.float64 and np.array_equal(got, [[0.0, 1.0], [1.0, 0.0]])
    # w = (1, -2), b = 0.5: rows (1, 0) -> 1.5, (0, 1) -> -1.5, (2, 1.25) -> 0
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 1.25]])
    assert np.array_equal(perceptron_predict(X, np.array([1.0, -2.0]), 0.5), [1.0, 0.0, 1.0])
    acc = accuracy(np.array([1.0, 0.0, 1.0, 1.0]), np.array([1.0, 1.0, 1.0, 0.0]))
    assert isinstance(acc, float) and acc == 0.5
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(xor_network(corners), [0.0, 1.0, 1.0, 0.0])
    for dx in (-0.2, 0.2):
        for dy in (-0.2, 0.2):
            assert np.array_equal(xor_network(corners + [dx, dy]), [0.0, 1.0, 1.0, 0.0])


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
