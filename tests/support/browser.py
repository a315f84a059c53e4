"""Real-browser helpers, shared by the browser tests and the responsiveness benchmark.

Debian's ``chromium`` driven by Playwright for Python (never ``playwright install``: it cannot
download here), a JupyterLab server and a static file server bound to 127.0.0.1, and the
page-side code that finds every slider of a notebook, moves it with the keyboard and times the
redraw of the plot it drives.

Nothing here depends on how many sliders a demo has: a *demo* is one widget output of a cell
(``DEMO``), a *slider* is any slider handle inside it (``HANDLE``), and the *plot* is every
``<img>`` inside that output.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, installed by .ci/run
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}

# A slider handle of an ipywidgets 8 slider (noUiSlider); ArrowLeft/ArrowRight move it one step.
HANDLE = '.noUi-handle[role="slider"]'
# One output of a notebook cell in JupyterLab that holds a widget: a demo, with its sliders and
# its plot.
DEMO = ".jp-OutputArea-output:has(.jupyter-widgets)"
# The kernel status in JupyterLab's status bar ("Python 3 (ipykernel) | Idle").
IDLE = "#jp-main-statusbar >> text=Idle"

SCREENSHOTS = REPO / "screenshots"


def toc_files() -> list[str]:
    """Every page of the book, in the order of _toc.yml (the root page, parts and sections
    included)."""
    text = (REPO / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*(?:-\s*)?(?:root|file):\s*(\S+)", text, re.M)


def toc_chapters() -> list[str]:
    """The chapter notebooks of the book (``04_backpropagation``, ...), in book order."""
    return [Path(f).name for f in toc_files() if f.startswith("chapters/")]


# --- processes ------------------------------------------------------------------------------


@contextlib.contextmanager
def chromium(extra_args: tuple[str, ...] = ()) -> Iterator:
    """A headless Chromium (a Playwright BrowserContext) with a fresh profile; closed after.
    ``extra_args``: command-line switches added to CHROMIUM_ARGS."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise RuntimeError(
            f"{CHROMIUM} not found: `apt-get install chromium fonts-dejavu-core fonts-noto-cjk` "
            "(what .ci/run installs)"
        )
    with (
        tempfile.TemporaryDirectory(prefix="nnlearn-chromium-") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*CHROMIUM_ARGS, *extra_args],
            viewport=VIEWPORT,
            locale="en-US",
        )
        try:
            yield context
        finally:
            context.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def static_server(root: Path, sent: list[int] | None = None) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; yield its base URL. With
    ``sent``, the bytes of every response body are appended to it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def copyfile(self, source, outputfile) -> None:
            start = source.tell()
            super().copyfile(source, outputfile)
            if sent is not None:
                sent.append(source.tell() - start)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# JupyterLab user settings for the test server: no news or update checks (requests to the
# internet), and every cell attached to the page so that all outputs can be found.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path
    process: subprocess.Popen = field(repr=False)

    def notebook_url(self, name: str) -> str:
        # A workspace of its own per notebook: nothing is restored from an earlier page.
        return f"{self.url}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={self.token}"

    def api(self, path: str, method: str = "GET") -> dict:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body else {}


@contextlib.contextmanager
def jupyterlab(root: Path, timeout: float = 120) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 with a random token, serving ``root``; shut down after, kernels
    included. Its own settings, workspaces and runtime folders, removed after (its log too)."""
    home = Path(tempfile.mkdtemp(prefix="nnlearn-lab-"))
    for name, settings in LAB_SETTINGS.items():
        path = home / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        IPYTHONDIR=str(home / "ipython"),
    )
    token, port = secrets.token_hex(16), free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        # window.jupyterapp: the tests run JupyterLab commands (Run All) by their id.
        "--LabApp.expose_app_in_browser=True",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = home / "jupyterlab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    lab = Lab(f"http://127.0.0.1:{port}", token, root, log, process)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                lab.api("/api/status")
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield lab
    finally:
        _stop(lab)
        shutil.rmtree(home, ignore_errors=True)


def _stop(lab: Lab) -> None:
    """Shut the server down (it shuts its kernels down), then make sure its process group, the
    one it was started in, is gone."""
    with contextlib.suppress(OSError):
        lab.api("/api/shutdown", method="POST")
    try:
        lab.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        lab.process.terminate()
        try:
            lab.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            lab.process.kill()
            lab.process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(lab.process.pid, signal.SIGKILL)  # kernels left behind, if any


# --- pages ----------------------------------------------------------------------------------


# Failed requests that are known and say nothing about the page under test: the live demos'
# worker fetching Pyodide a screen ahead, cancelled when a test leaves the page.
KNOWN_FAILURES = re.compile(r"/lab/static/pyodide/[\w.-]+: net::ERR_ABORTED$")


def local_only(page, base: str) -> list[str]:
    """Let ``page`` load only what ``base`` (the server on 127.0.0.1) serves; every other request
    is aborted and listed in the returned list (filled as the page loads)."""
    blocked: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(base + "/"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


def unexpected(failed: list[str]) -> list[str]:
    """The failed requests of ``failed`` that are not :data:`KNOWN_FAILURES`."""
    return [f for f in failed if not KNOWN_FAILURES.search(f)]


@dataclass
class Console:
    """What a page reported: console errors, uncaught exceptions, failed requests."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, page) -> Console:
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on(
            "response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: {r.status}")
        )
        return self


def open_notebook(page, lab: Lab, name: str, timeout: float = 60_000) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle."""
    page.goto(lab.notebook_url(name))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)


def run_all(page, timeout: float = 120_000) -> bool:
    """Run > Run All Cells; wait until no cell is queued or running and the kernel is idle.
    Returns JupyterLab's answer: False when a cell raised (the cells after it do not run)."""
    ok = page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")
    wait_for_run(page, timeout)
    return bool(ok)


def wait_for_run(page, timeout: float = 120_000) -> None:
    """Wait until no cell is queued or running (its prompt shows '*') and the kernel is idle."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
                    .every(p => !p.textContent.includes('*'))""",
        timeout=timeout,
        polling=100,
    )
    page.wait_for_selector(IDLE, timeout=timeout)


def unexecuted_cells(page) -> list[str]:
    """The start of every code cell with code that has no execution count."""
    return page.eval_on_selector_all(
        ".jp-CodeCell",
        """cells => cells
            .map(c => [c.querySelector('.jp-InputPrompt').textContent,
                       (c.querySelector('.cm-content')?.textContent ?? '').trim()])
            .filter(([prompt, code]) => code !== '' && !/\\[\\d+\\]/.test(prompt))
            .map(([prompt, code]) => code.slice(0, 60))""",
    )


def cell_errors(page) -> list[str]:
    """Error and stderr outputs of the notebook, as text."""
    return page.eval_on_selector_all(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
        ".jp-OutputArea-output.jp-mod-error, .jp-RenderedText[data-mime-type*=error]",
        "nodes => nodes.map(n => n.textContent.slice(0, 500))",
    )


@dataclass
class Slider:
    demo: int  # index of the demo (widget output) in the notebook
    index: int  # index of the slider within its demo
    locator: object  # Playwright locator of the handle
    label: str = ""  # the slider's description ("w5")

    @property
    def name(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"demo {self.demo + 1} slider {self.index + 1}{label}"

    def position(self) -> tuple[float, float, float]:
        """(value, minimum, maximum), as the handle announces them to screen readers."""
        return tuple(
            float(self.locator.get_attribute(f"aria-value{a}")) for a in ("now", "min", "max")
        )

    @property
    def slug(self) -> str:
        return f"demo-{self.demo + 1}-slider-{self.index + 1}"


def sliders(page, demo: str = DEMO) -> list[Slider]:
    """Every slider handle of every demo on the page, in page order (``demo``: the selector of
    a demo's element; JupyterLab's by default)."""
    found = []
    demos = page.locator(demo)
    for d in range(demos.count()):
        handles = demos.nth(d).locator(HANDLE)
        for i in range(handles.count()):
            label = handles.nth(i).evaluate(
                "h => h.closest('.widget-slider')?.querySelector('.widget-label')"
                "?.textContent.trim() ?? ''"
            )
            found.append(Slider(d, i, handles.nth(i), label))
    return found


# Page side: remember the images of the slider's demo, then resolve with the milliseconds from
# the next key press to the moment a changed image has been decoded (the new plot is on the page).
_ARM = """([handle, demoSelector, timeout]) => {
    const demo = handle.closest(demoSelector);
    const sources = () => [...demo.querySelectorAll('img')].map(i => i.src).join('\\n');
    const before = sources();
    window.__nnlearnRedraw = new Promise(resolve => {
        let start = null;
        document.addEventListener('keydown', () => { start = performance.now(); },
                                  {capture: true, once: true});
        const observer = new MutationObserver(async () => {
            if (start === null || sources() === before) return;
            observer.disconnect();
            await Promise.all([...demo.querySelectorAll('img')].map(
                i => i.decode().catch(() => null)));
            resolve(performance.now() - start);
        });
        observer.observe(demo, {subtree: true, childList: true, attributes: true,
                                characterData: true});
        setTimeout(() => { observer.disconnect(); resolve(null); }, timeout);
    });
}"""


def step_key(slider: Slider) -> str:
    """ArrowRight, or ArrowLeft when the slider is at its maximum."""
    value, _, high = slider.position()
    return "ArrowLeft" if value >= high else "ArrowRight"


def bounce(slider: Slider, key: str) -> str:
    """Keep the direction until the slider reaches an end, then turn around."""
    now, low, high = slider.position()
    if key == "ArrowRight" and now >= high:
        return "ArrowLeft"
    if key == "ArrowLeft" and now <= low:
        return "ArrowRight"
    return key


def move(
    page, slider: Slider, key: str | None = None, timeout: float = 10_000, demo: str = DEMO
) -> float | None:
    """Press an arrow key on the slider handle; return the milliseconds until its demo shows a
    new image, or None if no image changed within ``timeout`` ms."""
    key = key or step_key(slider)
    handle = slider.locator.element_handle()
    page.evaluate(_ARM, [handle, demo, timeout])
    slider.locator.press(key)
    return page.evaluate("() => window.__nnlearnRedraw")


def demo_images(page, slider: Slider) -> list[str]:
    return slider.locator.evaluate(
        "(h, sel) => [...h.closest(sel).querySelectorAll('img')].map(i => i.src)", DEMO
    )


def screenshot_demo(page, slider: Slider, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.locator(DEMO).nth(slider.demo).screenshot(path=str(path))


def press_times(
    page, slider: Slider, count: int, timeout: float = 10_000, demo: str = DEMO
) -> tuple[float | None, list[float]]:
    """Press an arrow key on the slider ``1 + count`` times, bouncing between its ends; return
    the milliseconds to the new image of the first press (it includes one-off costs) and of
    each later one, up to the first press that brought none."""
    key = bounce(slider, "ArrowRight")
    first = move(page, slider, key, timeout, demo)
    times = []
    for _ in range(count):
        key = bounce(slider, key)
        elapsed = move(page, slider, key, timeout, demo)
        if elapsed is None:
            break
        times.append(elapsed)
    return first, times


def every_slider_redraws(page, where: str, folder: Path, timeout: float = 10_000) -> None:
    """Press an arrow key on every slider of the page and assert that its demo shows a new
    picture (as many images as before, not the same); save the demo after each move in
    ``folder``. ``where`` names the page in the messages."""
    found = sliders(page)
    assert found, f"{where}: no slider demo found (every chapter has at least one)"
    for slider in found:
        before = demo_images(page, slider)
        assert before, f"{where} {slider.name}: its demo shows no image"
        key = step_key(slider)
        elapsed = move(page, slider, key, timeout)
        assert elapsed is not None, f"{where} {slider.name}: no new image after {key}"
        after = demo_images(page, slider)
        assert after != before and len(after) == len(before), (
            f"{where} {slider.name}: the plot did not change"
        )
        screenshot_demo(page, slider, folder / f"{slider.slug}.png")
