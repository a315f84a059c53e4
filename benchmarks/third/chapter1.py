"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.third import Bug, in_notebook


def _b(impl, cause, kind, **kw):
    function, name = impl.__name__.split("__")
    return Bug(function, name, impl, cause, kind, **kw)


# ---------------------------------------------------------------- correct versions


@in_notebook
def step(z):
    """1.0 where z >= 0, else 0.0; z any shape -> float64 array of z's shape."""
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


@in_notebook
def perceptron_predict(X, w, b):
    """X (N, 2), w (2,), b number -> (N,) of 0.0 / 1.0."""
    return step(X @ w + b)


@in_notebook
def accuracy(y_pred, y):
    """y_pred, y (N,) -> float, the fraction of equal entries."""
    return float(np.sum(y_pred == y) / len(y))


@in_notebook
def xor_network(X):
    """X (N, 2) -> (N,): OR and NAND in the hidden layer, AND at the output."""
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])  # column 0: OR, column 1: NAND
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = {
    "step": step,
    "perceptron_predict": perceptron_predict,
    "accuracy": accuracy,
    "xor_network": xor_network,
}

# ---------------------------------------------------------------- step


@in_notebook
def step__int_dtype(z):
    return (z >= 0).astype(int)  # fault: integer 0 / 1, not float64


@in_notebook
def step__in_place(z):
    z[z >= 0] = 1.0  # fault: overwrites the caller's array and returns it
    z[z < 0] = 0.0
    return z


@in_notebook
def step__heaviside_zero(z):
    return np.heaviside(z, 0.0)  # fault: 0 at z = 0 (the second argument is the value there)


@in_notebook
def step__boolean(z):
    return z >= 0  # fault: a boolean array, not float64


# ---------------------------------------------------------------- perceptron_predict


@in_notebook
def perceptron_predict__X_transposed(X, w, b):
    return step(X.T @ w + b)  # fault: X.T; runs (wrongly) only when N = 2


@in_notebook
def perceptron_predict__bias_on_inputs(X, w, b):
    return step((X + b) @ w)  # fault: b added to each input, so it is multiplied by w


@in_notebook
def perceptron_predict__last_row_skipped(X, w, b):
    out = np.zeros(len(X))
    for n in range(len(X) - 1):  # fault: off by one, the last row stays 0
        out[n] = step(np.dot(X[n], w) + b)
    return out


@in_notebook
def perceptron_predict__column(X, w, b):
    return step(X @ w.reshape(-1, 1) + b)  # fault: w as a column, result (N, 1)


# ---------------------------------------------------------------- accuracy


@in_notebook
def accuracy__floor_division(y_pred, y):
    return np.sum(y_pred == y) // len(y)  # fault: integer division, 0 unless all right


@in_notebook
def accuracy__signed_errors(y_pred, y):
    return float(1 - np.mean(y_pred - y))  # fault: +1 and -1 errors cancel


@in_notebook
def accuracy__column_target(y_pred, y):
    return float(np.mean(y_pred == y.reshape(-1, 1)))  # fault: (N, N) comparison of all pairs


@in_notebook
def accuracy__error_rate(y_pred, y):
    return float(np.mean(y_pred != y))  # fault: the fraction wrong, not right


# ---------------------------------------------------------------- xor_network


@in_notebook
def xor_network__weights_by_row(X):
    # fault: W_hidden written one hidden unit per ROW ((1, 1) = OR, (-1, -1) = NAND), but
    # X @ W reads columns: the units get (1, -1) and (1, -1)
    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 1.5)


@in_notebook
def xor_network__no_margin(X):
    # fault: the OR threshold sits on the corners (b = -1): (0, 0.9) is already outside
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-1.0, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 1.5)


@in_notebook
def xor_network__or_at_output(X):
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 0.5)  # fault: OR of OR and NAND, always 1


@in_notebook
def xor_network__no_output_step(X):
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return A @ np.array([1.0, 1.0]) - 1.5  # fault: the output unit's step left out


BUGS = [
    _b(step__int_dtype, "returns integers instead of float64", "dtype"),
    _b(step__in_place, "overwrites the input array and returns it", "in-place"),
    _b(step__heaviside_zero, "gives 0 at z = 0 instead of 1", "boundary"),
    _b(step__boolean, "returns booleans instead of float64", "dtype"),
    _b(
        perceptron_predict__X_transposed,
        "uses X.T @ w, which fits only when N = 2",
        "transpose-square",
    ),
    _b(perceptron_predict__bias_on_inputs, "adds b to the inputs before the weights", "bias"),
    _b(perceptron_predict__last_row_skipped, "loop stops one row early", "off-by-one"),
    _b(perceptron_predict__column, "w reshaped to a column, answer (N, 1)", "shape"),
    _b(accuracy__floor_division, "integer division by N", "integer-division"),
    _b(accuracy__signed_errors, "averages signed differences, errors cancel", "formula"),
    _b(accuracy__column_target, "compares every prediction with every target", "broadcast"),
    _b(accuracy__error_rate, "returns the error rate, 1 - accuracy", "complement"),
    _b(
        xor_network__weights_by_row,
        "hidden weights written by row, read by column: the units are not OR and NAND",
        "transpose",
    ),
    _b(xor_network__no_margin, "OR threshold on the corners: no margin of 0.2", "margin"),
    _b(xor_network__or_at_output, "output unit is OR instead of AND: always 1", "gate"),
    _b(xor_network__no_output_step, "output unit has no step", "missing-activation"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    z = np.array([[-2.0, -1e-12, 0.0], [1e-12, 3.0, -0.0]])
    got = step(z)
    assert got.dtype == np.float64 and got.tolist() == [[0, 0, 1], [1, 1, 1]]
    # 2 x1 + x2 - 1 at (0, 0), (1, 0), (0.25, 0.5), (-1, 0): -1, 1, 0, -3
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5], [-1.0, 0.0]])
    assert perceptron_predict(X, np.array([2.0, 1.0]), -1.0).tolist() == [0, 1, 1, 0]
    assert accuracy(np.array([1.0, 0, 1, 1, 0]), np.array([1.0, 0, 0, 1, 1])) == 0.6
    corners = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    assert xor_network(corners).tolist() == [0, 1, 1, 0]
    rng = np.random.default_rng(1)
    for c, want in zip(corners, [0, 1, 1, 0], strict=True):
        near = c + rng.uniform(-0.2, 0.2, size=(50, 2))
        assert np.all(xor_network(near) == want)


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass")
