"""The gradient-descent demos: paths from the closed form equal gradient steps taken here.

The demos never run a descent loop (that is the chapter's exercise); they use the closed form of
gradient descent on a quadratic. These tests take the steps one by one, with the gradient
H (w - w*) of a Hessian H built here from the curvatures and the angle, and compare.
"""

import math
import re

import numpy as np
import pytest
from test_demos import artists, image_of

from nnlearn.demos.descent import (
    Descent1D,
    DescentValley,
    Quadratic,
    directional_slopes,
    plot_finite_differences,
    plot_foggy_mountain,
    plot_path_on_mountain,
    plot_steepest_descent,
)


def hessian(curvatures, angle):
    c, s = math.cos(angle), math.sin(angle)
    along, across = np.array([c, s]), np.array([-s, c])
    return curvatures[0] * np.outer(along, along) + curvatures[1] * np.outer(across, across)


def stepped(H, minimum, lr, w0, n):
    """Gradient descent, one step at a time: w <- w - lr H (w - w*)."""
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n):
        w = w - lr * H @ (w - minimum)
        path.append(w.copy())
    return np.array(path)


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.15, 0.2, 0.23])
def test_closed_form_path_equals_stepwise_descent_in_2d(lr):
    angle = math.radians(25)
    q = Quadratic([1.0, 10.0], [1.0, 0.5], angle=angle)
    H = hessian([1.0, 10.0], angle)
    expected = stepped(H, np.array([1.0, 0.5]), lr, [-3.5, 2.0], 40)
    assert np.allclose(q.path(lr, [-3.5, 2.0], 40), expected, rtol=1e-9, atol=1e-12)
    d = expected - [1.0, 0.5]
    assert np.allclose(q.loss(expected), 0.5 * np.einsum("ki,ij,kj->k", d, H, d), rtol=1e-12)
    assert q.threshold() == pytest.approx(0.2)


def test_threshold_two_over_the_largest_curvature():
    q = Quadratic([1.0, 10.0], [0.0, 0.0], angle=0.3)
    below, above = q.path(0.199, [2.0, 1.0], 2000), q.path(0.201, [2.0, 1.0], 2000)
    assert np.linalg.norm(below[-1]) < 1e-3 < np.linalg.norm(above[-1]) > 1e1
    one = Quadratic([2.0], [1.0])
    assert one.threshold() == 1.0
    assert np.allclose(one.path(0.5, [-2.5], 3)[:, 0], [-2.5, 1.0, 1.0, 1.0]), "lr = 1/a: one step"
    assert np.allclose(one.path(1.0, [-2.5], 3)[:, 0], [-2.5, 4.5, -2.5, 4.5]), "lr = 2/a bounces"


def test_descent_1d_draws_the_path_and_the_loss_per_step():
    demo = Descent1D()
    assert [s.description for s in demo.sliders] == ["η", "start", "steps"]
    assert demo.values == [0.1, -2.5, 10]
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    demo.sliders[0].value = 0.3
    demo.sliders[1].value = 4.0
    demo.sliders[2].value = 7
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count

    # L(w) = (w - 1)^2, L'(w) = 2 (w - 1).
    expected = stepped(np.array([[2.0]]), np.array([1.0]), 0.3, [4.0], 7)[:, 0]
    xs, ys = demo.path_line.get_data()
    assert np.allclose(xs, expected) and np.allclose(ys, (expected - 1) ** 2)
    assert np.allclose(demo.dots.get_data()[0], expected[1:])
    assert list(demo.start.get_data()[0]) == [4.0]
    ks, losses = demo.loss_line.get_data()
    assert list(ks) == list(range(8)) and np.allclose(losses, (expected - 1) ** 2)
    assert "+0.40" in demo.readout.get_text() and "converges" in demo.readout.get_text()


@pytest.mark.parametrize(
    ("lr", "words"),
    [
        (0.02, "crawls in"),
        (0.5, "lands in one step"),
        (0.8, "overshoots, zigzags in"),
        (1.0, "bounces forever"),
        (1.02, "diverges"),
    ],
)
def test_descent_1d_names_each_regime(lr, words):
    demo = Descent1D(lr=lr, n_steps=30)
    assert words in demo.readout.get_text()
    losses = demo.loss_line.get_data()[1]
    if words == "diverges":
        assert np.all(np.diff(losses) > 0) and losses[-1] > 5 * losses[0], "a visible rise"
    elif words != "bounces forever":
        assert losses[-1] < losses[0]


def test_descent_1d_start_at_the_minimum_draws_no_nan():
    demo = Descent1D(w0=1.0)
    losses = demo.loss_line.get_data()[1]
    assert np.all(losses > 0) and np.all(np.isfinite(losses)), "log axes get a positive floor"


def test_valley_draws_the_path_and_names_both_directions():
    demo = DescentValley()
    assert [s.description for s in demo.sliders] == ["η", "start w1", "start w2", "steps"]
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    demo.sliders[0].value = 0.21
    demo.sliders[3].value = 25
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count

    H = hessian([1.0, 10.0], math.radians(25))
    expected = stepped(H, np.array([1.0, 0.5]), 0.21, [-3.5, 2.0], 25)
    xs, ys = demo.path_line.get_data()
    assert np.allclose(xs, expected[:, 0]) and np.allclose(ys, expected[:, 1])
    text = demo.readout.get_text()
    assert "× +0.790, converges" in text and "× -1.100, diverges" in text
    losses = demo.loss_line.get_data()[1]
    assert losses[-1] > losses[0], "above 2/10 the loss grows"

    demo.sliders[0].value = 0.01
    assert "× +0.990, crawls in" in demo.readout.get_text()


@pytest.mark.parametrize(
    ("plot", "start"),
    [
        (plot_foggy_mountain, "A loss curve with two valleys"),
        (plot_finite_differences, "Log-log plot"),
        (lambda: plot_path_on_mountain(np.array([[-2.0, 5.0], [0.0, 3.0]])), "The contour map"),
        (plot_steepest_descent, "Left: elliptical contour lines"),
    ],
)
def test_static_figures_have_alt_text(monkeypatch, plot, start):
    shown = []
    monkeypatch.setattr("nnlearn.figures.display", shown.append)
    plot()
    (html,) = shown
    assert re.search(rf'<img src="data:image/png;base64,[^"]+" alt="{start}', html.data)


def test_the_quadratics_gradient_is_its_hessian_times_the_offset():
    angle = math.radians(25)
    q = Quadratic([1.0, 10.0], [1.0, 0.5], angle=angle)
    w = np.array([-2.5, 1.0])
    assert np.allclose(q.gradient(w), hessian([1.0, 10.0], angle) @ (w - [1.0, 0.5]), rtol=1e-12)


def test_the_slope_along_u_is_smallest_straight_down_the_gradient():
    """The figure's claim: slope(u) = grad . u, between -|grad| and +|grad| (Cauchy-Schwarz), with
    the minimum at u = -grad / |grad| and zero along the contour, at right angles to grad."""
    q = Quadratic([1.0, 10.0], [1.0, 0.5], angle=math.radians(25))
    point = np.array([-2.5, 1.0])
    h = 1e-6
    grad = np.array([(q.loss(point + h * e) - q.loss(point - h * e)) / (2 * h) for e in np.eye(2)])
    angles, slopes, measured = directional_slopes(q, point, count=720)
    assert np.allclose(measured, slopes, rtol=1e-6, atol=1e-6)
    norm = np.linalg.norm(grad)
    assert np.all(np.abs(slopes) <= norm * (1 + 1e-9))
    steepest = np.radians(angles[np.argmin(slopes)])
    assert np.allclose([np.cos(steepest), np.sin(steepest)], -grad / norm, atol=np.radians(0.5))
    assert slopes.min() == pytest.approx(-norm, rel=1e-5)
    flat = np.radians(angles[np.argsort(np.abs(slopes))[:2]])
    for theta in flat:
        assert abs(np.dot([np.cos(theta), np.sin(theta)], grad)) < 0.01 * norm
    # along the contour the loss changes only to second order: at most kappa_max / 2 step^2
    tangent = np.array([-grad[1], grad[0]]) / norm
    step = 1e-3
    assert abs(q.loss(point + step * tangent) - q.loss(point)) <= 0.5 * 10.0 * step**2
