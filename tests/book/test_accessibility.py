"""The built book is accessible: axe-core finds no serious or critical violation on any page, the
demos' sliders are named by their labels and say their values, and on a phone (390 px) no
figure's text is smaller than 9 CSS px.

axe-core is the npm package, pinned and checked in tests/axe.py. The pages are the built book's
(the session's ``built_book``), served on 127.0.0.1 with every other request blocked, after the
widget manager has drawn every demo. The live lab's demo outputs are checked by
tests/test_live_lab.py.
"""

from __future__ import annotations

import pytest
from support.axe import describe, serious, violations
from support.browser import VIEWPORT, static_server, toc_files

from nnlearn.figures import DPI, MIN_TEXT_PT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Page side: wait until the widget manager has drawn every widget snapshot and every slider
# handle has been named by book/static/accessibility.js.
_READY = """() => {
    const views = [...document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"]')];
    const drawn = views.every(v => v.previousElementSibling?.classList.contains('widget-subarea')
        && v.previousElementSibling.querySelector('.jupyter-widgets'));
    const handles = [...document.querySelectorAll('.noUi-handle[role="slider"]')];
    return drawn && handles.every(h => h.hasAttribute('aria-labelledby'));
}"""

# The smallest figure text a reader may get, in CSS px.
MIN_TEXT_PX = 9


def pages(html) -> list[str]:
    """Every page of the built book: those of _toc.yml, and the generated ones (index,
    search), not the theme's files or the live lab's."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in ("_static", "_sources", "lab")
    )


@pytest.fixture(scope="module")
def open_page(built_book, chromium_context):
    """``open_page(path, width)``: a page of the book in a new tab, every other host blocked,
    its widgets drawn."""
    with static_server(built_book) as base:

        def open_(path: str, width: int = VIEWPORT["width"]):
            page = chromium_context.new_page()
            page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith(base + "/") else r.abort(),
            )
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_function(_READY, timeout=30_000, polling=100)
            return page

        yield open_


def test_every_page_is_scanned(built_book):
    assert {f"{name}.html" for name in toc_files()} <= set(pages(built_book))


def test_no_serious_accessibility_violation(built_book, open_page):
    """axe-core on every page of the book: no violation of serious or critical impact."""
    found = {}
    for path in pages(built_book):
        page = open_page(path)
        try:
            bad = serious(violations(page))
        finally:
            page.close()
        if bad:
            found[path] = describe(bad)
    assert found == {}, "\n".join(f"{p}:\n{d}" for p, d in found.items())


# Page side: every slider handle of the demos, with its visible label, its readout, and what a
# screen reader gets: its accessible name (here: the text of what aria-labelledby names) and
# its aria-valuetext.
_SLIDERS = """() => [...document.querySelectorAll('.widget-slider')].map(s => {
    const handle = s.querySelector('.noUi-handle[role="slider"]');
    const named = (handle.getAttribute('aria-labelledby') || '').split(' ')
        .map(id => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    return {
        label: s.querySelector('.widget-label')?.textContent.trim() ?? '',
        readout: s.querySelector('.widget-readout')?.textContent.trim() ?? '',
        name: handle.getAttribute('aria-label') || named,
        valuetext: handle.getAttribute('aria-valuetext'),
        focusable: handle.tabIndex >= 0,
    };
})"""


@pytest.mark.parametrize("name", [f for f in toc_files() if f.startswith("chapters/")])
def test_sliders_are_named_and_say_their_values(name, open_page):
    """Every demo slider is named by the label shown beside it, says its value with that name
    ("η = 0.10", as the readout shows it) and is reachable with the Tab key; the demo has a
    polite live region that says its values."""
    page = open_page(f"{name}.html")
    try:
        found = page.evaluate(_SLIDERS)
        regions = page.locator('.widget-subarea [role="status"][aria-live="polite"]').count()
        demos = page.locator(".widget-subarea:has(.widget-slider)").count()
    finally:
        page.close()
    assert found, f"{name}: no slider"
    for s in found:
        assert s["label"] and s["name"] == s["label"], f"{name}: slider named {s['name']!r}"
        assert s["valuetext"] == f"{s['label']} = {s['readout']}", f"{name}: {s}"
        assert s["focusable"], f"{name}: slider {s['label']!r} cannot be reached by keyboard"
    assert regions == demos, f"{name}: {demos} demos, {regions} live regions"


# Page side: every figure (an <img> of the text column that asks for a width: nnlearn.figures
# writes its size in CSS px at DPI per inch) with its width on the page.
_FIGURES = """() => [...document.querySelectorAll('article img[width]')].map(i => ({
    alt: i.alt.slice(0, 60),
    asked: Number(i.getAttribute('width')),
    shown: i.getBoundingClientRect().width,
    page: document.documentElement.scrollWidth,
}))"""


@pytest.mark.parametrize("name", [f for f in toc_files() if f.startswith("chapters/")])
def test_figure_text_is_legible_on_a_phone(name, open_page):
    """At 390 px no figure's text is below 9 CSS px: the figure's width on the page over the
    width it is drawn for, times its smallest text (MIN_TEXT_PT points at DPI px per inch)."""
    page = open_page(f"{name}.html", width=390)
    try:
        found = page.evaluate(_FIGURES)
    finally:
        page.close()
    assert found, f"{name}: no figure"
    smallest = MIN_TEXT_PT * DPI / 72  # CSS px at the figure's own size
    for figure in found:
        text = figure["shown"] / figure["asked"] * smallest
        assert text >= MIN_TEXT_PX - 0.05, (
            f"{name}, figure {figure['alt']!r}: text {text:.1f} px "
            f"({figure['shown']:.0f} px of {figure['asked']})"
        )
