"""Chapter 5's picture of a trained network's hidden codes: the points are drawn where the
network's hidden layer sends them, and the picture refuses what it cannot draw. (Its size, text,
title and labels are checked with every other figure in test_figures.py.)"""

import html
import re

import numpy as np
import pytest

from nnlearn import figures, hidden_codes
from nnlearn.datasets import xor

# Chapter 1's hand-made XOR network, its step units made steep sigmoids: unit 1 fires for
# x1 + x2 >= 1/2 (OR), unit 2 for x1 + x2 >= 3/2 (AND); the output fires for a1 - a2 >= 1/2.
W1, B1 = np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5])


def steep_hidden(points):
    return 1 / (1 + np.exp(-40 * (points @ W1 + B1)))


def shown_alt(monkeypatch, *args) -> str:
    shown = []
    monkeypatch.setattr(figures, "display", lambda page: shown.append(page.data))
    hidden_codes.plot_hidden_codes(*args)
    (page,) = shown
    return html.unescape(re.search(r'alt="([^"]+)"', page).group(1))


def test_each_point_is_drawn_at_its_hidden_code(monkeypatch):
    X, y = xor()
    alt = shown_alt(monkeypatch, X, y, steep_hidden, np.array([1.0, -1.0]), -0.5)
    # by hand: (0, 0) fires neither unit, (0, 1) and (1, 0) fire OR only, (1, 1) both
    for drawn in [
        "(0, 0) (label 0) to (0.00, 0.00)",
        "(0, 1) (label 1) to (1.00, 0.00)",
        "(1, 0) (label 1) to (1.00, 0.00)",
        "(1, 1) (label 0) to (1.00, 1.00)",
    ]:
        assert drawn in alt


def test_only_two_hidden_units_can_be_drawn():
    X, y = xor()
    with pytest.raises(ValueError, match="two hidden units"):
        hidden_codes.plot_hidden_codes(X, y, lambda p: np.ones((len(p), 3)), np.ones(2), 0.0)
