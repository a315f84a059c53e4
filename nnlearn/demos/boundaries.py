"""Demos and figures of the decision-boundaries chapter.

* :class:`BoundarySlider`: sliders for w1, w2 and b move the line w1 x1 + w2 x2 + b = 0 over a
  set of labelled points; the two half-planes are shaded and the misclassified points counted.
* :class:`StepNetworkSlider`: nine sliders set a 2-2-1 network of step units; the two hidden
  lines, the region where the network answers 1, the points as the output unit sees them, and
  the network's table, layer by layer.
* Static figures: :func:`plot_marbles`, :func:`plot_weights_and_boundary`, :func:`plot_step`,
  :func:`plot_network_diagram` and :func:`plot_step_network`.

Nothing here is exercise code. Regions are polygons clipped out of the plot's box (geometry),
and each point is classified on its own, with plain arithmetic on Python numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Circle, Polygon, Rectangle
from matplotlib.transforms import ScaledTranslation

from nnlearn.datasets import marbles, xor
from nnlearn.demos.base import Demo
from nnlearn.figures import (
    BLUE,
    GREEN,
    MIN_TEXT_PT,
    ORANGE,
    PALE_BLUE,
    PURPLE,
    RED,
    new_figure,
    show,
)
from nnlearn.i18n import gettext as _

__all__ = [
    "BoundarySlider",
    "StepNetworkSlider",
    "boundary_segment",
    "clip",
    "network_answers",
    "plot_marbles",
    "plot_network_diagram",
    "plot_step",
    "plot_step_network",
    "plot_weights_and_boundary",
    "side",
]

CLASS_COLORS = (GREEN, ORANGE)  # label 0, label 1
SHADE = 0.2

# Where the XOR demo starts: unit 1 is the line x1 + x2 = 0.5, unit 2 another line, and the
# output unit copies unit 1 (w5 = 1, w6 = 0): right on three corners of four.
XOR_START = (1.0, 1.0, -0.5, 1.0, -1.0, -0.5, 1.0, 0.0, -0.5)
WEIGHT_NAMES = ("w₁", "w₂", "b₁", "w₃", "w₄", "b₂", "w₅", "w₆", "b₃")


# Geometry -------------------------------------------------------------------------------------


def clip(polygon: list, w1: float, w2: float, b: float) -> list:
    """The part of a convex polygon where w1 x + w2 y + b >= 0 (one Sutherland-Hodgman pass).

    ``polygon`` is a list of (x, y) corners in order; so is the result (empty if nothing is
    left). Walk round the edges: keep each corner on the kept side, and add the point where an
    edge crosses the line.
    """
    kept = []
    for i, (px, py) in enumerate(polygon):
        qx, qy = polygon[(i + 1) % len(polygon)]
        fp, fq = w1 * px + w2 * py + b, w1 * qx + w2 * qy + b
        if fp >= 0:
            kept.append((px, py))
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            kept.append((px + t * (qx - px), py + t * (qy - py)))
    return kept


def side(polygon: list, w1: float, w2: float, b: float, fires: int) -> list:
    """The part of ``polygon`` where a unit with weights (w1, w2) and bias b gives ``fires``.

    1: where w1 x + w2 y + b >= 0; 0: where it is < 0. With w = 0 the unit gives the same
    answer everywhere, step(b), so one side is everything and the other nothing.
    """
    if fires:
        return clip(polygon, w1, w2, b)
    if w1 == 0 and w2 == 0:
        return [] if b >= 0 else list(polygon)
    return clip(polygon, -w1, -w2, -b)


def box_corners(box: tuple) -> list:
    x0, x1, y0, y1 = box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def boundary_segment(w1: float, w2: float, b: float, box: tuple):
    """The ends of the line w1 x + w2 y + b = 0 inside ``box`` = (x0, x1, y0, y1), or None.

    The line passes through p = -b w / |w|^2 (its point nearest the origin) in the direction
    (-w2, w1); keep the stretch of parameters t where p + t d lies in the box.
    """
    norm2 = w1 * w1 + w2 * w2
    if norm2 == 0:
        return None  # w = 0: no line; the whole plane is on one side
    px, py = -b * w1 / norm2, -b * w2 / norm2
    dx, dy = -w2, w1
    lo, hi = -math.inf, math.inf
    for p, d, low, high in ((px, dx, box[0], box[1]), (py, dy, box[2], box[3])):
        if d == 0:
            if not low <= p <= high:
                return None
        else:
            t1, t2 = sorted(((low - p) / d, (high - p) / d))
            lo, hi = max(lo, t1), min(hi, t2)
    if lo >= hi:
        return None
    return (px + lo * dx, py + lo * dy), (px + hi * dx, py + hi * dy)


def polygon_area(points: list) -> float:
    """Area of a simple polygon (shoelace formula)."""
    twice = sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )
    return abs(twice) / 2


def _affine(w1: float, w2: float, b: float, names=("x₁", "x₂")) -> str:
    """'1.5·x₁ − 0.5·x₂ + 2.0', signs written once."""
    text = f"{w1:.1f}·{names[0]}"
    for value, name in ((w2, f"·{names[1]}"), (b, "")):
        text += f" {'−' if value < 0 else '+'} {abs(value):.1f}{name}"
    return text


def _fires(w1: float, w2: float, b: float, x1: float, x2: float) -> int:
    """One unit on one point: 1 if w1 x1 + w2 x2 + b >= 0, else 0."""
    return 1 if w1 * x1 + w2 * x2 + b >= 0 else 0


def _set_polygon(patch: Polygon, corners: list) -> None:
    patch.set_visible(len(corners) >= 3)
    if len(corners) >= 3:
        patch.set_xy(corners)


def _set_arrow(arrow, label, w1: float, w2: float, segment, length: float) -> None:
    """Point ``arrow`` along w from the middle of ``segment``: towards the side where z >= 0."""
    arrow.set_visible(segment is not None)
    if label is not None:
        label.set_visible(segment is not None)
    if segment is None:
        return
    (ax_, ay), (bx, by) = segment
    mx, my = (ax_ + bx) / 2, (ay + by) / 2
    norm = math.hypot(w1, w2)
    tip = (mx + length * w1 / norm, my + length * w2 / norm)
    arrow.xy = tip
    arrow.set_position((mx, my))
    if label is not None:
        # Beside the tip, shifted along the line so that it does not sit on a point.
        along = (-w2 / norm, w1 / norm)
        label.set_position((tip[0] + 1.2 * length * along[0], tip[1] + 1.2 * length * along[1]))


def _padded_box(X: np.ndarray, pad: float) -> tuple:
    (x0, y0), (x1, y1) = X.min(axis=0), X.max(axis=0)
    return (float(x0 - pad), float(x1 + pad), float(y0 - pad), float(y1 + pad))


def _label_points(ax, X, y, size=40, zorder=3):
    """One scatter per class, so each gets its legend entry."""
    out = []
    for label, (color, name) in enumerate(zip(CLASS_COLORS, ("$y = 0$", "$y = 1$"), strict=True)):
        pts = X[y == label]
        out.append(
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=size,
                c=color,
                edgecolors="black",
                linewidths=0.6,
                label=name,
                zorder=zorder,
            )
        )
    return out


# Demo 1: one line over the marbles -------------------------------------------------------------


class BoundarySlider(Demo):
    """A line w1 x1 + w2 x2 + b = 0 over labelled points, with sliders for w1, w2 and b.

    Points where z = w1 x1 + w2 x2 + b >= 0 are predicted orange (label 1), the others green
    (label 0). The orange side is shaded orange, the green side green; the blue arrow is the
    vector w, perpendicular to the line and pointing to the orange side. Misclassified points
    get a red ring, and the count and the accuracy are shown. Defaults: the marbles.
    """

    def __init__(
        self,
        X: np.ndarray | None = None,
        y: np.ndarray | None = None,
        start: tuple = (0.0, 1.0, 0.0),
        title: str | None = None,
        limit: float = 3.0,
        legend: str = "lower right",
    ):
        if X is None:
            X, y = marbles()
        self.points = [(float(a), float(b)) for a, b in X]
        self.labels = [int(t) for t in y]
        self.box = _padded_box(X, 0.5)
        self._arrow_length = 0.12 * (self.box[1] - self.box[0])

        fig = new_figure(6.4, 4.8)
        ax = fig.add_subplot()
        ax.set(
            xlim=self.box[:2],
            ylim=self.box[2:],
            xlabel="$x_1$",
            ylabel="$x_2$",
            title=_("A straight line between the marbles") if title is None else title,
            aspect="equal",
        )
        self.negative = ax.add_patch(Polygon([(0, 0)] * 3, fc=GREEN, alpha=SHADE, ec="none"))
        self.positive = ax.add_patch(Polygon([(0, 0)] * 3, fc=ORANGE, alpha=SHADE, ec="none"))
        (self.line,) = ax.plot([], [], color=BLUE, lw=2.5, label=_("boundary $z = 0$"))
        self.arrow = ax.annotate(
            "", xy=(0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": BLUE, "lw": 2}
        )
        scatters = _label_points(ax, X, y)
        self.wrong = ax.scatter(
            [],
            [],
            s=170,
            facecolors="none",
            edgecolors=RED,
            linewidths=1.8,
            zorder=4,
            label=_("on the wrong side"),
        )
        self.readout = ax.text(
            0.02,
            0.97,
            "",
            transform=ax.transAxes,
            va="top",
            size=10,
            bbox={"boxstyle": "round", "fc": "white", "ec": "0.7"},
        )
        key = ax.legend(loc=legend, fontsize=9.5, framealpha=0.9)
        animated = [self.negative, self.positive, self.line, self.arrow, *scatters, self.wrong]
        spec = {"kind": "float", "min": -limit, "max": limit, "step": 0.1}
        super().__init__(
            fig,
            alt=(
                _(
                    "Green and orange points in the plane with a blue straight line across "
                    "them. The side where w1 x1 + w2 x2 + b is at least 0 is shaded orange, "
                    "the other side green; a blue arrow, the vector w, stands on the line and"
                    " points to the orange side. Points on the wrong side have a red ring; a "
                    "box counts them."
                )
            ),
            animated=[*animated, self.readout, key],
            sliders=[
                {**spec, "description": name, "value": value}
                for name, value in zip(("w₁", "w₂", "b"), start, strict=True)
            ],
        )

    def classify(self, w1: float, w2: float, b: float) -> list[int]:
        """The class each point is given: 1 where w1 x1 + w2 x2 + b >= 0, one point at a time."""
        return [_fires(w1, w2, b, x1, x2) for x1, x2 in self.points]

    def update(self, w1: float, w2: float, b: float) -> None:
        corners = box_corners(self.box)
        _set_polygon(self.positive, side(corners, w1, w2, b, 1))
        _set_polygon(self.negative, side(corners, w1, w2, b, 0))
        segment = boundary_segment(w1, w2, b, self.box)
        self.line.set_data(*(zip(*segment, strict=True) if segment else ([], [])))
        _set_arrow(self.arrow, None, w1, w2, segment, self._arrow_length)
        given = self.classify(w1, w2, b)
        wrong = [p for p, g, t in zip(self.points, given, self.labels, strict=True) if g != t]
        self.wrong.set_offsets(np.array(wrong).reshape(-1, 2))
        n = len(self.points)
        self.n_wrong, self.accuracy = len(wrong), (n - len(wrong)) / n
        self.readout.set_text(
            _("z = {affine}\nwrong side: {wrong} of {n}    accuracy: {accuracy:.1%}").format(
                affine=_affine(w1, w2, b), wrong=len(wrong), n=n, accuracy=self.accuracy
            )
        )


# Demo 2: a 2-2-1 network of step units ---------------------------------------------------------

# The arithmetic: plain Python numbers, no figure.


def step_network(weights, x1: float, x2: float) -> tuple:
    """(z1, a1, z2, a2, z3, out) of the 2-2-1 step network for one point (x1, x2).

    ``weights`` = (w1, w2, b1, w3, w4, b2, w5, w6, b3): z1 = w1 x1 + w2 x2 + b1, a1 = step(z1);
    z2 = w3 x1 + w4 x2 + b2, a2 = step(z2); z3 = w5 a1 + w6 a2 + b3, out = step(z3).
    """
    w1, w2, b1, w3, w4, b2, w5, w6, b3 = weights
    z1, z2 = w1 * x1 + w2 * x2 + b1, w3 * x1 + w4 * x2 + b2
    a1, a2 = _fires(w1, w2, b1, x1, x2), _fires(w3, w4, b2, x1, x2)
    return z1, a1, z2, a2, w5 * a1 + w6 * a2 + b3, _fires(w5, w6, b3, a1, a2)


def network_cells(weights, polygon: list) -> dict:
    """The cells of a convex ``polygon`` by hidden code: {(a1, a2): (corners, answer)}.

    The two hidden lines cut the polygon into up to four cells (an empty one has no corners);
    ``answer`` is the output unit's step(w5 a1 + w6 a2 + b3) for the cell's code.
    """
    w1, w2, b1, w3, w4, b2, w5, w6, b3 = weights
    cells = {}
    for a1 in (0, 1):
        for a2 in (0, 1):
            corners = side(side(polygon, w1, w2, b1, a1), w3, w4, b2, a2)
            cells[(a1, a2)] = (corners, _fires(w5, w6, b3, a1, a2))
    return cells


def square_right(weights, centre: tuple, label: int, near: float) -> bool:
    """Is the network right everywhere in the square of half-side ``near`` at ``centre``?

    Every cell of positive area inside the square must give ``label``, and so must the
    square's four corners (a line may pass exactly through one).
    """
    cx, cy, r = *centre, near
    square = [(cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r), (cx - r, cy + r)]
    for corners, answer in network_cells(weights, square).values():
        if answer != label and len(corners) >= 3 and polygon_area(corners) > 1e-12:
            return False
    return all(step_network(weights, x1, x2)[-1] == label for x1, x2 in square)


@dataclass(frozen=True)
class NetworkAnswers:
    """What the step network computes on its points and on the plot's box.

    ``rows``: (z1, a1, z2, a2, z3, out) per point; ``cells``: the box's cells by hidden code,
    (corners, answer); ``n_right``: points answered with their label; ``n_squares``: points
    whose whole dotted square is answered with it (None without squares).
    """

    rows: list[tuple]
    cells: dict
    n_right: int
    n_squares: int | None


def network_answers(weights, points: list, labels: list, box: tuple, near: float | None):
    """:class:`NetworkAnswers` of the network ``weights`` on ``points`` (a list of (x1, x2))
    with ``labels`` (0 or 1 each), over ``box`` = (x0, x1, y0, y1); squares of half-side
    ``near`` around each point, or none if ``near`` is None."""
    rows = [step_network(weights, x1, x2) for x1, x2 in points]
    n_squares = None
    if near is not None:
        n_squares = sum(
            square_right(weights, p, t, near) for p, t in zip(points, labels, strict=True)
        )
    return NetworkAnswers(
        rows=rows,
        cells=network_cells(weights, box_corners(box)),
        n_right=sum(row[-1] == t for row, t in zip(rows, labels, strict=True)),
        n_squares=n_squares,
    )


# The figure: three panels, each drawing what network_answers computed.


class _InputPlane:
    """The input plane: the two hidden units' lines (each arrow points to the side where the
    unit fires, a = 1) cut it into up to four cells; each cell is shaded by the network's
    answer there (orange 1, green 0). The points, their names and their dotted squares."""

    def __init__(self, ax, X, y, points, names, near: float | None, box):
        self.box = box
        ax.set(
            xlim=box[:2],
            ylim=box[2:],
            aspect="equal",
            xlabel="$x_1$",
            ylabel="$x_2$",
            title=_("Input plane: hidden lines, answer shaded"),
        )

        def blank():
            return Polygon([(0, 0)] * 3, alpha=SHADE, ec="none")

        # Cells of the input plane, keyed by the hidden code (a1, a2).
        self.cells = {code: ax.add_patch(blank()) for code in ((0, 0), (0, 1), (1, 0), (1, 1))}
        self.lines, self.arrows, self.tags = [], [], []
        self._arrow_length = 0.1 * (box[1] - box[0])
        for k, color in ((1, BLUE), (2, PURPLE)):
            (line,) = ax.plot([], [], color=color, lw=2.2)
            arrow = ax.annotate(
                "",
                xy=(0, 0),
                xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.8},
            )
            tag = ax.text(
                0, 0, f"a{'₁₂'[k - 1]} = 1", color=color, size=10, ha="center", va="center"
            )
            self.lines.append(line)
            self.arrows.append(arrow)
            self.tags.append(tag)
        self.squares = []
        if near is not None:
            for x1, x2 in points:
                self.squares.append(
                    ax.add_patch(
                        Rectangle(
                            (x1 - near, x2 - near),
                            2 * near,
                            2 * near,
                            fill=False,
                            ec="0.35",
                            lw=0.8,
                            ls=":",
                        )
                    )
                )
        self.points = _label_points(ax, X, y)
        shift = 0.04 * (box[3] - box[2])
        self.names = [
            ax.text(x1, x2 + shift, name, size=10, ha="center", va="bottom", weight="bold")
            for (x1, x2), name in zip(points, names, strict=True)
        ]
        self.moving = [
            *self.cells.values(),
            *self.lines,
            *self.arrows,
            *self.tags,
            *self.squares,
            *self.points,
            *self.names,
        ]

    def update(self, weights, answers: NetworkAnswers) -> None:
        w1, w2, b1, w3, w4, b2 = weights[:6]
        for code, (corners, answer) in answers.cells.items():
            _set_polygon(self.cells[code], corners)
            self.cells[code].set_facecolor(CLASS_COLORS[answer])
        for k, (u1, u2, c) in enumerate(((w1, w2, b1), (w3, w4, b2))):
            segment = boundary_segment(u1, u2, c, self.box)
            self.lines[k].set_data(*(zip(*segment, strict=True) if segment else ([], [])))
            _set_arrow(self.arrows[k], self.tags[k], u1, u2, segment, self._arrow_length)


class _HiddenPlane:
    """The hidden plane: each point at its code (a1, a2), and the output unit's line with its
    two sides shaded."""

    BOX = (-0.45, 1.45, -0.45, 1.45)

    def __init__(self, ax, labels, names):
        ax.set(
            xlim=self.BOX[:2],
            ylim=self.BOX[2:],
            aspect="equal",
            xlabel=_("$a_1$ (hidden unit 1)"),
            ylabel=_("$a_2$ (hidden unit 2)"),
            xticks=[0, 1],
            yticks=[0, 1],
            title=_("Hidden plane: what the output sees"),
        )
        # The output unit's two sides, its line, the four possible codes.
        self.positive = ax.add_patch(Polygon([(0, 0)] * 3, fc=ORANGE, alpha=SHADE))
        self.negative = ax.add_patch(Polygon([(0, 0)] * 3, fc=GREEN, alpha=SHADE))
        (self.line,) = ax.plot([], [], color="0.2", lw=2.2)
        self.arrow = ax.annotate(
            "", xy=(0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": "0.2"}
        )
        ax.scatter(
            [0, 0, 1, 1], [0, 1, 0, 1], s=260, marker="s", facecolors="none", edgecolors="0.6"
        )
        self.codes = ax.scatter(
            [0] * len(labels),
            [0] * len(labels),
            s=40,
            c=[CLASS_COLORS[t] for t in labels],
            edgecolors="black",
            linewidths=0.6,
            zorder=3,
        )
        self.names = [ax.text(0, 0, n, size=9.5, ha="center") for n in names]
        # Each point sits at its code plus a small offset of its own, so none hides another.
        angles = [2 * math.pi * (i + 0.5) / len(labels) for i in range(len(labels))]
        self._offsets = [(0.13 * math.cos(a), 0.13 * math.sin(a)) for a in angles]
        self.moving = [
            self.positive,
            self.negative,
            self.line,
            self.arrow,
            self.codes,
            *self.names,
        ]

    def update(self, weights, answers: NetworkAnswers) -> None:
        w5, w6, b3 = weights[6:]
        hidden = box_corners(self.BOX)
        _set_polygon(self.positive, side(hidden, w5, w6, b3, 1))
        _set_polygon(self.negative, side(hidden, w5, w6, b3, 0))
        segment = boundary_segment(w5, w6, b3, self.BOX)
        self.line.set_data(*(zip(*segment, strict=True) if segment else ([], [])))
        _set_arrow(self.arrow, None, w5, w6, segment, 0.2)
        placed = [
            (a1 + dx, a2 + dy)
            for (_, a1, _, a2, _, _), (dx, dy) in zip(answers.rows, self._offsets, strict=True)
        ]
        self.codes.set_offsets(placed)
        for text, (px, py) in zip(self.names, placed, strict=True):
            text.set_position((px, py + 0.07))


class _NetworkTable:
    """The table of the network, layer by layer, in type as large as the axes' labels, and
    the count of points (and squares) right."""

    def __init__(self, fig, ax, points, labels, names, near: float | None):
        self.points, self.labels, self.names, self.near = points, labels, names, near
        ax.set_axis_off()
        ax.set_title(_("Layer by layer"))
        # The table is a monospace grid of one text per line, placed line by line from the
        # top. What never changes (names, inputs, labels, rules) is drawn once; only the
        # computed columns of the rows are redrawn (fewer glyphs, faster).
        self.lines: list[str] = []
        fixed, _computed = self.layers([(0.0, 0, 0.0, 0, 0.0, 0)] * len(points))
        size = TABLE_SIZE
        line_height = 1.25 * size / 72  # inches
        # Placed by hand: the layout engine need not make room for them.
        mono = {"family": "monospace", "size": size, "in_layout": False}

        def place(line: int):
            shift = ScaledTranslation(0, -(line + 1) * line_height, fig.dpi_scale_trans)
            return ax.transAxes + shift

        for k, line in enumerate(fixed):
            ax.text(0.0, 1.0, line, **mono, transform=place(k))
        # The computed part of row k, its fixed characters blanked, from column 0 like the fixed
        # part: both then advance glyph by glyph the same way (placed at a column instead, the
        # computed digits drift from the fixed rules by the rendering's rounding of advances).
        self.rows = [
            ax.text(0.0, 1.0, "", **mono, transform=place(k + 2)) for k in range(len(points))
        ]
        # The count of points right, at the top right, beside the table.
        self.readout = ax.text(
            1.0, 1.0, "", size=TABLE_SIZE, ha="right", va="top", transform=ax.transAxes
        )
        self.moving = [*self.rows, self.readout]

    def layers(self, rows) -> tuple[list[str], list[str]]:
        """The table's lines as (fixed part, computed part), two layers of the same grid.

        Each line is built from segments, (text, computed?); the fixed part blanks the
        computed segments with spaces and the computed part blanks the others.
        """
        header = "     x1   x2 │    z1 a1 │    z2 a2 │    z3 out │ y"
        lines = [[(header, False)], [("─" * len(header), False)]]
        for name, (x1, x2), row, t in zip(self.names, self.points, rows, self.labels, strict=True):
            z1, a1, z2, a2, z3, out = row
            inputs = f"{name:>2} {x1:4g} {x2:4g} │ "
            lines.append(
                [
                    (inputs, False),
                    (f"{z1:5.1f}  {a1}", True),
                    (" │ ", False),
                    (f"{z2:5.1f}  {a2}", True),
                    (" │ ", False),
                    (f"{z3:5.1f}   {out}", True),
                    (f" │ {t} ", False),
                    ("✓" if out == t else "✗", True),
                ]
            )
        lines += [
            [("", False)],
            [("z₁ = w₁x₁ + w₂x₂ + b₁,  a₁ = step(z₁)", False)],
            [("z₂ = w₃x₁ + w₄x₂ + b₂,  a₂ = step(z₂)", False)],
            [("z₃ = w₅a₁ + w₆a₂ + b₃,  out = step(z₃)", False)],
        ]
        self.lines = ["".join(text for text, _ in line) for line in lines]

        def layer(computed: bool) -> list[str]:
            return [
                "".join(text if c == computed else " " * len(text) for text, c in line)
                for line in lines
            ]

        return layer(False), layer(True)

    def update(self, answers: NetworkAnswers) -> None:
        _fixed, computed = self.layers(answers.rows)
        for text, line in zip(self.rows, computed[2 : 2 + len(answers.rows)], strict=True):
            text.set_text(line)
        n = len(answers.rows)
        text = _("right on {right} of {n} points").format(right=answers.n_right, n=n)
        if self.near is not None:
            text += "\n" + _("and on {right} of {n} dotted squares").format(
                right=answers.n_squares, n=n
            )
        self.readout.set_text(text)


class _NetworkPicture:
    """The figure of a 2-2-1 step network on a few points; ``update(*weights)`` redraws it.

    Top left, the input plane (:class:`_InputPlane`); top right, the hidden plane
    (:class:`_HiddenPlane`); below them, across the figure, the network's table
    (:class:`_NetworkTable`). What they draw is computed once per move, without a figure, by
    :func:`network_answers`.
    """

    def __init__(self, fig, X, y, names, near: float | None, box=None):
        self.points = [(float(a), float(b)) for a, b in X]
        self.labels = [int(t) for t in y]
        self.names = names or [chr(ord("A") + i) for i in range(len(self.points))]
        self.near = near
        self.box = box or _padded_box(X, 0.5)
        # Fixed-aspect panels sit flush with the figure's edge without extra padding.
        fig.get_layout_engine().set(h_pad=0.15)
        grid = fig.add_gridspec(2, 2, height_ratios=[3.3, 1.8])
        left, middle = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
        right = fig.add_subplot(grid[1, :])
        self.input_plane = _InputPlane(left, X, y, self.points, self.names, near, self.box)
        self.hidden_plane = _HiddenPlane(middle, self.labels, self.names)
        self.table_panel = _NetworkTable(fig, right, self.points, self.labels, self.names, near)
        # What the tests and the book read of the picture.
        self.cells = self.input_plane.cells
        self.codes = self.hidden_plane.codes
        self.table = self.table_panel.rows
        self.readout = self.table_panel.readout
        self.moving = [
            *self.input_plane.moving,
            *self.hidden_plane.moving,
            *self.table_panel.moving,
        ]

    @property
    def table_lines(self) -> list[str]:
        """The table's lines as last drawn, fixed and computed parts together."""
        return self.table_panel.lines

    def update(self, *weights) -> None:
        answers = network_answers(weights, self.points, self.labels, self.box, self.near)
        self.rows, self.n_right, self.n_squares = answers.rows, answers.n_right, answers.n_squares
        self.input_plane.update(weights, answers)
        self.hidden_plane.update(weights, answers)
        self.table_panel.update(answers)


# The step network's figure: as wide as a figure may be (nnlearn.figures.MAX_WIDTH), so the book
# never scales it down; its table in 11 pt type.
NETWORK_FIGSIZE = (8.5, 7.3)
TABLE_SIZE = 11.0


def _network_alt(n: int) -> str:
    """The alt text of the step network's figure, for ``n`` points."""
    return _(
        "Three panels. Top left: the input plane with {points}, two straight lines (blue for "
        "hidden unit 1, purple for hidden unit 2) with arrows pointing to the side where each "
        "unit fires, "
        "and the plane shaded orange where the network answers 1 and green where it answers 0. "
        "Top right: the same points moved to their hidden codes (a1, a2), which are corners of the "
        "unit square, with the output unit's line and its orange side. Below, across the figure: a "
        "table of z1, a1, z2, a2, z3 and the answer for each point, next to its label."
    ).format(points=_("{n} labelled points").format(n=n))


class StepNetworkSlider(Demo):
    """Nine sliders set the weights of a 2-2-1 network of step units; defaults: XOR.

    Sliders, in order: w1, w2, b1 (hidden unit 1), w3, w4, b2 (hidden unit 2), w5, w6, b3
    (output unit). ``near``: also check every point within ``near`` of each data point, in
    each coordinate (the dotted squares).
    """

    def __init__(
        self,
        X: np.ndarray | None = None,
        y: np.ndarray | None = None,
        start: tuple = XOR_START,
        names: list[str] | None = None,
        near: float | None = 0.2,
        limit: float = 3.0,
    ):
        if X is None:
            X, y = xor()
        fig = new_figure(*NETWORK_FIGSIZE)
        self.picture = _NetworkPicture(fig, X, y, names, near)
        spec = {"kind": "float", "min": -limit, "max": limit, "step": 0.05}
        super().__init__(
            fig,
            alt=_network_alt(len(X)),
            animated=self.picture.moving,
            sliders=[
                {**spec, "description": name, "value": value}
                for name, value in zip(WEIGHT_NAMES, start, strict=True)
            ],
        )

    def update(self, *weights: float) -> None:
        self.picture.update(*weights)


def plot_step_network(X, y, weights, names=None, near=None) -> None:
    """The figure of :class:`StepNetworkSlider` for fixed weights, as a still picture."""
    fig = new_figure(*NETWORK_FIGSIZE)
    picture = _NetworkPicture(fig, np.asarray(X), np.asarray(y), names, near)
    picture.update(*weights)
    show(fig, alt=_network_alt(len(X)))


# Static figures -------------------------------------------------------------------------------


def plot_marbles(X: np.ndarray | None = None, y: np.ndarray | None = None) -> None:
    """The marbles on the floor: green (label 0) and orange (label 1)."""
    if X is None:
        X, y = marbles()
    fig = new_figure(5.6, 3.8)
    ax = fig.add_subplot()
    _label_points(ax, X, y)
    ax.set(
        xlabel="$x_1$",
        ylabel="$x_2$",
        aspect="equal",
        title=_("{n} marbles: each is a row $(x_1, x_2)$ of X").format(n=len(X)),
    )
    ax.legend([_("green marbles, $y = 0$"), _("orange marbles, $y = 1$")], loc="upper left")
    show(
        fig,
        alt=(
            _(
                "{n} marbles as points in the plane: a cloud of green ones at the lower"
                " left and a cloud of orange ones at the upper right, a few of them close"
                " to each other in the middle."
            ).format(n=len(X))
        ),
    )


def plot_weights_and_boundary() -> None:
    """How w turns the line w1 x1 + w2 x2 + b = 0 and how b moves it."""
    box = (-2.2, 2.2, -2.2, 2.2)
    fig = new_figure(8.5, 3.7)
    left, right = fig.subplots(1, 2)
    turning = [(1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (-1.0, 1.0)]
    shifting = [-1.5, 0.0, 1.5]
    colors = [GREEN, BLUE, PURPLE, RED]
    for ax, title in (
        (left, _("Changing $w$ turns the line ($b = 0$)")),
        (right, _("Changing $b$ moves it ($w = (1, 1)$)")),
    ):
        ax.set(xlim=box[:2], ylim=box[2:], aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        ax.set_title(title, size=11)
        ax.axhline(0, color="0.85", lw=0.8, zorder=0)
        ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    settings = [
        (left, w, 0.0, c, f"$w = ({w[0]:g}, {w[1]:g})$")
        for w, c in zip(turning, colors, strict=True)
    ]
    settings += [
        (right, (1.0, 1.0), b, c, f"$b = {b:g}$") for b, c in zip(shifting, colors[:3], strict=True)
    ]
    for ax, (w1, w2), b, color, label in settings:
        (a, c) = boundary_segment(w1, w2, b, box)
        ax.plot([a[0], c[0]], [a[1], c[1]], color=color, lw=2, label=label)
        arrow = ax.annotate(
            "", xy=(0, 0), xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": color}
        )
        _set_arrow(arrow, None, w1, w2, (a, c), 0.6)
    left.legend(loc="lower left", fontsize=MIN_TEXT_PT)
    right.legend(loc="lower left", fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "Left: four lines through the origin, for w = (1, 0), (1, 1), (0, 1) and "
                "(-1, 1), each with a short arrow along w, perpendicular to its line: "
                "turning w turns the line. Right: three parallel lines for w = (1, 1) and"
                " b = -1.5, 0 and 1.5: changing b slides the line without turning it."
            )
        ),
    )


def plot_step() -> None:
    """The binary step: 0 for z < 0, 1 for z >= 0 (filled dot at z = 0)."""
    fig = new_figure(5.2, 2.6)
    ax = fig.add_subplot()
    ax.plot([-3, 0], [0, 0], color=BLUE, lw=2.5)
    ax.plot([0, 3], [1, 1], color=BLUE, lw=2.5)
    ax.plot([0], [0], "o", mfc="white", mec=BLUE, ms=8)
    ax.plot([0], [1], "o", color=BLUE, ms=8)
    ax.set(
        xlabel="$z$",
        ylabel=_("step($z$)"),
        yticks=[0, 1],
        ylim=(-0.3, 1.3),
        title=_("The binary step: 1 where $z \\geq 0$, else 0"),
    )
    show(
        fig,
        alt=(
            _(
                "The step function: a flat line at 0 for negative z, and a flat line at 1"
                " for z of 0 or more. At z = 0 an open circle at 0 and a filled dot at 1 "
                "show that step(0) = 1."
            )
        ),
    )


def plot_network_diagram(weights) -> None:
    """The 2-2-1 network as a graph: inputs, hidden units, output, a weight on each edge.

    ``weights``: (w1, w2, b1, w3, w4, b2, w5, w6, b3), in the order of the demo's sliders.
    """
    w1, w2, b1, w3, w4, b2, w5, w6, b3 = weights
    nodes = {
        "x1": (0.0, 1.6, "$x_1$"),
        "x2": (0.0, 0.0, "$x_2$"),
        "a1": (2.2, 1.6, f"$a_1$\nb₁ = {b1:g}"),
        "a2": (2.2, 0.0, f"$a_2$\nb₂ = {b2:g}"),
        "y": (4.4, 0.8, f"$\\hat y$\nb₃ = {b3:g}"),
    }
    edges = [
        ("x1", "a1", "w₁", w1, 0.5),
        ("x2", "a1", "w₂", w2, 0.3),
        ("x1", "a2", "w₃", w3, 0.3),
        ("x2", "a2", "w₄", w4, 0.5),
        ("a1", "y", "w₅", w5, 0.5),
        ("a2", "y", "w₆", w6, 0.5),
    ]
    fig = new_figure(6.4, 3.2)
    ax = fig.add_subplot()
    ax.set(xlim=(-0.6, 5.0), ylim=(-0.6, 2.3), xticks=[], yticks=[], aspect="equal")
    ax.set_title(_("A 2-2-1 network of step units"), size=11)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for start, end, name, value, where in edges:
        (x0, y0, _r0), (x1, y1, _r1) = nodes[start][:3], nodes[end][:3]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={"arrowstyle": "-|>", "color": "0.5", "shrinkA": 19, "shrinkB": 19},
        )
        ax.text(
            x0 + where * (x1 - x0),
            y0 + where * (y1 - y0),
            f"{name} = {value:g}",
            ha="center",
            va="center",
            size=MIN_TEXT_PT,
            color=RED,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
        )
    for x, y, text in nodes.values():
        ax.add_patch(Circle((x, y), 0.42, fc=PALE_BLUE, ec="0.3"))
        ax.text(x, y, text, ha="center", va="center", size=MIN_TEXT_PT)
    ax.text(1.1, -0.55, _("hidden units: $a = $ step$(z)$"), ha="center", size=9.5, color="0.3")
    show(
        fig,
        alt=(
            _(
                "A network drawn as a graph: inputs x1 and x2 on the left, hidden units "
                "a1 and a2 in the middle, the output y-hat on the right. Each arrow "
                "carries its weight: w1 = {w1:g} and w2 = {w2:g} into a1, w3 = {w3:g} and"
                " w4 = {w4:g} into a2, w5 = {w5:g} and w6 = {w6:g} into the output; the "
                "biases are {b1:g}, {b2:g} and {b3:g}."
            ).format(w1=w1, w2=w2, w3=w3, w4=w4, w5=w5, w6=w6, b1=b1, b2=b2, b3=b3)
        ),
    )
