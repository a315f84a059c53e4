"""The public check of chapter 1's ``xor_network``, and its two diagnoses.

The network is right when it gives XOR at the four corners and at twelve points near them (the
corners of the dotted squares nearest the centre (0.5, 0.5), four points just inside the
squares, and the squares' outer corners beside (0, 1) and (1, 0), where a line that leaves those
squares too little room shows; each has the label of its corner). Two causes are named, each
only where the evidence singles it out:

* *weights-transposed*: a hidden layer written one unit per row. A spy around the student's
  ``step`` reads the hidden z = X @ W_hidden + b_hidden at the corners (so W_hidden and
  b_hidden), then runs the student's own network with X @ W_hidden.T + b_hidden in its place:
  named when that network is right at all 16 points, W_hidden is not symmetric, and the answer
  at the corners is not one that another cause gives (right at the corners and wrong near them
  included: x1 + 2 x2 for both units is right at the corners alone).
* *xor-line-in-square*: right at the corners, wrong near them (a hidden line through a corner,
  such as x1 + x2 = 1 through (0, 1) and (1, 0)).
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import CheckFailure, check_array, fail, unchanged
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import sentence
from nnlearn.standins import substitute

__all__ = ["check_xor_corners", "check_xor_network", "fail_if_transposed"]

CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR = [0.0, 1.0, 1.0, 0.0]
NEAR = np.array(
    [[0.8, 0.8], [0.2, 0.8], [0.2, 0.2], [0.8, 0.2]]
    + [[0.1, 0.1], [0.85, 0.1], [0.1, 0.85], [0.9, 0.9]]
    + [[-0.2, 0.8], [0.8, -0.2], [1.2, 0.2], [0.2, 1.2]]
)
XOR_NEAR = [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0]
# The answers at the corners that another cause gives (or the right one).
OTHERS = (XOR, [0, 1, 1, 1], [0, 0, 0, 1], [1, 0, 0, 1])


def _with_hidden(xor_network, namespace: dict, points, hidden=None):
    """xor_network(points) and the z of its step calls; the first z replaced by
    hidden(points) when given."""
    own_step, seen = namespace["step"], []

    def spy(z):
        if hidden is not None and not seen:
            z = hidden(points)
        seen.append(np.array(z, dtype=np.float64))
        return own_step(z)

    with substitute(namespace, step=spy):
        return xor_network(points.copy()), seen


def _transposing_fixes(xor_network, namespace: dict) -> bool:
    """Whether the network, with its hidden W_hidden read at the corners and used transposed,
    is right at all 16 points."""
    seen = _with_hidden(xor_network, namespace, CORNERS)[1]
    z = seen[0] if seen else np.zeros(0)
    if z.shape != (4, 2):
        return False
    b_hidden, W_hidden = z[0], np.array([z[2] - z[0], z[1] - z[0]])
    linear = np.allclose(z[3], W_hidden.sum(axis=0) + b_hidden)
    if not linear or np.allclose(W_hidden, W_hidden.T):
        return False
    return all(
        np.array_equal(
            _with_hidden(xor_network, namespace, p, lambda q: q @ W_hidden.T + b_hidden)[0], t
        )
        for p, t in [(CORNERS, XOR), (NEAR, XOR_NEAR)]
    )


def fail_if_transposed(xor_network, namespace: dict, lead: str) -> None:
    """Fail with *weights-transposed*, after ``lead``, when the network with its W_hidden
    transposed is right at all 16 points; return otherwise."""
    try:
        fixed = _transposing_fixes(xor_network, namespace)
    except Exception:  # noqa: BLE001 - then it does not fit
        fixed = False
    if fixed:
        fail(
            lead
            + " "
            + _(
                "With your W_hidden transposed (X @ W_hidden reads one hidden unit per column), "
                "your network is right at all 16 points checked."
            )
            + "\n"
            + _("Diagnosis: {diagnosis}").format(diagnosis=sentence("weights-transposed")),
            "values-differ",
            "weights-transposed",
        )


def check_xor_corners(got) -> None:
    """XOR's truth table at the four corners, where OR, AND and XOR inverted name their cause
    (the hidden test checks the corners so too)."""
    check_array(
        "xor_network at the four corners",
        got,
        XOR,
        mistakes={
            "xor-is-or": [0.0, 1.0, 1.0, 1.0],
            "xor-is-and": [0, 0, 0, 1.0],
            "xor-inverted": [1.0, 0, 0, 1],
        },
    )


def check_xor_network(xor_network, namespace: dict) -> None:
    """Check the student's ``xor_network`` at the corners and near them.

    ``namespace``: the notebook's ``globals()``, where the student's ``step`` is (a spy takes
    its place for a moment, :func:`nnlearn.standins.substitute`).
    """
    with unchanged(X=CORNERS):
        got = xor_network(CORNERS)
    if (
        isinstance(got, np.ndarray)
        and got.shape == (4,)
        and got.dtype == np.float64
        and not any(np.array_equal(got, o) for o in OTHERS)
    ):
        fail_if_transposed(
            xor_network,
            namespace,
            _("xor_network at the four corners gave {got}, expected [0, 1, 1, 0].").format(got=got),
        )
    check_xor_corners(got)
    try:
        check_array(
            "xor_network near the corners, at (0.8, 0.8), (0.2, 0.8), (0.2, 0.2), (0.8, 0.2), "
            "(0.1, 0.1), (0.85, 0.1), (0.1, 0.85), (0.9, 0.9), (-0.2, 0.8), (0.8, -0.2), "
            "(1.2, 0.2) and (0.2, 1.2)",
            xor_network(NEAR),
            XOR_NEAR,
        )
    except CheckFailure as error:
        if "values-differ" not in error.mistakes:
            raise  # its own message (a wrong shape or dtype) says it all
        # Right at the corners, wrong near them: a line through a square, unless the hidden
        # layer was written one unit per row (then its transpose is right everywhere).
        fail_if_transposed(xor_network, namespace, error.text)
        fail(
            f"{error.text}\n"
            + _("Diagnosis: {diagnosis}").format(diagnosis=sentence("xor-line-in-square")),
            "values-differ",
            "xor-line-in-square",
        )
