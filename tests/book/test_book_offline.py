"""The built book reads offline: every page, served from 127.0.0.1 with every other request
blocked, in headless Chromium.

Per page: no request fails (nothing is fetched from a CDN: MathJax, RequireJS and the widget
manager come from book/vendor/), the math is typeset by MathJax without TeX errors, every image
is loaded, every widget snapshot is rendered by the widget manager (each slider demo with its
picture, its sliders enabled by the page's live-demos.js, and the link to the live lab), and the
console shows no error. The book is the one built once per session by the ``built_book``
fixture.

Every page at two widths, 1280 px and 390 px (a phone), as a reader sees it without opening a
toggle: no widget wider than its box; every demo's slider labels whole and every value shown
(at 1280 px every slider track is at least 120 px wide; at 390 px the sliders wrap, each within
the page); no output shows a traceback, a stub's NotImplementedError or a "Skipped:" message; no
link to a placeholder host. The payoff sections (chapter 3 §7, chapter 5 §5-6) show their
figures and numbers (book/edition.py). Screenshots of every page at both widths are kept in
screenshots/pages/. The live lab itself is tested in tests/book/test_live_lab.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.browser import VIEWPORT, Console, local_only, static_server, toc_files

from book.live_lab import LAB_DIR, LINK_CLASS, LINK_TEXT  # the Sphinx extension

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Console errors that are explained and allowed: none. (Jupyter Book 1 pages used to log
# "Identifier 'THEBE_JS_URL' has already been declared": book/dedupe_scripts.py fixes it; and
# "Got invalid theme mode": html_context.default_mode in _config.yml fixes it.)
EXPLAINED_CONSOLE_ERRORS: list[re.Pattern] = []

VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
LIVE = f"a.{LINK_CLASS}"

# Page side: wait until MathJax has typeset the page, the widget manager has rendered every
# widget snapshot (it puts a div.widget-subarea before each view's <script>) and the page's
# live-demos.js has taken every demo (its output marked data-nnlearn-live), then report.
_REPORT = """async ([view, live]) => {
    if (window.MathJax && MathJax.startup) await MathJax.startup.promise;
    const views = [...document.querySelectorAll(view)];
    const rendered = v => {
        const area = v.previousElementSibling;
        return area && area.classList.contains('widget-subarea') &&
            area.querySelector('.jupyter-widgets') !== null &&
            (area.querySelector('.widget-slider') === null ||
             v.parentElement.hasAttribute('data-nnlearn-live'));
    };
    const deadline = performance.now() + 30000;
    while (!views.every(rendered) && performance.now() < deadline) {
        await new Promise(r => setTimeout(r, 100));
    }
    await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
    const math = [...document.querySelectorAll('.math')];
    return {
        math: math.length,
        typeset: math.filter(m => m.querySelector('mjx-container')).length,
        texErrors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent),
        images: [...document.images].map(i => ({
            src: i.src.slice(0, 80), loaded: i.complete && i.naturalWidth > 0})),
        widgets: views.map(v => {
            const area = rendered(v) ? v.previousElementSibling : null;
            return {
                rendered: area !== null,
                height: area ? area.getBoundingClientRect().height : 0,
                sliders: area ? area.querySelectorAll('.widget-slider').length : 0,
                images: area ? area.querySelectorAll('img').length : 0,
                enabled: area ? [...area.querySelectorAll('.noUi-target')]
                    .filter(s => !s.hasAttribute('disabled')).length : 0,
                links: area ? [...area.querySelectorAll(live)].map(
                    a => [a.textContent, a.getAttribute('href')]) : [],
            };
        }),
        top: [...document.querySelectorAll('p.nnlearn-live ' + live)].map(
            a => [a.textContent, a.getAttribute('href')]),
    };
}"""


def book_pages(html: Path) -> list[str]:
    """Every HTML page of the built book, the generated ones (index, search) included; not the
    live lab's (tests/book/test_live_lab.py), nor the theme's templates in a ``_static/`` (the
    Korean edition's ``ko/_static/`` too)."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(html).parts)
        and p.relative_to(html).parts[0] != LAB_DIR
    )


REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.I)


@pytest.fixture(scope="module")
def offline(built_book, chromium_context):
    """(base URL, open): the built book on 127.0.0.1; ``open(page_path)`` loads one page in a
    new tab with every non-local request blocked and returns (report, console, blocked)."""
    with static_server(built_book) as base:

        def open_page(path: str, width: int = VIEWPORT["width"]):
            page = chromium_context.new_page()
            page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
            blocked = local_only(page, base)
            console = Console().watch(page)
            page.goto(f"{base}/{path}", wait_until="load")
            redirect = REFRESH.search((built_book / path).read_text(encoding="utf-8"))
            if redirect:  # index.html sends the reader to the first page
                page.wait_for_url(f"**/{redirect.group(1)}")
                page.wait_for_load_state("load")
            report = page.evaluate(_REPORT, [VIEW, LIVE])
            return page, report, console, blocked

        yield base, open_page


def unexplained(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(p.search(e) for p in EXPLAINED_CONSOLE_ERRORS)]


def test_every_page_is_checked(built_book):
    """The pages of _toc.yml are among the pages opened below (a renamed output would
    otherwise silently skip a chapter)."""
    assert {f"{name}.html" for name in toc_files()} <= set(book_pages(built_book))


@pytest.mark.parametrize("name", toc_files())
def test_toc_page_reads_offline(name, offline, screenshots):
    base, open_page = offline
    page, report, console, blocked = open_page(f"{name}.html")
    try:
        shot = screenshots / "book" / f"{name.replace('/', '-')}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        # a chapter page starts its demos' Python in a worker (book/live_demos.py): on a busy
        # machine the screenshot waits for the CPU
        page.screenshot(path=str(shot), full_page=True, timeout=180_000)
    finally:
        page.close()
    assert blocked == [], f"{name}: requests to the internet"
    assert console.failed == [], f"{name}: failed requests"
    assert report["typeset"] == report["math"], f"{name}: math left untypeset: {report}"
    assert report["texErrors"] == [], f"{name}: MathJax could not typeset this TeX"
    missing = [i["src"] for i in report["images"] if not i["loaded"]]
    assert missing == [], f"{name}: images not loaded"
    for k, widget in enumerate(report["widgets"], start=1):
        assert widget["rendered"] and widget["height"] > 0, f"{name}: widget {k} not rendered"
        if widget["sliders"]:
            assert widget["images"] > 0, f"{name}: demo {k} shows no picture"
            # live on the page itself (book/live_demos.py; tests/test_book_live_sliders.py)
            assert widget["enabled"] == widget["sliders"], f"{name}: demo {k} is not live"
            assert widget["links"] == report["top"], f"{name}: demo {k} lacks the live link"
    if name.startswith("chapters/"):
        assert report["math"] > 0 and report["widgets"], f"{name}: no math or no widget"
        lab = f"../lab/lab/index.html?path={Path(name).name}.ipynb"
        assert report["top"] == [[LINK_TEXT, lab]], f"{name}: no live link under the title"
    assert unexplained(console.errors) == [], f"{name}: console errors"


def test_generated_pages_read_offline(built_book, offline):
    """The index, search and other generated pages: no failed request, no console error."""
    base, open_page = offline
    pages = [p for p in book_pages(built_book) if p[: -len(".html")] not in toc_files()]
    assert pages, "the build made no generated page (genindex, search)"
    for path in pages:
        page, report, console, blocked = open_page(path)
        page.close()
        assert blocked == [] and console.failed == [], f"{path}: {blocked} {console.failed}"
        assert unexplained(console.errors) == [], f"{path}: console errors"


# Page side: every slider of the page's demos, as laid out: its track's width, whether its label
# is cut (text wider than its box), and whether it and its value lie within the demo's box.
_SLIDERS = """() => [...document.querySelectorAll('.widget-subarea .widget-slider')].map(s => {
    const box = r => r.getBoundingClientRect();
    const label = s.querySelector('.widget-label');
    const readout = s.querySelector('.widget-readout');
    const area = box(s.closest('.widget-subarea'));
    const inside = r => r.width > 0 && r.left >= area.left - 1 && r.right <= area.right + 1;
    return {
        label: label ? label.textContent : '',
        cut: label ? label.scrollWidth > label.clientWidth + 1 : false,
        track: box(s.querySelector('.noUi-target')).width,
        inside: inside(box(s)),
        value: readout ? readout.textContent : '',
        shown: readout ? inside(box(readout)) : false,
    };
})"""

# Page side: what a reader sees without opening a toggle. Every widget snapshot against the
# box it sits in (the cell's output, or the page's column); the text of every output shown
# (an output folded in a toggle is not rendered: checkVisibility() is false); and every
# attribute value that names another place (links, sources, form actions).
_LAYOUT = """() => {
    const box = e => e.getBoundingClientRect();
    const widgets = [...document.querySelectorAll('.widget-subarea')].map(area => {
        const holder = area.closest('.cell_output') || area.closest('article') || document.body;
        const outer = box(holder), own = box(area);
        const widest = Math.max(own.width, ...[...area.querySelectorAll('.jupyter-widgets')]
            .map(w => box(w).right - own.left));
        return {width: Math.round(widest), room: Math.round(outer.right - own.left),
                overflows: area.scrollWidth > area.clientWidth + 1};
    });
    const outputs = [...document.querySelectorAll(
            '.cell_output, .output, .widget-subarea .widget-output, .widget-subarea .widget-html')]
        .filter(e => e.checkVisibility()).map(e => e.innerText);
    const places = [];
    for (const e of document.querySelectorAll('[href], [src], [action], [data-url]')) {
        for (const a of ['href', 'src', 'action', 'data-url']) {
            if (e.hasAttribute(a)) places.push(e.getAttribute(a));
        }
    }
    return {widgets, outputs, places,
            tracebacks: [...document.querySelectorAll('.output.traceback, .output.error')]
                .filter(e => e.checkVisibility()).length};
}"""

MIN_TRACK_PX = 120
# What a reader must never see in an output without opening a toggle: a traceback, an
# exercise's stub failing, a payoff cell that waits for the reader's functions.
NOT_FOR_READERS = (
    "Traceback (most recent call last)",
    "NotImplementedError",
    "Skipped:",
    "then run this cell",
)
# Hosts that only stand for a real one in a configuration file (docs/instructors.md, "Launch
# buttons").
PLACEHOLDER_HOSTS = ("jupyterhub.example.org", "YOUR-GITHUB-ORG")
WIDTHS = (1280, 390)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", toc_files())
def test_page_holds_at_width(name, width, offline, screenshots):
    """Every page at a desktop width and a phone's: no widget wider than its box; a demo's
    slider labels never cut and every value shown (at 1280 px every track >= 120 px; at 390 px
    the controls wrap and a track may be shorter); no output a reader sees shows a traceback,
    a stub's NotImplementedError or a "Skipped:" message."""
    base, open_page = offline
    page, report, console, blocked = open_page(f"{name}.html", width=width)
    try:
        layout = page.evaluate(_LAYOUT)
        found = page.evaluate(_SLIDERS)
        slug = name.replace("/", "-")
        shot = screenshots / "pages" / str(width) / f"{slug}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        if found:
            demo = page.locator(".widget-subarea:has(.widget-slider)").first
            demo.screenshot(path=str(screenshots / "controls" / f"{width}-{Path(name).name}.png"))
    finally:
        page.close()
    where = f"{name} at {width} px"
    for k, w in enumerate(layout["widgets"], start=1):
        assert w["width"] <= w["room"] + 1 and not w["overflows"], (
            f"{where}: widget {k} is {w['width']} px wide in {w['room']} px"
        )
    for s in found:
        slider = f"{where}, slider {s['label']!r}"
        assert not s["cut"], f"{slider}: its label is cut"
        assert s["inside"] and s["shown"], f"{slider}: it or its value {s['value']!r} is cut off"
        if width >= 1280:
            assert s["track"] >= MIN_TRACK_PX, f"{slider}: track {s['track']:.0f} px"
    assert layout["tracebacks"] == 0, f"{where}: an error output is shown"
    for text in layout["outputs"]:
        for sign in NOT_FOR_READERS:
            assert sign not in text, f"{where}: an output shows {sign!r}: {text[:300]!r}"


@pytest.mark.parametrize("name", toc_files())
def test_no_link_to_a_placeholder_host(name, offline):
    """No link, source or form of a page (the launch buttons' included) goes to a host that
    only stands for a real one (a launch button is shown only once it is configured)."""
    base, open_page = offline
    page, report, console, blocked = open_page(f"{name}.html")
    try:
        places = page.evaluate(_LAYOUT)["places"]
    finally:
        page.close()
    placeholders = [u for u in places if any(h in u for h in PLACEHOLDER_HOSTS)]
    assert placeholders == [], f"{name}: links to a placeholder host"


def test_demo_controls_are_checked(offline):
    """The chapter pages have sliders for test_page_holds_at_width to measure (a change of the
    widget's markup would otherwise leave it measuring nothing)."""
    base, open_page = offline
    count = 0
    for name in toc_files():
        if name.startswith("chapters/"):
            page, report, console, blocked = open_page(f"{name}.html")
            count += len(page.evaluate(_SLIDERS))
            page.close()
    assert count > 0, "no slider found on the chapter pages"


# The sections whose figures and numbers only the reader's own functions (in the student
# edition) or the instructor's (in the book) compute; a section's id is its heading's anchor.
PAYOFF_SECTIONS = {
    "chapters/03_gradient_descent": ["your-gradient-descent-on-the-error-mountain"],
    "chapters/05_training_an_mlp": ["your-network-learns-xor", "a-loss-of-zero-is-not-the-goal"],
}

_PAYOFF = """(id) => {
    const section = document.getElementById(id);
    if (!section) return null;
    const outputs = [...section.querySelectorAll('.cell_output')]
        .filter(e => e.checkVisibility());
    return {
        images: outputs.flatMap(o => [...o.querySelectorAll('img')])
            .filter(i => i.complete && i.naturalWidth > 0).length,
        text: outputs.map(o => o.innerText).join('\\n'),
    };
}"""


@pytest.mark.parametrize("name", sorted(PAYOFF_SECTIONS))
def test_payoff_sections_show_their_results(name, offline):
    """The sections that run the exercises' functions show a reader who has solved nothing
    their figure and numbers (book/edition.py), not a request to solve the exercises first."""
    base, open_page = offline
    page, report, console, blocked = open_page(f"{name}.html")
    try:
        found = {id: page.evaluate(_PAYOFF, id) for id in PAYOFF_SECTIONS[name]}
    finally:
        page.close()
    for id, section in found.items():
        assert section is not None, f"{name}: no section #{id}"
        assert section["images"] >= 1, f"{name} #{id}: no figure shown"
        assert re.search(r"\d\.\d", section["text"]), f"{name} #{id}: no number shown"
        for sign in NOT_FOR_READERS:
            assert sign not in section["text"], f"{name} #{id}: shows {sign!r}"


# Page side: every display equation (MathJax's container, which scrolls sideways when its
# equation is wider than it) as laid out: its box, the width of its content, whether the box
# stays within the page, and the cue the book's math.css gives a box that scrolls.
_EQUATIONS = """() => [...document.querySelectorAll('mjx-container[display="true"]')].map(c => {
    const style = getComputedStyle(c);
    const box = c.getBoundingClientRect();
    const column = c.closest('article').getBoundingClientRect();
    return {
        tex: (c.closest('.math') || c).textContent.slice(0, 60),
        box: c.clientWidth,
        content: c.scrollWidth,
        inside: box.left >= column.left - 1 && box.right <= column.right + 1,
        scrolls: ['auto', 'scroll'].includes(style.overflowX),
        cue: style.backgroundImage.includes('gradient'),
    };
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_display_equations_fit(width, offline, screenshots):
    """At 1280 px every display equation fits its box, the text column (long ones are broken
    into aligned lines). At 390 px (a phone) an equation may be wider than the column: then it
    scrolls inside its own box, which stays within the page, and shows the shadow that says
    more of it is hidden (book/static/math.css); none is cut off without a cue."""
    base, open_page = offline
    checked, scrolling = 0, []
    for name in toc_files():
        page, report, console, blocked = open_page(f"{name}.html", width=width)
        try:
            found = page.evaluate(_EQUATIONS)
            wide = page.locator('mjx-container[display="true"]').all()
            for k, eq in enumerate(found):
                if eq["content"] > eq["box"] + 1 and len(scrolling) < 3:
                    wide[k].screenshot(
                        path=str(screenshots / "equations" / f"{width}-{len(scrolling)}.png")
                    )
                    scrolling.append(eq["tex"])
        finally:
            page.close()
        for eq in found:
            where = f"{name} at {width} px, equation {eq['tex']!r}"
            assert eq["inside"], f"{where}: its box sticks out of the text column"
            if width >= 1280:
                assert eq["content"] <= eq["box"] + 1, (
                    f"{where}: {eq['content']} px wide in a column of {eq['box']} px"
                )
            elif eq["content"] > eq["box"] + 1:
                assert eq["scrolls"] and eq["cue"], f"{where}: cut off, with no scroll and cue"
        checked += len(found)
    assert checked > 0, "no display equation found"


# Page side: every image of the page's text (figures, and the pictures in the widget
# snapshots): its pixels, its width on the page and the width its <img> asks for.
_IMAGES = """() => [...document.querySelectorAll('article img')].map(i => ({
    alt: i.alt.slice(0, 60),
    natural: i.naturalWidth,
    shown: i.getBoundingClientRect().width,
    asked: i.getAttribute('width') === null ? null : Number(i.getAttribute('width')),
}))"""


@pytest.mark.parametrize("width", [1280, 390])
def test_figures_are_sharp(width, offline):
    """Every figure has at least 2 image pixels per CSS pixel (sharp on a HiDPI screen:
    nnlearn.figures renders at SCALE 2). At 1280 px every figure is shown at the width it asks
    for, never scaled down, so its text keeps the size it is set in (tests/student/test_figures.py):
    the text column is as wide as the widest figure, nnlearn.figures.MAX_WIDTH."""
    from nnlearn.figures import DPI, MAX_WIDTH

    base, open_page = offline
    checked = 0
    for name in toc_files():
        page, report, console, blocked = open_page(f"{name}.html", width=width)
        try:
            found = page.evaluate(_IMAGES)
        finally:
            page.close()
        for image in found:
            where = f"{name} at {width} px, image {image['alt']!r}"
            assert image["shown"] > 0, f"{where}: not shown"
            assert image["natural"] >= 2 * image["shown"] - 1, (
                f"{where}: {image['natural']} px of image shown {image['shown']:.0f} px wide"
            )
            if width >= 1280 and image["asked"] is not None:
                assert image["asked"] <= round(MAX_WIDTH * DPI), f"{where}: wider than MAX_WIDTH"
                assert image["shown"] >= image["asked"] - 1, (
                    f"{where}: scaled down to {image['shown']:.0f} px from {image['asked']}"
                )
        checked += len(found)
    assert checked > 0, "no figure found"


def test_widget_icon_fonts_load_from_the_book(offline, chromium_context):
    """Every AMD module of the widget manager (base, controls, html-manager) loads the Font
    Awesome fonts it bundles from its own folder, _static/html-manager/: a widget icon shown on a
    chapter page (a busy slider's spinner, a button's icon) is fetched there, never 404s from a
    path relative to the page (chapters/@jupyter-widgets/...)."""
    base, _ = offline
    page = chromium_context.new_page()
    try:
        blocked = local_only(page, base)
        console = Console().watch(page)
        fonts: list[str] = []
        page.on("request", lambda r: r.resource_type == "font" and fonts.append(r.url))
        # every font fetched again, whatever an earlier page of the session loaded
        chromium_context.new_cdp_session(page).send(
            "Network.setCacheDisabled", {"cacheDisabled": True}
        )
        page.goto(f"{base}/chapters/05_training_an_mlp.html", wait_until="load")
        page.evaluate(_REPORT, [VIEW, LIVE])  # every widget rendered
        for module in ("base", "controls", "html-manager"):
            url = page.evaluate(
                f"() => new URL(require.toUrl('@jupyter-widgets/{module}'), document.baseURI).href"
            )
            assert url.startswith(f"{base}/_static/html-manager/"), (module, url)
        page.evaluate(
            """async () => {
                const icon = document.createElement('i');
                icon.className = 'fa fa-spinner';
                document.querySelector('.widget-subarea').prepend(icon);
                await new Promise(r => setTimeout(r, 1000));
                await document.fonts.ready;
            }"""
        )
        widget_fonts = [u for u in fonts if u.startswith(f"{base}/_static/html-manager/")]
        assert widget_fonts, f"no widget icon font was requested: {fonts}"
        assert all(u.startswith(f"{base}/_static/") for u in fonts), fonts
        assert console.failed == [] and blocked == [], (console.failed, blocked)
    finally:
        page.close()
