"""The Hangul font of nnlearn's Korean figures, and the matplotlib settings that draw with it.

``NnlearnHangulSans-Regular.otf`` and ``-Bold.otf`` are Noto Sans CJK KR subset to what
nnlearn's figures write (book/hangul_font.py makes them; SIL Open Font License 1.1, ``OFL.txt``
beside them, their sha256 in ``SHA256SUMS``). They travel
inside the package (pip, and the live lab's wheel), so a Korean figure draws the same in
JupyterLab, in the book's build and in Pyodide, whatever fonts the machine has.

:func:`use` is called by :func:`nnlearn.i18n.use`: for Korean it puts the font first, the fonts
matplotlib had after it (Latin and symbols it lacks fall back to them), and draws the text of a
label that mixes words and ``$math$`` with it too (mathtext's upright font); for English it
puts back what was there.
"""

from __future__ import annotations

from pathlib import Path

FONTS = sorted(Path(__file__).parent.glob("NnlearnHangulSans-*.otf"))  # Regular and Bold
FAMILY = "nnlearn Hangul Sans"
# The settings a Korean figure changes; mathtext's other fonts are DejaVu Sans, as in matplotlib's
# default "dejavusans" set.
_MATH = {
    "mathtext.fontset": "custom",
    "mathtext.rm": FAMILY,
    "mathtext.it": "DejaVu Sans:italic",
    "mathtext.bf": "DejaVu Sans:bold",
    "mathtext.sf": "DejaVu Sans",
    "mathtext.tt": "DejaVu Sans Mono",
    "mathtext.cal": "DejaVu Sans",
}
_saved: dict = {}  # matplotlib's settings before Korean, while Korean is in use


def use(language: str) -> None:
    """Draw the figures made from now on in ``language``'s font (``"ko"``: the Hangul font;
    any other: matplotlib's fonts as they were)."""
    import matplotlib
    from matplotlib import font_manager

    params = matplotlib.rcParams
    if language == "ko":
        if not _saved:
            _saved.update({key: params[key] for key in ["font.family", *_MATH]})
        if FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
            for font in FONTS:
                font_manager.fontManager.addfont(str(font))
        params.update(_MATH)
        params["font.family"] = [FAMILY, *_saved["font.family"]]
    elif _saved:
        params.update(_saved)
        _saved.clear()
