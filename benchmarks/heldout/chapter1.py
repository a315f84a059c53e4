"""Held-out buggy versions of chapter 1: step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.heldout import Bug, in_notebook

# ---------------------------------------------------------------- correct versions


@in_notebook
def step(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


@in_notebook
def perceptron_predict(X, w, b):
    return step(X @ w + b)


@in_notebook
def accuracy(y_pred, y):
    return float(np.mean(y_pred == y))


@in_notebook
def xor_network(X):
    W_hidden = np.array([[1.0, 1.0], [1.0, 1.0]])
    b_hidden = np.array([-0.5, -1.5])  # OR, AND
    w_out = np.array([1.0, -2.0])
    b_out = -0.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = {
    "step": step,
    "perceptron_predict": perceptron_predict,
    "accuracy": accuracy,
    "xor_network": xor_network,
}

# ---------------------------------------------------------------- correct, written differently


@in_notebook
def step__variant_heaviside(z):
    return np.heaviside(np.asarray(z, dtype=np.float64), 1.0)


@in_notebook
def xor_network__variant_nand_and(X):
    # hidden unit 1 = NAND, hidden unit 2 = OR, output = AND of the two
    Wh = np.array([[-1.0, 1.0], [-1.0, 1.0]])
    bh = np.array([1.5, -0.5])
    hidden = step(np.einsum("nd,dh->nh", X, Wh) + bh)
    return step(hidden @ np.array([1.0, 1.0]) - 1.5)


VARIANTS = [
    Bug(
        "step",
        "variant_heaviside",
        step__variant_heaviside,
        "correct: np.heaviside with the value 1 at 0",
        "correct",
    ),
    Bug(
        "xor_network",
        "variant_nand_and",
        xor_network__variant_nand_and,
        "correct: NAND and OR hidden units, AND at the output, einsum",
        "correct",
    ),
]

# ---------------------------------------------------------------- step


@in_notebook
def step__strict(z):
    return (z > 0).astype(float)


@in_notebook
def step__bool(z):
    return z >= 0


@in_notebook
def step__int_where(z):
    return np.where(z >= 0, 1, 0)


@in_notebook
def step__inplace(z):
    z[z >= 0] = 1.0
    z[z < 0] = 0.0
    return z


@in_notebook
def step__sign_half(z):
    return (np.sign(z) + 1) / 2


@in_notebook
def step__loop_1d(z):
    out = []
    for i in range(len(z)):
        if z[i] >= 0:
            out.append(1.0)
        else:
            out.append(0.0)
    return np.array(out)


# ---------------------------------------------------------------- perceptron_predict


@in_notebook
def perceptron_predict__minus_bias(X, w, b):
    return step(X @ w - b)


@in_notebook
def perceptron_predict__no_bias(X, w, b):
    return step(np.dot(X, w))


@in_notebook
def perceptron_predict__w_first(X, w, b):
    z = w @ X + b
    return step(z)


@in_notebook
def perceptron_predict__column(X, w, b):
    return step(X @ w.reshape(-1, 1) + b)


@in_notebook
def perceptron_predict__sum_axis0(X, w, b):
    return step(np.sum(X * w, axis=0) + b)


@in_notebook
def perceptron_predict__bool_strict(X, w, b):
    return np.dot(X, w) + b > 0


# ---------------------------------------------------------------- accuracy


@in_notebook
def accuracy__percent(y_pred, y):
    return float(np.mean(y_pred == y) * 100)


@in_notebook
def accuracy__count(y_pred, y):
    return int(np.sum(y_pred == y))


@in_notebook
def accuracy__floor_div(y_pred, y):
    correct = 0
    for a, t in zip(y_pred, y, strict=True):
        if a == t:
            correct += 1
    return correct // len(y)


@in_notebook
def accuracy__true_positives(y_pred, y):
    return float(np.mean(y_pred * y))


@in_notebook
def accuracy__error_rate(y_pred, y):
    return float(np.mean(y_pred != y))


@in_notebook
def accuracy__array(y_pred, y):
    return np.mean(y_pred == y, axis=0, keepdims=True)


# ---------------------------------------------------------------- xor_network


@in_notebook
def xor_network__and_threshold(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -1.0])  # AND threshold on the line x1 + x2 = 1
    A = step(X @ W + b)
    return step(A @ np.array([1.0, -2.0]) - 0.5)


@in_notebook
def xor_network__or_at_zero(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([0.0, -1.5])  # OR unit fires at (0, 0): step(0) is 1
    A = step(X @ W + b)
    return step(A @ np.array([1.0, -2.0]) - 0.5)


@in_notebook
def xor_network__output_signs(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -1.5])
    A = step(X @ W + b)
    return step(A @ np.array([-1.0, 2.0]) - 0.5)  # AND and not OR


@in_notebook
def xor_network__column(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -1.5])
    A = step(X @ W + b)
    return step(A @ np.array([[1.0], [-2.0]]) - 0.5)


@in_notebook
def xor_network__no_output_bias(X):
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.5, -1.5])
    A = step(X @ W + b)
    return step(A @ np.array([1.0, -2.0]))


@in_notebook
def xor_network__tight_margin(X):
    # thresholds placed right next to the corners: (0.1, 0.1) already fires OR
    W = np.array([[1.0, 1.0], [1.0, 1.0]])
    b = np.array([-0.1, -1.9])
    A = step(X @ W + b)
    return step(A @ np.array([1.0, -2.0]) - 0.5)


_ALL_BUGS = [
    Bug("step", "strict", step__strict, "uses z > 0, so step(0) is 0 instead of 1", "boundary"),
    Bug("step", "bool", step__bool, "returns the boolean array z >= 0, not float64", "dtype"),
    Bug(
        "step",
        "int_where",
        step__int_where,
        "np.where(z >= 0, 1, 0) returns integers, not float64",
        "dtype",
    ),
    Bug("step", "inplace", step__inplace, "overwrites z in place and returns it", "in-place"),
    Bug("step", "sign_half", step__sign_half, "(sign(z) + 1) / 2 gives 0.5 at z = 0", "boundary"),
    Bug(
        "step",
        "loop_1d",
        step__loop_1d,
        "a Python loop over the first axis: fails on 2-D input and on a 0-d array",
        "shape",
    ),
    Bug(
        "perceptron_predict",
        "minus_bias",
        perceptron_predict__minus_bias,
        "subtracts the bias instead of adding it",
        "sign",
    ),
    Bug(
        "perceptron_predict",
        "no_bias",
        perceptron_predict__no_bias,
        "forgets the bias b",
        "forgot-bias",
    ),
    Bug(
        "perceptron_predict",
        "w_first",
        perceptron_predict__w_first,
        "computes w @ X, which needs X of shape (2, N): wrong unless N = 2",
        "transpose",
    ),
    Bug(
        "perceptron_predict",
        "column",
        perceptron_predict__column,
        "turns w into a column, so the result has shape (N, 1)",
        "shape",
    ),
    Bug(
        "perceptron_predict",
        "sum_axis0",
        perceptron_predict__sum_axis0,
        "sums X * w over the examples (axis 0) instead of the features",
        "sum-axis",
    ),
    Bug(
        "perceptron_predict",
        "bool_strict",
        perceptron_predict__bool_strict,
        "returns booleans of X @ w + b > 0: wrong dtype and wrong on the boundary",
        "dtype",
        specific=False,
    ),
    Bug(
        "accuracy",
        "percent",
        accuracy__percent,
        "returns a percentage instead of a fraction",
        "scale",
    ),
    Bug(
        "accuracy",
        "count",
        accuracy__count,
        "returns the number of matches, not the fraction",
        "no-mean",
    ),
    Bug(
        "accuracy",
        "floor_div",
        accuracy__floor_div,
        "integer division: 0 unless every prediction is right",
        "integer-division",
    ),
    Bug(
        "accuracy",
        "true_positives",
        accuracy__true_positives,
        "averages y_pred * y, which counts only the matches where both are 1",
        "wrong-formula",
    ),
    Bug(
        "accuracy",
        "error_rate",
        accuracy__error_rate,
        "returns the fraction of mismatches (the error rate)",
        "complement",
    ),
    Bug(
        "accuracy",
        "array",
        accuracy__array,
        "returns an array of shape (1,) instead of a float",
        "return-type",
    ),
    Bug(
        "xor_network",
        "and_threshold",
        xor_network__and_threshold,
        "AND unit's bias -1 puts its threshold through (1, 0) and (0, 1)",
        "threshold",
    ),
    Bug(
        "xor_network",
        "or_at_zero",
        xor_network__or_at_zero,
        "OR unit's bias 0 makes it fire at (0, 0), since step(0) = 1",
        "threshold",
    ),
    Bug(
        "xor_network",
        "output_signs",
        xor_network__output_signs,
        "output weights of the wrong signs: 2 AND - OR - 0.5 computes AND",
        "sign",
    ),
    Bug(
        "xor_network",
        "column",
        xor_network__column,
        "output weights as a column: returns shape (N, 1)",
        "shape",
    ),
    Bug(
        "xor_network",
        "no_output_bias",
        xor_network__no_output_bias,
        "forgets the output bias: (0, 0) gives step(0) = 1",
        "forgot-bias",
    ),
    Bug(
        "xor_network",
        "tight_margin",
        xor_network__tight_margin,
        "thresholds too close to the corners: right at the corners, wrong within 0.2",
        "margin",
    ),
]

BUGS = _ALL_BUGS
EXTRA_BUGS = []


def _sanity():
    assert step(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 1.0, 1.0]
    assert step(np.array([-1.0, 0.0])).dtype == np.float64
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert xor_network(X).tolist() == [0.0, 1.0, 1.0, 0.0]
    assert xor_network__variant_nand_and(X).tolist() == [0.0, 1.0, 1.0, 0.0]
    near = np.array([[0.2, 0.2], [0.8, 0.8], [1.2, -0.2], [-0.2, 0.8], [0.8, 1.2]])
    assert xor_network(near).tolist() == [0.0, 0.0, 1.0, 1.0, 0.0]
    assert xor_network__variant_nand_and(near).tolist() == [0.0, 0.0, 1.0, 1.0, 0.0]
    # 1 * 1 + 1 * (-2) + 0 = -1 -> 0; 3 * 0.5 ... by hand:
    assert perceptron_predict(
        np.array([[1.0, 1.0], [2.0, 0.0]]), np.array([1.0, -2.0]), 0.5
    ).tolist() == [0.0, 1.0]
    assert accuracy(np.array([1.0, 0.0, 1.0, 1.0]), np.array([1.0, 1.0, 1.0, 0.0])) == 0.5


if __name__ == "__main__":
    _sanity()
    print("chapter 1: sanity checks pass")
