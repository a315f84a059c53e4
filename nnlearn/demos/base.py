"""What every slider demo shares: a slider, a figure view, and the wiring between them."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from nnlearn.figures import FigureView

LIVE_NOTE = (
    "<em>In the book this is a still picture. Run the chapter notebook in Jupyter and the "
    "slider redraws the figure.</em>"
)

_SLIDERS = {"int": widgets.IntSlider, "float": widgets.FloatSlider}


class Demo:
    """Subclasses draw their figure in ``__init__``, then call ``super().__init__``.

    ``update(value)`` changes the ``animated`` artists for a slider value (no redraw); moving
    the slider calls ``update`` and then re-renders the image once.
    """

    def __init__(self, fig, alt: str, animated: list, slider: dict, value):
        options = dict(slider)
        kind = options.pop("kind")
        self.slider = _SLIDERS[kind](
            value=value, continuous_update=True, layout={"width": "60%"}, **options
        )
        self.update(value)
        self.view = FigureView(fig, alt, animated)
        self.slider.observe(self._on_change, names="value")
        self.widget = widgets.VBox([self.slider, self.view.widget, widgets.HTML(LIVE_NOTE)])

    def _on_change(self, change) -> None:
        self.update(change["new"])
        self.view.refresh()

    def update(self, value) -> None:  # pragma: no cover - every demo overrides it
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        display(self.widget)
