"""The public checks of chapter 4's activation layers, and their diagnoses.

* ``sigmoid_forward`` with a stand-in sigmoid that knows sigmoid(z) at four points worked out by
  hand: the (out, cache) pair and its order, out; then with the student's own sigmoid (a note);
  far from 0 with a stand-in that knows the answer (a layer that computes the sigmoid itself
  overflows at -1000);
* ``sigmoid_backward`` with the cache of the student's ``sigmoid_forward`` (blamed on it while
  that has not passed) and a stand-in sigmoid that also knows sigmoid(s): the derivative left
  out (*forgot-activation-derivative*), taken at z (*derivative-of-z*) or at sigmoid(s)
  (*derivative-of-sigmoid-of-s*), dout left out (*forgot-dout*);
* ``tanh_forward`` and ``tanh_backward`` at four points worked out by hand, and far from 0 (no
  nan, no overflow): the derivative left out (*tanh-forgot-derivative*), the sigmoid's
  (*tanh-sigmoid-derivative*), 1 - t (*tanh-derivative-linear*), dout left out
  (*tanh-forgot-dout*).
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import (
    check_array,
    check_order,
    check_tuple,
    earlier,
    note_own_parts,
    quietly,
    unchanged,
)
from nnlearn.standins import StandIn, substitute

__all__ = ["check_sigmoid_backward", "check_sigmoid_forward", "check_tanh"]


def check_sigmoid_forward(sigmoid_forward, namespace: dict) -> None:
    """Check the student's ``sigmoid_forward``. ``namespace``: the notebook's ``globals()``,
    where the student's ``sigmoid`` is (a stand-in replaces it there while the layer runs)."""
    z = np.array([[0.0, np.log(3.0)], [-np.log(3.0), 0.0]])
    s = np.array([[0.5, 0.75], [0.25, 0.5]])
    # A stand-in for sigmoid that knows sigmoid(z) checks sigmoid_forward alone.
    stand_in = StandIn("sigmoid", [((z,), s)])
    with substitute(namespace, sigmoid=stand_in), unchanged(z=z):
        result = sigmoid_forward(z)
    out, _cache = check_tuple("sigmoid_forward(z)", result, 2)
    # The cache s is out itself: s at position 1 may be the right cache beside a wrong out, no
    # evidence of a swap. A swap shows in layers whose cache is not their output (relu_forward,
    # momentum_step).
    check_order("sigmoid_forward(z)", result, {0: s, 1: s})
    check_array("out = sigmoid_forward(z)[0]", out, s)
    # The same with the student's own sigmoid (its own test says what is wrong with it).
    note_own_parts("sigmoid_forward", lambda: sigmoid_forward(z)[0], s, "sigmoid")
    # Far from 0, with a stand-in sigmoid that knows the answer: a layer that computes
    # 1 / (1 + np.exp(-z)) itself, not with the student's stable sigmoid, overflows at z = -1000.
    far = np.array([-1000.0, 1000.0])
    far_stand_in = StandIn("sigmoid", [((far,), np.array([0.0, 1.0]))])
    with substitute(namespace, sigmoid=far_stand_in):
        far_result = quietly("sigmoid_forward([-1000, 1000])", sigmoid_forward, far)
    far_out, _far_cache = check_tuple("sigmoid_forward([-1000, 1000])", far_result, 2)
    check_array("sigmoid_forward([-1000, 1000])[0]", far_out, [0.0, 1.0])


def check_sigmoid_backward(sigmoid_backward, sigmoid_forward, namespace: dict) -> None:
    """Check the student's ``sigmoid_backward``; ``sigmoid_forward`` is the notebook's (the
    student's), whose cache it is given. ``namespace``: the notebook's ``globals()``, where the
    student's ``sigmoid`` is (a stand-in replaces it there)."""
    z = np.array([[0.0, np.log(3.0)], [-np.log(3.0), 0.0]])
    s = np.array([[0.5, 0.75], [0.25, 0.5]])
    # A stand-in for sigmoid that knows sigmoid(z), and sigmoid(s) for s = 1/2, 3/4, 1/4, 1/2
    # (worked out apart: what applying the sigmoid a second time gives), checks
    # sigmoid_backward whatever the student's sigmoid does.
    twice = np.array(
        [
            [0.622459331201855, 0.679178699175393],
            [0.562176500885798, 0.622459331201855],
        ]
    )
    stand_in = StandIn("sigmoid", [((z,), s), ((s,), twice)])
    # dz = dout * s (1 - s); s (1 - s) is 1/4 where s = 1/2, and 3/16 where s = 3/4 or s = 1/4.
    dout = np.array([[1.0, 1.0], [2.0, -4.0]])
    # sigmoid_backward takes the cache of the student's sigmoid_forward: while that has not
    # passed its own checks, a failure here is blamed on it.
    with earlier("sigmoid_forward", "the exercise above", unless_passed=True):
        with substitute(namespace, sigmoid=stand_in):
            _out, cache = check_tuple("sigmoid_forward(z)", sigmoid_forward(z), 2)
            with unchanged(dout=dout, z=z):
                dz = sigmoid_backward(dout, cache)
        check_array(
            "sigmoid_backward(dout, cache)",
            dz,
            [[0.25, 0.1875], [0.375, -1.0]],
            mistakes={
                "forgot-activation-derivative": dout,
                "derivative-of-z": dout * z * (1 - z),
                "derivative-of-sigmoid-of-s": dout * twice * (1 - twice),
                "forgot-dout": s * (1 - s),
            },
        )


def check_tanh(tanh_forward, tanh_backward) -> None:
    """Check the student's ``tanh_forward`` and ``tanh_backward``."""
    # tanh(0) = 0; tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5;
    # tanh(-ln 3) = -(3 - 1/3) / (3 + 1/3) = -4/5, and tanh(ln 3) = 4/5.
    z = np.array([[0.0, np.log(2.0)], [-np.log(3.0), np.log(3.0)]])
    t = np.array([[0.0, 0.6], [-0.8, 0.8]])
    with unchanged(z=z):
        result = tanh_forward(z)
    out, cache = check_tuple("tanh_forward(z)", result, 2)
    check_array("out = tanh_forward(z)[0]", out, t)
    # Far from 0 tanh saturates at -1 and 1: no nan, and no overflow (numpy warns when np.exp
    # overflows; (e^z - e^-z) / (e^z + e^-z) does at 1000).
    far = quietly("tanh_forward([-1000, 1000])", tanh_forward, np.array([-1000.0, 1000.0]))
    far_out, _far_cache = check_tuple("tanh_forward([-1000, 1000])", far, 2)
    check_array("tanh_forward([-1000, 1000])[0]", far_out, [-1.0, 1.0])
    # dz worked out by hand from the derivative of tanh at these four points (the derivative
    # itself is not printed: deriving it is the exercise). At z = 0 the slope of tanh is 1, so
    # dz there is dout itself.
    dout = np.array([[1.0, -2.0], [3.0, 0.5]])
    expected = np.array([[1.0, -1.28], [1.08, 0.18]])
    with unchanged(dout=dout):
        dz = tanh_backward(dout, cache)
    check_array(
        "tanh_backward(dout, cache)",
        dz,
        expected,
        mistakes={
            "tanh-forgot-derivative": dout,
            "tanh-sigmoid-derivative": dout * t * (1 - t),
            "tanh-derivative-linear": dout * (1 - t),
            "tanh-forgot-dout": expected / dout,
        },
    )
