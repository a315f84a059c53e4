"""Chapter 3 (gradient descent): numerical_gradient, gradient_descent."""

import numpy as np

from benchmarks.eighth import bug, correct

# ---------------------------------------------------------------- correct versions


def numerical_gradient(f, w, h=1e-5):
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def gradient_descent(grad_f, w0, lr, n_steps):
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=np.float64)
        path.append(w)
    return np.array(path)


CORRECT = correct(numerical_gradient, gradient_descent)

# ---------------------------------------------------------------- bugs


def numerical_gradient__len_loop(f, w, h=1e-5):
    # fault: a loop over range(len(w)), from a 1-D tutorial: nudges whole rows of a 2-D w
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in range(len(w)):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def numerical_gradient__copies_once(f, w, h=1e-5):
    # fault: the two copies made once, before the loop: earlier nudges are never taken back
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    up, down = w.copy(), w.copy()
    for i in np.ndindex(w.shape):
        up[i] += h
        down[i] -= h
        grad[i] = (f(up.copy()) - f(down.copy())) / (2 * h)
    return grad


def numerical_gradient__no_return(f, w, h=1e-5):
    # fault: left half done: the gradient is computed and never returned
    w = np.array(w, dtype=np.float64)
    grad = np.zeros_like(w)
    for i in np.ndindex(w.shape):
        up, down = w.copy(), w.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)


def gradient_descent__one_step_short(grad_f, w0, lr, n_steps):
    # fault: range(n_steps - 1) "because row 0 is already there": one step too few
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps - 1):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=np.float64)
        path.append(w)
    return np.array(path)


def gradient_descent__no_start(grad_f, w0, lr, n_steps):
    # fault: the path records only the points after each step, not w0
    w = np.array(w0, dtype=np.float64)
    path = []
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=np.float64)
        path.append(w)
    return np.array(path)


def gradient_descent__lr_decay(grad_f, w0, lr, n_steps):
    # fault: a learning-rate decay of 0.9 per step pasted from a training loop
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_f(w.copy()), dtype=np.float64)
        path.append(w)
        lr = lr * 0.9
    return np.array(path)


def gradient_descent__clipped(grad_f, w0, lr, n_steps):
    # fault: each gradient entry clipped to [-1, 1] "so that it cannot diverge"
    w = np.array(w0, dtype=np.float64)
    path = [w]
    for _ in range(n_steps):
        g = np.clip(np.asarray(grad_f(w.copy()), dtype=np.float64), -1.0, 1.0)
        w = w - lr * g
        path.append(w)
    return np.array(path)


BUGS = [
    bug(numerical_gradient__len_loop, "Loops over rows, not entries.", "wrong-axis"),
    bug(numerical_gradient__copies_once, "Nudges accumulate across entries.", "state"),
    bug(numerical_gradient__no_return, "No return statement.", "half-done"),
    bug(gradient_descent__one_step_short, "One step too few.", "off-by-one"),
    bug(gradient_descent__no_start, "w0 missing from the path.", "off-by-one"),
    bug(gradient_descent__lr_decay, "The learning rate decayed each step.", "schedule"),
    bug(gradient_descent__clipped, "Gradient clipped to [-1, 1].", "defensive"),
]
EXTRA_BUGS = []
VARIANTS = []


def _sanity():
    # f(w) = w1^2 + 3 w1 w2: gradient (2 w1 + 3 w2, 3 w1); at (1, 2): (8, 3). Exact for
    # central differences (quadratic), up to rounding.
    g = numerical_gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1], np.array([1, 2]))
    assert g.dtype == np.float64 and np.allclose(g, [8.0, 3.0], atol=1e-8)
    # a (2, 3) w and a 0-d one: f = sum(c * w^2) has gradient 2 c w
    c = np.arange(6.0).reshape(2, 3)
    w = np.array([[1.0, -1.0, 2.0], [0.5, 0.0, 3.0]])
    assert np.allclose(numerical_gradient(lambda v: np.sum(c * v**2), w), 2 * c * w, atol=1e-6)
    assert np.isclose(numerical_gradient(lambda v: float(v**2), np.array(3.0)), 6.0)
    # L = w^2 / 2, lr 1/2: 8 -> 4 -> 2 -> 1
    path = gradient_descent(lambda v: v, np.array([8]), 0.5, 3)
    assert path.shape == (4, 1) and np.allclose(path[:, 0], [8.0, 4.0, 2.0, 1.0])
    assert gradient_descent(lambda v: v, np.zeros((2, 3)), 0.1, 0).shape == (1, 2, 3)


if __name__ == "__main__":
    _sanity()
    print("chapter 3: correct versions pass their hand checks")
