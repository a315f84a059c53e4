"""The shared datasets: shapes, labels, reproducibility, and the properties the chapters use."""

import numpy as np
import pytest

from nnlearn.datasets import marbles, noisy_xor, xor


@pytest.mark.parametrize("make", [xor, marbles, noisy_xor])
def test_shapes_dtypes_labels_and_seeds(make):
    X, y = make()
    assert X.dtype == y.dtype == np.float64
    assert X.ndim == 2 and X.shape[1] == 2 and y.shape == (len(X),)
    assert set(np.unique(y)) == {0.0, 1.0}
    X2, y2 = make()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_xor_truth_table():
    X, y = xor()
    assert [(a, b, t) for (a, b), t in zip(X.tolist(), y.tolist(), strict=True)] == [
        (0.0, 0.0, 0.0),
        (0.0, 1.0, 1.0),
        (1.0, 0.0, 1.0),
        (1.0, 1.0, 0.0),
    ]


def test_marbles_are_separated_by_a_line_and_seeds_differ():
    X, y = marbles()
    # The line x1 + x2 = 0 runs between the cloud centres (-1, -0.5) and (1, 0.5).
    side = (X.sum(axis=1) > 0).astype(float)
    assert np.mean(side == y) >= 0.95
    assert not np.array_equal(marbles(seed=1)[0], X)


def test_noisy_xor_flips_some_labels():
    X, y = noisy_xor(n_per_corner=50, flip=0.1, seed=3)
    clean = np.repeat(xor()[1], 50)
    assert 0.03 < np.mean(y != clean) < 0.2
    assert np.array_equal(noisy_xor(flip=0.0)[1], np.repeat(xor()[1], 10))


def test_wide_marbles_overlap_and_the_default_spread_is_unchanged():
    assert np.array_equal(marbles(spread=0.45)[0], marbles()[0])
    X, y = marbles(n_per_class=20, seed=3, spread=0.8)
    # Some marbles lie on the wrong side of the line between the centres, and of any other
    # line through the origin: sweep the line's direction around the circle.
    angles = np.linspace(0, 2 * np.pi, 721)
    wrong = [np.sum((X @ [np.cos(a), np.sin(a)] > 0) != y) for a in angles]
    assert min(wrong) >= 2
