"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.eighth import bug, correct

# ---------------------------------------------------------------- correct versions


def step(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    return step(X @ w + b)


def accuracy(y_pred, y):
    return float(np.mean(y_pred == y))


def xor_network(X):
    # hidden unit 0 is OR (x1 + x2 >= 0.5), unit 1 is NAND (x1 + x2 <= 1.5);
    # the output is their AND.
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)

# ---------------------------------------------------------------- bugs


def step__heaviside_half(z):
    # fault: np.heaviside pasted from its documentation example, with 0.5 at z = 0
    return np.heaviside(z, 0.5)


def step__astype_int(z):
    # fault: a Stack Overflow one-liner: a boolean mask cast to int, not float64
    return (np.asarray(z) >= 0).astype(int)


def perceptron_predict__dot_w_first(X, w, b):
    # fault: np.dot(w, X) as in the column-vector notation w . x: multiplies w into the columns of X
    return step(np.dot(w, X) + b)


def perceptron_predict__bias_column(X, w, b):
    # fault: the bias made a column (N, 1) "to match the batch": (N,) + (N, 1) broadcasts to (N, N)
    b = np.full((X.shape[0], 1), b)
    return step(X @ w + b)


def perceptron_predict__rounded_z(X, w, b):
    # fault: z rounded to 2 decimals "to avoid float noise at the boundary"
    z = np.round(X @ w + b, 2)
    return step(z)


def accuracy__rounded(y_pred, y):
    # fault: rounded to two decimals for printing, inside the function
    return round(float(np.mean(y_pred == y)), 2)


def accuracy__column_against_row(y_pred, y):
    # fault: y_pred reshaped to a column (N, 1): compared with y (N,) it broadcasts to (N, N)
    return float(np.mean(y_pred.reshape(-1, 1) == y))


def accuracy__count_only(y_pred, y):
    # fault: left half done: the number of agreements, never divided by N
    return float(np.sum(y_pred == y))


def xor_network__weights_out_by_in(X):
    # fault: W_hidden written one unit per row (PyTorch's (out, in)) but used as X @ W_hidden
    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


def xor_network__lines_through_corners(X):
    # fault: both hidden lines through corners (sums 1): right at the corners, wrong near them
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-1.0, 1.0])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


def xor_network__output_layer_missing(X):
    # fault: left half done: returns the first hidden unit (OR), the output layer never written
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return A[:, 0]


BUGS = [
    bug(step__heaviside_half, "np.heaviside(z, 0.5) gives 0.5 at z = 0.", "web-paste"),
    bug(step__astype_int, "Returns integers, not float64.", "dtype"),
    bug(perceptron_predict__dot_w_first, "np.dot(w, X) instead of X @ w.", "web-paste"),
    bug(perceptron_predict__bias_column, "Bias as an (N, 1) column broadcasts.", "broadcast"),
    bug(perceptron_predict__rounded_z, "z rounded before the step.", "defensive"),
    bug(accuracy__rounded, "The accuracy rounded to 2 decimals.", "defensive"),
    bug(accuracy__column_against_row, "(N, 1) against (N,) broadcasts.", "broadcast"),
    bug(accuracy__count_only, "Not divided by N.", "half-done"),
    bug(xor_network__weights_out_by_in, "W_hidden one unit per row.", "transpose"),
    bug(xor_network__lines_through_corners, "Boundaries through the corners.", "off-by-one"),
    bug(xor_network__output_layer_missing, "Output layer never written.", "half-done"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    assert np.array_equal(step(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])
    assert step(np.array([-3, 0, 2])).dtype == np.float64
    # 2 x1 + x2 - 1 at (0, 0), (0.25, 0.5) (on the line), (1, 1): -1, 0, 2
    X = np.array([[0.0, 0.0], [0.25, 0.5], [1.0, 1.0]])
    assert np.array_equal(perceptron_predict(X, np.array([2.0, 1.0]), -1.0), [0.0, 1.0, 1.0])
    got = accuracy(np.array([1.0, 0.0, 1.0]), np.array([1.0, 1.0, 1.0]))
    assert isinstance(got, float) and got == 2 / 3
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for dx in [-0.2, 0.0, 0.2]:
        for dy in [-0.2, 0.0, 0.2]:
            assert np.array_equal(xor_network(corners + [dx, dy]), [0.0, 1.0, 1.0, 0.0])


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
