"""The public checks of chapter 6's optimiser steps, and their diagnoses.

Each runs the student's step a few times from worked-out numbers, its inputs left unchanged and
its values returned in order (*wrong-return-structure*), then once with the default
hyperparameters:

* ``momentum_step``, three steps with a gradient that changes (beta = 1/2, lr = 0.1): a
  velocity averaged (*momentum-averaged*) or not carried (*state-not-carried*), the old
  velocity used (*old-velocity*), a step uphill (*uphill*).
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import check_array, check_order, check_tuple, unchanged

__all__ = ["check_momentum_step"]


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
