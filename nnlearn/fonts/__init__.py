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

:func:`fix_shipped_font_list` mends the font list Pyodide's matplotlib ships, before matplotlib
is imported (the live lab's kernel start-up and the book's live demos call it).
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


def fix_shipped_font_list() -> None:
    """Make the font list a matplotlib package ships (Pyodide 0.27.7's) the list of its fonts.

    Pyodide's matplotlib 3.8.4 ships ``matplotlib/fontlist.json`` stamped with version 390
    while its FontManager is version 330, so matplotlib takes the list for stale and lists the
    fonts again at every start (about 0.5 s, and a warning "Matplotlib is building the font
    cache"). And the list was made on a Mac: beside matplotlib's own 38 fonts it names 488 of
    the Mac's, which are not there, and matplotlib scores every entry for each font a figure
    asks for. So the list gets its FontManager's version and loses the entries whose file is
    missing; matplotlib then reads it and finds the same fonts (a missing font never wins: it
    would list the fonts again). Call it before matplotlib is imported; where no such list is
    shipped (a pip install), it does nothing. Self-contained (benchmarks/lab_font_list.py runs
    its source alone).
    """
    import importlib.util
    import json
    import re
    from pathlib import Path

    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(spec.submodule_search_locations[0])
    source = (folder / "font_manager.py").read_text(encoding="utf-8")
    expected = re.search(r"^    __version__ = (\d+)$", source, re.M)
    path = folder / "fontlist.json"
    if expected is None or not path.is_file():
        return
    fonts = json.loads(path.read_text(encoding="utf-8"))
    fixed = dict(fonts, _version=int(expected.group(1)))
    data = folder / "mpl-data"  # where a relative file name is (matplotlib's get_data_path())
    for key in ["ttflist", "afmlist"]:
        fixed[key] = [f for f in fonts.get(key, []) if (data / f["fname"]).is_file()]
    if fixed != fonts:
        path.write_text(json.dumps(fixed), encoding="utf-8")
