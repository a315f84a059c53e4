"""The slider demos: moving a slider changes what is drawn, by updating the existing figure.

Callbacks are driven through the slider widget itself (``slider.value = ...``), as in a
notebook. The values drawn are checked against calculations made here, not by the demo.
"""

import base64
import re

import numpy as np
import pytest

from nnlearn.demos.backprop import GraphStepper, WeightSlider, plot_sigmoid
from nnlearn.examples import MAZUR_RATE, mazur_network


def image_of(demo) -> bytes:
    match = re.fullmatch(
        r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"[^>]*>', demo.view.widget.value
    )
    assert match, "the view holds one inline PNG with alt text"
    return base64.b64decode(match.group(1))


def artists(fig) -> int:
    return sum(len(ax.get_children()) for ax in fig.axes)


@pytest.fixture(scope="module")
def stepper():
    return GraphStepper()


def test_stepper_walks_forward_then_backward(stepper):
    # 1 frame of givens, 7 forward operations, the seed dL/dL = 1, 7 backward operations.
    assert len(stepper.frames) == 16 and stepper.slider.max == 15
    assert stepper.slider.value == 15, "the book shows the finished picture"
    stepper.slider.value = 0
    assert stepper.boxes["L"].get_text() == "L\n?" and stepper.grads["W1"].get_text() == ""
    stepper.slider.value = 7
    assert stepper.boxes["L"].get_text() == "L\n4.5"
    assert stepper.grads["W1"].get_text() == ""
    stepper.slider.value = 15
    # The hand calculation of the chapter: dL/dW1 = 6, dL/dW2 = 12, dL/dW3 = 12.
    texts = {k: stepper.grads[k].get_text() for k in ("W1", "W2", "W3", "P", "Q", "L")}
    assert texts == {"W1": "6", "W2": "12", "W3": "12", "P": "6", "Q": "3", "L": "1"}
    assert stepper.edges[("Q", "W3")].get_text() == "4"  # dQ/dW3 = P


def test_stepper_captions_show_the_chain_rule(stepper):
    captions = [f["caption"] for f in stepper.frames]
    assert "Forward: Q = W3 × P = 2 × 4 = 8" in captions
    assert any("∂L/∂W3 = ∂L/∂Q · ∂Q/∂W3 = 3 × 4 = 12" in c for c in captions)


def test_stepper_redraws_in_place(stepper):
    fig, count = stepper.view.figure, artists(stepper.view.figure)
    stepper.slider.value = 3
    before = image_of(stepper)
    stepper.slider.value = 12
    after = image_of(stepper)
    assert before != after
    assert stepper.view.figure is fig and artists(fig) == count


def numpy_error(w5: float) -> float:
    """Mazur's total error with w5 changed, computed here with numpy (not the engine)."""
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    W1 = np.array([[0.15, 0.25], [0.20, 0.30]])
    W2 = np.array([[w5, 0.50], [0.45, 0.55]])
    out = sig(sig(np.array([0.05, 0.10]) @ W1 + 0.35) @ W2 + 0.60)
    return float(0.5 * np.sum((np.array([0.01, 0.99]) - out) ** 2))


def test_weight_slider_draws_error_slope_and_chain_factors():
    demo = WeightSlider("w5")
    assert demo.slider.value == pytest.approx(0.40)
    fig, count = demo.view.figure, artists(demo.view.figure)
    before = image_of(demo)
    demo.slider.value = 2.0
    assert image_of(demo) != before
    assert demo.view.figure is fig and artists(fig) == count

    x, y = demo.point.get_data()
    assert (x[0], y[0]) == pytest.approx((2.0, numpy_error(2.0)), rel=1e-12)
    h = 1e-6
    slope = (numpy_error(2.0 + h) - numpy_error(2.0 - h)) / (2 * h)
    tx, ty = demo.tangent.get_data()
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(slope, rel=1e-6)
    heights = [bar.get_height() for bar in demo.bars]
    assert heights[3] == pytest.approx(slope, rel=1e-6)
    assert heights[0] * heights[1] * heights[2] == pytest.approx(heights[3], rel=1e-12)
    sx, sy = demo.stepped.get_data()
    assert sx[0] == pytest.approx(2.0 - MAZUR_RATE * slope, rel=1e-6)
    assert sy[0] == pytest.approx(numpy_error(sx[0]), rel=1e-9)


def test_weight_slider_other_weights_and_bad_names():
    demo = WeightSlider("w7")
    demo.slider.value = -1.0
    net = mazur_network(w7=-1.0)
    net["L"].backward()
    assert demo.bars[3].get_height() == pytest.approx(net["w7"].grad)
    assert demo.bars[0].get_height() < 0, "dE/dout_o2 = out_o2 - 0.99 is negative"
    with pytest.raises(ValueError, match="weight must be one of"):
        WeightSlider("w1")


def test_static_figure_has_alt_text(monkeypatch):
    shown = []
    monkeypatch.setattr("nnlearn.figures.display", shown.append)
    plot_sigmoid()
    (html,) = shown
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="The sigmoid rises', html.data)
