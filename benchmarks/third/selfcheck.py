"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's ``_sanity()``: its CORRECT versions against hand-computed values,
   closed forms and central differences.
2. Runs every bug and the correct version of its function on this file's own probe calls
   (written for this set, blind to the other sets' probes) and confirms that every bug
   differs on at least one: another value, shape or dtype, an exception, a changed input,
   a warning, or a changed state of numpy's global generator. Forward and backward passes
   are probed as pairs (the forward pass, then the backward pass on its cache), with the
   bug's companion as its other half.

Run from the repository root:  python -m benchmarks.third.selfcheck
"""

import copy
import warnings

import numpy as np

from benchmarks.third import chapters

_PAIRS = {
    "sigmoid_forward": ("sigmoid_forward", "sigmoid_backward"),
    "sigmoid_backward": ("sigmoid_forward", "sigmoid_backward"),
    "linear_forward": ("linear_forward", "linear_backward"),
    "linear_backward": ("linear_forward", "linear_backward"),
    "two_layer_forward": ("two_layer_forward", "two_layer_backward"),
    "two_layer_backward": ("two_layer_forward", "two_layer_backward"),
    "tanh_forward": ("tanh_forward", "tanh_backward"),
    "tanh_backward": ("tanh_forward", "tanh_backward"),
    "relu_forward": ("relu_forward", "relu_backward"),
    "relu_backward": ("relu_forward", "relu_backward"),
}


def _same(a, b):
    if isinstance(a, dict) or isinstance(b, dict):
        return type(a) is type(b) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    if a is None or b is None:
        return a is b
    if callable(a) or callable(b):
        return a is b
    x, y = np.asarray(a), np.asarray(b)
    if x.dtype.kind != y.dtype.kind or x.shape != y.shape:
        return False
    if x.dtype.kind not in "fc":
        return bool(np.array_equal(x, y))
    return bool(np.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True))


def _observe(fn, args):
    """What a call shows: (outcome, inputs changed, warned, global generator moved)."""
    args = copy.deepcopy(args)
    pristine = copy.deepcopy(args)
    before = np.random.get_state()  # noqa: NPY002 - watching the legacy generator
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome = ("ok", fn(*args))
        except Exception as err:  # noqa: BLE001 - any error is an observable difference
            outcome = ("raised", type(err).__name__)
    after = np.random.get_state()  # noqa: NPY002
    moved = not (np.array_equal(before[1], after[1]) and before[2:] == after[2:])
    np.random.set_state(before)  # noqa: NPY002
    return outcome, not _same(pristine, args), bool(caught), moved


def _differs(ref, got):
    if ref[0][0] == "raised":
        return got[0] != ref[0]
    return got[0][0] != "ok" or not _same(ref[0][1], got[0][1]) or any(got[1:])


def _pair(fwd, bwd, n_inputs):
    """The forward pass on the first n_inputs arguments, the backward pass on the last."""

    def run(*args):
        out, cache = fwd(*args[:n_inputs])
        return out, bwd(args[n_inputs], cache)

    return run


def _runner(function, impl, C, companions):
    if function not in _PAIRS:
        return impl
    fwd_name, bwd_name = _PAIRS[function]
    halves = {fwd_name: C[fwd_name], bwd_name: C[bwd_name], **companions, function: impl}
    n_inputs = {"linear_forward": 3, "two_layer_forward": 2}.get(fwd_name, 1)
    return _pair(halves[fwd_name], halves[bwd_name], n_inputs)


def _params(rng, D, H, K):
    return {
        "W1": rng.normal(size=(D, H)),
        "b1": rng.normal(size=H),
        "W2": rng.normal(size=(H, K)),
        "b2": rng.normal(size=K),
    }


def _one_hot(labels, K):
    return np.eye(K)[labels]


def probes():
    """function name -> list of argument tuples (forward / backward pairs: the forward
    pass's arguments, then the backward pass's dout)."""
    rng = np.random.default_rng(2026)
    ln3 = np.log(3.0)
    X5 = np.array([[0.0, 0.0], [1.0, 0.0], [0.25, 0.5], [-1.0, 0.0], [-0.25, 0.0]])
    near = np.array(
        [[0.15, 0.9], [0.0, 0.9], [0.9, 0.1], [1.15, 1.1], [-0.2, 0.1], [0.1, 1.2], [1, 0]]
    )
    z43 = rng.normal(size=(4, 3))
    far = np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 999.0]])
    p43 = np.exp(z43) / np.exp(z43).sum(axis=1, keepdims=True)
    y43 = _one_hot([2, 0, 1, 1], 3)
    Xt = rng.uniform(-1, 1, size=(10, 2))
    yt = (Xt[:, 0] * Xt[:, 1] > 0).astype(float)
    Xv = rng.uniform(-1, 1, size=(6, 2))
    yv_flipped = 1.0 - (Xv[:, 0] * Xv[:, 1] > 0)  # learning the task makes these worse
    hand = {
        "W1": np.eye(2),
        "b1": np.zeros(2),
        "W2": np.array([[1.0, -1.0], [-1.0, 1.0]]),
        "b2": np.zeros(2),
    }

    def cube(v):
        return float(np.sum(np.asarray(v, dtype=float) ** 3))

    def mixed(v):
        v = np.asarray(v, dtype=float)
        return float(np.sum(v**2) + v.ravel()[0] * v.ravel()[-1])

    return {
        "step": [(np.array([-2.0, -0.5, 0.0, 0.5, 3.0]),), (np.array([[-1e-9, 0.0], [2, -3]]),)],
        "perceptron_predict": [(X5, np.array([2.0, 1.0]), -1.0), (X5[:3], np.ones(2), 0.5)],
        "accuracy": [
            (np.array([1.0, 0, 1, 1, 0, 1]), np.array([1.0, 0, 0, 1, 1, 1])),
            (np.array([1.0, 1, 0]), np.array([0.0, 1, 0])),
        ],
        "xor_network": [(np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]]),), (near,)],
        "mse_loss": [
            (np.array([[1.0, 0, 0], [0, 2, 0], [0, 0, 3], [1, 1, 1]]), np.zeros((4, 3))),
            (rng.normal(size=(5, 2)), rng.normal(size=(5, 2))),
        ],
        "mse_loss_grad": [
            (np.array([[1.0, 0, 0], [0, 2, 0], [0, 0, 3], [1, 1, 1]]), np.zeros((4, 3))),
            (rng.normal(size=(5, 2)), rng.normal(size=(5, 2))),
        ],
        "softmax": [
            (np.array([[0.0, np.log(3.0), np.log(4.0)], [2.0, 2.0, 2.0]]),),
            (far,),
            (np.array([0.0, ln3]),),
            (z43,),
        ],
        "cross_entropy_loss": [
            (np.array([[0.5, 0.5], [0.0, 1.0], [0.3, 0.7]]), _one_hot([0, 1, 0], 2)),
            (p43, y43),
        ],
        "softmax_cross_entropy_grad": [
            (z43, y43),
            (np.array([[1000.0, 0.0, 0.0], [0.0, ln3, 1.0]]), _one_hot([1, 2], 3)),
        ],
        "numerical_gradient": [
            (cube, np.array([[1.0, 2.0, -1.0], [0.5, -0.25, -3.0]]), 1e-3),
            (mixed, np.array([1, 2, 3])),
            (mixed, np.array(2.0)),
            (mixed, np.array([0.3, -1.7])),
        ],
        "gradient_descent": [
            (lambda w: 2 * (w - 3), np.array([11.0]), 0.25, 4),
            (lambda w: w - np.array([[1.0, 0.0], [0.0, -1.0]]), np.array([[1, 2], [3, 4]]), 0.5, 3),
            (lambda w: 2 * w, np.array([1.0, -2.0]), 0.1, 0),
        ],
        "sigmoid": [(np.array([[0.0, ln3, -ln3], [-1000.0, 1000.0, 2.0]]),)],
        "sigmoid_forward": [(np.array([[0.0, ln3], [-ln3, 5.0], [1.0, -2.0]]), z43[:3, :2])],
        "linear_forward": [
            (
                rng.normal(size=(3, 2)),
                rng.normal(size=(2, 4)),
                rng.normal(size=4),
                rng.normal(size=(3, 4)),
            ),
            (
                rng.normal(size=(5, 3)),
                rng.normal(size=(3, 3)),
                rng.normal(size=3),
                rng.normal(size=(5, 3)),
            ),
        ],
        "two_layer_forward": [
            (rng.normal(size=(5, 3)), _params(rng, 3, 4, 2), rng.normal(size=(5, 2))),
            (rng.normal(size=(3, 2)), _params(rng, 2, 2, 2), rng.normal(size=(3, 2))),
        ],
        "gradient_check": [
            (cube, np.array([1.0, 2.0]), np.array([3.0, 12.0]), 0.1),
            (cube, np.array([0.0, 1.0]), np.array([0.0, 3.0])),
            (mixed, np.array([[1e-3, 5.0], [0.5, -1.0]]), np.array([[-1.0, 10.0], [1.0, -2.0]])),
            (mixed, np.array([1e-3, 5.0]), np.array([5.002, 10.0]), 1e-4),
        ],
        "tanh_forward": [(np.array([[0.0, 1000.0, -1000.0], [np.log(2.0), -ln3, 1.0]]), far)],
        "init_params": [(2, 3, 1), (3, 4, 2, 5), (5, 5, 5, 1)],
        "train": [
            (Xt, yt, 3, 0.5, 3),
            (Xt, np.stack([yt, 1 - yt], axis=1), 2, 1.0, 2, 1, "ce"),
            (Xt, yt, 3, 0.5, 2, 0, "ce"),
        ],
        "predict": [
            (np.array([[2.0, 1.0], [1.0, 2.0], [3.0, 3.0], [-1.0, 0.0]]), hand),
            (rng.normal(size=(4, 3)), _params(rng, 3, 4, 2)),
        ],
        "relu_forward": [(np.array([[-2.0, 0.0, 3.0], [0.5, -0.1, 1.0]]), z43[:2])],
        "sgd_step": [(np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.25)],
        "minibatches": [(10, 4), (12, 4, 1), (7, 3, 2)],
        "momentum_step": [
            (np.ones(2), np.array([2.0, -4.0]), np.zeros(2), 0.1, 0.5),
            (np.ones((2, 3)), z43[:2], z43[2:], 0.1),
        ],
        "rmsprop_step": [
            (np.ones(2), np.array([2.0, -3.0]), np.zeros(2), 0.1, 0.75),
            (np.ones((2, 3)), z43[:2], z43[2:] ** 2, 0.1),
            (np.zeros(3), np.array([0.0, 1e-7, 1.0]), np.zeros(3), 0.01),
        ],
        "adam_step": [
            (np.ones(3), np.array([2.0, -3.0, 0.5]), np.zeros(3), np.zeros(3), 1, 0.01),
            (np.ones((2, 3)), z43[:2], z43[2:], z43[2:] ** 2, 3, 0.01),
        ],
        "train_with_optimiser": [
            ("sgd", Xt, yt, Xv, yv_flipped, 2.0, 3, 4, 3, 0),
            ("momentum", Xt, yt, Xv, yv_flipped, 0.5, 2, 4, 3, 1),
            ("adam", Xt, yt, Xt, yt, 0.05, 2, 3, 3, 0),
            (
                "sgd",
                Xt,
                np.stack([yt, 1 - yt], axis=1),
                Xt,
                np.stack([yt, 1 - yt], axis=1),
                1.0,
                2,
                4,
            ),
            ("rmsprop", Xt, yt, Xv, yv_flipped, 0.1, 1, 4),
        ],
    }


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    P = probes()
    missing = sorted(set(C) - {f for f in C if f in P or f in _PAIRS})
    assert not missing, f"functions without probes: {missing}"
    undetected = []
    per_function = {}
    for m in mods:
        for bug in m.BUGS + m.EXTRA_BUGS:
            per_function[bug.function] = per_function.get(bug.function, 0) + 1
            key = bug.function if bug.function in P else _PAIRS[bug.function][0]
            ref_run = _runner(bug.function, C[bug.function], C, {})
            bug_run = _runner(bug.function, bug.implementation, C, bug.companions)
            for args in P[key]:
                ref, got = _observe(ref_run, args), _observe(bug_run, args)
                expected_error = isinstance(args[0], str) and args[0] == "rmsprop"
                if any(ref[1:]) or (ref[0][0] == "raised") != expected_error:
                    raise AssertionError(f"correct {bug.function} raised, changed input or warned")
                if _differs(ref, got):
                    break
            else:
                undetected.append(f"{bug.function}.{bug.name}")
        print(
            f"{m.__name__.rsplit('.', 1)[1]}: {len(m.BUGS)} bugs (+{len(m.EXTRA_BUGS)} extra), "
            f"{len(m.CORRECT)} correct versions"
        )
    print("bugs per function:", ", ".join(f"{f} {n}" for f, n in per_function.items()))
    print(f"total: {sum(per_function.values())} bugs of {len(per_function)} functions")
    print("bugs not told apart from the correct version by these probes:", undetected or "none")
    if undetected:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
