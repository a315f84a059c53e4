"""nnlearn's figures and demos in Korean: every one drawn with the shipped Hangul font, no glyph
missing, its words from nnlearn.po (nnlearn/fonts/, nnlearn/i18n.py).

matplotlib says a glyph is missing in two ways: a warning ("Glyph ... missing from font(s)") for
plain text, and a logged warning ("... does not have a glyph for ...") for a label that mixes
words and $math$. Both fail these tests; that they would without the font is shown by drawing
with the language set and the font not (the bug where ``use`` forgot the font).
"""

from __future__ import annotations

import hashlib
import logging
import re
import warnings
import zipfile

import matplotlib
import numpy as np
import pytest
from fontTools.ttLib import TTFont

import nnlearn.demos.base
import nnlearn.figures
from book import translation_checks as checks
from book import translations
from nnlearn import fonts, i18n
from nnlearn.datasets import xor
from nnlearn.demos import backprop, boundaries, descent, objectives, practice, training
from nnlearn.hidden_codes import plot_hidden_codes

HANGUL = re.compile("[\uac00-\ud7a3]")


def xor_run():
    X, y = xor()
    return (np.geomspace(0.25, 1e-3, 50), lambda P: 1 / (1 + np.exp(-(P[:, 0] - P[:, 1]))), X, y)


# Every figure and demo of nnlearn, made as a chapter makes it.
FIGURES = {
    "GraphStepper": backprop.GraphStepper,
    "WeightSlider": backprop.WeightSlider,
    "plot_sigmoid": backprop.plot_sigmoid,
    "BoundarySlider": boundaries.BoundarySlider,
    "StepNetworkSlider": boundaries.StepNetworkSlider,
    "plot_step_network": lambda: boundaries.plot_step_network(
        *xor(), boundaries.XOR_START, near=0.2
    ),
    "plot_marbles": boundaries.plot_marbles,
    "plot_weights_and_boundary": boundaries.plot_weights_and_boundary,
    "plot_step": boundaries.plot_step,
    "plot_network_diagram": lambda: boundaries.plot_network_diagram(boundaries.XOR_START),
    "Descent1D": descent.Descent1D,
    "DescentValley": descent.DescentValley,
    "plot_foggy_mountain": descent.plot_foggy_mountain,
    "plot_finite_differences": descent.plot_finite_differences,
    "plot_path_on_mountain": lambda: descent.plot_path_on_mountain([(-2.0, 5.0), (0.0, 3.0)]),
    "plot_steepest_descent": descent.plot_steepest_descent,
    "WeightAndBoundary": objectives.WeightAndBoundary,
    "ErrorMountain": objectives.ErrorMountain,
    "plot_two_boundaries": objectives.plot_two_boundaries,
    "plot_loss_by_confidence": objectives.plot_loss_by_confidence,
    "plot_activations": practice.plot_activations,
    "plot_gradient_ratio": practice.plot_gradient_ratio,
    "DepthSlider": practice.DepthSlider,
    "plot_minibatch_curves": practice.plot_minibatch_curves,
    "plot_optimiser_family": practice.plot_optimiser_family,
    "OptimiserRace": practice.OptimiserRace,
    "plot_optimiser_curves": lambda: practice.plot_optimiser_curves(
        {"sgd": ([0.3, 0.2, 0.1], [0.3, 0.25, 0.2]), "adam": ([0.3, 0.1, 0.05], [0.3, 0.2, 0.3])}
    ),
    "CapstoneRace": practice.CapstoneRace,
    "TrainingExplorer": training.TrainingExplorer,
    "plot_initialisation": training.plot_initialisation,
    "plot_learning_rates": training.plot_learning_rates,
    "plot_cross_entropy": training.plot_cross_entropy,
    "plot_overfitting": training.plot_overfitting,
    "plot_run": lambda: training.plot_run(*xor_run()),
    "plot_hidden_codes": lambda: plot_hidden_codes(
        *xor(),
        lambda X: 1 / (1 + np.exp(-(X @ np.array([[6.0, 4.0], [6.0, 4.0]]) - [-2.5, -6.0]))),
        np.array([9.0, -9.0]),
        -4.0,
    ),
}


def drawn(make, monkeypatch, caplog) -> tuple[list[str], list[str]]:
    """Make a figure or demo with every glyph problem raised; returns the alt texts shown and
    the words of every text drawn."""
    shown = []
    monkeypatch.setattr(nnlearn.figures, "display", lambda obj, **kw: shown.append(obj.data))
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.filterwarnings("error", message="Glyph")
        made = make()
        if isinstance(made, nnlearn.demos.base.Demo):
            for slider in made.sliders:  # a move redraws the readouts
                if hasattr(slider, "options") and slider.options:
                    slider.index = len(slider.options) - 1
                else:
                    slider.value = slider.max
            shown.append(made.view.widget.value)
            shown.append(made.status.value)
    # a missing glyph, or a missing face (a bold title drawn in the regular one)
    missing = [m for m in caplog.messages if "glyph" in m.lower() or "findfont" in m]
    assert missing == []
    return shown


@pytest.fixture
def korean():
    i18n.use("ko")
    yield
    i18n.use("en")


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_draws_in_korean_without_a_missing_glyph(name, korean, monkeypatch, caplog):
    shown = drawn(FIGURES[name], monkeypatch, caplog)
    alts = [m.group(1) for html in shown for m in re.finditer(r'alt="([^"]*)"', html)]
    assert alts and all(HANGUL.search(alt) for alt in alts), alts


def test_without_the_font_korean_text_is_drawn_as_boxes(monkeypatch, caplog):
    # the plausible bug: the language is set, the font is not
    monkeypatch.setattr(i18n, "_language", ["ko"])
    with pytest.raises(UserWarning, match="missing from font"):
        drawn(descent.plot_foggy_mountain, monkeypatch, caplog)
    # and a label of words and $math$ (mathtext) only logs it: the check reads the log too
    caplog.clear()
    with pytest.raises(AssertionError):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the plain-text labels' warnings
            drawn(boundaries.plot_marbles, monkeypatch, caplog)


def test_english_is_drawn_with_matplotlibs_fonts_again(korean):
    assert matplotlib.rcParams["font.family"][0] == fonts.FAMILY
    i18n.use("en")
    assert fonts.FAMILY not in matplotlib.rcParams["font.family"]
    assert matplotlib.rcParams["mathtext.fontset"] == "dejavusans"


def test_the_font_holds_every_character_a_korean_label_can_need():
    """A label of words and $math$ takes all its text from the font (no fallback): so every
    character of the catalogue's Korean, except those of plain-text labels that DejaVu Sans
    draws (subscripts, a hatted s), must be in it."""
    korean = "".join(m.string for m in checks.read(translations.NNLEARN_PO) if m.string)
    assert len(fonts.FONTS) == 2  # Regular and Bold
    for font in fonts.FONTS:
        cmap = TTFont(font).getBestCmap()
        lacking = {c for c in set(korean) - {"\n"} if ord(c) not in cmap}
        assert lacking <= set("₁₂ŝ\u0302"), font.name
        assert all(ord(c) in cmap for c in set(HANGUL.findall(korean)))


def test_the_font_is_the_one_recorded_with_its_licence():
    folder = fonts.FONTS[0].parent
    recorded = dict(
        reversed(line.split()) for line in (folder / "SHA256SUMS").read_text().splitlines()
    )
    assert recorded == {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in fonts.FONTS}
    licence = (folder / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence
    for font in fonts.FONTS:
        names = {r.nameID: r.toUnicode() for r in TTFont(font)["name"].names}
        assert names[1] == fonts.FAMILY and "Source" not in names[1]  # the reserved name


def test_the_lab_wheel_carries_the_font(tmp_path):
    from book.lite.build import nnlearn_wheel

    wheel = nnlearn_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for font in fonts.FONTS:
            assert archive.read(f"nnlearn/fonts/{font.name}") == font.read_bytes()
    assert {"nnlearn/fonts/OFL.txt", "nnlearn/locale/ko/LC_MESSAGES/nnlearn.mo"} <= names
