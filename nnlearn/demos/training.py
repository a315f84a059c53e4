"""Demos and figures of the chapter on training a multilayer perceptron.

* :class:`TrainingExplorer`: sliders for the learning rate, the number of hidden units and the
  epoch; the network's output and decision boundary over the XOR points at that epoch, and the
  loss curve with a marker at that epoch.
* :func:`plot_initialisation`, :func:`plot_learning_rates`, :func:`plot_overfitting`: the
  chapter's static figures.
* :func:`plot_cross_entropy`: the same network trained with the squared error and with the
  cross-entropy, from the weights the learning rate 200 froze and from the start (demo data
  ``nnlearn/data/cross_entropy.npz``, see ``autograder/demodata/cross_entropy.py``).
* :func:`plot_run`: a run of the reader's own ``train``, drawn the same way.

A training run needs the very functions the chapter asks the reader to write, so the runs shown
here were computed in advance from the instructor's solutions and are read from
``nnlearn/data/training.npz`` (see ``autograder/demodata/training.py``). Moving a slider only
looks up an array: the demos work before any exercise is solved.
"""

from __future__ import annotations

from collections.abc import Callable

import contourpy
import numpy as np
from matplotlib.collections import LineCollection

from nnlearn.data import load
from nnlearn.datasets import noisy_xor, xor
from nnlearn.demos.base import Demo
from nnlearn.figures import BLUE, GREY, MIN_TEXT_PT, RED, new_figure, show
from nnlearn.i18n import N_
from nnlearn.i18n import gettext as _

__all__ = [
    "TrainingExplorer",
    "plot_cross_entropy",
    "plot_initialisation",
    "plot_learning_rates",
    "plot_overfitting",
    "plot_run",
]

CMAP = "RdBu_r"  # output 0: blue, 1: red
THRESHOLD = 0.01
LOSS_FLOOR = 1e-6  # the log-scale loss axes start here


def _data() -> dict[str, np.ndarray]:
    return load("training")


def decode_outputs(codes: np.ndarray) -> np.ndarray:
    """Network outputs in [0, 1] from the stored one-byte codes.

    code = 127 + round(127 u), u = sign(d) |2 d|^(1/3), d = output - 1/2: the scale is finest
    next to 1/2, where the decision boundary is drawn.
    """
    u = (np.asarray(codes, dtype=np.float64) - 127.0) / 127.0
    return 0.5 + 0.5 * u**3


def boundary_segments(grid: np.ndarray, z: np.ndarray, level: float = 0.5) -> list:
    """The curves where the gridded output ``z`` (rows: x2, columns: x1) crosses ``level``."""
    lines = contourpy.contour_generator(grid, grid, z, line_type="Separate").lines(level)
    return [np.asarray(line) for line in lines]


def _points(ax, X: np.ndarray, y: np.ndarray, size: float = 60) -> list:
    """Class 0 as blue circles, class 1 as red triangles; returns the two scatter artists."""
    artists = []
    for label, marker, color in [(0.0, "o", BLUE), (1.0, "^", RED)]:
        mask = y == label
        points = ax.scatter(
            X[mask, 0],
            X[mask, 1],
            s=size,
            marker=marker,
            c=color,
            edgecolors="black",
            linewidths=0.8,
            zorder=3,
            label=_("label {label:g}").format(label=label),
        )
        artists.append(points)
    return artists


def _output_panel(ax, grid: np.ndarray, z: np.ndarray, title: str):
    """The network's output over the plane, with its decision boundary; returns both artists."""
    lo, hi = grid[0], grid[-1]
    image = ax.imshow(
        z,
        origin="lower",
        extent=(lo, hi, lo, hi),
        cmap=CMAP,
        vmin=0.0,
        vmax=1.0,
        interpolation="bilinear",
    )
    boundary = LineCollection(boundary_segments(grid, z), colors="black", linewidths=2)
    ax.add_collection(boundary)
    ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="x₁", ylabel="x₂", title=title)
    ax.set_aspect("equal")
    return image, boundary


def _loss_axes(ax, last_epoch: int, title: str) -> None:
    ax.set_yscale("log")
    ax.set(
        xlim=(0, last_epoch),
        ylim=(LOSS_FLOOR, 1.0),
        xlabel=_("epoch"),
        ylabel=_("loss (log scale)"),
        title=title,
    )
    ax.axhline(THRESHOLD, color=GREY, lw=1, ls="--")
    ax.text(
        last_epoch * 0.98,
        THRESHOLD * 1.3,
        _("threshold {THRESHOLD:g}").format(THRESHOLD=THRESHOLD),
        ha="right",
        color=GREY,
        size=MIN_TEXT_PT,
    )


def _floor(losses: np.ndarray) -> np.ndarray:
    return np.maximum(losses, LOSS_FLOOR)


class TrainingExplorer(Demo):
    """The decision boundary and the loss of a network learning XOR, epoch by epoch.

    Sliders: learning rate, hidden units, epoch. Each (learning rate, hidden units) setting is
    one run of the chapter's ``train`` from ``init_params(2, H, 1, seed=0)``, stored in advance.
    """

    def __init__(self, lr: float = 10.0, n_hidden: int = 3, epoch: int | None = None):
        data = _data()
        self.lrs = [float(v) for v in data["explore_lrs"]]
        self.hidden = [int(v) for v in data["explore_hidden"]]
        self.epochs = [int(v) for v in data["explore_epochs"]]
        self.grid = data["explore_grid"]
        self.outputs = data["explore_outputs"]
        self.curve_epochs = data["explore_curve_epochs"]
        self.losses = data["explore_losses"]
        self.first_below = data["explore_first_below"]
        self._curve_index = {int(e): k for k, e in enumerate(self.curve_epochs)}
        last = self.epochs[-1]

        fig = new_figure(8.5, 3.6)
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.25])
        self.image, self.boundary = _output_panel(
            left,
            self.grid,
            decode_outputs(self.outputs[0, 0, 0]),
            _("Output and decision boundary"),
        )
        X, y = xor()
        # Drawn after the image at every refresh, so they stay on top of it.
        self.points = _points(left, X, y, size=90)
        left.legend(loc="upper center", fontsize=MIN_TEXT_PT, ncols=2, bbox_to_anchor=(0.5, -0.15))
        self.readout = left.text(
            0.03,
            0.95,
            "",
            transform=left.transAxes,
            size=MIN_TEXT_PT,
            va="top",
            bbox={"boxstyle": "round", "fc": "white", "alpha": 0.85},
        )
        fig.colorbar(self.image, ax=left, label=_("network output"), shrink=0.8)
        _loss_axes(right, last, _("Training loss on the four XOR points"))
        (self.curve,) = right.plot([], [], color="0.2")
        (self.marker,) = right.plot([], [], "o", color=RED, ms=8)
        self.reached = right.text(
            0.97, 0.95, "", transform=right.transAxes, ha="right", va="top", size=MIN_TEXT_PT
        )
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: the plane from -0.5 to 1.5 in both directions, coloured by the "
                    "network's output (blue near 0, red near 1), the black decision boundary "
                    "where the output is one half, and the four XOR points: blue circles at "
                    "(0, 0) and (1, 1), red triangles at (0, 1) and (1, 0). Right: the "
                    "training loss over 3000 epochs on a log scale, a dashed threshold line "
                    "at 0.01, and a red marker at the chosen epoch."
                )
            ),
            animated=[
                self.image,
                self.boundary,
                *self.points,
                self.readout,
                self.curve,
                self.marker,
                self.reached,
            ],
            sliders=[
                {
                    "kind": "select",
                    "options": [(f"{v:g}", v) for v in self.lrs],
                    "value": float(lr),
                    "description": _("learning rate"),
                },
                {
                    "kind": "select",
                    "options": self.hidden,
                    "value": int(n_hidden),
                    "description": _("hidden units"),
                },
                {
                    "kind": "select",
                    "options": self.epochs,
                    "value": last if epoch is None else int(epoch),
                    "description": _("epoch"),
                },
            ],
        )

    def run(self, lr: float, n_hidden: int) -> tuple[int, int]:
        """Indices of a (learning rate, hidden units) setting in the stored runs."""
        return self.hidden.index(int(n_hidden)), self.lrs.index(float(lr))

    def update(self, lr: float, n_hidden: int, epoch: int) -> None:
        i, j = self.run(lr, n_hidden)
        z = decode_outputs(self.outputs[i, j, self.epochs.index(int(epoch))])
        self.image.set_data(z)
        self.boundary.set_segments(boundary_segments(self.grid, z))
        losses = self.losses[i, j]
        self.curve.set_data(self.curve_epochs, _floor(losses))
        loss = losses[self._curve_index[int(epoch)]]
        self.marker.set_data([epoch], [max(loss, LOSS_FLOOR)])
        self.readout.set_text(_("epoch {epoch}\nloss {loss:.5f}").format(epoch=epoch, loss=loss))
        first = int(self.first_below[i, j])
        self.reached.set_text(
            _("loss first below {THRESHOLD:g} at epoch {first}").format(
                THRESHOLD=THRESHOLD, first=first
            )
            if first >= 0
            else _("loss never below {THRESHOLD:g}").format(THRESHOLD=THRESHOLD)
        )


def plot_initialisation() -> None:
    """Zero versus random starting weights: the hidden units' weights and the loss."""
    data = _data()
    epochs = data["init_epochs"]
    fig = new_figure(8.5, 2.8)
    zero_ax, random_ax, loss_ax = fig.subplots(1, 3)
    styles = [{"lw": 5, "alpha": 0.35}, {"lw": 2, "ls": "--"}, {"lw": 1.5, "ls": ":"}]
    for ax, name, title in [
        (zero_ax, "zero", _("Starting from zero")),
        (random_ax, "random", _("Starting from random weights")),
    ]:
        weights = data[f"init_{name}_w"]
        for unit in range(weights.shape[1]):
            ax.plot(
                epochs,
                weights[:, unit],
                color=f"C{unit}",
                label=_("hidden unit {unit}").format(unit=unit + 1),
                **styles[unit % 3],
            )
        ax.set(xlabel=_("epoch"), ylabel=_("weight from input 1"), title=title)
        ax.legend(fontsize=MIN_TEXT_PT)
    lo = min(zero_ax.get_ylim()[0], random_ax.get_ylim()[0])
    hi = max(zero_ax.get_ylim()[1], random_ax.get_ylim()[1])
    zero_ax.set_ylim(lo, hi)
    random_ax.set_ylim(lo, hi)
    loss_ax.plot(epochs, data["init_zero_loss"], color="0.2", label=_("from zero"))
    loss_ax.plot(epochs, data["init_random_loss"], color=RED, label=_("from random weights"))
    loss_ax.set(xlabel=_("epoch"), ylabel=_("training loss"), title=_("Loss"), ylim=(0, None))
    loss_ax.legend(fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "Three panels over 3000 epochs of training three hidden units on noisy "
                "XOR. Left, starting from zero: the weights from input 1 into the three "
                "hidden units follow one single curve, drawn three times on top of each "
                "other. Middle, starting from random weights: the three weights start "
                "apart and move in different directions. Right: the loss from zero levels"
                " off, the loss from random weights falls much lower."
            )
        ),
    )


def plot_learning_rates(n_hidden: int = 3) -> None:
    """Loss curves of the stored XOR runs, one per learning rate, for one width."""
    data = _data()
    hidden = [int(v) for v in data["explore_hidden"]]
    i = hidden.index(int(n_hidden))
    epochs = data["explore_curve_epochs"]
    fig = new_figure(7.5, 3.6)
    ax = fig.add_subplot()
    title = _("XOR, {n_hidden} hidden units: one curve per learning rate").format(n_hidden=n_hidden)
    _loss_axes(ax, int(epochs[-1]), title)
    for j, lr in enumerate(data["explore_lrs"]):
        ax.plot(epochs, _floor(data["explore_losses"][i, j]), color=f"C{j}", label=f"η = {lr:g}")
    ax.legend(fontsize=MIN_TEXT_PT, loc="lower left")
    show(
        fig,
        alt=(
            _(
                "Training loss on a log scale against the epoch for a network with "
                "{n_hidden} hidden units and five learning rates. The smallest rate stays"
                " on a plateau near 0.125 for all 3000 epochs; the middle rates leave the"
                " plateau and fall far below the threshold of 0.01, the sooner the larger"
                " the rate; the largest rate jumps to 0.25 and stays there."
            ).format(n_hidden=n_hidden)
        ),
    )


LOSS_COLORS = {"mse": GREY, "ce": RED}
LOSS_LABELS = {
    "mse": N_("trained on the squared error"),
    "ce": N_("trained on the cross-entropy"),
}


def plot_cross_entropy() -> None:
    """Squared error of XOR runs trained on the squared error and on the cross-entropy: from the
    frozen weights (left) and from the start (right)."""
    data = load("cross_entropy")
    fig = new_figure(8.5, 3.2)
    frozen_ax, plateau_ax = fig.subplots(1, 2)
    panels = [
        (
            frozen_ax,
            "frozen",
            _("From the weights η = {frozen:g} froze; η = {lr:g}").format(
                frozen=data["frozen_from"], lr=data["frozen_lr"]
            ),
        ),
        (plateau_ax, "plateau", _("From the start, η = {lr:g}").format(lr=data["plateau_lr"])),
    ]
    for ax, run, title in panels:
        epochs = data[f"{run}_epochs"]
        _loss_axes(ax, int(epochs[-1]), title)
        for loss, color in LOSS_COLORS.items():
            first = int(data[f"{run}_first_below_{loss}"])
            when = (
                _("below {threshold:g} at epoch {first}").format(threshold=THRESHOLD, first=first)
                if first >= 0
                else _("never below")
            )
            ax.plot(
                epochs,
                _floor(data[f"{run}_{loss}"]),
                color=color,
                label=f"{_(LOSS_LABELS[loss])}:\n{when}",
            )
        ax.set_ylabel(_("squared error (log scale)"))
        ax.legend(fontsize=MIN_TEXT_PT, loc="lower left")
    show(
        fig,
        alt=(
            _(
                "Two panels of the squared error of a 3-hidden-unit network on XOR, log "
                "scale, against the epoch, for training on the squared error (grey) and "
                "on the cross-entropy (red). Left, starting from the saturated weights "
                "left by one step of learning rate 200 and continuing with learning rate "
                "10: the grey curve stays flat near 0.25 for about 200 epochs and then "
                "settles near 1/12, while the red curve drops below the threshold within "
                "about 140 epochs and keeps falling. Right, from the random start with "
                "learning rate 2: both sit on the plateau at 0.125 first; the red curve "
                "leaves it after a few hundred epochs, the grey one only after almost "
                "2000."
            )
        ),
    )


def plot_overfitting() -> None:
    """A narrow and a wide network on noisy XOR: training versus validation loss; the wide
    network's decision boundary at its lowest validation loss and at the end."""
    data = _data()
    X, y = noisy_xor()
    epochs, best = data["overfit_epochs"], data["overfit_best_epoch"]
    hidden = [int(h) for h in data["overfit_hidden"]]
    grid, last = data["overfit_grid"], int(data["overfit_epochs"][-1])
    corner_label = np.round(np.clip(X, 0, 1)).sum(axis=1) % 2  # XOR of the nearest corner
    wrong = y != corner_label

    fig = new_figure(8.5, 6.6)
    layout = fig.add_gridspec(2, 2, height_ratios=[1, 1.25])
    loss_ax = fig.add_subplot(layout[0, :])
    best_ax, last_ax = fig.add_subplot(layout[1, 0]), fig.add_subplot(layout[1, 1])
    for k, (h, color) in enumerate(zip(hidden, [GREY, RED], strict=True)):
        train, val = data["overfit_train_loss"][k], data["overfit_val_loss"][k]
        loss_ax.plot(
            epochs, train, color=color, ls="--", label=_("{h} hidden units, training").format(h=h)
        )
        loss_ax.plot(epochs, val, color=color, label=_("{h} hidden units, validation").format(h=h))
        loss_ax.plot([best[k]], [val.min()], "o", color=color, ms=7)
    loss_ax.set(
        xlabel=_("epoch"),
        ylabel=_("loss"),
        title=_("Training and validation loss"),
        xlim=(0, last),
        ylim=(0, None),
    )
    loss_ax.legend(fontsize=MIN_TEXT_PT)
    wide = hidden[-1]
    for ax, codes, title in [
        (
            best_ax,
            data["overfit_outputs"][0],
            _("epoch {epoch}: lowest validation loss").format(epoch=best[-1]),
        ),
        (last_ax, data["overfit_outputs"][1], _("epoch {epoch}").format(epoch=last)),
    ]:
        title = _("{n} hidden units, {title}").format(n=wide, title=title)
        _output_panel(ax, grid, decode_outputs(codes), title)
        _points(ax, X, y, size=35)
        ax.scatter(
            X[wrong, 0],
            X[wrong, 1],
            s=220,
            facecolors="none",
            edgecolors="black",
            linewidths=1.2,
            zorder=4,
            label=_("label against its corner"),
        )
        ax.title.set_size(10)
    fig.legend(
        *last_ax.get_legend_handles_labels(),
        loc="outside lower center",
        ncols=3,
        fontsize=MIN_TEXT_PT,
    )
    show(
        fig,
        alt=(
            _(
                "Top: loss against epoch for networks with {hidden[0]} and {wide} hidden "
                "units trained on 40 noisy XOR points for {last} epochs. The wide "
                "network's training loss falls almost to zero, while its validation loss "
                "reaches its lowest point early and then climbs to about twice that. The "
                "narrow network's training loss stays higher and its validation loss "
                "rises only a little. Below, left and right: the wide network's decision "
                "boundary over the training points, mislabelled points circled. At the "
                "epoch of the lowest validation loss it is a smooth XOR-shaped boundary; "
                "at the end it bends around the mislabelled points."
            ).format(hidden=hidden, wide=wide, last=last)
        ),
    )


def plot_run(
    losses: np.ndarray,
    output: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
) -> None:
    """Draw a training run of your own: its loss curve, and its network over the plane.

    ``output(points)`` must return the network's output for ``points`` of shape (M, 2), for
    example ``lambda points: two_layer_forward(points, params)[0]``.
    """
    losses = np.asarray(losses, dtype=np.float64)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64).reshape(-1)
    lo = min(-0.5, X.min() - 0.25)
    hi = max(1.5, X.max() + 0.25)
    grid = np.linspace(lo, hi, 81)
    x1, x2 = np.meshgrid(grid, grid)
    z = np.asarray(output(np.column_stack([x1.ravel(), x2.ravel()])), dtype=np.float64)
    z = z.reshape(len(grid), len(grid))

    fig = new_figure(8.5, 3.4)
    loss_ax, out_ax = fig.subplots(1, 2)
    _loss_axes(loss_ax, max(len(losses) - 1, 1), _("Your training loss"))
    loss_ax.plot(np.arange(len(losses)), _floor(losses), color="0.2")
    title = _("Your network: output and decision boundary")
    image, _boundary = _output_panel(out_ax, grid, z, title)
    _points(out_ax, X, y)
    fig.colorbar(image, ax=out_ax, label=_("network output"), shrink=0.8)
    show(
        fig,
        alt=(
            _(
                "Left: your training loss over {n} epochs on a log scale, from "
                "{losses[0]:.4f} to {losses2:.2g}, with a dashed threshold line at "
                "{THRESHOLD:g}. Right: your network's output over the plane (blue near 0,"
                " red near 1), its decision boundary in black, and the training points."
            ).format(n=len(losses), losses=losses, losses2=losses[-1], THRESHOLD=THRESHOLD)
        ),
    )
