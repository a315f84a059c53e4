"""Every slider of the static book is live on its page (book/live_demos.py, book/live/README.md).

On the built book, served from 127.0.0.1 with every other request blocked, in headless Chromium:
for every chapter page, every slider of every demo is moved one step with the keyboard, and

- at the first painted frame after the key press the demo's figure is either the new picture or
  marked "drawing…" (never the old picture, unmarked, beside the moved slider);
- a new picture arrives, different from the one before;
- it is the picture the demo's Python draws for the values the page's sliders now hold, byte for
  byte: the demo is made again in Pyodide under Node (the same Pyodide files as the page,
  started the way the lab starts, its matplotlib making its own font list), from the
  description the page carries, its sliders set to those values through ipywidgets
  (``Demo._on_change`` -> ``update`` -> ``FigureView.refresh``). That description must make the
  demo of the page's snapshot: made here, in CPython, it draws the snapshot's picture byte for
  byte;
- no request leaves 127.0.0.1, none fails, and the console shows no error.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.browser import Console, local_only, static_server, toc_chapters, unexpected

from nnlearn.demos import live

pytestmark = [pytest.mark.slow, pytest.mark.browser]

HANDLE = '.noUi-handle[role="slider"]'
LIVE_DEMO = "[data-nnlearn-live]"
STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)

# Page side, before a key press on `handle`: resolve, at the first frame painted after the
# press, with whether the demo showed a new picture or its "drawing…" mark (true) or its old
# picture unmarked (false).
_ARM = """handle => {
    const demo = handle.closest('[data-nnlearn-live]');
    const src = () => demo.querySelector('img').src;
    const before = src();
    window.__nnlearnTruthful = new Promise(resolve => {
        document.addEventListener('keydown', () => requestAnimationFrame(() => resolve(
            src() !== before || demo.querySelector('.nnlearn-drawing') !== null)),
            {capture: true, once: true});
    });
}"""

# Page side: whether the demo shows the picture of its sliders' values (nothing asked, nothing
# marked), and how many pictures the worker has sent it.
_SETTLED = """([demo, frames]) => {
    const live = demo.nnlearnDemo;
    return live.state === 'live' && live.shown === live.wanted && !live.busy
        && demo.querySelector('.nnlearn-drawing') === null
        && Number(demo.getAttribute('data-nnlearn-frames') || 0) > frames;
}"""


# Node's side of the reference: Pyodide from the built lab, then one JSON line per request on
# stdin ({"recipe", "values"}), one JSON line with the figure's HTML on stdout.
_REFERENCE = r"""
const { loadPyodide } = require(process.argv.at(-1) + "pyodide.js");
const readline = require("readline");
(async () => {
  const pyodide = await loadPyodide({ indexURL: process.argv.at(-1), packages: ["nnlearn"] });
  pyodide.runPython(`
import json
from nnlearn.demos import live
demos = {}
def draw(request):
    request = json.loads(request)
    recipe = request["recipe"]
    if recipe not in demos:
        demos[recipe] = live.build(recipe)
    demo = demos[recipe]
    for slider, value in zip(demo.sliders, request["values"], strict=True):
        if "index" in value:
            slider.index = value["index"]
        else:
            slider.value = value["value"]
    return demo.view.widget.value
`);
  const draw = pyodide.globals.get("draw");
  for await (const line of readline.createInterface({ input: process.stdin })) {
    process.stdout.write(JSON.stringify(draw(line)) + "\n");
  }
})();
"""


class Reference:
    """The demos' Python in Pyodide under Node: :meth:`draw` returns a demo's figure HTML for
    given slider values."""

    def __init__(self, pyodide: Path):
        node = shutil.which("node")
        assert node, "the reference pictures need Node (it also builds the lab: npm)"
        self.process = subprocess.Popen(
            [node, "-e", _REFERENCE, str(pyodide) + "/"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def draw(self, description: dict, values: list[dict]) -> str:
        request = {"recipe": json.dumps(description), "values": values}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the reference (Pyodide under Node) stopped"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def reference(built_book):
    drawer = Reference(built_book / "lab" / "static" / "pyodide")
    yield drawer
    drawer.close()


def page_config(page) -> dict:
    return json.loads(page.locator("#nnlearn-live-demos").text_content())


def snapshot(html: Path) -> dict:
    """The page's widget state: model id -> state."""
    state = json.loads(STATE.search(html.read_text(encoding="utf-8")).group(1))
    return {key: model["state"] for key, model in state["state"].items()}


def press(page, output, handle, key: str) -> tuple[bool, str]:
    """Press ``key`` on a slider handle; wait for the demo's new picture. Returns whether the
    first painted frame was truthful and the figure widget's HTML once the new picture is in
    (its model's value, which the page shows)."""
    frames = int(output.get_attribute("data-nnlearn-frames") or 0)
    page.evaluate(_ARM, handle.element_handle())
    handle.press(key)
    truthful = page.evaluate("() => window.__nnlearnTruthful")
    page.wait_for_function(_SETTLED, arg=[output.element_handle(), frames], timeout=180_000)
    html = output.evaluate("o => o.nnlearnDemo.figure.get('value')")
    shown = output.locator("img").first.get_attribute("src")
    assert f'src="{shown}"' in html, "the page shows another picture than its figure widget holds"
    return truthful, html


def check_page(context, html: Path, chapter: str, reference: Reference) -> int:
    """Move every slider of a chapter page once; return how many were moved."""
    moved = []
    with static_server(html) as base:
        page = context.new_page()
        blocked = local_only(page, base)
        console = Console().watch(page)
        try:
            name = f"chapters/{chapter}.html"
            page.goto(f"{base}/{name}", wait_until="load")
            config = page_config(page)
            saved = snapshot(html / name)
            outputs = page.locator(LIVE_DEMO)
            page.wait_for_function(
                f"n => document.querySelectorAll('{LIVE_DEMO}').length === n",
                arg=len(config["demos"]),
                timeout=60_000,
            )
            for k, description in enumerate(config["demos"]):
                output = outputs.nth(k)
                demo = live.build(json.dumps(description))
                assert demo.view.widget.value == saved[description["figure"]]["value"], (
                    f"{name} demo {k + 1}: its description does not make the page's demo"
                )
                handles = output.locator(HANDLE)
                assert handles.count() == len(demo.sliders) > 0
                for i in range(handles.count()):
                    handle = handles.nth(i)
                    old = output.evaluate("o => o.nnlearnDemo.values()")
                    before = output.locator("img").first.get_attribute("src")
                    at_max = float(handle.get_attribute("aria-valuenow")) >= float(
                        handle.get_attribute("aria-valuemax")
                    )
                    truthful, shown = press(
                        page, output, handle, "ArrowLeft" if at_max else "ArrowRight"
                    )
                    where = f"{name} demo {k + 1} slider {i + 1}"
                    assert truthful, f"{where}: the old picture beside the moved slider"
                    assert output.locator("img").first.get_attribute("src") != before, (
                        f"{where}: the picture did not change"
                    )
                    new = output.evaluate("o => o.nnlearnDemo.values()")
                    assert new != old, f"{where}: the key did not move the slider"
                    moved.append((where, description, new, shown))
        finally:
            page.close()
        assert blocked == [], f"{chapter}: requests to the internet: {blocked}"
        failed = unexpected(console.failed)
        assert failed == [], f"{chapter}: failed requests: {failed}"
        assert console.errors == [], f"{chapter}: console errors: {console.errors}"
    for where, description, values, shown in moved:
        expected = reference.draw(description, values)
        assert shown == expected, f"{where}: not the picture the demo draws for {values}"
    return len(moved)


@pytest.mark.parametrize("chapter", toc_chapters())
def test_every_slider_redraws_on_the_page(chapter, built_book, chromium_context, reference):
    assert check_page(chromium_context, built_book, chapter, reference) > 0
