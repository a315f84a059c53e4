"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.sixth import bug, correct

# ---------------------------------------------------------------- correct versions


def step(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    return step(X @ w + b)


def accuracy(y_pred, y):
    return float(np.sum(y_pred == y) / len(y))


def xor_network(X):
    # hidden unit 1: x1 OR x2 (x1 + x2 >= 0.5), unit 2: x1 AND x2 (x1 + x2 >= 1.5);
    # output: OR and not AND.
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    w_out = np.array([1.0, -1.0])
    b_out = -0.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)

# ---------------------------------------------------------------- bugs


def step__bool(z):
    # fault: returns the comparison itself, a bool array, not float64 0.0 / 1.0
    return z >= 0


def step__overwrites_z(z):
    # fault: writes the answer into z (the caller's array), and an int z stays int
    z[z >= 0] = 1
    z[z < 0] = 0
    return z


def step__sign(z):
    # fault: (sign(z) + 1) / 2 gives 0.5 at z = 0
    return (np.sign(z) + 1) / 2


def perceptron_predict__w0_twice(X, w, b):
    # fault: copy-pasted term keeps w[0] for the second input
    return step(X[:, 0] * w[0] + X[:, 1] * w[0] + b)


def perceptron_predict__column(X, w, b):
    # fault: w made a column (2, 1), so the answer has shape (N, 1), not (N,)
    return step(X @ w.reshape(2, 1) + b)


def perceptron_predict__heaviside(X, w, b):
    # fault: np.heaviside(z, 0) gives 0 on the line, where step gives 1
    return np.heaviside(X @ w + b, 0.0)


def accuracy__error_rate(y_pred, y):
    # fault: the fraction that disagree
    return float(np.mean(y_pred != y))


def accuracy__rounded(y_pred, y):
    # fault: rounds the fraction to two decimals "for display"
    return round(float(np.mean(y_pred == y)), 2)


def accuracy__column_target(y_pred, y):
    # fault: y made a column, so every prediction is compared with every target (N, N)
    return float(np.mean(y_pred == y.reshape(-1, 1)))


def xor_network__and_at_one(X):
    # fault: AND threshold 1 instead of 1.5: step(0) = 1 makes AND fire at (1, 0) and (0, 1)
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.0])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, -1.0]) - 0.5)


def xor_network__thin_margin(X):
    # fault: thresholds 0.9 and 1.1 are right at the corners but not within 0.2 of them
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.9, -1.1])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, -1.0]) - 0.5)


def xor_network__unit_per_row(X):
    # fault: W_hidden written one unit per row ([OR weights], [AND weights 2, 2]); X @ W
    # needs one unit per column, so both units see x1 + 2 x2 (right only at the corners)
    W_hidden = np.array([[1.0, 1.0], [2.0, 2.0]])
    b_hidden = np.array([-0.5, -3.0])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, -1.0]) - 0.5)


BUGS = [
    bug(step__bool, "returns a bool array, not float64", "dtype"),
    bug(step__overwrites_z, "writes into z in place; int stays int", "in-place"),
    bug(step__sign, "(sign(z) + 1) / 2: 0.5 at z = 0", "boundary"),
    bug(perceptron_predict__w0_twice, "w[0] used for both inputs", "copy-paste"),
    bug(perceptron_predict__column, "w as a (2, 1) column: output (N, 1)", "shape"),
    bug(perceptron_predict__heaviside, "heaviside(z, 0): 0 on the line", "boundary"),
    bug(accuracy__error_rate, "fraction that disagree", "complement"),
    bug(accuracy__rounded, "rounded to two decimals", "defensive"),
    bug(accuracy__column_target, "y as a column: (N, N) comparison", "shape"),
    bug(xor_network__and_at_one, "AND threshold 1: fires at (1, 0)", "boundary"),
    bug(xor_network__thin_margin, "thresholds 0.9 / 1.1: no margin near corners", "margin"),
    bug(xor_network__unit_per_row, "W_hidden one unit per row", "transpose"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    assert np.array_equal(step(np.array([-2.0, -0.0, 0.0, 0.5])), [0.0, 1.0, 1.0, 1.0])
    assert step(np.array([-3, 0, 2])).dtype == np.float64
    # 2 x1 + x2 - 1: (0, 0) -> -1 -> 0; (1, 0) -> 1 -> 1; (0.25, 0.5) -> 0 -> 1
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5]])
    assert np.array_equal(perceptron_predict(X, np.array([2.0, 1.0]), -1.0), [0, 1, 1])
    got = accuracy(np.array([1.0, 0.0, 1.0]), np.array([1.0, 1.0, 1.0]))
    assert isinstance(got, float) and abs(got - 2 / 3) < 1e-15
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for d in [np.zeros(2), [0.2, 0.2], [-0.2, 0.2], [0.2, -0.2], [-0.2, -0.2], [0.2, 0.0]]:
        assert np.array_equal(xor_network(corners + d), [0, 1, 1, 0])


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
