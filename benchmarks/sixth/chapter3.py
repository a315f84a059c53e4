"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.sixth import bug, correct

# ---------------------------------------------------------------- correct versions


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

# ---------------------------------------------------------------- bugs


def numerical_gradient__forward_difference(f, w, h=1e-5):
    # fault: (f(w + h) - f(w)) / h, a one-sided difference (error of order h)
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus = w.copy()
        plus[i] += h
        grad[i] = (f(plus) - f(w)) / h
    return grad


def numerical_gradient__nudge_in_place(f, w, h=1e-5):
    # fault: nudges w itself and puts it back; an int w cannot hold w + h (gradient 0)
    grad = np.zeros(np.shape(w))
    for i in np.ndindex(np.shape(w)):
        old = w[i]
        w[i] = old + h
        f_plus = f(w)
        w[i] = old - h
        f_minus = f(w)
        w[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient__rows_only(f, w, h=1e-5):
    # fault: loops over range(len(w)): on a 2-D w it nudges whole rows at once
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in range(len(w)):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__int_grad(f, w, h=1e-5):
    # fault: grad made with zeros_like of the input before the float conversion
    grad = np.zeros_like(w)
    w = np.array(w, dtype=np.float64)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient__fixed_h(f, w, h=1e-5):
    # fault: the step written as 1e-5, the argument h ignored
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[i] += 1e-5
        minus[i] -= 1e-5
        grad[i] = (f(plus) - f(minus)) / (2 * 1e-5)
    return grad


def gradient_descent__without_start(grad_f, w0, lr, n_steps):
    # fault: the path holds only the n_steps new points, not w0 first
    w = np.array(w0, dtype=np.float64)
    path = []
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__same_array(grad_f, w0, lr, n_steps):
    # fault: w -= ... updates one array that every row of the path refers to
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__uphill(grad_f, w0, lr, n_steps):
    # fault: w + lr * grad
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w + lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__one_short(grad_f, w0, lr, n_steps):
    # fault: range(n_steps - 1), counting w0 as a step: one point short
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps - 1):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__copy_keeps_int(grad_f, w0, lr, n_steps):
    # fault: w0.copy() keeps an int dtype; w -= lr * grad then fails to cast
    w = w0.copy()
    path = [w.copy()]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w.copy())
    return np.array(path, dtype=np.float64)


BUGS = [
    bug(numerical_gradient__forward_difference, "one-sided difference", "formula"),
    bug(numerical_gradient__nudge_in_place, "nudges w in place; int w breaks", "in-place"),
    bug(numerical_gradient__rows_only, "range(len(w)): rows nudged at once", "shape"),
    bug(numerical_gradient__int_grad, "grad keeps the int dtype of w", "dtype"),
    bug(numerical_gradient__fixed_h, "h ignored, 1e-5 written", "argument"),
    bug(gradient_descent__without_start, "path without w0", "off-by-one"),
    bug(gradient_descent__same_array, "w -= ...: every row the same array", "aliasing"),
    bug(gradient_descent__uphill, "w + lr * grad", "sign"),
    bug(gradient_descent__one_short, "range(n_steps - 1)", "off-by-one"),
    bug(gradient_descent__copy_keeps_int, "int w0 kept: in-place update fails", "dtype"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f = sum(w^3): gradient 3 w^2 = (3, 12, 27); central differences are exact up to h^2
    g = numerical_gradient(lambda v: float(np.sum(v**3)), np.array([1, -2, 3]), 1e-4)
    assert g.dtype == np.float64 and np.allclose(g, [3.0, 12.0, 27.0], atol=1e-6)
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert np.allclose(numerical_gradient(lambda v: float(np.sum(v * v)), w), 2 * w)
    assert np.allclose(numerical_gradient(lambda v: float(v**2), np.array(3.0)), 6.0)
    # f = w^2, grad 2 w, lr 0.25: w halves each step: 4, 2, 1, 0.5
    path = gradient_descent(lambda v: 2 * v, np.array([4]), 0.25, 3)
    assert path.shape == (4, 1) and np.allclose(path[:, 0], [4, 2, 1, 0.5])
    assert gradient_descent(lambda v: 2 * v, np.ones((2, 3)), 0.1, 0).shape == (1, 2, 3)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
