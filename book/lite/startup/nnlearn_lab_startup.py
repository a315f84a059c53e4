"""Run when the book's live lab starts its Python kernel (its PYTHONSTARTUP file).

Two things a chapter needs that the lab's kernel (Pyodide, in JupyterLite 0.6) does not do by
itself, as JupyterLab with a local kernel does:

1. Run All goes on past a cell tagged ``raises-exception`` (the chapters' checks of the
   exercises, which fail until the reader has written the function). JupyterLab says so in the
   cell's execute request (``stop_on_error: false``); JupyterLite cancels every queued cell as
   soon as a reply says "error", whatever the request said. So for such a cell the kernel's
   reply says "ok", and the traceback, which the kernel shows only with an "error" reply, is
   written to stderr instead (it looks the same). Every other cell's reply is untouched.
2. matplotlib's list of fonts is read, not made again, and lists only the fonts that are there.
   Pyodide 0.27.7's matplotlib 3.8.4 ships the list (``matplotlib/fontlist.json``) stamped with
   version 390 while its FontManager is version 330: matplotlib takes the list for stale and
   rebuilds it at every start (about 0.5 s, and a warning "Matplotlib is building the font
   cache" on the first figure's stderr). And the list was made on a Mac: beside matplotlib's
   own 38 fonts it names 488 of the Mac's (``/System/Library/Fonts/...``), which are not in
   Pyodide, and matplotlib scores every entry for each font a figure asks for (a figure's
   first draw spent more time finding its fonts than drawing). So, in the kernel's file system
   (the wheel, checked against Pyodide's sha256, is untouched) and before matplotlib is first
   imported, the list gets its FontManager's version and loses the entries whose file is
   missing; matplotlib then reads it. It finds the same fonts as before: a missing font never
   wins (matplotlib would rebuild the list and look again). The book's live demos fix the
   stamp too (book/static/live-demos-worker.js).

The file runs in the notebook's namespace: it leaves no name there.
"""


def _fix_font_list() -> None:
    """Make matplotlib's shipped font list the list of this matplotlib's fonts: stamped with the
    version its FontManager expects, and only the fonts that are there."""
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


def _start() -> None:
    import logging
    import sys

    from IPython import get_ipython

    shell = get_ipython()

    def go_on_past_expected_errors(result) -> None:
        request = shell.kernel._parent_header  # the execute request being answered
        content = request.get("content", {}) if hasattr(request, "get") else {}
        error = shell._last_traceback  # what the reply's status is made from
        if error is not None and content.get("stop_on_error") is False:
            shell._last_traceback = None
            print("\n".join(error["traceback"]), file=sys.stderr)

    shell.events.register("post_run_cell", go_on_past_expected_errors)

    if "matplotlib" not in sys.modules:
        _fix_font_list()
    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    fonts.setLevel(logging.ERROR)
    try:
        from matplotlib import font_manager

        font_manager.fontManager  # noqa: B018  (made on import)
    finally:
        fonts.setLevel(level)


_start()
del _start
