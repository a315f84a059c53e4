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
from pathlib import Path

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from nnlearn import figures
from nnlearn.demos.base import Demo

MODULES = ["boundaries", "objectives", "descent", "backprop", "training", "practice"]
OTHER_MODULES = ["nnlearn.hidden_codes"]  # figures outside nnlearn.demos
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
    "plot_hidden_codes": lambda f: f(
        *TRIANGLE,
        lambda points: 1 / (1 + np.exp(-4 * (points - 1))),
        np.array([2.0, -1.0]),
        -0.5,
    ),
    "plot_optimiser_curves": lambda f: f(
        {name: (np.linspace(0.2, 0.05, 30), np.linspace(0.2, 0.07, 30)) for name in ("sgd", "adam")}
    ),
}


def every_figure() -> list[tuple[str, object]]:
    """(name, function or Demo class) for every public ``plot_*`` function and Demo of
    nnlearn.demos and of OTHER_MODULES: the figures the chapters show."""
    found = []
    for name in [f"nnlearn.demos.{m}" for m in MODULES] + OTHER_MODULES:
        module = importlib.import_module(name)
        name = name.rsplit(".", 1)[1]
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
    assert "hidden_codes.plot_hidden_codes" in names
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


# The palette (nnlearn.figures): one set of colours, told apart by colour-blind readers.

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", Table: severity 1.0 (dichromacy), applied to linear RGB.
DICHROMACY = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
# sRGB (D65) linear RGB -> CIE XYZ, and the D65 white point.
SRGB_TO_XYZ = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
WHITE = (0.95047, 1.0, 1.08883)


def linear_rgb(color: str) -> np.ndarray:
    """'#rrggbb' -> linear RGB in [0, 1], shape (3,) (the sRGB transfer curve undone)."""
    c = np.array([int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    """Linear RGB, shape (3,) -> CIELAB (L*, a*, b*), shape (3,)."""
    xyz = np.array(SRGB_TO_XYZ) @ np.clip(rgb, 0, 1) / np.array(WHITE)
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distances(a: str, b: str) -> dict[str, float]:
    """CIELAB distance (ΔE*ab) of two colours, as seen with normal vision and with each
    dichromacy."""
    seen = {"normal": np.eye(3), **{k: np.array(m) for k, m in DICHROMACY.items()}}
    return {
        k: float(np.linalg.norm(lab(m @ linear_rgb(a)) - lab(m @ linear_rgb(b))))
        for k, m in seen.items()
    }


def test_colour_distance_by_hand():
    # White is L* = 100 with no hue, black L* = 0: 100 apart, and a dichromat sees them so
    # too (each matrix keeps grey grey: its rows sum to 1).
    assert lab(linear_rgb("#ffffff")) == pytest.approx([100, 0, 0], abs=0.05)
    for kind, gap in distances("#ffffff", "#000000").items():
        assert gap == pytest.approx(100, abs=0.5), kind
    # Pure red and pure green, far apart to the eye, nearly meet for a deuteranope.
    gaps = distances("#ff0000", "#00ff00")
    assert gaps["normal"] > 150 and gaps["deuteranopia"] < gaps["normal"] / 2


def test_palette_hues_stay_apart_for_colour_blind_readers():
    for i, a in enumerate(figures.HUES):
        for b in figures.HUES[i + 1 :]:
            gaps = distances(a, b)
            assert min(gaps.values()) >= figures.MIN_HUE_DISTANCE, (a, b, gaps)
    # LIGHT_BLUE, where it is drawn (the optimiser race: beside BLUE, ORANGE and RED).
    for b in (figures.BLUE, figures.ORANGE, figures.RED):
        assert min(distances(figures.LIGHT_BLUE, b).values()) >= figures.MIN_HUE_DISTANCE, b
    # The purple the demos had before (#7b3294) is BLUE to a red-green colour-blind reader.
    assert distances(figures.BLUE, "#7b3294")["deuteranopia"] < figures.MIN_HUE_DISTANCE


def test_every_module_takes_its_colours_from_the_palette():
    """A colour written out (#rrggbb) anywhere in nnlearn but the palette would be a second
    palette."""
    root = Path(figures.__file__).parent
    for path in root.rglob("*.py"):
        if path.name != "figures.py":
            found = re.findall(r"[\"']#[0-9a-fA-F]{3,8}[\"']", path.read_text(encoding="utf-8"))
            assert found == [], f"{path.relative_to(root)}: {found}: name them in figures.py"
