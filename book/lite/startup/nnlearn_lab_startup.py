"""Run when the book's live lab starts its Python kernel (its PYTHONSTARTUP file).

Three things a chapter needs that the lab's kernel (Pyodide, in JupyterLite 0.6) does not do by
itself, as JupyterLab with a local kernel does:

1. Run All goes on past a cell tagged ``raises-exception`` (the chapters' checks of the
   exercises, which fail until the reader has written the function). JupyterLab says so in the
   cell's execute request (``stop_on_error: false``); JupyterLite cancels every queued cell as
   soon as a reply says "error", whatever the request said. So for such a cell the kernel's
   reply says "ok", and the traceback, which the kernel shows only with an "error" reply, is
   written to stderr instead (it looks the same). Every other cell's reply is untouched.
2. matplotlib's list of fonts is read, not made again, and lists only the fonts that are there
   (:func:`nnlearn.fonts.fix_shipped_font_list`, before matplotlib is first imported; the
   book's live demos call it too, book/static/live-demos-worker.js). It changes the kernel's
   file system only: the wheel, checked against Pyodide's sha256, is untouched.
3. Tab completes without jedi: the lab does not load it (book/lite/build.py: NOT_LOADED), and
   the kernel sets IPython's completer to use it, which would then show a traceback at every
   Tab. IPython's own completer is used instead (names, attributes, keys, paths).

The file runs in the notebook's namespace: it leaves no name there.
"""


def _start() -> None:
    import importlib.util
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

    if importlib.util.find_spec("jedi") is None:
        shell.Completer.use_jedi = False

    if "matplotlib" not in sys.modules:
        from nnlearn.fonts import fix_shipped_font_list

        fix_shipped_font_list()
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
