"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's ``_sanity()``: the correct versions against hand-computed values
   and central differences.
2. Checks that each correct version runs silently on every probe of this file.
3. Confirms that every bug differs from the correct version on at least one probe call: another
   value (relative difference above 1e-10), shape, dtype or type, an exception, a changed
   input, a changed global numpy generator or a RuntimeWarning. The probes use non-square
   shapes, rows far apart, N other than the visible examples' sizes, ties at 0, integer
   inputs, probabilities of exactly 0, several epochs and nonzero optimiser state.

Run from the repository root:  python -m benchmarks.ninth.selfcheck
"""

import copy
import types
import warnings

import numpy as np

from benchmarks.ninth import chapters


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
    """Argument tuples (and keyword dicts) per function name. C: the correct versions."""
    rng = np.random.default_rng(99)
    z23 = np.array([[1.5, 0.0, -2.0], [-0.25, 3.0, 0.0]])
    X5 = rng.normal(size=(5, 2))
    Xl, Wl, bl = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    p32 = _params(3, 4, 2, 7)
    X53 = rng.normal(size=(5, 3))
    yp = rng.uniform(0.1, 0.9, size=(5, 3))
    yt = rng.uniform(0.0, 1.0, size=(5, 3))
    far = np.array(
        [
            [1000.0, 1001.0, 999.0, 1000.5],
            [-1000.0, -999.0, -1002.0, -1000.0],
            [0.0, 1.0, -1.0, 2.0],
        ]
    )
    onehot = np.eye(3)[[0, 2, 1]]
    p = np.array([[0.7, 0.3, 0.0], [0.1, 0.0, 0.9], [0.2, 0.5, 0.3]])
    zs = np.array([-1000.0, -30.0, -1.0, 0.0, 2.0, 30.0, 1000.0])
    Xtr = rng.normal(size=(10, 2))
    ytr = (Xtr[:, 0] * Xtr[:, 1] > 0).astype(float)
    Xva = rng.normal(size=(6, 2))
    yva = (Xva[:, 0] * Xva[:, 1] > 0).astype(float)
    Y2 = np.stack([ytr, 1 - ytr], axis=1)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    near = corners + np.array([[0.2, 0.2], [0.2, -0.2], [-0.2, 0.2], [-0.2, -0.2]])
    flat = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.zeros((2, 2)), "b2": np.zeros(2)}
    w23, g23 = rng.normal(size=(2, 3)), np.array([[0.5, -2.0, 1e-6], [3.0, 0.0, -1.0]])
    m23, s23 = rng.normal(size=(2, 3)), rng.uniform(0.0, 2.0, size=(2, 3))
    A = ((), {})
    return {
        "step": [((z23,), {}), ((np.array([[-2, 0, 3]]),), {})],
        "perceptron_predict": [
            ((X5, np.array([1.0, -2.0]), 0.3), {}),
            ((corners, np.array([1.0, 1.0]), -1.0), {}),
        ],
        "accuracy": [((np.array([1.0, 0, 1, 1, 0, 0]), np.array([1.0, 1, 1, 0, 0, 0])), {})],
        "xor_network": [((corners,), {}), ((near,), {}), ((X5,), {})],
        "mse_loss": [((yp, yt), {}), ((yp[:3, :1], yt[:3, :1]), {})],
        "mse_loss_grad": [((yp, yt), {}), ((yp[:3, :1], yt[:3, :1]), {})],
        "softmax": [((far,), {}), ((z23,), {}), ((np.array([0.5, 1.0, -1.0]),), {})],
        "cross_entropy_loss": [((p, onehot), {})],
        "softmax_cross_entropy_grad": [
            ((far[:, :3], onehot), {}),
            ((z23.T, np.eye(2)[[0, 1, 1]]), {}),
        ],
        "numerical_gradient": [
            ((lambda v: float(np.sum(v**3)), w23), {}),
            (
                (
                    lambda v: float(np.sum(v**2 * np.arange(v.size).reshape(v.shape))),
                    np.array([[1, 2], [3, -1], [0, 2]]),
                ),
                {},
            ),
            ((lambda v: float(v) ** 3, np.array(2.0)), {}),
            ((_mutating_square_sum, np.array([1.0, -2.0, 0.5])), {}),
        ],
        "gradient_descent": [
            ((lambda v: v * np.array([1.0, 3.0]), np.array([3, -2]), 0.1, 3), {}),
            ((lambda v: 2 * v, w23, 0.25, 4), {}),
        ],
        "sigmoid": [((zs,), {}), ((z23,), {})],
        "sigmoid_forward": [((z23.copy(),), {}), ((zs.copy(),), {})],
        "sigmoid_backward": [((z23.T, C["sigmoid_forward"](z23.T.copy())[1]), {})],
        "linear_forward": [((Xl, Wl, bl), {}), ((Xl[:2, :2], Wl[:2], bl), {})],
        "linear_backward": [((rng.normal(size=(4, 2)), C["linear_forward"](Xl, Wl, bl)[1]), {})],
        "two_layer_forward": [((X53, p32), {})],
        "two_layer_backward": [
            ((rng.normal(size=(5, 2)), C["two_layer_forward"](X53, p32)[1]), {})
        ],
        "gradient_check": [
            (
                (
                    lambda v: float(np.sum(v**2)),
                    np.array([3.0, -1.0, 0.0]),
                    np.array([6.0, -1.0, 0.0]),
                ),
                {},
            ),
            ((lambda v: float(np.sum(v**4)), np.array([1.0, 2.0]), np.array([4.0, 32.0]), 0.1), {}),
        ],
        "tanh_forward": [((z23,), {}), ((zs,), {})],
        "tanh_backward": [((z23.T, C["tanh_forward"](z23.T.copy())[1]), {})],
        "init_params": [((3, 4, 2, 5), {}), ((3, 4, 2), {})],
        "train": [
            ((Xtr, ytr, 3, 2.0, 3), {}),
            ((Xtr, Y2, 4, 1.0, 3), {"seed": 2, "loss": "ce"}),
        ],
        "predict": [((X53, p32), {}), ((X5, flat), {})],
        "relu_forward": [((z23.copy(),), {}), ((np.array([[-2, 0, 3]]),), {})],
        "relu_backward": [((rng.normal(size=(2, 3)), C["relu_forward"](z23)[1]), {})],
        "sgd_step": [((w23, g23, 0.1), {})],
        "minibatches": [((10, 4, 3), {}), ((10, 4, 4), {}), ((10, 4), {})],
        "momentum_step": [((w23, g23, m23, 0.1), {}), ((w23, g23, m23, 0.1, 0.5), {})],
        "rmsprop_step": [((w23, g23, np.zeros((2, 3)), 0.1), {}), ((w23, g23, s23, 0.1, 0.8), {})],
        "adam_step": [
            ((w23, g23, np.zeros((2, 3)), np.zeros((2, 3)), 1, 0.1), {}),
            ((w23, g23, m23, s23, 3, 0.1), {}),
        ],
        "train_with_optimiser": [
            ((opt, Xtr, ytr, Xva, yva, lr, 3, 4), {"n_hidden": 3, "seed": 1})
            for opt in ("sgd", "momentum", "adam")
            for lr in (0.5, 30.0)
        ]
        + [(("rmsprop", Xtr, ytr, Xva, yva, 0.5, 1, 4), {})],
    }, A


def _run(f, args, kwargs):
    """What a call does: its result or exception, changes to its inputs, the global
    generator and warnings."""
    a, k = copy.deepcopy(args), copy.deepcopy(kwargs)
    state = np.random.get_state()  # noqa: NPY002 (the global generator a bug may move)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = f(*a, **k)
            if isinstance(result, types.GeneratorType):
                result = ("generator", list(result))
        except Exception as e:  # noqa: BLE001 (an exception is an outcome)
            result = ("raised", type(e).__name__)
    changed = not _same((a, k), (args, kwargs))
    after = np.random.get_state()  # noqa: NPY002
    rng_moved = not (np.array_equal(state[1], after[1]) and state[2] == after[2])
    np.random.set_state(state)  # noqa: NPY002
    warned = sorted({w.category.__name__ for w in caught if issubclass(w.category, RuntimeWarning)})
    return result, changed, rng_moved, warned


def _same(a, b):
    if callable(a) and callable(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind not in "fc":
            return np.array_equal(a, b)
        return bool(np.all(np.isclose(a, b, rtol=1e-10, atol=1e-300, equal_nan=True)))
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return bool(np.isclose(a, b, rtol=1e-10, atol=1e-300, equal_nan=True))
    return type(a) is type(b) and a == b


def main():
    modules = chapters()
    for m in modules:
        m._sanity()
    print("every _sanity() passed")
    C = {}
    for m in modules:
        C.update(m.CORRECT)
    probes, _ = _probes(C)
    assert set(probes) == set(C), set(C) ^ set(probes)
    for name, calls in probes.items():
        for args, kwargs in calls:
            result, changed, moved, warned = _run(C[name], args, kwargs)
            quiet = not changed and not moved and not warned
            raised = (
                isinstance(result, tuple) and isinstance(result[0], str) and result[0] == "raised"
            )
            ok = quiet and (name == "train_with_optimiser" or not raised)
            assert ok, (name, result, changed, moved, warned)
    print("every correct version is silent on every probe")
    total, same = 0, []
    per_chapter = {}
    for m in modules:
        for b in m.BUGS:
            total += 1
            per_chapter[m.__name__.rsplit(".", 1)[1]] = (
                per_chapter.get(m.__name__.rsplit(".", 1)[1], 0) + 1
            )
            differs = False
            for args, kwargs in probes[b.function]:
                if not _same(
                    _run(b.implementation, args, kwargs), _run(C[b.function], args, kwargs)
                ):
                    differs = True
                    break
            if not differs:
                same.append(f"{b.function}__{b.name}")
    print(f"{total} bugs: {per_chapter}")
    if same:
        print("NOT different on any probe:", same)
    else:
        print("every bug differs from its correct version on at least one probe")


if __name__ == "__main__":
    main()
