"""The scalar graph engine and the worked examples built on it.

Expected values come from outside the engine: hand calculation (the chapter's graph), central
differences of the engine's own forward values, and Mazur's published figures.
"""

import math

import numpy as np
import pytest

from nnlearn.examples import (
    MAZUR_PUBLISHED,
    MAZUR_RATE,
    MAZUR_WEIGHTS,
    chain_graph,
    mazur_network,
)
from nnlearn.graph import Value


def central_difference(f, x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


def test_product_and_sum_by_hand():
    a, b = Value(2.0), Value(3.0)
    y = a * b + a  # dy/da = b + 1 = 4, dy/db = a = 2
    y.backward()
    assert (y.data, a.grad, b.grad) == (8.0, 4.0, 2.0)


def test_topological_order_by_hand_depth_first_and_each_node_once():
    # e = d * c, d = c + a, c = a * b: depth first from e, children in order, each node once,
    # after its children: a, b (c's children), c, then d (its a seen already), then e.
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    assert [id(n) for n in e.topological_order()] == [id(n) for n in (a, b, c, d, e)]
    assert [id(n) for n in e.backward()] == [id(n) for n in (e, d, c, b, a)]


def test_a_long_chain_needs_no_recursion():
    # Pyodide's stack is smaller than CPython's: the order is found without recursing
    x = Value(0.0, label="x")
    y = x
    for _ in range(50_000):
        y = y + 1.0
    order = y.topological_order()
    assert len(order) == 50_001 and order[0] is x and order[-1] is y
    y.backward()
    assert x.grad == 1.0


def test_gradients_add_up_over_paths_and_backward_can_be_repeated():
    x = Value(3.0)
    y = x * x + 2.0 * x  # dy/dx = 2x + 2 = 8
    y.backward()
    y.backward()
    assert x.grad == 8.0


@pytest.mark.parametrize("x0", [-2.5, -0.3, 0.0, 0.7, 4.0])
def test_every_operation_against_central_differences(x0):
    def build(x: float) -> tuple[Value, Value]:
        v = Value(x)
        w = (3.0 - v) * (v + 1.5) - 0.5 * (v**2).sigmoid() + (v * -2.0).sigmoid() ** 3 - v
        w = w + 2.0 * (v - 0.5).relu() - (v * -3.0 + 1.0).relu() ** 2  # kinks at 1/2 and 1/3
        return v, w

    v, w = build(x0)
    w.backward()
    numeric = central_difference(lambda x: build(x)[1].data, x0)
    assert v.grad == pytest.approx(numeric, rel=1e-7, abs=1e-9)


def test_sigmoid_is_stable_and_exact_at_the_extremes():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    assert Value(math.log(3.0)).sigmoid().data == pytest.approx(0.75, rel=1e-15)


def test_relu_by_hand_with_zero_slope_at_the_kink():
    values = [Value(x) for x in (-2.0, 0.0, 3.0)]
    outs = [v.relu() for v in values]
    assert [o.data for o in outs] == [0.0, 0.0, 3.0]
    assert [o.local_grads for o in outs] == [(0.0,), (0.0,), (1.0,)]
    y = Value(1.5)
    (y * y).relu().backward()  # d(y^2)/dy = 2y = 3 where y^2 > 0
    assert y.grad == 3.0


def test_local_derivatives_must_match_children():
    with pytest.raises(ValueError, match="one local derivative per child"):
        Value(1.0, (Value(1.0),), ())


def test_chain_graph_matches_the_hand_calculation():
    # P = 2*1 + 1*2 = 4, Q = 2*4 = 8, L = (8 - 5)^2 / 2 = 9/2;
    # dL/dQ = 3, dL/dW3 = 3*4, dL/dP = 3*2, dL/dW1 = 6*A, dL/dW2 = 6*B.
    g = chain_graph()
    g["L"].backward()
    values = {k: g[k].data for k in ("P", "Q", "L")}
    grads = {k: g[k].grad for k in ("Q", "P", "W3", "W1", "W2")}
    assert values == {"P": 4.0, "Q": 8.0, "L": 4.5}
    assert grads == {"Q": 3.0, "P": 6.0, "W3": 12.0, "W1": 6.0, "W2": 12.0}


def test_mazur_forward_pass_and_first_step_reproduce_the_published_figures():
    net = mazur_network()
    for name in ("out_h1", "out_h2", "out_o1", "out_o2", "L"):
        assert net[name].data == pytest.approx(MAZUR_PUBLISHED[name], abs=5e-9), name
    net["L"].backward()
    for w in MAZUR_WEIGHTS:
        updated = net[w].data - MAZUR_RATE * net[w].grad
        assert updated == pytest.approx(MAZUR_PUBLISHED[w], abs=5e-9), w


def test_mazur_gradients_against_central_differences():
    net = mazur_network()
    net["L"].backward()
    for w, value in MAZUR_WEIGHTS.items():
        numeric = central_difference(lambda x, w=w: mazur_network(**{w: x})["L"].data, value)
        assert net[w].grad == pytest.approx(numeric, rel=1e-6), w


def test_mazur_network_is_the_usual_matrix_network():
    """The graph computes sigmoid(sigmoid(x W1 + b1) W2 + b2) with W[i, j] from i to j."""
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    w = MAZUR_WEIGHTS
    W1 = np.array([[w["w1"], w["w3"]], [w["w2"], w["w4"]]])
    W2 = np.array([[w["w5"], w["w7"]], [w["w6"], w["w8"]]])
    out = sig(sig(np.array([0.05, 0.10]) @ W1 + 0.35) @ W2 + 0.60)
    net = mazur_network()
    assert [net["out_o1"].data, net["out_o2"].data] == pytest.approx(out, rel=1e-12)


def _mazur_round(weights: dict, output_layer_first: bool) -> dict:
    """One round of gradient descent on Mazur's network, in one of two update orders.

    ``output_layer_first=False``: every gradient at the old weights, then every step (his text,
    this course). ``True``: w5-w8 stepped first, and the hidden layer's gradients computed with
    the new w5-w8 (dE/dout_h1 = delta_o1 w5' + delta_o2 w7'), from the same forward pass.
    """
    net = mazur_network(**weights)
    net["L"].backward()
    new = {w: net[w].data - MAZUR_RATE * net[w].grad for w in MAZUR_WEIGHTS}
    if output_layer_first:
        d1, d2 = net["net_o1"].grad, net["net_o2"].grad  # the error signals of the outputs
        for hidden, (w_a, w_b), inputs in [
            ("out_h1", ("w5", "w7"), ("w1", "w2")),
            ("out_h2", ("w6", "w8"), ("w3", "w4")),
        ]:
            h = net[hidden].data
            delta = (d1 * new[w_a] + d2 * new[w_b]) * h * (1 - h)
            for w, x in zip(inputs, ("i1", "i2"), strict=True):
                new[w] = weights[w] - MAZUR_RATE * delta * net[x].data
    return new


@pytest.mark.parametrize(
    ("output_layer_first", "w1", "after_one", "after_10000", "outputs"),
    [
        # the order of his text and of the chapter: the numbers the chapter's cell prints
        (False, 0.149780716, 0.291027774, 0.0000351019, (0.015913620, 0.984064274)),
        # the order that gives his published error after one round and outputs after 10,000
        (True, 0.149817639, 0.291027924, 0.0000350848, (0.015912196, 0.984065734)),
    ],
)
def test_mazur_later_figures_follow_from_the_update_order(
    output_layer_first, w1, after_one, after_10000, outputs
):
    """The footnote of the backpropagation chapter: which order gives which published figure."""
    weights = _mazur_round(dict(MAZUR_WEIGHTS), output_layer_first)
    assert weights["w1"] == pytest.approx(w1, abs=5e-10)
    assert weights["w5"] == pytest.approx(MAZUR_PUBLISHED["w5"], abs=5e-9)  # same in both
    assert mazur_network(**weights)["L"].data == pytest.approx(after_one, abs=5e-10)
    for _ in range(9_998):
        weights = _mazur_round(weights, output_layer_first)
    if not output_layer_first:  # his published 10,000-round error: this order, one round short
        assert mazur_network(**weights)["L"].data == pytest.approx(0.0000351085, rel=5e-6)
    weights = _mazur_round(weights, output_layer_first)
    final = mazur_network(**weights)
    assert final["L"].data == pytest.approx(after_10000, rel=5e-6)
    assert (final["out_o1"].data, final["out_o2"].data) == pytest.approx(outputs, abs=5e-10)


def test_the_pencil_exercise_dL_dw3_by_hand_by_the_engine_and_by_differences():
    """Chapter 4's question 5: dL/dw3 = 0.00049771274, worked out by the chain rule in plain
    floats (the two paths through w6 and w8), the engine's backward pass, central differences."""
    sig = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    x1, x2, b1, b2 = 0.05, 0.10, 0.35, 0.60
    h1, h2 = sig(0.15 * x1 + 0.20 * x2 + b1), sig(0.25 * x1 + 0.30 * x2 + b1)
    o1, o2 = sig(0.40 * h1 + 0.45 * h2 + b2), sig(0.50 * h1 + 0.55 * h2 + b2)
    delta_o1, delta_o2 = (o1 - 0.01) * o1 * (1 - o1), (o2 - 0.99) * o2 * (1 - o2)
    by_hand = (delta_o1 * 0.45 + delta_o2 * 0.55) * h2 * (1 - h2) * x1
    assert by_hand == pytest.approx(0.00049771274, abs=5e-12)  # the figure the answer prints
    net = mazur_network()
    net["L"].backward()
    assert net["w3"].grad == pytest.approx(by_hand, rel=1e-12)
    loss = lambda w: mazur_network(w3=w)["L"].data  # noqa: E731
    numeric = central_difference(loss, MAZUR_WEIGHTS["w3"], h=1e-4)  # rounding ~ 1e-12
    assert numeric == pytest.approx(by_hand, rel=1e-7)
    assert 0.25 - MAZUR_RATE * by_hand == pytest.approx(MAZUR_PUBLISHED["w3"], abs=5e-9)
