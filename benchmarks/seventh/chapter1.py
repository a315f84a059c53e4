"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.seventh import bug, correct

# ---------------------------------------------------------------- correct versions


def step(z):
    """1.0 where z >= 0, else 0.0, as a new float64 array."""
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    return step(X @ w + b)


def accuracy(y_pred, y):
    return float(np.mean(y_pred == y))


def xor_network(X):
    """Hidden units OR (x1 + x2 >= 0.5) and AND (x1 + x2 >= 1.5); output OR and not AND."""
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    w_out = np.array([1.0, -1.0])
    b_out = -0.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)

# ---------------------------------------------------------------- bugs


def step__strict(z):
    # fault: z > 0 instead of z >= 0: step(0) is 0
    return np.where(z > 0, 1.0, 0.0)


def step__overwrites_z(z):
    # fault: writes the answer into z itself (MATLAB habit: z(z >= 0) = 1), changing the input
    z[z >= 0] = 1
    z[z < 0] = 0
    return z


def perceptron_predict__minus_b(X, w, b):
    # fault: w . x - b: the bias enters with the wrong sign (the threshold form x . w >= b misread)
    return step(X @ w - b)


def perceptron_predict__loop_from_one(X, w, b):
    # fault: 1-based loop (MATLAB's 1:N): row 0 is never computed and stays 0
    out = np.zeros(X.shape[0])
    for i in range(1, X.shape[0]):
        out[i] = step(np.dot(X[i], w) + b)
    return out


def accuracy__integer_division(y_pred, y):
    # fault: C-style integer division of the count by N: 0 unless every entry agrees
    correct_count = int(np.sum(y_pred == y))
    return float(correct_count // len(y))


def accuracy__divided_by_shape(y_pred, y):
    # fault: divides by y.shape (a tuple, MATLAB's size(y)): a 1-element array, not a float
    return np.sum(y_pred == y) / np.array(y.shape)


def xor_network__rows_are_units(X):
    # fault: W_hidden written with one unit per row (W x, column-vector habit) but used as X @ W
    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])  # unit 1: OR, unit 2: NAND
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


def xor_network__tight_threshold(X):
    # fault: OR unit's threshold at 0.9: right at the corners, wrong within 0.2 of (0, 1), (1, 0)
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.9, -1.5])
    w_out = np.array([1.0, -1.0])
    b_out = -0.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


def xor_network__no_hidden_step(X):
    # fault: the hidden layer is left linear (step forgotten): OR - AND collapses to the constant 1
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    w_out = np.array([1.0, -1.0])
    b_out = -0.5
    A = X @ W_hidden + b_hidden
    return step(A @ w_out + b_out)


BUGS = [
    bug(step__strict, "z > 0 instead of z >= 0: step(0) is 0.", "boundary"),
    bug(step__overwrites_z, "Overwrites z in place (and keeps its dtype).", "in-place"),
    bug(perceptron_predict__minus_b, "Subtracts b instead of adding it.", "sign"),
    bug(perceptron_predict__loop_from_one, "Loop starts at 1: row 0 stays 0.", "off-by-one"),
    bug(accuracy__integer_division, "Integer division: 0 unless all agree.", "integer-division"),
    bug(accuracy__divided_by_shape, "Divides by y.shape: returns an array.", "type"),
    bug(xor_network__rows_are_units, "W_hidden written one unit per row.", "transpose"),
    bug(xor_network__tight_threshold, "Hidden threshold too tight near corners.", "margin"),
    bug(xor_network__no_hidden_step, "No step on the hidden layer.", "no-activation"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    assert np.array_equal(step(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])
    assert step(np.array([[3, -1]])).dtype == np.float64
    # 2 x1 + x2 - 1 at (0, 0), (1, 0), (0.25, 0.5): -1, 1, 0
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5]])
    assert np.array_equal(perceptron_predict(X, np.array([2.0, 1.0]), -1.0), [0.0, 1.0, 1.0])
    acc = accuracy(np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]))
    assert isinstance(acc, float) and acc == 2 / 3
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(xor_network(corners), [0.0, 1.0, 1.0, 0.0])
    for d in np.linspace(-0.2, 0.2, 5):
        for e in np.linspace(-0.2, 0.2, 5):
            assert np.array_equal(xor_network(corners + [d, e]), [0.0, 1.0, 1.0, 0.0])


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
