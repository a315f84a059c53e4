"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's ``_sanity()``: the correct versions against hand-computed values
   and central differences.
2. Confirms that every bug differs from the correct version on at least one probe call
   (another value, shape, type or dtype, an exception, a changed input or a
   RuntimeWarning):
   the probes of benchmarks/independent/selfcheck.py (imported as the fourth set does) and
   this set's own below: integer and 2-D inputs, non-square shapes, rows far apart, a 1-D
   softmax, exact ties at 0 and 0.5, several steps of optimiser state, and training runs of
   several epochs of several batches, one whose best epoch is the start and one, in a
   notebook-like namespace whose mse_loss is a constant, where every epoch ties.

Run from the repository root:  python -m benchmarks.fifth.selfcheck
"""

import numpy as np

from benchmarks.fifth import chapters
from benchmarks.independent.selfcheck import _call, _same, probes


def _own_probes():
    """Extra probe calls, function name -> list of argument tuples."""
    rng = np.random.default_rng(21)
    X = rng.normal(size=(10, 3))
    y = (rng.random(10) > 0.5).astype(float)
    Xv = rng.normal(size=(7, 3))
    yv = (rng.random(7) > 0.5).astype(float)
    g = rng.normal(size=(2, 3))
    zero_params = {
        "W1": np.zeros((3, 4)),
        "b1": np.zeros(4),
        "W2": np.zeros((4, 2)),
        "b2": np.zeros(2),
    }
    params = {
        "W1": rng.normal(size=(3, 4)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(4, 2)),
        "b2": rng.normal(size=2),
    }
    p = np.array([[0.2, 0.8, 0.0], [1.0, 0.0, 0.0], [0.3, 0.3, 0.4]])
    onehot = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])

    def cubes(w):
        return float(np.sum(w**3))

    def rude(w):  # changes the array it is given
        total = float(np.sum(w**2))
        w[...] = 0
        return total

    lin_cache = (X[:4], rng.normal(size=(3, 2)), rng.normal(size=2))
    return {
        "step": [(np.array([[3, -1], [0, 2]]),), (np.array([-0.5, 0.0, 0.5]),)],
        "perceptron_predict": [
            (np.array([[0.25, 0.5], [-1.0, 0.0], [1.0, 1.0]]), np.array([2.0, 1.0]), -1.0)
        ],
        "accuracy": [(np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([1.0, 0.0, 0.0, 1.0, 1.0]))],
        "xor_network": [(np.array([[0.2, 0.2], [0.0, 0.0], [1.0, 1.0], [0.9, 0.1]]),)],
        "mse_loss": [(rng.normal(size=(4, 3)), rng.normal(size=(4, 3)))],
        "mse_loss_grad": [(rng.normal(size=(4, 3)), rng.normal(size=(4, 3)))],
        "softmax": [
            (np.array([[1000.0, 1001.0, 999.0], [-5.0, 0.0, 5.0]]),),
            (np.array([0.5, -1.0, 2.0]),),
            (rng.normal(size=(3, 2)),),
        ],
        "cross_entropy_loss": [(p, onehot)],
        "softmax_cross_entropy_grad": [(rng.normal(size=(4, 3)), np.eye(3)[[0, 2, 1, 1]])],
        "numerical_gradient": [
            (cubes, np.array([[1, -2, 3], [0, 1, 2]]), 1e-3),
            (rude, np.array([1.0, -2.0]), 1e-4),
        ],
        "gradient_descent": [(lambda w: 2 * w, np.array([[1, -2], [3, 5]]), 0.1, 4)],
        "sigmoid": [(np.array([-800.0, -20.0, 0.0, 20.0, 800.0]),)],
        "sigmoid_forward": [(np.array([[-800.0, -2.0, 0.0], [0.5, 20.0, 800.0]]),)],
        "sigmoid_backward": [(g, 1 / (1 + np.exp(-g)))],
        "linear_forward": [(X[:4], rng.normal(size=(3, 2)), rng.normal(size=2))],
        "linear_backward": [(rng.normal(size=(4, 2)), lin_cache)],
        "two_layer_forward": [(X[:5], params)],
        "gradient_check": [
            (
                lambda w: float(np.sum(w**4)),
                np.array([1.0, -0.5, 2.0]),
                np.array([4.0, -0.4, 30.0]),
            ),
            (lambda w: 1.0, np.array([1.0, 2.0]), np.zeros(2)),
            (lambda w: float(np.sum(w**4)), np.array([1.0, -0.5]), np.array([4.0, -0.5]), 0.1),
        ],
        "tanh_forward": [(np.array([[-800.0, -2.0, 0.0], [0.5, 1.5, 800.0]]),)],
        "tanh_backward": [(g, np.tanh(0.5 * g))],
        "init_params": [(3, 4, 2, 1)],
        "train": [
            (X, y, 4, 2.0, 3, 2),
            (X, np.column_stack([y, 1 - y]), 3, 1.0, 3, 0, "ce"),
        ],
        "predict": [(X[:3], zero_params), (X[:3], params)],
        "relu_forward": [(np.array([[-2.0, 0.0, 3.0], [7.5, -0.5, 1.0]]),)],
        "relu_backward": [(g, np.array([[-2.0, 0.0, 3.0], [7.5, -0.5, 1.0]]))],
        "sgd_step": [(np.array([1.0, -2.0]), np.array([0.5, 0.5]), 0.1)],
        "minibatches": [(12, 4, 5), (10, 4, 0)],
        "momentum_step": [(g, 0.5 * g, -g, 0.1, 0.8)],
        "rmsprop_step": [(g, 0.5 * g, g**2, 0.1, 0.8), (g, -np.abs(g), np.zeros((2, 3)), 0.1)],
        "adam_step": [(g, 0.5 * g, 0.1 * g, 0.01 * g**2, 3, 0.1)],
        "train_with_optimiser": [
            (name, X, y, Xv, yv, lr, 3, 4, 4, 1)
            for name, lr in (("sgd", 2.0), ("momentum", 0.3), ("adam", 0.05))
        ]
        + [("sgd", X, y, X, 1 - y, 5.0, 3, 4, 4, 1)],  # validation gets worse: best is the start
    }


def _tie_probe(f):
    """train_with_optimiser run from a notebook-like namespace whose mse_loss is constant:
    every epoch ties, so the earliest (the start) is the best."""
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(8, 2)), (rng.random(8) > 0.5).astype(float)
    names = {"__name__": "__main__", "train_with_optimiser": f, "mse_loss": lambda a, b: 1.0}
    names["args"] = ("sgd", X, y, X, y, 1.0, 2, 4, 3, 0)
    exec("result = train_with_optimiser(*args)", names)
    return names["result"][0]


def _differs(ref, got):
    if ref[0][0] == "raised":  # an expected error (an unknown optimiser name)
        return got[0] != ref[0]
    if got[0][0] != "ok":
        return True
    a, b = ref[0][1], got[0][1]
    # a float32 or a numpy scalar where a float64 array or a Python float belongs
    return not _same(a, b) or (type(a), getattr(a, "dtype", None)) != (
        type(b),
        getattr(b, "dtype", None),
    )


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    P = probes(C)
    for name, calls in _own_probes().items():
        P[name] = list(P.get(name, [])) + calls
    tie_ref = _tie_probe(C["train_with_optimiser"])
    undetected, total = [], 0
    for m in mods:
        for bug in m.BUGS + m.EXTRA_BUGS:
            total += 1
            for args in P[bug.function]:
                ref, got = _call(C[bug.function], args), _call(bug.implementation, args)
                if ref[1] or ref[2]:
                    raise AssertionError(f"correct {bug.function} changed input / warned")
                if _differs(ref, got) or got[1] or got[2]:
                    break
            else:
                if bug.function == "train_with_optimiser":
                    best = _tie_probe(bug.implementation)
                    if any(not np.array_equal(best[k], tie_ref[k]) for k in tie_ref):
                        continue
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
