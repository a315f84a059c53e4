"""Chapter 3, gradient descent: numerical_gradient, gradient_descent.

Buggy student versions written from the chapter text and the contracts only.
"""

import numpy as np

from benchmarks.independent import Bug

# ---------------------------------------------------------------- correct versions


def numerical_gradient__correct(f, w, h=1e-5):
    w = np.array(w, dtype=float)  # a private copy
    grad = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        wp = w.copy()
        wp[idx] += h
        wm = w.copy()
        wm[idx] -= h
        grad[idx] = (f(wp) - f(wm)) / (2 * h)
    return grad


def gradient_descent__correct(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = np.empty((n_steps + 1,) + w.shape)
    path[0] = w
    for t in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), float)
        path[t + 1] = w
    return path


# ---------------------------------------------------------------- numerical_gradient


def numerical_gradient__forward_difference(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    g = np.zeros_like(w)
    f0 = f(w.copy())
    for i in np.ndindex(w.shape):
        wp = w.copy()
        wp[i] += h
        g[i] = (f(wp) - f0) / h
    return g


def numerical_gradient__divides_by_h(f, w, h=1e-5):
    w = np.array(w, dtype=float)
    g = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        a = w.copy()
        b = w.copy()
        a[i] += h
        b[i] -= h
        g[i] = (f(a) - f(b)) / h  # forgot the 2
    return g


def numerical_gradient__in_place_restore(f, w, h=1e-5):
    # the textbook trick: nudge w itself and put it back; f sees (and may keep) w
    grad = np.zeros(w.shape)
    it = np.nditer(w, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = w[ix]
        w[ix] = old + h
        fp = f(w)
        w[ix] = old - h
        fm = f(w)
        w[ix] = old
        grad[ix] = (fp - fm) / (2 * h)
        it.iternext()
    return grad


def numerical_gradient__no_float_cast(f, w, h=1e-5):
    g = np.zeros_like(w)  # int w -> int g, and w + h on an int copy truncates
    for i in np.ndindex(w.shape):
        wp = w.copy()
        wm = w.copy()
        wp[i] += h
        wm[i] -= h
        g[i] = (f(wp) - f(wm)) / (2 * h)
    return g


def numerical_gradient__1d_only(f, w, h=1e-5):
    grad = np.zeros(len(w))
    for i in range(len(w)):
        wp = np.array(w, float)
        wm = np.array(w, float)
        wp[i] += h
        wm[i] -= h
        grad[i] = (f(wp) - f(wm)) / (2 * h)
    return grad


def numerical_gradient__perturbations_accumulate(f, w, h=1e-5):
    wp = np.array(w, float)
    wm = np.array(w, float)
    grad = np.zeros_like(wp)
    for i in np.ndindex(wp.shape):
        wp[i] += h  # never reset: entry i stays nudged for the next ones
        wm[i] -= h
        grad[i] = (f(wp) - f(wm)) / (2 * h)
    return grad


# ---------------------------------------------------------------- gradient_descent


def gradient_descent__no_start(grad_f, w0, lr, n_steps):
    w = np.array(w0, float)
    path = []
    for _ in range(n_steps):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path).reshape((n_steps,) + w.shape)


def gradient_descent__aliased_rows(grad_f, w0, lr, n_steps):
    w = np.array(w0, float)
    path = [w]
    for _ in range(n_steps):
        w -= lr * grad_f(w)  # in place: every row in path is the same array
        path.append(w)
    return np.array(path)


def gradient_descent__ascent(grad_f, w0, lr, n_steps):
    w = np.array(w0, float)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w + lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__modifies_w0(grad_f, w0, lr, n_steps):
    path = [w0.copy()]
    w = w0
    for _ in range(n_steps):
        w -= lr * grad_f(w)
        path.append(w.copy())
    return np.array(path, dtype=float)


def gradient_descent__one_step_too_many(grad_f, w0, lr, n_steps):
    w = np.array(w0, float)
    path = [w]
    for _ in range(n_steps + 1):
        w = w - lr * grad_f(w)
        path.append(w)
    return np.array(path)


def gradient_descent__int_start(grad_f, w0, lr, n_steps):
    w = np.array(w0)  # keeps the integer dtype of w0
    path = np.zeros((n_steps + 1,) + w.shape, dtype=w.dtype)
    path[0] = w
    for t in range(n_steps):
        w = w - lr * grad_f(w)
        path[t + 1] = w
    return path


_ALL_BUGS = [
    Bug(
        "numerical_gradient",
        "forward_difference",
        numerical_gradient__forward_difference,
        "one-sided difference (f(w+h) - f(w)) / h: error of order h, not h**2",
        "forward-difference",
    ),
    Bug(
        "numerical_gradient",
        "divides_by_h",
        numerical_gradient__divides_by_h,
        "central difference divided by h instead of 2h: twice the gradient",
        "normalisation",
    ),
    Bug(
        "numerical_gradient",
        "in_place_restore",
        numerical_gradient__in_place_restore,
        "nudges w itself and restores it: f receives the caller's array (changes leak; "
        "fails on int w)",
        "in-place",
    ),
    Bug(
        "numerical_gradient",
        "no_float_cast",
        numerical_gradient__no_float_cast,
        "keeps an integer w as int: w + h truncates, gradient is 0",
        "dtype",
    ),
    Bug(
        "numerical_gradient",
        "1d_only",
        numerical_gradient__1d_only,
        "loops over range(len(w)): wrong for 2-D w, fails for 0-d w",
        "shape",
    ),
    Bug(
        "numerical_gradient",
        "perturbations_accumulate",
        numerical_gradient__perturbations_accumulate,
        "perturbed copies made once outside the loop: nudges accumulate",
        "state-not-reset",
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
        "aliased_rows",
        gradient_descent__aliased_rows,
        "updates w in place and appends the same array: every row is the last point",
        "aliasing",
    ),
    Bug(
        "gradient_descent",
        "ascent",
        gradient_descent__ascent,
        "w + lr * grad: climbs instead of descending",
        "sign",
    ),
    Bug(
        "gradient_descent",
        "modifies_w0",
        gradient_descent__modifies_w0,
        "w = w0 then w -= ...: the caller's w0 is changed (and int w0 fails)",
        "in-place",
    ),
    Bug(
        "gradient_descent",
        "one_step_too_many",
        gradient_descent__one_step_too_many,
        "loops n_steps + 1 times: the path has n_steps + 2 rows",
        "off-by-one",
    ),
    Bug(
        "gradient_descent",
        "int_start",
        gradient_descent__int_start,
        "path takes w0's dtype: integer w0 gives a truncated integer path",
        "dtype",
    ),
]

# At most six bugs per function in BUGS (the brief's range); the others, just as real,
# in EXTRA_BUGS.
_EXTRA = set()
BUGS = [b for b in _ALL_BUGS if (b.function, b.name) not in _EXTRA]
EXTRA_BUGS = [b for b in _ALL_BUGS if (b.function, b.name) in _EXTRA]

CORRECT = {
    "numerical_gradient": numerical_gradient__correct,
    "gradient_descent": gradient_descent__correct,
}


def _sanity():
    # f(w) = sum(w**2) + w[0, 1] * w[1, 0]: grad = 2w + the cross terms
    w = np.array([[1.0, 2.0], [3.0, -1.0]])
    w_before = w.copy()

    def f(v):
        return float(np.sum(v**2) + v[0, 1] * v[1, 0])

    g = numerical_gradient__correct(f, w)
    assert np.allclose(g, [[2.0, 4.0 + 3.0], [6.0 + 2.0, -2.0]], atol=1e-6)
    assert np.array_equal(w, w_before)
    assert np.allclose(numerical_gradient__correct(lambda v: float(v**3), np.array(2)), 12.0)
    # L(w) = w^2 / 2 * 2 -> grad 2 w; lr 0.25: w halves each step
    path = gradient_descent__correct(lambda v: 2 * v, np.array([4, -8]), 0.25, 3)
    assert path.shape == (4, 2) and path.dtype == np.float64
    assert np.allclose(path, [[4, -8], [2, -4], [1, -2], [0.5, -1]])
    assert gradient_descent__correct(lambda v: v, np.array(1.0), 0.1, 0).shape == (1,)
    print("chapter3: correct versions pass the hand checks")


if __name__ == "__main__":
    _sanity()
