"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's ``_sanity()``: the correct versions against hand-computed values
   and central differences.
2. Checks that each correct version runs silently on every probe of this file.
3. Confirms that every bug differs from the correct version on at least one probe call: another
   value (relative difference above 1e-10), shape, dtype or type, an exception, a changed
   input, a changed global numpy generator or a RuntimeWarning. The probes use non-square
   shapes, rows far apart, N other than the visible examples' sizes, ties at 0, integer
   inputs, probabilities of exactly 0, several epochs and steps with carried state.

A probe is a function of ``F``, the implementations by name (the correct ones, with the bug
and its companions put in), returning what it saw; forward and backward passes are probed as
a pair, so a backward bug reads the cache of its companion forward pass.

Run from the repository root:  python -m benchmarks.tenth.selfcheck
"""

import copy
import warnings

import numpy as np

from benchmarks.tenth import chapters


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


def _call(F, name, *args):
    """F[name](*args), recording whether an argument changed."""
    before = copy.deepcopy(args)
    result = F[name](*args)
    changed = [not _same(a, b) for a, b in zip(before, args, strict=True)]
    return ("changed", changed) if any(changed) else result


def _changed(res):
    return isinstance(res, tuple) and len(res) == 2 and isinstance(res[0], str)


def _probes():
    rng = np.random.default_rng(2026)
    z23 = np.array([[1.5, 0.0, -2.0], [-0.25, 3.0, 0.0]])
    zint = np.array([-3, 0, 2, 5])
    X5 = rng.normal(size=(5, 2))
    y5 = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    yp = rng.uniform(0.1, 0.9, size=(5, 3))
    yt = rng.uniform(0.0, 1.0, size=(5, 3))
    far = np.array(
        [
            [1000.0, 1001.0, 999.0, 1000.5],
            [-1000.0, -999.0, -1002.0, -1000.0],
            [0.0, 1.0, -1.0, 2.0],
        ]
    )
    onehot = np.eye(3)[[0, 2, 1, 2, 0]]
    p0 = np.array([[0.7, 0.3, 0.0], [0.1, 0.0, 0.9], [0.2, 0.5, 0.3]])
    y0 = np.eye(3)[[0, 2, 1]]
    zs = np.array([-1000.0, -30.0, -1.0, 0.0, 2.0, 30.0, 1000.0])
    z34, d34 = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    Xl, Wl, bl, dl = (rng.normal(size=s) for s in [(4, 3), (3, 2), (2,), (4, 2)])
    Xs, Ws, bs, ds = (rng.normal(size=s) for s in [(3, 3), (3, 3), (3,), (3, 3)])
    P = _params(3, 4, 2, 7)
    X53, d52 = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    Xt, yt1 = rng.normal(size=(6, 2)), np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    yt2 = rng.uniform(size=(6, 2))
    half = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[1.0], [-1.0]]), "b2": np.zeros(1)}
    Xo, yo = rng.normal(size=(11, 2)), rng.uniform(size=11)
    Xv, yv = rng.normal(size=(7, 2)), rng.uniform(size=7)
    yo2, yv2 = rng.uniform(size=(11, 2)), rng.uniform(size=(7, 2))
    w23, g23 = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    g23b = rng.normal(size=(2, 3))

    def pair(fwd, bwd, args, dout):
        """The forward pass on args, then the backward pass on dout and its cache."""

        def run(F):
            res = _call(F, fwd, *args)
            if _changed(res):
                return res
            return res[0], _call(F, bwd, dout, res[1])

        return run

    def steps(name, state, extra=()):
        """Three steps of an optimiser, its state carried."""

        def run(F):
            w, st, seen = w23.copy(), [s.copy() for s in state], []
            for t, g in zip((1, 2, 3), (g23, g23b, g23), strict=True):
                args = (w, g, *st, t) if name == "adam_step" else (w, g, *st)
                res = _call(F, name, *args, 0.1, *extra)
                if _changed(res):
                    return res
                w, st = res[0], list(res[1:])
                seen.append(res)
            return seen

        return run

    def call(name, *args):
        return lambda F: _call(F, name, *args)

    def two(name, *args, **kw):
        return lambda F: F[name](*copy.deepcopy(args), **kw)

    return {
        "step": [call("step", z23), call("step", zint), call("step", zs)],
        "perceptron_predict": [
            call("perceptron_predict", X5, np.array([1.0, -0.5]), 0.2),
            call(
                "perceptron_predict",
                np.array([[1.0, 2.0], [2.0, 1.0], [0.0, 0.0]]),
                np.array([1.0, -1.0]),
                0.0,
            ),
        ],
        "accuracy": [call("accuracy", y5, np.array([1.0, 1.0, 1.0, 0.0, 0.0]))],
        "xor_network": [
            call(
                "xor_network",
                np.array(
                    [
                        [0.0, 0.0],
                        [0.0, 1.0],
                        [1.0, 0.0],
                        [1.0, 1.0],
                        [0.9, 0.0],
                        [0.15, 0.85],
                        [1.2, 0.8],
                    ]
                ),
            )
        ],
        "mse_loss": [call("mse_loss", yp, yt), call("mse_loss", yp[:2], yt[:2])],
        "mse_loss_grad": [call("mse_loss_grad", yp, yt)],
        "softmax": [
            call("softmax", far),
            call("softmax", far[2]),
            call("softmax", rng.normal(size=(2, 3, 4))),
        ],
        "cross_entropy_loss": [
            call("cross_entropy_loss", p0, y0),
            call("cross_entropy_loss", yp / yp.sum(1, keepdims=True), onehot),
        ],
        "softmax_cross_entropy_grad": [
            call("softmax_cross_entropy_grad", rng.normal(size=(5, 3)), onehot)
        ],
        "numerical_gradient": [
            call(
                "numerical_gradient",
                lambda v: float(np.sum(v**3)),
                np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0]]),
            ),
            call("numerical_gradient", lambda v: float(v[0] ** 2 * v[1]), np.array([2, -1])),
            call("numerical_gradient", _mutating_square_sum, np.array([1.0, 2.0, -3.0])),
        ],
        "gradient_descent": [
            call(
                "gradient_descent",
                lambda v: v * np.array([1.0, 2.0, 0.5]),
                np.array([1.0, -2.0, 4.0]),
                0.1,
                3,
            ),
            call("gradient_descent", lambda v: 2 * v, np.array([3, -1]), 0.25, 2),
        ],
        "sigmoid": [call("sigmoid", zs), call("sigmoid", z34)],
        "sigmoid_forward": [pair("sigmoid_forward", "sigmoid_backward", (z34,), d34)],
        "sigmoid_backward": [pair("sigmoid_forward", "sigmoid_backward", (z34,), d34)],
        "linear_forward": [
            pair("linear_forward", "linear_backward", (Xl, Wl, bl), dl),
            pair("linear_forward", "linear_backward", (Xs, Ws, bs), ds),
        ],
        "linear_backward": [
            pair("linear_forward", "linear_backward", (Xl, Wl, bl), dl),
            pair("linear_forward", "linear_backward", (Xs, Ws, bs), ds),
        ],
        "two_layer_forward": [pair("two_layer_forward", "two_layer_backward", (X53, P), d52)],
        "two_layer_backward": [pair("two_layer_forward", "two_layer_backward", (X53, P), d52)],
        "gradient_check": [
            call(
                "gradient_check",
                lambda v: float(np.sum(v**3)),
                np.array([1.0, -2.0, 0.0]),
                np.array([3.0, 6.0, 0.0]),
            ),
            call(
                "gradient_check",
                lambda v: float(np.sum(v**2)),
                np.array([1e-4, 5.0]),
                np.array([4e-4, 10.0]),
            ),
        ],
        "tanh_forward": [
            pair("tanh_forward", "tanh_backward", (zs,), zs[::-1].copy()),
            pair("tanh_forward", "tanh_backward", (z34,), d34),
        ],
        "tanh_backward": [pair("tanh_forward", "tanh_backward", (z34,), d34)],
        "init_params": [call("init_params", 3, 4, 2, 7), call("init_params", 2, 5, 1)],
        "train": [
            two("train", Xt, yt1, 3, 0.5, 3, seed=1),
            two("train", Xt, yt1, 3, 0.5, 3, seed=1, loss="ce"),
            two("train", Xt, yt2, 3, 0.5, 2, seed=0),
        ],
        "predict": [
            call("predict", np.array([[0.3, 0.3], [2.0, -1.0], [-1.0, 2.0]]), half),
            call("predict", X53, P),
        ],
        "relu_forward": [
            pair("relu_forward", "relu_backward", (z23,), np.full((2, 3), 3.0)),
            pair("relu_forward", "relu_backward", (zint,), np.ones(4)),
        ],
        "relu_backward": [pair("relu_forward", "relu_backward", (z23,), np.full((2, 3), 3.0))],
        "sgd_step": [call("sgd_step", w23, g23, 0.1)],
        "minibatches": [call("minibatches", 10, 4, 3), call("minibatches", 12, 4)],
        "momentum_step": [steps("momentum_step", [np.full((2, 3), 0.5)])],
        "rmsprop_step": [steps("rmsprop_step", [np.full((2, 3), 0.2)])],
        "adam_step": [steps("adam_step", [np.zeros((2, 3)), np.zeros((2, 3))])],
        "train_with_optimiser": [
            two("train_with_optimiser", "momentum", Xo, yo, Xv, yv, 0.5, 3, 4, n_hidden=3),
            two("train_with_optimiser", "adam", Xo, yo2, Xv, yv2, 0.05, 3, 4, n_hidden=3, seed=1),
            two("train_with_optimiser", "sgd", Xo, yo, Xv, yv, 40.0, 4, 4, n_hidden=3),
            two("train_with_optimiser", "rmsprop", Xo, yo, Xv, yv, 0.1, 1, 4),
        ],
    }


def _same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        both_nan = np.isnan(a) & np.isnan(b) if a.dtype.kind == "f" else np.zeros(a.shape, bool)
        diff = np.abs(a - b) <= 1e-10 * np.maximum(np.abs(a), np.abs(b)) + 1e-300
        return bool(np.all(diff | both_nan | (a == b)))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float):
        return a == b or abs(a - b) <= 1e-10 * max(abs(a), abs(b)) or (a != a and b != b)
    if callable(a):
        return True
    return a == b


def _observe(probe, F):
    """What a probe saw: its result or exception, the RuntimeWarnings, a moved generator."""
    state = np.random.get_state()[1].copy()  # noqa: NPY002 (the global generator, on purpose)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("ok", probe(F))
        except Exception as e:  # noqa: BLE001 (an exception is an observation)
            result = ("raised", type(e).__name__)
    warned = sorted({str(w.category.__name__) for w in caught})
    moved = not np.array_equal(state, np.random.get_state()[1])  # noqa: NPY002 (the global generator, on purpose)
    np.random.seed(12345)  # the same global state before every probe  # noqa: NPY002 (the global generator, on purpose)
    return result, warned, moved


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    print("sanity: every chapter's correct versions pass their hand checks")
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    probes = _probes()
    assert set(probes) == set(C), set(C) ^ set(probes)
    np.random.seed(12345)  # noqa: NPY002 (the global generator, on purpose)
    expected = {}
    for name, ps in probes.items():
        expected[name] = [_observe(p, C) for p in ps]
        for (status, value), warned, moved in expected[name]:
            silent = (status == "ok" or name == "train_with_optimiser") and not warned and not moved
            assert silent and not _changed(value), (name, status, value, warned, moved)
    print(f"correct versions: silent on all {sum(map(len, probes.values()))} probes")
    n, same = 0, []
    for m in mods:
        for b in m.BUGS:
            F = dict(C)
            F.update(b.companions)
            F[b.function] = b.implementation
            seen = [_observe(p, F) for p in probes[b.function]]
            n += 1
            if all(
                s[0][0] == e[0][0] and _same(s[0][1], e[0][1]) and s[1:] == e[1:]
                for s, e in zip(seen, expected[b.function], strict=True)
            ):
                same.append(f"{b.function}__{b.name}")
    print(f"bugs: {n - len(same)} of {n} differ from the correct version on a probe")
    if same:
        print("NOT caught by any probe:", ", ".join(same))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
