"""The worked examples of the book, built on the scalar graph of :mod:`nnlearn.graph`.

* :func:`chain_graph`: the computational graph of the backpropagation chapter, with the numbers
  of its hand calculation: P = W1 A + W2 B = 4, Q = W3 P = 8, C = 5, L = 1/2 (Q - C)^2 = 9/2.
* :func:`mazur_network`: the 2-2-2 sigmoid network of Matt Mazur's "A Step by Step
  Backpropagation Example" (inputs 0.05/0.10, targets 0.01/0.99, learning rate 0.5), with the
  figures he published in :data:`MAZUR_PUBLISHED`, to check a computation against.
"""

from __future__ import annotations

from nnlearn.graph import Value

__all__ = [
    "CHAIN_INPUTS",
    "MAZUR_BIASES",
    "MAZUR_INPUTS",
    "MAZUR_PUBLISHED",
    "MAZUR_RATE",
    "MAZUR_TARGETS",
    "MAZUR_WEIGHTS",
    "chain_graph",
    "mazur_network",
]

CHAIN_INPUTS = {"A": 1.0, "B": 2.0, "W1": 2.0, "W2": 1.0, "W3": 2.0, "C": 5.0}


def chain_graph(**values: float) -> dict[str, Value]:
    """P = W1 A + W2 B, Q = W3 P, L = 1/2 (Q - C)^2, one node per operation.

    The operations are u1 = W1 A, u2 = W2 B, P = u1 + u2, Q = W3 P, d = Q - C, s = d^2 and
    L = s / 2.

    Keyword arguments override :data:`CHAIN_INPUTS`. Returns the nodes by label; ``"L"`` is the
    loss. Nothing is differentiated yet: call ``graph["L"].backward()``.
    """
    v = {name: Value(x, label=name) for name, x in {**CHAIN_INPUTS, **values}.items()}
    nodes = dict(v)
    nodes["u1"] = v["W1"] * v["A"]
    nodes["u2"] = v["W2"] * v["B"]
    nodes["P"] = nodes["u1"] + nodes["u2"]
    nodes["Q"] = v["W3"] * nodes["P"]
    nodes["d"] = nodes["Q"] - v["C"]
    nodes["s"] = nodes["d"] ** 2
    nodes["L"] = 0.5 * nodes["s"]
    for label, node in nodes.items():
        node.label = label
    return nodes


# Mazur's network: i1, i2 -> h1, h2 -> o1, o2, every neuron a sigmoid; one bias per layer.
# w1 (i1->h1), w2 (i2->h1), w3 (i1->h2), w4 (i2->h2), w5 (h1->o1), w6 (h2->o1), w7 (h1->o2),
# w8 (h2->o2).
MAZUR_INPUTS = (0.05, 0.10)
MAZUR_TARGETS = (0.01, 0.99)
MAZUR_RATE = 0.5
MAZUR_WEIGHTS = {
    "w1": 0.15,
    "w2": 0.20,
    "w3": 0.25,
    "w4": 0.30,
    "w5": 0.40,
    "w6": 0.45,
    "w7": 0.50,
    "w8": 0.55,
}
MAZUR_BIASES = {"b1": 0.35, "b2": 0.60}

MAZUR_PUBLISHED = {
    # forward pass and total error
    "out_h1": 0.593269992,
    "out_h2": 0.596884378,
    "out_o1": 0.75136507,
    "out_o2": 0.772928465,
    "L": 0.298371109,
    # weights after one gradient-descent step (biases are not updated in his example)
    "w5": 0.35891648,
    "w6": 0.408666186,
    "w7": 0.511301270,
    "w8": 0.561370121,
    "w1": 0.149780716,
    "w2": 0.19956143,
    "w3": 0.24975114,
    "w4": 0.29950229,
}
"""Figures published by Mazur, rounded to 8-9 significant digits.

He also reports the error after the first round (0.291027924) and after 10,000 rounds. Those come
from another update order than his text's: the output weights w5-w8 first, then the hidden layer's
gradients with the new w5-w8 (the footnote of the backpropagation chapter; tests/test_graph.py).
"""


def mazur_network(**params: float) -> dict[str, Value]:
    """Mazur's 2-2-2 network as a graph; returns its named nodes, ``"L"`` is the total error.

    L = 1/2 (y1 - out_o1)^2 + 1/2 (y2 - out_o2)^2 (his E_total; his names i1, i2 for the inputs
    and t1, t2 for the targets are the book's x1, x2 and y1, y2). Keyword arguments override
    weights and biases (``w5=0.1``).
    """
    p = {
        name: Value(x, label=name)
        for name, x in {**MAZUR_WEIGHTS, **MAZUR_BIASES, **params}.items()
    }
    i1, i2 = (Value(x, label=f"i{k}") for k, x in enumerate(MAZUR_INPUTS, 1))
    y1, y2 = MAZUR_TARGETS
    n = dict(p, i1=i1, i2=i2)
    n["net_h1"] = p["w1"] * i1 + p["w2"] * i2 + p["b1"]
    n["net_h2"] = p["w3"] * i1 + p["w4"] * i2 + p["b1"]
    n["out_h1"] = n["net_h1"].sigmoid()
    n["out_h2"] = n["net_h2"].sigmoid()
    n["net_o1"] = p["w5"] * n["out_h1"] + p["w6"] * n["out_h2"] + p["b2"]
    n["net_o2"] = p["w7"] * n["out_h1"] + p["w8"] * n["out_h2"] + p["b2"]
    n["out_o1"] = n["net_o1"].sigmoid()
    n["out_o2"] = n["net_o2"].sigmoid()
    n["L_o1"] = 0.5 * (y1 - n["out_o1"]) ** 2
    n["L_o2"] = 0.5 * (y2 - n["out_o2"]) ** 2
    n["L"] = n["L_o1"] + n["L_o2"]
    for label, node in n.items():
        node.label = label
    return n
