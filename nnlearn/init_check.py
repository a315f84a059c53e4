"""The public check of chapter 5's ``init_params``, and its diagnoses.

On ``init_params(2, 3, 1)``: the keys; zero biases of shape (H,) and (K,), a row or column
of them an axis too many (*extra-axis*); W1 (2, 3) and W2 (3, 1), not square, so a
shape given in the wrong order shows (*weights-transposed*); W1 not all zeros (*zero-init*)
and no two hidden units alike; the same seed the same numbers, another seed others
(*seed-ignored*); the numbers themselves, one generator, W1 drawn first, where W2 drawn first
(*w2-drawn-first*), from a second generator with the same seed (*w2-new-generator*) or from
numpy's global one, moved by the call (*global-generator*), give other numbers; and on
``init_params(400, 300, 200, seed=3)`` the spread, 1 / sqrt(fan-in), where 1 / fan-in
(*std-one-over-fan-in*) and 1 (*std-one*) are told apart.
"""

from __future__ import annotations

import numpy as np

from nnlearn.checks import (
    check_array,
    check_keys,
    check_that,
    diagnosis_lines,
    fail,
    moves_global_generator,
)
from nnlearn.i18n import gettext as _
from nnlearn.mistakes import sentence

__all__ = ["check_init_params"]


def check_init_params(init_params) -> None:
    """Check the student's ``init_params``."""
    params = check_keys("init_params(2, 3, 1)", init_params(2, 3, 1), ["W1", "b1", "W2", "b2"])
    # The shapes: W1 (D, H), b1 (H,), W2 (H, K), b2 (K,). Biases are zero. A bias made a row
    # (1, H) or a column (H, 1) has an axis too many: a parameter has no batch axis to explain it.
    for key, size in [("b1", 3), ("b2", 1)]:
        shape = np.shape(params[key])
        if len(shape) == 2 and sorted(shape) == [1, size]:
            message = _(
                'init_params(2, 3, 1)["{key}"] has shape {shape}, expected {expected}.'
            ).format(key=key, shape=shape, expected=(size,))
            found = [("extra-axis", sentence("extra-axis"))]
            fail(message + diagnosis_lines(found), "shape-differs", "extra-axis")
    check_array('init_params(2, 3, 1)["b1"]', params["b1"], np.zeros(3))
    check_array('init_params(2, 3, 1)["b2"]', params["b2"], np.zeros(1))
    # W1 (2, 3) and W2 (3, 1) are not square: a shape given in the wrong order shows.
    for key, shape in [("W1", (2, 3)), ("W2", (3, 1))]:
        message = _('init_params(2, 3, 1)["{key}"] has shape {shape}, expected {expected}.').format(
            key=key, shape=np.shape(params[key]), expected=shape
        )
        if np.shape(params[key]) == shape[::-1]:
            found = [("weights-transposed", sentence("weights-transposed"))]
            fail(message + diagnosis_lines(found), "shape-differs", "weights-transposed")
        check_that(np.shape(params[key]) == shape, message, "shape-differs")
    # The hidden units differ (no symmetry): no two columns of W1 are equal.
    check_that(
        np.any(params["W1"] != 0),
        _(
            'init_params(2, 3, 1)["W1"] is all zeros.\nDiagnosis: The weights start at zero, '
            "so every hidden unit is the same. Draw them at random."
        ),
        "zero-init",
    )
    check_that(
        len({tuple(col) for col in params["W1"].T}) == 3,
        _("two hidden units start with the same weights: draw them at random."),
    )
    # Reproducible: the same seed gives the same numbers, another seed others.
    again, other = init_params(2, 3, 1), init_params(2, 3, 1, seed=1)
    for key in ["W1", "W2"]:
        # The same seed, other numbers: the seed does not reach the generator.
        check_that(
            np.shape(again[key]) != np.shape(params[key]) or np.allclose(again[key], params[key]),
            _(
                'init_params(2, 3, 1)["{key}"] differs from one call to the next.\n'
                "Diagnosis: The seed does not decide the numbers. "
                "Pass seed to np.random.default_rng(seed)."
            ).format(key=key),
            "seed-ignored",
        )
        check_array(f'init_params(2, 3, 1)["{key}"], called twice', again[key], params[key])
        check_that(
            not np.allclose(other[key], params[key]),
            _(
                'init_params(2, 3, 1, seed=1)["{key}"] equals the seed-0 one.\n'
                "Diagnosis: Another seed gives the same numbers. "
                "Pass seed to np.random.default_rng(seed)."
            ).format(key=key),
            "seed-ignored",
        )
    # The numbers themselves, as the docstring says: one generator, W1's 2 x 3 numbers first,
    # then W2's 3 x 1, each scaled by 1 / sqrt(fan-in). Drawing W2 first, or W2 from a second
    # generator with the same seed (which repeats W1's first numbers), gives other numbers.
    stream = np.random.default_rng(0).standard_normal(2 * 3 + 3 * 1)
    drawn = {
        "right": (stream[:6].reshape(2, 3), stream[6:].reshape(3, 1)),
        "w2-drawn-first": (stream[3:].reshape(2, 3), stream[:3].reshape(3, 1)),
        "w2-new-generator": (stream[:6].reshape(2, 3), stream[:3].reshape(3, 1)),
    }
    scaled = {
        cause: {"W1": w1 / np.sqrt(2), "W2": w2 / np.sqrt(3)} for cause, (w1, w2) in drawn.items()
    }
    # Other numbers, drawn from numpy's global generator (np.random.seed, np.random.randn): it
    # moved during the call, which a generator of the function's own never does.
    moved = moves_global_generator(lambda: init_params(2, 3, 1))
    if moved and not np.allclose(params["W1"], scaled["right"]["W1"]):
        message = _(
            'init_params(2, 3, 1)["W1"] has the right shape but other numbers, and the call '
            "moved numpy's global random generator."
        )
        found = [("global-generator", sentence("global-generator"))]
        fail(message + diagnosis_lines(found), "values-differ", "global-generator")
    for key, checked in [("W1", []), ("W2", ["W1"])]:
        # A cause is named for W2 only if W1 is what that cause gives too.
        check_array(
            f'init_params(2, 3, 1)["{key}"]',
            params[key],
            scaled["right"][key],
            mistakes={
                cause: s[key]
                for cause, s in scaled.items()
                if cause != "right" and all(np.allclose(params[k], s[k]) for k in checked)
            },
        )
    # The spread. In a large layer the sample standard deviation is within 1 % of the true one:
    # W1 of 400 x 300 -> 1/sqrt(400) = 0.05; W2 of 300 x 200 -> 1/sqrt(300) = 0.0577.
    big = init_params(400, 300, 200, seed=3)
    for key, fan_in in [("W1", 400), ("W2", 300)]:
        spread, target = np.std(big[key]), 1 / np.sqrt(fan_in)
        check_that(
            abs(np.mean(big[key])) < 0.05 * target,
            _("the entries of {key} should have mean 0, got {mean:.4f}.").format(
                key=key, mean=np.mean(big[key])
            ),
        )
        if abs(spread / target - 1) >= 0.02:
            message = _(
                "{key} of init_params(400, 300, 200) has standard deviation {spread:.4f}, "
                "expected 1/sqrt({fan_in}) = {target:.4f}."
            ).format(key=key, spread=spread, fan_in=fan_in, target=target)
            if abs(spread * fan_in - 1) < 0.05:
                fail(
                    _("{message} Did you use 1 / fan-in?").format(message=message),
                    "std-one-over-fan-in",
                )
            if abs(spread - 1) < 0.05:
                fail(
                    _("{message} Did you forget to scale them?").format(message=message),
                    "std-one",
                )
            fail(message, "values-differ")
