"""Sphinx extension: the book's pages pass axe-core with no serious or critical finding
(tests/test_accessibility.py), and its figures stay legible on a phone.

What the theme and docutils write, mended in the HTML once it is written (``build-finished``):

- The search button shows "Search Ctrl+K" but is named "Search" (``aria-label``): a speech user
  who says what they see is not understood (axe: label-content-name-mismatch). Without the
  ``aria-label`` its name is its text.
- A folded cell (myst-nb's ``hide-cell``) shows "Show the checks" but is named "Toggle hidden
  content": without that name its name is the text shown ("Show the checks", "Hide the
  checks").
- The arrows that fold the sections of a chapter in the navigation (``<details><summary>``)
  have no name (summary-name): each is named "Sections of <the chapter's title>".
- The bibliography's citations are a list (``role="list"``) of ``doc-biblioentry`` items, which
  ARIA 1.2 no longer allows in a list (aria-required-children): each is a ``listitem``.

What the pages load (``book/static/``):

- ``accessibility.js``: every slider of a demo named by its visible label, its value said with
  that name (``aria-valuetext``) after every move. The live lab loads it too
  (book/lite/build.py): the widgets' sliders are the same there.
- ``phone.css``: where the text column is narrower than a figure (a phone), the figure keeps
  its own size (its text 10 CSS px or more, never the 5 px of a figure scaled to a 390 px
  screen) and scrolls sideways in its own box; the page does not.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SEARCH_BUTTON = re.compile(
    r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"'
)
NAV_SUMMARY = re.compile(
    r'(<a class="[^"]*reference internal" href="[^"]*">(.*?)</a><details[^>]*>)<summary>'
)
THEME_ICON = re.compile(r'(<i class="theme-switch [^"]*"[^>]*?) title="[^"]*"')
CITATION = 'role="doc-biblioentry"'
# myst-nb's folded cells: "Show the checks" on screen, "Toggle hidden content" to a reader.
TOGGLE = '<summary aria-label="Toggle hidden content">'
TAG = re.compile(r"<[^>]+>")
# Folders of the output that are not the book's pages: the theme's files, the live lab's
# (book/live_lab.py LAB_DIR, built after Sphinx).
NOT_PAGES = ("_static", "lab")


def mend(page: str) -> str:
    """A page's HTML with the search buttons, navigation arrows and citations mended."""
    page = SEARCH_BUTTON.sub(r"\1", page)
    page = THEME_ICON.sub(r'\1 aria-hidden="true"', page)

    def name(match: re.Match) -> str:
        title = html.unescape(TAG.sub("", match.group(2))).strip()
        return f'{match.group(1)}<summary aria-label="Sections of {html.escape(title)}">'

    page = NAV_SUMMARY.sub(name, page).replace(TOGGLE, "<summary>")
    return page.replace(CITATION, 'role="listitem"')


def mend_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for path in out.rglob("*.html"):
        if path.relative_to(out).parts[0] in NOT_PAGES:
            continue
        text = path.read_text(encoding="utf-8")
        mended = mend(text)
        if mended != text:
            path.write_text(mended, encoding="utf-8")


def setup(app):
    app.connect("build-finished", mend_pages)
    app.add_js_file("accessibility.js")  # in book/static/ (html_static_path)
    app.add_css_file("phone.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
