"""The book page's worker makes each demo without its first picture at 2x (the page shows it):
``live.build(description, first_picture=False)``, book/live/README.md.

Every demo of nnlearn.demos, made with its default arguments as a notebook makes it and again
without the first picture: the second starts on the notebook demo's picture at 1x (what the
notebook's demo draws at 1x before any move, drawn here by its own ``FigureView.png``), and each
slider moved one step gives both demos the same picture, byte for byte.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import io
import json
import pkgutil
import re

import pytest
from PIL import Image

import nnlearn.demos
from nnlearn import figures
from nnlearn.demos import base, live

PICTURE = re.compile(r'base64,([^"]+)" alt="[^"]*" width="(\d+)"')


def demo_classes() -> list[type]:
    """Every demo class of nnlearn.demos, by name."""
    found = {}
    for module in pkgutil.iter_modules(nnlearn.demos.__path__):
        imported = importlib.import_module(f"nnlearn.demos.{module.name}")
        for name, cls in inspect.getmembers(imported, inspect.isclass):
            if issubclass(cls, base.Demo) and cls is not base.Demo:
                found[name] = cls
    return [found[name] for name in sorted(found)]


def pixels(html: str) -> tuple[int, int]:
    """(the picture's width in pixels, its width on the page in CSS pixels)."""
    data, css = PICTURE.search(html).groups()
    return Image.open(io.BytesIO(base64.b64decode(data))).width, int(css)


def step(slider) -> None:
    """Move ``slider`` one step (back, at its end)."""
    if hasattr(slider, "options"):
        slider.index += 1 if slider.index + 1 < len(slider.options) else -1
    else:
        up = slider.value + slider.step <= slider.max
        slider.value = slider.value + (slider.step if up else -slider.step)


def test_every_demo_class_is_found():
    names = {cls.__name__ for cls in demo_classes()}
    assert {"BoundarySlider", "StepNetworkSlider", "CapstoneRace", "GraphStepper"} <= names


@pytest.mark.parametrize("cls", demo_classes(), ids=lambda cls: cls.__name__)
def test_without_the_first_picture_every_picture_is_the_notebooks(cls):
    description = json.dumps(live.describe(cls()))
    notebook = live.build(description)
    page = live.build(description, first_picture=False)

    width, css = pixels(notebook.view.widget.value)
    assert width == figures.SCALE * css, "the notebook's demo lost its first picture at 2x"
    width, css = pixels(page.view.widget.value)
    assert width == css, "the page's demo drew a picture at 2x"
    at_1x = figures._img(notebook.view.png(), notebook.view.alt, notebook.view.figure)
    assert page.view.widget.value == at_1x, "not the notebook demo's picture at 1x"

    for k, (ours, theirs) in enumerate(zip(page.sliders, notebook.sliders, strict=True)):
        step(ours)
        step(theirs)
        assert ours.value == theirs.value
        assert page.view.widget.value == notebook.view.widget.value, (
            f"slider {k + 1} ({theirs.description}): another picture than the notebook's"
        )
