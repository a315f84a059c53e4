"""How a demo is made again outside its notebook, and redrawn for given slider values.

The static book redraws a demo on its own page: its script runs this module in Pyodide in a Web
Worker (book/live/README.md). Each demo, when a notebook displays it, writes in its output's
metadata (under ``METADATA_KEY``) how it was made: its class, the arguments it was given and the
ids of its widgets (:func:`describe`). The page hands that to :func:`build`, which makes the same
demo again, and each move of a slider to :func:`frame`, which sets the demo's sliders and
returns what its figure widget then holds: the demo's own path, ``Demo._on_change`` ->
``update`` -> ``FigureView.refresh``, so the picture is the one the notebook draws.

Only what a demo was given travels (data such as points and labels, numbers, strings): a demo
made from a function the reader writes could not be described, and :func:`encode` refuses
anything that is not plain data.
"""

from __future__ import annotations

import importlib
import json
import math

import numpy as np

METADATA_KEY = "nnlearn-demo"


def encode(value):
    """``value`` as JSON-ready data: numbers, strings, None, lists, string-keyed dicts, tuples
    (``{"tuple": [...]}``) and numpy arrays (``{"ndarray": nested lists, "dtype": ...}``).
    Raises TypeError for anything else (a function, an object) and ValueError for a number
    that JSON cannot hold (nan, inf)."""
    if isinstance(value, np.ndarray):
        return {"ndarray": encode(value.tolist()), "dtype": value.dtype.str}
    if isinstance(value, np.generic):
        return encode(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a demo's argument {value!r} cannot be written as JSON")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    raise TypeError(f"a demo's argument of type {type(value).__name__} is not plain data")


def decode(data):
    """The inverse of :func:`encode`."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if isinstance(data, dict):
        if "ndarray" in data:
            return np.array(decode(data["ndarray"]), dtype=np.dtype(data["dtype"]))
        if "tuple" in data:
            return tuple(decode(v) for v in data["tuple"])
        return {k: decode(v) for k, v in data["dict"].items()}
    return data


def describe(demo) -> dict:
    """How ``demo`` was made (its class and arguments) and the ids of its sliders' and its
    figure's widgets, as JSON-ready data."""
    args, kwargs = demo.recipe
    return {
        "module": type(demo).__module__,
        "name": type(demo).__qualname__,
        "args": encode(list(args)),
        "kwargs": encode(dict(kwargs)),
        "sliders": [slider.model_id for slider in demo.sliders],
        "figure": demo.view.widget.model_id,
    }


def build(description: str, first_picture: bool = True):
    """The demo that :func:`describe` described (``description`` as a JSON string).

    With ``first_picture=False`` (the book's page, which shows that picture already) its figure
    is laid out but not drawn at ``SCALE`` x (``FigureView``): its widget holds the same
    artists drawn at 1x, as after a move, and every frame after is the same as with it."""
    recipe = json.loads(description)
    cls = getattr(importlib.import_module(recipe["module"]), recipe["name"])
    args, kwargs = decode(recipe["args"]), decode(recipe["kwargs"])
    demo = cls.__new__(cls, *args, **kwargs)
    demo.first_picture = first_picture
    demo.__init__(*args, **kwargs)
    return demo


def frame(demo, values: str) -> str:
    """Move ``demo``'s sliders to ``values`` and return its figure widget's HTML (an ``<img>``).

    ``values`` is a JSON list, one entry per slider, in the demo's order: ``{"value": v}``, or
    ``{"index": i}`` for a slider over a fixed list of options (what the page's slider holds).
    A slider that changes redraws the figure as in a notebook (``Demo._on_change``)."""
    for slider, value in zip(demo.sliders, json.loads(values), strict=True):
        if "index" in value:
            slider.index = value["index"]
        else:
            slider.value = value["value"]
    return demo.view.widget.value
