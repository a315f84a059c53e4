"""Driving the book's live lab (JupyterLite, book/lite/) in Chromium, as a reader would.

Shared by tests/book/test_live_lab.py and benchmarks/live_lab.py. A reader opens a chapter page of
the built book, follows its link "Run this chapter live in your browser", and uses the lab's
menus (Run > Run All Cells) and keyboard; nothing here calls JupyterLab's JavaScript API (the
lab does not expose it). The lab's page is JupyterLab's, so tests/support/browser.py finds its
demos, sliders and pictures.

``Network`` watches a browser context: it lets requests to the book's own server through and
aborts and records every other one (a CDN, any host but 127.0.0.1), and records failed
requests; the lab's web worker (the Pyodide kernel) and service worker go through it too. It
keeps what the pages and their web workers log.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from .browser import IDLE, wait_for_run

LIVE_LINK = "p.nnlearn-live a.nnlearn-live-link"  # book/live_lab.py
CAPTION_LINK = ".widget-subarea a.nnlearn-live-link"  # in each demo's caption, book side
CELL = ".jp-Notebook .jp-Cell"
KERNEL_TIMEOUT = 180_000  # ms: a cold Pyodide kernel on a busy 2-core machine
RUN_TIMEOUT = 300_000


@dataclass
class Network:
    """What the pages of a context asked for: requests off the machine (aborted) and requests
    that failed, kept as ``url: reason``."""

    base: str
    off_machine: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    fetched: int = 0  # bytes of the responses received from the book's server
    worker_log: list[str] = field(default_factory=list)  # what the pages' workers logged
    page_log: list[str] = field(default_factory=list)  # what the pages logged

    def watch(self, context) -> Network:
        context.route("**/*", self._route)
        return self

    def unwatch(self, context) -> None:
        context.unroute("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base + "/"):
            route.continue_()
        elif url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.off_machine.append(url)
            route.abort()

    def watch_page(self, page) -> None:
        page.on("requestfailed", lambda r: self._failed(r.url, r.failure))
        page.on("response", lambda r: r.status >= 400 and self._failed(r.url, r.status))
        page.on("worker", lambda w: w.on("console", lambda m: self.worker_log.append(m.text)))
        page.on("console", lambda m: self.page_log.append(m.text))

    def _failed(self, url: str, reason) -> None:
        if url.startswith(self.base + "/"):
            self.failed.append(f"{url}: {reason}")


def follow_live_link(page, book: str, chapter: str) -> str:
    """Open the chapter's page in the book, click its live link; return the link's URL once
    the lab shows the notebook."""
    # the other tabs' kernels may be starting: on a busy 2-core machine the page's load can take
    # longer than Playwright's default 30 s
    page.goto(f"{book}/chapters/{chapter}.html", timeout=KERNEL_TIMEOUT)
    link = page.locator(LIVE_LINK)
    href = link.get_attribute("href")
    link.click()
    page.wait_for_selector(CELL, timeout=KERNEL_TIMEOUT)
    return href


def wait_for_kernel(page, timeout: float = KERNEL_TIMEOUT) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)


def menu(page, top: str, item: str) -> None:
    """Click a menu of the lab's menu bar, then one of its items (by their exact labels)."""
    page.click(f'.lm-MenuBar-itemLabel:text-is("{top}")')
    page.click(f'.lm-Menu-itemLabel:text-is("{item}")')


def run_all(page, timeout: float = RUN_TIMEOUT) -> None:
    """Run > Run All Cells; wait until no cell is queued or running and the kernel is idle."""
    menu(page, "Run", "Run All Cells")
    wait_for_run(page, timeout)


def unexecuted_cells(page) -> list[str]:
    """The start of every code cell with a statement that has no execution count."""
    cells = page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')].map(c => [
            c.querySelector('.jp-InputPrompt')?.textContent ?? '',
            [...c.querySelectorAll('.cm-line')].map(l => l.textContent)])"""
    )
    found = []
    for prompt, lines in cells:
        code = [line for line in lines if line.strip() and not line.strip().startswith("#")]
        if code and not re.search(r"\[\d+\]", prompt):
            found.append(code[0][:60])
    return found


def outputs(page, index: int) -> str:
    """The text of the outputs of the notebook's cell ``index`` (0-based, notebook order)."""
    return page.locator(CELL).nth(index).locator(".jp-OutputArea").inner_text()


def errors(page) -> list[str]:
    """The tracebacks and stderr outputs of the notebook, as text."""
    return page.eval_on_selector_all(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
        "nodes => nodes.map(n => n.textContent.slice(0, 300))",
    )


def replace_and_run(page, index: int, source: str, then: int) -> None:
    """Put ``source`` into the code cell ``index`` as a student would (select all, type), run
    it (Shift+Enter), then run cell ``then`` (its check) the same way."""
    cell = page.locator(CELL).nth(index)
    cell.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(source)  # as typed, without the editor's auto-indentation
    page.keyboard.press("Shift+Enter")
    check = page.locator(CELL).nth(then)
    check.locator(".cm-content").click()
    page.keyboard.press("Escape")  # command mode: Shift+Enter runs the cell
    page.keyboard.press("Shift+Enter")


def wait_for_output(page, index: int, pattern: str, timeout: float = 60_000) -> str:
    """Wait until cell ``index`` has run and its output matches ``pattern``; return the text."""
    deadline = time.monotonic() + timeout / 1000
    text = ""
    while time.monotonic() < deadline:
        prompt = page.locator(CELL).nth(index).locator(".jp-InputPrompt").inner_text()
        text = outputs(page, index)
        if "*" not in prompt and re.search(pattern, text):
            return text
        page.wait_for_timeout(200)
    raise AssertionError(f"cell {index}: no output matching {pattern!r}; it shows:\n{text}")
