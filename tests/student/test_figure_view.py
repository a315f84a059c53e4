"""FigureView's shortcuts for a fast redraw (nnlearn/figures.py) draw the same picture as
matplotlib's own path: a scatter's remembered marker extents, and the PNG in RGB."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path
from matplotlib.transforms import Affine2D
from PIL import Image

from nnlearn import figures


def circle() -> figures._MarkerPath:
    path = MarkerStyle("o").get_path()
    return figures._MarkerPath(path.vertices, path.codes)


def test_marker_extents_are_matplotlibs_for_each_transform():
    marked = circle()
    plain = MarkerStyle("o").get_path()
    # The unit circle scaled by s and moved by (dx, dy): by hand, [dx - s, dy - s, dx + s, dy + s].
    for s, dx, dy in [(1.0, 0.0, 0.0), (3.0, 1.0, -2.0), (0.5, 10.0, 4.0), (3.0, 1.0, -2.0)]:
        transform = Affine2D().scale(s).translate(dx, dy)
        found = marked.get_extents(transform)
        assert np.allclose(found.extents, [dx - s, dy - s, dx + s, dy + s])
        assert np.array_equal(found.extents, plain.get_extents(transform).extents)
    # Remembered per transform: each transform asked once, not the first answer for all.
    assert len(marked._extents) == 3
    assert np.allclose(marked.get_extents().extents, [-1, -1, 1, 1])


def test_an_extents_bbox_changed_by_its_caller_is_not_remembered_changed():
    marked = circle()
    marked.get_extents().set_points(np.zeros((2, 2)))
    assert np.allclose(marked.get_extents().extents, [-1, -1, 1, 1])


def test_a_scatter_gets_marker_paths_and_draws_the_same_picture():
    def picture(remember: bool) -> np.ndarray:
        fig = figures.new_figure(3, 2)
        ax = fig.add_subplot()
        ax.scatter([0, 1, 2], [1, 0, 2], s=60, c="C0", edgecolors="black", label="points")
        ax.plot([0, 2], [0, 2], label="line")
        ax.legend()
        if remember:
            figures._remember_marker_extents(fig)
            scatters = fig.findobj(PathCollection)  # the points and their legend key
            assert all(isinstance(c.get_paths()[0], figures._MarkerPath) for c in scatters)
            assert len(scatters) == 2
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    assert np.array_equal(picture(True), picture(False))


def test_a_straight_path_is_left_as_it_is():
    fig = figures.new_figure(3, 2)
    scatter = fig.add_subplot().scatter([0, 1], [1, 0], marker="s")
    figures._remember_marker_extents(fig)
    assert type(scatter.get_paths()[0]) is Path


def decoded(png: bytes) -> tuple[str, np.ndarray]:
    image = Image.open(io.BytesIO(png))
    return image.mode, np.asarray(image.convert("RGBA"))


def test_png_of_an_opaque_picture_is_rgb_with_the_same_pixels():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    mode, pixels = decoded(figures._png(rgba))
    assert mode == "RGB"
    assert np.array_equal(pixels, rgba)


def test_png_keeps_transparency_where_there_is_some():
    rgba = np.full((4, 4, 4), 255, dtype=np.uint8)
    rgba[1, 2] = (10, 20, 30, 128)
    mode, pixels = decoded(figures._png(rgba))
    assert mode == "RGBA"
    assert np.array_equal(pixels, rgba)
