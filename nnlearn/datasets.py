"""Small, seeded datasets shared by the chapters. Every function returns ``(X, y)``: ``X`` of
shape (N, 2) in float64, ``y`` of shape (N,) with labels 0.0 / 1.0. The same seed gives the same
points on every machine (``numpy.random.default_rng``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["marbles", "noisy_xor", "xor"]


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four corners of the unit square, labelled 1 where exactly one coordinate is 1."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0.0, 1.0, 1.0, 0.0])


def marbles(
    n_per_class: int = 30, seed: int = 0, spread: float = 0.45
) -> tuple[np.ndarray, np.ndarray]:
    """Green marbles (label 0) and orange marbles (label 1) on a floor, in two clouds.

    The clouds are centred at (-1, -0.5) and (1, 0.5) with standard deviation ``spread``. With
    the default 0.45 a straight line separates them, and a careless one does not; with a wider
    spread (0.8) the clouds overlap and no line gets every marble right, so the best weights of
    a smooth loss are finite (the objective-functions chapter).
    """
    rng = np.random.default_rng(seed)
    green = rng.normal((-1.0, -0.5), spread, size=(n_per_class, 2))
    orange = rng.normal((1.0, 0.5), spread, size=(n_per_class, 2))
    X = np.concatenate([green, orange])
    y = np.concatenate([np.zeros(n_per_class), np.ones(n_per_class)])
    return X, y


def noisy_xor(
    n_per_corner: int = 10, noise: float = 0.2, flip: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """XOR with jitter: points scattered around the four corners, a fraction ``flip`` mislabelled.

    Small and noisy on purpose: a wide network can memorise it, mistakes included (overfitting).
    """
    rng = np.random.default_rng(seed)
    corners, labels = xor()
    X = np.repeat(corners, n_per_corner, axis=0) + rng.normal(0.0, noise, (4 * n_per_corner, 2))
    y = np.repeat(labels, n_per_corner)
    flipped = rng.random(y.shape) < flip
    return X, np.where(flipped, 1.0 - y, y)
