"""Figures for notebooks and the book: a PNG with alt text, redrawn in place by the demos.

A demo draws its figure once, keeps the artists that move (lines, texts, bars) and, when a slider
moves, changes their data and calls :meth:`FigureView.refresh`. The figure is never rebuilt:
:class:`FigureView` renders the static part (axes, ticks, curves that never change) once and
then redraws only the moving artists over it (matplotlib's "blitting"). The image sits in an
``ipywidgets.HTML`` as ``<img alt="...">``, so the static snapshot in the HTML book shows it with
its alt text, and screen readers get a description.

Every picture is rendered for HiDPI screens: at ``SCALE`` (2) pixels per CSS pixel, with the
``<img>``'s ``width`` set to its size in CSS pixels (``DPI`` CSS pixels per inch of the figure),
so it is as large on the page as before and sharp on a 2x screen.
"""

from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from IPython.display import HTML, display
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.path import Path
from PIL import Image

__all__ = ["FigureView", "new_figure", "show"]

# The palette: every colour a figure of nnlearn draws with, by name (no module defines its own).
# ColorBrewer hues, chosen to stay apart for colour-blind readers: any two of HUES are at least
# MIN_HUE_DISTANCE apart in CIELAB as seen with each kind of dichromacy (protanopia,
# deuteranopia, tritanopia; Machado, Oliveira and Fernandes 2009), checked in
# tests/test_figures.py.
RED = "#b2182b"  # RdBu
BLUE = "#2166ac"  # RdBu
GREEN = "#1b9e77"  # Dark2
ORANGE = "#e08214"  # PuOr
PURPLE = "#8e0152"  # PiYG (a red-violet: a blue-violet would look like BLUE to a red-green
# colour-blind reader)
HUES = (RED, BLUE, GREEN, ORANGE, PURPLE)
MIN_HUE_DISTANCE = 20.0
# A lighter BLUE, for a curve akin to a BLUE one; drawn beside BLUE, ORANGE and RED only.
LIGHT_BLUE = "#67a9cf"  # RdBu
GREY = "0.35"
# Fills behind black text (the nodes of a graph).
PALE_BLUE = "#dbe9f6"
PALE_YELLOW = "#ffe28a"
PALE_GREY = "#eeeeee"

# CSS pixels per inch of a figure (its size on the page), and image pixels per CSS pixel.
DPI = 80
SCALE = 2
# At 1280 px the book's text column is 688 CSS px wide and a demo's picture gets 684 px of it. A
# figure at most 680 px wide is shown at its own size, never scaled down, so its text keeps the
# size it is set in: MIN_TEXT_PT (9 pt, 10 CSS px) or more (tests/test_figures.py, and
# tests/test_book_offline.py in the built book).
MAX_WIDTH = 680 / DPI  # inches
MIN_TEXT_PT = 9


def new_figure(width: float, height: float) -> Figure:
    """A figure outside pyplot (nothing is displayed until you say so), constrained layout;
    ``width`` x ``height`` inches, shown at DPI CSS pixels per inch and rendered at SCALE x.
    At most MAX_WIDTH inches wide."""
    if width > MAX_WIDTH:
        too_wide = (
            f"a figure {width:g} in wide is wider than the book's text column ({MAX_WIDTH:g} in): "
            "the page would scale it down, and its text with it"
        )
        raise ValueError(too_wide)
    return Figure(figsize=(width, height), dpi=DPI * SCALE, layout="constrained")


def _img(png: bytes, alt: str, fig: Figure) -> str:
    """The <img> of a rendering of ``fig``: DPI CSS pixels per inch of the figure, whatever the
    resolution it was rendered at."""
    data = base64.b64encode(png).decode("ascii")
    width = round(fig.get_figwidth() * DPI)
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{width}">'


def _require_alt(alt: str) -> None:
    if not alt.strip():
        raise ValueError("every figure needs alt text: describe what it shows")


def show(fig: Figure, alt: str) -> None:
    """Display a static figure with alt text (in a notebook and in the book)."""
    _require_alt(alt)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    display(HTML(_img(buffer.getvalue(), alt, fig)))


class _MarkerPath(Path):
    """A marker's path (a scatter's circle) that remembers its extents for each affine transform.

    Matplotlib asks a collection's single path for its extents at every draw, to choose how to
    draw it (``Collection.draw``); for a path of Bezier curves (a circle) that is found by
    solving for each curve's extrema, most of a redraw's time for a scatter of a few points in
    Pyodide. The answer depends only on the path, which a marker never changes, and the
    transform: it is computed once per transform and the picture is the same."""

    def get_extents(self, transform=None, **kwargs):
        if transform is not None and not transform.is_affine:
            return super().get_extents(transform, **kwargs)
        matrix = None if transform is None else transform.get_matrix().tobytes()
        key = (matrix, tuple(sorted(kwargs.items())))
        known = self.__dict__.setdefault("_extents", {})
        if len(known) >= 64:  # a demo whose axes move: keep the cache small
            known.clear()
        if key not in known:
            known[key] = super().get_extents(transform, **kwargs)
        return known[key].frozen()


def _remember_marker_extents(fig: Figure) -> None:
    """Give every scatter of ``fig`` (its legend's keys too) :class:`_MarkerPath` copies of its
    curved paths."""
    for collection in fig.findobj(PathCollection):
        paths = collection.get_paths()
        if any(np.isin(p.codes, (Path.CURVE3, Path.CURVE4)).any() for p in paths):
            collection.set_paths(
                [
                    _MarkerPath(p.vertices, p.codes, _interpolation_steps=p._interpolation_steps)
                    for p in paths
                ]
            )


def _png(rgba: np.ndarray) -> bytes:
    """``rgba`` (height, width, 4), uint8, as a PNG: RGB where every pixel is opaque (the same
    picture, three quarters of the bytes to encode), else RGBA. zlib level 1: the fastest."""
    image = Image.fromarray(rgba)
    if (rgba[..., 3] == 255).all():
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class FigureView:
    """A figure shown in an ``ipywidgets.HTML``; :meth:`refresh` after changing its artists.

    ``animated`` lists every artist the demo changes. They are drawn on top of a cached
    background at each refresh; everything else is drawn once, here.

    The first picture, the one a notebook shows before any slider moves and the static book
    keeps, is rendered at SCALE x. A slider's redraws are rendered at 1 image pixel per CSS
    pixel, at the same size on the page: a quarter of the pixels to draw and to encode, which
    keeps a move within its latency target (benchmarks/run.py; at 2x a move took 2.5-4 times
    as long).

    With ``first_picture=False`` (the book's live demos: the page shows that picture already)
    the figure is laid out at SCALE x as for the first picture, but not drawn there; the widget
    then holds a 1x picture of the same artists. Every redraw after is the same either way.
    """

    def __init__(self, fig: Figure, alt: str, animated: list[Artist], first_picture: bool = True):
        _require_alt(alt)
        self.figure = fig
        self.alt = alt
        self.animated = list(animated)
        self.canvas = FigureCanvasAgg(fig)
        _remember_marker_extents(fig)
        for artist in self.animated:
            artist.set_animated(True)
        self.widget = widgets.HTML()
        if first_picture:
            self.canvas.draw()  # lays the figure out and draws what never changes
        else:
            fig.draw_without_rendering()  # the same layout, nothing drawn
        fig.set_layout_engine("none")  # keep that layout: the background depends on it
        if first_picture:
            self._background = self.canvas.copy_from_bbox(fig.bbox)
            self.refresh()
        # From here on, redraws at 1x: the same layout (in inches), a background of its own.
        fig.set_dpi(DPI)
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(fig.bbox)
        if not first_picture:
            self.refresh()

    def png(self) -> bytes:
        """The current picture: the cached background with the animated artists on top."""
        self.canvas.restore_region(self._background)
        for artist in self.animated:
            self.figure.draw_artist(artist)
        return _png(np.asarray(self.canvas.buffer_rgba()))

    def refresh(self) -> None:
        self.widget.value = _img(self.png(), self.alt, self.figure)
