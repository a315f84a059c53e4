"""Demos of the backpropagation chapter.

* :class:`GraphStepper`: a slider steps through the chapter's computational graph, first the
  forward values node by node, then the gradients flowing back from the loss.
* :class:`WeightSlider`: a slider on one output weight of Mazur's 2-2-2 network shows the error
  as a function of that weight, its slope, and the three chain-rule factors that make the slope.

Both compute with the scalar graph of :mod:`nnlearn.graph`, never with the exercise functions,
so they work before any exercise is solved.
"""

from __future__ import annotations

import numpy as np

from nnlearn.demos.base import Demo
from nnlearn.examples import MAZUR_RATE, chain_graph, mazur_network
from nnlearn.figures import (
    BLUE,
    MIN_TEXT_PT,
    PALE_BLUE,
    PALE_GREY,
    PALE_YELLOW,
    RED,
    new_figure,
    show,
)
from nnlearn.graph import Value
from nnlearn.i18n import gettext as _

__all__ = ["GraphStepper", "WeightSlider", "plot_sigmoid"]

# Where each node of `chain_graph` is drawn (x, y).
LAYOUT = {
    "W1": (0.0, 4.4),
    "A": (0.0, 3.0),
    "B": (0.0, 1.6),
    "W2": (0.0, 0.2),
    "u1": (1.8, 3.7),
    "u2": (1.8, 0.9),
    "W3": (3.6, 4.4),
    "P": (3.6, 2.3),
    "Q": (5.4, 3.3),
    "C": (5.4, 1.1),
    "d": (7.0, 2.3),
    "s": (8.4, 2.3),
    "L": (9.8, 2.3),
}

WAITING, KNOWN, CURRENT = PALE_GREY, PALE_BLUE, PALE_YELLOW


def _formula(node: Value) -> str:
    """How ``node`` was computed, with its children's values filled in."""
    kids = node.children
    if node.op in ("+", "×", "−"):
        names = f" {node.op} ".join(c.label for c in kids)
        values = f" {node.op} ".join(f"{c.data:g}" for c in kids)
        return f"{names} = {values}"
    if node.op.startswith("^"):
        return f"{kids[0].label}{node.op} = {kids[0].data:g}{node.op}"
    if node.op.startswith("×"):
        return f"{node.op[1:]} × {kids[0].label} = {node.op[1:]} × {kids[0].data:g}"
    return f"{node.op}({kids[0].label})"


def _d(top: str, bottom: str) -> str:
    return f"∂{top}/∂{bottom}"


class GraphStepper(Demo):
    """Step through P = W1·A + W2·B, Q = W3·P, L = ½(Q − C)²: forward, then backward.

    ``frames[k]`` is what step ``k`` shows: a caption, the nodes whose value is known, the
    gradients received so far, and the edges whose local derivative has been used.
    Keyword arguments change the inputs of the graph (``GraphStepper(W3=1.0)``).
    """

    def __init__(self, **values: float):
        self.nodes = chain_graph(**values)
        self.frames = self._frames(self.nodes["L"])
        fig = new_figure(8.5, 3.7)
        ax = fig.add_subplot()
        ax.set(xlim=(-0.6, 10.4), ylim=(-0.8, 5.0), xticks=[], yticks=[])
        ax.set_title(
            _(
                "L = ½(Q − C)² as a graph. Black: values (forward). Red under a node: "
                "∂L/∂node. Red on an arrow: local derivative."
            ),
            size=10,
        )
        for spine in ax.spines.values():
            spine.set_visible(False)
        self.boxes, self.grads, self.edges = {}, {}, {}
        for label, node in self.nodes.items():
            x, y = LAYOUT[label]
            for child in node.children:
                cx, cy = LAYOUT[child.label]
                ax.annotate(
                    "",
                    xy=(x, y),
                    xytext=(cx, cy),
                    arrowprops={"arrowstyle": "-|>", "color": "0.6", "shrinkA": 20, "shrinkB": 20},
                )
                self.edges[(label, child.label)] = ax.text(
                    (x + cx) / 2,
                    (y + cy) / 2,
                    "",
                    ha="center",
                    va="center",
                    color=RED,
                    size=MIN_TEXT_PT,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
                )
            self.boxes[label] = ax.text(
                x, y, "", ha="center", va="center", size=10, bbox={"boxstyle": "round"}
            )
            self.grads[label] = ax.text(x, y - 0.5, "", ha="center", color=RED, size=MIN_TEXT_PT)
        self.caption = ax.text(4.9, -0.6, "", ha="center", size=10)
        animated = [*self.boxes.values(), *self.grads.values(), *self.edges.values()]
        super().__init__(
            fig,
            alt=(
                _(
                    "A computational graph: inputs A and B and weights W1, W2, W3 on the left"
                    " feed the products u1 = W1·A and u2 = W2·B, their sum P, then Q = W3·P, "
                    "the difference d = Q − C, its square s and the loss L = s/2 on the "
                    "right. Each node shows its value; red numbers under the nodes are the "
                    "gradients of L flowing back, red numbers on the arrows the local "
                    "derivatives."
                )
            ),
            animated=[*animated, self.caption],
            sliders=[
                {
                    "kind": "int",
                    "min": 0,
                    "max": len(self.frames) - 1,
                    "description": _("step"),
                    "value": len(self.frames) - 1,
                }
            ],
        )

    @staticmethod
    def _frames(loss: Value) -> list[dict]:
        order = loss.topological_order()
        known = {n.label for n in order if not n.children}
        frames = [{"caption": _("The inputs and weights are given."), "known": set(known)}]
        for node in order:
            if node.children:
                known.add(node.label)
                frames.append(
                    {
                        "caption": _("Forward: {node} = {formula} = {value:g}").format(
                            node=node.label, formula=_formula(node), value=node.data
                        ),
                        "known": set(known),
                        "current": node.label,
                    }
                )
        grads = {loss.label: 1.0}
        used: dict[tuple[str, str], float] = {}
        frames.append(
            {
                "caption": _("Backward starts at the loss: {dL_dL} = 1").format(dL_dL=_d("L", "L")),
                "known": set(known),
                "grads": dict(grads),
                "current": loss.label,
            }
        )
        for node in reversed(order):
            if not node.children:
                continue
            steps = []
            for child, local in zip(node.children, node.local_grads, strict=True):
                grads[child.label] = grads.get(child.label, 0.0) + local * grads[node.label]
                used[(node.label, child.label)] = local
                steps.append(
                    f"{_d('L', child.label)} = {_d('L', node.label)} · "
                    f"{_d(node.label, child.label)} = {grads[node.label]:g} × {local:g} "
                    f"= {grads[child.label]:g}"
                )
            frames.append(
                {
                    "caption": _("Backward: {steps}").format(steps=";   ".join(steps)),
                    "known": set(known),
                    "grads": dict(grads),
                    "used": dict(used),
                    "current": node.label,
                }
            )
        return frames

    def update(self, step: int) -> None:
        frame = self.frames[int(step)]
        grads, used = frame.get("grads", {}), frame.get("used", {})
        for label, node in self.nodes.items():
            value = f"{node.data:g}" if label in frame["known"] else "?"
            box = self.boxes[label]
            box.set_text(f"{label}\n{value}")
            color = CURRENT if label == frame.get("current") else KNOWN
            box.get_bbox_patch().set_facecolor(color if label in frame["known"] else WAITING)
            self.grads[label].set_text(f"{grads[label]:g}" if label in grads else "")
        for key, text in self.edges.items():
            text.set_text(f"{used[key]:g}" if key in used else "")
            text.set_visible(key in used)
        self.caption.set_text(frame["caption"])


# For each output weight: the output neuron it feeds and the hidden neuron it multiplies.
OUTPUT_WEIGHTS = {"w5": ("o1", "h1"), "w6": ("o1", "h2"), "w7": ("o2", "h1"), "w8": ("o2", "h2")}


class WeightSlider(Demo):
    """Move one output weight of Mazur's network; watch L, its slope and the chain rule.

    Left: the total error L as a function of the weight (all other weights fixed), the current
    point, the tangent of slope dL/dw there, and where one gradient-descent step with Mazur's
    learning rate would land. Right: dL/dw as the product of its three chain-rule factors.
    """

    def __init__(self, weight: str = "w5", lo: float = -6.0, hi: float = 6.0):
        if weight not in OUTPUT_WEIGHTS:
            raise ValueError(f"weight must be one of {sorted(OUTPUT_WEIGHTS)}, got {weight!r}")
        self.weight = weight
        out, hidden = OUTPUT_WEIGHTS[weight]
        self.factor_names = [
            _d("L", f"out_{out}"),
            _d(f"out_{out}", f"net_{out}"),
            _d(f"net_{out}", weight),
            _("product = {dL_dw}").format(dL_dw=_d("L", weight)),
        ]
        self._out, self._hidden = out, hidden
        self._tangent_half_width = 0.15 * (hi - lo)
        grid = np.linspace(lo, hi, 241)
        curve = [mazur_network(**{weight: float(w)})["L"].data for w in grid]

        fig = new_figure(8.5, 3.4)
        left, right = fig.subplots(1, 2, width_ratios=[1.25, 1])
        left.plot(grid, curve, color="0.3", label="L")
        (self.tangent,) = left.plot(
            [], [], color=RED, label=_("slope {d}").format(d=_d("L", weight))
        )
        (self.point,) = left.plot([], [], "o", color=RED, ms=8)
        (self.stepped,) = left.plot(
            [],
            [],
            "x",
            color=BLUE,
            ms=9,
            mew=2,
            label=_("after one step, η = {MAZUR_RATE}").format(MAZUR_RATE=MAZUR_RATE),
        )
        self.readout = left.text(0.03, 0.93, "", transform=left.transAxes, size=MIN_TEXT_PT)
        pad = 0.1 * (max(curve) - min(curve))
        left.set(
            xlim=(lo, hi),
            ylim=(min(curve) - pad, max(curve) + pad),
            xlabel=_("weight {weight}").format(weight=weight),
            ylabel=_("total error L"),
            title=_("Error of Mazur's network as a function of {weight}").format(weight=weight),
        )
        left.legend(loc="lower right", fontsize=MIN_TEXT_PT)
        self.bars = right.bar(range(4), [0, 0, 0, 0], color=["0.6", "0.6", "0.6", RED])
        self.bar_labels = [right.text(i, 0, "", ha="center", size=MIN_TEXT_PT) for i in range(4)]
        right.axhline(0, color="0.3", lw=0.8)
        right.set_xticks(range(4), self.factor_names, rotation=12, size=MIN_TEXT_PT)
        right.set(
            ylim=(-1.1, 1.1),
            ylabel=_("value"),
            title=_("{d} as a product of local derivatives").format(d=_d("L", weight)),
        )
        animated = [self.tangent, self.point, self.stepped, self.readout]
        super().__init__(
            fig,
            alt=(
                _(
                    "Left: a curve of the total error L of Mazur's network against the weight"
                    " {weight}, with a red point at the current value, the red tangent line "
                    "whose slope is dL/d{weight}, and a blue cross where one gradient step "
                    "lands. Right: bars for the three chain-rule factors of dL/d{weight} and "
                    "their product."
                ).format(weight=weight)
            ),
            animated=[*animated, *self.bars, *self.bar_labels],
            sliders=[
                {
                    "kind": "float",
                    "min": lo,
                    "max": hi,
                    "step": 0.05,
                    "description": weight,
                    "value": mazur_network()[weight].data,
                }
            ],
        )

    def gradient(self, w: float) -> tuple[float, float, list[float]]:
        """L, dL/dw and the three chain-rule factors at weight value ``w`` (scalar graph)."""
        net = mazur_network(**{self.weight: w})
        net["L"].backward()
        out, hidden = self._out, self._hidden
        factors = [
            net[f"out_{out}"].grad,
            net[f"out_{out}"].local_grads[0],  # sigmoid: d out / d net
            net[f"out_{hidden}"].data,  # net = w * out_hidden + ...: d net / d w
        ]
        return net["L"].data, net[self.weight].grad, factors

    def update(self, w: float) -> None:
        w = float(w)
        loss, slope, factors = self.gradient(w)
        dx = self._tangent_half_width
        self.point.set_data([w], [loss])
        self.tangent.set_data([w - dx, w + dx], [loss - slope * dx, loss + slope * dx])
        w_next = w - MAZUR_RATE * slope
        self.stepped.set_data([w_next], [mazur_network(**{self.weight: w_next})["L"].data])
        self.readout.set_text(
            f"{self.weight} = {w:.2f}   L = {loss:.5f}   {_d('L', self.weight)} = {slope:.5f}"
        )
        for bar, label, value in zip(self.bars, self.bar_labels, [*factors, slope], strict=True):
            bar.set_height(value)
            label.set_text(f"{value:.4f}")
            label.set_y(value + (0.05 if value >= 0 else -0.12))


def plot_sigmoid() -> None:
    """Show σ(z) and its derivative σ(z)(1 − σ(z)), which is never above 1/4."""
    grid = np.linspace(-7, 7, 281)
    nodes = [Value(z).sigmoid() for z in grid]
    fig = new_figure(6.5, 3.0)
    ax = fig.add_subplot()
    ax.plot(grid, [n.data for n in nodes], color="0.2", label="σ(z)")
    ax.plot(grid, [n.local_grads[0] for n in nodes], color=RED, label="σ'(z) = σ(z)(1 − σ(z))")
    ax.axhline(0.25, color=RED, lw=0.8, ls=":")
    ax.annotate("¼ at z = 0", (0, 0.25), (1.2, 0.36), color=RED, arrowprops={"arrowstyle": "->"})
    ax.set(xlabel="z", ylabel=_("value"), title=_("The sigmoid and its derivative"))
    ax.legend(loc="upper left")
    show(
        fig,
        alt=(
            _(
                "The sigmoid rises from 0 to 1 as z goes from -7 to 7, passing 0.5 at z ="
                " 0. Its derivative is a bump that peaks at 0.25 at z = 0 and falls to "
                "almost 0 on both sides."
            )
        ),
    )
