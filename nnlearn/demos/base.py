"""What every slider demo shares: its sliders, a figure view, and the wiring between them."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from nnlearn.figures import FigureView

LIVE_NOTE = (
    "<em>In the book this is a still picture. Run the chapter notebook in Jupyter and moving a "
    "slider redraws the figure.</em>"
)

_SLIDERS = {
    "int": widgets.IntSlider,
    "float": widgets.FloatSlider,
    "select": widgets.SelectionSlider,  # a few given values: ``options=[...]``
}


class Demo:
    """Subclasses draw their figure in ``__init__``, then call ``super().__init__``.

    ``sliders`` lists one dict per slider: ``kind`` (``"int"``, ``"float"``, or ``"select"``
    for a slider over given ``options``), its start ``value``, and the ipywidgets options
    (``min``, ``max``, ``step``, ``options``, ``description``). ``update(*values)`` receives
    every slider's value, in that order, and changes the ``animated`` artists (no redraw);
    moving any slider calls ``update`` and then re-renders the image once.
    """

    def __init__(self, fig, alt: str, animated: list, sliders: list[dict]):
        width = "60%" if len(sliders) == 1 else "32%"
        self.sliders = []
        for spec in sliders:
            options = dict(spec)
            kind = options.pop("kind")
            self.sliders.append(
                _SLIDERS[kind](continuous_update=True, layout={"width": width}, **options)
            )
        self.update(*self.values)
        self.view = FigureView(fig, alt, animated)
        for slider in self.sliders:
            slider.observe(self._on_change, names="value")
        controls = widgets.Box(self.sliders, layout={"flex_flow": "row wrap"})
        self.widget = widgets.VBox([controls, self.view.widget, widgets.HTML(LIVE_NOTE)])

    @property
    def values(self) -> list:
        """The sliders' current values, in the order of ``sliders``."""
        return [slider.value for slider in self.sliders]

    @property
    def slider(self):
        """The slider of a one-slider demo."""
        if len(self.sliders) != 1:
            raise AttributeError(f"this demo has {len(self.sliders)} sliders: use .sliders")
        return self.sliders[0]

    def _on_change(self, change) -> None:
        self.update(*self.values)
        self.view.refresh()

    def update(self, *values) -> None:  # pragma: no cover - every demo overrides it
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        display(self.widget)
