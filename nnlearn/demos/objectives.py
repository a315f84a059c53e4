"""Demos and figures of the objective-functions chapter.

The chapter's model looks at a marble (a photo, reduced to two numbers x1, x2), computes the
score z = w1 x1 + w2 x2 and answers (1 - p, p) with p = 1 / (1 + e^-z): its probabilities for
"dog" and "cat". The targets are (1, 0) for a dog and (0, 1) for a cat.

* :class:`WeightAndBoundary`: a slider on w1 moves the decision boundary over the marbles and a
  point along the loss curves (linked views).
* :class:`ErrorMountain`: two sliders move a point over the loss as a function of (w1, w2),
  with the boundary those weights draw.
* :func:`plot_two_boundaries` and :func:`plot_loss_by_confidence`: the chapter's still figures.

Everything is computed one marble at a time with plain arithmetic (:func:`marble_losses`), never
with the vectorised loss functions the students write.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import Polygon

from nnlearn.datasets import marbles
from nnlearn.demos.base import Demo
from nnlearn.figures import BLUE, GREEN, MIN_TEXT_PT, ORANGE, RED, new_figure, show
from nnlearn.i18n import N_
from nnlearn.i18n import gettext as _

__all__ = [
    "ErrorMountain",
    "WeightAndBoundary",
    "dataset",
    "mountain_loss",
    "marble_losses",
    "plot_loss_by_confidence",
    "plot_two_boundaries",
]

FLOOR = (-3.6, 3.6)  # the marbles' floor, both axes
DATA = {"n_per_class": 20, "seed": 3, "spread": 0.8}


def dataset() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's 40 marbles: X (40, 2); y (40,) is 0 for a dog photo and 1 for a cat photo.

    The two clouds overlap, so no boundary gets every marble right and the losses have their
    lowest point at finite weights.
    """
    return marbles(**DATA)


def _cat_probability(z: float) -> float:
    """p = 1 / (1 + e^-z), for one score, without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _minus_log_probability(z: float, label: float) -> float:
    """-log of the probability the model gives to ``label``: log(1 + e^-z) for a cat, log(1 + e^z)
    for a dog, computed without overflow."""
    u = -z if label == 1.0 else z
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


def marble_losses(w1: float, w2: float, X, y) -> tuple[float, float, int]:
    """(mean squared error, cross-entropy, number misclassified) of the weights on the marbles.

    One marble at a time: its answer (1 - p, p), its target (1 - label, label), half the sum of
    the two squared differences, and minus the log of the probability of the right answer. A
    marble is misclassified when the model's larger probability is the wrong animal (z >= 0
    means "cat").
    """
    squared = cross = 0.0
    wrong = 0
    for (x1, x2), label in zip(np.asarray(X).tolist(), np.asarray(y).tolist(), strict=True):
        z = w1 * x1 + w2 * x2
        p = _cat_probability(z)
        squared += 0.5 * (((1.0 - p) - (1.0 - label)) ** 2 + (p - label) ** 2)
        cross += _minus_log_probability(z, label)
        wrong += (z >= 0) != (label == 1.0)
    n = len(y)
    return squared / n, cross / n, wrong


def mountain_loss(w) -> float:
    """The mean squared error of the chapter's model on :func:`dataset`, at w = (w1, w2)."""
    X, y = dataset()
    return marble_losses(float(w[0]), float(w[1]), X, y)[0]


def _half_plane(w1: float, w2: float, box: tuple[float, float]) -> np.ndarray:
    """Corners of the part of the square box x box where w1 x1 + w2 x2 >= 0 (may be empty)."""
    lo, hi = box
    corners = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]
    kept = []
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        za, zb = w1 * ax + w2 * ay, w1 * bx + w2 * by
        if za >= 0:
            kept.append((ax, ay))
        if (za >= 0) != (zb >= 0):  # the boundary crosses this edge of the box
            t = za / (za - zb)
            kept.append((ax + t * (bx - ax), ay + t * (by - ay)))
    return np.array(kept, dtype=float).reshape(-1, 2)


class _Floor:
    """The marbles and the boundary w1 x1 + w2 x2 = 0 on ``ax``: the cat side shaded, each
    marble drawn with an area that grows with its own squared error, misclassified ones
    ringed."""

    def __init__(self, ax, X, y):
        self.X, self.y = X, y
        self.shade = Polygon(np.zeros((0, 2)), closed=True, color=ORANGE, alpha=0.12, lw=0)
        ax.add_patch(self.shade)
        (self.line,) = ax.plot([], [], color="0.15", lw=1.5, label=_("decision boundary"))
        dogs, cats = X[y == 0], X[y == 1]
        self.dogs = ax.scatter(dogs[:, 0], dogs[:, 1], color=GREEN, label=_("dog (target (1, 0))"))
        self.cats = ax.scatter(
            cats[:, 0], cats[:, 1], color=ORANGE, marker="s", label=_("cat (target (0, 1))")
        )
        self.wrong = ax.scatter(
            [], [], s=240, facecolors="none", edgecolors=RED, lw=1.5, label=_("misclassified")
        )
        ax.set(
            xlim=FLOOR,
            ylim=FLOOR,
            aspect="equal",
            xlabel="$x_1$",
            ylabel="$x_2$",
            title=_("The marbles (area = its error)"),
        )
        ax.legend(loc="lower right", fontsize=MIN_TEXT_PT)
        self.artists = [self.shade, self.line, self.dogs, self.cats, self.wrong]

    def update(self, w1: float, w2: float) -> None:
        norm = math.hypot(w1, w2)
        if norm == 0:
            self.line.set_data([], [])
        else:
            dx, dy = -w2 / norm, w1 / norm  # along the boundary
            self.line.set_data([-10 * dx, 10 * dx], [-10 * dy, 10 * dy])
        self.shade.set_xy(_half_plane(w1, w2, FLOOR))
        sizes, wrong = [], []
        for (x1, x2), label in zip(self.X.tolist(), self.y.tolist(), strict=True):
            z = w1 * x1 + w2 * x2
            p = _cat_probability(z)
            sizes.append(12.0 + 300.0 * (p - label) ** 2)  # (p - label)^2 is its error
            if (z >= 0) != (label == 1.0):
                wrong.append((x1, x2))
        sizes = np.array(sizes)
        self.dogs.set_sizes(sizes[self.y == 0])
        self.cats.set_sizes(sizes[self.y == 1])
        self.wrong.set_offsets(np.array(wrong, dtype=float).reshape(-1, 2))


class WeightAndBoundary(Demo):
    """One weight, two linked views: the boundary on the marbles, and the losses against w1.

    w2 stays fixed. Left: the marbles and the boundary w1 x1 + w2 x2 = 0. Right: the mean
    squared error, the cross-entropy and the fraction of misclassified marbles as functions of
    w1, with the current weight marked on each.
    """

    def __init__(self, w2: float = 1.5, lo: float = -4.0, hi: float = 8.0, start: float = -1.0):
        self.X, self.y = dataset()
        self.w2 = float(w2)
        grid = np.linspace(lo, hi, 241)
        curves = np.array([marble_losses(w1, self.w2, self.X, self.y) for w1 in grid])
        self.n = len(self.y)

        fig = new_figure(8.5, 3.7)
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.25])
        self.floor = _Floor(left, self.X, self.y)
        right.plot(grid, curves[:, 1], color=BLUE, label=_("cross-entropy"))
        right.plot(grid, curves[:, 0], color=RED, label=_("mean squared error"))
        right.plot(
            grid,
            curves[:, 2] / self.n,
            color="0.45",
            lw=1,
            ds="steps-mid",
            label=_("misclassified"),
        )
        (self.ce_point,) = right.plot([], [], "o", color=BLUE, ms=8)
        (self.mse_point,) = right.plot([], [], "o", color=RED, ms=8)
        self.marker = right.axvline(lo, color="0.3", lw=0.8, ls=":")
        self.readout = right.text(
            0.02, 0.97, "", transform=right.transAxes, va="top", size=MIN_TEXT_PT
        )
        right.set(
            xlim=(lo, hi),
            ylim=(0, 1.6),
            xlabel=_("weight w1"),
            ylabel=_("loss (averaged over the marbles)"),
            title=_("The losses as functions of w1 (w2 = {w2:g})").format(w2=self.w2),
        )
        right.legend(loc="upper right", fontsize=MIN_TEXT_PT)
        animated = [self.ce_point, self.mse_point, self.marker, self.readout]
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: green dog marbles and orange cat marbles on a floor, a straight "
                    "decision boundary through the origin with the cat side shaded, "
                    "misclassified marbles ringed in red, and each marble's size growing with"
                    " its error. Right: the cross-entropy, the mean squared error and the "
                    "fraction of misclassified marbles plotted against the weight w1; dots "
                    "mark the current weight. The two losses are smooth valleys; the "
                    "misclassified fraction is a staircase."
                )
            ),
            animated=[*self.floor.artists, *animated],
            sliders=[
                {
                    "kind": "float",
                    "min": lo,
                    "max": hi,
                    "step": 0.05,
                    "description": "w1",
                    "value": start,
                }
            ],
        )

    def update(self, w1: float) -> None:
        w1 = float(w1)
        mse, ce, wrong = marble_losses(w1, self.w2, self.X, self.y)
        self.floor.update(w1, self.w2)
        self.mse_point.set_data([w1], [mse])
        self.ce_point.set_data([w1], [min(ce, 1.58)])
        self.marker.set_xdata([w1, w1])
        self.readout.set_text(
            _(
                "w1 = {w1:.2f}:  {wrong} of {n} misclassified\n"
                "mean squared error {mse:.4f}\n"
                "cross-entropy {ce:.4f}"
            ).format(w1=w1, wrong=wrong, n=self.n, mse=mse, ce=ce)
        )


LOSS_NAMES = {"mse": N_("mean squared error"), "cross_entropy": N_("cross-entropy")}


class ErrorMountain(Demo):
    """The loss over two weights, drawn as a map with contour lines; sliders move a point on it.

    Left: the loss as a function of (w1, w2) ("the error mountain"), the current point and the
    lowest point of the grid. Right: the boundary those two weights draw on the marbles.
    """

    def __init__(
        self,
        loss: str = "mse",
        lo: float = -4.0,
        hi: float = 8.0,
        n_grid: int = 49,
        start: tuple[float, float] = (-2.0, 5.0),
    ):
        if loss not in LOSS_NAMES:
            raise ValueError(f"loss must be one of {sorted(LOSS_NAMES)}, got {loss!r}")
        self.loss = loss
        self.X, self.y = dataset()
        column = 0 if loss == "mse" else 1
        ticks = np.linspace(lo, hi, n_grid)
        heights = np.array(
            [[marble_losses(w1, w2, self.X, self.y)[column] for w1 in ticks] for w2 in ticks]
        )
        self.grid = (ticks, heights)  # heights[i, j] is the loss at w1 = ticks[j], w2 = ticks[i]
        low = np.unravel_index(np.argmin(heights), heights.shape)
        self.lowest = (ticks[low[1]], ticks[low[0]], heights[low])

        fig = new_figure(8.5, 3.8)
        left, right = fig.subplots(1, 2, width_ratios=[1.2, 1])
        levels = np.quantile(heights, np.linspace(0, 1, 17))
        filled = left.contourf(ticks, ticks, heights, levels=levels, cmap="viridis")
        left.contour(ticks, ticks, heights, levels=levels, colors="white", linewidths=0.4)
        fig.colorbar(filled, ax=left, label=_(LOSS_NAMES[loss]), format="%.2f")
        left.plot(
            *self.lowest[:2], "*", color="white", mec="k", ms=13, label=_("lowest on the grid")
        )
        (self.point,) = left.plot(
            [], [], "o", color=RED, mec="white", ms=9, label=_("you are here")
        )
        self.readout = left.text(
            0.02, 0.97, "", transform=left.transAxes, va="top", size=MIN_TEXT_PT, color="white"
        )
        left.set(
            xlim=(lo, hi),
            ylim=(lo, hi),
            aspect="equal",
            xlabel=_("weight w1"),
            ylabel=_("weight w2"),
            title=_("The error mountain: {loss}").format(loss=_(LOSS_NAMES[loss])),
        )
        left.legend(loc="lower right", fontsize=MIN_TEXT_PT)
        self.floor = _Floor(right, self.X, self.y)
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: a contour map of the {loss} over the weights w1 and w2, high"
                    " (yellow) where the weights point the wrong way and low (dark) in a "
                    "basin around a white star, the lowest point of the grid; a red dot marks"
                    " the current weights. Right: the marbles with the decision boundary of "
                    "those weights, the cat side shaded, misclassified marbles ringed."
                ).format(loss=_(LOSS_NAMES[loss]))
            ),
            animated=[self.point, self.readout, *self.floor.artists],
            sliders=[
                {
                    "kind": "float",
                    "min": lo,
                    "max": hi,
                    "step": 0.05,
                    "description": name,
                    "value": value,
                }
                for name, value in zip(["w1", "w2"], start, strict=True)
            ],
        )

    def update(self, w1: float, w2: float) -> None:
        w1, w2 = float(w1), float(w2)
        mse, ce, wrong = marble_losses(w1, w2, self.X, self.y)
        value = mse if self.loss == "mse" else ce
        self.point.set_data([w1], [w2])
        self.floor.update(w1, w2)
        self.readout.set_text(
            _("w = ({w1:.2f}, {w2:.2f})\n{loss} {value:.4f}\n{wrong} of {n} misclassified").format(
                w1=w1,
                w2=w2,
                loss=_(LOSS_NAMES[self.loss]),
                value=value,
                wrong=wrong,
                n=len(self.y),
            )
        )


# -- still figures -----------------------------------------------------------------------------

# A small clean set for the "which boundary is better" figure: four dogs, four cats.
TWO_BOUNDARY_POINTS = np.array(
    [
        [-2.0, -1.0],
        [-1.2, -2.0],
        [-1.6, 0.6],
        [-0.4, -0.9],
        [1.0, 1.8],
        [2.0, 0.4],
        [0.5, 1.0],
        [1.4, -0.9],
    ]
)
TWO_BOUNDARY_LABELS = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
# Two boundaries w . x + b = 0 with |w| = 1, so that w . x + b is the signed distance to the line.
TWO_BOUNDARIES = {
    "A, close to two marbles": ((math.cos(1.05), math.sin(1.05)), 0.18),
    "B, through the middle of the gap": ((math.cos(0.45), math.sin(0.45)), -0.06),
}
STEEPNESS = 3.0  # the model's score is STEEPNESS x (signed distance)


def boundary_distances(weights, bias, X) -> list[float]:
    """Signed distance of each point to the line w . x + b = 0, for a unit vector w."""
    return [weights[0] * x1 + weights[1] * x2 + bias for x1, x2 in np.asarray(X).tolist()]


def plot_two_boundaries() -> None:
    """Two lines that both separate the same eight marbles, each marble's distance to them
    drawn, and the losses of a model whose confidence grows with that distance."""
    X, y = TWO_BOUNDARY_POINTS, TWO_BOUNDARY_LABELS
    fig = new_figure(8.5, 3.7)
    for ax, (name, (w, b)) in zip(fig.subplots(1, 2), TWO_BOUNDARIES.items(), strict=True):
        distances = boundary_distances(w, b, X)
        squared = cross = 0.0
        for (x1, x2), d, label in zip(X.tolist(), distances, y.tolist(), strict=True):
            ax.plot([x1, x1 - d * w[0]], [x2, x2 - d * w[1]], color="0.5", lw=1, ls="--")
            ax.annotate(f"{d:+.2f}", (x1, x2), (6, 4), textcoords="offset points", size=MIN_TEXT_PT)
            z = STEEPNESS * d
            squared += (_cat_probability(z) - label) ** 2
            cross += _minus_log_probability(z, label)
        foot = (-b * w[0], -b * w[1])  # the point of the line closest to the origin
        ax.plot(
            [foot[0] - 5 * w[1], foot[0] + 5 * w[1]],
            [foot[1] + 5 * w[0], foot[1] - 5 * w[0]],
            color="0.15",
        )
        ax.scatter(*X[y == 0].T, color=GREEN, zorder=3, label=_("dog"))
        ax.scatter(*X[y == 1].T, color=ORANGE, marker="s", zorder=3, label=_("cat"))
        ax.set(
            xlim=(-2.8, 2.8),
            ylim=(-2.8, 2.8),
            aspect="equal",
            xlabel="$x_1$",
            ylabel="$x_2$",
            title=(
                _("Boundary {name}\nMSE {value:.3f}, cross-entropy {value2:.3f}").format(
                    name=name, value=squared / len(y), value2=cross / len(y)
                )
            ),
        )
        ax.title.set_size(10)
        ax.legend(loc="lower right", fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "Two panels with the same four green dog marbles and four orange cat "
                "marbles. In both, a straight line separates the dogs from the cats and "
                "dashed segments show each marble's signed distance to the line. On the "
                "left the line passes close to two marbles; on the right it runs through "
                "the middle of the gap, and both its mean squared error and its "
                "cross-entropy are lower."
            )
        ),
    )


def plot_loss_by_confidence() -> None:
    """The loss of one example, and how hard it pushes the score, against the probability p
    that the model gives to the right answer: mean squared error vs cross-entropy."""
    p = np.linspace(0.005, 0.995, 199)
    fig = new_figure(8.5, 3.2)
    left, right = fig.subplots(1, 2)
    left.plot(p, (1 - p) ** 2, color=RED, label=_("squared error $(1 - p)^2$"))
    left.plot(p, -np.log(p), color=BLUE, label=_("cross-entropy $-\\log p$"))
    left.set(
        xlim=(0, 1),
        ylim=(0, 4),
        xlabel=_("probability p given to the right answer"),
        ylabel=_("loss of this example"),
        title=_("What each loss charges for an answer"),
    )
    left.legend()
    right.plot(p, 2 * p * (1 - p) ** 2, color=RED, label=_("squared error: $2p(1 - p)^2$"))
    right.plot(p, 1 - p, color=BLUE, label=_("cross-entropy: $1 - p$"))
    right.set(
        xlim=(0, 1),
        ylim=(0, 1.05),
        xlabel=_("probability p given to the right answer"),
        ylabel=_("size of the slope with respect to the score"),
        title=_("How hard each loss pushes the score"),
    )
    right.legend()
    show(
        fig,
        alt=(
            _(
                "Left: as the probability p of the right answer goes from 0 to 1, the "
                "squared error (1 - p)^2 falls from 1 to 0, while the cross-entropy -log "
                "p falls from very large values to 0. Right: the size of each loss's "
                "slope with respect to the score. For cross-entropy it is 1 - p, largest "
                "when the model is confidently wrong; for the squared error it is 2p(1 - "
                "p)^2, which peaks near p = 1/3 and vanishes as p goes to 0, so a "
                "confidently wrong answer is hardly corrected."
            )
        ),
    )
