"""Sphinx extension: every chapter page opens in the book's live lab (built by book/lite/).

- Under the chapter's title: a link "Run this chapter live in your browser", to the chapter in
  the lab (``lab/lab/index.html?path=<chapter>.ipynb`` next to the book's pages; from the Korean
  edition's pages, the Korean notebook, ``?path=ko/<chapter>.ipynb``).
- In the page's widget snapshot (the static picture of each demo): every control is disabled (a
  slider that moves while its figure stays still looks broken), and the note under each demo,
  which is true where the demo runs (``nnlearn.demos.base.LIVE_NOTE``), becomes the book's
  caption: a picture, and the same link to run it live.

The lab itself is not built here: ``make book`` (and the tests' ``build_book``) run
``book/lite/build.py`` into ``_build/html/lab`` after Sphinx.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path

from docutils import nodes
from myst_nb.core.render import WIDGET_STATE_MIMETYPE, sanitize_script_content

from nnlearn.demos.base import LIVE_NOTE_CLASS

LAB_DIR = "lab"  # in the book's output folder: where `make book` builds the lab (book/lite/)
LAB_PAGE = f"{LAB_DIR}/lab/index.html"  # JupyterLab in it
LINK_TEXT = "Run this chapter live in your browser"
LINK_TEXTS = {"": LINK_TEXT, "ko": "이 장을 브라우저에서 바로 실행하기"}  # by edition()
LINK_CLASS = "nnlearn-live-link"
NO_KERNEL = "A picture: run this chapter live to move it"


def chapter_notebook(app, docname: str) -> str | None:
    """The lab's notebook of a chapter page (``04_backpropagation.ipynb``), or None for a page
    that is not a chapter notebook."""
    source = Path(app.env.doc2path(docname))
    if source.suffix == ".ipynb" and source.parent.name == "chapters":
        return source.name
    return None


def lab_url(docname: str, notebook: str, edition: str = "") -> str:
    """The chapter in the lab, relative to the page of ``docname`` in the edition whose pages
    are in the folder ``edition`` of the book (``"ko"``: book/editions.py; one lab for both,
    which holds each edition's notebooks in the same folder as its pages: ``ko/`` for the
    Korean student edition, ``chapters/ko/``)."""
    page = posixpath.relpath(LAB_PAGE, posixpath.join(edition, posixpath.dirname(docname)) or ".")
    return f"{page}?path={posixpath.join(edition, notebook)}"


def edition(app) -> str:
    """The folder of this build's pages in the book: "" for English, the language otherwise."""
    return "" if app.config.language in (None, "en") else app.config.language


def caption(url: str) -> str:
    """The book's caption under a demo's picture."""
    return (
        f'<em>A still picture.</em> <a class="{LINK_CLASS}" href="{html.escape(url)}">'
        f"{LINK_TEXT}</a> to move its sliders."
    )


def add_live_link(app, doctree, docname: str) -> None:
    """Put the link to the lab under the chapter's title."""
    notebook = chapter_notebook(app, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if notebook is None or section is None:
        return
    text = LINK_TEXTS.get(edition(app), LINK_TEXT)
    link = nodes.reference("", text, refuri=lab_url(docname, notebook, edition(app)))
    link["classes"].append(LINK_CLASS)
    paragraph = nodes.paragraph("", "", link, classes=["nnlearn-live"])
    title = next(iter(section.findall(nodes.title)))
    section.insert(section.index(title) + 1, paragraph)


def static_state(state: dict, url: str) -> int:
    """Disable every control of a widget state and put the book's caption in place of each
    demo's note; return the number of notes replaced."""
    notes = 0
    for model in state["state"].values():
        values = model["state"]
        if "disabled" in values:
            values["disabled"] = True
            values["tooltip"] = NO_KERNEL
        if model["model_name"] == "HTMLModel" and LIVE_NOTE_CLASS in values.get("_dom_classes", []):
            values["value"] = caption(url)
            notes += 1
    return notes


def rewrite_widget_state(app, pagename, templatename, context, doctree) -> None:
    notebook = chapter_notebook(app, pagename) if doctree is not None else None
    scripts = context.get("script_files")
    if notebook is None or not isinstance(scripts, list):
        return
    for i, script in enumerate(scripts):
        if script.attributes.get("type") != WIDGET_STATE_MIMETYPE:
            continue
        attributes = dict(script.attributes)
        state = json.loads(attributes["body"])
        static_state(state, lab_url(pagename, notebook, edition(app)))
        attributes["body"] = sanitize_script_content(json.dumps(state))
        scripts[i] = type(script)(script.filename, priority=script.priority, **attributes)


def setup(app):
    app.connect("doctree-resolved", add_live_link)
    # after myst-nb has added the page's widget state (at the default priority, 500)
    app.connect("html-page-context", rewrite_widget_state, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
