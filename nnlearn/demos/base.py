"""What every slider demo shares: its sliders, a figure view, and the wiring between them."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from nnlearn.figures import FigureView

LIVE_NOTE = (
    "<em>In the book this is a still picture. Run the chapter notebook in Jupyter and the "
    "slider redraws the figure.</em>"
)

_SLIDERS = {
    "int": widgets.IntSlider,
    "float": widgets.FloatSlider,
    # a fixed list of values (``options``), e.g. the grid a demo's data was computed on
    "select": widgets.SelectionSlider,
}


class Demo:
    """Subclasses draw their figure in ``__init__``, then call ``super().__init__``.

    ``slider`` describes one slider (a dict: ``kind`` plus the widget's options) and ``value``
    is its first value; or ``slider`` is a list of such dicts and ``value`` the list of their
    first values. ``update(*values)`` receives one value per slider, in that order, and changes
    the ``animated`` artists (no redraw); moving any slider calls ``update`` with the current
    values of all of them and then re-renders the image once.

    ``sliders`` holds the slider widgets in order; ``slider`` is the first (or only) one.
    """

    def __init__(self, fig, alt: str, animated: list, slider: dict | list[dict], value):
        specs, values = ([slider], [value]) if isinstance(slider, dict) else (slider, value)
        self.sliders = [_make_slider(spec, v) for spec, v in zip(specs, values, strict=True)]
        self.slider = self.sliders[0]
        self.update(*self.values)
        self.view = FigureView(fig, alt, animated)
        for widget in self.sliders:
            widget.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.sliders, self.view.widget, widgets.HTML(LIVE_NOTE)])

    @property
    def values(self) -> tuple:
        """The current value of every slider, in order."""
        return tuple(widget.value for widget in self.sliders)

    def _on_change(self, change) -> None:
        self.update(*self.values)
        self.view.refresh()

    def update(self, *values) -> None:  # pragma: no cover - every demo overrides it
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        display(self.widget)


def _make_slider(spec: dict, value):
    options = dict(spec)
    kind = options.pop("kind")
    return _SLIDERS[kind](value=value, continuous_update=True, layout={"width": "60%"}, **options)
