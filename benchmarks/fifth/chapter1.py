"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.fifth import bug, correct

# ---------------------------------------------------------------- correct versions


def step(z):
    """z: any shape. Returns a new float64 array, 1.0 where z >= 0."""
    return (np.asarray(z) >= 0).astype(np.float64)


def perceptron_predict(X, w, b):
    """X (N, 2), w (2,), b a number. Returns (N,) of 0.0 / 1.0."""
    return step(X @ w + b)


def accuracy(y_pred, y):
    """y_pred, y (N,). Returns a float in [0, 1]."""
    return float(np.sum(np.asarray(y_pred) == np.asarray(y)) / len(y))


def xor_network(X):
    """Hidden units OR (x1 + x2 - 0.5) and NAND (1.5 - x1 - x2); output AND of the two."""
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])  # column j: the weights of unit j
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out - 1.5)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)

# ---------------------------------------------------------------- bugs


def step__zeros_like(z):
    # fault: np.zeros_like keeps an integer input's dtype, so integers give an int array
    out = np.zeros_like(z)
    out[z >= 0] = 1
    return out


def step__loop_first_axis(z):
    # fault: a loop over z's first axis, written for a vector: a 2-D z raises
    out = np.zeros(len(z))
    for i in range(len(z)):
        if z[i] >= 0:
            out[i] = 1.0
    return out


def step__heaviside_zero(z):
    # fault: np.heaviside's second argument is the value at 0, given as 0
    return np.heaviside(np.asarray(z, dtype=np.float64), 0.0)


def perceptron_predict__accumulator_overwritten(X, w, b):
    # fault: z = ... instead of z += ... in the loop over features: only the last one counts
    z = np.zeros(len(X))
    for i in range(len(w)):
        z = X[:, i] * w[i]
    return step(z + b)


def perceptron_predict__rows_off_by_one(X, w, b):
    # fault: the loop over rows stops one early: the last example is always 0
    out = np.zeros(len(X))
    for n in range(len(X) - 1):
        out[n] = 1.0 if X[n] @ w + b >= 0 else 0.0
    return out


def perceptron_predict__int_output(X, w, b):
    # fault: its own threshold with np.where(..., 1, 0): an integer array, not float64
    return np.where(X @ w + b >= 0, 1, 0)


def accuracy__skips_first(y_pred, y):
    # fault: the counting loop starts at 1: the first example is never counted
    right = 0
    for i in range(1, len(y)):
        if y_pred[i] == y[i]:
            right += 1
    return right / len(y)


def accuracy__float32(y_pred, y):
    # fault: the mean taken in float32 returns a numpy float32, not a Python float
    return np.mean((y_pred == y).astype(np.float32))


def accuracy__argmax_habit(y_pred, y):
    # fault: Keras's categorical accuracy: argmax of the whole vector compared with y
    return float(np.mean(np.argmax(y_pred) == y))


def xor_network__out_in_layout(X):
    # fault: W_hidden written one unit per row (PyTorch's (out, in)) but used as X @ W_hidden
    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])  # row j: the weights of unit j
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out - 1.5)


def xor_network__no_output_bias(X):
    # fault: the output unit OR - AND has no bias: step(0) = 1 at (0, 0) and (1, 1)
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, -1.0]))


def xor_network__or_line_on_the_margin(X):
    # fault: the OR line x1 + x2 = 0.4 passes through (0.2, 0.2), a point that must give 0
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.4, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 1.5)


BUGS = [
    bug(step__zeros_like, "np.zeros_like(z): an integer z gives an integer array", "dtype"),
    bug(step__loop_first_axis, "a loop over the first axis: fails on a 2-D z", "loop-axis"),
    bug(step__heaviside_zero, "np.heaviside(z, 0): step(0) is 0", "boundary"),
    bug(
        perceptron_predict__accumulator_overwritten,
        "the feature loop assigns instead of adding: only x2 w2 + b",
        "loop-accumulator",
    ),
    bug(
        perceptron_predict__rows_off_by_one,
        "range(len(X) - 1): the last row is never computed (0)",
        "loop-bound",
    ),
    bug(perceptron_predict__int_output, "np.where(.., 1, 0) gives integers", "dtype"),
    bug(accuracy__skips_first, "the loop starts at index 1", "loop-bound"),
    bug(accuracy__float32, "returns numpy float32, not a float", "dtype"),
    bug(accuracy__argmax_habit, "argmax of y_pred compared with y", "api-habit"),
    bug(
        xor_network__out_in_layout,
        "hidden weights written (out, in), used as (in, out): both units see x1 - x2",
        "transpose",
    ),
    bug(xor_network__no_output_bias, "the output unit has no bias", "missing-term"),
    bug(
        xor_network__or_line_on_the_margin,
        "the OR threshold 0.4 is reached at (0.2, 0.2)",
        "margin",
    ),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    assert np.array_equal(step(np.array([-2.0, 0.0, 0.5])), [0.0, 1.0, 1.0])
    assert step(np.array([[-3, 0]])).dtype == np.float64
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5], [-1.0, 0.0]])
    # z = 2 x1 + x2 - 1: -1, 1, 0, -3
    assert np.array_equal(perceptron_predict(X, np.array([2.0, 1.0]), -1.0), [0, 1, 1, 0])
    got = accuracy(np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([1.0, 0.0, 0.0, 1.0, 1.0]))
    assert type(got) is float and got == 0.6
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(xor_network(corners), [0, 1, 1, 0])
    rng = np.random.default_rng(5)
    for c, label in zip(corners, [0, 1, 1, 0], strict=True):
        P = c + rng.uniform(-0.2, 0.2, size=(300, 2))
        assert np.all(xor_network(P) == label)
    edges = np.array([[0.2, 0.2], [0.8, 0.8], [-0.2, 0.8], [1.2, 0.2]])
    assert np.array_equal(xor_network(edges), [0, 0, 1, 1])


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
