"""The objective-functions demos: what they draw equals losses computed here, independently.

The demos compute one marble at a time with plain arithmetic; the expected values below are
vectorised numpy, with the logistic function written through tanh and the cross-entropy through
logaddexp, so a slip in either shows up as a difference.
"""

import re

import numpy as np
import pytest
from test_demos import artists, image_of

from nnlearn.datasets import marbles
from nnlearn.demos.objectives import (
    FLOOR,
    TWO_BOUNDARIES,
    TWO_BOUNDARY_LABELS,
    TWO_BOUNDARY_POINTS,
    ErrorMountain,
    WeightAndBoundary,
    boundary_distances,
    dataset,
    marble_losses,
    mountain_loss,
    plot_loss_by_confidence,
    plot_two_boundaries,
)

X, Y = dataset()


def expected_losses(w1, w2):
    """(MSE with the 1/2 over the two outputs, cross-entropy, misclassified count), vectorised."""
    z = X @ np.array([w1, w2])
    p = 0.5 * (1.0 + np.tanh(0.5 * z))
    answers = np.stack([1 - p, p], axis=1)
    targets = np.stack([1 - Y, Y], axis=1)
    mse = np.sum((answers - targets) ** 2) / (2 * len(Y))
    # -log p for a cat is log(1 + e^-z); -log(1 - p) for a dog is log(1 + e^z).
    ce = np.mean(np.where(Y == 1, np.logaddexp(0, -z), np.logaddexp(0, z)))
    wrong = int(np.sum((z >= 0) != (Y == 1)))
    return mse, ce, wrong


def test_dataset_is_the_wide_marbles_and_overlaps():
    X2, y2 = marbles(n_per_class=20, seed=3, spread=0.8)
    assert np.array_equal(X, X2) and np.array_equal(Y, y2)
    assert X.shape == (40, 2) and np.abs(X).max() < FLOOR[1], "every marble is on the floor"


@pytest.mark.parametrize("w", [(0.0, 0.0), (2.9, 1.55), (-3.0, 7.5), (8.0, -4.0), (40.0, 40.0)])
def test_marble_losses_match_numpy(w):
    mse, ce, wrong = marble_losses(*w, X, Y)
    exp_mse, exp_ce, exp_wrong = expected_losses(*w)
    assert mse == pytest.approx(exp_mse, rel=1e-12)
    assert ce == pytest.approx(exp_ce, rel=1e-12)
    assert wrong == exp_wrong
    assert mountain_loss(np.array(w)) == pytest.approx(exp_mse, rel=1e-12)


def test_untrained_model_answers_one_half():
    # w = 0: every answer is (0.5, 0.5); each marble's error is 1/2 (0.25 + 0.25) = 0.25,
    # and its cross-entropy -log 0.5 = log 2. z = 0 counts as "cat": the 20 dogs are wrong.
    mse, ce, wrong = marble_losses(0.0, 0.0, X, Y)
    assert (mse, wrong) == (0.25, 20)
    assert ce == pytest.approx(np.log(2), rel=1e-15)
    # A marble exactly on the boundary (z = 0) counts as "cat", like chapter 1's step(0) = 1.
    assert marble_losses(1.0, 0.0, [[0.0, 1.0]], [0.0])[2] == 1, "a dog on the line is wrong"
    assert marble_losses(1.0, 0.0, [[0.0, 1.0]], [1.0])[2] == 0


def check_floor(floor, w1, w2):
    """The boundary, shading, marker sizes and rings of a _Floor, recomputed."""
    xs, ys = floor.line.get_data()
    direction = np.array([xs[1] - xs[0], ys[1] - ys[0]])
    assert direction @ [w1, w2] == pytest.approx(0, abs=1e-9), "the boundary is normal to w"
    assert xs[0] * w1 + ys[0] * w2 == pytest.approx(0, abs=1e-9), "it passes through 0"
    # The shaded polygon is the cat side of the floor: its area, by the shoelace formula,
    # equals the share of a fine grid of the floor where w . x >= 0.
    poly = floor.shade.get_xy()
    area = 0.5 * abs(
        np.dot(poly[:, 0], np.roll(poly[:, 1], 1)) - np.dot(poly[:, 1], np.roll(poly[:, 0], 1))
    )
    grid = np.linspace(*FLOOR, 801)
    g1, g2 = np.meshgrid(grid, grid)
    share = np.mean(w1 * g1 + w2 * g2 >= 0)
    assert area == pytest.approx(share * (FLOOR[1] - FLOOR[0]) ** 2, rel=1e-2)
    p = 0.5 * (1.0 + np.tanh(0.5 * (X @ [w1, w2])))
    sizes = 12 + 300 * (p - Y) ** 2
    assert np.allclose(floor.dogs.get_sizes(), sizes[Y == 0])
    assert np.allclose(floor.cats.get_sizes(), sizes[Y == 1])
    wrong = X[(X @ [w1, w2] >= 0) != (Y == 1)]
    assert np.array_equal(floor.wrong.get_offsets(), wrong)


def test_weight_and_boundary_links_the_two_views():
    demo = WeightAndBoundary()
    assert demo.slider.value == -1.0 and demo.slider.description == "w1"
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    demo.slider.value = 2.0
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count

    mse, ce, wrong = expected_losses(2.0, 1.5)
    assert demo.mse_point.get_data() == ([2.0], [pytest.approx(mse, rel=1e-12)])
    assert demo.ce_point.get_data() == ([2.0], [pytest.approx(ce, rel=1e-12)])
    assert list(demo.marker.get_xdata()) == [2.0, 2.0]
    assert f"{wrong} of 40 misclassified" in demo.readout.get_text()
    assert f"mean squared error {mse:.4f}" in demo.readout.get_text()
    check_floor(demo.floor, 2.0, 1.5)


def test_weight_and_boundary_curves_have_a_valley_and_a_staircase():
    demo = WeightAndBoundary()
    ce_line, mse_line, wrong_line = demo.view.figure.axes[1].get_lines()[:3]
    grid, mse = mse_line.get_data()
    expected = [expected_losses(w, 1.5)[0] for w in grid]
    assert np.allclose(mse, expected, rtol=1e-12)
    best = grid[np.argmin(mse)]
    assert 1.5 < best < 4.0, "the best w1 is finite: the clouds overlap"
    fractions = wrong_line.get_data()[1]
    assert set(np.round(fractions * 40, 9)) <= set(range(41)), "whole marbles only"


def test_error_mountain_grid_point_and_floor():
    demo = ErrorMountain()
    assert [s.description for s in demo.sliders] == ["w1", "w2"]
    assert demo.values == [-2.0, 5.0]
    ticks, heights = demo.grid
    for i, j in [(0, 0), (10, 30), (48, 48), (24, 20)]:
        assert heights[i, j] == pytest.approx(expected_losses(ticks[j], ticks[i])[0], rel=1e-12)
    assert demo.lowest[2] == heights.min()
    assert mountain_loss(demo.lowest[:2]) == pytest.approx(demo.lowest[2], rel=1e-12)

    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    demo.sliders[0].value = 3.0
    demo.sliders[1].value = 1.5
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count
    assert demo.point.get_data() == ([3.0], [1.5])
    mse, _, wrong = expected_losses(3.0, 1.5)
    assert f"mean squared error {mse:.4f}" in demo.readout.get_text()
    assert f"{wrong} of 40 misclassified" in demo.readout.get_text()
    check_floor(demo.floor, 3.0, 1.5)


def test_error_mountain_at_zero_weights_has_no_boundary():
    demo = ErrorMountain("cross_entropy", n_grid=9)
    demo.sliders[0].value = 0.0
    demo.sliders[1].value = 0.0
    assert demo.floor.line.get_data() == ([], [])
    assert f"cross-entropy {np.log(2):.4f}" in demo.readout.get_text()
    ticks, heights = demo.grid
    assert heights[2, 7] == pytest.approx(expected_losses(ticks[7], ticks[2])[1], rel=1e-12)
    with pytest.raises(ValueError, match="loss must be one of"):
        ErrorMountain("hinge")


def test_two_boundaries_both_separate_and_the_middle_one_costs_less():
    y = TWO_BOUNDARY_LABELS
    costs = []
    for w, b in TWO_BOUNDARIES.values():
        d = np.array(boundary_distances(w, b, TWO_BOUNDARY_POINTS))
        # The distance from x to the line w . x + b = 0, |w| = 1, by projecting onto w.
        foot = TWO_BOUNDARY_POINTS - d[:, None] * np.asarray(w)
        assert np.allclose(foot @ np.asarray(w) + b, 0)
        assert np.all((d > 0) == (y == 1)), "both boundaries separate dogs from cats"
        p = 0.5 * (1.0 + np.tanh(1.5 * d))  # steepness 3
        costs.append((np.mean((p - y) ** 2), np.mean(-np.log(np.where(y == 1, p, 1 - p)))))
    (mse_a, ce_a), (mse_b, ce_b) = costs
    assert mse_b < mse_a and ce_b < ce_a


@pytest.mark.parametrize(
    ("plot", "start"),
    [(plot_two_boundaries, "Two panels"), (plot_loss_by_confidence, "Left: as the")],
)
def test_static_figures_have_alt_text(monkeypatch, plot, start):
    shown = []
    monkeypatch.setattr("nnlearn.figures.display", shown.append)
    plot()
    (html,) = shown
    assert re.search(rf'<img src="data:image/png;base64,[^"]+" alt="{start}', html.data)
