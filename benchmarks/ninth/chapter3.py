"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.ninth import bug, correct


def numerical_gradient(f, w, h=1e-5):
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def gradient_descent(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


CORRECT = correct(numerical_gradient, gradient_descent)


def numerical_gradient__int_copy(f, w, h=1e-5):
    # fault: copies keep an integer w's dtype, so w + h rounds back to w
    w = np.asarray(w)
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__forward(f, w, h=1e-5):
    # fault: one-sided difference (f(w + h) - f(w)) / h, error of order h
    w = np.array(w, dtype=float)
    grad = np.zeros_like(w)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        plus = w.copy()
        plus[i] += h
        grad[i] = (f(plus) - f0) / h
    return grad


def numerical_gradient__nudge_in_place(f, w, h=1e-5):
    # fault: nudges the caller's w in place and hands f that same array
    w = np.asarray(w, dtype=float)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        old = w[i]
        w[i] = old + h
        fp = f(w)
        w[i] = old - h
        fm = f(w)
        w[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


def numerical_gradient__rows_only(f, w, h=1e-5):
    # fault: loops over len(w): for a 2-D w it nudges whole rows, for a 0-D w it fails
    w = np.array(w, dtype=float)
    grad = np.zeros_like(w)
    for i in range(len(w)):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def gradient_descent__aliased_path(grad_f, w0, lr, n_steps):
    # fault: updates w in place, so every row of the path is the same array (the last point)
    w = np.array(w0, dtype=float)
    path = []
    path.append(w)
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__int_path(grad_f, w0, lr, n_steps):
    # fault: the path array takes w0's dtype: integers truncate every point
    path = np.zeros((n_steps + 1,) + np.shape(w0), dtype=np.asarray(w0).dtype)
    path[0] = w0
    for t in range(n_steps):
        path[t + 1] = path[t] - lr * grad_f(path[t])
    return path


def gradient_descent__lr_ignored(grad_f, w0, lr, n_steps):
    # fault: the learning rate is ignored: w - grad_f(w)
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w = w - grad_f(w)
        path.append(w)
    return np.array(path)


BUGS = [
    bug(numerical_gradient__int_copy, "integer w not converted: w + h == w", "integer-dtype"),
    bug(numerical_gradient__forward, "forward difference instead of central", "formula"),
    bug(numerical_gradient__nudge_in_place, "w nudged in place and passed to f", "in-place"),
    bug(numerical_gradient__rows_only, "range(len(w)) nudges rows, not entries", "indexing"),
    bug(gradient_descent__aliased_path, "in-place update: path rows alias one array", "aliasing"),
    bug(gradient_descent__int_path, "path takes integer dtype of w0", "integer-dtype"),
    bug(gradient_descent__lr_ignored, "the learning rate lr is ignored", "argument-ignored"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f = w0^2 + 3 w0 w1 at (1, 2): gradient (2 + 6, 3) = (8, 3); exact for a quadratic
    g = numerical_gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1], np.array([1, 2]))
    assert g.dtype == np.float64 and np.allclose(g, [8.0, 3.0], atol=1e-8)
    assert np.isclose(numerical_gradient(lambda v: float(v) ** 3, np.array(2.0)), 12.0)
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert np.allclose(numerical_gradient(lambda v: np.sum(v**2), W), 2 * W)
    assert np.array_equal(W, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    # f = w^2 / 2, lr 0.5: each step halves w
    path = gradient_descent(lambda v: v, np.array([4, -8]), 0.5, 3)
    assert path.shape == (4, 2)
    assert np.allclose(path, [[4, -8], [2, -4], [1, -2], [0.5, -1]])
    assert gradient_descent(lambda v: v, np.array(1.0), 0.1, 0).shape == (1,)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
