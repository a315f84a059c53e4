"""Chapter 1, decision boundaries: step, perceptron_predict, accuracy, xor_network.

Buggy student versions written from the chapter text and the contracts only.
"""

import numpy as np

from benchmarks.independent import Bug

# ---------------------------------------------------------------- correct versions


def step__correct(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1.0, 0.0)


def perceptron_predict__correct(X, w, b):
    return step__correct(np.asarray(X, float) @ np.asarray(w, float) + b)


def accuracy__correct(y_pred, y):
    y_pred = np.asarray(y_pred)
    y = np.asarray(y)
    return float(np.mean(y_pred == y))


def xor_network__correct(X):
    X = np.asarray(X, float)
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])  # OR unit, AND unit
    w_out = np.array([1.0, -1.0])
    b_out = -0.5  # OR and not AND
    A = step__correct(X @ W_hidden + b_hidden)
    return step__correct(A @ w_out + b_out)


# ---------------------------------------------------------------- step


def step__strict_greater(z):
    return (np.asarray(z) > 0).astype(float)


def step__returns_bool(z):
    # "z >= 0 is already 0 and 1"
    return np.asarray(z) >= 0


def step__in_place(z):
    z[z >= 0] = 1.0
    z[z < 0] = 0.0
    return z


def step__sign_half(z):
    # (sign + 1) / 2 maps -1 -> 0 and 1 -> 1 ... and 0 -> 0.5
    return (np.sign(z) + 1) / 2


def step__python_loop_1d(z):
    out = []
    for v in z:
        if v >= 0:
            out.append(1.0)
        else:
            out.append(0.0)
    return np.array(out)


def step__heaviside_zero(z):
    return np.heaviside(z, 0.0)


# ---------------------------------------------------------------- perceptron_predict


def perceptron_predict__bias_subtracted(X, w, b):
    # threshold form w.x >= b mixed up with the bias form w.x + b >= 0
    return step__correct(X @ w - b)


def perceptron_predict__column_output(X, w, b):
    w_col = w.reshape(2, 1)
    return step__correct(X @ w_col + b)  # shape (N, 1)


def perceptron_predict__w0_twice(X, w, b):
    z = X[:, 0] * w[0] + X[:, 1] * w[0] + b
    return step__correct(z)


def perceptron_predict__strict(X, w, b):
    return (X @ w + b > 0).astype(float)


def perceptron_predict__int_output(X, w, b):
    return (X @ w + b >= 0).astype(int)


# ---------------------------------------------------------------- accuracy


def accuracy__count(y_pred, y):
    return float(np.sum(y_pred == y))


def accuracy__error_rate(y_pred, y):
    wrong = np.sum(y_pred != y)
    return wrong / len(y)


def accuracy__floor_division(y_pred, y):
    return np.sum(y_pred == y) // len(y)


def accuracy__percent(y_pred, y):
    return 100.0 * np.mean(y_pred == y)


def accuracy__broadcast_column(y_pred, y):
    # student reshaped predictions to a column "to be safe"
    return float(np.mean(y_pred.reshape(-1, 1) == y))


def accuracy__rounded(y_pred, y):
    return round(float(np.mean(y_pred == y)), 1)


# ---------------------------------------------------------------- xor_network


def xor_network__or_only(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -0.5])
    A = step__correct(X @ W + b)
    return step__correct(A @ np.array([0.5, 0.5]) - 0.5)  # OR, (1,1) -> 1


def xor_network__thresholds_at_corners(X):
    # AND unit fires only at exactly x1 + x2 >= 2 -> (0.9, 0.9) counts as "not AND"
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -2.0])
    A = step__correct(X @ W + b)
    return step__correct(A @ np.array([1.0, -1.0]) - 0.5)


def xor_network__or_bias_zero(X):
    # OR unit with bias 0 fires at the origin too (step(0) = 1)
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([0.0, -1.5])
    A = step__correct(X @ W + b)
    return step__correct(A @ np.array([1.0, -1.0]) - 0.5)


def xor_network__or_of_hidden(X):
    # hidden OR and NAND are right, the output unit is an OR instead of an AND
    W = np.array([[1.0, -1.0], [1.0, -1.0]])
    b = np.array([-0.5, 1.5])
    A = step__correct(X @ W + b)
    return step__correct(A @ np.array([1.0, 1.0]) - 0.5)


def xor_network__column_output(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -1.5])
    A = step__correct(X @ W + b)
    return step__correct(A @ np.array([[1.0], [-1.0]]) - 0.5)  # (N, 1)


def perceptron_predict__placeholder(X, w, b):
    # left over from "make the cell run": right shape, no computation
    return np.zeros(len(X))


_ALL_BUGS = [
    Bug(
        "step",
        "strict_greater",
        step__strict_greater,
        "uses z > 0, so step(0) is 0 instead of 1",
        "boundary-at-zero",
    ),
    Bug(
        "step",
        "returns_bool",
        step__returns_bool,
        "returns the boolean comparison z >= 0, not float 0.0/1.0",
        "dtype",
    ),
    Bug(
        "step",
        "in_place",
        step__in_place,
        "overwrites z in place and returns it (input modified; ints stay ints)",
        "in-place",
    ),
    Bug(
        "step",
        "sign_half",
        step__sign_half,
        "(sign(z) + 1) / 2 gives 0.5 at z = 0",
        "boundary-at-zero",
    ),
    Bug(
        "step",
        "python_loop_1d",
        step__python_loop_1d,
        "loops over the first axis only: fails on 2-D arrays and on 0-d input",
        "shape",
    ),
    Bug(
        "step",
        "heaviside_zero",
        step__heaviside_zero,
        "np.heaviside(z, 0) sets the value at 0 to 0",
        "boundary-at-zero",
    ),
    Bug(
        "perceptron_predict",
        "bias_subtracted",
        perceptron_predict__bias_subtracted,
        "computes step(X @ w - b): the bias with the wrong sign",
        "sign",
    ),
    Bug(
        "perceptron_predict",
        "column_output",
        perceptron_predict__column_output,
        "turns w into a (2, 1) column, so the result has shape (N, 1) not (N,)",
        "shape",
    ),
    Bug(
        "perceptron_predict",
        "w0_twice",
        perceptron_predict__w0_twice,
        "typo: multiplies both coordinates by w[0] (w[1] unused)",
        "wrong-index",
    ),
    Bug(
        "perceptron_predict",
        "strict",
        perceptron_predict__strict,
        "uses > 0, so points exactly on the boundary get 0",
        "boundary-at-zero",
    ),
    Bug(
        "perceptron_predict",
        "int_output",
        perceptron_predict__int_output,
        "returns an integer array instead of float64",
        "dtype",
    ),
    Bug(
        "accuracy",
        "count",
        accuracy__count,
        "returns the number of correct entries, not the fraction",
        "normalisation",
    ),
    Bug(
        "accuracy",
        "error_rate",
        accuracy__error_rate,
        "returns the fraction of wrong entries (1 - accuracy)",
        "inverted",
    ),
    Bug(
        "accuracy",
        "floor_division",
        accuracy__floor_division,
        "integer division // gives 0 unless everything is right",
        "integer-division",
    ),
    Bug(
        "accuracy",
        "percent",
        accuracy__percent,
        "returns a percentage (0..100) instead of a fraction",
        "normalisation",
    ),
    Bug(
        "accuracy",
        "broadcast_column",
        accuracy__broadcast_column,
        "compares an (N, 1) column with (N,): broadcasts to (N, N)",
        "broadcasting",
    ),
    Bug(
        "accuracy", "rounded", accuracy__rounded, "rounds the fraction to one decimal", "precision"
    ),
    Bug(
        "xor_network",
        "or_only",
        xor_network__or_only,
        "the network computes OR: (1, 1) gives 1",
        "wrong-weights",
    ),
    Bug(
        "xor_network",
        "thresholds_at_corners",
        xor_network__thresholds_at_corners,
        "AND unit's threshold sits exactly at (1, 1): points near (1, 1) are wrong",
        "margin",
    ),
    Bug(
        "xor_network",
        "or_bias_zero",
        xor_network__or_bias_zero,
        "OR unit with bias 0 fires at (0, 0) since step(0) = 1",
        "boundary-at-zero",
    ),
    Bug(
        "xor_network",
        "or_of_hidden",
        xor_network__or_of_hidden,
        "output unit combines OR and NAND with OR instead of AND: always 1",
        "wrong-weights",
    ),
    Bug(
        "xor_network",
        "column_output",
        xor_network__column_output,
        "output weights as a (2, 1) column: result has shape (N, 1)",
        "shape",
    ),
    Bug(
        "perceptron_predict",
        "placeholder",
        perceptron_predict__placeholder,
        "a placeholder that returns zeros of the right shape",
        "placeholder",
        specific=False,
    ),
]

# At most six bugs per function in BUGS (the brief's range); the others, just as real,
# in EXTRA_BUGS.
_EXTRA = set()
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]

CORRECT = {
    "step": step__correct,
    "perceptron_predict": perceptron_predict__correct,
    "accuracy": accuracy__correct,
    "xor_network": xor_network__correct,
}


def _sanity():
    z = np.array([[-1.0, 0.0], [2.0, -0.0]])
    assert np.array_equal(step__correct(z), [[0.0, 1.0], [1.0, 1.0]])
    assert step__correct(np.float64(-3)).shape == ()
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    # w = (1, 1), b = -1: 0 - 1 < 0, 2 - 1 >= 0, 2 - 1 >= 0
    assert np.array_equal(perceptron_predict__correct(X, np.array([1.0, 1.0]), -1.0), [0, 1, 1])
    assert accuracy__correct(np.array([1.0, 0.0, 1.0, 1.0]), np.array([1.0, 1.0, 1.0, 0.0])) == 0.5
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    assert np.array_equal(xor_network__correct(corners), [0, 1, 1, 0])
    rng = np.random.default_rng(0)
    for c, t in zip(corners, [0, 1, 1, 0], strict=True):
        P = c + rng.uniform(-0.2, 0.2, size=(200, 2))
        assert np.all(xor_network__correct(P) == t)
    print("chapter1: correct versions pass the hand checks")


if __name__ == "__main__":
    _sanity()
