"""What a trained hidden layer does to its inputs: chapter 1's picture, for a network that
learned its weights.

Chapter 1 drew each point of XOR at its *hidden code*, the outputs (a1, a2) of the two hidden
units, and showed that there one straight line, the output unit's, separates the classes.
:func:`plot_hidden_codes` draws the same two panels for a trained two-hidden-unit network: the
input plane with the line of each hidden unit (where its output is 1/2), and the square of
hidden codes with the output unit's line. Thin grey curves are the input plane's grid lines,
drawn again where the hidden layer sends them: the hidden layer bends the plane until a line is
enough.

The network comes in as the notebook has it: ``hidden(points)`` returns the hidden units'
outputs for points of shape (M, 2), and ``w_out``, ``b_out`` are the output unit's weights and
bias. Nothing here computes a layer of the exercises.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnlearn.figures import (
    BLUE,
    GREEN,
    GREY,
    MIN_TEXT_PT,
    PALE_BLUE,
    PALE_YELLOW,
    PURPLE,
    RED,
    new_figure,
    show,
)
from nnlearn.i18n import gettext as _

__all__ = ["plot_hidden_codes"]

# Label 1 drawn as red circles, label 0 as blue squares (the chapters' colours for outputs near
# 1 and near 0), so the classes differ in shape as well as in colour.
CLASS_STYLE = {1.0: ("o", RED), 0.0: ("s", BLUE)}
SIDE_COLOURS = (PALE_BLUE, PALE_YELLOW)  # where the output says 0, and where it says 1
UNIT_STYLE = [(GREEN, "-"), (PURPLE, "--")]
TEXT_PT = 10.0
LIMITS = (-0.5, 1.5)  # the input plane shown around the unit square
GRID_LINES = np.linspace(-0.5, 1.5, 9)


def _grid_curves(hidden: Callable) -> list[np.ndarray]:
    """The input plane's grid lines (x1 = c and x2 = c), each as (M, 2) points: first in the
    input plane, then, by the same index, their images in the hidden plane."""
    t = np.linspace(*LIMITS, 101)
    lines = [np.column_stack([np.full_like(t, c), t]) for c in GRID_LINES]
    lines += [np.column_stack([t, np.full_like(t, c)]) for c in GRID_LINES]
    return lines + [np.asarray(hidden(line), dtype=np.float64) for line in lines]


def _label(point: np.ndarray) -> str:
    return f"({point[0]:g}, {point[1]:g})"


def _draw_points(ax, codes: np.ndarray, y: np.ndarray) -> None:
    for label, (marker, colour) in CLASS_STYLE.items():
        where = y == label
        ax.scatter(
            codes[where, 0],
            codes[where, 1],
            marker=marker,
            s=90,
            c=colour,
            edgecolors="black",
            linewidths=1.2,
            zorder=4,
            label=_("label {label:g}").format(label=label),
        )


def plot_hidden_codes(
    X: np.ndarray,
    y: np.ndarray,
    hidden: Callable[[np.ndarray], np.ndarray],
    w_out: np.ndarray,
    b_out: float,
) -> None:
    """Draw the inputs ``X`` (N, 2) with labels ``y`` (N,) of 0 and 1, the lines of the two
    hidden units, and the same points at their hidden codes ``hidden(X)`` (N, 2) with the output
    unit's line ``codes @ w_out + b_out = 0`` (``w_out`` (2,), ``b_out`` a number)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    w_out = np.asarray(w_out, dtype=np.float64).reshape(2)
    b_out = float(b_out)
    codes = np.asarray(hidden(X), dtype=np.float64)
    if codes.shape != (len(X), 2):
        raise ValueError(f"hidden(X) has shape {codes.shape}; this picture needs two hidden units")
    curves = _grid_curves(hidden)
    n_lines = len(curves) // 2

    fig = new_figure(4.4, 8.2)
    input_ax, code_ax = fig.subplots(2, 1)
    fig.suptitle(_("XOR after training: what the hidden layer does"), fontsize=TEXT_PT + 1)

    # The input plane: grid lines, each hidden unit's line, the points.
    for line in curves[:n_lines]:
        input_ax.plot(line[:, 0], line[:, 1], color=GREY, lw=0.5, alpha=0.5)
    grid = np.linspace(*LIMITS, 201)
    x1, x2 = np.meshgrid(grid, grid)
    plane = np.asarray(hidden(np.column_stack([x1.ravel(), x2.ravel()])), dtype=np.float64)
    for unit, (colour, style) in enumerate(UNIT_STYLE):
        values = plane[:, unit].reshape(x1.shape)
        input_ax.contour(
            x1, x2, values, levels=[0.5], colors=colour, linestyles=style, linewidths=2
        )
        input_ax.plot(
            [],
            [],
            color=colour,
            ls=style,
            lw=2,
            label=_("hidden unit {value}: a = 1/2").format(value=unit + 1),
        )
    _draw_points(input_ax, X, y)
    for point in X:
        input_ax.annotate(
            _label(point), point, xytext=(8, 6), textcoords="offset points", fontsize=TEXT_PT
        )
    input_ax.set(xlim=LIMITS, ylim=LIMITS, aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    input_ax.set_title(_("Inputs, and the line of each hidden unit"), fontsize=TEXT_PT + 1)
    input_ax.legend(fontsize=MIN_TEXT_PT, loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=2)

    # The hidden codes: the output unit's two sides, the bent grid, the points moved.
    square = np.linspace(-0.05, 1.05, 201)
    a1, a2 = np.meshgrid(square, square)
    side = (a1 * w_out[0] + a2 * w_out[1] + b_out >= 0).astype(float)
    code_ax.contourf(a1, a2, side, levels=[-0.5, 0.5, 1.5], colors=SIDE_COLOURS)
    code_ax.contour(a1, a2, a1 * w_out[0] + a2 * w_out[1] + b_out, levels=[0.0], colors="black")
    code_ax.plot([], [], color="black", label=_("output unit: output = 1/2"))
    for line in curves[n_lines:]:
        code_ax.plot(line[:, 0], line[:, 1], color=GREY, lw=0.5, alpha=0.5)
    _draw_points(code_ax, codes, y)
    offsets = _spread(codes)
    for point, code, offset in zip(X, codes, offsets, strict=True):
        code_ax.annotate(
            _label(point),
            code,
            xytext=offset,
            textcoords="offset points",
            fontsize=TEXT_PT,
            ha="right" if code[0] > 0.5 else "left",
            arrowprops={"arrowstyle": "-", "color": "0.3", "lw": 0.8},
        )
    code_ax.set(
        xlim=(-0.05, 1.05),
        ylim=(-0.05, 1.05),
        aspect="equal",
        xlabel=_("$a_1$ (hidden unit 1)"),
        ylabel=_("$a_2$ (hidden unit 2)"),
    )
    code_ax.set_title(_("The same points at their hidden codes"), fontsize=TEXT_PT + 1)
    code_ax.legend(fontsize=MIN_TEXT_PT, loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=3)

    where = "; ".join(
        _("{point} (label {t:g}) to ({c[0]:.2f}, {c[1]:.2f})").format(point=_label(p), t=t, c=c)
        for p, t, c in zip(X, y, codes, strict=True)
    )
    show(
        fig,
        alt=(
            _(
                "Two panels. Top: the input plane with the four points (label 1 as red "
                "circles, label 0 as blue squares), a faint grey grid, and the line where"
                " each hidden unit's output is 1/2 (green solid for unit 1, purple dashed"
                " for unit 2). Bottom: the square of hidden codes (a1, a2), where the "
                "grid reappears bent, and the points moved to their codes: {where}. One "
                "straight black line, the output unit's, separates the label-1 points "
                "(pale yellow side) from the label-0 points (pale blue side)."
            ).format(where=where)
        ),
    )


def _spread(codes: np.ndarray) -> list[tuple[float, float]]:
    """Label offsets (points) that keep the labels of codes close to each other apart: the
    k-th of a group of codes within 0.15 of each other goes 16 points lower."""
    offsets = []
    for k, code in enumerate(codes):
        near = sum(np.max(np.abs(codes[j] - code)) < 0.15 for j in range(k))
        dx = -14 if code[0] > 0.5 else 14
        dy = (14 if code[1] < 0.5 else -18) - 18 * near * (1 if code[1] < 0.5 else -1)
        offsets.append((dx, dy))
    return offsets
