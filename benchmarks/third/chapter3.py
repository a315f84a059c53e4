"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.third import Bug, in_notebook


def _b(impl, cause, kind, **kw):
    function, name = impl.__name__.split("__")
    return Bug(function, name, impl, cause, kind, **kw)


# ---------------------------------------------------------------- correct versions


@in_notebook
def numerical_gradient(f, w, h=1e-5):
    """w any shape -> float64 array of w's shape, central differences of f."""
    w = np.array(w, dtype=np.float64)  # a copy, never the caller's array
    grad = np.zeros(w.shape)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


@in_notebook
def gradient_descent(grad_f, w0, lr, n_steps):
    """w0 any shape -> path (n_steps + 1,) + w0.shape, float64."""
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=np.float64)
        path.append(w)
    return np.array(path)


CORRECT = {"numerical_gradient": numerical_gradient, "gradient_descent": gradient_descent}

# ---------------------------------------------------------------- numerical_gradient


@in_notebook
def numerical_gradient__forward(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    grad = np.zeros(w.shape)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        up = w.copy()
        up[i] += h
        grad[i] = (f(up) - f0) / h  # fault: forward difference, error of order h
    return grad


@in_notebook
def numerical_gradient__int_input(f, w, h=1e-5):
    grad = np.zeros_like(w)  # fault: integer w gives integer arrays, h is lost
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


@in_notebook
def numerical_gradient__rows_only(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    grad = np.zeros(w.shape)
    for i in range(len(w)):  # fault: w[i] is a whole row of a 2-D w (and () fails)
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


@in_notebook
def numerical_gradient__aliases(f, w, h=1e-5):
    grad = np.zeros(np.shape(w))
    for i in np.ndindex(np.shape(w)):
        w_plus = w  # fault: no .copy(): both names are w itself
        w_plus[i] += h
        f_plus = f(w_plus)
        w_minus = w
        w_minus[i] -= h
        grad[i] = (f_plus - f(w_minus)) / (2 * h)
    return grad


# ---------------------------------------------------------------- gradient_descent


@in_notebook
def gradient_descent__one_short(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps - 1):  # fault: off by one, n_steps - 1 steps
        w = w - lr * grad_f(w)
        path.append(w.copy())
    return np.array(path)


@in_notebook
def gradient_descent__same_object(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)  # fault: in place, every row of the path is the same array
        path.append(w)
    return np.array(path)


@in_notebook
def gradient_descent__moves_w0(grad_f, w0, lr, n_steps):
    w = np.asarray(w0, dtype=float)  # fault: no copy for a float w0, which then moves
    path = np.zeros((n_steps + 1,) + w.shape)
    path[0] = w
    for t in range(n_steps):
        w -= lr * grad_f(w)
        path[t + 1] = w
    return path


@in_notebook
def gradient_descent__start_gradient(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    g = grad_f(w)  # fault: the gradient at w0 reused at every step
    path = [w]
    for _ in range(n_steps):
        w = w - lr * g
        path.append(w)
    return np.array(path)


@in_notebook
def gradient_descent__int_path(grad_f, w0, lr, n_steps):
    path = np.zeros((n_steps + 1,) + np.shape(w0), dtype=np.asarray(w0).dtype)  # fault
    path[0] = w0
    for t in range(n_steps):
        path[t + 1] = path[t] - lr * grad_f(path[t])  # integer w0: every point truncated
    return path


BUGS = [
    _b(numerical_gradient__forward, "forward difference instead of central", "forward-diff"),
    _b(numerical_gradient__int_input, "integer w keeps integer copies: h vanishes", "dtype"),
    _b(numerical_gradient__rows_only, "loops over rows, not entries", "shape"),
    _b(numerical_gradient__aliases, "forgot .copy(): shifts w itself", "aliasing"),
    _b(gradient_descent__one_short, "n_steps - 1 steps", "off-by-one"),
    _b(gradient_descent__same_object, "appends the same array, updated in place", "aliasing"),
    _b(gradient_descent__moves_w0, "updates w0 in place", "in-place"),
    _b(gradient_descent__start_gradient, "gradient computed once, at w0", "state"),
    _b(gradient_descent__int_path, "path has w0's integer dtype", "dtype"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # sum(w^3): central difference 3 w^2 + h^2
    w = np.array([[1.0, 2.0, -1.0], [0.5, -0.25, -3.0]])
    before = w.copy()
    g = numerical_gradient(lambda v: np.sum(v**3), w, h=0.1)
    assert np.allclose(g, 3 * w**2 + 0.01) and np.array_equal(w, before)
    assert np.isclose(numerical_gradient(lambda v: float(v) ** 2, np.array(3), h=0.5), 6.0)
    gi = numerical_gradient(lambda v: np.sum(v**2), np.array([1, 2]))
    assert gi.dtype == np.float64 and np.allclose(gi, [2, 4])
    # (w - 3)^2 with lr 0.25 halves the distance to 3: 11, 7, 5, 4, 3.5
    path = gradient_descent(lambda v: 2 * (v - 3), np.array([11]), 0.25, 4)
    assert path.shape == (5, 1) and np.allclose(path[:, 0], [11, 7, 5, 4, 3.5])
    assert gradient_descent(lambda v: v, np.ones((2, 3)), 0.5, 0).shape == (1, 2, 3)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass")
