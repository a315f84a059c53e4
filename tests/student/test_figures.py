"""Every figure of nnlearn, static or a demo's, as the book and the notebooks show it: at most as
wide as the book's text column (so the page never scales it down), every text in it at least
nnlearn.figures.MIN_TEXT_PT (9 pt: 10 CSS px at 80 CSS px per inch) and inside the figure,
and rendered at SCALE (2) image pixels per CSS pixel. tests/book/test_book_offline.py checks the
same figures in the built book: 2 image pixels per CSS pixel, shown unscaled at 1280 px."""

from __future__ import annotations

import base64
import importlib
import inspect
import io
import re

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from nnlearn import figures
from nnlearn.demos.base import Demo

MODULES = ["boundaries", "objectives", "descent", "backprop", "training", "practice"]
HAND_SET = (1.0, 1.0, -5.0, 0.0, 2.0, -1.0, -1.0, 1.0, -0.5)  # chapter 1, section 3
TRIANGLE = np.array([[0.0, 0.0], [4.0, 0.0], [2.0, 4.0], [2.0, 1.0]]), np.array([0, 0, 0, 1.0])

# The figures that need inputs, given the kind of inputs the chapters pass.
CALLS = {
    "plot_step_network": lambda f: f(*TRIANGLE, HAND_SET),
    "plot_network_diagram": lambda f: f(HAND_SET),
    "plot_path_on_mountain": lambda f: f(np.array([[-2.0, 5.0], [0.0, 3.0], [2.5, 1.5]])),
    "plot_run": lambda f: f(
        np.geomspace(0.25, 1e-3, 200),
        lambda points: 1 / (1 + np.exp(-(points[:, :1] - points[:, 1:]))),
        *TRIANGLE,
    ),
    "plot_optimiser_curves": lambda f: f(
        {name: (np.linspace(0.2, 0.05, 30), np.linspace(0.2, 0.07, 30)) for name in ("sgd", "adam")}
    ),
}


def every_figure() -> list[tuple[str, object]]:
    """(name, function or Demo class) for every public ``plot_*`` function and Demo of
    nnlearn.demos: the figures the chapters show."""
    found = []
    for name in MODULES:
        module = importlib.import_module(f"nnlearn.demos.{name}")
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) and attr.startswith("plot_"):
                found.append((f"{name}.{attr}", obj))
            elif inspect.isclass(obj) and issubclass(obj, Demo):
                found.append((f"{name}.{attr}", obj))
    return found


FIGURES = every_figure()


def draw(name: str, obj, monkeypatch) -> tuple[object, str, list]:
    """The matplotlib Figure that ``obj`` shows, the <img> it shows it in, and every text drawn
    in it, with where it was drawn and the figure's box then (not the tick labels matplotlib
    keeps outside the axes' limits and never draws)."""
    drawn: list[tuple[Text, object, object]] = []
    real_draw = Text.draw

    def record(text, renderer):
        if text.get_visible() and text.get_text().strip():
            figure = text.get_figure(root=True)
            drawn.append((text, text.get_window_extent(renderer), figure.bbox.frozen()))
        return real_draw(text, renderer)

    monkeypatch.setattr(Text, "draw", record)
    if inspect.isclass(obj):
        demo = obj()  # draws the still part, then the moving artists over it
        return demo.view.figure, demo.view.widget.value, drawn
    shown = []
    module = importlib.import_module(obj.__module__)
    monkeypatch.setattr(module, "display", lambda html: shown.append(html.data), raising=False)
    monkeypatch.setattr(figures, "display", lambda html: shown.append(html.data))
    real_show = figures.show
    figs = []

    def show(fig, alt):
        figs.append(fig)
        real_show(fig, alt)

    monkeypatch.setattr(module, "show", show)
    call = CALLS.get(name.split(".")[1])
    call(obj) if call else obj()
    assert len(figs) == 1 and len(shown) == 1, f"{name} showed {len(figs)} figures"
    return figs[0], shown[0], drawn


def test_every_figure_is_found():
    """The list covers the chapters' figures (a renamed module would otherwise skip them all),
    and every figure that needs inputs has them here."""
    names = {name for name, _ in FIGURES}
    assert {"boundaries.plot_step_network", "boundaries.StepNetworkSlider"} <= names
    assert {"practice.OptimiserRace", "objectives.plot_two_boundaries"} <= names
    for name, obj in FIGURES:
        if inspect.isfunction(obj):
            required = [
                p for p in inspect.signature(obj).parameters.values() if p.default is p.empty
            ]
            assert not required or name.split(".")[1] in CALLS, f"{name}: no inputs in CALLS"


@pytest.mark.parametrize("name, obj", FIGURES, ids=[name for name, _ in FIGURES])
def test_figure_reads_at_its_size(name, obj, monkeypatch):
    fig, img, drawn = draw(name, obj, monkeypatch)
    # at most as wide as the column, so the book shows it at its own size
    assert fig.get_figwidth() <= figures.MAX_WIDTH + 1e-9, f"{name}: wider than the column"
    # 2 image pixels per CSS pixel: the PNG is SCALE times the width the <img> asks for
    match = re.search(r'src="data:image/png;base64,([^"]+)" alt="[^"]+" width="(\d+)"', img)
    assert match, f"{name}: no <img> with alt text and a width"
    png = Image.open(io.BytesIO(base64.b64decode(match.group(1))))
    css = int(match.group(2))
    assert css == round(fig.get_figwidth() * figures.DPI), f"{name}: the <img> asks for {css} px"
    assert png.width == figures.SCALE * css, f"{name}: {png.width} px of image for {css} CSS px"
    # every text at least MIN_TEXT_PT, and inside the figure (none cut at its edge)
    assert drawn, f"{name}: no text drawn"
    for text, extent, box in drawn:
        label = text.get_text()[:40]
        assert text.get_fontsize() >= figures.MIN_TEXT_PT, (
            f"{name}: {label!r} is {text.get_fontsize():g} pt"
        )
        assert (
            extent.x0 >= box.x0 - 1
            and extent.x1 <= box.x1 + 1
            and extent.y0 >= box.y0 - 1
            and extent.y1 <= box.y1 + 1
        ), f"{name}: {label!r} is cut at the figure's edge"


def _numeric_ticks(axis) -> bool:
    """Whether an axis shows numbers at its ticks (a diagram shows none; a bar chart of named
    bars shows names, which need no axis label)."""
    labels = [t.get_text() for t in axis.get_ticklabels() if t.get_visible()]
    shown = [t for t in labels if t.strip()]
    numbers = re.compile(r"^[\s$\\mathdefault{}\d.,−\-+^×e]+$")
    return bool(shown) and all(numbers.match(t) for t in shown)


@pytest.mark.parametrize("name, obj", FIGURES, ids=[name for name, _ in FIGURES])
def test_figure_is_titled_and_labelled(name, obj, monkeypatch):
    """A title on every figure; a label on every axis that shows numbers, unless the axis is
    shared with a panel that labels it (one label for a row of panels)."""
    fig, _, _ = draw(name, obj, monkeypatch)
    titles = [ax.get_title() for ax in fig.axes] + [fig.get_suptitle()]
    assert any(t.strip() for t in titles), f"{name}: no title"
    for ax in fig.axes:
        if not ax.axison:
            continue
        for axis, label, shared in (
            (ax.xaxis, ax.get_xlabel, ax.get_shared_x_axes()),
            (ax.yaxis, ax.get_ylabel, ax.get_shared_y_axes()),
        ):
            if not _numeric_ticks(axis):
                continue
            named = [label()] + [
                (a.get_xlabel() if axis is ax.xaxis else a.get_ylabel())
                for a in shared.get_siblings(ax)
            ]
            assert any(n.strip() for n in named), (
                f"{name}: panel {ax.get_title()!r} has no label on its {axis.axis_name} axis"
            )


def test_new_figure_refuses_a_figure_wider_than_the_column():
    figures.new_figure(figures.MAX_WIDTH, 3)
    with pytest.raises(ValueError, match="wider than the book's text column"):
        figures.new_figure(figures.MAX_WIDTH + 0.5, 3)


def test_a_demo_keeps_its_size_when_a_slider_moves():
    """The first picture is at SCALE x; a slider's redraws are at 1x (they must be fast) and
    take the same width on the page, so nothing jumps when the reader drags a slider."""
    from nnlearn.demos.boundaries import BoundarySlider

    demo = BoundarySlider()

    def picture() -> tuple[int, int]:
        match = re.search(r'base64,([^"]+)" alt="[^"]+" width="(\d+)"', demo.view.widget.value)
        png = Image.open(io.BytesIO(base64.b64decode(match.group(1))))
        return png.width, int(match.group(2))

    first_pixels, first_css = picture()
    assert first_pixels == figures.SCALE * first_css
    demo.sliders[0].value = demo.sliders[0].value + demo.sliders[0].step
    moved_pixels, moved_css = picture()
    assert moved_css == first_css, "the picture changed its width on the page"
    assert moved_pixels == first_css, "a redraw is at 1 image pixel per CSS pixel"
