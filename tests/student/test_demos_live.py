"""nnlearn.demos.live: a demo described where a notebook displays it is made again, the same.

The static book makes each demo again from the description its output carries (book/live/README.md;
the browser side is tests/test_book_live_sliders.py). Here, in CPython: the description reaches
the output's metadata; made again from it, every demo of the chapters draws the picture of the
demo it describes, byte for byte, before and after its sliders move; only plain data is
described.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell

from nnlearn.datasets import marbles, xor
from nnlearn.demos import live
from nnlearn.demos.backprop import GraphStepper, WeightSlider
from nnlearn.demos.boundaries import BoundarySlider, StepNetworkSlider
from nnlearn.demos.descent import Descent1D, DescentValley
from nnlearn.demos.objectives import ErrorMountain, WeightAndBoundary
from nnlearn.demos.practice import CapstoneRace, DepthSlider, OptimiserRace
from nnlearn.demos.training import TrainingExplorer

# Every demo the chapters display, made as the chapters make them (solutions/*.ipynb).
CHAPTER_DEMOS = [
    lambda: BoundarySlider(*marbles()),
    lambda: BoundarySlider(*xor(), start=(1.0, 1.0, -0.5), title="One line on XOR"),
    lambda: StepNetworkSlider(*xor()),
    WeightAndBoundary,
    ErrorMountain,
    Descent1D,
    DescentValley,
    GraphStepper,
    lambda: WeightSlider("w5"),
    TrainingExplorer,
    DepthSlider,
    OptimiserRace,
    CapstoneRace,
]


def roundtrip(value):
    return live.decode(json.loads(json.dumps(live.encode(value), allow_nan=False)))


def test_plain_data_survives_json_exactly():
    X, y = marbles()
    value = {"X": X, "y": y.astype(np.int64), "start": (0.1, -2.0, 1 / 3), "names": ["w₁", None]}
    back = roundtrip(value)
    assert back["X"].dtype == X.dtype and np.array_equal(back["X"], X)  # every bit of every float
    assert back["y"].dtype == np.int64 and np.array_equal(back["y"], y)
    assert back["start"] == (0.1, -2.0, 1 / 3) and isinstance(back["start"], tuple)
    assert back["names"] == ["w₁", None]
    assert roundtrip(np.float64(0.25)) == 0.25


@pytest.mark.parametrize("value", [print, object(), {1: "a"}, {"f": lambda x: x}])
def test_what_is_not_plain_data_is_refused(value):
    with pytest.raises(TypeError):
        live.encode(value)


@pytest.mark.parametrize("value", [math.nan, math.inf, np.array([1.0, np.nan])])
def test_numbers_json_cannot_hold_are_refused(value):
    with pytest.raises(ValueError):
        live.encode(value)


def test_the_description_reaches_the_output_metadata():
    shell = InteractiveShell.instance()
    published = []
    publish = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: published.append((data, metadata))
    try:
        demo = BoundarySlider(*xor(), start=(1.0, 1.0, -0.5))
        demo._ipython_display_()
    finally:
        shell.display_pub.publish = publish
    (data, metadata) = published[-1]
    description = metadata[live.METADATA_KEY]
    view = data["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert view == demo.widget.model_id
    assert description["sliders"] == [s.model_id for s in demo.sliders]
    assert description["figure"] == demo.view.widget.model_id
    assert (description["module"], description["name"]) == (
        "nnlearn.demos.boundaries",
        "BoundarySlider",
    )
    json.dumps(description, allow_nan=False)  # the page carries it as JSON


def set_values(demo, values: list[dict]) -> None:
    for slider, value in zip(demo.sliders, values, strict=True):
        if "index" in value:
            slider.index = value["index"]
        else:
            slider.value = value["value"]


def other_values(demo) -> list[dict]:
    """Each slider moved one step (its next option, or value + step, or back from the top), as
    the page sends them (an option's index, or the value)."""
    values = []
    for slider in demo.sliders:
        if hasattr(slider, "options"):
            values.append({"index": (slider.index + 1) % len(slider.options)})
        else:
            up = slider.value + slider.step
            values.append({"value": up if up <= slider.max else slider.value - slider.step})
    return values


@pytest.mark.parametrize("make", CHAPTER_DEMOS)
def test_made_again_from_its_description_a_demo_draws_the_same(make):
    demo = make()
    again = live.build(json.dumps(live.describe(demo)))
    assert type(again) is type(demo)
    assert again.view.widget.value == demo.view.widget.value
    moved = other_values(demo)
    before = demo.view.widget.value
    set_values(demo, moved)
    assert demo.view.widget.value != before
    assert live.frame(again, json.dumps(moved)) == demo.view.widget.value
    assert again.values == demo.values
