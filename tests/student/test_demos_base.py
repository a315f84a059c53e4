"""base.Demo with several sliders: one update(*values) call per move, with every slider's value.

The one-slider form is covered by the chapters' demos (tests/student/test_demos.py).
"""

import base64
import re

import pytest

from nnlearn.demos.base import Demo
from nnlearn.figures import new_figure


def image_of(demo) -> bytes:
    match = re.fullmatch(
        r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"[^>]*>', demo.view.widget.value
    )
    assert match, "the view holds one inline PNG with alt text"
    return base64.b64decode(match.group(1))


class TwoSliders(Demo):
    """The smallest demo with two sliders: a text showing both values."""

    def __init__(self):
        fig = new_figure(2, 1)
        self.text = fig.text(0.5, 0.5, "")
        self.calls = []
        super().__init__(
            fig,
            alt="two numbers",
            animated=[self.text],
            sliders=[
                {"kind": "int", "min": 0, "max": 9, "description": "a", "value": 3},
                {"kind": "select", "options": [0.5, 1.5], "description": "b", "value": 1.5},
            ],
        )

    def update(self, a, b):
        self.calls.append((a, b))
        self.text.set_text(f"{a} {b}")


def test_several_sliders_drive_one_update():
    demo = TwoSliders()
    assert demo.calls == [(3, 1.5)], "drawn once with the start values"
    assert demo.values == [3, 1.5]
    assert list(demo.widget.children[0].children) == demo.sliders
    first = image_of(demo)
    demo.sliders[1].value = 0.5
    demo.sliders[0].value = 7
    assert demo.calls[1:] == [(3, 0.5), (7, 0.5)]
    assert demo.text.get_text() == "7 0.5" and image_of(demo) != first


def test_slider_is_only_for_one_slider_demos():
    with pytest.raises(AttributeError, match="2 sliders: use .sliders"):
        _ = TwoSliders().slider


def test_alt_text_and_live_region_follow_the_values():
    """After a move, the figure's alt text and the demo's polite live region say the sliders'
    values as their readouts show them, and the figure's moving text."""
    demo = TwoSliders()
    demo.sliders[0].value = 7
    demo.sliders[1].value = 0.5
    alt = re.search(r'alt="([^"]+)"', demo.view.widget.value).group(1)
    assert alt == "two numbers Now a = 7, b = 0.5; 7 0.5."
    assert 'role="status" aria-live="polite"' in demo.status.value
    assert ">Now a = 7, b = 0.5; 7 0.5.</p>" in demo.status.value
    assert demo.status in demo.widget.children
