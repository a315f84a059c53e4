"""Sphinx extension: the demos of a chapter page come alive on the page itself.

Each demo, when the instructor's run displays it, writes in its output's metadata how it was made
(``nnlearn.demos.live``). This extension collects those descriptions from the page's notebook
(the book edition, after ``book/edition.py`` has made it) and writes them into the page, with the
address of the Pyodide of the book's live lab, for ``live-demos.js`` (``book/static/``): that
script enables the demo's sliders and redraws its figure in a Web Worker that runs the demo's own
Python (``live-demos-worker.js``). See ``book/live/README.md``.

The page still works without it: the widget snapshot, its sliders disabled by
``book/live_lab.py``, with the link to the lab.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import nbformat
from myst_nb.core.render import WIDGET_VIEW_MIMETYPE, sanitize_script_content
from sphinx.errors import ExtensionError

from nnlearn.demos.base import LIVE_NOTE_CLASS
from nnlearn.demos.live import METADATA_KEY

# In the book's output folder: the Pyodide of the live lab (book/live_lab.py LAB_DIR, built there
# by book/lite/build.py).
PYODIDE_DIR = "lab/static/pyodide/"
CONFIG_ID = "nnlearn-live-demos"  # the id of the page's <script type="application/json">
SCRIPT = "live-demos.js"  # book/static/
WORKER = "live-demos-worker.js"  # book/static/, started by SCRIPT
STYLE = "live-demos.css"  # book/static/


class LiveDemoError(ExtensionError):
    pass


def demos_of(notebook) -> list[dict]:
    """The description of every demo displayed in ``notebook`` (an nbformat notebook with its
    outputs), with ``view``: the model id of the widget the page shows for it."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            description = output.get("metadata", {}).get(METADATA_KEY)
            if description is None:
                continue
            view = output.get("data", {}).get(WIDGET_VIEW_MIMETYPE)
            if view is None:
                raise LiveDemoError(f"cell {index}: a demo's output has no widget view")
            found.append({**description, "view": view["model_id"]})
    return found


def collect(app, docname: str, content: list[str]) -> None:
    """After book/edition.py has put the book edition in ``content``: note its demos."""
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    demos = demos_of(nbformat.reads(content[0], as_version=4))
    if not hasattr(app.env, "nnlearn_live_demos"):
        app.env.nnlearn_live_demos = {}
    app.env.nnlearn_live_demos[docname] = demos


def purge(app, env, docname: str) -> None:
    getattr(env, "nnlearn_live_demos", {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    if not hasattr(env, "nnlearn_live_demos"):
        env.nnlearn_live_demos = {}
    for docname in docnames:
        if docname in getattr(other, "nnlearn_live_demos", {}):
            env.nnlearn_live_demos[docname] = other.nnlearn_live_demos[docname]


def page_config(pagename: str, demos: list[dict], edition: str = "") -> dict:
    """What the page's script is given: where the lab's Pyodide is, relative to the page (in
    the book's folder of its ``edition``: ``""`` for English, ``"ko"``), the class of a demo's
    note, and the demos."""
    here = posixpath.join(edition, posixpath.dirname(pagename)) or "."
    return {
        "pyodide": posixpath.relpath(PYODIDE_DIR, here) + "/",
        "note_class": LIVE_NOTE_CLASS,
        "demos": demos,
    }


def add_to_page(app, pagename, templatename, context, doctree) -> None:
    demos = getattr(app.env, "nnlearn_live_demos", {}).get(pagename)
    scripts = context.get("script_files")
    if not demos or not isinstance(scripts, list):
        return
    language = app.config.language
    edition = "" if language in (None, "en") else language  # as book/live_lab.py's edition()
    config = json.dumps(page_config(pagename, demos, edition), allow_nan=False)
    app.add_js_file(
        None,
        body=sanitize_script_content(config),
        type="application/json",
        id=CONFIG_ID,
    )
    app.add_js_file(SCRIPT, defer="defer")
    app.add_css_file(STYLE)


def setup(app):
    # after book/edition.py (default priority, 500) has put the book edition in place
    app.connect("source-read", collect, priority=600)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("html-page-context", add_to_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
