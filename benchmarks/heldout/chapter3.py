"""Held-out buggy versions of chapter 3: numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.heldout import Bug, in_notebook

# ---------------------------------------------------------------- correct versions


@in_notebook
def numerical_gradient(f, w, h=1e-5):
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        up = w.copy()
        down = w.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


@in_notebook
def gradient_descent(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w.copy())
    return np.array(path, dtype=np.float64)


CORRECT = {"numerical_gradient": numerical_gradient, "gradient_descent": gradient_descent}

# ---------------------------------------------------------------- correct, written differently


@in_notebook
def numerical_gradient__variant_basis(f, w, h=1e-5):
    w = np.asarray(w, dtype=np.float64)
    flat = w.ravel()
    g = np.empty(flat.size)
    for k in range(flat.size):
        e = np.zeros(flat.size)
        e[k] = h
        g[k] = (f((flat + e).reshape(w.shape)) - f((flat - e).reshape(w.shape))) / (2 * h)
    return g.reshape(w.shape)


@in_notebook
def gradient_descent__variant_prealloc(grad_f, w0, lr, n_steps):
    start = np.asarray(w0, dtype=np.float64)
    path = np.empty((n_steps + 1,) + start.shape)
    path[0] = start
    for t in range(n_steps):
        path[t + 1] = path[t] - lr * grad_f(path[t].copy())
    return path


VARIANTS = [
    Bug(
        "numerical_gradient",
        "variant_basis",
        numerical_gradient__variant_basis,
        "correct: flat basis vectors e_k, reshaped for f",
        "correct",
    ),
    Bug(
        "gradient_descent",
        "variant_prealloc",
        gradient_descent__variant_prealloc,
        "correct: a preallocated path filled row by row",
        "correct",
    ),
]

# ---------------------------------------------------------------- numerical_gradient


@in_notebook
def numerical_gradient__forward(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    g = np.zeros_like(w)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        wp = w.copy()
        wp[i] += h
        g[i] = (f(wp) - f0) / h
    return g


@in_notebook
def numerical_gradient__over_h(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    g = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        wp, wm = w.copy(), w.copy()
        wp[i] += h
        wm[i] -= h
        g[i] = (f(wp) - f(wm)) / h
    return g


@in_notebook
def numerical_gradient__inplace(f, w, h=1e-5):
    grad = np.zeros(w.shape)
    it = np.nditer(w, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        old = w[i]
        w[i] = old + h
        fp = f(w)
        w[i] = old - h
        fm = f(w)
        w[i] = old
        grad[i] = (fp - fm) / (2 * h)
        it.iternext()
    return grad


@in_notebook
def numerical_gradient__int_copy(f, w, h=1e-5):
    grad = np.zeros(np.shape(w))
    for i in np.ndindex(np.shape(w)):
        wp = np.copy(w)
        wm = np.copy(w)
        wp[i] += h
        wm[i] -= h
        grad[i] = (f(wp) - f(wm)) / (2 * h)
    return grad


@in_notebook
def numerical_gradient__fixed_h(f, w, h=1e-5):
    eps = 1e-5
    w = np.asarray(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        a = w.copy()
        b = w.copy()
        a[i] += eps
        b[i] -= eps
        grad[i] = (f(a) - f(b)) / (2 * eps)
    return grad


@in_notebook
def numerical_gradient__swallow(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        a, b = w.copy(), w.copy()
        a[i] += h
        b[i] -= h
        try:
            grad[i] = (f(a) - f(b)) / (2 * h)
        except Exception:
            grad[i] = 0.0
    return grad


@in_notebook
def numerical_gradient__first_axis(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    grad = np.zeros_like(w)
    for i in range(len(w)):
        a, b = w.copy(), w.copy()
        a[i] += h
        b[i] -= h
        grad[i] = (f(a) - f(b)) / (2 * h)
    return grad


@in_notebook
def numerical_gradient__flat(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    out = []
    for k in range(w.size):
        a = w.flatten()
        b = w.flatten()
        a[k] += h
        b[k] -= h
        out.append((f(a.reshape(w.shape)) - f(b.reshape(w.shape))) / (2 * h))
    return np.array(out)


# ---------------------------------------------------------------- gradient_descent


@in_notebook
def gradient_descent__uphill(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w = w + lr * grad_f(w)
        path.append(w)
    return np.array(path)


@in_notebook
def gradient_descent__aliased(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w)
    return np.array(path)


@in_notebook
def gradient_descent__grad_once(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    g = grad_f(w)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * g
        path.append(w)
    return np.array(path)


@in_notebook
def gradient_descent__no_start(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = []
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


@in_notebook
def gradient_descent__int_path(grad_f, w0, lr, n_steps):
    path = np.zeros((n_steps + 1,) + np.shape(w0), dtype=np.asarray(w0).dtype)
    path[0] = w0
    for t in range(n_steps):
        path[t + 1] = path[t] - lr * grad_f(path[t])
    return path


@in_notebook
def gradient_descent__changes_w0(grad_f, w0, lr, n_steps):
    path = [w0.copy()]
    w = w0
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w.copy())
    return np.array(path, dtype=float)


@in_notebook
def gradient_descent__flat_rows(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    rows = [w.ravel()]
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        rows.append(w.ravel())
    return np.vstack(rows)


_ALL_BUGS = [
    Bug(
        "numerical_gradient",
        "forward",
        numerical_gradient__forward,
        "forward difference (f(w + h) - f(w)) / h instead of the central one",
        "forward-difference",
    ),
    Bug(
        "numerical_gradient",
        "over_h",
        numerical_gradient__over_h,
        "central difference divided by h instead of 2h",
        "factor-2",
    ),
    Bug(
        "numerical_gradient",
        "inplace",
        numerical_gradient__inplace,
        "perturbs w in place: an integer w truncates the steps and an error in f leaves w changed",
        "in-place",
    ),
    Bug(
        "numerical_gradient",
        "int_copy",
        numerical_gradient__int_copy,
        "copies w without converting to float: integer steps of h are lost (gradient 0)",
        "integer-dtype",
    ),
    Bug(
        "numerical_gradient",
        "fixed_h",
        numerical_gradient__fixed_h,
        "ignores the argument h and always uses 1e-5",
        "ignored-argument",
    ),
    Bug(
        "numerical_gradient",
        "swallow",
        numerical_gradient__swallow,
        "catches the errors raised by f and returns 0 for those entries",
        "error-swallowed",
    ),
    Bug(
        "numerical_gradient",
        "first_axis",
        numerical_gradient__first_axis,
        "loops over the first axis only: a 2-D w gets whole rows perturbed at once, 0-d fails",
        "shape",
    ),
    Bug(
        "numerical_gradient",
        "flat",
        numerical_gradient__flat,
        "returns the flat gradient of shape (w.size,) instead of the shape of w",
        "shape",
    ),
    Bug(
        "gradient_descent",
        "uphill",
        gradient_descent__uphill,
        "adds lr * grad instead of subtracting it",
        "sign",
    ),
    Bug(
        "gradient_descent",
        "aliased",
        gradient_descent__aliased,
        "updates w in place and appends the same array each time: every row is the last point",
        "aliasing",
    ),
    Bug(
        "gradient_descent",
        "grad_once",
        gradient_descent__grad_once,
        "computes the gradient once at w0 and reuses it for every step",
        "stale-gradient",
    ),
    Bug(
        "gradient_descent",
        "no_start",
        gradient_descent__no_start,
        "leaves w0 out of the path: n_steps rows instead of n_steps + 1",
        "off-by-one",
    ),
    Bug(
        "gradient_descent",
        "int_path",
        gradient_descent__int_path,
        "preallocates the path with w0's dtype: an integer start truncates every step",
        "integer-dtype",
    ),
    Bug(
        "gradient_descent",
        "changes_w0",
        gradient_descent__changes_w0,
        "w = w0 then w -= ...: the caller's w0 is changed",
        "in-place",
    ),
    Bug(
        "gradient_descent",
        "flat_rows",
        gradient_descent__flat_rows,
        "flattens every point: the path has shape (n_steps + 1, w0.size) whatever w0's shape",
        "shape",
    ),
]

_EXTRA = {
    ("numerical_gradient", "first_axis"),
    ("numerical_gradient", "flat"),
    ("gradient_descent", "flat_rows"),
}
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]


def _sanity():
    w = np.array([[1.0, 2.0, -1.0], [0.5, -0.25, -3.0]])

    def cube(v):
        return float(np.sum(v**3))

    for f in (numerical_gradient, numerical_gradient__variant_basis):
        # central difference of a cube: 3 w^2 + h^2
        assert np.allclose(f(cube, w, h=0.1), 3 * w**2 + 0.01)
        assert np.allclose(f(cube, np.array([1, 2, 3]), h=0.5), [3.25, 12.25, 27.25])
        assert f(cube, np.array(2.0), h=0.1).shape == ()
    for f in (gradient_descent, gradient_descent__variant_prealloc):
        assert np.allclose(
            f(lambda v: 2 * (v - 3), np.array([11.0]), 0.25, 4),
            [[11.0], [7.0], [5.0], [4.0], [3.5]],
        )
        assert np.allclose(
            f(lambda v: v - 1.0, np.array([3, -1]), 0.5, 2), [[3.0, -1.0], [2.0, 0.0], [1.5, 0.5]]
        )
        assert f(lambda v: v, np.zeros((2, 3)), 0.1, 2).shape == (3, 2, 3)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: sanity checks pass")
