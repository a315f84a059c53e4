"""What every slider demo shares: its sliders, a figure view, and the wiring between them."""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import display
from matplotlib.text import Text

from nnlearn.demos import live
from nnlearn.figures import FigureView
from nnlearn.i18n import gettext as _

# The note under every demo. It is true where the demo runs (JupyterLab, the book's live lab);
# the static book, where the figure cannot move, shows its own caption instead: the book's
# build finds the note by its class and replaces it (book/live_lab.py).
LIVE_NOTE = "<em>Move a slider and the figure redraws.</em>"  # in English: live_note() translates
LIVE_NOTE_CLASS = "nnlearn-live-note"

_SLIDERS = {
    "int": widgets.IntSlider,
    "float": widgets.FloatSlider,
    # a fixed list of values (``options``), e.g. the grid a demo's data was computed on
    "select": widgets.SelectionSlider,
}


# The demo's values in words, for a screen reader: a polite live region (it speaks each change
# once the reader has stopped moving), visible to no one else: the figure shows the same.
STATUS_CLASS = "nnlearn-demo-status"
_HIDDEN = (
    "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)


def live_note() -> str:
    """:data:`LIVE_NOTE` in the current language."""
    return "<em>{}</em>".format(_("Move a slider and the figure redraws."))


def status_html(text: str) -> str:
    """The live region of a demo that says ``text``."""
    return f'<p role="status" aria-live="polite" style="{_HIDDEN}">{html.escape(text)}</p>'


def shown(slider) -> str:
    """A slider's value as its readout shows it."""
    if isinstance(slider, widgets.SelectionSlider):
        return slider.label
    if isinstance(slider, widgets.FloatSlider):
        return format(slider.value, slider.readout_format)
    return str(slider.value)


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

    # Whether the figure's first picture is drawn at SCALE x (FigureView): what a notebook shows
    # and the book keeps. A demo made again on the book's page (live.build) draws none: the page
    # shows it already.
    first_picture = True

    def __new__(cls, *args, **kwargs):
        demo = super().__new__(cls)
        # What the demo was made from: the static book makes it again there (demos/live.py).
        demo.recipe = (args, kwargs)
        return demo

    def __init__(self, fig, alt: str, animated: list, sliders: list[dict]):
        self.sliders = [_slider(dict(spec)) for spec in sliders]
        self.update(*self.values)
        self.description = alt
        self._texts = [artist for artist in animated if isinstance(artist, Text)]
        self.view = FigureView(fig, self.alt(), animated, first_picture=self.first_picture)
        for slider in self.sliders:
            slider.observe(self._on_change, names="value")
        controls = widgets.Box(self.sliders, layout={"flex_flow": "row wrap", "width": "100%"})
        self.status = widgets.HTML(status_html(self.now()))
        self.status.add_class(STATUS_CLASS)
        note = widgets.HTML(live_note())
        note.add_class(LIVE_NOTE_CLASS)
        self.widget = widgets.VBox([controls, self.view.widget, self.status, note])

    def now(self) -> str:
        """What the demo shows now, in words: every slider's value as its readout shows it,
        then the figure's moving texts (its readouts)."""
        values = ", ".join(f"{s.description} = {shown(s)}" for s in self.sliders)
        texts = [" ".join(t.get_text().split()) for t in self._texts]
        now = _("Now {values}").format(values=values)
        return "; ".join([now, *filter(None, texts)]) + "."

    def alt(self) -> str:
        """The figure's alt text: what it shows, and its values now."""
        return f"{self.description} {self.now()}"

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
        self.view.alt = self.alt()
        self.view.refresh()
        self.status.value = status_html(self.now())

    def update(self, *values) -> None:  # pragma: no cover - every demo overrides it
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        display(self.widget, metadata={live.METADATA_KEY: live.describe(self)})
