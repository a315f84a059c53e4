"""Chapter 1 (decision boundaries): step, perceptron_predict, accuracy, xor_network."""

import numpy as np

from benchmarks.ninth import bug, correct


def step(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    return step(X @ w + b)


def accuracy(y_pred, y):
    return float(np.mean(np.asarray(y_pred) == np.asarray(y)))


def xor_network(X):
    # hidden unit 0: OR (x1 + x2 >= 0.5), unit 1: NAND (x1 + x2 <= 1.5); output: AND of both
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    w_out = np.array([1.0, 1.0])
    b_out = -1.5
    A = step(X @ W_hidden + b_hidden)
    return step(A @ w_out + b_out)


CORRECT = correct(step, perceptron_predict, accuracy, xor_network)


def step__strict(z):
    # fault: > instead of >=, so step(0) is 0
    return (np.asarray(z) > 0).astype(float)


def step__int_inplace(z):
    # fault: overwrites the caller's array in place (and keeps an integer dtype)
    z[z >= 0] = 1
    z[z < 0] = 0
    return z


def perceptron_predict__column(X, w, b):
    # fault: w reshaped to a column (2 features hard-coded): the result is (N, 1), not (N,)
    return step(X @ w.reshape(2, 1) + b)


def perceptron_predict__early_return(X, w, b):
    # fault: the return sits inside the loop, so only the first row is answered
    out = []
    for x in X:
        out.append(step(np.dot(w, x) + b))
        return np.array(out)


def accuracy__is(y_pred, y):
    # fault: `is` compares object identity, never true for numpy floats
    hits = 0
    for a, t in zip(y_pred, y):  # noqa: B905
        if a is t:
            hits += 1
    return hits / len(y)


def accuracy__n4(y_pred, y):
    # fault: divides by 4, the size of the visible XOR example, not by N
    return np.sum(y_pred == y) / 4


def xor_network__no_margin(X):
    # fault: thresholds right at the corners' sums (0.1 and 1.9): points within 0.2 fail
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.1, 1.9])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 1.5)


def xor_network__units_as_rows(X):
    # fault: each unit's weights written as a row of W_hidden, then used as X @ W_hidden
    W_hidden = np.array([[1.0, 1.0], [-1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    A = step(X @ W_hidden + b_hidden)
    return step(A @ np.array([1.0, 1.0]) - 1.5)


def xor_network__sigmoid_hidden(X):
    # fault: a sigmoid (chapter 4) in the hidden layer where the step belongs
    W_hidden = np.array([[1.0, -1.0], [1.0, -1.0]])
    b_hidden = np.array([-0.5, 1.5])
    A = 1 / (1 + np.exp(-(X @ W_hidden + b_hidden)))
    return step(A @ np.array([1.0, 1.0]) - 1.5)


BUGS = [
    bug(step__strict, "step(0) is 0: > used instead of >=", "boundary"),
    bug(step__int_inplace, "the input array is overwritten in place", "in-place"),
    bug(perceptron_predict__column, "w reshaped to (2, 1): returns (N, 1)", "shape"),
    bug(perceptron_predict__early_return, "return inside the loop: one answer", "early-return"),
    bug(accuracy__is, "`is` instead of ==: no answer counts as right", "is-for-eq"),
    bug(accuracy__n4, "divides by 4 (the visible example's N)", "hard-coded-size"),
    bug(xor_network__no_margin, "thresholds with no margin for points near a corner", "margin"),
    bug(xor_network__units_as_rows, "units' weights written as rows, used as columns", "transpose"),
    bug(
        xor_network__sigmoid_hidden, "sigmoid in the hidden layer instead of step", "chapter-mixup"
    ),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    assert np.array_equal(step(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])
    assert step(np.array([[-3]])).dtype == np.float64
    X = np.array([[1.0, 2.0], [-1.0, 0.0], [0.0, 0.0]])
    # 1 + 2 - 2.5 = 0.5 -> 1; -1 - 2.5 -> 0; -2.5 -> 0
    assert np.array_equal(perceptron_predict(X, np.array([1.0, 1.0]), -2.5), [1.0, 0.0, 0.0])
    assert accuracy(np.array([1.0, 0.0, 1.0]), np.array([1.0, 1.0, 1.0])) == 2 / 3
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(xor_network(corners), [0.0, 1.0, 1.0, 0.0])
    near = corners + np.array([[0.2, 0.2], [0.2, -0.2], [-0.2, 0.2], [-0.2, -0.2]])
    assert np.array_equal(xor_network(near), [0.0, 1.0, 1.0, 0.0])


if __name__ == "__main__":
    _sanity()
    print("chapter 1: correct versions pass their hand checks")
