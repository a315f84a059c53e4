"""Demo data of chapter 6, Making it work in practice.

* The optimiser race: the paths of gradient descent, momentum, Nesterov, RMSprop and Adam on
  the ravine of :mod:`nnlearn.demos.practice`, for every combination of the race's slider
  values (learning rate, momentum beta, decay rho).
* Mini-batch gradient descent fitting a straight line, for several batch sizes.

Both come from the instructor's solutions of the chapter (``sgd_step``, ``momentum_step``,
``rmsprop_step``, ``adam_step``, ``minibatches``), which the student package must not contain.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from autograder.hidden.reference import load_reference
from nnlearn.demos.practice import RAVINE_CURVATURES, RAVINE_START

CHAPTER = "06_making_it_work"

# The race's slider values. The learning rates span crawling (0.02) to diverging for plain
# gradient descent (above 2 / 2 = 1, the limit set by the steeper curvature).
RACE_LR = np.array([0.02, 0.05, 0.1, 0.2, 0.4, 0.7, 0.95, 1.05])
RACE_BETA = np.array([0.0, 0.5, 0.8, 0.9, 0.95])  # momentum, Nesterov, Adam's beta1
RACE_RHO = np.array([0.9, 0.99, 0.999])  # RMSprop's rho, Adam's beta2
RACE_STEPS = 80
ESCAPED = 1e3
"""A path is cut (NaN from then on) once a coordinate leaves [-1000, 1000]: it diverged."""

# Mini-batch runs: y = 1.5 x - 0.5 plus noise, fitted by a line with loss 1/2 mean squared error.
LINE_POINTS = 200
LINE_RATE = 0.05
LINE_EPOCHS = 20
LINE_BATCHES = np.array([1, 10, 50, 200])


def ravine_gradient(w: np.ndarray) -> np.ndarray:
    return np.asarray(RAVINE_CURVATURES) * w


def race_path(step, state_size: int) -> np.ndarray:
    """Run ``step(w, state, t) -> (w, *state)`` from the start; (RACE_STEPS + 1, 2) points."""
    w = np.array(RAVINE_START, dtype=np.float64)
    state = tuple(np.zeros(2) for _ in range(state_size))
    path = np.full((RACE_STEPS + 1, 2), np.nan)
    path[0] = w
    for t in range(1, RACE_STEPS + 1):
        w, *state = step(w, state, t)
        if not np.all(np.abs(w) <= ESCAPED):
            break
        path[t] = w
    return path


# One step of each racer on the ravine, from the reference solutions: (w, state, t) -> (w, *state).


def sgd(ref, w, state, t, lr):
    return (ref["sgd_step"](w, ravine_gradient(w), lr),)


def momentum(ref, w, state, t, lr, beta):
    return ref["momentum_step"](w, ravine_gradient(w), state[0], lr, beta)


def nesterov(ref, w, state, t, lr, beta):
    """Momentum with the gradient taken at the look-ahead point w - lr beta v."""
    ahead = w - lr * beta * state[0]
    return ref["momentum_step"](w, ravine_gradient(ahead), state[0], lr, beta)


def rmsprop(ref, w, state, t, lr, rho):
    return ref["rmsprop_step"](w, ravine_gradient(w), state[0], lr, rho)


def adam(ref, w, state, t, lr, beta, rho):
    return ref["adam_step"](w, ravine_gradient(w), state[0], state[1], t, lr, beta, rho)


def race(ref: dict) -> dict[str, np.ndarray]:
    shapes = {
        "sgd": (len(RACE_LR),),
        "momentum": (len(RACE_LR), len(RACE_BETA)),
        "nesterov": (len(RACE_LR), len(RACE_BETA)),
        "rmsprop": (len(RACE_LR), len(RACE_RHO)),
        "adam": (len(RACE_LR), len(RACE_BETA), len(RACE_RHO)),
    }
    paths = {name: np.empty((*shape, RACE_STEPS + 1, 2)) for name, shape in shapes.items()}
    for i, lr in enumerate(RACE_LR):
        paths["sgd"][i] = race_path(partial(sgd, ref, lr=lr), 0)
        for j, beta in enumerate(RACE_BETA):
            paths["momentum"][i, j] = race_path(partial(momentum, ref, lr=lr, beta=beta), 1)
            paths["nesterov"][i, j] = race_path(partial(nesterov, ref, lr=lr, beta=beta), 1)
            for k, rho in enumerate(RACE_RHO):
                paths["adam"][i, j, k] = race_path(partial(adam, ref, lr=lr, beta=beta, rho=rho), 2)
        for k, rho in enumerate(RACE_RHO):
            paths["rmsprop"][i, k] = race_path(partial(rmsprop, ref, lr=lr, rho=rho), 1)
    # float32 is plenty for drawing, and halves the file.
    out = {f"race_{name}": value.astype(np.float32) for name, value in paths.items()}
    return {"race_lr": RACE_LR, "race_beta": RACE_BETA, "race_rho": RACE_RHO, **out}


def line_data() -> tuple[np.ndarray, np.ndarray]:
    """Design matrix [x, 1] (N, 2) and targets (N,) of the straight-line fit."""
    rng = np.random.default_rng(6)
    x = rng.uniform(-2.0, 2.0, LINE_POINTS)
    y = 1.5 * x - 0.5 + 0.5 * rng.standard_normal(LINE_POINTS)
    return np.column_stack([x, np.ones(LINE_POINTS)]), y


def line_run(ref: dict, batch_size: int, decay: bool = False) -> np.ndarray:
    """Loss minus the least-squares minimum after every update, start included."""
    A, y = line_data()
    best = np.linalg.lstsq(A, y, rcond=None)[0]

    def loss(w):
        return 0.5 * np.mean((A @ w - y) ** 2)

    floor = loss(best)
    w = np.array([-1.0, 2.0])
    excess = [loss(w) - floor]
    for epoch in range(LINE_EPOCHS):
        lr = LINE_RATE / (1 + epoch) if decay else LINE_RATE
        for batch in ref["minibatches"](LINE_POINTS, batch_size, seed=epoch):
            a, target = A[batch], y[batch]
            w = ref["sgd_step"](w, a.T @ (a @ w - target) / len(batch), lr)
            excess.append(loss(w) - floor)
    return np.array(excess)


def minibatch_runs(ref: dict) -> dict[str, np.ndarray]:
    runs = {f"line_excess_b{b}": line_run(ref, int(b)) for b in LINE_BATCHES}
    runs["line_excess_b1_decay"] = line_run(ref, 1, decay=True)
    return {"line_batches": LINE_BATCHES, "line_points": np.array(LINE_POINTS), **runs}


def generate() -> dict[str, np.ndarray]:
    ref = load_reference(CHAPTER)
    return {**race(ref), **minibatch_runs(ref)}
