"""Figures and demos of the chapter "Making it work in practice".

* :func:`layer_gradient_norms`, :func:`plot_gradient_ratio` and :class:`DepthSlider`: how large
  each layer's weight gradient is in deep sigmoid and ReLU networks, computed with the scalar
  graph of :mod:`nnlearn.graph` (never with the exercise functions).
* :func:`plot_activations`: sigmoid and ReLU with their derivatives.
* :func:`plot_minibatch_curves` and :class:`OptimiserRace`: training runs and optimiser paths.
  Only solved exercises could compute them, so they are read from the demo data
  ``nnlearn/data/practice.npz``, generated from the instructor's solutions.
* :func:`plot_optimiser_family`: how the optimisers of the chapter grew from each other.
* :func:`plot_optimiser_curves` and :class:`CapstoneRace`: the capstone's runs, the reader's own
  and, at other settings, precomputed ones (``nnlearn/data/capstone.npz``).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from nnlearn.data import load
from nnlearn.demos.base import Demo
from nnlearn.figures import BLUE, LIGHT_BLUE, MIN_TEXT_PT, ORANGE, RED, new_figure, show
from nnlearn.graph import Value
from nnlearn.i18n import N_
from nnlearn.i18n import gettext as _

__all__ = [
    "CapstoneRace",
    "DepthSlider",
    "OptimiserRace",
    "RAVINE_CURVATURES",
    "RAVINE_START",
    "layer_gradient_norms",
    "plot_activations",
    "plot_gradient_ratio",
    "plot_minibatch_curves",
    "plot_optimiser_curves",
    "plot_optimiser_family",
    "ravine_loss",
]

ACTIVATION_COLORS = {"sigmoid": RED, "relu": BLUE}
ACTIVATION_NAMES = {"sigmoid": N_("sigmoid"), "relu": "ReLU"}

# -- vanishing gradients -----------------------------------------------------------------------

WIDTH = 8  # neurons per layer
EXAMPLES = 2  # examples sent through each network
NETWORKS = 3  # random networks averaged (geometric mean)
MAX_DEPTH = 15


def _one_network(activation: str, seed: int) -> list[np.ndarray]:
    """Per-layer weight-gradient norms of the networks of depth 1, 2, ..., MAX_DEPTH.

    The networks share their layers: depth d uses the first d of MAX_DEPTH weight matrices.
    Random draws, in this order, from ``numpy.random.default_rng(seed)``: MAX_DEPTH weight
    matrices (WIDTH, WIDTH), standard normal times sqrt(gain / WIDTH) with gain 1 for the
    sigmoid and 2 for ReLU; the readout weights (WIDTH,) times 1 / sqrt(WIDTH); the inputs
    (EXAMPLES, WIDTH); the targets (EXAMPLES,). No biases. Layer l computes
    a_j = act(sum_i a_i W[i][j]); the output is sum_j a_j readout_j and the loss
    L = 1/(2 EXAMPLES) sum over examples of (output - target)^2.
    """
    rng = np.random.default_rng(seed)
    scale = math.sqrt((2.0 if activation == "relu" else 1.0) / WIDTH)
    matrices = [scale * rng.standard_normal((WIDTH, WIDTH)) for _ in range(MAX_DEPTH)]
    readout = rng.standard_normal(WIDTH) / math.sqrt(WIDTH)
    inputs = rng.standard_normal((EXAMPLES, WIDTH))
    targets = rng.standard_normal(EXAMPLES)

    weights = [[[Value(x) for x in row] for row in W] for W in matrices]
    layers = [[Value(x) for x in example] for example in inputs]
    table = []
    for depth, W in enumerate(weights, start=1):
        layers = [
            [getattr(sum(a[i] * W[i][j] for i in range(WIDTH)), activation)() for j in range(WIDTH)]
            for a in layers
        ]
        outputs = [sum(a_j * r_j for a_j, r_j in zip(a, readout, strict=True)) for a in layers]
        squares = [(out - float(t)) ** 2 for out, t in zip(outputs, targets, strict=True)]
        loss = sum(squares) * (0.5 / EXAMPLES)
        loss.backward()  # resets and fills .grad of the weights of layers 1..depth
        table.append(
            np.array([math.sqrt(sum(w.grad**2 for row in V for w in row)) for V in weights[:depth]])
        )
    return table


@functools.cache
def _gradient_table(activation: str) -> tuple[np.ndarray, ...]:
    """Entry d - 1: the per-layer norms at depth d, geometric mean over NETWORKS networks."""
    runs = [_one_network(activation, seed) for seed in range(NETWORKS)]
    return tuple(
        np.exp(np.mean([np.log(run[d]) for run in runs], axis=0)) for d in range(MAX_DEPTH)
    )


def layer_gradient_norms(depth: int, activation: str = "sigmoid") -> np.ndarray:
    """Size of each layer's weight gradient, ||dL/dW^(l)||, in a network of ``depth`` layers.

    Returns an array (depth,); entry 0 is the layer next to the input. ``activation`` is
    "sigmoid" or "relu". Networks WIDTH neurons wide, sent EXAMPLES examples, with a squared
    error; the geometric mean over NETWORKS random networks (see ``_one_network``). Computed
    with the scalar graph engine: about a second the first time, then cached.
    """
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', got {activation!r}")
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    return _gradient_table(activation)[depth - 1].copy()


def plot_activations() -> None:
    """Sigmoid and ReLU (left) and their derivatives (right), from the graph engine."""
    grid = np.linspace(-4, 4, 321)
    fig = new_figure(8.5, 2.9)
    left, right = fig.subplots(1, 2)
    for name in ACTIVATION_NAMES:
        nodes = [getattr(Value(z), name)() for z in grid]
        color, label = ACTIVATION_COLORS[name], _(ACTIVATION_NAMES[name])
        left.plot(grid, [n.data for n in nodes], color=color, label=label)
        slopes = np.array([n.local_grads[0] for n in nodes])
        if name == "relu":  # draw the jump at 0 as a jump, not as a steep line
            slopes[np.flatnonzero(np.diff(slopes))] = np.nan
        right.plot(grid, slopes, color=color, label=f"{label}'")
    right.axhline(0.25, color=RED, lw=0.8, ls=":")
    right.annotate("¼", (-3.9, 0.25), (-3.9, 0.32), color=RED)
    left.set(xlabel="z", ylabel=_("activation"), title=_("Sigmoid and ReLU"), ylim=(-0.3, 4.1))
    right.set(xlabel="z", ylabel=_("derivative"), title=_("Their derivatives"), ylim=(-0.1, 1.15))
    left.legend(loc="upper left")
    right.legend(loc="center left")
    show(
        fig,
        alt=(
            _(
                "Left: the sigmoid rises from 0 to 1; ReLU is 0 for negative z and equals"
                " z for positive z. Right: the sigmoid's derivative is a bump of height "
                "one quarter at z = 0; ReLU's derivative is 0 for negative z and 1 for "
                "positive z."
            )
        ),
    )


def plot_gradient_ratio() -> None:
    """First layer's gradient over the last layer's, against depth, sigmoid vs ReLU."""
    depths = np.arange(1, MAX_DEPTH + 1)
    fig = new_figure(6.5, 3.4)
    ax = fig.add_subplot()
    for name in ACTIVATION_NAMES:
        norms = [layer_gradient_norms(int(d), name) for d in depths]
        ratios = [n[0] / n[-1] for n in norms]
        color, label = ACTIVATION_COLORS[name], _(ACTIVATION_NAMES[name])
        ax.semilogy(depths, ratios, "o-", color=color, label=label)
    ax.semilogy(depths, 0.25 ** (depths - 1.0), ":", color="0.4", label=_("÷ 4 per layer"))
    ax.set(
        xlabel=_("depth of the network (layers)"),
        ylabel=_("first layer's gradient / last layer's"),
        title=_("How much less the first layer learns"),
        xticks=depths[::2],
    )
    ax.legend(loc="lower left")
    show(
        fig,
        alt=(
            _(
                "On a logarithmic scale against the depth of the network, from 1 to 15 "
                "layers: for the sigmoid network the ratio of the first layer's gradient "
                "to the last layer's falls on a straight line, by a factor of about 4 to "
                "5 per layer, to about 1e-9 at depth 15; for the ReLU network it stays "
                "between about 1 and 10."
            )
        ),
    )


class DepthSlider(Demo):
    """A depth slider; per-layer weight-gradient norms of a sigmoid and a ReLU network."""

    def __init__(self, depth: int = 10):
        tables = {name: _gradient_table(name) for name in ACTIVATION_NAMES}
        lowest = min(float(np.min(t[-1])) for t in tables.values())
        highest = max(float(np.max(np.concatenate(t))) for t in tables.values())
        fig = new_figure(8, 3.8)
        ax = fig.add_subplot()
        self.lines = {
            name: ax.semilogy(
                [], [], "o-", color=ACTIVATION_COLORS[name], label=_(ACTIVATION_NAMES[name])
            )[0]
            for name in ACTIVATION_NAMES
        }
        (self.guide,) = ax.semilogy([], [], ":", color="0.4", label=_("÷ 4 per layer"))
        self.readout = ax.text(0.02, 0.94, "", transform=ax.transAxes, size=MIN_TEXT_PT)
        ax.set(
            xlim=(0.5, MAX_DEPTH + 0.5),
            ylim=(lowest / 10, highest * 1e3),
            xticks=range(1, MAX_DEPTH + 1),
            xlabel=_("layer (1 = next to the input)"),
            ylabel=_("||∂L/∂W|| of the layer"),
            title=_("Gradient size per layer: sigmoid vs ReLU"),
        )
        ax.legend(loc="lower right", fontsize=MIN_TEXT_PT)
        super().__init__(
            fig,
            alt=(
                _(
                    "Gradient size of each layer's weights on a logarithmic scale, against "
                    "the layer number. The sigmoid network's points climb steeply from the "
                    "first layer to the last: towards the input they fall by a factor of "
                    "about 4 per layer; the ReLU network's points stay at about the same "
                    "height for every layer. A slider sets the number of layers."
                )
            ),
            animated=[*self.lines.values(), self.guide, self.readout],
            sliders=[
                {
                    "kind": "int",
                    "min": 2,
                    "max": MAX_DEPTH,
                    "description": _("depth"),
                    "value": depth,
                }
            ],
        )

    def update(self, depth: int) -> None:
        depth = int(depth)
        layers = np.arange(1, depth + 1)
        norms = {name: layer_gradient_norms(depth, name) for name in ACTIVATION_NAMES}
        for name, line in self.lines.items():
            line.set_data(layers, norms[name])
        last = norms["sigmoid"][-1]
        self.guide.set_data(layers, last * 0.25 ** (depth - layers))
        ratio = {name: n[0] / n[-1] for name, n in norms.items()}
        self.readout.set_text(
            _(
                "{depth} layers: the first layer's gradient is {ratio:.1e} times the last"
                " layer's with sigmoids, {ratio2:.2g} times with ReLU"
            ).format(depth=depth, ratio=ratio["sigmoid"], ratio2=ratio["relu"])
        )


# -- mini-batches --------------------------------------------------------------------------------


def plot_minibatch_curves() -> None:
    """Excess loss of the straight-line fit per epoch and per update, for several batch sizes."""
    data = load("practice")
    n = int(data["line_points"])
    runs = [
        (f"line_excess_b{b}", b, f"|B| = {b}" + (_(" (full batch)") if b == n else ""))
        for b in data["line_batches"]
    ]
    runs.append(("line_excess_b1_decay", 1, _("|B| = 1, rate η / (1 + epoch)")))
    styles = [(ORANGE, "-"), (RED, "-"), (BLUE, "-"), ("0.2", "-"), ("0.5", "--")]
    fig = new_figure(8.5, 3.2)
    per_epoch, per_update = fig.subplots(1, 2, sharey=True)
    for (key, b, label), (color, style) in zip(runs, styles, strict=True):
        excess = data[key]
        ends = np.arange(0, len(excess), n // b)  # the loss at the end of each epoch
        per_epoch.semilogy(ends * b / n, excess[ends], style, color=color, marker=".", lw=1)
        per_update.loglog(
            np.arange(1, len(excess) + 1), excess, style, color=color, lw=0.8, label=label
        )
    per_epoch.set(
        xlabel=_("epoch (passes through the 200 points)"),
        ylabel=_("loss above the best fit"),
        title=_("At the end of each epoch"),
        xticks=range(0, 21, 5),
    )
    per_update.set(xlabel=_("update step (log scale)"), title=_("After every update"))
    per_update.legend(loc="lower left", fontsize=MIN_TEXT_PT)
    show(
        fig,
        alt=(
            _(
                "Two panels of the loss above the best fit on a logarithmic scale, for "
                "batch sizes 1, 10, 50 and 200. Left, at the end of each epoch: batch "
                "size 1 is lowest after the first epoch but stays around 1e-3 to 1e-2, "
                "batch size 10 settles lower, batch sizes 50 and 200 fall slowly and "
                "smoothly; batch size 1 with a decaying learning rate keeps falling. "
                "Right, after every update: all batch sizes follow the same falling curve"
                " until the small batches reach a jittery noise floor."
            )
        ),
    )


# -- optimisers ----------------------------------------------------------------------------------

RAVINE_CURVATURES = (0.1, 2.0)
"""The ravine L(w) = 1/2 (0.1 w1^2 + 2 w2^2): 20 times steeper across (w2) than along (w1)."""
RAVINE_START = (-4.5, 1.5)

RACERS = {  # data key: (label, color)
    "sgd": (N_("gradient descent"), "0.25"),
    "momentum": (N_("momentum"), BLUE),
    "nesterov": ("Nesterov", LIGHT_BLUE),
    "rmsprop": ("RMSprop", ORANGE),
    "adam": ("Adam", RED),
}
TARGET_LOSS = 1e-3


def ravine_loss(w) -> np.ndarray:
    """L(w) for points w of shape (..., 2); NaN stays NaN (a diverged path)."""
    w = np.asarray(w, dtype=np.float64)
    return 0.5 * (RAVINE_CURVATURES[0] * w[..., 0] ** 2 + RAVINE_CURVATURES[1] * w[..., 1] ** 2)


def steps_to_target(losses: np.ndarray) -> int | None:
    """The first step whose loss is below TARGET_LOSS, or None."""
    below = np.flatnonzero(losses < TARGET_LOSS)  # NaN compares False
    return int(below[0]) if below.size else None


def plot_optimiser_family() -> None:
    """The optimisers as a family tree: which idea each adds to which."""
    boxes = {
        "sgd": (0.0, 1.0, _("gradient descent\nw ← w − η g")),
        "momentum": (1.7, 1.9, _("momentum\nv ← βv + g\nw ← w − η v")),
        "nesterov": (3.6, 1.9, _("Nesterov (NAG)\ng at w − ηβv")),
        "adagrad": (1.7, 0.1, "Adagrad\ns ← s + g²\nw ← w − η g / (√s + ε)"),
        "rmsprop": (3.6, 0.1, "RMSprop\ns ← ρs + (1−ρ) g²\nw ← w − η g / (√s + ε)"),
        "adam": (
            5.3,
            1.0,
            _("Adam\nm, s: running means of g, g²\nbias correction\nw ← w − η m̂ / (√ŝ + ε)"),
        ),
        "adamw": (5.3, 2.3, _("AdamW\nAdam's step, and\nw ← w − ηλw on its own")),
    }
    edges = [
        ("sgd", "momentum", _("keep a velocity")),
        ("momentum", "nesterov", _("look ahead")),
        ("sgd", "adagrad", _("scale each weight")),
        ("adagrad", "rmsprop", _("forget old g²")),
        ("momentum", "adam", _("1st moment")),
        ("rmsprop", "adam", _("2nd moment")),
        ("adam", "adamw", _("decouple weight decay")),
    ]
    fig = new_figure(8.5, 3.6)
    ax = fig.add_subplot()
    ax.set(xlim=(-0.8, 6.5), ylim=(-0.5, 2.85), xticks=[], yticks=[])
    ax.set_title(_("The optimiser family: each adds one idea"), size=11)
    for spine in ax.spines.values():
        spine.set_visible(False)
    texts = {
        key: ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            size=9.5,
            bbox={"boxstyle": "round,pad=0.4", "fc": "white", "ec": _edge(key), "lw": 2},
        )
        for key, (x, y, text) in boxes.items()
    }
    for start, end, label in edges:
        (x0, y0, _r0), (x1, y1, _r1) = boxes[start], boxes[end]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "0.5",
                "shrinkA": 3,
                "shrinkB": 3,
                "patchA": texts[start].get_bbox_patch(),
                "patchB": texts[end].get_bbox_patch(),
            },
        )
        ax.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2,
            label,
            ha="center",
            va="center",
            size=MIN_TEXT_PT,
            style="italic",
            color="0.3",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
        )
    show(
        fig,
        alt=(
            _(
                "A family tree of optimisers. Gradient descent, w minus eta g, on the "
                "left. An arrow 'keep a velocity' leads to momentum, and from momentum an"
                " arrow 'look ahead' leads to Nesterov. An arrow 'scale each weight' "
                "leads from gradient descent to Adagrad, which divides by the root of the"
                " sum of all past g squared, and an arrow 'forget old g squared' from "
                "Adagrad to RMSprop, which uses a running mean instead. Arrows '1st "
                "moment' from momentum and '2nd moment' from RMSprop both lead to Adam, "
                "which adds a bias correction; an arrow 'decouple weight decay' leads "
                "from Adam to AdamW."
            )
        ),
    )


def _edge(key: str) -> str:
    """The racer's colour for the optimisers in the race, grey for the others."""
    return RACERS[key][1] if key in RACERS else "0.55"


def _select(name: str, values: np.ndarray, value: float) -> dict:
    return {
        "kind": "select",
        "options": [(f"{v:g}", float(v)) for v in values],
        "value": float(value),
        "description": name,
    }


class OptimiserRace(Demo):
    """Five optimisers on the ravine: paths on the contour, loss per step.

    Sliders: learning rate, beta (momentum, Nesterov, Adam's beta1), rho (RMSprop, Adam's
    beta2). The paths are demo data, precomputed for every combination of slider values.
    """

    def __init__(self, lr: float = 0.2, beta: float = 0.9, rho: float = 0.9):
        self.data = load("practice")
        self.index = {
            key: {float(v): i for i, v in enumerate(self.data[f"race_{key}"])}
            for key in ("lr", "beta", "rho")
        }
        steps = self.data["race_sgd"].shape[1] - 1
        fig = new_figure(8.5, 3.5)
        ravine, curve = fig.subplots(1, 2, width_ratios=[1.35, 1])
        x, y = np.meshgrid(np.linspace(-6, 6, 241), np.linspace(-2.6, 2.6, 105))
        levels = np.geomspace(1e-3, 30, 12)
        ravine.contour(
            x,
            y,
            ravine_loss(np.stack([x, y], axis=-1)),
            levels=levels,
            colors="0.8",
            linewidths=0.7,
        )
        ravine.plot(*RAVINE_START, "ko", ms=5)
        ravine.plot(0, 0, "k*", ms=10)
        ravine.set(
            xlim=(-6, 6),
            ylim=(-2.6, 2.6),
            aspect="equal",
            xlabel=_("w₁ (along the valley)"),
            ylabel=_("w₂ (across)"),
            title=_("L(w) = ½ (0.1 w₁² + 2 w₂²): the paths"),
        )
        curve.axhline(TARGET_LOSS, color="0.6", lw=0.8, ls=":")
        curve.set(
            xlim=(0, steps),
            ylim=(1e-9, 1e2),
            yscale="log",
            xlabel=_("step"),
            ylabel=_("loss L(w)"),
            title=_("Loss per step (dotted: {target:g})").format(target=TARGET_LOSS),
        )
        self.paths, self.curves = {}, {}
        for key, (label, color) in RACERS.items():
            (self.paths[key],) = ravine.plot([], [], "o-", color=color, ms=2.5, lw=1.2)
            (self.curves[key],) = curve.plot([], [], color=color, lw=1.4, label=_(label))
        self.legend = curve.legend(
            loc="lower left", fontsize=MIN_TEXT_PT, title=_("steps to 0.001"), title_fontsize=9
        )
        self.labels = dict(zip(RACERS, self.legend.get_texts(), strict=True))
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: the elliptical contours of a long narrow valley, 20 times steeper "
                    "across than along, with the paths of five optimisers from the start on "
                    "the left to the minimum in the middle: gradient descent, momentum, "
                    "Nesterov, RMSprop and Adam. Right: each optimiser's loss per step on a "
                    "logarithmic scale; the legend gives the number of steps each needs to "
                    "reach a loss of 0.001. Sliders set the learning rate, beta and rho."
                )
            ),
            animated=[*self.paths.values(), *self.curves.values(), self.legend],
            sliders=[
                _select(_("learning rate η"), self.data["race_lr"], lr),
                _select(_("β (momentum, Adam β₁)"), self.data["race_beta"], beta),
                _select(_("ρ (RMSprop, Adam β₂)"), self.data["race_rho"], rho),
            ],
        )

    def race(self, lr: float, beta: float, rho: float) -> dict[str, np.ndarray]:
        """The five paths, (steps + 1, 2) each, for one setting of the sliders."""
        i, j, k = self.index["lr"][lr], self.index["beta"][beta], self.index["rho"][rho]
        d = self.data
        return {
            "sgd": d["race_sgd"][i],
            "momentum": d["race_momentum"][i, j],
            "nesterov": d["race_nesterov"][i, j],
            "rmsprop": d["race_rmsprop"][i, k],
            "adam": d["race_adam"][i, j, k],
        }

    def update(self, lr: float, beta: float, rho: float) -> None:
        for key, path in self.race(lr, beta, rho).items():
            losses = ravine_loss(path)
            self.paths[key].set_data(path[:, 0], path[:, 1])
            self.curves[key].set_data(np.arange(len(losses)), losses)
            reached = steps_to_target(losses)
            if reached is not None:
                result = f"{reached}"
            elif np.isnan(losses).any():
                result = _("diverged")
            else:
                result = f"> {len(losses) - 1}"
            self.labels[key].set_text(f"{_(RACERS[key][0])}: {result}")


# -- the capstone ------------------------------------------------------------------------------

CAPSTONE_RACERS = ("sgd", "momentum", "adam")
CAPSTONE_LIMITS = (0.03, 0.15)  # the loss axis of the capstone's figures


def best_epoch(val_losses: np.ndarray) -> int:
    """Early stopping's choice: the earliest epoch with the lowest validation loss."""
    return int(np.argmin(val_losses))


def _capstone_axes(ax, epochs: int, title: str) -> None:
    ax.set(
        xlim=(0, epochs),
        ylim=CAPSTONE_LIMITS,
        xlabel=_("epoch"),
        ylabel=_("loss (mean squared error)"),
        title=title,
    )
    ax.axhline(0.125, color="0.6", lw=0.8, ls=":")
    ax.text(
        epochs * 0.99, 0.127, _("½ everywhere: 0.125"), ha="right", size=MIN_TEXT_PT, color="0.45"
    )


def plot_optimiser_curves(curves: dict) -> None:
    """Your own runs: ``curves`` maps an optimiser's name ("sgd", "momentum", "adam") to
    (train_losses, val_losses) as ``train_with_optimiser`` returns them."""
    epochs = max(len(np.asarray(train)) for train, _ in curves.values()) - 1
    fig = new_figure(8, 4)
    ax = fig.add_subplot()
    _capstone_axes(ax, max(epochs, 1), _("Your optimisers on noisy XOR"))
    described = []
    for name, (train, val) in curves.items():
        label, color = RACERS.get(name, (name, "0.5"))
        label = _(label)
        train, val = np.asarray(train, dtype=np.float64), np.asarray(val, dtype=np.float64)
        best = best_epoch(val)
        ax.plot(train, "--", color=color, lw=1.2)
        ax.plot(
            val,
            color=color,
            lw=1.6,
            label=_("{label}: best validation {val:.4f}").format(label=label, val=val[best]),
        )
        ax.plot([best], [val[best]], "o", color=color, ms=7)
        described.append(
            _("{optimiser} ends at a training loss of {loss:.3f}").format(
                optimiser=label, loss=train[-1]
            )
        )
    ax.legend(
        loc="lower left", fontsize=MIN_TEXT_PT, title=_("solid: validation, dashed: training")
    )
    show(
        fig,
        alt=(
            _(
                "Training (dashed) and validation (solid) loss against the epoch, over "
                "{epochs} epochs, for each of your optimisers, with a dot at each one's lowest "
                "validation loss: {runs}."
            ).format(epochs=epochs, runs="; ".join(described))
        ),
    )


class CapstoneRace(Demo):
    """The capstone's comparison at other settings: sliders for the hidden units, the batch
    size and a factor on every optimiser's learning rate; training and validation loss of
    gradient descent, momentum and Adam, with early stopping's epoch. Demo data."""

    def __init__(self, n_hidden: int = 20, batch_size: int = 8, factor: float = 1.0):
        self.data = load("capstone")
        d = self.data
        self.names = [str(name) for name in d["capstone_optimisers"]]
        self.rates = dict(zip(self.names, d["capstone_rates"].tolist(), strict=True))
        self.index = {
            key: {float(v): i for i, v in enumerate(d[f"capstone_{key}"])}
            for key in ("hidden", "batches", "factors")
        }
        epochs = d["capstone_train"].shape[-1] - 1
        fig = new_figure(8.5, 3.9)
        ax = fig.add_subplot()
        _capstone_axes(
            ax, epochs, _("Noisy XOR, 300 epochs: training (dashed), validation (solid)")
        )
        self.train, self.val, self.best = {}, {}, {}
        for name in self.names:
            label, color = RACERS[name]
            (self.train[name],) = ax.plot([], [], "--", color=color, lw=1.1)
            (self.val[name],) = ax.plot([], [], color=color, lw=1.6, label=_(label))
            (self.best[name],) = ax.plot([], [], "o", color=color, ms=7)
        self.legend = ax.legend(
            loc="upper right", fontsize=MIN_TEXT_PT, title=_("early stopping keeps")
        )
        self.labels = dict(zip(self.names, self.legend.get_texts(), strict=True))
        super().__init__(
            fig,
            alt=(
                _(
                    "Training (dashed) and validation (solid) loss on noisy XOR against the "
                    "epoch for gradient descent, momentum and Adam, each with a dot at the "
                    "epoch of its lowest validation loss, which the legend gives. Sliders set"
                    " the hidden units, the batch size and a factor on every learning rate."
                )
            ),
            animated=[*self.train.values(), *self.val.values(), *self.best.values(), self.legend],
            sliders=[
                _select(_("hidden units"), d["capstone_hidden"], n_hidden),
                _select(_("batch size"), d["capstone_batches"], batch_size),
                _select(_("learning rates ×"), d["capstone_factors"], factor),
            ],
        )

    def runs(self, n_hidden: int, batch_size: int, factor: float) -> dict:
        """Each optimiser's (train_losses, val_losses) at one setting of the sliders."""
        i = self.index["hidden"][float(n_hidden)]
        j = self.index["batches"][float(batch_size)]
        k = self.index["factors"][float(factor)]
        d = self.data
        return {
            name: (d["capstone_train"][i, j, k, m], d["capstone_val"][i, j, k, m])
            for m, name in enumerate(self.names)
        }

    def update(self, n_hidden: int, batch_size: int, factor: float) -> None:
        for name, (train, val) in self.runs(n_hidden, batch_size, factor).items():
            epochs = np.arange(len(train))
            self.train[name].set_data(epochs, train)
            self.val[name].set_data(epochs, val)
            best = best_epoch(val)
            self.best[name].set_data([best], [val[best]])
            rate = self.rates[name] * float(factor)
            self.labels[name].set_text(
                _("{optimiser}, η = {rate:g}: epoch {best}, validation {val:.4f}").format(
                    optimiser=_(RACERS[name][0]), rate=rate, best=best, val=val[best]
                )
            )
