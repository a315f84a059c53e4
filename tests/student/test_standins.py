"""Stand-in layers: what check_wiring names when a layer got an input it should not get."""

from __future__ import annotations

import numpy as np
import pytest

from nnlearn.mistakes import CheckFailure, ids_in
from nnlearn.standins import StandIn, check_wiring

Z = np.array([[1.0, -2.0]])
H = np.array([[0.7, 0.2]])
B = np.array([0.5, 0.5])


def _sigmoid_called_with(z) -> StandIn:
    layer = StandIn("sigmoid_forward", [((Z,), (H, "cache"))])
    layer(z)
    return layer


def _ids(layer, mistakes) -> list[str]:
    with pytest.raises(CheckFailure) as failure:
        check_wiring("network", [layer], mistakes=mistakes)
    return ids_in(str(failure.value))


def test_an_input_one_hypothesis_gives_is_named():
    layer = _sigmoid_called_with(Z - B)
    assert _ids(layer, [("forgot-bias", "sigmoid_forward", (Z - B,))]) == ["forgot-bias"]


def test_an_input_two_causes_give_names_neither():
    layer = _sigmoid_called_with(Z - B)
    mistakes = [
        ("forgot-bias", "sigmoid_forward", (Z - B,)),
        ("layers-miswired", "sigmoid_forward", (Z - B,)),
    ]
    assert _ids(layer, mistakes) == ["wrong-behaviour"]


def test_a_hypothesis_for_another_layer_names_nothing_here():
    layer = _sigmoid_called_with(Z - B)
    assert _ids(layer, [("forgot-bias", "linear_forward", (Z - B,))]) == ["layers-miswired"]


def test_a_right_wiring_passes_whatever_the_hypotheses():
    layer = _sigmoid_called_with(Z)
    check_wiring("network", [layer], mistakes=[("forgot-bias", "sigmoid_forward", (Z - B,))])
