"""The public checks of chapter 6's optimiser steps, and their diagnoses.

Each runs the student's step a few times from worked-out numbers, its inputs left unchanged and
its values returned in order (*wrong-return-structure*), then once with the default
hyperparameters:

* ``momentum_step``, three steps with a gradient that changes (beta = 1/2, lr = 0.1): a
  velocity averaged (*momentum-averaged*) or not carried (*state-not-carried*), the old
  velocity used (*old-velocity*), a step uphill (*uphill*);
* ``rmsprop_step``, two steps with a constant gradient (rho = 3/4, lr = 0.1), the size of the
  first step whatever the gradient's: the root left out (*forgot-sqrt*), a step uphill, the old
  average used (*old-square-average*); then where eps goes (*eps-inside-sqrt*), on gradients
  small enough for it to matter;
* ``adam_step``, three steps with a constant gradient (the default betas), each 0.01 in the
  direction of g: no bias correction (*no-bias-correction*), t counted from 0
  (*t-off-by-one*), a step uphill, the root left out; two steps worked out by hand
  (beta1 = beta2 = 1/2, eps = 0); where eps goes.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_order, check_tuple, unchanged

__all__ = ["adam_once", "check_adam_step", "check_momentum_step", "check_rmsprop_step"]


def check_momentum_step(momentum_step) -> None:
    """Check the student's ``momentum_step``."""
    # A gradient that changes from step to step (a constant one makes the old velocity v1 = g1
    # the gradient g2 of step 2), beta = 1/2 and lr = 0.1, from rest at w = [1, 1]:
    #   g1 = [2, -4]: v1 = g1 = [2, -4],                         w1 = [0.8, 1.4];
    #   g2 = [0, 3]:  v2 = [1, -2] + [0, 3] = [1, 1],             w2 = [0.7, 1.3];
    #   g3 = [4, -2]: v3 = [0.5, 0.5] + [4, -2] = [4.5, -1.5],    w3 = [0.25, 1.45].
    w, v = np.array([1.0, 1.0]), np.zeros(2)
    steps = [
        ([2.0, -4.0], [2.0, -4.0], [0.8, 1.4]),
        ([0.0, 3.0], [1.0, 1.0], [0.7, 1.3]),
        ([4.0, -2.0], [4.5, -1.5], [0.25, 1.45]),
    ]
    name = "momentum_step(w, grad, v, lr, beta)"
    for t, (grad, v_t, w_t) in enumerate(steps, start=1):
        g = np.array(grad)
        w_old, v_old = w, v
        with unchanged(w=w, grad=g, v=v):
            result = momentum_step(w, g, v, 0.1, beta=0.5)
        w, v = check_tuple(name, result, 2)
        # The right w and v, returned as (v, w), show as such.
        check_order(name, result, {0: w_t, 1: v_t})
        # Averaging gives v/2 + g/2; a velocity not carried gives g (at step 1, from rest, that
        # is the right v1: no evidence there).
        check_array(
            f"v after step {t}",
            v,
            v_t,
            mistakes={"momentum-averaged": 0.5 * v_old + 0.5 * g, "state-not-carried": g},
        )
        check_array(
            f"w after step {t}",
            w,
            w_t,
            mistakes={
                "old-velocity": w_old - 0.1 * v_old,
                "uphill": w_old + 0.1 * np.array(v_t),
            },
        )
    # The default beta is 0.9: v' = 0.9 [1, 1] + [0, 1] = [0.9, 1.9].
    w, v = momentum_step(np.zeros(2), np.array([0.0, 1.0]), np.ones(2), 1.0)
    check_array("v with the default beta", v, [0.9, 1.9])
    check_array("w with the default beta", w, [-0.9, -1.9])


def check_rmsprop_step(rmsprop_step) -> None:
    """Check the student's ``rmsprop_step``."""
    # A constant gradient g with rho = 3/4, from s = 0, lr = 0.1: s1 = g^2 / 4, so
    # sqrt(s1) = |g| / 2 and the step is lr g / (|g| / 2) = 0.2 in the direction of g, whatever
    # the size of g. In general s_t = (1 - rho^t) g^2: s2 = (7/16) g^2 and the second step is
    # lr / sqrt(7/16) = 0.1512 in the direction of g. From w = [1, 1] (not 0, where stepping
    # uphill would look like a wrong sign): w1 = [1 - 0.2, 1 + 0.2].
    g = np.array([2.0, -3.0])
    w, s = np.ones(2), np.zeros(2)
    with unchanged(w=w, grad=g, s=s):
        result = rmsprop_step(w, g, s, 0.1, rho=0.75)
    w1, s1 = check_tuple("rmsprop_step(w, grad, s, lr, rho)", result, 2)
    # The right w and s, returned as (s, w), show as such.
    check_order("rmsprop_step(w, grad, s, lr, rho)", result, {0: [0.8, 1.2], 1: [1.0, 2.25]})
    check_array("s after step 1", s1, [1.0, 2.25])
    check_array(
        "w after step 1",
        w1,
        [0.8, 1.2],
        mistakes={
            "forgot-sqrt": 1.0 - 0.1 * g / (s1 + 1e-8),
            "uphill": [1.2, 0.8],
            "old-square-average": 1.0 - 0.1 * g / 1e-8,  # sqrt of the old s = 0
        },
    )
    w2, s2 = rmsprop_step(w1, g, s1, 0.1, rho=0.75)
    check_array("s after step 2", s2, 7 / 16 * g**2)
    step = 0.1 / np.sqrt(7 / 16)
    check_array("w after step 2", w2, [0.8 - step, 1.2 + step])
    # The default rho is 0.9: from s = 0 with g = 1, s = 0.1 and the step is lr / sqrt(0.1).
    w, s = rmsprop_step(np.zeros(1), np.ones(1), np.zeros(1), 0.01)
    check_array("s with the default rho", s, [0.1])
    check_array("w with the default rho", w, [-0.01 / np.sqrt(0.1)])
    # Where eps goes: from s = 0 (rho = 0.9) a gradient entry g gives sqrt(s_new) =
    # sqrt(0.1) |g|, about 3.2e-8 for g = 1e-7: comparable to eps = 1e-8, so eps outside or
    # inside the square root differ. A zero gradient must not move w.
    tiny = np.array([0.0, 1e-7, 1.0])
    w, _ = rmsprop_step(np.zeros(3), tiny, np.zeros(3), 0.01)
    check_array(
        "w after a step with the gradients [0, 1e-7, 1] from s = 0",
        w,
        -0.01 * tiny / (np.sqrt(0.1) * np.abs(tiny) + 1e-8),
        mistakes={"eps-inside-sqrt": -0.01 * tiny / np.sqrt(0.1 * tiny**2 + 1e-8)},
    )


def adam_once(name: str, adam_step, w, grad, m, v, t, lr, **hyper) -> tuple:
    """``adam_step(w, grad, m, v, t, lr, **hyper)``, its inputs left unchanged, its result a
    tuple of three (``name`` is the call as the messages show it); chapter 6's graded test of
    ``adam_step`` calls it too."""
    with unchanged(w=w, grad=grad, m=m, v=v):
        result = adam_step(w, grad, m, v, t, lr, **hyper)
    return check_tuple(name, result, 3)


def check_adam_step(adam_step) -> None:
    """Check the student's ``adam_step``."""
    # A constant gradient g with the default betas, from m = v = 0: the closed forms
    # m_t = (1 - 0.9^t) g and s_t = (1 - 0.999^t) g^2 give m_hat = g and s_hat = g^2 exactly, so
    # every step is lr g / (|g| + eps): 0.01 in the direction of g, whatever its size. From
    # w = [1, 1, 1] (not 0, where stepping uphill would look like a wrong sign).
    g = np.array([0.5, -2.0, 4.0])
    w, m, v = np.ones(3), np.zeros(3), np.zeros(3)
    # What common slips give at the first step (t = 1): no bias correction, m / sqrt(s) =
    # 0.1 g / (sqrt(0.001) |g|), about 3.16 sign(g); a correction as if t counted from 0, using
    # t + 1 = 2: m_hat = 0.1 g / 0.19 and s_hat = 0.001 g^2 / 0.001999; stepping uphill;
    # dividing by s_hat + eps, the square root left out: lr g / (g^2 + eps).
    first_step_mistakes = {
        "no-bias-correction": 1.0 - 0.01 * 0.1 * g / (np.sqrt(0.001) * np.abs(g) + 1e-8),
        "t-off-by-one": (
            1.0 - 0.01 * (0.1 / 0.19) * g / (np.sqrt(0.001 / 0.001999) * np.abs(g) + 1e-8)
        ),
        "uphill": 1.0 + 0.01 * g / (np.abs(g) + 1e-8),
        "forgot-sqrt": 1.0 - 0.01 * g / (g**2 + 1e-8),
    }
    for t in [1, 2, 3]:
        w, m, v = adam_once("adam_step(w, grad, m, s, t, lr)", adam_step, w, g, m, v, t, 0.01)
        check_array(f"m after step t={t}", m, (1 - 0.9**t) * g)
        check_array(f"s after step t={t}", v, (1 - 0.999**t) * g**2)
        check_array(
            f"w after step t={t}",
            w,
            1.0 - t * 0.01 * g / (np.abs(g) + 1e-8),
            mistakes=first_step_mistakes if t == 1 else None,
        )
    # Two steps by hand, beta1 = beta2 = 1/2, eps = 0, lr = 1, from w = 0:
    # t=1, g=2:  m = 1, s = 2; m_hat = 1/(1/2) = 2, s_hat = 2/(1/2) = 4; w = 0 - 2/sqrt(4) = -1.
    # t=2, g=-2: m = 1/2 - 1 = -1/2, s = 1 + 2 = 3; m_hat = (-1/2)/(3/4) = -2/3,
    #            s_hat = 3/(3/4) = 4; w = -1 - (-2/3)/2 = -2/3.
    hyper = {"beta1": 0.5, "beta2": 0.5, "eps": 0.0}
    w, m, v = adam_step(np.zeros(1), np.array([2.0]), np.zeros(1), np.zeros(1), 1, 1.0, **hyper)
    check_array("w after t=1 (beta1 = beta2 = 1/2)", w, [-1.0])
    w, m, v = adam_step(w, np.array([-2.0]), m, v, 2, 1.0, **hyper)
    check_array("m after t=2 (beta1 = beta2 = 1/2)", m, [-0.5])
    check_array("s after t=2 (beta1 = beta2 = 1/2)", v, [3.0])
    check_array("w after t=2 (beta1 = beta2 = 1/2)", w, [-2 / 3])
    # Where eps goes: at t = 1 from m = s = 0, m_hat = g and s_hat = g^2, so the step is
    # lr g / (|g| + eps); for g = 1e-9 eps outside or inside the square root differ. A zero
    # gradient must not move w.
    tiny = np.array([0.0, 1e-9, 1.0])
    w, _, _ = adam_step(np.zeros(3), tiny, np.zeros(3), np.zeros(3), 1, 0.01)
    check_array(
        "w after the first step with the gradients [0, 1e-9, 1]",
        w,
        -0.01 * tiny / (np.abs(tiny) + 1e-8),
        mistakes={"eps-inside-sqrt": -0.01 * tiny / np.sqrt(tiny**2 + 1e-8)},
    )
