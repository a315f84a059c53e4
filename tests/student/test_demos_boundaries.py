"""The decision-boundary demos: geometry, what the sliders draw, and the static figures.

Callbacks are driven through the slider widgets (``slider.value = ...``), as in a notebook. The
values drawn are checked against numpy calculations made here (matrix products over all points
at once), not the demo's own per-point arithmetic.
"""

import base64
import re

import numpy as np
import pytest

from nnlearn.datasets import marbles, xor
from nnlearn.demos.boundaries import (
    XOR_START,
    BoundarySlider,
    StepNetworkSlider,
    boundary_segment,
    clip,
    network_answers,
    plot_marbles,
    plot_network_diagram,
    plot_step,
    plot_step_network,
    plot_weights_and_boundary,
    polygon_area,
)

# The chapter's worked example: three green points around an orange one, and its weights.
TRIANGLE_X = np.array([[0.0, 0.0], [4.0, 0.0], [2.0, 4.0], [2.0, 1.0]])
TRIANGLE_Y = np.array([0.0, 0.0, 0.0, 1.0])
TRIANGLE_WEIGHTS = (1.0, 1.0, -5.0, 0.0, 2.0, -1.0, -1.0, 1.0, -0.5)


def image_of(demo) -> bytes:
    match = re.fullmatch(
        r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"[^>]*>', demo.view.widget.value
    )
    assert match, "the view holds one inline PNG with alt text"
    return base64.b64decode(match.group(1))


def artists(fig) -> int:
    return sum(len(ax.get_children()) for ax in fig.axes)


def set_sliders(demo, values) -> None:
    for slider, value in zip(demo.sliders, values, strict=True):
        slider.value = value


def network(X, weights):
    """The 2-2-1 step network, with matrices: (hidden codes (N, 2), answers (N,))."""
    w1, w2, b1, w3, w4, b2, w5, w6, b3 = weights
    hidden = (X @ np.array([[w1, w3], [w2, w4]]) + np.array([b1, b2]) >= 0).astype(float)
    return hidden, (hidden @ np.array([w5, w6]) + b3 >= 0).astype(float)


# Geometry -------------------------------------------------------------------------------------

SQUARE = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]


def test_clip_cuts_a_square_by_hand():
    # x1 + x2 >= 1 keeps all of the 2 x 2 square but the triangle (0,0), (1,0), (0,1): 4 - 1/2.
    kept = clip(SQUARE, 1.0, 1.0, -1.0)
    assert polygon_area(kept) == pytest.approx(3.5)
    assert {(round(x, 12), round(y, 12)) for x, y in kept} == {
        (1.0, 0.0),
        (2.0, 0.0),
        (2.0, 2.0),
        (0.0, 2.0),
        (0.0, 1.0),
    }
    # w = 0: the "line" is nowhere; b decides whether everything or nothing is kept.
    assert polygon_area(clip(SQUARE, 0.0, 0.0, 0.0)) == 4.0
    assert clip(SQUARE, 0.0, 0.0, -1.0) == []
    assert clip(SQUARE, 1.0, 0.0, 5.0) == SQUARE


def test_clip_splits_area_like_random_points_do():
    rng = np.random.default_rng(0)
    pts = rng.uniform(0.0, 2.0, size=(200_000, 2))
    for w1, w2, b in rng.normal(size=(5, 3)):
        kept, rest = clip(SQUARE, w1, w2, b), clip(SQUARE, -w1, -w2, -b)
        area = polygon_area(kept) if len(kept) >= 3 else 0.0
        assert area + (polygon_area(rest) if len(rest) >= 3 else 0.0) == pytest.approx(4.0)
        inside = np.mean(pts @ np.array([w1, w2]) + b >= 0)
        assert area / 4.0 == pytest.approx(inside, abs=0.005)


def test_boundary_segment_ends_on_the_box():
    # x1 + x2 = 1 crosses the square's left edge at (0, 1) and its bottom edge at (1, 0).
    ends = boundary_segment(1.0, 1.0, -1.0, (0.0, 2.0, 0.0, 2.0))
    assert sorted(ends) == [pytest.approx((0.0, 1.0)), pytest.approx((1.0, 0.0))]
    # x2 = 0.5 runs across the whole width.
    ends = boundary_segment(0.0, 2.0, -1.0, (0.0, 2.0, 0.0, 2.0))
    assert sorted(ends) == [pytest.approx((0.0, 0.5)), pytest.approx((2.0, 0.5))]
    assert boundary_segment(0.0, 0.0, 1.0, (0.0, 2.0, 0.0, 2.0)) is None
    assert boundary_segment(1.0, 1.0, 10.0, (0.0, 2.0, 0.0, 2.0)) is None, "outside the box"


# Demo 1 ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def marble_demo():
    return BoundarySlider()


def test_boundary_slider_counts_like_numpy(marble_demo):
    X, y = marbles()
    demo = marble_demo
    assert len(demo.sliders) == 3 and demo.values == [0.0, 1.0, 0.0]
    with pytest.raises(AttributeError, match="3 sliders"):
        demo.slider  # noqa: B018 - a one-slider shortcut only
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    for values in [(0.0, 1.0, 0.0), (2.0, 1.0, 0.0), (-1.0, 0.5, 0.7), (0.3, -2.0, 1.0)]:
        set_sliders(demo, values)
        w, b = np.array(values[:2]), values[2]
        wrong = (X @ w + b >= 0).astype(float) != y
        assert demo.n_wrong == wrong.sum()
        assert demo.accuracy == pytest.approx(1 - wrong.mean())
        assert f"wrong side: {wrong.sum()} of 60" in demo.readout.get_text()
        rings = demo.wrong.get_offsets()
        assert sorted(map(tuple, np.asarray(rings))) == sorted(map(tuple, X[wrong]))

        # The line: both ends on w . x + b = 0; the arrow along w, away from the line.
        xs, ys = demo.line.get_data()
        ends = np.column_stack([xs, ys])
        assert np.allclose(ends @ w + b, 0.0, atol=1e-9)
        tail, tip = np.array(demo.arrow.xyann), np.array(demo.arrow.xy)
        direction = tip - tail
        assert np.cross(direction, w) == pytest.approx(0.0, abs=1e-9) and direction @ w > 0
        assert tail @ w + b == pytest.approx(0.0, abs=1e-9)

        # The shading: the orange polygon on the side w . x + b >= 0, the green one opposite.
        pos, neg = demo.positive.get_xy(), demo.negative.get_xy()
        assert np.all(pos @ w + b >= -1e-9) and np.all(neg @ w + b <= 1e-9)
        x0, x1, y0, y1 = demo.box
        area = polygon_area(list(map(tuple, pos[:-1]))) + polygon_area(list(map(tuple, neg[:-1])))
        assert area == pytest.approx((x1 - x0) * (y1 - y0))
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count


def test_boundary_slider_on_xor_by_hand():
    X, y = xor()
    demo = BoundarySlider(X, y, start=(1.0, 1.0, -0.5))
    # z = x1 + x2 - 0.5: -0.5, 0.5, 0.5, 1.5 -> answers 0, 1, 1, 1; only (1, 1) is wrong.
    assert demo.n_wrong == 1 and demo.accuracy == 0.75
    assert np.array_equal(np.asarray(demo.wrong.get_offsets()), [[1.0, 1.0]])
    # w = 0, b = 0: z = 0 everywhere, step(0) = 1, so everything is orange and both 0s wrong.
    set_sliders(demo, (0.0, 0.0, 0.0))
    assert demo.n_wrong == 2 and len(demo.line.get_xdata()) == 0
    assert demo.positive.get_visible() and not demo.negative.get_visible()
    assert not demo.arrow.get_visible()


# Demo 2 ---------------------------------------------------------------------------------------


def test_step_network_starts_right_on_three_corners():
    demo = StepNetworkSlider()
    picture = demo.picture
    assert demo.values == pytest.approx(list(XOR_START)) and len(demo.sliders) == 9
    # Start: a1 = step(x1 + x2 - 0.5) is 0, 1, 1, 1 on the corners and the output copies it,
    # so only (1, 1) is wrong.
    assert [row[-1] for row in picture.rows] == [0, 1, 1, 1]
    assert picture.n_right == 3
    assert picture.readout.get_text() == "right on 3 of 4 points\nand on 3 of 4 dotted squares"


# A network with a margin: unit 1 fires where x1 - x2 >= 0.5, unit 2 where x2 - x1 >= 0.5, the
# output is their OR. Each corner's square (half-side 0.2) keeps x1 - x2 within 0.4 of the
# corner's value (-1, 0 or 1), so no line enters a square.
WIDE = (1.0, -1.0, -0.5, -1.0, 1.0, -0.5, 1.0, 1.0, -0.5)
# Right on the corners only because step(0) = 1: the lines x1 + x2 = 1 and x1 + x2 = 2 pass
# through the corners (0, 1), (1, 0) and (1, 1), so points just beside them are wrong. Only
# the square at (0, 0), where x1 + x2 <= 0.4, is right everywhere.
THROUGH_CORNERS = (1.0, 1.0, -1.0, 1.0, 1.0, -2.0, 1.0, -1.0, -0.5)


@pytest.mark.parametrize(("weights", "squares"), [(WIDE, 4), (THROUGH_CORNERS, 1)])
def test_step_network_draws_what_numpy_computes(weights, squares):
    X, y = xor()
    demo = StepNetworkSlider()
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    set_sliders(demo, weights)
    picture = demo.picture
    hidden, answer = network(X, weights)
    assert [row[-1] for row in picture.rows] == answer.tolist()
    assert [(row[1], row[3]) for row in picture.rows] == [tuple(h) for h in hidden]
    assert picture.n_right == 4 and picture.n_squares == squares
    # In the hidden plane each point sits near its code (a1, a2).
    assert np.all(np.abs(np.asarray(picture.codes.get_offsets()) - hidden) < 0.2)
    # Each shaded cell of the input plane: its centre has the cell's code, and its colour is
    # the network's answer there.
    for code, patch in picture.cells.items():
        if not patch.get_visible():
            continue
        corners = patch.get_xy()[:-1]
        centre = corners.mean(axis=0, keepdims=True)
        h, out = network(centre, weights)
        assert tuple(h[0]) == code
        colour = "#e08214" if out[0] == 1 else "#1b9e77"
        assert patch.get_facecolor()[:3] == pytest.approx(
            tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        )
    # The table, row by row: the inputs, the computed columns, the label.
    for line, (x1, x2), (a1, a2), out, label in zip(
        picture.table_lines[2:6], X, hidden, answer, y, strict=True
    ):
        cols = line.replace("│", " ").split()
        assert cols[1:3] == [f"{x1:g}", f"{x2:g}"]
        assert [float(c) for c in cols[4:9:2]] == [a1, a2, out] and float(cols[9]) == label
    # The redrawn text of a row is the end of its line with the fixed characters blanked:
    # it holds exactly the computed columns, in their places.
    for text, line in zip(picture.table, picture.table_lines[2:6], strict=True):
        computed = text.get_text()
        tail = line[len(line) - len(computed) :]
        assert all(c in (" ", d) for c, d in zip(computed, tail, strict=True))
        cols = line.replace("│", " ").split()
        assert computed.split() == cols[3:9] + cols[10:]
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count


def test_squares_catch_a_line_through_a_square_but_not_an_ignored_one():
    demo = StepNetworkSlider()
    # WIDE, but unit 2 now fires where x2 - x1 >= 0.1. The corners (0, 0) and (1, 1) have
    # x2 - x1 = 0 and are still right, but their squares (x2 - x1 up to 0.4) hold points
    # where unit 2 fires and the output says 1.
    set_sliders(demo, (*WIDE[:5], -0.1, *WIDE[6:]))
    assert demo.picture.n_right == 4 and demo.picture.n_squares == 2
    # The same line, ignored by the output (w6 = 0), costs nothing in those squares; but now
    # (0, 1) is answered 0: wrong there and in its square.
    set_sliders(demo, (*WIDE[:5], -0.1, 1.0, 0.0, -0.5))
    assert demo.picture.n_right == 3 and demo.picture.n_squares == 3


def test_worked_example_weights_classify_the_four_points():
    # The chapter's tables, by hand: z1 = x1 + x2 - 5 is -5, -1, 1, -2; z2 = 2 x2 - 1 is
    # -1, -1, 7, 1; z3 = -a1 + a2 - 0.5 is -0.5, -0.5, -0.5, 0.5.
    hidden, answer = network(TRIANGLE_X, TRIANGLE_WEIGHTS)
    assert np.array_equal(answer, TRIANGLE_Y)
    assert hidden.tolist() == [[0, 0], [0, 0], [1, 1], [0, 1]]


# The network's arithmetic, without a figure: every value worked out by hand.

UNIT_SQUARE = (0.0, 1.0, 0.0, 1.0)


def corner_set(corners) -> set:
    return {(round(x, 9), round(y, 9)) for x, y in corners}


def test_network_answers_by_hand_on_the_xor_corners():
    # WIDE: z1 = x1 - x2 - 0.5, z2 = x2 - x1 - 0.5, z3 = a1 + a2 - 0.5.
    #   (0, 0): z1 = -0.5, z2 = -0.5 -> a = (0, 0), z3 = -0.5, out 0
    #   (0, 1): z1 = -1.5, z2 =  0.5 -> a = (0, 1), z3 =  0.5, out 1
    #   (1, 0): z1 =  0.5, z2 = -1.5 -> a = (1, 0), z3 =  0.5, out 1
    #   (1, 1): z1 = -0.5, z2 = -0.5 -> a = (0, 0), z3 = -0.5, out 0
    points, labels = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)], [0, 1, 1, 0]
    answers = network_answers(WIDE, points, labels, UNIT_SQUARE, near=None)
    assert answers.rows == [
        (-0.5, 0, -0.5, 0, -0.5, 0),
        (-1.5, 0, 0.5, 1, 0.5, 1),
        (0.5, 1, -1.5, 0, 0.5, 1),
        (-0.5, 0, -0.5, 0, -0.5, 0),
    ]
    assert answers.n_right == 4 and answers.n_squares is None
    # The lines x1 - x2 = 0.5 and x2 - x1 = 0.5 cut the unit square into the band between
    # them (code (0, 0), answer step(-0.5) = 0), a corner triangle beside each (answer 1),
    # and nothing where both fire (x1 - x2 >= 0.5 and <= -0.5 at once), whose answer,
    # step(1 + 1 - 0.5) = 1, shades nothing.
    cells = answers.cells
    assert corner_set(cells[(0, 0)][0]) == {(0, 0), (0.5, 0), (1, 0.5), (1, 1), (0.5, 1), (0, 0.5)}
    assert corner_set(cells[(1, 0)][0]) == {(0.5, 0), (1, 0), (1, 0.5)}
    assert corner_set(cells[(0, 1)][0]) == {(0, 0.5), (0, 1), (0.5, 1)}
    assert cells[(1, 1)][0] == []
    assert {code: answer for code, (_, answer) in cells.items()} == {
        (0, 0): 0,
        (1, 0): 1,
        (0, 1): 1,
        (1, 1): 1,
    }
    # The band's area: the square less two triangles of legs 0.5.
    assert polygon_area(cells[(0, 0)][0]) == pytest.approx(1 - 2 * 0.125)


def test_network_answers_counts_squares_by_hand():
    # THROUGH_CORNERS: out = 1 exactly where 1 <= x1 + x2 < 2. Squares of half-side 0.2: at
    # (0, 0), x1 + x2 stays in [-0.4, 0.4], all answered 0 = its label; at (0, 1) and (1, 0)
    # it spans [0.6, 1.4], partly answered 0 (label 1); at (1, 1), [1.6, 2.4], partly 1
    # (label 0). The corners themselves are all right (x1 + x2 = 0, 1, 1, 2).
    points, labels = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)], [0, 1, 1, 0]
    answers = network_answers(THROUGH_CORNERS, points, labels, UNIT_SQUARE, near=0.2)
    assert [row[-1] for row in answers.rows] == [0, 1, 1, 0]
    assert answers.n_right == 4 and answers.n_squares == 1
    # The chapter's worked example (TRIANGLE): z1 = x1 + x2 - 5, z2 = 2 x2 - 1,
    # z3 = -a1 + a2 - 0.5. At (2, 1): z1 = -2, z2 = 1, z3 = 0.5; at (2, 4): z1 = 1, z2 = 7,
    # z3 = -0.5.
    triangle = [(float(a), float(b)) for a, b in TRIANGLE_X]
    answers = network_answers(
        TRIANGLE_WEIGHTS, triangle, [0, 0, 0, 1], (-1.0, 5.0, -1.0, 5.0), near=None
    )
    assert answers.rows[3] == (-2.0, 0, 1.0, 1, 0.5, 1)
    assert answers.rows[2] == (1.0, 1, 7.0, 1, -0.5, 0)
    assert answers.n_right == 4


# Static figures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draw", "start"),
    [
        (plot_marbles, "60 marbles"),
        (plot_weights_and_boundary, "Left: four lines"),
        (plot_step, "The step function"),
        (lambda: plot_network_diagram(TRIANGLE_WEIGHTS), "A network drawn as a graph"),
        (
            lambda: plot_step_network(TRIANGLE_X, TRIANGLE_Y, TRIANGLE_WEIGHTS),
            "Three panels",
        ),
    ],
)
def test_static_figures_have_alt_text(monkeypatch, draw, start):
    shown = []
    monkeypatch.setattr("nnlearn.figures.display", shown.append)
    draw()
    (html,) = shown
    assert re.search(rf'<img src="data:image/png;base64,[^"]+" alt="{start}', html.data)
