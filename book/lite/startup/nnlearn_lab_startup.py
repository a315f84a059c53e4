"""Run when the book's live lab starts its Python kernel (its PYTHONSTARTUP file).

Two things a chapter needs that the lab's kernel (Pyodide, in JupyterLite 0.6) does not do by
itself, as JupyterLab with a local kernel does:

1. Run All goes on past a cell tagged ``raises-exception`` (the chapters' checks of the
   exercises, which fail until the reader has written the function). JupyterLab says so in the
   cell's execute request (``stop_on_error: false``); JupyterLite cancels every queued cell as
   soon as a reply says "error", whatever the request said. So for such a cell the kernel's
   reply says "ok", and the traceback, which the kernel shows only with an "error" reply, is
   written to stderr instead (it looks the same). Every other cell's reply is untouched.
2. matplotlib's list of fonts is ready before the first figure, without the warning
   "Matplotlib is building the font cache" that the first figure's cell would show on stderr.
   Pyodide 0.27.7's matplotlib ships the list (``matplotlib/fontlist.json``), but marked with
   another matplotlib's version number, so matplotlib would throw it away and list the fonts
   again at every start (~0.5 s): the list is marked with this matplotlib's version first (the
   book's live demos do the same, book/static/live-demos-worker.js; the pictures are the same
   byte for byte, tests/test_book_live_sliders.py).

The file runs in the notebook's namespace: it leaves no name there.
"""


def _mark_font_list() -> None:
    """Mark matplotlib's shipped font list with this matplotlib's version, before matplotlib
    reads it (nothing to do once it has)."""
    import importlib.util
    import json
    import pathlib
    import re
    import sys

    spec = importlib.util.find_spec("matplotlib")
    if "matplotlib.font_manager" in sys.modules or spec is None:
        return
    folder = pathlib.Path(spec.origin).parent
    source = (folder / "font_manager.py").read_text()
    version = int(re.search(r"^    __version__ = (\d+)$", source, re.M).group(1))
    listed = folder / "fontlist.json"
    if not listed.is_file():
        return
    fonts = json.loads(listed.read_text())
    if fonts.get("_version") != version:
        fonts["_version"] = version
        listed.write_text(json.dumps(fonts))


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

    _mark_font_list()
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
