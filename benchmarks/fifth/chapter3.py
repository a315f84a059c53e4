"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.fifth import bug, correct

# ---------------------------------------------------------------- correct versions


def numerical_gradient(f, w, h=1e-5):
    """Central differences of f at w, entry by entry, on new arrays."""
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def gradient_descent(grad_f, w0, lr, n_steps):
    """The path w_0 ... w_n of gradient descent, shape (n_steps + 1,) + w0.shape."""
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=np.float64)
        path.append(w.copy())
    return np.array(path, dtype=np.float64)


CORRECT = correct(numerical_gradient, gradient_descent)

# ---------------------------------------------------------------- bugs


def numerical_gradient__forward_difference(f, w, h=1e-5):
    # fault: the one-sided (f(w + h) - f(w)) / h of the definition: error of order h
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        plus = w.copy()
        plus[i] += h
        grad[i] = (f(plus) - f0) / h
    return grad


def numerical_gradient__keeps_integer_dtype(f, w, h=1e-5):
    # fault: w.copy() of an integer array stays integer: w + h is truncated back to w
    grad = np.zeros(np.shape(w))
    for i in np.ndindex(np.shape(w)):
        plus, minus = np.copy(w), np.copy(w)
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__nudges_w_in_place(f, w, h=1e-5):
    # fault: nudges w itself and puts it back: f sees (and may keep) the caller's array
    grad = np.zeros(np.shape(w))
    for i in np.ndindex(np.shape(w)):
        old = w[i]
        w[i] = old + h
        fp = f(w)
        w[i] = old - h
        fm = f(w)
        w[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


def numerical_gradient__loop_over_first_axis(f, w, h=1e-5):
    # fault: for i in range(len(w)) with e[i] = h: for a 2-D w a whole row is nudged at once
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in range(len(w)):
        e = np.zeros_like(w)
        e[i] = h
        grad[i] = (f(w + e) - f(w - e)) / (2 * h)
    return grad


def numerical_gradient__precedence(f, w, h=1e-5):
    # fault: / 2 * h multiplies by h instead of dividing by 2 h
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / 2 * h
    return grad


def gradient_descent__appends_same_array(grad_f, w0, lr, n_steps):
    # fault: w -= ... updates one array, appended each time: every row is the last point
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__range_from_one(grad_f, w0, lr, n_steps):
    # fault: for t in range(1, n_steps): one step too few, n_steps rows instead of n_steps + 1
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(1, n_steps):
        w = w - lr * grad_f(w)
        path.append(w.copy())
    return np.array(path)


def gradient_descent__integer_path(grad_f, w0, lr, n_steps):
    # fault: the path is allocated with w0's dtype: integer w0 truncates every step
    path = np.zeros((n_steps + 1,) + np.shape(w0), dtype=np.asarray(w0).dtype)
    path[0] = w0
    for t in range(n_steps):
        path[t + 1] = path[t] - lr * grad_f(path[t])
    return path


def gradient_descent__path_for_vectors(grad_f, w0, lr, n_steps):
    # fault: the path allocated as (n_steps + 1, len(w0)): only a 1-D w0 fits
    w = np.array(w0, dtype=np.float64)
    path = np.zeros((n_steps + 1, len(w)))
    path[0] = w
    for t in range(n_steps):
        w = w - lr * grad_f(w)
        path[t + 1] = w
    return path


BUGS = [
    bug(
        numerical_gradient__forward_difference,
        "forward difference (f(w + h) - f(w)) / h",
        "formula",
    ),
    bug(
        numerical_gradient__keeps_integer_dtype,
        "an integer w stays integer: the nudge is lost (0 / 0 or 0)",
        "dtype",
    ),
    bug(
        numerical_gradient__nudges_w_in_place,
        "nudges the caller's w in place and calls f on it",
        "in-place",
    ),
    bug(
        numerical_gradient__loop_over_first_axis,
        "loops over the first axis: a 2-D w has whole rows nudged",
        "loop-index",
    ),
    bug(numerical_gradient__precedence, "/ 2 * h instead of / (2 * h)", "precedence"),
    bug(
        gradient_descent__appends_same_array,
        "in-place update of one array appended every step: all rows equal",
        "aliasing",
    ),
    bug(gradient_descent__range_from_one, "range(1, n_steps): one step short", "loop-bound"),
    bug(gradient_descent__integer_path, "path has w0's integer dtype", "dtype"),
    bug(gradient_descent__path_for_vectors, "path shaped for a 1-D w0 only", "shape"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f(w) = sum(w^3): gradient 3 w^2; central differences are exact up to h^2 = 1e-10
    g = numerical_gradient(lambda w: float(np.sum(w**3)), np.array([[1, -2, 3], [0, 1, 2]]))
    assert g.dtype == np.float64 and np.allclose(g, [[3, 12, 27], [0, 3, 12]], atol=1e-8)
    assert np.isclose(numerical_gradient(lambda w: float(w**2), np.array(3.0)), 6.0)
    w = np.array([1.0, 2.0])

    def rude(v):
        v[0] = 99.0
        return float(np.sum(v))

    assert np.allclose(numerical_gradient(rude, w), [0.0, 1.0]) and w[0] == 1.0
    # grad 2 w, lr 0.1: each step multiplies w by 0.8
    path = gradient_descent(lambda v: 2 * v, np.array([[1, -2], [0, 5]]), 0.1, 3)
    assert path.shape == (4, 2, 2)
    assert np.allclose(path[3], 0.8**3 * np.array([[1, -2], [0, 5]]))
    assert gradient_descent(lambda v: v, np.ones(2), 0.1, 0).shape == (1, 2)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
