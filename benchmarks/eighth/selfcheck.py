"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's ``_sanity()``: the correct versions against hand-computed values
   and central differences.
2. Confirms that every bug differs from the correct version on at least one probe call of
   this file: another value (relative difference above 1e-10), shape, dtype or type, an
   exception, a changed input, a changed global numpy generator or a RuntimeWarning. The
   probes use non-square shapes, rows far apart, ties at 0, integer inputs, several epochs
   and nonzero optimiser state.

Run from the repository root:  python -m benchmarks.eighth.selfcheck
"""

import copy
import warnings

import numpy as np

from benchmarks.eighth import chapters


def _onehot(labels, k):
    y = np.zeros((len(labels), k))
    y[np.arange(len(labels)), labels] = 1.0
    return y


def _params(d, h, k, seed):
    r = np.random.default_rng(seed)
    return {
        "W1": r.normal(size=(d, h)),
        "b1": r.normal(size=h),
        "W2": r.normal(size=(h, k)),
        "b2": r.normal(size=k),
    }


def _mutating_square_sum(v):
    """sum(v^2), then overwrites its argument (numerical_gradient must hand f a copy)."""
    value = float(np.sum(v**2))
    v[...] = 0.0
    return value


def _probes(C):
    """Argument tuples per function name. C: the correct versions (for caches)."""
    rng = np.random.default_rng(2026)
    X = rng.normal(size=(12, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    Xv = rng.normal(size=(7, 2))
    yv = (Xv[:, 0] * Xv[:, 1] > 0).astype(float)
    z23 = np.array([[1.0, -1.0, 0.0], [-3.0, 2.0, -0.001]])
    s23 = 1 / (1 + np.exp(-z23))
    dout23 = rng.normal(size=(2, 3))
    Xl, Wl, bl = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    X5 = rng.normal(size=(5, 3))
    p2, p1 = _params(3, 4, 2, 1), _params(3, 4, 1, 2)
    g = np.array([[0.5, -2.0, 4.0], [1e-3, 0.0, -1.0]])
    w = np.array([[1.0, 1.0, -1.0], [0.5, 2.0, 0.0]])
    answers = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 1.0]])
    table = np.array([[0.5, 0.5], [0.6, 0.4], [0.3, 0.7]])
    targets = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    near = np.array([[0.15, 0.1], [0.1, 0.8], [0.8, -0.15], [0.85, 1.2], [-0.2, 0.2]])
    zero_params = {"W1": np.zeros((3, 4)), "b1": np.zeros(4), "W2": np.zeros((4, 2))}
    zero_params["b2"] = np.zeros(2)
    return {
        "step": [(np.array([-2.0, -0.5, 0.0, 0.5, 3.0]),), (z23,), (np.array([-3, 0, 2]),)],
        "perceptron_predict": [
            (
                np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5], [-1.0, 0.0], [-0.25, 0.0]]),
                np.array([2.0, 1.0]),
                -1.0,
            ),
            (np.array([[-1.0, 3.0]]), np.array([-1.0, 1.0]), -1.0),
            # z = -0.004, just below the line: rounding it makes it 0
            (np.array([[0.5, 0.496], [2.0, 1.0]]), np.array([1.0, 1.0]), -1.0),
        ],
        "accuracy": [
            (np.array([1.0, 0.0, 1.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])),
            (np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])),
        ],
        "xor_network": [(corners,), (near,)],
        "mse_loss": [(answers, np.zeros((4, 3))), (table, targets)],
        "mse_loss_grad": [
            (answers, np.zeros((4, 3))),
            (table, targets),
            (np.array([[8.0]]), np.array([[5.0]])),
        ],
        "softmax": [
            (np.array([[1000.0, 1001.0, 999.0], [-5.0, 0.0, 5.0]]),),
            (rng.normal(size=(3, 2)),),
            (np.array([[0.0, 1.0], [2.0, 5.0]]),),
            (np.array([1.0, 2.0, 3.0]),),
        ],
        "cross_entropy_loss": [
            (np.array([[0.7, 0.3, 0.0], [0.1, 0.6, 0.3]]), _onehot([0, 2], 3)),
            (np.array([[0.25, 0.75], [0.5, 0.5], [0.9, 0.1]]), _onehot([1, 0, 0], 2)),
            (np.array([[1.0, 0.0], [0.25, 0.75]]), _onehot([0, 1], 2)),
        ],
        "softmax_cross_entropy_grad": [(rng.normal(size=(3, 4)), _onehot([0, 3, 1], 4))],
        "numerical_gradient": [
            (lambda v: float(np.sum(v**3)), np.array([0.1, 0.7, -1 / 3])),
            (lambda v: float(np.sum(v**3)), np.array([1, -2, 3]), 1e-3),
            (lambda v: float(np.sum(np.arange(6.0).reshape(2, 3) * v**2)), w),
            (lambda v: float(v**2), np.array(3.0)),
            (_mutating_square_sum, np.array([0.5, -1.5])),
        ],
        "gradient_descent": [
            (lambda v: 2 * v, w, 0.1, 4),
            (lambda v: v - 3.0, np.array([8]), 0.25, 3),
            (lambda v: np.cos(v), np.array([0.3, -1.0]), 0.5, 1),
        ],
        "sigmoid": [(np.array([-1000.0, -2.0, 0.0, 3.0, 1000.0]),), (z23,)],
        "sigmoid_forward": [(z23,), (np.array([-1000.0, 0.5, 1000.0]),)],
        "sigmoid_backward": [(dout23, s23)],
        "linear_forward": [(Xl, Wl, bl), (X5, rng.normal(size=(3, 3)), rng.normal(size=3))],
        "linear_backward": [
            (rng.normal(size=(4, 2)), C["linear_forward"](Xl, Wl, bl)[1]),
            (rng.normal(size=(3, 3)), C["linear_forward"](X5[:3], Wl @ Wl.T, bl[:1] * 0)[1]),
        ],
        "two_layer_forward": [(X5, p2), (X5, p1)],
        "two_layer_backward": [
            (rng.normal(size=(5, 2)), C["two_layer_forward"](X5, p2)[1]),
            (rng.normal(size=(5, 1)), C["two_layer_forward"](X5, p1)[1]),
        ],
        "gradient_check": [
            (
                lambda v: float(np.sum(v**4)),
                np.array([1.0, -0.5, 2.0]),
                np.array([4.0, 0.5, 32.0]),
                0.1,
            ),
            # the exact gradient 4 w^3: with h = 0.1 the central difference is off by 4 w h^2
            (
                lambda v: float(np.sum(v**4)),
                np.array([1.0, -0.5, 2.0]),
                4 * np.array([1.0, -0.125, 8.0]),
                0.1,
            ),
            # a zero entry of the gradient: 0 / 0 without the floor
            (
                lambda v: float(np.sum(v**2)),
                np.array([1.0, -2.0, 0.0]),
                np.array([2.0, -4.0, 0.0]),
            ),
        ],
        "tanh_forward": [(np.array([-800.0, -1.0, 0.0, 0.5, 800.0]),), (z23,)],
        "tanh_backward": [(dout23, np.tanh(z23))],
        "init_params": [(3, 5, 2, 4), (4, 4, 1)],
        "train": [
            (X, y, 4, 2.0, 3, 2),
            (X, _onehot((X[:, 0] > 0).astype(int), 2), 3, 1.0, 3, 0, "ce"),
            (X, y, 3, 0.5, 2, 1, "ce"),
        ],
        "predict": [(X5, p2), (X5, zero_params)],
        "relu_forward": [(z23,), (np.array([-2, 0, 3]),), (np.array([[0.5, -0.1, 10.0]]),)],
        "relu_backward": [(dout23, z23.copy())],
        "sgd_step": [(w, g, 0.1)],
        "minibatches": [(10, 4, 0), (12, 4, 5), (3, 5, 1)],
        "momentum_step": [(w, g, 0.5 * g, 0.1, 0.8), (w, g, np.zeros((2, 3)), 0.1)],
        "rmsprop_step": [
            (w, g, 0.5 * g**2 + 0.1, 0.1, 0.8),
            (np.zeros(3), np.array([0.0, 1e-7, 1.0]), np.zeros(3), 0.01),
        ],
        "adam_step": [(w, g, 0.1 * g, 0.01 * g**2, 3, 0.1), (w, g, 0 * g, 0 * g, 1, 0.01)],
        "train_with_optimiser": [
            (name, X, y, Xv, yv, lr, 3, 4) for name, lr in [("sgd", 2.0), ("momentum", 0.3)]
        ]
        + [
            ("adam", X, y, Xv, yv, 0.05, 3, 5),
            # validation labels the opposite of the rule learned: the start is the best epoch
            ("sgd", X, y, X, 1.0 - y, 2.0, 3, 4),
            # lr 1e-18: only the zero biases move (by ~1e-18), every validation loss ties
            ("adam", X, y, Xv, yv, 1e-18, 3, 4),
            ("rmsprop", X, y, Xv, yv, 0.1, 1, 4),
        ],
    }


def _call(f, args):
    """(outcome, input changed, global generator changed, warned) of f(*args) on copies."""
    args = copy.deepcopy(args)
    before = copy.deepcopy(args)
    state = np.random.get_state()  # noqa: NPY002 (the global generator is watched)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome = ("ok", f(*args))
        except Exception as error:  # noqa: BLE001 (any error is an outcome)
            outcome = ("raised", type(error).__name__)
    changed = not _same(before, args)
    rng_changed = not np.array_equal(state[1], np.random.get_state()[1])  # noqa: NPY002
    np.random.set_state(state)  # noqa: NPY002
    warned = any(issubclass(w.category, RuntimeWarning) for w in caught)
    return outcome, changed, rng_changed, warned


def _same(a, b):
    if callable(a) and callable(b):
        return True
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same(a[k], b[k]) for k in a)
        )
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(_same(u, v) for u, v in zip(a, b, strict=False))
        )
    if isinstance(a, np.ndarray) != isinstance(b, np.ndarray):
        return False
    if isinstance(a, np.ndarray):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=1e-10, atol=0.0, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, (str, bool, type(None))) or isinstance(b, (str, bool, type(None))):
        return type(a) is type(b) and a == b
    return type(a) is type(b) and bool(np.isclose(a, b, rtol=1e-10, atol=0.0, equal_nan=True))


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    P = _probes(C)
    undetected, total = [], 0
    for m in mods:
        for name, f in m.CORRECT.items():
            for args in P[name]:
                ref, again = _call(f, args), _call(f, args)
                if any(ref[1:]) or not _same(ref[0], again[0]):
                    raise AssertionError(f"correct {name} changed state, warned or varies")
        for bug in m.BUGS + m.EXTRA_BUGS:
            total += 1
            for args in P[bug.function]:
                ref, got = _call(C[bug.function], args), _call(bug.implementation, args)
                if any(got[1:]) or not _same(ref[0], got[0]):
                    break
            else:
                undetected.append(f"{bug.function}.{bug.name}")
        per_function = {}
        for bug in m.BUGS:
            per_function[bug.function] = per_function.get(bug.function, 0) + 1
        counts = ", ".join(f"{f} {n}" for f, n in per_function.items())
        print(
            f"{m.__name__.rsplit('.', 1)[1]}: {len(m.BUGS)} bugs (+{len(m.EXTRA_BUGS)} extra), "
            f"{len(m.CORRECT)} correct versions: {counts}"
        )
    print(f"{total} bugs in all")
    print("bugs not told apart from the correct version by these probes:", undetected or "none")


if __name__ == "__main__":
    main()
