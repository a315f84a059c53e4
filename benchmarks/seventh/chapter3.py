"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.seventh import bug, correct

# ---------------------------------------------------------------- correct versions


def numerical_gradient(f, w, h=1e-5):
    w = np.array(w, dtype=np.float64)  # a copy: w itself is never handed to f
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def gradient_descent(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w.copy())
    return np.array(path)


CORRECT = correct(numerical_gradient, gradient_descent)

# ---------------------------------------------------------------- bugs


def numerical_gradient__forward_difference(f, w, h=1e-5):
    # fault: one-sided difference (f(w + h) - f(w)) / h: error of order h, not h^2
    w = np.array(w, dtype=np.float64)
    grad = np.zeros(w.shape)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        up = w.copy()
        up[i] += h
        grad[i] = (f(up) - f0) / h
    return grad


def numerical_gradient__over_h(f, w, h=1e-5):
    # fault: central difference divided by h, not 2h: twice the gradient
    w = np.array(w, dtype=np.float64)
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / h
    return grad


def numerical_gradient__int_copy(f, w, h=1e-5):
    # fault: w.copy() keeps an integer dtype: w[i] + h is truncated back, the gradient is 0
    w = np.asarray(w)
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def numerical_gradient__rows_only(f, w, h=1e-5):
    # fault: C-style loop over range(len(w)): on a 2-D w it moves a whole row at once
    w = np.array(w, dtype=np.float64)
    grad = np.zeros(w.shape)
    for i in range(len(w)):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def numerical_gradient__nudge_and_restore(f, w, h=1e-5):
    # fault: moves w itself and moves it back: rounding leaves w changed, and f sees w itself
    w = np.asarray(w, dtype=np.float64)
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        w[i] += h
        f_up = f(w)
        w[i] -= 2 * h
        f_down = f(w)
        w[i] += h
        grad[i] = (f_up - f_down) / (2 * h)
    return grad


def gradient_descent__path_aliased(grad_f, w0, lr, n_steps):
    # fault: w updated in place and appended without a copy: every row is the last point
    w = np.asarray(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__matlab_range(grad_f, w0, lr, n_steps):
    # fault: range(1, n_steps) from MATLAB's 1:n: one step too few, shape (n_steps,) + w0.shape
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(1, n_steps):
        w = w - lr * grad_f(w)
        path.append(w.copy())
    return np.array(path)


def gradient_descent__gradient_at_new_row(grad_f, w0, lr, n_steps):
    # fault: preallocated path, gradient taken at path[t] (still zeros) instead of path[t - 1]
    path = np.zeros((n_steps + 1,) + np.shape(w0))
    path[0] = w0
    for t in range(1, n_steps + 1):
        path[t] = path[t - 1] - lr * grad_f(path[t])
    return path


BUGS = [
    bug(numerical_gradient__forward_difference, "Forward difference.", "formula"),
    bug(numerical_gradient__over_h, "Divides by h instead of 2h.", "missing-factor"),
    bug(numerical_gradient__int_copy, "Integer w: the nudge is truncated.", "dtype"),
    bug(numerical_gradient__rows_only, "Loops over rows only.", "index"),
    bug(numerical_gradient__nudge_and_restore, "Nudges w in place.", "in-place"),
    bug(gradient_descent__path_aliased, "Every row is the same array.", "aliasing"),
    bug(gradient_descent__matlab_range, "One step too few.", "off-by-one"),
    bug(gradient_descent__gradient_at_new_row, "Gradient at the wrong row.", "index"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f = x^2 y + 3 y: gradient (2 x y, x^2 + 3); at (1, 2): (4, 4); exact for central
    # differences up to h^2 terms (x^2 y is quadratic in x, linear in y)
    f = lambda v: v[0] ** 2 * v[1] + 3 * v[1]  # noqa: E731
    assert np.allclose(numerical_gradient(f, np.array([1.0, 2.0])), [4.0, 4.0])
    w = np.array([1, 2])
    assert np.allclose(numerical_gradient(f, w), [4.0, 4.0]) and w.dtype.kind == "i"
    g = numerical_gradient(lambda v: float(np.sum(v**3)), np.arange(6.0).reshape(2, 3), 1e-4)
    assert np.allclose(g, 3 * np.arange(6.0).reshape(2, 3) ** 2, atol=1e-6)
    assert np.isclose(numerical_gradient(lambda v: float(v**2), np.array(3.0)), 6.0)
    # w' = w - 0.25 * 2 w = w / 2: 8, 4, 2, 1
    path = gradient_descent(lambda v: 2 * v, np.array([8]), 0.25, 3)
    assert path.shape == (4, 1) and np.array_equal(path[:, 0], [8.0, 4.0, 2.0, 1.0])
    assert gradient_descent(lambda v: v, np.ones((2, 2)), 0.1, 0).shape == (1, 2, 2)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
