"""What every slider demo shares: its sliders, a figure view, and the wiring between them."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import display

from nnlearn.demos import live
from nnlearn.figures import FigureView

# The note under every demo. It is true where the demo runs (JupyterLab, the book's live lab);
# the static book, where the figure cannot move, shows its own caption instead: the book's
# build finds the note by its class and replaces it (book/live_lab.py).
LIVE_NOTE = "<em>Move a slider and the figure redraws.</em>"
LIVE_NOTE_CLASS = "nnlearn-live-note"

_SLIDERS = {
    "int": widgets.IntSlider,
    "float": widgets.FloatSlider,
    # a fixed list of values (``options``), e.g. the grid a demo's data was computed on
    "select": widgets.SelectionSlider,
}


# The narrowest slider track, in px, next to its label (never cut) and its readout.
MIN_TRACK = 140


def _slider(spec: dict):
    """One slider of a demo, sized for its row: its label at full width, a track of at least
    MIN_TRACK px and its readout. Sliders share a row while they fit and wrap when they do not
    (a phone gives each slider a row of its own, as wide as the row)."""
    kind = spec.pop("kind")
    label = len(spec.get("description", ""))
    # ~8 px per character of the label, the readout and the margins: ~100 px
    needed = f"calc({label}ch + {MIN_TRACK + 100}px)"
    layout = {"flex": f"1 1 {needed}", "min_width": f"min(100%, {needed})", "width": "auto"}
    return _SLIDERS[kind](
        continuous_update=True,
        layout=layout,
        style={"description_width": "initial"},
        **spec,
    )


class Demo:
    """Subclasses draw their figure in ``__init__``, then call ``super().__init__``.

    ``sliders`` lists one dict per slider: ``kind`` (``"int"``, ``"float"``, or ``"select"``
    for a fixed list of ``options``), its start ``value``, and the ipywidgets options
    (``min``, ``max``, ``step``, ``description``, ...).
    ``update(*values)`` receives every slider's value, in that order, and changes the
    ``animated`` artists (no redraw); moving any slider calls ``update`` and then re-renders
    the image once.
    """

    def __new__(cls, *args, **kwargs):
        demo = super().__new__(cls)
        # What the demo was made from: the static book makes it again there (demos/live.py).
        demo.recipe = (args, kwargs)
        return demo

    def __init__(self, fig, alt: str, animated: list, sliders: list[dict]):
        self.sliders = [_slider(dict(spec)) for spec in sliders]
        self.update(*self.values)
        self.view = FigureView(fig, alt, animated)
        for slider in self.sliders:
            slider.observe(self._on_change, names="value")
        controls = widgets.Box(self.sliders, layout={"flex_flow": "row wrap", "width": "100%"})
        note = widgets.HTML(LIVE_NOTE)
        note.add_class(LIVE_NOTE_CLASS)
        self.widget = widgets.VBox([controls, self.view.widget, note])

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
        display(self.widget, metadata={live.METADATA_KEY: live.describe(self)})
