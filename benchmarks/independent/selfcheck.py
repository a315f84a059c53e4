"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's hand-computed checks of its CORRECT versions.
2. Confirms that every bug really is a bug: on at least one of a few probe calls of this
   file it differs from the module's correct version (another value, shape or dtype, an
   exception, a changed input or a RuntimeWarning). It says nothing about whether the
   course's checks catch it.

Run from the repository root:  python -m benchmarks.independent.selfcheck
"""

import copy
import warnings
from collections import Counter

import numpy as np

from benchmarks.independent import chapters

_R = np.random.default_rng(12345)


def _a(*shape):
    return _R.normal(size=shape)


def _onehot(n, k, seed):
    y = np.zeros((n, k))
    y[np.arange(n), np.random.default_rng(seed).integers(0, k, n)] = 1.0
    return y


def _params(d, h, k, seed):
    r = np.random.default_rng(seed)
    return {
        "W1": r.normal(size=(d, h)),
        "b1": r.normal(size=h),
        "W2": r.normal(size=(h, k)),
        "b2": r.normal(size=k),
    }


def _quad(v):
    return float(np.sum(np.arange(1, v.size + 1).reshape(v.shape) * v**2) + 0.3 * np.sum(v) ** 3)


XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])
DATA_X = np.random.default_rng(1).normal(size=(23, 2))
DATA_Y = (DATA_X[:, 0] * DATA_X[:, 1] > 0).astype(float)


def probes(C):
    """Argument tuples per function (fresh arrays on every call). C: all correct versions."""
    zc = np.array([[-1.5, 0.0, 2.0], [0.0, -0.0, 3.0]])
    p_cache = _params(3, 4, 2, 7)
    X3 = _a(5, 3)
    two_cache = C["two_layer_forward"](X3, p_cache)[1]
    lin_cache = C["linear_forward"](_a(4, 3), _a(3, 2), _a(2))[1]
    sig_cache = C["sigmoid_forward"](np.array([[-2.0, 0.0, 30.0], [1.0, -700.0, 5.0]]))[1]
    relu_cache = C["relu_forward"](zc.copy())[1]
    wg = np.array([[0.3, -1.2], [2.0, 0.0]])
    ga = C["numerical_gradient"](_quad, wg)
    ga_bad = ga.copy()
    ga_bad[0, 0] *= 1.5
    ga_bad[0, 1] -= 1.0
    return {
        "step": [(zc.copy(),), (np.array([1, -2, 0]),), (np.float64(0.0),)],
        "perceptron_predict": [
            (np.array([[1.0, 1.0], [0.0, 0.5], [2.0, -1.0]]), np.array([1.0, -2.0]), 0.0),
            (np.array([[1.0, 3.0], [0.0, 0.0]]), np.array([0.5, 2.0]), -1.0),
            (np.array([[2.0, 1.0], [0.0, 0.0]]), np.array([1.0, -2.0]), 0.0),
        ],
        "accuracy": [
            (np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([1.0, 1.0, 1.0, 0.0, 0.0])),
            (np.array([1.0, 1.0, 1.0]), np.array([1.0, 0.0, 1.0])),
        ],
        "xor_network": [
            (XOR_X.copy(),),
            (
                np.array(
                    [
                        [0.15, 0.15],
                        [0.95, 0.95],
                        [1.15, 0.9],
                        [0.05, 1.1],
                        [-0.15, -0.1],
                        [1.1, -0.2],
                    ]
                ),
            ),
        ],
        "mse_loss": [(_a(4, 3), _a(4, 3)), (_a(6, 1), _a(6, 1))],
        "mse_loss_grad": [(_a(4, 3), _a(4, 3)), (_a(2, 5), _a(2, 5))],
        "softmax": [
            (_a(4, 3),),
            (np.array([[1000.0, 1001.0], [0.0, 1.0]]),),
            (_a(3),),
            (_a(2, 3, 4),),
        ],
        "cross_entropy_loss": [
            (C["softmax"](_a(4, 3)), _onehot(4, 3, 0)),
            (
                np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]]),
                np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
            ),
            (np.array([[0.995, 0.005]]), np.array([[1.0, 0.0]])),
        ],
        "softmax_cross_entropy_grad": [(_a(4, 3), _onehot(4, 3, 1)), (_a(3, 3), _onehot(3, 3, 2))],
        "numerical_gradient": [
            (_quad, np.array([[0.3, -1.2], [2.0, 0.5]])),
            (_quad, np.array([1, 2, -1])),
            (_quad, np.array(0.7)),
        ],
        "gradient_descent": [
            (lambda v: 2 * v + 1, np.array([[1.0, -2.0]]), 0.1, 4),
            (lambda v: v, np.array([3, -1]), 0.5, 2),
        ],
        "sigmoid": [(np.array([[-1000.0, -2.0, 0.0], [1.0, 30.0, 1000.0]]),), (_a(4),)],
        "sigmoid_forward": [(np.array([[-3.0, 0.0, 2.0]]),), (np.array([-1000.0, 1000.0]),)],
        "sigmoid_backward": [(_a(2, 3), sig_cache)],
        "linear_forward": [(_a(4, 3), _a(3, 2), _a(2)), (_a(3, 3), _a(3, 3), _a(3))],
        "linear_backward": [(_a(4, 2), lin_cache)],
        "two_layer_forward": [(X3.copy(), _params(3, 4, 2, 7)), (_a(2, 3), _params(3, 2, 2, 1))],
        "two_layer_backward": [(_a(5, 2), two_cache)],
        "gradient_check": [
            (_quad, wg.copy(), ga.copy()),
            (_quad, wg.copy(), ga_bad),
            (lambda v: float(v[0] ** 2), np.array([0.0, 1.0]), np.array([0.0, 0.0])),
            (
                lambda v: float(np.sum(v**2)),
                np.array([1.0, -1.0, 1e-9]),
                np.array([2.0, -2.0, 3e-9]),
            ),
            (_quad, wg.copy(), ga - np.array([[0.5, 0.1], [0.2, 0.05]])),
        ],
        "init_params": [(2, 3, 1, 0), (3, 4, 2, 5)],
        "train": [
            (XOR_X.copy(), XOR_Y.copy(), 3, 2.0, 5, 0),
            (XOR_X.copy(), XOR_Y.copy().reshape(-1, 1), 2, 1.0, 3, 4),
        ],
        "predict": [
            (XOR_X.copy(), _params(2, 3, 2, 3)),
            (
                XOR_X.copy(),
                {
                    "W1": np.zeros((2, 3)),
                    "b1": np.zeros(3),
                    "W2": np.zeros((3, 1)),
                    "b2": np.zeros(1),
                },
            ),
        ],
        "relu_forward": [(zc.copy(),), (_a(4),)],
        "relu_backward": [(_a(2, 3), relu_cache)],
        "sgd_step": [(_a(3), _a(3), 0.1)],
        "momentum_step": [(_a(3), _a(3), _a(3), 0.1), (_a(2), _a(2), np.zeros(2), 0.5)],
        "rmsprop_step": [
            (_a(3), _a(3), np.abs(_a(3)), 0.1),
            (_a(2), _a(2), np.zeros(2), 0.01),
            (_a(2), 1e-6 * _a(2), np.zeros(2), 0.01),
        ],
        "adam_step": [
            (_a(3), _a(3), np.zeros(3), np.zeros(3), 1, 0.1),
            (_a(3), _a(3), _a(3), np.abs(_a(3)), 3, 0.01),
        ],
        "minibatches": [(10, 4, 0), (7, 7, 3), (12, 5, 1)],
        "train_with_optimiser": [
            ("adam", DATA_X, DATA_Y, DATA_X[:9], DATA_Y[:9], 0.05, 3, 5),
            ("momentum", DATA_X, DATA_Y, DATA_X[:9], DATA_Y[:9], 0.05, 2, 8),
            ("sgd", DATA_X, DATA_Y, DATA_X[:9], DATA_Y[:9], 0.5, 3, 4),
            ("rmsprop", DATA_X, DATA_Y, DATA_X[:9], DATA_Y[:9], 0.1, 1, 4),
            # saturates: losses tie exactly while momentum keeps moving the weights
            ("momentum", DATA_X * 50, DATA_Y, DATA_X[:9] * 50, DATA_Y[:9], 1e6, 4, 23),
        ],
    }


def _same(a, b):
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same(a[k], b[k]) for k in a)
        )
    if isinstance(a, tuple | list) and not isinstance(b, tuple | list):
        return False
    if isinstance(a, tuple | list):
        return (
            isinstance(b, tuple | list)
            and type(a) is type(b)
            and len(a) == len(b)
            and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, float) != isinstance(b, float) and np.ndim(a) + np.ndim(b) > 0:
        return False
    try:
        a, b = np.asarray(a), np.asarray(b)
    except ValueError:
        return False
    if a.dtype == object or b.dtype == object:
        return False
    if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
        return False
    if a.dtype.kind in "fc":
        return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9, equal_nan=True))
    return bool(np.array_equal(a, b))


def _call(f, args):
    args = copy.deepcopy(args)
    before = copy.deepcopy(args)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            out = ("ok", f(*args))
        except Exception as e:  # noqa: BLE001
            out = ("raised", type(e).__name__)
    changed = not all(_same(x, y) for x, y in zip(args, before, strict=True) if not callable(x))
    warned = any(issubclass(x.category, RuntimeWarning) for x in w)
    return out, changed, warned


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    P = probes(C)
    undetected = []
    per_function = Counter()
    extra = Counter()
    for m in mods:
        names = set()
        for bug in m.BUGS + m.EXTRA_BUGS:
            assert (bug.function, bug.name) not in names, bug.name
            names.add((bug.function, bug.name))
            (per_function if bug in m.BUGS else extra)[bug.function] += 1
            hit = False
            for args in P[bug.function]:
                ref = _call(C[bug.function], args)
                got = _call(bug.implementation, args)
                if ref[1] or ref[2]:
                    raise AssertionError(f"correct {bug.function} changed input / warned")
                if ref[0][0] == "raised":  # an expected error (unknown optimiser name)
                    differs = got[0] != ref[0]
                else:
                    differs = got[0][0] != "ok" or not _same(ref[0][1], got[0][1])
                if differs or got[1] or got[2]:
                    hit = True
                    break
            if not hit:
                undetected.append(f"{bug.function}.{bug.name}")
    missing = set(C) - set(per_function)
    print(
        f"{sum(per_function.values())} bugs in BUGS over {len(per_function)} functions, "
        f"{sum(extra.values())} more in EXTRA_BUGS"
    )
    for m in mods:
        print(
            f"  {m.__name__.rsplit('.', 1)[1]}: {len(m.BUGS)} bugs (+{len(m.EXTRA_BUGS)} extra), "
            f"{len(m.CORRECT)} correct versions"
        )
        for f in m.CORRECT:
            print(f"    {f}: {per_function[f]}" + (f" (+{extra[f]})" if extra[f] else ""))
    assert all(2 <= per_function[f] <= 6 for f in C), "BUGS: 2 to 6 per function"
    if missing:
        print("functions without bugs:", sorted(missing))
    if undetected:
        print("bugs not told apart from the correct version by these probes:")
        for u in undetected:
            print("  ", u)
    else:
        print("every bug differs from the correct version on at least one probe")


if __name__ == "__main__":
    main()
