"""Demos and figures of the gradient-descent chapter.

* :class:`Descent1D`: sliders for the learning rate, the starting point and the number of steps
  draw the path of gradient descent on the curve L(w) = (w - 1)^2, with the loss per step.
* :class:`DescentValley`: the same on a long, narrow valley in two dimensions, a quadratic whose
  curvature is 10 times larger across the valley than along it.
* :func:`plot_foggy_mountain` and :func:`plot_finite_differences`: the chapter's still figures.
* :func:`plot_steepest_descent`: on the valley's contour map, the gradient at a point is at right
  angles to the contour line, and the slope along a direction u, the directional derivative
  grad L . u, is smallest for u = -grad L / |grad L| (:func:`directional_slopes`).

The paths are not computed by running gradient descent (that is an exercise). On a quadratic
loss the iterates have a closed form: along each principal direction i of curvature kappa_i, one
step multiplies the distance to the minimum by (1 - lr kappa_i), so after t steps

    w_t = w* + (1 - lr kappa_i)^t (w_0 - w*)      (in that direction).
"""

from __future__ import annotations

import math

import numpy as np

from nnlearn.demos.base import Demo
from nnlearn.figures import BLUE, GREY, MIN_TEXT_PT, ORANGE, RED, new_figure, show
from nnlearn.i18n import gettext as _

__all__ = [
    "Descent1D",
    "DescentValley",
    "Quadratic",
    "directional_slopes",
    "plot_finite_differences",
    "plot_foggy_mountain",
    "plot_path_on_mountain",
    "plot_steepest_descent",
]

LOSS_RANGE = (1e-8, 1e5)  # the loss-per-step panels


class Quadratic:
    """L(w) = 1/2 sum_i kappa_i ((w - w*) . u_i)^2: curvatures kappa_i along orthonormal u_i.

    ``curvatures`` (the kappa_i), ``minimum`` (w*) and ``angle`` (radians; in 2-D the first
    direction is (cos angle, sin angle)). In 1-D, L(w) = kappa/2 (w - w*)^2.
    """

    def __init__(self, curvatures, minimum, angle: float = 0.0):
        self.curvatures = np.asarray(curvatures, dtype=float)
        self.minimum = np.asarray(minimum, dtype=float)
        if self.curvatures.size == 1:
            self.directions = np.ones((1, 1))
        else:
            c, s = math.cos(angle), math.sin(angle)
            self.directions = np.array([[c, -s], [s, c]])  # column i is u_i

    def loss(self, w) -> np.ndarray:
        """L at one point w or at many (the last axis holds the coordinates)."""
        coords = (np.asarray(w, dtype=float) - self.minimum) @ self.directions
        return 0.5 * np.sum(self.curvatures * coords**2, axis=-1)

    def gradient(self, w) -> np.ndarray:
        """The gradient of L at one point w: sum_i kappa_i ((w - w*) . u_i) u_i."""
        coords = (np.asarray(w, dtype=float) - self.minimum) @ self.directions
        return (self.curvatures * coords) @ self.directions.T

    def factors(self, lr: float) -> np.ndarray:
        """How one step shrinks (|f| < 1) or grows (|f| > 1) the distance along each u_i."""
        return 1.0 - lr * self.curvatures

    def path(self, lr: float, w0, n_steps: int) -> np.ndarray:
        """w_0, ..., w_n of gradient descent from w0, from the closed form; shape (n + 1, d)."""
        start = (np.asarray(w0, dtype=float).reshape(-1) - self.minimum) @ self.directions
        powers = self.factors(lr)[None, :] ** np.arange(n_steps + 1)[:, None]
        return self.minimum + (powers * start) @ self.directions.T

    def threshold(self) -> float:
        """The largest learning rate that does not diverge: 2 / (largest curvature)."""
        return 2.0 / float(np.max(self.curvatures))


def _regime(factor: float) -> str:
    """What repeated multiplication by ``factor`` does to a distance, in a few words."""
    if abs(factor) > 1 + 1e-9:
        return _("diverges")
    if abs(factor) > 1 - 1e-9:
        return _("bounces forever") if factor < 0 else _("never moves")
    if abs(factor) < 1e-9:
        return _("lands in one step")
    if factor < 0:
        return _("overshoots, zigzags in")
    return _("crawls in") if factor > 0.9 else _("converges")


def _loss_panel(ax, max_steps: int):
    ax.set(
        yscale="log",
        xlim=(0, max_steps),
        ylim=LOSS_RANGE,
        xlabel=_("step t"),
        ylabel=_("loss L(w_t)"),
        title=_("Loss per step (log scale)"),
    )
    (line,) = ax.plot([], [], "o-", color=RED, ms=3, lw=1)
    return line


def _clipped(values: np.ndarray) -> np.ndarray:
    """Losses drawn on a log axis: 0 and overflow stay inside the panel's range."""
    return np.clip(values, 1e-300, 1e300)


class Descent1D(Demo):
    """Gradient descent on L(w) = (w - 1)^2: the path on the curve, and the loss per step.

    The curvature is kappa = 2 (L'' = 2), so each step multiplies w - 1 by 1 - 2 lr: the path
    converges for 0 < lr < 1 = 2/kappa and diverges above.
    """

    def __init__(self, lr: float = 0.1, w0: float = -2.5, n_steps: int = 10, max_steps: int = 30):
        self.quadratic = Quadratic([2.0], [1.0])
        grid = np.linspace(-4.0, 6.0, 201)
        fig = new_figure(8.5, 3.9)
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        left.plot(grid, self.quadratic.loss(grid[:, None]), color="0.3", label="L(w) = (w - 1)²")
        left.plot([1.0], [0.0], "*", color="k", ms=11, label=_("minimum"))
        (self.path_line,) = left.plot([], [], "-", color=RED, lw=1, alpha=0.7)
        (self.dots,) = left.plot([], [], "o", color=RED, ms=5, label="w_t")
        (self.start,) = left.plot([], [], "o", color=BLUE, ms=9, label=_("start w_0"))
        self.readout = left.text(
            0.02,
            0.97,
            "",
            transform=left.transAxes,
            va="top",
            size=MIN_TEXT_PT,
            bbox={"fc": "white", "ec": "none", "alpha": 0.8},
        )
        left.set(xlim=(-4, 6), ylim=(-1, 38), xlabel=_("weight w"), ylabel=_("loss L(w)"))
        left.set_title(_("Gradient descent on a 1-D loss curve"))
        # Below the axes: the readout needs the top of the panel.
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=4, fontsize=MIN_TEXT_PT)
        self.loss_line = _loss_panel(right, max_steps)
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: the parabola L(w) = (w - 1)^2 with its minimum at w = 1, a blue "
                    "start point and red dots joined by lines for each step of gradient "
                    "descent. Right: the loss at each step on a log scale, falling when the "
                    "steps converge and rising when they diverge."
                )
            ),
            animated=[self.path_line, self.dots, self.start, self.readout, self.loss_line],
            sliders=[
                {
                    "kind": "float",
                    "min": 0.02,
                    "max": 1.2,
                    "step": 0.01,
                    "description": "η",
                    "value": lr,
                },
                {
                    "kind": "float",
                    "min": -3.5,
                    "max": 5.5,
                    "step": 0.1,
                    "description": _("start"),
                    "value": w0,
                },
                {
                    "kind": "int",
                    "min": 0,
                    "max": max_steps,
                    "description": _("steps"),
                    "value": n_steps,
                },
            ],
        )

    def update(self, lr: float, w0: float, n_steps: int) -> None:
        path = self.quadratic.path(lr, [w0], int(n_steps))[:, 0]
        losses = self.quadratic.loss(path[:, None])
        self.path_line.set_data(path, losses)
        self.dots.set_data(path[1:], losses[1:])
        self.start.set_data(path[:1], losses[:1])
        self.loss_line.set_data(np.arange(len(path)), _clipped(losses))
        factor = float(self.quadratic.factors(lr)[0])
        self.readout.set_text(
            _(
                "η = {lr:.2f}   (2/κ = {threshold:g})\n"
                "each step multiplies w - 1 by 1 - 2η = {factor:+.2f}:\n"
                "{regime}\n"
                "after {n_steps} steps: w = {path:.4g}, L = {losses:.3g}"
            ).format(
                lr=lr,
                threshold=self.quadratic.threshold(),
                factor=factor,
                regime=_regime(factor),
                n_steps=int(n_steps),
                path=path[-1],
                losses=losses[-1],
            )
        )


def valley() -> Quadratic:
    """The narrow valley of :class:`DescentValley`: curvatures 1 along and 10 across, at 25°."""
    return Quadratic([1.0, 10.0], [1.0, 0.5], angle=math.radians(25))


VALLEY_BOX = ((-4.5, 5.5), (-3.5, 4.5))  # the valley's map: w1 range, w2 range


def _valley_map(ax, quadratic: Quadratic, title: str, linewidths: float = 0.9):
    """Contours of the valley on ``ax``, its minimum as a star, equal axes. Returns the grid
    (w1 values, w2 values, losses with one row per w2) over :data:`VALLEY_BOX`."""
    (x0, x1), (y0, y1) = VALLEY_BOX
    xs, ys = np.linspace(x0, x1, 161), np.linspace(y0, y1, 129)
    heights = quadratic.loss(np.stack(np.meshgrid(xs, ys), axis=-1))
    levels = np.geomspace(0.05, heights.max(), 14)
    ax.contour(xs, ys, heights, levels=levels, cmap="viridis", linewidths=linewidths)
    ax.plot(*quadratic.minimum, "*", color="k", ms=11, label=_("minimum"))
    ax.set(
        xlim=(x0, x1),
        ylim=(y0, y1),
        aspect="equal",
        xlabel=_("weight w1"),
        ylabel=_("weight w2"),
        title=title,
    )
    return xs, ys, heights


class DescentValley(Demo):
    """Gradient descent on a narrow valley: L(w) = 1/2 (u1^2 + 10 u2^2) in rotated coordinates.

    The curvatures are 1 along the valley and 10 across it, so the learning rate must stay below
    2/10 = 0.2 (the steep direction), and along the valley each step only removes the fraction
    lr of the remaining distance: a large condition number (10) makes descent slow.
    """

    def __init__(
        self,
        lr: float = 0.15,
        start: tuple[float, float] = (-3.5, 2.0),
        n_steps: int = 20,
        max_steps: int = 60,
    ):
        self.quadratic = valley()
        fig = new_figure(8.5, 3.5)
        left, right = fig.subplots(1, 2, width_ratios=[1.3, 1])
        title = _("Gradient descent in a narrow valley (contours of L)")
        _valley_map(left, self.quadratic, title)
        (self.path_line,) = left.plot([], [], "o-", color=RED, ms=3.5, lw=1, label="w_t")
        (self.start,) = left.plot([], [], "o", color=BLUE, ms=9, label=_("start w_0"))
        self.readout = left.text(
            0.02,
            0.97,
            "",
            transform=left.transAxes,
            va="top",
            size=9.5,
            bbox={"fc": "white", "ec": "none", "alpha": 0.8},
        )
        left.legend(loc="lower right", fontsize=MIN_TEXT_PT)
        self.loss_line = _loss_panel(right, max_steps)
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: elliptical contour lines of a loss over two weights, a valley ten "
                    "times steeper across than along, tilted by 25 degrees, with its minimum "
                    "marked by a star; a blue start point and the red path of gradient "
                    "descent, which zigzags across the valley when the learning rate is "
                    "large. Right: the loss at each step on a log scale."
                )
            ),
            animated=[self.path_line, self.start, self.readout, self.loss_line],
            sliders=[
                {
                    "kind": "float",
                    "min": 0.005,
                    "max": 0.25,
                    "step": 0.005,
                    "description": "η",
                    "value": lr,
                    "readout_format": ".3f",
                },
                {
                    "kind": "float",
                    "min": -4.0,
                    "max": 5.0,
                    "step": 0.1,
                    "description": _("start w1"),
                    "value": start[0],
                },
                {
                    "kind": "float",
                    "min": -3.0,
                    "max": 4.0,
                    "step": 0.1,
                    "description": _("start w2"),
                    "value": start[1],
                },
                {
                    "kind": "int",
                    "min": 0,
                    "max": max_steps,
                    "description": _("steps"),
                    "value": n_steps,
                },
            ],
        )

    def update(self, lr: float, w1: float, w2: float, n_steps: int) -> None:
        path = self.quadratic.path(lr, [w1, w2], int(n_steps))
        losses = self.quadratic.loss(path)
        self.path_line.set_data(path[:, 0], path[:, 1])
        self.start.set_data(path[:1, 0], path[:1, 1])
        self.loss_line.set_data(np.arange(len(path)), _clipped(losses))
        along, across = self.quadratic.factors(lr)
        self.readout.set_text(
            _(
                "η = {lr:.3f}   (2/κ_max = {threshold:g})\n"
                "along (κ = 1): × {along:+.3f}, {regime}\n"
                "across (κ = 10): × {across:+.3f}, {regime2}\n"
                "after {n_steps} steps: L = {losses:.3g}"
            ).format(
                lr=lr,
                threshold=self.quadratic.threshold(),
                along=along,
                regime=_regime(along),
                across=across,
                regime2=_regime(across),
                n_steps=int(n_steps),
                losses=losses[-1],
            )
        )


# -- still figures -----------------------------------------------------------------------------


def _bumpy(w: float) -> float:
    """The loss of the foggy-mountain picture: two valleys, the left one deeper."""
    return 0.05 * w**4 - 0.6 * w**2 + 0.35 * w + 3.0


def _bumpy_slope(w: float) -> float:
    return 0.2 * w**3 - 1.2 * w + 0.35


def plot_foggy_mountain(position: float = 2.9, view: float = 0.7) -> None:
    """The error mountain in fog: only the slope near where you stand is visible."""
    grid = np.linspace(-3.6, 3.6, 289)
    fig = new_figure(8, 3.4)
    ax = fig.add_subplot()
    ax.plot(grid, [_bumpy(w) for w in grid], color="0.25")
    ax.axvspan(-3.6, position - view, color="white", alpha=0.88, zorder=2)
    ax.axvspan(position + view, 3.6, color="white", alpha=0.88, zorder=2)
    height, slope = _bumpy(position), _bumpy_slope(position)
    ax.plot(
        [position - 0.9, position + 0.9],
        [height - 0.9 * slope, height + 0.9 * slope],
        color=RED,
        lw=1.5,
        zorder=3,
        label=_("the slope where you stand: {slope:+.2f}").format(slope=slope),
    )
    ax.plot([position], [height], "o", color=BLUE, ms=10, zorder=4, label=_("you"))
    ax.annotate(
        "",
        (position - 0.8, height - 0.8 * slope),
        (position, height),
        arrowprops={"arrowstyle": "-|>", "color": BLUE, "lw": 2},
        zorder=4,
    )
    ax.text(-1.1, 4.6, _("fog"), size=22, color="0.6", ha="center", zorder=3)
    ax.set(
        xlim=(-3.6, 3.6),
        ylim=(0, 6.2),
        xlabel=_("weight w"),
        ylabel=_("loss L(w)"),
        title=_("Descending the error mountain in fog"),
    )
    ax.legend(loc="upper left", fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "A loss curve with two valleys, mostly hidden behind white fog. Only a "
                "short stretch around a blue dot (you) on the right slope is visible, "
                "with a red tangent line that rises to the right and a blue arrow "
                "pointing down the slope, to the left."
            )
        ),
    )


def plot_finite_differences(x: float = 1.0) -> None:
    """Error of the forward and central difference estimates of d/dx e^x at x, against h."""
    steps = np.logspace(-13, 0, 131)
    exact = math.exp(x)
    forward = [abs((math.exp(x + h) - math.exp(x)) / h - exact) for h in steps]
    central = [abs((math.exp(x + h) - math.exp(x - h)) / (2 * h) - exact) for h in steps]
    fig = new_figure(7.5, 4)
    ax = fig.add_subplot()
    ax.loglog(steps, np.maximum(forward, 1e-17), color=BLUE, label=_("forward (f(x+h) − f(x)) / h"))
    ax.loglog(
        steps, np.maximum(central, 1e-17), color=RED, label=_("central (f(x+h) − f(x−h)) / 2h")
    )
    ax.loglog(steps, exact * steps / 2, color=BLUE, ls=":", lw=1, label="h f''/2")
    ax.loglog(steps, exact * steps**2 / 6, color=RED, ls=":", lw=1, label="h² f'''/6")
    ax.axvline(1e-5, color="0.5", lw=0.8, ls="--")
    ax.text(1.3e-5, 3e-15, "h = 1e-5", size=MIN_TEXT_PT, color="0.4")
    ax.set(
        ylim=(1e-16, 10),
        xlabel=_("step h"),
        ylabel=_("|estimate − true slope|"),
        title=_("Estimating the slope of e^x at x = {x:g}: error against the step h").format(x=x),
    )
    ax.legend(loc="lower left", fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "Log-log plot of the error of two slope estimates against the step h. "
                "Going right to left, the forward-difference error falls in proportion to"
                " h and the central-difference error in proportion to h squared, much "
                "faster; below some h both rise again, jagged, because of rounding. The "
                "central difference is best near h = 1e-5, with an error around 1e-11."
            )
        ),
    )


def plot_path_on_mountain(path) -> None:
    """Draw a path of weights (shape (k, 2)) on the error mountain of the previous chapter."""
    from nnlearn.demos.objectives import dataset, marble_losses

    X, y = dataset()
    ticks = np.linspace(-4.0, 8.0, 41)
    heights = [[marble_losses(a, b, X, y)[0] for a in ticks] for b in ticks]
    path = np.asarray(path, dtype=float)
    fig = new_figure(6, 5)
    ax = fig.add_subplot()
    levels = np.quantile(heights, np.linspace(0, 1, 17))
    filled = ax.contourf(ticks, ticks, heights, levels=levels, cmap="viridis")
    fig.colorbar(filled, ax=ax, label=_("mean squared error"), format="%.2f")
    ax.plot(path[:, 0], path[:, 1], "o-", color=RED, ms=3, lw=1, label=_("your path"))
    ax.plot(*path[0], "o", color=BLUE, ms=9, label=_("start"))
    ax.set(
        xlim=(-4, 8),
        ylim=(-4, 8),
        aspect="equal",
        xlabel=_("weight w1"),
        ylabel=_("weight w2"),
        title=_("{value} steps of gradient descent").format(value=len(path) - 1),
    )
    ax.legend(loc="lower right", fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "The contour map of the mean squared error over the weights w1 and w2, "
                "with the path of gradient descent drawn as red dots joined by lines, "
                "from a blue start point down into the basin."
            )
        ),
    )


STEEPEST_POINT = (-2.5, 1.0)


def directional_slopes(quadratic: Quadratic, point, count: int = 24, eps: float = 1e-4):
    """Slopes of L at ``point`` along ``count`` unit directions u at equal angles.

    Returns (angles in degrees from 0 to 360, the slopes grad L . u, the same slopes measured
    by central differences (L(w + eps u) - L(w - eps u)) / (2 eps)).
    """
    point = np.asarray(point, dtype=float)
    angles = np.linspace(0.0, 360.0, count, endpoint=False)
    units = np.column_stack([np.cos(np.radians(angles)), np.sin(np.radians(angles))])
    slopes = units @ quadratic.gradient(point)
    ahead, behind = quadratic.loss(point + eps * units), quadratic.loss(point - eps * units)
    return angles, slopes, (ahead - behind) / (2 * eps)


def plot_steepest_descent(point=STEEPEST_POINT) -> None:
    """Contours of the valley with the gradient at a point (left); the slope along every
    direction against its angle, smallest along -grad L (right)."""
    quadratic = valley()
    point = np.asarray(point, dtype=float)
    norm = float(np.linalg.norm(quadratic.gradient(point)))
    up = quadratic.gradient(point) / norm
    along = np.array([-up[1], up[0]])  # at right angles to the gradient: the contour's tangent
    fig = new_figure(8.5, 4.8)
    left, right = fig.subplots(1, 2, width_ratios=[1.2, 1])
    title = _("The gradient is at right angles\nto the contour")
    xs, ys, heights = _valley_map(left, quadratic, title, linewidths=0.8)
    left.contour(xs, ys, heights, levels=[quadratic.loss(point)], colors="0.15", linewidths=1.4)
    tangent = np.column_stack([point - 2.2 * along, point + 2.2 * along])
    left.plot(*tangent, "--", color=ORANGE, lw=2, label=_("along the contour: slope 0"))
    for direction, color, label in [
        (up, RED, _("∇L: steepest up")),
        (-up, BLUE, _("−∇L: steepest down")),
    ]:
        left.annotate(
            "",
            point + 1.5 * direction,
            point,
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.4},
        )
        left.plot([], [], color=color, lw=2.4, label=label)
    to_minimum = np.column_stack([point, quadratic.minimum])
    left.plot(*to_minimum, ":", color="0.2", lw=1.2, label=_("straight to the minimum"))
    left.plot(*point, "o", color="k", ms=6)
    left.legend(loc="lower right", fontsize=MIN_TEXT_PT)

    angles, _slopes, measured = directional_slopes(quadratic, point)
    fine = np.linspace(0.0, 360.0, 361)
    toward = float(np.degrees(np.arctan2(up[1], up[0])) % 360)
    right.plot(
        fine, norm * np.cos(np.radians(fine - toward)), color="0.3", label=_("∇L · u = |∇L| cos θ")
    )
    right.plot(
        angles,
        measured,
        "o",
        color="0.3",
        mfc="white",
        ms=5,
        label=_("measured (central differences)"),
    )
    right.axhline(0.0, color=GREY, lw=0.8)
    flat = [(toward + 90.0) % 360, (toward + 270.0) % 360]
    right.plot(flat, [0.0, 0.0], "D", color=ORANGE, ms=7, label=_("along the contour: 0"))
    right.plot(
        [toward],
        [norm],
        "^",
        color=RED,
        ms=10,
        label=_("u along ∇L: +|∇L| = {norm:.1f}").format(norm=norm),
    )
    down = (toward + 180.0) % 360
    right.plot(
        [down],
        [-norm],
        "v",
        color=BLUE,
        ms=10,
        label=_("u along −∇L: −|∇L| = {value:.1f}").format(value=-norm),
    )
    right.set(
        xlim=(0, 360),
        ylim=(-1.25 * norm, 1.8 * norm),
        xticks=range(0, 361, 90),
        xlabel=_("direction of the unit vector u (degrees)"),
        ylabel=_("slope of L along u"),
        title=_("The slope in every direction"),
    )
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=MIN_TEXT_PT, ncols=2)
    show(
        fig,
        alt=(
            _(
                "Left: elliptical contour lines of the narrow valley, the contour through"
                " a point drawn in black, a red arrow from the point for the gradient and"
                " a blue arrow for minus the gradient, both at right angles to a dashed "
                "line along the contour; a dotted line from the point to the minimum "
                "leans away from the blue arrow. Right: the slope of the loss along a "
                "unit direction against its angle, a cosine wave whose dots (measured by "
                "central differences) lie on it; it is lowest, minus the length of the "
                "gradient, in the direction of minus the gradient, and zero at the two "
                "directions along the contour."
            )
        ),
    )
