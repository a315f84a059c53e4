"""Self-check of this benchmark (not a test of the course's checker).

1. Runs each chapter's ``_sanity()``: the correct versions against hand-computed values
   and central differences.
2. Confirms that every bug differs from the correct version on at least one probe call
   (another value, shape or dtype, an exception, a changed input or a RuntimeWarning):
   the probes of benchmarks/independent/selfcheck.py (the file format's companion, as the
   held-out set uses them) and this set's own below, which add several steps of state
   (optimisers, training loops), values at 0, integer inputs, non-square shapes and
   rows far apart.

Run from the repository root:  python -m benchmarks.sixth.selfcheck
"""

import numpy as np

from benchmarks.independent.selfcheck import _call, _same, probes
from benchmarks.sixth import chapters

CORRECT_OF = {}


def _own_probes():
    """Extra probe calls, function name -> list of argument tuples."""
    rng = np.random.default_rng(16)
    X = rng.normal(size=(10, 3))
    y = (rng.random(10) > 0.5).astype(float)
    Xv = rng.normal(size=(7, 3))
    yv = (rng.random(7) > 0.5).astype(float)
    g = rng.normal(size=(2, 3))
    zeros = {"W1": np.zeros((3, 4)), "b1": np.zeros(4), "W2": np.zeros((4, 2)), "b2": np.zeros(2)}
    params = {k: rng.normal(size=v.shape) for k, v in zeros.items()}
    Xs = rng.normal(size=(5, 3))
    out, cache = CORRECT_OF["two_layer_forward"](Xs, params)
    return {
        "step": [(np.array([-1.5, 0.0, 2.0]),), (np.array([[3, -1], [0, 2]]),)],
        "perceptron_predict": [
            (np.array([[0.25, 0.5], [-1.0, 3.0], [-0.25, 0.0]]), np.array([2.0, 1.0]), -1.0)
        ],
        "accuracy": [(np.array([1.0, 0.0, 1.0]), np.array([1.0, 1.0, 0.0]))],
        "xor_network": [(np.array([[0.8, 0.0], [0.2, 0.8], [0.8, 0.8], [1.0, 0.2]]),)],
        "mse_loss": [(g, np.zeros((2, 3)))],
        "mse_loss_grad": [(g, np.zeros((2, 3)))],
        "softmax": [(np.log([[1.0, 3.0, 4.0], [4.0, 3.0, 1.0]]) + [[1000.0], [0.0]],)],
        "cross_entropy_loss": [
            (np.array([[1.0, 0.0, 0.0], [0.25, 0.5, 0.25]]), np.array([[1.0, 0, 0], [0, 0, 1]]))
        ],
        "softmax_cross_entropy_grad": [(g, np.array([[1.0, 0, 0], [0, 0, 1]]))],
        "numerical_gradient": [
            (lambda w: float(np.sum(w**3)), np.array([1, -2, 3]), 0.5),
            (lambda w: float(np.sum(w[0] * w[1])), np.array([[1.0, 2.0], [3.0, 4.0]]), 1e-2),
        ],
        "gradient_descent": [(lambda w: 2 * w, np.array([[1, -2], [0, 3]]), 0.1, 3)],
        "sigmoid": [(np.array([-1000.0, 0.5, 1000.0]),)],
        "sigmoid_forward": [(np.array([[-1000.0, 0.5, 1000.0]]),)],
        "sigmoid_backward": [(g, 1 / (1 + np.exp(-g)))],
        "linear_forward": [(Xs, params["W1"], params["b1"])],
        "linear_backward": [(rng.normal(size=(5, 4)), (Xs, params["W1"], params["b1"]))],
        "two_layer_forward": [(Xs, params)],
        "two_layer_backward": [(50 * rng.normal(size=out.shape), cache)],
        "gradient_check": [
            (lambda w: float(np.sum(w**2)), np.array([1.0, 0.0]), np.array([2.0, 1e-6]), 1e-3),
            (lambda w: float(np.sum(w**4)), np.array([1.0, -0.5]), np.array([4.0, -0.5]), 0.3),
        ],
        "tanh_forward": [(np.array([[-800.0, 0.5, 800.0]]),)],
        "tanh_backward": [(g, np.tanh(g))],
        "init_params": [(3, 5, 2, 4)],
        "train": [
            (X, y, 4, 2.0, 3, 2),
            (X, np.column_stack([y, 1 - y]), 3, 1.0, 3, 0, "ce"),
            (X, y, 3, 1.0, 3, 1, "ce"),
        ],
        "predict": [(np.array([[0.0, 0.0, 0.0]]), zeros), (Xs, params)],
        "relu_forward": [(np.array([[-1.0, 0.0, 2.0]]),)],
        "relu_backward": [(g, np.array([[-1.0, 0.0, 2.0], [0.5, -0.5, 0.0]]))],
        "sgd_step": [(g, 5 * g, 0.1)],
        "minibatches": [(12, 4, 5), (10, 4, 0), (3, 5, 1)],
        "momentum_step": [(g, 0.5 * g, -g, 0.1), (g, 0.5 * g, -g, 0.1, 0.8)],
        "rmsprop_step": [
            (g, 0.5 * g, g**2, 0.1),
            (np.zeros(3), np.array([0.0, 1e-7, 1.0]), np.zeros(3), 0.01),
        ],
        "adam_step": [(g, 0.5 * g, 0.1 * g, 0.01 * g**2, 3, 0.1)],
        "train_with_optimiser": [
            (name, X, y, Xv, yv, lr, 3, 4, 4, 1)
            for name, lr in (("sgd", 2.0), ("momentum", 0.3), ("adam", 0.05))
        ]
        + [("sgd", X, y, Xv, yv, 20.0, 4, 3, 4, 0), ("rmsprop", X, y, Xv, yv, 0.1, 1, 4)],
    }


def _differs(ref, got):
    if ref[0][0] == "raised":  # an expected error (an unknown optimiser name)
        return got[0] != ref[0]
    return got[0][0] != "ok" or not _same(ref[0][1], got[0][1])


def main():
    mods = chapters()
    for m in mods:
        m._sanity()
    C = {}
    for m in mods:
        C.update(m.CORRECT)
    CORRECT_OF.update(C)
    P = probes(C)
    for name, calls in _own_probes().items():
        P[name] = list(P.get(name, [])) + calls
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
