"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.fourth import bug, correct

# ---------------------------------------------------------------- correct versions


def numerical_gradient(f, w, h=1e-5):
    """f: array shaped like w -> number; w any shape. Returns float64, shape of w."""
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def gradient_descent(grad_f, w0, lr, n_steps):
    """w0 any shape. Returns the path, shape (n_steps + 1,) + w0.shape."""
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


CORRECT = correct(numerical_gradient, gradient_descent)

# ---------------------------------------------------------------- bugs


def numerical_gradient__forward_difference(f, w, h=1e-5):
    # fault: one-sided (f(w + h) - f(w)) / h, error of order h, not h^2
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        plus = w.copy()
        plus[i] += h
        grad[i] = (f(plus) - f0) / h
    return grad


def numerical_gradient__over_h(f, w, h=1e-5):
    # fault: central difference divided by h instead of 2 h
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / h
    return grad


def numerical_gradient__integer_copy(f, w, h=1e-5):
    # fault: w.copy() keeps an integer dtype, so w + 1e-5 is truncated back to w
    w = np.asarray(w)
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__nudges_w(f, w, h=1e-5):
    # fault: nudges the caller's w itself (no copy) and never puts entry i back
    grad = np.zeros(np.shape(w))
    for i in np.ndindex(np.shape(w)):
        w[i] += h
        f_plus = f(w)
        w[i] -= 2 * h
        f_minus = f(w)
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def gradient_descent__uphill(grad_f, w0, lr, n_steps):
    # fault: w + lr * grad, a step up the slope
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w + lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__same_array(grad_f, w0, lr, n_steps):
    # fault: updates one array in place and appends it each time: every row is the last w
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__no_start(grad_f, w0, lr, n_steps):
    # fault: the path leaves out w0 (n_steps rows)
    w = np.array(w0, dtype=np.float64)
    path = []
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path).reshape((n_steps,) + w.shape)


def gradient_descent__gradient_at_start(grad_f, w0, lr, n_steps):
    # fault: the gradient is taken once, at w0, and reused at every step
    w = np.array(w0, dtype=np.float64)
    g = grad_f(w)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * g
        path.append(w)
    return np.array(path)


BUGS = [
    bug(numerical_gradient__forward_difference, "one-sided difference", "formula"),
    bug(numerical_gradient__over_h, "divided by h, not 2 h", "constant"),
    bug(numerical_gradient__integer_copy, "integer w stays integer: h truncated", "dtype"),
    bug(numerical_gradient__nudges_w, "nudges the caller's w, never restored", "in-place"),
    bug(gradient_descent__uphill, "w + lr grad", "sign"),
    bug(gradient_descent__same_array, "in-place update appended: rows alias", "aliasing"),
    bug(gradient_descent__no_start, "w0 missing from the path", "off-by-one"),
    bug(gradient_descent__gradient_at_start, "gradient at w0 reused at every step", "stale"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f(w) = sum(w^3): gradient 3 w^2 (central difference error h^2 * 1)
    w = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    g = numerical_gradient(lambda v: np.sum(v**3), w)
    assert np.allclose(g, 3 * w**2, atol=1e-8)
    assert np.isclose(numerical_gradient(lambda v: v**2, np.array(3)), 6.0)
    # f(w) = w^2, grad 2 w, lr 0.25: each step halves w
    path = gradient_descent(lambda v: 2 * v, np.array([4, -8]), 0.25, 3)
    assert np.array_equal(path, [[4, -8], [2, -4], [1, -2], [0.5, -1]])
    assert path.dtype == np.float64
    assert gradient_descent(lambda v: v, np.array(1.0), 0.1, 0).shape == (1,)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
