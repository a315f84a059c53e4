"""The public checks of chapter 4's two-layer network, and their diagnoses.

Both run on Mazur's network of section 3 in matrix form (one example, a row; W[i, j] the weight
from neuron i of a layer to neuron j of the next), every value read off the scalar graph
(:func:`nnlearn.standins.mazur_stages`), not computed with the exercises' formulas. Stand-in
layers that know only the right answers (:func:`nnlearn.standins.mazur_layers`) check how the
student's function connects the layers, whatever the student's layers do; then the same with
the student's own layers, a note and not a failure (:func:`nnlearn.checks.note_own_parts`).

* ``linear_backward`` (before the network), on N = 3 examples, with the cache of the student's
  ``linear_forward`` (blamed on it while that has not passed): dX, dW and db worked out by
  hand; a product numpy refuses is named *missing-transpose* where exactly one missing .T is
  refused alike;
* ``two_layer_forward``: the wiring, a bias left out of a layer's input (*forgot-bias*); the
  output against layers connected the wrong way (*layers-miswired*), a bias left out, a weight
  matrix used transposed (*weights-transposed*: Mazur's are square and not symmetric);
* ``two_layer_backward``, with the cache of the student's ``two_layer_forward`` (blamed on it
  while that has not passed): a gradient passed straight into ``linear_backward``
  (*missing-activation-derivative*), the wiring of the layers, the four gradients against
  slips that do not call the layers (the derivative taken at z, *derivative-of-z*; left out;
  the sigmoid applied again, *derivative-of-sigmoid-of-s*; W2 not transposed,
  *weights-transposed*; W1.T on the way back, *layers-miswired*), then 100 dout (a backward
  pass is linear in dout); with the student's layers, Mazur's published weights after one step.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import (
    check_array,
    check_keys,
    check_order,
    check_tuple,
    diagnosis_lines,
    earlier,
    fail,
    note_own_parts,
    unchanged,
)
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import sentence
from nnlearn.standins import (
    HIDDEN_LINEAR,
    OUTPUT_LINEAR,
    check_wiring,
    first_wrong_part,
    mazur_layers,
    mazur_parts,
    mazur_stages,
    substitute,
)

__all__ = ["check_linear_backward", "check_two_layer_backward", "check_two_layer_forward"]

KEYS = ["W1", "b1", "W2", "b2"]


def check_linear_backward(linear_backward, linear_forward) -> None:
    """Check the student's ``linear_backward``; ``linear_forward`` is the notebook's (the
    student's), whose cache it is given."""
    X = np.array([[1.0, 2.0], [0.0, 1.0], [-1.0, 3.0]])
    W = np.array([[1.0, 0.0, -1.0, 2.0], [2.0, 1.0, 0.0, -1.0]])
    b = np.array([0.0, 1.0, 2.0, -1.0])
    # linear_backward runs the student's linear_forward for its cache: while that has not
    # passed its own checks, a failure here is blamed on it.
    with earlier("linear_forward", "the exercise above", unless_passed=True):
        _out, cache = check_tuple("linear_forward(X, W, b)", linear_forward(X, W, b), 2)
        dout = np.array([[1.0, 0.0, 2.0, 0.0], [1.0, 1.0, 0.0, -1.0], [0.0, 2.0, 1.0, 1.0]])
        # A product that numpy refuses is named when exactly one of these mistakes is refused
        # alike: dout @ W (3 x 4 by 2 x 4) and X @ dout (3 x 2 by 3 x 4) are refused with other
        # sizes.
        refusals = [
            ("missing-transpose", lambda dot: dot(dout, W), {"operand": "W", "shape": (4, 2)}),
            ("missing-transpose", lambda dot: dot(X, dout), {"operand": "X", "shape": (2, 3)}),
        ]
        with unchanged(dout=dout, X=X, W=W, refusals=refusals):
            result = linear_backward(dout, cache)
        dX, dW, db = check_tuple("linear_backward(dout, cache)", result, 3)
        # dX = dout W^T: row 1 [1 - 2, 2] = [-1, 2]; row 2 [1 + 0 - 2, 2 + 1 + 1];
        # row 3 [0 - 1 + 2, 2 + 0 - 1] = [1, 1].
        right_dX = [[-1.0, 2.0], [-1.0, 4.0], [1.0, 1.0]]
        # dW = X^T dout: row 1 = 1 [1 0 2 0] - 1 [0 2 1 1] = [1, -2, 1, -1];
        # row 2 = 2 [1 0 2 0] + 1 [1 1 0 -1] + 3 [0 2 1 1] = [3, 7, 7, 2].
        right_dW = [[1.0, -2.0, 1.0, -1.0], [3.0, 7.0, 7.0, 2.0]]
        # db = dout summed over the N = 3 examples: [1 + 1 + 0, 0 + 1 + 2, 3, 0].
        right_db = [2.0, 3.0, 3.0, 0.0]
        # Three shapes, (3, 2), (2, 4) and (4,): right values in other places are a swap.
        check_order("linear_backward(dout, cache)", result, {0: right_dX, 1: right_dW, 2: right_db})
        check_array("dX", dX, right_dX, batch_size=3)
        check_array("dW", dW, right_dW, batch_size=3)
        check_array("db", db, right_db, batch_size=3)


def check_two_layer_forward(two_layer_forward, namespace: dict) -> None:
    """Check the student's ``two_layer_forward``. ``namespace``: the notebook's ``globals()``,
    where the student's layers are (stand-ins replace them there while the network runs)."""
    stages = mazur_stages()
    X = stages["X"]
    params = {key: stages[key] for key in KEYS}
    # Stand-in layers that know only the right answers check how two_layer_forward connects
    # the layers, whatever the student's layers do.
    layers = mazur_layers()
    with substitute(namespace, **layers), unchanged(X=X, params=params):
        result = two_layer_forward(X, params)
    # A bias left out gives a layer the input it has without that bias.
    W1, b1, W2, b2 = (params[key] for key in KEYS)
    no_bias_inputs = [
        ("sigmoid_forward", (X @ W1,)),
        ("sigmoid_forward", (stages["h"] @ W2,)),
        ("linear_forward", (X, W1, 0.0)),
        ("linear_forward", (X, W1, np.zeros_like(b1))),
        ("linear_forward", (stages["h"], W2, 0.0)),
        ("linear_forward", (stages["h"], W2, np.zeros_like(b2))),
    ]
    check_wiring(
        "two_layer_forward",
        layers.values(),
        mistakes=[("forgot-bias", layer, args) for layer, args in no_bias_inputs],
    )
    out, _cache = check_tuple("two_layer_forward(X, params)", result, 2)

    def squash(v):  # the sigmoid, written apart from the exercise
        return 0.5 * (1.0 + np.tanh(0.5 * v))

    # Layers connected the wrong way, computed without the student's layers: each gives its own
    # numbers here (b1 and b2 differ, W1 and W2 too).
    miswired = [
        stages["z2"],  # the last sigmoid left out
        squash(stages["z1"] @ W2 + b2),  # the hidden sigmoid left out
        squash((squash(X @ W1) + b1) @ W2) + b2,  # biases after the sigmoids
        squash(stages["h"] @ W2 + b1),  # the output layer given b1
        squash(squash(X @ W2 + b1) @ W1 + b2),  # W1 and W2 swapped
    ]
    no_bias = [
        squash(squash(X @ W1) @ W2 + b2),  # b1 left out
        squash(stages["h"] @ W2),  # b2 left out
    ]
    # A weight matrix used transposed (PyTorch's layout): Mazur's are square, so it runs, and
    # neither W1 nor W2 is symmetric.
    transposed = [
        squash(squash(X @ W1.T + b1) @ W2 + b2),  # W1.T
        squash(stages["h"] @ W2.T + b2),  # W2.T
        squash(squash(X @ W1.T + b1) @ W2.T + b2),  # both
    ]
    check_array(
        "out, Mazur's outputs (0.75136507, 0.772928465), with stand-in layers",
        out,
        stages["out"],
        mistakes=[("layers-miswired", wrong) for wrong in miswired]
        + [("forgot-bias", wrong) for wrong in no_bias]
        + [("weights-transposed", wrong) for wrong in transposed],
    )
    # The same with the student's own layers (their own tests say what is wrong).
    own_layers = ["linear_forward", "sigmoid_forward"]
    note_own_parts(
        "two_layer_forward",
        lambda: two_layer_forward(X, params)[0],
        stages["out"],
        first_wrong_part(mazur_parts(namespace, own_layers)) or own_layers,
    )


def check_two_layer_backward(two_layer_backward, namespace: dict) -> None:
    """Check the student's ``two_layer_backward``. ``namespace``: the notebook's ``globals()``,
    where the student's ``two_layer_forward`` and layers are (stand-ins replace the layers there
    while the network runs)."""
    stages = mazur_stages()
    X, dout = stages["X"], stages["dout"]  # dout = dE/dout = out - target
    params = {key: stages[key] for key in KEYS}
    layers = mazur_layers()
    # two_layer_backward needs the cache of the student's two_layer_forward: while that has not
    # passed its own checks, a failure here is blamed on it.
    with earlier("two_layer_forward", "the exercise above", unless_passed=True):
        two_layer_forward = namespace["two_layer_forward"]
        with substitute(namespace, **layers):
            _out, cache = check_tuple(
                "two_layer_forward(X, params)", two_layer_forward(X, params), 2
            )
        # The stand-in layers check how two_layer_backward connects them.
        with substitute(namespace, **layers), unchanged(dout=dout, params=params):
            result = two_layer_backward(dout, cache)
        linear_back = layers["linear_backward"]
        if linear_back.called_with(dout, OUTPUT_LINEAR) or linear_back.called_with(
            stages["dh"], HIDDEN_LINEAR
        ):
            fail(
                _(
                    "two_layer_backward passed a gradient straight into linear_backward, "
                    "skipping the sigmoid behind it."
                )
                + diagnosis_lines(
                    [("missing-activation-derivative", sentence("missing-activation-derivative"))]
                ),
                "missing-activation-derivative",
            )
        check_wiring("two_layer_backward", layers.values())
        grads = check_keys("two_layer_backward(dout, cache)", result, KEYS)
        slips = _slips(stages, X, dout, params)
        for key in ["W2", "b2", "W1", "b1"]:
            check_array(
                f'grads["{key}"], with stand-in layers',
                grads[key],
                stages["d" + key],
                mistakes=slips[key],
            )
        # A backward pass is linear in dout: 100 dout gives 100 times every gradient (no
        # clipping, no rounding), larger than 1 here.
        layers = mazur_layers(scale=100.0)
        with substitute(namespace, **layers):
            _out, cache = two_layer_forward(X, params)
            grads = two_layer_backward(100 * dout, cache)
        check_wiring("two_layer_backward", layers.values())
        for key in ["W2", "b2", "W1", "b1"]:
            check_array(
                f'grads["{key}"] for 100 dout, with stand-in layers',
                grads[key],
                100 * stages["d" + key],
            )
    # The same with the student's own layers: Mazur's weights after one step with learning
    # rate 0.5 give the gradients (before - after) / 0.5.
    W2_after = np.array([[0.35891648, 0.511301270], [0.408666186, 0.561370121]])
    W1_after = np.array([[0.149780716, 0.24975114], [0.19956143, 0.29950229]])
    published = (
        np.concatenate([np.ravel(params["W2"] - W2_after), np.ravel(params["W1"] - W1_after)]) / 0.5
    )

    def own_gradients():
        own = two_layer_backward(dout, two_layer_forward(X, params)[1])
        return np.concatenate([np.ravel(own["W2"]), np.ravel(own["W1"])])

    # Each of the student's layers on its step of Mazur's network: the first wrong one is named
    # (a layer whose own checks have not passed is not run at all).
    own_layers = ["linear_forward", "sigmoid_forward", "sigmoid_backward", "linear_backward"]
    # Mazur's weights are rounded to 8 or 9 decimals, so each published gradient
    # (before - after) / 0.5 is good to half a unit of the 8th decimal over 0.5, 1e-8: closer
    # than that, the student's network agrees with his.
    note_own_parts(
        "two_layer_backward",
        own_gradients,
        published,
        first_wrong_part(mazur_parts(namespace, own_layers)) or own_layers,
        rtol=0.0,
        atol=0.5e-8 / 0.5,
    )


def _slips(stages: dict, X, dout, params: dict) -> dict[str, list]:
    """The gradients of backward passes that do not call the layers, by parameter: the local
    derivative z (1 - z) of the pre-activations, or the output's derivative left out; the
    sigmoid applied again to its output; the hidden layer's derivative alone taken at z1; W2
    used as it is, not W2.T (W2 is not symmetric here), or the other layer's W1.T (W1 and W2
    differ), on the way back to the hidden layer."""
    z1, z2, h = stages["z1"], stages["z2"], stages["h"]
    dz2_of_z = dout * z2 * (1 - z2)
    dz1_of_z = dz2_of_z @ params["W2"].T * z1 * (1 - z1)
    derivative_missing = dout @ params["W2"].T * h * (1 - h)
    # t (1 - t), t = sigmoid(s): the sigmoid applied again to its output s.
    t2, t1 = (0.5 * (1.0 + np.tanh(0.5 * s)) for s in (stages["out"], h))
    dz2_twice = dout * t2 * (1 - t2)
    dz1_twice = stages["dh"] * t1 * (1 - t1)
    dz1_hidden_z = stages["dh"] * z1 * (1 - z1)
    dz1_w2 = stages["dz2"] @ params["W2"] * h * (1 - h)
    dz1_w1 = stages["dz2"] @ params["W1"].T * h * (1 - h)
    return {
        "W2": [
            ("derivative-of-z", h.T @ dz2_of_z),
            ("missing-activation-derivative", h.T @ dout),
            ("derivative-of-sigmoid-of-s", h.T @ dz2_twice),
        ],
        "b2": [
            ("derivative-of-z", dz2_of_z[0]),
            ("missing-activation-derivative", dout[0]),
            ("derivative-of-sigmoid-of-s", dz2_twice[0]),
        ],
        "W1": [
            ("derivative-of-z", X.T @ dz1_of_z),
            ("missing-activation-derivative", X.T @ derivative_missing),
            ("derivative-of-sigmoid-of-s", X.T @ dz1_twice),
            ("derivative-of-z", X.T @ dz1_hidden_z),
            ("weights-transposed", X.T @ dz1_w2),
            ("layers-miswired", X.T @ dz1_w1),
        ],
        "b1": [
            ("derivative-of-z", dz1_of_z[0]),
            ("missing-activation-derivative", derivative_missing[0]),
            ("derivative-of-sigmoid-of-s", dz1_twice[0]),
            ("derivative-of-z", dz1_hidden_z[0]),
            ("weights-transposed", dz1_w2[0]),
            ("layers-miswired", dz1_w1[0]),
        ],
    }
