"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.tenth import bug, correct


def numerical_gradient(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    grad = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad


def gradient_descent(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=float)
        path.append(w.copy())
    return np.array(path, dtype=float).reshape((n_steps + 1,) + w.shape)


CORRECT = correct(numerical_gradient, gradient_descent)


# ---- numerical_gradient ----
def numerical_gradient__int_copy(f, w, h=1e-5):
    # fault: w.copy() keeps an integer dtype: w + 1e-5 is rounded back, the gradient is 0
    grad = np.zeros(w.shape)
    for idx in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__row_loop(f, w, h=1e-5):
    # fault: loops over range(len(w)) and nudges w[i], a whole row when w is 2-D
    w = np.array(w, dtype=float)
    grad = np.zeros_like(w)
    for i in range(len(w)):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__alias_w(f, w, h=1e-5):
    # fault: nudges w itself and undoes it after: w is changed if f changes its argument
    w = np.asarray(w, dtype=float)
    grad = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        old = w[idx]
        w[idx] = old + h
        fp = f(w)
        w[idx] = old - h
        fm = f(w)
        w[idx] = old
        grad[idx] = (fp - fm) / (2 * h)
    return grad


def numerical_gradient__flat_grad(f, w, h=1e-5):
    # fault: the gradient is built as a flat vector of w.size entries and never reshaped
    w = np.array(w, dtype=float)
    flat = w.ravel()
    grad = np.zeros(w.size)
    for i in range(w.size):
        plus, minus = flat.copy(), flat.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus.reshape(w.shape)) - f(minus.reshape(w.shape))) / (2 * h)
    return grad


def numerical_gradient__float32_grad(f, w, h=1e-5):
    # fault: the gradient array is made float32 (a habit from other libraries): about 7 digits
    w = np.array(w, dtype=float)
    grad = np.zeros(w.shape, dtype=np.float32)
    for idx in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad


# ---- gradient_descent ----
def gradient_descent__no_w0(grad_f, w0, lr, n_steps):
    # fault: the path holds the n_steps new points only, without w0
    w = np.array(w0, dtype=float)
    path = []
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__aliased_rows(grad_f, w0, lr, n_steps):
    # fault: w -= ... updates one array in place and the list holds it n_steps + 1 times:
    # every row is the last point
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__ascent(grad_f, w0, lr, n_steps):
    # fault: w + lr * grad: climbs the function
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w = w + lr * grad_f(w)
        path.append(w)
    return np.array(path)


BUGS = [
    bug(
        numerical_gradient__int_copy,
        "An integer w is copied as integers: the nudge by h is lost.",
        "dtype-type",
    ),
    bug(
        numerical_gradient__row_loop,
        "Loops over len(w): nudges whole rows of a 2-D w.",
        "loop",
    ),
    bug(
        numerical_gradient__alias_w,
        "Nudges w in place: w changes when f changes its argument.",
        "in-place",
    ),
    bug(
        numerical_gradient__flat_grad,
        "Returns a flat gradient, not the shape of w.",
        "shape-forced",
    ),
    bug(
        numerical_gradient__float32_grad,
        "The gradient is stored in a float32 array.",
        "dtype-type",
    ),
    bug(gradient_descent__no_w0, "The path leaves out w0 (n_steps rows).", "loop"),
    bug(
        gradient_descent__aliased_rows,
        "In-place updates of one array appended each step: every row is the last point.",
        "in-place",
    ),
    bug(gradient_descent__ascent, "Steps along +grad: gradient ascent.", "sign-direction"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f(w) = w0^2 w1 + 3 w1 at (2, -1): gradient (2 w0 w1, w0^2 + 3) = (-4, 7)
    g = numerical_gradient(lambda v: v[0] ** 2 * v[1] + 3 * v[1], np.array([2, -1]))
    assert g.dtype == np.float64 and np.allclose(g, [-4.0, 7.0], atol=1e-8)
    W = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]])
    assert np.allclose(numerical_gradient(lambda v: np.sum(v**3), W), 3 * W**2, atol=1e-8)
    assert np.isclose(numerical_gradient(lambda v: float(v) ** 2, np.array(1.5)), 3.0)
    # L(w) = w^2 / 2 on (2, -4), lr 0.5: each step halves w
    path = gradient_descent(lambda v: v, np.array([2, -4]), 0.5, 3)
    assert path.shape == (4, 2)
    assert np.array_equal(path, [[2, -4], [1, -2], [0.5, -1], [0.25, -0.5]])
    assert gradient_descent(lambda v: v, np.ones((2, 3)), 0.1, 0).shape == (1, 2, 3)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
